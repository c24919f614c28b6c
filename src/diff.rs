//! Differences between two editions of a report.
//!
//! Records are matched by their stable id (section, row, fiscal year,
//! metric). A figure whose value, unit or as-of date differs is `changed`
//! (with the delta and whether its as-of date moved); one only in the new
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

/// Compare two validated report documents.
pub fn diff(old: &Value, new: &Value) -> Diff {
    let old_by_id: HashMap<&str, &Value> = records(old)
        .iter()
        .filter_map(|r| Some((r.get("id")?.as_str()?, r)))
        .collect();
    let new_by_id: HashMap<&str, &Value> = records(new)
        .iter()
        .filter_map(|r| Some((r.get("id")?.as_str()?, r)))
        .collect();
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
    for (pos, n) in records(new).iter().enumerate() {
        let id = n.get("id").and_then(Value::as_str).unwrap_or_default();
        match old_by_id.get(id) {
            Some(o) => {
                let (os, ns) = (side(o), side(n));
                if os != ns {
                    let mut c =
                        change_of(ChangeKind::Changed, n, Some(os.clone()), Some(ns.clone()));
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
    for (pos, o) in records(old).iter().enumerate() {
        let id = o.get("id").and_then(Value::as_str).unwrap_or_default();
        if !new_by_id.contains_key(id) {
            keyed.push((
                key(o, 1, pos),
                change_of(ChangeKind::Removed, o, Some(side(o)), None),
            ));
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
        let _ = writeln!(
            out,
            "{kind:<8} {}  {} → {}{delta}{dates}",
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
