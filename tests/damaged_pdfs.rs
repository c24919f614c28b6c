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

/// `pdf` with object `num` replaced by an incremental update: the object,
/// its text between `obj` and `endobj` changed by `edit`, appended with a
/// cross-reference section and a trailer whose `/Prev` is the file's.
fn update_object(pdf: &[u8], num: u32, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let head = format!("\n{num} 0 obj");
    let at = find(pdf, head.as_bytes(), 0).expect("the object") + head.len();
    let end = find(pdf, b"endobj", at).expect("its end");
    let body = String::from_utf8_lossy(&pdf[at..end]).into_owned();
    let new = edit(&body);
    assert_ne!(new, body, "the edit changes nothing");
    let tail = String::from_utf8_lossy(&pdf[rfind(pdf, b"trailer").expect("a trailer")..]);
    let field = |key: &str| -> String {
        let from = tail.find(key).expect("a trailer key") + key.len();
        let v = tail[from..].split(['/', '>']).next().unwrap_or_default();
        v.trim().to_string()
    };
    let (size, root, prev) = (field("/Size"), field("/Root"), field("startxref"));
    let mut out = pdf.to_vec();
    out.push(b'\n');
    let obj_at = out.len();
    out.extend_from_slice(format!("{num} 0 obj{new}endobj\n").as_bytes());
    let xref_at = out.len();
    let update = format!(
        "xref\n0 1\n0000000000 65535 f \n{num} 1\n{obj_at:010} 00000 n \n\
         trailer\n<< /Size {size} /Root {root} /Prev {} >>\nstartxref\n{xref_at}\n%%EOF\n",
        prev.split_whitespace().next().unwrap_or_default()
    );
    out.extend_from_slice(update.as_bytes());
    out
}

/// `pdf` with some bytes of the data of stream object `num` flipped (the
/// file's length and offsets unchanged).
fn flip_stream(pdf: &[u8], num: u32) -> Vec<u8> {
    let head = format!("\n{num} 0 obj");
    let at = find(pdf, head.as_bytes(), 0).expect("the stream object");
    let data = find(pdf, b"stream", at).expect("its data") + b"stream\n".len();
    let mut out = pdf.to_vec();
    for x in &mut out[data + 40..data + 60] {
        *x ^= 0x5A;
    }
    out
}

/// A font-damage warning: message, page.
type FontWarning = (String, Option<u32>);
/// A glyph: page, character, position rounded to the point.
type GlyphAt = (u32, char, i64, i64);

/// The font-damage warnings among `warnings`.
fn font_warnings(warnings: &[tassei::warning::Warning]) -> Vec<FontWarning> {
    warnings
        .iter()
        .filter(|w| w.class == tassei::warning::WarningClass::FontDamaged)
        .map(|w| (w.message.clone(), w.page))
        .collect()
}

/// The document's records and its font-damage warnings (message, page).
fn read_fonts(bytes: &[u8]) -> (Key, Vec<FontWarning>) {
    let doc = tassei::pipeline::extract_bytes(bytes, "m.pdf", &Default::default())
        .expect("the file with a damaged font is read");
    (key_of(&doc), font_warnings(&doc.warnings))
}

/// A damaged font entry that decoding can do without (a `/FontDescriptor`
/// of the wrong type, an unknown `/Encoding` beside an intact ToUnicode
/// map, …): every record is read as from the undamaged file, and every
/// page that uses the font says which font is damaged and how.
#[test]
fn a_damaged_font_entry_keeps_every_record_and_warns() {
    type Edit = fn(&str) -> String;
    let cases: [(&str, u32, Edit, &str); 4] = [
        // LibreOffice: simple TrueType fonts with ToUnicode maps.
        (
            "seed_libreoffice.pdf",
            30,
            |b| b.replace("/FontDescriptor 28 0 R", "/FontDescriptor 28"),
            "/FontDescriptor is not a dictionary",
        ),
        (
            "seed_libreoffice.pdf",
            35,
            |b| b.replace("/ToUnicode", "/Encoding/WinAnsiEncodinx/ToUnicode"),
            "/Encoding /WinAnsiEncodinx is not a standard encoding",
        ),
        (
            "seed_libreoffice.pdf",
            40,
            |b| b.replace("/ToUnicode", "/Encoding<</Differences 12>>/ToUnicode"),
            "/Differences is not an array",
        ),
        // Chromium-like: composite fonts; the descendant's descriptor.
        (
            "family_plan.pdf",
            225,
            |b| b.replace("/FontDescriptor 224 0 R", "/FontDescriptor [224]"),
            "/FontDescriptor is not a dictionary",
        ),
    ];
    for (name, num, edit, what) in cases {
        let orig = fixture(name);
        let (want, none) = read_fonts(&orig);
        assert!(none.is_empty(), "{name}: {none:?}");
        let (got, warnings) = read_fonts(&update_object(&orig, num, edit));
        assert_eq!(got, want, "{name}, object {num}: records differ");
        assert!(!warnings.is_empty(), "{name}, object {num}: no warning");
        for (w, page) in &warnings {
            assert!(w.starts_with("font F"), "{name}: names no font: {w}");
            assert!(w.contains(what), "{name}: {w}");
            assert!(page.is_some(), "{name}: names no page: {w}");
        }
    }
}

/// Widths that are not an array: the font's widths are estimated, so the
/// positions of its glyphs (and perhaps some records) change, but the
/// document is read, most records stay, and the pages say why.
#[test]
fn damaged_widths_are_estimated_with_a_warning() {
    let orig = fixture("seed_libreoffice.pdf");
    let (want, _) = read_fonts(&orig);
    let m = update_object(&orig, 30, |b| {
        let from = b.find("/Widths[").unwrap_or(0);
        let to = b[from..].find(']').map_or(from, |i| from + i + 1);
        format!("{}/Widths (damaged){}", &b[..from], &b[to..])
    });
    let (got, warnings) = read_fonts(&m);
    assert!(
        warnings
            .iter()
            .any(|(w, _)| w.contains("/Widths is not an array")),
        "{warnings:?}"
    );
    let kept = got.intersection(&want).count();
    assert!(
        kept * 2 > want.len(),
        "only {kept} of {} records kept",
        want.len()
    );
}

/// Each glyph of a PDF read by the PDF stage (page, character, position),
/// and its font-damage warnings (message, page).
fn glyphs(bytes: &[u8]) -> (Vec<GlyphAt>, Vec<FontWarning>) {
    let doc = tassei::pdf::read_pdf(bytes, &Default::default()).expect("the PDF is read");
    let glyphs = doc
        .pages
        .iter()
        .flat_map(|p| {
            p.glyphs
                .iter()
                .map(|g| (p.number, g.ch, g.x0.round() as i64, g.top.round() as i64))
        })
        .collect();
    (glyphs, font_warnings(&doc.warnings))
}

/// A ToUnicode stream whose compressed data is damaged, in a composite
/// font whose glyph ids nothing else decodes: that font's text is left
/// out, the other font's text on the same pages is read as before, and
/// each page that uses it says so. When every glyph of the document is in
/// such a font, the error names the font rather than calling the PDF a
/// scan.
#[test]
fn a_damaged_to_unicode_loses_only_that_fonts_text() {
    let orig = fixture("family_plan.pdf");
    let (want, none) = glyphs(&orig);
    assert!(none.is_empty(), "{none:?}");
    let (got, warnings) = glyphs(&flip_stream(&orig, 222));
    assert!(!warnings.is_empty(), "no warning");
    for (w, page) in &warnings {
        assert!(w.starts_with("font F"), "{w}");
        assert!(
            w.contains("/ToUnicode stream") && w.contains("left out"),
            "{w}"
        );
        assert!(page.is_some(), "{w}");
    }
    assert!(!got.is_empty(), "the undamaged font's text is lost too");
    assert!(got.len() < want.len(), "no text is left out");
    let before: BTreeSet<_> = want.iter().collect();
    let invented: Vec<_> = got.iter().filter(|g| !before.contains(g)).collect();
    assert!(
        invented.is_empty(),
        "glyphs that were not there: {invented:?}"
    );

    let orig = fixture("seed_chromium.pdf");
    let tu = find(&orig, b"/ToUnicode ", 0).expect("a ToUnicode map") + b"/ToUnicode ".len();
    let num: u32 = String::from_utf8_lossy(&orig[tu..tu + 8])
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("its object number");
    let err = tassei::pdf::read_pdf(&flip_stream(&orig, num), &Default::default())
        .expect_err("a document without any decodable text is refused");
    let msg = err.to_string();
    assert!(
        msg.starts_with("font ") && msg.contains("/ToUnicode"),
        "{msg}"
    );
}

/// A damaged ToUnicode stream in a simple font: its codes are decoded
/// from the font's encoding instead (what pdf-extract gives them, which
/// for a subset font re-coded by its producer is not the text), so the PDF
/// is read, the other fonts' glyphs stay as they were, and the pages that
/// use it say which font may be wrong.
#[test]
fn a_simple_font_without_its_to_unicode_falls_back_to_its_encoding() {
    let orig = fixture("seed_libreoffice.pdf");
    let (want, _) = glyphs(&orig);
    let (got, warnings) = glyphs(&flip_stream(&orig, 39));
    assert!(!warnings.is_empty(), "no warning");
    for (w, page) in &warnings {
        assert!(w.starts_with("font F"), "{w}");
        assert!(
            w.contains("/ToUnicode stream") && w.contains("may be wrong"),
            "{w}"
        );
        assert!(page.is_some(), "{w}");
    }
    let after: BTreeSet<_> = got.iter().collect();
    let kept = want.iter().filter(|g| after.contains(g)).count();
    assert!(
        kept < want.len(),
        "nothing changed: the map was not damaged"
    );
    assert!(
        kept * 2 > want.len(),
        "only {kept} of {} glyphs kept",
        want.len()
    );
}

/// A font resource that is not a dictionary: its text is left out, the
/// rest of the document is read, and the pages that use it say so.
#[test]
fn a_font_resource_that_is_no_dictionary_loses_only_its_text() {
    let orig = fixture("seed_libreoffice.pdf");
    let (want, _) = read_fonts(&orig);
    let (got, warnings) = read_fonts(&update_object(&orig, 40, |_| "\n7\n".to_string()));
    assert!(!warnings.is_empty(), "no warning");
    for (w, page) in &warnings {
        assert!(
            w.contains("not a dictionary") && w.contains("left out"),
            "{w}"
        );
        assert!(page.is_some(), "{w}");
    }
    assert!(
        got.intersection(&want).count() > 0,
        "nothing of the rest is read"
    );
}
