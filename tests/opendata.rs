//! CSV and datapackage.json: the CSV loads with a standard CSV reader, every
//! value conforms to its Table Schema field type, and the package validates
//! against the Data Package schema (schemas/datapackage.schema.json); the
//! table model's fields come last and match the JSON Schema's enums.

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
            if let Some(allowed) = field["constraints"]["enum"].as_array() {
                assert!(
                    allowed.iter().any(|a| a == value),
                    "{} = {value:?} is not one of {allowed:?}",
                    field["name"]
                );
            }
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
    // The seed, and the calc family (every kind but baseline/forecast, and
    // rates with their `of`).
    for (stem, input) in [
        ("seed", "pdf/seed_chromium.pdf"),
        ("calc", "pdf/family_calc.pdf"),
    ] {
        let dir = std::env::temp_dir().join(format!("tassei-fl-{}-{stem}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let status = Command::new(env!("CARGO_BIN_EXE_tassei"))
            .args([
                "extract",
                &common::fixture(input).to_string_lossy(),
                "--format",
                "csv",
                "-o",
                &dir.join(format!("{stem}.csv")).to_string_lossy(),
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
            "{input}: {}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    }
}

/// The table model's fields are appended after the qualifier columns (the
/// older columns keep their positions), and their values are the record's.
#[test]
fn table_model_fields_are_appended_and_filled() {
    let header = tassei::opendata::header();
    let n = header.len();
    assert_eq!(header[..3], ["id", "section", "row"]);
    assert_eq!(header[7], "column");
    assert_eq!(header[24..26], ["page", "is_target"]);
    assert_eq!(header[n - 6], "repeated");
    assert_eq!(
        header[n - 5..],
        ["kind", "indicator", "row_key", "cell", "of"]
    );

    let doc = common::extract_value("pdf/family_calc.pdf");
    let bytes = tassei::opendata::render_csv(&doc).expect("csv");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let rate = rows
        .iter()
        .find(|r| r.get(0) == Some("s2.r12.fy2024.rate.移住相談件数"))
        .expect("rate row");
    let tail: Vec<&str> = rate.iter().skip(n - 5).collect();
    assert_eq!(
        tail,
        [
            "rate",
            "移住相談件数",
            "12",
            "value",
            "s2.r12.fy2024.actual.移住相談件数"
        ]
    );
    assert_eq!(rate.get(7), Some("令和6年度 → 達成率(%)"));
    assert_eq!(
        rate.get(2),
        Some("2"),
        "row is the section's, row_key the No."
    );
}

/// The Table Schema's enums are the JSON Schema's record enums.
#[test]
fn csv_enums_match_the_json_schema() {
    let schema: Value = serde_json::from_str(tassei::schema::REPORT_SCHEMA).expect("report schema");
    let ts = tassei::opendata::table_schema();
    for name in ["kind", "cell"] {
        let field = ts["fields"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["name"] == name))
            .unwrap_or_else(|| panic!("no field {name}"));
        assert_eq!(
            field["constraints"]["enum"], schema["$defs"]["record"]["properties"][name]["enum"],
            "{name}"
        );
    }
}
