//! Damaged PDFs are never read in silence (issue 10): a seeded set of
//! mutants of the fixture PDFs, six kinds of damage (byte flips,
//! truncation, deleted and duplicated ranges, a zeroed cross-reference
//! table, garbage in a stream). No mutant may panic; every one that is read
//! (not refused) with other records than its undamaged file must carry a
//! warning — at least [`MIN_WARNED`] of them. The rest are flips inside
//! uncompressed text or positions, which change what a page says without
//! any sign of damage (a changed glyph is still a glyph).

use std::collections::BTreeSet;
use std::path::PathBuf;

use rayon::prelude::*;

/// Mutants per run (seeded: the same every run).
const MUTANTS: usize = 600;
/// Share of changed, unrefused reads that must carry a warning.
const MIN_WARNED: f64 = 0.95;

/// xorshift64*: a seeded generator, so every run tests the same mutants.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn mutate(orig: &[u8], kind: usize, rng: &mut Rng) -> Vec<u8> {
    let mut b = orig.to_vec();
    let n = b.len();
    match kind {
        0 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(n);
                b[i] ^= 1 << rng.below(8);
            }
        }
        1 => b.truncate(n / 2 + rng.below(n / 2)),
        2 => {
            let i = rng.below(n);
            let j = (i + 1 + rng.below(200)).min(n);
            b.drain(i..j);
        }
        3 => {
            let i = rng.below(n);
            let j = (i + 1 + rng.below(200)).min(n);
            let dup = b[i..j].to_vec();
            b.splice(i..i, dup);
        }
        4 => {
            if let Some(i) = rfind(&b, b"xref") {
                for x in b.iter_mut().skip(i).take(300) {
                    *x = b'0';
                }
            }
        }
        _ => {
            let from = rng.below(n);
            let i = find(&b, b"stream", from).unwrap_or(from);
            let end = (i + 60).min(n);
            for x in &mut b[(i + 8).min(end)..end] {
                *x = rng.next() as u8;
            }
        }
    }
    b
}

type Key = BTreeSet<(String, String, String, String)>;
/// (fixture, damage kind, read: (records changed, warned) or refused).
type Outcome = (usize, usize, Option<(bool, bool)>);

/// What identifies a read: each record's id, value, unit and as-of.
fn key_of(doc: &tassei::record::Document) -> Key {
    doc.records
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                r.value.to_string(),
                r.unit.clone(),
                format!("{:?}", r.as_of),
            )
        })
        .collect()
}

fn read(bytes: &[u8]) -> Option<(Key, bool)> {
    let doc = tassei::pipeline::extract_bytes(bytes, "m.pdf", &Default::default()).ok()?;
    Some((key_of(&doc), !doc.warnings.is_empty()))
}

#[test]
fn damaged_pdfs_are_never_read_in_silence() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/pdf")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    files.sort();
    let originals: Vec<(Vec<u8>, Key)> = files
        .iter()
        .map(|p| {
            let b = std::fs::read(p).expect("fixture");
            let (k, warned) = read(&b).expect("undamaged fixture reads");
            assert!(!warned, "{}: an undamaged fixture warns", p.display());
            (b, k)
        })
        .collect();
    let mut rng = Rng(0x7a55_e1d0_2026_1205);
    let cases: Vec<(usize, usize, u64)> = (0..MUTANTS)
        .map(|i| (rng.below(originals.len()), i % 6, rng.next() | 1))
        .collect();
    let results: Vec<Outcome> = cases
        .par_iter()
        .map(|&(f, kind, seed)| {
            let mut r = Rng(seed);
            let m = mutate(&originals[f].0, kind, &mut r);
            let out = read(&m).map(|(k, warned)| (k != originals[f].1, warned));
            (f, kind, out)
        })
        .collect();
    let changed: Vec<_> = results
        .iter()
        .filter_map(|(f, kind, r)| r.filter(|(c, _)| *c).map(|(_, w)| (*f, *kind, w)))
        .collect();
    let warned = changed.iter().filter(|c| c.2).count();
    let silent: Vec<String> = changed
        .iter()
        .filter(|c| !c.2)
        .map(|(f, kind, _)| format!("{} (damage kind {kind})", files[*f].display()))
        .collect();
    assert!(
        !changed.is_empty(),
        "no mutant changed the records: the test tests nothing"
    );
    let share = warned as f64 / changed.len() as f64;
    eprintln!(
        "{} mutants: {} refused, {} changed ({} warned, {:.1}%)",
        MUTANTS,
        results.iter().filter(|r| r.2.is_none()).count(),
        changed.len(),
        warned,
        share * 100.0
    );
    assert!(
        share >= MIN_WARNED,
        "only {warned} of {} changed reads warned; silent: {silent:?}",
        changed.len()
    );
}

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/pdf")
        .join(name);
    std::fs::read(p).expect("fixture")
}

fn read_all(bytes: &[u8]) -> (Key, Vec<String>) {
    let doc = tassei::pipeline::extract_bytes(bytes, "m.pdf", &Default::default())
        .expect("the damaged file is read");
    let warnings = doc.warnings.iter().map(|w| w.message.clone()).collect();
    (key_of(&doc), warnings)
}

/// One changed byte in each page's `/MediaBox` (the `[` made a keyword, so
/// lopdf cannot parse the page dictionary, or the key's name changed, so
/// the page has no box): every page is still read, as poppler reads it,
/// with the same records as the undamaged file and a warning.
#[test]
fn a_damaged_media_box_does_not_drop_the_page() {
    let orig = fixture("seed_chromium.pdf");
    let (want, none) = read_all(&orig);
    assert!(none.is_empty());
    let boxes: Vec<usize> = (0..orig.len())
        .filter(|&i| orig[i..].starts_with(b"/MediaBox"))
        .collect();
    assert_eq!(boxes.len(), 8, "one box a page");
    for (k, &at) in boxes.iter().enumerate() {
        for (offset, byte) in [(10, b'x'), (2, b'x')] {
            let mut m = orig.clone();
            m[at + offset] = byte;
            let (got, warnings) = read_all(&m);
            assert_eq!(got, want, "box {k}, byte {offset}: records differ");
            assert!(
                warnings.iter().any(|w| w.contains("/MediaBox")),
                "box {k}, byte {offset}: no warning about the box: {warnings:?}"
            );
            if offset == 10 {
                assert!(
                    warnings.iter().any(|w| w.contains("read leniently")),
                    "box {k}: {warnings:?}"
                );
            }
        }
    }
}

/// The file's tail (cross-reference table, trailer and `%%EOF`) zeroed:
/// the objects are all there, so it is rebuilt with a warning; a file cut
/// in the middle is still refused as truncated.
#[test]
fn a_damaged_tail_is_rebuilt_but_a_cut_file_is_refused() {
    let orig = fixture("family_calc.pdf");
    let (want, _) = read_all(&orig);
    let mut m = orig.clone();
    let at = rfind(&m, b"xref").expect("an xref table");
    for x in m.iter_mut().skip(at) {
        *x = b'0';
    }
    let (got, warnings) = read_all(&m);
    assert_eq!(got, want);
    assert!(
        warnings.iter().any(|w| w.contains("end of the file")),
        "{warnings:?}"
    );
    let cut = &orig[..orig.len() * 2 / 3];
    let err = tassei::pipeline::extract_bytes(cut, "m.pdf", &Default::default())
        .expect_err("a cut file is refused");
    assert!(err.to_string().contains("truncated"), "{err}");
}
