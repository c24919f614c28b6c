//! Resource names: unique ASCII slugs derived deterministically from the
//! CSV file name, as the Data Package standard wants them (lowercase
//! letters, digits, `-`, `_`, `.`).
//!
//! - A stem that already is such a name (`seed_report`) is the name.
//! - Any other stem (`令和6年度KPI進捗`, `Seed`) keeps its ASCII letters and
//!   digits (lowercased, other runs become `-`) and gets the first 8 hex
//!   digits of the SHA-256 of the stem's UTF-8 bytes: `6-kpi-1c0e9b9a`.
//!   Two names that differ only in kanji, or only in ASCII case, get
//!   different hashes.
//! - Should that be taken in the package by another file's resource, 16,
//!   then all 64 hex digits, then `-2`, `-3`…
//!
//! The title of each resource carries the original file name.

use crate::pipeline::sha256_hex;

/// Longest ASCII part kept before the hash.
const MAX_ASCII: usize = 64;

/// Is `s` a valid resource name as it stands?
pub fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
        })
}

/// The ASCII letters and digits of `s`, lowercased, other runs as one `-`.
fn ascii_part(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= MAX_ASCII {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Candidate names for the file stem `stem`, best first; the last ones are
/// unique by construction (numbered).
pub fn candidates(stem: &str) -> impl Iterator<Item = String> + '_ {
    let plain = is_valid(stem).then(|| stem.to_string());
    let ascii = ascii_part(stem);
    let prefix = if ascii.is_empty() {
        "report".to_string()
    } else {
        ascii
    };
    let hash = sha256_hex(stem.as_bytes());
    let hashed = [8usize, 16, 64].into_iter().map({
        let (prefix, hash) = (prefix.clone(), hash.clone());
        move |n| format!("{prefix}-{}", hash.get(..n).unwrap_or(&hash))
    });
    let numbered = (2usize..).map(move |n| format!("{prefix}-{hash}-{n}"));
    plain.into_iter().chain(hashed).chain(numbered)
}

/// The first candidate for `stem` that `free` accepts.
pub fn choose(stem: &str, free: impl Fn(&str) -> bool) -> String {
    candidates(stem)
        .find(|c| free(c))
        .unwrap_or_else(|| "report".into()) // unreachable: the numbered candidates never end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_stem_is_the_name() {
        assert_eq!(choose("seed_report", |_| true), "seed_report");
        assert_eq!(choose("kpi-2024.v2", |_| true), "kpi-2024.v2");
    }

    #[test]
    fn japanese_and_mixed_case_stems_are_hashed() {
        let a = choose("令和6年度KPI進捗", |_| true);
        let b = choose("令和7年度KPI進捗", |_| true);
        assert!(
            a.starts_with("6-kpi-") && a.len() == "6-kpi-".len() + 8,
            "{a}"
        );
        assert!(b.starts_with("7-kpi-"), "{b}");
        // Same ASCII part, different kanji: different names.
        let c = choose("令和6年度KPI報告", |_| true);
        assert!(c.starts_with("6-kpi-") && c != a, "{a} {c}");
        assert!(is_valid(&a) && is_valid(&c));
        let upper = choose("Seed", |_| true);
        assert!(upper.starts_with("seed-") && upper != "seed", "{upper}");
        assert!(choose("進捗", |_| true).starts_with("report-"));
        // Deterministic.
        assert_eq!(a, choose("令和6年度KPI進捗", |_| true));
    }

    #[test]
    fn a_taken_name_gets_a_longer_hash_then_a_number() {
        let all: Vec<String> = candidates("進捗").take(5).collect();
        assert_eq!(all[0].len(), "report-".len() + 8);
        assert_eq!(all[1].len(), "report-".len() + 16);
        assert_eq!(all[2].len(), "report-".len() + 64);
        assert!(all[3].ends_with("-2") && all[4].ends_with("-3"));
        let taken = [all[0].clone(), all[1].clone()];
        assert_eq!(choose("進捗", |c| !taken.iter().any(|t| t == c)), all[2]);
    }
}
