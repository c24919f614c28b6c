//! `tassei::debug`: the SVG of a page, parsed as XML and checked against
//! what the stages themselves report for that page — the pdf stage's glyphs
//! and rules, the layout stage's cells, the table model's column roles, the
//! records and unparsed numbers of the page.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use roxmltree::{Document, Node};
use tassei::debug::{page_svg, page_svg_bytes, DebugError, DebugOptions};
use tassei::error::ErrorKind;
use tassei::layout::{page_outline, LayoutSettings};

fn svg_of(rel: &str, page: usize) -> String {
    let path = common::fixture(rel);
    page_svg(&path, page, &DebugOptions::default()).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn pdf_page(rel: &str, page: u32) -> tassei::pdf::Page {
    let bytes = std::fs::read(common::fixture(rel)).expect("fixture");
    let doc = tassei::pdf::read_pdf(&bytes, &Default::default()).expect("pdf");
    doc.pages
        .into_iter()
        .find(|p| p.number == page)
        .expect("page")
}

fn extracted(rel: &str) -> tassei::record::Document {
    let bytes = std::fs::read(common::fixture(rel)).expect("fixture");
    tassei::pipeline::extract_bytes(&bytes, rel, &Default::default()).expect("extracts")
}

fn layer<'a, 'i>(doc: &'a Document<'i>, id: &str) -> Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no layer {id}"))
}

/// The element children of a layer with tag `name`.
fn children<'a, 'i>(layer: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    layer
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == name)
        .collect()
}

fn f(n: &Node, a: &str) -> f64 {
    n.attribute(a)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("attribute {a} of {n:?}"))
}

fn title(n: &Node) -> String {
    n.children()
        .find(|c| c.tag_name().name() == "title")
        .and_then(|t| t.text())
        .unwrap_or("")
        .to_string()
}

fn text_of(n: &Node) -> String {
    n.descendants()
        .filter(|c| c.tag_name().name() == "text")
        .filter_map(|t| t.text())
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.006
}

/// Each cell of the layout stage is drawn once, where layout put it, with
/// its row, column and spans.
fn check_cells(svg: &Document, page: &tassei::pdf::Page) -> usize {
    let tables = page_outline(page, &LayoutSettings::default());
    let drawn = children(layer(svg, "cells"), "rect");
    let expected: Vec<_> = tables.iter().flat_map(|t| &t.cells).collect();
    assert_eq!(drawn.len(), expected.len(), "cells drawn");
    for (d, c) in drawn.iter().zip(&expected) {
        assert!(
            close(f(d, "x"), c.bbox.x0) && close(f(d, "y"), c.bbox.top),
            "{d:?} vs {c:?}"
        );
        assert!(
            close(f(d, "width"), c.bbox.x1 - c.bbox.x0),
            "{d:?} vs {c:?}"
        );
        assert!(
            close(f(d, "height"), c.bbox.bottom - c.bbox.top),
            "{d:?} vs {c:?}"
        );
        assert_eq!(f(d, "data-row") as usize, c.row);
        assert_eq!(f(d, "data-col") as usize, c.col);
        assert_eq!(f(d, "data-row-span") as usize, c.row_span);
        assert_eq!(f(d, "data-col-span") as usize, c.col_span);
    }
    assert_eq!(children(layer(svg, "tables"), "rect").len(), tables.len());
    expected.len()
}

/// Every figure the extraction places on the page has a badge with its id,
/// value and unit, inside the cell or after the line it was read from; and
/// nothing else has one.
fn check_figures(svg: &Document, rel: &str, page: u32) -> usize {
    let doc = extracted(rel);
    let on_page: Vec<_> = doc
        .records
        .iter()
        .filter(|r| r.page == Some(page))
        .collect();
    let badges = children(layer(svg, "figures"), "g");
    let want: BTreeSet<&str> = on_page.iter().map(|r| r.id.as_str()).collect();
    let got: BTreeSet<&str> = badges
        .iter()
        .filter_map(|b| b.attribute("data-id"))
        .collect();
    assert_eq!(got, want);
    assert_eq!(badges.len(), on_page.len());
    for r in &on_page {
        let b = badges
            .iter()
            .find(|b| b.attribute("data-id") == Some(&r.id))
            .expect("badge");
        assert_eq!(b.attribute("data-unit"), Some(r.unit.as_str()));
        assert_eq!(f(b, "data-value"), r.value);
        assert!(title(b).contains(&r.id), "{}", title(b));
        let cell = r.bbox.expect("a PDF record has a box");
        let rect = children(*b, "rect")[0];
        let (x0, y0) = (f(&rect, "x"), f(&rect, "y"));
        if matches!(r.cell, "target_line" | "kpi_line") {
            assert!(x0 >= cell.x1, "{} after its line", r.id);
        } else {
            assert!(
                x0 >= cell.x0 - 0.01 && y0 >= cell.top - 0.01,
                "{} in its cell",
                r.id
            );
            assert!(y0 < cell.bottom, "{} in its cell", r.id);
        }
    }
    on_page.len()
}

/// The role of each column band (`data-role`, `data-tag`), one per grid
/// column, in the first segment of the page.
fn roles(svg: &Document) -> Vec<(String, String, String)> {
    let mut seen = BTreeSet::new();
    children(layer(svg, "roles"), "rect")
        .iter()
        .filter(|r| seen.insert(r.attribute("data-col").unwrap_or("").to_string()))
        .map(|r| {
            (
                r.attribute("data-role").unwrap_or("").to_string(),
                r.attribute("data-tag").unwrap_or("").to_string(),
                title(r),
            )
        })
        .collect()
}

#[test]
fn seed_page_one() {
    let rel = "pdf/seed_chromium.pdf";
    let text = svg_of(rel, 1);
    let svg = Document::parse(&text).expect("well-formed XML");
    let page = pdf_page(rel, 1);

    // The page in PDF points, the page size as its viewBox.
    let p = layer(&svg, "page");
    assert_eq!(p.attribute("viewBox"), Some("0 0 841.92 594.96"));
    for id in [
        "roles", "cells", "tables", "rules", "glyphs", "text", "headers", "figures", "unparsed",
        "legend",
    ] {
        layer(&svg, id);
    }

    // The pdf stage: every glyph box and ruling line.
    assert_eq!(
        children(layer(&svg, "glyphs"), "rect").len(),
        page.glyphs.len()
    );
    assert_eq!(
        children(layer(&svg, "rules"), "line").len(),
        page.rules.len()
    );
    let chars: String = children(layer(&svg, "text"), "text")
        .iter()
        .filter_map(|t| t.text())
        .collect();
    assert!(chars.contains("正社員就職件数2,163件"), "text layer");

    // The layout stage: one ruled table of 33 cells; the 令和6年度 header
    // where layout found it.
    assert_eq!(check_cells(&svg, &page), 33);
    let cells = children(layer(&svg, "cells"), "rect");
    let header = cells
        .iter()
        .find(|c| title(c).ends_with("令和6年度"))
        .expect("header cell");
    assert_eq!((f(header, "data-row"), f(header, "data-col")), (0.0, 3.0));
    assert!(close(f(header, "x"), 559.94) && close(f(header, "y"), 96.67));
    let category = cells
        .iter()
        .find(|c| title(c).contains("マッチング・相談に"))
        .expect("category cell");
    // Merged over the eight rows below the 全体KPI row on this page.
    assert_eq!(f(category, "data-row-span"), 8.0);

    // The table model: roles per column, header paths as tooltips.
    let r = roles(&svg);
    let names: Vec<&str> = r.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(names, ["group", "measure", "value", "value"]);
    assert_eq!(r[2].1, "value FY2023");
    assert_eq!(r[3].1, "value FY2024");
    assert!(r[3].2.contains("header: 令和6年度"), "{}", r[3].2);
    assert!(r[1].2.contains("header: 取組概要"), "{}", r[1].2);

    // The figures: 2,163件 with its id on the 全体KPI row's FY2024 cell.
    assert_eq!(check_figures(&svg, rel, 1), 67);
    let fig = children(layer(&svg, "figures"), "g")
        .into_iter()
        .find(|g| g.attribute("data-id") == Some("s1.r1.fy2024.正社員就職件数"))
        .expect("2,163");
    assert_eq!(text_of(&fig), "2,163件");
    assert_eq!(fig.attribute("data-kind"), Some("actual"));
    assert_eq!(fig.attribute("data-fiscal-year"), Some("2024"));
    assert!(title(&fig).contains("as of 2024-12-31"), "{}", title(&fig));
    let kpi_2024 = cells
        .iter()
        .find(|c| f(c, "data-row") == 1.0 && f(c, "data-col") == 3.0)
        .expect("KPI row, FY2024");
    let badge = children(fig, "rect")[0];
    assert!(f(&badge, "x") >= f(kpi_2024, "x"));
    assert!(f(&badge, "x") + f(&badge, "width") <= f(kpi_2024, "x") + f(kpi_2024, "width"));
    assert!(f(&badge, "y") >= f(kpi_2024, "y"));
    assert!(f(&badge, "y") + f(&badge, "height") <= f(kpi_2024, "y") + f(kpi_2024, "height"));
    assert!(children(layer(&svg, "unparsed"), "g").is_empty());

    // The legend: a swatch of its own colour for every role.
    let legend = layer(&svg, "legend");
    let colours: BTreeSet<String> = legend
        .descendants()
        .filter(|n| n.attribute("class") == Some("swatch"))
        .filter(|n| {
            tassei::debug::style::RoleKind::ALL
                .iter()
                .any(|r| Some(r.name()) == n.attribute("data-key"))
        })
        .filter_map(|n| n.descendants().find_map(|c| c.attribute("fill")))
        .map(str::to_string)
        .collect();
    assert_eq!(colours.len(), tassei::debug::style::RoleKind::ALL.len());
    let summary = layer(&svg, "legend-summary").text().unwrap_or("");
    assert!(summary.contains("page 1 of 8"), "{summary}");
    assert!(summary.contains("67 figure(s) read"), "{summary}");
}

#[test]
fn calc_page_one_roles_and_figures() {
    let rel = "pdf/family_calc.pdf";
    let svg_text = svg_of(rel, 1);
    let svg = Document::parse(&svg_text).expect("well-formed XML");
    let page = pdf_page(rel, 1);
    assert_eq!(check_cells(&svg, &page), 200);
    let r = roles(&svg);
    let tags: Vec<&str> = r.iter().map(|x| x.1.as_str()).collect();
    assert_eq!(
        tags,
        [
            "row key",
            "group",
            "indicator",
            "unit",
            "value FY2023 target",
            "value FY2023 actual",
            "value FY2023 rate %",
            "value FY2024 target",
            "value FY2024 actual",
            "value FY2024 rate %",
            "text",
        ]
    );
    assert!(r[8].2.contains("header: 令和6年度 → 実績"), "{}", r[8].2);
    assert_eq!(check_figures(&svg, rel, 1), 102);
    // 県産品の海外輸出額, 令和6年度 実績.
    let fig = children(layer(&svg, "figures"), "g")
        .into_iter()
        .find(|g| g.attribute("data-value") == Some("874210"))
        .expect("874,210千円");
    assert_eq!(text_of(&fig), "874,210千円");
    assert_eq!(fig.attribute("data-kind"), Some("actual"));
}

#[test]
fn unparsed_numbers_are_drawn_with_their_reason() {
    let rel = "pdf/family_plan.pdf";
    let svg_text = svg_of(rel, 3);
    let svg = Document::parse(&svg_text).expect("well-formed XML");
    let want: Vec<_> = extracted(rel)
        .unparsed
        .into_iter()
        .filter(|u| u.page == Some(3))
        .collect();
    assert_eq!(want.len(), 2, "the fixture's two bare rates");
    let got = children(layer(&svg, "unparsed"), "g");
    assert_eq!(got.len(), want.len());
    for (g, u) in got.iter().zip(&want) {
        assert_eq!(g.attribute("data-reason"), Some(u.reason.as_str()));
        assert!(title(g).contains(&u.reason), "{}", title(g));
        assert!(text_of(g).starts_with("? "), "{}", text_of(g));
    }
    check_figures(&svg, rel, 3);
}

#[test]
fn page_out_of_range_and_non_pdf_are_typed_errors() {
    let seed = common::fixture("pdf/seed_chromium.pdf");
    for page in [0, 9] {
        let e = page_svg(&seed, page, &DebugOptions::default()).expect_err("no such page");
        assert!(
            matches!(e.kind, ErrorKind::Debug(DebugError::PageOutOfRange { page: p, pages: 8 }) if p == page),
            "{e:?}"
        );
        assert_eq!(e.exit_code(), 2);
        let line = e.to_string();
        assert!(
            line.contains("seed_chromium.pdf") && line.contains(&format!("page {page}")),
            "{line}"
        );
        assert!(!line.contains('\n'));
    }
    let text = common::fixture("text/seed.txt");
    let e = page_svg(&text, 1, &DebugOptions::default()).expect_err("a text report");
    assert!(
        matches!(e.kind, ErrorKind::Debug(DebugError::NotPdf)),
        "{e:?}"
    );
    let e = page_svg(Path::new("/nonexistent/x.pdf"), 1, &DebugOptions::default())
        .expect_err("missing");
    assert!(matches!(e.kind, ErrorKind::Io(_)), "{e:?}");
}

/// A one-page PDF: a line of text over a ruled 2×2 grid of words that no
/// KPI vocabulary knows.
fn no_kpi_pdf() -> Vec<u8> {
    let content = "BT /F1 10 Tf 50 260 Td (Minutes of the meeting) Tj ET \
                   0.5 w 50 150 m 250 150 l S 50 200 m 250 200 l S 50 250 m 250 250 l S \
                   50 150 m 50 250 l S 150 150 m 150 250 l S 250 150 m 250 250 l S \
                   BT /F1 10 Tf 60 220 Td (apple) Tj 100 0 Td (pear) Tj 0 -50 Td (plum) Tj -100 0 Td (fig) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offs = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offs.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let at = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", offs.len() + 1).as_bytes());
    for o in &offs {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{at}\n%%EOF\n",
            offs.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn a_page_the_table_model_refuses_is_still_drawn() {
    let bytes = no_kpi_pdf();
    let text = page_svg_bytes(&bytes, "minutes.pdf", 1, &DebugOptions::default())
        .expect("drawn although no KPI table");
    let svg = Document::parse(&text).expect("well-formed XML");
    assert_eq!(
        layer(&svg, "page").attribute("viewBox"),
        Some("0 0 300 300")
    );
    let cells = children(layer(&svg, "cells"), "rect");
    assert_eq!(cells.len(), 4, "the ruled 2×2 grid");
    assert!(cells.iter().any(|c| title(c).ends_with("apple")));
    assert_eq!(children(layer(&svg, "rules"), "line").len(), 6);
    assert!(children(layer(&svg, "roles"), "rect").is_empty());
    assert!(children(layer(&svg, "figures"), "g").is_empty());
    let notes: Vec<&str> = layer(&svg, "legend")
        .descendants()
        .filter(|n| n.attribute("class") == Some("note"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("table model: no KPI table found")),
        "{notes:?}"
    );
    // Out of range on this one-page PDF too.
    let e =
        page_svg_bytes(&bytes, "minutes.pdf", 2, &DebugOptions::default()).expect_err("one page");
    assert!(matches!(
        e,
        ErrorKind::Debug(DebugError::PageOutOfRange { page: 2, pages: 1 })
    ));
}

#[test]
fn scale_sets_the_size_not_the_coordinates() {
    let bytes = no_kpi_pdf();
    let opts = DebugOptions {
        scale: 2.0,
        text: false,
        ..Default::default()
    };
    let text = page_svg_bytes(&bytes, "m.pdf", 1, &opts).expect("drawn");
    let svg = Document::parse(&text).expect("well-formed XML");
    let root = svg.root_element();
    let vb: Vec<f64> = root
        .attribute("viewBox")
        .unwrap_or("")
        .split(' ')
        .filter_map(|v| v.parse().ok())
        .collect();
    assert_eq!(vb.len(), 4);
    assert!(close(f(&root, "width"), vb[2] * 2.0));
    assert!(close(f(&root, "height"), vb[3] * 2.0));
    assert!(
        children(layer(&svg, "text"), "text").is_empty(),
        "text: false"
    );
    assert!(!children(layer(&svg, "glyphs"), "rect").is_empty());
}

/// Every page of every fixture PDF draws as well-formed XML with a badge
/// for each figure the extraction places on it.
#[test]
fn every_fixture_page_draws() {
    for rel in [
        "pdf/seed_chromium.pdf",
        "pdf/seed_libreoffice.pdf",
        "pdf/seed_cid.pdf",
        "pdf/edition2_chromium.pdf",
        "pdf/family_calc.pdf",
        "pdf/family_writer.pdf",
        "pdf/family_slides.pdf",
        "pdf/family_plan.pdf",
    ] {
        let doc = extracted(rel);
        let pages = doc.source.pages.expect("a PDF has pages");
        let mut figures = 0;
        for page in 1..=pages {
            let text = svg_of(rel, page as usize);
            let svg = Document::parse(&text).unwrap_or_else(|e| panic!("{rel} p{page}: {e}"));
            figures += check_figures(&svg, rel, page);
        }
        assert_eq!(
            figures,
            doc.records.len(),
            "{rel}: every record on its page"
        );
    }
}

/// The first page of each real government PDF draws as well-formed XML
/// (or, for a scan, fails with the pdf stage's one-line error).
#[test]
fn real_pdfs_first_page() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} not present", dir.display());
        return;
    };
    let mut drawn = 0;
    for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
        if path.extension().and_then(|e| e.to_str()) != Some("pdf") {
            continue;
        }
        match page_svg(&path, 1, &DebugOptions::default()) {
            Ok(text) => {
                let svg =
                    Document::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                layer(&svg, "page");
                drawn += 1;
            }
            Err(e) => assert!(
                matches!(
                    e.kind,
                    ErrorKind::Pdf(tassei::pdf::PdfError::NoTextLayer { .. })
                ),
                "{}: {e}",
                path.display()
            ),
        }
    }
    eprintln!("drew page 1 of {drawn} real PDFs");
}
