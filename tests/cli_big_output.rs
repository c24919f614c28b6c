//! A document of 200,001 figures (one cell of bare `3件`) is validated and
//! written item by item: under a 1 GiB address-space limit every format is
//! written whole. Validating and rendering the whole document as one JSON
//! value took 1.35 GB (JSON Lines) to 1.6 GB (CSV) of resident memory for
//! it; item by item it takes ~350 MB, the document itself.

#[path = "support/cli_run.rs"]
mod cli_run;
#[path = "support/limited.rs"]
mod limited;

use std::time::Duration;

use cli_run::Scratch;

const FIGURES: usize = 200_000;

#[test]
fn a_huge_cell_is_written_in_every_format_under_one_gib() {
    let dir = Scratch::new("big-output");
    let report = format!(
        "1 テスト\n\n\t取組概要\t令和5年度\t令和6年度\n相談\t○セミナー\t○件数 3件\t○{}\n",
        "3件".repeat(FIGURES)
    );
    let input = dir.write("big.txt", report.as_bytes());
    for (name, records_in) in [
        ("out.jsonl", "lines"),
        ("out.csv", "lines"),
        ("out.json", "json"),
    ] {
        let out = dir.s(name);
        let r = limited::run_limited(
            &["extract", &input, "-o", &out, "--quiet"],
            Duration::from_secs(600),
        );
        assert_eq!(
            (r.code, r.timed_out),
            (Some(0), false),
            "{name}: {}",
            r.stderr
        );
        let text = std::fs::read_to_string(&out).expect("output");
        let records = match records_in {
            // JSON Lines: a line per record; CSV: a header row and a row per record.
            "lines" => text.lines().count() - usize::from(name.ends_with(".csv")),
            _ => serde_json::from_str::<serde_json::Value>(&text).expect("JSON")["records"]
                .as_array()
                .map_or(0, Vec::len),
        };
        // The 令和5年度 cell's one figure and the 令和6年度 cell's FIGURES.
        assert_eq!(records, FIGURES + 1, "{name}");
    }
}
