//! 機種依存文字 out of CSV cells: characters outside JIS X 0208 that older
//! Japanese systems show differently or not at all (the NEC and IBM
//! extensions: ①, ㈱, ㍻, Ⅰ, ㎡, №…). The 総務省 rules for machine-readable
//! tables ask for plain forms, so every CSV cell is folded here. JSON and
//! JSON Lines keep the text as read.
//!
//! The whole vocabulary is [`FOLDS`]: a code-point range and how its
//! characters fold. Circled numbers keep their marker role as `(1)`: a bare
//! `1` (what Unicode NFKC gives) would run into the date after it
//! (`①R5.10.29` → `(1)R5.10.29`, not `1R5.10.29`).

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// How the characters of a range fold.
#[derive(Debug, Clone, Copy)]
enum Fold {
    /// A circled number: `(n)`, n = the code point − start + the value.
    Number(u32),
    /// Unicode NFKC (`㈱` → `(株)`, `㍻` → `平成`, `Ⅳ` → `IV`, `㎡` → `m2`).
    Nfkc,
    /// NFKC in parentheses: circled letters and ideographs (`Ⓐ` → `(A)`,
    /// `㊤` → `(上)`).
    NfkcInParens,
    /// A fixed replacement.
    To(&'static str),
}

/// Ranges (first, last code point) and their folds, sorted, not
/// overlapping.
const FOLDS: &[(u32, u32, Fold)] = &[
    (0x00BC, 0x00BE, Fold::Nfkc),         // ¼ ½ ¾ → 1/4 1/2 3/4
    (0x2116, 0x2116, Fold::Nfkc),         // № → No
    (0x2121, 0x2122, Fold::Nfkc),         // ℡ ™ → TEL TM
    (0x2150, 0x218F, Fold::Nfkc),         // Ⅰ-Ⅻ ⅰ-ⅻ ½ (fraction slash → /)
    (0x2460, 0x2473, Fold::Number(1)),    // ①-⑳
    (0x2474, 0x249B, Fold::Nfkc),         // ⑴-⒇ ⒈-⒛ (already plain in NFKC)
    (0x249C, 0x24B5, Fold::Nfkc),         // ⒜-⒵ → (a)-(z)
    (0x24B6, 0x24E9, Fold::NfkcInParens), // Ⓐ-ⓩ
    (0x24EA, 0x24EA, Fold::Number(0)),    // ⓪
    (0x24EB, 0x24F4, Fold::Number(11)),   // ⓫-⓴
    (0x24F5, 0x24FE, Fold::Number(1)),    // ⓵-⓾
    (0x24FF, 0x24FF, Fold::Number(0)),    // ⓿
    (0x2776, 0x277F, Fold::Number(1)),    // ❶-❿
    (0x2780, 0x2789, Fold::Number(1)),    // ➀-➉
    (0x278A, 0x2793, Fold::Number(1)),    // ➊-➓
    (0x301D, 0x301F, Fold::To("\"")),     // 〝 〞 〟
    (0x3200, 0x3250, Fold::Nfkc),         // ㈱ ㈲ ㈹ (parenthesized)
    (0x3251, 0x325F, Fold::Number(21)),   // ㉑-㉟
    (0x3260, 0x32B0, Fold::NfkcInParens), // ㊤ ㊥ ㊦ ㊧ ㊨ ㊑…
    (0x32B1, 0x32BF, Fold::Number(36)),   // ㊱-㊿
    (0x32C0, 0x33FF, Fold::Nfkc),         // ㍻ ㌔ ㎡ ㏍ ㋿…
    (0xFF02, 0xFF02, Fold::To("\"")),     // ＂
    (0xFF07, 0xFF07, Fold::To("'")),      // ＇
    (0xFFE4, 0xFFE4, Fold::To("|")),      // ￤
];

fn fold_of(c: char) -> Option<(u32, Fold)> {
    let cp = c as u32;
    let i = FOLDS.partition_point(|&(_, last, _)| last < cp);
    FOLDS
        .get(i)
        .filter(|&&(first, _, _)| first <= cp)
        .map(|&(first, _, f)| (first, f))
}

fn nfkc(c: char) -> String {
    std::iter::once(c)
        .nfkc()
        .map(|c| if c == '\u{2044}' { '/' } else { c })
        .collect()
}

/// `s` with every 機種依存文字 in [`FOLDS`] folded to a plain form;
/// borrowed unchanged when there is none.
pub fn plain(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| fold_of(c).is_some()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match fold_of(c) {
            None => out.push(c),
            Some((first, Fold::Number(base))) => {
                out.push('(');
                out.push_str(&(c as u32 - first + base).to_string());
                out.push(')');
            }
            Some((_, Fold::Nfkc)) => out.push_str(&nfkc(c)),
            Some((_, Fold::NfkcInParens)) => {
                let folded = nfkc(c);
                if folded.chars().eq(std::iter::once(c)) {
                    out.push(c); // NFKC leaves it: nothing plainer to give
                } else {
                    out.push('(');
                    out.push_str(&folded);
                    out.push(')');
                }
            }
            Some((_, Fold::To(s))) => out.push_str(s),
        }
    }
    Cow::Owned(out)
}

/// Is `c` one of the characters [`plain`] folds?
pub fn is_platform_dependent(c: char) -> bool {
    fold_of(c).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_not_overlapping() {
        for w in FOLDS.windows(2) {
            assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0, "{:x}", w[1].0);
        }
    }

    #[test]
    fn circled_numbers_keep_their_marker_role() {
        assert_eq!(plain("①R5.10.29"), "(1)R5.10.29");
        assert_eq!(plain("⑳ ㉑ ㊿ ⓪ ❿ ➊ ⓫"), "(20) (21) (50) (0) (10) (1) (11)");
        assert_eq!(plain("⑴ ⒈"), "(1) 1.");
    }

    #[test]
    fn nec_and_ibm_extensions_fold_to_plain_forms() {
        assert_eq!(plain("㈱タッセイ"), "(株)タッセイ");
        assert_eq!(plain("㍻31年"), "平成31年");
        assert_eq!(plain("第Ⅲ期 ⅻ"), "第III期 xii");
        assert_eq!(plain("100㎡ 5㌔"), "100m2 5キロ");
        assert_eq!(plain("№1 ℡"), "No1 TEL");
        assert_eq!(plain("㊤ Ⓐ"), "(上) (A)");
        assert_eq!(plain("〝引用〟"), "\"引用\"");
        assert_eq!(plain("½"), "1/2");
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        let s = "正社員就職件数2,163件（R6.12月末）℃ ∑";
        assert!(matches!(plain(s), Cow::Borrowed(_)));
        assert!(!s.chars().any(is_platform_dependent));
    }

    #[test]
    fn folded_text_holds_no_platform_dependent_character() {
        let all: String = FOLDS
            .iter()
            .flat_map(|&(a, b, _)| (a..=b).filter_map(char::from_u32))
            .collect();
        let folded = plain(&all);
        let left: Vec<char> = folded
            .chars()
            .filter(|&c| is_platform_dependent(c))
            .collect();
        // Only characters NFKC has no plainer form for may stay.
        assert!(
            left.iter().all(|&c| nfkc(c).chars().eq(std::iter::once(c))),
            "{left:?}"
        );
    }
}
