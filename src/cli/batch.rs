//! `tassei batch`: many reports in parallel into one folder, with a
//! manifest.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use tassei::batch::{BatchOptions, Entry};
use tassei::error::{Error, ErrorKind};

use super::io::{self, FormatArg};
use super::limits::{parse_timeout, PdfLimitArgs};
use super::{usage, Status, Ui};

const EXAMPLES: &str = "\
Examples:
  tassei batch reports/ -o out/                   # every .pdf, .txt, .tsv under reports/
  tassei batch a.pdf b.pdf -o out/ --format=csv   # CSVs and one datapackage.json
  tassei batch reports/ -o out/ --glob '*.PDF' --jobs 2 --timeout 60
  find reports -name '*.pdf' -print0 | tassei batch - -0 -o out/   # paths from stdin

Unchanged inputs with intact outputs are skipped on a rerun; one batch at a time writes \
an OUTDIR (.tassei.lock); out/manifest.json lists every input, its output and its error. \
Exits 1 when any input failed.";

/// Extract many reports in parallel into OUTDIR, with manifest.json
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct BatchArgs {
    /// Report files, or directories searched recursively for .pdf, .txt and
    /// .tsv files (or the names matching --glob); `-` reads a list of them
    /// from standard input, one a line
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
    /// The list read for `-` is NUL-separated (`find -print0`)
    #[arg(short = '0', long = "null")]
    pub null: bool,
    /// The output directory (created if missing)
    #[arg(short, long, value_name = "OUTDIR", required = true)]
    pub output: PathBuf,
    /// Output format of each document
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "json")]
    pub format: FormatArg,
    /// Worker threads [default: one per core]
    #[arg(
        short,
        long,
        value_name = "N",
        default_value_t = 0,
        hide_default_value = true
    )]
    pub jobs: usize,
    /// In directories, take the file names matching PATTERN (* and ?)
    /// instead of .pdf, .txt and .tsv; may be repeated
    #[arg(long, value_name = "PATTERN")]
    pub glob: Vec<String>,
    /// Give up on one input after this many seconds (it is recorded as failed)
    #[arg(long, value_name = "SECS", value_parser = parse_timeout, allow_negative_numbers = true)]
    pub timeout: Option<Duration>,
    #[command(flatten)]
    pub limits: PdfLimitArgs,
}

/// A progress bar on a terminal (`[####    ] 3/8 name`), each failure as a
/// line above it.
fn progress(ui: &Ui) -> impl Fn(usize, usize, &Entry) + Sync + '_ {
    let bar = !ui.quiet && std::io::stderr().is_terminal();
    move |done: usize, total: usize, e: &Entry| {
        if let Some(err) = &e.error {
            if bar {
                eprint!("\r\x1b[K");
            }
            ui.error(&format!("{}: {err}", e.input));
        } else {
            if !ui.quiet && bar && !e.warning_lines.is_empty() {
                eprint!("\r\x1b[K");
            }
            for w in &e.warning_lines {
                ui.warn(&format!("{}: {w}", e.input));
            }
            ui.detail(&format!(
                "{}: {} → {}",
                e.input,
                if e.cached { "unchanged, skipped" } else { "ok" },
                e.output.as_deref().unwrap_or("-")
            ));
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
    }
}

/// The inputs with `-` replaced by the paths listed on standard input
/// (one a line, or NUL-separated with `--null`). A listed path that is
/// missing is an input like a missing argument: its entry fails, the others
/// are processed.
fn inputs_with_list(args: &[PathBuf], null: bool) -> Result<Vec<PathBuf>, Error> {
    let dashes = args.iter().filter(|p| io::is_dash(p)).count();
    if dashes > 1 {
        return Err(usage("batch reads standard input (-) once"));
    }
    if dashes == 0 {
        if null {
            return Err(usage(
                "--null (-0) is for a list of paths on standard input: give - as an input",
            ));
        }
        return Ok(args.to_vec());
    }
    let list = tassei::batch::read_path_list(std::io::stdin().lock(), null)
        .map_err(|e| Error::new(Some(PathBuf::from(io::STDIN)), e))?;
    let mut out = Vec::with_capacity(args.len() + list.len());
    for a in args {
        if io::is_dash(a) {
            out.extend(list.iter().cloned());
        } else {
            out.push(a.clone());
        }
    }
    Ok(out)
}

pub fn run(a: BatchArgs, ui: &Ui) -> Result<Status, Error> {
    let inputs = inputs_with_list(&a.inputs, a.null)?;
    let opts = BatchOptions {
        jobs: a.jobs,
        format: a.format.format(),
        timeout: a.timeout,
        options: tassei::pipeline::Options {
            pdf_limits: a.limits.limits(),
            ..Default::default()
        },
    };
    let outdir = a.output;
    let files = tassei::batch::collect_inputs(&inputs, &outdir, &a.glob)?;
    if files.is_empty() {
        ui.warn(&format!(
            "warning: no input files found ({})",
            if a.glob.is_empty() {
                "directories are searched for .pdf, .txt and .tsv files; --glob PATTERN chooses others"
            } else {
                "no file in the directories matches --glob"
            }
        ));
    }
    let (manifest, info) = tassei::batch::run_with_info(&files, &outdir, &opts, &progress(ui))?;
    let failed = manifest.failed();
    let this_run = manifest.this_run().count();
    let cached = manifest.this_run().filter(|e| e.cached).count();
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
    ui.note(&format!(
        "{this_run} inputs: {} ok ({cached} unchanged, skipped), {failed} failed; manifest: {}{extra}",
        this_run - failed,
        outdir.join(tassei::batch::MANIFEST).display()
    ));
    if failed > 0 {
        return Err(Error::new(
            None,
            ErrorKind::Failed(format!(
                "{failed} of {this_run} inputs failed (see the manifest)"
            )),
        ));
    }
    Ok(0)
}
