//! Resource-exhaustion PDFs (`fixtures/hostile/make_hostile.py`): each is
//! refused with its typed, one-line error — or read cleanly — within limits
//! that bound the work by counts (bytes inflated, nesting depth, pages,
//! glyphs, operators), never by time.

use std::path::PathBuf;

use tassei::pdf::{read_pdf, Document, PdfError, PdfLimits, MAX_FORM_DEPTH};

#[path = "support/token_pdfs.rs"]
mod token_pdfs;
use token_pdfs::{nested, token_pdf, zeros};

fn load(rel: &str) -> Vec<u8> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures")).join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", p.display()))
}

fn read_with(rel: &str, limits: &PdfLimits) -> Result<Document, PdfError> {
    read_pdf(&load(rel), limits)
}

fn err(rel: &str, limits: &PdfLimits) -> PdfError {
    match read_with(rel, limits) {
        Ok(d) => panic!("{rel}: read {} pages, expected an error", d.pages.len()),
        Err(e) => {
            let msg = e.to_string();
            assert_eq!(msg.lines().count(), 1, "{rel}: {msg}");
            assert!(!msg.contains("panicked"), "{rel}: {msg}");
            e
        }
    }
}

const MIB: u64 = 1024 * 1024;

#[test]
fn decompression_bombs_are_refused() {
    let d = PdfLimits::default();
    assert_eq!(d.max_stream_bytes, 64 * MIB);
    assert_eq!(d.max_total_stream_bytes, 256 * MIB);
    // Each file is a few KiB inflating to 2 GiB: page content, a font's
    // ToUnicode map, and the object stream lopdf inflates while loading.
    for rel in [
        "hostile/bomb_content.pdf",
        "hostile/bomb_tounicode.pdf",
        "hostile/bomb_objstm.pdf",
    ] {
        assert!(load(rel).len() < 16 * 1024, "{rel} should stay small");
        let e = err(rel, &d);
        assert_eq!(e, PdfError::StreamTooLarge { limit: 64 * MIB }, "{rel}");
        assert!(e.to_string().contains("decompression bomb"), "{e}");
    }
    // A lower per-stream limit applies to ordinary files too.
    let small = PdfLimits {
        max_stream_bytes: 1000,
        ..PdfLimits::default()
    };
    assert_eq!(
        err("pdf/seed_chromium.pdf", &small),
        PdfError::StreamTooLarge { limit: 1000 }
    );
}

#[test]
fn streams_lopdf_would_inflate_while_loading_are_capped() {
    // lopdf inflates object streams, cross-reference streams and the
    // containers behind indirect /Lengths while it loads a file, with no
    // cap. Each of these hides its 2 GiB bomb from a scan of the raw bytes
    // for "/ObjStm" or "/XRef": escaped names (/Obj#53tm, /Fl#61teDecode),
    // 5 KiB of dictionary before `stream`, "endstream" inside the data, an
    // xref stream without /Type at startxref, one behind /Prev and
    // /XRefStm, a container without /Type reached through a stream's
    // /Length, and a container of an encrypted file.
    let d = PdfLimits::default();
    for rel in [
        "hostile/bomb_objstm_escaped.pdf",
        "hostile/bomb_objstm_long_dict.pdf",
        "hostile/bomb_objstm_endstream.pdf",
        "hostile/bomb_xref_untyped.pdf",
        "hostile/bomb_xref_prev.pdf",
        "hostile/bomb_length_container.pdf",
        "hostile/bomb_objstm_encrypted.pdf",
    ] {
        assert!(load(rel).len() < 16 * 1024, "{rel} should stay small");
        assert_eq!(
            err(rel, &d),
            PdfError::StreamTooLarge { limit: 64 * MIB },
            "{rel}"
        );
    }
}

#[test]
fn a_container_behind_many_lengths_is_decoded_once() {
    // The /Length objects of 20 content streams sit in one container (no
    // /Type) that inflates to 40 MiB: lopdf would inflate it once per
    // stream (800 MiB in all); tassei decodes it once, so 100 MiB is enough.
    let rel = "hostile/length_amplified.pdf";
    assert!(load(rel).len() < 16 * 1024);
    let limits = PdfLimits {
        max_total_stream_bytes: 100 * MIB,
        ..PdfLimits::default()
    };
    let doc = read_with(rel, &limits).expect("length_amplified.pdf");
    assert_eq!(doc.pages.len(), 1);
    let text = tassei::pdf::page_text(&doc.pages[0]);
    assert!(text.contains("KPI 0") && text.contains("KPI 19"), "{text}");
    // Its 40 MiB count against the total like any stream's.
    let tight = PdfLimits {
        max_total_stream_bytes: 30 * MIB,
        ..PdfLimits::default()
    };
    assert_eq!(
        err(rel, &tight),
        PdfError::StreamsTooLarge { limit: 30 * MIB }
    );
}

#[test]
fn stream_lengths_inside_object_streams_are_read() {
    // seed_cid.pdf rewritten with every non-stream object and every
    // stream's /Length in an object stream (as pdfTeX writes /Length),
    // plain and RC4-encrypted (empty user password): the same pages, the
    // same glyphs.
    let d = PdfLimits::default();
    let seed = read_with("pdf/seed_cid.pdf", &d).expect("seed_cid.pdf");
    for rel in [
        "hostile/objstm_lengths.pdf",
        "hostile/objstm_lengths_encrypted.pdf",
    ] {
        let doc = read_with(rel, &d).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(doc.pages.len(), seed.pages.len(), "{rel}");
        for (a, b) in doc.pages.iter().zip(&seed.pages) {
            assert_eq!(a.glyphs.len(), b.glyphs.len(), "{rel}");
            assert_eq!(
                tassei::pdf::page_text(a),
                tassei::pdf::page_text(b),
                "{rel}"
            );
        }
    }
}

#[test]
fn total_inflated_bytes_are_bounded() {
    let tight = PdfLimits {
        max_total_stream_bytes: 20_000,
        ..PdfLimits::default()
    };
    let e = err("pdf/seed_chromium.pdf", &tight);
    assert_eq!(e, PdfError::StreamsTooLarge { limit: 20_000 });
    assert!(e.to_string().contains("in total"), "{e}");
    // The default budget reads every fixture.
    for rel in [
        "pdf/seed_cid.pdf",
        "pdf/seed_chromium.pdf",
        "pdf/seed_libreoffice.pdf",
    ] {
        assert!(read_with(rel, &PdfLimits::default()).is_ok(), "{rel}");
    }
}

#[test]
fn nested_and_cyclic_forms_are_refused() {
    let d = PdfLimits::default();
    let too_deep = PdfError::PageTooComplex {
        page: 1,
        what: "levels of nested form XObjects",
        limit: 12,
    };
    // A form that draws itself; a chain of 10,000 forms.
    assert_eq!(err("hostile/form_cycle.pdf", &d), too_deep);
    assert_eq!(err("hostile/form_chain.pdf", &d), too_deep);
    // Raising the limit past MAX_FORM_DEPTH does not make the recursion deeper.
    let high = PdfLimits {
        max_form_depth: 1_000_000,
        ..PdfLimits::default()
    };
    assert_eq!(
        err("hostile/form_chain.pdf", &high),
        PdfError::PageTooComplex {
            page: 1,
            what: "levels of nested form XObjects",
            limit: MAX_FORM_DEPTH,
        }
    );
}

#[test]
fn cyclic_and_deep_page_trees() {
    let d = PdfLimits::default();
    let e = err("hostile/page_tree_cycle.pdf", &d);
    assert!(
        matches!(&e, PdfError::Corrupt { detail } if detail.contains("page tree is cyclic")),
        "{e:?}"
    );
    // 100,000 nested /Pages nodes (in an object stream): read cleanly.
    let doc = read_with("hostile/page_tree_deep.pdf", &d).expect("deep page tree");
    assert_eq!(doc.pages.len(), 1);
    assert_eq!(tassei::pdf::page_text(&doc.pages[0]).trim(), "KPI");
}

#[test]
fn page_count_limit() {
    let e = err("hostile/many_pages.pdf", &PdfLimits::default());
    assert_eq!(
        e,
        PdfError::TooManyPages {
            pages: 5000,
            limit: 2000
        }
    );
    // Below the limit all 5,000 pages are read.
    let wide = PdfLimits {
        max_pages: 5000,
        ..PdfLimits::default()
    };
    let doc = read_with("hostile/many_pages.pdf", &wide).expect("5,000 pages");
    assert_eq!(doc.pages.len(), 5000);
    assert!(doc.pages.iter().all(|p| p.glyphs.len() == 9));
}

#[test]
fn enormous_cell_hits_the_glyph_limit() {
    let d = PdfLimits::default();
    assert_eq!(
        err("hostile/huge_cell.pdf", &d),
        PdfError::PageTooComplex {
            page: 1,
            what: "glyphs",
            limit: 200_000
        }
    );
    // With room for them, all 210,000 glyphs are read.
    let wide = PdfLimits {
        max_glyphs_per_page: 250_000,
        ..PdfLimits::default()
    };
    let doc = read_with("hostile/huge_cell.pdf", &wide).expect("huge cell");
    assert_eq!(doc.pages[0].glyphs.len(), 210_000);
    // The operator limit bounds the same page by its drawing operators.
    let few_ops = PdfLimits {
        max_ops_per_page: 1000,
        ..PdfLimits::default()
    };
    assert_eq!(
        err("hostile/huge_cell.pdf", &few_ops),
        PdfError::PageTooComplex {
            page: 1,
            what: "drawing operators",
            limit: 1000
        }
    );
}

#[test]
fn token_limit_refuses_huge_arrays_before_lopdf_parses() {
    let d = PdfLimits::default();
    assert_eq!(d.max_pdf_tokens, 3_000_000);
    let too_many = PdfError::TooManyTokens { limit: 3_000_000 };
    // 16 MiB of zeros: 8M tokens (lopdf would hold ~1 GB).
    let big = zeros(16 << 20);
    let plain = token_pdf(&big, false);
    let e = read_pdf(&plain, &d).expect_err("16 MiB array");
    assert_eq!(e, too_many);
    assert!(e.to_string().contains("--max-pdf-tokens 3000000"), "{e}");
    // The same inside a Flate object stream: a small file.
    let packed = token_pdf(&big, true);
    assert!(packed.len() < 100_000, "{}", packed.len());
    assert_eq!(read_pdf(&packed, &d).expect_err("packed array"), too_many);
    // A small array is fine either way, and a tight limit refuses it.
    for packed in [false, true] {
        let pdf = token_pdf(&zeros(2000), packed);
        let doc = read_pdf(&pdf, &d)
            .map_err(|e| e.to_string())
            .expect("small");
        assert_eq!(doc.pages.len(), 1);
        let tight = PdfLimits {
            max_pdf_tokens: 500,
            ..PdfLimits::default()
        };
        assert_eq!(
            read_pdf(&pdf, &tight).expect_err("tight"),
            PdfError::TooManyTokens { limit: 500 }
        );
    }
    // Stream data are not tokens: the seed reports read under a limit
    // far below their size in bytes.
    let seed = PdfLimits {
        max_pdf_tokens: 20_000,
        ..PdfLimits::default()
    };
    for rel in [
        "pdf/seed_chromium.pdf",
        "pdf/seed_libreoffice.pdf",
        "pdf/seed_cid.pdf",
    ] {
        read_with(rel, &seed).unwrap_or_else(|e| panic!("{rel}: {e}"));
    }
}

#[test]
fn huge_strings_count_by_their_bytes() {
    // lopdf copies a string's bytes: a 4 MiB string in an object stream
    // counts 32,768 tokens, not one.
    let mut big = b"(".to_vec();
    big.resize(4 << 20, b'x');
    big.push(b')');
    for packed in [false, true] {
        let pdf = token_pdf(&big, packed);
        let tight = PdfLimits {
            max_pdf_tokens: 20_000,
            ..PdfLimits::default()
        };
        assert_eq!(
            read_pdf(&pdf, &tight).expect_err("huge string"),
            PdfError::TooManyTokens { limit: 20_000 }
        );
        let doc = read_pdf(&pdf, &PdfLimits::default())
            .map_err(|e| e.to_string())
            .expect("within the default");
        assert_eq!(doc.pages.len(), 1);
    }
}

#[test]
fn million_deep_nesting_is_bounded() {
    // Neither tassei's readers nor lopdf recurse that deep.
    let deep = nested(1 << 20);
    let high = PdfLimits {
        max_pdf_tokens: 10_000_000,
        ..PdfLimits::default()
    };
    // Plain: 1M `[` count 4M tokens, over the default limit; over a
    // higher one lopdf stops at its depth limit (object 6 is not part of
    // the page, which reads).
    let plain = token_pdf(&deep, false);
    assert_eq!(
        read_pdf(&plain, &PdfLimits::default()).expect_err("deep"),
        PdfError::TooManyTokens { limit: 3_000_000 }
    );
    let doc = read_pdf(&plain, &high)
        .map_err(|e| e.to_string())
        .expect("high");
    assert_eq!(doc.pages.len(), 1);
    // In an object stream: tassei's reader (depth 128) drops the member
    // before counting, so lopdf never sees it.
    let packed = token_pdf(&deep, true);
    for limits in [PdfLimits::default(), high] {
        let doc = read_pdf(&packed, &limits)
            .map_err(|e| e.to_string())
            .expect("packed");
        assert_eq!(doc.pages.len(), 1);
    }
}
