//! The typed table model: what the steps of [`super`] build and
//! [`crate::record`] reads. A report is a list of sections; a section has
//! its tables (each with its columns and their roles), its typed rows, its
//! notes and the KPI lines written outside tables.

use crate::calendar::FiscalYear;
use crate::grid::Loc;
use crate::rules::dates::DateRef;

pub use super::vocab::Kind;

/// A cell's text, raw and normalized, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub original: String,
    pub text: String,
    pub loc: Loc,
}

/// What a table column holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// The row's own number (`No.`).
    RowKey,
    /// A group / category, carried down over the rows it spans.
    Group,
    Organization,
    /// What is being done (取組概要); may start with `<organisation>`.
    Measure,
    /// What is measured (指標名).
    Indicator,
    /// The unit of the row's figures (単位).
    Unit,
    /// Figures.
    Value(ValueColumn),
    /// Prose that goes through the rules (進捗状況, 備考).
    Text,
    /// Footnote marks of the row (`※3※4`).
    Marks,
    /// The row's fiscal year, in a table laid out across: years down the
    /// first column, one indicator a column (`令和5年度 | 636 | 2,050,134`).
    Year,
    /// A header the vocabulary does not know: its cells are reported.
    Unknown,
}

impl Role {
    pub fn value(&self) -> Option<&ValueColumn> {
        match self {
            Role::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// What a value column's header path says about its figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ValueColumn {
    pub fiscal_year: Option<FiscalYear>,
    /// `None` when the header states no kind (a bare year column of a
    /// progress report: actuals unless the cell says otherwise).
    pub kind: Option<Kind>,
    pub unit: Option<String>,
    /// An as-of date in the header (`（令和6年4月1日現在）`).
    pub as_of: Option<DateRef>,
    /// Footnote marks in the header (`検査人数※3`).
    pub marks: Vec<u32>,
    /// What the column measures, in a table laid out across (the header
    /// `歳出額 A` → `歳出額`) or a cross tab (`性別 → 男性`).
    pub indicator: Option<String>,
    /// Qualifiers the header gives every figure of the column (`累計`).
    pub qualifiers: Vec<crate::rules::Qualifier>,
}

/// One column: its header path (top to bottom, merged cells repeated into
/// every column they cover) and the role read from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub col: usize,
    pub path: Vec<String>,
    pub role: Role,
}

impl Column {
    /// The path as one string (`令和6年度 → 実績`).
    pub fn header(&self) -> String {
        self.path.join(" → ")
    }

    pub fn value(&self) -> Option<&ValueColumn> {
        match &self.role {
            Role::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// One table of a section.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    /// The unit a note above or below the table states (`（単位：千円）`),
    /// and the unit for ratio rows when it names a second one (`，％`).
    pub unit: Option<String>,
    pub ratio_unit: Option<String>,
    /// A cross tab's key columns ([`super::crosstab`]): each names the rows
    /// of the value columns to its right up to the next one. Empty for
    /// other tables.
    pub keys: Vec<usize>,
    pub loc: Loc,
}

/// One data row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based row number within the section (over all its tables).
    pub number: usize,
    /// Index of the row's table in [`Section::tables`].
    pub table: usize,
    /// The row key column's text (`3`), when the table has one.
    pub key: Option<String>,
    pub category: Option<String>,
    pub organization: Option<String>,
    /// The measure without the organisation prefix, normalized.
    pub measure: String,
    pub measure_cell: Option<Cell>,
    pub indicator: Option<String>,
    /// The unit column's text for this row.
    pub unit: Option<String>,
    /// The 全体KPI row, whose measure states the targets.
    pub is_kpi: bool,
    /// The row's fiscal year, from a [`Role::Year`] column.
    pub fiscal_year: Option<FiscalYear>,
    /// Footnote marks in a marks column or on the indicator.
    pub marks: Vec<u32>,
    /// Value and text cells: index into the table's columns, cell.
    pub cells: Vec<(usize, Cell)>,
    pub loc: Loc,
}

/// A numbered note (`※1 速報値`, `注1 …`).
#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    pub mark: u32,
    pub text: String,
}

/// A KPI written outside a table (`◇新規就農者数 年5人`, a 【数値目標】
/// headline): one part of it, read as a target (the part before `→` as a
/// baseline).
#[derive(Debug, Clone, PartialEq)]
pub struct KpiLine {
    pub indicator: String,
    pub kind: Kind,
    pub cell: Cell,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub number: u32,
    pub title: String,
    /// The section's 【目標】 line.
    pub target: Option<Cell>,
    /// An as-of date the section's heading or caption states.
    pub as_of: Option<DateRef>,
    pub tables: Vec<Table>,
    pub rows: Vec<Row>,
    pub footnotes: Vec<Footnote>,
    pub kpi_lines: Vec<KpiLine>,
    pub loc: Loc,
}

impl Section {
    pub fn new(number: u32, title: String, loc: Loc) -> Self {
        Section {
            number,
            title,
            target: None,
            as_of: None,
            tables: Vec::new(),
            rows: Vec::new(),
            footnotes: Vec::new(),
            kpi_lines: Vec::new(),
            loc,
        }
    }

    /// The fiscal years of the section's value columns, in order, without
    /// repeats.
    pub fn fiscal_years(&self) -> Vec<FiscalYear> {
        let mut out: Vec<FiscalYear> = Vec::new();
        for c in self.tables.iter().flat_map(|t| &t.columns) {
            if let Some(fy) = c.value().and_then(|v| v.fiscal_year) {
                if !out.contains(&fy) {
                    out.push(fy);
                }
            }
        }
        out
    }

    /// Whether the section holds anything to extract.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.kpi_lines.is_empty() && self.target.is_none()
    }
}

/// Something the table model saw but could not place: a column the
/// vocabulary does not know, a table without a header, a row of figures
/// outside any table.
#[derive(Debug, Clone, PartialEq)]
pub struct Unplaced {
    pub section: u32,
    pub row: usize,
    pub text: String,
    pub reason: String,
    pub loc: Loc,
}

/// A table the model looked at and refused, for the "no table" message.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub header: String,
    pub reason: String,
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub title: Option<String>,
    /// The stage named in the title, e.g. `第二ステージ`.
    pub stage: Option<String>,
    /// The report's own as-of date (title or lead line).
    pub as_of: Option<DateRef>,
    /// The date a note gives figures that state none
    /// (「時点の記載がないものは令和6年12月末現在」).
    pub default_as_of: Option<DateRef>,
    /// The era of era-less years (`30年度`) and the year `本年度` means.
    pub years: super::fiscal::Years,
    pub sections: Vec<Section>,
    /// Numbered notes written before any section (they apply to all).
    pub footnotes: Vec<Footnote>,
    pub unplaced: Vec<Unplaced>,
    pub refused: Vec<Refusal>,
    /// The front end's warnings and what the table model could not place.
    pub warnings: Vec<crate::warning::Warning>,
}
