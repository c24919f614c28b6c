//! The command line: bad input ends with one clear line on stderr and the
//! exit code of its class, never a panic; the README's error table is true.

#[path = "support/cli_run.rs"]
mod cli_run;

use cli_run::{assert_fails, fixture, tassei, Scratch};

#[test]
fn extract_then_validate() {
    let dir = Scratch::new("extract");
    let o = dir.s("out.json");
    let r = tassei(&["extract", &fixture("text/seed.txt"), "-o", &o]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let r = tassei(&["validate", &o]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("valid (166 records)"), "{}", r.stdout);
    let r = tassei(&["extract", &fixture("text/seed.txt"), "--format", "jsonl"]);
    assert_eq!(r.code, Some(0));
    assert_eq!(r.stdout.lines().count(), 166);
    assert!(r
        .stdout
        .lines()
        .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()));
}

#[test]
fn bad_inputs_fail_cleanly() {
    let dir = Scratch::new("bad");
    let empty = dir.write("empty.txt", b"");
    assert_fails(
        &tassei(&["extract", &empty]),
        4,
        "the file is empty",
        "empty",
    );
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let g = dir.write("garbage.bin", &garbage);
    assert_fails(&tassei(&["extract", &g]), 4, "binary data", "garbage");
    let not_report = dir.write("notes.txt", "買い物リスト\n牛乳\t2本\n".as_bytes());
    assert_fails(
        &tassei(&["extract", &not_report]),
        5,
        "no KPI table found",
        "not a report",
    );
    assert_fails(
        &tassei(&["extract", "/nonexistent/report.pdf"]),
        3,
        "/nonexistent/report.pdf: cannot read",
        "missing",
    );
    assert_fails(
        &tassei(&["bogus"]),
        2,
        "unrecognized subcommand 'bogus'",
        "bogus",
    );
    assert_fails(&tassei(&[]), 2, "no command given", "no command");
    assert_fails(
        &tassei(&["extract", &not_report, "--bogus"]),
        2,
        "see 'tassei extract --help'",
        "unknown option",
    );
    assert_fails(&tassei(&["extract"]), 2, "<INPUT>", "missing argument");
}

#[test]
fn validate_rejects_a_broken_document() {
    let dir = Scratch::new("validate");
    let bad = dir.write(
        "bad.json",
        br#"{"tassei_version":"x","records":[{"id":""}]}"#,
    );
    assert_fails(
        &tassei(&["validate", &bad]),
        7,
        "schema violation",
        "schema",
    );
    let not_json = dir.write("bad2.json", b"{");
    assert_fails(&tassei(&["validate", &not_json]), 4, "invalid JSON", "json");
}

#[test]
fn hostile_pdfs_fail_with_one_line_reasons() {
    let h = |f: &str| fixture(&format!("hostile/{f}"));
    for (file, needle) in [
        ("truncated.pdf", "truncated"),
        ("random.pdf", "not a PDF"),
        ("html_as.pdf", "not a PDF"),
        ("encrypted.pdf", "encrypted"),
        ("image_only.pdf", "no text layer"),
        ("undecodable_font.pdf", "font F1"),
    ] {
        assert_fails(&tassei(&["extract", &h(file)]), 6, needle, file);
    }
}

#[test]
fn max_pages_is_enforced() {
    let cid = fixture("pdf/seed_cid.pdf");
    assert_fails(
        &tassei(&["extract", &cid, "--max-pages", "3"]),
        6,
        "pages",
        "limit",
    );
    assert_fails(
        &tassei(&["extract", &cid, "--max-pages", "x"]),
        2,
        "--max-pages",
        "bad number",
    );
    // `--opt=value` is the same option.
    assert_fails(
        &tassei(&["extract", &cid, "--max-pages=3"]),
        6,
        "pages",
        "--opt=value",
    );
}

/// The exit codes the README's error table lists.
fn readme_exit_codes() -> Vec<i32> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("Errors"))
        .expect("an Errors section in the README");
    section
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(' ').next()?.parse().ok())
        .collect()
}

#[test]
fn the_readme_error_table_is_true() {
    let dir = Scratch::new("table");
    let json = dir.s("seed.json");
    let r = tassei(&["extract", &fixture("text/seed.txt"), "-o", &json]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let broken = dir.write("broken.json", br#"{"records":[{"id":""}]}"#);
    let empty = dir.write("empty.txt", b"");
    let shopping = dir.write("shopping.txt", "買い物\t牛乳\n".as_bytes());
    let seed = fixture("text/seed.txt");
    let edition2 = fixture("text/edition2.txt");
    let slow = fixture("pdf/seed_libreoffice.pdf");
    let bad_batch = dir.write("broken.pdf", b"%PDF-1.4\n");
    let out = dir.s("batch-out");
    // One command per class, as the table describes it.
    let cases: Vec<(i32, Vec<&str>)> = vec![
        (0, vec!["validate", &json]),
        (1, vec!["diff", &seed, &edition2, "--exit-code"]),
        (1, vec!["batch", &bad_batch, "-o", &out]),
        (2, vec!["extract", &seed, "--no-such-option"]),
        (3, vec!["extract", "/nonexistent/report.pdf"]),
        (4, vec!["extract", &empty]),
        (5, vec!["extract", &shopping]),
        (6, vec!["extract", &bad_batch]),
        (7, vec!["validate", &broken]),
        // The mechanism, not a speed: no extraction finishes within 1 µs.
        (124, vec!["extract", &slow, "--timeout", "0.000001"]),
    ];
    for (code, args) in &cases {
        let r = tassei(args);
        assert_eq!(r.code, Some(*code), "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
    let mut tested: Vec<i32> = cases.iter().map(|(c, _)| *c).collect();
    tested.dedup();
    assert_eq!(
        readme_exit_codes(),
        tested,
        "README error table vs this test"
    );
}

#[test]
fn a_timeout_is_one_line_with_its_own_exit_code() {
    let r = tassei(&[
        "extract",
        &fixture("pdf/seed_libreoffice.pdf"),
        "--timeout=0.000001",
    ]);
    assert_fails(&r, 124, "seed_libreoffice.pdf: timed out after", "timeout");
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    // A generous timeout changes nothing.
    let r = tassei(&["extract", &fixture("text/seed.txt"), "--timeout", "600"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("\"records\""));
    for bad in ["0", "-1", "soon"] {
        assert_fails(
            &tassei(&["extract", &fixture("text/seed.txt"), "--timeout", bad]),
            2,
            "--timeout",
            bad,
        );
    }
}
