//! Progress of every table row and KPI line that has a target and actuals
//! (see the module docs of [`crate::progress`]).

use super::{baseline_for, entry, measure, per_year, Basis, Context, Measured, Progress};
use crate::calendar::FiscalYear;
use crate::record::Record;
use crate::table::Kind;

/// The figures measured together: a table row, or the KPI lines of one
/// indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group<'a> {
    Row(usize),
    Line(&'a str),
}

fn group_of(r: &Record) -> Option<Group<'_>> {
    if r.cell == "kpi_line" {
        r.indicator.as_deref().map(Group::Line)
    } else if r.row > 0 {
        Some(Group::Row(r.row))
    } else {
        None
    }
}

/// A target this pass measures: from a value column, a KPI line, or the
/// measure cell of a row other than the 全体KPI row (whose measure-cell
/// targets are the section KPI's).
fn is_row_target(r: &Record, kpi_row: Option<usize>) -> bool {
    r.kind == Kind::Target
        && match r.cell {
            "value" | "kpi_line" => true,
            "measure" => Some(r.row) != kpi_row,
            _ => false,
        }
}

/// An actual this pass measures with: a value column's or a KPI line's (a
/// figure in a prose column is an activity count, not the indicator).
fn is_row_actual(r: &Record) -> bool {
    r.kind == Kind::Actual && matches!(r.cell, "value" | "kpi_line")
}

/// Entries for every row or KPI line with a target and actuals of its unit,
/// in record order; an entry equal in figures and target value to one of
/// `kpi` (the section KPI entries) is left out.
pub(super) fn row_progress(
    records: &[Record],
    kpi_row: Option<usize>,
    decrease: bool,
    kpi: &[Progress],
) -> Vec<Progress> {
    let mut groups: Vec<Group> = Vec::new();
    for g in records.iter().filter_map(group_of) {
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    let mut out = Vec::new();
    for g in groups {
        let members: Vec<&Record> = records
            .iter()
            .filter(|r| r.parent.is_none() && group_of(r) == Some(g))
            .collect();
        let targets: Vec<&Record> = members
            .iter()
            .copied()
            .filter(|r| is_row_target(r, kpi_row))
            .collect();
        let actuals: Vec<&Record> = members
            .iter()
            .copied()
            .filter(|r| is_row_actual(r))
            .collect();
        let row = match g {
            Group::Row(n) => n,
            Group::Line(_) => 0,
        };
        for (ti, t) in targets.iter().enumerate() {
            // Position among the targets of the same unit and column.
            let pos = targets[..ti]
                .iter()
                .filter(|o| o.unit == t.unit && o.fiscal_year == t.fiscal_year)
                .count();
            let Some(measured) = measure_row_target(t, ti, pos, &targets, &actuals) else {
                continue;
            };
            let ctx = Context {
                row,
                baseline: baseline_for(t, pos, &members),
                decrease,
                targets: &targets,
                actuals: &actuals,
            };
            let p = entry(t, measured, &ctx);
            let repeated = kpi
                .iter()
                .any(|k| k.records == p.records && k.target == p.target && k.unit == p.unit);
            if !repeated {
                out.push(p);
            }
        }
    }
    out
}

/// The actual of the target's fiscal year; else, among the years no other
/// target of the row claims (a 令和5年度 actual belongs to the 令和5年度
/// target, not to 令和6年度's), the period's sum or the latest.
fn measure_row_target<'a>(
    t: &Record,
    ti: usize,
    pos: usize,
    targets: &[&Record],
    actuals: &[&'a Record],
) -> Option<Measured<'a>> {
    let chosen = per_year(t, pos, actuals);
    if let Some(fy) = t.fiscal_year {
        if let Some(r) = chosen.iter().find(|r| r.fiscal_year == Some(fy)) {
            return Some(Measured {
                basis: Basis::Year,
                used: vec![*r],
            });
        }
    }
    let claimed: Vec<FiscalYear> = targets
        .iter()
        .enumerate()
        .filter(|(i, o)| *i != ti && o.unit == t.unit)
        .filter_map(|(_, o)| o.fiscal_year)
        .collect();
    let pool: Vec<&Record> = chosen
        .into_iter()
        .filter(|r| !r.fiscal_year.is_some_and(|fy| claimed.contains(&fy)))
        .collect();
    measure(t, pool)
}
