//! The walk over a cell: items, then text segments and bracket groups at
//! each nesting level, in document order. Figures, groups, scoping and
//! footnotes are handled by their own modules (`figures`, `groups`,
//! `scope`, `footnotes`); this module holds the walker's state.

use std::collections::HashSet;

use super::dates::{DateRef, Precision};
use super::figure::{clean_label, is_marker, FIGURE};
use super::items::matching_close;
use super::scope::Scoped;
use super::{CellContext, CellResult, Period, Qualifier};
use crate::normalize::canonical_span;

/// How far the rules read before a number for its label, in bytes (about
/// 200 Japanese characters): a longer run of text since the last figure is
/// cut at this distance. With [`AHEAD_MAX`] it bounds the work of one
/// figure, so a cell is read in time linear in its figures.
pub(super) const LABEL_ZONE_MAX: usize = 600;
/// How far the rules read after a number for a label, a predicate and the
/// qualifiers of its clause (`予定`, `見込`), in bytes.
pub(super) const AHEAD_MAX: usize = 600;

/// Per-level state while walking an item (the item itself, or a group).
pub(super) struct Level {
    pub(super) zone_start: usize,
    pub(super) parent: Option<usize>,
    pub(super) outer_label: Option<String>,
    pub(super) label_carry: Option<String>,
    pub(super) colon_prefix: Option<String>,
    pub(super) last_fig: Option<usize>,
}

impl Level {
    pub(super) fn new(
        zone_start: usize,
        parent: Option<usize>,
        outer_label: Option<String>,
    ) -> Self {
        Level {
            zone_start,
            parent,
            outer_label,
            label_carry: None,
            colon_prefix: None,
            last_fig: None,
        }
    }
}

pub(super) struct Walker<'a> {
    pub(super) text: &'a str,
    pub(super) ctx: &'a CellContext<'a>,
    pub(super) dates: Vec<DateRef>,
    pub(super) out: CellResult,
    pub(super) item: usize,
    pub(super) item_start: usize,
    pub(super) item_had_figure_before: bool,
    pub(super) footnote: bool,
    pub(super) event: Option<DateRef>,
    pub(super) event_planned: bool,
    pub(super) event_used: bool,
    pub(super) repeated: bool,
    pub(super) pending_nobe: bool,
    /// Byte ranges covered by dates, figures and recognized non-figures.
    pub(super) covered: Vec<(usize, usize)>,
    pub(super) footnotes: Vec<(Option<u32>, String, usize)>,
    /// The item's subject, once a figure or group named one.
    pub(super) item_subject: Option<String>,
    /// The item's heading ([`Walker::item_head`]), read once an item.
    pub(super) item_head_cache: Option<Option<String>>,
}

impl<'a> Walker<'a> {
    pub(super) fn walk_item(&mut self, a: usize, b: usize) {
        self.item += 1;
        self.item_start = a;
        let first = self.text[a..b].trim_start().chars().next();
        self.footnote = first == Some('※');
        self.event = None;
        self.event_planned = false;
        self.event_used = false;
        self.repeated = false;
        self.pending_nobe = false;
        self.item_subject = None;
        self.item_head_cache = None;
        self.item_had_figure_before = false;
        let first_fig = self.out.figures.len();
        let covered_from = self.covered.len();
        let mut level = Level::new(a, None, None);
        self.walk_range(a, b, &mut level);
        let item = self.item;
        let range = first_fig..self.out.figures.len();
        if self.repeated {
            for f in &mut self.out.figures[range.clone()] {
                f.add(Qualifier::Repeated);
            }
        }
        // An event date after the item's last figure belongs to the figures
        // before it that have none.
        if let (Some(ev), false) = (self.event.clone(), self.event_used) {
            for f in &mut self.out.figures[range.clone()] {
                if f.event_date.is_none() && f.pos < ev.start {
                    f.event_date = Some(ev.clone());
                    if self.event_planned {
                        f.add(Qualifier::Planned);
                    }
                }
            }
        }
        if self.footnote {
            let body = canonical_span(self.text[a..b].trim().trim_start_matches('※'));
            // `※1 速報値` is footnote 1; `※12.8は…` is a note starting with a date.
            let digits: String = body.chars().take_while(|c| c.is_ascii_digit()).collect();
            let after = body[digits.len()..].chars().next();
            let num: Option<u32> = if after.is_some_and(|c| c == '.' || c == '/') {
                None
            } else {
                digits.parse().ok()
            };
            let body = if num.is_some() {
                body[digits.len()..].trim().to_string()
            } else {
                body
            };
            self.footnotes.push((num, body, item));
        } else {
            self.report_stray_numbers(a, b, covered_from);
        }
    }

    /// Walk `a..b` at one nesting level: text segments and bracket groups.
    pub(super) fn walk_range(&mut self, a: usize, b: usize, level: &mut Level) {
        let mut pos = a;
        while pos < b {
            let seg = &self.text[pos..b];
            let open = seg.find(['(', '【']).map(|i| pos + i);
            let seg_end = open.unwrap_or(b);
            self.walk_text(pos, seg_end, level);
            let Some(open) = open else { break };
            let (close_ch, open_len) = if self.text[open..].starts_with('(') {
                (')', 1)
            } else {
                ('】', '【'.len_utf8())
            };
            let inner_start = open + open_len;
            let close = matching_close(self.text, inner_start, b, close_ch);
            let inner_end = close.unwrap_or(b);
            self.walk_group(open, inner_start, inner_end, level);
            pos = close.map_or(b, |c| c + close_ch.len_utf8());
        }
    }

    /// The dates inside `a..b` (the cell's dates are sorted by start).
    pub(super) fn dates_in(&self, a: usize, b: usize) -> Vec<DateRef> {
        let from = self.dates.partition_point(|d| d.start < a);
        self.dates[from..]
            .iter()
            .take_while(|d| d.start < b)
            .filter(|d| d.end <= b)
            .cloned()
            .collect()
    }

    /// The end of what is read after a number ending at `e` in a segment
    /// ending at `seg_end`: at most [`AHEAD_MAX`] bytes.
    pub(super) fn ahead_end(&self, e: usize, seg_end: usize) -> usize {
        super::items::floor_char(self.text, seg_end.min(e.saturating_add(AHEAD_MAX)))
    }

    /// The start of a label zone ending at `end`: at most
    /// [`LABEL_ZONE_MAX`] bytes before it.
    pub(super) fn zone_floor(&self, start: usize, end: usize) -> usize {
        start.max(super::items::ceil_char(
            self.text,
            end.saturating_sub(LABEL_ZONE_MAX),
        ))
    }

    /// Dates and figures of a text segment, in order.
    pub(super) fn walk_text(&mut self, a: usize, b: usize, level: &mut Level) {
        if a >= b {
            return;
        }
        let dates = self.dates_in(a, b);
        let seg = &self.text[a..b];
        let mut events: Vec<(usize, Option<usize>, Option<regex::Captures>)> = Vec::new();
        for (i, d) in dates.iter().enumerate() {
            events.push((d.start, Some(i), None));
        }
        for c in FIGURE.captures_iter(seg) {
            let Some(m) = c.get(0) else { continue };
            let (s, e) = (a + m.start(), a + m.end());
            if dates.iter().any(|d| d.start < e && s < d.end) {
                continue;
            }
            events.push((s, None, Some(c)));
        }
        events.sort_by_key(|e| e.0);
        let mut skip_dates = HashSet::new();
        for (_, di, cap) in events {
            if let Some(di) = di {
                if skip_dates.contains(&di) {
                    continue;
                }
                let d = dates[di].clone();
                self.covered.push((d.start, d.end));
                let after = &self.text[d.end..b];
                let after_t = after.trim_start();
                if let (Some(r), Some(d2)) = (after_t.strip_prefix('~'), dates.get(di + 1)) {
                    if r.trim_start().starts_with(d2.text.as_str()) {
                        skip_dates.insert(di + 1);
                        self.covered.push((d2.start, d2.end));
                        let tail = self.text[d2.end..b].trim_start();
                        let cumulative = tail.starts_with("累計");
                        let period = Period {
                            from: d.first,
                            to: d2.date,
                            text: canonical_span(&self.text[d.start..d2.end]),
                        };
                        let quals = if cumulative {
                            vec![Qualifier::Cumulative]
                        } else {
                            vec![]
                        };
                        self.apply_backward(
                            d.start,
                            Some(Scoped::Period(period, d2.clone())),
                            &quals,
                        );
                        level.zone_start = level.zone_start.max(d2.end);
                        continue;
                    }
                }
                let prelim = after_t.starts_with("までの速報")
                    || after_t.starts_with("速報")
                    || after_t.starts_with("時点速報");
                if prelim || after_t.starts_with("現在") || after_t.starts_with("時点") {
                    let q = if prelim {
                        vec![Qualifier::Preliminary]
                    } else {
                        vec![]
                    };
                    self.apply_backward(d.start, Some(Scoped::AsOf(d.clone())), &q);
                } else if after_t.starts_with("予定") {
                    self.event = Some(d.clone());
                    self.event_planned = true;
                    self.event_used = false;
                } else if d.precision == Precision::Day {
                    self.event = Some(d.clone());
                    self.event_planned = false;
                    self.event_used = false;
                }
                level.zone_start = level.zone_start.max(d.end);
                continue;
            }
            let Some(c) = cap else { continue };
            self.figure(a, b, &c, level);
        }
    }

    /// Where the item's text starts, after its bullet.
    pub(super) fn item_body_start(&self) -> usize {
        let item = &self.text[self.item_start..];
        self.item_start + item.len()
            - item
                .trim_start_matches(|ch: char| is_marker(ch) || ch.is_whitespace())
                .len()
    }

    /// The item's heading: its text up to the first bracket or date, when
    /// that text is a short phrase holding no figure (`○オンライン企業説明会
    /// (R5.10.21) 参加企業数12社` → `オンライン企業説明会`).
    pub(super) fn item_head(&mut self) -> Option<String> {
        if let Some(h) = &self.item_head_cache {
            return h.clone();
        }
        let h = self.read_item_head();
        self.item_head_cache = Some(h.clone());
        h
    }

    fn read_item_head(&self) -> Option<String> {
        let item = &self.text[self.item_start..];
        let mut end = item.find(['(', '【']).unwrap_or(item.len());
        let first_date = self.dates.partition_point(|d| d.start < self.item_start);
        if let Some(d) = self.dates.get(first_date) {
            end = end.min(d.start - self.item_start);
        }
        let head = &item[..end];
        if head.contains(['、', '。']) || FIGURE.is_match(head) {
            return None;
        }
        let head = clean_label(head);
        (!head.is_empty() && head.chars().count() <= 40).then_some(head)
    }
}
