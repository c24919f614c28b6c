//! Which way a target's indicator should move (`direction`), and what says
//! so (`direction_from`, `direction_reason`).
//!
//! The evidence, strongest first; the first that decides wins:
//!
//! 1. `comparator`: the target's own 以上 / 超 (increase) or 以下 / 未満
//!    (decrease).
//! 2. `baseline`: the target above or below the row's baseline (基準値).
//! 3. `words`: the words of the target's text and its indicator
//!    (vocabulary in `src/table/vocab.rs`, `DIRECTION_…`): 向上, 拡大 …
//!    for an increase, 削減, 抑制, ゼロ … or a thing a plan wants fewer of
//!    (`待機児童数`, `離職率`) for a decrease. Words for both ways decide
//!    nothing.
//! 4. `decrease_column`: the section's table has a column of required
//!    decreases (必要減少数, 削減数).
//! 5. `target_trend`: the targets of the same row and metric rise (or fall)
//!    from one fiscal year to the next (120 → 130).
//! 6. `earlier_actual`: the target against the earliest actual of its row
//!    and metric, when that actual's fiscal year comes before every target
//!    year of the row (an actual of a target's own year says how the year
//!    went, not where the indicator started).
//!
//! Otherwise the direction is unknown (null) and `direction_reason` says
//! which evidence was missing.

use serde::Serialize;

use super::Direction;
use crate::calendar::FiscalYear;
use crate::record::Record;
use crate::table::vocab::{
    DIRECTION_AMOUNT_TAILS, DIRECTION_COUNT_TAILS, DIRECTION_DOWN_NOUNS, DIRECTION_DOWN_WORDS,
    DIRECTION_UP_WORDS,
};

/// What decided the direction (see the module docs).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DirectionFrom {
    Comparator,
    Baseline,
    Words,
    DecreaseColumn,
    TargetTrend,
    EarlierActual,
}

/// A direction, what decided it and a sentence saying so (or why it is
/// unknown).
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub direction: Option<Direction>,
    pub from: Option<DirectionFrom>,
    pub reason: String,
}

/// What is known about a target.
pub(super) struct Evidence<'a> {
    pub target: &'a Record,
    pub comparator: Option<&'a str>,
    pub baseline: Option<f64>,
    /// The section's table has a decrease column.
    pub decrease_column: bool,
    /// The targets measured with this one (its row, KPI line or section).
    pub targets: &'a [&'a Record],
    /// The actuals of its row, KPI line or section.
    pub actuals: &'a [&'a Record],
}

fn known(d: Direction, from: DirectionFrom, reason: String) -> Verdict {
    Verdict {
        direction: Some(d),
        from: Some(from),
        reason,
    }
}

fn way(d: Direction) -> &'static str {
    match d {
        Direction::Increase => "increase",
        Direction::Decrease => "decrease",
    }
}

/// The direction of the target in `e` (see the module docs).
pub(super) fn direction(e: &Evidence<'_>) -> Verdict {
    let t = e.target;
    match e.comparator {
        Some(c @ (">=" | ">")) => {
            return known(
                Direction::Increase,
                DirectionFrom::Comparator,
                format!("the target is a lower limit ({c})"),
            )
        }
        Some(c @ ("<=" | "<")) => {
            return known(
                Direction::Decrease,
                DirectionFrom::Comparator,
                format!("the target is an upper limit ({c})"),
            )
        }
        _ => {}
    }
    if let Some(b) = e.baseline {
        if let Some(d) = compare(t.value, b) {
            let side = if d == Direction::Increase {
                "above"
            } else {
                "below"
            };
            return known(
                d,
                DirectionFrom::Baseline,
                format!("the target {} is {side} the baseline {}", t.value, b),
            );
        }
    }
    if let Some(v) = from_words(t) {
        return v;
    }
    if e.decrease_column {
        return known(
            Direction::Decrease,
            DirectionFrom::DecreaseColumn,
            "the table has a column of required decreases".into(),
        );
    }
    if let Some(v) = from_trend(t, e.targets) {
        return v;
    }
    if let Some(v) = from_earlier_actual(t, e.targets, e.actuals) {
        return v;
    }
    Verdict {
        direction: None,
        from: None,
        reason: "unknown: no comparator (以上, 以下), no baseline, no direction word in the \
                 indicator or target, no rising or falling targets over the fiscal years and \
                 no actual from before the target years"
            .into(),
    }
}

/// `target` against `from`: up when above, down when below.
fn compare(target: f64, from: f64) -> Option<Direction> {
    if target > from {
        Some(Direction::Increase)
    } else if target < from {
        Some(Direction::Decrease)
    } else {
        None
    }
}

/// The texts whose words are read: the target's own text, its indicator,
/// its metric (each once).
fn texts(t: &Record) -> Vec<(&'static str, &str)> {
    let mut out: Vec<(&'static str, &str)> = Vec::new();
    for (what, s) in [
        ("target", Some(t.text.as_str())),
        ("indicator", t.indicator.as_deref()),
        ("metric", Some(t.metric.as_str())),
    ] {
        if let Some(s) = s.filter(|s| !s.trim().is_empty()) {
            if !out.iter().any(|(_, o)| *o == s) {
                out.push((what, s));
            }
        }
    }
    out
}

/// `s` without parenthesized parts (`新規感染者数(直近1週間)` →
/// `新規感染者数`).
fn without_parentheses(s: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The direction words found in `text`: (word, direction) pairs.
pub(super) fn words_in(text: &str) -> Vec<(&'static str, Direction)> {
    let text = without_parentheses(text);
    let mut found = Vec::new();
    let change_words = DIRECTION_UP_WORDS
        .iter()
        .map(|w| (*w, Direction::Increase))
        .chain(
            DIRECTION_DOWN_WORDS
                .iter()
                .map(|w| (*w, Direction::Decrease)),
        );
    for (w, d) in change_words {
        let counts = text.match_indices(w).any(|(at, _)| {
            let rest = &text[at + w.len()..];
            !DIRECTION_AMOUNT_TAILS
                .iter()
                .any(|tail| rest.starts_with(tail))
        });
        if counts {
            found.push((w, d));
        }
    }
    for w in DIRECTION_DOWN_NOUNS {
        let counts = text
            .match_indices(w)
            .any(|(at, _)| DIRECTION_COUNT_TAILS.contains(&text[at + w.len()..].trim()));
        if counts {
            found.push((*w, Direction::Decrease));
        }
    }
    found
}

/// The direction the words of the target's texts agree on.
fn from_words(t: &Record) -> Option<Verdict> {
    let mut hits: Vec<(&str, &'static str, Direction)> = Vec::new();
    for (what, text) in texts(t) {
        for (w, d) in words_in(text) {
            hits.push((what, w, d));
        }
    }
    let (_, _, d) = hits.first().copied()?;
    if hits.iter().any(|(_, _, o)| *o != d) {
        return None;
    }
    let said: Vec<String> = hits
        .iter()
        .map(|(what, w, _)| format!("{w} in the {what}"))
        .collect();
    Some(known(
        d,
        DirectionFrom::Words,
        format!("{}: {}", way(d), said.join(", ")),
    ))
}

/// The targets of `t`'s unit and metric with a fiscal year, by year.
fn yearly<'a>(t: &Record, targets: &[&'a Record]) -> Vec<(FiscalYear, &'a Record)> {
    let mut out: Vec<(FiscalYear, &Record)> = targets
        .iter()
        .filter(|o| o.unit == t.unit && o.metric == t.metric)
        .filter_map(|o| o.fiscal_year.map(|fy| (fy, *o)))
        .collect();
    out.sort_by_key(|(fy, _)| *fy);
    out
}

/// Targets rising (or falling) over the fiscal years, never the other way.
fn from_trend(t: &Record, targets: &[&Record]) -> Option<Verdict> {
    let series = yearly(t, targets);
    let steps: Vec<Direction> = series
        .windows(2)
        .filter_map(|w| compare(w[1].1.value, w[0].1.value))
        .collect();
    let d = *steps.first()?;
    if steps.iter().any(|s| *s != d) {
        return None;
    }
    let shown: Vec<String> = series
        .iter()
        .map(|(fy, r)| format!("{} (FY{})", r.value, fy.0))
        .collect();
    Some(known(
        d,
        DirectionFrom::TargetTrend,
        format!(
            "the targets {} over the years: {}",
            way(d),
            shown.join(" → ")
        ),
    ))
}

/// The target against the earliest actual of its unit and metric, when
/// that actual's year comes before every target year.
fn from_earlier_actual(t: &Record, targets: &[&Record], actuals: &[&Record]) -> Option<Verdict> {
    let first_target_year = yearly(t, targets)
        .first()
        .map(|(fy, _)| *fy)
        .or(t.fiscal_year)
        .or_else(|| t.period.as_ref().map(|p| p.from.fiscal_year()))?;
    let earliest = actuals
        .iter()
        .filter(|a| a.unit == t.unit && a.metric == t.metric)
        .filter_map(|a| a.fiscal_year.map(|fy| (fy, *a)))
        .min_by_key(|(fy, _)| *fy)?;
    if earliest.0 >= first_target_year {
        return None;
    }
    let d = compare(t.value, earliest.1.value)?;
    let side = if d == Direction::Increase {
        "above"
    } else {
        "below"
    };
    Some(known(
        d,
        DirectionFrom::EarlierActual,
        format!(
            "the target {} is {side} the actual {} of FY{}, before the target years",
            t.value, earliest.1.value, earliest.0 .0
        ),
    ))
}
