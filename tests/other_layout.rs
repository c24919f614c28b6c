//! A report laid out differently from the seed (fixtures/text/other_office.txt,
//! written for this test): figures in numeric columns with the unit in the
//! header (`令和5年度（人）`), a two-level header (年度 → 目標 | 実績),
//! full-width numbers, a numbered footnote below the table (`※1 速報値`), the
//! report's as-of date in long form in its title, and a `未満` target.
//! Every figure is checked here by hand.

mod common;

use serde_json::Value;

fn rec<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["records"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["id"] == id))
        .unwrap_or_else(|| panic!("no record {id}"))
}

#[test]
fn numeric_columns_two_level_headers_and_footnotes() {
    let v = common::extract_value("text/other_office.txt");
    assert_eq!(v["report"]["as_of"], "2025-01-31");
    assert!(
        v["unparsed"].as_array().is_some_and(|u| u.is_empty()),
        "{}",
        v["unparsed"]
    );
    let ids: Vec<&str> = v["records"]
        .as_array()
        .expect("records")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "s1.r0.target.女性就業者数",
            "s1.r1.fy2023.target.女性就業者数",
            "s1.r1.fy2023.actual.女性就業者数",
            "s1.r1.fy2024.target.女性就業者数",
            "s1.r1.fy2024.actual.女性就業者数",
            "s1.r2.fy2023.target.再就職支援セミナー参加者数",
            "s1.r2.fy2023.actual.再就職支援セミナー参加者数",
            "s1.r2.fy2024.target.再就職支援セミナー参加者数",
            "s1.r2.fy2024.actual.再就職支援セミナー参加者数",
            "s1.r3.fy2023.target.マザーズハローワーク就職件数",
            "s1.r3.fy2023.actual.マザーズハローワーク就職件数",
            "s1.r3.fy2024.target.マザーズハローワーク就職件数",
            "s1.r3.fy2024.actual.マザーズハローワーク就職件数",
            "s2.r0.target.若者の離職率",
            "s2.r1.target.新規学卒者の3年以内離職率",
            "s2.r1.fy2024.離職率",
            "s2.r2.fy2024.開催回数",
            "s2.r2.fy2024.参加企業数",
        ]
    );
    // Unit from the header, 目標 column → a target, organisation carried.
    let r = rec(&v, "s1.r2.fy2024.target.再就職支援セミナー参加者数");
    assert_eq!(
        (
            r["value"].as_i64(),
            r["unit"].as_str(),
            r["column"].as_str()
        ),
        (Some(300), Some("人"), Some("令和6年度(人) → 目標"))
    );
    assert_eq!(r["qualifiers"], serde_json::json!(["目標"]));
    assert_eq!(r["organization"], "県");
    // Full-width numbers, the footnote's 速報値, the title's as-of date.
    let r = rec(&v, "s1.r3.fy2024.actual.マザーズハローワーク就職件数");
    assert_eq!(r["value"], 1288);
    assert_eq!(r["qualifiers"], serde_json::json!(["速報値"]));
    assert_eq!(r["notes"], serde_json::json!(["※1 速報値"]));
    assert_eq!(r["as_of"], "2025-01-31");
    assert_eq!(r["organization"], "労働局");
    // Last year's actuals are not dated by this year's report date.
    assert!(rec(&v, "s1.r3.fy2023.actual.マザーズハローワーク就職件数")["as_of"].is_null());
    // A cell's own as-of date wins; decimals; 延べ with a space.
    assert_eq!(rec(&v, "s2.r1.fy2024.離職率")["as_of"], "2024-12-31");
    assert_eq!(rec(&v, "s2.r1.fy2024.離職率")["value"], 28.4);
    assert_eq!(
        rec(&v, "s2.r2.fy2024.参加企業数")["qualifiers"],
        serde_json::json!(["延べ"])
    );
    // Progress: a level target (no period) against the latest 実績; `未満` is met below it.
    let p1 = &v["sections"][0]["progress"][0];
    assert_eq!(
        (
            p1["basis"].as_str(),
            p1["achieved"].as_i64(),
            p1["met"].as_bool()
        ),
        (Some("latest"), Some(10980), Some(false))
    );
    let p2 = &v["sections"][1]["progress"][0];
    assert_eq!(
        (p2["comparator"].as_str(), p2["met"].as_bool()),
        (Some("<"), Some(true))
    );
}
