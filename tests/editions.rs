//! Two editions of the seed report: edition 2 (fixtures/text/edition2.txt and
//! fixtures/pdf/edition2_chromium.pdf, made by fixtures/gen/make_fixtures.py)
//! moves the 令和6年度 column to a later as-of date, changes some figures,
//! adds one item and removes one. The diff must be exactly that.

mod common;

use serde_json::Value;

const EXPECTED: &[&str] = &[
    "changed  s1.r1.fy2024.正社員就職件数  2163件 → 2870件 (+707)  as of 2024-12-31 → 2025-03-31",
    "changed  s1.r2.fy2024.正社員就職件数  2163件 → 2870件 (+707)  as of 2024-12-31 → 2025-03-31",
    "changed  s1.r3.fy2024.限定求人~累計  473人 → 468人 (-5)  as of 2024-12-31 → 2025-03-31",
    "         ⚠ suspicious: cumulative (累計) figure went down (473 → 468) while its as-of date moved forward",
    "changed  s1.r3.fy2024.歓迎求人~累計  7038人 → 7512人 (+474)  as of 2024-12-31 → 2025-03-31",
    "changed  s1.r4.fy2024.開催数  595回 → 595回 (+0)  as of 2024-09-30 → 2024-12-31",
    "changed  s1.r4.fy2024.参加者数  3565人 → 4102人 (+537)  as of 2024-09-30 → 2024-12-31",
    "added    s1.r5.fy2024.参加企業数@就職氷河期世代向け合同面接会  - → 9社",
    "added    s1.r5.fy2024.参加者数@就職氷河期世代向け合同面接会  - → 21人",
    "removed  s1.r5.fy2024.参加者数@ワークショップ体験講座  10人 → -",
    "changed  s3.r3.fy2024.新規相談件数  183件 → 201件 (+18)  as of 2024-12-31 → 2025-03-31",
    "progress s1.r0.target.正社員就職件数  165.1% → 187.2%  (as of 2024-12-31 → 2025-03-31)",
    "progress s2.r0.target.就職件数  156.6% → 156.6%  (as of 2025-01-31 → 2025-01-31)",
    "progress s3.r1.target.ひきこもり相談窓口を全市町  100.0% → 100.0%  (as of - → -)",
    "progress s3.r1.target.就労準備支援事業を全市町  60.9% → 60.9%  (as of - → -)",
];

fn check(old: &str, new: &str) {
    let (o, n) = (common::extract_value(old), common::extract_value(new));
    let d = tassei::diff::diff(&o, &n);
    let table = tassei::diff::render_table(&d);
    let lines: Vec<&str> = table.lines().skip(1).collect();
    assert_eq!(lines, EXPECTED, "{old} → {new}:\n{table}");
    let v = serde_json::to_value(&d).expect("json");
    tassei::schema::validate_diff(&v).expect("diff validates");
    let changes = v["changes"].as_array().expect("changes");
    assert_eq!(changes.iter().filter(|c| c["change"] == "added").count(), 2);
    assert_eq!(
        changes.iter().filter(|c| c["change"] == "removed").count(),
        1
    );
    let suspicious: Vec<&Value> = changes
        .iter()
        .filter(|c| !c["suspicious"].is_null())
        .collect();
    assert_eq!(suspicious.len(), 1);
    assert_eq!(suspicious[0]["old"]["value"], 473);
    assert_eq!(suspicious[0]["new"]["value"], 468);
    assert_eq!(suspicious[0]["new"]["as_of"], "2025-03-31");
}

#[test]
fn text_editions_diff_exactly() {
    check("text/seed.txt", "text/edition2.txt");
}

#[test]
fn pdf_edition_diffs_like_the_text() {
    check("pdf/seed_chromium.pdf", "pdf/edition2_chromium.pdf");
    check("text/seed.txt", "pdf/edition2_chromium.pdf");
}

#[test]
fn an_edition_against_itself_has_no_changes() {
    let v = common::extract_value("text/seed.txt");
    let d = tassei::diff::diff(&v, &v);
    assert!(d.changes.is_empty());
}
