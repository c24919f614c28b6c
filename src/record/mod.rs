//! Stage 5: the typed output model and its assembly from the report
//! structure and the figures the rules found.
//!
//! Every record says what it is: its kind (actual, target, baseline,
//! forecast, rate, change), the indicator and row it belongs to, its fiscal
//! year, unit and as-of date. Ids are stable across runs and editions
//! ([`ids`]): `s1.r3.fy2024.限定求人`, `s1.r2.fy2024.target.新規就農者数`.
//! [`place`] reads each cell of the table model through the rules.

mod ids;
mod notes;
mod place;

use serde::Serialize;

use crate::calendar::{Date, FiscalYear};
use crate::grid::BBox;
use crate::rules::Qualifier;
use crate::table::{Kind, Report};

/// Where the input came from.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub path: String,
    pub sha256: String,
    /// `text` or `pdf`.
    pub kind: String,
    pub pages: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportInfo {
    pub title: Option<String>,
    pub stage: Option<String>,
    /// The report's as-of date, when its title states one.
    pub as_of: Option<Date>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PeriodOut {
    pub from: Date,
    pub to: Date,
    pub text: String,
}

/// A section's KPI target (from its 【目標】 line).
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub text: String,
    pub metric: Option<String>,
    #[serde(serialize_with = "opt_number")]
    pub value: Option<f64>,
    pub unit: Option<String>,
    /// `>=`, `<=`, `<`, `>` when the line says 以上, 以下, 未満, 超.
    pub comparator: Option<String>,
    pub period: Option<PeriodOut>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionOut {
    pub number: u32,
    pub title: String,
    pub fiscal_years: Vec<FiscalYear>,
    pub rows: usize,
    pub target: Option<Target>,
    /// Attainment of the section KPI and of every row / KPI line with a
    /// target ([`crate::progress`]).
    pub progress: Vec<crate::progress::Progress>,
}

/// One figure, as published.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Record {
    pub id: String,
    pub section: u32,
    /// 1-based table row; 0 for the section's 【目標】 line.
    pub row: usize,
    pub category: Option<String>,
    pub organization: Option<String>,
    pub measure: String,
    pub fiscal_year: Option<FiscalYear>,
    /// The column's header path when it states the figure's kind
    /// (`令和5年度 → 目標`, `達成率(%)`); null for a bare year column.
    pub column: Option<String>,
    /// What the figure is: `actual`, `target`, `baseline`, `forecast`,
    /// `rate` or `change`.
    pub kind: Kind,
    /// The row's indicator (指標名, or the KPI line's), when it has one.
    pub indicator: Option<String>,
    /// The row key column's text (`No.`), when the table has one.
    pub row_key: Option<String>,
    /// Where the figure was read: `value` (a value column), `text` (a prose
    /// column), `measure` (the measure text of a KPI row), `target_line`
    /// (a 【目標】 line) or `kpi_line` (a KPI line outside a table).
    pub cell: &'static str,
    /// For a rate or change figure: the id of the actual figure of the same
    /// row and fiscal year it is computed from.
    pub of: Option<String>,
    pub item: usize,
    pub metric: String,
    pub label: String,
    pub subject: Option<String>,
    #[serde(serialize_with = "number")]
    pub value: f64,
    pub unit: String,
    pub as_of: Option<Date>,
    pub as_of_text: Option<String>,
    pub event_date: Option<Date>,
    pub event_dates: Vec<Date>,
    pub period: Option<PeriodOut>,
    pub qualifiers: Vec<Qualifier>,
    pub parent: Option<String>,
    pub notes: Vec<String>,
    pub text: String,
    pub page: Option<u32>,
    /// Line of the text form the figure's cell is on (null for PDF input).
    pub line: Option<usize>,
    pub bbox: Option<BBox>,
    /// The row part of the id (`r3`, `r0`, `l2`).
    #[serde(skip)]
    pub(crate) row_id: String,
}

/// Text the rules could not turn into figures, kept with its place.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnparsedOut {
    pub section: u32,
    pub row: usize,
    pub fiscal_year: Option<FiscalYear>,
    pub item: usize,
    pub text: String,
    pub reason: String,
    pub page: Option<u32>,
    /// The box of the cell or line the text is in (PDF input), for
    /// [`crate::debug`]; not part of the output document.
    #[serde(skip)]
    pub bbox: Option<BBox>,
}

/// The whole output document.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub tassei_version: String,
    pub source: Source,
    pub report: ReportInfo,
    pub sections: Vec<SectionOut>,
    pub records: Vec<Record>,
    pub unparsed: Vec<UnparsedOut>,
    /// What was read only in part or could not be placed.
    pub warnings: Vec<crate::warning::Warning>,
}

/// Build the document from the table model.
pub fn build_document(report: &Report, source: Source) -> Document {
    let mut records = Vec::new();
    let mut unparsed = Vec::new();
    let mut sections = Vec::new();
    for section in &report.sections {
        let out = place::section_records(report, section, &mut unparsed);
        let kpi_row = section.rows.iter().find(|r| r.is_kpi).map(|r| r.number);
        let progress = crate::progress::section_progress(&out.records, kpi_row);
        records.extend(out.records);
        sections.push(SectionOut {
            number: section.number,
            title: section.title.clone(),
            fiscal_years: section.fiscal_years(),
            rows: section.rows.len(),
            target: out.target,
            progress,
        });
    }
    for u in &report.unplaced {
        unparsed.push(UnparsedOut {
            section: u.section,
            row: u.row,
            fiscal_year: None,
            item: 0,
            text: u.text.clone(),
            reason: u.reason.clone(),
            page: u.loc.page,
            bbox: u.loc.bbox,
        });
    }
    let mut warnings = report.warnings.clone();
    if records.is_empty() {
        warnings.push(crate::warning::Warning::new(
            crate::warning::WarningClass::NoFigures,
            format!(
                "no figures extracted ({} item(s) in \"unparsed\" say why)",
                unparsed.len()
            ),
        ));
    }
    Document {
        tassei_version: env!("CARGO_PKG_VERSION").to_string(),
        source,
        report: ReportInfo {
            title: report.title.clone(),
            stage: report.stage.clone(),
            as_of: report.as_of.as_ref().map(|d| d.date),
        },
        sections,
        records,
        unparsed,
        warnings,
    }
}

/// Integral values as JSON integers (`3121`, not `3121.0`).
pub(crate) fn number<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

pub(crate) fn opt_number<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => number(v, s),
        None => s.serialize_none(),
    }
}
