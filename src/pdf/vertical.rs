//! Vertical writing (`Identity-V`, `-V` CMaps, `/WMode 1`) as lines.
//!
//! Glyphs of a vertical font stand one under the other; read as they are,
//! every one of them would be a one-character "line" to the layout stage,
//! which groups glyphs by their vertical position — a column of 達成状況
//! beside a ruled table would become four rows of text. So the collector
//! sets them apart (`collect.rs`) and, once the page is complete, this
//! module lays them out in reading order:
//!
//! 1. *columns*: consecutive glyphs (in showing order) under one another —
//!    centres within [`COLUMN_X`] × size horizontally, each below the last,
//!    with at most [`COLUMN_GAP`] × size between them;
//! 2. *blocks*: a column that starts beside the previous one, to its left
//!    (columns run right to left) and overlapping it vertically, continues
//!    its block;
//! 3. each block is reported in its own box as horizontal lines, one per
//!    column in reading order (right to left), each line a band of the
//!    block's height, its glyphs side by side across the block's width.
//!
//! The glyph boxes of vertical text are therefore not the glyphs' own: the
//! text occupies the same area, in the order it is read. The reported font
//! size is capped at the band's height and the glyph's share of the width,
//! so that the layout stage's tolerances (line grouping, duplicates) never
//! merge two columns or two adjacent glyphs.

use super::types::Glyph;

/// Horizontal distance (× size) between the centres of two glyphs of one
/// column.
const COLUMN_X: f64 = 0.4;
/// Largest empty space (× size) between two glyphs of one column.
const COLUMN_GAP: f64 = 1.5;
/// Largest empty space (× size) between two adjacent columns of a block.
const BLOCK_GAP: f64 = 1.2;

#[derive(Debug, Clone, Copy)]
struct Bounds {
    x0: f64,
    top: f64,
    x1: f64,
    bottom: f64,
}

impl Bounds {
    fn of(g: &Glyph) -> Bounds {
        Bounds {
            x0: g.x0,
            top: g.top,
            x1: g.x1,
            bottom: g.bottom,
        }
    }

    fn union(self, o: Bounds) -> Bounds {
        Bounds {
            x0: self.x0.min(o.x0),
            top: self.top.min(o.top),
            x1: self.x1.max(o.x1),
            bottom: self.bottom.max(o.bottom),
        }
    }
}

struct Column<'a> {
    glyphs: Vec<&'a Glyph>,
    bounds: Bounds,
    size: f64,
}

/// Group vertical glyphs (showing order, real boxes) into columns.
fn columns(glyphs: &[Glyph]) -> Vec<Column<'_>> {
    let mut out: Vec<Column> = Vec::new();
    for g in glyphs {
        let size = g.size.max(1.0);
        let cx = (g.x0 + g.x1) / 2.0;
        let joins = out.last().and_then(|c| c.glyphs.last()).is_some_and(|p| {
            let pcx = (p.x0 + p.x1) / 2.0;
            (cx - pcx).abs() <= COLUMN_X * size
                && g.top >= p.top - 0.1 * size
                && g.top - p.bottom <= COLUMN_GAP * size
        });
        match out.last_mut() {
            Some(c) if joins => {
                c.glyphs.push(g);
                c.bounds = c.bounds.union(Bounds::of(g));
                c.size = c.size.max(g.size);
            }
            _ => out.push(Column {
                glyphs: vec![g],
                bounds: Bounds::of(g),
                size: g.size,
            }),
        }
    }
    out
}

/// Whether column `b` continues the block whose last column is `a`: it
/// stands just left of `a` and overlaps it vertically.
fn continues(a: &Column, b: &Column) -> bool {
    let size = a.size.max(b.size).max(1.0);
    let gap = a.bounds.x0 - b.bounds.x1;
    let overlap = a.bounds.bottom.min(b.bounds.bottom) - a.bounds.top.max(b.bounds.top);
    (-0.3 * size..=BLOCK_GAP * size).contains(&gap) && overlap > 0.0
}

/// Append the vertical glyphs to `out` as lines (see the module docs).
pub(crate) fn lay_out(glyphs: &[Glyph], out: &mut Vec<Glyph>) {
    let cols = columns(glyphs);
    let mut start = 0;
    while start < cols.len() {
        let mut end = start + 1;
        while end < cols.len() && continues(&cols[end - 1], &cols[end]) {
            end += 1;
        }
        emit_block(&cols[start..end], out);
        start = end;
    }
}

fn emit_block(cols: &[Column], out: &mut Vec<Glyph>) {
    let Some(first) = cols.first() else {
        return;
    };
    let b = cols.iter().fold(first.bounds, |u, c| u.union(c.bounds));
    let band = (b.bottom - b.top) / cols.len() as f64;
    let width = b.x1 - b.x0;
    for (j, col) in cols.iter().enumerate() {
        let n = col.glyphs.len().max(1) as f64;
        let w = width / n;
        let top = b.top + j as f64 * band;
        for (i, g) in col.glyphs.iter().enumerate() {
            let x0 = b.x0 + i as f64 * w;
            out.push(Glyph {
                ch: g.ch,
                x0,
                top,
                x1: x0 + w,
                bottom: top + band,
                size: g.size.min(band).min(w),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(ch: char, x0: f64, top: f64) -> Glyph {
        Glyph::square(ch, x0, top)
    }

    fn text_lines(out: &[Glyph]) -> Vec<String> {
        let mut lines: Vec<(f64, String)> = Vec::new();
        for o in out {
            match lines.iter_mut().find(|(t, _)| (*t - o.top).abs() < 1e-9) {
                Some((_, s)) => s.push(o.ch),
                None => lines.push((o.top, o.ch.to_string())),
            }
        }
        lines.sort_by(|a, b| a.0.total_cmp(&b.0));
        lines.into_iter().map(|(_, s)| s).collect()
    }

    #[test]
    fn a_column_becomes_one_line_in_its_box() {
        let col: Vec<Glyph> = "達成状況"
            .chars()
            .enumerate()
            .map(|(i, c)| g(c, 100.0, 50.0 + 10.0 * i as f64))
            .collect();
        let mut out = Vec::new();
        lay_out(&col, &mut out);
        assert_eq!(text_lines(&out), vec!["達成状況"]);
        // the same area: x 100–110, top 50–90
        assert!(out.iter().all(|o| o.x0 >= 100.0 && o.x1 <= 110.0 + 1e-9));
        assert!(out.iter().all(|o| o.top == 50.0 && o.bottom == 90.0));
        // side by side, left to right in reading order
        assert!(out.windows(2).all(|w| w[0].x1 <= w[1].x0 + 1e-9));
        // the size is capped so that neighbours are never duplicates
        assert!(out.iter().all(|o| o.size <= o.x1 - o.x0 + 1e-9));
    }

    #[test]
    fn columns_read_right_to_left_top_to_bottom() {
        let mut gl = Vec::new();
        // right column first (showing order), then the one to its left
        for (i, c) in "令和六年".chars().enumerate() {
            gl.push(g(c, 200.0, 100.0 + 10.0 * i as f64));
        }
        for (i, c) in "四月".chars().enumerate() {
            gl.push(g(c, 186.0, 100.0 + 10.0 * i as f64));
        }
        // a column far away is a block of its own
        for (i, c) in "備考".chars().enumerate() {
            gl.push(g(c, 20.0, 300.0 + 10.0 * i as f64));
        }
        let mut out = Vec::new();
        lay_out(&gl, &mut out);
        assert_eq!(text_lines(&out), vec!["令和六年", "四月", "備考"]);
        let block: Vec<&Glyph> = out.iter().filter(|o| o.top < 200.0).collect();
        assert!(block
            .iter()
            .all(|o| o.x0 >= 186.0 - 1e-9 && o.x1 <= 210.0 + 1e-9));
    }
}
