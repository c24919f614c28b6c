//! KPI progress (see [`crate::progress`]) compared per target.

use serde_json::Value;

use super::{s, ProgressChange};

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

pub(super) fn progress_changes(old: &Value, new: &Value) -> Vec<ProgressChange> {
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
