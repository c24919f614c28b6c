//! The operator subset a page is rewritten into ([`Op`]), held as a flat
//! list ([`OpList`]), and the text of each shown code travelling beside it
//! ([`GlyphTexts`]).

use super::*;

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

    pub(super) fn push_text(&mut self, b: &[u8]) {
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
    pub(super) fn push(&mut self, t: Option<&str>) {
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
