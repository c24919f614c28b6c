#![allow(dead_code)]
//! Helpers of the open-data tests (tests/opendata.rs, tests/open_package.rs).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tassei::opendata::is_companion_name;

use super::common;

pub fn fresh_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tassei-od-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("mkdir");
    d
}

pub fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Run tassei; exit code and stderr.
pub fn tassei(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tassei"))
        .args(args)
        .output()
        .expect("run tassei");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn extract_csv(input: &Path, csv: &Path) {
    let (rc, err) = tassei(&[
        "extract",
        &s(input),
        "--format",
        "csv",
        "-o",
        &s(csv),
        "--quiet",
    ]);
    assert_eq!(rc, 0, "{err}");
}

pub fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("read")).expect("json")
}

/// The seed's text form with mixed line endings: records and a warning.
pub fn damaged_text() -> String {
    std::fs::read_to_string(common::fixture("text/seed.txt"))
        .expect("seed")
        .replacen('\n', "\r\n", 2)
}

/// Inputs with Japanese names: two that differ only in kanji, a damaged
/// one whose stem equals another's, the calc family (every kind and `of`).
pub fn japanese_inputs(tag: &str) -> PathBuf {
    let d = fresh_dir(tag);
    let copy = |from: &str, to: &str| {
        std::fs::copy(common::fixture(from), d.join(to)).expect("copy");
    };
    copy("pdf/seed_chromium.pdf", "令和6年度KPI進捗.pdf");
    copy("pdf/family_plan.pdf", "令和6年度KPI報告.pdf");
    copy("pdf/family_calc.pdf", "計算.pdf");
    std::fs::write(d.join("令和6年度KPI進捗.txt"), damaged_text()).expect("write");
    d
}

/// Check every resource of the package at `dir`: schema-valid package,
/// unique ASCII names, titles naming the input, CSV header = fields, every
/// value of its type and enum. Returns the package.
pub fn check_package(dir: &Path) -> Value {
    let pkg = json(&dir.join("datapackage.json"));
    let schema: Value = serde_json::from_str(include_str!("../../schemas/datapackage.schema.json"))
        .expect("schema");
    let validator = jsonschema::draft202012::new(&schema).expect("compiles");
    tassei::schema::check(&validator, &pkg).expect("datapackage.json validates");
    let resources = pkg["resources"].as_array().expect("resources");
    let mut names = HashSet::new();
    for res in resources {
        let name = res["name"].as_str().expect("name");
        assert!(names.insert(name.to_string()), "duplicate name {name}");
        assert!(tassei::opendata::names::is_valid(name), "{name}");
        let title = res["title"].as_str().expect("a title, never null");
        let source = res["sources"][0]["path"].as_str().expect("source path");
        let file = Path::new(source).file_name().expect("file name");
        assert!(title.starts_with(&*file.to_string_lossy()), "{title}");
        let fields = res["schema"]["fields"].as_array().expect("fields");
        let path = dir.join(res["path"].as_str().expect("path"));
        let mut reader = csv::Reader::from_path(&path).expect("csv opens");
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(String::from)
            .collect();
        let names: Vec<&str> = fields.iter().filter_map(|f| f["name"].as_str()).collect();
        assert_eq!(
            header,
            names,
            "{}: header = Table Schema fields",
            path.display()
        );
        for row in reader.records() {
            let row = row.expect("row parses");
            for (value, field) in row.iter().zip(fields) {
                if value.is_empty() {
                    continue; // missingValues: [""]
                }
                let ok = match field["type"].as_str() {
                    Some("integer") => value.parse::<i64>().is_ok(),
                    Some("number") => value.parse::<f64>().is_ok() && !value.contains(','),
                    Some("boolean") => value == "true" || value == "false",
                    Some("date") => {
                        value.len() == 10
                            && value.as_bytes()[4] == b'-'
                            && value.as_bytes()[7] == b'-'
                    }
                    _ => true,
                };
                assert!(
                    ok,
                    "{} = {value:?} is not a {}",
                    field["name"], field["type"]
                );
                if let Some(allowed) = field["constraints"]["enum"].as_array() {
                    assert!(
                        allowed.iter().any(|a| a == value),
                        "{} = {value:?}",
                        field["name"]
                    );
                }
            }
        }
    }
    pkg
}

pub fn resource_paths(dir: &Path) -> Vec<String> {
    json(&dir.join("datapackage.json"))["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["path"].as_str().map(String::from))
        .collect()
}

pub fn figures_paths(dir: &Path) -> Vec<String> {
    let mut p: Vec<String> = resource_paths(dir)
        .into_iter()
        .filter(|p| !is_companion_name(p))
        .collect();
    p.sort();
    p
}

/// Rows of a CSV table as (header, rows).
pub fn read_table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).expect("csv");
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|row| row.expect("row").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

pub fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}
