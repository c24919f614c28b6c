//! `tassei validate`: is a JSON document what `tassei extract` writes?

use std::path::PathBuf;

use clap::Args;
use tassei::error::{Error, ErrorKind};

use super::io;
use super::limits::JsonLimitArg;
use super::{Status, Ui};

const EXAMPLES: &str = "\
Examples:
  tassei validate report.json
  tassei extract report.pdf | tassei validate -
  tassei validate --quiet report.json && echo ok   # exit code only

Prints `FILE: valid (N records)`; a document that does not match \
schemas/tassei-report.schema.json exits 7 with its first violation.";

/// Check a JSON document written by `tassei extract` against the schema
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ValidateArgs {
    /// The document; `-` reads standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub json: JsonLimitArg,
}

pub fn run(a: ValidateArgs, ui: &Ui) -> Result<Status, Error> {
    let name = io::display_name(&a.file);
    let at = |e: ErrorKind| Error::new(Some(name.clone()), e);
    let limit = a.json.max_json_bytes;
    let bytes = if io::is_dash(&a.file) {
        tassei::pipeline::read_json_from(std::io::stdin().lock(), limit)
    } else {
        tassei::pipeline::read_json_file(&a.file, limit)
    }
    .map_err(at)?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| at(e.into()))?;
    drop(bytes);
    tassei::schema::validate_report(&value).map_err(|e| at(e.into()))?;
    let n = value
        .get("records")
        .and_then(|r| r.as_array())
        .map_or(0, Vec::len);
    if !ui.quiet {
        io::write_stdout(format!("{}: valid ({n} records)\n", name.display()).as_bytes())?;
    }
    Ok(0)
}
