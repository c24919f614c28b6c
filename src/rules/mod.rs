//! Stage 4: rules. One table cell (normalized text) → figures.
//!
//! A cell is a run of bullet items (`○`, `・`, `①`, `※` footnotes). Inside an
//! item, parenthesized groups are classified by what they hold:
//!
//! | group | meaning | scope |
//! |---|---|---|
//! | `(うち正規雇用102人)`, `(内:…)` | breakdown of the figure before it | children keep a `parent` link |
//! | `(R6.12月末現在)`, `(R7.1月末)`, `(…時点)` | as-of date | backward |
//! | `(R.6.12月までの速報値)` | as-of + 速報値 | backward |
//! | `(R1.8~R6.12累計)` | cumulative period | backward |
//! | `(R5.7.19)`, `①R5.10.29` | event date | forward to the next event date |
//! | `(R5.10.23、12.8、…)` | list of event dates | the figure before it |
//! | `(延べ人数)` | 延べ | the next figure |
//! | `(再掲)` | 再掲 | the whole item |
//! | `(23市町)`, `(延99人)` | figures | labelled by the text before the group |
//! | anything else | a note | attached to an adjacent figure |
//!
//! "Backward" scope runs from the qualifier over the figures before it in the
//! same item, and stops at a figure that already has an as-of date or period
//! (a previous qualifier) or where a metric label repeats
//! (`限定求人 79人 歓迎求人1,923人 限定求人424人 歓迎求人4,955人 (R1.8~R6.3累計)`
//! makes only the second pair cumulative). A qualifier standing in an item of
//! its own (or in a footnote) closes the whole cell instead.
//!
//! A figure's label is the text before the number back to the previous
//! boundary (item start, figure, group, date, `、`, `。`). A `A:B` label lends
//! its `A:` to the labels after it in the item (`県:施設内開講コース6件
//! 委託先開講コース62件`); an empty label is taken from `9件のご家族の相談`
//! (after the number), from the text before a figure group, or from the
//! row's measure (`○ 411人` under `新規登録者数`).
//!
//! Numbers that are not figures (ages, times, ordinals, frequencies such as
//! `月2回`, dates) are recognized and skipped; any other number the rules
//! cannot place is reported in `unparsed` with its text.

pub mod dates;
pub mod figure;

use std::collections::HashSet;

use crate::calendar::{Date, FiscalYear};
use crate::normalize::canonical_span;
use dates::{find_dates, DateRef, Precision};
use figure::{
    clean_label, is_frequency, is_marker, is_non_figure_number, metric_of, DIGITS, FIGURE,
    PERIOD_YEARS,
};

/// What a figure is, beyond its value.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Qualifier {
    /// A target, not an achievement.
    #[serde(rename = "目標")]
    Target,
    #[serde(rename = "以上")]
    AtLeast,
    #[serde(rename = "以下")]
    AtMost,
    #[serde(rename = "未満")]
    LessThan,
    #[serde(rename = "超")]
    MoreThan,
    #[serde(rename = "程度")]
    About,
    #[serde(rename = "約")]
    Approx,
    /// 延べ: a count with repeats (person-times).
    #[serde(rename = "延べ")]
    Nobe,
    /// うち: a breakdown of its parent figure.
    #[serde(rename = "うち")]
    Breakdown,
    /// 累計: cumulative over `period`.
    #[serde(rename = "累計")]
    Cumulative,
    /// 速報値: preliminary.
    #[serde(rename = "速報値")]
    Preliminary,
    /// 予定: planned, not achieved.
    #[serde(rename = "予定")]
    Planned,
    /// 見込み: forecast.
    #[serde(rename = "見込み")]
    Forecast,
    /// 再掲: repeated from elsewhere in the report.
    #[serde(rename = "再掲")]
    Repeated,
}

impl Qualifier {
    /// The comparison a target qualifier states: 以上 `>=`, 以下 `<=`,
    /// 未満 `<`, 超 `>`.
    pub fn comparator(&self) -> Option<&'static str> {
        match self {
            Qualifier::AtLeast => Some(">="),
            Qualifier::AtMost => Some("<="),
            Qualifier::LessThan => Some("<"),
            Qualifier::MoreThan => Some(">"),
            _ => None,
        }
    }
}

/// A period `from..=to` with the text that stated it.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
    pub text: String,
}

/// One figure found in a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// 1-based bullet item of the cell.
    pub item: usize,
    /// The label as written (layout spaces removed).
    pub label: String,
    /// The short metric name (the noun phrase the label ends with).
    pub metric: String,
    /// The item's heading, when the item names a subject before its figures.
    pub subject: Option<String>,
    pub value: f64,
    pub unit: String,
    pub as_of: Option<DateRef>,
    pub event_date: Option<DateRef>,
    pub event_dates: Vec<DateRef>,
    pub period: Option<Period>,
    pub qualifiers: Vec<Qualifier>,
    /// Index (in the cell's figure list) of the figure this one breaks down.
    pub parent: Option<usize>,
    /// The figure's own text: label through unit.
    pub text: String,
    pub notes: Vec<String>,
    /// Byte offset of the number in the cell text.
    pub pos: usize,
    /// Footnote marker (`※1`) after the figure.
    pub footnote_ref: Option<u32>,
    /// A target's duration (`2年間で` → 2).
    pub years: Option<u32>,
}

impl Figure {
    pub fn add(&mut self, q: Qualifier) {
        if !self.qualifiers.contains(&q) {
            self.qualifiers.push(q);
            self.qualifiers.sort();
        }
    }
}

/// Text the rules could not turn into figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Unparsed {
    pub item: usize,
    pub text: String,
    pub reason: String,
}

/// What the rules know about the cell from the table around it.
#[derive(Debug, Clone, Copy, Default)]
pub struct CellContext<'a> {
    /// Fiscal year of the column (resolves `6/25`, `4-1月`).
    pub fiscal_year: Option<FiscalYear>,
    /// Unit stated in the column header (`令和5年度(件)`), for bare numbers.
    pub unit_hint: Option<&'a str>,
    /// Label for figures with none of their own (the row's measure).
    pub fallback_label: Option<&'a str>,
}

/// Figures and leftovers of one cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellResult {
    pub figures: Vec<Figure>,
    pub unparsed: Vec<Unparsed>,
}

/// Split a cell into bullet items: byte ranges starting at a marker that
/// stands at the start, after white space or after `。`, outside brackets.
pub fn split_items(text: &str) -> Vec<(usize, usize)> {
    let mut starts = vec![0];
    let mut depth = 0i32;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '【' | '「' => depth += 1,
            ')' | '】' | '」' => depth = (depth - 1).max(0),
            _ => {}
        }
        let after_break = prev.is_none_or(|p| p.is_whitespace() || p == '。');
        let marker = match c {
            '-' => prev.is_none_or(|p| p == '\n'),
            _ => is_marker(c),
        };
        if i > 0 && depth == 0 && marker && after_break {
            starts.push(i);
        }
        prev = Some(c);
    }
    starts.push(text.len());
    starts.dedup();
    starts
        .windows(2)
        .map(|w| (w[0], w[1]))
        .filter(|(a, b)| !text[*a..*b].trim().is_empty())
        .collect()
}

/// How a parenthesized group reads.
enum Group {
    Breakdown(usize),
    Figures,
    AsOf(DateRef, bool),
    Range(DateRef, DateRef, bool),
    Event(DateRef, bool),
    DateList(Vec<DateRef>),
    Repeated,
    Nobe,
    Quals(Vec<Qualifier>),
    Note,
}

/// Per-level state while walking an item (the item itself, or a group).
struct Level {
    zone_start: usize,
    parent: Option<usize>,
    outer_label: Option<String>,
    label_carry: Option<String>,
    colon_prefix: Option<String>,
    last_fig: Option<usize>,
}

impl Level {
    fn new(zone_start: usize, parent: Option<usize>, outer_label: Option<String>) -> Self {
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

struct Walker<'a> {
    text: &'a str,
    ctx: &'a CellContext<'a>,
    dates: Vec<DateRef>,
    out: CellResult,
    item: usize,
    item_start: usize,
    item_had_figure_before: bool,
    footnote: bool,
    event: Option<DateRef>,
    event_planned: bool,
    event_used: bool,
    repeated: bool,
    pending_nobe: bool,
    /// Byte ranges covered by dates, figures and recognized non-figures.
    covered: Vec<(usize, usize)>,
    footnotes: Vec<(Option<u32>, String, usize)>,
    /// The item's subject, once a figure or group named one.
    item_subject: Option<String>,
}

/// Extract every figure of one cell.
pub fn extract_cell(text: &str, ctx: &CellContext) -> CellResult {
    if let Some(r) = bare_number_cell(text, ctx) {
        return r;
    }
    let mut w = Walker {
        text,
        ctx,
        dates: find_dates(text, ctx.fiscal_year),
        out: CellResult::default(),
        item: 0,
        item_start: 0,
        item_had_figure_before: false,
        footnote: false,
        event: None,
        event_planned: false,
        event_used: false,
        repeated: false,
        pending_nobe: false,
        covered: Vec::new(),
        footnotes: Vec::new(),
        item_subject: None,
    };
    for (a, b) in split_items(text) {
        w.walk_item(a, b);
    }
    w.attach_footnotes();
    w.out
}

/// A cell holding only a number, in a column whose header states the unit.
fn bare_number_cell(text: &str, ctx: &CellContext) -> Option<CellResult> {
    let unit = ctx.unit_hint?;
    let t = text.trim();
    let (neg, digits) = match t.strip_prefix(['▲', '△']) {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    // A footnote marker after the number: `10,980※1`.
    let (digits, footnote_ref) = match digits.split_once('※') {
        Some((d, n)) => (d.trim_end(), Some(n.trim().parse::<u32>().ok()?)),
        None => (digits, None),
    };
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let v: f64 = digits.replace(',', "").parse().ok()?;
    let label = ctx.fallback_label.unwrap_or_default().to_string();
    Some(CellResult {
        figures: vec![Figure {
            item: 1,
            metric: metric_of(&label),
            label,
            subject: None,
            value: if neg { -v } else { v },
            unit: unit.to_string(),
            as_of: None,
            event_date: None,
            event_dates: vec![],
            period: None,
            qualifiers: vec![],
            parent: None,
            text: t.to_string(),
            notes: vec![],
            pos: 0,
            footnote_ref,
            years: None,
        }],
        unparsed: vec![],
    })
}

impl<'a> Walker<'a> {
    fn walk_item(&mut self, a: usize, b: usize) {
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
        self.item_had_figure_before = false;
        let first_fig = self.out.figures.len();
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
            self.report_stray_numbers(a, b);
        }
    }

    /// Walk `a..b` at one nesting level: text segments and bracket groups.
    fn walk_range(&mut self, a: usize, b: usize, level: &mut Level) {
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

    fn dates_in(&self, a: usize, b: usize) -> Vec<DateRef> {
        self.dates
            .iter()
            .filter(|d| d.start >= a && d.end <= b)
            .cloned()
            .collect()
    }

    fn classify(&self, a: usize, b: usize, level: &Level) -> Group {
        let content = self.text[a..b].trim();
        if content.starts_with("うち") || content.starts_with("内:") || content.starts_with("内訳")
        {
            if let Some(p) = level.last_fig {
                return Group::Breakdown(p);
            }
        }
        let dates = self.dates_in(a, b);
        let has_figure = FIGURE.find_iter(&self.text[a..b]).any(|m| {
            let (s, e) = (a + m.start(), a + m.end());
            !dates.iter().any(|d| d.start < e && s < d.end)
        });
        if has_figure {
            return Group::Figures;
        }
        let mut rest = String::new();
        let mut last = a;
        for d in &dates {
            rest.push_str(&self.text[last..d.start]);
            last = d.end;
        }
        rest.push_str(&self.text[last..b]);
        let rest: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
        let prelim = rest.contains("速報");
        match dates.len() {
            2 if rest.starts_with('~') => {
                return Group::Range(dates[0].clone(), dates[1].clone(), rest.contains("累計"))
            }
            1 => {
                let d = dates[0].clone();
                if prelim
                    || rest.contains("現在")
                    || rest.contains("時点")
                    || rest.starts_with("まで")
                {
                    return Group::AsOf(d, prelim);
                }
                if rest.is_empty() && d.precision == Precision::Month {
                    return Group::AsOf(d, false);
                }
                if rest.is_empty() && d.precision == Precision::Day {
                    return Group::Event(d, false);
                }
                if rest == "予定" {
                    return Group::Event(d, true);
                }
            }
            n if n >= 2 => return Group::DateList(dates),
            _ => {}
        }
        match rest.as_str() {
            "再掲" => Group::Repeated,
            "延べ" | "延べ人数" | "延" | "延人数" => Group::Nobe,
            "速報値" | "速報" => Group::Quals(vec![Qualifier::Preliminary]),
            "見込み" | "見込" => Group::Quals(vec![Qualifier::Forecast]),
            "予定" => Group::Quals(vec![Qualifier::Planned]),
            _ => Group::Note,
        }
    }

    fn walk_group(&mut self, open: usize, a: usize, b: usize, level: &mut Level) {
        let group = self.classify(a, b, level);
        for d in self.dates_in(a, b) {
            self.covered.push((d.start, d.end));
        }
        let zone_label = clean_label(&self.text[level.zone_start.min(open)..open]);
        match group {
            Group::Breakdown(p) => {
                let content = &self.text[a..b];
                let skip = content.len() - content.trim_start().len();
                let mut inner_start = a + skip;
                for p in ["うち", "内訳", "内:"] {
                    if self.text[inner_start..b].starts_with(p) {
                        inner_start += p.len();
                        break;
                    }
                }
                let mut inner = Level::new(inner_start, Some(p), None);
                self.walk_range(inner_start, b, &mut inner);
            }
            Group::Figures => {
                let zone = &self.text[level.zone_start.min(open)..open];
                let zone = zone
                    .rfind(['、', '。'])
                    .map_or(zone, |i| &zone[i + '、'.len_utf8()..]);
                let (subject, label) = split_subject(zone);
                let label = join_carry(level.label_carry.as_deref(), zone, label);
                if subject.is_some() && level.zone_start <= self.item_body_start() {
                    self.item_subject = subject;
                }
                let outer = if label.is_empty() {
                    level.outer_label.clone()
                } else {
                    Some(label)
                };
                let mut inner = Level::new(a, level.parent, outer);
                self.walk_range(a, b, &mut inner);
                if inner.last_fig.is_some() {
                    level.last_fig = inner.last_fig;
                }
            }
            Group::AsOf(d, prelim) => {
                let mut quals = vec![];
                if prelim {
                    quals.push(Qualifier::Preliminary);
                }
                self.apply_backward(open, Some(Scoped::AsOf(d)), &quals);
            }
            Group::Range(from, to, cumulative) => {
                let period = Period {
                    from: from.first,
                    to: to.date,
                    text: canonical_span(&self.text[a..b]),
                };
                let quals = if cumulative {
                    vec![Qualifier::Cumulative]
                } else {
                    vec![]
                };
                self.apply_backward(open, Some(Scoped::Period(period, to)), &quals);
            }
            Group::Event(d, planned) => {
                self.event = Some(d);
                self.event_planned = planned;
                self.event_used = false;
            }
            Group::DateList(ds) => {
                if let Some(i) = level.last_fig {
                    self.out.figures[i].event_dates = ds;
                    // Keep what else the list says (`①Web`).
                    let note = canonical_span(&self.text[a..b]);
                    if note
                        .chars()
                        .any(|c| c.is_alphabetic() && !c.is_ascii_uppercase())
                    {
                        self.out.figures[i].notes.push(note);
                    }
                }
            }
            Group::Repeated => self.repeated = true,
            Group::Nobe => {
                self.pending_nobe = true;
                if !zone_label.is_empty() {
                    level.label_carry = Some(zone_label);
                }
            }
            Group::Quals(q) => self.apply_backward(open, None, &q),
            Group::Note => {
                let note = canonical_span(&self.text[a..b]);
                if let Some(i) = level.last_fig {
                    let f_end = self.out.figures[i].pos;
                    let between = &self.text[f_end..open];
                    let adjacent = FIGURE
                        .find(between)
                        .is_some_and(|m| between[m.end()..].trim().is_empty());
                    if adjacent && !note.is_empty() {
                        self.out.figures[i].notes.push(note);
                    }
                }
                if !zone_label.is_empty() && level.label_carry.is_none() {
                    level.label_carry = Some(zone_label);
                }
            }
        }
        level.zone_start = b.min(self.text.len());
        if let Some(rest) = self.text.get(b..) {
            if rest.starts_with(')') || rest.starts_with('】') {
                level.zone_start = b + rest.chars().next().map_or(0, char::len_utf8);
            }
        }
    }

    /// Dates and figures of a text segment, in order.
    fn walk_text(&mut self, a: usize, b: usize, level: &mut Level) {
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

    fn figure(&mut self, seg_start: usize, seg_end: usize, c: &regex::Captures, level: &mut Level) {
        let (Some(m), Some(num), Some(unit)) = (c.get(0), c.name("num"), c.name("unit")) else {
            return;
        };
        let s = seg_start + m.start();
        let e = seg_start + m.end();
        let num_start = seg_start + num.start();
        let pre_start = seg_start + c.name("pre").map_or(num.start(), |p| p.start());
        let sign = c.name("sign");
        let first_digit = seg_start + sign.map_or(num.start(), |s| s.start());
        let unit = unit.as_str();
        // Glued to a code or a longer number (`PR5件`?, `1.2.3回`): not ours.
        let glued = self.text[..s]
            .chars()
            .next_back()
            .is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '.');
        let zone_start = level.zone_start.max(self.item_start).min(pre_start);
        let zone_raw = &self.text[zone_start..pre_start];
        if glued || is_frequency(zone_raw, unit) || self.footnote {
            self.covered.push((s, e));
            level.zone_start = e;
            return;
        }
        // The label zone ends at the last hard boundary before the number.
        let cut = zone_raw.rfind(['、', '。', ',', ';']).map_or(0, |i| {
            i + zone_raw[i..].chars().next().map_or(1, char::len_utf8)
        });
        let zone = &zone_raw[cut..];
        let at_item_start = zone_start + cut <= self.item_body_start();
        let mut years = None;
        let mut zone_clean = zone.to_string();
        if let Some(pm) = PERIOD_YEARS.captures(zone) {
            years = pm.name("n").and_then(|n| n.as_str().parse().ok());
            if let Some(all) = pm.get(0) {
                zone_clean.replace_range(all.range(), " ");
            }
        }
        let mut period = None;
        if let (Some(fy), Some(mr)) = (self.ctx.fiscal_year, MONTH_RANGE.captures(&zone_clean)) {
            period = month_range(fy, &mr);
            if let Some(all) = mr.get(0) {
                zone_clean.replace_range(all.range(), " ");
            }
        }
        // `人材開発支援助成金 申請30件`: the words before the last space name
        // the item's subject (at the item's start), the last word the metric.
        let (head, mut label) = split_subject(&zone_clean);
        if at_item_start && head.is_some() {
            self.item_subject = head;
        }
        // The number names its noun after it (`4か所の障害者基幹相談支援センター`,
        // `9件のご家族の相談`) when the text before it names none.
        let pre_weak = label.is_empty()
            || zone_raw.trim_end().ends_with('の')
            || label.chars().next_back().is_some_and(figure::is_hiragana);
        if pre_weak {
            if let Some(post) = post_label(&self.text[e..seg_end]) {
                label = post;
            }
        }
        label = join_carry(level.label_carry.as_deref(), zone_raw, label);
        if label.is_empty() {
            label = level
                .label_carry
                .clone()
                .or_else(|| level.outer_label.clone())
                .unwrap_or_default();
        }
        if label.is_empty() && level.parent.is_none() {
            label = self.ctx.fallback_label.map(clean_label).unwrap_or_default();
        }
        // `A:B` lends `A:` to the labels after it.
        if let Some((lhs, rhs)) = label.split_once(':') {
            if !rhs.is_empty() && !lhs.is_empty() {
                level.colon_prefix = Some(lhs.to_string());
            }
        } else if let (Some(p), false) = (&level.colon_prefix, label.is_empty()) {
            if level.last_fig.is_some() {
                label = format!("{p}:{label}");
            }
        }
        let label = if label.is_empty() && level.parent.is_some() {
            "うち".to_string()
        } else {
            label
        };
        let subject = self
            .item_subject
            .clone()
            .or_else(|| self.item_head())
            .filter(|s| *s != label);
        let value: f64 = num.as_str().replace(',', "").parse().unwrap_or(0.0);
        let value = if sign.is_some() { -value } else { value };
        let mut f = Figure {
            item: self.item,
            metric: metric_of(&label),
            label,
            subject,
            value,
            unit: unit.to_string(),
            as_of: None,
            event_date: None,
            event_dates: vec![],
            period,
            qualifiers: vec![],
            parent: level.parent,
            text: canonical_span(&self.text[(zone_start + cut).min(first_digit)..e])
                .trim_start_matches(|c: char| is_marker(c) || c.is_whitespace())
                .to_string(),
            notes: vec![],
            pos: num_start,
            footnote_ref: c.name("fn").and_then(|n| n.as_str().parse().ok()),
            years,
        };
        match c.name("pre").map(|p| p.as_str()) {
            Some("延") | Some("延べ") => f.add(Qualifier::Nobe),
            Some("約") => f.add(Qualifier::Approx),
            Some("累計") => f.add(Qualifier::Cumulative),
            _ => {}
        }
        if std::mem::take(&mut self.pending_nobe) {
            f.add(Qualifier::Nobe);
        }
        match c.name("post").map(|p| p.as_str()) {
            Some("以上") => f.add(Qualifier::AtLeast),
            Some("以下") => f.add(Qualifier::AtMost),
            Some("未満") => f.add(Qualifier::LessThan),
            Some("超") => f.add(Qualifier::MoreThan),
            Some("程度") => f.add(Qualifier::About),
            _ => {}
        }
        if f.parent.is_some() {
            f.add(Qualifier::Breakdown);
        }
        // 予定 / 見込み later in the same clause.
        let clause_end = self.text[e..seg_end]
            .find(['、', '。', '('])
            .map_or(seg_end, |i| e + i);
        let clause = &self.text[e..clause_end];
        if clause.contains("予定") {
            f.add(Qualifier::Planned);
        }
        if clause.contains("見込") {
            f.add(Qualifier::Forecast);
        }
        if let Some(ev) = &self.event {
            f.event_date = Some(ev.clone());
            if self.event_planned {
                f.add(Qualifier::Planned);
            }
            self.event_used = true;
        }
        self.covered.push((s, e));
        self.out.figures.push(f);
        let idx = self.out.figures.len() - 1;
        level.last_fig = Some(idx);
        level.label_carry = None;
        level.zone_start = e;
        self.item_had_figure_before = true;
    }

    /// Where the item's text starts, after its bullet.
    fn item_body_start(&self) -> usize {
        let item = &self.text[self.item_start..];
        self.item_start + item.len()
            - item
                .trim_start_matches(|ch: char| is_marker(ch) || ch.is_whitespace())
                .len()
    }

    /// The item's heading: its text up to the first bracket or date, when
    /// that text is a short phrase holding no figure (`○オンライン企業説明会
    /// (R5.10.21) 参加企業数12社` → `オンライン企業説明会`).
    fn item_head(&self) -> Option<String> {
        let item = &self.text[self.item_start..];
        let mut end = item.find(['(', '【']).unwrap_or(item.len());
        if let Some(d) = self.dates.iter().find(|d| d.start >= self.item_start) {
            end = end.min(d.start - self.item_start);
        }
        let head = &item[..end];
        if head.contains(['、', '。']) || FIGURE.is_match(head) {
            return None;
        }
        let head = clean_label(head);
        (!head.is_empty() && head.chars().count() <= 40).then_some(head)
    }

    /// Apply an as-of date / period and qualifiers backward from `pos`.
    fn apply_backward(&mut self, pos: usize, scoped: Option<Scoped>, quals: &[Qualifier]) {
        let own_item_has_figures = self
            .out
            .figures
            .iter()
            .any(|f| f.item == self.item && f.pos < pos);
        let mut seen = HashSet::new();
        for i in (0..self.out.figures.len()).rev() {
            let f = &self.out.figures[i];
            if f.pos >= pos {
                continue;
            }
            if own_item_has_figures && f.item != self.item {
                break;
            }
            if scoped.is_some() && (f.as_of.is_some() || f.period.is_some()) {
                break;
            }
            if f.parent.is_none() && !seen.insert(f.metric.clone()) {
                break;
            }
            let f = &mut self.out.figures[i];
            match &scoped {
                Some(Scoped::AsOf(d)) => f.as_of = Some(d.clone()),
                Some(Scoped::Period(p, to)) => {
                    f.period = Some(p.clone());
                    f.as_of = Some(to.clone());
                }
                None => {}
            }
            for q in quals {
                f.add(*q);
            }
        }
    }

    /// Numbers in an item that are neither dates, figures nor recognized
    /// non-figures go to `unparsed`.
    fn report_stray_numbers(&mut self, a: usize, b: usize) {
        for m in DIGITS.find_iter(&self.text[a..b]) {
            let (s, e) = (a + m.start(), a + m.end());
            if self.covered.iter().any(|&(cs, ce)| cs <= s && e <= ce) {
                continue;
            }
            if is_non_figure_number(self.text, s, e) {
                continue;
            }
            let ctx_start = floor_char(self.text, s.saturating_sub(24).max(a));
            let ctx_end = ceil_char(self.text, (e + 24).min(b));
            self.out.unparsed.push(Unparsed {
                item: self.item,
                text: canonical_span(&self.text[ctx_start..ctx_end]),
                reason: format!(
                    "number {} without a counter unit the rules know",
                    m.as_str()
                ),
            });
        }
    }

    /// Footnotes (`※…`): a numbered one (`※1 速報値`) applies to figures
    /// marked `※1`; an unnumbered one to the figures whose metric and value it
    /// repeats, else to the figures of the item before it.
    fn attach_footnotes(&mut self) {
        for (num, body, item) in std::mem::take(&mut self.footnotes) {
            let quals = footnote_qualifiers(&body);
            let targets: Vec<usize> = match num {
                Some(n) => (0..self.out.figures.len())
                    .filter(|&i| self.out.figures[i].footnote_ref == Some(n))
                    .collect(),
                None => {
                    let repeated: Vec<usize> = (0..self.out.figures.len())
                        .filter(|&i| {
                            let f = &self.out.figures[i];
                            let v = format_value(f.value);
                            body.contains(&f.metric)
                                && (body.contains(&v) || body.contains(&group_thousands(&v)))
                        })
                        .collect();
                    if repeated.is_empty() {
                        (0..self.out.figures.len())
                            .filter(|&i| self.out.figures[i].item + 1 == item)
                            .collect()
                    } else {
                        repeated
                    }
                }
            };
            for i in targets {
                let f = &mut self.out.figures[i];
                f.notes.push(format!(
                    "※{}{}",
                    num.map(|n| n.to_string()).unwrap_or_default(),
                    body
                ));
                if num.is_some() {
                    for q in &quals {
                        f.add(*q);
                    }
                }
            }
        }
    }
}

/// The qualifiers a footnote's text states (`※1 速報値` → 速報値).
pub fn footnote_qualifiers(note: &str) -> Vec<Qualifier> {
    [
        ("速報", Qualifier::Preliminary),
        ("予定", Qualifier::Planned),
        ("見込", Qualifier::Forecast),
        ("再掲", Qualifier::Repeated),
    ]
    .iter()
    .filter(|(k, _)| note.contains(k))
    .map(|(_, q)| *q)
    .collect()
}

enum Scoped {
    AsOf(DateRef),
    Period(Period, DateRef),
}

/// Split a label zone at its last space: the words before name a subject,
/// the last word is the label. Only spaces count: a line break inside a PDF
/// cell is wrapping, not a word boundary.
fn split_subject(zone: &str) -> (Option<String>, String) {
    let t = zone.trim_matches(|c: char| c.is_whitespace());
    if let Some(i) = t.rfind(' ') {
        let head = clean_label(&t[..i]);
        let last = clean_label(&t[i..]);
        if !head.is_empty() && !last.is_empty() {
            return (Some(head), last);
        }
    }
    (None, clean_label(t))
}

/// A label interrupted by a note continues across it:
/// `就労準備支援事業(生活困窮者自立支援制度)を全市町` → `就労準備支援事業を全市町`.
fn join_carry(carry: Option<&str>, zone_raw: &str, label: String) -> String {
    let z = zone_raw.trim_start();
    match (carry, z.chars().next()) {
        (Some(c), Some(p))
            if !label.is_empty() && matches!(p, 'を' | 'が' | 'は' | 'の' | 'に' | 'で' | 'と') =>
        {
            format!("{c}{p}{label}")
        }
        _ => label,
    }
}

/// `4-1月` in a fiscal-year column: April to January of that year.
static MONTH_RANGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?P<m1>[0-9]{1,2})\s?[-~]\s?(?P<m2>[0-9]{1,2})月").expect("static regex")
});

fn month_range(fy: FiscalYear, c: &regex::Captures) -> Option<Period> {
    let m1: u32 = c.name("m1")?.as_str().parse().ok()?;
    let m2: u32 = c.name("m2")?.as_str().parse().ok()?;
    let from = Date::new(fy.year_of_month(m1), m1, 1)?;
    let to = Date::month_end(fy.year_of_month(m2), m2)?;
    (from <= to).then(|| Period {
        from,
        to,
        text: c.get(0).map_or(String::new(), |m| m.as_str().to_string()),
    })
}

/// `9件のご家族の相談が` → `ご家族の相談`: a label after the number.
fn post_label(after: &str) -> Option<String> {
    let rest = after.strip_prefix('の')?;
    let end = rest
        .find(['が', 'を', 'は', 'に', 'で', '、', '。', '(', '\n', ' '])
        .unwrap_or(rest.len());
    let l = clean_label(&rest[..end]);
    (!l.is_empty()).then_some(l)
}

fn matching_close(text: &str, from: usize, limit: usize, close: char) -> Option<usize> {
    let open = if close == ')' { '(' } else { '【' };
    let mut depth = 0;
    for (i, c) in text[from..limit].char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            if depth == 0 {
                return Some(from + i);
            }
            depth -= 1;
        }
    }
    None
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A value as the shortest decimal (`3121`, `12.5`).
pub fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn group_thousands(digits: &str) -> String {
    let (neg, d) = digits
        .strip_prefix('-')
        .map_or((false, digits), |r| (true, r));
    let mut out = String::new();
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (d.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if neg {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs(text: &str) -> Vec<Figure> {
        let text = crate::normalize::unwrap_lines(&crate::normalize::normalize(text));
        extract_cell(
            &text,
            &CellContext {
                fiscal_year: Some(FiscalYear(2024)),
                unit_hint: None,
                fallback_label: Some("新規登録者数"),
            },
        )
        .figures
    }

    fn brief(f: &Figure) -> String {
        format!(
            "{} {}{} as_of={} period={} ev={} q={:?} parent={:?}",
            f.metric,
            format_value(f.value),
            f.unit,
            f.as_of.as_ref().map_or("-".into(), |d| d.date.to_string()),
            f.period
                .as_ref()
                .map_or("-".into(), |p| format!("{}..{}", p.from, p.to)),
            f.event_date
                .as_ref()
                .map_or("-".into(), |d| d.date.to_string()),
            f.qualifiers,
            f.parent
        )
    }

    #[test]
    fn items_split_at_markers_outside_brackets() {
        let t = "○a 1件 ・b 2件 ①c (①x、②y) ※注";
        let items: Vec<&str> = split_items(t)
            .iter()
            .map(|&(a, b)| t[a..b].trim())
            .collect();
        assert_eq!(items, ["○a 1件", "・b 2件", "①c (①x、②y)", "※注"]);
        // `・` inside a word is not a marker.
        assert_eq!(split_items("人材採用・活用").len(), 1);
    }

    #[test]
    fn cumulative_scope_stops_where_a_label_repeats() {
        let f =
            figs("○限定求人 79人 歓迎求人1,923人 限定求人424人 歓迎求人4,955人 (R1.8~R6.3累計)");
        let b: Vec<String> = f.iter().map(brief).collect();
        assert_eq!(
            b,
            [
                "限定求人 79人 as_of=- period=- ev=- q=[] parent=None",
                "歓迎求人 1923人 as_of=- period=- ev=- q=[] parent=None",
                "限定求人 424人 as_of=2024-03-31 period=2019-08-01..2024-03-31 ev=- q=[Cumulative] parent=None",
                "歓迎求人 4955人 as_of=2024-03-31 period=2019-08-01..2024-03-31 ev=- q=[Cumulative] parent=None",
            ]
        );
    }

    #[test]
    fn as_of_scope_stops_at_the_previous_qualifier() {
        let f = figs("○限定求人 49人 歓迎求人2,083人 (R6.12月末現在) 限定求人 473人 歓迎求人7,038人 (R1.8~R6.12累計)");
        assert_eq!(
            f[0].as_of.as_ref().map(|d| d.date.to_string()).as_deref(),
            Some("2024-12-31")
        );
        assert!(f[1].period.is_none());
        assert_eq!(
            f[2].period.as_ref().map(|p| p.to.to_string()).as_deref(),
            Some("2024-12-31")
        );
    }

    #[test]
    fn breakdowns_nest_and_inherit_the_as_of() {
        let f = figs("・就職決定件数401人 (うち就職氷河期世代159人 (うち正規雇用54人)) ※R6年度就職決定件数401人にはR5年度からの継続分を含む (R7.1月末現在)");
        let b: Vec<String> = f.iter().map(brief).collect();
        assert_eq!(
            b,
            [
                "就職決定件数 401人 as_of=2025-01-31 period=- ev=- q=[] parent=None",
                "就職氷河期世代 159人 as_of=2025-01-31 period=- ev=- q=[Breakdown] parent=Some(0)",
                "正規雇用 54人 as_of=2025-01-31 period=- ev=- q=[Breakdown] parent=Some(1)",
            ]
        );
        // The footnote repeats 就職決定件数401人: it is a note on that figure, not a new one.
        assert_eq!(f[0].notes.len(), 1);
        let f = figs("・就職者数 9人 (うち就職氷河期世代5人 (うち正規2人、非正規3人))");
        assert_eq!(
            f.iter()
                .map(|f| (f.metric.as_str(), f.parent))
                .collect::<Vec<_>>(),
            [
                ("就職者数", None),
                ("就職氷河期世代", Some(0)),
                ("正規", Some(1)),
                ("非正規", Some(1))
            ]
        );
    }

    #[test]
    fn event_dates_apply_forward_until_the_next() {
        let f = figs("○オンライン企業説明会 (R5.10.21) 参加企業数12社 参加者数9人 (R5.11.18) 参加企業数11社 参加者数3人");
        let ev: Vec<String> = f
            .iter()
            .map(|f| {
                f.event_date
                    .as_ref()
                    .map_or("-".into(), |d| d.date.to_string())
            })
            .collect();
        assert_eq!(ev, ["2023-10-21", "2023-10-21", "2023-11-18", "2023-11-18"]);
        assert_eq!(f[0].subject.as_deref(), Some("オンライン企業説明会"));
        let f = figs("①R5.10.29 (広島開催) 広島県内を勤務先とする企業数29社、参加求職者数31人");
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f
            .event_date
            .as_ref()
            .is_some_and(|d| d.date.to_string() == "2023-10-29")));
        assert_eq!(f[0].metric, "企業数");
    }

    #[test]
    fn preliminary_nobe_and_repeated() {
        let f = figs("○自立相談支援機関による、「ひきこもり・不登校」に関する新規相談件数 183件(R.6.12月までの速報値)");
        assert_eq!(
            brief(&f[0]),
            "新規相談件数 183件 as_of=2024-12-31 period=- ev=- q=[Preliminary] parent=None"
        );
        let f = figs("・相談者数 (延べ人数) 129人 (うち就職氷河期世代 90人)");
        assert_eq!(f[0].qualifiers, [Qualifier::Nobe]);
        assert_eq!(f[0].metric, "相談者数");
        let f = figs(
            "○研修を開催(再掲) 参加者:職員等(延115名) 開催状況:4回(R6.9.9、10.30、12.18、R7.2.12)",
        );
        assert_eq!(f[0].qualifiers, [Qualifier::Nobe, Qualifier::Repeated]);
        assert_eq!(f[1].qualifiers, [Qualifier::Repeated]);
        assert_eq!(f[1].event_dates.len(), 4);
    }

    #[test]
    fn labels_from_context() {
        // A bare figure takes the row's measure.
        assert_eq!(figs("○ 411人")[0].metric, "新規登録者数");
        // `A:B` lends `A:` on; a label after the number.
        let f = figs("参加者数:セミナー64人、座談会55人(広島サポステ)");
        assert_eq!(
            (f[0].label.as_str(), f[1].label.as_str()),
            ("参加者数:セミナー", "参加者数:座談会")
        );
        let f = figs("4-1月で9件のご家族の相談が行われ2名の新規登録者があった。");
        assert_eq!(f[0].metric, "ご家族の相談");
        assert_eq!(
            f[0].period
                .as_ref()
                .map(|p| format!("{}..{}", p.from, p.to))
                .as_deref(),
            Some("2024-04-01..2025-01-31")
        );
        assert_eq!(f[1].metric, "新規登録者");
        // A planned figure.
        let f = figs("(第2ステージの終わる令和6年度末までに15市町が実施する予定となっている)");
        assert!(f[0].qualifiers.contains(&Qualifier::Planned));
    }

    #[test]
    fn numbers_that_are_not_figures() {
        let t = "月2回のセミナー、年3回の座談会、19時まで、49歳まで、第2土曜日、1DAYプログラム、3か月に1度";
        let text = crate::normalize::normalize(t);
        let r = extract_cell(&text, &CellContext::default());
        assert!(r.figures.is_empty(), "{:?}", r.figures);
        assert!(r.unparsed.is_empty(), "{:?}", r.unparsed);
        // An unknown number is reported, not dropped.
        let r = extract_cell("検討会 12 を実施", &CellContext::default());
        assert_eq!(r.unparsed.len(), 1);
        assert!(r.unparsed[0].text.contains("12"));
    }

    #[test]
    fn targets_and_units_in_headers() {
        let f = figs("○正社員就職件数2年間で3,200件以上");
        assert_eq!(
            (f[0].metric.as_str(), f[0].years, f[0].qualifiers.clone()),
            ("正社員就職件数", Some(2), vec![Qualifier::AtLeast])
        );
        let r = extract_cell(
            "▲1,234",
            &CellContext {
                unit_hint: Some("件"),
                ..CellContext::default()
            },
        );
        assert_eq!(
            (r.figures[0].value, r.figures[0].unit.as_str()),
            (-1234.0, "件")
        );
    }

    #[test]
    fn numbered_footnotes_apply_their_qualifiers() {
        let f = figs("○相談件数 120件※1 ※1 速報値");
        assert_eq!(f[0].qualifiers, [Qualifier::Preliminary]);
        assert_eq!(f[0].notes, ["※1速報値"]);
    }
}
