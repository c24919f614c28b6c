//! KPI progress: how far each section's target has been reached.
//!
//! A section's 【目標】 target (`2年間で3,200件以上`) is measured against the
//! 全体KPI row. A target stated over a period (`2年間`) is reached by the
//! *sum* of the fiscal-year figures inside that period (3,121 + 2,163 of
//! 3,200 → 165%); a target without one (`全市町(23市町)で実施`) by the
//! *latest* fiscal year's figure. Achievement figures are matched to the
//! target by metric, else by unit and position among the cell's figures.
//! When the 【目標】 line states no number, the targets written in the 全体KPI
//! row's 取組概要 cell are used instead, one progress entry each.

use serde::Serialize;

use crate::calendar::{Date, FiscalYear};
use crate::record::Record;
use crate::rules::Qualifier;

/// Progress toward one target.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Progress {
    /// The id of the target record.
    pub target_id: String,
    pub metric: String,
    #[serde(serialize_with = "crate::record::number")]
    pub target: f64,
    pub unit: String,
    pub comparator: Option<String>,
    /// `sum` of the fiscal years in the target's period, or the `latest` year.
    pub basis: String,
    pub fiscal_years: Vec<FiscalYear>,
    #[serde(serialize_with = "crate::record::number")]
    pub achieved: f64,
    /// achieved / target, rounded to 4 decimals (1.6513 = 165.13%).
    pub attainment: f64,
    /// The latest as-of date of the figures summed, if stated.
    pub as_of: Option<Date>,
    /// Whether the comparator (以上 …) is satisfied; null without one.
    pub met: Option<bool>,
    /// Ids of the achievement figures used.
    pub records: Vec<String>,
}

fn is_target(r: &Record) -> bool {
    r.qualifiers.contains(&Qualifier::Target)
}

/// Progress entries of one section. `records` are the section's records;
/// `kpi_row` the number of its 全体KPI row, if it has one.
pub fn section_progress(records: &[Record], kpi_row: Option<usize>) -> Vec<Progress> {
    let Some(kpi_row) = kpi_row else {
        return Vec::new();
    };
    let line_targets: Vec<&Record> = records
        .iter()
        .filter(|r| r.row == 0 && is_target(r) && r.parent.is_none())
        .collect();
    let targets: Vec<&Record> = if line_targets.is_empty() {
        records
            .iter()
            .filter(|r| {
                r.row == kpi_row && r.fiscal_year.is_none() && is_target(r) && r.parent.is_none()
            })
            .collect()
    } else {
        line_targets.into_iter().take(1).collect()
    };
    let achievements: Vec<&Record> = records
        .iter()
        .filter(|r| {
            r.row == kpi_row && r.fiscal_year.is_some() && r.parent.is_none() && !is_target(r)
        })
        .collect();
    let mut out = Vec::new();
    for (ti, t) in targets.iter().enumerate() {
        // Position of this target among the targets of its unit.
        let unit_pos = targets[..ti].iter().filter(|o| o.unit == t.unit).count();
        let mut years: Vec<FiscalYear> =
            achievements.iter().filter_map(|r| r.fiscal_year).collect();
        years.sort();
        years.dedup();
        let chosen: Vec<&Record> = years
            .iter()
            .filter_map(|fy| {
                let cell: Vec<&&Record> = achievements
                    .iter()
                    .filter(|r| r.fiscal_year == Some(*fy) && r.unit == t.unit)
                    .collect();
                cell.iter()
                    .find(|r| r.metric == t.metric)
                    .or_else(|| cell.get(unit_pos))
                    .map(|r| **r)
            })
            .collect();
        if chosen.is_empty() || t.value == 0.0 {
            continue;
        }
        let within = |r: &&Record| match (&t.period, r.fiscal_year) {
            (Some(p), Some(fy)) => fy.start() >= p.from && fy.end() <= p.to,
            _ => true,
        };
        let (basis, used): (&str, Vec<&Record>) = if t.period.is_some() {
            ("sum", chosen.iter().copied().filter(within).collect())
        } else {
            ("latest", chosen.last().copied().into_iter().collect())
        };
        if used.is_empty() {
            continue;
        }
        let achieved: f64 = used.iter().map(|r| r.value).sum();
        let comparator = t.qualifiers.iter().find_map(|q| q.comparator());
        let met = comparator.map(|c| match c {
            ">=" => achieved >= t.value,
            "<=" => achieved <= t.value,
            "<" => achieved < t.value,
            _ => achieved > t.value,
        });
        out.push(Progress {
            target_id: t.id.clone(),
            metric: t.metric.clone(),
            target: t.value,
            unit: t.unit.clone(),
            comparator: comparator.map(str::to_string),
            basis: basis.to_string(),
            fiscal_years: used.iter().filter_map(|r| r.fiscal_year).collect(),
            achieved,
            attainment: (achieved / t.value * 10_000.0).round() / 10_000.0,
            as_of: used.iter().filter_map(|r| r.as_of).max(),
            met,
            records: used.iter().map(|r| r.id.clone()).collect(),
        });
    }
    out
}
