//! Font inspection and rewriting, for tassei's interpreter and pdf-extract.
//!
//! Every font a page uses gets a *plan*, and — only when the page is left to
//! pdf-extract — a new font object (the original objects are never
//! modified). The interpreter (`interp.rs`) reads the same widths
//! pdf-extract would read from that object ([`SimpleFont::widths`],
//! [`Synth::slot_advance`]); a font whose metrics only pdf-extract has
//! sends its pages to it ([`SimpleFont::fallback_reason`]).
//!
//! * simple fonts (Type1, TrueType, Type3) are copied with the entries that
//!   make `pdf-extract` 0.12.1 panic or misread repaired (unknown encoding
//!   names, malformed `/Differences`, `/Widths` that disagree with
//!   `/LastChar`, …); their strings pass unchanged, and their ToUnicode map is
//!   parsed by tassei (see `content.rs` for how the text reaches the output);
//! * composite (Type0) fonts are always *re-encoded*: tassei splits each shown
//!   string into codes with the font's real CMap (predefined CMaps such as
//!   `UniJIS-UCS2-H` or `90ms-RKSJ-H`, embedded CMaps, Identity), decodes them
//!   itself (ToUnicode first, then the CMap's own charset), and gives every
//!   distinct code a 2-byte *slot*. The content rewriter replaces the strings
//!   by slot strings, and the synthetic font handed to `pdf-extract` is an
//!   `Identity-H` font whose `/W` is keyed by slot. This sidesteps
//!   pdf-extract's panic on predefined CMaps, its broken embedded-CMap parser
//!   and its misreading of `/W` ranges (`first last width`).

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::cidmetrics::{parse_w, parse_w2};
use super::cmap::{self, CodeScheme, Predefined};
use super::collections::{self, Collection};
use super::streams::Budget;

/// Index of a plan in [`FontTable`].
pub(crate) type PlanId = usize;

/// What tassei does with one font.
pub(crate) enum PlanKind {
    /// Sanitized copy; strings unchanged.
    Simple(Box<SimpleFont>),
    /// Re-encoded into slots.
    Synthetic(Box<Synth>),
    /// The font's text cannot be decoded; the reason completes the sentence
    /// "font F1 on page 2 …".
    Broken(String),
}

pub(crate) struct FontPlan {
    /// Resource name in the rewritten page resources.
    pub(crate) res_name: Vec<u8>,
    pub(crate) kind: PlanKind,
}

/// A repaired simple font. Its ToUnicode map (parsed by tassei) is kept
/// apart and not given to pdf-extract.
pub(crate) struct SimpleFont {
    dict: Dictionary,
    to_unicode: Option<Vec<String>>,
    /// The advance of every code, in glyph-space units, exactly as
    /// pdf-extract reads it from `dict` (`/FirstChar`, `/Widths` as `f32`,
    /// `/MissingWidth` outside them), or for a standard-14 font without
    /// `/Widths` the AFM widths pdf-extract uses, learned once
    /// (`calibrate.rs`); `None` when neither is known.
    widths: Option<Box<[f64; 256]>>,
    /// What keeps tassei's interpreter from standing in for pdf-extract
    /// on a page that selects this font, if anything (see
    /// [`SimpleFont::fallback_reason`]).
    backend_only: Option<&'static str>,
    /// What pdf-extract makes of the font (`calibrate.rs`), learned the
    /// first time it is needed: AFM widths when `widths` is `None`, the
    /// text of each code when there is no ToUnicode map.
    calibrated: std::cell::OnceCell<Option<super::calibrate::Calibrated>>,
}

impl SimpleFont {
    /// The advance of each code (see the field), when tassei knows it.
    pub(crate) fn widths(&self) -> Option<&[f64; 256]> {
        self.widths
            .as_deref()
            .or_else(|| self.calibration().map(|c| &*c.widths))
    }

    /// pdf-extract's view of the font, learned on first use (never for a
    /// font only pdf-extract may read).
    fn calibration(&self) -> Option<&super::calibrate::Calibrated> {
        if self.backend_only.is_some() {
            return None;
        }
        self.calibrated
            .get_or_init(|| super::calibrate::backend_metrics(&self.dict))
            .as_ref()
    }

    /// Why a page that selects this font must be read by pdf-extract
    /// rather than by tassei's interpreter (`interp.rs`), when it must:
    /// `shows` tells whether the page shows any code with it. A font only
    /// selected matters too, because pdf-extract builds (and may panic on)
    /// every font a `Tf` names.
    pub(crate) fn fallback_reason(&self, shows: bool) -> Option<&'static str> {
        if let Some(why) = self.backend_only {
            return Some(why);
        }
        if shows && self.widths().is_none() {
            return Some(
                "a standard-14 font without /Widths whose metrics could not be learned from pdf-extract",
            );
        }
        None
    }

    /// The text of a code: its ToUnicode entry, else the text pdf-extract
    /// gives it (when learned, possibly empty); `None`: ask the backend.
    pub(crate) fn text(&self, code: u8) -> Option<&str> {
        match &self.to_unicode {
            Some(t) => Some(t[code as usize].as_str()).filter(|t| !t.is_empty()),
            None => self.calibration().map(|c| c.texts[code as usize].as_str()),
        }
    }
}

/// A re-encoded composite font.
pub(crate) struct Synth {
    scheme: CodeScheme,
    to_unicode: Option<HashMap<u32, String>>,
    w_single: HashMap<u32, f64>,
    w_ranges: Vec<(u32, u32, f64)>,
    dw: f64,
    /// Slot of each (code, code length), keyed by [`slot_key`].
    slots: HashMap<u64, u16, BuildCodeHasher>,
    slot_text: Vec<String>,
    slot_width: Vec<f64>,
    /// Descendant font dictionary without `/W`, `/DW`.
    descendant: Dictionary,
    base_font: Vec<u8>,
    /// The predefined encoding CMap (`UniJIS-UCS2-H`, `90ms-RKSJ-V`, …)
    /// from Adobe's cmap-resources, for the CIDs of codes: their widths,
    /// and their text through the collection.
    predefined: Option<std::sync::Arc<collections::Predefined>>,
    /// The character collection of the descendant font, for codes neither
    /// the ToUnicode map nor the encoding decodes.
    collection: Option<Collection>,
    /// Vertical writing (`Identity-V`, a `-V` CMap, `/WMode 1`).
    pub(crate) vertical: bool,
    /// Vertical metrics: `/DW2` (`vy`, `w1y`) and the `/W2` entries
    /// (`w1y`, `vx`, `vy`) by CID, in glyph-space units.
    dw2: (f64, f64),
    w2: HashMap<u32, (f64, f64, f64)>,
    /// Vertical metrics of each slot (`w1y`, `vx`, `vy`), for vertical fonts.
    slot_vmetrics: Vec<(f64, f64, f64)>,
    /// Codes that had no Unicode.
    pub(crate) undecoded: usize,
}

/// The key of a code of `len` bytes in [`Synth`]'s slot map.
#[inline]
fn slot_key(code: u32, len: usize) -> u64 {
    (code as u64) << 8 | (len as u64 & 0xFF)
}

/// A hasher for the slot map: one multiply-xorshift per key. The slot
/// lookup runs once per shown code, and SipHash (the default, resistant to
/// hash flooding) cost a tenth of the PDF stage there; a page can at worst
/// make its own lookups slower.
#[derive(Default, Clone, Copy)]
pub(crate) struct CodeHasher(u64);

impl std::hash::Hasher for CodeHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }

    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type BuildCodeHasher = std::hash::BuildHasherDefault<CodeHasher>;

/// One code of a transcoded string.
#[derive(Clone, Copy)]
pub(crate) struct Slot {
    pub(crate) slot: u16,
    /// A one-byte code 32 (word spacing applies to it).
    pub(crate) is_space: bool,
}

impl Synth {
    /// The text of a slot (empty when undecodable).
    pub(crate) fn slot_text(&self, slot: u16) -> &str {
        self.slot_text
            .get((slot as usize).wrapping_sub(1))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The advance of a slot in glyph-space units, as pdf-extract reads it
    /// from the synthetic font's `/W` (an `f32`, see `materialize`), or its
    /// `/DW` (an integer) for a slot the page does not show.
    #[inline]
    pub(crate) fn slot_advance(&self, slot: u16) -> f64 {
        match self.slot_width.get((slot as usize).wrapping_sub(1)) {
            Some(&w) => w as f32 as f64,
            None => self.dw.round() as i64 as f64,
        }
    }

    /// The vertical metrics of a slot (`w1y`, `vx`, `vy` in glyph-space
    /// units): the advance down the column (negative), and the position of
    /// the glyph's vertical origin from its horizontal one.
    #[inline]
    pub(crate) fn slot_vmetrics(&self, slot: u16) -> (f64, f64, f64) {
        match self.slot_vmetrics.get((slot as usize).wrapping_sub(1)) {
            Some(&m) => m,
            None => (self.dw2.1, self.dw / 2.0, self.dw2.0),
        }
    }

    /// The CID a code selects, when known.
    fn cid(&self, code: u32, len: usize) -> Option<u32> {
        match &self.scheme {
            CodeScheme::Identity => Some(code),
            CodeScheme::Embedded(cm) => cm.cid(code, len),
            _ => self.predefined.as_ref().and_then(|p| p.cid(code, len)),
        }
    }

    /// The text of a code: its ToUnicode entry, else what the encoding
    /// says (the Unicode and legacy-charset CMaps), else the character
    /// collection's entry for its CID; vertical forms made horizontal in a
    /// vertical font.
    fn decode(&self, code: u32, len: usize, cid: Option<u32>) -> String {
        let text = self
            .to_unicode
            .as_ref()
            .and_then(|m| m.get(&code).cloned())
            .filter(|t| !t.is_empty())
            .or_else(|| self.scheme.unicode(code, len))
            .or_else(|| collections::cid_to_unicode(self.collection?, cid?))
            .unwrap_or_default();
        if self.vertical {
            collections::horizontal(&text)
        } else {
            text
        }
    }

    /// Split `bytes` into codes and map each to its slot.
    pub(crate) fn transcode(&mut self, bytes: &[u8], out: &mut Vec<Slot>) {
        let mut i = 0;
        while i < bytes.len() {
            let (code, len) = self.scheme.next_code(&bytes[i..]);
            let len = len.max(1);
            i += len;
            let key = slot_key(code, len);
            let slot = match self.slots.get(&key) {
                Some(&s) => s,
                None => {
                    if self.slot_text.len() >= 0xFFFE {
                        continue;
                    }
                    let cid = self.cid(code, len);
                    let text = self.decode(code, len, cid);
                    if text.is_empty() {
                        self.undecoded += 1;
                    }
                    let width_cid = cid.or_else(|| self.scheme.cid_for_width(code, len));
                    let width = width_cid.and_then(|c| self.width_of(c)).unwrap_or(self.dw);
                    if self.vertical {
                        let m = width_cid.and_then(|c| self.w2.get(&c).copied()).unwrap_or((
                            self.dw2.1,
                            width / 2.0,
                            self.dw2.0,
                        ));
                        self.slot_vmetrics.push(m);
                    }
                    self.slot_text.push(text);
                    self.slot_width.push(width);
                    let s = self.slot_text.len() as u16; // slots start at 1
                    self.slots.insert(key, s);
                    s
                }
            };
            out.push(Slot {
                slot,
                is_space: len == 1 && code == 32,
            });
        }
    }

    fn width_of(&self, cid: u32) -> Option<f64> {
        if let Some(&w) = self.w_single.get(&cid) {
            return Some(w);
        }
        self.w_ranges
            .iter()
            .find(|&&(lo, hi, _)| lo <= cid && cid <= hi)
            .map(|&(_, _, w)| w)
    }
}

#[derive(Hash, PartialEq, Eq, Clone, Copy)]
enum FontKey {
    Obj(ObjectId),
    Direct(usize),
}

/// All font plans of a document, and the new objects they need.
pub(crate) struct FontTable {
    plans: Vec<FontPlan>,
    by_key: HashMap<FontKey, PlanId>,
    next_id: u32,
    /// New objects created so far.
    pub(crate) new_objects: Vec<(ObjectId, Object)>,
    /// Decoded-bytes budget of the document (every stream read goes through it).
    pub(crate) budget: Budget,
}

const CORE_FONTS: [&str; 14] = [
    "Courier",
    "Courier-Bold",
    "Courier-BoldOblique",
    "Courier-Oblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-BoldOblique",
    "Helvetica-Oblique",
    "Symbol",
    "Times-Bold",
    "Times-BoldItalic",
    "Times-Italic",
    "Times-Roman",
    "ZapfDingbats",
];

pub(super) fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(*r as f64),
        _ => None,
    }
}

pub(super) fn deref<'a>(doc: &'a Document, mut o: &'a Object) -> &'a Object {
    for _ in 0..8 {
        match o {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(t) => o = t,
                Err(_) => return &Object::Null,
            },
            _ => return o,
        }
    }
    &Object::Null
}

fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> &'a Object {
    d.get(key).map(|o| deref(doc, o)).unwrap_or(&Object::Null)
}

/// `o` with references resolved (one level into arrays), so that it can be
/// used outside `doc`.
fn self_contained(doc: &Document, o: &Object) -> Object {
    match deref(doc, o) {
        Object::Array(a) => Object::Array(a.iter().map(|x| deref(doc, x).clone()).collect()),
        other => other.clone(),
    }
}

fn name_str(o: &Object) -> Option<String> {
    o.as_name()
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

impl FontTable {
    pub(crate) fn new(doc: &Document, budget: Budget) -> FontTable {
        FontTable {
            plans: Vec::new(),
            by_key: HashMap::new(),
            next_id: doc.max_id + 1,
            new_objects: Vec::new(),
            budget,
        }
    }

    pub(crate) fn plan(&self, id: PlanId) -> &FontPlan {
        &self.plans[id]
    }

    pub(crate) fn plan_mut(&mut self, id: PlanId) -> &mut FontPlan {
        &mut self.plans[id]
    }

    /// The plan for the font resource value `value` (a reference or a dict).
    pub(crate) fn plan_for(&mut self, doc: &Document, value: &Object) -> PlanId {
        let key = match value {
            Object::Reference(id) => FontKey::Obj(*id),
            other => FontKey::Direct(other as *const Object as usize),
        };
        if let Some(&p) = self.by_key.get(&key) {
            return p;
        }
        let id = self.plans.len();
        let res_name = format!("TF{}", id).into_bytes();
        let plan = match deref(doc, value).as_dict() {
            Ok(dict) => self.make_plan(doc, dict, res_name),
            Err(_) => FontPlan {
                res_name,
                kind: PlanKind::Broken("is damaged (not a font dictionary)".into()),
            },
        };
        self.plans.push(plan);
        self.by_key.insert(key, id);
        id
    }

    fn make_plan(&mut self, doc: &Document, font: &Dictionary, res_name: Vec<u8>) -> FontPlan {
        let subtype = name_str(get(doc, font, b"Subtype")).unwrap_or_default();
        if subtype == "Type0" {
            match self.make_synth(doc, font) {
                Ok(s) => FontPlan {
                    res_name,
                    kind: PlanKind::Synthetic(Box::new(s)),
                },
                Err(why) => FontPlan {
                    res_name,
                    kind: PlanKind::Broken(why),
                },
            }
        } else {
            let simple = sanitize_simple(doc, font, &subtype, &self.budget);
            FontPlan {
                res_name,
                kind: PlanKind::Simple(Box::new(simple)),
            }
        }
    }

    fn make_synth(&mut self, doc: &Document, font: &Dictionary) -> Result<Synth, String> {
        let mut predefined = None;
        let mut vertical: bool;
        let mut cmap_name = None;
        let scheme = match get(doc, font, b"Encoding") {
            Object::Name(n) => {
                let name = String::from_utf8_lossy(n).into_owned();
                vertical = name.ends_with("-V") || name == "V";
                let scheme = match cmap::predefined(&name) {
                    Predefined::Known { scheme } => scheme,
                    Predefined::Unknown => {
                        return Err(format!("uses encoding '{name}' that tassei cannot decode"))
                    }
                };
                if !matches!(scheme, CodeScheme::Identity) {
                    predefined = collections::predefined_cmap(&name);
                }
                cmap_name = Some(name);
                scheme
            }
            Object::Stream(s) => {
                let bytes = self
                    .budget
                    .decode(s)
                    .map_err(|_| "has a damaged encoding CMap")?;
                let parsed = cmap::parse_cmap(&bytes);
                let embedded = parsed.into_embedded();
                vertical = embedded.vertical;
                if embedded.has_codespace() {
                    CodeScheme::Embedded(Box::new(embedded))
                } else {
                    let parent = embedded.parent.as_deref().unwrap_or_default();
                    vertical |= parent.ends_with("-V");
                    cmap_name = Some(parent.to_string());
                    match embedded.parent.as_deref().map(cmap::predefined) {
                        Some(Predefined::Known { scheme }) => {
                            if !matches!(scheme, CodeScheme::Identity) {
                                predefined = collections::predefined_cmap(parent);
                            }
                            scheme
                        }
                        _ => {
                            return Err(
                                "has an embedded encoding CMap that tassei cannot decode".into()
                            )
                        }
                    }
                }
            }
            _ => return Err("has no /Encoding".into()),
        };
        let descendant = match get(doc, font, b"DescendantFonts") {
            Object::Array(a) => a
                .first()
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok()),
            Object::Dictionary(d) => Some(d),
            _ => None,
        }
        .ok_or("is damaged (no descendant font)")?;
        let to_unicode = match get(doc, font, b"ToUnicode") {
            Object::Stream(s) => self
                .budget
                .decode(s)
                .ok()
                .map(|b| cmap::parse_cmap(&b).unicode)
                .filter(|m| !m.is_empty()),
            _ => None,
        };
        vertical |= predefined.as_ref().is_some_and(|p| p.vertical);
        let collection = match get(doc, descendant, b"CIDSystemInfo") {
            Object::Dictionary(csi) => {
                let field = |k: &[u8]| match get(doc, csi, k) {
                    Object::String(s, _) => s.clone(),
                    Object::Name(n) => n.clone(),
                    _ => Vec::new(),
                };
                Collection::from_system_info(&field(b"Registry"), &field(b"Ordering"))
            }
            _ => None,
        }
        .or_else(|| cmap_name.as_deref().and_then(Collection::of_cmap_name));
        let self_decoding = !matches!(scheme, CodeScheme::Identity | CodeScheme::Embedded(_));
        if to_unicode.is_none() && !self_decoding && collection.is_none() {
            return Err(
                "has no ToUnicode map and no known character collection (glyph ids only), so its text cannot be decoded".into(),
            );
        }
        let dw = num(get(doc, descendant, b"DW")).unwrap_or(1000.0);
        let (w_single, w_ranges) = parse_w(doc, get(doc, descendant, b"W"));
        let dw2 = match get(doc, descendant, b"DW2") {
            Object::Array(a) if a.len() == 2 => {
                match (num(deref(doc, &a[0])), num(deref(doc, &a[1]))) {
                    (Some(vy), Some(w1y)) => (vy, w1y),
                    _ => (880.0, -1000.0),
                }
            }
            _ => (880.0, -1000.0),
        };
        let w2 = if vertical {
            parse_w2(doc, get(doc, descendant, b"W2"))
        } else {
            HashMap::new()
        };
        let mut desc = Dictionary::new();
        desc.set("Type", Object::Name(b"Font".to_vec()));
        desc.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
        let base_font = get(doc, font, b"BaseFont")
            .as_name()
            .map(|n| n.to_vec())
            .unwrap_or_else(|_| b"Unknown".to_vec());
        desc.set("BaseFont", Object::Name(base_font.clone()));
        let mut csi = Dictionary::new();
        csi.set(
            "Registry",
            Object::String(b"Adobe".to_vec(), StringFormat::Literal),
        );
        csi.set(
            "Ordering",
            Object::String(b"Identity".to_vec(), StringFormat::Literal),
        );
        csi.set("Supplement", Object::Integer(0));
        desc.set("CIDSystemInfo", Object::Dictionary(csi));
        let mut fd = Dictionary::new();
        fd.set("Type", Object::Name(b"FontDescriptor".to_vec()));
        fd.set("FontName", Object::Name(base_font.clone()));
        fd.set("Flags", Object::Integer(4));
        desc.set("FontDescriptor", Object::Dictionary(fd));
        Ok(Synth {
            scheme,
            to_unicode,
            w_single,
            w_ranges,
            dw,
            slots: HashMap::default(),
            slot_text: Vec::new(),
            slot_width: Vec::new(),
            descendant: desc,
            base_font,
            predefined,
            collection,
            vertical,
            dw2,
            w2,
            slot_vmetrics: Vec::new(),
            undecoded: 0,
        })
    }
}

fn sanitize_simple(
    doc: &Document,
    font: &Dictionary,
    subtype: &str,
    budget: &Budget,
) -> SimpleFont {
    let mut out = Dictionary::new();
    let is_type3 = subtype == "Type3";
    out.set("Type", Object::Name(b"Font".to_vec()));
    let subtype = match subtype {
        "Type1" | "TrueType" | "MMType1" | "Type3" => subtype,
        _ => "Type1",
    };
    out.set("Subtype", Object::Name(subtype.as_bytes().to_vec()));
    let base = get(doc, font, b"BaseFont")
        .as_name()
        .map(|n| n.to_vec())
        .unwrap_or_else(|_| b"Unknown".to_vec());
    let base_str = String::from_utf8_lossy(&base).into_owned();
    out.set("BaseFont", Object::Name(base));

    // Encoding
    let mut has_encoding = false;
    match get(doc, font, b"Encoding") {
        Object::Name(n) => {
            if let Some(e) = sanitize_encoding_name(n) {
                out.set("Encoding", e);
                has_encoding = true;
            }
        }
        Object::Dictionary(d) => {
            let mut e = Dictionary::new();
            if let Object::Name(b) = get(doc, d, b"BaseEncoding") {
                if let Some(Object::Name(b)) = sanitize_encoding_name(b) {
                    e.set("BaseEncoding", Object::Name(b));
                }
            }
            let mut diffs = Vec::new();
            if let Object::Array(a) = get(doc, d, b"Differences") {
                let mut code: i64 = -1;
                for o in a {
                    match deref(doc, o) {
                        Object::Integer(i) if (0..=255).contains(i) => {
                            code = *i;
                            diffs.push(Object::Integer(*i));
                        }
                        Object::Name(n) if (0..=255).contains(&code) => {
                            diffs.push(Object::Name(n.clone()));
                            code += 1;
                        }
                        Object::Name(_) => {}
                        _ => code = -1,
                    }
                }
                // Names before the first code are invalid; drop them.
                while let Some(Object::Name(_)) = diffs.first() {
                    diffs.remove(0);
                }
            }
            if !diffs.is_empty() {
                e.set("Differences", Object::Array(diffs));
            }
            out.set("Encoding", Object::Dictionary(e));
            has_encoding = true;
        }
        _ => {}
    }

    // ToUnicode: parsed by tassei, kept beside the font.
    let mut to_unicode = None;
    if let Object::Stream(s) = get(doc, font, b"ToUnicode") {
        if let Ok(bytes) = budget.decode(s) {
            let map = cmap::parse_cmap(&bytes).unicode;
            let mut table = vec![String::new(); 256];
            for (k, v) in map {
                if k <= 0xFF {
                    table[k as usize] = v;
                }
            }
            if table.iter().any(|t| !t.is_empty()) {
                to_unicode = Some(table);
            }
        }
    }
    let has_to_unicode = to_unicode.is_some();
    if (has_to_unicode || is_type3) && !has_encoding {
        // pdf-extract needs an encoding to fall back on for codes the
        // ToUnicode map lacks (and a Type3 font must have one).
        if is_type3 {
            out.set("Encoding", Object::Dictionary(Dictionary::new()));
        } else {
            out.set("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
        }
        has_encoding = true;
    }

    // Font descriptor: drop embedded programs when they are not needed
    // for decoding (their parsers in pdf-extract panic on odd fonts).
    let mut kept_program = false;
    if let Object::Dictionary(fd) = get(doc, font, b"FontDescriptor") {
        let mut fd2 = Dictionary::new();
        for (k, v) in fd.iter() {
            match k.as_slice() {
                b"FontFile" | b"FontFile3" => {
                    if !has_encoding && !has_to_unicode {
                        kept_program = true;
                        // Handed to the backend decoded (within the budget),
                        // so it never inflates a stream itself.
                        if let Object::Stream(s) = deref(doc, v) {
                            let ok = k.as_slice() == b"FontFile"
                                || s.dict.get(b"Subtype").and_then(|o| o.as_name()).is_ok();
                            if let (true, Ok(bytes)) = (ok, budget.decode(s)) {
                                let mut d = s.dict.clone();
                                d.remove(b"Filter");
                                d.remove(b"DecodeParms");
                                fd2.set(k.clone(), Object::Stream(Stream::new(d, bytes)));
                            }
                        }
                    }
                }
                b"FontFile2" => {}
                // Self-contained: the backend sees a document of this page only.
                _ => fd2.set(k.clone(), self_contained(doc, v)),
            }
        }
        out.set("FontDescriptor", Object::Dictionary(fd2));
    }

    // Widths
    let first = num(get(doc, font, b"FirstChar")).map(|f| f as i64);
    let widths: Option<Vec<f64>> = match get(doc, font, b"Widths") {
        Object::Array(a) => Some(
            a.iter()
                .map(|o| num(deref(doc, o)).unwrap_or(0.0))
                .collect(),
        ),
        _ => None,
    };
    let scale = if is_type3 {
        match get(doc, font, b"FontMatrix") {
            Object::Array(m) => m
                .first()
                .and_then(|o| num(deref(doc, o)))
                .map(|a| a * 1000.0)
                .unwrap_or(1.0),
            _ => 1.0,
        }
    } else {
        1.0
    };
    let missing = num(get(doc, font, b"MissingWidth")).unwrap_or(0.0);
    let is_core = CORE_FONTS.contains(&base_str.as_str());
    match (first, widths) {
        (Some(first), Some(w)) if (0..=255).contains(&first) && !w.is_empty() => {
            let mut table = vec![if is_type3 { 0.0 } else { missing }; 256];
            for (k, w) in w.iter().enumerate() {
                let code = first as usize + k;
                if code < 256 {
                    table[code] = w * scale;
                }
            }
            let (lo, hi) = if is_type3 {
                (0usize, 255usize)
            } else {
                (first as usize, (first as usize + w.len() - 1).min(255))
            };
            out.set("FirstChar", Object::Integer(lo as i64));
            out.set("LastChar", Object::Integer(hi as i64));
            out.set(
                "Widths",
                Object::Array(
                    table[lo..=hi]
                        .iter()
                        .map(|w| Object::Real(*w as f32))
                        .collect(),
                ),
            );
        }
        _ if is_core && !is_type3 => {}
        _ => {
            let avg = match get(doc, font, b"FontDescriptor") {
                Object::Dictionary(fd) => {
                    num(get(doc, fd, b"AvgWidth")).or(num(get(doc, fd, b"MissingWidth")))
                }
                _ => None,
            }
            .filter(|w| *w > 0.0)
            .unwrap_or(500.0);
            out.set("FirstChar", Object::Integer(0));
            out.set("LastChar", Object::Integer(255));
            out.set("Widths", Object::Array(vec![Object::Real(avg as f32); 256]));
        }
    }
    if missing != 0.0 {
        out.set("MissingWidth", Object::Real(missing as f32));
    }
    let widths = interp_widths(&out);
    let backend_only = if is_type3 {
        Some("a Type3 font")
    } else if kept_program {
        Some("a font whose embedded program pdf-extract parses")
    } else if widths.is_none() && base_str == "ZapfDingbats" {
        // pdf-extract's glyph-name table lacks the Dingbats names it looks
        // up when the font has an encoding.
        Some("ZapfDingbats without /Widths")
    } else {
        None
    };
    SimpleFont {
        dict: out,
        to_unicode,
        widths,
        backend_only,
        calibrated: std::cell::OnceCell::new(),
    }
}

/// The widths pdf-extract 0.12.1 derives from a sanitized simple font
/// dictionary: `/Widths[i]` (an `f32`) for code `/FirstChar + i`,
/// `/MissingWidth` (or 0) for every other code; `None` without
/// `/FirstChar`, `/LastChar` and `/Widths` (it then uses built-in metrics).
fn interp_widths(font: &Dictionary) -> Option<Box<[f64; 256]>> {
    let int = |k: &[u8]| match font.get(k) {
        Ok(Object::Integer(i)) => Some(*i),
        _ => None,
    };
    let (first, _last) = (int(b"FirstChar")?, int(b"LastChar")?);
    let Ok(Object::Array(ws)) = font.get(b"Widths") else {
        return None;
    };
    // As pdf-extract converts them: any integer or real, finite or not.
    let value = |o: &Object| match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    };
    let missing = font
        .get(b"MissingWidth")
        .ok()
        .and_then(value)
        .unwrap_or(0.0);
    let mut table = Box::new([missing; 256]);
    for (k, w) in ws.iter().enumerate() {
        let code = first.checked_add(k as i64)?;
        let w = value(w)?;
        if (0..256).contains(&code) {
            table[code as usize] = w;
        }
    }
    Some(table)
}

impl FontTable {
    /// Create the font object a page uses for plan `id`, given the codes
    /// (simple fonts) or slots (re-encoded fonts) the page shows with it.
    /// `None` for broken fonts.
    pub(crate) fn materialize(&mut self, id: PlanId, used: &[u16]) -> Option<ObjectId> {
        let font = match &self.plans[id].kind {
            PlanKind::Broken(_) => return None,
            // No ToUnicode: the text of every code tassei can decode travels
            // beside the content (see `content.rs`), so pdf-extract never
            // parses a CMap (its parser costs more than everything else).
            PlanKind::Simple(sf) => sf.dict.clone(),
            PlanKind::Synthetic(s) => {
                let mut desc = s.descendant.clone();
                desc.set("DW", Object::Integer(s.dw.round() as i64));
                if let (Some(&lo), Some(&hi)) = (used.iter().min(), used.iter().max()) {
                    let ws: Vec<Object> = (lo..=hi)
                        .map(|slot| {
                            Object::Real(
                                s.slot_width
                                    .get((slot as usize).wrapping_sub(1))
                                    .copied()
                                    .unwrap_or(s.dw) as f32,
                            )
                        })
                        .collect();
                    desc.set(
                        "W",
                        Object::Array(vec![Object::Integer(lo as i64), Object::Array(ws)]),
                    );
                }
                let mut f = Dictionary::new();
                f.set("Type", Object::Name(b"Font".to_vec()));
                f.set("Subtype", Object::Name(b"Type0".to_vec()));
                f.set("BaseFont", Object::Name(s.base_font.clone()));
                f.set("Encoding", Object::Name(b"Identity-H".to_vec()));
                f.set(
                    "DescendantFonts",
                    Object::Array(vec![Object::Dictionary(desc)]),
                );
                f
            }
        };
        let font_id = (self.next_id, 0);
        self.next_id += 1;
        self.new_objects.push((font_id, Object::Dictionary(font)));
        Some(font_id)
    }
}

fn sanitize_encoding_name(n: &[u8]) -> Option<Object> {
    match n {
        b"WinAnsiEncoding" | b"MacRomanEncoding" | b"MacExpertEncoding" => {
            Some(Object::Name(n.to_vec()))
        }
        // StandardEncoding is not supported by pdf-extract; WinAnsi agrees on
        // the printable ASCII range except the two quotes.
        b"StandardEncoding" => {
            let mut d = Dictionary::new();
            d.set("BaseEncoding", Object::Name(b"WinAnsiEncoding".to_vec()));
            d.set(
                "Differences",
                Object::Array(vec![
                    Object::Integer(39),
                    Object::Name(b"quoteright".to_vec()),
                    Object::Integer(96),
                    Object::Name(b"quoteleft".to_vec()),
                ]),
            );
            Some(Object::Dictionary(d))
        }
        _ => None,
    }
}

/// A private-use code point: a glyph only its font can draw, whose meaning
/// no table gives.
pub(crate) fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
}
