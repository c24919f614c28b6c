//! Stage 7: writing documents. JSON (the whole document, pretty-printed) or
//! JSON Lines (one record per line, for streaming tools). Files are written
//! atomically: to a temporary file beside the target, then renamed, so an
//! interrupted run never leaves a half-written document.

use std::io::Write;
use std::path::Path;

use serde_json::Value;

use crate::error::ErrorKind;
use crate::record::Document;

/// Output formats of `tassei extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    JsonLines,
    /// CSV for open-data portals (see [`crate::opendata`]).
    Csv,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// The document as a JSON value, validated against the schema.
pub fn to_validated_value(doc: &Document) -> Result<Value, ErrorKind> {
    let value = serde_json::to_value(doc)?;
    crate::schema::validate_report(&value)?;
    Ok(value)
}

/// Render a validated document in `format`.
pub fn render(doc: &Document, format: Format) -> Result<Vec<u8>, ErrorKind> {
    let value = to_validated_value(doc)?;
    let mut out = Vec::new();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &value)?;
            out.push(b'\n');
        }
        Format::Csv => {
            out = crate::opendata::render_csv(&value)
                .map_err(|e| ErrorKind::Io(std::io::Error::other(e)))?;
        }
        Format::JsonLines => {
            if let Some(records) = value.get("records").and_then(Value::as_array) {
                for r in records {
                    serde_json::to_writer(&mut out, r)?;
                    out.push(b'\n');
                }
            }
        }
    }
    Ok(out)
}

/// `value` as pretty-printed JSON with a final newline.
pub fn pretty_json(value: &impl serde::Serialize) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Write `value` to `path` as pretty JSON, atomically.
pub fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<(), ErrorKind> {
    write_atomic(path, &pretty_json(value)?)?;
    Ok(())
}

/// Write `bytes` to `path` atomically (temp file in the same directory, then
/// rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Write a document as CSV at `csv_path` with a `datapackage.json` beside it
/// describing it (Frictionless Data Package with a Table Schema).
pub fn write_csv_package(csv_path: &Path, doc: &Document) -> Result<(), ErrorKind> {
    let value = to_validated_value(doc)?;
    let csv =
        crate::opendata::render_csv(&value).map_err(|e| ErrorKind::Io(std::io::Error::other(e)))?;
    write_atomic(csv_path, &csv)?;
    let name = csv_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pkg = crate::opendata::datapackage(
        name.trim_end_matches(".csv"),
        vec![crate::opendata::resource(&name, &value)],
    );
    let dir = csv_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    write_json(&dir.join("datapackage.json"), &pkg)?;
    Ok(())
}
