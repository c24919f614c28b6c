//! Batch ingestion: many reports in parallel (rayon), one output document per
//! input, and a manifest (`manifest.json`: input, output, the input's and
//! the output's sha256, status, record, unparsed and warning counts, the
//! tables written beside a CSV, error) beside them. A CSV batch also merges
//! every CSV into OUTDIR's `datapackage.json` ([`package`]).
//!
//! - A bad file is recorded in the manifest (and reported through the
//!   progress callback); the others still complete.
//! - Re-running skips an input whose sha256 and tassei version match its
//!   entry in the previous manifest and whose output is still there with
//!   the sha256 the manifest recorded (a changed or truncated output is
//!   redone).
//! - OUTDIR cannot be tricked ([`outdir`]): nothing is written through a
//!   symbolic link or into a non-regular file, a lock stops two batches
//!   writing it at once, temporary files of killed runs are removed.
//! - Output names are unique and never tassei's own ([`names`]); entries of
//!   earlier runs with other inputs are kept in the manifest.
//! - Inputs: [`collect_inputs`] (report files only, symbolic-link loops
//!   walked once, tassei's output folders skipped).
//! - Output is byte-identical whatever the thread count: inputs are sorted,
//!   output names are assigned before the parallel work, and the manifest
//!   lists entries sorted by input.
//! - `timeout` bounds the time one input may take; an input over it is
//!   recorded as failed (its worker thread is abandoned and finishes on its
//!   own, bounded by the PDF limits).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::emit::Format;
use crate::error::{Error, ErrorKind};
use crate::pipeline::{extract_bytes, sha256_hex, Options};

pub mod names;
pub mod outdir;
mod package;
pub mod walk;

pub use walk::{collect_inputs, read_path_list};

/// The manifest's name in OUTDIR.
pub const MANIFEST: &str = "manifest.json";
/// The Data Package's name in OUTDIR (CSV batches).
pub const DATAPACKAGE: &str = crate::opendata::package::DATAPACKAGE;
/// Largest previous manifest read (about a million entries).
const MAX_MANIFEST_BYTES: u64 = 256 * 1024 * 1024;

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Worker threads (0 = one per core).
    pub jobs: usize,
    pub format: Format,
    /// Longest time one input may take.
    pub timeout: Option<Duration>,
    pub options: Options,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            jobs: 0,
            format: Format::Json,
            timeout: None,
            options: Options::default(),
        }
    }
}

/// A file written beside an input's output (the other tables of a CSV:
/// `X.notes.csv`, `X.event_dates.csv`, `X.unparsed.csv`, `X.warnings.csv`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Companion {
    pub name: String,
    pub sha256: String,
}

/// One input's line in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Entry {
    pub input: String,
    /// Output file name inside the output directory.
    pub output: Option<String>,
    /// SHA-256 of the input.
    pub sha256: Option<String>,
    /// SHA-256 of the output as written; a rerun reuses the output only if
    /// it still has it.
    #[serde(default)]
    pub output_sha256: Option<String>,
    /// `ok` or `failed`.
    pub status: String,
    pub records: Option<usize>,
    /// Items in the document's `unparsed` (text not read as figures).
    #[serde(default)]
    pub unparsed: Option<usize>,
    /// Warnings in the document (what was read only in part); each is in
    /// the output too (JSON `warnings`, JSON Lines `type: warning`, CSV
    /// `X.warnings.csv`).
    #[serde(default)]
    pub warnings: Option<usize>,
    /// Files written beside the output, with their sha256 (CSV only); a
    /// rerun reuses the output only if they are intact too.
    #[serde(default)]
    pub companions: Vec<Companion>,
    pub error: Option<String>,
    /// The warnings as the lines the CLI prints (not written to the
    /// manifest).
    #[serde(skip)]
    pub warning_lines: Vec<String>,
    /// True when the previous run's output was kept (not written to the
    /// manifest, so a rerun's manifest equals the first run's).
    #[serde(skip)]
    pub cached: bool,
    /// True for an entry kept from an earlier run whose input is not in
    /// this one (not counted in this run's summary or exit status).
    #[serde(skip)]
    pub earlier: bool,
}

/// The manifest of a batch run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub tassei_version: String,
    pub entries: Vec<Entry>,
}

impl Manifest {
    /// This run's entries (not those kept from earlier runs).
    pub fn this_run(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| !e.earlier)
    }

    /// How many of this run's inputs failed.
    pub fn failed(&self) -> usize {
        self.this_run().filter(|e| e.status != "ok").count()
    }
}

/// What a run did besides its manifest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunInfo {
    /// Temporary files of killed runs removed at the start.
    pub stale_temps_removed: usize,
}

/// The previous manifest in OUTDIR: `None` when there is none; an error
/// when `manifest.json` is there but is not a tassei manifest (it is not
/// replaced: it may be someone else's file) or cannot be read.
fn read_manifest(outdir: &Path) -> Result<Option<Manifest>, Error> {
    let path = outdir.join(MANIFEST);
    let fail = |msg: String| {
        Error::new(
            Some(path.clone()),
            ErrorKind::Outdir(format!(
                "{msg}; refusing to replace it (choose another OUTDIR or remove the file)"
            )),
        )
    };
    let bytes = match crate::pipeline::read_limited(&path, |_| MAX_MANIFEST_BYTES) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(fail(format!("cannot read: {e}"))),
        Ok(Err(_)) => {
            return Err(fail(format!(
                "larger than {MAX_MANIFEST_BYTES} bytes, not a tassei manifest"
            )))
        }
        Ok(Ok(bytes)) => bytes,
    };
    let manifest: Manifest =
        serde_json::from_slice(&bytes).map_err(|e| fail(format!("not a tassei manifest ({e})")))?;
    Ok(Some(manifest))
}

/// One input extracted and rendered.
struct Rendered {
    output: Vec<u8>,
    /// The other tables of a CSV.
    companions: Vec<(crate::opendata::Table, Vec<u8>)>,
    records: usize,
    unparsed: usize,
    warning_lines: Vec<String>,
}

/// Extract, validate and render one input.
fn process(bytes: &[u8], name: &str, opts: &BatchOptions) -> Result<Rendered, ErrorKind> {
    use crate::opendata::Table;
    let doc = extract_bytes(bytes, name, &opts.options)?;
    // Validated and rendered item by item (the bytes are kept for the
    // output's sha256 and the atomic write).
    crate::emit::validate(&doc)?;
    let mut output = Vec::new();
    crate::emit::write_document(&doc, opts.format, &mut output)?;
    let mut companions = Vec::new();
    if opts.format == Format::Csv {
        for t in Table::COMPANIONS {
            let mut csv = Vec::new();
            crate::emit::write_table(&doc, t, &mut csv)?;
            companions.push((t, csv));
        }
    }
    Ok(Rendered {
        output,
        companions,
        records: doc.records.len(),
        unparsed: doc.unparsed.len(),
        warning_lines: doc.warnings.iter().map(|w| w.line()).collect(),
    })
}

/// [`process`] within `opts.timeout` ([`crate::deadline::with_timeout`]).
fn with_timeout(bytes: Vec<u8>, name: String, opts: &BatchOptions) -> Result<Rendered, String> {
    let o = opts.clone();
    crate::deadline::with_timeout(opts.timeout, move || {
        process(&bytes, &name, &o).map_err(|e| e.to_string())
    })
    .unwrap_or_else(|e| Err(e.to_string()))
}

/// One input's entry: extracted and written, or reused from the previous
/// run when its output is intact.
fn one(
    path: &Path,
    out_name: &str,
    outdir: &Path,
    previous: &HashMap<String, Entry>,
    opts: &BatchOptions,
) -> Entry {
    let input = path.to_string_lossy().into_owned();
    let failed = |sha256: Option<String>, error: String| Entry {
        input: input.clone(),
        output: None,
        sha256,
        output_sha256: None,
        status: "failed".into(),
        error: Some(error),
        ..Entry::default()
    };
    let bytes = match crate::pipeline::read_input(path, &opts.options) {
        Ok(b) => b,
        Err(e) => return failed(None, e.to_string()),
    };
    let sha = sha256_hex(&bytes);
    let out_path = outdir.join(out_name);
    let reusable = previous.get(&input).filter(|p| {
        p.status == "ok"
            && p.sha256.as_deref() == Some(sha.as_str())
            && p.output.as_deref() == Some(out_name)
            && p.output_sha256.is_some()
            && outdir::file_sha256(&out_path) == p.output_sha256
            && companions_intact(p, out_name, outdir, opts.format)
    });
    if let Some(p) = reusable {
        return Entry {
            cached: true,
            ..p.clone()
        };
    }
    let r = match with_timeout(bytes, input.clone(), opts) {
        Ok(r) => r,
        Err(msg) => return failed(Some(sha), msg),
    };
    let mut companions = Vec::new();
    for (table, csv) in &r.companions {
        let name = table.file_name(out_name);
        if let Err(e) = outdir::write_file(outdir, &name, csv) {
            return failed(Some(sha), format!("cannot write {name}: {e}"));
        }
        companions.push(Companion {
            name,
            sha256: sha256_hex(csv),
        });
    }
    if let Err(e) = outdir::write_file(outdir, out_name, &r.output) {
        return failed(Some(sha), format!("cannot write {out_name}: {e}"));
    }
    Entry {
        input,
        output: Some(out_name.to_string()),
        sha256: Some(sha),
        output_sha256: Some(sha256_hex(&r.output)),
        status: "ok".into(),
        records: Some(r.records),
        unparsed: Some(r.unparsed),
        warnings: Some(r.warning_lines.len()),
        companions,
        warning_lines: r.warning_lines,
        ..Entry::default()
    }
}

/// Are the files the previous run wrote beside `out_name` all there as it
/// wrote them (and all a CSV output needs)?
fn companions_intact(previous: &Entry, out_name: &str, outdir: &Path, format: Format) -> bool {
    let want: Vec<String> = if format == Format::Csv {
        crate::opendata::Table::COMPANIONS
            .iter()
            .map(|t| t.file_name(out_name))
            .collect()
    } else {
        Vec::new()
    };
    previous.companions.len() == want.len()
        && previous.companions.iter().zip(&want).all(|(c, w)| {
            &c.name == w && outdir::file_sha256(&outdir.join(w)).as_deref() == Some(&c.sha256)
        })
}

/// Entries of earlier runs whose inputs are not in this one: kept (their
/// outputs are still in OUTDIR and their names stay reserved), unless the
/// output has gone or its name is not a plain one. Entries of another tassei
/// version lose their output sha256, so they are redone, not reused.
fn kept_entries(
    earlier: Vec<Entry>,
    this_run: &HashSet<&str>,
    outdir: &Path,
    same_version: bool,
) -> Vec<Entry> {
    earlier
        .into_iter()
        .filter(|e| !this_run.contains(e.input.as_str()))
        .filter(|e| match e.output.as_deref() {
            None => true,
            Some(o) => {
                names::plain_name(o)
                    && std::fs::symlink_metadata(outdir.join(o)).is_ok_and(|m| m.is_file())
            }
        })
        .map(|e| Entry {
            earlier: true,
            cached: false,
            output_sha256: if same_version { e.output_sha256 } else { None },
            ..e
        })
        .collect()
}

/// Run a batch. `progress` is called once per finished input (from worker
/// threads) with the number done so far and the input's entry.
pub fn run(
    inputs: &[PathBuf],
    outdir: &Path,
    opts: &BatchOptions,
    progress: &(dyn Fn(usize, usize, &Entry) + Sync),
) -> Result<Manifest, Error> {
    run_with_info(inputs, outdir, opts, progress).map(|(m, _)| m)
}

/// [`run`], also saying what it cleaned up.
pub fn run_with_info(
    inputs: &[PathBuf],
    outdir: &Path,
    opts: &BatchOptions,
    progress: &(dyn Fn(usize, usize, &Entry) + Sync),
) -> Result<(Manifest, RunInfo), Error> {
    std::fs::create_dir_all(outdir).map_err(|e| Error::new(Some(outdir.to_path_buf()), e))?;
    let _lock = outdir::lock(outdir)?;
    outdir::check_replaceable(outdir, MANIFEST)?;
    if opts.format == Format::Csv {
        outdir::check_replaceable(outdir, DATAPACKAGE)?;
    }
    let previous_manifest = read_manifest(outdir)?;
    let info = RunInfo {
        stale_temps_removed: outdir::remove_stale_temps(outdir)?,
    };
    let version = env!("CARGO_PKG_VERSION").to_string();
    let (earlier, same_version) = match previous_manifest {
        Some(m) => {
            let same = m.tassei_version == version;
            (m.entries, same)
        }
        None => (Vec::new(), false),
    };
    let ext = match opts.format {
        Format::Json => "json",
        Format::JsonLines => "jsonl",
        Format::Csv => "csv",
    };
    let input_names: Vec<String> = inputs
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let out_names = names::output_names(&input_names, ext, &earlier);
    let earlier_outputs = package::outputs_of(&earlier);
    let this_run: HashSet<&str> = input_names.iter().map(String::as_str).collect();
    let previous: HashMap<String, Entry> = if same_version {
        earlier
            .iter()
            .filter(|e| this_run.contains(e.input.as_str()))
            .map(|e| (e.input.clone(), e.clone()))
            .collect()
    } else {
        HashMap::new()
    };
    let kept = kept_entries(earlier, &this_run, outdir, same_version);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = inputs.len();
    let work = || -> Vec<Entry> {
        inputs
            .par_iter()
            .zip(out_names.par_iter())
            .map(|(path, out_name)| {
                let entry = one(path, out_name, outdir, &previous, opts);
                let n = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                progress(n, total, &entry);
                entry
            })
            .collect()
    };
    let mut entries = if opts.jobs > 0 {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(opts.jobs)
            .build()
            .map_err(|e| {
                Error::new(
                    None,
                    ErrorKind::Usage(format!("cannot start {} threads: {e}", opts.jobs)),
                )
            })?;
        pool.install(work)
    } else {
        work()
    };
    entries.extend(kept);
    entries.sort_by(|a, b| Path::new(&a.input).cmp(Path::new(&b.input)));
    let manifest = Manifest {
        tassei_version: version,
        entries,
    };
    write_json_file(outdir, MANIFEST, &manifest)?;
    if opts.format == Format::Csv {
        package::write(outdir, &manifest, earlier_outputs)?;
    }
    Ok((manifest, info))
}

/// Write `value` as pretty JSON to `outdir/name`, safely.
pub(crate) fn write_json_file(
    outdir: &Path,
    name: &str,
    value: &impl Serialize,
) -> Result<(), Error> {
    let path = outdir.join(name);
    let bytes = crate::emit::pretty_json(value).map_err(|e| Error::new(Some(path.clone()), e))?;
    outdir::write_file(outdir, name, &bytes)
        .map_err(|e| Error::new(Some(path), ErrorKind::Outdir(format!("cannot write: {e}"))))
}
