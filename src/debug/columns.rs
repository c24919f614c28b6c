//! Which column of the table model each table column on a page is: the
//! model's tables and rows keep the [`Loc`] of the grid row they were read
//! from (a table its first header row, a data row its own), so walking the
//! grid in reading order tells, for every grid row, the model table whose
//! columns apply to it. A run of rows of one drawn table under one model
//! table is a *segment*; each of its columns becomes a [`Band`].

use std::collections::HashMap;

use super::style::RoleKind;
use crate::grid::{BBox, Grid, Loc, RowKind};
use crate::table::{Column, Report, Role, Table};

/// One column of the table model over the rows of a page it applies to.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub bbox: BBox,
    pub role: RoleKind,
    /// What the tag says: the role and, for a value column, its fiscal
    /// year, kind and unit.
    pub tag: String,
    /// The header path (`令和6年度 → 実績`).
    pub path: String,
    /// Section number and the table's index in it.
    pub section: u32,
    pub table: usize,
    /// Grid column.
    pub col: usize,
}

type LocKey = (Option<u32>, [u64; 4]);

fn key(loc: &Loc) -> Option<LocKey> {
    let b = loc.bbox?;
    Some((
        loc.page,
        [
            b.x0.to_bits(),
            b.top.to_bits(),
            b.x1.to_bits(),
            b.bottom.to_bits(),
        ],
    ))
}

/// Model tables by the grid rows that start or continue them: (section
/// index, table index).
fn starts(report: &Report) -> HashMap<LocKey, (usize, usize)> {
    let mut map = HashMap::new();
    for (si, s) in report.sections.iter().enumerate() {
        for (ti, t) in s.tables.iter().enumerate() {
            if let Some(k) = key(&t.loc) {
                map.entry(k).or_insert((si, ti));
            }
        }
        for r in &s.rows {
            if let Some(k) = key(&r.loc) {
                map.insert(k, (si, r.table));
            }
        }
    }
    map
}

/// A run of rows of one drawn table on the page under one model table.
struct Segment {
    grid_table: usize,
    model: (usize, usize),
    rows: Vec<usize>,
}

/// The bands of page `page`: each model column over the rows of the page
/// it applies to, left to right within each segment.
pub fn role_bands(grid: &Grid, report: &Report, page: u32) -> Vec<Band> {
    let starts = starts(report);
    let mut current: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut segments: Vec<Segment> = Vec::new();
    for (ri, row) in grid.rows.iter().enumerate() {
        let (RowKind::Table, Some(gt)) = (row.kind, row.table) else {
            continue;
        };
        if let Some(m) = key(&row.loc).and_then(|k| starts.get(&k)) {
            current.insert(gt, *m);
        }
        let Some(model) = current.get(&gt).copied() else {
            continue;
        };
        if row.loc.page != Some(page) {
            continue;
        }
        match segments.last_mut() {
            Some(s) if s.grid_table == gt && s.model == model => s.rows.push(ri),
            _ => segments.push(Segment {
                grid_table: gt,
                model,
                rows: vec![ri],
            }),
        }
    }
    let mut out = Vec::new();
    for seg in &segments {
        let Some(section) = report.sections.get(seg.model.0) else {
            continue;
        };
        let Some(table) = section.tables.get(seg.model.1) else {
            continue;
        };
        out.extend(segment_bands(grid, seg, page, table, section.number));
    }
    out
}

fn segment_bands(grid: &Grid, seg: &Segment, page: u32, table: &Table, section: u32) -> Vec<Band> {
    let rows = || seg.rows.iter().filter_map(|&i| grid.rows.get(i));
    let Some((top, bottom)) =
        rows()
            .filter_map(|r| r.loc.bbox)
            .fold(None, |acc: Option<(f64, f64)>, b| match acc {
                None => Some((b.top, b.bottom)),
                Some((t, u)) => Some((t.min(b.top), u.max(b.bottom))),
            })
    else {
        return Vec::new();
    };
    // A column's x-range: its unmerged cells in the segment, else anywhere
    // in the drawn table on this page.
    let whole_page = || {
        grid.rows
            .iter()
            .filter(|r| r.table == Some(seg.grid_table) && r.loc.page == Some(page))
    };
    let x_range = |col: usize| {
        let span = |r: &crate::grid::GridRow| {
            r.cells
                .iter()
                .filter(|c| c.col == col && c.col_span <= 1)
                .filter_map(|c| c.loc.bbox)
                .map(|b| (b.x0, b.x1))
                .collect::<Vec<_>>()
        };
        let mut xs: Vec<(f64, f64)> = rows().flat_map(span).collect();
        if xs.is_empty() {
            xs = whole_page().flat_map(span).collect();
        }
        xs.into_iter()
            .fold(None, |acc: Option<(f64, f64)>, (a, b)| {
                Some(match acc {
                    None => (a, b),
                    Some((x, y)) => (x.min(a), y.max(b)),
                })
            })
    };
    table
        .columns
        .iter()
        .filter_map(|c| {
            let (x0, x1) = x_range(c.col)?;
            Some(Band {
                bbox: BBox {
                    x0,
                    top,
                    x1,
                    bottom,
                },
                role: RoleKind::of(&c.role),
                tag: tag(c),
                path: c.header(),
                section,
                table: seg.model.1,
                col: c.col,
            })
        })
        .collect()
}

/// The tag of a column: its role, and what a value column's header says.
pub fn tag(c: &Column) -> String {
    let role = RoleKind::of(&c.role);
    let Role::Value(v) = &c.role else {
        return role.name().to_string();
    };
    let mut parts = vec![role.name().to_string()];
    if let Some(fy) = v.fiscal_year {
        parts.push(fy.to_string());
    }
    if let Some(k) = v.kind {
        parts.push(k.name().to_string());
    }
    if let Some(u) = &v.unit {
        parts.push(u.clone());
    }
    if let Some(i) = &v.indicator {
        parts.push(i.clone());
    }
    parts.join(" ")
}
