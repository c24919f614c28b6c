//! Stage 3: text normalization.
//!
//! [`normalize`] turns raw cell text into the canonical form every later stage
//! works on, in this order (each step a small function, each tested):
//!
//! 1. [`fold_radicals`]: CJK radical code points that some PDF producers emit
//!    for ordinary kanji (Kangxi Radicals U+2F00–U+2FD5, which NFKC folds, and
//!    the CJK Radicals Supplement U+2E80–U+2EF3, which NFKC does **not** fold:
//!    `⻑` → `長`) become the unified ideographs they depict.
//! 2. [`nfkc_keeping_markers`]: Unicode NFKC — full-width digits, Latin letters
//!    and punctuation to ASCII (`３，１２１` → `3,121`, `（` → `(`, `：` → `:`),
//!    half-width katakana to full-width, ideographic space to space — except
//!    for characters whose meaning NFKC would destroy here: circled numbers
//!    (`①` is a list marker, NFKC makes it a bare `1` that runs into the date
//!    after it).
//! 3. [`unify_dashes`]: wave dashes and tildes used as range marks (`〜`, `～`,
//!    `∼`) become `~`.
//! 4. [`squeeze_spaces`]: runs of spaces and tabs become one space; line
//!    breaks are kept (a bullet item often starts a line), spaces around them
//!    dropped, blank lines removed.
//! 5. [`join_letter_spacing`]: letter-spaced words (`K P I`) are closed up.
//!
//! The original text is never thrown away: callers keep it beside the
//! normalized form (see `table::Cell`).
//!
//! [`canonical_span`] goes one step further for the `text` field of records:
//! it removes layout spaces (a space next to a Japanese character carries no
//! meaning, and PDF line wrapping moves them around), so that the same report
//! read from text and from PDF yields the same spans.

use unicode_normalization::UnicodeNormalization;

/// The full normalization pipeline (see the module docs).
pub fn normalize(s: &str) -> String {
    let s = fold_radicals(s);
    let s = nfkc_keeping_markers(&s);
    let s = unify_dashes(&s);
    let s = squeeze_spaces(&s);
    join_letter_spacing(&s)
}

/// CJK Radicals Supplement code points whose Japanese glyph is the whole
/// unified ideograph (fonts share one glyph for both, so PDF producers may
/// write either), sorted by code point. Component forms (`⺅`, `⺮`) and
/// Chinese-simplified forms (`⻅` is 见, not 見) are not listed: they depict no
/// Japanese character and stay as they are.
const RADICAL_SUPPLEMENT: &[(char, char)] = &[
    ('\u{2E9F}', '母'),
    ('\u{2EA0}', '民'),
    ('\u{2EC4}', '西'),
    ('\u{2ED1}', '長'),
    ('\u{2ED8}', '青'),
    ('\u{2EDD}', '食'),
    ('\u{2EE4}', '鬼'),
    ('\u{2EE8}', '麦'),
    ('\u{2EE9}', '黄'),
    ('\u{2EEB}', '斉'),
    ('\u{2EED}', '歯'),
    ('\u{2EEF}', '竜'),
    ('\u{2EF2}', '亀'),
];

/// Step 1: map radical code points to unified ideographs.
pub fn fold_radicals(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2E80}'..='\u{2EF3}' => RADICAL_SUPPLEMENT
                .binary_search_by_key(&c, |&(r, _)| r)
                .map(|i| RADICAL_SUPPLEMENT[i].1)
                .unwrap_or(c),
            // Kangxi radicals: NFKC (step 2) folds every one of them.
            _ => c,
        })
        .collect()
}

/// Characters NFKC must not touch: circled and parenthesized numbers used as
/// list markers.
fn keep_as_is(c: char) -> bool {
    matches!(c, '\u{2460}'..='\u{2473}' | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}' | '\u{2776}'..='\u{277F}')
}

/// Step 2: NFKC, except for list markers.
pub fn nfkc_keeping_markers(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run_start = 0;
    for (i, c) in s.char_indices() {
        if keep_as_is(c) {
            push_nfkc(&mut out, &s[run_start..i]);
            out.push(c);
            run_start = i + c.len_utf8();
        }
    }
    push_nfkc(&mut out, &s[run_start..]);
    out
}

/// Append the NFKC form of `run`. (A quick-check shortcut for runs already
/// in NFKC was measured slower on report text: most runs hold full-width
/// digits or punctuation, so the check rarely saves the decomposition.)
fn push_nfkc(out: &mut String, run: &str) {
    out.extend(run.nfkc());
}

/// Step 3: range marks to `~`.
pub fn unify_dashes(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{301C}' | '\u{FF5E}' | '\u{223C}' | '\u{02DC}' => '~',
            _ => c,
        })
        .collect()
}

/// Step 4: collapse horizontal white space, keep line breaks.
pub fn squeeze_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split(['\n', '\r']) {
        let mut words = line.split_whitespace().peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let mut first = true;
        for w in words {
            if !first {
                out.push(' ');
            }
            out.push_str(w);
            first = false;
        }
    }
    out
}

/// Step 5: close up letter-spaced Latin words: three or more single letters
/// separated by single spaces (`K P I` → `KPI`). Two letters (`A B`) are too
/// ambiguous to join.
pub fn join_letter_spacing(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        // A run: letter (space letter)+, standing alone on both ends.
        let starts_alone = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        if starts_alone && chars[i].is_ascii_alphabetic() {
            let mut j = i + 1;
            let mut letters = 1;
            while j + 1 < chars.len() && chars[j] == ' ' && chars[j + 1].is_ascii_alphabetic() {
                let ends_alone = j + 2 >= chars.len() || !chars[j + 2].is_ascii_alphanumeric();
                if !ends_alone {
                    break;
                }
                letters += 1;
                j += 2;
            }
            if letters >= 3 {
                let mut k = i;
                while k < j {
                    if chars[k] != ' ' {
                        out.push(chars[k]);
                    }
                    k += 1;
                }
                i = j;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Undo line wrapping inside a cell: a line break is wrapping (removed, so
/// `R7.1月` + `末)` reads `R7.1月末)` and `2,16` + `3件` reads `2,163件`)
/// unless the next line opens a new item (a list marker, an organisation
/// `<…>` or a `【…】` heading), where it becomes a space.
pub fn unwrap_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut lines = s.split('\n').peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        if let Some(next) = lines.peek() {
            let first = next.chars().next();
            let opens_item = first.is_some_and(|c| {
                crate::rules::figure::is_marker(c) || matches!(c, '<' | '【' | '※')
            });
            if opens_item {
                out.push(' ');
            }
        }
    }
    out
}

/// True for characters of Japanese (and other wide) text, next to which a
/// space is layout, not meaning.
pub fn is_wide(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace()
}

/// The form of a span used in record `text` fields and for comparing spans:
/// line breaks become spaces, and a space is kept only between two ASCII
/// characters that are not brackets (`Web デザイン` → `Webデザイン`,
/// `2,163件 (R6.12月末現在)` → `2,163件(R6.12月末現在)`,
/// `Excel Word` stays).
pub fn canonical_span(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let prev = out.chars().last();
            let next = chars.get(j).copied();
            let keep = match (prev, next) {
                (Some(p), Some(n)) => p.is_ascii_alphanumeric() && n.is_ascii_alphanumeric(),
                _ => false,
            };
            if keep {
                out.push(' ');
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_and_punctuation() {
        assert_eq!(normalize("３，１２１件"), "3,121件");
        assert_eq!(normalize("（R6.12月末現在）"), "(R6.12月末現在)");
        assert_eq!(
            normalize("参加者数：セミナー６４人"),
            "参加者数:セミナー64人"
        );
        assert_eq!(normalize("ＡＢＣ　ｅラーニング"), "ABC eラーニング");
    }

    #[test]
    fn letter_spaced_words_are_closed_up() {
        assert_eq!(normalize("全体K P I"), "全体KPI");
        assert_eq!(normalize("におけるK P I 達成状況"), "におけるKPI 達成状況");
        assert_eq!(normalize("Ｋ Ｐ Ｉ"), "KPI");
        // Two letters, or real words, stay.
        assert_eq!(normalize("A B"), "A B");
        assert_eq!(normalize("Excel Word"), "Excel Word");
        assert_eq!(normalize("R 6 12"), "R 6 12");
    }

    #[test]
    fn range_marks() {
        assert_eq!(normalize("R1.8～R6.12累計"), "R1.8~R6.12累計");
        assert_eq!(normalize("R1.8〜R6.12累計"), "R1.8~R6.12累計");
        assert_eq!(normalize("35~55歳"), "35~55歳");
    }

    #[test]
    fn half_width_katakana() {
        assert_eq!(normalize("ﾊﾛｰﾜｰｸ"), "ハローワーク");
        assert_eq!(normalize("ｾﾐﾅｰ･ﾐﾆ面接会"), "セミナー・ミニ面接会");
    }

    #[test]
    fn radicals_fold_to_ideographs() {
        // Kangxi radical (folded by NFKC) and CJK Radicals Supplement (not).
        assert_eq!(normalize("参加者数\u{2F08}"), "参加者数人");
        assert_eq!(normalize("\u{2ED1}期"), "長期");
        assert_eq!(normalize("\u{2EC4}条"), "西条");
        assert_eq!(normalize("住\u{2EA0}"), "住民");
    }

    #[test]
    fn circled_numbers_survive() {
        assert_eq!(normalize("①R5.10.29"), "①R5.10.29");
        assert_eq!(normalize("②・③：2会場"), "②・③:2会場");
    }

    #[test]
    fn japanese_text_is_untouched() {
        let s = "就職氷河期世代活躍支援ひろしまプラットフォーム「呉しごと相談館」※【目標】○・▲△";
        assert_eq!(normalize(s), s);
    }

    #[test]
    fn spaces_and_lines() {
        assert_eq!(normalize("  a\u{3000}\u{3000}b \n\n  c  "), "a b\nc");
        assert_eq!(normalize("\t\t"), "");
    }

    #[test]
    fn wrapped_lines_are_joined() {
        assert_eq!(
            unwrap_lines("セミナー59人(R7.1月\n末)"),
            "セミナー59人(R7.1月末)"
        );
        assert_eq!(
            unwrap_lines("○a 1件\n○b 2件\n・c\n<県> d"),
            "○a 1件 ○b 2件 ・c <県> d"
        );
        assert_eq!(unwrap_lines("2,16\n3件"), "2,163件");
    }

    #[test]
    fn canonical_span_drops_layout_spaces() {
        assert_eq!(
            canonical_span("正社員就職件数 2,163件 (R6.12月末現在)"),
            "正社員就職件数2,163件(R6.12月末現在)"
        );
        assert_eq!(canonical_span("Web デザイン"), "Webデザイン");
        assert_eq!(canonical_span("Excel Word\nPodcast"), "Excel Word Podcast");
        assert_eq!(
            canonical_span("限定求人 79人\n歓迎求人"),
            "限定求人79人歓迎求人"
        );
    }
}
