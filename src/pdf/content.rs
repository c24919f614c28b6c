//! Content-stream rewriting: each page's content is parsed (`lexer.rs`,
//! lopdf for what it leaves) and reduced to a small, validated operator
//! subset, [`Op`], held as a flat list ([`OpList`]). Two engines run that
//! list (see `mod.rs`): tassei's interpreter (`interp.rs`) directly, or —
//! for the pages it leaves to the backend — `pdf-extract` 0.12.1, after
//! [`serialize`] has written it out and [`backend_page`] has materialized
//! the fonts. The subset is one pdf-extract handles without panicking or
//! misreading, so that both engines agree:
//!
//! * form XObjects are inlined (`q <Matrix> cm … Q`): pdf-extract ignores a
//!   form's `/Matrix` and even restarts it with an identity CTM;
//! * image XObjects and inline images are dropped (pdf-extract would parse
//!   image data as content) and remembered for the "no text layer" verdict;
//! * `'` and `"` become `T*`/`Tw`/`Tc` + `Tj` (pdf-extract drops them);
//! * strings shown with a re-encoded composite font are transcoded to slots
//!   (see `fonts.rs`), with word spacing turned into `TJ` adjustments;
//! * `v` and `y` become `c`; `s`, `f*`, `B`, `b`… become `h`/`S`/`f`; fills
//!   and strokes in pure white are discarded (they draw no visible rule);
//! * colour, clipping, marked-content, shading and ExtGState operators are
//!   dropped, so pdf-extract never looks up colour spaces or graphics states;
//! * operators with missing or mistyped operands are dropped;
//! * fonts are named by their plan (`TF<n>` in the resources handed to
//!   pdf-extract, which hold only the fonts the page selects).
//!
//! Operands keep the values pdf-extract reads back from the serialized form:
//! those copied from the page as they were parsed, those the rewriter
//! computes (quote operators, `v`/`y`, word-spacing adjustments, font
//! sizes) rounded to `f32`, as writing them does.
//!
//! The text of each shown code travels *beside* the operations: the
//! rewriter records, in showing order, what every code decodes to (from
//! tassei's own ToUnicode/CMap decoding, or for a simple font without a
//! ToUnicode map the text pdf-extract gives the code, learned once in
//! `calibrate.rs`), or "ask the backend" for codes neither covers (such a
//! page is always pdf-extract's). Both engines report
//! one glyph per code in exactly this order, so the collector pairs them up
//! (and checks the counts agree). This keeps pdf-extract from parsing
//! ToUnicode CMaps, which with its parser cost more than everything else
//! together.

use lopdf::content::Content;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object};

use super::fonts::{is_private_use, FontTable, PlanId, PlanKind, Slot};
use super::lexer::{Operand, Ops};
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
    /// The operations, in the subset [`Op`] describes.
    pub(crate) ops: OpList,
    pub(crate) has_images: bool,
    /// First use of an undecodable font, if any.
    pub(crate) bad_font: Option<BadFontUse>,
    /// Fonts used on the page (original resource names), for messages.
    pub(crate) used_fonts: Vec<String>,
    /// Fonts selected with `Tf` on the page, in order of first use.
    pub(crate) fonts: Vec<FontUse>,
    /// Text of the shown codes, in showing order (see the module docs).
    pub(crate) glyphs: GlyphTexts,
}

/// One font a page selects.
pub(crate) struct FontUse {
    pub(crate) plan: PlanId,
    /// The slots shown with it (re-encoded fonts only).
    pub(crate) slots: Vec<u16>,
    /// Whether the page shows any code with it.
    pub(crate) shows: bool,
    /// Codes shown whose text is a private-use code point.
    pub(crate) private_use: usize,
}

/// One operation of the rewritten subset: what tassei's interpreter
/// (`interp.rs`) runs, and what [`serialize`] writes for pdf-extract. The
/// numbers are the values pdf-extract reads back from the serialized form
/// (operands the rewriter computes are rounded to `f32`, as written).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Op {
    /// `q`
    Save,
    /// `Q`
    Restore,
    /// `cm`
    Concat([f64; 6]),
    /// `BT`
    BeginText,
    /// `ET`
    EndText,
    /// `Tm`
    TextMatrix([f64; 6]),
    /// `Td`
    MoveText(f64, f64),
    /// `TD`
    MoveTextSetLeading(f64, f64),
    /// `T*`
    NextLine,
    /// `Tc`
    CharSpacing(f64),
    /// `Tw`
    WordSpacing(f64),
    /// `Tz`
    HorizontalScaling(f64),
    /// `TL`
    Leading(f64),
    /// `Ts`
    Rise(f64),
    /// `Tf`, naming the font by its plan (resource `TF<plan>`).
    Font { plan: PlanId, size: f64 },
    /// `Tj` (a single string) or `TJ`: `items[start..end]` of the list.
    Show { start: u32, end: u32 },
    /// `m`
    MoveTo(f64, f64),
    /// `l`
    LineTo(f64, f64),
    /// `c`
    CurveTo([f64; 6]),
    /// `re`
    Rect([f64; 4]),
    /// `h`
    Close,
    /// `S`
    Stroke,
    /// `f`
    Fill,
    /// `n`
    EndPath,
}

/// An element of a `TJ` array (a `Tj` has one string).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Item {
    /// A string: `bytes[start..end]` of the list (slot pairs for a
    /// re-encoded font).
    Text { start: u32, end: u32 },
    /// A position adjustment in thousandths of text space.
    Adjust(f64),
}

/// The operations of a rewritten page, stored flat.
#[derive(Debug, Default)]
pub(crate) struct OpList {
    pub(crate) ops: Vec<Op>,
    pub(crate) items: Vec<Item>,
    pub(crate) bytes: Vec<u8>,
}

impl OpList {
    /// The items of a [`Op::Show`].
    #[inline]
    pub(crate) fn items(&self, start: u32, end: u32) -> &[Item] {
        self.items.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// The bytes of an [`Item::Text`].
    #[inline]
    pub(crate) fn text(&self, start: u32, end: u32) -> &[u8] {
        self.bytes.get(start as usize..end as usize).unwrap_or(&[])
    }

    fn push_text(&mut self, b: &[u8]) {
        let start = self.bytes.len() as u32;
        self.bytes.extend_from_slice(b);
        self.items.push(Item::Text {
            start,
            end: self.bytes.len() as u32,
        });
    }
}

/// The text of each shown code, in order: a range of `text`, or
/// `ASK_BACKEND` when pdf-extract's own decoding is to be used.
#[derive(Debug, Default)]
pub(crate) struct GlyphTexts {
    pub(crate) text: String,
    pub(crate) spans: Vec<(u32, u32)>,
    /// Some code's text is to come from the backend.
    pub(crate) asks_backend: bool,
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
            None => {
                self.asks_backend = true;
                self.spans.push((0, ASK_BACKEND));
            }
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
    /// The rewritten operations.
    out: OpList,
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
    /// Fonts used on the page, with the slots shown in each.
    used: Vec<FontUse>,
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

/// A numeric content operand, as pdf-extract reads it (finite only).
#[inline]
fn opnum(o: &Operand) -> Option<f64> {
    match *o {
        Operand::Int(i) => Some(i as f64),
        Operand::Real(r) if r.is_finite() => Some(r as f64),
        _ => None,
    }
}

fn nums<const N: usize>(ops: &[Operand]) -> Option<[f64; N]> {
    if ops.len() != N {
        return None;
    }
    let mut out = [0.0; N];
    for (o, v) in out.iter_mut().zip(ops) {
        *o = opnum(v)?;
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

/// Round a computed operand as writing it for pdf-extract does (`f32`).
#[inline]
fn r32(v: f64) -> f64 {
    v as f32 as f64
}

/// Write a number so that lopdf reads it back as the same value: an
/// integral value as an integer, any other (always an `f32`, see [`Op`])
/// in `f32`'s shortest round-trip form.
fn write_num(out: &mut Vec<u8>, v: f64) {
    use std::io::Write;
    if v.fract() == 0.0 && v.abs() < 9.0e18 {
        out.extend_from_slice(itoa::Buffer::new().format(v as i64).as_bytes());
    } else {
        let _ = write!(out, "{}", v as f32);
    }
}

/// Write a string operand as a literal (parses faster than hex and yields
/// the same bytes).
fn write_string(out: &mut Vec<u8>, bytes: &[u8]) {
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

/// The content stream of a rewritten page, for pdf-extract (the fallback
/// path, see `mod.rs`): one operation per line, operands then operator.
pub(crate) fn serialize(list: &OpList, fonts: &FontTable) -> Vec<u8> {
    let mut out = Vec::with_capacity(list.ops.len() * 16 + list.bytes.len() * 2);
    let nums = |out: &mut Vec<u8>, vs: &[f64], op: &[u8]| {
        for &v in vs {
            write_num(out, v);
            out.push(b' ');
        }
        out.extend_from_slice(op);
    };
    for (i, op) in list.ops.iter().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        match *op {
            Op::Save => out.push(b'q'),
            Op::Restore => out.push(b'Q'),
            Op::Concat(m) => nums(&mut out, &m, b"cm"),
            Op::BeginText => out.extend_from_slice(b"BT"),
            Op::EndText => out.extend_from_slice(b"ET"),
            Op::TextMatrix(m) => nums(&mut out, &m, b"Tm"),
            Op::MoveText(x, y) => nums(&mut out, &[x, y], b"Td"),
            Op::MoveTextSetLeading(x, y) => nums(&mut out, &[x, y], b"TD"),
            Op::NextLine => out.extend_from_slice(b"T*"),
            Op::CharSpacing(v) => nums(&mut out, &[v], b"Tc"),
            Op::WordSpacing(v) => nums(&mut out, &[v], b"Tw"),
            Op::HorizontalScaling(v) => nums(&mut out, &[v], b"Tz"),
            Op::Leading(v) => nums(&mut out, &[v], b"TL"),
            Op::Rise(v) => nums(&mut out, &[v], b"Ts"),
            Op::Font { plan, size } => {
                // `res_name` is `TF<n>`: no character needs escaping.
                out.push(b'/');
                out.extend_from_slice(&fonts.plan(plan).res_name);
                out.push(b' ');
                nums(&mut out, &[size], b"Tf");
            }
            Op::Show { start, end } => match list.items(start, end) {
                [Item::Text { start, end }] => {
                    write_string(&mut out, list.text(*start, *end));
                    out.extend_from_slice(b" Tj");
                }
                items => {
                    out.push(b'[');
                    for (k, it) in items.iter().enumerate() {
                        if k > 0 {
                            out.push(b' ');
                        }
                        match *it {
                            Item::Text { start, end } => {
                                write_string(&mut out, list.text(start, end))
                            }
                            Item::Adjust(v) => write_num(&mut out, v),
                        }
                    }
                    out.extend_from_slice(b"] TJ");
                }
            },
            Op::MoveTo(x, y) => nums(&mut out, &[x, y], b"m"),
            Op::LineTo(x, y) => nums(&mut out, &[x, y], b"l"),
            Op::CurveTo(c) => nums(&mut out, &c, b"c"),
            Op::Rect(r) => nums(&mut out, &r, b"re"),
            Op::Close => out.push(b'h'),
            Op::Stroke => out.push(b'S'),
            Op::Fill => out.push(b'f'),
            Op::EndPath => out.push(b'n'),
        }
    }
    out
}

/// The content stream and resources pdf-extract reads for a rewritten
/// page: the fonts the page selects are materialized (see `fonts.rs`).
pub(crate) fn backend_page(rw: &Rewritten, fonts: &mut FontTable) -> (Vec<u8>, Dictionary) {
    let content = serialize(&rw.ops, fonts);
    let mut font_dict = Dictionary::new();
    for u in &rw.fonts {
        if let Some(id) = fonts.materialize(u.plan, &u.slots) {
            font_dict.set(fonts.plan(u.plan).res_name.clone(), Object::Reference(id));
        }
    }
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(font_dict));
    (content, resources)
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
        out: OpList {
            ops: Vec::with_capacity(contents.len() / 16),
            items: Vec::with_capacity(contents.len() / 64),
            bytes: Vec::with_capacity(contents.len() / 4),
        },
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
        rw.out.ops.push(Op::Restore);
    }
    Ok(Rewritten {
        ops: rw.out,
        has_images: rw.has_images,
        bad_font: rw.bad_font,
        used_fonts: rw.used_names,
        fonts: rw.used,
        glyphs: rw.glyphs,
    })
}

impl<'a> Rewriter<'a> {
    #[inline]
    fn emit(&mut self, op: Op) -> Result<(), RewriteError> {
        if self.out.ops.len() >= self.max_ops {
            return Err(RewriteError::TooManyOps);
        }
        self.out.ops.push(op);
        Ok(())
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
                    self.emit(Op::Save)?;
                }
                "Q" => {
                    if let Some(s) = self.stack.pop() {
                        self.st = s;
                        self.emit(Op::Restore)?;
                    }
                }
                "cm" => {
                    if let Some(m) = nums::<6>(a) {
                        self.emit(Op::Concat(m))?;
                    }
                }
                "Tm" => {
                    if let Some(m) = nums::<6>(a) {
                        self.emit(Op::TextMatrix(m))?;
                    }
                }
                "BT" => self.emit(Op::BeginText)?,
                "ET" => self.emit(Op::EndText)?,
                "T*" => self.emit(Op::NextLine)?,
                "Tc" | "Tz" | "TL" | "Ts" | "Tw" => {
                    if let Some([v]) = nums::<1>(a) {
                        let op = match name {
                            "Tc" => Op::CharSpacing(v),
                            "Tz" => Op::HorizontalScaling(v),
                            "TL" => Op::Leading(v),
                            "Ts" => Op::Rise(v),
                            _ => {
                                self.st.word_spacing = v;
                                Op::WordSpacing(v)
                            }
                        };
                        self.emit(op)?;
                    }
                }
                "Td" | "TD" => {
                    if let Some([x, y]) = nums::<2>(a) {
                        self.emit(if name == "Td" {
                            Op::MoveText(x, y)
                        } else {
                            Op::MoveTextSetLeading(x, y)
                        })?;
                    }
                }
                "Tf" => {
                    if let (Some(&Operand::Name(s, e)), Some(size)) =
                        (a.first(), a.get(1).and_then(opnum))
                    {
                        self.set_font(res, ops.bytes(s, e), size)?;
                    }
                }
                "Tj" => {
                    if let Some(s @ Operand::Str(..)) = a.first() {
                        self.show(ops, std::slice::from_ref(s))?;
                    }
                }
                "TJ" => {
                    if let Some(&Operand::Array(s, e)) = a.first() {
                        self.show(ops, ops.elements(s, e))?;
                    }
                }
                "'" => {
                    if let Some(s @ Operand::Str(..)) = a.first() {
                        self.emit(Op::NextLine)?;
                        self.show(ops, std::slice::from_ref(s))?;
                    }
                }
                "\"" => {
                    if let (Some(aw), Some(ac), Some(s @ Operand::Str(..))) = (
                        a.first().and_then(opnum),
                        a.get(1).and_then(opnum),
                        a.get(2),
                    ) {
                        self.st.word_spacing = aw;
                        self.emit(Op::WordSpacing(r32(aw)))?;
                        self.emit(Op::CharSpacing(r32(ac)))?;
                        self.emit(Op::NextLine)?;
                        self.show(ops, std::slice::from_ref(s))?;
                    }
                }
                "m" => {
                    if let Some([x, y]) = nums::<2>(a) {
                        self.cur = Some((x, y));
                        self.start = Some((x, y));
                        self.emit(Op::MoveTo(x, y))?;
                    }
                }
                "l" => {
                    if let Some([x, y]) = nums::<2>(a) {
                        if self.cur.is_none() {
                            self.start = Some((x, y));
                            self.emit(Op::MoveTo(r32(x), r32(y)))?;
                        } else {
                            self.emit(Op::LineTo(x, y))?;
                        }
                        self.cur = Some((x, y));
                    }
                }
                "c" => {
                    if let Some(c @ [_, _, _, _, x, y]) = nums::<6>(a) {
                        if self.cur.is_some() {
                            self.emit(Op::CurveTo(c))?;
                            self.cur = Some((x, y));
                        }
                    }
                }
                "v" => {
                    if let (Some([x2, y2, x, y]), Some((cx, cy))) = (nums::<4>(a), self.cur) {
                        self.emit(Op::CurveTo([cx, cy, x2, y2, x, y].map(r32)))?;
                        self.cur = Some((x, y));
                    }
                }
                "y" => {
                    if let (Some([x1, y1, x, y]), Some(_)) = (nums::<4>(a), self.cur) {
                        self.emit(Op::CurveTo([x1, y1, x, y, x, y].map(r32)))?;
                        self.cur = Some((x, y));
                    }
                }
                "re" => {
                    if let Some(r @ [x, y, _, _]) = nums::<4>(a) {
                        self.emit(Op::Rect(r))?;
                        self.cur = Some((x, y));
                        self.start = Some((x, y));
                    }
                }
                "h" if self.cur.is_some() => {
                    self.emit(Op::Close)?;
                    self.cur = self.start;
                }
                "S" => self.paint(false, true, false)?,
                "s" => self.paint(true, true, false)?,
                "f" | "F" | "f*" => self.paint(false, false, true)?,
                "B" | "B*" => self.paint(false, true, true)?,
                "b" | "b*" => self.paint(true, true, true)?,
                "n" => {
                    self.emit(Op::EndPath)?;
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
                    if let Some(&Operand::Name(s, e)) = a.first() {
                        self.do_xobject(res, ops.bytes(s, e), depth)?;
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
            self.emit(Op::EndPath)?;
            return Ok(());
        }
        if close {
            self.emit(Op::Close)?;
        }
        let stroke = stroke && !self.st.stroke_white;
        let fill = fill && !self.st.fill_white;
        // Fill-and-stroke is reported as a stroke (its outline is what shows).
        self.emit(if stroke {
            Op::Stroke
        } else if fill {
            Op::Fill
        } else {
            Op::EndPath
        })?;
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
                if !self.used.iter().any(|u| u.plan == p) {
                    self.used.push(FontUse {
                        plan: p,
                        slots: Vec::new(),
                        shows: false,
                        private_use: 0,
                    });
                    self.used_names
                        .push(String::from_utf8_lossy(name).into_owned());
                }
                if matches!(self.fonts.plan(p).kind, PlanKind::Broken(_)) {
                    // Not in the rewritten resources; its text is reported, not shown.
                    return Ok(());
                }
                self.emit(Op::Font {
                    plan: p,
                    size: r32(size),
                })
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
    fn show(&mut self, ops: &Ops, items: &[Operand]) -> Result<(), RewriteError> {
        let has_text = items
            .iter()
            .any(|i| matches!(*i, Operand::Str(s, e, _) if e > s));
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
        let Some(used) = self.used.iter_mut().find(|u| u.plan == plan_id) else {
            return Ok(());
        };
        let first_item = self.out.items.len();
        let out = &mut self.out;
        let mut bad: Option<String> = None;
        match &mut plan.kind {
            PlanKind::Broken(why) => {
                if has_text {
                    bad = Some(why.clone());
                }
            }
            PlanKind::Simple(sf) => {
                for it in items {
                    match *it {
                        Operand::Str(s, e, _) => {
                            let bytes = ops.bytes(s, e);
                            for &b in bytes {
                                let text = sf.text(b);
                                if text.is_some_and(|t| t.chars().any(is_private_use)) {
                                    used.private_use += 1;
                                }
                                self.glyphs.push(text);
                            }
                            used.shows |= !bytes.is_empty();
                            out.push_text(bytes);
                        }
                        _ => {
                            if let Some(v) = opnum(it) {
                                out.items.push(Item::Adjust(r32(v)));
                            }
                        }
                    }
                }
            }
            PlanKind::Synthetic(synth) => {
                let mut slots = std::mem::take(&mut self.slots);
                for it in items {
                    match *it {
                        Operand::Str(s, e, _) => {
                            slots.clear();
                            synth.transcode(ops.bytes(s, e), &mut slots);
                            let mut start = out.bytes.len() as u32;
                            for sl in &slots {
                                used.slots.push(sl.slot);
                                let text = synth.slot_text(sl.slot);
                                if text.chars().any(is_private_use) {
                                    used.private_use += 1;
                                }
                                self.glyphs.push(Some(text));
                                out.bytes.extend_from_slice(&sl.slot.to_be_bytes());
                                if sl.is_space && tw != 0.0 && size != 0.0 {
                                    // Word spacing, which pdf-extract applies only to
                                    // one-byte codes, as a TJ adjustment.
                                    let end = out.bytes.len() as u32;
                                    out.items.push(Item::Text { start, end });
                                    out.items.push(Item::Adjust(r32(-tw * 1000.0 / size)));
                                    start = end;
                                }
                            }
                            used.shows |= !slots.is_empty();
                            let end = out.bytes.len() as u32;
                            if end > start {
                                out.items.push(Item::Text { start, end });
                            }
                        }
                        _ => {
                            if let Some(v) = opnum(it) {
                                out.items.push(Item::Adjust(r32(v)));
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
        let (start, end) = (first_item as u32, self.out.items.len() as u32);
        if end > start {
            self.emit(Op::Show { start, end })?;
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
                self.emit(Op::Save)?;
                if let Ok(Object::Array(m)) = xs.dict.get(b"Matrix").map(|o| deref(self.doc, o)) {
                    let m: Vec<Option<f64>> = m.iter().map(|o| num(deref(self.doc, o))).collect();
                    if let [Some(a), Some(b), Some(c), Some(d), Some(e), Some(f)] = m[..] {
                        self.emit(Op::Concat([a, b, c, d, e, f]))?;
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
                    self.emit(Op::Restore)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}
