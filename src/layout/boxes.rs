//! Step 2c: tables drawn as separate boxes (slides, posters).
//!
//! Presentation software draws a table as one filled or framed box per
//! cell, a small gutter between boxes, no shared borders. Every box is then
//! a lone cell that [`super::tables::group_into_tables`] drops (its corners
//! touch no other cell). Here boxes facing each other across a gutter no
//! wider than [`LayoutSettings::box_gutter`] × font size are grouped; in
//! each group the box sides on either side of a gutter are snapped onto one
//! boundary in the gutter's middle, so the boxes share corners and become a
//! table with ordinary spans: a box over two rows (a row header over its
//! sub-rows) spans two rows, a column boundary present in some rows only
//! (a sub-header column) splits just those rows and the boxes of the other
//! rows span both columns.
//!
//! A group is a table only when its boxes tile a grid of at least two rows
//! and two columns, each slot covered by exactly one box. A trailing row
//! that is one box across every column (a notes box under the table) is no
//! row of it: its text stays free lines.

use super::cells::RawCell;
use super::tables::{place_cells, PageTable};
use super::LayoutSettings;
use crate::grid::BBox;

/// Tables of boxes among the cells no ruled table took. `font_size` is the
/// page's typical font size.
pub(crate) fn box_tables(
    raw: &[RawCell],
    taken: &[PageTable],
    page: u32,
    font_size: f64,
    s: &LayoutSettings,
) -> Vec<PageTable> {
    let gutter = s.box_gutter * font_size;
    let boxes = free_boxes(raw, taken);
    groups(&boxes, gutter)
        .into_iter()
        .filter_map(|g| {
            let members: Vec<RawCell> = g.iter().map(|&i| boxes[i]).collect();
            tiled_table(&members, gutter, page)
        })
        .collect()
}

/// The cells outside every table, without frames drawn around other cells.
fn free_boxes(raw: &[RawCell], taken: &[PageTable]) -> Vec<RawCell> {
    let outside: Vec<RawCell> = raw
        .iter()
        .filter(|c| !taken.iter().any(|t| inside(&c.bbox, &t.bbox)))
        .copied()
        .collect();
    outside
        .iter()
        .enumerate()
        .filter(|&(i, c)| {
            !outside
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && o.bbox != c.bbox && inside(&o.bbox, &c.bbox))
        })
        .map(|(_, c)| *c)
        .collect()
}

fn inside(a: &BBox, b: &BBox) -> bool {
    a.x0 >= b.x0 && a.x1 <= b.x1 && a.top >= b.top && a.bottom <= b.bottom
}

/// Boxes connected by facing each other across a gutter (union–find).
fn groups(boxes: &[RawCell], gutter: f64) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..boxes.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..boxes.len() {
        for j in (i + 1)..boxes.len() {
            if facing(&boxes[i].bbox, &boxes[j].bbox, gutter) {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri] = rj;
            }
        }
    }
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut slot: Vec<Option<usize>> = vec![None; boxes.len()];
    for i in 0..boxes.len() {
        let r = root(&mut parent, i);
        match slot[r] {
            Some(k) => out[k].push(i),
            None => {
                slot[r] = Some(out.len());
                out.push(vec![i]);
            }
        }
    }
    out
}

/// Whether two boxes sit side by side (or one above the other) with their
/// facing sides at most `gutter` apart and their extents across overlapping.
fn facing(a: &BBox, b: &BBox, gutter: f64) -> bool {
    let gap_x = (b.x0 - a.x1).max(a.x0 - b.x1);
    let gap_y = (b.top - a.bottom).max(a.top - b.bottom);
    (gap_x >= 0.0 && gap_x <= gutter && gap_y < 0.0)
        || (gap_y >= 0.0 && gap_y <= gutter && gap_x < 0.0)
}

/// Snap a group's box sides onto shared boundaries and place it as a table
/// when the boxes tile a grid; `None` otherwise.
fn tiled_table(boxes: &[RawCell], gutter: f64, page: u32) -> Option<PageTable> {
    let xs = snap_lines(boxes.iter().flat_map(|b| [b.bbox.x0, b.bbox.x1]), gutter);
    let ys = snap_lines(
        boxes.iter().flat_map(|b| [b.bbox.top, b.bbox.bottom]),
        gutter,
    );
    let mut cells: Vec<RawCell> = Vec::with_capacity(boxes.len());
    for b in boxes {
        let bbox = BBox {
            x0: snapped(&xs, b.bbox.x0)?,
            x1: snapped(&xs, b.bbox.x1)?,
            top: snapped(&ys, b.bbox.top)?,
            bottom: snapped(&ys, b.bbox.bottom)?,
        };
        if bbox.x0 >= bbox.x1 || bbox.top >= bbox.bottom {
            return None; // a box narrower than a gutter: no table of boxes
        }
        cells.push(RawCell { bbox, ..*b });
    }
    cells.sort_by(|a, b| (a.bbox.top.total_cmp(&b.bbox.top)).then(a.bbox.x0.total_cmp(&b.bbox.x0)));
    cells.dedup_by(|a, b| a.bbox == b.bbox);
    let bounds_x = boundaries(&xs);
    let mut bounds_y = boundaries(&ys);
    if !tiles(&cells, &bounds_x, &bounds_y) {
        return None;
    }
    trim_trailing_notes_box(&mut cells, &bounds_x, &mut bounds_y);
    if bounds_x.len() < 3 || bounds_y.len() < 3 {
        return None;
    }
    place_cells(&cells, page)
}

/// Positions chained by gaps of at most `gutter`, each chain as its range:
/// the two sides of a gutter (and sides a hair apart) are one chain.
fn snap_lines(values: impl Iterator<Item = f64>, gutter: f64) -> Vec<(f64, f64)> {
    let mut v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, f64)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some(last) if x - last.1 <= gutter => last.1 = x,
            _ => out.push((x, x)),
        }
    }
    out
}

/// The boundary a side snaps to: the middle of its chain.
fn snapped(chains: &[(f64, f64)], x: f64) -> Option<f64> {
    chains
        .iter()
        .find(|c| x >= c.0 && x <= c.1)
        .map(|c| (c.0 + c.1) / 2.0)
}

fn boundaries(chains: &[(f64, f64)]) -> Vec<f64> {
    chains.iter().map(|c| (c.0 + c.1) / 2.0).collect()
}

/// Whether every slot of the grid is covered by exactly one box.
fn tiles(cells: &[RawCell], xs: &[f64], ys: &[f64]) -> bool {
    let slots_x: Vec<f64> = xs.windows(2).map(|w| (w[0] + w[1]) / 2.0).collect();
    let slots_y: Vec<f64> = ys.windows(2).map(|w| (w[0] + w[1]) / 2.0).collect();
    slots_y.iter().all(|&y| {
        slots_x.iter().all(|&x| {
            cells
                .iter()
                .filter(|c| x > c.bbox.x0 && x < c.bbox.x1 && y > c.bbox.top && y < c.bbox.bottom)
                .count()
                == 1
        })
    })
}

/// Drop trailing rows that are one box across every column.
fn trim_trailing_notes_box(cells: &mut Vec<RawCell>, xs: &[f64], ys: &mut Vec<f64>) {
    let (Some(&left), Some(&right)) = (xs.first(), xs.last()) else {
        return;
    };
    while ys.len() >= 3 {
        let (top, bottom) = (ys[ys.len() - 2], ys[ys.len() - 1]);
        let last_row: Vec<usize> = (0..cells.len())
            .filter(|&i| cells[i].bbox.bottom == bottom)
            .collect();
        let [only] = last_row[..] else {
            return;
        };
        let b = cells[only].bbox;
        if b.top != top || b.x0 != left || b.x1 != right {
            return;
        }
        cells.remove(only);
        ys.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Boxes from `(x0, top, x1, bottom)`.
    fn boxed(sides: &[(f64, f64, f64, f64)]) -> Vec<RawCell> {
        sides
            .iter()
            .map(|&(x0, top, x1, bottom)| RawCell {
                bbox: BBox {
                    x0,
                    top,
                    x1,
                    bottom,
                },
                open_top: false,
                open_bottom: false,
            })
            .collect()
    }

    #[test]
    fn boxes_with_gutters_become_one_table_with_spans() {
        // Header box over two sub-columns; a row-header box over two rows
        // whose sub-labels are boxes of their own; a notes box underneath.
        let boxes = boxed(&[
            (0.0, 0.0, 200.0, 30.0),
            (208.0, 0.0, 300.0, 30.0),
            (0.0, 36.0, 60.0, 120.0),
            (68.0, 36.0, 200.0, 75.0),
            (208.0, 36.0, 300.0, 75.0),
            (68.0, 81.0, 200.0, 120.0),
            (208.0, 81.0, 300.0, 120.0),
            (0.0, 130.0, 300.0, 200.0),
        ]);
        let tables = box_tables(&boxes, &[], 1, 10.0, &LayoutSettings::default());
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.col_x, [0.0, 64.0, 204.0, 300.0]);
        assert_eq!(t.row_y, [0.0, 33.0, 78.0, 125.0]);
        let spans: Vec<(usize, usize, usize, usize)> = t
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.row_span, c.col_span))
            .collect();
        assert_eq!(
            spans,
            [
                (0, 0, 1, 2),
                (0, 2, 1, 1),
                (1, 0, 2, 1),
                (1, 1, 1, 1),
                (1, 2, 1, 1),
                (2, 1, 1, 1),
                (2, 2, 1, 1),
            ]
        );
    }

    #[test]
    fn boxes_that_do_not_tile_a_grid_are_no_table() {
        // Two callouts side by side and one below the first only.
        let boxes = boxed(&[
            (0.0, 0.0, 100.0, 40.0),
            (108.0, 0.0, 300.0, 40.0),
            (0.0, 46.0, 100.0, 90.0),
        ]);
        assert!(box_tables(&boxes, &[], 1, 10.0, &LayoutSettings::default()).is_empty());
        // Far apart: no group.
        let boxes = boxed(&[
            (0.0, 0.0, 100.0, 40.0),
            (200.0, 0.0, 300.0, 40.0),
            (0.0, 100.0, 100.0, 140.0),
            (200.0, 100.0, 300.0, 140.0),
        ]);
        assert!(box_tables(&boxes, &[], 1, 10.0, &LayoutSettings::default()).is_empty());
    }
}
