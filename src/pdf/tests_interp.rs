//! The interpreter (`interp.rs`) against pdf-extract 0.12.1.
//!
//! Three levels:
//! * raw: for hand-written content streams (one per operator family) and
//!   random ones, every value the two engines report — each code's `trm`,
//!   width, spacing and font size, each painted path with its CTM — is
//!   compared bit for bit;
//! * documents: every PDF of the corpus (fixtures, hostile inputs, fuzz
//!   regressions) gives exactly the same [`Document`] (or the same error)
//!   with the interpreter as with pdf-extract forced on every page;
//! * routing: a page the interpreter cannot reproduce goes to pdf-extract.

use super::tests::{cid_font, Builder};
use super::*;
use interp::{Device, Matrix, Seg};
use lopdf::{dictionary, Object, Stream};
use proptest::prelude::*;

/// Everything an engine reports, as bits (so that NaN and -0.0 compare
/// exactly).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Event {
    Glyph {
        trm: [u64; 6],
        width: u64,
        spacing: u64,
        font_size: u64,
    },
    Path {
        ctm: [u64; 6],
        fill: bool,
        segs: Vec<(u8, Vec<u64>)>,
    },
}

#[derive(Default)]
struct Recorder {
    events: Vec<Event>,
}

fn bits(m: &Matrix) -> [u64; 6] {
    [m.m11, m.m12, m.m21, m.m22, m.m31, m.m32].map(f64::to_bits)
}

fn seg_bits(s: &Seg) -> (u8, Vec<u64>) {
    let b = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect();
    match s {
        Seg::MoveTo(x, y) => (0, b(&[*x, *y])),
        Seg::LineTo(x, y) => (1, b(&[*x, *y])),
        Seg::CurveTo(c) => (2, b(c)),
        Seg::Rect(r) => (3, b(r)),
        Seg::Close => (4, vec![]),
    }
}

impl Device for Recorder {
    fn glyph(
        &mut self,
        trm: &Matrix,
        width: f64,
        spacing: f64,
        font_size: f64,
    ) -> Result<(), collect::Abort> {
        self.events.push(Event::Glyph {
            trm: bits(trm),
            width: width.to_bits(),
            spacing: spacing.to_bits(),
            font_size: font_size.to_bits(),
        });
        Ok(())
    }

    fn path(&mut self, ctm: &Matrix, path: &[Seg], fill: bool) -> Result<(), collect::Abort> {
        self.events.push(Event::Path {
            ctm: bits(ctm),
            fill,
            segs: path.iter().map(seg_bits).collect(),
        });
        Ok(())
    }
}

/// What both engines report for page 1 of `pdf`: (interpreter,
/// pdf-extract, why the page would go to pdf-extract).
struct Raw {
    ours: Result<Vec<Event>, String>,
    theirs: Result<Vec<Event>, String>,
    fallback: Option<&'static str>,
}

fn raw(pdf: &[u8]) -> Raw {
    let doc = lopdf::Document::load_mem(pdf).expect("test pdf loads");
    let page_id = *doc.get_pages().get(&1).expect("page 1");
    let page = doc.get_dictionary(page_id).expect("page");
    let (geom, _) = page_geom(&doc, page, None);
    let mut fonts = FontTable::new(&doc, Budget::new(1 << 30, 1 << 30));
    let mut contents = Vec::new();
    for sid in doc.get_page_contents(page_id) {
        if let Ok(Object::Stream(s)) = doc.get_object(sid) {
            let Ok(data) = fonts.budget.decode(s) else {
                panic!("content stream does not decode")
            };
            contents.extend_from_slice(&data);
            contents.push(b'\n');
        }
    }
    let resources = inherited(&doc, page, b"Resources").and_then(|o| o.as_dict().ok());
    let Ok(rw) = content::rewrite_page(&doc, &mut fonts, &contents, resources, 1 << 20, 12) else {
        panic!("page does not rewrite")
    };
    let fallback = interp::fallback_reason(&rw, &fonts);
    let mut rec = Recorder::default();
    let ours = match guard::contain(|| interp::run(&rw.ops, &fonts, &mut rec)) {
        Ok(Ok(())) => Ok(rec.events),
        Ok(Err(e)) => Err(format!("{e:?}")),
        Err(p) => Err(format!("panic: {p}")),
    };
    let (content, res) = content::backend_page(&rw, &mut fonts);
    let single = page_document(content, res, std::mem::take(&mut fonts.new_objects), geom);
    let mut rec = Recorder::default();
    let theirs = match guard::contain(|| {
        pdf_extract::output_doc_page(&single, &mut collect::Backend::new(&mut rec), 1)
    }) {
        Ok(Ok(())) => Ok(rec.events),
        Ok(Err(e)) => Err(e.to_string()),
        Err(p) => Err(format!("panic: {p}")),
    };
    Raw {
        ours,
        theirs,
        fallback,
    }
}

/// A ToUnicode CMap mapping every one-byte code to a letter-like character.
fn simple_to_unicode(b: &mut Builder) -> ObjectId {
    b.stream(
        Dictionary::new(),
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
          1 begincodespacerange <00> <FF> endcodespacerange \
          1 beginbfrange <00> <FF> <0100> endbfrange endcmap end end"
            .to_vec(),
    )
}

/// A two-byte ToUnicode CMap for codes 0000–00FF (→ U+4E00…).
fn cid_to_unicode(b: &mut Builder) -> ObjectId {
    b.stream(
        Dictionary::new(),
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap \
          1 begincodespacerange <0000> <FFFF> endcodespacerange \
          1 beginbfrange <0000> <00FF> <4E00> endbfrange endcmap end end"
            .to_vec(),
    )
}

/// Fonts of the hand-written pages:
/// * `F1`: TrueType, `/Widths` for codes 32–126 (widths vary, some
///   fractional), `/MissingWidth` 333, a ToUnicode map for every code;
/// * `F2`: Type0 `Identity-H` with ToUnicode, `/W` in both forms, `/DW` 900;
/// * `F3`: Type0 `90ms-RKSJ-H` (one-byte code 32 is a word space);
/// * `H`: Helvetica, no `/Widths` (selected only, unless a test shows it).
fn fonts() -> Builder {
    let mut b = Builder::new();
    let tu = simple_to_unicode(&mut b);
    let widths: Vec<Object> = (32..=126)
        .map(|c| {
            if c % 7 == 0 {
                Object::Real(250.5 + c as f32 / 3.0)
            } else {
                Object::Integer(400 + (c * 37) % 300)
            }
        })
        .collect();
    b.font(
        "F1",
        dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "ABCDEF+Serif",
            "FirstChar" => 32, "LastChar" => 126, "Widths" => widths,
            "MissingWidth" => 333, "Encoding" => "WinAnsiEncoding", "ToUnicode" => tu,
        },
    );
    let tu = cid_to_unicode(&mut b);
    let mut f2 = cid_font(
        "Identity-H",
        vec![
            3.into(),
            Object::Array(vec![500.into(), Object::Real(612.25), 1000.into()]),
            40.into(),
            60.into(),
            Object::Real(777.7),
        ],
    );
    f2.set("ToUnicode", Object::Reference(tu));
    if let Ok(Object::Array(d)) = f2.get_mut(b"DescendantFonts") {
        if let Some(Object::Dictionary(d)) = d.first_mut() {
            d.set("DW", 900);
        }
    }
    b.font("F2", f2);
    b.font(
        "F3",
        cid_font("90ms-RKSJ-H", vec![231.into(), 632.into(), 500.into()]),
    );
    b.font(
        "H",
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" },
    );
    b
}

/// Both engines report exactly the same for `content`, which the
/// interpreter handles itself; returns the events.
fn same(content: &[u8]) -> Vec<Event> {
    let pdf = fonts().build(&[content]);
    let r = raw(&pdf);
    assert_eq!(r.fallback, None, "{}", String::from_utf8_lossy(content));
    let ours = r.ours.expect("interpreter runs");
    assert_eq!(
        Ok(&ours),
        r.theirs.as_ref(),
        "{}",
        String::from_utf8_lossy(content)
    );
    ours
}

fn glyphs(ev: &[Event]) -> usize {
    ev.iter()
        .filter(|e| matches!(e, Event::Glyph { .. }))
        .count()
}

#[test]
fn tj_simple_and_composite() {
    let ev = same(b"BT /F1 12 Tf 72 700 Td (Hello, world ~\x7f\x1f) Tj ET");
    assert_eq!(glyphs(&ev), 16);
    let ev = same(b"BT /F2 9.5 Tf 72 700 Td <0003000400050006002A0063> Tj ET");
    assert_eq!(glyphs(&ev), 6);
    // Empty strings, and a string before any Td.
    same(b"BT /F1 10 Tf () Tj (a) Tj ET BT (b) Tj ET");
}

#[test]
fn tj_array_adjustments() {
    let ev = same(b"BT /F1 11 Tf 50 500 Td [(A) -250 (B) 120.5 (C) 0 () 3 (D) -0.001] TJ ET");
    assert_eq!(glyphs(&ev), 4);
    same(b"BT /F2 10 Tf 50 500 Td [<0003> -1000 <00040005> 333.33 <0006>] TJ ET");
    same(b"BT /F1 10 Tf 200 Tz 50 500 Td [(AB) -500 (C)] TJ ET");
}

#[test]
fn text_positioning_operators() {
    same(
        b"BT /F1 10 Tf 14 TL 10 20 Td (a) Tj 5 -12 TD (b) Tj T* (c) Tj \
          2 0 0.5 1.5 100 200 Tm (d) Tj T* (e) Tj -3.5 7.25 Td (f) Tj ET",
    );
    // Tm and Td outside BT, and BT/ET resetting the matrices.
    same(
        b"/F1 10 Tf 1 0 0 1 300 300 Tm (a) Tj BT (b) Tj 10 10 Td ET (c) Tj BT 5 5 TD T* (d) Tj ET",
    );
    // A rotated and skewed text matrix.
    same(b"BT /F2 12 Tf 0 1 -1 0 400 100 Tm <00030004> Tj 0.7 0.7 -0.7 0.7 0 0 Tm <0005> Tj ET");
}

#[test]
fn text_state_operators() {
    // Tc on every code, Tw on code 32 only, Tz scaling, TL for T*, Ts rise.
    let ev = same(
        b"BT /F1 10 Tf 3 Tc 7 Tw 150 Tz 12 TL 2 Ts 20 700 Td (a b  c) Tj T* -1.5 Ts 80 Tz (x y) Tj ET",
    );
    assert_eq!(glyphs(&ev), 9);
    // Word spacing with composite fonts: never on two-byte codes; as TJ
    // adjustments for a one-byte code 32 (RKSJ).
    same(b"BT /F2 10 Tf 5 Tw 2 Tc 20 700 Td <00030020000400200005> Tj ET");
    same(b"BT /F3 10 Tf 5 Tw 2 Tc 20 700 Td <41208C8F2031> Tj [<41> 100 <20 20>] TJ ET");
    same(b"BT /F3 10 Tf 2.5 1 (A B) \" (C D) ' ET");
    // The quote operators with a simple font.
    same(b"BT /F1 10 Tf 14 TL 20 700 Td (a) Tj (b c) ' 4 1.5 (d e) \" ET");
    // Font changes, sizes and negative sizes.
    same(b"BT /F1 10 Tf (a) Tj /F2 -8 Tf <0003> Tj /F1 0 Tf (b) Tj /F3 12.75 Tf <4142> Tj ET");
}

#[test]
fn graphics_state_nesting() {
    same(
        b"q 2 0 0 2 10 10 cm BT /F1 10 Tf 1 0 0 1 5 5 Tm (a) Tj \
          q 0.5 0 0 0.5 0 0 cm (b) Tj Q (c) Tj ET Q BT (d) Tj ET",
    );
    // Q inside BT restores the text matrix (but not the line matrix) and the
    // text state, font included.
    same(b"BT /F1 10 Tf 10 10 Td q 3 Tc /F2 20 Tf <0003> Tj Q (b) Tj T* (c) Tj ET");
    // Unbalanced Q, deep nesting, cm products.
    same(b"Q Q q q q 1 0.5 -0.5 1 3 4 cm q 0 1 -1 0 0 0 cm BT /F1 9 Tf (x) Tj ET Q Q (y) Tj Q");
}

#[test]
fn paths_stroked_and_filled() {
    let ev = same(
        b"10 10 m 100 10 l S 10 20 100 30 re f 10 50 m 20 60 30 70 40 50 c h S \
          5 5 m 50 5 l 50 50 l h 60 60 m 70 70 l B* 1 1 2 2 re n 0 0 m 9 9 l F",
    );
    let paths = ev.len() - glyphs(&ev);
    assert_eq!(paths, 5, "{ev:?}");
    // The CTM at the painting operator applies, even after a Q.
    same(b"q 2 0 0 2 0 0 cm 5 5 m 50 5 l Q S q 1 0 0 1 100 0 cm 0 0 10 10 re Q f");
    // v, y, s, b, f*, closing without a current point, white paint.
    same(
        b"10 10 m 20 20 30 10 v 40 40 50 10 y s 0 0 m 10 0 l 10 10 l b \
          h S 1 g 0 0 50 50 re f 0 g 0 0 50 50 re f* 1 G 0 0 m 5 5 l S 0 G 1 1 m 2 2 l S",
    );
    // Paths interleaved with text.
    same(b"0 0 m BT /F1 10 Tf (a) Tj ET 100 0 l S");
}

#[test]
fn form_xobjects_inline_the_same_way() {
    let mut b = fonts();
    let fonts_dict = b.fonts.clone();
    let form = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
        "Matrix" => vec![0.5.into(), 0.into(), 0.into(), 2.into(), 10.into(), Object::Real(-3.25)],
        "Resources" => dictionary! { "Font" => fonts_dict } },
        b"BT /F1 10 Tf 0 0 Td (Form) Tj /F2 5 Tf <0004> Tj ET 0 0 m 50 0 l S q 3 Tc".to_vec(),
    );
    b.xobject("Fm1", form);
    let pdf = b.build(&[
        b"q 1 0 0 1 100 500 cm /Fm1 Do Q BT /F1 10 Tf (after) Tj ET /Fm1 Do 1 1 m 2 2 l S",
    ]);
    let r = raw(&pdf);
    assert_eq!(r.fallback, None);
    assert_eq!(r.ours, r.theirs);
}

/// A page showing a standard-14 font without `/Widths` (reportlab's
/// Helvetica): its widths come from pdf-extract's built-in metrics, learned
/// once per font (`calibrate.rs`), so the interpreter reads the page and
/// gives exactly what pdf-extract gives.
#[test]
fn standard_font_without_widths_is_calibrated() {
    let pdf = fonts().build(&[
        b"BT /H 10 Tf 100 700 Td (Hello) Tj 2 Tc 3 Tw ( W o) Tj ET",
        b"BT /H 12 Tf 14.4 TL ET BT /F2 10 Tf 100 700 Td <0003> Tj ET",
    ]);
    let r = raw(&pdf);
    assert_eq!(r.fallback, None);
    assert_eq!(r.ours, r.theirs);
    let (doc, routes) = read_pdf_with(&pdf, &PdfLimits::default(), Engine::Auto).expect("read");
    assert!(routes.iter().all(Option::is_none), "{routes:?}");
    let p = &doc.pages[0];
    assert_eq!(page_text(p), "Hello W o");
    // Helvetica 'H' is 722/1000 wide, 'e' 556: pdf-extract's AFM metrics.
    let (h, e) = (p.glyphs[0], p.glyphs[1]);
    assert!((h.x1 - h.x0 - 7.22).abs() < 1e-9, "{h:?}");
    assert!(
        (e.x0 - h.x1).abs() < 1e-9 && (e.x1 - e.x0 - 5.56).abs() < 1e-9,
        "{e:?}"
    );
    assert_eq!(page_text(&doc.pages[1]), "\u{4e03}");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    let (forced, _) = read_pdf_with(&pdf, &PdfLimits::default(), Engine::PdfExtract).expect("read");
    assert_eq!(doc.pages, forced.pages);
}

/// Codes without a ToUnicode map are decoded from the encoding the way
/// pdf-extract decodes them (learned once per font), so their page is
/// interpreted; Type3 fonts still go to pdf-extract.
#[test]
fn encoding_decoded_codes_are_calibrated_and_type3_falls_back() {
    let mut b = Builder::new();
    let widths: Vec<Object> = (0..256).map(|_| 500.into()).collect();
    b.font(
        "T",
        dictionary! { "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Arial",
        "FirstChar" => 0, "LastChar" => 255, "Widths" => widths.clone(), "Encoding" => "WinAnsiEncoding" },
    );
    b.font(
        "T3",
        dictionary! { "Type" => "Font", "Subtype" => "Type3", "FontMatrix" => vec![0.001.into(), 0.into(), 0.into(), 0.001.into(), 0.into(), 0.into()],
        "FontBBox" => vec![0.into(), 0.into(), 1000.into(), 1000.into()], "CharProcs" => Dictionary::new(),
        "FirstChar" => 0, "LastChar" => 255, "Widths" => widths, "Encoding" => dictionary! { "Differences" => vec![65.into(), Object::Name(b"A".to_vec())] } },
    );
    let pdf = b.build(&[
        b"BT /T 10 Tf 100 700 Td (Caf\xe9) Tj ET",
        b"BT /T3 10 Tf 100 700 Td (A) Tj ET",
    ]);
    let (doc, routes) = read_pdf_with(&pdf, &PdfLimits::default(), Engine::Auto).expect("read");
    assert!(routes[0].is_none(), "{routes:?}");
    assert!(routes[1].is_some_and(|w| w.contains("Type3")), "{routes:?}");
    assert_eq!(page_text(&doc.pages[0]), "Café");
    // The fallback page is said (a warning naming page 2 and the reason).
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    assert_eq!(doc.warnings[0].page, Some(2));
    assert!(doc.warnings[0].message.contains("Type3"));
    let (forced, _) = read_pdf_with(&pdf, &PdfLimits::default(), Engine::PdfExtract).expect("read");
    assert_eq!(doc.pages, forced.pages);
}

/// Every PDF of the corpus: the interpreter's Document equals the one
/// pdf-extract gives when forced on every page, bit for bit (or both fail
/// with the same error).
#[test]
fn corpus_documents_are_identical() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["fixtures/pdf", "fixtures/hostile", "fuzz/regressions/pdf"] {
        for e in std::fs::read_dir(root.join(dir))
            .expect("corpus dir")
            .flatten()
        {
            let p = e.path();
            // Vertical writing: pdf-extract has no vertical mode, so only
            // the interpreter reads it (`tests_cid.rs`, `vertical.rs`).
            let vertical = p.file_name().is_some_and(|n| n == "cid_vertical.pdf");
            if p.is_file() && p.extension().is_none_or(|x| x != "py") && !vertical {
                files.push(p);
            }
        }
    }
    files.sort();
    let (mut interpreted, mut fell_back, mut read_ok) = (0, 0, 0);
    for path in &files {
        let bytes = std::fs::read(path).expect("read");
        // Pages up to 10,000, so that `many_pages.pdf` (5,000 pages of
        // Helvetica, whose widths are calibrated) is compared too.
        let limits = PdfLimits {
            max_pages: 10_000,
            ..PdfLimits::default()
        };
        let auto = read_pdf_with(&bytes, &limits, Engine::Auto);
        let forced = read_pdf_with(&bytes, &limits, Engine::PdfExtract);
        match (&auto, &forced) {
            (Ok((a, routes)), Ok((f, _))) => {
                assert!(a == f, "{}: documents differ", path.display());
                read_ok += 1;
                interpreted += routes.iter().filter(|r| r.is_none()).count();
                fell_back += routes.iter().filter(|r| r.is_some()).count();
            }
            (Err(a), Err(f)) => assert_eq!(a, f, "{}", path.display()),
            _ => panic!(
                "{}: {:?} vs {:?}",
                path.display(),
                auto.as_ref().map(|_| ()),
                forced.as_ref().map(|_| ())
            ),
        }
    }
    eprintln!(
        "{} files ({read_ok} read): {interpreted} pages interpreted, {fell_back} left to pdf-extract",
        files.len()
    );
    // The four fixtures (32 pages), many_pages.pdf and the readable
    // regression inputs.
    assert!(interpreted >= 5032, "{interpreted} pages interpreted");
}

/// Content streams built from the operator subset (and the operators the
/// rewriter turns into it), with awkward numbers.
fn content_stream() -> impl Strategy<Value = Vec<u8>> {
    let number = prop_oneof![
        (-60i32..60).prop_map(|i| i.to_string()),
        (-100_000i32..100_000, 0u32..5).prop_map(|(i, d)| {
            let s = format!("{}", i as f64 / 10f64.powi(d as i32));
            s
        }),
        prop::sample::select(vec![
            "0",
            "-0",
            "0.0",
            ".5",
            "-.25",
            "1234567",
            "0.000001",
            "99999.99",
            "3.4028",
            "12345678901",
            "-0.0001",
            "1e3",
        ])
        .prop_map(str::to_string),
    ];
    let n = move |k: usize| prop::collection::vec(number.clone(), k).prop_map(|v| v.join(" "));
    let string = prop_oneof![
        prop::collection::vec(32u8..127, 0..6).prop_map(|b| {
            let s: String = b
                .into_iter()
                .map(|c| match c {
                    b'(' | b')' | b'\\' => format!("\\{}", c as char),
                    _ => (c as char).to_string(),
                })
                .collect();
            format!("({s})")
        }),
        prop::collection::vec(0u8..=255, 0..6).prop_map(|b| {
            let h: String = b.iter().map(|x| format!("{x:02X}")).collect();
            format!("<{h}>")
        }),
    ];
    let op = prop_oneof![
        prop::sample::select(vec![
            "q",
            "Q",
            "BT",
            "ET",
            "T*",
            "h",
            "S",
            "s",
            "f",
            "F",
            "f*",
            "B",
            "B*",
            "b",
            "b*",
            "n",
            "/F1 10 Tf",
            "/F2 12 Tf",
            "/F3 9 Tf",
            "/H 8 Tf",
            "0 g",
            "1 g",
            "0 G",
            "1 G",
        ])
        .prop_map(str::to_string),
        n(6).prop_map(|a| format!("{a} cm")),
        n(6).prop_map(|a| format!("{a} Tm")),
        n(6).prop_map(|a| format!("{a} c")),
        n(4).prop_map(|a| format!("{a} re")),
        n(4).prop_map(|a| format!("{a} v")),
        n(4).prop_map(|a| format!("{a} y")),
        n(2).prop_map(|a| format!("{a} Td")),
        n(2).prop_map(|a| format!("{a} TD")),
        n(2).prop_map(|a| format!("{a} m")),
        n(2).prop_map(|a| format!("{a} l")),
        (
            prop::sample::select(vec!["Tc", "Tw", "Tz", "TL", "Ts"]),
            n(1)
        )
            .prop_map(|(o, a)| format!("{a} {o}")),
        (prop::sample::select(vec!["F1", "F2", "F3"]), n(1))
            .prop_map(|(f, a)| format!("/{f} {a} Tf")),
        string.clone().prop_map(|s| format!("{s} Tj")),
        string.clone().prop_map(|s| format!("{s} '")),
        (n(2), string.clone()).prop_map(|(a, s)| format!("{a} {s} \"")),
        prop::collection::vec(prop_oneof![string, n(1)], 0..5)
            .prop_map(|v| format!("[{}] TJ", v.join(" "))),
    ];
    prop::collection::vec(op, 0..40).prop_map(|ops| ops.join("\n").into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Random content streams: same report from both engines, bit for bit,
    /// whenever the page is the interpreter's.
    #[test]
    fn random_content_streams_agree(content in content_stream()) {
        let pdf = fonts().build(&[&content]);
        let r = raw(&pdf);
        if r.fallback.is_none() {
            prop_assert_eq!(&r.ours, &r.theirs, "{}", String::from_utf8_lossy(&content));
        }
    }
}
