//! Differences between two editions of a report.
//!
//! Records are matched in three steps, so that an edition that inserts,
//! deletes or rewords a row does not turn every later figure into
//! "removed + added":
//!
//! 1. **Rows are aligned** per section (`align.rs`): rows whose
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
//!    same aligned row and year (`matching.rs`): a later edition that adds a
//!    second `参加者数` to a cell changes the first one's id (`参加者数` →
//!    `参加者数@2024-10-23`) but not its identity.
//!
//! A figure whose value or unit differs is `changed` (with the delta, in
//! the figures' own precision, and whether its as-of date moved; `old_id`
//! names its id in the old edition when that differs); one only in the new
//! edition is `added`, one only in the old is `removed`. A figure whose value
//! and unit are the same but whose as-of date moved (`595回` then, `595回`
//! now, counted to a later day) is not a change: it is listed apart, in
//! `as_of_only`. A change is flagged `suspicious` when a cumulative (累計) or
//! year-to-date figure went down while its as-of date moved forward: counts
//! that accumulate cannot shrink. KPI progress (see [`crate::progress`]) is
//! compared per target as well (`progress.rs`); [`table`] renders a diff for a
//! terminal.
//!
//! Works on validated JSON documents, so either side can be a PDF, a text
//! report or a document `tassei extract` wrote earlier.

use serde::Serialize;
use serde_json::Value;

mod align;
mod matching;
mod progress;
pub mod table;

pub use table::{render_table, render_table_styled, TableStyle};

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

impl ChangeKind {
    /// The word the table and the JSON use.
    pub fn word(self) -> &'static str {
        match self {
            ChangeKind::Changed => "changed",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
        }
    }
}

/// One difference.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    pub change: ChangeKind,
    #[serde(flatten)]
    pub figure: FigureKey,
    pub old: Option<Side>,
    pub new: Option<Side>,
    /// New minus old, in the figures' own precision (an integer for
    /// integers), when both sides have the same unit.
    #[serde(serialize_with = "crate::record::opt_number")]
    pub delta: Option<f64>,
    pub as_of_moved: bool,
    /// Why the change looks wrong, when it does.
    pub suspicious: Option<String>,
}

/// What identifies a figure in [`Change`] and [`AsOfMove`] (their first
/// fields in the JSON document).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FigureKey {
    pub id: String,
    /// The figure's id in the old edition when it differs from `id` (its row
    /// moved, or its discriminator changed).
    pub old_id: Option<String>,
    pub section: u64,
    pub fiscal_year: Option<i64>,
    pub metric: String,
    pub organization: Option<String>,
    pub measure: String,
}

impl FigureKey {
    /// The id as the aligned table prints it: `ID (was OLD)` when it moved.
    pub fn shown_id(&self) -> String {
        match &self.old_id {
            Some(o) => format!("{} (was {o})", self.id),
            None => self.id.clone(),
        }
    }
}

/// A figure whose value and unit did not change but whose as-of date moved:
/// the same count, confirmed at a later (or earlier) day. Not a change.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AsOfMove {
    #[serde(flatten)]
    pub figure: FigureKey,
    #[serde(serialize_with = "crate::record::number")]
    pub value: f64,
    pub unit: String,
    pub old_as_of: Option<String>,
    pub new_as_of: Option<String>,
}

/// Progress toward a target, old and new.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ProgressChange {
    pub section: u64,
    pub target_id: String,
    pub metric: String,
    pub old_attainment: Option<f64>,
    pub new_attainment: Option<f64>,
    #[serde(serialize_with = "crate::record::opt_number")]
    pub old_achieved: Option<f64>,
    #[serde(serialize_with = "crate::record::opt_number")]
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
    /// Figures changed, added or removed, in report order.
    pub changes: Vec<Change>,
    /// Figures whose only difference is their as-of date, in report order.
    pub as_of_only: Vec<AsOfMove>,
    pub progress: Vec<ProgressChange>,
}

impl Diff {
    /// Did any figure change, appear or disappear? (What `diff --exit-code`
    /// answers; an as-of date that moved alone is not a change.)
    pub fn has_changes(&self) -> bool {
        !self.changes.is_empty()
    }

    /// How many changes of `kind`.
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.change == kind).count()
    }
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

/// Digits after the decimal point of a value as tassei writes it.
fn decimals(v: f64) -> Option<i32> {
    let text = crate::rules::format_value(v);
    if text.contains(['e', 'E']) || !v.is_finite() {
        return None; // exponent form: leave the difference as it is
    }
    Some(text.split_once('.').map_or(0, |(_, f)| f.len() as i32))
}

/// `new - old` in the figures' own precision: 97.6 - 95.1 is 2.5, not
/// 2.4999999999999943, and integers give an integer.
pub fn delta(old: f64, new: f64) -> f64 {
    let raw = new - old;
    match (decimals(old), decimals(new)) {
        (Some(a), Some(b)) if a.max(b) <= 12 => {
            let scale = 10f64.powi(a.max(b));
            let rounded = (raw * scale).round() / scale;
            if rounded == 0.0 {
                0.0 // never -0
            } else {
                rounded
            }
        }
        _ => raw,
    }
}

/// The key of the record `r`.
fn figure_key(r: &Value) -> FigureKey {
    FigureKey {
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
    }
}

fn change_of(kind: ChangeKind, r: &Value, old: Option<Side>, new: Option<Side>) -> Change {
    Change {
        change: kind,
        figure: figure_key(r),
        delta: match (&old, &new) {
            (Some(o), Some(n)) if o.unit == n.unit => Some(delta(o.value, n.value)),
            _ => None,
        },
        as_of_moved: matches!((&old, &new), (Some(o), Some(n)) if o.as_of != n.as_of),
        old,
        new,
        suspicious: None,
    }
}

/// The key of the new record `n` matched with the old `o` (`old_id` when
/// the ids differ).
fn matched_key(o: &Value, n: &Value) -> FigureKey {
    let mut key = figure_key(n);
    let old_id = s(o, "id");
    if old_id != key.id {
        key.old_id = Some(old_id);
    }
    key
}

/// The new record `n`, matched with the old `o`, whose only difference is
/// its as-of date.
fn as_of_move(o: &Value, n: &Value, os: Side, ns: Side) -> AsOfMove {
    AsOfMove {
        figure: matched_key(o, n),
        value: ns.value,
        unit: ns.unit,
        old_as_of: os.as_of,
        new_as_of: ns.as_of,
    }
}

/// A figure matched on both sides whose value or unit differs.
fn changed(o: &Value, n: &Value, os: Side, ns: Side) -> Change {
    let forward = matches!((&os.as_of, &ns.as_of), (Some(a), Some(b)) if b > a);
    let went_down = forward && ns.value < os.value && os.unit == ns.unit;
    let suspicious = accumulates(n).filter(|_| went_down).map(|kind| {
        format!(
            "{kind} figure went down ({} → {}) while its as-of date moved forward",
            crate::rules::format_value(os.value),
            crate::rules::format_value(ns.value)
        )
    });
    let mut c = change_of(ChangeKind::Changed, n, Some(os), Some(ns));
    c.figure = matched_key(o, n);
    c.suspicious = suspicious;
    c
}

/// (section, row, fiscal year, side, position): the order a report reads in.
type OrderKey = (u64, u64, i64, usize, usize);

fn order_key(r: &Value, side: usize, pos: usize) -> OrderKey {
    (
        r.get("section").and_then(Value::as_u64).unwrap_or(0),
        r.get("row").and_then(Value::as_u64).unwrap_or(0),
        r.get("fiscal_year").and_then(Value::as_i64).unwrap_or(0),
        side,
        pos,
    )
}

/// Compare two validated report documents.
pub fn diff(old: &Value, new: &Value) -> Diff {
    let (old_recs, new_recs) = (records(old), records(new));
    let m = matching::match_records(old_recs, new_recs);
    // Ordered as the report reads.
    let mut keyed: Vec<(OrderKey, Change)> = Vec::new();
    let mut as_of_only: Vec<(OrderKey, AsOfMove)> = Vec::new();
    for (pos, n) in new_recs.iter().enumerate() {
        let key = order_key(n, 0, pos);
        match m.match_of_new[pos] {
            Some(i) => {
                let o = &old_recs[i];
                let (os, ns) = (side(o), side(n));
                if os == ns {
                    continue;
                }
                if os.value == ns.value && os.unit == ns.unit {
                    as_of_only.push((key, as_of_move(o, n, os, ns)));
                } else {
                    keyed.push((key, changed(o, n, os, ns)));
                }
            }
            None => keyed.push((key, change_of(ChangeKind::Added, n, None, Some(side(n))))),
        }
    }
    for (i, o) in old_recs.iter().enumerate() {
        if !m.old_matched[i] {
            // Ordered where the row sits in the new edition when it still exists.
            let mut k = order_key(o, 1, i);
            if let Some(row) = m.old_rows[i] {
                k.1 = row;
            }
            keyed.push((k, change_of(ChangeKind::Removed, o, Some(side(o)), None)));
        }
    }
    keyed.sort_by_key(|k| k.0);
    as_of_only.sort_by_key(|k| k.0);
    Diff {
        old: edition(old),
        new: edition(new),
        changes: keyed.into_iter().map(|(_, c)| c).collect(),
        as_of_only: as_of_only.into_iter().map(|(_, a)| a).collect(),
        progress: progress::progress_changes(old, new),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_keep_the_figures_precision() {
        assert_eq!(delta(2163.0, 2870.0), 707.0);
        assert_eq!(delta(95.1, 97.6), 2.5);
        assert_eq!(delta(0.3, 0.1), -0.2);
        assert_eq!(delta(5.0, 5.0).to_bits(), 0f64.to_bits());
        assert_eq!(delta(1e20, 3e20), 2e20);
    }

    #[test]
    fn integer_deltas_serialize_as_integers() {
        let c = change_of(
            ChangeKind::Changed,
            &serde_json::json!({"id": "x", "section": 1}),
            Some(Side {
                value: 2163.0,
                unit: "件".into(),
                as_of: None,
            }),
            Some(Side {
                value: 2870.0,
                unit: "件".into(),
                as_of: None,
            }),
        );
        let text = serde_json::to_string(&c).expect("json");
        assert!(text.contains(r#""delta":707,"#), "{text}");
        assert!(text.contains(r#""value":2870,"#), "{text}");
    }

    #[test]
    fn a_moved_as_of_alone_is_not_a_change() {
        let rec = |v: f64, as_of: &str| {
            serde_json::json!({"records": [{"id": "s1.r1.fy2024.開催数", "section": 1, "row": 1,
                "fiscal_year": 2024, "metric": "開催数", "measure": "m", "value": v, "unit": "回",
                "as_of": as_of, "qualifiers": []}]})
        };
        let d = diff(&rec(595.0, "2024-09-30"), &rec(595.0, "2024-12-31"));
        assert!(!d.has_changes(), "{:?}", d.changes);
        assert_eq!(d.as_of_only.len(), 1);
        assert_eq!(d.as_of_only[0].old_as_of.as_deref(), Some("2024-09-30"));
        assert_eq!(d.as_of_only[0].new_as_of.as_deref(), Some("2024-12-31"));
        let d = diff(&rec(595.0, "2024-09-30"), &rec(596.0, "2024-12-31"));
        assert_eq!(d.count(ChangeKind::Changed), 1);
        assert!(d.as_of_only.is_empty());
    }
}
