//! A [`Scene`] → SVG: the page in PDF points (origin top left, y down, the
//! page size as its `viewBox`), one `<g id=…>` group a layer, the legend
//! below it.
//!
//! ```text
//! <svg viewBox="0 0 W H+legend">
//!   <svg id="page" viewBox="0 0 W H">
//!     roles cells tables rules glyphs text headers figures unparsed
//!   </svg>
//!   <g id="legend">…</g>
//! </svg>
//! ```

use super::columns::Band;
use super::legend::legend;
use super::marks::{Mark, MarkKind};
use super::scene::Scene;
use super::style::{self, text_width, RoleKind};
use super::xml::{num, Svg};
use crate::grid::BBox;

fn rect_attrs(b: &BBox) -> Vec<(&'static str, String)> {
    vec![
        ("x", num(b.x0)),
        ("y", num(b.top)),
        ("width", num((b.x1 - b.x0).max(0.0))),
        ("height", num((b.bottom - b.top).max(0.0))),
    ]
}

fn with(
    mut base: Vec<(&'static str, String)>,
    more: &[(&'static str, String)],
) -> Vec<(&'static str, String)> {
    base.extend(more.iter().cloned());
    base
}

fn s(v: &str) -> String {
    v.to_string()
}

/// The whole SVG document of a scene; `scale` sets its size in CSS pixels
/// per PDF point, `text` whether the glyphs' characters are drawn.
pub fn render(scene: &Scene, scale: f64, text: bool) -> String {
    let (w, h) = (scene.width, scene.height);
    let mut legend_svg = Svg::default();
    let legend_h = legend(&mut legend_svg, scene);
    let total = h + legend_h;
    let mut o = Svg::default();
    o.out
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    o.open(
        "svg",
        &[
            ("xmlns", s("http://www.w3.org/2000/svg")),
            ("width", num(w * scale)),
            ("height", num(total * scale)),
            ("viewBox", format!("0 0 {} {}", num(w), num(total))),
            ("font-family", s(style::FONT_FAMILY)),
        ],
        false,
    );
    o.title(&format!(
        "tassei debug: {}, page {} of {}",
        scene.name, scene.page, scene.pages
    ));
    o.newline();
    o.open(
        "rect",
        &[
            ("width", num(w)),
            ("height", num(total)),
            ("fill", s("#ffffff")),
        ],
        true,
    );
    o.open(
        "svg",
        &[
            ("id", s("page")),
            ("x", s("0")),
            ("y", s("0")),
            ("width", num(w)),
            ("height", num(h)),
            ("viewBox", format!("0 0 {} {}", num(w), num(h))),
        ],
        false,
    );
    o.newline();
    roles(&mut o, &scene.bands);
    cells(&mut o, scene);
    tables(&mut o, scene);
    rules(&mut o, scene);
    glyph_boxes(&mut o, scene);
    glyph_text(&mut o, scene, text);
    headers(&mut o, &scene.bands);
    marks(&mut o, &scene.marks, MarkKind::Figure, "figures");
    marks(&mut o, &scene.marks, MarkKind::Unparsed, "unparsed");
    o.end("svg");
    o.newline();
    o.open(
        "g",
        &[
            ("id", s("legend")),
            ("transform", format!("translate(0 {})", num(h))),
        ],
        false,
    );
    o.out.push_str(&legend_svg.out);
    o.end("g");
    o.end("svg");
    o.newline();
    o.out
}

fn group(o: &mut Svg, id: &str, attrs: &[(&'static str, String)]) {
    o.open("g", &with(vec![("id", s(id))], attrs), false);
}

fn roles(o: &mut Svg, bands: &[Band]) {
    group(o, "roles", &[("stroke", s("none"))]);
    for b in bands {
        let mut a = rect_attrs(&b.bbox);
        a.extend([
            ("fill", s(b.role.colour())),
            ("fill-opacity", num(style::ROLE_TINT)),
            ("data-role", s(b.role.name())),
            ("data-tag", b.tag.clone()),
            ("data-col", b.col.to_string()),
            ("data-section", b.section.to_string()),
            ("data-table", b.table.to_string()),
        ]);
        if b.role == RoleKind::Unknown {
            a.extend([
                ("stroke", s(b.role.colour())),
                ("stroke-dasharray", s("3 2")),
                ("stroke-width", s("0.8")),
            ]);
        }
        o.open("rect", &a, false);
        o.title(&format!(
            "{} column (grid column {}, section {})\nheader: {}",
            b.tag, b.col, b.section, b.path
        ));
        o.end("rect");
    }
    o.end("g");
    o.newline();
}

fn cells(o: &mut Svg, scene: &Scene) {
    group(
        o,
        "cells",
        &[
            ("fill", s(style::CELL)),
            ("fill-opacity", s("0.03")),
            ("stroke", s(style::CELL)),
            ("stroke-width", num(style::CELL_STROKE)),
        ],
    );
    for (ti, t) in scene.tables.iter().enumerate() {
        for c in &t.cells {
            let mut a = with(
                rect_attrs(&c.bbox),
                &[
                    ("data-table", (ti + 1).to_string()),
                    ("data-row", c.row.to_string()),
                    ("data-col", c.col.to_string()),
                    ("data-row-span", c.row_span.to_string()),
                    ("data-col-span", c.col_span.to_string()),
                ],
            );
            if c.text.trim().is_empty() {
                a.extend([("data-empty", s("true")), ("stroke-dasharray", s("2 2"))]);
            }
            o.open("rect", &a, false);
            o.title(&format!(
                "table {} · row {} col {} · spans {} row(s) × {} column(s)\n{}",
                ti + 1,
                c.row,
                c.col,
                c.row_span,
                c.col_span,
                if c.text.trim().is_empty() {
                    "(empty)"
                } else {
                    c.text.as_str()
                }
            ));
            o.end("rect");
        }
    }
    o.end("g");
    o.newline();
}

fn tables(o: &mut Svg, scene: &Scene) {
    group(
        o,
        "tables",
        &[
            ("fill", s("none")),
            ("stroke", s(style::TABLE)),
            ("stroke-width", num(style::TABLE_STROKE)),
            ("stroke-opacity", s("0.7")),
        ],
    );
    for (ti, t) in scene.tables.iter().enumerate() {
        let mut a = with(
            rect_attrs(&t.bbox),
            &[
                ("data-table", (ti + 1).to_string()),
                ("data-rows", t.rows.to_string()),
                ("data-cols", t.cols.to_string()),
                ("data-ruled", t.ruled.to_string()),
            ],
        );
        if !t.ruled {
            a.push(("stroke-dasharray", s("6 3")));
        }
        let mut how = vec![if t.ruled {
            "found from ruling lines"
        } else {
            "found from whitespace (no ruling)"
        }];
        if t.open_top {
            how.push("open at the top (continued from the previous page)");
        }
        if t.open_bottom {
            how.push("open at the bottom (continued on the next page)");
        }
        o.open("rect", &a, false);
        o.title(&format!(
            "table {}: {} row(s) × {} column(s), {} cell(s); {}",
            ti + 1,
            t.rows,
            t.cols,
            t.cells.len(),
            how.join(", ")
        ));
        o.end("rect");
    }
    o.end("g");
    o.newline();
}

fn rules(o: &mut Svg, scene: &Scene) {
    group(
        o,
        "rules",
        &[
            ("stroke", s(style::RULE)),
            ("stroke-width", num(style::RULE_STROKE)),
            ("stroke-opacity", s("0.75")),
        ],
    );
    for r in &scene.rules {
        o.open(
            "line",
            &[
                ("x1", num(r.x0)),
                ("y1", num(r.top)),
                ("x2", num(r.x1)),
                ("y2", num(r.bottom)),
            ],
            true,
        );
    }
    o.end("g");
    o.newline();
}

fn glyph_boxes(o: &mut Svg, scene: &Scene) {
    group(
        o,
        "glyphs",
        &[
            ("fill", s("none")),
            ("stroke", s(style::GLYPH)),
            ("stroke-width", num(style::GLYPH_STROKE)),
        ],
    );
    for g in &scene.glyphs {
        let b = BBox {
            x0: g.x0.min(g.x1),
            top: g.top.min(g.bottom),
            x1: g.x0.max(g.x1),
            bottom: g.top.max(g.bottom),
        };
        o.open("rect", &rect_attrs(&b), true);
    }
    o.end("g");
    o.newline();
}

/// The characters, one `<text>` per run of glyphs on one baseline at one
/// size, each glyph at its own x; an empty layer when `on` is false.
fn glyph_text(o: &mut Svg, scene: &Scene, on: bool) {
    group(o, "text", &[("fill", s(style::TEXT))]);
    let visible = scene
        .glyphs
        .iter()
        .filter(|_| on)
        .filter(|g| !g.ch.is_whitespace() && !g.ch.is_control());
    let mut run: Vec<&crate::pdf::Glyph> = Vec::new();
    let flush = |o: &mut Svg, run: &mut Vec<&crate::pdf::Glyph>| {
        let Some(first) = run.first() else {
            return;
        };
        let hgt = (first.bottom - first.top).abs();
        let size = if hgt > 0.0 { hgt } else { first.size.abs() };
        let xs: Vec<String> = run.iter().map(|g| num(g.x0.min(g.x1))).collect();
        let text: String = run.iter().map(|g| g.ch).collect();
        o.text_el(
            "text",
            &[
                ("x", xs.join(" ")),
                ("y", num(first.top.max(first.bottom) - 0.12 * size)),
                ("font-size", num(size * 0.95)),
            ],
            &text,
        );
        run.clear();
    };
    for g in visible {
        let same = run.last().is_some_and(|p| {
            (p.top - g.top).abs() < 0.01 && (p.bottom - g.bottom).abs() < 0.01 && g.x0 >= p.x0
        });
        if !same {
            flush(o, &mut run);
        }
        run.push(g);
    }
    flush(o, &mut run);
    o.end("g");
    o.newline();
}

/// A tag at the top of each column band: the role and what the header says.
fn headers(o: &mut Svg, bands: &[Band]) {
    group(o, "headers", &[]);
    for b in bands {
        let width = b.bbox.x1 - b.bbox.x0 - 2.0;
        if width <= 4.0 {
            continue;
        }
        let min_font = 3.5;
        let fit = width / text_width(&b.tag, 1.0).max(0.1);
        let font = fit.min(style::TAG_FONT).max(min_font);
        let mut label = b.tag.clone();
        while text_width(&label, font) > width && label.chars().count() > 1 {
            if label.ends_with('…') {
                label.pop();
            }
            label.pop();
            label.push('…');
        }
        let tw = text_width(&label, font) + 1.5;
        let bx = BBox {
            x0: b.bbox.x0 + 1.0,
            top: b.bbox.top + 0.8,
            x1: b.bbox.x0 + 1.0 + tw,
            bottom: b.bbox.top + 0.8 + font * 1.3,
        };
        o.open(
            "g",
            &[
                ("data-role", s(b.role.name())),
                ("data-col", b.col.to_string()),
            ],
            false,
        );
        o.title(&format!("{}\nheader: {}", b.tag, b.path));
        o.open(
            "rect",
            &with(
                rect_attrs(&bx),
                &[
                    ("fill", s("#ffffff")),
                    ("fill-opacity", s("0.9")),
                    ("stroke", s(b.role.colour())),
                    ("stroke-width", s("0.5")),
                ],
            ),
            true,
        );
        o.text_el(
            "text",
            &[
                ("x", num(bx.x0 + 0.75)),
                ("y", num(bx.bottom - font * 0.3)),
                ("font-size", num(font)),
                ("fill", s(b.role.colour())),
                ("font-weight", s("bold")),
            ],
            &label,
        );
        o.end("g");
    }
    o.end("g");
    o.newline();
}

fn marks(o: &mut Svg, all: &[Mark], kind: MarkKind, id: &str) {
    group(o, id, &[]);
    let (stroke, fill, ink) = match kind {
        MarkKind::Figure => (style::FIGURE, "#ffffff", style::FIGURE),
        MarkKind::Unparsed => (style::UNPARSED, style::UNPARSED, "#ffffff"),
    };
    for m in all.iter().filter(|m| m.kind == kind) {
        let data: Vec<(String, String)> = m
            .data
            .iter()
            .map(|(k, v)| (format!("data-{k}"), v.clone()))
            .collect();
        let attrs: Vec<(&str, String)> = std::iter::once(("class", s(id)))
            .chain(data.iter().map(|(k, v)| (k.as_str(), v.clone())))
            .collect();
        o.open("g", &attrs, false);
        o.title(&m.title);
        o.open(
            "rect",
            &with(
                rect_attrs(&m.at),
                &[
                    ("rx", s("1.5")),
                    ("fill", s(fill)),
                    ("fill-opacity", s("0.92")),
                    ("stroke", s(stroke)),
                    ("stroke-width", s("0.6")),
                ],
            ),
            true,
        );
        o.text_el(
            "text",
            &[
                ("x", num(m.at.x0 + style::TAG_FONT * 0.4)),
                ("y", num(m.at.bottom - style::TAG_FONT * 0.38)),
                ("font-size", num(style::TAG_FONT)),
                ("fill", s(ink)),
                ("font-weight", s("bold")),
            ],
            &m.badge,
        );
        o.end("g");
    }
    o.end("g");
    o.newline();
}
