//! Content-stream rewriting: each page's content is decoded with `lopdf`
//! and re-emitted in the small, validated operator subset that
//! `pdf-extract` 0.12.1 handles without panicking or misreading:
//!
//! * form XObjects are inlined (`q <Matrix> cm … Q`): pdf-extract ignores a
//!   form's `/Matrix` and even restarts it with an identity CTM;
//! * image XObjects and inline images are dropped (pdf-extract would parse
//!   image data as content) and remembered for the "no text layer" verdict;
//! * `'` and `"` become `T*`/`Tw`/`Tc` + `Tj` (pdf-extract drops them);
//! * strings shown with a re-encoded composite font are transcoded to slots
//!   (see `fonts.rs`), with word spacing turned into `TJ` adjustments;
//! * `v` becomes `c`; `s`, `f*`, `B`, `b`… become `h`/`S`/`f`; fills and
//!   strokes in pure white are discarded (they draw no visible rule);
//! * colour, clipping, marked-content, shading and ExtGState operators are
//!   dropped, so pdf-extract never looks up colour spaces or graphics states;
//! * operators with missing or mistyped operands are dropped;
//! * resources are renamed into one fresh page resource dictionary holding
//!   only the fonts actually used.
//!
//! The text of each shown code travels *beside* the content: the rewriter
//! records, in showing order, what every code decodes to (from tassei's own
//! ToUnicode/CMap decoding), or "ask the backend" for simple-font codes
//! without a ToUnicode entry (decoded by pdf-extract from the encoding).
//! pdf-extract calls `output_character` once per code in exactly this order,
//! so the collector pairs them up (and checks the counts agree). This keeps
//! pdf-extract from parsing ToUnicode CMaps, which with its parser cost more
//! than everything else together.

use lopdf::content::Content;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, StringFormat};

use super::fonts::{FontTable, PlanId, PlanKind, Slot};
use super::lexer::Ops;
use super::streams::DecodeError;

/// Text shown with a font tassei cannot decode.
#[derive(Debug, Clone)]
pub(crate) struct BadFontUse {
    /// The resource name in the PDF (e.g. `F3`).
    pub(crate) font: String,
    pub(crate) detail: String,
}

/// A rewritten page.
pub(crate) struct Rewritten {
    pub(crate) content: Vec<u8>,
    pub(crate) resources: Dictionary,
    pub(crate) has_images: bool,
    /// First use of an undecodable font, if any.
    pub(crate) bad_font: Option<BadFontUse>,
    /// Fonts used on the page (original resource names), for messages.
    pub(crate) used_fonts: Vec<String>,
    /// Text of the shown codes, in showing order (see the module docs).
    pub(crate) glyphs: GlyphTexts,
}

/// The text of each shown code, in order: a range of `text`, or
/// `ASK_BACKEND` when pdf-extract's own decoding is to be used.
#[derive(Debug, Default)]
pub(crate) struct GlyphTexts {
    pub(crate) text: String,
    pub(crate) spans: Vec<(u32, u32)>,
}

pub(crate) const ASK_BACKEND: u32 = u32::MAX;

impl GlyphTexts {
    fn push(&mut self, t: Option<&str>) {
        match t {
            Some(t) => {
                let start = self.text.len() as u32;
                self.text.push_str(t);
                self.spans.push((start, t.len() as u32));
            }
            None => self.spans.push((0, ASK_BACKEND)),
        }
    }

    /// The text of the `i`-th code: `Some(text)`, or `None` for "use the
    /// backend's".
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let &(s, l) = self.spans.get(i)?;
        if l == ASK_BACKEND {
            return None;
        }
        self.text.get(s as usize..(s + l) as usize)
    }
}

/// Why a page could not be rewritten.
pub(crate) enum RewriteError {
    Damaged(String),
    TooManyOps,
    /// Form XObjects nested deeper than the limit (or drawing themselves).
    TooDeep,
    /// A stream exceeded the decoded-bytes budget (see `streams.rs`).
    TooLarge,
}

#[derive(Clone)]
struct State {
    font: Option<(PlanId, Rc<[u8]>)>,
    /// A `Tf` named a font that could not be found.
    missing_font: Option<Vec<u8>>,
    font_size: f64,
    word_spacing: f64,
    fill_white: bool,
    stroke_white: bool,
}

struct Rewriter<'a> {
    doc: &'a Document,
    fonts: &'a mut FontTable,
    /// The rewritten content, serialized as it is produced.
    out: Vec<u8>,
    /// Operations in `out`.
    n_ops: usize,
    st: State,
    stack: Vec<State>,
    cur: Option<(f64, f64)>,
    start: Option<(f64, f64)>,
    max_ops: usize,
    max_depth: usize,
    /// `Tf` lookups done on this page: (resource dictionary, name, plan).
    tf_cache: Vec<(*const Dictionary, Rc<[u8]>, PlanId)>,
    has_images: bool,
    bad_font: Option<BadFontUse>,
    /// Fonts used on the page, with the codes (or slots) shown in each.
    used: Vec<(PlanId, Vec<u16>)>,
    used_names: Vec<String>,
    slots: Vec<Slot>,
    glyphs: GlyphTexts,
}

fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(*r as f64),
        _ => None,
    }
}

fn nums<const N: usize>(ops: &[Object]) -> Option<[f64; N]> {
    if ops.len() != N {
        return None;
    }
    let mut out = [0.0; N];
    for (o, v) in out.iter_mut().zip(ops) {
        *o = num(v)?;
    }
    Some(out)
}

fn deref<'a>(doc: &'a Document, mut o: &'a Object) -> &'a Object {
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

/// The operations of a content stream: tassei's parser, or lopdf's for
/// what it leaves (see `lexer.rs`; both give the same operations).
fn parse_ops(bytes: &[u8]) -> lopdf::Result<Ops> {
    match super::lexer::parse_content(bytes) {
        Some(ops) => Ok(ops),
        None => Content::decode(bytes).map(|c| Ops::from_lopdf(c.operations)),
    }
}

/// Write a content operand. Numbers as lopdf writes them (`{}`: an integral
/// real reads back as an integer, as before); strings as literals, which
/// parse faster than hex and yield the same bytes.
fn write_object(out: &mut Vec<u8>, o: &Object) {
    use std::io::Write;
    match o {
        Object::Integer(i) => {
            out.extend_from_slice(itoa::Buffer::new().format(*i).as_bytes());
        }
        // An integral value prints as an integer under `{}` too.
        Object::Real(r) if r.fract() == 0.0 && r.abs() < 1e15 => {
            out.extend_from_slice(itoa::Buffer::new().format(*r as i64).as_bytes());
        }
        Object::Real(r) => {
            let _ = write!(out, "{r}");
        }
        Object::Name(n) => {
            out.push(b'/');
            for &b in n {
                if b"()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
                    let _ = write!(out, "#{b:02X}");
                } else {
                    out.push(b);
                }
            }
        }
        Object::String(bytes, _) => {
            out.push(b'(');
            for &b in bytes {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, it);
            }
            out.push(b']');
        }
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        // The rewriter emits nothing else.
        _ => out.extend_from_slice(b"null"),
    }
}

fn real(v: f64) -> Object {
    Object::Real(v as f32)
}

/// Rewrite one page. `resources` is the page's (inherited) resource
/// dictionary; `contents` its decompressed content streams, concatenated.
pub(crate) fn rewrite_page(
    doc: &Document,
    fonts: &mut FontTable,
    contents: &[u8],
    resources: Option<&Dictionary>,
    max_ops: usize,
    max_depth: usize,
) -> Result<Rewritten, RewriteError> {
    let mut rw = Rewriter {
        doc,
        fonts,
        out: Vec::with_capacity(contents.len()),
        n_ops: 0,
        st: State {
            font: None,
            missing_font: None,
            font_size: 0.0,
            word_spacing: 0.0,
            fill_white: false,
            stroke_white: false,
        },
        stack: Vec::new(),
        cur: None,
        start: None,
        max_ops,
        max_depth,
        tf_cache: Vec::new(),
        has_images: false,
        bad_font: None,
        used: Vec::new(),
        used_names: Vec::new(),
        slots: Vec::new(),
        glyphs: GlyphTexts::default(),
    };
    let ops = parse_ops(contents)
        .map_err(|e| RewriteError::Damaged(format!("content stream cannot be parsed ({e})")))?;
    rw.run(&ops, resources, 0)?;
    // Close any `q` left open.
    for _ in 0..rw.stack.len() {
        rw.write_op("Q", &[]);
    }
    let content = std::mem::take(&mut rw.out);
    let mut font_dict = Dictionary::new();
    for (p, codes) in std::mem::take(&mut rw.used) {
        if let Some(id) = rw.fonts.materialize(p, &codes) {
            font_dict.set(rw.fonts.plan(p).res_name.clone(), Object::Reference(id));
        }
    }
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(font_dict));
    Ok(Rewritten {
        content,
        resources,
        has_images: rw.has_images,
        bad_font: rw.bad_font,
        used_fonts: rw.used_names,
        glyphs: rw.glyphs,
    })
}

impl<'a> Rewriter<'a> {
    fn emit_op(&mut self, operator: &str, operands: &[Object]) -> Result<(), RewriteError> {
        if self.n_ops >= self.max_ops {
            return Err(RewriteError::TooManyOps);
        }
        self.write_op(operator, operands);
        Ok(())
    }

    /// Serialize one operation (one per line, operands then operator), in a
    /// form lopdf parses back to the same objects as `Content::encode`'s.
    fn write_op(&mut self, operator: &str, operands: &[Object]) {
        if self.n_ops > 0 {
            self.out.push(b'\n');
        }
        self.n_ops += 1;
        for o in operands {
            write_object(&mut self.out, o);
            self.out.push(b' ');
        }
        self.out.extend_from_slice(operator.as_bytes());
    }

    fn resource(&self, res: Option<&'a Dictionary>, cat: &[u8], name: &[u8]) -> Option<&'a Object> {
        let res = res?;
        let d = deref(self.doc, res.get(cat).ok()?).as_dict().ok()?;
        d.get(name).ok()
    }

    fn run(
        &mut self,
        ops: &Ops,
        res: Option<&'a Dictionary>,
        depth: usize,
    ) -> Result<(), RewriteError> {
        for (name, a) in ops.iter() {
            match name {
                "q" => {
                    self.stack.push(self.st.clone());
                    self.emit_op("q", &[])?;
                }
                "Q" => {
                    if let Some(s) = self.stack.pop() {
                        self.st = s;
                        self.emit_op("Q", &[])?;
                    }
                }
                "cm" | "Tm" if nums::<6>(a).is_some() => self.emit_op(name, a)?,
                "BT" | "ET" | "T*" => self.emit_op(name, &[])?,
                "Tc" | "Tz" | "TL" | "Ts" if nums::<1>(a).is_some() => self.emit_op(name, a)?,
                "Tw" => {
                    if let Some([w]) = nums::<1>(a) {
                        self.st.word_spacing = w;
                        self.emit_op(name, a)?;
                    }
                }
                "Td" | "TD" if nums::<2>(a).is_some() => self.emit_op(name, a)?,
                "Tf" => {
                    if let (Some(Object::Name(name)), Some(size)) =
                        (a.first(), a.get(1).and_then(num))
                    {
                        self.set_font(res, name, size)?;
                    }
                }
                "Tj" => {
                    if let Some(s @ Object::String(..)) = a.first() {
                        self.show(std::slice::from_ref(s))?;
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = a.first() {
                        self.show(items)?;
                    }
                }
                "'" => {
                    if let Some(s @ Object::String(..)) = a.first() {
                        self.emit_op("T*", &[])?;
                        self.show(std::slice::from_ref(s))?;
                    }
                }
                "\"" => {
                    if let (Some(aw), Some(ac), Some(Object::String(s, _))) =
                        (a.first().and_then(num), a.get(1).and_then(num), a.get(2))
                    {
                        self.st.word_spacing = aw;
                        self.emit_op("Tw", &[real(aw)])?;
                        self.emit_op("Tc", &[real(ac)])?;
                        self.emit_op("T*", &[])?;
                        self.show(std::slice::from_ref(&Object::String(
                            s.clone(),
                            StringFormat::Literal,
                        )))?;
                    }
                }
                "m" => {
                    if let Some([x, y]) = nums::<2>(a) {
                        self.cur = Some((x, y));
                        self.start = Some((x, y));
                        self.emit_op(name, a)?;
                    }
                }
                "l" => {
                    if let Some([x, y]) = nums::<2>(a) {
                        if self.cur.is_none() {
                            self.start = Some((x, y));
                            self.emit_op("m", &[real(x), real(y)])?;
                        } else {
                            self.emit_op(name, a)?;
                        }
                        self.cur = Some((x, y));
                    }
                }
                "c" => {
                    if let Some([_, _, _, _, x, y]) = nums::<6>(a) {
                        if self.cur.is_some() {
                            self.emit_op(name, a)?;
                            self.cur = Some((x, y));
                        }
                    }
                }
                "v" => {
                    if let (Some([x2, y2, x, y]), Some((cx, cy))) = (nums::<4>(a), self.cur) {
                        self.emit_op(
                            "c",
                            &[real(cx), real(cy), real(x2), real(y2), real(x), real(y)],
                        )?;
                        self.cur = Some((x, y));
                    }
                }
                "y" => {
                    if let (Some([x1, y1, x, y]), Some(_)) = (nums::<4>(a), self.cur) {
                        self.emit_op(
                            "c",
                            &[real(x1), real(y1), real(x), real(y), real(x), real(y)],
                        )?;
                        self.cur = Some((x, y));
                    }
                }
                "re" => {
                    if let Some([x, y, _, _]) = nums::<4>(a) {
                        self.emit_op(name, a)?;
                        self.cur = Some((x, y));
                        self.start = Some((x, y));
                    }
                }
                "h" if self.cur.is_some() => {
                    self.emit_op("h", &[])?;
                    self.cur = self.start;
                }
                "S" => self.paint(false, true, false)?,
                "s" => self.paint(true, true, false)?,
                "f" | "F" | "f*" => self.paint(false, false, true)?,
                "B" | "B*" => self.paint(false, true, true)?,
                "b" | "b*" => self.paint(true, true, true)?,
                "n" => {
                    self.emit_op("n", &[])?;
                    self.cur = None;
                }
                "g" => self.st.fill_white = nums::<1>(a).is_some_and(|[g]| g >= 0.99),
                "G" => self.st.stroke_white = nums::<1>(a).is_some_and(|[g]| g >= 0.99),
                "rg" => {
                    self.st.fill_white = nums::<3>(a).is_some_and(|c| c.iter().all(|v| *v >= 0.99))
                }
                "RG" => {
                    self.st.stroke_white =
                        nums::<3>(a).is_some_and(|c| c.iter().all(|v| *v >= 0.99))
                }
                "k" => {
                    self.st.fill_white = nums::<4>(a).is_some_and(|c| c.iter().all(|v| *v <= 0.01))
                }
                "K" => {
                    self.st.stroke_white =
                        nums::<4>(a).is_some_and(|c| c.iter().all(|v| *v <= 0.01))
                }
                "cs" | "sc" | "scn" => self.st.fill_white = false,
                "CS" | "SC" | "SCN" => self.st.stroke_white = false,
                "Do" => {
                    if let Some(Object::Name(name)) = a.first() {
                        self.do_xobject(res, name, depth)?;
                    }
                }
                "BI" => self.has_images = true,
                _ => {}
            }
        }
        Ok(())
    }

    fn paint(&mut self, close: bool, stroke: bool, fill: bool) -> Result<(), RewriteError> {
        if self.cur.is_none() {
            self.emit_op("n", &[])?;
            return Ok(());
        }
        if close {
            self.emit_op("h", &[])?;
        }
        let stroke = stroke && !self.st.stroke_white;
        let fill = fill && !self.st.fill_white;
        // Fill-and-stroke is reported as a stroke (its outline is what shows).
        let name = if stroke {
            "S"
        } else if fill {
            "f"
        } else {
            "n"
        };
        self.emit_op(name, &[])?;
        self.cur = None;
        self.start = None;
        Ok(())
    }

    fn set_font(
        &mut self,
        res: Option<&'a Dictionary>,
        name: &[u8],
        size: f64,
    ) -> Result<(), RewriteError> {
        // The plan of (resource dictionary, name): looked up once per page.
        let key = res.map_or(std::ptr::null(), |d| d as *const Dictionary);
        let cached = self
            .tf_cache
            .iter()
            .find(|c| c.0 == key && *c.1 == *name)
            .map(|c| (c.2, c.1.clone()));
        let found = match cached {
            Some(hit) => Some(hit),
            None => self.resource(res, b"Font", name).map(|v| {
                let p = self.fonts.plan_for(self.doc, v);
                let rc: Rc<[u8]> = Rc::from(name);
                self.tf_cache.push((key, rc.clone(), p));
                (p, rc)
            }),
        };
        match found {
            Some((p, rc)) => {
                self.st.font = Some((p, rc));
                self.st.missing_font = None;
                self.st.font_size = size;
                if !self.used.iter().any(|u| u.0 == p) {
                    self.used.push((p, Vec::new()));
                    self.used_names
                        .push(String::from_utf8_lossy(name).into_owned());
                }
                let plan = self.fonts.plan(p);
                if matches!(plan.kind, PlanKind::Broken(_)) {
                    // Not in the rewritten resources; its text is reported, not shown.
                    return Ok(());
                }
                if self.n_ops >= self.max_ops {
                    return Err(RewriteError::TooManyOps);
                }
                if self.n_ops > 0 {
                    self.out.push(b'\n');
                }
                self.n_ops += 1;
                // `res_name` is `TF<n>`: no character needs escaping.
                self.out.push(b'/');
                self.out.extend_from_slice(&plan.res_name);
                self.out.push(b' ');
                write_object(&mut self.out, &real(size));
                self.out.extend_from_slice(b" Tf");
                Ok(())
            }
            None => {
                self.st.font = None;
                self.st.missing_font = Some(name.to_vec());
                Ok(())
            }
        }
    }

    fn note_bad(&mut self, font: &[u8], detail: &str) {
        if self.bad_font.is_none() {
            self.bad_font = Some(BadFontUse {
                font: String::from_utf8_lossy(font).into_owned(),
                detail: detail.to_string(),
            });
        }
    }

    /// Show the strings/adjustments of a `TJ` array (or a single `Tj` string).
    fn show(&mut self, items: &[Object]) -> Result<(), RewriteError> {
        let has_text = items
            .iter()
            .any(|i| matches!(i, Object::String(s, _) if !s.is_empty()));
        let Some((plan_id, font_name)) = self.st.font.clone() else {
            if has_text {
                let name = self
                    .st
                    .missing_font
                    .clone()
                    .unwrap_or_else(|| b"(none)".to_vec());
                self.note_bad(
                    &name,
                    "is not defined in the page resources, so its text cannot be decoded",
                );
            }
            return Ok(());
        };
        let size = self.st.font_size;
        let tw = self.st.word_spacing;
        let plan = self.fonts.plan_mut(plan_id);
        let Some(used) = self
            .used
            .iter_mut()
            .find(|u| u.0 == plan_id)
            .map(|u| &mut u.1)
        else {
            return Ok(());
        };
        let mut arr: Vec<Object> = Vec::with_capacity(items.len());
        let mut bad: Option<String> = None;
        match &mut plan.kind {
            PlanKind::Broken(why) => {
                if has_text {
                    bad = Some(why.clone());
                }
            }
            PlanKind::Simple(sf) => {
                for it in items {
                    match it {
                        Object::String(bytes, _) => {
                            for &b in bytes {
                                self.glyphs.push(sf.text(b));
                            }
                            arr.push(it.clone());
                        }
                        _ => {
                            if let Some(v) = num(it) {
                                arr.push(real(v));
                            }
                        }
                    }
                }
            }
            PlanKind::Synthetic(synth) => {
                let mut slots = std::mem::take(&mut self.slots);
                for it in items {
                    match it {
                        Object::String(s, _) => {
                            slots.clear();
                            synth.transcode(s, &mut slots);
                            let mut buf = Vec::with_capacity(slots.len() * 2);
                            for sl in &slots {
                                used.push(sl.slot);
                                self.glyphs.push(Some(synth.slot_text(sl.slot)));
                                buf.extend_from_slice(&sl.slot.to_be_bytes());
                                if sl.is_space && tw != 0.0 && size != 0.0 {
                                    // Word spacing, which pdf-extract applies only to
                                    // one-byte codes, as a TJ adjustment.
                                    arr.push(Object::String(
                                        std::mem::take(&mut buf),
                                        StringFormat::Hexadecimal,
                                    ));
                                    arr.push(real(-tw * 1000.0 / size));
                                }
                            }
                            if !buf.is_empty() {
                                arr.push(Object::String(buf, StringFormat::Hexadecimal));
                            }
                        }
                        _ => {
                            if let Some(v) = num(it) {
                                arr.push(real(v));
                            }
                        }
                    }
                }
                self.slots = slots;
            }
        }
        if let Some(why) = bad {
            self.note_bad(&font_name, &why);
            return Ok(());
        }
        match arr.as_slice() {
            [] => {}
            // One string: `Tj`, which the backend handles exactly like a
            // one-element `TJ` and parses faster.
            [Object::String(..)] => self.emit_op("Tj", &arr)?,
            _ => self.emit_op("TJ", &[Object::Array(arr)])?,
        }
        Ok(())
    }

    fn do_xobject(
        &mut self,
        res: Option<&'a Dictionary>,
        name: &[u8],
        depth: usize,
    ) -> Result<(), RewriteError> {
        let Some(v) = self.resource(res, b"XObject", name) else {
            return Ok(());
        };
        let Object::Stream(xs) = deref(self.doc, v) else {
            return Ok(());
        };
        let subtype = xs
            .dict
            .get(b"Subtype")
            .and_then(|o| o.as_name())
            .unwrap_or(b"");
        match subtype {
            b"Image" => {
                self.has_images = true;
                Ok(())
            }
            b"Form" if depth >= self.max_depth => Err(RewriteError::TooDeep),
            b"Form" => {
                let bytes = match self.fonts.budget.decode(xs) {
                    Ok(b) => b,
                    Err(DecodeError::TooLarge(_)) => return Err(RewriteError::TooLarge),
                    Err(DecodeError::Damaged) => return Ok(()),
                };
                let Ok(operations) = parse_ops(&bytes) else {
                    return Ok(());
                };
                let form_res = match xs.dict.get(b"Resources").map(|o| deref(self.doc, o)) {
                    Ok(Object::Dictionary(d)) => Some(d),
                    _ => res,
                };
                let level = self.stack.len();
                self.stack.push(self.st.clone());
                self.emit_op("q", &[])?;
                if let Ok(Object::Array(m)) = xs.dict.get(b"Matrix").map(|o| deref(self.doc, o)) {
                    let m: Vec<&Object> = m.iter().map(|o| deref(self.doc, o)).collect();
                    if m.len() == 6 && m.iter().all(|o| num(o).is_some()) {
                        let m: Vec<Object> = m.into_iter().cloned().collect();
                        self.emit_op("cm", &m)?;
                    }
                }
                let saved_cur = (self.cur, self.start);
                self.cur = None;
                self.run(&operations, form_res, depth + 1)?;
                (self.cur, self.start) = saved_cur;
                while self.stack.len() > level {
                    if let Some(s) = self.stack.pop() {
                        self.st = s;
                    }
                    self.emit_op("Q", &[])?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}
