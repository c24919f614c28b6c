//! The whole pipeline for one input: detect the kind, run the front end,
//! normalize → report → rules → records.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind};
use crate::grid::Grid;
use crate::record::{build_document, Document, Source};
use crate::report::read_report;

/// The input kinds tassei reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Pdf,
}

/// PDF by its magic bytes (anywhere in the first KiB, as readers allow),
/// text otherwise.
pub fn detect(bytes: &[u8]) -> InputKind {
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        InputKind::Pdf
    } else {
        InputKind::Text
    }
}

/// Hex SHA-256 of the input.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Options of one extraction.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub pdf_limits: crate::pdf::PdfLimits,
}

/// Bytes → grid, by the front end of their kind.
pub fn grid_of(
    bytes: &[u8],
    options: &Options,
) -> Result<(Grid, InputKind, Option<u32>), ErrorKind> {
    match detect(bytes) {
        InputKind::Text => {
            let text = crate::text::decode(bytes)?;
            Ok((crate::text::read_text(&text), InputKind::Text, None))
        }
        InputKind::Pdf => {
            let doc = crate::pdf::read_pdf(bytes, &options.pdf_limits)?;
            let pages = doc.pages.len() as u32;
            let grid = crate::layout::build_grid(&doc, &crate::layout::LayoutSettings::default())?;
            Ok((grid, InputKind::Pdf, Some(pages)))
        }
    }
}

/// Extract the records of one report held in memory. `name` is what the
/// document's `source.path` says.
pub fn extract_bytes(bytes: &[u8], name: &str, options: &Options) -> Result<Document, ErrorKind> {
    let (grid, kind, pages) = grid_of(bytes, options)?;
    let report = read_report(&grid)?;
    let source = Source {
        path: name.to_string(),
        sha256: sha256_hex(bytes),
        kind: match kind {
            InputKind::Text => "text",
            InputKind::Pdf => "pdf",
        }
        .to_string(),
        pages,
    };
    Ok(build_document(&report, source))
}

/// Extract the records of one report file.
pub fn extract_file(path: &Path, options: &Options) -> Result<Document, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::new(Some(path.to_path_buf()), e))?;
    // A file named *.pdf that is not one is reported as such, not read as text.
    let named_pdf = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if named_pdf && detect(&bytes) != InputKind::Pdf {
        return Err(Error::new(
            Some(path.to_path_buf()),
            crate::pdf::PdfError::NotPdf,
        ));
    }
    extract_bytes(&bytes, &path.to_string_lossy(), options)
        .map_err(|e| Error::new(Some(path.to_path_buf()), e))
}

/// A validated report document from any input: a JSON document written by
/// `tassei extract` (validated against the schema), or a PDF / text report
/// (extracted, then validated).
pub fn load_document(path: &Path, options: &Options) -> Result<serde_json::Value, Error> {
    let at = |e: ErrorKind| Error::new(Some(path.to_path_buf()), e);
    let bytes = std::fs::read(path).map_err(|e| at(e.into()))?;
    let looks_json = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if looks_json {
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| at(e.into()))?;
        crate::schema::validate_report(&value).map_err(|e| at(e.into()))?;
        return Ok(value);
    }
    let doc = extract_file(path, options)?;
    crate::emit::to_validated_value(&doc).map_err(at)
}
