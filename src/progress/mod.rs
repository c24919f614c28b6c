//! KPI progress: how far each target has been reached.
//!
//! Two kinds of target are measured, each against actual figures (kind
//! `actual`) of the same unit:
//!
//! * **The section's KPI** ([`section_progress`], first): a 【目標】 line
//!   (`2年間で3,200件以上`), or when that line states no number the targets
//!   written in the 全体KPI row's 取組概要 cell, against the 全体KPI row's
//!   fiscal-year figures. A target stated over a period (`2年間`) is reached
//!   by the *sum* of the fiscal-year figures inside that period (3,121 +
//!   2,163 of 3,200 → 165%); a target without one (`全市町(23市町)で実施`) by
//!   the *latest* fiscal year's figure. Figures are matched to the target by
//!   metric, else by unit and position among the cell's figures.
//! * **Every table row or KPI line with a target** (`rows.rs`): a target
//!   figure read from a value column (目標, 目標値（令和7年度）, 目標水準), a
//!   KPI line, or the measure cell of a row other than the 全体KPI row,
//!   against the actuals of the same row (same `row`; for KPI lines, same
//!   `indicator`). A target with a fiscal year is measured against that
//!   year's actual (basis `year`: calc's 令和6年度 目標 130 vs 実績 118); a
//!   target whose year has no actual against the *latest* actual whose year
//!   no other target of the row claims (basis `latest`: writer's
//!   目標値（令和7年度） vs the 令和6年度 実績値); a target over a period against
//!   the sum inside it. A row entry that measures the same figures against
//!   the same value as a section KPI entry is not repeated.
//!
//! ## Attainment and direction
//!
//! `direction` says which way the indicator should move, `direction_from`
//! what said so and `direction_reason` how (or, when it is null, that it is
//! unknown and why): the target's comparator (以上, 未満), the row's
//! baseline, the words of the indicator and target (向上, 削減, 待機児童数),
//! the section's decrease column (必要減少数), targets rising over the
//! years, or an actual from before the target years (`direction.rs`).
//!
//! * Not a decrease, positive target, non-negative actual: `attainment` =
//!   achieved / target (`method: ratio`), the 達成率 reports print.
//! * A decrease with a baseline above the target: the share of the distance
//!   from baseline to target covered, (baseline − achieved) / (baseline −
//!   target) (`method: baseline_gap`; 待機児童数 12 → 3 of target 0 = 0.75).
//!   The same formula, (achieved − baseline) / (target − baseline), is used
//!   for a target of zero or below with a baseline under it.
//! * Otherwise `attainment` is null and `reason` says why: achieved / target
//!   would read a shortfall on a decrease target (入院者数 2,657 of 2,537) as
//!   104.7%, and means nothing for a target of 0 or a negative one
//!   (転入超過数 ▲100).
//!
//! `met` is the comparator when the target states one, else the direction
//! (actual ≥ target for an increase, ≤ for a decrease), null when neither is
//! known.

mod direction;
mod rows;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::calendar::{Date, FiscalYear};
use crate::record::Record;
use crate::rules::Qualifier;
use crate::table::Kind;

pub use direction::DirectionFrom;
use direction::Evidence;

/// How the achievement figures were chosen.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The actual of the target's own fiscal year.
    Year,
    /// The sum of the fiscal years inside the target's period.
    Sum,
    /// The latest actual (the years used are in `fiscal_years`).
    Latest,
}

/// Which way the indicator should move to reach its target.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Increase,
    Decrease,
}

/// How `attainment` was computed.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// achieved / target.
    Ratio,
    /// (baseline − achieved) / (baseline − target).
    BaselineGap,
}

/// Progress toward one target.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Progress {
    /// The id of the target record.
    pub target_id: String,
    /// The table row whose actuals are measured (0 for a KPI line).
    pub row: usize,
    /// That row's key column text (`No.`), when the table has one.
    pub row_key: Option<String>,
    /// The row's or KPI line's indicator (指標名), when it has one.
    pub indicator: Option<String>,
    pub metric: String,
    #[serde(serialize_with = "crate::record::number")]
    pub target: f64,
    /// The fiscal year the target is set for, when its column states one.
    pub target_fiscal_year: Option<FiscalYear>,
    pub unit: String,
    pub comparator: Option<String>,
    /// `increase`, `decrease`, or null when unknown (see the module docs).
    pub direction: Option<Direction>,
    /// What decided `direction`; null when it is unknown.
    pub direction_from: Option<DirectionFrom>,
    /// What said so, or why the direction is unknown.
    pub direction_reason: String,
    /// The row's baseline (基準値) of the same unit, if it has one.
    #[serde(serialize_with = "crate::record::opt_number")]
    pub baseline: Option<f64>,
    pub baseline_id: Option<String>,
    /// `year`, `sum` of the fiscal years in the target's period, or `latest`.
    pub basis: Basis,
    /// The fiscal years of the actuals used.
    pub fiscal_years: Vec<FiscalYear>,
    #[serde(serialize_with = "crate::record::number")]
    pub achieved: f64,
    /// Rounded to 4 decimals (1.6513 = 165.13%); null when no meaningful
    /// figure exists, with `reason`.
    pub attainment: Option<f64>,
    /// `ratio` or `baseline_gap`; null with `attainment`.
    pub method: Option<Method>,
    /// Why `attainment` is null.
    pub reason: Option<String>,
    /// The latest as-of date of the figures used, if stated.
    pub as_of: Option<Date>,
    /// Whether the target is met (comparator, else direction); null when
    /// neither is known.
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
    let decrease = has_decrease_column(records);
    let mut out = kpi_progress(records, kpi_row, decrease);
    let more = rows::row_progress(records, kpi_row, decrease, &out);
    out.extend(more);
    out
}

/// The section KPI entries: the 【目標】 line, else the 全体KPI row's
/// measure-cell targets, against the 全体KPI row's fiscal-year actuals.
fn kpi_progress(records: &[Record], kpi_row: Option<usize>, decrease: bool) -> Vec<Progress> {
    let Some(kpi_row) = kpi_row else {
        return Vec::new();
    };
    let line_targets: Vec<&Record> = records
        .iter()
        .filter(|r| r.row == 0 && r.cell == "target_line" && is_target(r) && r.parent.is_none())
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
    let row: Vec<&Record> = records
        .iter()
        .filter(|r| r.row == kpi_row && r.parent.is_none())
        .collect();
    let achievements: Vec<&Record> = row
        .iter()
        .copied()
        .filter(|r| r.fiscal_year.is_some() && r.kind == Kind::Actual && !is_target(r))
        .collect();
    let mut out = Vec::new();
    for (ti, t) in targets.iter().enumerate() {
        // Position of this target among the targets of its unit.
        let unit_pos = targets[..ti].iter().filter(|o| o.unit == t.unit).count();
        let chosen = per_year(t, unit_pos, &achievements);
        let Some(measured) = measure(t, chosen) else {
            continue;
        };
        let ctx = Context {
            row: kpi_row,
            baseline: baseline_for(t, unit_pos, &row),
            decrease,
            targets: &targets,
            actuals: &achievements,
        };
        out.push(entry(t, measured, &ctx));
    }
    out
}

/// Whether the section's table has a column of required decreases
/// (必要減少数, 削減数 — not 増減, which goes either way).
fn has_decrease_column(records: &[Record]) -> bool {
    records.iter().any(|r| {
        r.kind == Kind::Change
            && r.column
                .as_deref()
                .is_some_and(|c| (c.contains("減少") || c.contains("削減")) && !c.contains("増減"))
    })
}

/// For each fiscal year of `achievements` (no year first), the figure that
/// measures target `t`: same unit, then the same metric, else the
/// `unit_pos`-th figure of the unit in that year.
fn per_year<'a>(t: &Record, unit_pos: usize, achievements: &[&'a Record]) -> Vec<&'a Record> {
    let mut years: Vec<Option<FiscalYear>> = achievements.iter().map(|r| r.fiscal_year).collect();
    years.sort();
    years.dedup();
    years
        .iter()
        .filter_map(|fy| {
            let cell: Vec<&Record> = achievements
                .iter()
                .copied()
                .filter(|r| r.fiscal_year == *fy && r.unit == t.unit)
                .collect();
            cell.iter()
                .find(|r| r.metric == t.metric)
                .or_else(|| cell.get(unit_pos))
                .copied()
        })
        .collect()
}

/// The figures chosen for a target and how.
struct Measured<'a> {
    basis: Basis,
    used: Vec<&'a Record>,
}

/// A target over a period: the sum of the `chosen` figures inside it (the
/// latest of them when they are cumulative, 累計, and so already sums);
/// otherwise the latest figure. None when nothing qualifies.
fn measure<'a>(t: &Record, chosen: Vec<&'a Record>) -> Option<Measured<'a>> {
    let measured = match &t.period {
        Some(p) => {
            let within: Vec<&Record> = chosen
                .into_iter()
                .filter(|r| match r.fiscal_year {
                    Some(fy) => fy.start() >= p.from && fy.end() <= p.to,
                    None => true,
                })
                .collect();
            if within
                .iter()
                .any(|r| r.qualifiers.contains(&Qualifier::Cumulative))
            {
                Measured {
                    basis: Basis::Latest,
                    used: within.last().copied().into_iter().collect(),
                }
            } else {
                Measured {
                    basis: Basis::Sum,
                    used: within,
                }
            }
        }
        None => Measured {
            basis: Basis::Latest,
            used: chosen.last().copied().into_iter().collect(),
        },
    };
    (!measured.used.is_empty()).then_some(measured)
}

/// The baseline of the target's unit among `row`'s figures: same metric,
/// else the `unit_pos`-th of the unit.
fn baseline_for<'a>(t: &Record, unit_pos: usize, row: &[&'a Record]) -> Option<&'a Record> {
    let same: Vec<&Record> = row
        .iter()
        .copied()
        .filter(|r| r.kind == Kind::Baseline && r.parent.is_none() && r.unit == t.unit)
        .collect();
    same.iter()
        .find(|r| r.metric == t.metric)
        .or_else(|| same.get(unit_pos))
        .copied()
}

/// Where a target is measured.
struct Context<'a> {
    row: usize,
    baseline: Option<&'a Record>,
    /// The section's table has a decrease column.
    decrease: bool,
    /// The targets measured with this one, and the actuals they are
    /// measured against (evidence of the direction).
    targets: &'a [&'a Record],
    actuals: &'a [&'a Record],
}

fn entry(t: &Record, m: Measured<'_>, ctx: &Context<'_>) -> Progress {
    let achieved: f64 = m.used.iter().map(|r| r.value).sum();
    let comparator = t.qualifiers.iter().find_map(|q| q.comparator());
    let baseline = ctx.baseline.map(|b| b.value);
    let verdict = direction::direction(&Evidence {
        target: t,
        comparator,
        baseline,
        decrease_column: ctx.decrease,
        targets: ctx.targets,
        actuals: ctx.actuals,
    });
    let direction = verdict.direction;
    let (attainment, method, reason) = attain(achieved, t.value, direction, baseline);
    let met = match comparator {
        Some(c) => Some(match c {
            ">=" => achieved >= t.value,
            "<=" => achieved <= t.value,
            "<" => achieved < t.value,
            _ => achieved > t.value,
        }),
        None => direction.map(|d| match d {
            Direction::Increase => achieved >= t.value,
            Direction::Decrease => achieved <= t.value,
        }),
    };
    let first = m.used.first();
    Progress {
        target_id: t.id.clone(),
        row: ctx.row,
        row_key: t
            .row_key
            .clone()
            .or_else(|| first.and_then(|r| r.row_key.clone())),
        indicator: t
            .indicator
            .clone()
            .or_else(|| first.and_then(|r| r.indicator.clone())),
        metric: t.metric.clone(),
        target: t.value,
        target_fiscal_year: t.fiscal_year,
        unit: t.unit.clone(),
        comparator: comparator.map(str::to_string),
        direction,
        direction_from: verdict.from,
        direction_reason: verdict.reason,
        baseline,
        baseline_id: ctx.baseline.map(|b| b.id.clone()),
        basis: m.basis,
        fiscal_years: m.used.iter().filter_map(|r| r.fiscal_year).collect(),
        achieved,
        attainment,
        method,
        reason: reason.map(str::to_string),
        as_of: m.used.iter().filter_map(|r| r.as_of).max(),
        met,
        records: m.used.iter().map(|r| r.id.clone()).collect(),
    }
}

const NO_BASELINE_DECREASE: &str = "decrease or upper-limit target without a baseline \
     above it: achieved / target would count a shortfall as attainment";
const NOT_POSITIVE: &str = "target is zero or negative (or the actual is negative) \
     and no baseline below the target: achieved / target is not meaningful";

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Attainment, its method, or the reason there is none.
fn attain(
    achieved: f64,
    target: f64,
    direction: Option<Direction>,
    baseline: Option<f64>,
) -> (Option<f64>, Option<Method>, Option<&'static str>) {
    // (baseline − achieved) / (baseline − target) = (achieved − baseline) /
    // (target − baseline): the share of the distance covered.
    let gap = |b: f64| {
        (
            Some(round4((b - achieved) / (b - target))),
            Some(Method::BaselineGap),
            None,
        )
    };
    match (direction, baseline) {
        (Some(Direction::Decrease), Some(b)) if b > target => gap(b),
        (Some(Direction::Decrease), _) => (None, None, Some(NO_BASELINE_DECREASE)),
        _ if target > 0.0 && achieved >= 0.0 => {
            (Some(round4(achieved / target)), Some(Method::Ratio), None)
        }
        (_, Some(b)) if b < target => gap(b),
        _ => (None, None, Some(NOT_POSITIVE)),
    }
}
