//! See what tassei sees: one page of a PDF drawn as an SVG with what each
//! stage made of it — what pdfplumber's `debug_tablefinder` and camelot's
//! `plot` give their users, plus the table model and the figures read.
//!
//! The page runs through the same stages as `tassei extract`
//! ([`crate::pdf::read_pdf`] → [`crate::layout::build_grid`] →
//! [`crate::table::read_report`] → [`crate::record::build_document`]); the
//! drawing (`svg.rs`) puts their outputs over one another in PDF points, one
//! `<g id=…>` group a layer (see [`style`] for the colours):
//!
//! | group | what | from |
//! |---|---|---|
//! | `glyphs`, `text` | each glyph's box and character | pdf |
//! | `rules` | ruling lines | pdf |
//! | `tables`, `cells` | tables and their cells (`data-row`, `data-col`, `data-row-span`, `data-col-span`), empty cells dashed | layout |
//! | `roles`, `headers` | each column tinted by its role (`data-role`), a tag with role, fiscal year, kind and unit, the header path as tooltip | table model |
//! | `figures` | a badge per figure on its cell or line (`data-id`, `data-value`, `data-unit`, `data-kind`, `data-fiscal-year`), tooltip with all the record says | records |
//! | `unparsed` | a badge per number not read (`data-reason`, `data-text`) | records |
//! | `legend` | counts, a swatch per colour, the table model's refusal and the page's warnings | |
//!
//! Every element has a `<title>`: hovering in a browser tells what it is.
//! When the table model refuses the document (no KPI table), the page is
//! still drawn — glyphs, rules, tables, cells — and the legend says why.

mod columns;
mod legend;
mod marks;
mod scene;
pub mod style;
mod svg;
mod xml;

use std::path::Path;

use crate::error::{Error, ErrorKind};
use crate::pipeline::{detect, read_input, sha256_hex, InputKind, Options};
use crate::record::{build_document, Source};

pub use columns::Band;
pub use marks::{Mark, MarkKind};
pub use scene::Scene;

/// Why a page cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DebugError {
    /// The input is not a PDF (a text report has no pages to draw).
    #[error("not a PDF (no %PDF header): `debug` draws pages of PDF reports")]
    NotPdf,
    /// The page number is 0 or past the last page.
    #[error("page {page} is out of range: the PDF has {pages} page(s), numbered from 1")]
    PageOutOfRange { page: usize, pages: usize },
    /// The page tree declares the page but it could not be read.
    #[error("page {page} could not be read (`tassei extract` warns why)")]
    PageNotRead { page: usize },
}

impl DebugError {
    /// The process exit code: a page that is not there is a usage error
    /// (2), an input that is not a PDF or a page that cannot be read a PDF
    /// error (6), as for `extract`.
    pub fn exit_code(&self) -> i32 {
        match self {
            DebugError::PageOutOfRange { .. } => 2,
            DebugError::NotPdf | DebugError::PageNotRead { .. } => 6,
        }
    }
}

/// How to draw.
#[derive(Debug, Clone)]
pub struct DebugOptions {
    /// Limits of reading the input (as for `extract`).
    pub extract: Options,
    /// CSS pixels per PDF point of the SVG's `width` / `height` (default
    /// 1.5: an A4 landscape page is 1263 px wide). A value that is not a
    /// finite positive number is taken as 1.
    pub scale: f64,
    /// Draw each glyph's character in its box (default true), so the page
    /// reads without the PDF beside it.
    pub text: bool,
}

impl Default for DebugOptions {
    fn default() -> Self {
        DebugOptions {
            extract: Options::default(),
            scale: 1.5,
            text: true,
        }
    }
}

/// Draw page `page` (1-based) of the PDF at `path` as an SVG document.
///
/// The input is read as `extract` reads it (refused over
/// `opts.extract.pdf_limits.max_file_bytes`), and the whole document goes
/// through the stages, not just the page: a table continued from an
/// earlier page takes its columns from the header there. Errors carry the path:
/// [`DebugError::NotPdf`] for a text report or other non-PDF,
/// [`DebugError::PageOutOfRange`] for page 0 or past the last page, the
/// pdf stage's errors for a PDF that cannot be read. A document the table
/// model refuses is still drawn (without roles and figures; the legend says
/// why).
///
/// How the CLI calls it — `tassei debug FILE --page N [-o page.svg]`:
///
/// ```no_run
/// # fn main() -> Result<(), tassei::error::Error> {
/// # let (file, page, out) = ("report.pdf", 1usize, "page.svg");
/// let svg = tassei::debug::page_svg(
///     std::path::Path::new(file),
///     page,                                  // --page N (1-based; default 1)
///     &tassei::debug::DebugOptions::default(),
/// )?; // on error: print `tassei: {e}` (one line), exit with e.exit_code()
/// // then write `svg` to OUT as `extract` writes its output (stdout for `-`)
/// # std::fs::write(out, svg).ok();
/// # Ok(()) }
/// ```
pub fn page_svg(path: &Path, page: usize, opts: &DebugOptions) -> Result<String, Error> {
    let at = |e: ErrorKind| Error::new(Some(path.to_path_buf()), e);
    let bytes = read_input(path, &opts.extract).map_err(at)?;
    page_svg_bytes(&bytes, &path.to_string_lossy(), page, opts).map_err(at)
}

/// [`page_svg`] of a PDF held in memory; `name` is what the drawing's
/// title calls it.
pub fn page_svg_bytes(
    bytes: &[u8],
    name: &str,
    page: usize,
    opts: &DebugOptions,
) -> Result<String, ErrorKind> {
    let scene = page_scene(bytes, name, page, opts)?;
    let scale = if opts.scale.is_finite() && opts.scale > 0.0 {
        opts.scale
    } else {
        1.0
    };
    Ok(svg::render(&scene, scale, opts.text))
}

/// What [`page_svg_bytes`] draws, before it is written as SVG.
pub fn page_scene(
    bytes: &[u8],
    name: &str,
    page: usize,
    opts: &DebugOptions,
) -> Result<Scene, ErrorKind> {
    if detect(bytes) != InputKind::Pdf {
        return Err(DebugError::NotPdf.into());
    }
    let doc = crate::pdf::read_pdf(bytes, &opts.extract.pdf_limits)?;
    let last = doc
        .pages
        .iter()
        .map(|p| p.number as usize)
        .max()
        .unwrap_or(0);
    let pages = last.max(doc.pages.len());
    if page == 0 || page > pages {
        return Err(DebugError::PageOutOfRange { page, pages }.into());
    }
    let Some(pdf_page) = doc.pages.iter().find(|p| p.number as usize == page) else {
        return Err(DebugError::PageNotRead { page }.into());
    };
    let grid = crate::layout::build_grid(&doc, &crate::layout::LayoutSettings::default())?;
    let report = crate::table::read_report(&grid);
    let document = report.as_ref().ok().map(|r| {
        build_document(
            r,
            Source {
                path: name.to_string(),
                sha256: sha256_hex(bytes),
                kind: "pdf".to_string(),
                pages: Some(doc.pages.len() as u32),
            },
        )
    });
    let stages = scene::Stages {
        grid: &grid,
        report: report.as_ref().map_err(|e| e.to_string()),
        document: document.as_ref(),
    };
    Ok(scene::build(name, pdf_page, pages as u32, &stages))
}
