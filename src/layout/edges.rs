//! Step 1: ruling segments → clean horizontal and vertical edges.
//!
//! rules → [`rules_to_edges`] → [`snap_edges`] (parallel edges a hair apart
//! become one) → [`join_edges`] (collinear pieces become one) →
//! [`drop_short_edges`] → [`close_open_ends`] (synthetic borders where a table
//! was left open at a page break).

use super::LayoutSettings;
use crate::pdf::Rule;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Orientation {
    Horizontal,
    Vertical,
}

/// One straight edge. For a horizontal edge `pos` is its y and
/// `start..end` its x-range; for a vertical one `pos` is its x and
/// `start..end` its y-range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Edge {
    pub orientation: Orientation,
    pub pos: f64,
    pub start: f64,
    pub end: f64,
    /// Synthesised by [`close_open_ends`]; not drawn in the PDF.
    pub synthetic: bool,
}

impl Edge {
    fn new(orientation: Orientation, pos: f64, a: f64, b: f64) -> Edge {
        Edge {
            orientation,
            pos,
            start: a.min(b),
            end: a.max(b),
            synthetic: false,
        }
    }

    pub fn len(&self) -> f64 {
        self.end - self.start
    }

    /// Whether this edge and `other` (of the other orientation) touch, each
    /// reaching to within `tol` of the other.
    pub fn crosses(&self, other: &Edge, tol: f64) -> bool {
        self.orientation != other.orientation
            && other.pos >= self.start - tol
            && other.pos <= self.end + tol
            && self.pos >= other.start - tol
            && self.pos <= other.end + tol
    }
}

/// The full pipeline of step 1; `font_size` is the page's typical font size.
pub(crate) fn page_edges(rules: &[Rule], font_size: f64, s: &LayoutSettings) -> Vec<Edge> {
    let edges = rules_to_edges(rules, s.max_rule_thickness);
    let edges = snap_edges(edges, s.snap_tolerance);
    let edges = join_edges(edges, s.join_tolerance);
    let mut edges = drop_short_edges(edges, s.min_edge_length);
    if edges.len() > s.max_edges_per_page {
        return Vec::new();
    }
    align_staggered_edges(&mut edges, s.stagger_tolerance * font_size, s);
    let mut edges = join_edges(edges, s.join_tolerance);
    close_open_ends(&mut edges, s);
    edges
}

/// Turn each rule into edges: a thin rule into one edge along its long side
/// (at its centre line), a box into its four sides. Rules with non-finite
/// coordinates are ignored.
pub(crate) fn rules_to_edges(rules: &[Rule], max_thickness: f64) -> Vec<Edge> {
    let mut out = Vec::new();
    for r in rules {
        if ![r.x0, r.top, r.x1, r.bottom].iter().all(|v| v.is_finite()) {
            continue;
        }
        let (x0, x1) = (r.x0.min(r.x1), r.x0.max(r.x1));
        let (top, bottom) = (r.top.min(r.bottom), r.top.max(r.bottom));
        let (w, h) = (x1 - x0, bottom - top);
        if h <= max_thickness && w >= h {
            out.push(Edge::new(
                Orientation::Horizontal,
                (top + bottom) / 2.0,
                x0,
                x1,
            ));
        } else if w <= max_thickness {
            out.push(Edge::new(
                Orientation::Vertical,
                (x0 + x1) / 2.0,
                top,
                bottom,
            ));
        } else {
            out.push(Edge::new(Orientation::Horizontal, top, x0, x1));
            out.push(Edge::new(Orientation::Horizontal, bottom, x0, x1));
            out.push(Edge::new(Orientation::Vertical, x0, top, bottom));
            out.push(Edge::new(Orientation::Vertical, x1, top, bottom));
        }
    }
    out
}

/// Cluster edges of each orientation by position (neighbours within `tol`
/// chain into one cluster) and move every edge to its cluster's mean.
pub(crate) fn snap_edges(edges: Vec<Edge>, tol: f64) -> Vec<Edge> {
    let mut out = Vec::with_capacity(edges.len());
    for orientation in [Orientation::Horizontal, Orientation::Vertical] {
        let mut group: Vec<Edge> = edges
            .iter()
            .copied()
            .filter(|e| e.orientation == orientation)
            .collect();
        group.sort_by(|a, b| a.pos.total_cmp(&b.pos));
        let mut cluster: Vec<Edge> = Vec::new();
        for e in group {
            if let Some(last) = cluster.last() {
                if e.pos - last.pos > tol {
                    flush_snapped(&mut cluster, &mut out);
                }
            }
            cluster.push(e);
        }
        flush_snapped(&mut cluster, &mut out);
    }
    out
}

fn flush_snapped(cluster: &mut Vec<Edge>, out: &mut Vec<Edge>) {
    if cluster.is_empty() {
        return;
    }
    let mean = cluster.iter().map(|e| e.pos).sum::<f64>() / cluster.len() as f64;
    out.extend(cluster.drain(..).map(|e| Edge { pos: mean, ..e }));
}

/// Merge collinear edges (same orientation and position, as left by
/// [`snap_edges`]) that overlap or are at most `tol` apart.
pub(crate) fn join_edges(mut edges: Vec<Edge>, tol: f64) -> Vec<Edge> {
    edges.sort_by(|a, b| {
        (a.orientation as u8)
            .cmp(&(b.orientation as u8))
            .then(a.pos.total_cmp(&b.pos))
            .then(a.start.total_cmp(&b.start))
    });
    let mut out: Vec<Edge> = Vec::with_capacity(edges.len());
    for e in edges {
        match out.last_mut() {
            Some(last)
                if last.orientation == e.orientation
                    && last.pos == e.pos
                    && e.start <= last.end + tol =>
            {
                last.end = last.end.max(e.end);
            }
            _ => out.push(e),
        }
    }
    out
}

/// Drop edges shorter than `min_len`.
pub(crate) fn drop_short_edges(edges: Vec<Edge>, min_len: f64) -> Vec<Edge> {
    edges.into_iter().filter(|e| e.len() >= min_len).collect()
}

/// Align horizontal edges that continue one another end to end but at a
/// slightly different height (less than `max_step`, which is below any real
/// row height) onto the height of the longest of them, and move the ends of
/// vertical edges that stopped at the old height along.
///
/// Browsers draw a row-spanning cell of a table broken across pages a few
/// points shorter than the rows it spans: its bottom border is a step above
/// the row border it continues, and the column border beside it stops at the
/// step. Aligned, the cell and the row share one boundary again.
pub(crate) fn align_staggered_edges(edges: &mut [Edge], max_step: f64, s: &LayoutSettings) {
    let hs: Vec<usize> = (0..edges.len())
        .filter(|&i| edges[i].orientation == Orientation::Horizontal)
        .collect();
    let mut group: Vec<usize> = (0..edges.len()).collect();
    fn root(group: &mut [usize], mut i: usize) -> usize {
        while group[i] != i {
            group[i] = group[group[i]];
            i = group[i];
        }
        i
    }
    for (k, &i) in hs.iter().enumerate() {
        for &j in &hs[k + 1..] {
            let (a, b) = (edges[i], edges[j]);
            let step = (a.pos - b.pos).abs();
            let end_to_end = (a.end - b.start).abs() <= s.join_tolerance
                || (b.end - a.start).abs() <= s.join_tolerance;
            if step > 0.0 && step <= max_step && end_to_end {
                let (ri, rj) = (root(&mut group, i), root(&mut group, j));
                group[ri] = rj;
            }
        }
    }
    let mut moves: Vec<(f64, f64, f64, f64)> = Vec::new(); // (old y, x0, x1, new y)
    for &i in &hs {
        let r = root(&mut group, i);
        let members: Vec<usize> = hs
            .iter()
            .copied()
            .filter(|&j| root(&mut group, j) == r)
            .collect();
        let Some(&longest) = members
            .iter()
            .max_by(|&&a, &&b| edges[a].len().total_cmp(&edges[b].len()))
        else {
            continue;
        };
        let target = edges[longest].pos;
        if edges[i].pos != target {
            moves.push((edges[i].pos, edges[i].start, edges[i].end, target));
        }
    }
    for &(old, x0, x1, new) in &moves {
        for e in edges.iter_mut() {
            match e.orientation {
                Orientation::Horizontal if e.pos == old && e.start == x0 && e.end == x1 => {
                    e.pos = new
                }
                Orientation::Vertical
                    if e.pos >= x0 - s.intersection_tolerance
                        && e.pos <= x1 + s.intersection_tolerance =>
                {
                    if (e.end - old).abs() <= s.intersection_tolerance && new > e.start {
                        e.end = new;
                    } else if (e.start - old).abs() <= s.intersection_tolerance && new < e.end {
                        e.start = new;
                    }
                }
                _ => {}
            }
        }
    }
}

/// Add synthetic edges where a ruled table was left open.
///
/// A vertical edge that runs on past the lowest horizontal edge it crosses
/// by more than [`LayoutSettings::open_end_min_overhang`] has a dangling
/// bottom; when two or more dangling bottoms end together (within the join
/// tolerance), a synthetic horizontal edge joins them. That is how some
/// producers (reportlab's default, hand-made PDFs) leave a table row broken
/// at the page bottom: side borders down to the page end, no closing border;
/// the continuation on the next page may likewise lack its top border. Tops
/// likewise, and horizontal edges dangling past
/// the outermost vertical edge (tables drawn without outer side borders) get
/// a synthetic vertical edge.
pub(crate) fn close_open_ends(edges: &mut Vec<Edge>, s: &LayoutSettings) {
    let mut added = Vec::new();
    for orientation in [Orientation::Vertical, Orientation::Horizontal] {
        let (mut lows, mut highs) = (Vec::new(), Vec::new());
        for e in edges.iter().filter(|e| e.orientation == orientation) {
            let crossing: Vec<f64> = edges
                .iter()
                .filter(|o| e.crosses(o, s.intersection_tolerance))
                .map(|o| o.pos)
                .collect();
            let (Some(first), Some(last)) = (
                crossing.iter().copied().reduce(f64::min),
                crossing.iter().copied().reduce(f64::max),
            ) else {
                continue;
            };
            if first - e.start > s.open_end_min_overhang {
                lows.push((e.start, e.pos));
            }
            if e.end - last > s.open_end_min_overhang {
                highs.push((e.end, e.pos));
            }
        }
        let across = match orientation {
            Orientation::Vertical => Orientation::Horizontal,
            Orientation::Horizontal => Orientation::Vertical,
        };
        for ends in [lows, highs] {
            added.extend(closing_edges(ends, across, s.join_tolerance));
        }
    }
    edges.extend(added);
}

/// Group dangling ends `(end position, edge position)` that lie within `tol`
/// of each other; each group of two or more becomes one synthetic edge.
fn closing_edges(mut ends: Vec<(f64, f64)>, orientation: Orientation, tol: f64) -> Vec<Edge> {
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut group: Vec<(f64, f64)> = Vec::new();
    let mut flush = |group: &mut Vec<(f64, f64)>| {
        if group.len() >= 2 {
            let pos = group.iter().map(|g| g.0).sum::<f64>() / group.len() as f64;
            let lo = group.iter().map(|g| g.1).fold(f64::INFINITY, f64::min);
            let hi = group.iter().map(|g| g.1).fold(f64::NEG_INFINITY, f64::max);
            out.push(Edge {
                orientation,
                pos,
                start: lo,
                end: hi,
                synthetic: true,
            });
        }
        group.clear();
    };
    for end in ends {
        if let Some(last) = group.last() {
            if end.0 - last.0 > tol {
                flush(&mut group);
            }
        }
        group.push(end);
    }
    flush(&mut group);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(x0: f64, top: f64, x1: f64, bottom: f64) -> Rule {
        Rule {
            x0,
            top,
            x1,
            bottom,
        }
    }

    #[test]
    fn thin_rectangle_sides_snap_into_one_edge() {
        // One horizontal border drawn as the two long sides of a 0.75pt box,
        // in two pieces; plus the box's short caps.
        let rules = [
            rule(10.0, 100.0, 60.0, 100.0),
            rule(10.0, 100.75, 60.0, 100.75),
            rule(60.0, 100.0, 110.0, 100.0),
            rule(60.0, 100.75, 110.0, 100.75),
            rule(10.0, 100.0, 10.0, 100.75),
        ];
        let s = LayoutSettings::default();
        let edges = drop_short_edges(
            join_edges(
                snap_edges(
                    rules_to_edges(&rules, s.max_rule_thickness),
                    s.snap_tolerance,
                ),
                s.join_tolerance,
            ),
            s.min_edge_length,
        );
        assert_eq!(edges.len(), 1, "{edges:?}");
        assert_eq!(edges[0].orientation, Orientation::Horizontal);
        assert!((edges[0].pos - 100.375).abs() < 1e-9);
        assert_eq!((edges[0].start, edges[0].end), (10.0, 110.0));
    }

    #[test]
    fn open_bottom_gets_a_synthetic_border() {
        // Two columns, top border only, sides run down 50pt.
        let rules = [
            rule(0.0, 0.0, 100.0, 0.0),
            rule(0.0, 20.0, 100.0, 20.0),
            rule(0.0, 0.0, 0.0, 70.0),
            rule(50.0, 0.0, 50.0, 70.0),
            rule(100.0, 0.0, 100.0, 70.0),
        ];
        let edges = page_edges(&rules, 10.0, &LayoutSettings::default());
        let synthetic: Vec<_> = edges.iter().filter(|e| e.synthetic).collect();
        assert_eq!(synthetic.len(), 1, "{edges:?}");
        assert_eq!(synthetic[0].orientation, Orientation::Horizontal);
        assert_eq!(
            (synthetic[0].pos, synthetic[0].start, synthetic[0].end),
            (70.0, 0.0, 100.0)
        );
    }

    #[test]
    fn staggered_row_border_is_aligned() {
        // Column 0's cell ends 6pt above the row border of columns 1–2, and the
        // border between columns 0 and 1 has a gap there.
        let rules = [
            rule(0.0, 0.0, 300.0, 0.0),
            rule(0.0, 44.0, 100.0, 44.0),
            rule(100.0, 50.0, 300.0, 50.0),
            rule(0.0, 100.0, 300.0, 100.0),
            rule(0.0, 0.0, 0.0, 100.0),
            rule(100.0, 0.0, 100.0, 44.4),
            rule(100.0, 50.4, 100.0, 100.0),
            rule(300.0, 0.0, 300.0, 100.0),
        ];
        let edges = page_edges(&rules, 9.0, &LayoutSettings::default());
        let mut hs: Vec<f64> = edges
            .iter()
            .filter(|e| e.orientation == Orientation::Horizontal)
            .map(|e| e.pos)
            .collect();
        hs.dedup();
        assert_eq!(hs, [0.0, 50.0, 100.0]);
        let v100: Vec<(f64, f64)> = edges
            .iter()
            .filter(|e| e.orientation == Orientation::Vertical && e.pos == 100.0)
            .map(|e| (e.start, e.end))
            .collect();
        assert_eq!(v100, [(0.0, 100.0)]);
    }

    #[test]
    fn non_finite_rules_are_ignored() {
        let rules = [
            rule(f64::NAN, 0.0, 10.0, 0.0),
            rule(0.0, 0.0, f64::INFINITY, 0.0),
        ];
        assert!(page_edges(&rules, 10.0, &LayoutSettings::default()).is_empty());
    }
}
