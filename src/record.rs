//! Stage 5: the typed output model and its assembly from the report
//! structure and the figures the rules found.
//!
//! Ids are stable across runs and editions: built from section, row, fiscal
//! year and metric (`s1.r3.fy2024.限定求人`), a breakdown's id extends its
//! parent's (`….就職決定件数/就職氷河期世代/正規雇用`), and figures that
//! would share an id are told apart by what distinguishes them (subject,
//! event date, cumulative or not, unit), and only as a last resort by
//! occurrence (`#2`).

use std::collections::HashMap;

use serde::Serialize;

use crate::calendar::{Date, FiscalYear};
use crate::grid::BBox;
use crate::normalize::canonical_span;
use crate::report::{ColumnRole, Report, Row, Section};
use crate::rules::{extract_cell, CellContext, Figure, Qualifier};

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
    /// Attainment of the target(s), from the 全体KPI row.
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
    /// Second-level column header (`目標`, `実績`), if the table has one.
    pub column: Option<String>,
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
}

/// What a cell is, for record assembly.
struct CellPlace<'a> {
    section: &'a Section,
    row: Option<&'a Row>,
    fiscal_year: Option<FiscalYear>,
    column: Option<String>,
    target: bool,
}

/// Build the document from the report structure.
pub fn build_document(report: &Report, source: Source) -> Document {
    let mut records = Vec::new();
    let mut unparsed = Vec::new();
    let mut sections = Vec::new();
    for section in &report.sections {
        let fys = section.fiscal_years();
        // Targets of the 全体KPI row's measure cell first: the 【目標】 line
        // borrows their metric names.
        let mut section_records: Vec<Record> = Vec::new();
        for row in &section.rows {
            if row.is_kpi {
                if let Some(mc) = &row.measure_cell {
                    let place = CellPlace {
                        section,
                        row: Some(row),
                        fiscal_year: None,
                        column: None,
                        target: true,
                    };
                    cell_records(
                        &place,
                        &mc.text,
                        mc.loc,
                        None,
                        &fys,
                        &mut section_records,
                        &mut unparsed,
                    );
                }
            }
            for (ci, cell) in &row.cells {
                let (fy, sub, unit) = match &section.columns[*ci].role {
                    ColumnRole::Year {
                        fiscal_year,
                        sub,
                        unit,
                    } => (Some(*fiscal_year), sub.clone(), unit.clone()),
                    _ => (None, None, None),
                };
                let target = sub.as_deref() == Some("目標");
                let place = CellPlace {
                    section,
                    row: Some(row),
                    fiscal_year: fy,
                    column: sub,
                    target,
                };
                cell_records(
                    &place,
                    &cell.text,
                    cell.loc,
                    unit.as_deref(),
                    &fys,
                    &mut section_records,
                    &mut unparsed,
                );
            }
        }
        let mut target_out = None;
        if let Some(t) = &section.target {
            let place = CellPlace {
                section,
                row: None,
                fiscal_year: None,
                column: None,
                target: true,
            };
            let mut line_records = Vec::new();
            cell_records(
                &place,
                &t.text,
                t.loc,
                None,
                &fys,
                &mut line_records,
                &mut unparsed,
            );
            for r in &mut line_records {
                if r.label.is_empty() {
                    let same = section_records.iter().find(|k| {
                        k.fiscal_year.is_none() && k.value == r.value && k.unit == r.unit
                    });
                    r.metric = same.map_or_else(|| "目標".to_string(), |k| k.metric.clone());
                    r.label = r.metric.clone();
                }
            }
            assign_ids(&mut line_records);
            let text = canonical_span(t.text.trim_start_matches("【目標】"));
            let first = line_records.first();
            target_out = Some(Target {
                text: text.trim().to_string(),
                metric: first.map(|r| r.metric.clone()),
                value: first.map(|r| r.value),
                unit: first.map(|r| r.unit.clone()),
                comparator: first
                    .and_then(|r| r.qualifiers.iter().find_map(|q| q.comparator()))
                    .map(str::to_string),
                period: first.and_then(|r| r.period.clone()),
            });
            records.extend(line_records);
        }
        assign_ids(&mut section_records);
        // The report's own as-of date (in its title) dates the figures of the
        // fiscal year it falls in that state none of their own.
        if let Some(d) = &report.as_of {
            let fy = d.date.fiscal_year();
            for r in section_records.iter_mut().filter(|r| {
                r.fiscal_year == Some(fy)
                    && r.as_of.is_none()
                    && !r.qualifiers.contains(&Qualifier::Target)
            }) {
                r.as_of = Some(d.date);
                r.as_of_text = Some(d.text.clone());
            }
        }
        let kpi_row = section.rows.iter().find(|r| r.is_kpi).map(|r| r.number);
        let line_start = records.len()
            - records
                .iter()
                .rev()
                .take_while(|r| r.section == section.number)
                .count();
        let mut all: Vec<Record> = records[line_start..].to_vec();
        all.extend(section_records.iter().cloned());
        let progress = crate::progress::section_progress(&all, kpi_row);
        records.extend(section_records);
        sections.push(SectionOut {
            number: section.number,
            title: section.title.clone(),
            fiscal_years: fys,
            rows: section.rows.len(),
            target: target_out,
            progress,
        });
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
    }
}

/// A target's period: `2年間` over a table of two fiscal years runs from the
/// first year's April to the last year's March.
fn target_period(years: u32, fys: &[FiscalYear], text: &str) -> Option<PeriodOut> {
    let first = fys.first()?;
    let last = fys.get(years as usize - 1).or(fys.last())?;
    if years as usize != fys.len() {
        let end = FiscalYear(first.0 + years as i32 - 1);
        return Some(PeriodOut {
            from: first.start(),
            to: end.end(),
            text: text.to_string(),
        });
    }
    Some(PeriodOut {
        from: first.start(),
        to: last.end(),
        text: text.to_string(),
    })
}

fn cell_records(
    place: &CellPlace,
    text: &str,
    loc: crate::grid::Loc,
    unit_hint: Option<&str>,
    fys: &[FiscalYear],
    out: &mut Vec<Record>,
    unparsed: &mut Vec<UnparsedOut>,
) {
    let fallback = place.row.map(|r| measure_label(&r.measure));
    let ctx = CellContext {
        fiscal_year: place.fiscal_year,
        unit_hint,
        fallback_label: fallback.as_deref().filter(|l| !l.is_empty()),
    };
    let mut result = extract_cell(text, &ctx);
    // Numbered footnotes below the table (`※1 速報値`) apply to the figures
    // marked with them (`10,980※1`).
    for f in &mut result.figures {
        let Some(n) = f.footnote_ref else { continue };
        if let Some((_, note)) = place.section.footnotes.iter().find(|(k, _)| *k == n) {
            f.notes.push(format!("※{n} {note}"));
            for q in crate::rules::footnote_qualifiers(note) {
                f.add(q);
            }
        }
    }
    let row_no = place.row.map_or(0, |r| r.number);
    let base = out.len();
    for f in &result.figures {
        out.push(record_of(place, f, loc, fys, base));
    }
    for u in result.unparsed {
        unparsed.push(UnparsedOut {
            section: place.section.number,
            row: row_no,
            fiscal_year: place.fiscal_year,
            item: u.item,
            text: u.text,
            reason: u.reason,
            page: loc.page,
        });
    }
}

/// The label a bare figure takes from its row's measure: the measure's first
/// item without its bullet (`○新規登録者数` → `新規登録者数`).
fn measure_label(measure: &str) -> String {
    let first = crate::rules::split_items(measure)
        .first()
        .map_or("", |&(a, b)| &measure[a..b]);
    crate::rules::figure::clean_label(first)
}

fn record_of(
    place: &CellPlace,
    f: &Figure,
    loc: crate::grid::Loc,
    fys: &[FiscalYear],
    base: usize,
) -> Record {
    let mut qualifiers = f.qualifiers.clone();
    if place.target && !qualifiers.contains(&Qualifier::Target) {
        qualifiers.push(Qualifier::Target);
        qualifiers.sort();
    }
    let period = match (&f.period, f.years, place.target) {
        (Some(p), _, _) => Some(PeriodOut {
            from: p.from,
            to: p.to,
            text: p.text.clone(),
        }),
        (None, Some(y), true) => target_period(y, fys, &format!("{y}年間")),
        _ => None,
    };
    let row = place.row;
    Record {
        id: String::new(),
        section: place.section.number,
        row: row.map_or(0, |r| r.number),
        category: row.and_then(|r| r.category.clone()),
        organization: row.and_then(|r| r.organization.clone()),
        measure: row.map(|r| canonical_span(&r.measure)).unwrap_or_default(),
        fiscal_year: place.fiscal_year,
        column: place.column.clone(),
        item: f.item,
        metric: f.metric.clone(),
        label: f.label.clone(),
        subject: f.subject.clone(),
        value: f.value,
        unit: f.unit.clone(),
        // A figure counted over a period (`4-1月で9件`) is as of its end.
        as_of: f
            .as_of
            .as_ref()
            .map(|d| d.date)
            .or(f.period.as_ref().map(|p| p.to)),
        as_of_text: f
            .as_of
            .as_ref()
            .map(|d| d.text.clone())
            .or(f.period.as_ref().map(|p| p.text.clone())),
        event_date: f.event_date.as_ref().map(|d| d.date),
        event_dates: f.event_dates.iter().map(|d| d.date).collect(),
        period,
        qualifiers,
        // Temporarily the parent's index in the output vector; ids come later.
        parent: f.parent.map(|p| (base + p).to_string()),
        notes: f.notes.clone(),
        text: f.text.clone(),
        page: loc.page,
        line: loc.line,
        bbox: loc.bbox,
    }
}

/// Give every record of a section its stable id, and turn parent indices
/// into parent ids.
fn assign_ids(records: &mut [Record]) {
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
            let fy = match (r.fiscal_year, r.row) {
                (Some(fy), _) => format!("fy{}", fy.0),
                (None, _) => "target".to_string(),
            };
            let col = r
                .column
                .as_ref()
                .map(|c| format!(".{c}"))
                .unwrap_or_default();
            format!("s{}.r{}.{}{}.{}", r.section, r.row, fy, col, path)
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

fn count(keys: &[String]) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for k in keys {
        *m.entry(k.clone()).or_insert(0) += 1;
    }
    m
}

/// Integral values as JSON integers (`3121`, not `3121.0`).
pub(crate) fn number<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

fn opt_number<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => number(v, s),
        None => s.serialize_none(),
    }
}
