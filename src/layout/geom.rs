//! Small geometric helpers shared by the layout steps.

use crate::grid::BBox;
use crate::pdf::Glyph;

/// A glyph with a normalised, finite box (x0 ≤ x1, top ≤ bottom) and a
/// usable font size. Input glyphs with non-finite coordinates never become one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Char {
    pub ch: char,
    pub x0: f64,
    pub top: f64,
    pub x1: f64,
    pub bottom: f64,
    /// Font size in points, always > 0.
    pub size: f64,
}

impl Char {
    /// [`Glyph::square`] as a layout glyph: test pages.
    #[cfg(test)]
    pub fn square(ch: char, x0: f64, top: f64) -> Char {
        Char::from_glyph(&Glyph::square(ch, x0, top)).expect("a printable test glyph")
    }

    /// Normalise one input glyph; `None` for control characters and
    /// non-finite boxes.
    pub fn from_glyph(g: &Glyph) -> Option<Char> {
        if g.ch.is_control() {
            return None;
        }
        let coords = [g.x0, g.top, g.x1, g.bottom];
        if coords.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let (x0, x1) = (g.x0.min(g.x1), g.x0.max(g.x1));
        let (top, bottom) = (g.top.min(g.bottom), g.top.max(g.bottom));
        let size = if g.size.is_finite() && g.size > 0.0 {
            g.size
        } else if bottom - top > 0.0 {
            bottom - top
        } else {
            1.0
        };
        Some(Char {
            ch: g.ch,
            x0,
            top,
            x1,
            bottom,
            size,
        })
    }

    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }

    pub fn cy(&self) -> f64 {
        (self.top + self.bottom) / 2.0
    }

    pub fn is_space(&self) -> bool {
        self.ch.is_whitespace()
    }

    pub fn bbox(&self) -> BBox {
        BBox {
            x0: self.x0,
            top: self.top,
            x1: self.x1,
            bottom: self.bottom,
        }
    }
}

/// Whether the point lies in the box (half-open on the right and bottom, so
/// a point on a shared border belongs to exactly one of two adjacent cells).
pub(crate) fn contains(b: &BBox, x: f64, y: f64) -> bool {
    x >= b.x0 && x < b.x1 && y >= b.top && y < b.bottom
}

/// Length of the overlap of two intervals (0 when disjoint).
pub(crate) fn overlap(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

/// Union of a sequence of boxes, `None` when empty.
pub(crate) fn union_all<'a, I: IntoIterator<Item = &'a BBox>>(boxes: I) -> Option<BBox> {
    boxes
        .into_iter()
        .fold(None, |acc: Option<BBox>, b| match acc {
            None => Some(*b),
            Some(a) => Some(a.union(b)),
        })
}

/// Union of the boxes of a sequence of glyphs, `None` when empty (the same
/// as [`union_all`] of their boxes, without collecting them).
pub(crate) fn union_of<'a, I: IntoIterator<Item = &'a Char>>(chars: I) -> Option<BBox> {
    chars
        .into_iter()
        .fold(None, |acc: Option<BBox>, c| match acc {
            None => Some(c.bbox()),
            Some(a) => Some(a.union(&c.bbox())),
        })
}

/// Median of the values (`None` when empty); sorts in place.
pub(crate) fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some(values[values.len() / 2])
}
