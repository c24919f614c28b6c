//! CID fonts without ToUnicode through the whole pipeline (issue 12): the
//! fixtures of `fixtures/gen/cid/make_cid_fixtures.py`.
//!
//! * `cid_identity_h.pdf` is section 1 of the seed report, laid out as
//!   `seed_cid.pdf` lays it out, with its HeiseiKakuGo-W5 font rewritten to
//!   Identity-H (Adobe-Japan1 CIDs) and no ToUnicode map — how InDesign and
//!   Distiller write their fonts. Its figures must be exactly those of
//!   section 1 of `seed_cid.pdf` (same report, same layout, `UniJIS-UCS2-H`).
//! * `cid_vertical.pdf` has a ruled table beside a vertical-writing heading
//!   (HeiseiMin-W3, Identity-V), a vertical note of two columns and a
//!   heading drawn four times at sub-point offsets (a shadow).

use std::path::{Path, PathBuf};

use tassei::pipeline::{extract_file, Options};
use tassei::textdump::{pages, TextOptions};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/pdf")
        .join(name)
}

/// The figures of a document: (id, value, unit, as-of) of every record of
/// section 1.
fn figures(doc: &tassei::record::Document) -> Vec<(String, f64, String, Option<String>)> {
    let mut v: Vec<_> = doc
        .records
        .iter()
        .filter(|r| r.section == 1)
        .map(|r| {
            (
                r.id.clone(),
                r.value,
                r.unit.clone(),
                r.as_of.as_ref().map(|d| format!("{d:?}")),
            )
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[test]
fn identity_h_without_to_unicode_extracts_its_figures() {
    let opts = Options::default();
    let doc = extract_file(&fixture("cid_identity_h.pdf"), &opts).expect("extract");
    let reference = extract_file(&fixture("seed_cid.pdf"), &opts).expect("extract seed_cid");
    let (ours, theirs) = (figures(&doc), figures(&reference));
    assert!(ours.len() >= 40, "{} figures", ours.len());
    assert_eq!(ours, theirs);
    let kpi = doc
        .records
        .iter()
        .find(|r| r.id == "s1.r1.fy2024.正社員就職件数")
        .expect("the section's KPI for FY2024");
    assert_eq!((kpi.value, kpi.unit.as_str()), (2163.0, "件"));
    // The `~` of `R1.8~R6.3累計` (Adobe-Japan1 CID 95) reads as a range.
    assert!(
        doc.records.iter().any(|r| r
            .period
            .as_ref()
            .is_some_and(|p| p.text.contains("R1.8~R6.3"))),
        "a period R1.8~R6.3"
    );
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn vertical_text_reads_as_lines_and_shadows_once() {
    let text = pages(&fixture("cid_vertical.pdf"), &TextOptions::default()).expect("text");
    let all: Vec<&str> = text[0].lines.iter().map(String::as_str).collect();
    let joined = all.join("\n");
    // Each vertical column is one run of text, its punctuation horizontal.
    assert!(joined.contains("達成状況（令和６年度）"), "{joined}");
    // The two columns of the note, right one first.
    let (a, b) = (
        joined.find("数値は、各年度末現在。").expect("right column"),
        joined.find("速報値を含む。").expect("left column"),
    );
    assert!(a < b, "{joined}");
    // The shadowed heading, drawn four times, is read once.
    assert_eq!(
        joined.matches("令和６年度 事業の達成状況").count(),
        1,
        "{joined}"
    );
    assert!(!joined.contains('︒') && !joined.contains('︵'), "{joined}");
    // The table's rows are not cut by the vertical heading beside them.
    for row in ["正社員就職件数 3,121件 2,163件", "相談件数 1,204件 1,517件"] {
        assert!(all.iter().any(|l| l.contains(row)), "{row}: {joined}");
    }
}

#[test]
fn vertical_fixture_table_figures_are_read() {
    let doc = extract_file(&fixture("cid_vertical.pdf"), &Options::default());
    // The page is a table of figures without a KPI report's structure; what
    // matters here is that the vertical text does not break reading it.
    match doc {
        Ok(d) => {
            let values: Vec<f64> = d.records.iter().map(|r| r.value).collect();
            let unparsed: Vec<&str> = d.unparsed.iter().map(|u| u.text.as_str()).collect();
            let any = values.contains(&2163.0) || unparsed.iter().any(|t| t.contains("2,163"));
            assert!(any, "{values:?} {unparsed:?}");
        }
        Err(e) => panic!("{e}"),
    }
}
