//! Every hostile PDF through the built command under a 1 GiB address-space
//! limit (RLIMIT_AS): it ends with the exit code of its class and one line on
//! stderr, never a panic, a signal or an allocation failure.

use std::os::unix::process::CommandExt;
use std::process::Command;

const GIB: libc::rlim_t = 1 << 30;

fn run_limited(args: &[&str]) -> (Option<i32>, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tassei"));
    cmd.args(args);
    // SAFETY: only calls the async-signal-safe setrlimit between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: GIB,
                rlim_max: GIB,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().expect("run tassei");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn hostile_files_under_one_gib() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/hostile");
    let out = std::env::temp_dir().join(format!("tassei-hostile-{}.json", std::process::id()));
    let out = out.to_string_lossy().into_owned();
    // (file, extra args, exit code, expected stderr text)
    let cases: &[(&str, &[&str], i32, &str)] = &[
        ("bomb_content.pdf", &[], 6, "decompression bomb"),
        ("bomb_tounicode.pdf", &[], 6, "decompression bomb"),
        ("bomb_objstm.pdf", &[], 6, "decompression bomb"),
        ("form_cycle.pdf", &[], 6, "levels of nested form XObjects"),
        ("form_chain.pdf", &[], 6, "levels of nested form XObjects"),
        ("page_tree_cycle.pdf", &[], 6, "page tree is cyclic"),
        // Read cleanly; one page with "KPI" is not a KPI report (class 5).
        ("page_tree_deep.pdf", &[], 5, "no KPI table"),
        ("many_pages.pdf", &[], 6, "more than the limit of 2000"),
        (
            "many_pages.pdf",
            &["--max-pages", "5000"],
            5,
            "no KPI table",
        ),
        ("huge_cell.pdf", &[], 6, "more than 200000 glyphs"),
        ("truncated.pdf", &[], 6, "truncated"),
        ("random.pdf", &[], 6, "not a PDF"),
        ("encrypted.pdf", &[], 6, "encrypted"),
        ("image_only.pdf", &[], 6, "no text layer"),
        ("undecodable_font.pdf", &[], 6, "font"),
    ];
    for (file, extra, code, needle) in cases {
        let path = format!("{dir}/{file}");
        let mut args = vec!["extract", path.as_str(), "-o", out.as_str()];
        args.extend_from_slice(extra);
        let (rc, err) = run_limited(&args);
        assert_eq!(rc, Some(*code), "{file} {extra:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{file}: {err}");
        assert!(
            err.contains(needle),
            "{file}: expected {needle:?} in {err:?}"
        );
        assert!(!err.contains("panicked"), "{file}: {err}");
    }
    // Every committed hostile PDF is covered.
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("hostile dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf") && n != "html_as.pdf" && n != "owner_password_only.pdf")
        .collect();
    files.sort();
    for f in files {
        assert!(cases.iter().any(|c| c.0 == f), "{f} has no case");
    }
    // The seed report still extracts under the same limit.
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/pdf/seed_libreoffice.pdf"
    );
    let (rc, err) = run_limited(&["extract", seed, "-o", out.as_str()]);
    assert_eq!(rc, Some(0), "{err}");
    let _ = std::fs::remove_file(&out);
}

#[test]
fn max_stream_bytes_flag() {
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/pdf/seed_chromium.pdf"
    );
    let (rc, err) = run_limited(&["extract", seed, "--max-stream-bytes", "1000"]);
    assert_eq!(rc, Some(6), "{err}");
    assert!(err.contains("more than 1000 bytes"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    let (rc, err) = run_limited(&["extract", seed, "--max-stream-bytes", "lots"]);
    assert_eq!(rc, Some(2), "{err}");
}
