//! Labels from the text around a figure: the subject/label split of a
//! label zone, a label continued across a note, and the noun a number names
//! after it (`9件のご家族の相談`).

use super::figure::clean_label;

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
