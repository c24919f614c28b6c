//! Step 2b: cells → tables (connected groups of cells) with their column
//! and row boundaries and each cell's grid position and span.

use super::cells::RawCell;
use super::geom::union_all;
use crate::grid::BBox;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// A cell placed in its table's grid.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PlacedCell {
    pub row: usize,
    pub col: usize,
    pub row_span: usize,
    pub col_span: usize,
    pub bbox: BBox,
    /// Filled in by step 3.
    pub text: String,
    /// Extent of the glyphs in the cell, when it has any.
    pub text_box: Option<BBox>,
    /// Largest font size in the cell (0 when empty).
    pub font_size: f64,
}

/// One table on one page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PageTable {
    pub page: u32,
    pub bbox: BBox,
    /// Column boundaries, left to right (`cols + 1` values).
    pub col_x: Vec<f64>,
    /// Row boundaries, top to bottom (`rows + 1` values).
    pub row_y: Vec<f64>,
    pub cells: Vec<PlacedCell>,
    /// The top (bottom) border is synthetic: the table was cut open there.
    pub open_top: bool,
    pub open_bottom: bool,
    /// Found from ruling lines (false: from whitespace, step 4).
    pub ruled: bool,
}

impl PageTable {
    pub fn n_rows(&self) -> usize {
        self.row_y.len().saturating_sub(1)
    }

    /// Cells whose first row is `row`, left to right.
    pub fn cells_starting_at(&self, row: usize) -> impl Iterator<Item = &PlacedCell> {
        self.cells.iter().filter(move |c| c.row == row)
    }
}

/// Group cells that share a corner into tables; drop groups smaller than
/// `min_cells`. Tables come out top to bottom.
pub(crate) fn group_into_tables(cells: &[RawCell], page: u32, min_cells: usize) -> Vec<PageTable> {
    let groups = connected_groups(cells);
    let mut tables: Vec<PageTable> = groups
        .into_iter()
        .filter(|g| g.len() >= min_cells.max(1))
        .filter_map(|g| place_cells(&g.iter().map(|&i| cells[i]).collect::<Vec<_>>(), page))
        .collect();
    tables.sort_by(|a, b| {
        a.bbox
            .top
            .total_cmp(&b.bbox.top)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    tables
}

/// Indices of cells, grouped by shared corners (union–find).
fn connected_groups(cells: &[RawCell]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..cells.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut first_at: HashMap<(u64, u64), usize> = HashMap::new();
    for (i, c) in cells.iter().enumerate() {
        let b = c.bbox;
        for (x, y) in [
            (b.x0, b.top),
            (b.x1, b.top),
            (b.x0, b.bottom),
            (b.x1, b.bottom),
        ] {
            match first_at.entry((x.to_bits(), y.to_bits())) {
                Entry::Occupied(o) => {
                    let (ri, rj) = (root(&mut parent, i), root(&mut parent, *o.get()));
                    parent[ri] = rj;
                }
                Entry::Vacant(v) => {
                    v.insert(i);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..cells.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    groups.sort();
    groups
}

/// Derive the boundaries of one table and place its cells on them.
pub(crate) fn place_cells(cells: &[RawCell], page: u32) -> Option<PageTable> {
    let bbox = union_all(cells.iter().map(|c| &c.bbox))?;
    let col_x = boundaries(cells.iter().flat_map(|c| [c.bbox.x0, c.bbox.x1]));
    let row_y = boundaries(cells.iter().flat_map(|c| [c.bbox.top, c.bbox.bottom]));
    let mut placed = Vec::with_capacity(cells.len());
    for c in cells {
        let (Some(col), Some(col_end), Some(row), Some(row_end)) = (
            index_of(&col_x, c.bbox.x0),
            index_of(&col_x, c.bbox.x1),
            index_of(&row_y, c.bbox.top),
            index_of(&row_y, c.bbox.bottom),
        ) else {
            continue;
        };
        placed.push(PlacedCell {
            row,
            col,
            row_span: row_end.saturating_sub(row).max(1),
            col_span: col_end.saturating_sub(col).max(1),
            bbox: c.bbox,
            text: String::new(),
            text_box: None,
            font_size: 0.0,
        });
    }
    placed.sort_by_key(|c| (c.row, c.col));
    let open_top = cells.iter().any(|c| c.open_top && c.bbox.top == bbox.top);
    let open_bottom = cells
        .iter()
        .any(|c| c.open_bottom && c.bbox.bottom == bbox.bottom);
    Some(PageTable {
        page,
        bbox,
        col_x,
        row_y,
        cells: placed,
        open_top,
        open_bottom,
        ruled: true,
    })
}

fn boundaries(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v.dedup();
    v
}

fn index_of(sorted: &[f64], x: f64) -> Option<usize> {
    sorted.iter().position(|v| *v == x)
}
