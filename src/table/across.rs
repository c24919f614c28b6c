//! Tables laid out across: fiscal years down the first column, one
//! indicator a column (a 給与・定員管理 公表 table:
//! `区分 | 住民基本台帳人口（令和6年1月1日） | 歳出額 A | … | 人件費率 B／A`
//! over `令和5年度 | 636 | 2,050,134 | … | 24.6`).
//!
//! Such a header names no year and no kind of figure, so [`super::header`]
//! finds no band; this step recognises it by its first data row instead:
//! a fiscal year alone in the first cell and figures in at least
//! [`MIN_FIGURE_CELLS`] others. Each other column becomes a value column
//! whose indicator is its header without letter codes (`A`, `B／A`), a
//! `(参考)` prefix or a year phrase (`令和4年度の人件費率` → fiscal year
//! 2022, indicator 人件費率); a date in the header (`（令和6年1月1日）`)
//! dates its figures.

use super::blocks::{NCell, NRow, TableBlock};
use super::fiscal::{self, Years};
use super::header::{looks_like_figure, spanned_end, MAX_HEADER_CHARS};
use super::model::{Column, Role, ValueColumn};
use super::rows::clean_indicator;
use super::units::{header_unit, strip_unit};
use crate::normalize::canonical_span;
use crate::rules::dates::{find_dates, Precision};

/// Figures the first data row needs besides its year.
pub const MIN_FIGURE_CELLS: usize = 2;
/// Names of a total column: the column is named by the header above it.
pub const TOTAL_WORDS: &[&str] = &["計", "合計", "小計", "総計"];
/// Words that mark a column as for reference only; dropped from its name.
pub const REFERENCE_WORDS: &[&str] = &["(参考)", "参考:"];

/// Where the header of a table laid out across starting at row `r` of the
/// block ends, if it is one: the header is row `r` and the rows its cells
/// span into ([`spanned_end`]: `区分` and `職員数A` over two rows beside
/// `給与費` over `給料 | 職員手当 | 期末・勤勉手当 | 計B`); its cells are short
/// words naming more than [`MIN_FIGURE_CELLS`] columns; the row after it
/// is a year row.
pub fn header_end(block: &TableBlock, r: usize) -> Option<usize> {
    let end = spanned_end(block, r);
    let (head, first) = (block.rows.get(r..end)?, block.rows.get(end)?);
    let cells = || head.iter().flat_map(|row| row.cells.iter());
    let mut cols: Vec<usize> = cells().flat_map(|c| c.cols()).collect();
    cols.sort_unstable();
    cols.dedup();
    let short_words = cols.len() > MIN_FIGURE_CELLS
        && cells()
            .all(|c| c.flat.chars().count() <= MAX_HEADER_CHARS && !looks_like_figure(&c.flat));
    (short_words && is_year_row(first)).then_some(end)
}

/// A fiscal year alone in the first cell, figures in the others (a row of
/// years, `平成27年度 | 平成28年度 | …`, is a header, not a year row).
fn is_year_row(row: &NRow) -> bool {
    let Some(key) = row.cells.first() else {
        return false;
    };
    let year_only = fiscal::find(&key.flat)
        .is_some_and(|f| f.start == 0 && key.flat[f.end..].trim().is_empty());
    let figures = row.cells[1..]
        .iter()
        .filter(|c| looks_like_figure(&c.flat))
        .count();
    year_only && figures >= MIN_FIGURE_CELLS
}

/// The columns of a table laid out across, from its header rows. A column
/// under a spanning cell is named by its own lowest cell (`給与費 → 給料` is
/// 給料), a total column by the cell above it (`給与費 → 計B` is 給与費).
pub fn columns(head: &[NRow], width: usize, years: &Years) -> Vec<Column> {
    let first = head
        .first()
        .and_then(|row| row.cells.first())
        .map_or(0, |c| c.col);
    (0..width)
        .map(|col| {
            let cells: Vec<&NCell> = head.iter().filter_map(|row| row.covering(col)).collect();
            let path: Vec<String> = cells.iter().map(|c| c.flat.clone()).collect();
            let role = if col == first {
                Role::Year
            } else {
                match naming_cell(&cells) {
                    Some(c) => Role::Value(value_column(&c.cell.text, years)),
                    None => Role::Unknown,
                }
            };
            Column { col, path, role }
        })
        .collect()
}

/// The cell naming a column: its lowest, or the one above a total.
fn naming_cell<'a>(cells: &[&'a NCell]) -> Option<&'a NCell> {
    let (last, above) = cells.split_last()?;
    let total = TOTAL_WORDS.contains(&clean_indicator(&last.cell.text).as_str());
    Some(match above.last() {
        Some(up) if total => up,
        _ => last,
    })
}

fn value_column(header: &str, years: &Years) -> ValueColumn {
    let mut v = ValueColumn {
        unit: header_unit(&canonical_span(header)),
        ..ValueColumn::default()
    };
    let mut name = strip_unit(header);
    for w in REFERENCE_WORDS {
        name = name.replace(w, "");
    }
    // A dated header (`住民基本台帳人口（令和6年1月1日）`): the date is the
    // figures' as-of, not part of the name.
    if let Some(d) = find_dates(&name, None)
        .into_iter()
        .find(|d| d.precision == Precision::Day)
    {
        v.as_of = Some(d.clone());
        let (a, b) = (&name[..d.start], &name[d.end..]);
        name = format!(
            "{}{}",
            a.trim_end_matches(['(', '（']),
            b.trim_start_matches([')', '）'])
        );
    }
    if let Some(f) = fiscal::find(&name) {
        v.fiscal_year = years.resolve(f.year);
        let rest = name[f.end..].trim_start_matches('の');
        name = format!("{}{}", &name[..f.start], rest);
    }
    let indicator = clean_indicator(&name);
    v.indicator = (!indicator.is_empty()).then_some(indicator);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `区分` and `職員数A` span two rows beside `給与費` over four columns:
    /// one header of two rows over a year row; a sub-column is named by its
    /// own cell, the total column by the cell above.
    #[test]
    fn a_header_of_two_rows_over_year_rows() {
        use crate::table::blocks::{plain, test_block};
        let block = test_block(&[
            vec![
                (0, 1, 2, "区分"),
                (1, 1, 2, "職員数\nA"),
                (2, 4, 1, "給 与 費"),
            ],
            plain(2, &["給料", "職員手当", "期末・勤勉手当", "計 B"]),
            plain(
                0,
                &["令和5年度", "57", "215,644", "42,786", "87,954", "346,384"],
            ),
        ]);
        assert_eq!(header_end(&block, 0), Some(2));
        let mut unspanned = block.clone();
        for c in &mut unspanned.rows[0].cells {
            c.row_span = 1;
        }
        assert_eq!(header_end(&unspanned, 0), None, "no span: row 0 alone");
        assert_eq!(crate::table::header::find_band(&block, 0), None);
        let cols = columns(&block.rows[0..2], 6, &Years::default());
        assert_eq!(cols[0].role, Role::Year);
        let names: Vec<Option<String>> = cols[1..]
            .iter()
            .map(|c| match &c.role {
                Role::Value(v) => v.indicator.clone(),
                _ => None,
            })
            .collect();
        let want = ["職員数", "給料", "職員手当", "期末・勤勉手当", "給与費"];
        assert_eq!(names, want.map(|w| Some(w.to_string())));
        assert_eq!(cols[3].path, ["給与費", "職員手当"]);
    }

    /// A banner over a row of years (`各年度の支給割合` over `平成27年度 |
    /// 平成28年度 | …`) is a header band, not a table laid out across: the
    /// years are headings, not figures.
    #[test]
    fn a_row_of_years_is_no_year_row() {
        use crate::table::blocks::{plain, test_block};
        let block = test_block(&[
            vec![(1, 3, 1, "各年度の支給割合")],
            plain(1, &["平成27年度", "平成28年度", "平成29年度"]),
            plain(0, &["国基準による支給割合", "1%", "3%", "3%"]),
        ]);
        assert_eq!(header_end(&block, 0), None);
        let band = crate::table::header::find_band(&block, 0).map(|b| (b.start, b.end));
        assert_eq!(band, Some((0, 2)));
    }

    #[test]
    fn headers_of_tables_laid_out_across() {
        let y = Years::default();
        let v = value_column("住民基本台帳人口\n(令和6年1月1日)", &y);
        assert_eq!(v.indicator.as_deref(), Some("住民基本台帳人口"));
        assert_eq!(
            v.as_of.map(|d| d.date.to_string()).as_deref(),
            Some("2024-01-01")
        );
        let v = value_column("歳 出 額\nA", &y);
        assert_eq!(v.indicator.as_deref(), Some("歳出額"));
        let v = value_column("人件費率\nB/A", &y);
        assert_eq!(v.indicator.as_deref(), Some("人件費率"));
        let v = value_column("(参考)\n令和4年度の人件費率", &y);
        assert_eq!(v.indicator.as_deref(), Some("人件費率"));
        assert_eq!(v.fiscal_year.map(|f| f.0), Some(2022));
    }
}
