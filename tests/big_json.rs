//! `validate` and `diff` refuse JSON inputs over `--max-json-bytes` before
//! reading them, and stay under 1 GiB of address space on the largest JSON
//! they accept: one clear line and exit 4, never an allocation failure.

use std::path::PathBuf;
use std::time::Duration;

#[path = "support/limited.rs"]
mod limited;

const DEFAULT_LIMIT: u64 = 8 * 1024 * 1024;

fn scratch() -> PathBuf {
    let d = std::env::temp_dir().join(format!("tassei-bigjson-{}", std::process::id()));
    std::fs::create_dir_all(&d).expect("mkdir");
    d
}

fn run(args: &[&str]) -> limited::Run {
    let r = limited::run_limited(args, Duration::from_secs(120));
    assert!(!r.timed_out, "{args:?} ran past its deadline");
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    r
}

/// A 200 MB JSON document (a sparse file: `{"records": [` then zeros).
fn big_sparse(dir: &std::path::Path) -> PathBuf {
    let p = dir.join("big.json");
    let f = std::fs::File::create(&p).expect("create");
    use std::io::Write;
    (&f).write_all(b"{\"records\": [").expect("write");
    f.set_len(200_000_000).expect("set_len");
    p
}

fn seed_json(dir: &std::path::Path) -> PathBuf {
    let p = dir.join("seed.json");
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/text/seed.txt");
    let r = run(&["extract", seed, "-o", &p.to_string_lossy()]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    p
}

#[test]
fn validate_and_diff_refuse_json_over_the_limit() {
    let dir = scratch();
    let big = big_sparse(&dir);
    let big = big.to_string_lossy();
    let want = format!(
        "{big}: the file is 200000000 bytes, over the limit of {DEFAULT_LIMIT} (--max-json-bytes)"
    );
    let seed = seed_json(&dir);
    let seed = seed.to_string_lossy();
    for args in [
        vec!["validate", &big],
        vec!["diff", &seed, &big],
        vec!["diff", &big, &seed, "--format", "json"],
    ] {
        let r = run(&args);
        assert_eq!(r.code, Some(4), "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.trim_end(), format!("tassei: {want}"), "{args:?}");
    }
    // The limit is a flag; normal files still pass.
    let r = run(&["validate", &seed]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("valid (166 records)"), "{}", r.stdout);
    let r = run(&["diff", &seed, &seed, "--format", "json"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let r = run(&["validate", &seed, "--max-json-bytes", "1000"]);
    assert_eq!(r.code, Some(4), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("over the limit of 1000 (--max-json-bytes)"),
        "{}",
        r.stderr
    );
    let r = run(&["diff", &seed, &seed, "--max-json-bytes", "1000"]);
    assert_eq!(r.code, Some(4), "{}", r.stderr);
    let r = run(&["validate", &seed, "--max-json-bytes", "lots"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
}

#[test]
fn a_json_stream_without_a_size_is_cut_at_the_limit() {
    // /dev/zero has no size in its metadata: the read itself stops.
    let r = run(&["validate", "/dev/zero"]);
    assert_eq!(r.code, Some(4), "{}", r.stderr);
    assert_eq!(r.stderr.trim_end().lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("(--max-json-bytes)"), "{}", r.stderr);
}

#[test]
fn the_largest_accepted_json_stays_under_one_gib() {
    // Just under the default limit, the worst shape for `validate`: every
    // element a schema violation.
    let dir = scratch();
    let n = (DEFAULT_LIMIT as usize - 64) / 2;
    let mut body = Vec::with_capacity(DEFAULT_LIMIT as usize);
    body.extend_from_slice(b"{\"tassei_version\": \"0.1.0\", \"records\": [");
    for _ in 0..n - 1 {
        body.extend_from_slice(b"0,");
    }
    body.extend_from_slice(b"0]}");
    assert!(body.len() as u64 <= DEFAULT_LIMIT);
    let p = dir.join("violations.json");
    std::fs::write(&p, &body).expect("write");
    let r = run(&["validate", &p.to_string_lossy()]);
    assert_eq!(r.code, Some(7), "{}", r.stderr);
    assert_eq!(r.stderr.trim_end().lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("schema violation"), "{}", r.stderr);
    let r = run(&["diff", &p.to_string_lossy(), &p.to_string_lossy()]);
    assert_eq!(r.code, Some(7), "{}", r.stderr);
    // `diff` holds two documents: two valid ones just under the limit, with
    // the most values a valid document can have per byte (empty notes).
    let mut doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(seed_json(&dir)).expect("read")).expect("json");
    let notes = (DEFAULT_LIMIT as usize - 200_000) / 3;
    doc["records"][0]["notes"] = serde_json::Value::from(vec![""; notes]);
    let bytes = serde_json::to_vec(&doc).expect("serialize");
    assert!(bytes.len() as u64 <= DEFAULT_LIMIT);
    let p = dir.join("notes.json");
    std::fs::write(&p, &bytes).expect("write");
    let p = p.to_string_lossy();
    let r = run(&["diff", &p, &p, "--format", "json"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let r = run(&["validate", &p]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}
