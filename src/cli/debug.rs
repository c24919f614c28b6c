//! `tassei debug`: an SVG of one PDF page showing what each stage saw
//! (glyphs, ruling lines, cells, header roles, figures, unparsed numbers).

use std::path::PathBuf;

use clap::Args;
use tassei::debug::DebugOptions;
use tassei::error::Error;
use tassei::pipeline::Options;

use super::io;
use super::limits::PdfLimitArgs;
use super::{Status, Ui};

const EXAMPLES: &str = "\
Examples:
  tassei debug report.pdf --page 3 -o page3.svg   # open page3.svg in a browser
  tassei debug report.pdf > page1.svg             # page 1 to stdout

Layers (one <g id=…> each): glyphs, rules, tables, cells, roles (one colour \
per column role, the header path as tooltip), figures (green: each record, \
its id and value as tooltip), unparsed (red: each number not read, with its \
reason), legend (the page's warnings, or why no table was read).";

/// Draw one page of a PDF as SVG, with what tassei read from it
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct DebugArgs {
    /// The report PDF
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// The page to draw (1-based)
    #[arg(long, short = 'p', value_name = "N", default_value_t = 1)]
    pub page: usize,
    /// Write the SVG here (`-` or none: stdout)
    #[arg(long, short = 'o', value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// CSS pixels per PDF point of the drawing
    #[arg(long, value_name = "X", default_value_t = 1.5)]
    pub scale: f64,
    /// Leave out each glyph's character (boxes only)
    #[arg(long)]
    pub no_text: bool,
    #[command(flatten)]
    pub limits: PdfLimitArgs,
}

pub fn run(a: DebugArgs, ui: &Ui) -> Result<Status, Error> {
    let out = a.output.as_deref();
    io::refuse_overwriting_input(&[&a.input], out)?;
    let opts = DebugOptions {
        extract: Options {
            pdf_limits: a.limits.limits(),
            ..Options::default()
        },
        scale: a.scale,
        text: !a.no_text,
    };
    let svg = tassei::debug::page_svg(&a.input, a.page, &opts)?;
    io::write_output(out, svg.as_bytes())?;
    ui.detail(&format!(
        "{}: page {} drawn → {}",
        a.input.display(),
        a.page,
        io::output_name(out)
    ));
    Ok(0)
}
