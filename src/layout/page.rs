//! Steps 1–4 for one page: ruled tables with their cell texts, rule-less
//! tables found by whitespace, and the free lines outside every table.

use super::boxes::box_tables;
use super::cells::find_cells;
use super::edges::page_edges;
use super::fallback::find_whitespace_tables;
use super::geom::{contains, median, union_of, Char};
use super::tables::{group_into_tables, PageTable};
use super::text::{block_text, group_lines, split_at_wide_gaps};
use super::LayoutSettings;
use crate::grid::BBox;
use crate::pdf::Page;

/// A line of text outside every table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FreeLine {
    pub bbox: BBox,
    pub text: String,
}

/// Everything found on one page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PageLayout {
    pub number: u32,
    /// Page height, or the lowest glyph bottom when the page reports none.
    pub height: f64,
    /// Top to bottom.
    pub tables: Vec<PageTable>,
    /// Top to bottom.
    pub lines: Vec<FreeLine>,
}

/// Lay out one page.
pub(crate) fn layout_page(page: &Page, s: &LayoutSettings) -> PageLayout {
    let mut chars: Vec<Char> = Vec::with_capacity(page.glyphs.len());
    chars.extend(page.glyphs.iter().filter_map(Char::from_glyph));
    let height = page_height(page, &chars);
    let font_size = typical_size(&chars);
    let edges = page_edges(&page.rules, font_size, s);
    let raw = find_cells(&edges, s.intersection_tolerance);
    let mut tables = group_into_tables(&raw, page.number, s.min_table_cells);
    let boxed = box_tables(&raw, &tables, page.number, font_size, s);
    if !boxed.is_empty() {
        tables.extend(boxed);
        tables.sort_by(|a, b| {
            a.bbox
                .top
                .total_cmp(&b.bbox.top)
                .then(a.bbox.x0.total_cmp(&b.bbox.x0))
        });
    }
    let free = fill_tables(&mut tables, chars, s);
    let free_lines = group_lines(&free, s);
    let rest = if tables.is_empty() {
        let (found, rest) = find_whitespace_tables(free_lines, page.number, s);
        tables = found;
        rest
    } else {
        free_lines
    };
    let lines = rest
        .into_iter()
        .flat_map(|l| split_at_wide_gaps(l, s))
        .map(|l| FreeLine {
            bbox: l.bbox,
            text: l.text(s),
        })
        .filter(|l| !l.text.is_empty())
        .collect();
    PageLayout {
        number: page.number,
        height,
        tables,
        lines,
    }
}

/// Median font size of the page's glyphs (10 when it has none).
fn typical_size(chars: &[Char]) -> f64 {
    let mut sizes: Vec<f64> = chars.iter().map(|c| c.size).collect();
    median(&mut sizes).unwrap_or(10.0)
}

fn page_height(page: &Page, chars: &[Char]) -> f64 {
    if page.height.is_finite() && page.height > 0.0 {
        page.height
    } else {
        chars.iter().map(|c| c.bottom).fold(0.0, f64::max)
    }
}

/// Put each glyph into the cell containing its anchor point and set every
/// cell's text; return the glyphs that fell in no cell.
///
/// The anchor is the glyph's vertical centre, a quarter of its width in from
/// the left: the centre for all practical purposes, except that a
/// full-width punctuation mark hanging over the right border of its cell
/// (Japanese line-end 。、 set outside the measure) stays in its cell.
pub(crate) fn fill_tables(
    tables: &mut [PageTable],
    chars: Vec<Char>,
    s: &LayoutSettings,
) -> Vec<Char> {
    let mut per_cell: Vec<Vec<Vec<Char>>> = tables
        .iter()
        .map(|t| vec![Vec::new(); t.cells.len()])
        .collect();
    let mut free = Vec::new();
    for c in chars {
        match locate(tables, c.x0 + (c.x1 - c.x0) / 4.0, c.cy()) {
            Some((ti, ci)) => per_cell[ti][ci].push(c),
            None => free.push(c),
        }
    }
    for (table, cells) in tables.iter_mut().zip(per_cell) {
        for (cell, chars) in table.cells.iter_mut().zip(cells) {
            cell.text = block_text(&chars, s);
            cell.text_box = union_of(chars.iter().filter(|c| !c.is_space()));
            cell.font_size = chars.iter().map(|c| c.size).fold(0.0, f64::max);
        }
    }
    free
}

fn locate(tables: &[PageTable], x: f64, y: f64) -> Option<(usize, usize)> {
    tables.iter().enumerate().find_map(|(ti, t)| {
        if !contains(&t.bbox, x, y) {
            return None;
        }
        t.cells
            .iter()
            .position(|c| contains(&c.bbox, x, y))
            .map(|ci| (ti, ci))
    })
}
