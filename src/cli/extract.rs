//! `tassei extract`: one report into its records.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use tassei::emit::Format;
use tassei::error::{Error, ErrorKind};
use tassei::pipeline::Options;
use tassei::record::Document;

use super::io::{self, FormatArg, STDIN};
use super::limits::{parse_timeout, PdfLimitArgs};
use super::{Status, Ui};

const EXAMPLES: &str = "\
Examples:
  tassei extract report.pdf -o report.json      # JSON, validated against the schema
  tassei extract report.pdf -o report.csv       # CSV (format from the extension) + datapackage.json
  tassei extract report.pdf --format=jsonl | head -3
  tassei extract - < report.txt > report.json   # stdin to stdout
  tassei extract big.pdf --timeout 30 -o big.json

A partial read is a warning: in the document's `warnings` and one line each on stderr \
(--quiet hides them). Exit codes: see `tassei --help`; a timeout exits 124.";

/// Extract the figures of one report (PDF, text or TSV) as validated records
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ExtractArgs {
    /// The report: a PDF, or its text/TSV form; `-` reads standard input
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// Write here (atomically) instead of standard output; `-` is standard
    /// output. The extension chooses the format (.json, .jsonl, .csv)
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Output format [default: from -o's extension, else json]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,
    /// Give up after this many seconds (exit 124)
    #[arg(long, value_name = "SECS", value_parser = parse_timeout, allow_negative_numbers = true)]
    pub timeout: Option<Duration>,
    #[command(flatten)]
    pub limits: PdfLimitArgs,
}

/// Read and extract the input (standard input or a file).
fn extract(input: &Path, options: &Options) -> Result<Document, Error> {
    if io::is_dash(input) {
        let at = |e: ErrorKind| Error::new(Some(PathBuf::from(STDIN)), e);
        let bytes =
            tassei::pipeline::read_input_from(std::io::stdin().lock(), options).map_err(at)?;
        tassei::pipeline::extract_bytes(&bytes, STDIN, options).map_err(at)
    } else {
        tassei::pipeline::extract_file(input, options)
    }
}

/// Write the validated document to `-o OUT` (atomically) or standard
/// output, straight from the document: never all of it in memory at once as
/// bytes. A closed pipe on standard output is not an error (see
/// [`io::write_stdout`]).
fn write_streamed(out: Option<&Path>, doc: &Document, format: Format) -> Result<(), Error> {
    let write = |w: &mut dyn std::io::Write| tassei::emit::write_document(doc, format, w);
    match out.filter(|p| !io::is_dash(p)) {
        Some(path) => {
            tassei::emit::write_atomic_with(path, write).map_err(|e| io::write_error(path, e))
        }
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            match write(&mut w).and_then(|()| std::io::Write::flush(&mut w)) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(io::write_error(Path::new(io::STDOUT), e)),
                Ok(()) => Ok(()),
            }
        }
    }
}

pub fn run(a: ExtractArgs, ui: &Ui) -> Result<Status, Error> {
    let out = a.output.as_deref();
    let format = io::output_format(out, a.format)?;
    io::refuse_overwriting_input(&[&a.input], out)?;
    let options = Options {
        pdf_limits: a.limits.limits(),
        ..Options::default()
    };
    let name = io::display_name(&a.input);
    let input = a.input.clone();
    let doc = tassei::deadline::with_timeout(a.timeout, move || extract(&input, &options))
        .map_err(|e| Error::new(Some(name.clone()), e))??;
    for w in &doc.warnings {
        ui.warn(&format!("{}: {}", name.display(), w.line()));
    }
    let package = match (format, out.filter(|p| !io::is_dash(p))) {
        (Format::Csv, Some(path)) => Some(path),
        _ => None,
    };
    if let Some(path) = package {
        // CSV into a file: the CSV and a datapackage.json beside it. That
        // call only writes (the document is already read), so its I/O
        // failures are write failures.
        tassei::emit::write_csv_package(path, &doc).map_err(|e| match e {
            ErrorKind::Io(io) => io::write_error(path, io),
            other => Error::new(Some(path.to_path_buf()), other),
        })?;
    } else {
        if format == Format::Csv {
            // CSV on a stream carries the figures table only: say what the
            // other tables would have held.
            if let Some(note) = tassei::emit::csv_stream_leaves_out(&doc) {
                ui.note(&format!("{}: note: {note}", name.display()));
            }
        }
        tassei::emit::validate(&doc).map_err(|e| Error::new(Some(name.clone()), e))?;
        write_streamed(out, &doc, format)?;
    }
    ui.detail(&format!(
        "{}: {} records, {} unparsed items, {} warnings{} → {}{}",
        name.display(),
        doc.records.len(),
        doc.unparsed.len(),
        doc.warnings.len(),
        doc.source
            .pages
            .map_or(String::new(), |p| format!(", {p} pages")),
        io::output_name(out),
        if package.is_some() {
            " (and datapackage.json beside it)"
        } else {
            ""
        }
    ));
    Ok(0)
}
