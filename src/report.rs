//! Stage between normalize and rules: the report's structure.
//!
//! Reads a normalized [`Grid`] into sections (`1 不安定な就労状態にある方`),
//! each with its 【目標】 line and one table: the header row gives the column
//! roles (category, 取組概要 measure, one column per fiscal year, optionally a
//! second header row `目標 | 実績` under each year, and units stated in the
//! header, `令和5年度(件)`), and every data row gets its category (carried
//! down from the row above when the cell is empty: a merged cell), its
//! organisation (`<労働局>`, carried down until the next one), its measure
//! and one cell per fiscal-year column. Free lines the structure does not
//! need (page headers, page numbers) are skipped; a header row repeated on a
//! new page is recognized and dropped.

use std::sync::LazyLock;

use regex::Regex;

use crate::calendar::{Era, FiscalYear};
use crate::error::ReportError;
use crate::grid::{Grid, GridRow, Loc, RowKind};
use crate::normalize::{canonical_span, normalize, unwrap_lines};

/// A cell's text, raw and normalized, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub original: String,
    pub text: String,
    pub loc: Loc,
}

/// What a table column holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnRole {
    Category,
    Measure,
    Year {
        fiscal_year: FiscalYear,
        /// Second-level header under the year (`目標`, `実績`).
        sub: Option<String>,
        /// Unit stated in the header (`(件)`), for cells holding bare numbers.
        unit: Option<String>,
    },
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub col: usize,
    pub header: String,
    pub role: ColumnRole,
}

/// One data row of a section's table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based row number within the section's table (header excluded).
    pub number: usize,
    pub category: Option<String>,
    pub organization: Option<String>,
    /// The measure (取組概要) without the organisation prefix, normalized.
    pub measure: String,
    pub measure_cell: Option<Cell>,
    /// The 全体KPI row, whose measure states the targets.
    pub is_kpi: bool,
    /// Cells of the fiscal-year columns: index into `Section::columns`.
    pub cells: Vec<(usize, Cell)>,
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub number: u32,
    pub title: String,
    pub target: Option<Cell>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Numbered footnotes written below the table (`※1 速報値`).
    pub footnotes: Vec<(u32, String)>,
    pub loc: Loc,
}

impl Section {
    /// The fiscal years of the table's columns, in order, without repeats.
    pub fn fiscal_years(&self) -> Vec<FiscalYear> {
        let mut out: Vec<FiscalYear> = Vec::new();
        for c in &self.columns {
            if let ColumnRole::Year { fiscal_year, .. } = c.role {
                if !out.contains(&fiscal_year) {
                    out.push(fiscal_year);
                }
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub title: Option<String>,
    /// The stage named in the title, e.g. `第二ステージ`.
    pub stage: Option<String>,
    /// The report's own as-of date (`（令和7年1月31日現在）` in the title).
    pub as_of: Option<crate::rules::dates::DateRef>,
    pub sections: Vec<Section>,
}

static SECTION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第\s?)?(?P<n>[0-9]{1,2})(?:\s?章)?[\s.、．)]\s*(?P<title>[^0-9\s].*)$")
        .expect("static regex")
});
/// Longest section title, in characters (a longer line is prose). Checked in
/// code: a counted repetition of `.` would cost the regex 60 copies of the
/// Unicode automaton to compile.
const MAX_SECTION_TITLE_CHARS: usize = 61;
/// Longest organisation name between `<` and `>`, in characters.
const MAX_ORGANIZATION_CHARS: usize = 40;

fn section_heading(t: &str) -> Option<regex::Captures<'_>> {
    SECTION_HEADING
        .captures(t)
        .filter(|m| m["title"].chars().count() <= MAX_SECTION_TITLE_CHARS)
}

fn organization(t: &str) -> Option<regex::Captures<'_>> {
    ORGANIZATION
        .captures(t)
        .filter(|m| m["org"].chars().count() <= MAX_ORGANIZATION_CHARS)
}
static FISCAL_YEAR_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?P<era>令和|平成|R|H)\s?(?P<n>元|[0-9]{1,2})|(?P<y>(?:19|20)[0-9]{2}))\s?年度\s*(?:[(\[]\s*(?:単位\s*:?\s*)?(?P<unit>[^)\]]{1,6})\s*[)\]])?\s*(?P<sub>目標|実績|計画|見込み?)?$")
        .expect("static regex")
});
static ORGANIZATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*<(?P<org>[^<>\n]+)>\s*").expect("static regex"));
static FOOTNOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^※\s?(?P<n>[0-9]{1,2})[\s.:)]*(?P<text>\S.*)$").expect("static regex")
});
static STAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(（](?P<stage>第.{1,4}ステージ)[)）]").expect("static regex"));

/// Longest header cell looked at (`令和6年度 (単位:件) 実績` fits easily).
const MAX_HEADER_CELL_BYTES: usize = 120;

/// Sub-headers that may stand under a fiscal year.
const SUB_HEADERS: &[&str] = &["目標", "実績", "計画", "見込み", "見込"];

fn parse_fiscal_year(text: &str) -> Option<(FiscalYear, Option<String>, Option<String>)> {
    let t = canonical_span(text);
    let c = FISCAL_YEAR_HEADER.captures(&t)?;
    let fy = if let Some(y) = c.name("y") {
        y.as_str().parse().ok()?
    } else {
        let era = Era::parse(c.name("era")?.as_str())?;
        let n = match c.name("n")?.as_str() {
            "元" => 1,
            n => n.parse().ok()?,
        };
        era.to_gregorian(n)?
    };
    Some((
        FiscalYear(fy),
        c.name("unit").map(|u| u.as_str().to_string()),
        c.name("sub").map(|s| s.as_str().to_string()),
    ))
}

fn cell(row: &GridRow, col: usize) -> Option<Cell> {
    NormRow::new(row).cell(col)
}

/// A grid row with every cell normalized once.
struct NormRow<'a> {
    row: &'a GridRow,
    /// Normalized (and unwrapped) text of each of `row.cells`, in order.
    texts: Vec<String>,
}

impl<'a> NormRow<'a> {
    fn new(row: &'a GridRow) -> Self {
        let texts = row
            .cells
            .iter()
            .map(|c| unwrap_lines(&normalize(&c.text)))
            .collect();
        NormRow { row, texts }
    }

    /// The non-empty cell of grid column `col`.
    fn cell(&self, col: usize) -> Option<Cell> {
        self.row
            .cells
            .iter()
            .zip(&self.texts)
            .find(|(c, t)| c.col == col && !t.trim().is_empty())
            .map(|(c, t)| Cell {
                original: c.text.clone(),
                text: t.clone(),
                loc: c.loc,
            })
    }
}

fn is_title(text: &str) -> bool {
    let t = canonical_span(text);
    t.contains("達成状況") || (t.contains("KPI") && t.contains('」'))
}

/// Is this row a header row? Returns its columns.
/// `texts` are the row's cell texts, normalized and canonical.
fn header_columns(row: &GridRow, texts: &[String]) -> Option<Vec<Column>> {
    let mut cols = Vec::new();
    let mut years = 0;
    for (c, text) in row.cells.iter().zip(texts) {
        let text = text.clone();
        let role = if let Some((fiscal_year, unit, sub)) = parse_fiscal_year(&text) {
            years += 1;
            ColumnRole::Year {
                fiscal_year,
                sub,
                unit,
            }
        } else if text.contains("取組")
            || text.contains("施策")
            || text.contains("事業名")
            || text.contains("項目")
        {
            ColumnRole::Measure
        } else {
            ColumnRole::Other
        };
        cols.push(Column {
            col: c.col,
            header: text,
            role,
        });
    }
    if years == 0 {
        return None;
    }
    // The measure column: the one named so, else the last one before the
    // first year column; the category column: the one before it, or col 0.
    let first_year_col = cols
        .iter()
        .filter(|c| matches!(c.role, ColumnRole::Year { .. }))
        .map(|c| c.col)
        .min()?;
    let measure_col = match cols.iter().find(|c| c.role == ColumnRole::Measure) {
        Some(c) => c.col,
        None => {
            let col = first_year_col.checked_sub(1)?;
            if let Some(c) = cols.iter_mut().find(|c| c.col == col) {
                c.role = ColumnRole::Measure;
            } else {
                cols.push(Column {
                    col,
                    header: String::new(),
                    role: ColumnRole::Measure,
                });
            }
            col
        }
    };
    if measure_col > 0 {
        let cat = measure_col - 1;
        match cols.iter_mut().find(|c| c.col == cat) {
            Some(c) => c.role = ColumnRole::Category,
            None => cols.push(Column {
                col: cat,
                header: String::new(),
                role: ColumnRole::Category,
            }),
        }
    }
    cols.sort_by_key(|c| c.col);
    Some(cols)
}

/// A second header row under merged year cells: `目標 | 実績 | 目標 | 実績`.
/// Year columns that had no header cell of their own (the merged cell's
/// continuation) take the year to their left.
fn apply_sub_header(cols: &mut Vec<Column>, row: &GridRow) -> bool {
    let texts: Vec<(usize, String)> = row
        .cells
        .iter()
        .map(|c| (c.col, canonical_span(&normalize(&c.text))))
        .collect();
    if texts.is_empty() || !texts.iter().all(|(_, t)| SUB_HEADERS.contains(&t.as_str())) {
        return false;
    }
    let mut added = Vec::new();
    for (col, sub) in &texts {
        let year_left = cols
            .iter()
            .filter(|c| c.col <= *col)
            .filter_map(|c| match &c.role {
                ColumnRole::Year {
                    fiscal_year, unit, ..
                } => Some((*fiscal_year, unit.clone())),
                _ => None,
            })
            .next_back();
        let Some((fiscal_year, unit)) = year_left else {
            continue;
        };
        let role = ColumnRole::Year {
            fiscal_year,
            sub: Some(sub.clone()),
            unit,
        };
        match cols.iter_mut().find(|c| c.col == *col) {
            Some(c) => c.role = role,
            None => added.push(Column {
                col: *col,
                header: sub.clone(),
                role,
            }),
        }
    }
    cols.extend(added);
    cols.sort_by_key(|c| c.col);
    true
}

struct Builder {
    report: Report,
    current: Option<Section>,
    category: Option<String>,
    organization: Option<String>,
    pending_heading: Option<(u32, String, Loc)>,
    pending_target: Option<Cell>,
    header_texts: Vec<String>,
    expect_sub_header: bool,
}

impl Builder {
    fn finish_section(&mut self) {
        if let Some(s) = self.current.take() {
            self.report.sections.push(s);
        }
    }

    fn line(&mut self, row: &GridRow) {
        let Some(c) = cell(row, row.cells.first().map_or(0, |c| c.col)) else {
            return;
        };
        let flat = canonical_span(&c.text);
        if flat.contains("【目標】") || flat.starts_with("目標:") {
            self.target(c);
            return;
        }
        if is_title(&c.text) {
            if self.report.title.is_none() {
                self.report.stage = STAGE.captures(&flat).map(|m| m["stage"].to_string());
                self.report.title = Some(c.text.replace('\n', ""));
                self.report.as_of = report_as_of(&flat);
            }
            return;
        }
        if let Some(m) = FOOTNOTE.captures(&flat) {
            if let (Some(section), Ok(n)) = (self.current.as_mut(), m["n"].parse::<u32>()) {
                section.footnotes.push((n, m["text"].to_string()));
                return;
            }
        }
        let one_line = c.text.replace('\n', " ");
        if let Some(m) = section_heading(one_line.trim()) {
            let n: u32 = m["n"].parse().unwrap_or(0);
            let next = self.current.as_ref().map_or(0, |s| s.number) + 1;
            let is_new = self.current.as_ref().is_none_or(|s| s.number != n);
            if n > 0 && is_new && n <= next.max(1) + 1 {
                self.finish_section();
                self.pending_heading = Some((n, m["title"].trim().to_string(), row.loc));
                self.pending_target = None;
            }
        }
        // Anything else outside the table (page numbers, footers) is not data.
    }

    fn target(&mut self, c: Cell) {
        match &mut self.current {
            Some(s) if s.rows.is_empty() && s.target.is_none() => s.target = Some(c),
            _ => self.pending_target = Some(c),
        }
    }

    fn table_row(&mut self, row: &GridRow) -> Result<(), ReportError> {
        // Each cell normalized once, for every check below.
        let norm = NormRow::new(row);
        let normalized = &norm.texts;
        // A 【目標】 line drawn as a table row.
        if let Some(gc) = row
            .cells
            .iter()
            .zip(normalized)
            .find(|(_, t)| t.contains("【目標】"))
            .map(|(c, _)| c)
        {
            if let Some(c) = norm.cell(gc.col) {
                self.target(c);
            }
            return Ok(());
        }
        // A lone cell that is a section heading or title, inside a table.
        if row.cells.len() == 1 {
            let t = &normalized[0];
            if is_title(t)
                || section_heading(t.trim()).is_some()
                    && self.current.as_ref().is_none_or(|s| !s.rows.is_empty())
                    && !t.contains('<')
            {
                let as_line = GridRow {
                    kind: RowKind::Line,
                    cells: row.cells.clone(),
                    loc: row.loc,
                };
                self.line(&as_line);
                if self.pending_heading.is_some() || is_title(t) {
                    return Ok(());
                }
            }
        }
        // A header row names a fiscal year in a short cell; data rows (long
        // cells) skip the header checks.
        let may_be_header = normalized
            .iter()
            .any(|t| t.len() <= MAX_HEADER_CELL_BYTES && t.contains('年'));
        let texts: Vec<String> = if may_be_header {
            normalized.iter().map(|t| canonical_span(t)).collect()
        } else {
            Vec::new()
        };
        if let Some(cols) = may_be_header.then(|| header_columns(row, &texts)).flatten() {
            if self.current.as_ref().is_some_and(|s| !s.rows.is_empty())
                && texts == self.header_texts
            {
                self.expect_sub_header = true;
                return Ok(()); // repeated header on a new page
            }
            let (number, title, loc) = self.pending_heading.take().unwrap_or_else(|| {
                let n = self.current.as_ref().map_or(0, |s| s.number) + 1;
                (n, String::new(), row.loc)
            });
            if self
                .current
                .as_ref()
                .is_some_and(|s| !s.rows.is_empty() || s.number != number)
            {
                self.finish_section();
            }
            let target = self
                .pending_target
                .take()
                .or_else(|| self.current.as_mut().and_then(|s| s.target.take()));
            self.current = Some(Section {
                number,
                title,
                target,
                columns: cols,
                rows: Vec::new(),
                footnotes: Vec::new(),
                loc,
            });
            self.header_texts = texts;
            self.category = None;
            self.organization = None;
            self.expect_sub_header = true;
            return Ok(());
        }
        // Table rows before any header row (a cover table, a page header
        // drawn as a table) are not part of a KPI table.
        let Some(section) = self.current.as_mut() else {
            return Ok(());
        };
        if self.expect_sub_header {
            self.expect_sub_header = false;
            if apply_sub_header(&mut section.columns, row) {
                return Ok(());
            }
        }
        let role_col = |role: fn(&ColumnRole) -> bool| {
            section
                .columns
                .iter()
                .find(|c| role(&c.role))
                .map(|c| c.col)
        };
        let cat_col = role_col(|r| *r == ColumnRole::Category);
        let measure_col = role_col(|r| *r == ColumnRole::Measure);
        if let Some(cat) = cat_col.and_then(|c| norm.cell(c)) {
            let t = canonical_span(&cat.text);
            self.category = if matches!(t.as_str(), "—" | "-" | "―" | "ー" | "‐") {
                None
            } else {
                Some(t)
            };
        }
        let is_kpi = self.category.as_deref().is_some_and(|c| c.contains("KPI"));
        let mut measure_cell = measure_col.and_then(|c| norm.cell(c));
        let mut measure = String::new();
        if let Some(m) = &mut measure_cell {
            let mut t = m.text.clone();
            if let Some(org) = organization(&t) {
                self.organization = Some(canonical_span(&org["org"]));
                let end = org.get(0).map_or(0, |g| g.end());
                t = t[end..].to_string();
            }
            measure = t.trim().to_string();
        }
        let cells: Vec<(usize, Cell)> = section
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.role, ColumnRole::Year { .. }))
            .filter_map(|(i, c)| norm.cell(c.col).map(|cell| (i, cell)))
            .collect();
        // A row broken across pages where the break left only the
        // organisation in the first part's 取組概要 cell (`<広島市>`): no real
        // row has an organisation and no measure yet filled year cells, so
        // the first row of the next page completes it.
        if let Some(prev) = section.rows.last_mut() {
            let prev_incomplete =
                prev.measure.is_empty() && prev.organization.is_some() && !prev.cells.is_empty();
            let next_page = matches!((prev.loc.page, row.loc.page), (Some(a), Some(b)) if b > a);
            let continues = cat_col.and_then(|c| norm.cell(c)).is_none()
                && measure_cell
                    .as_ref()
                    .is_some_and(|m| organization(&m.text).is_none());
            if prev_incomplete && next_page && continues {
                prev.measure = measure;
                if let (Some(pm), Some(m)) = (&mut prev.measure_cell, measure_cell) {
                    pm.original = format!("{}\n{}", pm.original, m.original);
                    pm.text = unwrap_lines(&format!("{}\n{}", pm.text, m.text));
                }
                for (ci, c) in cells {
                    match prev.cells.iter_mut().find(|(pi, _)| *pi == ci) {
                        Some((_, pc)) => {
                            pc.original = format!("{}\n{}", pc.original, c.original);
                            pc.text = unwrap_lines(&format!("{}\n{}", pc.text, c.text));
                        }
                        None => prev.cells.push((ci, c)),
                    }
                }
                return Ok(());
            }
        }
        let number = section.rows.len() + 1;
        section.rows.push(Row {
            number,
            category: self.category.clone(),
            organization: if is_kpi {
                None
            } else {
                self.organization.clone()
            },
            measure,
            measure_cell,
            is_kpi,
            cells,
            loc: row.loc,
        });
        Ok(())
    }
}

/// The as-of date a title states: a date followed by 現在 or 時点.
fn report_as_of(title: &str) -> Option<crate::rules::dates::DateRef> {
    crate::rules::dates::find_dates(title, None)
        .into_iter()
        .find(|d| {
            let after = title[d.end..].trim_start();
            after.starts_with("現在") || after.starts_with("時点")
        })
}

/// Read the structure of a report from its grid.
pub fn read_report(grid: &Grid) -> Result<Report, ReportError> {
    let mut b = Builder {
        report: Report::default(),
        current: None,
        category: None,
        organization: None,
        pending_heading: None,
        pending_target: None,
        header_texts: Vec::new(),
        expect_sub_header: false,
    };
    for row in &grid.rows {
        match row.kind {
            RowKind::Line => b.line(row),
            RowKind::Table => b.table_row(row)?,
        }
    }
    b.finish_section();
    if b.report.sections.is_empty() {
        return Err(ReportError::NoTable);
    }
    Ok(b.report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::read_text;

    #[test]
    fn fiscal_year_headers() {
        assert_eq!(
            parse_fiscal_year("令和5年度"),
            Some((FiscalYear(2023), None, None))
        );
        assert_eq!(
            parse_fiscal_year("令和元年度"),
            Some((FiscalYear(2019), None, None))
        );
        assert_eq!(
            parse_fiscal_year("平成31年度"),
            Some((FiscalYear(2019), None, None))
        );
        assert_eq!(
            parse_fiscal_year("2024年度"),
            Some((FiscalYear(2024), None, None))
        );
        assert_eq!(
            parse_fiscal_year("R6年度 (件)"),
            Some((FiscalYear(2024), Some("件".into()), None))
        );
        assert_eq!(
            parse_fiscal_year("令和6年度 実績"),
            Some((FiscalYear(2024), None, Some("実績".into())))
        );
        assert_eq!(parse_fiscal_year("令和6年度の取組"), None);
    }

    #[test]
    fn sections_rows_categories_and_organisations() {
        let text = "「X事業」におけるKPI達成状況（第二ステージ）\n\n1 不安定な就労状態にある方\n\n【目標】2年間で3,200件以上を目指す。\t\t\t\n\t取組概要\t令和5年度\t令和6年度\n全体KPI\t○件数2年間で3,200件以上\t○件数 3,121件\t○件数 2,163件\nマッチング\t<労働局> ○窓口\t○a 1件\t○a 2件\n\t○求人\t○b 3人\t\n2 長期\n\t【目標】b\t\t\n\t取組概要\t令和5年度\t令和6年度\n—\t<広島県> x\t\t\n相談\t○新規登録者数\t○ 411人\t○331人\n";
        let r = read_report(&read_text(text)).expect("report");
        assert_eq!(r.stage.as_deref(), Some("第二ステージ"));
        assert_eq!(r.sections.len(), 2);
        let s = &r.sections[0];
        assert_eq!(
            (s.number, s.title.as_str()),
            (1, "不安定な就労状態にある方")
        );
        assert!(s
            .target
            .as_ref()
            .is_some_and(|t| t.text.contains("3,200件")));
        assert_eq!(s.fiscal_years(), vec![FiscalYear(2023), FiscalYear(2024)]);
        assert_eq!(s.rows.len(), 3);
        assert!(s.rows[0].is_kpi);
        assert_eq!(s.rows[2].category.as_deref(), Some("マッチング"));
        assert_eq!(s.rows[2].organization.as_deref(), Some("労働局"));
        assert_eq!(s.rows[2].measure, "○求人");
        assert_eq!(s.rows[2].cells.len(), 1);
        let s2 = &r.sections[1];
        assert_eq!(s2.rows[0].category, None);
        assert_eq!(s2.rows[1].organization.as_deref(), Some("広島県"));
        assert_eq!(
            s2.target.as_ref().map(|t| t.text.as_str()),
            Some("【目標】b")
        );
    }

    #[test]
    fn two_level_headers_and_units() {
        let text = "1 テスト\n\t取組概要\t令和5年度(件)\t\t令和6年度(件)\t\n\t\t目標\t実績\t目標\t実績\n\t相談件数\t100\t90\t100\t120\n";
        let r = read_report(&read_text(text)).expect("report");
        let s = &r.sections[0];
        let years: Vec<_> = s
            .columns
            .iter()
            .filter_map(|c| match &c.role {
                ColumnRole::Year {
                    fiscal_year,
                    sub,
                    unit,
                } => Some((c.col, fiscal_year.0, sub.clone(), unit.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            years,
            vec![
                (2, 2023, Some("目標".into()), Some("件".into())),
                (3, 2023, Some("実績".into()), Some("件".into())),
                (4, 2024, Some("目標".into()), Some("件".into())),
                (5, 2024, Some("実績".into()), Some("件".into())),
            ]
        );
        assert_eq!(s.rows.len(), 1);
        assert_eq!(s.rows[0].cells.len(), 4);
    }

    #[test]
    fn a_row_broken_after_its_organisation_is_joined() {
        use crate::grid::{GridCell, GridRow};
        let at = |page: u32| Loc {
            page: Some(page),
            line: None,
            bbox: None,
        };
        let row = |page: u32, cells: &[(usize, &str)]| GridRow {
            kind: RowKind::Table,
            cells: cells
                .iter()
                .map(|&(col, t)| GridCell {
                    col,
                    text: t.to_string(),
                    loc: at(page),
                })
                .collect(),
            loc: at(page),
        };
        let grid = Grid {
            rows: vec![
                row(1, &[(1, "取組概要"), (2, "令和5年度")]),
                row(1, &[(0, "支援"), (1, "<広島市>"), (2, "○「カフェ」の実績")]),
                row(2, &[(1, "○マッチングの促進"), (2, "・求職登録者数569人")]),
                row(2, &[(1, "<呉市> ○相談"), (2, "○相談者数129人")]),
            ],
        };
        let r = read_report(&grid).expect("report");
        let rows = &r.sections[0].rows;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].measure, "○マッチングの促進");
        assert_eq!(
            rows[0].cells[0].1.text,
            "○「カフェ」の実績 ・求職登録者数569人"
        );
        assert_eq!(rows[1].organization.as_deref(), Some("呉市"));
    }

    #[test]
    fn not_a_report() {
        assert!(matches!(
            read_report(&read_text("hello\nworld\n")),
            Err(ReportError::NoTable)
        ));
    }

    #[test]
    fn heading_and_organisation_length_limits() {
        let title = "あ".repeat(MAX_SECTION_TITLE_CHARS);
        assert!(section_heading(&format!("1 {title}")).is_some());
        assert!(section_heading(&format!("1 {title}あ")).is_none());
        assert_eq!(
            &section_heading("2. 不安定な就労状態にある方").expect("heading")["n"],
            "2"
        );
        assert!(section_heading("3 123件").is_none());
        let org = "局".repeat(MAX_ORGANIZATION_CHARS);
        assert_eq!(
            &organization(&format!("<{org}> ○支援")).expect("org")["org"],
            org
        );
        assert!(organization(&format!("<{org}局> ○支援")).is_none());
        assert!(organization("<a<b> ○支援").is_none());
    }
}
