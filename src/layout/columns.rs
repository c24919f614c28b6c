//! Grid columns consistent across the document: the first table (of two or
//! more columns) sets the reference column x-ranges, and every table's local
//! columns are mapped onto them by x overlap.

use super::geom::overlap;

/// Where each local column lands in the reference grid: `(first, span)`.
pub(crate) type ColumnMap = Vec<(usize, usize)>;

/// Map the local columns (boundaries `local`) onto the reference columns
/// (boundaries `reference`). A local column takes every reference column it
/// covers by at least half; one narrower than that takes the reference column
/// it overlaps most. `None` when the tables do not line up (a local column
/// outside the reference, or two local columns landing on the same reference
/// column): such a table keeps its own column numbering.
pub(crate) fn map_columns(reference: &[f64], local: &[f64]) -> Option<ColumnMap> {
    let refs: Vec<(f64, f64)> = reference.windows(2).map(|w| (w[0], w[1])).collect();
    let mut map = Vec::new();
    let mut next_free = 0;
    for w in local.windows(2) {
        let (a, b) = (w[0], w[1]);
        let overlaps: Vec<f64> = refs.iter().map(|r| overlap(a, b, r.0, r.1)).collect();
        let covered: Vec<usize> = (0..refs.len())
            .filter(|&k| overlaps[k] >= 0.5 * (refs[k].1 - refs[k].0))
            .collect();
        let (first, span) = match (covered.first(), covered.last()) {
            (Some(&f), Some(&l)) => (f, l - f + 1),
            _ => {
                let best = (0..refs.len())
                    .filter(|&k| overlaps[k] > 0.0)
                    .max_by(|&x, &y| overlaps[x].total_cmp(&overlaps[y]))?;
                (best, 1)
            }
        };
        if first < next_free {
            return None;
        }
        next_free = first + span;
        map.push((first, span));
    }
    Some(map)
}

/// The identity map for a table with `n` columns.
pub(crate) fn identity(n: usize) -> ColumnMap {
    (0..n).map(|i| (i, 1)).collect()
}

/// Whether two tables have the same column boundaries (within `tol`).
pub(crate) fn same_columns(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifted_and_merged_columns_map_by_overlap() {
        let reference = [0.0, 100.0, 300.0, 500.0];
        assert_eq!(
            map_columns(&reference, &[1.0, 101.0, 299.0, 501.0]),
            Some(vec![(0, 1), (1, 1), (2, 1)])
        );
        // A table whose last two columns are one.
        assert_eq!(
            map_columns(&reference, &[0.0, 100.0, 500.0]),
            Some(vec![(0, 1), (1, 2)])
        );
        // A table elsewhere on the page.
        assert_eq!(map_columns(&reference, &[600.0, 700.0, 800.0]), None);
    }
}
