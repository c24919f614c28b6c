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
use super::roles::{header_match, header_word, Word};
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
/// Fewest cells a header row needs to start a new band below a band of the
/// same table (unless it repeats that band's first row): a lone row label
/// holding a year word (`前年度繰上充用金(M)` with its value cells empty)
/// is a data row, not a header.
pub const MIN_RESTART_CELLS: usize = 2;

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
                || matches!(header_word(&t), Some(Word::Kind(_) | Word::Value))
        })
}

/// Is the row a units row (every cell a bare unit)?
pub fn is_units_row(row: &NRow) -> bool {
    !row.cells.is_empty() && row.cells.iter().all(|c| is_bare_unit(&c.flat))
}

/// Find the header band starting at or after row `from`: the first header
/// row, the header rows below it, then a units row if one follows.
pub fn find_band(block: &TableBlock, from: usize) -> Option<Band> {
    let first = (0..block.rows.len()).find(|&i| is_band_start(&block.rows[i]));
    let start = (from..block.rows.len()).find(|&i| {
        is_band_start(&block.rows[i])
            && first.is_none_or(|f| f >= i || restarts(block, f, i))
            && !reads_across(block, i)
    })?;
    let spanned = spanned_end(block, start);
    let mut end = start + 1;
    while end < block.rows.len()
        && end - start < MAX_HEADER_ROWS
        && (is_header_row(&block.rows[end]) || end < spanned)
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

/// Is the header at row `i` that of a table laid out across
/// ([`super::across`]): fiscal years down its first column, and no year or
/// kind of figure in the header itself (`区分 | 職員数A | 給与費` over
/// `令和5年度 | 57 | …`: 職員数 is a value word, yet the years are rows)?
fn reads_across(block: &TableBlock, i: usize) -> bool {
    super::across::header_end(block, i).is_some_and(|end| {
        !block.rows[i..end].iter().flat_map(|r| &r.cells).any(|c| {
            let (_, t) = notes::marks(&c.flat);
            fiscal::find(&t).is_some() || matches!(header_word(&t), Some(Word::Kind(_)))
        })
    })
}

/// Does header row `i` start a new band below the band starting at row
/// `first` of the same block? Only if it looks like a band: it repeats the
/// first band's first row, or has several cells, or header rows follow it.
fn restarts(block: &TableBlock, first: usize, i: usize) -> bool {
    let row = &block.rows[i];
    signature(row) == signature(&block.rows[first])
        || row.cells.len() >= MIN_RESTART_CELLS
        || spanned_end(block, i) > i + 1
        || block.rows.get(i + 1).is_some_and(is_header_row)
}

/// The end of the rows a header starting at row `r` covers: the row itself
/// and every row below that one of its cells (or of the rows it reaches)
/// spans into (`区分` over two rows beside `給与費` over `給料 | 職員手当`),
/// at most [`MAX_HEADER_ROWS`]. A row holding a figure ends it.
pub fn spanned_end(block: &TableBlock, r: usize) -> usize {
    let mut end = r + 1;
    while end < block.rows.len()
        && end - r < MAX_HEADER_ROWS
        && block.rows[r..end]
            .iter()
            .enumerate()
            .any(|(k, row)| row.cells.iter().any(|c| r + k + c.row_span > end))
        && !block.rows[end]
            .cells
            .iter()
            .any(|c| looks_like_figure(&c.flat))
    {
        end += 1;
    }
    end
}

/// The texts of a row, to compare header rows.
pub fn signature(row: &NRow) -> Vec<String> {
    row.cells.iter().map(|c| c.flat.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::blocks::{plain, test_block};

    /// A row label holding a year word (`前年度繰越金`) with its value cells
    /// empty, below an established band, is a data row; a row of several
    /// header cells there does start a new band.
    #[test]
    fn a_lone_year_word_label_below_a_band_is_data() {
        let block = test_block(&[
            plain(0, &["区分", "令和5年度", "令和6年度"]),
            plain(0, &["収益", "10", "20"]),
            plain(0, &["前年度繰越金(M)"]),
            plain(0, &["残高", "5", "6"]),
            plain(0, &["区分", "令和7年度", "令和8年度"]),
            plain(0, &["収益", "30", "40"]),
        ]);
        assert!(
            is_band_start(&block.rows[2]),
            "the row alone reads as a header"
        );
        let first = find_band(&block, 0).map(|b| (b.start, b.end));
        assert_eq!(first, Some((0, 1)));
        let next = find_band(&block, 1).map(|b| (b.start, b.end));
        assert_eq!(next, Some((4, 5)), "row 2 skipped, row 4 restarts");
        // At the top of a table, no band above: the same row starts one.
        let top = test_block(&[plain(0, &["前年度", "本年度"]), plain(0, &["5", "6"])]);
        assert_eq!(find_band(&top, 0).map(|b| b.start), Some(0));
    }

    /// A header cell spanning two rows keeps the row below in the band,
    /// though that row alone names nothing of the vocabulary.
    #[test]
    fn a_header_cell_spanning_rows_keeps_them_in_the_band() {
        let rows = |span| {
            test_block(&[
                vec![(0, 1, span, "区分"), (1, 2, 1, "令和6年度")],
                plain(1, &["東地区", "西地区"]),
                plain(0, &["A市", "1", "2"]),
            ])
        };
        let block = rows(2);
        assert!(!is_header_row(&block.rows[1]));
        let band = find_band(&block, 0).expect("a band");
        assert_eq!((band.start, band.end), (0, 2));
        assert_eq!(band.paths[1], ["令和6年度", "東地区"]);
        assert_eq!(band.paths[2], ["令和6年度", "西地区"]);
        assert_eq!(band.paths[0], ["区分"]);
        // Without the span the band ends after its first row.
        assert_eq!(find_band(&rows(1), 0).map(|b| b.end), Some(1));
    }
}
