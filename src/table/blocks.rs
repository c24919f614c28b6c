//! Step 1: the grid as blocks. Consecutive rows of one table (the number
//! layout or the text front end gave them) form a [`Block::Table`]; free
//! lines are [`Block::Line`]s. Every cell is normalized here, once.

use crate::grid::{Grid, GridRow, Loc, RowKind, Spans};
use crate::normalize::{canonical_span, normalize, unwrap_lines};

use super::model::Cell;

/// A normalized table cell with its grid position and spans.
#[derive(Debug, Clone, PartialEq)]
pub struct NCell {
    pub col: usize,
    pub col_span: usize,
    pub row_span: usize,
    pub cell: Cell,
    /// `cell.text` without layout spaces (`令 和 5年 度` → `令和5年度`).
    pub flat: String,
}

impl NCell {
    pub fn text(&self) -> &str {
        &self.cell.text
    }

    /// Grid columns covered.
    pub fn cols(&self) -> std::ops::Range<usize> {
        self.col..self.col + self.col_span.max(1)
    }
}

/// A table row with its cells normalized (empty cells dropped).
#[derive(Debug, Clone, PartialEq)]
pub struct NRow {
    pub cells: Vec<NCell>,
    pub loc: Loc,
}

impl NRow {
    /// The cell starting at grid column `col`.
    pub fn at(&self, col: usize) -> Option<&NCell> {
        self.cells.iter().find(|c| c.col == col)
    }

    /// The cell covering grid column `col`.
    pub fn covering(&self, col: usize) -> Option<&NCell> {
        self.cells.iter().find(|c| c.cols().contains(&col))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Line(Cell),
    Table(TableBlock),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableBlock {
    pub rows: Vec<NRow>,
    pub spans: Spans,
}

impl TableBlock {
    /// Number of grid columns the block uses.
    pub fn width(&self) -> usize {
        self.rows
            .iter()
            .flat_map(|r| r.cells.iter().map(|c| c.col + c.col_span.max(1)))
            .max()
            .unwrap_or(0)
    }
}

/// Normalize a raw cell.
pub fn norm_cell(original: &str, loc: Loc) -> Cell {
    Cell {
        original: original.to_string(),
        text: unwrap_lines(&normalize(original)),
        loc,
    }
}

fn norm_row(row: &GridRow) -> NRow {
    let cells = row
        .cells
        .iter()
        .filter_map(|c| {
            let cell = norm_cell(&c.text, c.loc);
            if cell.text.trim().is_empty() {
                return None;
            }
            let flat = canonical_span(&cell.text);
            Some(NCell {
                col: c.col,
                col_span: c.col_span.max(1),
                row_span: c.row_span.max(1),
                cell,
                flat,
            })
        })
        .collect();
    NRow {
        cells,
        loc: row.loc,
    }
}

/// Split the grid into blocks in reading order. A table continued after
/// free lines (a running header on its next page, a note between its
/// parts) stays one block: the lines are kept in place before the block's
/// continuation is appended.
pub fn split(grid: &Grid) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    // The most recent table: its id and index in `out`.
    let mut last: Option<(Option<usize>, usize)> = None;
    for row in &grid.rows {
        match row.kind {
            RowKind::Line => {
                let text: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
                let cell = norm_cell(&text.join(" "), row.loc);
                if !cell.text.trim().is_empty() {
                    out.push(Block::Line(cell));
                }
            }
            RowKind::Table => {
                let nrow = norm_row(row);
                if nrow.cells.is_empty() {
                    continue;
                }
                // Rows without a table number (hand-made grids) continue the
                // table right before them.
                let same = match row.table {
                    None => {
                        matches!(out.last(), Some(Block::Table(_))).then(|| (None, out.len() - 1))
                    }
                    Some(_) => last.filter(|(id, _)| *id == row.table),
                };
                if let Some((_, i)) = same {
                    if let Some(Block::Table(t)) = out.get_mut(i) {
                        t.rows.push(nrow);
                        continue;
                    }
                }
                last = Some((row.table, out.len()));
                out.push(Block::Table(TableBlock {
                    rows: vec![nrow],
                    spans: grid.spans,
                }));
            }
        }
    }
    out
}

/// A hand-made table row for tests: `(col, col_span, row_span, text)` a cell.
#[cfg(test)]
pub fn test_row(cells: &[(usize, usize, usize, &str)]) -> NRow {
    let cells = cells
        .iter()
        .map(|&(col, col_span, row_span, text)| {
            let cell = norm_cell(text, Loc::default());
            NCell {
                col,
                col_span,
                row_span,
                flat: canonical_span(&cell.text),
                cell,
            }
        })
        .collect();
    NRow {
        cells,
        loc: Loc::default(),
    }
}

/// A hand-made table block for tests, spans measured by layout.
#[cfg(test)]
pub fn test_block(rows: &[Vec<(usize, usize, usize, &str)>]) -> TableBlock {
    TableBlock {
        rows: rows.iter().map(|r| test_row(r)).collect(),
        spans: Spans::Measured,
    }
}

/// Cells of one grid column each, from column `from` on, for [`test_block`].
#[cfg(test)]
pub fn plain<'a>(from: usize, texts: &[&'a str]) -> Vec<(usize, usize, usize, &'a str)> {
    (from..)
        .zip(texts)
        .map(|(col, t)| (col, 1, 1, *t))
        .collect()
}
