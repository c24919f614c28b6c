//! The command line: bad input ends with one clear line on stderr and the
//! exit code of its class, never a panic.

use std::path::PathBuf;
use std::process::Command;

fn tassei(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tassei"))
        .args(args)
        .output()
        .expect("run tassei");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tassei-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write tmp");
    p
}

fn fixture(rel: &str) -> String {
    format!("{}/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn assert_fails(args: &[&str], code: i32, needle: &str) {
    let (rc, _, err) = tassei(args);
    assert_eq!(rc, code, "exit code for {args:?}: stderr {err}");
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line for {args:?}: {err}"
    );
    assert!(
        err.contains(needle),
        "{args:?}: expected {needle:?} in {err:?}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn extract_then_validate() {
    let out = std::env::temp_dir().join(format!("tassei-cli-out-{}.json", std::process::id()));
    let o = out.to_string_lossy().to_string();
    let (rc, _, err) = tassei(&["extract", &fixture("text/seed.txt"), "-o", &o]);
    assert_eq!(rc, 0, "{err}");
    let (rc, stdout, err) = tassei(&["validate", &o]);
    assert_eq!(rc, 0, "{err}");
    assert!(stdout.contains("valid (166 records)"), "{stdout}");
    let (rc, stdout, _) = tassei(&["extract", &fixture("text/seed.txt"), "--format", "jsonl"]);
    assert_eq!(rc, 0);
    assert_eq!(stdout.lines().count(), 166);
    assert!(stdout
        .lines()
        .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()));
}

#[test]
fn bad_inputs_fail_cleanly() {
    let empty = tmp("empty.txt", b"");
    assert_fails(
        &["extract", &empty.to_string_lossy()],
        4,
        "the file is empty",
    );
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let g = tmp("garbage.bin", &garbage);
    assert_fails(&["extract", &g.to_string_lossy()], 4, "binary data");
    let not_report = tmp("notes.txt", "買い物リスト\n牛乳\t2本\n".as_bytes());
    assert_fails(
        &["extract", &not_report.to_string_lossy()],
        5,
        "no KPI table found",
    );
    assert_fails(&["extract", "/nonexistent/report.pdf"], 3, "cannot read");
    assert_fails(&["bogus"], 2, "unknown command");
}

#[test]
fn validate_rejects_a_broken_document() {
    let bad = tmp(
        "bad.json",
        br#"{"tassei_version":"x","records":[{"id":""}]}"#,
    );
    assert_fails(&["validate", &bad.to_string_lossy()], 7, "schema violation");
    let not_json = tmp("bad2.json", b"{");
    assert_fails(
        &["validate", &not_json.to_string_lossy()],
        4,
        "invalid JSON",
    );
}

#[test]
fn hostile_pdfs_fail_with_one_line_reasons() {
    let h = |f: &str| fixture(&format!("hostile/{f}"));
    assert_fails(&["extract", &h("truncated.pdf")], 6, "truncated");
    assert_fails(&["extract", &h("random.pdf")], 6, "not a PDF");
    assert_fails(&["extract", &h("html_as.pdf")], 6, "not a PDF");
    assert_fails(&["extract", &h("encrypted.pdf")], 6, "encrypted");
    assert_fails(&["extract", &h("image_only.pdf")], 6, "no text layer");
    assert_fails(&["extract", &h("undecodable_font.pdf")], 6, "font F1");
}

#[test]
fn max_pages_is_enforced() {
    assert_fails(
        &["extract", &fixture("pdf/seed_cid.pdf"), "--max-pages", "3"],
        6,
        "pages",
    );
    assert_fails(
        &["extract", &fixture("pdf/seed_cid.pdf"), "--max-pages", "x"],
        2,
        "--max-pages",
    );
}
