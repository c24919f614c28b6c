//! Whole-output snapshot of the seed report (text form), checked by hand
//! against the seed text, plus per-section figure counts and the figures the
//! acceptance criteria name.
//!
//! To re-record after an intended change: `UPDATE_SNAPSHOTS=1 cargo test
//! --test seed_snapshot`, then review `git diff fixtures/expected/`.

mod common;

use std::collections::BTreeMap;

use serde_json::Value;

fn records(v: &Value) -> &Vec<Value> {
    v["records"].as_array().expect("records array")
}

fn find<'a>(v: &'a Value, id: &str) -> &'a Value {
    records(v)
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no record {id}"))
}

#[test]
fn seed_text_matches_snapshot() {
    let v = common::extract_value("text/seed.txt");
    let path = common::fixture("expected/seed.json");
    let actual = serde_json::to_string_pretty(&v).expect("json") + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &actual).expect("write snapshot");
    }
    let expected = std::fs::read_to_string(&path).expect("snapshot present");
    if actual != expected {
        let a: Vec<&str> = actual.lines().collect();
        let e: Vec<&str> = expected.lines().collect();
        let first = a
            .iter()
            .zip(&e)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(e.len()));
        panic!(
            "output differs from fixtures/expected/seed.json at line {}:\n  expected: {}\n  actual:   {}",
            first + 1,
            e.get(first).unwrap_or(&"<end>"),
            a.get(first).unwrap_or(&"<end>")
        );
    }
}

/// Figures per (section, fiscal year), counted by hand in the seed text
/// (`None` = targets: the 【目標】 line and the 全体KPI row's measure).
#[test]
fn seed_figure_counts_per_section() {
    let v = common::extract_value("text/seed.txt");
    let mut counts: BTreeMap<(u64, Option<u64>), usize> = BTreeMap::new();
    for r in records(&v) {
        *counts
            .entry((
                r["section"].as_u64().unwrap_or(0),
                r["fiscal_year"].as_u64(),
            ))
            .or_default() += 1;
    }
    let expected: BTreeMap<(u64, Option<u64>), usize> = [
        ((1, None), 2),
        ((1, Some(2023)), 54),
        ((1, Some(2024)), 53),
        ((2, None), 2),
        ((2, Some(2023)), 10),
        ((2, Some(2024)), 9),
        ((3, None), 2),
        ((3, Some(2023)), 18),
        ((3, Some(2024)), 16),
    ]
    .into_iter()
    .collect();
    assert_eq!(counts, expected);
    assert!(
        v["unparsed"].as_array().is_some_and(|u| u.is_empty()),
        "unparsed: {}",
        v["unparsed"]
    );
}

#[test]
fn seed_acceptance_figures() {
    let v = common::extract_value("text/seed.txt");
    let r = find(&v, "s1.r1.fy2024.正社員就職件数");
    assert_eq!(
        (r["value"].as_i64(), r["unit"].as_str(), r["as_of"].as_str()),
        (Some(2163), Some("件"), Some("2024-12-31"))
    );

    let r = find(&v, "s1.r3.fy2024.限定求人~累計");
    assert_eq!(r["value"], 473);
    assert_eq!(r["period"]["from"], "2019-08-01");
    assert_eq!(r["period"]["to"], "2024-12-31");
    assert!(r["qualifiers"]
        .as_array()
        .is_some_and(|q| q.contains(&Value::from("累計"))));
    // Only the second pair of the FY2023 cell is cumulative.
    assert!(find(&v, "s1.r3.fy2023.限定求人")["period"].is_null());
    assert_eq!(find(&v, "s1.r3.fy2023.限定求人~累計")["value"], 424);

    let r = find(&v, "s3.r3.fy2024.新規相談件数");
    assert_eq!(
        (r["value"].as_i64(), r["as_of"].as_str()),
        (Some(183), Some("2024-12-31"))
    );
    assert_eq!(r["qualifiers"], serde_json::json!(["速報値"]));

    let r = find(&v, "s3.r4.fy2024.参加者:自立相談支援機関職員・市町職員等");
    assert_eq!(
        (r["value"].as_i64(), r["unit"].as_str()),
        (Some(115), Some("名"))
    );
    assert_eq!(r["qualifiers"], serde_json::json!(["延べ"]));

    // うち chains keep their parents.
    let r = find(&v, "s1.r8.fy2023.就職決定件数/就職氷河期世代/正規雇用");
    assert_eq!(r["value"], 102);
    assert_eq!(r["parent"], "s1.r8.fy2023.就職決定件数/就職氷河期世代");

    // Event dates attach forward; a bare figure takes the measure's label.
    assert_eq!(
        find(&v, "s1.r5.fy2024.参加企業数@企業等を対象としたフォーラム")["event_date"],
        "2024-10-23"
    );
    assert_eq!(find(&v, "s2.r3.fy2023.新規登録者数")["value"], 411);

    // Targets.
    let t = &v["sections"][0]["target"];
    assert_eq!(
        (
            t["value"].as_i64(),
            t["unit"].as_str(),
            t["comparator"].as_str()
        ),
        (Some(3200), Some("件"), Some(">="))
    );
    assert_eq!(t["period"]["from"], "2023-04-01");
    assert_eq!(t["period"]["to"], "2025-03-31");
    let r = find(&v, "s1.r1.target.正社員就職件数");
    assert!(r["fiscal_year"].is_null());
    assert_eq!(r["qualifiers"], serde_json::json!(["目標", "以上"]));
}

#[test]
fn ids_are_unique() {
    let v = common::extract_value("text/seed.txt");
    let mut seen = std::collections::HashSet::new();
    for r in records(&v) {
        assert!(
            seen.insert(r["id"].as_str().unwrap_or_default().to_string()),
            "duplicate id {}",
            r["id"]
        );
    }
}
