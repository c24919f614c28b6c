//! Inputs and outputs the way command-line users expect them: `-` for
//! standard input and output, `--`, `--opt=value`, the format from `-o`'s
//! extension, `-o` never the input, write errors worded as such, a closed
//! pipe ending quietly, `--quiet` and `--verbose`.

#[path = "support/cli_run.rs"]
mod cli_run;

use std::process::{Command, Stdio};

use cli_run::{assert_fails, fixture, tassei, tassei_with, Opts, Scratch};

fn seed_text() -> Vec<u8> {
    std::fs::read(fixture("text/seed.txt")).expect("seed")
}

fn records(json: &str) -> usize {
    let v: serde_json::Value = serde_json::from_str(json).expect("JSON on stdout");
    v["records"].as_array().map_or(0, Vec::len)
}

#[test]
fn dash_is_standard_input_and_output() {
    let seed = seed_text();
    let stdin = Opts {
        stdin: Some(&seed),
        ..Opts::default()
    };
    let r = tassei_with(&["extract", "-", "-o", "-"], stdin);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(records(&r.stdout), 166);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["source"]["path"], "<stdin>");
    // The document read back from stdin validates.
    let doc = r.stdout.into_bytes();
    let r = tassei_with(
        &["validate", "-"],
        Opts {
            stdin: Some(&doc),
            ..Opts::default()
        },
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout.trim_end(), "<stdin>: valid (166 records)");
    // An empty stdin is named as such.
    let r = tassei_with(
        &["extract", "-"],
        Opts {
            stdin: Some(b""),
            ..Opts::default()
        },
    );
    assert_fails(&r, 4, "<stdin>: the file is empty", "empty stdin");
    // diff: one side from stdin.
    let r = tassei_with(
        &["diff", &fixture("text/edition2.txt"), "-", "--exit-code"],
        Opts {
            stdin: Some(&seed),
            ..Opts::default()
        },
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stdout.contains("→ <stdin>:"), "{}", r.stdout);
    assert_fails(
        &tassei(&["diff", "-", "-"]),
        2,
        "only one of OLD and NEW",
        "two stdins",
    );
}

#[test]
fn double_dash_and_equals_forms() {
    let dir = Scratch::new("dashes");
    std::fs::copy(fixture("text/seed.txt"), dir.path("-seed.txt")).expect("copy");
    let here = Opts {
        dir: Some(&dir.0),
        ..Opts::default()
    };
    // Without `--`, `-seed.txt` is an (unknown) option.
    let r = tassei_with(&["extract", "-seed.txt"], here);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    let r = tassei_with(
        &["extract", "--format=jsonl", "--", "-seed.txt"],
        Opts {
            dir: Some(&dir.0),
            ..Opts::default()
        },
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 166);
    let r = tassei_with(
        &["extract", "--output=out.json", "--", "-seed.txt"],
        Opts {
            dir: Some(&dir.0),
            ..Opts::default()
        },
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let out = std::fs::read_to_string(dir.path("out.json")).expect("out.json");
    assert_eq!(records(&out), 166);
}

#[test]
fn the_format_follows_the_output_extension() {
    let dir = Scratch::new("formats");
    let seed = fixture("text/seed.txt");
    let csv = dir.s("report.csv");
    let r = tassei(&["extract", &seed, "-o", &csv]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let text = std::fs::read_to_string(&csv).expect("csv");
    assert!(
        !text.trim_start().starts_with('{'),
        "CSV, not JSON: {}",
        &text[..80]
    );
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    assert!(rdr.headers().expect("header").iter().any(|h| h == "id"));
    assert!(rdr.records().count() >= 166);
    assert!(
        dir.path("datapackage.json").exists(),
        "datapackage.json beside it"
    );
    let jsonl = dir.s("report.jsonl");
    let r = tassei(&["extract", &seed, "-o", &jsonl]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let lines = std::fs::read_to_string(&jsonl).expect("jsonl");
    assert!(lines.lines().count() >= 166);
    assert!(lines
        .lines()
        .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()));
    // An explicit --format that agrees is fine; one that disagrees is a
    // usage error, and nothing is written.
    let r = tassei(&["extract", &seed, "-o", &jsonl, "--format", "jsonl"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let json = dir.s("report.json");
    assert_fails(
        &tassei(&["extract", &seed, "-o", &json, "--format=csv"]),
        2,
        "--format csv disagrees with -o",
        "disagreeing format",
    );
    assert!(!dir.path("report.json").exists());
    // An extension that names no format leaves the choice to --format.
    let txt = dir.s("report.out");
    let r = tassei(&["extract", &seed, "-o", &txt, "--format", "jsonl"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let text = std::fs::read_to_string(&txt).expect("out");
    assert!(text.lines().count() >= 166, "JSON Lines, not one document");
    assert!(text
        .lines()
        .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()));
}

#[test]
fn the_output_may_not_be_the_input() {
    let dir = Scratch::new("same");
    let input = dir.write("report.txt", &seed_text());
    assert_fails(
        &tassei(&["extract", &input, "-o", &input]),
        2,
        "is the input",
        "same path",
    );
    // The same file by another path, and through a link.
    let other = format!("{}/./sub/../report.txt", dir.0.display());
    std::fs::create_dir_all(dir.path("sub")).expect("sub");
    assert_fails(
        &tassei(&["extract", &input, "-o", &other]),
        2,
        "is the input",
        "other path",
    );
    std::os::unix::fs::symlink(dir.path("report.txt"), dir.path("link.json")).expect("link");
    assert_fails(
        &tassei(&["extract", &input, "-o", &dir.s("link.json")]),
        2,
        "is the input",
        "link",
    );
    assert_eq!(
        std::fs::read(&input).expect("input"),
        seed_text(),
        "input intact"
    );
    // diff guards both of its inputs.
    let new = fixture("text/edition2.txt");
    assert_fails(
        &tassei(&["diff", &input, &new, "-o", &input]),
        2,
        "is the input",
        "diff",
    );
    assert_eq!(
        std::fs::read(&input).expect("input"),
        seed_text(),
        "input intact"
    );
}

#[test]
fn write_errors_say_write_and_where() {
    let seed = fixture("text/seed.txt");
    let missing = "/nonexistent-dir-tassei/out.json";
    let r = tassei(&["extract", &seed, "-o", missing]);
    assert_fails(&r, 3, "cannot write", "missing directory");
    assert!(r.stderr.contains(missing), "{}", r.stderr);
    assert!(!r.stderr.contains("cannot read"), "{}", r.stderr);
    let r = tassei(&["extract", &seed, "-o", "/nonexistent-dir-tassei/out.csv"]);
    assert_fails(&r, 3, "cannot write", "missing directory, csv");
    if std::path::Path::new("/dev/full").exists() {
        let r = tassei(&["extract", &seed, "-o", "/dev/full"]);
        assert_fails(&r, 3, "/dev/full: cannot write", "/dev/full");
        let r = tassei(&[
            "diff",
            &seed,
            &fixture("text/edition2.txt"),
            "-o",
            "/dev/full",
        ]);
        assert_fails(&r, 3, "/dev/full: cannot write", "diff to /dev/full");
    } else {
        eprintln!("skipped: no /dev/full here");
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // Like `tassei extract … | head -1`: the reader goes away before the
    // ~170 KB document is written (more than a pipe holds), so the write
    // meets a closed pipe whenever the reader closes.
    for args in [
        vec!["extract", "-", "--format", "jsonl"],
        vec!["extract", "-"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tassei"))
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take()); // the reader is gone
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write;
            stdin.write_all(&seed_text()).expect("feed stdin");
        }
        let out = child.wait_with_output().expect("wait");
        let code = out.status.code();
        assert!(
            matches!(code, Some(0) | Some(141)),
            "{args:?}: exit {code:?}"
        );
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn quiet_and_verbose() {
    let seed = fixture("text/seed.txt");
    let dir = Scratch::new("verbose");
    let out = dir.s("r.json");
    let r = tassei(&["extract", &seed, "-o", &out, "--verbose"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stderr.contains("166 records"), "{}", r.stderr);
    assert!(r.stderr.contains(&out), "{}", r.stderr);
    // Global options go before or after the command.
    let r = tassei(&["-v", "validate", &out]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let r = tassei(&["validate", &out, "--quiet"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.is_empty() && r.stderr.is_empty(),
        "{}{}",
        r.stdout,
        r.stderr
    );
    let r = tassei(&["extract", &seed, "-o", &out, "-q"]);
    assert_eq!(r.code, Some(0));
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert_fails(
        &tassei(&["extract", &seed, "-q", "-v"]),
        2,
        "cannot be used with",
        "quiet and verbose",
    );
}

#[test]
fn batch_reads_a_list_of_paths_from_standard_input() {
    let dir = Scratch::new("batch-list");
    let a = dir.write("a.txt", &seed_text());
    let b = dir.write("b.txt", &seed_text());
    let missing = dir.s("missing.txt");
    let out = dir.s("out");
    // One a line (a Windows line end too); the missing path fails alone
    // with one line, the others are written, the exit is 1.
    let list = format!("{a}\n{missing}\r\n\n{b}\n");
    let r = tassei_with(
        &["batch", "-", "-o", &out, "--quiet"],
        Opts {
            stdin: Some(list.as_bytes()),
            ..Opts::default()
        },
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let failures: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains("cannot read"))
        .collect();
    assert_eq!(failures.len(), 1, "{}", r.stderr);
    assert!(failures[0].contains("missing.txt"), "{}", r.stderr);
    assert!(dir.path("out/a.json").is_file() && dir.path("out/b.json").is_file());
    let manifest = std::fs::read_to_string(dir.path("out/manifest.json")).expect("manifest");
    let m: serde_json::Value = serde_json::from_str(&manifest).expect("manifest JSON");
    assert_eq!(m["entries"].as_array().map(Vec::len), Some(3), "{manifest}");

    // NUL-separated (`find -print0`): a new line is part of a name.
    let odd = dir.write("line\nbreak.txt", &seed_text());
    let out2 = dir.s("out2");
    let r = tassei_with(
        &["batch", "-", "-0", "-o", &out2],
        Opts {
            stdin: Some(format!("{odd}\0").as_bytes()),
            ..Opts::default()
        },
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(dir.path("out2/line\nbreak.json").is_file());

    // --null needs `-`; `-` is read once.
    let r = tassei(&["batch", &a, "--null", "-o", &out2]);
    assert_fails(&r, 2, "give - as an input", "--null without -");
    let r = tassei_with(
        &["batch", "-", "-", "-o", &out2],
        Opts {
            stdin: Some(b""),
            ..Opts::default()
        },
    );
    assert_fails(&r, 2, "standard input (-) once", "two dashes");
}
