//! Differences between two editions of a report.
//!
//! Records are matched in three steps, so that an edition that inserts,
//! deletes or rewords a row does not turn every later figure into
//! "removed + added":
//!
//! 1. **Rows are aligned** per section ([`align_rows`]): rows whose
//!    category, organisation and measure text are equal are paired by a
//!    longest common subsequence, then rows that moved (a key left once on
//!    each side); between two anchors, the remaining
//!    rows are paired in order when their measure text is the same (a
//!    heading changed) or else with the row of the same organisation whose
//!    measure text is most alike (a reworded measure).
//!    Old ids are then renumbered to the new rows.
//! 2. **Stable ids** are compared (section, row, fiscal year, metric).
//! 3. Figures still unmatched are paired by what their id discriminators
//!    are made of (metric path, subject, event date, 累計, unit) within the
//!    same aligned row and year: a later edition that adds a second
//!    `参加者数` to a cell changes the first one's id (`参加者数` →
//!    `参加者数@2024-10-23`) but not its identity.
//!
//! A figure whose value, unit or as-of date differs is `changed`
//! (with the delta and whether its as-of date moved; `old_id` names its id in
//! the old edition when that differs); one only in the new
//! edition is `added`, one only in the old is `removed`. A change is flagged
//! `suspicious` when a cumulative (累計) or year-to-date figure went down
//! while its as-of date moved forward: counts that accumulate cannot shrink.
//! KPI progress (see [`crate::progress`]) is compared per target as well.
//!
//! Works on validated JSON documents, so either side can be a PDF, a text
//! report or a document `tassei extract` wrote earlier.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

/// A figure's state on one side.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Side {
    #[serde(serialize_with = "crate::record::number")]
    pub value: f64,
    pub unit: String,
    pub as_of: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Changed,
    Added,
    Removed,
}

/// One difference.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub change: ChangeKind,
    pub id: String,
    /// The figure's id in the old edition when it differs from `id` (its row
    /// moved, or its discriminator changed).
    pub old_id: Option<String>,
    pub section: u64,
    pub fiscal_year: Option<i64>,
    pub metric: String,
    pub organization: Option<String>,
    pub measure: String,
    pub old: Option<Side>,
    pub new: Option<Side>,
    pub delta: Option<f64>,
    pub as_of_moved: bool,
    /// Why the change looks wrong, when it does.
    pub suspicious: Option<String>,
}

/// Progress toward a target, old and new.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ProgressChange {
    pub section: u64,
    pub target_id: String,
    pub metric: String,
    pub old_attainment: Option<f64>,
    pub new_attainment: Option<f64>,
    pub old_achieved: Option<f64>,
    pub new_achieved: Option<f64>,
    pub old_as_of: Option<String>,
    pub new_as_of: Option<String>,
}

/// Which documents were compared.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Edition {
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Diff {
    pub old: Edition,
    pub new: Edition,
    pub changes: Vec<Change>,
    pub progress: Vec<ProgressChange>,
}

fn s(v: &Value, k: &str) -> String {
    v.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn side(r: &Value) -> Side {
    Side {
        value: r.get("value").and_then(Value::as_f64).unwrap_or(0.0),
        unit: s(r, "unit"),
        as_of: r.get("as_of").and_then(Value::as_str).map(str::to_string),
    }
}

fn records(doc: &Value) -> &[Value] {
    doc.get("records")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn edition(doc: &Value) -> Edition {
    let src = doc.get("source").cloned().unwrap_or(Value::Null);
    Edition {
        path: s(&src, "path"),
        sha256: s(&src, "sha256"),
    }
}

/// Does this figure accumulate (so it may not go down as time passes)?
fn accumulates(r: &Value) -> Option<&'static str> {
    let quals: Vec<&str> = r
        .get("qualifiers")
        .and_then(Value::as_array)
        .map(|q| q.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if quals.contains(&"累計") {
        Some("cumulative (累計)")
    } else if r.get("fiscal_year").is_some_and(|f| !f.is_null())
        && r.get("as_of").is_some_and(|a| !a.is_null())
        && !quals.contains(&"目標")
    {
        Some("year-to-date")
    } else {
        None
    }
}

fn change_of(kind: ChangeKind, r: &Value, old: Option<Side>, new: Option<Side>) -> Change {
    Change {
        change: kind,
        id: s(r, "id"),
        old_id: None,
        section: r.get("section").and_then(Value::as_u64).unwrap_or(0),
        fiscal_year: r.get("fiscal_year").and_then(Value::as_i64),
        metric: s(r, "metric"),
        organization: r
            .get("organization")
            .and_then(Value::as_str)
            .map(str::to_string),
        measure: s(r, "measure"),
        delta: match (&old, &new) {
            (Some(o), Some(n)) if o.unit == n.unit => Some(n.value - o.value),
            _ => None,
        },
        as_of_moved: matches!((&old, &new), (Some(o), Some(n)) if o.as_of != n.as_of),
        old,
        new,
        suspicious: None,
    }
}

/// (section, row, fiscal year, side, position): the order a report reads in.
type OrderKey = (u64, u64, i64, usize, usize);

/// A row's identity inside its section.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct RowKey {
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
fn rows_by_section(recs: &[Value]) -> HashMap<u64, Vec<(u64, RowKey)>> {
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
fn align_rows(old: &[(u64, RowKey)], new: &[(u64, RowKey)]) -> HashMap<u64, u64> {
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
fn renumbered(id: &str, section: u64, old_row: u64, new_row: u64) -> Option<String> {
    let prefix = format!("s{section}.r{old_row}.");
    id.strip_prefix(&prefix)
        .map(|rest| format!("s{section}.r{new_row}.{rest}"))
}

/// Metric path of each record (parent path / metric), by id.
fn metric_paths(recs: &[Value]) -> HashMap<&str, String> {
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
fn identity(r: &Value, row: u64, path: &str) -> String {
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

/// Compare two validated report documents.
pub fn diff(old: &Value, new: &Value) -> Diff {
    let (old_recs, new_recs) = (records(old), records(new));
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
    let mut left: HashMap<String, std::collections::VecDeque<usize>> = HashMap::new();
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

    // (section, row, fiscal year, position) orders changes as the report reads.
    let mut keyed: Vec<(OrderKey, Change)> = Vec::new();
    let key = |r: &Value, side: usize, pos: usize| {
        (
            r.get("section").and_then(Value::as_u64).unwrap_or(0),
            r.get("row").and_then(Value::as_u64).unwrap_or(0),
            r.get("fiscal_year").and_then(Value::as_i64).unwrap_or(0),
            side,
            pos,
        )
    };
    for (pos, n) in new_recs.iter().enumerate() {
        match match_of_new[pos] {
            Some(i) => {
                let o = &old_recs[i];
                let (os, ns) = (side(o), side(n));
                if os != ns {
                    let mut c =
                        change_of(ChangeKind::Changed, n, Some(os.clone()), Some(ns.clone()));
                    let old_id = s(o, "id");
                    if old_id != c.id {
                        c.old_id = Some(old_id);
                    }
                    let forward = matches!((&os.as_of, &ns.as_of), (Some(a), Some(b)) if b > a);
                    if let Some(kind) = accumulates(n) {
                        if forward && ns.value < os.value && os.unit == ns.unit {
                            c.suspicious = Some(format!("{kind} figure went down ({} → {}) while its as-of date moved forward", crate::rules::format_value(os.value), crate::rules::format_value(ns.value)));
                        }
                    }
                    keyed.push((key(n, 0, pos), c));
                }
            }
            None => keyed.push((
                key(n, 0, pos),
                change_of(ChangeKind::Added, n, None, Some(side(n))),
            )),
        }
    }
    for (i, o) in old_recs.iter().enumerate() {
        if !old_matched[i] {
            // Ordered where the row sits in the new edition when it still exists.
            let mut k = key(o, 1, i);
            if let Some(row) = old_keys[i].1 {
                k.1 = row;
            }
            keyed.push((k, change_of(ChangeKind::Removed, o, Some(side(o)), None)));
        }
    }
    keyed.sort_by_key(|k| k.0);
    Diff {
        old: edition(old),
        new: edition(new),
        changes: keyed.into_iter().map(|(_, c)| c).collect(),
        progress: progress_changes(old, new),
    }
}

fn progress_entries(doc: &Value) -> Vec<(u64, &Value)> {
    doc.get("sections")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|sec| {
            let n = sec.get("number").and_then(Value::as_u64).unwrap_or(0);
            sec.get("progress")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(move |p| (n, p))
        })
        .collect()
}

fn progress_changes(old: &Value, new: &Value) -> Vec<ProgressChange> {
    let olds = progress_entries(old);
    let news = progress_entries(new);
    let mut out = Vec::new();
    let mut ids: Vec<(u64, String, String)> = Vec::new();
    for (n, p) in olds.iter().chain(news.iter()) {
        let id = s(p, "target_id");
        if !ids.iter().any(|(_, i, _)| *i == id) {
            ids.push((*n, id, s(p, "metric")));
        }
    }
    for (section, id, metric) in ids {
        let find = |list: &[(u64, &Value)]| {
            list.iter()
                .find(|(_, p)| s(p, "target_id") == id)
                .map(|(_, p)| (*p).clone())
        };
        let (o, n) = (find(&olds), find(&news));
        let f =
            |p: &Option<Value>, k: &str| p.as_ref().and_then(|p| p.get(k)).and_then(Value::as_f64);
        let d = |p: &Option<Value>| {
            p.as_ref()
                .and_then(|p| p.get("as_of"))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        out.push(ProgressChange {
            section,
            target_id: id,
            metric,
            old_attainment: f(&o, "attainment"),
            new_attainment: f(&n, "attainment"),
            old_achieved: f(&o, "achieved"),
            new_achieved: f(&n, "achieved"),
            old_as_of: d(&o),
            new_as_of: d(&n),
        });
    }
    out
}

/// The diff as a table for a terminal.
pub fn render_table(d: &Diff) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let side = |s: &Option<Side>| {
        s.as_ref().map_or("-".to_string(), |s| {
            format!("{}{}", crate::rules::format_value(s.value), s.unit)
        })
    };
    let as_of = |s: &Option<Side>| {
        s.as_ref()
            .and_then(|s| s.as_of.clone())
            .unwrap_or_else(|| "-".into())
    };
    let _ = writeln!(
        out,
        "{} → {}: {} change(s)",
        d.old.path,
        d.new.path,
        d.changes.len()
    );
    for c in &d.changes {
        let kind = match c.change {
            ChangeKind::Changed => "changed",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
        };
        let delta = c.delta.map_or(String::new(), |x| {
            format!(
                " ({}{})",
                if x >= 0.0 { "+" } else { "" },
                crate::rules::format_value(x)
            )
        });
        let dates = if c.as_of_moved {
            format!("  as of {} → {}", as_of(&c.old), as_of(&c.new))
        } else {
            String::new()
        };
        let was = c
            .old_id
            .as_ref()
            .map_or(String::new(), |o| format!(" (was {o})"));
        let _ = writeln!(
            out,
            "{kind:<8} {}{was}  {} → {}{delta}{dates}",
            c.id,
            side(&c.old),
            side(&c.new)
        );
        if let Some(why) = &c.suspicious {
            let _ = writeln!(out, "         ⚠ suspicious: {why}");
        }
    }
    for p in &d.progress {
        let pct = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{:.1}%", x * 100.0));
        let _ = writeln!(
            out,
            "progress {}  {} → {}  (as of {} → {})",
            p.target_id,
            pct(p.old_attainment),
            pct(p.new_attainment),
            p.old_as_of.as_deref().unwrap_or("-"),
            p.new_as_of.as_deref().unwrap_or("-")
        );
    }
    out
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
