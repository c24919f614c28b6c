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
