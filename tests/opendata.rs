//! The CSV tables and JSON Lines: nothing of the document is dropped
//! (unparsed items and warnings are tables of their own, and JSON Lines of
//! their own `type`), every row names its source, no cell holds a list or a
//! 機種依存文字, and the README's column reference is the code's.

mod common;
#[path = "support/opendata.rs"]
mod od;

use std::process::Command;

use od::{col, damaged_text, extract_csv, fresh_dir, read_table, s};
use serde_json::Value;
use tassei::opendata::{fold, Table};

#[test]
fn nothing_is_dropped_from_csv_and_every_row_names_its_source() {
    let dir = fresh_dir("nothing-dropped");
    let damaged = dir.join("damaged.txt");
    std::fs::write(&damaged, damaged_text()).expect("write");
    for (input, stem) in [
        (common::fixture("pdf/family_plan.pdf"), "plan"),
        (damaged, "damaged"),
        (common::fixture("text/seed.txt"), "seed"),
    ] {
        let bytes = std::fs::read(&input).expect("read");
        let doc = tassei::pipeline::extract_bytes(&bytes, &s(&input), &Default::default())
            .expect("extracts");
        let v = tassei::emit::to_validated_value(&doc).expect("valid");
        extract_csv(&input, &dir.join(format!("{stem}.csv")));
        let count = |key: &str| v[key].as_array().map_or(0, Vec::len);
        let list_total = |key: &str| {
            v["records"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| r[key].as_array().map_or(0, Vec::len))
                .sum::<usize>()
        };
        for (table, want) in [
            (Table::Records, count("records")),
            (Table::Unparsed, count("unparsed")),
            (Table::Warnings, count("warnings")),
            (Table::Notes, list_total("notes")),
            (Table::EventDates, list_total("event_dates")),
        ] {
            let (header, rows) = read_table(&dir.join(table.file_name(&format!("{stem}.csv"))));
            assert_eq!(rows.len(), want, "{stem}: {table:?}");
            let (p, h) = (col(&header, "source_path"), col(&header, "source_sha256"));
            for row in &rows {
                assert_eq!(row[p], s(&input), "{stem}: {table:?}");
                assert_eq!(row[h], doc.source.sha256, "{stem}: {table:?}");
            }
        }
        match stem {
            "plan" => assert!(count("unparsed") > 0),
            "damaged" => assert!(count("warnings") > 0 && count("records") > 0),
            _ => {}
        }
        if stem == "damaged" {
            let (header, rows) = read_table(&dir.join("damaged.warnings.csv"));
            assert_eq!(rows[0][col(&header, "class")], "text_damage");
            assert_eq!(
                rows[0][col(&header, "message")],
                v["warnings"][0]["message"]
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_value_per_cell_and_no_platform_dependent_characters() {
    let dir = fresh_dir("one-value");
    extract_csv(&common::fixture("text/seed.txt"), &dir.join("seed.csv"));
    let v = common::extract_value("text/seed.txt");
    let json_text = v.to_string();
    assert!(json_text.contains('①'), "JSON keeps the text as read");
    let (header, _) = read_table(&dir.join("seed.csv"));
    for gone in ["notes", "event_dates", "qualifiers"] {
        assert!(!header.iter().any(|h| h == gone), "{gone} is its own table");
    }
    let mut folded_marker = false;
    for t in Table::ALL {
        let text = std::fs::read_to_string(dir.join(t.file_name("seed.csv"))).expect("read");
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| fold::is_platform_dependent(c))
            .collect();
        assert!(bad.is_empty(), "{t:?}: {bad:?}");
        folded_marker |= text.contains("(1)");
    }
    assert!(folded_marker, "① became (1)");
    // Each note and event date is one row of its long table, tied to its
    // record and in order.
    let (header, rows) = read_table(&dir.join("seed.event_dates.csv"));
    let (id, pos, date) = (
        col(&header, "record_id"),
        col(&header, "position"),
        col(&header, "event_date"),
    );
    for r in v["records"].as_array().into_iter().flatten() {
        let mine: Vec<&Vec<String>> = rows.iter().filter(|row| row[id] == r["id"]).collect();
        let dates = r["event_dates"].as_array().expect("event_dates");
        assert_eq!(mine.len(), dates.len(), "{}", r["id"]);
        for (i, (row, d)) in mine.iter().zip(dates).enumerate() {
            assert_eq!(row[pos], (i + 1).to_string());
            assert_eq!(row[date], d.as_str().unwrap_or(""));
        }
    }
    assert!(!rows.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn json_lines_carry_every_record_unparsed_item_and_warning_with_its_type() {
    let dir = fresh_dir("jsonl");
    let damaged = dir.join("damaged.txt");
    std::fs::write(&damaged, damaged_text()).expect("write");
    for input in [common::fixture("pdf/family_plan.pdf"), damaged] {
        let bytes = std::fs::read(&input).expect("read");
        let doc = tassei::pipeline::extract_bytes(&bytes, &s(&input), &Default::default())
            .expect("extracts");
        let v = tassei::emit::to_validated_value(&doc).expect("valid");
        let out = Command::new(env!("CARGO_BIN_EXE_tassei"))
            .args(["extract", &s(&input), "--format", "jsonl", "--quiet"])
            .output()
            .expect("run");
        assert!(out.status.success());
        let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON object a line"))
            .collect();
        for (array, kind) in [
            ("records", "record"),
            ("unparsed", "unparsed"),
            ("warnings", "warning"),
        ] {
            let mine: Vec<Value> = lines
                .iter()
                .filter(|l| l["type"] == kind)
                .map(|l| {
                    assert_eq!(l["source_path"], s(&input));
                    assert_eq!(l["source_sha256"], doc.source.sha256);
                    let mut l = l.clone();
                    if let Some(o) = l.as_object_mut() {
                        for k in ["type", "source_path", "source_sha256"] {
                            o.remove(k);
                        }
                    }
                    l
                })
                .collect();
            assert_eq!(Value::Array(mine), v[array], "{}: {array}", input.display());
        }
        let typed = lines.iter().filter(|l| l["type"].is_string()).count();
        assert_eq!(typed, lines.len(), "every line has a type");
        assert!(lines.len() > v["records"].as_array().map_or(0, Vec::len));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The table model's fields follow the qualifier columns, the source
/// columns close the row, and the values are the record's.
#[test]
fn table_model_fields_and_source_close_the_figures_table() {
    let header = tassei::opendata::header();
    let n = header.len();
    assert_eq!(header[..3], ["id", "section", "row"]);
    assert_eq!(header[7], "column");
    assert_eq!(header[22..24], ["page", "is_target"]);
    assert_eq!(header[n - 8], "repeated");
    assert_eq!(
        header[n - 7..],
        [
            "kind",
            "indicator",
            "row_key",
            "cell",
            "of",
            "source_path",
            "source_sha256"
        ]
    );

    let doc = common::extract_value("pdf/family_calc.pdf");
    let bytes = tassei::opendata::render_csv(&doc).expect("csv");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let rate = rows
        .iter()
        .find(|r| r.get(0) == Some("s2.r12.fy2024.rate.移住相談件数"))
        .expect("rate row");
    let tail: Vec<&str> = rate.iter().skip(n - 7).collect();
    assert_eq!(
        tail[..5],
        [
            "rate",
            "移住相談件数",
            "12",
            "value",
            "s2.r12.fy2024.actual.移住相談件数"
        ]
    );
    assert_eq!(tail[5], "pdf/family_calc.pdf");
    assert_eq!(tail[6], doc["source"]["sha256"]);
    assert_eq!(rate.get(7), Some("令和6年度 → 達成率(%)"));
    assert_eq!(
        rate.get(2),
        Some("2"),
        "row is the section's, row_key the No."
    );
}

/// The Table Schema's enums are the JSON Schema's.
#[test]
fn csv_enums_match_the_json_schema() {
    let schema: Value = serde_json::from_str(tassei::schema::REPORT_SCHEMA).expect("report schema");
    let enum_of = |table: Table, name: &str| {
        table.schema("x")["fields"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["name"] == name))
            .map(|f| f["constraints"]["enum"].clone())
            .unwrap_or_else(|| panic!("no field {name}"))
    };
    for name in ["kind", "cell"] {
        assert_eq!(
            enum_of(Table::Records, name),
            schema["$defs"]["record"]["properties"][name]["enum"],
            "{name}"
        );
    }
    assert_eq!(
        enum_of(Table::Warnings, "class"),
        schema["$defs"]["warning"]["properties"]["class"]["enum"]
    );
}

/// CSV on stdout holds the figures table only and says what it leaves out
/// (`--quiet` hides the note).
#[test]
fn csv_on_stdout_says_what_it_leaves_out() {
    let seed = common::fixture("text/seed.txt");
    let run = |quiet: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tassei"));
        c.args(["extract", &s(&seed), "--format", "csv"]);
        if quiet {
            c.arg("--quiet");
        }
        c.output().expect("run")
    };
    let out = run(false);
    assert!(out.status.success());
    let rows = csv::Reader::from_reader(out.stdout.as_slice())
        .records()
        .count();
    assert_eq!(rows, 166);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("note: CSV on stdout holds the figures table only") && err.contains("note(s)"),
        "{err}"
    );
    assert!(run(true).stderr.is_empty());
}

/// The README's CSV column reference is the code's: every table, every
/// column, in order, with its type and description.
#[test]
fn readme_column_reference_is_the_codes() {
    let readme = include_str!("../README.md");
    let block = readme
        .split("<!-- csv-columns: begin")
        .nth(1)
        .and_then(|b| b.split("<!-- csv-columns: end").next())
        .and_then(|b| b.split_once("-->").map(|x| x.1))
        .expect("README has the csv-columns block");
    let mut want = String::from("\n");
    for t in Table::ALL {
        want += &format!(
            "\n**`{}`** — {}:\n\n| column | type | description |\n|---|---|---|\n",
            t.file_name("X.csv"),
            t.what()
        );
        for f in t.fields() {
            want += &format!("| `{}` | {} | {} |\n", f.name, f.kind, f.description);
        }
    }
    want += "\n";
    if block != want {
        panic!("README's column reference differs from the code; it should read:\n{want}");
    }
}
