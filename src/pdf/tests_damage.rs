//! Damaged font resources: each loses at most its own font's text, with a
//! `font_damaged` warning naming the font and the page; an intact font
//! tassei cannot decode still refuses the page.

use super::tests::Builder;
use super::tests_cid::{font_of, helvetica};
use super::*;
use lopdf::{dictionary, Object};

fn read(bytes: &[u8]) -> Result<Document, PdfError> {
    read_pdf(bytes, &PdfLimits::default())
}

/// The font-damage warnings of `doc` (message, page).
fn damage(doc: &Document) -> Vec<(String, Option<u32>)> {
    doc.warnings
        .iter()
        .filter(|w| w.class == WarningClass::FontDamaged)
        .map(|w| (w.message.clone(), w.page))
        .collect()
}

/// A Type0 font with glyph ids only (Adobe-Identity), whose ToUnicode
/// entry is `to_unicode`.
fn glyph_id_font(to_unicode: Object) -> Dictionary {
    let mut f = font_of("Identity-H", "Identity");
    f.set("ToUnicode", to_unicode);
    f
}

const TWO_FONTS: &[u8] = b"BT /F2 10 Tf 50 700 Td (Fine) Tj /F9 10 Tf 0 -20 Td <00410042> Tj ET";

#[test]
fn a_font_resource_that_is_no_dictionary_loses_only_its_text() {
    let mut b = Builder::new();
    b.font("F2", helvetica());
    b.font_object("F9", Object::Integer(7));
    let doc = read(&b.build(&[TWO_FONTS])).expect("read");
    assert_eq!(page_text(&doc.pages[0]), "Fine");
    let w = damage(&doc);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].0
            .starts_with("font F9 is damaged (the font resource is not a dictionary)")
            && w[0].0.contains("1 string(s) of its text are left out"),
        "{w:?}"
    );
    assert_eq!(w[0].1, Some(1));
}

#[test]
fn a_to_unicode_of_the_wrong_type_loses_the_text_nothing_else_decodes() {
    let mut b = Builder::new();
    b.font("F2", helvetica());
    b.font("F9", glyph_id_font(Object::Integer(5)));
    let doc = read(&b.build(&[TWO_FONTS, b"BT /F9 10 Tf 50 700 Td <0041> Tj ET"])).expect("read");
    assert_eq!(page_text(&doc.pages[0]), "Fine");
    let w = damage(&doc);
    assert_eq!(w.len(), 2, "one warning a page: {w:?}");
    assert!(
        w.iter()
            .all(|(m, _)| m.contains("its /ToUnicode is not a stream")),
        "{w:?}"
    );
    assert_eq!((w[0].1, w[1].1), (Some(1), Some(2)));
    // The same font intact (no ToUnicode at all) cannot be decoded: refused.
    let mut b = Builder::new();
    b.font("F2", helvetica());
    b.font("F9", glyph_id_font(Object::Null));
    assert!(matches!(
        read(&b.build(&[TWO_FONTS])),
        Err(PdfError::UndecodableFont { page: 1, ref font, .. }) if font == "F9"
    ));
}

#[test]
fn when_only_a_damaged_font_has_text_the_error_names_it() {
    let mut b = Builder::new();
    b.font_object("F9", Object::Integer(7));
    let e = read(&b.build(&[b"BT /F9 10 Tf 50 700 Td (x) Tj ET"])).expect_err("no text left");
    assert_eq!(
        e.to_string(),
        "font F9 on page 1 is damaged (the font resource is not a dictionary)"
    );
}

#[test]
fn damaged_entries_of_a_simple_font_are_named_and_its_text_read() {
    let mut b = Builder::new();
    b.font(
        "F1",
        dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "Bogus", "FontDescriptor" => 3,
            "FirstChar" => 72, "Widths" => vec![Object::string_literal("x"), 556.into()],
        },
    );
    let doc = read(&b.build(&[b"BT /F1 10 Tf 50 700 Td (Hi) Tj ET"])).expect("read");
    assert_eq!(page_text(&doc.pages[0]), "Hi");
    let w = damage(&doc);
    assert_eq!(w.len(), 1, "{w:?}");
    for part in [
        "font F1 is damaged (",
        "its /Encoding /Bogus is not a standard encoding (ignored)",
        "its /FontDescriptor is not a dictionary (ignored)",
        "its /Widths has 1 entry that is not a number (taken as 0)",
        "may be wrong",
    ] {
        assert!(w[0].0.contains(part), "{part}: {w:?}");
    }
}
