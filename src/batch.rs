//! Batch ingestion: many reports in parallel (rayon), one output document per
//! input, and a manifest (`manifest.json`: input, output, sha256, status,
//! record count, error) beside them.
//!
//! - A bad file is recorded in the manifest (and reported through the
//!   progress callback); the others still complete.
//! - Re-running skips an input whose sha256 and tassei version match its
//!   entry in the previous manifest and whose output is still there.
//! - Every file is written atomically (temp file + rename).
//! - Output is byte-identical whatever the thread count: inputs are sorted,
//!   output names are assigned before the parallel work, and the manifest
//!   lists inputs in that order.
//! - `timeout` bounds the time one input may take; an input over it is
//!   recorded as failed (its worker thread is abandoned and finishes on its
//!   own, bounded by the PDF limits).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::emit::{write_atomic, Format};
use crate::error::{Error, ErrorKind};
use crate::pipeline::{extract_bytes, sha256_hex, Options};

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

/// One input's line in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    pub input: String,
    /// Output file name inside the output directory.
    pub output: Option<String>,
    pub sha256: Option<String>,
    /// `ok` or `failed`.
    pub status: String,
    pub records: Option<usize>,
    pub error: Option<String>,
    /// True when the previous run's output was kept (not written to the
    /// manifest, so a rerun's manifest equals the first run's).
    #[serde(skip)]
    pub cached: bool,
}

/// The manifest of a batch run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub tassei_version: String,
    pub entries: Vec<Entry>,
}

impl Manifest {
    pub fn failed(&self) -> usize {
        self.entries.iter().filter(|e| e.status != "ok").count()
    }
}

/// Expand directories (recursively, hidden files and the output directory
/// skipped) and sort, so the order never depends on the file system.
pub fn collect_inputs(args: &[PathBuf], outdir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    let skip = outdir.canonicalize().ok();
    fn walk(dir: &Path, skip: &Option<PathBuf>, out: &mut Vec<PathBuf>) -> Result<(), Error> {
        if skip
            .as_ref()
            .is_some_and(|s| dir.canonicalize().ok().as_ref() == Some(s))
        {
            return Ok(());
        }
        let rd = std::fs::read_dir(dir).map_err(|e| Error::new(Some(dir.to_path_buf()), e))?;
        for entry in rd {
            let entry = entry.map_err(|e| Error::new(Some(dir.to_path_buf()), e))?;
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if path.is_dir() {
                walk(&path, skip, out)?;
            } else {
                out.push(path);
            }
        }
        Ok(())
    }
    for a in args {
        if a.is_dir() {
            walk(a, &skip, &mut out)?;
        } else {
            out.push(a.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Output names: the input's stem, with `-2`, `-3`… for stems seen before.
fn output_names(inputs: &[PathBuf], ext: &str) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    inputs
        .iter()
        .map(|p| {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "input".into());
            let n = seen.entry(stem.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                format!("{stem}.{ext}")
            } else {
                format!("{stem}-{n}.{ext}")
            }
        })
        .collect()
}

fn read_manifest(outdir: &Path) -> Option<Manifest> {
    let bytes = std::fs::read(outdir.join("manifest.json")).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Extract, validate and render one input; the rendered bytes and record count.
fn process(bytes: &[u8], name: &str, opts: &BatchOptions) -> Result<(Vec<u8>, usize), ErrorKind> {
    let doc = extract_bytes(bytes, name, &opts.options)?;
    let n = doc.records.len();
    let rendered = crate::emit::render(&doc, opts.format)?;
    Ok((rendered, n))
}

fn with_timeout(
    bytes: Vec<u8>,
    name: String,
    opts: &BatchOptions,
) -> Result<(Vec<u8>, usize), String> {
    let Some(limit) = opts.timeout else {
        return process(&bytes, &name, opts).map_err(|e| e.to_string());
    };
    let (tx, rx) = mpsc::channel();
    let o = opts.clone();
    std::thread::spawn(move || {
        let _ = tx.send(process(&bytes, &name, &o).map_err(|e| e.to_string()));
    });
    match rx.recv_timeout(limit) {
        Ok(r) => r,
        Err(_) => Err(format!("timed out after {} s", limit.as_secs_f64())),
    }
}

/// Run a batch. `progress` is called once per finished input (from worker
/// threads) with the number done so far and the input's entry.
pub fn run(
    inputs: &[PathBuf],
    outdir: &Path,
    opts: &BatchOptions,
    progress: &(dyn Fn(usize, usize, &Entry) + Sync),
) -> Result<Manifest, Error> {
    std::fs::create_dir_all(outdir).map_err(|e| Error::new(Some(outdir.to_path_buf()), e))?;
    let version = env!("CARGO_PKG_VERSION").to_string();
    let previous: HashMap<String, Entry> = read_manifest(outdir)
        .filter(|m| m.tassei_version == version)
        .map(|m| {
            m.entries
                .into_iter()
                .map(|e| (e.input.clone(), e))
                .collect()
        })
        .unwrap_or_default();
    let ext = match opts.format {
        Format::Json => "json",
        Format::JsonLines => "jsonl",
        Format::Csv => "csv",
    };
    let names = output_names(inputs, ext);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = inputs.len();
    let work = || -> Vec<Entry> {
        inputs
            .par_iter()
            .zip(names.par_iter())
            .map(|(path, out_name)| {
                let input = path.to_string_lossy().into_owned();
                let entry = match std::fs::read(path) {
                    Err(e) => Entry {
                        input,
                        output: None,
                        sha256: None,
                        status: "failed".into(),
                        records: None,
                        error: Some(format!("cannot read: {e}")),
                        cached: false,
                    },
                    Ok(bytes) => {
                        let sha = sha256_hex(&bytes);
                        let out_path = outdir.join(out_name);
                        let reusable = previous.get(&input).filter(|p| {
                            p.status == "ok"
                                && p.sha256.as_deref() == Some(sha.as_str())
                                && p.output.as_deref() == Some(out_name.as_str())
                                && out_path.exists()
                        });
                        if let Some(p) = reusable {
                            Entry {
                                cached: true,
                                ..p.clone()
                            }
                        } else {
                            match with_timeout(bytes, input.clone(), opts) {
                                Ok((rendered, n)) => match write_atomic(&out_path, &rendered) {
                                    Ok(()) => Entry {
                                        input,
                                        output: Some(out_name.clone()),
                                        sha256: Some(sha),
                                        status: "ok".into(),
                                        records: Some(n),
                                        error: None,
                                        cached: false,
                                    },
                                    Err(e) => Entry {
                                        input,
                                        output: None,
                                        sha256: Some(sha),
                                        status: "failed".into(),
                                        records: None,
                                        error: Some(format!("cannot write {out_name}: {e}")),
                                        cached: false,
                                    },
                                },
                                Err(msg) => Entry {
                                    input,
                                    output: None,
                                    sha256: Some(sha),
                                    status: "failed".into(),
                                    records: None,
                                    error: Some(msg),
                                    cached: false,
                                },
                            }
                        }
                    }
                };
                let n = done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                progress(n, total, &entry);
                entry
            })
            .collect()
    };
    let entries = if opts.jobs > 0 {
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
    let manifest = Manifest {
        tassei_version: version,
        entries,
    };
    let manifest_path = outdir.join("manifest.json");
    crate::emit::write_json(&manifest_path, &manifest)
        .map_err(|e| Error::new(Some(manifest_path), e))?;
    if opts.format == Format::Csv {
        write_package(outdir, &manifest)?;
    }
    Ok(manifest)
}

/// `datapackage.json` listing every CSV the batch wrote.
fn write_package(outdir: &Path, manifest: &Manifest) -> Result<(), Error> {
    let mut resources = Vec::new();
    for e in manifest.entries.iter().filter(|e| e.status == "ok") {
        let Some(out) = &e.output else { continue };
        let doc = serde_json::json!({"source": {"path": e.input, "sha256": e.sha256}, "report": {"title": null}});
        resources.push(crate::opendata::resource(out, &doc));
    }
    if resources.is_empty() {
        return Ok(()); // a package needs at least one resource
    }
    let pkg = crate::opendata::datapackage("tassei-batch", resources);
    let path = outdir.join("datapackage.json");
    crate::emit::write_json(&path, &pkg).map_err(|e| Error::new(Some(path), e))
}
