//! `tassei batch`: good reports produce documents, failures are recorded in
//! the manifest and make the exit status non-zero, a rerun skips unchanged
//! inputs, and the output is byte-identical with 1 and 4 threads.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn fresh_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tassei-batch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("mkdir");
    d
}

/// An input directory: two good reports (text and PDF), a corrupt PDF, a
/// file that is not a report, in a subdirectory too.
fn inputs(tag: &str) -> PathBuf {
    let d = fresh_dir(&format!("in-{tag}"));
    std::fs::copy(fixture("text/seed.txt"), d.join("seed.txt")).expect("copy");
    std::fs::create_dir_all(d.join("pdf")).expect("mkdir");
    std::fs::copy(fixture("pdf/seed_cid.pdf"), d.join("pdf/seed_cid.pdf")).expect("copy");
    std::fs::copy(fixture("hostile/truncated.pdf"), d.join("pdf/broken.pdf")).expect("copy");
    std::fs::write(d.join("shopping.txt"), "牛乳 2本\n").expect("write");
    d
}

fn batch(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tassei"))
        .arg("batch")
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn read_dir_bytes(d: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(d)
        .expect("read_dir")
        .filter_map(|e| e.ok())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn batch_reports_failures_and_skips_unchanged_inputs() {
    let input = inputs("rerun");
    let out = fresh_dir("out");
    let (rc, err) = batch(&[
        &input.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "--quiet",
    ]);
    assert_eq!(rc, 1, "{err}");
    assert!(err.contains("broken.pdf: the PDF is truncated"), "{err}");
    assert!(err.contains("shopping.txt: no KPI table found"), "{err}");
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest"))
            .expect("json");
    let entries = m["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 4);
    let by = |suffix: &str| {
        entries
            .iter()
            .find(|e| e["input"].as_str().is_some_and(|i| i.ends_with(suffix)))
            .expect("entry")
    };
    assert_eq!(by("seed.txt")["status"], "ok");
    assert_eq!(by("seed.txt")["records"], 166);
    assert_eq!(by("seed_cid.pdf")["output"], "seed_cid.json");
    assert_eq!(by("broken.pdf")["status"], "failed");
    assert!(by("broken.pdf")["error"]
        .as_str()
        .is_some_and(|e| e.contains("truncated")));
    assert!(by("shopping.txt")["output"].is_null());
    assert!(out.join("seed.json").exists() && out.join("seed_cid.json").exists());

    // Rerun: the good inputs are skipped (their files are not rewritten).
    let before = std::fs::metadata(out.join("seed_cid.json"))
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let (rc, err) = batch(&[&input.to_string_lossy(), "-o", &out.to_string_lossy()]);
    assert_eq!(rc, 1);
    assert!(
        err.contains("2 ok (2 unchanged, skipped), 2 failed"),
        "{err}"
    );
    let after = std::fs::metadata(out.join("seed_cid.json"))
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after);
    // A changed input is processed again.
    std::fs::copy(fixture("text/edition2.txt"), input.join("seed.txt")).expect("copy");
    let (_, err) = batch(&[&input.to_string_lossy(), "-o", &out.to_string_lossy()]);
    assert!(err.contains("2 ok (1 unchanged, skipped)"), "{err}");
}

#[test]
fn batch_output_is_identical_with_1_and_4_threads() {
    let input = inputs("threads");
    let (o1, o4) = (fresh_dir("j1"), fresh_dir("j4"));
    // Relative-path-free inputs: both runs name the same absolute files.
    batch(&[
        &input.to_string_lossy(),
        "-o",
        &o1.to_string_lossy(),
        "--jobs",
        "1",
        "--quiet",
    ]);
    batch(&[
        &input.to_string_lossy(),
        "-o",
        &o4.to_string_lossy(),
        "--jobs",
        "4",
        "--quiet",
    ]);
    let (a, b) = (read_dir_bytes(&o1), read_dir_bytes(&o4));
    assert_eq!(
        a.iter().map(|x| &x.0).collect::<Vec<_>>(),
        ["manifest.json", "seed.json", "seed_cid.json"]
    );
    assert!(a == b, "outputs differ between 1 and 4 threads");
}

#[test]
fn batch_csv_writes_a_datapackage() {
    let input = inputs("csv");
    let out = fresh_dir("csv");
    batch(&[
        &input.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "--format",
        "csv",
        "--quiet",
    ]);
    let pkg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("datapackage.json")).expect("pkg"))
            .expect("json");
    let paths: Vec<&str> = pkg["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .filter_map(|r| r["path"].as_str())
        .filter(|p| !tassei::opendata::is_companion_name(p)) // X.notes.csv…
        .collect();
    assert_eq!(paths, ["seed_cid.csv", "seed.csv"]); // sorted input paths: pdf/seed_cid.pdf < seed.txt
}

#[test]
fn batch_timeout_marks_an_input_failed() {
    // The mechanism, not a speed: no extraction finishes within 1 µs.
    let input = fresh_dir("slow");
    std::fs::copy(fixture("pdf/seed_libreoffice.pdf"), input.join("a.pdf")).expect("copy");
    let out = fresh_dir("slow-out");
    let (rc, err) = batch(&[
        &input.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "--timeout",
        "0.000001",
        "--quiet",
    ]);
    assert_eq!(rc, 1, "{err}");
    assert!(err.contains("a.pdf: timed out after"), "{err}");
    let m = std::fs::read_to_string(out.join("manifest.json")).expect("manifest");
    assert!(m.contains("timed out"));
}
