//! Cross tabs: header rows that name categories or metrics over columns of
//! figures (`市町村 | 発生者数 | 累計`, `男性 | 女性 | 調査中`,
//! `退院・解除 | 死亡 | 入院 → うち重症`), with no year or kind word for
//! [`super::header`] to recognise.
//!
//! The evidence is the rows under the header, not its words: a band of rows
//! without figures ([`MAX_HEADER_ROWS`] at most, every cell short) followed
//! by rows with figures. Each column is then read by its cells:
//! - a **figure column** (every cell a plain figure: a number, maybe signed,
//!   in parentheses, with a unit or a footnote mark) under a header is a
//!   value column: its metric is its header path, its kind `actual` unless
//!   the path has a kind word (`対前週比`: alone, it compares the metric of
//!   the column to its left), a qualifier word of
//!   [`super::vocab::COLUMN_QUALIFIERS`] (`累計`) is a qualifier of its
//!   figures, and a path of only such words takes the metric of the
//!   column to its left (`発生者数 | 累計`);
//! - a **key column** (text cells: `大阪市`, `本日の判明`), or a run of them
//!   (`款 | 項`: groups, the rightmost names the row), names the rows of the
//!   figure columns to its right up to the next run, so a table printed
//!   three times side by side is read as three;
//! - a table is a cross tab only when every run of key columns keys at
//!   least one figure column and one figure column has a header: a list of people
//!   (`年代 | 性別 | 死亡日 | 基礎疾患` over `70 | 男 | 4月5日 | 〇`) is not.
//!
//! Units, in order: the header's parentheses, a counter noun of the path
//! ([`super::vocab::IMPLIED_UNITS`], [`super::vocab::PERSON_NOUNS`]), the
//! unit all other value columns of the table agree on, the person noun of
//! the section heading or report title (`患者の状況` → 人). The cell's own
//! unit (`10,242 件`, `8.6 %`) wins over all of them; a figure whose unit is
//! nowhere is reported unparsed with "no unit found".

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::{NCell, NRow, TableBlock};
use super::fiscal::Years;
use super::header::{Band, DATA_MARKERS, MAX_HEADER_CHARS, MAX_HEADER_ROWS};
use super::model::{Column, Kind, Role, ValueColumn};
use super::notes;
use super::roles::{header_word, role_of, Word};
use super::rows::NO_VALUE;
use super::units::{header_unit, implied_unit, is_bare_unit, strip_unit};
use super::vocab::{COLUMN_QUALIFIERS, KINDS, PERSON_NOUNS};

/// A number as a cell of figures prints it: signed, in parentheses, with a
/// unit or footnote mark after it (`▲131`, `(63)`, `8.6 %`, `2,444 ※2`).
static PLAIN_FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[▲△\-+±]?\s*\(?\s*[0-9][0-9,]*(?:\.[0-9]+)?\s*\)?\s*(?P<rest>.*)$")
        .expect("static regex")
});

/// A decimal or a percentage inside words (`3.3%2級`, `1級10.4%`): figures
/// the layout glued to a label, so neither a header nor a row key.
static GLUED_FIGURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]\.[0-9]|[0-9]\s*%").expect("static regex"));

/// A day without its year in a header (`3月20日`, `3月20日現在`).
static DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]{1,2}月[0-9]{1,2}日(?:時点|現在)?").expect("static regex"));

/// A cross tab found at a row of a block.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossTab {
    pub columns: Vec<Column>,
    /// The first column of each run of key columns, left to right: each run
    /// names the rows of the figure columns up to the next one.
    pub keys: Vec<usize>,
    /// First data row (after the header band).
    pub data_start: usize,
    /// The header band's first row, to recognise it when a page repeats it.
    pub signature: Vec<String>,
}

/// Is the cell a plain figure (and nothing else)?
pub fn plain_figure(flat: &str) -> bool {
    // Layout spaces inside a number (`7 7 4千円`) do not make it words.
    let t: String = flat.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(c) = PLAIN_FIGURE.captures(&t) else {
        return false;
    };
    let (_, rest) = notes::marks(c.name("rest").map_or("", |m| m.as_str()));
    let rest = rest.trim();
    rest.is_empty() || is_bare_unit(rest)
}

fn no_value(flat: &str) -> bool {
    NO_VALUE.contains(&flat.trim())
}

/// A cell of figures: a plain figure, or a unit printed above one
/// (`千円` / `48,352,400`, the column's unit printed once).
fn figure_cell(c: &NCell) -> bool {
    plain_figure(&c.flat)
        || super::units::unit_line(&c.cell.original).is_some_and(|(_, rest)| plain_figure(&rest))
}

fn has_figure(row: &NRow) -> bool {
    row.cells.iter().any(figure_cell)
}

/// Can the row be part of a cross tab's header band?
fn header_row(row: &NRow) -> bool {
    !row.cells.is_empty()
        && row.cells.iter().all(|c| {
            !figure_cell(c)
                && !GLUED_FIGURE.is_match(&c.flat)
                && c.flat.chars().count() <= MAX_HEADER_CHARS
                && !c.flat.starts_with(DATA_MARKERS)
        })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Content {
    Empty,
    Figures,
    Text,
    /// Words and figures glued together: the layout lost the table.
    Mixed,
}

fn content(data: &[NRow], col: usize) -> Content {
    let cells: Vec<&NCell> = data
        .iter()
        .filter_map(|r| r.at(col))
        .filter(|c| !no_value(&c.flat))
        .collect();
    if cells.is_empty() {
        Content::Empty
    } else if cells.iter().all(|c| figure_cell(c)) {
        Content::Figures
    } else if cells.iter().any(|c| GLUED_FIGURE.is_match(&c.flat)) {
        Content::Mixed
    } else {
        Content::Text
    }
}

/// Is every cell of the column a fiscal year alone?
fn years_down(data: &[NRow], col: usize) -> bool {
    data.iter().filter_map(|r| r.at(col)).all(|c| {
        super::fiscal::find(&c.flat)
            .is_some_and(|f| f.start == 0 && c.flat[f.end..].trim().is_empty())
    })
}

/// Header paths of the band's columns. A lone cell in a band row heads
/// every column (`性別` over `男性 | 女性 | 調査中`); a header cell of two
/// lines followed by a column no header covers is a group over its total
/// and a breakdown (`入院` / `うち重症`: `入院`, `入院 → うち重症`).
fn paths(band: &[NRow], width: usize, figures: &[bool]) -> Vec<Vec<String>> {
    let mut paths: Vec<Vec<String>> = vec![Vec::new(); width];
    let covered = |col: usize| band.iter().any(|r| r.covering(col).is_some());
    let multi = band.len() > 1;
    for (i, row) in band.iter().enumerate() {
        if let ([cell], true, 0) = (row.cells.as_slice(), multi, i) {
            for p in paths.iter_mut() {
                p.push(cell.flat.clone());
            }
            continue;
        }
        for cell in &row.cells {
            let lines: Vec<String> = crate::normalize::normalize(&cell.cell.original)
                .lines()
                .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
                .filter(|l| !l.is_empty())
                .collect();
            let cols: Vec<usize> = cell.cols().filter(|&c| c < width).collect();
            let next = cols.last().map_or(cell.col, |c| c + 1);
            let split_into_next =
                lines.len() == 2 && next < width && !covered(next) && figures[next];
            let split_over_span = lines.len() == 2 && cols.len() == 2;
            if split_into_next || split_over_span {
                let (top, sub) = (lines[0].clone(), lines[1].clone());
                let first = cols.first().copied().unwrap_or(cell.col);
                let last = if split_into_next { next } else { first + 1 };
                paths[first].push(top.clone());
                paths[last].push(top);
                paths[last].push(sub);
                continue;
            }
            for col in cols {
                paths[col].push(cell.flat.clone());
            }
        }
    }
    paths
}

/// A header element without footnote marks, unit and dates (`検査実施件数
/// 3月20日※1` → `検査実施件数`).
fn words_of(element: &str) -> String {
    let (_, t) = notes::marks(element);
    let mut t = strip_unit(&t);
    for d in crate::rules::dates::find_dates(&t.clone(), None)
        .iter()
        .rev()
    {
        if t.is_char_boundary(d.start) && t.is_char_boundary(d.end) {
            t.replace_range(d.start..d.end, "");
        }
    }
    let t = DAY.replace_all(&t, "");
    let t = t.replace("()", "");
    // A header that is only a unit (`%`) names no metric.
    if is_bare_unit(&t) {
        return String::new();
    }
    t.trim().to_string()
}

/// The words of a path that are not qualifiers, and the qualifiers.
fn metric_of(path: &[String]) -> (Vec<String>, Vec<crate::rules::Qualifier>) {
    let mut words = Vec::new();
    let mut quals = Vec::new();
    for p in path {
        let mut rest = words_of(p);
        for (w, q) in COLUMN_QUALIFIERS {
            if rest.contains(w) {
                quals.push(*q);
                rest = rest.replace(w, "");
            }
        }
        let rest = rest.replace("()", "");
        let rest = rest.trim();
        if !rest.is_empty() {
            words.push(rest.to_string());
        }
    }
    (words, quals)
}

/// The unit a person noun implies (`重症者`, `患者の状況` → 人).
pub fn person_unit(text: &str) -> Option<&'static str> {
    PERSON_NOUNS
        .iter()
        .any(|n| text.contains(n))
        .then_some(super::vocab::PERSON_UNIT)
}

fn path_unit(path: &[String]) -> Option<String> {
    path.iter().rev().find_map(|e| {
        let (_, t) = notes::marks(e);
        let w = words_of(e);
        let bare = is_bare_unit(&t).then(|| t.trim().to_string());
        header_unit(&t)
            .or(bare)
            .or_else(|| implied_unit(&w).map(str::to_string))
            .or_else(|| person_unit(&w).map(str::to_string))
    })
}

/// Labels stacked over values stacked the same way: a band of `n` rows over
/// `n` rows of figures where every header row has its cells exactly where
/// its data row has them (`直近7日間移動平均 | 対前週比` / `前週7日間移動平均`
/// over `308.1 | 106.6%` / `289.0`). Returns the row order that puts each
/// header row over its own data row, for the block to be read in.
pub fn interleaved(block: &TableBlock, r: usize) -> Option<Vec<usize>> {
    let end = (r..block.rows.len()).find(|&i| has_figure(&block.rows[i]))?;
    let n = end - r;
    if !(2..=MAX_HEADER_ROWS).contains(&n) || !block.rows[r..end].iter().all(header_row) {
        return None;
    }
    let data = block.rows.get(end..end + n)?;
    let cols = |row: &NRow| row.cells.iter().map(|c| c.col).collect::<Vec<_>>();
    let aligned = block.rows[r..end].iter().zip(data).all(|(h, d)| {
        has_figure(d) && cols(h) == cols(d) && h.cells.iter().all(|c| c.col_span <= 1)
    });
    aligned.then(|| (0..n).flat_map(|i| [r + i, end + i]).collect())
}

/// Read a cross tab whose header band starts at row `r`; `context_unit` is
/// the unit the section heading or report title implies.
pub fn read(
    block: &TableBlock,
    r: usize,
    years: &Years,
    context_unit: Option<&str>,
) -> Option<CrossTab> {
    let end = (r..block.rows.len()).find(|&i| has_figure(&block.rows[i]))?;
    if end == r || end - r > MAX_HEADER_ROWS || !block.rows[r..end].iter().all(header_row) {
        return None;
    }
    // Several rows of one cell each are a row name broken over lines
    // (`病床の（入院患者数）` / `ひっ迫` / `具合 うち重症者用病床`), not a header.
    if end - r > 1 && block.rows[r..end].iter().all(|row| row.cells.len() < 2) {
        return None;
    }
    let data_end = (end..block.rows.len())
        .find(|&i| !has_figure(&block.rows[i]))
        .unwrap_or(block.rows.len());
    let band = &block.rows[r..end];
    let data = &block.rows[end..data_end];
    let width = block.width();
    let kinds: Vec<Content> = (0..width).map(|c| content(data, c)).collect();
    let figures: Vec<bool> = kinds.iter().map(|k| *k == Content::Figures).collect();
    if kinds.contains(&Content::Mixed) {
        return None;
    }
    let paths = paths(band, width, &figures);
    // Runs of key columns (`款 | 項`, a cluster's wave | period | name): each
    // run keys a figure column before the next run.
    let mut keys: Vec<usize> = Vec::new();
    let mut in_run = false;
    for (c, kind) in kinds.iter().enumerate() {
        match kind {
            Content::Text if !in_run => {
                keys.push(c);
                in_run = true;
            }
            Content::Figures => in_run = false,
            _ => {}
        }
    }
    for (i, &k) in keys.iter().enumerate() {
        let stop = keys.get(i + 1).copied().unwrap_or(width);
        if !(k + 1..stop).any(|c| figures[c]) {
            return None;
        }
    }
    if !(0..width).any(|c| figures[c] && !paths[c].is_empty()) {
        return None;
    }
    let mut columns: Vec<Column> = Vec::with_capacity(width);
    let mut group_metric: Option<String> = None;
    for col in 0..width {
        let path = paths[col].clone();
        let role = match kinds[col] {
            // Fiscal years down a key column (`令和5年度`): the rows' years.
            Content::Text if years_down(data, col) => Role::Year,
            Content::Text => {
                group_metric = None;
                Role::Group
            }
            Content::Figures if !path.is_empty() => {
                let v = value_column(&path, group_metric.as_deref(), years);
                group_metric = v.indicator.clone();
                Role::Value(v)
            }
            _ => Role::Unknown,
        };
        columns.push(Column { col, path, role });
    }
    super::rows::units_in_first_row(&mut columns, data.first());
    // One population a table: columns that state no unit take the one the
    // others agree on, else the heading's.
    let stated: Vec<String> = columns
        .iter()
        .filter_map(|c| c.value().and_then(|v| v.unit.clone()))
        .collect();
    let agreed = stated
        .first()
        .filter(|u| stated.iter().all(|x| x == *u))
        .cloned();
    for c in &mut columns {
        if let Role::Value(v) = &mut c.role {
            if v.unit.is_none() && v.kind != Some(Kind::Rate) {
                v.unit = agreed.clone().or(context_unit.map(str::to_string));
            }
        }
    }
    Some(CrossTab {
        columns,
        keys,
        data_start: end,
        signature: band
            .first()
            .map(super::header::signature)
            .unwrap_or_default(),
    })
}

fn value_column(path: &[String], group: Option<&str>, years: &Years) -> ValueColumn {
    let (words, qualifiers) = metric_of(path);
    let mut v = ValueColumn {
        kind: Some(Kind::Actual),
        unit: path_unit(path),
        qualifiers,
        ..ValueColumn::default()
    };
    for e in path {
        let (marks, t) = notes::marks(e);
        v.marks.extend(marks);
        if v.as_of.is_none() {
            v.as_of = notes::as_of(&t);
        }
        if let Some(Word::Kind(k)) = header_word(&strip_unit(&t)) {
            v.kind = Some(k);
        }
        if let Some(f) = super::fiscal::find(&t) {
            v.fiscal_year = v.fiscal_year.or(years.resolve(f.year));
        }
    }
    if v.kind == Some(Kind::Rate) && v.unit.is_none() {
        v.unit = Some("%".to_string());
    }
    // A path of qualifiers only (`累計`) measures what the column to its
    // left does.
    // A kind word alone (`前日比`, `対前週比`) compares the metric on its
    // left.
    let kind_only = words.len() == 1 && KINDS.iter().any(|(w, _)| *w == words[0]);
    v.indicator = if words.is_empty() {
        // (A unit alone names nothing: the row's name is the indicator.)
        group
            .filter(|_| !v.qualifiers.is_empty())
            .map(str::to_string)
    } else if kind_only && group.is_some() {
        group.map(str::to_string)
    } else {
        Some(words.join(" → "))
    };
    if v.unit.is_none() {
        v.unit = v.indicator.as_deref().and_then(|i| {
            implied_unit(i)
                .or_else(|| person_unit(i))
                .map(str::to_string)
        });
    }
    v
}

/// Does the vocabulary fail to read the band: a header it does not
/// know (`重症者`), a value header of no unit, kind or year (`総数`),
/// or one header over two columns of figures
/// (`新規陽性者数 / 累計` in one cell)?
pub fn vocabulary_fails(band: &Band, years: &Years) -> bool {
    let named: Vec<&Vec<String>> = band.paths.iter().filter(|p| !p.is_empty()).collect();
    // A header it does not know, or a count that says nothing of its
    // unit (`総数`, `金額` with no `(千円)`).
    let unknown = named.iter().any(|p| match role_of(p, None, years) {
        Role::Unknown => true,
        Role::Value(v) => v.unit.is_none() && v.kind.is_none() && v.fiscal_year.is_none(),
        _ => false,
    });
    let repeated = named.windows(2).any(|w| w[0] == w[1]);
    // A column without a header: the rows' keys (`総数 | PCR` under
    // nothing, beside `検査件数`).
    let unlabeled = named.len() < band.paths.len();
    unknown || repeated || unlabeled
}

/// Does any column of the band name a fiscal year? (A kind word alone,
/// `前日比`, may head a cross tab's change column.)
pub fn states_year(band: &Band, years: &Years) -> bool {
    band.paths.iter().any(|p| {
        role_of(p, None, years)
            .value()
            .is_some_and(|v| v.fiscal_year.is_some())
    })
}

/// Split a data row of a cross tab printed side by side into one row per
/// key column (`大阪市 | 365 | 24,836 | 羽曳野市 | 12 | 436`).
pub fn split_row(row: &NRow, keys: &[usize]) -> Vec<NRow> {
    if keys.len() < 2 {
        return vec![row.clone()];
    }
    let mut starts: Vec<usize> = keys.to_vec();
    starts[0] = 0;
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let stop = starts.get(i + 1).copied().unwrap_or(usize::MAX);
            NRow {
                cells: row
                    .cells
                    .iter()
                    .filter(|c| c.col >= s && c.col < stop)
                    .cloned()
                    .collect(),
                loc: row.loc,
            }
        })
        .filter(|r| !r.cells.is_empty())
        .collect()
}

/// Where the table builder tries and installs a cross tab.
impl super::Builder {
    /// A cross tab whose header starts at row `r`: tried where no table is
    /// being read or the one being read is a cross tab too (a category
    /// header row inside another table's data is not a new header).
    /// `new_header`: the row is a header band of its own, so a new table
    /// starts whatever is being read.
    pub(super) fn cross_tab(
        &self,
        block: &TableBlock,
        r: usize,
        new_header: bool,
    ) -> Option<CrossTab> {
        if !new_header && self.active.as_ref().is_some_and(|a| !a.crosstab) {
            return None;
        }
        let heading = self
            .current
            .as_ref()
            .map(|s| s.title.as_str())
            .and_then(person_unit)
            .or_else(|| self.report.title.as_deref().and_then(person_unit));
        read(block, r, &self.years, heading)
    }

    pub(super) fn install_cross_tab(&mut self, x: CrossTab, width: usize, loc: crate::grid::Loc) {
        self.install_table(x.columns, x.signature, width, loc);
        if let Some(a) = self.active.as_mut() {
            a.table.keys = x.keys.clone();
            a.crosstab = true;
        }
        if let Some(t) = self.current.as_mut().and_then(|s| s.tables.last_mut()) {
            t.keys = x.keys;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_figures() {
        for t in [
            "878",
            "56,626",
            "(63)",
            "▲131",
            "8.6 %",
            "2,444 ※2",
            "10,242 件",
        ] {
            assert!(plain_figure(t), "{t}");
        }
        for t in [
            "10代",
            "100歳以上",
            "4月5日",
            "大阪市",
            "〇",
            "65歳以上高齢者",
        ] {
            assert!(!plain_figure(t), "{t}");
        }
    }

    #[test]
    fn qualifier_only_paths_take_the_metric_on_their_left() {
        let y = Years::default();
        let v = value_column(&["累計".to_string()], Some("発生者数"), &y);
        assert_eq!(v.indicator.as_deref(), Some("発生者数"));
        assert_eq!(v.qualifiers, vec![crate::rules::Qualifier::Cumulative]);
        let v = value_column(&["重症者".to_string()], None, &y);
        assert_eq!(v.unit.as_deref(), Some("人"));
        assert_eq!(v.kind, Some(Kind::Actual));
        let v = value_column(&["対前週比".to_string()], None, &y);
        assert_eq!(v.kind, Some(Kind::Change));
    }
}
