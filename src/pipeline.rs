//! The whole pipeline for one input: detect the kind, run the front end,
//! normalize → report → rules → records.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, InputError};
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

/// Default of `--max-json-bytes`: the largest JSON document `validate` and
/// `diff` read (8 MiB). Parsed, a JSON document takes up to ~40 times its
/// size (a 16 MiB array of zeros: 630 MB) and `diff` holds two, each with
/// some growth slack: two valid 16 MiB documents of empty notes took 810 MB
/// and aborted under a 1 GiB address-space limit, two of 8 MiB take 410 MB.
/// A report's JSON takes about 1 KB a figure (the 8-page seed report: 166
/// figures, 167 KB), so 8 MiB holds some 8,000 figures.
pub const DEFAULT_MAX_JSON_BYTES: u64 = 8 * 1024 * 1024;

/// Options of one extraction.
#[derive(Debug, Clone)]
pub struct Options {
    pub pdf_limits: crate::pdf::PdfLimits,
    /// Largest JSON document read (`--max-json-bytes`).
    pub max_json_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            pdf_limits: crate::pdf::PdfLimits::default(),
            max_json_bytes: DEFAULT_MAX_JSON_BYTES,
        }
    }
}

/// An input over its size limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oversize {
    /// Its size from the metadata, or `None` for one without a size (a pipe,
    /// a device) that went on past the limit.
    pub bytes: Option<u64>,
    /// Its first KiB (what the limit was chosen by).
    pub head: Vec<u8>,
}

/// The bytes of `path`, at most `limit_for(head)` of them, where `head` is
/// its first KiB (so the limit can depend on the kind). A regular file over
/// the limit is refused from its metadata before the rest is read; anything
/// else is read up to one byte past the limit and refused there.
pub fn read_limited(
    path: &Path,
    limit_for: impl Fn(&[u8]) -> u64,
) -> std::io::Result<Result<Vec<u8>, Oversize>> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    read_limited_from(file, meta.is_file().then_some(meta.len()), limit_for)
}

/// [`read_limited`] on any reader (standard input): `size` is its length
/// when it is known (a regular file), checked before the rest is read.
pub fn read_limited_from(
    mut reader: impl std::io::Read,
    size: Option<u64>,
    limit_for: impl Fn(&[u8]) -> u64,
) -> std::io::Result<Result<Vec<u8>, Oversize>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    (&mut reader).take(1024).read_to_end(&mut bytes)?;
    let limit = limit_for(&bytes);
    if let Some(len) = size {
        if len > limit {
            return Ok(Err(Oversize {
                bytes: Some(len),
                head: bytes,
            }));
        }
        bytes.reserve(usize::try_from(len).unwrap_or(0));
    }
    let rest = limit.saturating_add(1).saturating_sub(bytes.len() as u64);
    reader.take(rest).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        // A regular file that grew while read is reported like a stream.
        bytes.truncate(1024);
        return Ok(Err(Oversize {
            bytes: None,
            head: bytes,
        }));
    }
    Ok(Ok(bytes))
}

/// Does the input look like a JSON document (`{` first in its first KiB)?
pub fn looks_json(bytes: &[u8]) -> bool {
    bytes.iter().take(1024).find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// The bytes of a JSON document, refused over `limit` (`--max-json-bytes`)
/// before it is read.
pub fn read_json_file(path: &Path, limit: u64) -> Result<Vec<u8>, ErrorKind> {
    match read_limited(path, |_| limit)? {
        Ok(bytes) => Ok(bytes),
        Err(over) => Err(json_too_large(&over, limit)),
    }
}

/// [`read_json_file`] on a reader of unknown size (standard input).
pub fn read_json_from(reader: impl std::io::Read, limit: u64) -> Result<Vec<u8>, ErrorKind> {
    match read_limited_from(reader, None, |_| limit)? {
        Ok(bytes) => Ok(bytes),
        Err(over) => Err(json_too_large(&over, limit)),
    }
}

fn json_too_large(over: &Oversize, limit: u64) -> ErrorKind {
    match over.bytes {
        Some(bytes) => InputError::JsonTooLarge { bytes, limit }.into(),
        None => InputError::JsonStreamTooLarge { limit }.into(),
    }
}

/// The size limit of an input by its kind (PDF or text).
fn input_limit(head: &[u8], options: &Options) -> u64 {
    match detect(head) {
        InputKind::Pdf => options.pdf_limits.max_file_bytes,
        InputKind::Text => crate::text::MAX_TEXT_BYTES as u64,
    }
}

/// The error of an input over its kind's size limit.
fn input_too_large(over: &Oversize, options: &Options) -> ErrorKind {
    let limit = input_limit(&over.head, options);
    let bytes = over.bytes.unwrap_or(limit.saturating_add(1));
    match detect(&over.head) {
        InputKind::Pdf => crate::pdf::PdfError::TooLarge { bytes, limit }.into(),
        InputKind::Text => InputError::TooLarge { bytes, limit }.into(),
    }
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

/// Extract the records of one report file (refused over its kind's size
/// limit before it is read).
pub fn extract_file(path: &Path, options: &Options) -> Result<Document, Error> {
    let bytes = read_input(path, options).map_err(|e| Error::new(Some(path.to_path_buf()), e))?;
    extract_read(path, &bytes, options)
}

/// The bytes of a report file (PDF or text), refused over its kind's size
/// limit before it is read.
pub fn read_input(path: &Path, options: &Options) -> Result<Vec<u8>, ErrorKind> {
    match read_limited(path, |head| input_limit(head, options))? {
        Err(over) => Err(input_too_large(&over, options)),
        Ok(bytes) => Ok(bytes),
    }
}

/// [`read_input`] on a reader of unknown size (standard input).
pub fn read_input_from(
    reader: impl std::io::Read,
    options: &Options,
) -> Result<Vec<u8>, ErrorKind> {
    match read_limited_from(reader, None, |head| input_limit(head, options))? {
        Err(over) => Err(input_too_large(&over, options)),
        Ok(bytes) => Ok(bytes),
    }
}

/// Extract the records of one report file already read.
fn extract_read(path: &Path, bytes: &[u8], options: &Options) -> Result<Document, Error> {
    // A file named *.pdf that is not one is reported as such, not read as text.
    let named_pdf = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if named_pdf && detect(bytes) != InputKind::Pdf {
        return Err(Error::new(
            Some(path.to_path_buf()),
            crate::pdf::PdfError::NotPdf,
        ));
    }
    extract_bytes(bytes, &path.to_string_lossy(), options)
        .map_err(|e| Error::new(Some(path.to_path_buf()), e))
}

/// A validated report document from any input: a JSON document written by
/// `tassei extract` (at most `options.max_json_bytes`, validated against the
/// schema), or a PDF / text report (extracted, then validated). The size is
/// checked from the metadata before the file is read.
pub fn load_document(path: &Path, options: &Options) -> Result<serde_json::Value, Error> {
    let at = |e: ErrorKind| Error::new(Some(path.to_path_buf()), e);
    let file = std::fs::File::open(path).map_err(|e| at(e.into()))?;
    let meta = file.metadata().map_err(|e| at(e.into()))?;
    load_document_from(path, file, meta.is_file().then_some(meta.len()), options)
}

/// [`load_document`] from a reader (standard input), named `path` in errors
/// and in the document's source; `size` is its length when known.
pub fn load_document_from(
    path: &Path,
    reader: impl std::io::Read,
    size: Option<u64>,
    options: &Options,
) -> Result<serde_json::Value, Error> {
    let at = |e: ErrorKind| Error::new(Some(path.to_path_buf()), e);
    let limit_for = |head: &[u8]| {
        if looks_json(head) {
            options.max_json_bytes
        } else {
            input_limit(head, options)
        }
    };
    let bytes = match read_limited_from(reader, size, limit_for).map_err(|e| at(e.into()))? {
        Ok(bytes) => bytes,
        Err(over) => {
            return Err(at(if looks_json(&over.head) {
                json_too_large(&over, options.max_json_bytes)
            } else {
                input_too_large(&over, options)
            }));
        }
    };
    if looks_json(&bytes) {
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| at(e.into()))?;
        drop(bytes);
        crate::schema::validate_report(&value).map_err(|e| at(e.into()))?;
        return Ok(value);
    }
    let doc = extract_read(path, &bytes, options)?;
    drop(bytes);
    crate::emit::to_validated_value(&doc).map_err(at)
}
