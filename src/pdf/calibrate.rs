//! What pdf-extract makes of a simple font, learned once per font.
//!
//! tassei's interpreter (`interp.rs`) needs each code's advance and, for
//! codes without a ToUnicode entry, its text. A standard-14 font without
//! `/Widths` takes its advances from pdf-extract's built-in AFM tables, and
//! a font without ToUnicode takes its text from pdf-extract's encoding
//! tables. Rather than send every page that shows such a font to
//! pdf-extract (which re-parses the page and rebuilds the font on every
//! page), tassei shows each of the 256 codes once, with the sanitized font,
//! on a synthetic page read by pdf-extract, and keeps what it reports. The
//! interpreter then reproduces pdf-extract's output for that font exactly
//! (the engine parity tests in `tests.rs` compare both on every PDF).

use lopdf::{Dictionary, Object};

use super::collect::{Abort, Backend, PageGeom};
use super::interp::{Device, Matrix, Seg};

/// pdf-extract's view of a simple font.
pub(crate) struct Calibrated {
    /// The advance of each code in glyph-space units (AFM widths are
    /// whole numbers).
    pub(crate) widths: Box<[f64; 256]>,
    /// pdf-extract's text for each code (empty when it has none).
    pub(crate) texts: Vec<String>,
}

#[derive(Default)]
struct Probe {
    widths: Vec<f64>,
    texts: Vec<String>,
}

impl Device for Probe {
    fn glyph(&mut self, _: &Matrix, width: f64, _: f64, _: f64) -> Result<(), Abort> {
        self.widths.push(width);
        self.texts.push(String::new());
        Ok(())
    }

    fn path(&mut self, _: &Matrix, _: &[Seg], _: bool) -> Result<(), Abort> {
        Ok(())
    }

    fn backend_glyph(
        &mut self,
        _: &Matrix,
        width: f64,
        _: f64,
        _: f64,
        text: &str,
    ) -> Result<(), Abort> {
        self.widths.push(width);
        self.texts.push(text.to_string());
        Ok(())
    }
}

/// Show every code of `font` (a sanitized, self-contained simple font
/// dictionary) to pdf-extract. `None` when it panics, errs, reports other
/// than one glyph per code, or gives an advance that is not a whole number
/// of glyph-space units (then the font's pages stay with pdf-extract).
pub(crate) fn backend_metrics(font: &Dictionary) -> Option<Calibrated> {
    let mut content = b"BT /F1 1 Tf ".to_vec();
    for code in 0..=255u8 {
        content.extend_from_slice(format!("1 0 0 1 0 0 Tm <{code:02X}> Tj ").as_bytes());
    }
    content.extend_from_slice(b"ET");
    let mut fonts = Dictionary::new();
    fonts.set("F1", Object::Reference((1, 0)));
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(fonts));
    let geom = PageGeom {
        llx: 0.0,
        lly: 0.0,
        urx: 1000.0,
        ury: 1000.0,
        rotate: 0,
    };
    let doc = super::page_document(
        content,
        resources,
        vec![((1, 0), Object::Dictionary(font.clone()))],
        geom,
    );
    let mut probe = Probe::default();
    let shown = super::guard::contain(|| {
        pdf_extract::output_doc_page(&doc, &mut Backend::new(&mut probe), 1)
    });
    if !matches!(shown, Ok(Ok(()))) || probe.widths.len() != 256 {
        return None;
    }
    let mut widths = Box::new([0.0; 256]);
    for (w, out) in probe.widths.iter().zip(widths.iter_mut()) {
        let units = (w * 1000.0).round();
        // Exactly what the interpreter divides back (`units / 1000`).
        if !units.is_finite() || units / 1000.0 != *w {
            return None;
        }
        *out = units;
    }
    Some(Calibrated {
        widths,
        texts: probe.texts,
    })
}
