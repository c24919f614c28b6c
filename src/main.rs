//! The `tassei` command: a thin shell over the library. It parses arguments,
//! runs one library call and reports any error once, on one line, with the
//! exit code of its class (see the README's error table).

use std::path::PathBuf;
use std::process::ExitCode;

use tassei::emit::{render, write_atomic, Format};
use tassei::error::{Error, ErrorKind};
use tassei::pipeline::{extract_file, load_document, Options};

const USAGE: &str = "\
tassei — KPI progress-report PDFs into validated open data

usage:
  tassei extract INPUT [-o OUT] [--format json|jsonl|csv] [--max-pages N]
                 [--max-stream-bytes N] [--max-pdf-tokens N] [--quiet]
      INPUT is a report PDF or its text/TSV form; writes the records as JSON
      (validated against schemas/tassei-report.schema.json) to OUT or stdout.
      What was read only in part is a warning: in the document's
      `warnings` and one line each on stderr (--quiet hides them).
      csv: one row per figure (open-data rules), and with -o a
      datapackage.json beside OUT (Frictionless Data Package for CKAN).
      --max-pages: most PDF pages read (default 2000); --max-stream-bytes:
      largest inflated size of one PDF stream (default 67108864);
      --max-pdf-tokens: most PDF tokens (numbers, names, strings, brackets;
      a long one counts once more per 128 bytes) parsed while loading,
      outside stream data (default 3000000).
  tassei validate FILE [--max-json-bytes N]
      checks a JSON document written by `tassei extract` against the schema;
      a FILE over --max-json-bytes (default 16777216) is refused unread.
  tassei batch INPUT... -o OUTDIR [--format json|jsonl|csv] [--jobs N]
               [--glob PATTERN]... [--timeout SECS] [--max-pages N]
               [--max-stream-bytes N] [--max-pdf-tokens N] [--quiet]
      extracts every report (files, or directories searched recursively for
      .pdf, .txt and .tsv files, or the names matching a --glob PATTERN with
      * and ?) in parallel into OUTDIR, with manifest.json; unchanged inputs
      with intact outputs are skipped on a rerun; one batch at a time writes
      an OUTDIR (.tassei.lock); exits 1 when any input failed.
  tassei diff OLD NEW [--format table|json] [-o OUT] [--max-json-bytes N]
      compares two editions (each a PDF, a text report or an extracted JSON,
      the JSON at most --max-json-bytes, default 16777216):
      changed, added and removed figures, as-of moves, suspicious drops, and
      KPI progress; a table on a terminal, JSON (schemas/tassei-diff.schema.json)
      with --format json.
  tassei --help | --version
";

fn usage(msg: impl Into<String>) -> Error {
    Error::new(
        None,
        ErrorKind::Usage(format!("{} (see `tassei --help`)", msg.into())),
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tassei: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn run(args: &[String]) -> Result<(), Error> {
    match args.first().map(String::as_str) {
        Some("extract") => extract(&args[1..]),
        Some("validate") => validate(&args[1..]),
        Some("diff") => diff(&args[1..]),
        Some("batch") => batch(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some("-V" | "--version") => {
            println!("tassei {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Some(other) => Err(usage(format!("unknown command '{other}'"))),
        None => Err(usage("no command given")),
    }
}

/// Take the value of an option (`-o OUT`).
fn value<'a>(it: &mut impl Iterator<Item = &'a String>, flag: &str) -> Result<&'a String, Error> {
    it.next()
        .ok_or_else(|| usage(format!("{flag} needs a value")))
}

/// Set a PDF limit from its flag (`--max-pages`, `--max-stream-bytes`,
/// `--max-pdf-tokens`).
fn pdf_limit(flag: &str, v: &str, limits: &mut tassei::pdf::PdfLimits) -> Result<(), Error> {
    let bad = || usage(format!("{flag} takes a number, not '{v}'"));
    match flag {
        "--max-pages" => limits.max_pages = v.parse().map_err(|_| bad())?,
        "--max-pdf-tokens" => limits.max_pdf_tokens = v.parse().map_err(|_| bad())?,
        _ => limits.max_stream_bytes = v.parse().map_err(|_| bad())?,
    }
    Ok(())
}

/// Write a command's output to `-o OUT` (atomically) or to stdout.
fn write_output(out: Option<PathBuf>, bytes: &[u8]) -> Result<(), Error> {
    match out {
        Some(path) => write_atomic(&path, bytes).map_err(|e| Error::new(Some(path), e)),
        None => {
            use std::io::Write;
            std::io::stdout()
                .lock()
                .write_all(bytes)
                .map_err(|e| Error::new(None, e))
        }
    }
}

fn extract(args: &[String]) -> Result<(), Error> {
    let mut quiet = false;
    let mut input: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut format = Format::Json;
    let mut options = Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-o" | "--output" => out = Some(PathBuf::from(value(&mut it, a)?)),
            "--quiet" | "-q" => quiet = true,
            "--format" => {
                let v = value(&mut it, a)?;
                format = Format::parse(v)
                    .ok_or_else(|| usage(format!("unknown format '{v}' (json, jsonl, csv)")))?;
            }
            "--max-pages" | "--max-stream-bytes" | "--max-pdf-tokens" => {
                pdf_limit(a, value(&mut it, a)?, &mut options.pdf_limits)?
            }
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(usage(format!("unknown option '{s}'")))
            }
            s if input.is_none() => input = Some(PathBuf::from(s)),
            s => return Err(usage(format!("unexpected argument '{s}'"))),
        }
    }
    let input = input.ok_or_else(|| usage("extract needs an INPUT file"))?;
    let doc = extract_file(&input, &options)?;
    if !quiet {
        print_warnings(&input, &doc);
    }
    if let (Format::Csv, None, false) = (format, &out, quiet) {
        if let Some(note) = tassei::emit::csv_stream_leaves_out(&doc) {
            eprintln!("tassei: {}: note: {note}", input.display());
        }
    }
    if let (Format::Csv, Some(path)) = (format, &out) {
        return tassei::emit::write_csv_package(path, &doc)
            .map_err(|e| Error::new(Some(path.clone()), e));
    }
    let bytes = render(&doc, format).map_err(|e| Error::new(Some(input.clone()), e))?;
    write_output(out, &bytes)
}

/// A partial read is never silent: each warning of the document is one
/// line on stderr (`--quiet` hides them).
fn print_warnings(input: &std::path::Path, doc: &tassei::record::Document) {
    for w in &doc.warnings {
        eprintln!("tassei: {}: {}", input.display(), w.line());
    }
}

/// The value of `--max-json-bytes`.
fn max_json_bytes(v: &str) -> Result<u64, Error> {
    v.parse()
        .map_err(|_| usage(format!("--max-json-bytes takes a number, not '{v}'")))
}

fn validate(args: &[String]) -> Result<(), Error> {
    let mut file: Option<PathBuf> = None;
    let mut limit = tassei::pipeline::DEFAULT_MAX_JSON_BYTES;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--max-json-bytes" => limit = max_json_bytes(value(&mut it, a)?)?,
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(usage(format!("unknown option '{s}'")))
            }
            s if file.is_none() => file = Some(PathBuf::from(s)),
            _ => return Err(usage("validate takes exactly one FILE")),
        }
    }
    let path = file.ok_or_else(|| usage("validate takes exactly one FILE"))?;
    let at = |e: ErrorKind| Error::new(Some(path.clone()), e);
    let bytes = tassei::pipeline::read_json_file(&path, limit).map_err(at)?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| at(e.into()))?;
    drop(bytes);
    tassei::schema::validate_report(&value).map_err(|e| at(e.into()))?;
    let n = value
        .get("records")
        .and_then(|r| r.as_array())
        .map_or(0, Vec::len);
    println!("{}: valid ({n} records)", path.display());
    Ok(())
}

fn diff(args: &[String]) -> Result<(), Error> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut json = false;
    let mut out: Option<PathBuf> = None;
    let mut options = Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--max-json-bytes" => options.max_json_bytes = max_json_bytes(value(&mut it, a)?)?,
            "--format" => match value(&mut it, a)?.as_str() {
                "json" => json = true,
                "table" => json = false,
                v => return Err(usage(format!("unknown diff format '{v}' (table, json)"))),
            },
            "-o" | "--output" => out = Some(PathBuf::from(value(&mut it, a)?)),
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(usage(format!("unknown option '{s}'")))
            }
            s => paths.push(PathBuf::from(s)),
        }
    }
    let [old, new] = paths.as_slice() else {
        return Err(usage("diff takes two inputs: OLD NEW"));
    };
    let (old_doc, new_doc) = (load_document(old, &options)?, load_document(new, &options)?);
    let d = tassei::diff::diff(&old_doc, &new_doc);
    let bytes = if json {
        let v = serde_json::to_value(&d).map_err(|e| Error::new(None, e))?;
        tassei::schema::validate_diff(&v).map_err(|e| Error::new(None, e))?;
        tassei::emit::pretty_json(&v).map_err(|e| Error::new(None, e))?
    } else {
        tassei::diff::render_table(&d).into_bytes()
    };
    write_output(out, &bytes)
}

fn batch(args: &[String]) -> Result<(), Error> {
    use std::io::IsTerminal;
    let mut inputs: Vec<PathBuf> = Vec::new();
    let mut outdir: Option<PathBuf> = None;
    let mut quiet = false;
    let mut globs: Vec<String> = Vec::new();
    let mut opts = tassei::batch::BatchOptions::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-o" | "--output" => outdir = Some(PathBuf::from(value(&mut it, a)?)),
            "--quiet" | "-q" => quiet = true,
            "--glob" => globs.push(value(&mut it, a)?.clone()),
            "--format" => {
                let v = value(&mut it, a)?;
                opts.format = Format::parse(v)
                    .ok_or_else(|| usage(format!("unknown format '{v}' (json, jsonl, csv)")))?;
            }
            "--jobs" | "-j" => {
                let v = value(&mut it, a)?;
                opts.jobs = v
                    .parse()
                    .map_err(|_| usage(format!("--jobs takes a number, not '{v}'")))?;
            }
            "--timeout" => {
                let v = value(&mut it, a)?;
                let secs: f64 = v
                    .parse()
                    .ok()
                    .filter(|s: &f64| *s > 0.0 && s.is_finite())
                    .ok_or_else(|| usage(format!("--timeout takes seconds, not '{v}'")))?;
                opts.timeout = Some(std::time::Duration::from_secs_f64(secs));
            }
            "--max-pages" | "--max-stream-bytes" | "--max-pdf-tokens" => {
                pdf_limit(a, value(&mut it, a)?, &mut opts.options.pdf_limits)?
            }
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(usage(format!("unknown option '{s}'")))
            }
            s => inputs.push(PathBuf::from(s)),
        }
    }
    let outdir = outdir.ok_or_else(|| usage("batch needs -o OUTDIR"))?;
    if inputs.is_empty() {
        return Err(usage("batch needs at least one input file or directory"));
    }
    let files = tassei::batch::collect_inputs(&inputs, &outdir, &globs)?;
    if files.is_empty() {
        eprintln!(
            "tassei: warning: no input files found ({})",
            if globs.is_empty() {
                "directories are searched for .pdf, .txt and .tsv files; --glob PATTERN chooses others"
            } else {
                "no file in the directories matches --glob"
            }
        );
    }
    let bar = !quiet && std::io::stderr().is_terminal();
    let progress = |done: usize, total: usize, e: &tassei::batch::Entry| {
        if let Some(err) = &e.error {
            if bar {
                eprint!("\r\x1b[K");
            }
            eprintln!("tassei: {}: {err}", e.input);
        }
        if !quiet && !e.warning_lines.is_empty() {
            if bar {
                eprint!("\r\x1b[K");
            }
            for w in &e.warning_lines {
                eprintln!("tassei: {}: {w}", e.input);
            }
        }
        if bar {
            let width = 30;
            let filled = done * width / total.max(1);
            eprint!(
                "\r[{}{}] {done}/{total} {}",
                "#".repeat(filled),
                " ".repeat(width - filled),
                e.input
            );
            if done == total {
                eprintln!();
            }
        }
    };
    let (manifest, info) = tassei::batch::run_with_info(&files, &outdir, &opts, &progress)?;
    let failed = manifest.failed();
    let this_run = manifest.this_run().count();
    let cached = manifest.this_run().filter(|e| e.cached).count();
    if !quiet {
        let kept = manifest.entries.len() - this_run;
        let mut extra = String::new();
        if kept > 0 {
            extra += &format!(", {kept} entries of earlier runs kept");
        }
        if info.stale_temps_removed > 0 {
            extra += &format!(
                ", {} temporary file(s) of killed runs removed",
                info.stale_temps_removed
            );
        }
        eprintln!(
            "{this_run} inputs: {} ok ({cached} unchanged, skipped), {failed} failed; manifest: {}{extra}",
            this_run - failed,
            outdir.join(tassei::batch::MANIFEST).display()
        );
    }
    if failed > 0 {
        return Err(Error::new(
            None,
            ErrorKind::Failed(format!(
                "{failed} of {this_run} inputs failed (see the manifest)"
            )),
        ));
    }
    Ok(())
}
