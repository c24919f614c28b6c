//! `tassei text`: the decoded text of each page, as `pdftotext` prints it.

use std::path::PathBuf;

use clap::Args;
use tassei::error::Error;
use tassei::textdump::{dump, render, TextOptions};

use super::io;
use super::limits::PdfLimitArgs;
use super::{Status, Ui};

const EXAMPLES: &str = "\
Examples:
  tassei text report.pdf                  # every page, form feed between pages
  tassei text report.pdf --page 2 --layout
  diff <(tassei text report.pdf) <(pdftotext report.pdf -)

A page whose font cannot be decoded prints nothing and says on stderr which \
font and why; text is never printed as mojibake.";

/// Print the text tassei reads from each page of a PDF, in reading order
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct TextArgs {
    /// The report PDF
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Only this page (1-based)
    #[arg(long, short = 'p', value_name = "N")]
    pub page: Option<u32>,
    /// Keep the physical layout: columns by position, like `pdftotext -layout`
    #[arg(long)]
    pub layout: bool,
    /// Write the text here (`-` or none: stdout)
    #[arg(long, short = 'o', value_name = "OUT")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub limits: PdfLimitArgs,
}

pub fn run(a: TextArgs, ui: &Ui) -> Result<Status, Error> {
    let out = a.output.as_deref();
    io::refuse_overwriting_input(&[&a.input], out)?;
    let opts = TextOptions {
        page: a.page,
        layout: a.layout,
        limits: a.limits.limits(),
    };
    let (pages, warnings) = dump(&a.input, &opts)?;
    for w in &warnings {
        ui.warn(&format!("{}: {}", a.input.display(), w.line()));
    }
    for p in &pages {
        if let Some(why) = &p.undecodable {
            ui.warn(&format!(
                "{}: warning: page {} not decoded: {why}",
                a.input.display(),
                p.number
            ));
        }
    }
    io::write_output(out, render(&pages).as_bytes())?;
    Ok(0)
}
