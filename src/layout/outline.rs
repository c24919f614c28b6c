//! A read-only view of what the layout stage finds on one page — its
//! tables and every cell of them, empty ones included — for
//! [`crate::debug`]. Row and column numbers here are the page table's own
//! (0-based, before tables continued over pages are stitched and before
//! grid columns are made consistent across the document).

use super::page::layout_page;
use super::LayoutSettings;
use crate::grid::BBox;
use crate::pdf::Page;

/// One table found on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct TableOutline {
    pub bbox: BBox,
    /// Found from ruling lines (false: from whitespace alone).
    pub ruled: bool,
    /// The top (bottom) border is synthetic: the table was cut open there
    /// (continued from the previous page, or onto the next).
    pub open_top: bool,
    pub open_bottom: bool,
    pub rows: usize,
    pub cols: usize,
    /// Top to bottom, left to right.
    pub cells: Vec<CellOutline>,
}

/// One cell of a [`TableOutline`].
#[derive(Debug, Clone, PartialEq)]
pub struct CellOutline {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    pub bbox: BBox,
    /// The cell's text as layout read it (lines joined by `'\n'`).
    pub text: String,
}

/// The tables layout finds on `page`, top to bottom, with the same
/// settings [`super::build_grid`] uses for the whole document.
pub fn page_outline(page: &Page, settings: &LayoutSettings) -> Vec<TableOutline> {
    layout_page(page, settings)
        .tables
        .into_iter()
        .map(|t| TableOutline {
            bbox: t.bbox,
            ruled: t.ruled,
            open_top: t.open_top,
            open_bottom: t.open_bottom,
            rows: t.n_rows(),
            cols: t.col_x.len().saturating_sub(1),
            cells: t
                .cells
                .into_iter()
                .map(|c| CellOutline {
                    row: c.row,
                    col: c.col,
                    row_span: c.row_span,
                    col_span: c.col_span,
                    bbox: c.bbox,
                    text: c.text,
                })
                .collect(),
        })
        .collect()
}
