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
//! 委託先開講コース62件`). When that text names nothing (empty, or only an
//! object with `を` and adverbs such as 新たに), the label is read after the
//! number: the noun of `9件のご家族の相談`, or the predicate of prose
//! (`延べ64人が受講した` → 受講, `保育士を新たに14人確保した` →
//! 保育士を新たに確保; see `label`). Otherwise an empty label is taken from
//! the text before a figure group or from the row's measure (`○ 411人`
//! under `新規登録者数`). A figure's `text` runs from its label through its
//! unit (through the predicate when named after); a figure nothing names
//! keeps the text before it across `、` (`正規雇用者について、2年間で
//! 3,200件以上`).
//!
//! Numbers that are not figures (ages, age bands, times, ordinals,
//! frequencies such as `月2回`, the base of a rate such as `1回当たり`, a
//! class bound such as `従業員30人未満の`, dates) are recognized and skipped;
//! any other number the rules cannot place is reported in `unparsed` with
//! its text.
//!
//! One concept a file: `items` (bullet items, brackets), `walker` (the walk
//! over items, segments and groups), `groups` (what a bracket group holds),
//! `figures` (one figure and its label, qualifiers and text), `label`
//! (labels from the text around a number), `scope` (as-of dates, periods
//! and qualifiers over the figures before them), `footnotes` (`※` notes and
//! `unparsed` numbers); `figure` holds the figure pattern and the label
//! vocabulary, `dates` the date forms.

pub mod dates;
pub mod figure;
mod figures;
mod footnotes;
mod groups;
mod items;
mod label;
mod scope;
#[cfg(test)]
mod tests;
mod walker;

use crate::calendar::{Date, FiscalYear};
use dates::{find_dates, DateRef};
use walker::Walker;

pub use footnotes::footnote_qualifiers;
pub use items::split_items;

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

/// Extract every figure of one cell.
pub fn extract_cell(text: &str, ctx: &CellContext) -> CellResult {
    if let Some(r) = figures::bare_number_cell(text, ctx) {
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
        item_head_cache: None,
    };
    for (a, b) in split_items(text) {
        w.walk_item(a, b);
    }
    w.attach_footnotes();
    w.out
}

/// A value as the shortest decimal (`3121`, `12.5`).
pub fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}
