//! Step 5a: page furniture. Pure page-number lines near the top or bottom
//! edge are dropped; lines repeating on several pages (a report title on
//! every page) are *running* lines, kept as lines but ignored when deciding
//! whether a table is the first or last thing on its page.

use super::page::PageLayout;
use super::LayoutSettings;
use std::collections::{HashMap, HashSet};

/// Remove pure page-number lines lying within the page-number band.
pub(crate) fn drop_page_numbers(pages: &mut [PageLayout], s: &LayoutSettings) {
    for page in pages.iter_mut() {
        let band = page.height * s.page_number_band;
        let height = page.height;
        page.lines.retain(|l| {
            let in_band = l.bbox.bottom <= band || l.bbox.top >= height - band;
            !(in_band && is_page_number(&l.text))
        });
    }
}

/// Whether the text is nothing but a page number: "3", "- 3 -", "— 3 —",
/// "3 / 10", "3/10", "(3)", "p. 3", "Page 3 of 10", "３ページ", "- ３ -".
pub(crate) fn is_page_number(text: &str) -> bool {
    let folded: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(fold_fullwidth)
        .collect::<String>()
        .to_lowercase();
    let mut t = folded.as_str();
    for prefix in ["page", "p.", "p", "頁", "第"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest;
            break;
        }
    }
    for suffix in ["ページ", "頁"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest;
            break;
        }
    }
    let t = t.trim_matches(|c: char| "-‐‑–—―−()[]<>".contains(c));
    let mut parts = t.splitn(2, '/');
    let (Some(first), rest) = (parts.next(), parts.next()) else {
        return false;
    };
    let (first, total) = match rest {
        Some(total) => (first, Some(total)),
        None => match first.split_once("of") {
            Some((f, total)) => (f, Some(total)),
            None => (first, None),
        },
    };
    is_number(first) && total.into_iter().all(is_number)
}

fn is_number(t: &str) -> bool {
    !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())
}

fn fold_fullwidth(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '／' | '（' | '）' | '－' | '．' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

/// (page index, line index) of every running line: a line whose text, with
/// digits and whitespace ignored, occurs on two or more pages.
pub(crate) fn running_lines(pages: &[PageLayout]) -> HashSet<(usize, usize)> {
    let key = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_whitespace() && !c.is_numeric())
            .collect()
    };
    let mut pages_of: HashMap<String, HashSet<usize>> = HashMap::new();
    for (pi, page) in pages.iter().enumerate() {
        for line in &page.lines {
            pages_of.entry(key(&line.text)).or_default().insert(pi);
        }
    }
    let mut out = HashSet::new();
    for (pi, page) in pages.iter().enumerate() {
        for (li, line) in page.lines.iter().enumerate() {
            let k = key(&line.text);
            if !k.is_empty() && pages_of.get(&k).is_some_and(|p| p.len() >= 2) {
                out.insert((pi, li));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_number_forms() {
        for t in [
            "3",
            "- 3 -",
            "— 12 —",
            "3 / 10",
            "3/10",
            "(3)",
            "p. 3",
            "Page 3 of 10",
            "３ページ",
            "－３－",
            "- ３ -",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in [
            "3,121件",
            "令和6年度",
            "1 不安定な就労状態にある方",
            "",
            "-",
            "R6.12",
        ] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
