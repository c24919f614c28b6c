//! `tassei text` and `tassei debug` from the command line: the library
//! calls (`textdump`, `debug`) wired as subcommands, with their errors and
//! exit codes.

#[path = "support/cli_run.rs"]
mod cli_run;

use cli_run::{assert_fails, fixture, tassei, Scratch};

#[test]
fn text_prints_each_page_like_pdftotext() {
    let r = tassei(&["text", &fixture("pdf/seed_chromium.pdf")]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // Eight pages, separated by form feeds; the seed's figure on page 1.
    assert_eq!(r.stdout.matches('\u{c}').count(), 8, "one form feed a page");
    let first = r.stdout.split('\u{c}').next().unwrap_or_default();
    assert!(first.contains("2,163件"), "{first}");
    // One page only, into a file.
    let s = Scratch::new("cli_text");
    let out = s.s("p2.txt");
    let r = tassei(&[
        "text",
        &fixture("pdf/seed_chromium.pdf"),
        "--page=2",
        "--layout",
        "-o",
        &out,
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let text = std::fs::read_to_string(&out).expect("written");
    assert_eq!(text.matches('\u{c}').count(), 1);
    assert!(!text.contains("2,163件"), "page 2 only");
}

#[test]
fn text_decodes_cid_fonts_without_to_unicode() {
    let r = tassei(&["text", &fixture("pdf/cid_identity_h.pdf"), "-p", "1"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("正社員就職件数 2,163件"), "{}", r.stdout);
}

#[test]
fn text_and_debug_refuse_what_they_cannot_read() {
    let seed = fixture("pdf/seed_chromium.pdf");
    let r = tassei(&["text", &seed, "--page", "9"]);
    assert_fails(&r, 2, "page", "a page past the end");
    let r = tassei(&["debug", &seed, "--page", "0"]);
    assert_fails(&r, 2, "out of range", "page 0");
    let r = tassei(&["debug", &fixture("text/seed.txt")]);
    assert_fails(&r, 6, "not a PDF", "a text report");
    let r = tassei(&["text", &fixture("text/seed.txt")]);
    assert_ne!(r.code, Some(0), "a text report has no PDF pages");
    let r = tassei(&["debug", &seed, "-o", &seed]);
    assert_fails(&r, 2, "", "the output is the input");
}

#[test]
fn debug_draws_the_page_with_its_cells_and_figures() {
    let s = Scratch::new("cli_debug");
    let out = s.s("page1.svg");
    let r = tassei(&[
        "debug",
        &fixture("pdf/seed_chromium.pdf"),
        "--page",
        "1",
        "-o",
        &out,
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let svg = std::fs::read_to_string(&out).expect("written");
    assert!(svg.starts_with("<?xml"), "an SVG document");
    for layer in ["glyphs", "rules", "cells", "roles", "figures", "legend"] {
        assert!(svg.contains(&format!("id=\"{layer}\"")), "layer {layer}");
    }
    assert!(
        svg.contains("s1.r1.fy2024.正社員就職件数"),
        "the seed's 2,163件 record"
    );
    // To stdout, the same drawing.
    let r = tassei(&["debug", &fixture("pdf/seed_chromium.pdf")]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, svg);
}
