//! Two editions of the seed report: edition 2 (fixtures/text/edition2.txt and
//! fixtures/pdf/edition2_chromium.pdf, made by fixtures/gen/make_fixtures.py)
//! moves the 令和6年度 column to a later as-of date, changes some figures,
//! adds one item and removes one. The diff must be exactly that.

mod common;

use serde_json::Value;

/// The table, aligned by display width (a kanji is two columns wide).
const EXPECTED: &[&str] = &[
    "changed  s1.r1.fy2024.正社員就職件数                           2163件 → 2870件  +707  as of 2024-12-31 → 2025-03-31",
    "changed  s1.r2.fy2024.正社員就職件数                           2163件 → 2870件  +707  as of 2024-12-31 → 2025-03-31",
    "changed  s1.r3.fy2024.限定求人~累計                             473人 → 468人     -5  as of 2024-12-31 → 2025-03-31",
    "         ⚠ suspicious: cumulative (累計) figure went down (473 → 468) while its as-of date moved forward",
    "changed  s1.r3.fy2024.歓迎求人~累計                            7038人 → 7512人  +474  as of 2024-12-31 → 2025-03-31",
    "changed  s1.r4.fy2024.参加者数                                 3565人 → 4102人  +537  as of 2024-09-30 → 2024-12-31",
    "added    s1.r5.fy2024.参加企業数@就職氷河期世代向け合同面接会       - → 9社",
    "added    s1.r5.fy2024.参加者数@就職氷河期世代向け合同面接会         - → 21人",
    "removed  s1.r5.fy2024.参加者数@ワークショップ体験講座            10人 → -",
    "changed  s3.r3.fy2024.新規相談件数                              183件 → 201件    +18  as of 2024-12-31 → 2025-03-31",
    "as-of    s1.r4.fy2024.開催数                                    595回                 as of 2024-09-30 → 2024-12-31",
    "progress s1.r0.target.正社員就職件数              165.1% → 187.2%  (as of 2024-12-31 → 2025-03-31)",
    "progress s2.r0.target.就職件数                    156.6% → 156.6%  (as of 2025-01-31 → 2025-01-31)",
    "progress s3.r1.target.ひきこもり相談窓口を全市町  100.0% → 100.0%  (as of - → -)",
    "progress s3.r1.target.就労準備支援事業を全市町     60.9% → 60.9%   (as of - → -)",
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
    // Integers stay integers: +707, not +707.0.
    assert_eq!(changes[0]["delta"].as_i64(), Some(707), "{}", changes[0]);
    // 595回 counted to a later day is not a change: it is listed apart.
    assert!(changes.iter().all(|c| c["old"].is_null()
        || c["new"].is_null()
        || c["old"]["value"] != c["new"]["value"]));
    let as_of_only = v["as_of_only"].as_array().expect("as_of_only");
    assert_eq!(as_of_only.len(), 1);
    assert_eq!(as_of_only[0]["id"], "s1.r4.fy2024.開催数");
    assert_eq!(as_of_only[0]["value"], 595);
    assert_eq!(as_of_only[0]["old_as_of"], "2024-09-30");
    assert_eq!(as_of_only[0]["new_as_of"], "2024-12-31");
}

#[test]
fn the_table_columns_line_up() {
    use unicode_width::UnicodeWidthStr;
    // Every figure line has its arrow at the same display column.
    let arrows: Vec<usize> = EXPECTED
        .iter()
        .filter(|l| {
            ["changed ", "added ", "removed "]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .filter_map(|l| l.split_once(" → ").map(|(head, _)| head.width()))
        .collect();
    assert!(arrows.len() > 5);
    assert!(arrows.iter().all(|&a| a == arrows[0]), "{arrows:?}");
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

/// Extract report text built in the test.
fn extract_text(text: &str, name: &str) -> Value {
    let doc = tassei::pipeline::extract_bytes(text.as_bytes(), name, &Default::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    tassei::emit::to_validated_value(&doc).expect("validates")
}

fn seed_text() -> String {
    std::fs::read_to_string(common::fixture("text/seed.txt")).expect("seed")
}

/// The seed with `edit` applied to the line holding `anchor`.
fn edited(anchor: &str, edit: impl Fn(&str) -> String) -> String {
    let seed = seed_text();
    assert_eq!(seed.matches(anchor).count(), 1, "anchor {anchor} is unique");
    seed.lines()
        .map(|l| {
            if l.contains(anchor) {
                edit(l)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn diff_lines(old: &Value, new: &Value) -> Vec<String> {
    let d = tassei::diff::diff(old, new);
    tassei::schema::validate_diff(&serde_json::to_value(&d).expect("json")).expect("validates");
    tassei::diff::render_table(&d)
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with("progress"))
        .map(str::to_string)
        .collect()
}

const SEMINARS: &str = "○各ハローワークにおけるセミナー・ミニ面接会の開催";

#[test]
fn an_inserted_row_is_only_added() {
    let new = edited(SEMINARS, |l| {
        format!("\t○新規の取組 オンライン相談会の開催\t○開催数5回\t○開催数9回 (R6.12月末現在)\n{l}")
    });
    let (o, n) = (extract_text(&seed_text(), "old"), extract_text(&new, "new"));
    assert_eq!(
        diff_lines(&o, &n),
        [
            "added    s1.r4.fy2023.開催数  - → 5回",
            "added    s1.r4.fy2024.開催数  - → 9回",
        ]
    );
    // And the other way round.
    assert_eq!(
        diff_lines(&n, &o),
        [
            "removed  s1.r4.fy2023.開催数  5回 → -",
            "removed  s1.r4.fy2024.開催数  9回 → -",
        ]
    );
}

#[test]
fn deleted_and_reworded_rows() {
    // Edition 2 deletes the seminars row and rewords the row below it, whose
    // 参加者数 changes: the deleted row's figures are removed, the reworded
    // row's figures are the same figures (one changed), nothing is added.
    let seed = seed_text();
    let new: String = seed
        .lines()
        .filter(|l| !l.contains(SEMINARS))
        .map(|l| {
            l.replace(
                "○就労体験を通じた業種・職種の理解の推進のための職場実習・体験の実施",
                "○就労体験を通じた職場実習・体験の実施",
            )
            .replace("参加者数14人", "参加者数15人")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (o, n) = (extract_text(&seed, "old"), extract_text(&new, "new"));
    assert_eq!(
        diff_lines(&o, &n),
        [
            "removed  s1.r4.fy2023.開催数                                 541回 → -",
            "removed  s1.r4.fy2023.参加者数                              2730人 → -",
            "removed  s1.r4.fy2024.開催数                                 595回 → -",
            "removed  s1.r4.fy2024.参加者数                              3565人 → -",
            "changed  s1.r5.fy2024.参加者数 (was s1.r6.fy2024.参加者数)    14人 → 15人  +1",
        ]
    );
}

#[test]
fn a_changed_heading_keeps_the_rows() {
    // The category heading of a block is renamed: every row under it has a
    // new key, but the same measures; nothing changes.
    let new = seed_text().replace("マッチング・相談による支援", "マッチング・相談支援");
    let (o, n) = (extract_text(&seed_text(), "old"), extract_text(&new, "new"));
    assert_eq!(diff_lines(&o, &n), Vec::<String>::new());
}

#[test]
fn a_new_figure_that_splits_an_id_does_not_replace_the_old_one() {
    // Edition 2 adds a second 受入可能事業所数 (in 件) to a cell: the first
    // one's id gains a unit discriminator, but it is still the same figure.
    let anchor = "○就労体験を通じた業種・職種の理解の推進";
    let new = edited(anchor, |l| {
        l.replace("(R7.1月末現在)", "(R7.1月末現在) ○受入可能事業所数2件")
    });
    let (o, n) = (extract_text(&seed_text(), "old"), extract_text(&new, "new"));
    let lines = diff_lines(&o, &n);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(
        lines,
        ["added    s1.r6.fy2024.受入可能事業所数[件]  - → 2件"]
    );
    // Its id in the new edition is not the one it had in the old.
    let old_ids: Vec<&str> = o["records"]
        .as_array()
        .expect("records")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(old_ids.contains(&"s1.r6.fy2024.受入可能事業所数"));
    assert!(!old_ids.contains(&"s1.r6.fy2024.受入可能事業所数[社]"));
    let d = tassei::diff::diff(&o, &n);
    assert_eq!(d.changes.len(), 1);
}
