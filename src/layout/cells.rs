//! Step 2a: edges → intersections → cells (pdfplumber's approach: a cell is
//! the smallest rectangle whose four corners are intersections joined by
//! edges on all four sides).

use super::edges::{Edge, Orientation};
use crate::grid::BBox;
use std::collections::HashSet;

/// One rectangle bounded by edges on all four sides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RawCell {
    pub bbox: BBox,
    /// Its top (bottom) border is synthetic: the table was open there.
    pub open_top: bool,
    pub open_bottom: bool,
}

/// The edges of a page indexed by position, for connection queries.
struct EdgeIndex {
    /// Distinct x of vertical edges, ascending, and the y-ranges of the
    /// vertical edges at each.
    xs: Vec<f64>,
    verticals: Vec<Vec<(f64, f64)>>,
    /// Distinct y of horizontal edges, ascending, and the x-ranges (with the
    /// synthetic flag) of the horizontal edges at each.
    ys: Vec<f64>,
    horizontals: Vec<Vec<(f64, f64, bool)>>,
    tol: f64,
}

impl EdgeIndex {
    fn new(edges: &[Edge], tol: f64) -> Self {
        let xs = distinct(
            edges
                .iter()
                .filter(|e| e.orientation == Orientation::Vertical)
                .map(|e| e.pos),
        );
        let ys = distinct(
            edges
                .iter()
                .filter(|e| e.orientation == Orientation::Horizontal)
                .map(|e| e.pos),
        );
        let mut verticals = vec![Vec::new(); xs.len()];
        let mut horizontals = vec![Vec::new(); ys.len()];
        for e in edges {
            match e.orientation {
                Orientation::Vertical => {
                    if let Some(i) = position(&xs, e.pos) {
                        verticals[i].push((e.start, e.end));
                    }
                }
                Orientation::Horizontal => {
                    if let Some(i) = position(&ys, e.pos) {
                        horizontals[i].push((e.start, e.end, e.synthetic));
                    }
                }
            }
        }
        EdgeIndex {
            xs,
            verticals,
            ys,
            horizontals,
            tol,
        }
    }

    /// Whether one vertical edge at `xs[xi]` covers `y0..y1`.
    fn v_connects(&self, xi: usize, y0: f64, y1: f64) -> bool {
        self.verticals[xi]
            .iter()
            .any(|&(a, b)| a - self.tol <= y0 && b + self.tol >= y1)
    }

    /// Whether one horizontal edge at `ys[yi]` covers `x0..x1`.
    fn h_connects(&self, yi: usize, x0: f64, x1: f64) -> bool {
        self.horizontals[yi]
            .iter()
            .any(|&(a, b, _)| a - self.tol <= x0 && b + self.tol >= x1)
    }

    /// Whether every horizontal edge at `ys[yi]` is synthetic.
    fn synthetic_y(&self, yi: usize) -> bool {
        let at = &self.horizontals[yi];
        !at.is_empty() && at.iter().all(|h| h.2)
    }
}

fn distinct(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    v.dedup();
    v
}

fn position(sorted: &[f64], x: f64) -> Option<usize> {
    sorted.binary_search_by(|v| v.total_cmp(&x)).ok()
}

/// All intersections, as (x index, y index) into the index's position lists.
fn intersections(idx: &EdgeIndex) -> HashSet<(usize, usize)> {
    let mut points = HashSet::new();
    let tol = idx.tol;
    for (xi, &x) in idx.xs.iter().enumerate() {
        for &(v0, v1) in &idx.verticals[xi] {
            // Only the horizontal edges whose height lies within the vertical edge.
            let lo = idx.ys.partition_point(|&y| y < v0 - tol);
            let hi = idx.ys.partition_point(|&y| y <= v1 + tol);
            for yi in lo..hi {
                if idx.horizontals[yi]
                    .iter()
                    .any(|&(h0, h1, _)| x >= h0 - tol && x <= h1 + tol)
                {
                    points.insert((xi, yi));
                }
            }
        }
    }
    points
}

/// Find every cell: from each intersection, the nearest intersection below
/// and to the right that close a rectangle with edges on all four sides.
pub(crate) fn find_cells(edges: &[Edge], tol: f64) -> Vec<RawCell> {
    let idx = EdgeIndex::new(edges, tol);
    let points = intersections(&idx);
    let mut sorted: Vec<(usize, usize)> = points.iter().copied().collect();
    sorted.sort_by_key(|&(xi, yi)| (yi, xi));
    let mut cells = Vec::new();
    for (xi, yi) in sorted {
        if let Some(cell) = cell_from_corner(&idx, &points, xi, yi) {
            cells.push(cell);
        }
    }
    cells
}

fn cell_from_corner(
    idx: &EdgeIndex,
    points: &HashSet<(usize, usize)>,
    xi: usize,
    yi: usize,
) -> Option<RawCell> {
    let (x, y) = (idx.xs[xi], idx.ys[yi]);
    for yj in (yi + 1)..idx.ys.len() {
        if !points.contains(&(xi, yj)) {
            continue;
        }
        let y2 = idx.ys[yj];
        if !idx.v_connects(xi, y, y2) {
            break;
        }
        for xj in (xi + 1)..idx.xs.len() {
            if !points.contains(&(xj, yi)) {
                continue;
            }
            let x2 = idx.xs[xj];
            if !idx.h_connects(yi, x, x2) {
                break;
            }
            if points.contains(&(xj, yj)) && idx.v_connects(xj, y, y2) && idx.h_connects(yj, x, x2)
            {
                return Some(RawCell {
                    bbox: BBox {
                        x0: x,
                        top: y,
                        x1: x2,
                        bottom: y2,
                    },
                    open_top: idx.synthetic_y(yi),
                    open_bottom: idx.synthetic_y(yj),
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f64, x0: f64, x1: f64) -> Edge {
        Edge {
            orientation: Orientation::Horizontal,
            pos: y,
            start: x0,
            end: x1,
            synthetic: false,
        }
    }
    fn v(x: f64, y0: f64, y1: f64) -> Edge {
        Edge {
            orientation: Orientation::Vertical,
            pos: x,
            start: y0,
            end: y1,
            synthetic: false,
        }
    }

    #[test]
    fn merged_cell_spanning_two_rows_is_one_cell() {
        // Column 0 spans both rows; column 1 has two rows.
        let edges = [
            h(0.0, 0.0, 100.0),
            h(20.0, 50.0, 100.0),
            h(40.0, 0.0, 100.0),
            v(0.0, 0.0, 40.0),
            v(50.0, 0.0, 40.0),
            v(100.0, 0.0, 40.0),
        ];
        let mut cells: Vec<BBox> = find_cells(&edges, 3.0)
            .into_iter()
            .map(|c| c.bbox)
            .collect();
        cells.sort_by(|a, b| {
            (a.x0, a.top)
                .partial_cmp(&(b.x0, b.top))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        assert_eq!(
            cells,
            vec![
                BBox {
                    x0: 0.0,
                    top: 0.0,
                    x1: 50.0,
                    bottom: 40.0
                },
                BBox {
                    x0: 50.0,
                    top: 0.0,
                    x1: 100.0,
                    bottom: 20.0
                },
                BBox {
                    x0: 50.0,
                    top: 20.0,
                    x1: 100.0,
                    bottom: 40.0
                },
            ]
        );
    }
}
