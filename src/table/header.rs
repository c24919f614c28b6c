//! Step 2: a table's header band and the path of each column.
//!
//! The band is the run of header rows at the top of a table (a row is a
//! header row when its cells are short, hold no figure, and at least one is
//! a word of the vocabulary or a fiscal year), optionally followed by a
//! units row (`人 | 千円 | %`). Merged cells (their `col_span`, measured by
//! layout or inferred by the text front end) are repeated into every column
//! they cover, so each column gets its path from top to bottom:
//! `令和6年度 → 実績`.

use super::blocks::{NRow, TableBlock};
use super::fiscal;
use super::notes;
use super::roles::{header_match, header_word};
use super::units::is_bare_unit;

/// Longest header cell, in characters.
pub const MAX_HEADER_CHARS: usize = 40;
/// Most characters a header cell may hold besides its vocabulary word,
/// year and unit (`(参考)…の人件費率`).
pub const MAX_HEADER_RESIDUAL_CHARS: usize = 12;
/// How data cells start (bullets, an organisation): never a header.
pub const DATA_MARKERS: &[char] = &['○', '●', '◎', '・', '<', '「', '■', '□'];
/// Most header rows in a band (units row not counted).
pub const MAX_HEADER_ROWS: usize = 4;

/// A table's header band.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Index of the first header row in the block.
    pub start: usize,
    /// Index of the first row after the band (units row included).
    pub end: usize,
    /// Path of each grid column `0..width`.
    pub paths: Vec<Vec<String>>,
    /// Unit of each grid column from a units row.
    pub units: Vec<Option<String>>,
    /// The first header row's cell texts, to recognize it when a page
    /// repeats it.
    pub signature: Vec<String>,
}

/// Does the cell read as a figure (a number, with or without unit)?
pub fn looks_like_figure(flat: &str) -> bool {
    let t = flat.trim_start_matches(['▲', '△', '-', '+', '±']);
    if is_year_only(t) {
        return false;
    }
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    // A number at the start (`1,234`, `45.2%`, `1,020人(平成30年度)`), or a
    // cell mostly of digits.
    t.starts_with(|c: char| c.is_ascii_digit()) && !is_year_only(t)
        || digits * 2 >= t.chars().count()
}

/// `2024年度`, `30年度`: a year heading, not a figure.
fn is_year_only(t: &str) -> bool {
    fiscal::find(t).is_some_and(|f| f.start == 0 && t[f.end..].trim().is_empty())
}

/// Does the cell state no number besides years, dates and units
/// (`令和5年度(人)`, `基準値(2014年度)`, `令和6年4月1日現在`)? Header cells
/// do not; data cells (`○正社員就職件数 3,121件`) do.
fn number_free(flat: &str) -> bool {
    let (_, mut t) = notes::marks(flat);
    while let Some(f) = fiscal::find(&t) {
        t.replace_range(f.start..f.end, " ");
    }
    for d in crate::rules::dates::find_dates(&t.clone(), None)
        .iter()
        .rev()
    {
        if t.is_char_boundary(d.start) && t.is_char_boundary(d.end) {
            t.replace_range(d.start..d.end, " ");
        }
    }
    let t = super::units::strip_unit(&t);
    !t.chars().any(|c| c.is_ascii_digit())
}

/// Is this cell something a header says: a vocabulary word or a fiscal
/// year, with little else around it (`重要業績評価指標(KPI)`, `目標値(令和7年度)`)?
/// A data cell that happens to hold a word (`○「カフェ」の実績`) has more.
fn header_like(flat: &str) -> bool {
    let (_, t) = notes::marks(flat);
    if t.chars().count() > MAX_HEADER_CHARS || t.starts_with(DATA_MARKERS) {
        return false;
    }
    let mut rest = t.clone();
    let mut year = false;
    while let Some(f) = fiscal::find(&rest) {
        rest.replace_range(f.start..f.end, "");
        year = true;
    }
    let rest: String = super::units::strip_unit(&rest)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let word = header_match(&rest).map_or(0, |(_, n)| n);
    (year || word > 0) && rest.chars().count().saturating_sub(word) <= MAX_HEADER_RESIDUAL_CHARS
}

/// Is the row a header row?
pub fn is_header_row(row: &NRow) -> bool {
    if row
        .cells
        .iter()
        .any(|c| looks_like_figure(&c.flat) || !number_free(&c.flat))
    {
        return false;
    }
    let known = row.cells.iter().filter(|c| header_like(&c.flat)).count();
    let short = row
        .cells
        .iter()
        .all(|c| c.flat.chars().count() <= MAX_HEADER_CHARS);
    known >= 1 && short && known * 2 >= row.cells.len()
}

/// Can the row start a header band: a header row naming at least one
/// value column (a fiscal year, a kind of figure or a value word)?
pub fn is_band_start(row: &NRow) -> bool {
    is_header_row(row)
        && row.cells.iter().any(|c| {
            let (_, t) = notes::marks(&c.flat);
            fiscal::find(&t).is_some()
                || matches!(
                    header_word(&t),
                    Some(super::roles::Word::Kind(_) | super::roles::Word::Value)
                )
        })
}

/// Is the row a units row (every cell a bare unit)?
pub fn is_units_row(row: &NRow) -> bool {
    !row.cells.is_empty() && row.cells.iter().all(|c| is_bare_unit(&c.flat))
}

/// Find the header band starting at or after row `from`: the first header
/// row, the header rows below it, then a units row if one follows.
pub fn find_band(block: &TableBlock, from: usize) -> Option<Band> {
    let start = (from..block.rows.len()).find(|&i| is_band_start(&block.rows[i]))?;
    let mut end = start + 1;
    while end < block.rows.len()
        && end - start < MAX_HEADER_ROWS
        && is_header_row(&block.rows[end])
        && !is_units_row(&block.rows[end])
    {
        end += 1;
    }
    let width = block.width();
    let mut paths = vec![Vec::new(); width];
    for row in &block.rows[start..end] {
        for cell in &row.cells {
            for col in cell.cols() {
                if let Some(p) = paths.get_mut(col) {
                    if p.last() != Some(&cell.flat) {
                        p.push(cell.flat.clone());
                    }
                }
            }
        }
    }
    let mut units = vec![None; width];
    if block.rows.get(end).is_some_and(is_units_row) {
        for cell in &block.rows[end].cells {
            for col in cell.cols() {
                if let Some(u) = units.get_mut(col) {
                    *u = Some(cell.flat.clone());
                }
            }
        }
        end += 1;
    }
    Some(Band {
        start,
        end,
        paths,
        units,
        signature: signature(&block.rows[start]),
    })
}

/// The texts of a row, to compare header rows.
pub fn signature(row: &NRow) -> Vec<String> {
    row.cells.iter().map(|c| c.flat.clone()).collect()
}
