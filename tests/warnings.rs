//! Never silent: what was read only in part is a warning in the document
//! and one line on stderr (`--quiet` hides them).

mod common;

use std::process::Command;

use serde_json::Value;

fn extract(text: &str) -> Value {
    let doc = tassei::pipeline::extract_bytes(text.as_bytes(), "t.tsv", &Default::default())
        .expect("extracts");
    tassei::emit::to_validated_value(&doc).expect("valid")
}

fn classes(v: &Value) -> Vec<String> {
    v["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w["class"].as_str().map(str::to_string))
        .collect()
}

const REPORT: &str =
    "進捗状況\n\n指標名\t単位\t令和5年度\t令和6年度\n相談件数\t件\t60\t55\n就職者数\t人\t12\t14\n";

#[test]
fn a_clean_report_has_no_warnings() {
    assert!(classes(&extract(REPORT)).is_empty());
    for f in [
        "text/seed.txt",
        "text/other_office.txt",
        "pdf/seed_chromium.pdf",
    ] {
        let v = common::extract_value(f);
        assert_eq!(v["warnings"], serde_json::json!([]), "{f}");
    }
}

#[test]
fn damaged_text_is_said() {
    // A bare carriage return joins two rows into one line.
    // (The joined row is wider than the others: its table is said too.)
    let joined = REPORT.replace("55\n就職者数", "55\r就職者数");
    let c = classes(&extract(&joined));
    assert_eq!(c[..2], ["text_damage", "text_damage"], "{c:?}");
    // Mixed line endings.
    let mixed = REPORT.replacen('\n', "\r\n", 2);
    assert_eq!(classes(&extract(&mixed)), ["text_damage"]);
    // A row that lost a tab.
    let lost = REPORT.replace("就職者数\t人\t12", "就職者数\t人12");
    let v = extract(&lost);
    assert_eq!(classes(&v), ["text_damage"]);
    assert!(v["warnings"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("fewer tabs")));
}

#[test]
fn unknown_columns_and_empty_results_are_said() {
    let v =
        extract("進捗\n\n指標名\t令和6年度\t所見\n相談件数\t55件\t順調\n就職者数\t14人\t横ばい\n");
    assert_eq!(classes(&v), ["unknown_column"]);
    assert!(v["warnings"][0]["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("2 cell(s)") && m.contains("所見")));
    let v = extract("進捗\n\n指標名\t令和6年度\n出生率\t1.45\n");
    assert_eq!(classes(&v), ["no_figures"]);
}

#[test]
fn the_cli_prints_each_warning_once_and_quiet_hides_them() {
    let dir = std::env::temp_dir().join(format!("tassei-warnings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let input = dir.join("r.tsv");
    std::fs::write(&input, REPORT.replace("55\n就職者数", "55\r就職者数")).expect("write");
    let run = |quiet: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tassei"));
        c.arg("extract").arg(&input);
        if quiet {
            c.arg("--quiet");
        }
        c.output().expect("run tassei")
    };
    let out = run(false);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let prefix = format!("tassei: {}: warning: ", input.display());
    assert!(err.lines().count() >= 1, "{err}");
    assert!(err.lines().all(|l| l.starts_with(&prefix)), "{err}");
    assert!(err.contains("bare carriage return"), "{err}");
    let out = run(true);
    assert!(out.status.success() && out.stderr.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
