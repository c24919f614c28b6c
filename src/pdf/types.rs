//! The output types of the `pdf` stage (frozen contract with `layout`).

/// One glyph: a single Unicode scalar and the box it occupies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub ch: char,
    pub x0: f64,
    pub top: f64,
    pub x1: f64,
    pub bottom: f64,
    /// Font size in points (after the text matrix), used for line grouping.
    pub size: f64,
}

#[cfg(test)]
impl Glyph {
    /// A 10 pt glyph filling the square from (`x0`, `top`): test pages.
    pub(crate) fn square(ch: char, x0: f64, top: f64) -> Glyph {
        Glyph {
            ch,
            x0,
            top,
            x1: x0 + 10.0,
            bottom: top + 10.0,
            size: 10.0,
        }
    }
}

/// A straight, axis-aligned ruling segment (a stroked line, or one edge of a
/// stroked or thin filled rectangle).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f64,
    pub top: f64,
    pub x1: f64,
    pub bottom: f64,
}

/// One page of glyphs and rules, in content-stream order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
}

/// A whole document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub pages: Vec<Page>,
    /// What was read only in part (a repaired cross-reference table,
    /// pages the page tree declares but that could not be read).
    pub warnings: Vec<crate::warning::Warning>,
}
