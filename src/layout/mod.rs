//! Stage 2 of the PDF path: glyphs and rules of each page → a [`Grid`] of
//! table rows and free lines, with page and bounding box kept per cell.
//!
//! The steps, one module each (pdfplumber's table-finder design, our own
//! code):
//!
//! 1. `edges.rs`: rules → horizontal/vertical edges, snapped (the two sides of
//!    a thin filled rectangle become one edge), joined, short ones dropped,
//!    tables left open at a page break closed by synthetic edges;
//! 2. `cells.rs`, `tables.rs`: intersections → cells (rectangles with edges on
//!    all four sides) → tables (cells sharing corners), with column and row
//!    boundaries and each cell's span; `boxes.rs`: tables drawn as separate
//!    boxes with gutters between them (slides) snapped into one grid;
//! 3. `page.rs`, `text.rs`: each glyph into the cell holding its centre; cell
//!    text as lines top to bottom, glyphs left to right, spaces at wide gaps;
//!    glyphs outside every table become free lines;
//! 4. `fallback.rs`: pages without ruled tables are searched for tables laid
//!    out with whitespace only;
//! 5. `running.rs`, `stitch.rs`: page numbers dropped, repeated headers of
//!    continued tables dropped, rows broken across pages merged back;
//!    `columns.rs` keeps grid columns consistent across the document;
//! 6. every cell and row carries its page and box (a merged row, its first
//!    part's).

mod boxes;
mod cells;
mod columns;
mod edges;
mod fallback;
mod geom;
mod outline;
mod page;
mod running;
mod settings;
mod stitch;
mod tables;
mod text;

#[cfg(test)]
mod tests;

pub use outline::{page_outline, CellOutline, TableOutline};
pub use settings::LayoutSettings;

use crate::grid::{Grid, GridCell, GridRow, Loc, RowKind, Spans};
use crate::pdf::Document;
use page::{layout_page, FreeLine, PageLayout};
use running::{drop_page_numbers, running_lines};
use std::collections::HashSet;
use stitch::{typical_padding, LRow, Order, Placement, Stitcher};

/// Errors of the layout stage. Layout itself cannot fail on any document
/// (odd input just yields fewer tables); only unusable settings are refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LayoutError {
    /// A setting is negative or not a finite number.
    #[error("layout setting `{name}` must be a finite, non-negative number (got {value})")]
    InvalidSetting { name: &'static str, value: f64 },
}

/// Lay out a whole document: tables (ruled or whitespace-aligned) as
/// [`RowKind::Table`] rows with grid columns consistent across pages, other
/// text as [`RowKind::Line`] rows, all in reading order. An empty document
/// gives an empty grid.
pub fn build_grid(doc: &Document, settings: &LayoutSettings) -> Result<Grid, LayoutError> {
    settings.validate()?;
    let mut pages: Vec<PageLayout> = doc.pages.iter().map(|p| layout_page(p, settings)).collect();
    drop_page_numbers(&mut pages, settings);
    let running = running_lines(&pages);
    let padding = typical_padding(pages.iter().flat_map(|p| p.tables.iter()));
    let mut stitcher = Stitcher::new(settings, padding);
    let mut rows: Vec<(Order, GridRow)> = Vec::new();
    for (pi, page) in pages.iter().enumerate() {
        for (ti, table) in page.tables.iter().enumerate() {
            stitcher.add(
                table,
                placement(page, pi, ti, &running, settings.snap_tolerance),
            );
        }
        for line in &page.lines {
            let order = Order {
                page: pi,
                y: line.bbox.top,
                block: 0,
                seq: 0,
            };
            rows.push((order, line_row(line, page.number)));
        }
    }
    let mut table_rows = stitcher.finish();
    count_spans_in_kept_rows(&mut table_rows);
    rows.extend(table_rows.into_iter().filter_map(table_row));
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Grid {
        rows: rows.into_iter().map(|(_, r)| r).collect(),
        spans: Spans::Measured,
        warnings: doc.warnings.clone(),
    })
}

/// Whether table `ti` of the page is its first (last) block, running lines
/// aside.
fn placement(
    page: &PageLayout,
    pi: usize,
    ti: usize,
    running: &HashSet<(usize, usize)>,
    tol: f64,
) -> Placement {
    let table = &page.tables[ti];
    let only_running = |pred: &dyn Fn(&FreeLine) -> bool| {
        page.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| pred(l))
            .all(|(li, _)| running.contains(&(pi, li)))
    };
    let above = |l: &FreeLine| l.bbox.bottom <= table.bbox.top + tol;
    let below = |l: &FreeLine| l.bbox.top >= table.bbox.bottom - tol;
    Placement {
        page_index: pi,
        table_index: ti,
        first_on_page: ti == 0 && only_running(&above),
        last_on_page: ti + 1 == page.tables.len() && only_running(&below),
    }
}

fn line_row(line: &FreeLine, page: u32) -> GridRow {
    let loc = Loc {
        page: Some(page),
        line: None,
        bbox: Some(line.bbox),
    };
    GridRow {
        kind: RowKind::Line,
        cells: vec![GridCell::new(0, line.text.clone(), loc)],
        loc,
        table: None,
    }
}

/// Row spans count the rows the grid keeps: a row whose cells are all empty
/// is left out of the grid (see [`table_row`]), so a span over it shrinks.
fn count_spans_in_kept_rows(rows: &mut [(usize, LRow)]) {
    let kept: Vec<bool> = rows
        .iter()
        .map(|(_, r)| r.cells.iter().any(|c| !c.text.is_empty()))
        .collect();
    for i in 0..rows.len() {
        let table = rows[i].0;
        for ci in 0..rows[i].1.cells.len() {
            let span = rows[i].1.cells[ci].row_span.max(1);
            let n = (i..(i + span).min(rows.len()))
                .filter(|&j| rows[j].0 == table && kept[j])
                .count();
            rows[i].1.cells[ci].row_span = n.max(1);
        }
    }
}

/// A table row for the grid (empty cells omitted); `None` when every cell
/// is empty.
fn table_row((table, row): (usize, LRow)) -> Option<(Order, GridRow)> {
    let cells: Vec<GridCell> = row
        .cells
        .into_iter()
        .filter(|c| !c.text.is_empty())
        .map(|c| GridCell {
            col: c.col,
            text: c.text,
            loc: Loc {
                page: Some(c.page),
                line: None,
                bbox: Some(c.bbox),
            },
            col_span: c.col_span.max(1),
            row_span: c.row_span.max(1),
        })
        .collect();
    if cells.is_empty() {
        return None;
    }
    let loc = Loc {
        page: Some(row.page),
        line: None,
        bbox: Some(row.bbox),
    };
    Some((
        row.order,
        GridRow {
            kind: RowKind::Table,
            cells,
            loc,
            table: Some(table),
        },
    ))
}
