//! Every hostile PDF through the built command under a 1 GiB address-space
//! limit (RLIMIT_AS): it ends with the exit code of its class and one line on
//! stderr, never a panic, a signal or an allocation failure.

use std::os::unix::process::CommandExt;
use std::process::Command;

#[path = "support/crafted_pdfs.rs"]
mod crafted_pdfs;
#[path = "support/token_pdfs.rs"]
mod token_pdfs;

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
        ("bomb_objstm_escaped.pdf", &[], 6, "decompression bomb"),
        ("bomb_objstm_long_dict.pdf", &[], 6, "decompression bomb"),
        ("bomb_objstm_endstream.pdf", &[], 6, "decompression bomb"),
        ("bomb_xref_untyped.pdf", &[], 6, "decompression bomb"),
        ("bomb_xref_prev.pdf", &[], 6, "decompression bomb"),
        ("bomb_length_container.pdf", &[], 6, "decompression bomb"),
        ("bomb_objstm_encrypted.pdf", &[], 6, "decompression bomb"),
        // The container behind 20 /Lengths is decoded once: read cleanly.
        ("length_amplified.pdf", &[], 5, "no KPI table"),
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
    // Stream lengths inside object streams (plain and encrypted): the seed
    // report extracts.
    let readable = ["objstm_lengths.pdf", "objstm_lengths_encrypted.pdf"];
    for file in readable {
        let path = format!("{dir}/{file}");
        let (rc, err) = run_limited(&["extract", path.as_str(), "-o", out.as_str()]);
        assert_eq!(rc, Some(0), "{file}: {err}");
        let json = std::fs::read_to_string(&out).unwrap_or_default();
        assert!(json.contains("\"records\""), "{file}");
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
        assert!(
            cases.iter().any(|c| c.0 == f) || readable.contains(&f.as_str()),
            "{f} has no case"
        );
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

#[test]
fn a_chain_of_stream_lengths_is_no_stack_overflow() {
    // lopdf resolves a /Length by parsing the stream it names, which
    // resolves its own, and so on: 20,000 links overflowed the stack (a
    // SIGABRT). The page itself reads.
    let dir = std::env::temp_dir();
    let pdf = dir.join(format!("tassei-length-chain-{}.pdf", std::process::id()));
    let out = dir.join(format!("tassei-length-chain-{}.json", std::process::id()));
    std::fs::write(&pdf, crafted_pdfs::length_chain(20_000)).expect("write");
    let (rc, err) = run_limited(&[
        "extract",
        &pdf.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
    ]);
    let _ = std::fs::remove_file(&pdf);
    let _ = std::fs::remove_file(&out);
    assert_eq!(rc, Some(5), "{err}");
    assert!(err.contains("no KPI table"), "{err}");
}

#[test]
fn overlapping_stream_data_are_refused() {
    // 20,000 streams, each holding the rest in its data (1.4 MB): lopdf
    // kept every copy, 20 GB. Written here rather than committed.
    let pdf = crafted_pdfs::nested_streams(20_000);
    let dir = std::env::temp_dir();
    let path = dir.join(format!("tassei-nested-{}.pdf", std::process::id()));
    std::fs::write(&path, &pdf).expect("write");
    let (rc, err) = run_limited(&["extract", &path.to_string_lossy()]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(rc, Some(6), "{err}");
    assert!(err.contains("overlap"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn token_limit_under_one_gib() {
    let dir = std::env::temp_dir().join(format!("tassei-tokens-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("out.json").to_string_lossy().into_owned();
    let big = token_pdfs::zeros(16 << 20);
    let deep = token_pdfs::nested(1 << 20);
    // (name, file, extra args, exit code, expected stderr text)
    type Case<'a> = (&'a str, Vec<u8>, &'a [&'a str], i32, &'a str);
    let cases: Vec<Case> = vec![
        // 16 MiB array of zeros: lopdf would need ~1 GB.
        (
            "zeros.pdf",
            token_pdfs::token_pdf(&big, false),
            &[],
            6,
            "more than 3000000 objects/tokens",
        ),
        (
            "zeros_objstm.pdf",
            token_pdfs::token_pdf(&big, true),
            &[],
            6,
            "--max-pdf-tokens 3000000",
        ),
        (
            "deep.pdf",
            token_pdfs::token_pdf(&deep, false),
            &[],
            6,
            "objects/tokens",
        ),
        // Over a raised limit lopdf stops at its depth limit: no crash.
        (
            "deep.pdf",
            token_pdfs::token_pdf(&deep, false),
            &["--max-pdf-tokens", "10000000"],
            5,
            "no KPI table",
        ),
        (
            "deep_objstm.pdf",
            token_pdfs::token_pdf(&deep, true),
            &[],
            5,
            "no KPI table",
        ),
        (
            "small.pdf",
            token_pdfs::token_pdf(&token_pdfs::zeros(2000), false),
            &["--max-pdf-tokens", "100"],
            6,
            "more than 100 objects/tokens",
        ),
    ];
    for (name, pdf, extra, code, needle) in &cases {
        let path = dir.join(name);
        std::fs::write(&path, pdf).expect("write");
        let path = path.to_string_lossy().into_owned();
        let mut args = vec!["extract", path.as_str(), "-o", out.as_str()];
        args.extend_from_slice(extra);
        let (rc, err) = run_limited(&args);
        assert_eq!(rc, Some(*code), "{name} {extra:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{name}: {err}");
        assert!(
            err.contains(needle),
            "{name}: expected {needle:?} in {err:?}"
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    // A bad value is a usage error.
    let (rc, err) = run_limited(&["extract", "x.pdf", "--max-pdf-tokens", "lots"]);
    assert_eq!(rc, Some(2), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
