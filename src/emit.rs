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
/// rename); a device or named pipe is written in place, a symbolic link is
/// followed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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
            let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
            return f.write_all(bytes);
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
