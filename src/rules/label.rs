//! Labels from the text around a figure: the subject/label split of a
//! label zone, a label continued across a note, the noun a number names
//! after it (`9件のご家族の相談`), and the predicate that names a figure in
//! prose (`18社が参加した`, `保育士を新たに14人確保した`).
//!
//! Prose names a figure after the number when the text before it names
//! nothing of its own ([`lead_of`]: empty once cut at `、`, or only an
//! object with `を` and adverbs such as 新たに). The predicate after the
//! number ([`after_phrase`]) — after が / を / は, or straight after the
//! unit when it is a verb — runs to the end of its clause and loses its
//! verb ending (した, する, を行った): `延べ64人が受講した` → 受講,
//! `2か所を新たに開設した` → 新たに開設, `9人が一般就労に移行した` →
//! 一般就労に移行, `1町が就労準備支援事業の開始に向けて…` →
//! 就労準備支援事業の開始. An object before the number is kept:
//! `保育士を新たに14人確保した` → 保育士を新たに確保.

use super::figure::{clean_label, is_hiragana};
use crate::normalize::canonical_span;

/// Particles that tie a number to the predicate after it: `18社が参加した`,
/// `2か所を新たに開設した`, `3件は継続中`.
pub const AFTER_PARTICLES: &[&str] = &["が", "を", "は"];

/// The particle that marks the text before a number as the object of the
/// predicate after it (`保育士を14人確保した`), not as the figure's name.
pub const OBJECT_PARTICLE: &str = "を";

/// Adverbs and summing words that, ending the text before a number, do not
/// name it (`保育士を新たに14人確保した`, `さらに3件`, `合わせて5回`).
pub const LEAD_ADVERBS: &[&str] = &[
    "新たに",
    "新規に",
    "新しく",
    "さらに",
    "更に",
    "既に",
    "計",
    "合計",
    "総計",
    "合わせて",
    "あわせて",
    "全体で",
];

/// Characters that end the clause holding a figure's predicate (a line
/// break inside a cell is wrapping, not an end).
pub const CLAUSE_END: &[char] = &['。', '、', ',', ';', '(', ')', '【', '】', '※'];

/// Words at which the naming part of a predicate ends: what follows is an
/// aim, a plan or an auxiliary (`実施する予定`, `開始に向けて`,
/// `実施することとしている`). 予定 / 見込 still qualify the figure (see
/// `figures`).
pub const PREDICATE_STOPS: &[&str] = &[
    "予定",
    "見込",
    "に向けて",
    "に向け",
    "ため",
    "こと",
    "ながら",
    "とともに",
    "ところ",
];

/// Verb endings dropped from a predicate label, longest first; dropped
/// only after a kanji or katakana stem (`受講した` → 受講, `設置を行った`
/// → 設置, `活用し` → 活用).
pub const VERB_ENDINGS: &[&str] = &[
    "を行っている",
    "を行った",
    "を行う",
    "を行い",
    "しています",
    "されている",
    "されました",
    "している",
    "していた",
    "していく",
    "しました",
    "します",
    "された",
    "される",
    "させた",
    "した",
    "する",
    "して",
    "し",
];

/// Predicates that do not say what a figure counts: an aim, a result or a
/// comparison (`3,200件以上を目指す`, `15人増加した`). A figure followed
/// by one of them keeps the label it has from elsewhere.
pub const NON_NAMING_PREDICATES: &[&str] = &[
    "目指", "目標", "達成", "見込", "予定", "上回", "下回", "超え", "増加", "減少", "占め",
];

/// The longest predicate taken as a label, in characters; a longer clause
/// is prose, not a name.
pub const MAX_PREDICATE_CHARS: usize = 30;

/// Split a label zone at its last space: the words before name a subject,
/// the last word is the label. Only spaces count: a line break inside a PDF
/// cell is wrapping, not a word boundary.
pub(super) fn split_subject(zone: &str) -> (Option<String>, String) {
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
pub(super) fn join_carry(carry: Option<&str>, zone_raw: &str, label: String) -> String {
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

/// `9件のご家族の相談が` → `ご家族の相談`: a label after the number.
pub(super) fn post_label(after: &str) -> Option<String> {
    let rest = after.strip_prefix('の')?;
    let end = rest
        .find(['が', 'を', 'は', 'に', 'で', '、', '。', '(', '\n', ' '])
        .unwrap_or(rest.len());
    let l = clean_label(&rest[..end]);
    (!l.is_empty()).then_some(l)
}

/// What the text before a number (its label zone, cut at `、`) says about it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Lead {
    /// Nothing: no label of its own (`、18社が参加した`, `その結果4市町`).
    Empty,
    /// An object or adverbs only: the figure is named by the predicate
    /// after the number, and this text opens that label (`保育士を新たに`).
    Opens(String),
    /// A noun label (`補助件数は42件`): kept.
    Names,
}

/// Read a label zone: does it name the figure, open a predicate label, or
/// say nothing?
pub(super) fn lead_of(zone: &str) -> Lead {
    if clean_label(zone).is_empty() {
        return Lead::Empty;
    }
    let raw = canonical_span(zone);
    let mut core = raw.as_str();
    let mut adverb = false;
    while let Some(rest) = LEAD_ADVERBS.iter().find_map(|w| core.strip_suffix(w)) {
        core = rest;
        adverb = true;
    }
    let object = core.ends_with(OBJECT_PARTICLE);
    if !adverb && !object {
        return Lead::Names;
    }
    let stem = clean_label(core);
    let particle = if object && !stem.is_empty() {
        OBJECT_PARTICLE
    } else {
        ""
    };
    Lead::Opens(format!("{stem}{particle}{}", &raw[core.len()..]))
}

/// A predicate label read after a number.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct AfterPhrase {
    /// The label: the predicate without its verb ending.
    pub label: String,
    /// Bytes of `after` the predicate spans (particle and ending included).
    pub len: usize,
}

/// The predicate naming a figure, read from the text `after` its unit:
/// `が受講した。` → 受講. Without a particle (`確保した`) only when `direct`
/// is allowed and a verb ending shows it is a predicate, not a noun
/// (`14人体制`).
pub(super) fn after_phrase(after: &str, direct: bool) -> Option<AfterPhrase> {
    let lead_ws = after.len() - after.trim_start().len();
    let rest = &after[lead_ws..];
    let particle = AFTER_PARTICLES
        .iter()
        .find(|p| rest.starts_with(**p))
        .map_or(0, |p| p.len());
    if particle == 0 && !direct {
        return None;
    }
    let body = &rest[particle..];
    let mut end = body.find(CLAUSE_END).unwrap_or(body.len());
    if let Some(i) = body[..end].find(|c: char| c.is_ascii_digit()) {
        end = i;
    }
    for w in PREDICATE_STOPS {
        if let Some(i) = body[..end].find(w) {
            end = end.min(i);
        }
    }
    let span = &body[..end];
    let mut phrase = canonical_span(span);
    let mut verb = false;
    while let Some(stem) = VERB_ENDINGS
        .iter()
        .filter_map(|v| phrase.strip_suffix(v))
        .find(|stem| stem.chars().next_back().is_some_and(|c| !is_hiragana(c)))
    {
        phrase = stem.to_string();
        verb = true;
    }
    let names = phrase
        .chars()
        .any(|c| c.is_alphanumeric() && !is_hiragana(c))
        && phrase.chars().count() <= MAX_PREDICATE_CHARS
        && !NON_NAMING_PREDICATES.iter().any(|w| phrase.starts_with(w))
        && (particle > 0 || verb);
    names.then(|| AfterPhrase {
        label: phrase,
        len: lead_ws + particle + span.trim_end().len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(s: &str, direct: bool) -> Option<String> {
        after_phrase(s, direct).map(|p| p.label)
    }

    #[test]
    fn leads_that_name_open_or_say_nothing() {
        assert_eq!(lead_of(""), Lead::Empty);
        assert_eq!(lead_of("その結果"), Lead::Empty);
        assert_eq!(lead_of("までに"), Lead::Empty);
        assert_eq!(lead_of("さらに"), Lead::Empty);
        assert_eq!(
            lead_of("保育士を新たに"),
            Lead::Opens("保育士を新たに".into())
        );
        assert_eq!(lead_of("研修を"), Lead::Opens("研修を".into()));
        assert_eq!(lead_of("新たに"), Lead::Opens("新たに".into()));
        assert_eq!(lead_of("補助件数は"), Lead::Names);
        assert_eq!(lead_of("参加者数:セミナー"), Lead::Names);
        assert_eq!(lead_of("就職氷河期世代"), Lead::Names);
    }

    #[test]
    fn predicates_after_the_number() {
        assert_eq!(after("が受講した。", false).as_deref(), Some("受講"));
        assert_eq!(after("が参加した。", false).as_deref(), Some("参加"));
        assert_eq!(
            after("を新たに開設した。", false).as_deref(),
            Some("新たに開設")
        );
        assert_eq!(
            after("が一般就労に移行した。", false).as_deref(),
            Some("一般就労に移行")
        );
        assert_eq!(
            after("が新たに設置を行った。", false).as_deref(),
            Some("新たに設置")
        );
        // A line break inside the cell is wrapping.
        assert_eq!(
            after("が新たに設置し\nた。", false).as_deref(),
            Some("新たに設置")
        );
        assert_eq!(
            after("\nが一般就労に移行した。", false).as_deref(),
            Some("一般就労に移行")
        );
        // Plans and aims end the naming part.
        assert_eq!(
            after("が実施する予定となっている)", false).as_deref(),
            Some("実施")
        );
        assert_eq!(
            after("が就労準備支援事業の開始に向けて当事業を活用し、", false).as_deref(),
            Some("就労準備支援事業の開始")
        );
        // Straight after the unit only when a verb ending shows a predicate.
        assert_eq!(after("確保した。", true).as_deref(), Some("確保"));
        assert_eq!(after("確保した。", false), None);
        assert_eq!(after("体制で実施", true), None);
        // Predicates that do not name what is counted.
        assert_eq!(after("を目指す。", false), None);
        assert_eq!(after("増加した。", true), None);
        assert_eq!(after("となった。", true), None);
        // Not a predicate: another figure, the clause end, a note.
        assert_eq!(after("、座談会55人", false), None);
        assert_eq!(after("(広島サポステ)", false), None);
        assert_eq!(after("が3件", false), None);
        assert_eq!(after("", true), None);
    }

    #[test]
    fn the_predicate_span_covers_particle_and_ending() {
        let p = after_phrase("が受講した。", false).expect("predicate");
        assert_eq!(p.len, "が受講した".len());
        let p = after_phrase(" が実施する予定", false).expect("predicate");
        assert_eq!(p.len, " が実施する".len());
    }
}
