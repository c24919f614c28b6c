//! `tassei text` (`tassei::textdump`) against poppler's `pdftotext`, the
//! oracle of issue 12: on every fixture PDF and every real government PDF in
//! `../shared/real/` (skipped with a message where absent, as where
//! `pdftotext` is not installed), the multiset of non-space characters of
//! each page agrees at least 99% — common characters over the larger of the
//! two counts.
//!
//! The differences that remain are deliberate, and folded out before
//! counting (see [`fold`]):
//! * vertical presentation forms: for vertical text poppler prints the
//!   vertical glyphs' code points (`︑ ︒ ︵ ︶`), tassei the characters they
//!   stand for (`、 。 （ ）`, issue 12 item 2);
//! * Adobe-Japan1 CID 95, the glyph `UniJIS-UCS2-H` selects for `~`:
//!   poppler's table says `˜` (U+02DC), tassei reads `~` (Adobe's own table
//!   says U+0303, a combining mark, see `pdf/collections.rs`).
//!
//! * radical code points (`⽉ ⽇ ⻑ ⾷`): tassei prints every one as the kanji
//!   it depicts, as its normalize stage reads them; poppler folds those of
//!   some fonts only (it keeps them in the pdfFactory fonts of the Osaka
//!   report);
//! * the wave dash `〜` (U+301C) and the full-width tilde `～` (U+FF5E), and
//!   the dash `—` (U+2014) and U+0336: one glyph each, for which the font's
//!   ToUnicode map (or the code of a `UniJIS-UCS2-H` string) says one code
//!   point and poppler's own tables the other; tassei prints what the
//!   document says (its normalize stage makes both wave dashes `~`).
//!
//! Documents with no text layer at all (a scan) must be refused by tassei
//! with "no text layer" while pdftotext prints nothing either.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tassei::textdump::{pages, render, TextOptions};
use unicode_normalization::UnicodeNormalization;

fn have_pdftotext() -> bool {
    Command::new("pdftotext").arg("-v").output().is_ok()
}

/// The explained differences, folded to tassei's side.
fn fold(c: char) -> char {
    match c {
        '\u{FE10}' => '，',
        '\u{FE11}' => '、',
        '\u{FE12}' => '。',
        '\u{FE13}' => '：',
        '\u{FE14}' => '；',
        '\u{FE15}' => '！',
        '\u{FE16}' => '？',
        '\u{FE19}' => '…',
        '\u{FE30}' => '‥',
        '\u{FE31}' => '—',
        '\u{FE35}' => '（',
        '\u{FE36}' => '）',
        '\u{FE39}' => '〔',
        '\u{FE3A}' => '〕',
        '\u{FE3B}' => '【',
        '\u{FE3C}' => '】',
        '\u{FE41}' => '「',
        '\u{FE42}' => '」',
        '\u{FE43}' => '『',
        '\u{FE44}' => '』',
        '\u{02DC}' => '~',
        '\u{FF5E}' => '\u{301C}',
        '\u{0336}' => '—',
        // Kangxi radicals (NFKC folds them) and the supplement's kanji.
        c @ '\u{2F00}'..='\u{2FD5}' => c.nfkc().next().unwrap_or(c),
        c @ '\u{2E80}'..='\u{2EF3}' => tassei::normalize::fold_radicals(&c.to_string())
            .chars()
            .next()
            .unwrap_or(c),
        other => other,
    }
}

fn multiset(s: &str) -> HashMap<char, usize> {
    let mut m = HashMap::new();
    for c in s.chars().filter(|c| !c.is_whitespace()).map(fold) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

/// Common characters over the larger count (1.0 when both are empty), and
/// a short description of the differences.
fn agreement(ours: &str, theirs: &str) -> (f64, String) {
    let (a, b) = (multiset(ours), multiset(theirs));
    let (na, nb): (usize, usize) = (a.values().sum(), b.values().sum());
    if na == 0 && nb == 0 {
        return (1.0, String::new());
    }
    let common: usize = a
        .iter()
        .map(|(c, n)| (*n).min(b.get(c).copied().unwrap_or(0)))
        .sum();
    let mut diff: Vec<String> = Vec::new();
    for (c, n) in &a {
        let m = b.get(c).copied().unwrap_or(0);
        if *n != m {
            diff.push(format!("{c:?} {n}/{m}"));
        }
    }
    for (c, m) in &b {
        if !a.contains_key(c) {
            diff.push(format!("{c:?} 0/{m}"));
        }
    }
    diff.sort();
    diff.truncate(40);
    (
        common as f64 / na.max(nb) as f64,
        format!(
            "tassei {na}, pdftotext {nb}; differing (tassei/pdftotext): {}",
            diff.join(", ")
        ),
    )
}

fn pdftotext_pages(path: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    // The text ends with a form feed: the last piece is empty.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Compare one file; returns the failures (one line each).
fn check(path: &Path) -> Vec<String> {
    let name = path.display().to_string();
    let theirs = pdftotext_pages(path);
    let ours = match pages(path, &TextOptions::default()) {
        Ok(p) => p,
        Err(e) => {
            let msg = e.to_string();
            let empty = theirs.iter().all(|p| p.trim().is_empty());
            if msg.contains("no text layer") && empty {
                eprintln!("{name}: no text layer (pdftotext prints nothing either)");
                return Vec::new();
            }
            return vec![format!("{name}: tassei text failed: {msg}")];
        }
    };
    let mut failures = Vec::new();
    if ours.len() != theirs.len() {
        // pdftotext drops trailing empty pages from its count only when
        // they are the last ones; compare what both have.
        let ours_nonempty = ours.iter().filter(|p| !p.lines.is_empty()).count();
        let theirs_nonempty = theirs.iter().filter(|p| !p.trim().is_empty()).count();
        if ours_nonempty != theirs_nonempty {
            failures.push(format!(
                "{name}: {} pages vs pdftotext's {}",
                ours.len(),
                theirs.len()
            ));
        }
    }
    for (p, t) in ours.iter().zip(theirs.iter()) {
        if let Some(why) = &p.undecodable {
            failures.push(format!("{name} p{}: {why}", p.number));
            continue;
        }
        let text = render(std::slice::from_ref(p));
        let (score, detail) = agreement(&text, t);
        eprintln!(
            "{name} p{}: {:.4} {}",
            p.number,
            score,
            if score < 1.0 { &detail } else { "" }
        );
        if score < 0.99 {
            failures.push(format!(
                "{name} p{}: {:.4} < 0.99 ({detail})",
                p.number, score
            ));
        }
    }
    failures
}

fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn fixtures_agree_with_pdftotext() {
    if !have_pdftotext() {
        eprintln!("skipped: pdftotext is not installed");
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf");
    let files = pdfs_in(&dir);
    assert!(files.len() >= 10, "fixtures/pdf has {} PDFs", files.len());
    let failures: Vec<String> = files.iter().flat_map(|f| check(f)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn real_pdfs_agree_with_pdftotext() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    if !have_pdftotext() {
        eprintln!("skipped: pdftotext is not installed");
        return;
    }
    let files = pdfs_in(&dir);
    let failures: Vec<String> = files.iter().flat_map(|f| check(f)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fold_and_agreement_count_what_differs() {
    // The folds are what the module docs say, and the score is common
    // characters over the larger count, spaces ignored.
    assert_eq!(agreement("数値は、", "数値は︑").0, 1.0);
    assert_eq!(agreement("R1.8~R6.3", "R1.8˜R6.3").0, 1.0);
    let (s, d) = agreement("ab c", "abd");
    assert!((s - 2.0 / 3.0).abs() < 1e-9, "{s} {d}");
    assert!(d.contains("'c' 1/0") && d.contains("'d' 0/1"), "{d}");
}
