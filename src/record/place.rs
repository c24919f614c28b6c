//! Cells of the table model → records: each cell read through the rules
//! with what its column and row say (fiscal year, unit, indicator), then
//! dated by the most specific date that applies: the figure's own, a ※
//! note marking it, its column header, its section's, a default-date note,
//! the report's (document-level dates only for achieved figures in their
//! fiscal year, never for plans).

use super::{ids::assign_ids, PeriodOut, Record, Target, UnparsedOut};
use crate::calendar::FiscalYear;
use crate::grid::Loc;
use crate::normalize::canonical_span;
use crate::rules::dates::{DateRef, Precision};
use crate::rules::{extract_cell, footnote_qualifiers, CellContext, Figure, Qualifier};
use crate::table::{fiscal, notes, units, vocab, Kind, Report, Role, Row, Section};

/// Why a number of a value column is not a figure when nothing gives it a
/// unit.
pub const NO_UNIT: &str = "no unit found (cell, header, units row, unit note, counter noun)";

/// What a cell is, for record assembly.
struct Place<'a> {
    section: &'a Section,
    row: Option<&'a Row>,
    row_id: String,
    fiscal_year: Option<FiscalYear>,
    /// Header path, when the column states the kind.
    column: Option<String>,
    kind: Option<Kind>,
    cell: &'static str,
    indicator: Option<String>,
    /// What the row names when the column names the indicator.
    subject: Option<String>,
    header_as_of: Option<DateRef>,
    /// Footnote marks of the row and the column header.
    marks: Vec<u32>,
    /// Qualifiers of the column header (a cross tab's `累計`).
    qualifiers: Vec<Qualifier>,
}

/// A section's records and its 【目標】 target.
pub struct SectionRecords {
    pub records: Vec<Record>,
    pub target: Option<Target>,
}

fn row_id(row: &Row) -> String {
    match &row.key {
        Some(k) if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric()) => {
            format!("r{k}")
        }
        _ => format!("r{}", row.number),
    }
}

/// Does a row's name break down the row above (`うち重症者用病床`,
/// `(うちオンライン診療)`: the brackets do not change what the row is)?
/// The name is read as printed: the indicator, else the measure (a label
/// drops a leading うち).
fn is_breakdown_row(row: &Row) -> bool {
    let name = row.indicator.as_deref().unwrap_or(&row.measure);
    let name = name.trim_start_matches(vocab::BREAKDOWN_ROW_OPENERS);
    vocab::BREAKDOWN_ROW_PREFIXES
        .iter()
        .any(|p| name.starts_with(p))
}

/// The label a bare figure takes from its row: the indicator, else the
/// measure's first item without its bullet (`○新規登録者数` → `新規登録者数`).
fn fallback_label(row: &Row) -> String {
    if let Some(i) = &row.indicator {
        return crate::rules::figure::clean_label(i);
    }
    let first = crate::rules::split_items(&row.measure)
        .first()
        .map_or("", |&(a, b)| &row.measure[a..b]);
    crate::rules::figure::clean_label(first)
}

/// Every record of one section.
pub fn section_records(
    report: &Report,
    section: &Section,
    unparsed: &mut Vec<UnparsedOut>,
) -> SectionRecords {
    let fys = section.fiscal_years();
    let mut rows_out: Vec<Record> = Vec::new();
    let reader = Reader { report, fys: &fys };
    // The unit the last row's name implied (`採用人数` → 人), which a
    // breakdown row under it (`うち女性`) counts in too.
    let mut above_unit: Option<String> = None;
    for row in &section.rows {
        let name = fallback_label(row);
        let breakdown = is_breakdown_row(row);
        let row_unit = units::implied_unit(&name)
            .map(str::to_string)
            .or_else(|| above_unit.clone().filter(|_| breakdown));
        if !breakdown {
            above_unit.clone_from(&row_unit);
        }
        let base = Place {
            section,
            row: Some(row),
            row_id: row_id(row),
            fiscal_year: None,
            column: None,
            kind: None,
            cell: "measure",
            indicator: row.indicator.clone(),
            subject: None,
            header_as_of: None,
            marks: row.marks.clone(),
            qualifiers: Vec::new(),
        };
        if row.is_kpi {
            if let Some(mc) = &row.measure_cell {
                let place = Place {
                    kind: Some(Kind::Target),
                    ..base.clone_base()
                };
                reader.cell(&place, &mc.text, mc.loc, None, &mut rows_out, unparsed);
            }
        }
        let Some(table) = section.tables.get(row.table) else {
            continue;
        };
        for (ci, cell) in &row.cells {
            let Some(col) = table.columns.get(*ci) else {
                continue;
            };
            let mut place = base.clone_base();
            let mut unit = None;
            match &col.role {
                Role::Value(v) => {
                    place.cell = "value";
                    place.fiscal_year = v.fiscal_year.or(row.fiscal_year);
                    if v.indicator.is_some() {
                        // The column names what is measured; the row names
                        // whom (`北海道 | 陽性者数 …`).
                        place.subject = row
                            .indicator
                            .clone()
                            .or_else(|| Some(fallback_label(row)).filter(|l| !l.is_empty()));
                        place.indicator = v.indicator.clone();
                    }
                    place.kind = v.kind;
                    place.column = v.kind.map(|_| col.header());
                    place.header_as_of = v.as_of.clone();
                    place.marks.extend(&v.marks);
                    place.qualifiers.clone_from(&v.qualifiers);
                    let ratio = v.kind == Some(Kind::Rate)
                        || row
                            .indicator
                            .as_deref()
                            .is_some_and(|i| vocab::RATIO_WORDS.iter().any(|w| i.contains(w)));
                    let table_unit = if ratio {
                        table.ratio_unit.clone().or(table.unit.clone())
                    } else {
                        table.unit.clone()
                    };
                    let implied = place
                        .indicator
                        .as_deref()
                        .and_then(units::implied_unit)
                        .map(str::to_string)
                        .or(row_unit.clone());
                    unit = v
                        .unit
                        .clone()
                        .or(row.unit.clone())
                        .or(table_unit)
                        .or(implied);
                }
                Role::Text => place.cell = "text",
                _ => continue,
            }
            // A unit printed above the number in the cell (`千円` / `2,050,134`).
            let (text, unit) = match units::unit_line(&cell.original) {
                Some((u, rest)) if place.cell == "value" => (rest, Some(u)),
                _ => (cell.text.clone(), unit),
            };
            reader.cell(
                &place,
                &text,
                cell.loc,
                unit.as_deref(),
                &mut rows_out,
                unparsed,
            );
        }
    }
    let mut line_out: Vec<Record> = Vec::new();
    let mut target = None;
    if let Some(t) = &section.target {
        let place = Place {
            section,
            row: None,
            row_id: "r0".to_string(),
            fiscal_year: None,
            column: None,
            kind: Some(Kind::Target),
            cell: "target_line",
            indicator: None,
            subject: None,
            header_as_of: None,
            marks: Vec::new(),
            qualifiers: Vec::new(),
        };
        reader.cell(&place, &t.text, t.loc, None, &mut line_out, unparsed);
        for r in &mut line_out {
            if r.label.is_empty() {
                let same = rows_out
                    .iter()
                    .find(|k| k.fiscal_year.is_none() && k.value == r.value && k.unit == r.unit);
                r.metric = same.map_or_else(|| "目標".to_string(), |k| k.metric.clone());
                r.label = r.metric.clone();
            }
        }
        assign_ids(&mut line_out);
        target = Some(target_of(&t.text, line_out.first()));
    }
    let mut kpi_out: Vec<Record> = Vec::new();
    for (i, k) in section.kpi_lines.iter().enumerate() {
        let place = Place {
            section,
            row: None,
            row_id: format!("l{}", i + 1),
            fiscal_year: None,
            column: None,
            kind: Some(k.kind),
            cell: "kpi_line",
            indicator: Some(k.indicator.clone()),
            subject: None,
            header_as_of: None,
            marks: Vec::new(),
            qualifiers: Vec::new(),
        };
        reader.cell(
            &place,
            &k.cell.text,
            k.cell.loc,
            None,
            &mut kpi_out,
            unparsed,
        );
    }
    assign_ids(&mut kpi_out);
    assign_ids(&mut rows_out);
    let mut records = line_out;
    records.extend(kpi_out);
    records.extend(rows_out);
    date_by_document(report, section, &mut records);
    link_computed(&mut records);
    SectionRecords { records, target }
}

impl Place<'_> {
    fn clone_base(&self) -> Self {
        Place {
            section: self.section,
            row: self.row,
            row_id: self.row_id.clone(),
            fiscal_year: self.fiscal_year,
            column: self.column.clone(),
            kind: self.kind,
            cell: self.cell,
            indicator: self.indicator.clone(),
            subject: self.subject.clone(),
            header_as_of: self.header_as_of.clone(),
            marks: self.marks.clone(),
            qualifiers: self.qualifiers.clone(),
        }
    }
}

fn target_of(text: &str, first: Option<&Record>) -> Target {
    let text = canonical_span(text.trim_start_matches("【目標】"));
    Target {
        text: text.trim().to_string(),
        metric: first.map(|r| r.metric.clone()),
        value: first.map(|r| r.value),
        unit: first.map(|r| r.unit.clone()),
        comparator: first
            .and_then(|r| r.qualifiers.iter().find_map(|q| q.comparator()))
            .map(str::to_string),
        period: first.and_then(|r| r.period.clone()),
    }
}

/// Document-level dates for figures that state none: the section's
/// caption, a default-date note, the report's own; only for achieved
/// figures whose fiscal year holds the date (or that have none).
fn date_by_document(report: &Report, section: &Section, records: &mut [Record]) {
    let Some(d) = section
        .as_of
        .as_ref()
        .or(report.default_as_of.as_ref())
        .or(report.as_of.as_ref())
    else {
        return;
    };
    let fy = d.date.fiscal_year();
    for r in records.iter_mut() {
        if r.as_of.is_none()
            && r.kind.takes_report_date()
            && !r.qualifiers.contains(&Qualifier::Target)
            && r.fiscal_year.is_none_or(|f| f == fy)
        {
            r.as_of = Some(d.date);
            r.as_of_text = Some(d.text.clone());
        }
    }
}

/// A rate or change figure points at the actual figure of its row and
/// fiscal year it is computed from.
fn link_computed(records: &mut [Record]) {
    for i in 0..records.len() {
        if !matches!(records[i].kind, Kind::Rate | Kind::Change) || records[i].cell != "value" {
            continue;
        }
        let r = &records[i];
        // The actual of the same fiscal year; for a figure without one
        // (a 前年度比 column), the row's latest actual.
        let of = records
            .iter()
            .filter(|a| {
                a.kind == Kind::Actual
                    && a.cell == "value"
                    && a.row_id == r.row_id
                    && (r.kind == Kind::Rate || a.unit == r.unit)
                    && a.parent.is_none()
                    && (a.fiscal_year == r.fiscal_year || r.fiscal_year.is_none())
            })
            .max_by_key(|a| (a.fiscal_year == r.fiscal_year, a.fiscal_year))
            .map(|a| a.id.clone());
        records[i].of = of;
    }
}

pub(super) struct Reader<'a> {
    pub(super) report: &'a Report,
    pub(super) fys: &'a [FiscalYear],
}

impl Reader<'_> {
    fn cell(
        &self,
        place: &Place,
        text: &str,
        loc: Loc,
        unit_hint: Option<&str>,
        out: &mut Vec<Record>,
        unparsed: &mut Vec<UnparsedOut>,
    ) {
        // A value cell may state its own fiscal year (`令和6年度 1,186人`).
        let cell_fy = place.fiscal_year.or_else(|| {
            matches!(place.cell, "value" | "kpi_line")
                .then(|| fiscal::find(text))
                .flatten()
                .and_then(|f| self.report.years.resolve(f.year))
        });
        let fallback = place
            .indicator
            .as_deref()
            .map(crate::rules::figure::clean_label)
            .or_else(|| place.row.map(fallback_label));
        let ctx = CellContext {
            fiscal_year: cell_fy,
            unit_hint,
            fallback_label: fallback.as_deref().filter(|l| !l.is_empty()),
        };
        // A per-year target (`年20人`): the 年 is not a label.
        let text = match place.cell {
            "kpi_line" => text
                .strip_prefix('年')
                .filter(|t| t.starts_with(|c: char| c.is_ascii_digit()))
                .unwrap_or(text),
            _ => text,
        };
        let mut result = extract_cell(text, &ctx);
        for f in &mut result.figures {
            // A label of signs or dates only (`▲`, `令和6年度`) gives way to
            // the row's indicator.
            if let Some(fb) = fallback.as_deref().filter(|_| place.cell != "text") {
                if weak_label(&f.label) && !fb.is_empty() {
                    f.label = fb.to_string();
                    f.metric = fb.to_string();
                }
            }
            if place.cell == "kpi_line" && f.years.is_some() {
                f.add(Qualifier::Cumulative);
            }
            for q in &place.qualifiers {
                f.add(*q);
            }
            let marks = f
                .footnote_ref
                .into_iter()
                .chain(place.marks.iter().copied());
            for n in marks {
                let Some(note) = self.note(place.section, n) else {
                    continue;
                };
                let tag = format!("※{n} {}", note.text);
                if f.notes.contains(&tag) {
                    continue;
                }
                f.notes.push(tag);
                for q in footnote_qualifiers(&note.text) {
                    f.add(q);
                }
                if f.as_of.is_none() {
                    f.as_of = notes::as_of(&note.text).or_else(|| self.yearless(&note.text));
                }
            }
            if f.as_of.is_none() {
                // An unmarked note naming what the figure counts
                // (`（注）2 職員数については、令和5年4月1日現在の人数`).
                let names = [&place.indicator, &place.column, &Some(f.label.clone())];
                if let Some((note, as_of)) = self.subject_note(place.section, &names) {
                    f.notes.push(format!("注{} {}", note.mark, note.text));
                    f.as_of = Some(as_of);
                }
            }
            if f.as_of.is_none() {
                f.as_of = place.header_as_of.clone();
            }
        }
        let base = out.len();
        for f in &result.figures {
            out.push(self.record_of(place, f, loc, cell_fy, base));
        }
        for mut u in result.unparsed {
            if place.cell == "value" && unit_hint.is_none() {
                // A bare number in a value column: say where the unit was
                // looked for.
                u.reason = format!("{}: {NO_UNIT}", u.reason);
            }
            unparsed.push(UnparsedOut {
                section: place.section.number,
                row: place.row.map_or(0, |r| r.number),
                fiscal_year: cell_fy,
                item: u.item,
                text: u.text,
                reason: u.reason,
                page: loc.page,
                bbox: loc.bbox,
            });
        }
    }

    fn record_of(
        &self,
        place: &Place,
        f: &Figure,
        loc: Loc,
        cell_fy: Option<FiscalYear>,
        base: usize,
    ) -> Record {
        let mut qualifiers = f.qualifiers.clone();
        // Prose stating a difference (`会員数は前年度比▲15人`) is a change.
        let change = (place.kind.is_none() && place.cell == "text")
            .then(|| split_change(&f.label))
            .flatten();
        let kind = place.kind.unwrap_or(if change.is_some() {
            Kind::Change
        } else if qualifiers.contains(&Qualifier::Target) {
            Kind::Target
        } else {
            Kind::Actual
        });
        let (label, metric) = match change {
            Some(l) => (l.clone(), crate::rules::figure::clean_label(&l)),
            None => (f.label.clone(), f.metric.clone()),
        };
        let breakdown_row = place.row.is_some_and(is_breakdown_row);
        if breakdown_row && !qualifiers.contains(&Qualifier::Breakdown) {
            qualifiers.push(Qualifier::Breakdown);
            qualifiers.sort();
        }
        if kind == Kind::Target && !qualifiers.contains(&Qualifier::Target) {
            qualifiers.push(Qualifier::Target);
            qualifiers.sort();
        }
        // A year alone (`（平成30年度）`) is the figure's fiscal year, not a date.
        let (mut fiscal_year, mut as_of) = (cell_fy, f.as_of.clone());
        // (A 【目標】 line's `令和6年度までに` is a deadline and stays a date.)
        let cell_dates_year = place.cell != "target_line" && place.cell != "measure";
        if let Some(d) = as_of
            .as_ref()
            .filter(|d| cell_dates_year && d.precision == Precision::FiscalYear)
        {
            fiscal_year = Some(d.date.fiscal_year());
            as_of = None;
        }
        let period = match (&f.period, f.years, kind) {
            (Some(p), _, _) => Some(PeriodOut {
                from: p.from,
                to: p.to,
                text: p.text.clone(),
            }),
            // A KPI line of a plan (`５年間で10人`) counts over the plan's
            // years; a table's target over the table's years.
            (None, Some(y), Kind::Target) => match (place.cell, self.report.years.plan) {
                ("kpi_line", Some((first, _))) if y > 0 => Some(PeriodOut {
                    from: first.start(),
                    to: FiscalYear(first.0 + y as i32 - 1).end(),
                    text: format!("{y}年間"),
                }),
                _ => target_period(y, self.fys, &format!("{y}年間")),
            },
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
            fiscal_year,
            column: place.column.clone(),
            kind,
            indicator: place.indicator.clone(),
            row_key: row.and_then(|r| r.key.clone()),
            cell: place.cell,
            of: None,
            item: f.item,
            metric,
            label,
            subject: f.subject.clone().or(place.subject.clone()),
            value: f.value,
            unit: f.unit.clone(),
            // A figure counted over a period (`4-1月で9件`) is as of its end.
            as_of_text: as_of
                .as_ref()
                .map(|d| d.text.clone())
                .or(f.period.as_ref().map(|p| p.text.clone())),
            as_of: as_of.map(|d| d.date).or(f.period.as_ref().map(|p| p.to)),
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
            row_id: place.row_id.clone(),
        }
    }
}

/// A label ending in a change word (`会員数は前年度比▲`): the label
/// without it (`会員数`).
fn split_change(label: &str) -> Option<String> {
    let t = label.trim_end_matches(['▲', '△', '+', '-', ' ', '±']);
    let rest = vocab::KINDS
        .iter()
        .filter(|(_, k)| *k == Kind::Change)
        .find_map(|(w, _)| t.strip_suffix(w))?;
    let rest = rest.trim_end_matches(['は', 'が', 'の', '、', ' ']);
    (!rest.is_empty()).then(|| rest.to_string())
}

/// Does a label name nothing (signs, a year or date only)?
fn weak_label(label: &str) -> bool {
    let mut rest = label.to_string();
    while let Some(f) = fiscal::find(&rest) {
        rest.replace_range(f.start..f.end, "");
    }
    rest.chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| "年度月日末現在時点".contains(c))
}

/// A target's period: `2年間` over a table of two fiscal years runs from the
/// first year's April to the last year's March.
fn target_period(years: u32, fys: &[FiscalYear], text: &str) -> Option<PeriodOut> {
    let first = fys.first()?;
    let last = fys.get((years as usize).checked_sub(1)?).or(fys.last())?;
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
