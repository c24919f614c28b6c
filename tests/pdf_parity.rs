//! Every committed fixture PDF yields the records of the seed text (ignoring
//! `page` and `bbox`), with `page` filled in on every record.

mod common;

use serde_json::Value;

fn parity(pdf: &str) -> (Vec<Value>, Vec<Value>) {
    let text = common::extract_value("text/seed.txt");
    let pdf_v = common::extract_value(pdf);
    let strip = |v: &Value| -> Vec<Value> {
        v["records"]
            .as_array()
            .map(|r| r.iter().map(common::without_provenance).collect())
            .unwrap_or_default()
    };
    for r in pdf_v["records"].as_array().into_iter().flatten() {
        assert!(
            r["page"].as_u64().is_some_and(|p| p >= 1),
            "{pdf}: record without page: {}",
            r["id"]
        );
    }
    let (t, p) = (strip(&text), strip(&pdf_v));
    let missing: Vec<Value> = t.iter().filter(|r| !p.contains(r)).cloned().collect();
    let extra: Vec<Value> = p.iter().filter(|r| !t.contains(r)).cloned().collect();
    (missing, extra)
}

fn assert_parity(pdf: &str) {
    let (missing, extra) = parity(pdf);
    let ids = |v: &[Value]| {
        v.iter()
            .map(|r| r["id"].to_string())
            .collect::<Vec<_>>()
            .join("\n  ")
    };
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{pdf}: records differ from the text form\n missing:\n  {}\n extra:\n  {}",
        ids(&missing),
        ids(&extra)
    );
}

#[test]
fn cid_font_pdf_equals_text() {
    assert_parity("pdf/seed_cid.pdf");
}

#[test]
fn chromium_pdf_equals_text() {
    assert_parity("pdf/seed_chromium.pdf");
}

#[test]
fn libreoffice_pdf_equals_text() {
    assert_parity("pdf/seed_libreoffice.pdf");
}

/// Chromium writes ToUnicode maps that send some kanji to radical code
/// points: Kangxi Radicals (`⼈` U+2F08 for 人, folded by NFKC) and CJK
/// Radicals Supplement (`⻑` U+2ED1 for 長, which NFKC does not fold). The
/// committed Chromium fixture has them; the parity test above shows they
/// change nothing. This test pins that they are really there, so the parity
/// test keeps covering them.
#[test]
fn chromium_fixture_really_carries_radical_code_points() {
    let bytes = std::fs::read(common::fixture("pdf/seed_chromium.pdf")).expect("fixture");
    let doc = tassei::pdf::read_pdf(&bytes, &Default::default()).expect("reads");
    let mut kangxi = std::collections::BTreeMap::new();
    let mut supplement = std::collections::BTreeMap::new();
    for g in doc.pages.iter().flat_map(|p| &p.glyphs) {
        match g.ch {
            '\u{2F00}'..='\u{2FD5}' => *kangxi.entry(g.ch).or_insert(0) += 1,
            '\u{2E80}'..='\u{2EF3}' => *supplement.entry(g.ch).or_insert(0) += 1,
            _ => {}
        }
    }
    assert!(
        kangxi.get(&'\u{2F08}').is_some_and(|n| *n > 50),
        "⼈ for 人: {kangxi:?}"
    );
    assert!(
        !supplement.is_empty(),
        "CJK Radicals Supplement code points: {supplement:?}"
    );
}
