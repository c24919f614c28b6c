//! Stable record ids: built from what identifies a figure in its report —
//! section, row key (or row number, or KPI line), fiscal year, kind when
//! the column states one, metric path — and told apart, when two figures
//! would share one, by subject, event date, cumulative or not, unit, and
//! only as a last resort by occurrence (`#2`).

use std::collections::HashMap;

use super::Record;
use crate::rules::Qualifier;

/// Give every record of a section its stable id, and turn parent indices
/// into parent ids.
pub fn assign_ids(records: &mut [Record]) {
    let parent_idx: Vec<Option<usize>> = records
        .iter()
        .map(|r| r.parent.as_ref().and_then(|p| p.parse().ok()))
        .collect();
    // Metric paths: parent path + "/" + metric.
    let mut paths: Vec<String> = Vec::with_capacity(records.len());
    for (i, r) in records.iter().enumerate() {
        let path = match parent_idx[i] {
            Some(p) if p < i => format!("{}/{}", paths[p], r.metric),
            _ => r.metric.clone(),
        };
        paths.push(path);
    }
    let mut keys: Vec<String> = records
        .iter()
        .zip(&paths)
        .map(|(r, path)| {
            // `fy2024` (and the kind when the column states one), or the
            // kind alone for a figure without a fiscal year.
            // A KPI line states its kind itself (`A（年）→B（年）`).
            let states_kind = r.column.is_some() || r.cell == "kpi_line";
            let when = match (r.fiscal_year, states_kind) {
                (Some(fy), true) => format!("fy{}.{}", fy.0, r.kind.name()),
                (Some(fy), false) => format!("fy{}", fy.0),
                (None, _) => r.kind.name().to_string(),
            };
            format!("s{}.{}.{}.{}", r.section, r.row_id, when, path)
        })
        .collect();
    // Disambiguate collisions step by step.
    type Discriminator = fn(&Record) -> Option<String>;
    let steps: [Discriminator; 4] = [
        |r| r.subject.as_ref().map(|s| format!("@{s}")),
        |r| r.event_date.map(|d| format!("@{d}")),
        |r| {
            r.qualifiers
                .contains(&Qualifier::Cumulative)
                .then(|| "~累計".to_string())
        },
        |r| Some(format!("[{}]", r.unit)),
    ];
    for step in steps {
        let counts = count(&keys);
        for (i, r) in records.iter().enumerate() {
            if counts[&keys[i]] > 1 {
                if let Some(d) = step(r) {
                    keys[i].push_str(&d);
                }
            }
        }
    }
    let counts = count(&keys);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for k in keys.iter_mut() {
        if counts[k] > 1 {
            let n = seen.entry(k.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                k.push_str(&format!("#{n}"));
            }
        }
    }
    for (i, r) in records.iter_mut().enumerate() {
        r.id = keys[i].clone();
    }
    for i in 0..records.len() {
        records[i].parent = parent_idx[i]
            .and_then(|p| records.get(p))
            .map(|p| p.id.clone());
    }
}

pub fn count(keys: &[String]) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for k in keys {
        *m.entry(k.clone()).or_insert(0) += 1;
    }
    m
}
