//! `tassei diff`: what changed between two editions of a report, like
//! `git diff`: a table on a terminal, JSON for programs, `--exit-code`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use tassei::diff::TableStyle;
use tassei::error::Error;
use tassei::pipeline::Options;

use super::io::{self, STDIN};
use super::limits::{JsonLimitArg, PdfLimitArgs};
use super::{usage, Status, Ui};

const EXAMPLES: &str = "\
Examples:
  tassei diff old.pdf new.pdf                    # a table: changed, added, removed, as-of, progress
  tassei diff old.json new.pdf --exit-code       # exit 1 when a figure changed, 0 otherwise
  tassei diff old.pdf new.pdf -o changes.json    # JSON (schemas/tassei-diff.schema.json)
  tassei diff old.pdf new.pdf --format=json | jq '.changes[] | select(.suspicious)'
  tassei extract new.pdf | tassei diff old.json -

Each side is a PDF, a text report or a JSON document `tassei extract` wrote. A figure whose \
value is the same but whose as-of date moved is listed apart (`as-of`, JSON `as_of_only`), \
not as a change. --quiet prints nothing and implies --exit-code.";

/// The forms of a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Aligned columns for people (colour on a terminal)
    Table,
    /// JSON for programs (schemas/tassei-diff.schema.json)
    Json,
}

/// Compare two editions of a report: changed, added and removed figures,
/// as-of moves, suspicious drops and KPI progress
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct DiffArgs {
    /// The older edition (PDF, text or extracted JSON); `-` reads standard input
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The newer edition; `-` reads standard input
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Write here instead of standard output; a .json file gets JSON
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Output form [default: json for a .json OUT, else table]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<DiffFormat>,
    /// Exit 1 when a figure changed, was added or removed; 0 when none did
    #[arg(long)]
    pub exit_code: bool,
    #[command(flatten)]
    pub json: JsonLimitArg,
    #[command(flatten)]
    pub limits: PdfLimitArgs,
}

/// The form of the output: `--format`, else from `-o`'s extension.
fn form(out: Option<&Path>, explicit: Option<DiffFormat>) -> Result<DiffFormat, Error> {
    let json_out = out
        .filter(|p| !io::is_dash(p))
        .and_then(io::extension)
        .is_some_and(|e| e == "json");
    match (explicit, json_out) {
        (Some(DiffFormat::Table), true) => Err(usage(format!(
            "--format table disagrees with -o {} (a .json file); drop --format or change the extension",
            out.map(|p| p.display().to_string()).unwrap_or_default()
        ))),
        (Some(f), _) => Ok(f),
        (None, true) => Ok(DiffFormat::Json),
        (None, false) => Ok(DiffFormat::Table),
    }
}

fn load(path: &Path, options: &Options) -> Result<serde_json::Value, Error> {
    if io::is_dash(path) {
        let stdin = std::io::stdin().lock();
        tassei::pipeline::load_document_from(Path::new(STDIN), stdin, None, options)
    } else {
        tassei::pipeline::load_document(path, options)
    }
}

pub fn run(a: DiffArgs, ui: &Ui) -> Result<Status, Error> {
    if io::is_dash(&a.old) && io::is_dash(&a.new) {
        return Err(usage("only one of OLD and NEW can be - (standard input)"));
    }
    let out = a.output.as_deref();
    let form = form(out, a.format)?;
    io::refuse_overwriting_input(&[&a.old, &a.new], out)?;
    let options = Options {
        pdf_limits: a.limits.limits(),
        max_json_bytes: a.json.max_json_bytes,
    };
    let (old, new) = (load(&a.old, &options)?, load(&a.new, &options)?);
    let d = tassei::diff::diff(&old, &new);
    drop((old, new));
    if !ui.quiet {
        let bytes = match form {
            DiffFormat::Json => {
                let v = serde_json::to_value(&d).map_err(|e| Error::new(None, e))?;
                tassei::schema::validate_diff(&v).map_err(|e| Error::new(None, e))?;
                tassei::emit::pretty_json(&v).map_err(|e| Error::new(None, e))?
            }
            DiffFormat::Table => {
                let to_terminal = out.is_none_or(io::is_dash) && std::io::stdout().is_terminal();
                let style = TableStyle {
                    color: ui.color.enabled(to_terminal),
                };
                tassei::diff::render_table_styled(&d, style).into_bytes()
            }
        };
        io::write_output(out, &bytes)?;
    }
    ui.detail(&format!(
        "{} changed, {} added, {} removed, {} with only the as-of date moved → {}",
        d.count(tassei::diff::ChangeKind::Changed),
        d.count(tassei::diff::ChangeKind::Added),
        d.count(tassei::diff::ChangeKind::Removed),
        d.as_of_only.len(),
        io::output_name(out)
    ));
    Ok(u8::from((a.exit_code || ui.quiet) && d.has_changes()))
}
