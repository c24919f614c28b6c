//! Step 1 of a diff: the rows of each section of the old edition aligned
//! with the new edition's, so that an inserted, deleted, moved or reworded
//! row does not turn every later figure into "removed + added".

use std::collections::HashMap;

use serde_json::Value;

use super::s;

/// A row's identity inside its section.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct RowKey {
    category: Option<String>,
    organization: Option<String>,
    measure: String,
}

fn opt(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_string)
}

fn row_key(r: &Value) -> RowKey {
    RowKey {
        category: opt(r, "category"),
        organization: opt(r, "organization"),
        measure: s(r, "measure"),
    }
}

/// The distinct rows of each section, in report order.
pub(super) fn rows_by_section(recs: &[Value]) -> HashMap<u64, Vec<(u64, RowKey)>> {
    let mut rows: std::collections::BTreeMap<(u64, u64), RowKey> = Default::default();
    for r in recs {
        let sec = r.get("section").and_then(Value::as_u64).unwrap_or(0);
        let row = r.get("row").and_then(Value::as_u64).unwrap_or(0);
        rows.entry((sec, row)).or_insert_with(|| row_key(r));
    }
    let mut out: HashMap<u64, Vec<(u64, RowKey)>> = HashMap::new();
    for ((sec, row), key) in rows {
        out.entry(sec).or_default().push((row, key));
    }
    out
}

/// Above this many cells the LCS table is not built; rows are then paired by
/// equal keys in order.
const MAX_LCS_CELLS: usize = 4_000_000;

/// Pairs of indices (old, new) of equal keys, in order: a longest common
/// subsequence.
fn common_rows(old: &[(u64, RowKey)], new: &[(u64, RowKey)]) -> Vec<(usize, usize)> {
    let (n, m) = (old.len(), new.len());
    let mut pairs = Vec::new();
    if n.saturating_mul(m) > MAX_LCS_CELLS {
        let mut j = 0;
        for (i, (_, k)) in old.iter().enumerate() {
            if let Some(d) = new[j..].iter().position(|(_, nk)| nk == k) {
                pairs.push((i, j + d));
                j += d + 1;
            }
        }
        return pairs;
    }
    // lcs[i][j]: LCS length of old[i..] and new[j..].
    let w = m + 1;
    let mut lcs = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * w + j] = if old[i].1 == new[j].1 {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if old[i].1 == new[j].1 {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// For one section: old row number → new row number, for every old row
/// that still exists (unchanged, moved, or reworded in place).
pub(super) fn align_rows(old: &[(u64, RowKey)], new: &[(u64, RowKey)]) -> HashMap<u64, u64> {
    let anchors = common_rows(old, new);
    let mut old_pair: Vec<Option<usize>> = vec![None; old.len()];
    let mut new_taken = vec![false; new.len()];
    for &(i, j) in &anchors {
        old_pair[i] = Some(j);
        new_taken[j] = true;
    }
    // Moved rows: a key that is left exactly once on each side.
    let mut left: HashMap<&RowKey, (usize, Vec<usize>)> = HashMap::new();
    for (j, (_, k)) in new.iter().enumerate().filter(|(j, _)| !new_taken[*j]) {
        left.entry(k).or_default().1.push(j);
    }
    for (i, (_, k)) in old.iter().enumerate() {
        if old_pair[i].is_none() {
            if let Some(e) = left.get_mut(k) {
                e.0 += 1;
            }
        }
    }
    for i in 0..old.len() {
        if old_pair[i].is_some() {
            continue;
        }
        if let Some((1, js)) = left.get(&old[i].1) {
            if let [j] = js.as_slice() {
                old_pair[i] = Some(*j);
                new_taken[*j] = true;
            }
        }
    }
    // Between two anchors, pair what is left, in order: the same measure
    // text (a heading changed), else the most alike measure of the same
    // organisation (a reworded measure).
    let (mut oi, mut nj) = (0, 0);
    let ends = anchors.iter().copied().chain([(old.len(), new.len())]);
    for (ai, aj) in ends {
        let mut j = nj;
        for i in oi..ai {
            if old_pair[i].is_some() {
                continue;
            }
            let ok = &old[i].1;
            let free: Vec<usize> = (j..aj).filter(|&c| !new_taken[c]).collect();
            let same = free
                .iter()
                .position(|&c| new[c].1.measure == ok.measure)
                .or_else(|| {
                    most_similar(&ok.measure, free.iter().map(|&c| &new[c].1), |nk| {
                        nk.organization == ok.organization
                    })
                });
            if let Some(d) = same {
                let c = free[d];
                old_pair[i] = Some(c);
                new_taken[c] = true;
                j = c + 1;
            }
        }
        oi = ai + 1;
        nj = aj + 1;
    }
    old_pair
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.map(|j| (old[i].0, new[j].0)))
        .collect()
}

/// Character bigrams of a text.
fn bigrams(s: &str) -> std::collections::HashSet<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Dice similarity of two texts' character bigrams (0..=1).
fn similarity(a: &str, b: &str) -> f64 {
    let (x, y) = (bigrams(a), bigrams(b));
    if x.is_empty() && y.is_empty() {
        return 1.0;
    }
    2.0 * x.intersection(&y).count() as f64 / (x.len() + y.len()) as f64
}

/// Among the rows of `gap` that pass `eligible`, the index of the one whose
/// measure text is most like `measure` (the first on ties).
fn most_similar<'a>(
    measure: &str,
    gap: impl Iterator<Item = &'a RowKey>,
    eligible: impl Fn(&RowKey) -> bool,
) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, k) in gap.enumerate() {
        if !eligible(k) {
            continue;
        }
        let sim = similarity(measure, &k.measure);
        if best.is_none_or(|(_, b)| sim > b) {
            best = Some((i, sim));
        }
    }
    best.map(|(i, _)| i)
}

/// The old record's id with its row number replaced by the aligned new row
/// (`None` when its row has no counterpart).
pub(super) fn renumbered(id: &str, section: u64, old_row: u64, new_row: u64) -> Option<String> {
    let prefix = format!("s{section}.r{old_row}.");
    id.strip_prefix(&prefix)
        .map(|rest| format!("s{section}.r{new_row}.{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(measures: &[&str]) -> Vec<(u64, RowKey)> {
        measures
            .iter()
            .enumerate()
            .map(|(i, m)| {
                (
                    i as u64,
                    RowKey {
                        category: None,
                        organization: Some(if m.starts_with('県') { "県" } else { "局" }.into()),
                        measure: (*m).into(),
                    },
                )
            })
            .collect()
    }

    #[test]
    fn rows_align_around_insertions_and_rewordings() {
        let old = rows(&["局a", "局bb", "局c", "県d"]);
        let new = rows(&["局a", "局xyz", "局bb2", "局c", "県d", "県e"]);
        let map = align_rows(&old, &new);
        // a stays, b is reworded into bb2 (xyz is new), c and d move down.
        assert_eq!(map.get(&0), Some(&0));
        assert_eq!(map.get(&1), Some(&2));
        assert_eq!(map.get(&2), Some(&3));
        assert_eq!(map.get(&3), Some(&4));
        assert_eq!(map.len(), 4);
    }

    #[test]
    fn swapped_rows_stay_paired() {
        let old = rows(&["局a", "局b", "県c"]);
        let new = rows(&["局b", "局a", "県c"]);
        let map = align_rows(&old, &new);
        assert_eq!(map, HashMap::from([(0, 1), (1, 0), (2, 2)]));
    }

    #[test]
    fn huge_sections_fall_back_to_ordered_matching() {
        let names: Vec<String> = (0..2001).map(|i| format!("局{i}")).collect();
        let old: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut new_names = names.clone();
        new_names.insert(5, "局new".into());
        let new: Vec<&str> = new_names.iter().map(String::as_str).collect();
        let (o, n) = (rows(&old), rows(&new));
        assert!(o.len() * n.len() > MAX_LCS_CELLS);
        let pairs = common_rows(&o, &n);
        assert_eq!(pairs.len(), 2001);
        assert_eq!(pairs[5], (5, 6));
    }

    #[test]
    fn renumbering_touches_only_the_row() {
        assert_eq!(
            renumbered("s1.r12.fy2024.参加者数", 1, 12, 13).as_deref(),
            Some("s1.r13.fy2024.参加者数")
        );
        assert_eq!(renumbered("s2.r12.fy2024.x", 1, 12, 13), None);
    }
}
