//! Steps 2 and 3 of a diff: old and new figures paired by their stable id
//! (after the old ids are renumbered to the aligned rows), then what is left
//! by its identity (what its id's discriminators are made of).

use std::collections::{HashMap, VecDeque};

use serde_json::Value;

use super::align::{align_rows, renumbered, rows_by_section};
use super::s;

/// Metric path of each record (parent path / metric), by id.
pub(super) fn metric_paths(recs: &[Value]) -> HashMap<&str, String> {
    let by_id: HashMap<&str, &Value> = recs
        .iter()
        .filter_map(|r| Some((r.get("id")?.as_str()?, r)))
        .collect();
    let mut out = HashMap::new();
    for (id, r) in &by_id {
        let mut parts = vec![s(r, "metric")];
        let mut cur = *r;
        // Parents precede children; the bound guards against cycles in
        // hand-edited JSON.
        for _ in 0..32 {
            let Some(p) = cur.get("parent").and_then(Value::as_str) else {
                break;
            };
            let Some(pr) = by_id.get(p) else { break };
            parts.push(s(pr, "metric"));
            cur = pr;
        }
        parts.reverse();
        out.insert(*id, parts.join("/"));
    }
    out
}

/// What a figure is, apart from its id's position-dependent parts.
pub(super) fn identity(r: &Value, row: u64, path: &str) -> String {
    let quals = r
        .get("qualifiers")
        .and_then(Value::as_array)
        .is_some_and(|q| q.iter().any(|x| x == "累計"));
    format!(
        "{}|{}|{}|{}|{}|{}|{}|{}|{}",
        r.get("section").and_then(Value::as_u64).unwrap_or(0),
        row,
        r.get("fiscal_year").and_then(Value::as_i64).unwrap_or(0),
        s(r, "column"),
        path,
        s(r, "subject"),
        s(r, "event_date"),
        quals,
        s(r, "unit"),
    )
}

/// Which old figure each new one is, and where the old rows went.
pub(super) struct Matching {
    /// For each new record, the index of its old record.
    pub match_of_new: Vec<Option<usize>>,
    /// For each old record, whether a new record matched it.
    pub old_matched: Vec<bool>,
    /// For each old record, the new edition's row its row is aligned with
    /// (`None`: its row is gone).
    pub old_rows: Vec<Option<u64>>,
}

/// Pair the records of two editions: rows aligned (step 1), then ids
/// (step 2), then identities (step 3).
pub(super) fn match_records(old_recs: &[Value], new_recs: &[Value]) -> Matching {
    // Step 1: align rows and renumber the old ids.
    let old_rows = rows_by_section(old_recs);
    let new_rows = rows_by_section(new_recs);
    let mut row_map: HashMap<(u64, u64), u64> = HashMap::new();
    for (sec, rows) in &old_rows {
        let empty = Vec::new();
        let nrows = new_rows.get(sec).unwrap_or(&empty);
        for (o, n) in align_rows(rows, nrows) {
            row_map.insert((*sec, o), n);
        }
    }
    // The old records' ids as they would read in the new edition (None: the
    // row is gone), and their aligned row.
    let old_keys: Vec<(Option<String>, Option<u64>)> = old_recs
        .iter()
        .map(|r| {
            let sec = r.get("section").and_then(Value::as_u64).unwrap_or(0);
            let row = r.get("row").and_then(Value::as_u64).unwrap_or(0);
            let id = r.get("id").and_then(Value::as_str).unwrap_or_default();
            match row_map.get(&(sec, row)) {
                Some(&n) => (renumbered(id, sec, row, n), Some(n)),
                None => (None, None),
            }
        })
        .collect();
    let mut old_by_id: HashMap<&str, usize> = HashMap::new();
    for (i, (k, _)) in old_keys.iter().enumerate() {
        if let Some(k) = k {
            old_by_id.entry(k.as_str()).or_insert(i);
        }
    }
    // Step 2: ids.
    let mut match_of_new: Vec<Option<usize>> = vec![None; new_recs.len()];
    let mut old_matched = vec![false; old_recs.len()];
    for (pos, n) in new_recs.iter().enumerate() {
        let id = n.get("id").and_then(Value::as_str).unwrap_or_default();
        if let Some(&i) = old_by_id.get(id) {
            if !old_matched[i] {
                old_matched[i] = true;
                match_of_new[pos] = Some(i);
            }
        }
    }
    // Step 3: identities, for what is left (k-th with k-th).
    let (old_paths, new_paths) = (metric_paths(old_recs), metric_paths(new_recs));
    let path_of = |paths: &HashMap<&str, String>, r: &Value| {
        let id = r.get("id").and_then(Value::as_str).unwrap_or_default();
        paths.get(id).cloned().unwrap_or_else(|| s(r, "metric"))
    };
    let mut left: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (i, o) in old_recs.iter().enumerate() {
        if let (false, Some(row)) = (old_matched[i], old_keys[i].1) {
            left.entry(identity(o, row, &path_of(&old_paths, o)))
                .or_default()
                .push_back(i);
        }
    }
    for (pos, n) in new_recs.iter().enumerate() {
        if match_of_new[pos].is_some() {
            continue;
        }
        let row = n.get("row").and_then(Value::as_u64).unwrap_or(0);
        let key = identity(n, row, &path_of(&new_paths, n));
        if let Some(i) = left.get_mut(&key).and_then(|q| q.pop_front()) {
            old_matched[i] = true;
            match_of_new[pos] = Some(i);
        }
    }

    Matching {
        match_of_new,
        old_matched,
        old_rows: old_keys.into_iter().map(|(_, row)| row).collect(),
    }
}
