//! Step 5b: tables continued across pages.
//!
//! Table parts are fed in reading order. A part *continues* the previous
//! chain when it is on the next page, is the first thing there (running
//! lines aside), has the same column boundaries, and either the previous part
//! was the last thing on its page or this part starts by repeating the
//! chain's header. A repeated header is dropped. The first remaining row is then the
//! rest of the previous page's last row (and merged into it, column by
//! column, with `'\n'`) when the row was visibly broken:
//!
//! 1. *open border*: the previous part ends, or this part begins, without a
//!    drawn border (the side borders run on to the page end or start at the
//!    page top; see [`super::edges::close_open_ends`]);
//! 2. *cut padding*: the text of the last row comes closer to the bottom
//!    border than the cell padding seen everywhere else (or the first row's
//!    text closer to its top border): the row was cut mid-paragraph;
//! 3. *leading columns ran out* ([`LayoutSettings::merge_when_leading_columns_ran_out`]):
//!    the first row's text starts in a column to the right of where the last
//!    row's own text starts (its short leading cells — category, measure —
//!    were finished on the previous page), it continues at least one column
//!    the last row filled, and has no text where the last row had none.
//!    Office suites and reportlab close a broken row with an ordinary border,
//!    so often only this shows the cut. A new row fills its leading column;
//!    a new row with an empty later column (no figure for a year) is not
//!    taken for a continuation.
//!
//! A merged cell spanning rows across the break (the category column) keeps
//! its first part's text and loc; text found in its later fragments is
//! appended to it, and its span grows over the continued rows.

use super::columns::{identity, map_columns, same_columns, ColumnMap};
use super::geom::median;
use super::tables::PageTable;
use super::LayoutSettings;
use crate::grid::BBox;

/// One cell of a document-level table row; `col` and `col_span` are grid
/// columns, `row_span` counts rows of the chain.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LCell {
    pub col: usize,
    pub col_span: usize,
    pub row_span: usize,
    pub text: String,
    pub page: u32,
    pub bbox: BBox,
}

/// One table row with the cells that start in it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LRow {
    pub page: u32,
    pub bbox: BBox,
    pub order: Order,
    pub cells: Vec<LCell>,
}

/// Reading-order key of an output row: page, then vertical position, then
/// block (0 for free lines, 1 + table index for tables), then row in block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Order {
    pub page: usize,
    pub y: f64,
    pub block: usize,
    pub seq: usize,
}

impl Order {
    pub fn cmp(&self, other: &Order) -> std::cmp::Ordering {
        self.page
            .cmp(&other.page)
            .then(self.y.total_cmp(&other.y))
            .then(self.block.cmp(&other.block))
            .then(self.seq.cmp(&other.seq))
    }
}

/// Where a table part sits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placement {
    pub page_index: usize,
    pub table_index: usize,
    /// Nothing but running lines above it on its page.
    pub first_on_page: bool,
    /// Nothing but running lines below it on its page.
    pub last_on_page: bool,
}

/// The usual distance between a cell's border and its text, over all ruled
/// tables of the document (median; `None` without data).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Padding {
    pub top: Option<f64>,
    pub bottom: Option<f64>,
}

/// Measure [`Padding`]: bottoms over every row but a table's last, tops over
/// every row but its first (the rows a page break may cut).
pub(crate) fn typical_padding<'a>(tables: impl Iterator<Item = &'a PageTable>) -> Padding {
    let (mut tops, mut bottoms) = (Vec::new(), Vec::new());
    for t in tables.filter(|t| t.ruled) {
        let n = t.n_rows();
        bottoms.extend(
            (0..n.saturating_sub(1))
                .filter_map(|r| bottom_gap(t, r))
                .map(|g| g.0),
        );
        tops.extend((1..n).filter_map(|r| top_gap(t, r)).map(|g| g.0));
    }
    Padding {
        top: median(&mut tops),
        bottom: median(&mut bottoms),
    }
}

/// Smallest distance from text to the bottom border among the cells ending
/// at row `r`, with the largest font size among them.
fn bottom_gap(t: &PageTable, r: usize) -> Option<(f64, f64)> {
    t.cells
        .iter()
        .filter(|c| c.row + c.row_span == r + 1)
        .filter_map(|c| {
            c.text_box
                .map(|tb| (c.bbox.bottom - tb.bottom, c.font_size))
        })
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
}

/// Smallest distance from the top border to text among the cells starting
/// at row `r`, with the largest font size among them.
fn top_gap(t: &PageTable, r: usize) -> Option<(f64, f64)> {
    t.cells
        .iter()
        .filter(|c| c.row == r)
        .filter_map(|c| c.text_box.map(|tb| (tb.top - c.bbox.top, c.font_size)))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
}

type RowKey = Vec<(usize, String)>;

fn row_key(row: &LRow) -> RowKey {
    row.cells
        .iter()
        .map(|c| {
            (
                c.col,
                c.text
                    .chars()
                    .filter(|ch| !ch.is_whitespace())
                    .collect::<String>(),
            )
        })
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// A document-level table being assembled from its page parts.
struct Chain {
    rows: Vec<LRow>,
    header: Vec<RowKey>,
    last_page_index: usize,
    last_col_x: Vec<f64>,
    last_on_page: bool,
    /// The last part's last row was visibly cut at the page break.
    bottom_cut: bool,
    /// Top padding of the first part's leading rows (header rows and the
    /// first body row): what an uncut row right below a repeated header
    /// looks like, thick header borders included.
    lead_top_gaps: Vec<Option<f64>>,
}

/// Assembles table parts into document-level tables.
pub(crate) struct Stitcher<'a> {
    s: &'a LayoutSettings,
    padding: Padding,
    reference: Option<Vec<f64>>,
    chains: Vec<Chain>,
}

impl<'a> Stitcher<'a> {
    pub fn new(s: &'a LayoutSettings, padding: Padding) -> Self {
        Stitcher {
            s,
            padding,
            reference: None,
            chains: Vec::new(),
        }
    }

    /// Take the next table part (in reading order).
    pub fn add(&mut self, table: &PageTable, place: Placement) {
        let map = self.column_map(table);
        let mut rows = part_rows(table, &map, place);
        let bottom_cut = table.open_bottom || self.bottom_cut(table);
        let s = self.s;
        let continued = self
            .chains
            .last_mut()
            .filter(|c| continues(c, table, place, &rows, s));
        let Some(chain) = continued else {
            let header = rows.iter().take(s.max_header_rows).map(row_key).collect();
            let lead_top_gaps = (0..=s.max_header_rows)
                .map(|r| top_gap(table, r).map(|g| g.0))
                .collect();
            self.chains.push(Chain {
                rows,
                header,
                last_page_index: place.page_index,
                last_col_x: table.col_x.clone(),
                last_on_page: place.last_on_page,
                bottom_cut,
                lead_top_gaps,
            });
            return;
        };
        let dropped = drop_repeated_header(&chain.header, &mut rows);
        if !rows.is_empty() {
            let usual_top = match dropped {
                0 => self.padding.top,
                n => chain.lead_top_gaps.get(n).copied().flatten(),
            };
            let first_cut =
                (dropped == 0 && table.open_top) || cut_at_top(table, dropped, usual_top, s);
            let broken = chain.bottom_cut
                || first_cut
                || (s.merge_when_leading_columns_ran_out
                    && leading_columns_ran_out(&chain.rows, &rows[0]));
            if broken && !chain.rows.is_empty() {
                let first = rows.remove(0);
                merge_into_last(&mut chain.rows, first);
            }
        }
        chain.rows.extend(rows);
        chain.last_page_index = place.page_index;
        chain.last_col_x = table.col_x.clone();
        chain.last_on_page = place.last_on_page;
        chain.bottom_cut = bottom_cut;
    }

    /// All rows of all tables, each with the number of its document-level
    /// table (chains in reading order).
    pub fn finish(self) -> Vec<(usize, LRow)> {
        self.chains
            .into_iter()
            .enumerate()
            .flat_map(|(t, c)| c.rows.into_iter().map(move |r| (t, r)))
            .collect()
    }

    fn column_map(&mut self, table: &PageTable) -> ColumnMap {
        let n = table.col_x.len().saturating_sub(1);
        if self.reference.is_none() && n >= 2 {
            self.reference = Some(table.col_x.clone());
        }
        self.reference
            .as_ref()
            .and_then(|r| map_columns(r, &table.col_x))
            .unwrap_or_else(|| identity(n))
    }

    fn bottom_cut(&self, table: &PageTable) -> bool {
        let last = table.n_rows().saturating_sub(1);
        match (table.ruled, self.padding.bottom, bottom_gap(table, last)) {
            (true, Some(usual), Some((gap, size))) => {
                gap < usual - self.s.cut_padding_tolerance * size
            }
            _ => false,
        }
    }
}

/// Whether row `row` of the part has its text closer to its top border than
/// `usual`: the row was cut there.
fn cut_at_top(table: &PageTable, row: usize, usual: Option<f64>, s: &LayoutSettings) -> bool {
    match (table.ruled, usual, top_gap(table, row)) {
        (true, Some(usual), Some((gap, size))) => gap < usual - s.cut_padding_tolerance * size,
        _ => false,
    }
}

fn continues(
    chain: &Chain,
    table: &PageTable,
    place: Placement,
    rows: &[LRow],
    s: &LayoutSettings,
) -> bool {
    let next_page = chain.last_page_index + 1 == place.page_index;
    let header_repeated = match (chain.header.first(), rows.first()) {
        (Some(h), Some(r)) => !h.is_empty() && *h == row_key(r),
        _ => false,
    };
    next_page
        && place.first_on_page
        && same_columns(&chain.last_col_x, &table.col_x, s.column_match_tolerance)
        && (chain.last_on_page || header_repeated)
}

/// The rows of one table part, each with the cells starting in it, columns
/// mapped to grid columns.
fn part_rows(table: &PageTable, map: &ColumnMap, place: Placement) -> Vec<LRow> {
    (0..table.n_rows())
        .map(|r| LRow {
            page: table.page,
            bbox: BBox {
                x0: table.bbox.x0,
                top: table.row_y[r],
                x1: table.bbox.x1,
                bottom: table.row_y[r + 1],
            },
            order: Order {
                page: place.page_index,
                y: table.bbox.top,
                block: 1 + place.table_index,
                seq: r,
            },
            cells: table
                .cells_starting_at(r)
                .map(|c| {
                    let (col, col_span) = grid_columns(map, c.col, c.col_span);
                    LCell {
                        col,
                        col_span,
                        row_span: c.row_span,
                        text: c.text.clone(),
                        page: table.page,
                        bbox: c.bbox,
                    }
                })
                .collect(),
        })
        .collect()
}

fn grid_columns(map: &ColumnMap, col: usize, span: usize) -> (usize, usize) {
    let first = map.get(col).copied();
    let last = map.get(col + span.max(1) - 1).copied();
    match (first, last) {
        (Some((f, _)), Some((l, lspan))) if l + lspan > f => (f, l + lspan - f),
        _ => (col, span),
    }
}

/// Drop the leading rows equal to the chain's header rows; return how many.
fn drop_repeated_header(header: &[RowKey], rows: &mut Vec<LRow>) -> usize {
    let mut n = 0;
    while n < header.len()
        && n < rows.len()
        && !header[n].is_empty()
        && header[n] == row_key(&rows[n])
    {
        n += 1;
    }
    rows.drain(..n);
    n
}

/// The cell covering grid column `col` in row `at`: `(row index, cell index)`.
fn covering(rows: &[LRow], at: usize, col: usize) -> Option<(usize, usize)> {
    (0..=at).rev().find_map(|ri| {
        rows.get(ri)?
            .cells
            .iter()
            .position(|c| c.col <= col && col < c.col + c.col_span && ri + c.row_span > at)
            .map(|ci| (ri, ci))
    })
}

fn text_at(rows: &[LRow], at: usize, col: usize) -> &str {
    covering(rows, at, col).map_or("", |(ri, ci)| rows[ri].cells[ci].text.as_str())
}

/// Rule 3 of the module doc: the text of `next` starts in a column to the
/// right of where the last row's own text starts, `next` continues at least
/// one column the last row filled, and has no text where the last row had
/// none.
fn leading_columns_ran_out(rows: &[LRow], next: &LRow) -> bool {
    let Some(at) = rows.len().checked_sub(1) else {
        return false;
    };
    let last = &rows[at];
    let own_start = last
        .cells
        .iter()
        .filter(|c| c.row_span == 1 && !c.text.is_empty())
        .map(|c| c.col)
        .min();
    let next_start = next
        .cells
        .iter()
        .filter(|c| !c.text.is_empty())
        .map(|c| c.col)
        .min();
    let (Some(own_start), Some(next_start)) = (own_start, next_start) else {
        return false;
    };
    let next_rows = std::slice::from_ref(next);
    let cols = next
        .cells
        .iter()
        .filter(|c| !c.text.is_empty())
        .flat_map(|c| c.col..c.col + c.col_span);
    let (mut continuing, mut orphan) = (false, false);
    for g in cols {
        let above = !text_at(rows, at, g).is_empty();
        let below = !text_at(next_rows, 0, g).is_empty();
        continuing |= below && above;
        orphan |= below && !above;
    }
    next_start > own_start && continuing && !orphan
}

/// Merge a row broken by a page break into the chain's last row: each cell
/// of `next` is appended to the cell covering its column there.
fn merge_into_last(rows: &mut [LRow], next: LRow) {
    let Some(at) = rows.len().checked_sub(1) else {
        return;
    };
    for cell in next.cells {
        match covering(rows, at, cell.col) {
            Some((ri, ci)) => {
                let target = &mut rows[ri].cells[ci];
                if !cell.text.is_empty() {
                    if !target.text.is_empty() {
                        target.text.push('\n');
                    }
                    target.text.push_str(&cell.text);
                }
                target.row_span += cell.row_span.saturating_sub(1);
            }
            None => rows[at].cells.push(cell),
        }
    }
    rows[at].cells.sort_by_key(|c| c.col);
}
