//! Stage between normalize and rules: the table model.
//!
//! A chain of small steps, one concept a file, the way pdfplumber's
//! `table.py` reads a page:
//! 1. [`blocks`]: the grid as blocks (free lines, tables with their spans),
//!    every cell normalized once.
//! 2. [`header`]: each table's header band → a path per column
//!    (`令和6年度 → 実績`), merged cells repeated into the columns they cover.
//! 3. [`roles`]: paths → roles by the vocabulary ([`vocab`]): row key,
//!    group, organisation, measure, indicator, unit, value (fiscal year
//!    [`fiscal`], kind, unit [`units`]), text, marks.
//!    A header that names categories or metrics over columns of figures
//!    (`市町村 | 発生者数 | 累計`) is read by [`crosstab`], from the evidence
//!    of the rows under it.
//! 4. [`rows`]: columns the header did not settle, by their cells; data rows
//!    typed, groups carried down over their spans.
//! 5. This module: sections and notes around the tables ([`lines`],
//!    [`notes`]): numbered and prefixed headings, banner rows, captions,
//!    【目標】 lines, KPI lines outside tables, unit notes, ※ notes, as-of and
//!    default-date notes; the report's title, stage and as-of from its lead.
//!
//! The result is a [`Report`] ([`model`]); [`crate::record`] turns it into
//! records. Nothing is dropped silently: a column the vocabulary does not
//! know and rows outside any table are [`Unplaced`]; a document without a
//! table of figures is refused with what was seen.

pub mod across;
pub mod blocks;
pub mod crosstab;
pub mod fiscal;
pub mod header;
pub mod lead;
pub mod lines;
pub mod model;
pub mod notes;
pub mod roles;
pub mod rows;
pub mod units;
pub mod unplaced;
pub mod vocab;

pub use model::*;

use crate::error::ReportError;
use crate::grid::{Grid, Loc, Spans};
use crate::normalize::canonical_span;
use blocks::{Block, NRow, TableBlock};
use fiscal::Years;
use lead::{
    caption_title, is_attachment_label, is_caption, is_date_only, prefixed_title, same_line,
};
use lines::{Heading, Line};
use rows::RowReader;

/// The table being read: its columns and how to recognize its header when
/// a page repeats it.
#[derive(Debug, Clone)]
struct Active {
    table: Table,
    /// The table is a cross tab ([`crosstab`]).
    crosstab: bool,
    signature: Vec<String>,
    width: usize,
}

#[derive(Default)]
struct Builder {
    report: Report,
    years: Years,
    current: Option<Section>,
    /// No table or heading seen yet: lines are the document's lead.
    lead: bool,
    pending_target: Option<Cell>,
    pending_unit: Option<(String, Option<String>)>,
    /// The last short free line, which may caption the next table.
    caption: Option<Cell>,
    active: Option<Active>,
    reader: RowReader,
    /// Lead lines that may be the title.
    title_candidates: Vec<Cell>,
    /// Day-precise dates the free lines state, to give a yearless as-of
    /// its year.
    dated: Vec<crate::rules::dates::DateRef>,
    /// The document's own date: a lead line that is only a day
    /// (`令和3年4月7日`), which relative as-of words count from.
    issued: Option<crate::rules::dates::DateRef>,
    /// The mark of the note on the line before, whose list a bare next
    /// number continues (`（注）1 …` then `2 …`).
    note_run: Option<u32>,
    /// Where the last heading was, to tell text set beside it.
    heading_loc: Option<Loc>,
    /// The last row of the current table block refused as a header (no
    /// figures, words the vocabulary does not know): what the figure rows
    /// under it are reported against.
    refused_header: Option<String>,
}

impl Builder {
    fn last_number(&self) -> u32 {
        self.current
            .as_ref()
            .map(|s| s.number)
            .or_else(|| self.report.sections.last().map(|s| s.number))
            .unwrap_or(0)
    }

    fn finish_section(&mut self) {
        if let Some(s) = self.current.take() {
            if !s.is_empty() {
                self.report.sections.push(s);
            } else if s.target.is_none() {
                // Notes of an empty section stay for the next one.
                self.report.footnotes.extend(s.footnotes);
            }
        }
    }

    /// Start a section; the table being read continues into it.
    fn open_section(&mut self, number: Option<u32>, title: String, loc: Loc) {
        let last = self.last_number();
        let replaces_empty = self.current.as_ref().is_some_and(Section::is_empty);
        let base = if replaces_empty {
            self.report.sections.last().map_or(0, |s| s.number)
        } else {
            last
        };
        self.finish_section();
        let n = match number {
            Some(n) if n > base => n,
            _ => base + 1,
        };
        let mut s = Section::new(n, title, loc);
        s.target = self.pending_target.take();
        if let Some(a) = &self.active {
            s.tables.push(a.table.clone());
        }
        self.current = Some(s);
        self.reader.reset();
        self.caption = None;
        self.end_lead();
    }

    fn section(&mut self, loc: Loc) -> &mut Section {
        if self.current.is_none() {
            let n = self.last_number() + 1;
            self.current = Some(Section::new(n, String::new(), loc));
        }
        self.current
            .get_or_insert_with(|| Section::new(0, String::new(), loc))
    }

    fn heading(&mut self, h: Heading, cell: &Cell) {
        let title = prefixed_title(&h).unwrap_or_else(|| h.title.clone());
        // `1 …` numbers must run in sequence (a stray `5 …` is prose).
        let next = self.last_number() + 1;
        if h.prefix.is_none() && h.number.is_some_and(|n| n == 0 || n > next + 1) {
            return;
        }
        if h.prefix.is_none()
            && h.number
                .is_some_and(|n| Some(n) == self.current.as_ref().map(|s| s.number))
        {
            return;
        }
        self.open_section(h.number, title, cell.loc);
        self.heading_loc = Some(cell.loc);
        // A heading's own as-of (`（令和6年12月末現在）`, `（前日24時まで）`)
        // dates its section.
        let flat = canonical_span(&cell.text);
        let as_of = notes::as_of(&flat).or_else(|| self.relative_as_of(&flat));
        if let Some(s) = self.current.as_mut() {
            s.as_of = s.as_of.take().or(as_of);
        }
    }

    fn line(&mut self, cell: Cell) {
        let flat = canonical_span(&cell.text);
        self.years.learn_era(&flat);
        self.dated.extend(
            crate::rules::dates::find_dates(&flat, None)
                .into_iter()
                .filter(|d| d.precision == crate::rules::dates::Precision::Day),
        );
        let line = match self
            .note_run
            .and_then(|m| notes::next_in_run(&cell.text, m))
        {
            Some(f) => Line::Footnote(f),
            None => lines::classify(&cell),
        };
        self.note_run = match &line {
            Line::Footnote(f) => Some(f.mark),
            _ => None,
        };
        match line {
            Line::Heading(h) => self.heading(h, &cell),
            Line::Target => match &mut self.current {
                Some(s) if s.rows.is_empty() && s.target.is_none() => s.target = Some(cell),
                _ => self.pending_target = Some(cell),
            },
            Line::Footnote(f) => match &mut self.current {
                Some(s) => s.footnotes.push(f),
                None => self.report.footnotes.push(f),
            },
            Line::UnitNote(u, ratio) => match &mut self.active {
                // A note right under a table's header belongs to it.
                Some(a) if self.current.as_ref().is_some_and(|s| s.rows.is_empty()) => {
                    a.table.unit = Some(u);
                    a.table.ratio_unit = ratio;
                }
                _ => self.pending_unit = Some((u, ratio)),
            },
            Line::DefaultDate(d) => {
                self.report.default_as_of.get_or_insert(d);
            }
            Line::AsOf(d) => {
                if self.lead {
                    self.report.as_of.get_or_insert(d);
                } else if let Some(s) = self.current.as_mut().filter(|s| s.rows.is_empty()) {
                    s.as_of.get_or_insert(d);
                }
            }
            Line::Kpi(k) => {
                let s = self.section(cell.loc);
                for (kind, text) in k.parts {
                    s.kpi_lines.push(KpiLine {
                        indicator: k.indicator.clone(),
                        kind,
                        cell: Cell {
                            original: cell.original.clone(),
                            text,
                            loc: cell.loc,
                        },
                    });
                }
            }
            Line::Other => self.other(cell, &flat),
        }
    }

    /// A free line that is nothing else (`flat`: its text, canonical).
    fn other(&mut self, cell: Cell, flat: &str) {
        if self.lead {
            self.years.learn(flat);
            let date_only = is_date_only(&cell);
            if self.issued.is_none() && date_only {
                self.issued = crate::rules::dates::find_dates(flat, None)
                    .into_iter()
                    .find(|d| d.precision == crate::rules::dates::Precision::Day);
            }
            if is_caption(&cell) && !is_attachment_label(&cell) && !date_only {
                self.title_candidates.push(cell.clone());
            }
        }
        // Text set beside a heading, on its line (a caption of the right
        // half of the table below), does not replace the heading's section.
        let beside_heading = self.heading_loc.is_some_and(|h| same_line(&h, &cell.loc));
        self.caption = (is_caption(&cell) && !beside_heading).then_some(cell);
    }

    /// The lead ends at the first heading or table: the title is chosen.
    fn end_lead(&mut self) {
        if self.lead {
            self.lead = false;
            self.settle_title();
        }
    }

    /// A table: header bands start tables (or repeat one), banner rows and
    /// lone heading cells start sections, the rest are data rows.
    fn table(&mut self, mut block: TableBlock) {
        self.end_lead();
        // Layout already joined a table continued over pages into one block:
        // another drawn table is another table, its header its own. Text
        // input cannot say, so a header-less run of rows there continues
        // the table above.
        if block.spans == Spans::Measured {
            self.active = None;
        }
        self.refused_header = None;
        let width = block.width();
        let mut r = 0;
        // Rows of stacked labels and values, put in reading order, are read
        // as cross tabs up to here.
        let mut stacked_until = 0;
        while r < block.rows.len() {
            if r >= stacked_until && self.active.as_ref().is_none_or(|a| a.crosstab) {
                if let Some(order) = crosstab::interleaved(&block, r) {
                    let rows: Vec<NRow> = order.iter().map(|&i| block.rows[i].clone()).collect();
                    stacked_until = r + rows.len();
                    block.rows.splice(r..stacked_until, rows);
                }
            }
            if r < stacked_until {
                if let Some(x) = self.cross_tab(&block, r, true) {
                    r = x.data_start;
                    let loc = block.rows[r.saturating_sub(1)].loc;
                    self.install_cross_tab(x, width, loc);
                    continue;
                }
            }
            let row = &block.rows[r];
            if header::is_band_start(row) {
                if let Some(band) = header::find_band(&block, r).filter(|b| b.start == r) {
                    let repeated = self
                        .active
                        .as_ref()
                        .is_some_and(|a| a.signature == band.signature);
                    // A band naming no year (`陽性者数 | 累計 | 前日比`,
                    // `総数(累計) | 重症者`) is a cross tab when its rows say so.
                    let plain = !crosstab::states_year(&band, &self.years);
                    if !repeated && plain {
                        if let Some(x) = self
                            .cross_tab(&block, r, true)
                            .filter(|_| crosstab::vocabulary_fails(&band, &self.years))
                        {
                            r = x.data_start;
                            self.install_cross_tab(x, width, row.loc);
                            continue;
                        }
                    }
                    r = band.end;
                    if !repeated {
                        self.start_table(&block, band, width);
                    }
                    continue;
                }
            }
            let repeated = self
                .active
                .as_ref()
                .is_some_and(|a| a.signature == header::signature(row));
            if let Some(end) = across::header_end(&block, r).filter(|_| !repeated) {
                let columns = across::columns(&block.rows[r..end], width, &self.years);
                self.install_table(columns, header::signature(row), width, row.loc);
                r = end;
                continue;
            }
            if repeated {
                r += 1;
                continue;
            }
            if let Some(x) = self.cross_tab(&block, r, false) {
                r = x.data_start;
                self.install_cross_tab(x, width, row.loc);
                continue;
            }
            let keys = self
                .active
                .as_ref()
                .map(|a| a.table.keys.clone())
                .unwrap_or_default();
            for part in crosstab::split_row(row, &keys) {
                self.table_row(&part, width, block.spans);
            }
            r += 1;
        }
    }

    fn start_table(&mut self, block: &TableBlock, band: header::Band, width: usize) {
        let mut columns: Vec<Column> = (0..width)
            .map(|col| Column {
                col,
                path: band.paths.get(col).cloned().unwrap_or_default(),
                role: roles::role_of(
                    band.paths.get(col).map_or(&[][..], |p| p.as_slice()),
                    band.units.get(col).and_then(|u| u.as_deref()),
                    &self.years,
                ),
            })
            .collect();
        rows::unlabeled_before_values(&mut columns);
        rows::by_content(&mut columns, &block.rows[band.end..]);
        rows::units_in_first_row(&mut columns, block.rows.get(band.end));
        rows::planned_years(&mut columns, self.years.report_year, self.is_plan());
        let loc = block
            .rows
            .get(band.start)
            .map_or_else(Loc::default, |r| r.loc);
        self.install_table(columns, band.signature, width, loc);
    }

    /// Make `columns` the table being read: a caption above it may start a
    /// section; a unit note waiting for a table is its unit.
    fn install_table(
        &mut self,
        columns: Vec<Column>,
        signature: Vec<String>,
        width: usize,
        loc: Loc,
    ) {
        let (unit, ratio_unit) = match self.pending_unit.take() {
            Some((u, r)) => (Some(u), r),
            None => (None, None),
        };
        let table = Table {
            columns,
            unit,
            ratio_unit,
            keys: Vec::new(),
            loc,
        };
        // A caption above a table starts a section (slides: one titled table
        // a page; `(1) 人件費の状況` under a chapter heading) unless the
        // section only holds a target or notes for this table.
        let caption = self.caption.take();
        let free = self
            .current
            .as_ref()
            .is_none_or(|s| !s.rows.is_empty() || (s.target.is_none() && s.kpi_lines.is_empty()));
        if let Some(c) = caption.filter(|_| free) {
            let title = caption_title(&canonical_span(&c.text));
            let as_of = notes::as_of(&canonical_span(&c.text));
            self.active = None;
            self.open_section(None, title, c.loc);
            if let Some(s) = self.current.as_mut() {
                s.as_of = as_of;
            }
        }
        self.end_lead();
        if self.current.is_none() && self.report.sections.is_empty() {
            // The first table with no heading or caption: the report's
            // title (without its date) names the section.
            let title = self
                .report
                .title
                .as_deref()
                .map(caption_title)
                .unwrap_or_default();
            self.open_section(None, title, loc);
        }
        self.active = Some(Active {
            crosstab: false,
            table: table.clone(),
            signature,
            width,
        });
        self.section(loc).tables.push(table);
        self.reader.reset();
        self.end_lead();
    }

    fn table_row(&mut self, row: &NRow, width: usize, spans: Spans) {
        // A lone cell may be a heading, a target, a note drawn in the table.
        if let [c] = row.cells.as_slice() {
            match lines::classify(&c.cell) {
                Line::Target | Line::Footnote(_) | Line::UnitNote(..) | Line::DefaultDate(_) => {
                    self.line(c.cell.clone());
                    return;
                }
                _ => {}
            }
        }
        let Some(active) = self.active.clone() else {
            self.lone_or_unplaced(row);
            return;
        };
        if let Some(b) = rows::banner(row, active.width.max(width), spans) {
            let cell = b.cell.clone();
            let heading = lines::heading(&cell.text);
            let number = heading.as_ref().and_then(|h| h.number);
            let had_rows = self.current.as_ref().is_some_and(|s| !s.rows.is_empty());
            let numbered = heading.as_ref().is_some_and(|h| h.prefix.is_none());
            // A plain `1 …` heading in a table starts a section only after
            // the current one has rows (the seed draws its headings so).
            if !numbered || had_rows {
                let title = match &heading {
                    Some(h) => prefixed_title(h).unwrap_or_else(|| h.title.clone()),
                    None => canonical_span(cell.text.trim()),
                };
                self.open_section(number, title, cell.loc);
                return;
            }
        }
        self.section(row.loc);
        let Some(section) = self.current.as_mut() else {
            return;
        };
        let table = section.tables.len().saturating_sub(1);
        let number = section.rows.len() + 1;
        let typed = self.reader.read(
            row,
            &active.table.columns,
            spans,
            &self.years,
            (number, table),
        );
        let has_group = active
            .table
            .columns
            .iter()
            .any(|c| c.role == Role::Group && row.at(c.col).is_some());
        if let Some(prev) = section.rows.last_mut() {
            if rows::join_broken_row(prev, &typed, has_group) {
                return;
            }
        }
        for c in &active.table.columns {
            if c.role != Role::Unknown {
                continue;
            }
            if let Some(x) = row.at(c.col) {
                self.report.unplaced.push(Unplaced {
                    section: section.number,
                    row: number,
                    text: x.cell.text.clone(),
                    reason: format!("column header not in the vocabulary: {}", c.header()),
                    loc: x.cell.loc,
                });
            }
        }
        if typed.cells.is_empty() && typed.measure.is_empty() && typed.indicator.is_none() {
            return;
        }
        section.rows.push(typed);
    }

    /// A table row before any header: a lone heading or title cell is read
    /// as a line; anything with figures is reported.
    fn lone_or_unplaced(&mut self, row: &NRow) {
        if let [c] = row.cells.as_slice() {
            self.line(c.cell.clone());
            return;
        }
        let text: Vec<&str> = row.cells.iter().map(|c| c.flat.as_str()).collect();
        let text = text.join(" | ");
        if row.cells.iter().any(|c| header::looks_like_figure(&c.flat)) {
            let reason = match &self.refused_header {
                Some(h) => format!(
                    "under a header row the vocabulary does not know (no year, kind or value word): {h}"
                ),
                None => "table row before any header row".to_string(),
            };
            self.report.unplaced.push(Unplaced {
                section: self.current.as_ref().map_or(0, |s| s.number),
                row: 0,
                text: text.clone(),
                reason,
                loc: row.loc,
            });
        } else {
            self.refused_header = Some(text.clone());
        }
        if self.report.refused.len() < unplaced::MAX_REFUSALS {
            self.report.refused.push(Refusal {
                header: text,
                reason:
                    "not a header row: no column the vocabulary knows (year, 実績, 目標, 指標, …)"
                        .to_string(),
                loc: row.loc,
            });
        }
    }
}

/// Read the structure of a report from its grid.
pub fn read_report(grid: &Grid) -> Result<Report, ReportError> {
    let mut b = Builder {
        lead: true,
        ..Builder::default()
    };
    for block in blocks::split(grid) {
        match block {
            Block::Line(cell) => b.line(cell),
            Block::Table(t) => b.table(t),
        }
    }
    b.finish_section();
    b.settle_title();
    b.report.warnings = grid.warnings.clone();
    b.report
        .warnings
        .extend(unplaced::warnings(&b.report.unplaced));
    b.report.years = b.years;
    b.date_yearless_title();
    if b.report.sections.is_empty() {
        return Err(ReportError::NoTable {
            seen: unplaced::seen(&b.report),
        });
    }
    Ok(b.report)
}
