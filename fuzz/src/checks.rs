//! What each fuzz target does with one input, and the invariants it asserts.
//! A violated invariant panics (the fuzzer records it as a crash). Used by
//! `fuzz/fuzz_targets/*.rs` and, through `#[path]`, by the main crate's
//! `tests/fuzz_regressions.rs`; depends on nothing but `tassei`.

use tassei::calendar::FiscalYear;
use tassei::emit::{render, Format};
use tassei::error::ErrorKind;
use tassei::normalize::{canonical_span, normalize, unwrap_lines};
use tassei::pipeline::{detect, extract_bytes, InputKind, Options};
use tassei::rules::{extract_cell, CellContext};

/// The fuzz targets, by the name of their directory under `fuzz/regressions/`.
pub const TARGETS: [&str; 4] = ["normalize", "rules", "pipeline_text", "pdf"];

/// Run the check of `target` on `data`. Returns false for an unknown target.
pub fn run(target: &str, data: &[u8]) -> bool {
    match target {
        "normalize" => check_normalize(data),
        "rules" => check_rules(data),
        "pipeline_text" => check_pipeline_text(data),
        "pdf" => check_pdf(data),
        _ => return false,
    }
    true
}

/// The normalizer: never panics, and is idempotent.
pub fn check_normalize(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    let n = normalize(&s);
    let again = normalize(&n);
    assert_eq!(again, n, "normalize is not idempotent on {s:?}");
    let _ = canonical_span(&s);
    let _ = canonical_span(&n);
    let u = unwrap_lines(&n);
    let _ = unwrap_lines(&s);
    let _ = canonical_span(&u);
}

/// Units a column header may state (the last slot: one taken from the input).
const UNIT_HINTS: [&str; 7] = ["件", "人", "社", "回", "%", "", "円"];
/// Labels a row's measure may give.
const LABELS: [&str; 3] = ["相談件数", "", "○正社員就職件数2年間で3,200件以上"];

/// The cell context and the cell text an input encodes:
/// byte 0 = flags (bit 0: fiscal year present; bits 1–3: unit hint;
/// bits 4–5: fallback label), byte 1 = fiscal year − 1980, the rest the
/// text (UTF-8, lossy). Unit hint 7 / label 3 take their value from the
/// text after a NUL byte (unit first, then label after another NUL).
pub struct RulesInput {
    pub fiscal_year: Option<FiscalYear>,
    pub unit_hint: Option<String>,
    pub fallback_label: Option<String>,
    pub text: String,
}

impl RulesInput {
    pub fn parse(data: &[u8]) -> RulesInput {
        let flags = data.first().copied().unwrap_or(0);
        let fy_byte = data.get(1).copied().unwrap_or(0);
        let rest = String::from_utf8_lossy(data.get(2..).unwrap_or(&[])).into_owned();
        let mut parts = rest.splitn(3, '\0');
        let text = parts.next().unwrap_or("").to_string();
        let extra_unit = parts.next().unwrap_or("").to_string();
        let extra_label = parts.next().unwrap_or("").to_string();
        let fiscal_year = (flags & 1 == 1).then(|| FiscalYear(1980 + i32::from(fy_byte)));
        let unit_hint = match (flags >> 1) & 7 {
            0 => None,
            7 => Some(extra_unit),
            k => Some(UNIT_HINTS[usize::from(k) - 1].to_string()),
        };
        let fallback_label = match (flags >> 4) & 3 {
            0 => None,
            3 => Some(extra_label),
            k => Some(LABELS[usize::from(k) - 1].to_string()),
        };
        RulesInput {
            fiscal_year,
            unit_hint,
            fallback_label,
            text,
        }
    }
}

/// The rules on normalized, unwrapped text (as the report stage hands them
/// a cell): values finite, parents in range and pointing backwards.
pub fn check_rules(data: &[u8]) {
    let input = RulesInput::parse(data);
    let ctx = CellContext {
        fiscal_year: input.fiscal_year,
        unit_hint: input.unit_hint.as_deref(),
        fallback_label: input.fallback_label.as_deref(),
    };
    let text = unwrap_lines(&normalize(&input.text));
    let r = extract_cell(&text, &ctx);
    for (i, f) in r.figures.iter().enumerate() {
        assert!(
            f.value.is_finite(),
            "figure {i} value {} not finite in {text:?}",
            f.value
        );
        if let Some(p) = f.parent {
            assert!(
                p < i,
                "figure {i} has parent {p} (not before it) in {text:?}"
            );
        }
    }
}

/// Text (or any bytes) through the whole pipeline: whatever extracts must
/// render in both formats, and the rendered JSON must parse. A schema error
/// here means the pipeline produced a document its own schema rejects.
pub fn check_pipeline_text(data: &[u8]) {
    let Ok(doc) = extract_bytes(data, "fuzz.txt", &Options::default()) else {
        return;
    };
    render_or_panic(&doc);
}

/// PDF bytes: `read_pdf` and the whole pipeline. A failure of `read_pdf`
/// must make the pipeline fail too; whatever extracts must render.
pub fn check_pdf(data: &[u8]) {
    let options = Options::default();
    let read = tassei::pdf::read_pdf(data, &options.pdf_limits);
    if std::env::var_os("TASSEI_FUZZ_CENSUS").is_some() {
        // One line per input, for counting outcomes (e.g. contained backend
        // panics) over a corpus: `TASSEI_FUZZ_CENSUS=1 pdf corpus/pdf -runs=0`.
        match &read {
            Ok(doc) => eprintln!("census: ok {} pages", doc.pages.len()),
            Err(e) => eprintln!("census: {}", census_class(e)),
        }
    }
    if let Ok(doc) = &read {
        for page in &doc.pages {
            for g in &page.glyphs {
                assert!(
                    [g.x0, g.top, g.x1, g.bottom, g.size]
                        .iter()
                        .all(|v| v.is_finite()),
                    "non-finite glyph {g:?} on page {}",
                    page.number
                );
            }
        }
    }
    let extracted = extract_bytes(data, "fuzz.pdf", &options);
    if read.is_err() && detect(data) == InputKind::Pdf {
        assert!(
            extracted.is_err(),
            "read_pdf failed but the pipeline succeeded"
        );
    }
    if let Ok(doc) = extracted {
        render_or_panic(&doc);
    }
}

fn census_class(e: &tassei::pdf::PdfError) -> &'static str {
    use tassei::pdf::PdfError as E;
    match e {
        E::NotPdf => "NotPdf",
        E::TooLarge { .. } => "TooLarge",
        E::Truncated { .. } => "Truncated",
        E::Corrupt { .. } => "Corrupt",
        E::Encrypted => "Encrypted",
        E::NoTextLayer { .. } => "NoTextLayer",
        E::UndecodableFont { .. } => "UndecodableFont",
        E::TooManyPages { .. } => "TooManyPages",
        E::PageTooComplex { .. } => "PageTooComplex",
        E::Panic { .. } => "Panic",
        _ => "other",
    }
}

fn render_or_panic(doc: &tassei::record::Document) {
    for format in [Format::Json, Format::JsonLines] {
        match render(doc, format) {
            Ok(bytes) => {
                if format == Format::Json {
                    let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&bytes);
                    assert!(parsed.is_ok(), "rendered JSON does not parse");
                }
            }
            Err(ErrorKind::Schema(e)) => {
                panic!("schema violation in a rendered document: {e} {:?}", e.all)
            }
            Err(e) => panic!("render failed: {e}"),
        }
    }
}
