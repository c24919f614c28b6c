//! datapackage.json: the package validates against the Data Package schema
//! (schemas/datapackage.schema.json) and, where it is installed, against the
//! frictionless reference implementation — packages written by `extract`
//! and by `batch` over Japanese file names; several CSVs in one folder make
//! one package; a batch carries each file's warnings.

mod common;
#[path = "support/opendata.rs"]
mod od;

use std::path::Path;
use std::process::Command;

use od::{
    check_package, damaged_text, extract_csv, figures_paths, fresh_dir, japanese_inputs, json,
    read_table, resource_paths, s, tassei,
};
use serde_json::Value;
use tassei::opendata::Table;

#[test]
fn csv_and_datapackage_are_valid() {
    let dir = fresh_dir("valid");
    let csv_path = dir.join("seed_report.csv");
    extract_csv(&common::fixture("pdf/seed_cid.pdf"), &csv_path);
    let pkg = check_package(&dir);
    let res = pkg["resources"].as_array().expect("resources");
    let paths: Vec<&str> = res.iter().filter_map(|r| r["path"].as_str()).collect();
    assert_eq!(
        paths,
        [
            "seed_report.csv",
            "seed_report.notes.csv",
            "seed_report.event_dates.csv",
            "seed_report.unparsed.csv",
            "seed_report.warnings.csv"
        ]
    );
    assert_eq!(res[0]["name"], "seed_report");
    assert_eq!(res[1]["name"], "seed_report.notes");
    assert_eq!(res[0]["title"], "seed_cid.pdf: figures");

    let csv_text = std::fs::read_to_string(&csv_path).expect("utf-8");
    assert!(!csv_text.starts_with('\u{feff}'));
    assert!(csv_text.contains("s1.r1.fy2024.正社員就職件数,1,1,全体KPI,,"));
    let rows = csv::Reader::from_path(&csv_path)
        .expect("csv")
        .records()
        .count();
    assert_eq!(rows, 166);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The reference implementation of the Data Package standard, as an oracle:
/// `frictionless validate` checks the package, every CSV, every value
/// against its Table Schema, primary and foreign keys. Packages written by
/// `extract` and by `batch` over Japanese file names. Skipped (with a
/// note) where frictionless is not installed — except in CI (`CI` set),
/// where `.ci/run` installs it and its absence fails.
#[test]
fn frictionless_validates_extract_and_batch_packages_over_japanese_names() {
    if Command::new("frictionless")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "frictionless is not installed, but CI is set: .ci/run installs it (pip install frictionless)"
        );
        eprintln!("note: frictionless not installed; oracle check skipped");
        return;
    }
    let frictionless = |dir: &Path| {
        let out = Command::new("frictionless")
            .args(["validate", "--json", "datapackage.json"])
            .current_dir(dir)
            .output()
            .expect("frictionless runs");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
            panic!(
                "frictionless output: {}",
                String::from_utf8_lossy(&out.stdout)
            )
        });
        assert_eq!(
            report["valid"],
            true,
            "{}: {}",
            dir.display(),
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    };
    let input = japanese_inputs("fl-in");

    // extract, several into one folder.
    let x = fresh_dir("fl-extract");
    for (from, to) in [
        ("令和6年度KPI進捗.pdf", "令和6年度KPI進捗.csv"),
        ("令和6年度KPI報告.pdf", "令和6年度KPI報告.csv"),
        ("計算.pdf", "計算.csv"),
        ("令和6年度KPI進捗.txt", "令和6年度KPI進捗（テキスト）.csv"),
    ] {
        extract_csv(&input.join(from), &x.join(to));
    }
    let pkg = check_package(&x);
    assert_eq!(pkg["resources"].as_array().map(Vec::len), Some(20));
    let names: Vec<&str> = pkg["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["name"].as_str())
        .filter(|n| !n.contains('.'))
        .collect();
    assert_eq!(names.len(), 4);
    assert!(names[0].starts_with("6-kpi-") && names[1].starts_with("6-kpi-"));
    assert_ne!(
        names[0], names[1],
        "names differing only in kanji stay apart"
    );
    frictionless(&x);

    // batch, same inputs (two share the stem 令和6年度KPI進捗).
    let b = fresh_dir("fl-batch");
    let (rc, err) = tassei(&[
        "batch",
        &s(&input),
        "-o",
        &s(&b),
        "--format",
        "csv",
        "--quiet",
    ]);
    assert_eq!(rc, 0, "{err}");
    let pkg = check_package(&b);
    assert_eq!(pkg["resources"].as_array().map(Vec::len), Some(20));
    frictionless(&b);
    for d in [input, x, b] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn several_extracts_into_one_folder_merge_into_one_package() {
    let dir = fresh_dir("merge");
    let seed = common::fixture("text/seed.txt");
    extract_csv(&seed, &dir.join("a.csv"));
    extract_csv(&common::fixture("pdf/family_plan.pdf"), &dir.join("b.csv"));
    let before = resource_paths(&dir);
    assert_eq!(figures_paths(&dir), ["a.csv", "b.csv"]);
    assert_eq!(before.len(), 10);
    // Again into a.csv: replaced in place, not duplicated.
    extract_csv(&common::fixture("pdf/seed_cid.pdf"), &dir.join("a.csv"));
    assert_eq!(resource_paths(&dir), before);
    let pkg = json(&dir.join("datapackage.json"));
    assert!(pkg["resources"][0]["title"]
        .as_str()
        .is_some_and(|t| t.starts_with("seed_cid.pdf")));
    // b's files gone: b's resources go with them at the next write.
    for t in Table::ALL {
        std::fs::remove_file(dir.join(t.file_name("b.csv"))).expect("rm");
    }
    extract_csv(&seed, &dir.join("c.csv"));
    assert_eq!(figures_paths(&dir), ["a.csv", "c.csv"]);

    // Four at once: the folder's lock keeps every one.
    let children: Vec<_> = ["p", "q", "r", "s"]
        .iter()
        .map(|n| {
            Command::new(env!("CARGO_BIN_EXE_tassei"))
                .args(["extract", &s(&seed), "--format", "csv", "--quiet", "-o"])
                .arg(dir.join(format!("{n}.csv")))
                .spawn()
                .expect("spawn")
        })
        .collect();
    for mut c in children {
        assert!(c.wait().expect("wait").success());
    }
    assert_eq!(
        figures_paths(&dir),
        ["a.csv", "c.csv", "p.csv", "q.csv", "r.csv", "s.csv"]
    );
    check_package(&dir);

    // A datapackage.json that is not a package is not replaced.
    let other = fresh_dir("merge-foreign");
    std::fs::write(other.join("datapackage.json"), "{\"mine\": true}").expect("write");
    let (rc, err) = tassei(&[
        "extract",
        &s(&seed),
        "--format",
        "csv",
        "-o",
        &s(&other.join("a.csv")),
    ]);
    assert_eq!(rc, 3, "{err}");
    assert!(err.contains("not a Data Package"), "{err}");
    assert_eq!(
        std::fs::read_to_string(other.join("datapackage.json")).expect("read"),
        "{\"mine\": true}"
    );
    // A companion table's name is refused as -o.
    let (rc, err) = tassei(&[
        "extract",
        &s(&seed),
        "--format",
        "csv",
        "-o",
        &s(&other.join("a.notes.csv")),
    ]);
    assert_eq!(rc, 2, "{err}");
    for d in [dir, other] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn batch_outputs_and_manifest_carry_each_files_warnings() {
    let input = fresh_dir("bw-in");
    std::fs::write(input.join("damaged.txt"), damaged_text()).expect("write");
    std::fs::copy(common::fixture("text/seed.txt"), input.join("seed.txt")).expect("copy");
    for format in ["jsonl", "csv"] {
        let out = fresh_dir(&format!("bw-out-{format}"));
        let (rc, err) = tassei(&["batch", &s(&input), "-o", &s(&out), "--format", format]);
        assert_eq!(rc, 0, "{err}");
        assert!(
            err.lines().any(|l| l.contains("damaged.txt: warning: ")),
            "batch says each warning: {err}"
        );
        let m = json(&out.join("manifest.json"));
        let entry = |name: &str| {
            m["entries"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|e| e["input"].as_str().is_some_and(|i| i.ends_with(name)))
                .cloned()
                .expect("entry")
        };
        let (d, clean) = (entry("damaged.txt"), entry("seed.txt"));
        let n = d["warnings"].as_u64().expect("warnings count");
        assert!(n > 0);
        assert_eq!(clean["warnings"], 0);
        assert_eq!(clean["unparsed"], 0);
        let output = out.join(d["output"].as_str().expect("output"));
        let in_output = if format == "jsonl" {
            std::fs::read_to_string(&output)
                .expect("read")
                .lines()
                .filter(|l| l.contains("\"type\":\"warning\""))
                .count()
        } else {
            let companions = d["companions"].as_array().expect("companions");
            assert_eq!(companions.len(), 4);
            let name = Table::Warnings.file_name(d["output"].as_str().unwrap_or(""));
            read_table(&out.join(name)).1.len()
        };
        assert_eq!(in_output as u64, n, "{format}");
        // A changed companion table is redone on a rerun.
        if format == "csv" {
            let w = out.join(Table::Warnings.file_name(d["output"].as_str().unwrap_or("")));
            std::fs::write(&w, "class\n").expect("truncate");
            let (rc, err) = tassei(&[
                "batch",
                &s(&input),
                "-o",
                &s(&out),
                "--format",
                format,
                "--quiet",
            ]);
            assert_eq!(rc, 0, "{err}");
            assert_eq!(read_table(&w).1.len() as u64, n, "redone");
        }
        let _ = std::fs::remove_dir_all(&out);
    }
    let _ = std::fs::remove_dir_all(&input);
}
