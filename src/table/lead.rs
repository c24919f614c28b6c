//! The document's lead and its free lines as titles and captions: which
//! line is the title (what the document is, never a date alone or an
//! attachment label), the stage it names, what a caption above a table
//! says, a prefixed heading's title, and the document's own date that
//! relative as-of words (`前日24時まで`) count from.

use std::sync::LazyLock;

use regex::Regex;

use super::header;
use super::lines::Heading;
use super::model::Cell;
use super::vocab;
use super::{notes, Builder};
use crate::grid::Loc;
use crate::normalize::canonical_span;

pub static STAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(（](?P<stage>第.{1,4}ステージ)[)）]").expect("static regex"));
/// A date in parentheses at the end of a caption (`…の状況（令和7年3月末時点）`).
static TRAILING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*[(（][^()（）]*(?:現在|時点)[)）]\s*$").expect("static regex")
});

/// Longest free line read as a title or a caption, in characters.
pub const MAX_CAPTION_CHARS: usize = 60;

pub fn is_caption(cell: &Cell) -> bool {
    let t = cell.text.trim();
    let n = t.chars().count();
    n > 0
        && n <= MAX_CAPTION_CHARS
        && !t.contains(['。', '、'])
        && !header::looks_like_figure(&canonical_span(t))
}

/// A prefixed heading's title with its prefix and number
/// (`基本目標1 しごとをつくる`); `None` for a plain numbered heading.
pub fn prefixed_title(h: &Heading) -> Option<String> {
    let prefix = h.prefix.as_deref()?;
    let number = h.number.map(|n| n.to_string()).unwrap_or_default();
    let title = canonical_span(&h.title);
    Some(if title.is_empty() {
        format!("{prefix}{number}")
    } else {
        format!("{prefix}{number} {title}")
    })
}

/// A line that is only a date (`令和3年3月23日`): not a title.
pub fn is_date_only(cell: &Cell) -> bool {
    let t = canonical_span(&cell.text);
    let mut rest = t.clone();
    for d in crate::rules::dates::find_dates(&t, None).iter().rev() {
        rest.replace_range(d.start..d.end, "");
    }
    rest.len() < t.len()
        && rest
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| "現在時点発表付".contains(c))
}

/// `別添1-2`, `別紙３`: an attachment label, not a title.
pub fn is_attachment_label(cell: &Cell) -> bool {
    let t = canonical_span(cell.text.trim());
    vocab::ATTACHMENT_LABELS.iter().any(|w| {
        t.strip_prefix(w).is_some_and(|rest| {
            rest.chars()
                .all(|c| c.is_ascii_digit() || "-‐－ー.・の ".contains(c))
        })
    })
}

/// A caption without its trailing as-of part.
pub fn caption_title(text: &str) -> String {
    TRAILING_DATE.replace(text.trim(), "").trim().to_string()
}

/// The report's title, chosen from the lead lines, and what it says.
impl Builder {
    /// A title as-of without its year (`（3月12日現在）`) takes the year of a
    /// dated line of the same day (`（令和3年3月12日時点）` under the table).
    pub(super) fn date_yearless_title(&mut self) {
        if self.report.as_of.is_some() {
            return;
        }
        let Some(title) = self.report.title.as_deref().map(canonical_span) else {
            return;
        };
        let Some((m, d, text)) = notes::yearless_as_of(&title) else {
            return;
        };
        if let Some(full) = self
            .dated
            .iter()
            .find(|x| x.date.month() == m && x.date.day() == d)
        {
            self.report.as_of = Some(crate::rules::dates::DateRef {
                text,
                ..full.clone()
            });
        }
    }
    /// An as-of named relative to the document's date (`前日24時まで` in a
    /// document dated 令和3年4月7日 → 2021-04-06), when it has one.
    pub(super) fn relative_as_of(&self, flat: &str) -> Option<crate::rules::dates::DateRef> {
        let (offset, text) = notes::relative_as_of(flat)?;
        // Only days before the document's date are counted back.
        if offset > 0 {
            return None;
        }
        let issued = self.issued.as_ref()?;
        let mut date = issued.date;
        for _ in 0..offset.unsigned_abs() {
            date = date.previous_day()?;
        }
        Some(crate::rules::dates::DateRef {
            date,
            first: date,
            text,
            ..issued.clone()
        })
    }

    /// Does the title call the document a plan (and not a progress report)?
    pub(super) fn is_plan(&self) -> bool {
        self.report.title.as_deref().is_some_and(|t| {
            let t = canonical_span(t);
            vocab::PLAN_WORDS.iter().any(|w| t.contains(w))
                && !vocab::PROGRESS_WORDS.iter().any(|w| t.contains(w))
        })
    }
    /// The title: the first lead line that says what the document is
    /// ([`vocab::TITLE_WORDS`]), else the first lead line (dates alone,
    /// attachment labels and prose are never titles).
    pub(super) fn settle_title(&mut self) {
        if self.report.title.is_some() {
            return;
        }
        let says = |c: &&Cell| {
            let t = canonical_span(&c.text);
            vocab::TITLE_WORDS.iter().any(|w| t.contains(w))
        };
        let Some(cell) = self
            .title_candidates
            .iter()
            .find(says)
            .or(self.title_candidates.first())
        else {
            return;
        };
        let flat = canonical_span(&cell.text);
        self.report.stage = STAGE.captures(&flat).map(|m| m["stage"].to_string());
        if let Some(d) = notes::as_of(&flat) {
            self.report.as_of = Some(d);
        }
        self.report.title = Some(cell.text.replace('\n', ""));
    }
}

/// Are two free lines on one line of the page (same page, their boxes
/// overlapping vertically by more than half the lower one's height)?
pub(super) fn same_line(a: &Loc, b: &Loc) -> bool {
    let (Some(x), Some(y)) = (a.bbox, b.bbox) else {
        return false;
    };
    let shared = x.bottom.min(y.bottom) - x.top.max(y.top);
    a.page == b.page && shared > 0.5 * (x.bottom - x.top).min(y.bottom - y.top)
}
