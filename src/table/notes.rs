//! Notes around tables: numbered footnotes (`※1 速報値`, `注1 …`,
//! `(注)1 …`), footnote marks in headers and cells (`検査人数※3`,
//! `※3※4`), as-of lines (`（令和7年3月末時点）`, `◆…時点`) and notes that
//! set the date of figures stating none (「時点の記載がないものは令和6年12月末
//! 現在」).

use std::sync::LazyLock;

use regex::Regex;

use super::model::Footnote;
use super::vocab::{AS_OF_WORDS, DEFAULT_DATE_NOTE};
use crate::rules::dates::{find_dates, DateRef, Precision};

static FOOTNOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(注\)|※|注|\*)\s?(?P<n>[0-9]{1,2})(?:[\s.:)、]+|$)(?P<text>.*)$")
        .expect("static regex")
});
static MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:※|注)\s?(?P<n>[0-9]{1,2})").expect("static regex"));

/// A numbered footnote line: `※1 令和7年3月末時点の速報値` → (1, text).
/// `※12.8は…` (a note starting with a date) is not numbered.
pub fn footnote(text: &str) -> Option<Footnote> {
    let t = text.trim();
    let c = FOOTNOTE.captures(t)?;
    let after_num = &t[c.name("n")?.end()..];
    if after_num.starts_with(['.', '/'])
        && after_num[1..].starts_with(|ch: char| ch.is_ascii_digit())
    {
        return None;
    }
    let mark = c["n"].parse().ok()?;
    Some(Footnote {
        mark,
        text: c["text"].trim().to_string(),
    })
}

/// Footnote marks in a header or cell (`検査人数※3`, `※3※4`) and the text
/// without them.
pub fn marks(text: &str) -> (Vec<u32>, String) {
    let mut found = Vec::new();
    for c in MARK.captures_iter(text) {
        if let Ok(n) = c["n"].parse() {
            found.push(n);
        }
    }
    if found.is_empty() {
        return (found, text.to_string());
    }
    (found, MARK.replace_all(text, "").trim().to_string())
}

/// Is the cell only footnote marks (`※3※4`)?
pub fn only_marks(text: &str) -> bool {
    let (m, rest) = marks(text);
    !m.is_empty() && rest.trim().is_empty()
}

/// The as-of date a text states: a date followed by 現在 or 時点
/// (`（令和7年3月末時点）`, `令和7年1月31日現在`), day or month precise.
pub fn as_of(text: &str) -> Option<DateRef> {
    find_dates(text, None).into_iter().find(|d| {
        let after = text[d.end..].trim_start();
        // A time of day between the date and 時点 (`15時00分時点`).
        let after = TIME_OF_DAY.find(after).map_or(after, |m| &after[m.end()..]);
        let after = after.trim_start_matches(['の', '）', ')', ' ']);
        matches!(d.precision, Precision::Day | Precision::Month)
            && AS_OF_WORDS.iter().any(|w| after.starts_with(w))
    })
}

static TIME_OF_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]{1,2}時(?:[0-9]{1,2}分)?").expect("static regex"));

/// A line continuing a list of notes (`（注）1 …` then `2 職員数については…`):
/// the next number after `last`, bare, then the note's text, a sentence.
pub fn next_in_run(text: &str, last: u32) -> Option<Footnote> {
    let t = crate::normalize::nfkc_keeping_markers(text.trim_start());
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let n: u32 = t[..digits].parse().ok()?;
    let rest = &t[digits..];
    let body = rest.trim_start_matches([' ', '.', '、', ')']);
    // `2 …`, not `25日に…`, `2.5%` or a number alone.
    if n != last + 1 || body.len() == rest.len() || body.trim().is_empty() {
        return None;
    }
    if body.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // A note is a sentence; `2 年齢別利用者数` after a note is a heading.
    if !body.contains(['、', '。', ',']) {
        return None;
    }
    Some(Footnote {
        mark: n,
        text: body.trim().to_string(),
    })
}

/// An as-of named relative to the document's date (`（前日24時まで）`,
/// `本日12時時点`), from [`super::vocab::RELATIVE_DAYS`]: the offset in
/// days and the text as written. The time of day is read past: a count
/// "until 24:00 of the day before" is as of that day.
pub fn relative_as_of(text: &str) -> Option<(i32, String)> {
    for (word, offset) in super::vocab::RELATIVE_DAYS {
        for (at, _) in text.match_indices(word) {
            let rest = &text[at + word.len()..];
            let after = TIME_OF_DAY
                .find(rest.trim_start())
                .map_or(rest.trim_start(), |m| &rest.trim_start()[m.end()..])
                .trim_start();
            if let Some(w) = super::vocab::RELATIVE_AS_OF_WORDS
                .iter()
                .find(|w| after.starts_with(**w))
            {
                let end = text.len() - after.len() + w.len();
                return Some((*offset, text[at..end].to_string()));
            }
        }
    }
    None
}

static YEARLESS_AS_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日\s?(?:現在|時点)").expect("static regex")
});

/// An as-of date written without its year (`(3月12日現在)` in a title):
/// month and day, and the text.
pub fn yearless_as_of(text: &str) -> Option<(u32, u32, String)> {
    let c = YEARLESS_AS_OF.captures(text)?;
    let whole = c.get(0)?;
    // `令和3年3月12日現在` has its year: not this case.
    if text[..whole.start()].ends_with('年') {
        return None;
    }
    Some((
        c["m"].parse().ok()?,
        c["d"].parse().ok()?,
        whole.as_str().to_string(),
    ))
}

/// A note setting the date of figures that state none.
pub fn default_date(text: &str) -> Option<DateRef> {
    if !DEFAULT_DATE_NOTE.iter().any(|w| text.contains(w)) {
        return None;
    }
    as_of(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_next_number_continues_a_list_of_notes() {
        let f = next_in_run("２ 職員数については、令和５年４月１日現在", 1).expect("note 2");
        assert_eq!(f.mark, 2);
        assert!(f.text.starts_with("職員数について"));
        assert!(next_in_run("3 給与費", 1).is_none(), "not the next number");
        assert!(next_in_run("25日に開催", 24).is_none(), "no separator");
        assert!(next_in_run("2 .5%", 1).is_none(), "a number");
        assert!(next_in_run("2", 1).is_none(), "no text");
        assert!(next_in_run("2 年齢別利用者数", 1).is_none(), "a heading");
    }

    #[test]
    fn relative_as_of_words() {
        let r = |t: &str| relative_as_of(t);
        assert_eq!(
            r("患者の状況(前日24時まで)"),
            Some((-1, "前日24時まで".into()))
        );
        assert_eq!(
            r("前日 24時00分 現在"),
            Some((-1, "前日 24時00分 現在".into()))
        );
        assert_eq!(r("本日12時時点の数値"), Some((0, "本日12時時点".into())));
        // Not an as-of: a comparison, or a day without a closing word.
        assert_eq!(r("前日比 +3"), None);
        assert_eq!(r("本日の判明"), None);
    }

    #[test]
    fn footnotes_and_marks() {
        let f = footnote("※1 令和7年3月末時点の速報値").expect("note");
        assert_eq!((f.mark, f.text.as_str()), (1, "令和7年3月末時点の速報値"));
        assert_eq!(footnote("注2 再掲").map(|f| f.mark), Some(2));
        assert_eq!(footnote("(注)1 数値は").map(|f| f.mark), Some(1));
        assert!(footnote("※12.8は休館").is_none());
        assert_eq!(marks("検査人数※3"), (vec![3], "検査人数".to_string()));
        assert!(only_marks("※3※4"));
        assert!(!only_marks("3,287※1"));
    }

    #[test]
    fn yearless_dates() {
        assert_eq!(
            yearless_as_of("負荷の状況(3月12日現在)").map(|(m, d, _)| (m, d)),
            Some((3, 12))
        );
        assert_eq!(yearless_as_of("令和3年3月12日現在"), None);
    }

    #[test]
    fn dates_in_notes() {
        let d = as_of("(令和7年3月末時点)").expect("as of");
        assert_eq!(d.date.to_string(), "2025-03-31");
        let d = default_date("(注)1 数値は、時点の記載がないものは令和6年12月末現在。")
            .expect("default");
        assert_eq!(d.date.to_string(), "2024-12-31");
        assert!(default_date("令和6年12月末現在").is_none());
        assert!(as_of("令和6年度の取組").is_none());
    }
}
