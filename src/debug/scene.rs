//! What one page's drawing holds, gathered from the outputs of the
//! pipeline's stages: the pdf stage's glyphs and rules, the layout stage's
//! tables and cells, the table model's columns, and the records and
//! unparsed numbers placed on the page.

use std::collections::HashSet;

use super::columns::{role_bands, Band};
use super::marks::{figure_mark, place, unparsed_mark, Mark};
use super::style::MAX_NOTES;
use crate::grid::{Grid, RowKind};
use crate::layout::{page_outline, LayoutSettings, TableOutline};
use crate::pdf::{Glyph, Page, Rule};
use crate::record::Document;
use crate::table::Report;

/// Everything drawn for one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// The file, as the title names it.
    pub name: String,
    /// 1-based page number, and how many pages the PDF has.
    pub page: u32,
    pub pages: u32,
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub tables: Vec<TableOutline>,
    pub bands: Vec<Band>,
    pub marks: Vec<Mark>,
    /// Lines under the legend: the table model's refusal, warnings.
    pub notes: Vec<String>,
}

/// What the later stages made of the document, when they got that far.
pub struct Stages<'a> {
    pub grid: &'a Grid,
    /// The table model, or why it refused the document.
    pub report: Result<&'a Report, String>,
    pub document: Option<&'a Document>,
}

/// The page's size: the PDF's, else the extent of what is on it.
fn page_size(page: &Page) -> (f64, f64) {
    let extent = |f: &dyn Fn(&Glyph) -> f64, g: &dyn Fn(&Rule) -> f64| {
        page.glyphs
            .iter()
            .map(f)
            .chain(page.rules.iter().map(g))
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max)
    };
    let ok = |v: f64| v.is_finite() && v > 0.0;
    let w = if ok(page.width) {
        page.width
    } else {
        extent(&|g| g.x1, &|r| r.x1)
    };
    let h = if ok(page.height) {
        page.height
    } else {
        extent(&|g| g.bottom, &|r| r.bottom)
    };
    (if ok(w) { w } else { 612.0 }, if ok(h) { h } else { 792.0 })
}

/// Gather the scene of `page` (one of `pages`).
pub fn build(name: &str, page: &Page, pages: u32, stages: &Stages) -> Scene {
    let (width, height) = page_size(page);
    let finite = |v: &[f64]| v.iter().all(|x| x.is_finite());
    let glyphs = page
        .glyphs
        .iter()
        .filter(|g| finite(&[g.x0, g.top, g.x1, g.bottom, g.size]))
        .copied()
        .collect();
    let rules = page
        .rules
        .iter()
        .filter(|r| finite(&[r.x0, r.top, r.x1, r.bottom]))
        .copied()
        .collect();
    let tables = page_outline(page, &LayoutSettings::default());
    let n = page.number;
    let mut notes = Vec::new();
    let bands = match &stages.report {
        Ok(report) => role_bands(stages.grid, report, n),
        Err(why) => {
            notes.push(format!("table model: {why}"));
            Vec::new()
        }
    };
    let lines: HashSet<[u64; 4]> = stages
        .grid
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Line && r.loc.page == Some(n))
        .filter_map(|r| r.loc.bbox)
        .map(|b| [b.x0, b.top, b.x1, b.bottom].map(f64::to_bits))
        .collect();
    let mut marks = Vec::new();
    if let Some(doc) = stages.document {
        marks.extend(
            doc.records
                .iter()
                .filter(|r| r.page == Some(n))
                .filter_map(figure_mark),
        );
        marks.extend(
            doc.unparsed
                .iter()
                .filter(|u| u.page == Some(n))
                .filter_map(|u| {
                    let b = u.bbox?;
                    let on_line = lines.contains(&[b.x0, b.top, b.x1, b.bottom].map(f64::to_bits));
                    unparsed_mark(u, on_line)
                }),
        );
        let warnings = doc
            .warnings
            .iter()
            .filter(|w| w.page.is_none_or(|p| p == n));
        notes.extend(warnings.map(|w| w.line()));
    } else {
        notes.extend(
            stages
                .grid
                .warnings
                .iter()
                .filter(|w| w.page.is_none_or(|p| p == n))
                .map(|w| w.line()),
        );
    }
    if notes.len() > MAX_NOTES {
        let more = notes.len() - MAX_NOTES;
        notes.truncate(MAX_NOTES);
        notes.push(format!("… and {more} more"));
    }
    let ink: Vec<crate::grid::BBox> = page
        .glyphs
        .iter()
        .filter(|g| !g.ch.is_whitespace() && finite(&[g.x0, g.top, g.x1, g.bottom]))
        .map(|g| crate::grid::BBox {
            x0: g.x0.min(g.x1),
            top: g.top.min(g.bottom),
            x1: g.x0.max(g.x1),
            bottom: g.top.max(g.bottom),
        })
        .collect();
    place(&mut marks, width, &ink);
    Scene {
        name: name.to_string(),
        page: n,
        pages,
        width,
        height,
        glyphs,
        rules,
        tables,
        bands,
        marks,
        notes,
    }
}
