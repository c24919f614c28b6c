//! CID fonts without ToUnicode (decoded by character collection), vertical
//! writing, and lenient reading (issue 12).

use super::tests::{cid_font, Builder};
use super::*;
use lopdf::{dictionary, Object};

fn read(bytes: &[u8]) -> Result<Document, PdfError> {
    read_pdf(bytes, &PdfLimits::default())
}

/// A Type0 font whose descendant names `ordering` (Registry Adobe).
pub(super) fn font_of(encoding: &str, ordering: &str) -> Dictionary {
    let mut f = cid_font(encoding, vec![]);
    if let Ok(Object::Array(d)) = f.get_mut(b"DescendantFonts") {
        if let Some(Object::Dictionary(desc)) = d.first_mut() {
            desc.set(
                "CIDSystemInfo",
                dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal(ordering), "Supplement" => 0 },
            );
        }
    }
    f
}

pub(super) fn helvetica() -> Dictionary {
    dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" }
}

#[test]
fn japan1_identity_h_without_to_unicode_decodes() {
    let mut b = Builder::new();
    b.font("F1", font_of("Identity-H", "Japan1"));
    // "2,163件" as Adobe-Japan1 CIDs (UniJIS-UCS2-H: '0' = 17, ',' = 13, 件 = 1861)
    let pdf = b.build(&[b"BT /F1 10 Tf 50 700 Td <0013000D00120017001407 45> Tj ET"]);
    let doc = read(&pdf).expect("read");
    assert_eq!(page_text(&doc.pages[0]), "2,163件");
}

#[test]
fn other_collections_decode_by_cid() {
    // 中 in each collection (the CID its Unicode CMap gives U+4E2D).
    for (ordering, cmap) in [
        ("GB1", "UniGB-UCS2-H"),
        ("CNS1", "UniCNS-UCS2-H"),
        ("Korea1", "UniKS-UCS2-H"),
    ] {
        let cid = super::collections::predefined_cmap(cmap)
            .and_then(|p| p.cid(0x4E2D, 2))
            .expect("a CID for 中");
        let mut b = Builder::new();
        b.font("F1", font_of("Identity-H", ordering));
        let content = format!("BT /F1 10 Tf 50 700 Td <{cid:04X}> Tj ET");
        let doc = read(&b.build(&[content.as_bytes()])).expect(ordering);
        assert_eq!(page_text(&doc.pages[0]), "中", "{ordering}");
    }
}

#[test]
fn partial_to_unicode_is_completed_by_the_collection() {
    let mut b = Builder::new();
    // The ToUnicode map knows CID 843 only (as "X", to tell it from あ).
    let tu = b"begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfchar <034B> <0058> endbfchar endcmap".to_vec();
    let tu_id = b.stream(Dictionary::new(), tu);
    let mut f = font_of("Identity-H", "Japan1");
    f.set("ToUnicode", Object::Reference(tu_id));
    b.font("F1", f);
    let pdf = b.build(&[b"BT /F1 10 Tf 50 700 Td <034B034D> Tj ET"]);
    let doc = read(&pdf).expect("read");
    assert_eq!(page_text(&doc.pages[0]), "Xい");
}

#[test]
fn identity_collection_without_to_unicode_is_undecodable() {
    let mut b = Builder::new();
    b.font("F9", font_of("Identity-H", "Identity"));
    let pdf = b.build(&[b"BT /F9 12 Tf 50 700 Td <00410042> Tj ET"]);
    let e = read(&pdf).expect_err("glyph ids only");
    assert_eq!(
        e.to_string(),
        "font F9 on page 1 has no ToUnicode map and no known character collection (glyph ids only), so its text cannot be decoded"
    );
}

#[test]
fn vertical_text_is_one_line_in_its_column() {
    let mut b = Builder::new();
    b.font("F1", font_of("Identity-V", "Japan1"));
    b.font("F2", helvetica());
    // あい。 (CIDs 843, 845 and the vertical 。 7888) down from (100, 700),
    // and a horizontal word beside it at the height of the second glyph.
    let pdf = b.build(&[
        b"BT /F1 10 Tf 100 700 Td <034B034D1ED0> Tj ET BT /F2 10 Tf 150 680 Td (Total) Tj ET",
    ]);
    let doc = read(&pdf).expect("read");
    let p = &doc.pages[0];
    let vert: Vec<&Glyph> = p.glyphs.iter().filter(|g| g.x0 < 140.0).collect();
    let s: String = vert.iter().map(|g| g.ch).collect();
    assert_eq!(s, "あい。");
    // The column's box: x 95–105 (centred on the origin), from 8.8 + 2 pt
    // below the first glyph's vertical origin (user y 700 → top 100) down
    // three glyphs.
    for g in &vert {
        assert!(g.x0 >= 95.0 - 1e-6 && g.x1 <= 105.0 + 1e-6, "{g:?}");
        assert!(
            (g.top - 100.8).abs() < 1e-6 && (g.bottom - 130.8).abs() < 1e-6,
            "{g:?}"
        );
    }
    assert!(vert.windows(2).all(|w| w[0].x1 <= w[1].x0 + 1e-9));
    assert_eq!(page_text(p), "あい。 Total");
}

#[test]
fn vertical_predefined_cmap_and_tj_adjustments() {
    let mut b = Builder::new();
    b.font("F1", font_of("UniJIS-UCS2-V", "Japan1"));
    // 、 (U+3001 selects the vertical CID 7887) then a TJ gap of one em: in
    // vertical writing a positive number moves down the column (text space
    // y − n/1000 × size, as poppler does): still one column.
    let pdf = b.build(&[b"BT /F1 10 Tf 100 700 Td [<30423001> 1000 <3044>] TJ ET"]);
    let doc = read(&pdf).expect("read");
    let p = &doc.pages[0];
    assert_eq!(page_text(p), "あ、い");
    // three glyphs over four ems: 10.8 below the origin to 40.8 + 10
    let top = p.glyphs.iter().map(|g| g.top).fold(f64::MAX, f64::min);
    let bottom = p.glyphs.iter().map(|g| g.bottom).fold(f64::MIN, f64::max);
    assert!(
        (top - 100.8).abs() < 1e-6 && (bottom - 140.8).abs() < 1e-6,
        "{top} {bottom}"
    );
}

#[test]
fn lenient_reading_names_the_undecodable_page() {
    let mut b = Builder::new();
    b.font("F9", font_of("Identity-H", "Identity"));
    b.font("F2", helvetica());
    let pdf = b.build(&[
        b"BT /F2 10 Tf 50 700 Td (Fine) Tj ET",
        b"BT /F9 12 Tf 50 700 Td <00410042> Tj ET",
    ]);
    assert!(read(&pdf).is_err());
    let (doc, bad) = read_pdf_lenient(&pdf, &PdfLimits::default()).expect("lenient");
    assert_eq!(doc.pages.len(), 2);
    assert_eq!(page_text(&doc.pages[0]), "Fine");
    assert!(doc.pages[1].glyphs.is_empty());
    assert!(
        matches!(&bad[..], [PdfError::UndecodableFont { page: 2, font, .. }] if font == "F9"),
        "{bad:?}"
    );
}

#[test]
fn private_use_glyphs_are_reported_naming_the_font() {
    let mut b = Builder::new();
    let tu = b"begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0001> <E001> <034B> <3042> endbfchar endcmap".to_vec();
    let tu_id = b.stream(Dictionary::new(), tu);
    let mut f = font_of("Identity-H", "Japan1");
    f.set("ToUnicode", Object::Reference(tu_id));
    b.font("F3", f);
    let pdf = b.build(&[
        b"BT /F3 10 Tf 50 700 Td <0001034B0001> Tj ET",
        b"BT /F3 10 Tf 50 700 Td <0001> Tj ET",
    ]);
    let doc = read(&pdf).expect("read");
    assert_eq!(page_text(&doc.pages[0]), "\u{E001}あ\u{E001}");
    // Once per font, on the first page that shows one.
    let w: Vec<_> = doc
        .warnings
        .iter()
        .filter(|w| w.class == crate::warning::WarningClass::PrivateUseGlyphs)
        .collect();
    assert_eq!(w.len(), 1, "{:?}", doc.warnings);
    assert_eq!(w[0].page, Some(1));
    assert!(
        w[0].message.starts_with("font F3 shows 2 glyph(s)"),
        "{}",
        w[0].message
    );
}

#[test]
fn shift_jis_base_font_and_simple_truetype_with_japanese_to_unicode() {
    // What Word and pdfFactory write: a BaseFont name in raw Shift-JIS
    // bytes (ＭＳ 明朝), a simple TrueType subset whose ToUnicode map carries
    // Japanese, and a WinAnsi "twin" of the same font for ASCII.
    let mut b = Builder::new();
    let tu = b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <21> <4EF6> <22> <6570> endbfchar endcmap".to_vec();
    let tu_id = b.stream(Dictionary::new(), tu);
    let sjis_name = b"\x82l\x82r\x96\xbe\x92\xa9".to_vec();
    let jp = dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => Object::Name(sjis_name.clone()),
        "FirstChar" => 33, "LastChar" => 34, "Widths" => vec![1000.into(), 1000.into()],
        "ToUnicode" => Object::Reference(tu_id),
    };
    let twin = dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => Object::Name(sjis_name),
        "Encoding" => "WinAnsiEncoding", "FirstChar" => 32, "LastChar" => 57,
        "Widths" => vec![Object::Integer(500); 26],
    };
    b.font("F1", jp);
    b.font("F2", twin);
    let pdf = b.build(&[b"BT /F2 10 Tf 50 700 Td (12) Tj /F1 10 Tf (!\") Tj ET"]);
    let doc = read(&pdf).expect("read");
    assert_eq!(page_text(&doc.pages[0]), "12件数");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}
