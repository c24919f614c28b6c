//! Figures and unparsed numbers as badges on the cell or line they were
//! read from (the record's provenance: page and box), each with a tooltip
//! saying everything the record says.
//!
//! Badges of one cell are set right-aligned along its bottom edge, rows
//! stacked upwards (cell text is set from the top left, so its bottom right
//! is the emptiest corner); badges of a free line (a 【目標】 line, a KPI
//! line) follow the line on its right, as the line's text ends there.

use std::collections::HashMap;

use super::style::{text_width, TAG_FONT, UNPARSED_BADGE_CHARS};
use crate::grid::BBox;
use crate::record::{Record, UnparsedOut};
use crate::rules::format_value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    Figure,
    Unparsed,
}

/// One badge.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub kind: MarkKind,
    /// The cell or line it came from.
    pub anchor: BBox,
    /// Read from a free line rather than a table cell.
    pub on_line: bool,
    /// What the badge shows (`2,163件`, `? 12回程度…`).
    pub badge: String,
    /// The tooltip.
    pub title: String,
    /// `data-*` attributes (name without the prefix, value).
    pub data: Vec<(&'static str, String)>,
    /// Where the badge is drawn (set by [`place`]).
    pub at: BBox,
}

/// `2163` → `2,163`, `-1234.5` → `-1,234.5`.
pub fn grouped(v: f64) -> String {
    let s = format_value(v);
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s.as_str()),
    };
    let (int, frac) = match rest.find('.') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    if !int.bytes().all(|b| b.is_ascii_digit()) {
        return s.clone();
    }
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}{frac}")
}

fn qualifier_names(r: &Record) -> Vec<String> {
    r.qualifiers
        .iter()
        .filter_map(|q| serde_json::to_value(q).ok())
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// The badge of a record, `None` when it has no box to stand on.
pub fn figure_mark(r: &Record) -> Option<Mark> {
    let anchor = r.bbox?;
    let value = format!("{}{}", grouped(r.value), r.unit);
    let mut what = vec![r.kind.name().to_string()];
    if let Some(fy) = r.fiscal_year {
        what.push(fy.to_string());
    }
    if let Some(d) = r.as_of {
        match &r.as_of_text {
            Some(t) => what.push(format!("as of {d} ({t})")),
            None => what.push(format!("as of {d}")),
        }
    }
    if let Some(p) = &r.period {
        what.push(format!("period {} – {} ({})", p.from, p.to, p.text));
    }
    let mut lines = vec![
        format!("{value} — figure"),
        format!("id: {}", r.id),
        what.join(" · "),
        format!("metric: {} · label: {}", r.metric, r.label),
    ];
    let q = qualifier_names(r);
    if !q.is_empty() {
        lines.push(format!("qualifiers: {}", q.join(" ")));
    }
    if let Some(c) = &r.column {
        lines.push(format!("column: {c}"));
    }
    if let Some(p) = &r.parent {
        lines.push(format!("breakdown of: {p}"));
    }
    if let Some(o) = &r.of {
        lines.push(format!("computed from: {o}"));
    }
    lines.push(format!("text: {}", r.text));
    lines.push(format!(
        "read from: {} cell · section {} row {} item {}",
        r.cell, r.section, r.row, r.item
    ));
    for n in &r.notes {
        lines.push(format!("note: {n}"));
    }
    Some(Mark {
        kind: MarkKind::Figure,
        anchor,
        on_line: matches!(r.cell, "target_line" | "kpi_line"),
        badge: value,
        title: lines.join("\n"),
        data: vec![
            ("id", r.id.clone()),
            ("value", format_value(r.value)),
            ("unit", r.unit.clone()),
            ("kind", r.kind.name().to_string()),
            (
                "fiscal-year",
                r.fiscal_year.map_or(String::new(), |f| f.0.to_string()),
            ),
            ("cell", r.cell.to_string()),
        ],
        at: anchor,
    })
}

/// The badge of an unparsed number, `None` when it has no box.
pub fn unparsed_mark(u: &UnparsedOut, on_line: bool) -> Option<Mark> {
    let anchor = u.bbox?;
    let text = u.text.trim();
    let mut short: String = text.chars().take(UNPARSED_BADGE_CHARS).collect();
    if text.chars().count() > UNPARSED_BADGE_CHARS {
        short.push('…');
    }
    let mut at = vec![format!("section {}", u.section), format!("row {}", u.row)];
    if let Some(fy) = u.fiscal_year {
        at.push(fy.to_string());
    }
    if u.item > 0 {
        at.push(format!("item {}", u.item));
    }
    Some(Mark {
        kind: MarkKind::Unparsed,
        anchor,
        on_line,
        badge: format!("? {short}"),
        title: format!(
            "not read — {}\nreason: {}\ntext: {}",
            at.join(" · "),
            u.reason,
            text
        ),
        data: vec![("reason", u.reason.clone()), ("text", text.to_string())],
        at: anchor,
    })
}

/// Badge height at the tag font size.
pub fn badge_height() -> f64 {
    TAG_FONT * 1.45
}

fn badge_width(text: &str) -> f64 {
    text_width(text, TAG_FONT) + TAG_FONT * 0.8
}

/// The extent of the glyphs whose centre lies in `a`.
fn ink_in(a: &BBox, ink: &[BBox]) -> Option<BBox> {
    ink.iter()
        .filter(|g| {
            let (x, y) = ((g.x0 + g.x1) / 2.0, (g.top + g.bottom) / 2.0);
            x >= a.x0 && x < a.x1 && y >= a.top && y < a.bottom
        })
        .fold(None, |acc: Option<BBox>, g| {
            Some(acc.map_or(*g, |b| b.union(g)))
        })
}

/// Where in cell `a` badges of the given widths go: below the text when
/// a row fits there, else beside it (right, then left) when they fit
/// there in one row, else over the bottom of the whole cell.
fn region(a: &BBox, ink: Option<BBox>, widths: &[f64]) -> BBox {
    let inner = BBox {
        x0: a.x0 + 1.0,
        top: a.top + 1.0,
        x1: a.x1 - 1.0,
        bottom: a.bottom - 1.0,
    };
    let Some(t) = ink else {
        return inner;
    };
    let row = widths.iter().sum::<f64>() + widths.len().saturating_sub(1) as f64;
    let below = BBox {
        top: t.bottom + 0.5,
        ..inner
    };
    if below.bottom - below.top >= badge_height() {
        return below;
    }
    let right = BBox {
        x0: t.x1 + 1.0,
        ..inner
    };
    let left = BBox {
        x1: t.x0 - 1.0,
        ..inner
    };
    [right, left]
        .into_iter()
        .find(|r| r.x1 - r.x0 >= row)
        .unwrap_or(inner)
}

/// Set every badge's box: per anchor, in the order given. `ink` are the
/// boxes of the page's visible glyphs, which badges avoid where the cell
/// leaves room.
pub fn place(marks: &mut [Mark], page_width: f64, ink: &[BBox]) {
    let gap = 1.0;
    let h = badge_height();
    let mut by_anchor: HashMap<[u64; 4], Vec<usize>> = HashMap::new();
    let mut order: Vec<[u64; 4]> = Vec::new();
    for (i, m) in marks.iter().enumerate() {
        let a = m.anchor;
        let k = [a.x0, a.top, a.x1, a.bottom].map(f64::to_bits);
        by_anchor
            .entry(k)
            .or_insert_with(|| {
                order.push(k);
                Vec::new()
            })
            .push(i);
    }
    for k in order {
        let Some(ids) = by_anchor.get(&k) else {
            continue;
        };
        let Some(first) = ids.first().and_then(|&i| marks.get(i)) else {
            continue;
        };
        let a = first.anchor;
        if first.on_line {
            // After the line, wrapping below it at the page's right edge.
            let (mut x, mut y) = (a.x1 + 2.0, a.top);
            for &i in ids {
                let w = badge_width(&marks[i].badge);
                if x + w > page_width && x > a.x1 + 2.0 {
                    x = a.x1 + 2.0;
                    y += h + gap;
                }
                marks[i].at = BBox {
                    x0: x,
                    top: y,
                    x1: x + w,
                    bottom: y + h,
                };
                x += w + gap;
            }
            continue;
        }
        // Rows in reading order, each right-aligned, the last row on the
        // region's bottom edge.
        let widths: Vec<f64> = ids.iter().map(|&i| badge_width(&marks[i].badge)).collect();
        let r = region(&a, ink_in(&a, ink), &widths);
        let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
        let mut used = 0.0;
        for (&i, &w) in ids.iter().zip(&widths) {
            let started = rows.last().is_some_and(|r| !r.is_empty());
            if started && used + gap + w > r.x1 - r.x0 {
                rows.push(Vec::new());
                used = 0.0;
            }
            if let Some(row) = rows.last_mut() {
                used += if row.is_empty() { w } else { gap + w };
                row.push((i, w));
            }
        }
        let n = rows.len() as f64;
        for (ri, row) in rows.iter().enumerate() {
            let y = r.bottom - (n - ri as f64) * (h + gap) + gap;
            let total: f64 = row.iter().map(|(_, w)| w + gap).sum::<f64>() - gap;
            let mut x = r.x1 - total;
            for &(i, w) in row {
                marks[i].at = BBox {
                    x0: x,
                    top: y,
                    x1: x + w,
                    bottom: y + h,
                };
                x += w + gap;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_thousands() {
        assert_eq!(grouped(2163.0), "2,163");
        assert_eq!(grouped(-1234567.5), "-1,234,567.5");
        assert_eq!(grouped(12.0), "12");
        assert_eq!(grouped(100.0), "100");
    }

    fn mark(on_line: bool, badge: &str, anchor: BBox) -> Mark {
        Mark {
            kind: MarkKind::Figure,
            anchor,
            on_line,
            badge: badge.to_string(),
            title: String::new(),
            data: Vec::new(),
            at: anchor,
        }
    }

    #[test]
    fn badges_of_a_cell_stay_inside_it_and_do_not_overlap() {
        let cell = BBox {
            x0: 100.0,
            top: 50.0,
            x1: 160.0,
            bottom: 120.0,
        };
        let mut marks: Vec<Mark> = (0..5)
            .map(|i| mark(false, &format!("{i},000件"), cell))
            .collect();
        place(&mut marks, 800.0, &[]);
        for (i, m) in marks.iter().enumerate() {
            assert!(m.at.x0 >= cell.x0 && m.at.x1 <= cell.x1, "{i}: {:?}", m.at);
            assert!(
                m.at.top >= cell.top && m.at.bottom <= cell.bottom,
                "{i}: {:?}",
                m.at
            );
            for n in &marks[..i] {
                let apart = m.at.x1 <= n.at.x0
                    || n.at.x1 <= m.at.x0
                    || m.at.bottom <= n.at.top
                    || n.at.bottom <= m.at.top;
                assert!(apart, "{:?} overlaps {:?}", m.at, n.at);
            }
        }
        // Two rows in reading order: the first badges on the upper row, left
        // to right; the last row on the bottom edge.
        assert!(marks[0].at.bottom < marks[4].at.bottom);
        assert!(marks[0].at.x1 <= marks[1].at.x0);
        assert!((marks[4].at.bottom - (cell.bottom - 1.0)).abs() < 1e-9);
    }

    #[test]
    fn badges_of_a_line_follow_it() {
        let line = BBox {
            x0: 40.0,
            top: 60.0,
            x1: 300.0,
            bottom: 70.0,
        };
        let mut marks = vec![mark(true, "3,200件", line), mark(true, "2年間", line)];
        place(&mut marks, 842.0, &[]);
        assert!(marks[0].at.x0 > line.x1);
        assert!(marks[1].at.x0 >= marks[0].at.x1);
        assert_eq!(marks[0].at.top, line.top);
    }

    #[test]
    fn badges_avoid_the_text_where_the_cell_leaves_room() {
        let cell = BBox {
            x0: 100.0,
            top: 50.0,
            x1: 200.0,
            bottom: 62.0,
        };
        // A number set at the right of a one-line cell: the badge goes left.
        let number = BBox {
            x0: 180.0,
            top: 52.0,
            x1: 198.0,
            bottom: 60.0,
        };
        let mut marks = vec![mark(false, "120件", cell)];
        place(&mut marks, 842.0, &[number]);
        assert!(marks[0].at.x1 <= number.x0, "{:?}", marks[0].at);
        assert!(marks[0].at.x0 >= cell.x0);
        // A tall cell with text at the top: the badge goes under the text.
        let tall = BBox {
            bottom: 90.0,
            ..cell
        };
        let mut marks = vec![mark(false, "120件", tall)];
        place(&mut marks, 842.0, &[number]);
        assert!(marks[0].at.top >= number.bottom, "{:?}", marks[0].at);
        assert!(marks[0].at.bottom <= tall.bottom);
    }
}
