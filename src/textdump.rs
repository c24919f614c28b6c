//! `tassei text FILE [--page N] [--layout]`: the text tassei reads from each
//! page of a PDF, in reading order, printed the way `pdftotext` prints it —
//! so that users (and tests) can see what the later stages see.
//!
//! ```no_run
//! use tassei::textdump::{pages, render, TextOptions};
//! let opts = TextOptions { layout: true, ..TextOptions::default() };
//! let text = pages(std::path::Path::new("report.pdf"), &opts)?;
//! print!("{}", render(&text));
//! // The pages tassei could not decode say which font and why:
//! for p in &text {
//!     if let Some(why) = &p.undecodable {
//!         eprintln!("page {}: {why}", p.number);
//!     }
//! }
//! # Ok::<(), tassei::error::Error>(())
//! ```
//!
//! Wiring the subcommand (`src/main.rs`): `tassei text FILE [--page N]
//! [--layout]` → `pages(FILE, &TextOptions { page, layout, .. })`, print
//! `render(..)` to stdout, the `undecodable` reasons and [`Dump::warnings`]
//! to stderr (one line each); an `Err` is the usual one-line error and exit
//! code of its kind.
//!
//! Reading order: glyphs are grouped into lines by their vertical centre
//! (within half the glyph height), lines top to bottom, glyphs left to
//! right; a space where two glyphs are more than a quarter of the font size
//! apart. A glyph repeated at (nearly) the same place — a shadow or fake
//! bold drawn several times — is written once. Vertical text arrives from
//! the PDF stage already as lines in reading order (see `pdf/vertical.rs`).
//! Radical code points (`⽉⽇`, `⻑`) are printed as the kanji they depict
//! (see [`fold_radicals`]).
//! `--layout` keeps columns: every glyph goes to the character column of its
//! left edge (a half-width character is one column, a full-width two), as
//! `pdftotext -layout` does.

use std::path::Path;

use crate::error::{Error, ErrorKind};
use crate::pdf::{Glyph, Page, PdfError, PdfLimits};
use crate::warning::Warning;

/// What to print.
#[derive(Debug, Clone, Default)]
pub struct TextOptions {
    /// Only this page (1-based); every page when `None`.
    pub page: Option<u32>,
    /// Keep the physical layout (columns by position).
    pub layout: bool,
    /// Resource limits of the PDF reader.
    pub limits: PdfLimits,
}

/// The text of one page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageText {
    /// 1-based page number.
    pub number: u32,
    /// The page's lines, in reading order (empty lines kept in `--layout`).
    pub lines: Vec<String>,
    /// Why the page has no text, when a font on it cannot be decoded
    /// (`font F1 on page 3 has no ToUnicode map and …`).
    pub undecodable: Option<String>,
}

/// The pages of a document and what was read only in part.
pub type Dump = (Vec<PageText>, Vec<Warning>);

/// Read `path` (a PDF) and return the text of its pages (or of page
/// `options.page`). Errors: the file cannot be read, is not a PDF, the PDF
/// cannot be read (see [`crate::pdf::read_pdf`]), or the page asked for does
/// not exist ([`ErrorKind::Usage`]). A page whose font cannot be decoded is
/// no error: its [`PageText::undecodable`] says which font and why.
pub fn pages(path: &Path, options: &TextOptions) -> Result<Vec<PageText>, Error> {
    dump(path, options).map(|(p, _)| p)
}

/// [`pages`], with the warnings of the PDF stage (a repaired file, pages
/// read by the fallback engine, private-use glyphs, …).
pub fn dump(path: &Path, options: &TextOptions) -> Result<Dump, Error> {
    let at = |e: ErrorKind| Error::new(Some(path.to_path_buf()), e);
    let bytes = std::fs::read(path).map_err(|e| at(e.into()))?;
    if bytes.len() as u64 > options.limits.max_file_bytes {
        return Err(at(PdfError::TooLarge {
            bytes: bytes.len() as u64,
            limit: options.limits.max_file_bytes,
        }
        .into()));
    }
    from_bytes(&bytes, options).map_err(at)
}

/// [`dump`] of a PDF already read.
pub fn from_bytes(bytes: &[u8], options: &TextOptions) -> Result<Dump, ErrorKind> {
    let (doc, undecodable) = crate::pdf::read_pdf_lenient(bytes, &options.limits)?;
    if let Some(n) = options.page {
        if n == 0 || n as usize > doc.pages.len() {
            return Err(ErrorKind::Usage(format!(
                "--page {n}: the document has {} page(s)",
                doc.pages.len()
            )));
        }
    }
    let why = |n: u32| {
        undecodable.iter().find_map(|e| match e {
            PdfError::UndecodableFont { page, .. } if *page == n => Some(e.to_string()),
            _ => None,
        })
    };
    let pages = doc
        .pages
        .iter()
        .filter(|p| options.page.is_none_or(|n| n == p.number))
        .map(|p| PageText {
            number: p.number,
            lines: page_lines(p, options.layout),
            undecodable: why(p.number),
        })
        .collect();
    Ok((pages, doc.warnings))
}

/// Print pages as `pdftotext` does: each page's lines, then a form feed.
/// A page that could not be decoded prints its reason in brackets instead,
/// so that it is never silently empty.
pub fn render(pages: &[PageText]) -> String {
    let mut out = String::new();
    for p in pages {
        if let Some(why) = &p.undecodable {
            out.push_str("[tassei: ");
            out.push_str(why);
            out.push_str("]\n");
        }
        for l in &p.lines {
            out.push_str(l);
            out.push('\n');
        }
        out.push('\u{c}');
    }
    out
}

/// Two glyphs closer than this (× size) with the same character are one.
const DUPLICATE: f64 = 0.15;
/// A gap wider than this (× size) between glyphs is a space.
const WORD_GAP: f64 = 0.25;

/// The lines of a page (see the module docs).
pub fn page_lines(page: &Page, layout: bool) -> Vec<String> {
    let lines = group_lines(&page.glyphs);
    let lines = if layout {
        layout_lines(&lines)
    } else {
        lines.iter().map(|l| reading_line(l)).collect()
    };
    lines.iter().map(|l| fold_radicals(l)).collect()
}

/// Radical code points some producers write for ordinary kanji (`⽉⽇`,
/// `⻑`) as the unified ideographs they depict — as the normalize stage
/// reads them ([`crate::normalize::fold_radicals`] and NFKC for the Kangxi
/// radicals), and as `pdftotext` prints them.
fn fold_radicals(line: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let kangxi = |c: char| ('\u{2F00}'..='\u{2FD5}').contains(&c);
    if !line
        .chars()
        .any(|c| kangxi(c) || ('\u{2E80}'..='\u{2EF3}').contains(&c))
    {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if kangxi(c) {
            out.extend(c.nfkc());
        } else {
            out.push(c);
        }
    }
    crate::normalize::fold_radicals(&out)
}

fn mid(g: &Glyph) -> f64 {
    (g.top + g.bottom) / 2.0
}

/// Glyphs grouped into lines (top to bottom), each sorted left to right,
/// repeated glyphs removed.
fn group_lines(glyphs: &[Glyph]) -> Vec<Vec<Glyph>> {
    let mut order: Vec<&Glyph> = glyphs.iter().filter(|g| !g.ch.is_whitespace()).collect();
    order.sort_by(|a, b| mid(a).total_cmp(&mid(b)).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Vec<Glyph>> = Vec::new();
    let mut line_mid = f64::NEG_INFINITY;
    for g in order {
        let h = (g.bottom - g.top).abs().max(1.0);
        match lines.last_mut() {
            Some(line) if (mid(g) - line_mid).abs() <= h * 0.5 => line.push(*g),
            _ => {
                line_mid = mid(g);
                lines.push(vec![*g]);
            }
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut kept: Vec<Glyph> = Vec::with_capacity(line.len());
        for g in line.iter() {
            let dup = kept.iter().rev().take(6).any(|k| {
                let tol = DUPLICATE * k.size.max(g.size).max(0.5);
                k.ch == g.ch && (k.x0 - g.x0).abs() <= tol && (k.top - g.top).abs() <= tol
            });
            if !dup {
                kept.push(*g);
            }
        }
        *line = kept;
    }
    lines
}

fn reading_line(line: &[Glyph]) -> String {
    let mut out = String::new();
    let mut last: Option<&Glyph> = None;
    for g in line {
        if let Some(p) = last {
            if g.x0 - p.x1 > WORD_GAP * p.size.max(g.size).max(1.0) {
                out.push(' ');
            }
        }
        out.push(g.ch);
        last = Some(g);
    }
    out
}

/// Display columns of a character: 2 for East Asian wide and full-width
/// characters, else 1.
fn columns(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

/// Lines with every glyph at the character column of its left edge; the
/// column width is half the median glyph size (a half-width character).
fn layout_lines(lines: &[Vec<Glyph>]) -> Vec<String> {
    let mut sizes: Vec<f64> = lines
        .iter()
        .flatten()
        .map(|g| g.size)
        .filter(|s| *s > 0.0)
        .collect();
    if sizes.is_empty() {
        return Vec::new();
    }
    sizes.sort_by(f64::total_cmp);
    let pitch = (sizes[sizes.len() / 2] / 2.0).max(0.5);
    let min_x = lines
        .iter()
        .flatten()
        .map(|g| g.x0)
        .fold(f64::INFINITY, f64::min)
        .max(0.0);
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let mut s = String::new();
        let mut col = 0usize;
        let mut last: Option<&Glyph> = None;
        for g in line {
            let want = ((g.x0 - min_x) / pitch).round().max(0.0) as usize;
            let gap = last.is_some_and(|p| g.x0 - p.x1 > WORD_GAP * p.size.max(g.size).max(1.0));
            let want = if gap { want.max(col + 1) } else { want };
            while col < want {
                s.push(' ');
                col += 1;
            }
            s.push(g.ch);
            col += columns(g.ch);
            last = Some(g);
        }
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(ch: char, x0: f64, top: f64) -> Glyph {
        Glyph::square(ch, x0, top)
    }

    fn page(glyphs: Vec<Glyph>) -> Page {
        Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            glyphs,
            rules: Vec::new(),
        }
    }

    #[test]
    fn lines_in_reading_order_with_gaps() {
        let p = page(vec![
            g('件', 30.0, 100.0),
            g('数', 10.0, 100.0),
            g('値', 20.0, 100.0),
            g('2', 60.0, 101.0),
            g('下', 10.0, 130.0),
        ]);
        assert_eq!(page_lines(&p, false), vec!["数値件 2", "下"]);
    }

    #[test]
    fn shadow_copies_are_written_once() {
        let mut gl = Vec::new();
        for (dx, dy) in [(0.6, 0.6), (0.4, 0.4), (0.2, 0.2), (0.0, 0.0)] {
            for (i, c) in "達成".chars().enumerate() {
                gl.push(g(c, 10.0 + 10.0 * i as f64 + dx, 50.0 + dy));
            }
        }
        assert_eq!(page_lines(&page(gl), false), vec!["達成"]);
        // …but a character written twice side by side is kept twice.
        let p = page(vec![g('1', 10.0, 50.0), g('1', 15.0, 50.0)]);
        assert_eq!(page_lines(&p, false), vec!["11"]);
    }

    #[test]
    fn radicals_are_folded() {
        let p = page(vec![
            g('⽉', 10.0, 10.0),
            g('⻑', 20.0, 10.0),
            g('日', 30.0, 10.0),
        ]);
        assert_eq!(page_lines(&p, false), vec!["月長日"]);
    }

    #[test]
    fn layout_keeps_columns() {
        let p = page(vec![
            g('A', 0.0, 10.0),
            g('B', 100.0, 10.0),
            g('C', 0.0, 40.0),
            g('D', 100.0, 40.0),
        ]);
        let l = page_lines(&p, true);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].find('B'), l[1].find('D'));
        assert_eq!(l[0].find('B'), Some(20));
    }

    #[test]
    fn render_separates_pages_and_names_undecodable_fonts() {
        let pages = vec![
            PageText {
                number: 1,
                lines: vec!["a".into()],
                undecodable: None,
            },
            PageText {
                number: 2,
                lines: vec![],
                undecodable: Some("font F1 on page 2 has …".into()),
            },
        ];
        assert_eq!(
            render(&pages),
            "a\n\u{c}[tassei: font F1 on page 2 has …]\n\u{c}"
        );
    }
}
