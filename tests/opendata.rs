//! CSV and datapackage.json: the CSV loads with a standard CSV reader, every
//! value conforms to its Table Schema field type, and the package validates
//! against the Data Package schema (schemas/datapackage.schema.json).

mod common;

use std::process::Command;

use serde_json::Value;

#[test]
fn csv_and_datapackage_are_valid() {
    let dir = std::env::temp_dir().join(format!("tassei-od-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let csv_path = dir.join("seed_report.csv");
    let status = Command::new(env!("CARGO_BIN_EXE_tassei"))
        .args([
            "extract",
            &common::fixture("pdf/seed_cid.pdf").to_string_lossy(),
            "--format",
            "csv",
            "-o",
            &csv_path.to_string_lossy(),
        ])
        .status()
        .expect("run");
    assert!(status.success());

    let pkg: Value = serde_json::from_slice(
        &std::fs::read(dir.join("datapackage.json")).expect("datapackage.json"),
    )
    .expect("json");
    let schema: Value =
        serde_json::from_str(include_str!("../schemas/datapackage.schema.json")).expect("schema");
    let validator = jsonschema::draft202012::new(&schema).expect("compiles");
    tassei::schema::check(&validator, &pkg).expect("datapackage.json validates");
    let res = &pkg["resources"][0];
    assert_eq!(res["path"], "seed_report.csv");
    assert_eq!(res["name"], "seed_report");
    let fields = res["schema"]["fields"].as_array().expect("fields");

    let mut reader = csv::Reader::from_path(&csv_path).expect("csv opens");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let names: Vec<&str> = fields.iter().filter_map(|f| f["name"].as_str()).collect();
    assert_eq!(header, names, "CSV header = Table Schema fields, in order");
    let mut n = 0;
    for row in reader.records() {
        let row = row.expect("row parses");
        n += 1;
        for (value, field) in row.iter().zip(fields) {
            if value.is_empty() {
                continue; // missingValues: [""]
            }
            let ok = match field["type"].as_str() {
                Some("integer") => value.parse::<i64>().is_ok(),
                Some("number") => value.parse::<f64>().is_ok() && !value.contains(','),
                Some("boolean") => value == "true" || value == "false",
                Some("date") => {
                    value.len() == 10 && value.as_bytes()[4] == b'-' && value.as_bytes()[7] == b'-'
                }
                _ => true,
            };
            assert!(
                ok,
                "{} = {value:?} is not a {}",
                field["name"], field["type"]
            );
        }
    }
    assert_eq!(n, 166);
    let v = common::extract_value("pdf/seed_cid.pdf");
    let csv_text = std::fs::read_to_string(&csv_path).expect("utf-8");
    assert!(!csv_text.starts_with('\u{feff}'));
    assert!(csv_text.contains("s1.r1.fy2024.正社員就職件数,1,1,全体KPI,,"));
    assert_eq!(v["records"].as_array().map(Vec::len), Some(166));
}

/// The reference implementation of the Data Package standard, as an oracle:
/// `frictionless validate` checks the package, the CSV and every value
/// against the Table Schema. Skipped (with a note) where it is not installed;
/// `.ci/run` installs it.
#[test]
fn frictionless_validates_the_package() {
    if Command::new("frictionless")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("note: frictionless not installed; oracle check skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("tassei-fl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let status = Command::new(env!("CARGO_BIN_EXE_tassei"))
        .args([
            "extract",
            &common::fixture("pdf/seed_chromium.pdf").to_string_lossy(),
            "--format",
            "csv",
            "-o",
            &dir.join("seed.csv").to_string_lossy(),
        ])
        .status()
        .expect("run");
    assert!(status.success());
    let out = Command::new("frictionless")
        .args(["validate", "--json", "datapackage.json"])
        .current_dir(&dir)
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
        "{}",
        serde_json::to_string_pretty(&report).unwrap_or_default()
    );
}
