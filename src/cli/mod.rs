//! The command line, defined once with clap (derive): parsing, `--help`,
//! shell completions and the man page all come from [`Cli`]. One file per
//! subcommand; each is a thin shell over one library call. Shared pieces:
//! [`ui`] (quiet / verbose / colour, lines on stderr), [`io`] (`-` for
//! stdin and stdout, `-o`, the format from `-o`'s extension, write errors,
//! a closed pipe) and [`limits`] (the PDF limits).
//!
//! Adding a subcommand (`debug`, `text`, …): a file `src/cli/NAME.rs` with
//! a clap `Args` struct (its doc comment is the one-line summary, its
//! `after_help` the examples) and `run(args, &Ui) -> Result<Status, Error>`
//! calling the library; a variant in [`Command`] and an arm in `run`.
//! `--help`, completions and the man page follow by themselves.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use tassei::error::{Error, ErrorKind};

mod batch;
mod debug;
mod diff;
mod docs;
mod extract;
mod io;
mod limits;
mod text;
mod ui;
mod validate;

use ui::{GlobalArgs, Ui};

const ABOUT: &str = "KPI progress-report PDFs into validated open data";

const LONG_ABOUT: &str = "\
tassei reads Japanese government KPI progress reports (「…KPI達成状況」, PDF or their \
text/TSV form) and writes every figure as a validated record: value, unit, metric, \
fiscal year, as-of date, period, breakdowns and targets (JSON, JSON Lines or CSV with a \
Frictionless datapackage.json).";

const EXAMPLES: &str = "\
Examples:
  tassei extract report.pdf -o report.json     # records as JSON (validated)
  tassei extract report.pdf -o report.csv      # CSV + datapackage.json beside it
  tassei extract - < report.txt | jq .records  # stdin to stdout
  tassei diff old.pdf new.pdf --exit-code      # what changed; exit 1 if anything did
  tassei batch reports/ -o out/ --jobs 2       # a folder, in parallel, with manifest.json
  tassei text report.pdf --page 2              # the text tassei reads, like pdftotext
  tassei debug report.pdf --page 2 -o p2.svg   # what each stage saw, drawn on the page
  tassei completions bash > ~/.local/share/bash-completion/completions/tassei
  tassei man | man -l -

Exit codes: 0 ok, 1 differences (diff --exit-code) or failed inputs (batch), 2 usage, \
3 cannot read or write, 4 not a report file / not JSON, 5 not a KPI report, 6 PDF \
unreadable, 7 schema violation, 124 timed out (--timeout).";

/// tassei — KPI progress-report PDFs into validated open data.
#[derive(Debug, Parser)]
#[command(
    name = "tassei",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = EXAMPLES,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands: one variant and one file each.
#[derive(Debug, Subcommand)]
pub enum Command {
    Extract(extract::ExtractArgs),
    Validate(validate::ValidateArgs),
    Diff(diff::DiffArgs),
    Batch(batch::BatchArgs),
    Text(text::TextArgs),
    Debug(debug::DebugArgs),
    Completions(docs::CompletionsArgs),
    Man(docs::ManArgs),
}

/// What a successful command asks the process to exit with (`diff
/// --exit-code` exits 1 when the editions differ).
pub type Status = u8;

/// Run the command line of this process.
pub fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let color = ui::ColorWhen::from_args(&args);
    let matches = match Cli::command()
        .color(color.clap())
        .try_get_matches_from(&args)
    {
        Ok(m) => m,
        Err(e) => return clap_error(e, color, &args),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return clap_error(e, color, &args),
    };
    let ui = Ui::new(&cli.global);
    match run(cli.command, &ui) {
        Ok(status) => ExitCode::from(status),
        Err(e) => {
            ui.error(&e.to_string());
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
        }
    }
}

fn run(command: Command, ui: &Ui) -> Result<Status, Error> {
    match command {
        Command::Extract(a) => extract::run(a, ui),
        Command::Validate(a) => validate::run(a, ui),
        Command::Diff(a) => diff::run(a, ui),
        Command::Batch(a) => batch::run(a, ui),
        Command::Text(a) => text::run(a, ui),
        Command::Debug(a) => debug::run(a, ui),
        Command::Completions(a) => docs::completions(a),
        Command::Man(a) => docs::man(a),
    }
}

/// A usage error of our own (exit 2), worded like clap's.
pub fn usage(msg: impl Into<String>) -> Error {
    Error::new(None, ErrorKind::Usage(msg.into()))
}

/// clap's verdict: `--help` and `--version` print and exit 0; every usage
/// error is one line on stderr (its first line, with clap's tip and where
/// to read more), exit 2.
fn clap_error(e: clap::Error, color: ui::ColorWhen, args: &[OsString]) -> ExitCode {
    use clap::error::ErrorKind as K;
    match e.kind() {
        K::DisplayHelp | K::DisplayVersion => {
            // A closed pipe (`tassei --help | head -1`) is not an error.
            let _ = e.print();
            ExitCode::SUCCESS
        }
        _ => {
            let text = e.render().to_string();
            let ui = Ui::for_errors(color);
            ui.error(&one_line(&text, e.kind(), &command_of(args)));
            ExitCode::from(2)
        }
    }
}

/// `tassei CMD` for the subcommand named on the command line (for "see
/// 'tassei CMD --help'").
fn command_of(args: &[OsString]) -> String {
    let cmd = Cli::command();
    args.iter()
        .skip(1)
        .map(|a| a.to_string_lossy())
        .take_while(|a| a != "--")
        .find(|a| cmd.get_subcommands().any(|s| s.get_name() == a))
        .map_or("tassei".to_string(), |s| format!("tassei {s}"))
}

/// clap's multi-line error text as one line: `what went wrong (tip; see
/// 'tassei CMD --help')`.
fn one_line(text: &str, kind: clap::error::ErrorKind, command: &str) -> String {
    let mut what: Vec<String> = Vec::new();
    let mut tips = Vec::new();
    let mut in_error = false;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("error: ") {
            what.push(rest.trim().to_string());
            in_error = true;
        } else if in_error && line.starts_with(' ') && !line.trim().is_empty() {
            what.push(line.trim().to_string());
        } else if let Some(rest) = line.trim().strip_prefix("tip: ") {
            tips.push(rest.to_string());
            in_error = false;
        } else {
            in_error = false;
        }
    }
    let mut what = what.join(" ");
    if kind == clap::error::ErrorKind::MissingSubcommand
        || kind == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    {
        what = "no command given: extract, validate, diff, batch, completions or man".into();
    }
    if what.is_empty() {
        what = text
            .lines()
            .next()
            .unwrap_or("invalid arguments")
            .to_string();
    }
    tips.push(format!("see '{command} --help'"));
    format!("{what} ({})", tips.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn clap_errors_become_one_line() {
        let args: Vec<OsString> = ["tassei", "extract", "x.pdf", "--bogus"]
            .iter()
            .map(OsString::from)
            .collect();
        let e = Cli::command()
            .try_get_matches_from(&args)
            .expect_err("unknown option");
        let line = one_line(&e.render().to_string(), e.kind(), &command_of(&args));
        assert!(!line.contains('\n'), "{line}");
        assert!(line.contains("--bogus"), "{line}");
        assert!(line.ends_with("see 'tassei extract --help')"), "{line}");
        let e = Cli::command()
            .try_get_matches_from(["tassei", "extract"])
            .expect_err("missing input");
        let line = one_line(&e.render().to_string(), e.kind(), "tassei extract");
        assert!(line.contains("<INPUT>"), "{line}");
    }
}
