//! The legend under the page: what the drawing shows of this page (counts),
//! a swatch for every colour (each column role, then the other layers), and
//! the notes (the table model's refusal, warnings of the page).

use super::marks::MarkKind;
use super::scene::Scene;
use super::style::{self, text_width, RoleKind, LEGEND_FONT, MAX_NOTE_LINES};
use super::xml::{num, Svg};

/// One swatch of the legend.
enum Swatch {
    Role(RoleKind),
    Glyph,
    Rule,
    Cell,
    Table,
    Figure,
    Unparsed,
}

impl Swatch {
    fn label(&self) -> String {
        match self {
            Swatch::Role(r) => format!("{} column", r.name()),
            Swatch::Glyph => "glyph box".into(),
            Swatch::Rule => "ruling line".into(),
            Swatch::Cell => "cell (dashed: empty)".into(),
            Swatch::Table => "table (dashed: no ruling)".into(),
            Swatch::Figure => "figure read".into(),
            Swatch::Unparsed => "? number not read".into(),
        }
    }

    fn key(&self) -> &'static str {
        match self {
            Swatch::Role(r) => r.name(),
            Swatch::Glyph => "glyph",
            Swatch::Rule => "rule",
            Swatch::Cell => "cell",
            Swatch::Table => "table",
            Swatch::Figure => "figure",
            Swatch::Unparsed => "unparsed",
        }
    }

    /// Draw the swatch in the box `x, y, w, h`.
    fn draw(&self, o: &mut Svg, x: f64, y: f64, w: f64, h: f64) {
        let rect = |fill: &str, op: &str, stroke: &str, sw: &str, dash: &str| {
            let mut a = vec![
                ("x", num(x)),
                ("y", num(y)),
                ("width", num(w)),
                ("height", num(h)),
                ("fill", fill.to_string()),
                ("fill-opacity", op.to_string()),
                ("stroke", stroke.to_string()),
                ("stroke-width", sw.to_string()),
            ];
            if !dash.is_empty() {
                a.push(("stroke-dasharray", dash.to_string()));
            }
            a
        };
        match self {
            Swatch::Role(r) => {
                // The tint as drawn over the page, with a border in the full
                // colour so the hue reads at legend size.
                o.open(
                    "rect",
                    &rect(r.colour(), "0.35", r.colour(), "0.8", ""),
                    true,
                );
            }
            Swatch::Glyph => o.open("rect", &rect("none", "1", style::GLYPH, "0.5", ""), true),
            Swatch::Cell => o.open(
                "rect",
                &rect(style::CELL, "0.05", style::CELL, "0.8", ""),
                true,
            ),
            Swatch::Table => o.open("rect", &rect("none", "1", style::TABLE, "1.4", ""), true),
            Swatch::Figure => o.open(
                "rect",
                &rect("#ffffff", "1", style::FIGURE, "0.8", ""),
                true,
            ),
            Swatch::Unparsed => o.open(
                "rect",
                &rect(style::UNPARSED, "1", style::UNPARSED, "0.8", ""),
                true,
            ),
            Swatch::Rule => o.open(
                "line",
                &[
                    ("x1", num(x)),
                    ("y1", num(y + h / 2.0)),
                    ("x2", num(x + w)),
                    ("y2", num(y + h / 2.0)),
                    ("stroke", style::RULE.to_string()),
                    ("stroke-width", "1.2".to_string()),
                ],
                true,
            ),
        }
    }
}

/// Draw the legend at the origin (the caller places it under the page);
/// returns its height.
pub fn legend(o: &mut Svg, scene: &Scene) -> f64 {
    let f = LEGEND_FONT;
    let pad = 6.0;
    let line = f * 1.5;
    let width = scene.width;
    let mut y = pad;
    o.open(
        "line",
        &[
            ("x1", "0".to_string()),
            ("y1", "0".to_string()),
            ("x2", num(width)),
            ("y2", "0".to_string()),
            ("stroke", "#888888".to_string()),
            ("stroke-width", "0.8".to_string()),
        ],
        true,
    );
    // Summary line.
    let cells: usize = scene.tables.iter().map(|t| t.cells.len()).sum();
    let count = |k: MarkKind| scene.marks.iter().filter(|m| m.kind == k).count();
    let summary = format!(
        "tassei debug · {} · page {} of {} · {} table(s), {} cell(s), {} model column(s) · {} figure(s) read, {} number(s) not read",
        scene.name,
        scene.page,
        scene.pages,
        scene.tables.len(),
        cells,
        scene.bands.len(),
        count(MarkKind::Figure),
        count(MarkKind::Unparsed)
    );
    o.text_el(
        "text",
        &[
            ("x", num(pad)),
            ("y", num(y + f)),
            ("font-size", num(f)),
            ("font-weight", "bold".to_string()),
            ("fill", "#222222".to_string()),
            ("id", "legend-summary".to_string()),
        ],
        &summary,
    );
    y += line + 2.0;
    // Swatches, flowing left to right.
    let swatches: Vec<Swatch> = RoleKind::ALL
        .iter()
        .map(|r| Swatch::Role(*r))
        .chain([
            Swatch::Glyph,
            Swatch::Rule,
            Swatch::Cell,
            Swatch::Table,
            Swatch::Figure,
            Swatch::Unparsed,
        ])
        .collect();
    let sw = f * 1.6;
    let mut x = pad;
    for s in &swatches {
        let label = s.label();
        let w = sw + 3.0 + text_width(&label, f) + 10.0;
        if x + w > width - pad && x > pad {
            x = pad;
            y += line;
        }
        o.open(
            "g",
            &[
                ("class", "swatch".to_string()),
                ("data-key", s.key().to_string()),
            ],
            false,
        );
        s.draw(o, x, y + (line - f) / 2.0 - 1.0, sw, f);
        o.text_el(
            "text",
            &[
                ("x", num(x + sw + 3.0)),
                ("y", num(y + f)),
                ("font-size", num(f)),
                ("fill", "#222222".to_string()),
            ],
            &label,
        );
        o.end("g");
        x += w;
    }
    y += line;
    // Notes, wrapped to the width of the page.
    for n in &scene.notes {
        for part in wrap(n, (width - 2.0 * pad).max(f * 4.0), f, MAX_NOTE_LINES) {
            y += 2.0;
            o.text_el(
                "text",
                &[
                    ("x", num(pad)),
                    ("y", num(y + f)),
                    ("font-size", num(f)),
                    ("fill", "#8a4b00".to_string()),
                    ("class", "note".to_string()),
                ],
                &part,
            );
            y += line;
        }
    }
    y + pad
}

/// `text` cut into lines at most `width` wide at font size `f`, at most
/// `max` of them (the last ending in `…` when text was left out).
fn wrap(text: &str, width: f64, f: f64, max: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut used = 0.0;
    for c in text.chars() {
        let w = style::char_width(c, f);
        if used + w > width && lines.last().is_some_and(|l| !l.is_empty()) {
            if lines.len() == max {
                if let Some(l) = lines.last_mut() {
                    l.pop();
                    l.push('…');
                }
                return lines;
            }
            lines.push(String::new());
            used = 0.0;
        }
        if let Some(l) = lines.last_mut() {
            l.push(c);
        }
        used += w;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_wrap_to_the_width_and_stop_at_the_limit() {
        let text = "no KPI table found: ".repeat(10);
        let lines = wrap(&text, 100.0, 7.5, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| text_width(l, 7.5) <= 100.0 + 7.5));
        assert!(lines[2].ends_with('…'));
        assert_eq!(wrap("short", 100.0, 7.5, 3), ["short"]);
        let joined: String = wrap("abcdefghij", 20.0, 7.5, 10).concat();
        assert_eq!(joined, "abcdefghij");
    }
}
