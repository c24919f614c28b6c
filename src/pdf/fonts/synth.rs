//! Composite (Type0) fonts re-encoded into slots: the code scheme (a
//! predefined, embedded or Identity CMap), decoding of each code (ToUnicode,
//! then the CMap's charset, then the character collection), CID widths and
//! vertical metrics, and the slot each distinct code gets.

use super::super::streams::DecodeError;
use super::damage::{check_descriptor, to_unicode_map};
use super::*;

/// A re-encoded composite font.
pub(crate) struct Synth {
    pub(super) scheme: CodeScheme,
    pub(super) to_unicode: Option<HashMap<u32, String>>,
    pub(super) w_single: HashMap<u32, f64>,
    pub(super) w_ranges: Vec<(u32, u32, f64)>,
    pub(super) dw: f64,
    /// Slot of each (code, code length), keyed by [`slot_key`].
    pub(super) slots: HashMap<u64, u16, BuildCodeHasher>,
    pub(super) slot_text: Vec<String>,
    pub(super) slot_width: Vec<f64>,
    /// Descendant font dictionary without `/W`, `/DW`.
    pub(super) descendant: Dictionary,
    pub(super) base_font: Vec<u8>,
    /// The predefined encoding CMap (`UniJIS-UCS2-H`, `90ms-RKSJ-V`, …)
    /// from Adobe's cmap-resources, for the CIDs of codes: their widths,
    /// and their text through the collection.
    pub(super) predefined: Option<std::sync::Arc<collections::Predefined>>,
    /// The character collection of the descendant font, for codes neither
    /// the ToUnicode map nor the encoding decodes.
    pub(super) collection: Option<Collection>,
    /// Vertical writing (`Identity-V`, a `-V` CMap, `/WMode 1`).
    pub(crate) vertical: bool,
    /// Vertical metrics: `/DW2` (`vy`, `w1y`) and the `/W2` entries
    /// (`w1y`, `vx`, `vy`) by CID, in glyph-space units.
    pub(super) dw2: (f64, f64),
    pub(super) w2: HashMap<u32, (f64, f64, f64)>,
    /// Vertical metrics of each slot (`w1y`, `vx`, `vy`), for vertical fonts.
    pub(super) slot_vmetrics: Vec<(f64, f64, f64)>,
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

impl FontTable {
    /// The re-encoding of the Type0 font `font`, or why its text cannot be
    /// decoded; damaged parts are noted in `damage`.
    pub(super) fn make_synth(
        &mut self,
        doc: &Document,
        font: &Dictionary,
        damage: &mut Damage,
    ) -> Result<Synth, String> {
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
                let bytes = match self.budget.decode(s) {
                    Ok(b) => b,
                    Err(e) => {
                        if e == DecodeError::Damaged {
                            damage.note("its /Encoding CMap stream cannot be decompressed");
                        }
                        return Err("has a damaged encoding CMap".into());
                    }
                };
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
            _ => {
                damage.note("it has no /Encoding name or CMap stream");
                return Err("has no /Encoding".into());
            }
        };
        let descendant = match get(doc, font, b"DescendantFonts") {
            Object::Array(a) => a
                .first()
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok()),
            Object::Dictionary(d) => Some(d),
            _ => None,
        }
        .ok_or_else(|| {
            damage.note("its /DescendantFonts holds no font dictionary");
            "is damaged (no descendant font)".to_string()
        })?;
        let to_unicode = to_unicode_map(
            doc,
            font,
            &self.budget,
            damage,
            "text decoded from its CMap or character collection instead",
        );
        check_descriptor(doc, descendant, damage);
        damage.check(
            doc,
            descendant,
            b"W",
            |o| matches!(o, Object::Array(_)),
            "its /W is not an array (default widths used)",
        );
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
