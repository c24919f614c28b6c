//! A diff as a table for a terminal, like `git diff --stat` reads: a summary
//! line, then one line per change in aligned columns (kind, id, old → new,
//! delta, as-of move), the figures whose as-of date alone moved (`as-of`),
//! and KPI progress (`progress`). Every line starts with its kind, so the
//! table greps well. Columns are aligned by display width (a kanji takes
//! two columns). Colour, when asked for, marks the kinds and the deltas.

use unicode_width::UnicodeWidthStr;

use super::{ChangeKind, Diff, Side};
use crate::rules::format_value;

/// How to render.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableStyle {
    /// ANSI colours (only for a terminal that wants them).
    pub color: bool,
}

/// SGR codes of the table's colours.
const BOLD: &str = "1";
const RED: &str = "31";
const GREEN: &str = "32";
const YELLOW: &str = "33";
const CYAN: &str = "36";
const BOLD_RED: &str = "1;31";

/// How a cell is padded to its column's width.
#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
}

/// One cell: its text and its colour (an SGR code) if any.
struct Cell {
    text: String,
    color: Option<&'static str>,
}

fn cell(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        color: None,
    }
}

fn colored(text: impl Into<String>, color: &'static str) -> Cell {
    Cell {
        text: text.into(),
        color: Some(color),
    }
}

/// Rows of cells laid out in columns: each column as wide as its widest
/// cell (the first at least `first_width`), `seps[i]` before column `i`,
/// empty columns left out, no trailing blanks.
struct Columns {
    aligns: Vec<Align>,
    seps: Vec<&'static str>,
    first_width: usize,
    rows: Vec<Vec<Cell>>,
}

/// The width of the kind column, so that ids line up under `progress`.
const KIND_WIDTH: usize = 8;

impl Columns {
    fn widths(&self) -> Vec<usize> {
        let mut w = vec![0; self.aligns.len()];
        w[0] = self.first_width;
        for row in &self.rows {
            for (i, c) in row.iter().enumerate() {
                w[i] = w[i].max(c.text.width());
            }
        }
        w
    }

    /// Each row as a line (without its newline).
    fn lines(&self, style: TableStyle) -> Vec<String> {
        let widths = self.widths();
        let mut out = Vec::with_capacity(self.rows.len());
        for row in &self.rows {
            let mut line = String::new();
            let mut first = true;
            for (i, c) in row.iter().enumerate() {
                if widths[i] == 0 {
                    continue;
                }
                if !first {
                    line.push_str(self.seps[i]);
                }
                first = false;
                let pad = " ".repeat(widths[i] - c.text.width());
                if self.aligns[i] == Align::Right {
                    line.push_str(&pad);
                }
                line.push_str(&paint(&c.text, c.color, style));
                if self.aligns[i] == Align::Left {
                    line.push_str(&pad);
                }
            }
            out.push(line.trim_end().to_string());
        }
        out
    }
}

/// `text` in colour `code` when the style has colour.
fn paint(text: &str, code: Option<&str>, style: TableStyle) -> String {
    match code {
        Some(code) if style.color && !text.is_empty() => format!("\x1b[{code}m{text}\x1b[0m"),
        _ => text.to_string(),
    }
}

fn side_text(s: &Option<Side>) -> String {
    s.as_ref().map_or("-".to_string(), |s| {
        format!("{}{}", format_value(s.value), s.unit)
    })
}

fn date(d: &Option<String>) -> &str {
    d.as_deref().unwrap_or("-")
}

fn signed(x: f64) -> String {
    format!("{}{}", if x >= 0.0 { "+" } else { "" }, format_value(x))
}

fn kind_color(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Changed => YELLOW,
        ChangeKind::Added => GREEN,
        ChangeKind::Removed => RED,
    }
}

/// The summary line.
fn summary(d: &Diff) -> String {
    let mut parts = Vec::new();
    for kind in [ChangeKind::Changed, ChangeKind::Added, ChangeKind::Removed] {
        let n = d.count(kind);
        if n > 0 {
            parts.push(format!("{n} {}", kind.word()));
        }
    }
    let mut text = if parts.is_empty() {
        "no changes".to_string()
    } else {
        parts.join(", ")
    };
    if !d.as_of_only.is_empty() {
        text += &format!("; {} with only the as-of date moved", d.as_of_only.len());
    }
    format!("{} → {}: {text}", d.old.path, d.new.path)
}

/// The diff as a table for a terminal, without colour.
pub fn render_table(d: &Diff) -> String {
    render_table_styled(d, TableStyle::default())
}

/// The diff as a table, in `style`.
pub fn render_table_styled(d: &Diff, style: TableStyle) -> String {
    use Align::{Left, Right};
    let mut figures = Columns {
        aligns: vec![Left, Left, Right, Left, Left, Right, Left],
        seps: vec!["", " ", "  ", " ", " ", "  ", "  "],
        first_width: KIND_WIDTH,
        rows: Vec::new(),
    };
    // Lines printed under a row (why it is suspicious), by row index.
    let mut notes: Vec<(usize, String)> = Vec::new();
    for c in &d.changes {
        let delta = c.delta.map_or(cell(""), |x| {
            let color = if x > 0.0 {
                GREEN
            } else if x < 0.0 {
                RED
            } else {
                BOLD
            };
            colored(signed(x), color)
        });
        let dates = if c.as_of_moved {
            let as_of = |s: &Option<Side>| s.as_ref().and_then(|s| s.as_of.clone());
            format!("as of {} → {}", date(&as_of(&c.old)), date(&as_of(&c.new)))
        } else {
            String::new()
        };
        if let Some(why) = &c.suspicious {
            notes.push((figures.rows.len(), why.clone()));
        }
        figures.rows.push(vec![
            colored(c.change.word(), kind_color(c.change)),
            cell(c.figure.shown_id()),
            cell(side_text(&c.old)),
            cell("→"),
            cell(side_text(&c.new)),
            delta,
            cell(dates),
        ]);
    }
    for a in &d.as_of_only {
        figures.rows.push(vec![
            colored("as-of", CYAN),
            cell(a.figure.shown_id()),
            cell(format!("{}{}", format_value(a.value), a.unit)),
            cell(""),
            cell(""),
            cell(""),
            cell(format!(
                "as of {} → {}",
                date(&a.old_as_of),
                date(&a.new_as_of)
            )),
        ]);
    }
    let mut progress = Columns {
        aligns: vec![Left, Left, Right, Left, Left, Left],
        seps: vec!["", " ", "  ", " ", " ", "  "],
        first_width: KIND_WIDTH,
        rows: Vec::new(),
    };
    let pct = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{:.1}%", x * 100.0));
    for p in &d.progress {
        progress.rows.push(vec![
            cell("progress"),
            cell(p.target_id.clone()),
            cell(pct(p.old_attainment)),
            cell("→"),
            cell(pct(p.new_attainment)),
            cell(format!(
                "(as of {} → {})",
                date(&p.old_as_of),
                date(&p.new_as_of)
            )),
        ]);
    }
    let mut out = paint(&summary(d), Some(BOLD), style);
    out.push('\n');
    let mut notes = notes.into_iter().peekable();
    for (i, line) in figures.lines(style).into_iter().enumerate() {
        out += &line;
        out.push('\n');
        while let Some((_, why)) = notes.next_if(|(row, _)| *row == i) {
            let text = format!("⚠ suspicious: {why}");
            out += &" ".repeat(KIND_WIDTH + 1);
            out += &paint(&text, Some(BOLD_RED), style);
            out.push('\n');
        }
    }
    for line in progress.lines(style) {
        out += &line;
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_display_width() {
        let t = Columns {
            aligns: vec![Align::Left, Align::Right, Align::Left],
            seps: vec!["", "  ", "  "],
            first_width: 0,
            rows: vec![
                vec![cell("参加者数"), cell("5人"), cell("x")],
                vec![cell("ab"), cell("12345人"), cell("")],
            ],
        };
        let lines = t.lines(TableStyle::default());
        assert_eq!(lines, ["参加者数      5人  x", "ab        12345人"]);
        let on = TableStyle { color: true };
        let t = Columns {
            rows: vec![vec![colored("a", RED), cell("1"), cell("")]],
            ..t
        };
        assert_eq!(t.lines(on), ["\x1b[31ma\x1b[0m  1"]);
    }
}
