//! `tassei batch` cannot be tricked by what it finds in OUTDIR or in its
//! input directories: one crafted case per trap of issue 10, each run through
//! the built command under a 1 GiB address-space limit and a deadline.

use std::path::{Path, PathBuf};
use std::time::Duration;

#[path = "support/limited.rs"]
mod limited;

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn fresh_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tassei-traps-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("mkdir");
    d
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// `tassei batch ARGS…` under 1 GiB and 60 s: (exit code, stderr).
fn batch(args: &[&str]) -> (Option<i32>, String) {
    let mut all = vec!["batch"];
    all.extend_from_slice(args);
    let r = limited::run_limited(&all, Duration::from_secs(60));
    assert!(!r.timed_out, "batch {args:?} ran past its deadline");
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    (r.code, r.stderr)
}

fn json(p: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(p).expect("read")).expect("json")
}

fn entries(out: &Path) -> Vec<serde_json::Value> {
    json(&out.join("manifest.json"))["entries"]
        .as_array()
        .expect("entries")
        .clone()
}

fn entry_for(out: &Path, input_suffix: &str) -> serde_json::Value {
    entries(out)
        .into_iter()
        .find(|e| {
            e["input"]
                .as_str()
                .is_some_and(|i| i.ends_with(input_suffix))
        })
        .unwrap_or_else(|| panic!("no manifest entry for {input_suffix}"))
}

#[test]
fn a_symlink_in_outdir_is_never_written_through() {
    let input = fresh_dir("link-in");
    std::fs::copy(fixture("text/seed.txt"), input.join("seed.txt")).expect("copy");
    let outside = fresh_dir("link-outside");
    let victim = outside.join("victim.json");
    std::fs::write(&victim, "precious").expect("write");

    // An output name that is a link to a file outside OUTDIR: the input
    // fails, the file outside is untouched, the link stays a link.
    let out = fresh_dir("link-out");
    std::os::unix::fs::symlink(&victim, out.join("seed.json")).expect("symlink");
    let (rc, err) = batch(&[&s(&input), "-o", &s(&out), "--quiet"]);
    assert_eq!(rc, Some(1), "{err}");
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
    assert!(out.join("seed.json").is_symlink());
    assert_eq!(entry_for(&out, "seed.txt")["status"], "failed");

    // manifest.json a link: the run is refused before any work.
    let out = fresh_dir("link-manifest");
    std::os::unix::fs::symlink(&victim, out.join("manifest.json")).expect("symlink");
    let (rc, err) = batch(&[&s(&input), "-o", &s(&out), "--quiet"]);
    assert_eq!(rc, Some(3), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("manifest.json") && err.contains("symbolic link"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
    assert!(!out.join("seed.json").exists());

    // The lock file a link: refused, not followed.
    let out = fresh_dir("link-lock");
    std::os::unix::fs::symlink(&victim, out.join(".tassei.lock")).expect("symlink");
    let (rc, err) = batch(&[&s(&input), "-o", &s(&out), "--quiet"]);
    assert_eq!(rc, Some(3), "{err}");
    assert!(err.contains(".tassei.lock"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");

    // datapackage.json a link (CSV batches write it).
    let out = fresh_dir("link-package");
    std::os::unix::fs::symlink(&victim, out.join("datapackage.json")).expect("symlink");
    let (rc, err) = batch(&[&s(&input), "-o", &s(&out), "--format", "csv", "--quiet"]);
    assert_eq!(rc, Some(3), "{err}");
    assert!(err.contains("datapackage.json"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
}

#[test]
fn an_input_named_manifest_keeps_its_output() {
    let input = fresh_dir("manifest-in");
    std::fs::copy(fixture("pdf/seed_cid.pdf"), input.join("manifest.pdf")).expect("copy");
    std::fs::copy(fixture("text/seed.txt"), input.join("datapackage.txt")).expect("copy");
    let out = fresh_dir("manifest-out");
    let (rc, err) = batch(&[&s(&input), "-o", &s(&out), "--quiet"]);
    assert_eq!(rc, Some(0), "{err}");
    for (name, records) in [("manifest.pdf", 166), ("datapackage.txt", 166)] {
        let e = entry_for(&out, name);
        assert_eq!(e["status"], "ok", "{e}");
        let o = e["output"].as_str().expect("output");
        assert!(o != "manifest.json" && o != "datapackage.json", "{o}");
        let doc = json(&out.join(o));
        assert!(
            doc["source"]["path"]
                .as_str()
                .is_some_and(|p| p.ends_with(name)),
            "{o} holds another input's records"
        );
        assert_eq!(doc["records"].as_array().map(Vec::len), Some(records));
    }
    assert!(json(&out.join("manifest.json"))["tassei_version"].is_string());
}

#[test]
fn two_batches_with_common_names_keep_both_outputs() {
    let (a, b) = (fresh_dir("two-a"), fresh_dir("two-b"));
    std::fs::copy(fixture("text/seed.txt"), a.join("seed.txt")).expect("copy");
    std::fs::copy(fixture("text/edition2.txt"), b.join("seed.txt")).expect("copy");
    let out = fresh_dir("two-out");
    let (rc, err) = batch(&[&s(&a), "-o", &s(&out), "--quiet"]);
    assert_eq!(rc, Some(0), "{err}");
    let first = entry_for(&out, "two-a/seed.txt");
    let first_bytes = std::fs::read(out.join(first["output"].as_str().expect("out"))).expect("r");
    let (rc, err) = batch(&[&s(&b), "-o", &s(&out), "--quiet"]);
    assert_eq!(rc, Some(0), "{err}");
    // The manifest remembers both, each output holds its own input's records.
    assert_eq!(entries(&out).len(), 2, "{:?}", entries(&out));
    let (ea, eb) = (
        entry_for(&out, "two-a/seed.txt"),
        entry_for(&out, "two-b/seed.txt"),
    );
    assert_eq!(ea, first);
    assert_ne!(ea["output"], eb["output"]);
    for e in [&ea, &eb] {
        let doc = json(&out.join(e["output"].as_str().expect("output")));
        assert_eq!(doc["source"]["path"], e["input"]);
    }
    let now = std::fs::read(out.join(ea["output"].as_str().expect("out"))).expect("read");
    assert!(
        now == first_bytes,
        "the first batch's output was overwritten"
    );
    // Rerunning either keeps its name and skips it.
    let (_, err) = batch(&[&s(&a), "-o", &s(&out)]);
    assert!(err.contains("1 ok (1 unchanged, skipped)"), "{err}");
    assert_eq!(entry_for(&out, "two-a/seed.txt")["output"], ea["output"]);
}

#[test]
fn a_changed_or_truncated_output_is_redone_on_rerun() {
    let input = fresh_dir("trunc-in");
    std::fs::copy(fixture("text/seed.txt"), input.join("seed.txt")).expect("copy");
    let out = fresh_dir("trunc-out");
    let (rc, err) = batch(&[&s(&input), "-o", &s(&out), "--quiet"]);
    assert_eq!(rc, Some(0), "{err}");
    let path = out.join("seed.json");
    let good = std::fs::read(&path).expect("read");
    // Truncated: redone.
    std::fs::write(&path, &good[..good.len() / 2]).expect("truncate");
    let (rc, err) = batch(&[&s(&input), "-o", &s(&out)]);
    assert_eq!(rc, Some(0), "{err}");
    assert!(err.contains("1 ok (0 unchanged, skipped)"), "{err}");
    assert!(std::fs::read(&path).expect("read") == good);
    // Same length, one byte changed: redone.
    let mut changed = good.clone();
    if let Some(b) = changed.iter_mut().find(|b| b.is_ascii_digit()) {
        *b = if *b == b'9' { b'8' } else { b'9' };
    }
    std::fs::write(&path, &changed).expect("change");
    let (_, err) = batch(&[&s(&input), "-o", &s(&out)]);
    assert!(err.contains("1 ok (0 unchanged, skipped)"), "{err}");
    assert!(std::fs::read(&path).expect("read") == good);
    // Untouched: skipped.
    let (_, err) = batch(&[&s(&input), "-o", &s(&out)]);
    assert!(err.contains("1 ok (1 unchanged, skipped)"), "{err}");
    // What a rerun checks: the manifest records the output's sha256.
    assert_eq!(
        entry_for(&out, "seed.txt")["output_sha256"].as_str(),
        Some(tassei::pipeline::sha256_hex(&good).as_str())
    );
}

#[test]
fn stale_temporary_files_of_killed_runs_are_removed() {
    let input = fresh_dir("stale-in");
    std::fs::copy(fixture("text/seed.txt"), input.join("seed.txt")).expect("copy");
    let out = fresh_dir("stale-out");
    // PIDs are below pid_max (at most 2^22), so these processes cannot exist.
    let stale = [".seed.json.4194304.tmp", ".manifest.json.4194999.tmp"];
    for n in stale {
        std::fs::write(out.join(n), "half a docu").expect("write");
    }
    // A live process's temporary file (another writer) and files that are
    // not tassei's temporary files stay.
    let live = format!(".other.json.{}.tmp", std::process::id());
    let keep = [
        live.as_str(),
        ".notes.tmp",
        "notes.4194304.tmp",
        "readme.txt",
    ];
    for n in keep {
        std::fs::write(out.join(n), "keep").expect("write");
    }
    let (rc, err) = batch(&[&s(&input), "-o", &s(&out), "--quiet"]);
    assert_eq!(rc, Some(0), "{err}");
    for n in stale {
        assert!(!out.join(n).exists(), "{n} is still there");
    }
    for n in keep {
        assert!(out.join(n).exists(), "{n} was removed");
    }
}

#[test]
fn symlink_loops_in_input_directories_are_walked_once() {
    let input = fresh_dir("loop-in");
    std::fs::copy(fixture("text/seed.txt"), input.join("seed.txt")).expect("copy");
    for l in ["a", "b", "c"] {
        std::os::unix::fs::symlink(".", input.join(l)).expect("symlink");
    }
    std::fs::create_dir_all(input.join("sub")).expect("mkdir");
    std::os::unix::fs::symlink("..", input.join("sub/up")).expect("symlink");
    // The same file under a second name is one input, read by its own name.
    std::os::unix::fs::symlink("seed.txt", input.join("same.txt")).expect("symlink");
    let out = fresh_dir("loop-out");
    let (rc, err) = batch(&[&s(&input), "-o", &s(&out), "--quiet"]);
    assert_eq!(rc, Some(0), "{err}");
    let inputs: Vec<String> = entries(&out)
        .iter()
        .filter_map(|e| e["input"].as_str().map(String::from))
        .collect();
    assert_eq!(inputs, [s(&input.join("seed.txt"))], "{inputs:?}");
}

#[test]
fn only_report_files_are_taken_and_earlier_outdirs_are_skipped() {
    let input = fresh_dir("only-in");
    std::fs::copy(fixture("text/seed.txt"), input.join("seed.txt")).expect("copy");
    std::fs::copy(fixture("pdf/seed_cid.pdf"), input.join("SEED_CID.PDF")).expect("copy");
    std::fs::write(input.join("README.md"), "# reports\n").expect("write");
    std::fs::write(input.join("logo.png"), b"\x89PNG\r\n\x1a\n").expect("write");
    // An earlier batch's OUTDIR inside the input directory.
    let earlier = input.join("old-out");
    let (rc, err) = batch(&[&s(&input), "-o", &s(&earlier), "--quiet"]);
    assert_eq!(rc, Some(0), "{err}");
    std::fs::write(earlier.join("stray.txt"), "x").expect("write");
    let names = |out: &Path| -> Vec<String> {
        let mut v: Vec<String> = entries(out)
            .iter()
            .filter_map(|e| e["input"].as_str())
            .map(|i| i.strip_prefix(&s(&input)).unwrap_or(i).to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(&earlier), ["/SEED_CID.PDF", "/seed.txt"]);

    let out = fresh_dir("only-out");
    let (rc, err) = batch(&[&s(&input), "-o", &s(&out), "--quiet"]);
    assert_eq!(rc, Some(0), "{err}");
    assert_eq!(names(&out), ["/SEED_CID.PDF", "/seed.txt"]);

    // --glob chooses (case-insensitive, * and ?); tassei's folders stay out.
    let out = fresh_dir("only-glob");
    let (rc, err) = batch(&[&s(&input), "-o", &s(&out), "--glob", "*", "--quiet"]);
    assert_eq!(rc, Some(1), "{err}");
    assert_eq!(
        names(&out),
        ["/README.md", "/SEED_CID.PDF", "/logo.png", "/seed.txt"]
    );
    let out = fresh_dir("only-glob2");
    let (rc, err) = batch(&[&s(&input), "-o", &s(&out), "--glob", "s??d.TXT", "--quiet"]);
    assert_eq!(rc, Some(0), "{err}");
    assert_eq!(names(&out), ["/seed.txt"]);
}

#[test]
fn a_locked_outdir_is_refused_and_a_stale_lock_taken_over() {
    let input = fresh_dir("lock-in");
    std::fs::copy(fixture("text/seed.txt"), input.join("seed.txt")).expect("copy");
    let out = fresh_dir("lock-out");
    let lock = out.join(".tassei.lock");
    // Held by a live process (this test): refused, one line naming the lock
    // and the pid, nothing written.
    std::fs::write(&lock, format!("{}\n", std::process::id())).expect("write");
    let (rc, err) = batch(&[&s(&input), "-o", &s(&out), "--quiet"]);
    assert_eq!(rc, Some(3), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains(".tassei.lock"), "{err}");
    assert!(
        err.contains(&format!("pid {}", std::process::id())),
        "{err}"
    );
    assert!(!out.join("manifest.json").exists());
    assert!(lock.exists(), "someone else's lock was removed");
    // Left by a process that is gone: taken over, and released at the end.
    std::fs::write(&lock, "4194304\n").expect("write");
    let (rc, err) = batch(&[&s(&input), "-o", &s(&out), "--quiet"]);
    assert_eq!(rc, Some(0), "{err}");
    assert!(out.join("manifest.json").exists());
    assert!(!lock.exists(), "the lock is released");
}

#[test]
fn two_batches_started_together_never_both_write() {
    // Real processes racing for one OUTDIR: every run either completes or is
    // refused with the lock message; the manifest is whole at the end.
    let input = fresh_dir("race-in");
    for i in 0..6 {
        std::fs::copy(fixture("text/seed.txt"), input.join(format!("r{i}.txt"))).expect("copy");
    }
    let out = fresh_dir("race-out");
    let runs: Vec<_> = (0..4)
        .map(|_| {
            let (i, o) = (s(&input), s(&out));
            std::thread::spawn(move || batch(&[&i, "-o", &o, "--quiet"]))
        })
        .collect();
    let results: Vec<(Option<i32>, String)> = runs
        .into_iter()
        .map(|t| t.join().expect("thread"))
        .collect();
    for (rc, err) in &results {
        match rc {
            Some(0) => {}
            Some(3) => assert!(err.contains(".tassei.lock"), "{err}"),
            other => panic!("unexpected exit {other:?}: {err}"),
        }
    }
    assert!(results.iter().any(|r| r.0 == Some(0)));
    assert_eq!(entries(&out).len(), 6);
    assert!(!out.join(".tassei.lock").exists());
}
