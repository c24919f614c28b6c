//! Units wherever offices put them: in a header (`令和5年度（人）`,
//! `金額（千円）`, `達成率(%)`), in a note for the table (`（単位：千円，％）`,
//! `単位：人`), alone in a cell (a units row, a 単位 column, the cell after a
//! number). Text is normalized (NFKC: `％` → `%`, `（` → `(`).

use std::sync::LazyLock;

use regex::Regex;

use super::vocab::BARE_UNITS;

/// Longest unit accepted, in characters (`人/人口10万人`).
const MAX_UNIT_CHARS: usize = 12;

static PAREN_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(\[](?:単位\s*[:：]?\s*)?(?P<u>[^()\[\]]+?)\s*[)\]]").expect("static regex")
});
static UNIT_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(\[]?\s*単位\s*[:：]?\s*(?P<u>[^()\[\]]+?)\s*[)\]]?$").expect("static regex")
});

/// Is `text` (trimmed) a unit and nothing else?
pub fn is_bare_unit(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > MAX_UNIT_CHARS {
        return false;
    }
    if BARE_UNITS.contains(&t) {
        return true;
    }
    // Compound units: `人/人口10万人`, `件/年`, `千人`.
    if let Some((a, b)) = t.split_once('/') {
        return is_bare_unit(a) && !b.trim().is_empty() && !b.contains(char::is_whitespace);
    }
    if let Some(rest) = t.strip_prefix(['千', '万', '百', '億']) {
        return BARE_UNITS.contains(&rest);
    }
    false
}

/// A unit stated in parentheses in a header: `令和5年度(人)` → `人`,
/// `金額(千円)` → `千円`, `(単位:件)` → `件`. A parenthesized year or date is
/// not a unit.
pub fn header_unit(text: &str) -> Option<String> {
    for c in PAREN_UNIT.captures_iter(text) {
        let u = c["u"].trim();
        if is_bare_unit(u) {
            return Some(u.to_string());
        }
    }
    None
}

/// A table's unit note: `(単位:千円,%)` → (`千円`, Some(`%`)); `単位:人` →
/// (`人`, None). The second unit is the one for ratio rows and columns.
pub fn unit_note(text: &str) -> Option<(String, Option<String>)> {
    let t = text.trim();
    let c = UNIT_NOTE.captures(t)?;
    let mut units = c["u"]
        .split([',', '、', '，', '・', '/'])
        .map(str::trim)
        .filter(|u| !u.is_empty());
    let first = units.next()?;
    if !is_bare_unit(first) {
        return None;
    }
    let second = units.next().filter(|u| is_bare_unit(u)).map(str::to_string);
    Some((first.to_string(), second))
}

/// The unit a counter noun at the end of a name implies (`陽性者数` → 人,
/// `検査件数` → 件), from [`super::vocab::IMPLIED_UNITS`].
pub fn implied_unit(name: &str) -> Option<&'static str> {
    let mut t = name.trim_end_matches(|c: char| {
        c.is_whitespace() || c == ')' || c.is_ascii_digit() || c == '※'
    });
    for suffix in super::vocab::COUNT_SUFFIXES {
        t = t.strip_suffix(suffix).unwrap_or(t);
    }
    super::vocab::IMPLIED_UNITS
        .iter()
        .find(|(noun, _)| t.ends_with(noun))
        .map(|(_, u)| *u)
}

/// A cell whose first line is a bare unit and the rest a figure: the unit
/// and the rest.
pub fn unit_line(original: &str) -> Option<(String, String)> {
    let (first, rest) = original.trim().split_once('\n')?;
    let unit = crate::normalize::canonical_span(&crate::normalize::normalize(first));
    let rest = crate::normalize::canonical_span(&crate::normalize::normalize(rest));
    (is_bare_unit(&unit) && rest.starts_with(|c: char| c.is_ascii_digit() || "▲△-".contains(c)))
        .then_some((unit, rest))
}

/// The header without its unit and footnote marks, for vocabulary lookups.
pub fn strip_unit(text: &str) -> String {
    let mut out = text.to_string();
    if let Some(c) = PAREN_UNIT
        .captures_iter(text)
        .find(|c| is_bare_unit(c["u"].trim()))
    {
        if let Some(m) = c.get(0) {
            out.replace_range(m.range(), "");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_implied_by_counter_nouns() {
        assert_eq!(implied_unit("陽性者数"), Some("人"));
        assert_eq!(implied_unit("検査人数"), Some("人"));
        assert_eq!(implied_unit("移住相談件数"), Some("件"));
        assert_eq!(implied_unit("合計特殊出生率"), None);
        assert_eq!(implied_unit("人口"), None);
        assert_eq!(implied_unit("新規陽性者数累計"), Some("人"));
    }

    #[test]
    fn units_in_headers_and_notes() {
        assert_eq!(header_unit("令和5年度(人)").as_deref(), Some("人"));
        assert_eq!(header_unit("金額(千円)").as_deref(), Some("千円"));
        assert_eq!(header_unit("達成率(%)").as_deref(), Some("%"));
        assert_eq!(header_unit("R6年度 (単位:件)").as_deref(), Some("件"));
        assert_eq!(header_unit("目標値(令和7年度)"), None);
        assert_eq!(
            unit_note("(単位:千円,%)"),
            Some(("千円".into(), Some("%".into())))
        );
        assert_eq!(unit_note("単位:人"), Some(("人".into(), None)));
        assert_eq!(unit_note("単位を改める"), None);
        assert!(is_bare_unit("人/人口10万人"));
        assert!(is_bare_unit("千件"));
        assert!(is_bare_unit("ha"));
        assert!(!is_bare_unit("1,234"));
        assert_eq!(strip_unit("令和5年度(人)"), "令和5年度");
    }
}
