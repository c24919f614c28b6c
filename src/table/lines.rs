//! Free lines: what a line outside a table (or a lone cell inside one)
//! says. A section heading (`1 …`, `第1章 …`, `基本目標２ …`, `施策の柱１
//! …`), a section target (`【目標】…`), a numbered note (`※1 速報値`), a
//! table's unit note (`（単位：千円）`), a date note (as-of, or a default for
//! figures stating none), a KPI written outside a table (`◇新規就農者数
//! 年5人`, `【数値目標】… 12人（2014年度）→年20人（2019年度）`), or anything
//! else (titles, captions, prose).

use std::sync::LazyLock;

use regex::Regex;

use super::model::{Cell, Footnote, Kind};
use super::notes;
use super::units::unit_note;
use super::vocab::SECTION_PREFIXES;
use crate::normalize::canonical_span;
use crate::rules::dates::DateRef;

/// Longest section title, in characters (a longer line is prose).
pub const MAX_SECTION_TITLE_CHARS: usize = 61;

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第\s?)?(?P<n>[0-9]{1,2})(?:\s?[章節])?[\s.、．)]\s*(?P<title>[^0-9\s].*)$")
        .expect("static regex")
});
static PREFIXED: LazyLock<Regex> = LazyLock::new(|| {
    let words = SECTION_PREFIXES.join("|");
    Regex::new(&format!(
        r"^(?P<prefix>{words})\s?(?P<n>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})(?:[\s.、．:)]\s*|$)(?P<title>.*)$"
    ))
    .expect("static regex")
});
static KPI_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[◇◆■□●]|【(?:数値目標|KPI|成果指標|重要業績評価指標|目標値)】)\s*(?P<body>.+)$",
    )
    .expect("static regex")
});

/// A heading: its number (when it has one) and title.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub number: Option<u32>,
    /// `基本目標` in `基本目標２ …`; `None` for a plain numbered heading.
    pub prefix: Option<String>,
    pub title: String,
}

/// A KPI line outside a table, split into what it measures and its value
/// parts (a headline `A（年）→B（年）` gives a baseline and a target).
#[derive(Debug, Clone, PartialEq)]
pub struct Kpi {
    pub indicator: String,
    pub parts: Vec<(Kind, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Heading(Heading),
    Target,
    Footnote(Footnote),
    UnitNote(String, Option<String>),
    DefaultDate(DateRef),
    AsOf(DateRef),
    Kpi(Kpi),
    Other,
}

fn kanji_number(s: &str) -> Option<u32> {
    const DIGITS: &str = "一二三四五六七八九";
    let digit = |c: char| DIGITS.chars().position(|d| d == c).map(|i| i as u32 + 1);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        ['十', d] => Some(10 + digit(*d)?),
        [d, '十'] => Some(digit(*d)? * 10),
        [d, '十', e] => Some(digit(*d)? * 10 + digit(*e)?),
        [d] => digit(*d),
        _ => None,
    }
}

/// Read a heading line (already normalized).
pub fn heading(text: &str) -> Option<Heading> {
    let one = text.replace('\n', " ");
    let t = one.trim();
    if t.chars().count() > MAX_SECTION_TITLE_CHARS + 8 {
        return None;
    }
    if let Some(c) = PREFIXED.captures(t) {
        let n = c["n"].parse().ok().or_else(|| kanji_number(&c["n"]));
        return Some(Heading {
            number: n,
            prefix: Some(c["prefix"].to_string()),
            title: c["title"].trim().to_string(),
        });
    }
    let c = NUMBERED.captures(t)?;
    let title = c["title"].trim();
    // `3 123件` is a figure; a heading is words.
    if title.chars().count() > MAX_SECTION_TITLE_CHARS || super::header::looks_like_figure(title) {
        return None;
    }
    Some(Heading {
        number: c["n"].parse().ok(),
        prefix: None,
        title: title.to_string(),
    })
}

/// The `→` of a baseline → target headline.
const ARROWS: &[char] = &['→', '⇒', '➡'];

fn kpi(text: &str) -> Option<Kpi> {
    let t = text.replace('\n', " ");
    let c = KPI_LINE.captures(t.trim())?;
    let body = c["body"].trim();
    if !body.chars().any(|ch| ch.is_ascii_digit()) {
        return None;
    }
    // The indicator runs up to the first space-separated word with a digit.
    let mut indicator = String::new();
    let mut rest = body;
    for (i, word) in body.split_whitespace().enumerate() {
        if word.chars().any(|ch| ch.is_ascii_digit()) {
            if i > 0 {
                rest = &body[body.find(word).unwrap_or(0)..];
            }
            break;
        }
        if !indicator.is_empty() {
            indicator.push(' ');
        }
        indicator.push_str(word);
    }
    if indicator.is_empty() {
        return None;
    }
    let parts = match rest.split_once(ARROWS) {
        Some((before, after)) => vec![
            (Kind::Baseline, before.trim().to_string()),
            (Kind::Target, after.trim().to_string()),
        ],
        None => vec![(Kind::Target, rest.trim().to_string())],
    };
    Some(Kpi {
        indicator: canonical_span(&indicator),
        parts,
    })
}

/// What a free line says.
pub fn classify(cell: &Cell) -> Line {
    let text = cell.text.trim();
    let flat = canonical_span(text);
    if flat.contains("【目標】") || flat.starts_with("目標:") {
        return Line::Target;
    }
    if let Some(d) = notes::default_date(&flat) {
        return Line::DefaultDate(d);
    }
    if let Some(f) = notes::footnote(text) {
        return Line::Footnote(f);
    }
    if let Some((u, second)) = unit_note(&flat) {
        return Line::UnitNote(u, second);
    }
    if let Some(k) = kpi(text) {
        return Line::Kpi(k);
    }
    if let Some(h) = heading(text) {
        return Line::Heading(h);
    }
    if let Some(d) = notes::as_of(&flat) {
        // A line that is mostly its date (`（令和7年3月末時点）`, `◆…時点`).
        if flat.chars().count() <= d.text.chars().count() + 12 {
            return Line::AsOf(d);
        }
    }
    Line::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(t: &str) -> Line {
        classify(&super::super::blocks::norm_cell(t, Default::default()))
    }

    #[test]
    fn headings() {
        let h = heading("基本目標2 新しいひとの流れをつくる").expect("heading");
        assert_eq!(
            (h.number, h.title.as_str()),
            (Some(2), "新しいひとの流れをつくる")
        );
        assert_eq!(
            heading("施策の柱1 地域産業の振興").and_then(|h| h.number),
            Some(1)
        );
        assert_eq!(heading("第2章 計画").and_then(|h| h.number), Some(2));
        assert_eq!(
            heading("1 不安定な就労状態にある方").and_then(|h| h.number),
            Some(1)
        );
        assert_eq!(heading("基本目標三 子育て").and_then(|h| h.number), Some(3));
        assert!(heading("3 123件").is_none());
    }

    #[test]
    fn kinds_of_lines() {
        assert!(matches!(line("※1 速報値"), Line::Footnote(_)));
        assert!(matches!(line("（単位：千円，％）"), Line::UnitNote(..)));
        assert!(matches!(line("【目標】2年間で3,200件以上"), Line::Target));
        assert!(matches!(line("（令和7年3月31日現在）"), Line::AsOf(_)));
        assert!(matches!(
            line("（注）１ 数値は、時点の記載がないものは令和6年12月末現在。"),
            Line::DefaultDate(_)
        ));
        match line("◇新規就農者数　年5人") {
            Line::Kpi(k) => {
                assert_eq!(k.indicator, "新規就農者数");
                assert_eq!(k.parts, vec![(Kind::Target, "年5人".to_string())]);
            }
            other => panic!("{other:?}"),
        }
        match line("【数値目標】町内の新規雇用者数　12人（2014年度）→年20人（2019年度）")
        {
            Line::Kpi(k) => {
                assert_eq!(k.indicator, "町内の新規雇用者数");
                assert_eq!(k.parts.len(), 2);
                assert_eq!(k.parts[0].0, Kind::Baseline);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(line("みどり県の取組について"), Line::Other));
    }
}
