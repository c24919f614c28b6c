//! Stage 7: writing documents. JSON (the whole document, pretty-printed),
//! JSON Lines (one line per record, unparsed item and warning, for
//! streaming tools) or CSV with a Data Package ([`crate::opendata`]). Files are written
//! atomically: to a temporary file beside the target, then renamed, so an
//! interrupted run never leaves a half-written document.
//!
//! A document is validated ([`validate`]) and written ([`write_document`],
//! [`write_table`]) one record, unparsed item or warning at a time, never as
//! one JSON value of the whole: a cell of 1 M figures (`3件` repeated) took
//! 6.6 GB that way and takes 1.7 GB (the document itself) now.

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

/// Validate `doc` against the schema item by item
/// ([`crate::schema::ReportCheck`]): the document without its records,
/// unparsed items and warnings, then each of those as a JSON value of its
/// own, so memory stays that of one item whatever the document's size.
pub fn validate(doc: &Document) -> Result<(), ErrorKind> {
    let mut check = crate::schema::ReportCheck::default();
    check.head(&serde_json::to_value(head(doc))?);
    for_each_item(doc, |array, i, v| {
        check.item(array, i, &v);
        Ok::<(), serde_json::Error>(())
    })?;
    check.finish()?;
    Ok(())
}

/// The document with its item arrays empty (a new field of [`Document`]
/// must be added here: the struct literal does not compile without it).
fn head(doc: &Document) -> Document {
    Document {
        tassei_version: doc.tassei_version.clone(),
        source: doc.source.clone(),
        report: doc.report.clone(),
        sections: doc.sections.clone(),
        records: Vec::new(),
        unparsed: Vec::new(),
        warnings: Vec::new(),
    }
}

/// Every item of the document's arrays, in [`LINE_TYPES`] order, as a JSON
/// value with its array's name and index, one at a time.
fn for_each_item<E: From<serde_json::Error>>(
    doc: &Document,
    mut f: impl FnMut(&str, usize, Value) -> Result<(), E>,
) -> Result<(), E> {
    for (array, _) in LINE_TYPES {
        for_each_item_of(doc, array, &mut f)?;
    }
    Ok(())
}

/// The items of the document's array `array`, as in [`for_each_item`].
fn for_each_item_of<E: From<serde_json::Error>>(
    doc: &Document,
    array: &str,
    f: &mut impl FnMut(&str, usize, Value) -> Result<(), E>,
) -> Result<(), E> {
    fn each<T: serde::Serialize, E: From<serde_json::Error>>(
        array: &str,
        items: &[T],
        f: &mut impl FnMut(&str, usize, Value) -> Result<(), E>,
    ) -> Result<(), E> {
        for (i, item) in items.iter().enumerate() {
            f(array, i, serde_json::to_value(item)?)?;
        }
        Ok(())
    }
    match array {
        "records" => each(array, &doc.records, f),
        "unparsed" => each(array, &doc.unparsed, f),
        "warnings" => each(array, &doc.warnings, f),
        _ => Ok(()),
    }
}

/// Write `table` of a validated document to `w` as CSV, one item at a time
/// ([`crate::opendata::TableWriter`]).
pub fn write_table(
    doc: &Document,
    table: crate::opendata::Table,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let mut tw = crate::opendata::TableWriter::new(table, &doc.source.path, &doc.source.sha256, w)
        .map_err(std::io::Error::other)?;
    for_each_item_of(doc, table.items(), &mut |_, _, item| {
        tw.item(&item).map_err(std::io::Error::other)
    })?;
    tw.finish().map_err(std::io::Error::other)?;
    Ok(())
}

/// The document as a JSON value, validated against the schema.
pub fn to_validated_value(doc: &Document) -> Result<Value, ErrorKind> {
    validate(doc)?;
    Ok(serde_json::to_value(doc)?)
}

/// Render a validated document in `format`.
pub fn render(doc: &Document, format: Format) -> Result<Vec<u8>, ErrorKind> {
    validate(doc)?;
    let mut out = Vec::new();
    write_document(doc, format, &mut out)?;
    Ok(out)
}

/// Write a document already validated ([`validate`]) in `format` to `w`,
/// item by item for JSON Lines and CSV (the figures table only) and
/// straight from the document for JSON.
pub fn write_document(doc: &Document, format: Format, w: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *w, doc)?;
            w.write_all(b"\n")
        }
        Format::Csv => write_table(doc, crate::opendata::Table::Records, w),
        Format::JsonLines => {
            let source_path = Value::from(doc.source.path.as_str());
            let source_sha = Value::from(doc.source.sha256.as_str());
            for_each_item(doc, |array, _, item| {
                let kind = LINE_TYPES
                    .iter()
                    .find(|(a, _)| *a == array)
                    .map_or(array, |(_, k)| *k);
                json_line(kind, &source_path, &source_sha, item, w)
            })
        }
    }
}

/// The kinds of JSON Lines line: the document's array each comes from and
/// the `type` it is given.
pub const LINE_TYPES: &[(&str, &str)] = &[
    ("records", "record"),
    ("unparsed", "unparsed"),
    ("warnings", "warning"),
];

/// JSON Lines: every record, then every unparsed item, then every warning,
/// one object a line, each led by `type` (`record`, `unparsed`, `warning`),
/// `source_path` and `source_sha256`, then the item's own fields as in the
/// JSON document ([`write_document`]).
fn json_line(
    kind: &str,
    source_path: &Value,
    source_sha: &Value,
    item: Value,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut line = serde_json::Map::new();
    line.insert("type".into(), Value::from(kind));
    line.insert("source_path".into(), source_path.clone());
    line.insert("source_sha256".into(), source_sha.clone());
    if let Value::Object(fields) = item {
        line.extend(fields);
    }
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
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
/// rename); a device or named pipe is written in place, a symbolic link is
/// followed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] with the contents written by `fill` (through a buffer),
/// so a large document need not be held in memory.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // Only a regular file (or a new one) can be replaced by a rename: a
    // device or FIFO (`-o /dev/null`, `-o /dev/stdout`, a named pipe) is
    // written in place — renaming over it would replace the device node with
    // a regular file — and a symbolic link is followed, so the link stays and
    // its target gets the new contents.
    let target = match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "is a directory",
            ))
        }
        Ok(m) if !m.is_file() => {
            let f = std::fs::OpenOptions::new().write(true).open(path)?;
            let mut w = std::io::BufWriter::new(f);
            fill(&mut w)?;
            return w.flush();
        }
        Ok(_) if path.is_symlink() => std::fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    let path = target.as_path();
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
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        fill(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// What CSV on a stream (stdout) leaves out: only the figures table fits
/// one stream, so the notes, event dates, unparsed items and warnings a
/// document has are counted here for a note on stderr (`None`: nothing is
/// left out).
pub fn csv_stream_leaves_out(doc: &Document) -> Option<String> {
    let notes: usize = doc.records.iter().map(|r| r.notes.len()).sum();
    let dates: usize = doc.records.iter().map(|r| r.event_dates.len()).sum();
    let parts: Vec<String> = [
        (notes, "note(s)"),
        (dates, "event date(s)"),
        (doc.unparsed.len(), "unparsed item(s)"),
        (doc.warnings.len(), "warning(s)"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "CSV on stdout holds the figures table only; {} are in the tables written beside \
             `-o FILE.csv` (or use --format jsonl)",
            parts.join(", ")
        )
    })
}

/// Write a document as CSV at `csv_path`, its other tables beside it
/// (`X.notes.csv`, `X.event_dates.csv`, `X.unparsed.csv`, `X.warnings.csv`)
/// and all five merged into the folder's `datapackage.json` (Frictionless
/// Data Package with a Table Schema per table; see
/// [`crate::opendata::package`]). A `csv_path` that is not a regular file
/// (`/dev/stdout`, a pipe) gets the figures table only.
pub fn write_csv_package(csv_path: &Path, doc: &Document) -> Result<(), ErrorKind> {
    use crate::opendata::{package, Table};
    validate(doc)?;
    let regular = std::fs::metadata(csv_path).map_or(true, |m| m.is_file());
    if !regular {
        return Ok(write_atomic_with(csv_path, |w| {
            write_table(doc, Table::Records, w)
        })?);
    }
    let name = csv_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if crate::opendata::is_companion_name(&name) || name.eq_ignore_ascii_case(package::DATAPACKAGE)
    {
        return Err(ErrorKind::Usage(format!(
            "{}: this name is one tassei writes beside a CSV (datapackage.json, X.notes.csv, \
             X.event_dates.csv, X.unparsed.csv, X.warnings.csv); choose another",
            csv_path.display()
        )));
    }
    let dir = csv_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    for table in Table::ALL {
        write_atomic_with(&dir.join(table.file_name(&name)), |w| {
            write_table(doc, table, w)
        })?;
    }
    let written = package::Written {
        csv_name: name,
        source_path: doc.source.path.clone(),
        source_sha256: doc.source.sha256.clone(),
    };
    let target = dir.join(package::DATAPACKAGE);
    package::update(
        dir,
        &std::collections::HashSet::new(),
        &[written],
        |bytes| write_atomic(&target, bytes),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("tassei-emit-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("scratch dir");
        d
    }

    #[test]
    fn atomic_write_replaces_a_file_and_creates_a_new_one() {
        let d = scratch("file");
        let p = d.join("out.json");
        write_atomic(&p, b"one").expect("new");
        write_atomic(&p, b"two").expect("replace");
        assert_eq!(std::fs::read(&p).expect("read"), b"two");
        // No temp file is left behind.
        assert_eq!(std::fs::read_dir(&d).expect("dir").count(), 1);
        assert!(write_atomic(&d, b"x").is_err(), "a directory is refused");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn atomic_write_follows_symlinks() {
        let d = scratch("link");
        let real = d.join("real.json");
        let link = d.join("link.json");
        std::fs::write(&real, b"old").expect("write");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        write_atomic(&link, b"new").expect("write through link");
        assert!(link.is_symlink(), "the link stays a link");
        assert_eq!(std::fs::read(&real).expect("read"), b"new");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_named_pipe_is_written_in_place_not_replaced() {
        // `-o /dev/null` used to rename a regular file over the device node;
        // a FIFO stands in for the device here.
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::FileTypeExt;
        let d = scratch("fifo");
        let fifo = d.join("pipe");
        let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).expect("path");
        // SAFETY: `c` is a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).expect("read fifo"))
        };
        write_atomic(&fifo, b"through the pipe").expect("write fifo");
        // Checked before joining: had the FIFO been replaced, the reader
        // would wait forever.
        let kind = std::fs::symlink_metadata(&fifo).expect("meta").file_type();
        assert!(kind.is_fifo(), "still a FIFO");
        assert_eq!(reader.join().expect("reader"), b"through the pipe");
        let _ = std::fs::remove_dir_all(&d);
    }
}
