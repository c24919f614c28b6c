//! Unit tests on PDFs built in memory with lopdf. Every PDF read through
//! [`read`] is read twice — with tassei's interpreter and with pdf-extract
//! forced on every page — and the results must be identical.

use super::*;
use lopdf::{dictionary, Document as LoDoc, Object, Stream};

pub(super) struct Builder {
    doc: LoDoc,
    pub(super) fonts: Dictionary,
    xobjects: Dictionary,
    page_extra: Dictionary,
}

impl Builder {
    pub(super) fn new() -> Builder {
        Builder {
            doc: LoDoc::with_version("1.5"),
            fonts: Dictionary::new(),
            xobjects: Dictionary::new(),
            page_extra: Dictionary::new(),
        }
    }

    pub(super) fn font(&mut self, name: &str, dict: Dictionary) -> &mut Self {
        self.font_object(name, Object::Dictionary(dict))
    }

    /// A font resource that may be any object (a damaged one).
    pub(super) fn font_object(&mut self, name: &str, o: Object) -> &mut Self {
        let id = self.doc.add_object(o);
        self.fonts.set(name, Object::Reference(id));
        self
    }

    pub(super) fn xobject(&mut self, name: &str, s: Stream) -> &mut Self {
        let id = self.doc.add_object(s);
        self.xobjects.set(name, Object::Reference(id));
        self
    }

    pub(super) fn helvetica(&mut self) -> &mut Self {
        self.font("F1", dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" })
    }

    pub(super) fn stream(&mut self, dict: Dictionary, data: Vec<u8>) -> ObjectId {
        self.doc.add_object(Stream::new(dict, data))
    }

    pub(super) fn build(&mut self, pages: &[&[u8]]) -> Vec<u8> {
        let pages_id = self.doc.new_object_id();
        let resources =
            dictionary! { "Font" => self.fonts.clone(), "XObject" => self.xobjects.clone() };
        let mut kids = Vec::new();
        for content in pages {
            let cid = self
                .doc
                .add_object(Stream::new(Dictionary::new(), content.to_vec()));
            let mut page = dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => cid,
                "Resources" => resources.clone(),
            };
            for (k, v) in self.page_extra.iter() {
                page.set(k.clone(), v.clone());
            }
            kids.push(Object::Reference(self.doc.add_object(page)));
        }
        let n = kids.len() as i64;
        self.doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => n, "MediaBox" => vec![0.into(), 0.into(), 600.into(), 800.into()] }),
        );
        let catalog = self
            .doc
            .add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        self.doc.trailer.set("Root", catalog);
        let mut buf = Vec::new();
        self.doc.save_to(&mut buf).expect("save test pdf");
        buf
    }
}

/// Read with the default engine, checking that pdf-extract forced on every
/// page gives exactly the same result.
fn read(bytes: &[u8]) -> Result<Document, PdfError> {
    let limits = PdfLimits::default();
    let auto = read_pdf_with(bytes, &limits, Engine::Auto).map(|(d, _)| d);
    let forced = read_pdf_with(bytes, &limits, Engine::PdfExtract).map(|(d, _)| d);
    assert_eq!(auto, forced, "the interpreter and pdf-extract disagree");
    auto
}

fn text(doc: &Document) -> String {
    doc.pages
        .iter()
        .map(page_text)
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn cid_font(encoding: &str, w: Vec<Object>) -> Dictionary {
    dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "HeiseiKakuGo-W5", "Encoding" => encoding,
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "HeiseiKakuGo-W5",
            "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Japan1"), "Supplement" => 2 },
            "FontDescriptor" => dictionary! { "Type" => "FontDescriptor", "FontName" => "HeiseiKakuGo-W5", "Flags" => 4 },
            "DW" => 1000, "W" => w,
        })],
    }
}

#[test]
fn simple_font_text_and_position() {
    let pdf = Builder::new()
        .helvetica()
        .build(&[b"BT /F1 10 Tf 100 700 Td (Hello) Tj ET"]);
    let doc = read(&pdf).expect("read");
    assert_eq!(doc.pages.len(), 1);
    let p = &doc.pages[0];
    assert_eq!((p.width, p.height), (600.0, 800.0));
    assert_eq!(page_text(p), "Hello");
    let h = p.glyphs[0];
    assert!((h.x0 - 100.0).abs() < 1e-6, "{h:?}");
    // baseline at y = 800 - 700 = 100 (top-left origin); box 8 above, 2 below
    assert!(
        (h.bottom - 102.0).abs() < 1e-6 && (h.top - 92.0).abs() < 1e-6,
        "{h:?}"
    );
    // Helvetica 'H' is 722/1000 wide
    assert!((h.x1 - h.x0 - 7.22).abs() < 1e-6, "{h:?}");
    assert!((h.size - 10.0).abs() < 1e-9);
}

#[test]
fn ucs2_predefined_cmap_with_range_widths() {
    // reportlab's UnicodeCIDFont('HeiseiKakuGo-W5'): UniJIS-UCS2-H, no ToUnicode,
    // /W with the `first last width` form pdf-extract misreads.
    let w = vec![
        1.into(),
        Object::Array(vec![277.into(); 16]),
        17.into(),
        26.into(),
        668.into(),
    ];
    let mut b = Builder::new();
    b.font("F2", cid_font("UniJIS-UCS2-H", w));
    // "2,163件" as UCS-2
    let pdf = b.build(&[b"BT /F2 10 Tf 50 700 Td <0032002C003100360033 4EF6> Tj ET"]);
    let doc = read(&pdf).expect("read");
    let p = &doc.pages[0];
    assert_eq!(page_text(p), "2,163件");
    let two = p.glyphs[0];
    assert!(
        (two.x1 - two.x0 - 6.68).abs() < 1e-3,
        "digit width from the range form: {two:?}"
    );
    let comma = p.glyphs[1];
    assert!((comma.x1 - comma.x0 - 2.77).abs() < 1e-3, "{comma:?}");
    let ken = p.glyphs[5];
    assert!(
        (ken.x1 - ken.x0 - 10.0).abs() < 1e-3,
        "kanji uses DW: {ken:?}"
    );
    // glyphs are contiguous
    assert!((p.glyphs[1].x0 - two.x1).abs() < 1e-3);
}

#[test]
fn rksj_mixed_one_and_two_byte_codes() {
    let w = vec![231.into(), 632.into(), 500.into()];
    let mut b = Builder::new();
    b.font("F3", cid_font("90ms-RKSJ-H", w));
    // "A件1" in Shift_JIS: 41 8C8F 31
    let pdf = b.build(&[b"BT /F3 12 Tf 50 700 Td <418C8F31> Tj ET"]);
    let doc = read(&pdf).expect("read");
    let p = &doc.pages[0];
    assert_eq!(page_text(p), "A件1");
    let a = p.glyphs[0];
    assert!((a.x1 - a.x0 - 6.0).abs() < 1e-3, "half-width: {a:?}");
    let k = p.glyphs[1];
    assert!((k.x1 - k.x0 - 12.0).abs() < 1e-3, "{k:?}");
    assert!((p.glyphs[2].x0 - k.x1).abs() < 1e-3);
}

#[test]
fn identity_without_to_unicode_is_undecodable() {
    let mut b = Builder::new();
    // Glyph ids only: the descendant's collection is Adobe-Identity.
    let mut f = cid_font("Identity-H", vec![]);
    if let Ok(Object::Array(d)) = f.get_mut(b"DescendantFonts") {
        if let Some(Object::Dictionary(desc)) = d.first_mut() {
            desc.set("CIDSystemInfo", dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 });
        }
    }
    b.font("F9", f);
    let pdf = b.build(&[b"BT /F9 12 Tf 50 700 Td <00410042> Tj ET"]);
    match read(&pdf) {
        Err(e @ PdfError::UndecodableFont { page: 1, .. }) => {
            let msg = e.to_string();
            assert!(msg.starts_with("font F9 on page 1 "), "{msg}");
        }
        other => panic!("expected UndecodableFont, got {other:?}"),
    }
}

#[test]
fn unknown_predefined_encoding_is_named() {
    let mut b = Builder::new();
    b.font("F3", cid_font("Foo-Bar-H", vec![]));
    let pdf = b.build(&[b"BT /F3 12 Tf 50 700 Td <0041> Tj ET"]);
    let e = read(&pdf).expect_err("must fail");
    assert_eq!(
        e.to_string(),
        "font F3 on page 1 uses encoding 'Foo-Bar-H' that tassei cannot decode"
    );
}

#[test]
fn identity_with_to_unicode_and_ligature() {
    let mut b = Builder::new();
    let tu = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0005> <00660069> <0006> <4EBA> endbfchar endcmap end end".to_vec();
    let tu_id = b.stream(Dictionary::new(), tu);
    let mut f = cid_font(
        "Identity-H",
        vec![5.into(), Object::Array(vec![600.into(), 1000.into()])],
    );
    f.set("ToUnicode", Object::Reference(tu_id));
    b.font("F1", f);
    let pdf = b.build(&[b"BT /F1 10 Tf 10 700 Td <00050006> Tj ET"]);
    let doc = read(&pdf).expect("read");
    let p = &doc.pages[0];
    assert_eq!(page_text(p), "fi人");
    let (f_, i_) = (p.glyphs[0], p.glyphs[1]);
    assert!(
        (f_.x1 - f_.x0 - 3.0).abs() < 1e-3 && (i_.x0 - f_.x1).abs() < 1e-6,
        "{f_:?} {i_:?}"
    );
}

#[test]
fn quote_operators_are_kept() {
    let pdf = Builder::new()
        .helvetica()
        .build(&[b"BT /F1 10 Tf 12 TL 100 700 Td (one) Tj (two) ' 1 0 (three) \" ET"]);
    let doc = read(&pdf).expect("read");
    assert_eq!(text(&doc), "one\ntwo\nthree");
    let t = doc.pages[0]
        .glyphs
        .iter()
        .find(|g| g.ch == 't')
        .copied()
        .expect("t");
    assert!((t.bottom - (800.0 - 688.0 + 2.0)).abs() < 1e-3, "{t:?}");
}

#[test]
fn form_xobject_matrix_and_ctm_apply() {
    let mut b = Builder::new();
    b.helvetica();
    let fonts = b.fonts.clone();
    let form = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
        "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 10.into(), 0.into()],
        "Resources" => dictionary! { "Font" => fonts } },
        b"BT /F1 10 Tf 0 0 Td (Form) Tj ET 0 0 m 50 0 l S".to_vec(),
    );
    b.xobject("Fm1", form);
    let pdf = b.build(&[b"q 1 0 0 1 100 500 cm /Fm1 Do Q"]);
    let doc = read(&pdf).expect("read");
    let p = &doc.pages[0];
    assert_eq!(page_text(p), "Form");
    assert!((p.glyphs[0].x0 - 110.0).abs() < 1e-3, "{:?}", p.glyphs[0]);
    assert!(
        (p.glyphs[0].bottom - 302.0).abs() < 1e-3,
        "{:?}",
        p.glyphs[0]
    );
    assert_eq!(
        p.rules,
        vec![Rule {
            x0: 110.0,
            top: 300.0,
            x1: 160.0,
            bottom: 300.0
        }]
    );
}

#[test]
fn rules_from_paths() {
    let content = b"BT /F1 10 Tf 100 700 Td (x) Tj ET \
        0 g 100 600 200 0.5 re f \
        100 500 200 50 re S \
        100 400 m 300 400.2 l S \
        1 g 100 300 200 50 re f \
        0 g 100 200 m 150 250 l S \
        100 100 m 120 140 130 140 150 100 c S";
    let pdf = Builder::new().helvetica().build(&[content]);
    let doc = read(&pdf).expect("read");
    let r = &doc.pages[0].rules;
    assert_eq!(r.len(), 1 + 4 + 1, "{r:?}");
    assert!(
        (r[0].top - 199.75).abs() < 1e-3 && r[0].top == r[0].bottom && r[0].x1 - r[0].x0 == 200.0,
        "{:?}",
        r[0]
    );
    assert!(r[1..5].iter().all(|e| e.top == e.bottom || e.x0 == e.x1));
    assert!(
        (r[5].top - 399.9).abs() < 1e-3 && r[5].top == r[5].bottom,
        "{:?}",
        r[5]
    );
}

#[test]
fn rotated_page() {
    let mut b = Builder::new();
    b.helvetica();
    b.page_extra.set("Rotate", 90);
    let pdf = b.build(&[b"BT /F1 10 Tf 100 700 Td (R) Tj ET"]);
    let doc = read(&pdf).expect("read");
    let p = &doc.pages[0];
    assert_eq!((p.width, p.height), (800.0, 600.0));
    let g = p.glyphs[0];
    // user (100, 700) → displayed (700, 100)
    assert!(
        (g.x0 - 698.0).abs() < 1e-3 && (g.top - 100.0).abs() < 1e-3,
        "{g:?}"
    );
}

#[test]
fn image_only_is_no_text_layer() {
    let mut b = Builder::new();
    let img = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        vec![0x80],
    );
    b.xobject("Im1", img);
    let pdf = b.build(&[
        b"q 500 0 0 700 50 50 cm /Im1 Do Q",
        b"q 10 0 0 10 0 0 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI Q",
    ]);
    assert_eq!(read(&pdf), Err(PdfError::NoTextLayer { page: 1 }));
}

#[test]
fn missing_font_resource_is_reported() {
    let pdf = Builder::new()
        .helvetica()
        .build(&[b"BT /F7 10 Tf 100 700 Td (x) Tj ET"]);
    let e = read(&pdf).expect_err("must fail");
    assert!(
        matches!(e, PdfError::UndecodableFont { page: 1, ref font, .. } if font == "F7"),
        "{e:?}"
    );
}

#[test]
fn hostile_bytes() {
    assert_eq!(read(b"hello world"), Err(PdfError::NotPdf));
    assert_eq!(read(b""), Err(PdfError::NotPdf));
    let pdf = Builder::new()
        .helvetica()
        .build(&[b"BT /F1 10 Tf 100 700 Td (Hello) Tj ET"]);
    let cut = &pdf[..pdf.len() / 2];
    assert!(
        matches!(read(cut), Err(PdfError::Truncated { .. })),
        "{:?}",
        read(cut)
    );
    let limits = PdfLimits {
        max_file_bytes: 10,
        ..PdfLimits::default()
    };
    assert!(matches!(
        read_pdf(&pdf, &limits),
        Err(PdfError::TooLarge { .. })
    ));
    let limits = PdfLimits {
        max_glyphs_per_page: 3,
        ..PdfLimits::default()
    };
    assert!(matches!(
        read_pdf(&pdf, &limits),
        Err(PdfError::PageTooComplex {
            page: 1,
            what: "glyphs",
            ..
        })
    ));
}

#[test]
fn garbage_operands_do_not_panic() {
    let content =
        b"BT /F1 (x) Tf /F1 10 Tf 1 2 Tm (a) Tm 100 700 Td [(A) /x 5 (B)] TJ 5 Tj (C) 7 Tj ET \
        v 1 2 3 4 v 10 10 m 1 2 3 4 v h f* /Cs0 cs /Foo scn /GS1 gs /Im9 Do 1 2 re B* b s ET Q Q Q";
    let pdf = Builder::new().helvetica().build(&[content]);
    let doc = read(&pdf).expect("read");
    // `(C) 7 Tj` keeps its string operand; `5 Tj` is dropped.
    assert_eq!(page_text(&doc.pages[0]), "ABC");
}

#[test]
fn too_many_pages() {
    let pdf = Builder::new()
        .helvetica()
        .build(&[b"BT /F1 10 Tf (a) Tj ET", b"BT /F1 10 Tf (b) Tj ET"]);
    let limits = PdfLimits {
        max_pages: 1,
        ..PdfLimits::default()
    };
    assert_eq!(
        read_pdf(&pdf, &limits),
        Err(PdfError::TooManyPages { pages: 2, limit: 1 })
    );
    let doc = read(&pdf).expect("read");
    assert_eq!(doc.pages.len(), 2);
    assert_eq!(text_layer_missing(&doc), None);
}

#[test]
fn messages_are_one_line() {
    let errs = [
        PdfError::NotPdf,
        PdfError::Encrypted,
        PdfError::NoTextLayer { page: 2 },
        PdfError::UndecodableFont {
            page: 1,
            font: "F3".into(),
            detail: "uses encoding 'X' that tassei cannot decode".into(),
        },
    ];
    assert_eq!(
        errs[2].to_string(),
        "page 2 has no text layer (image-only); OCR it first"
    );
    assert_eq!(
        errs[1].to_string(),
        "the PDF is encrypted; tassei cannot read encrypted PDFs"
    );
    assert_eq!(errs[0].to_string(), "not a PDF (no %PDF header)");
    assert_eq!(
        errs[3].to_string(),
        "font F3 on page 1 uses encoding 'X' that tassei cannot decode"
    );
    for e in errs {
        assert!(!e.to_string().contains('\n'));
    }
}

#[test]
fn shifted_offsets_are_repaired() {
    let pdf = Builder::new()
        .helvetica()
        .build(&[b"BT /F1 10 Tf 100 700 Td (Hello) Tj ET"]);
    // Junk after the header line: every xref offset is now wrong.
    let cut = pdf.iter().position(|&b| b == b'\n').map_or(0, |p| p + 1);
    let mut bad = pdf[..cut].to_vec();
    bad.extend_from_slice(b"% inserted by a careless tool\n");
    bad.extend_from_slice(&pdf[cut..]);
    let doc = read(&bad).expect("repaired");
    assert_eq!(page_text(&doc.pages[0]), "Hello");
}
