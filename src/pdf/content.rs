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

mod oplist;
mod serialize;
mod text;

pub(crate) use oplist::{GlyphTexts, Item, Op, OpList};
pub(crate) use serialize::backend_page;

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
    /// Strings shown with a damaged font that cannot be decoded at all,
    /// left out.
    pub(crate) dropped: usize,
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
