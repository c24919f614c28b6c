//! Step 4: columns completed from their cells, and data rows typed.
//!
//! A header band gives most columns their role ([`super::roles`]); the
//! rest are settled here by small named steps, each one rule:
//! - [`unlabeled_before_values`]: columns without a header left of the
//!   first value column hold the row's words (the seed's `[ | 取組概要 |
//!   令和5年度 …]`): the rightmost is the measure when the table names none,
//!   the others are groups.
//! - [`by_content`]: a column whose header the vocabulary does not know, or
//!   that has none, is a unit column when every cell is a bare unit, a marks
//!   column when every cell is footnote marks (`※3※4`).
//!
//! Then [`RowReader`] turns each data row into a [`Row`]: group carried
//! down over the rows its merged cell spans (measured by layout) or, for
//! text input, until the next non-empty group cell; organisation from its
//! column or a `<組織>` prefix of the measure, carried down; indicator,
//! unit, row key and marks from their columns; value and text cells kept
//! with their column.

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::{NCell, NRow};
use super::header::looks_like_figure;
use super::model::{Cell, Column, Kind, Role, Row};
use super::notes;
use super::units::is_bare_unit;
use crate::calendar::FiscalYear;
use crate::grid::Spans;
use crate::normalize::{canonical_span, unwrap_lines};

/// Longest organisation name between `<` and `>`, in characters.
pub const MAX_ORGANIZATION_CHARS: usize = 40;
/// Words of a group cell that make its rows the table's KPI rows (the
/// seed's `全体KPI` row, whose measure states the targets).
pub const KPI_GROUP_WORDS: &[&str] = &["KPI"];
/// Cells that say "none" (a group cell of `—` ends the carried group).
pub const NO_VALUE: &[&str] = &["—", "-", "―", "ー", "‐", "－"];

/// A row name's leading number (`1`, `(1)`, `ア`, `①`, `a.`).
static ENUMERATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[0-9]{1,2}|\([0-9]{1,2}\)|[ア-ン]|[①-⑳]|[a-z])(?:[\s.、．)]\s*|\s*$)")
        .expect("static regex")
});
/// A row name's trailing letter codes and formulas (`(A)`, `(A)-(D) (E)`,
/// `B／A`).
static LETTER_CODES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\s*(?:\([A-ZＡ-Ｚ]\)|[A-Z](?:\s*[/／]\s*[A-Z])?)(?:\s*[-+]\s*\([A-Z]\))*)+\s*$")
        .expect("static regex")
});

/// A line of a row name that is only a formula or letter code (`(A)`,
/// `(D)+(H)`, `((R)/(S)×100)`): it says how the row is computed, not what
/// it is. (A line of capitals alone, `PCR`, is a name: a formula line has a
/// bracket or an operator.)
static FORMULA_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s()（）A-ZＡ-Ｚ0-9０-９.+\-－/／×*]*[()（）+\-－/／×*][\s()（）A-ZＡ-Ｚ0-9０-９.+\-－/／×*]*$")
        .expect("static regex")
});
/// A multiplier after a ratio's name (`収益的収支比率（×100）`).
static MULTIPLIER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(（]\s*×\s*[0-9０-９]+\s*[)）]").expect("static regex"));

/// A `うち…` sub-line of a row name (letter-spaced `う ち` too).
static BREAKDOWN_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+う\s?ち").expect("static regex"));

static ORGANIZATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*<(?P<org>[^<>\n]+)>\s*").expect("static regex"));

/// The `<組織>` prefix of a measure: the organisation and where it ends.
pub fn organization_prefix(t: &str) -> Option<(String, usize)> {
    let c = ORGANIZATION.captures(t)?;
    let org = c.name("org")?;
    if org.as_str().chars().count() > MAX_ORGANIZATION_CHARS {
        return None;
    }
    Some((canonical_span(org.as_str()), c.get(0)?.end()))
}

/// A row name as an indicator: without its leading number (`1 総収益`,
/// `(1) 営業収益`, `ア 料金収入`), trailing letter codes (`(A)`,
/// `(A)-(D) (E)`) and a `うち…` sub-line, layout spaces removed.
pub fn clean_indicator(text: &str) -> String {
    let named: Vec<&str> = text
        .lines()
        .filter(|l| !FORMULA_LINE.is_match(l.trim()) || l.trim().is_empty())
        .collect();
    // A cell of nothing but a formula keeps it (it is all there is).
    let text = if named.iter().all(|l| l.trim().is_empty()) {
        text.to_string()
    } else {
        named.join("\n")
    };
    let text = MULTIPLIER.replace_all(&text, "");
    let t = ENUMERATOR.replace(&text, "");
    let t = match BREAKDOWN_LINE.find(&t) {
        Some(m) if m.start() > 0 => t[..m.start()].to_string(),
        _ => t.to_string(),
    };
    let coded = LETTER_CODES.replace(&t, "");
    // A name of capitals only (`PCR`) is a name, not letter codes.
    let t = if coded.trim().is_empty() { &t } else { &*coded };
    canonical_span(t.trim())
}

/// A row name without its note lines (`*3月12日発表数字` under the name).
fn without_row_notes(text: &str) -> String {
    text.lines()
        .filter(|l| {
            let l = l.trim_start();
            !crate::table::vocab::ROW_NOTE_MARKS
                .iter()
                .any(|m| l.starts_with(m))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_unlabeled(c: &Column) -> bool {
    c.path.is_empty() && c.role == Role::Unknown
}

/// Columns without a header left of the first value column (the seed's
/// category and measure), and columns whose header the vocabulary does
/// not know there (`医療提供体制等の負荷`): they hold the row's words, so they
/// are groups, the rightmost one naming the row when no column is an
/// indicator or measure (see [`RowReader::read`]).
pub fn unlabeled_before_values(cols: &mut [Column]) {
    let Some(first_value) = cols.iter().position(|c| c.value().is_some()) else {
        return;
    };
    let has_words = cols
        .iter()
        .any(|c| matches!(c.role, Role::Measure | Role::Indicator));
    let unlabeled: Vec<usize> = (0..first_value)
        .filter(|&i| is_unlabeled(&cols[i]))
        .collect();
    for (k, &i) in unlabeled.iter().enumerate() {
        let last = k + 1 == unlabeled.len();
        cols[i].role = if last && !has_words && i + 1 == first_value {
            Role::Measure
        } else {
            Role::Group
        };
    }
    for c in &mut cols[..first_value] {
        if c.role == Role::Unknown && !c.path.is_empty() {
            c.role = Role::Group;
        }
    }
}

/// Columns the header did not settle, by what their cells hold.
pub fn by_content(cols: &mut [Column], data: &[NRow]) {
    for c in cols.iter_mut() {
        if !matches!(c.role, Role::Unknown) {
            continue;
        }
        let cells: Vec<&NCell> = data.iter().filter_map(|r| r.at(c.col)).collect();
        if cells.is_empty() {
            continue;
        }
        if cells.iter().all(|x| is_bare_unit(&x.flat)) {
            c.role = Role::Unit;
        } else if cells.iter().all(|x| notes::only_marks(&x.flat)) {
            c.role = Role::Marks;
        }
    }
}

/// In a plan (計画, 戦略), value columns that state no kind and whose fiscal
/// year is the plan's own or a later one hold planned values: targets
/// (`本年度 | 30年度 | 31年度 …` of a 経営戦略's 収支計画).
pub fn planned_years(cols: &mut [Column], report_year: Option<FiscalYear>, is_plan: bool) {
    let Some(report_year) = report_year.filter(|_| is_plan) else {
        return;
    };
    for c in cols.iter_mut() {
        if let Role::Value(v) = &mut c.role {
            if v.kind.is_none() && v.fiscal_year.is_some_and(|fy| fy >= report_year) {
                v.kind = Some(Kind::Target);
            }
        }
    }
}

/// A unit printed once above the first value of a column (`千円` /
/// `48,352,400` in the first data row, bare numbers below): the column's
/// unit.
pub fn units_in_first_row(cols: &mut [Column], first: Option<&NRow>) {
    let Some(first) = first else { return };
    for c in cols.iter_mut() {
        let Role::Value(v) = &mut c.role else {
            continue;
        };
        if v.unit.is_some() {
            continue;
        }
        if let Some((u, _)) = first
            .at(c.col)
            .and_then(|x| super::units::unit_line(&x.cell.original))
        {
            v.unit = Some(u);
        }
    }
}

/// Is the row a banner spanning the table (`基本目標1 …`): one cell, no
/// figure, merged over (nearly) the whole width, or alone in a wide table
/// of text input and reading as a heading.
pub fn banner(row: &NRow, width: usize, spans: Spans) -> Option<&NCell> {
    let [c] = row.cells.as_slice() else {
        return None;
    };
    if looks_like_figure(&c.flat) || c.flat.contains('<') {
        return None;
    }
    let wide = c.col_span >= 2 && c.col_span + 1 >= width;
    let heading = super::lines::heading(&c.cell.text).is_some();
    match spans {
        Spans::Measured => (wide || heading).then_some(c),
        Spans::Inferred => heading.then_some(c),
    }
}

/// Reads the data rows of one table, carrying groups and organisations down.
#[derive(Debug, Default)]
pub struct RowReader {
    /// The carried group and, for measured spans, how many more rows it
    /// covers.
    group: Option<(String, Option<usize>)>,
    organization: Option<String>,
    /// Page of the last row read.
    page: Option<u32>,
}

impl RowReader {
    /// Forget what was carried (a new section or table).
    pub fn reset(&mut self) {
        *self = RowReader::default();
    }

    fn category(
        &mut self,
        cell: Option<&NCell>,
        spans: Spans,
        page: Option<u32>,
    ) -> Option<String> {
        // A merged cell is cut at a page break: the first rows of the next
        // page without a group cell of their own continue it.
        let new_page = matches!((self.page, page), (Some(a), Some(b)) if b > a);
        self.page = page;
        if new_page && cell.is_none() {
            if let Some((_, left)) = self.group.as_mut() {
                *left = None;
            }
        }
        match cell {
            Some(c) => {
                let t = canonical_span(&c.cell.text);
                let left = match spans {
                    Spans::Measured => Some(c.row_span.saturating_sub(1)),
                    Spans::Inferred => None,
                };
                // An organisation stays until the next one names itself,
                // across groups (the seed's `<労働局>` row heads the rows
                // of the groups below it).
                if NO_VALUE.contains(&t.as_str()) {
                    self.group = None;
                    return None;
                }
                self.group = Some((t.clone(), left));
                Some(t)
            }
            None => {
                let (g, left) = self.group.as_mut()?;
                match left {
                    Some(0) => {
                        self.group = None;
                        None
                    }
                    Some(n) => {
                        *n -= 1;
                        Some(g.clone())
                    }
                    None => Some(g.clone()),
                }
            }
        }
    }

    /// Type one data row. `number` is its 1-based number in the section,
    /// `table` its table's index there.
    pub fn read(
        &mut self,
        row: &NRow,
        cols: &[Column],
        spans: Spans,
        years: &super::fiscal::Years,
        (number, table): (usize, usize),
    ) -> Row {
        let at = |role: fn(&Role) -> bool| {
            cols.iter()
                .filter(|c| role(&c.role))
                .find_map(|c| row.at(c.col))
        };
        // Several group columns (分野 | 施策): the rightmost non-empty one
        // is the row's category; carried down like one.
        let mut group_cells: Vec<&NCell> = cols
            .iter()
            .filter(|c| c.role == Role::Group)
            .filter_map(|c| row.at(c.col))
            .collect();
        // Without an indicator or measure column, the row's rightmost group
        // cell names the row (a 収支計画's `1 総収益 (A)` under `収益的収入`).
        let names_row = !cols
            .iter()
            .any(|c| matches!(c.role, Role::Indicator | Role::Measure));
        let row_name = if names_row { group_cells.pop() } else { None };
        let category = self.category(group_cells.last().copied(), spans, row.loc.page);
        let is_kpi = category
            .as_deref()
            .is_some_and(|c| KPI_GROUP_WORDS.iter().any(|w| c.contains(w)));
        if let Some(o) = at(|r| *r == Role::Organization) {
            self.organization = Some(canonical_span(&o.cell.text));
        }
        let mut measure_cell = at(|r| *r == Role::Measure).map(|c| c.cell.clone());
        let mut measure = String::new();
        if let Some(m) = &mut measure_cell {
            let mut t = m.text.as_str();
            if let Some((org, end)) = organization_prefix(t) {
                self.organization = Some(org);
                t = &t[end..];
            }
            measure = t.trim().to_string();
        }
        let mut marks = Vec::new();
        let indicator = at(|r| *r == Role::Indicator).or(row_name).map(|c| {
            let (m, mut rest) = notes::marks(&c.flat);
            marks.extend(m);
            if let Some((org, end)) = organization_prefix(&rest) {
                self.organization = Some(org);
                rest = rest[end..].trim().to_string();
            }
            if std::ptr::eq(c, row_name.unwrap_or(c)) && row_name.is_some() {
                // Its lines as printed: a `うち…` second line is a sub-row.
                let lines = crate::normalize::normalize(&c.cell.original);
                rest = clean_indicator(&notes::marks(&without_row_notes(&lines)).1);
            }
            rest
        });
        if let Some(m) = at(|r| *r == Role::Marks) {
            marks.extend(notes::marks(&m.flat).0);
        }
        let cells = cols
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.role, Role::Value(_) | Role::Text))
            .filter_map(|(i, c)| row.at(c.col).map(|x| (i, x.cell.clone())))
            .collect();
        Row {
            number,
            table,
            key: at(|r| *r == Role::RowKey).map(|c| c.flat.clone()),
            category,
            organization: if is_kpi {
                None
            } else {
                self.organization.clone()
            },
            measure,
            measure_cell,
            indicator: indicator.filter(|i| !i.is_empty()),
            unit: at(|r| *r == Role::Unit)
                .map(|c| c.flat.clone())
                .filter(|u| is_bare_unit(u)),
            is_kpi,
            fiscal_year: at(|r| *r == Role::Year)
                .and_then(|c| super::fiscal::find(&c.flat))
                .and_then(|f| years.resolve(f.year)),
            marks,
            cells,
            loc: row.loc,
        }
    }
}

/// A row broken across pages where the break left only the organisation in
/// the first part's measure cell (`<広島市>`): no real row has an
/// organisation and no measure yet filled value cells, so the first row of
/// the next page completes it. Returns whether `next` was merged.
pub fn join_broken_row(prev: &mut Row, next: &Row, next_has_group: bool) -> bool {
    let prev_incomplete =
        prev.measure.is_empty() && prev.organization.is_some() && !prev.cells.is_empty();
    let next_page = matches!((prev.loc.page, next.loc.page), (Some(a), Some(b)) if b > a);
    let continues = !next_has_group
        && next
            .measure_cell
            .as_ref()
            .is_some_and(|m| organization_prefix(&m.text).is_none());
    if !(prev_incomplete && next_page && continues) {
        return false;
    }
    prev.measure = next.measure.clone();
    if let (Some(pm), Some(m)) = (&mut prev.measure_cell, &next.measure_cell) {
        join(pm, m);
    }
    for (ci, c) in &next.cells {
        match prev.cells.iter_mut().find(|(pi, _)| pi == ci) {
            Some((_, pc)) => join(pc, c),
            None => prev.cells.push((*ci, c.clone())),
        }
    }
    true
}

fn join(a: &mut Cell, b: &Cell) {
    a.original = format!("{}\n{}", a.original, b.original);
    a.text = unwrap_lines(&format!("{}\n{}", a.text, b.text));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(col: usize, path: &[&str], role: Role) -> Column {
        Column {
            col,
            path: path.iter().map(|s| s.to_string()).collect(),
            role,
        }
    }

    #[test]
    fn unlabeled_columns_become_group_and_measure() {
        let v = Role::Value(Default::default());
        let mut cols = vec![
            col(0, &[], Role::Unknown),
            col(1, &[], Role::Unknown),
            col(2, &["令和5年度"], v.clone()),
        ];
        unlabeled_before_values(&mut cols);
        assert_eq!(cols[0].role, Role::Group);
        assert_eq!(cols[1].role, Role::Measure);
        let mut cols = vec![
            col(0, &[], Role::Unknown),
            col(1, &["指標"], Role::Indicator),
            col(2, &["実績"], v),
        ];
        unlabeled_before_values(&mut cols);
        assert_eq!(cols[0].role, Role::Group);
    }

    #[test]
    fn row_names_as_indicators() {
        assert_eq!(clean_indicator("1 総 収 益 (A)"), "総収益");
        assert_eq!(clean_indicator("(1) 営 業 収 益 (B)"), "営業収益");
        assert_eq!(clean_indicator("ア 料 金 収 入"), "料金収入");
        assert_eq!(
            clean_indicator("ア 職 員 給 与 費\nう ち 退 職 手 当"),
            "職員給与費"
        );
        assert_eq!(clean_indicator("3 収 支 差 引 (A)-(D) (E)"), "収支差引");
        assert_eq!(clean_indicator("人件費率 B/A"), "人件費率");
        assert_eq!(clean_indicator("入院者数"), "入院者数");
        // Formula lines above and below the name, and its multiplier.
        assert_eq!(
            clean_indicator("(A)\n収益的収支比 率（ ×100 ）\n(D)+(H)"),
            "収益的収支比率"
        );
        assert_eq!(
            clean_indicator("(Q)\n赤 字 比 率 （ ×100 ）\n(B)-(C)"),
            "赤字比率"
        );
        // Capitals alone are a name, and a formula alone is kept.
        assert_eq!(clean_indicator("PCR"), "PCR");
        assert_eq!(clean_indicator("(B)-(C)"), "(B)-(C)");
        assert_eq!(clean_indicator("PCR"), "PCR");
    }

    #[test]
    fn row_note_lines_are_not_part_of_the_name() {
        assert_eq!(
            without_row_notes("うち重症者用病床\n(重症者数)※3\n*3月12日発表数字"),
            "うち重症者用病床\n(重症者数)※3"
        );
        assert_eq!(
            without_row_notes("病床全体\n(入院患者数)"),
            "病床全体\n(入院患者数)"
        );
    }

    #[test]
    fn organisation_prefix() {
        assert_eq!(
            organization_prefix("<労働局> ○窓口"),
            Some(("労働局".to_string(), 12))
        );
        let long = "局".repeat(MAX_ORGANIZATION_CHARS + 1);
        assert_eq!(organization_prefix(&format!("<{long}> ○")), None);
        assert_eq!(organization_prefix("<a<b> ○"), None);
    }
}
