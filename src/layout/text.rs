//! Step 3 helpers: glyphs → lines → text.
//!
//! Glyphs arrive in content-stream order; here they are grouped into lines by
//! vertical position (relative to the font size), lines are ordered top to
//! bottom and glyphs left to right, and a space is written where the gap
//! between two glyphs is wide (Japanese text has no spaces of its own).

use super::geom::{union_of, Char};
use super::LayoutSettings;
use crate::grid::BBox;

/// One line of text: its glyphs left to right.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextLine {
    pub chars: Vec<Char>,
    pub bbox: BBox,
    /// The largest font size on the line.
    pub size: f64,
}

impl TextLine {
    fn new(mut chars: Vec<Char>) -> Option<TextLine> {
        chars.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.top.total_cmp(&b.top)));
        let bbox = union_of(&chars)?;
        let size = chars.iter().map(|c| c.size).fold(0.0, f64::max);
        Some(TextLine { chars, bbox, size })
    }

    /// The line's text (see [`line_text`]).
    pub fn text(&self, s: &LayoutSettings) -> String {
        line_text(&self.chars, s)
    }
}

/// Group glyphs into lines, top to bottom. A glyph joins the current line
/// when its vertical centre is within `line_y_tolerance` × font size of the
/// line's first glyph.
pub(crate) fn group_lines(chars: &[Char], s: &LayoutSettings) -> Vec<TextLine> {
    let mut sorted: Vec<Char> = chars.to_vec();
    sorted.sort_by(|a, b| a.cy().total_cmp(&b.cy()).then(a.x0.total_cmp(&b.x0)));
    // Each line is a run of `sorted`, starting at its anchor glyph.
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, c) in sorted.iter().enumerate().skip(1) {
        let a = &sorted[start];
        if (c.cy() - a.cy()).abs() > s.line_y_tolerance * a.size.max(c.size) {
            lines.extend(TextLine::new(sorted[start..i].to_vec()));
            start = i;
        }
    }
    lines.extend(TextLine::new(sorted[start..].to_vec()));
    lines
}

/// Cut a line at every horizontal gap wider than `free_line_gap` × font
/// size: the parts are set side by side, not one line of text.
pub(crate) fn split_at_wide_gaps(line: TextLine, s: &LayoutSettings) -> Vec<TextLine> {
    let mut parts = Vec::new();
    let mut start = 0;
    let chars = &line.chars;
    for i in 1..chars.len() {
        let (p, c) = (&chars[i - 1], &chars[i]);
        if c.x0 - p.x1 > s.free_line_gap * p.size.max(c.size) {
            parts.extend(TextLine::new(chars[start..i].to_vec()));
            start = i;
        }
    }
    if start == 0 {
        return vec![line];
    }
    parts.extend(TextLine::new(chars[start..].to_vec()));
    parts
}

/// The text of one line's glyphs (sorted left to right): a space for a
/// space glyph or a gap wider than `word_gap` × font size, repeats collapsed,
/// double-struck duplicates dropped, ends trimmed.
pub(crate) fn line_text(chars: &[Char], s: &LayoutSettings) -> String {
    let mut out = String::with_capacity(chars.len() * 3 + 8);
    let mut prev: Option<&Char> = None;
    for c in chars {
        if c.is_space() {
            push_space(&mut out);
            continue;
        }
        if let Some(p) = prev {
            if is_duplicate(p, c, s) {
                continue;
            }
            if c.x0 - p.x1 > s.word_gap * p.size.max(c.size) {
                push_space(&mut out);
            }
        }
        out.push(c.ch);
        prev = Some(c);
    }
    // Trimmed: only spaces are written as white space (glyphs that are white
    // space become `push_space`), and never at the start.
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

fn is_duplicate(a: &Char, b: &Char, s: &LayoutSettings) -> bool {
    let tol = s.duplicate_glyph_tolerance * a.size.max(b.size);
    a.ch == b.ch && (a.x0 - b.x0).abs() <= tol && (a.top - b.top).abs() <= tol
}

/// The text of a block of glyphs: its lines joined with `'\n'`, empty lines
/// left out.
pub(crate) fn block_text(chars: &[Char], s: &LayoutSettings) -> String {
    group_lines(chars, s)
        .iter()
        .map(|l| l.text(s))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(ch: char, x0: f64, top: f64) -> Char {
        Char::square(ch, x0, top)
    }

    #[test]
    fn lines_are_ordered_and_gaps_become_single_spaces() {
        // Content-stream order deliberately scrambled.
        let chars = [
            ch('下', 0.0, 20.0),
            ch('B', 40.0, 0.5),
            ch('上', 0.0, 0.0),
            ch(' ', 20.0, 0.0),
            ch('段', 10.0, 0.0),
            ch('行', 10.0, 20.0),
        ];
        let s = LayoutSettings::default();
        assert_eq!(block_text(&chars, &s), "上段 B\n下行");
    }

    #[test]
    fn a_free_line_is_cut_at_a_wide_gap_only() {
        let s = LayoutSettings::default();
        // `令 和` letter-spaced (one em apart) stays one line; `注` set
        // 6 em to the right is a line of its own.
        let chars = [
            ch('令', 0.0, 0.0),
            ch('和', 20.0, 0.0),
            ch('注', 90.0, 0.0),
            ch('1', 100.0, 0.0),
        ];
        let lines = group_lines(&chars, &s);
        let texts: Vec<String> = lines
            .into_iter()
            .flat_map(|l| split_at_wide_gaps(l, &s))
            .map(|l| l.text(&s))
            .collect();
        assert_eq!(texts, ["令 和", "注1"]);
    }

    #[test]
    fn spaces_at_the_ends_are_trimmed() {
        let s = LayoutSettings::default();
        let chars = [
            ch(' ', 0.0, 0.0),
            ch('\u{3000}', 10.0, 0.0),
            ch('a', 20.0, 0.0),
            ch(' ', 30.0, 0.0),
            ch('b', 60.0, 0.0),
            ch('\u{3000}', 70.0, 0.0),
            ch(' ', 80.0, 0.0),
        ];
        assert_eq!(line_text(&chars, &s), "a b");
        assert_eq!(line_text(&chars[..2], &s), "");
        assert_eq!(block_text(&[], &s), "");
    }

    #[test]
    fn double_struck_glyphs_are_dropped() {
        let chars = [ch('太', 0.0, 0.0), ch('太', 0.3, 0.0), ch('字', 10.0, 0.0)];
        assert_eq!(block_text(&chars, &LayoutSettings::default()), "太字");
    }
}
