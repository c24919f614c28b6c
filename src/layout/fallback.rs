//! Step 4: tables drawn without rules, found from whitespace.
//!
//! Each line is cut into *chunks* at gaps wider than
//! [`LayoutSettings::fallback_min_gap`] × font size. Runs of lines with two
//! or more chunks are table candidates; their columns are the x-ranges
//! covered by chunks, separated by gaps that no line of the run crosses.
//! Rows are built from lines: a new row starts at text in the first column
//! or after a wide vertical gap.

use super::geom::{union_all, Char};
use super::tables::{PageTable, PlacedCell};
use super::text::{block_text, TextLine};
use super::LayoutSettings;
use crate::grid::BBox;

/// Find rule-less tables among a page's lines (top to bottom). Returns the
/// tables and the lines left outside them.
pub(crate) fn find_whitespace_tables(
    lines: Vec<TextLine>,
    page: u32,
    s: &LayoutSettings,
) -> (Vec<PageTable>, Vec<TextLine>) {
    let chunks: Vec<Vec<(f64, f64)>> = lines.iter().map(|l| line_chunks(l, s)).collect();
    let mut in_table = vec![false; lines.len()];
    let mut tables = Vec::new();
    let mut queue = candidate_runs(&chunks, s);
    while let Some((a, b)) = queue.pop() {
        let multi: Vec<usize> = (a..=b).filter(|&i| chunks[i].len() >= 2).collect();
        if multi.len() < s.fallback_min_rows.max(1) {
            continue;
        }
        let columns = column_ranges(
            multi.iter().map(|&i| &chunks[i]),
            lines[a].size * s.fallback_min_gap,
        );
        if columns.len() < 2 {
            continue;
        }
        // A line crossing a column gap ends the table: split there and retry.
        if let Some(k) = (a..=b).find(|&i| chunks[i].iter().any(|c| crosses_gap(*c, &columns))) {
            if k > a {
                queue.push((a, k - 1));
            }
            if k < b {
                queue.push((k + 1, b));
            }
            continue;
        }
        let b = extend_run(&lines, &chunks, &columns, b, s);
        tables.push(build_table(&lines[a..=b], &columns, page, s));
        in_table[a..=b].iter_mut().for_each(|f| *f = true);
    }
    tables.sort_by(|x, y| x.bbox.top.total_cmp(&y.bbox.top));
    let rest = lines
        .into_iter()
        .zip(in_table)
        .filter(|(_, t)| !t)
        .map(|(l, _)| l)
        .collect();
    (tables, rest)
}

/// The x-ranges of a line's runs of glyphs, split at wide gaps.
fn line_chunks(line: &TextLine, s: &LayoutSettings) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    for c in line.chars.iter().filter(|c| !c.is_space()) {
        match out.last_mut() {
            Some(last) if c.x0 - last.1 <= s.fallback_min_gap * c.size => last.1 = last.1.max(c.x1),
            _ => out.push((c.x0, c.x1)),
        }
    }
    out
}

/// Maximal runs (first, last line index) of multi-chunk lines, allowing up
/// to `fallback_max_interleave` single-chunk lines between two of them.
fn candidate_runs(chunks: &[Vec<(f64, f64)>], s: &LayoutSettings) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for (i, c) in chunks.iter().enumerate() {
        if c.len() < 2 {
            continue;
        }
        current = match current {
            Some((a, b)) if i - b - 1 <= s.fallback_max_interleave => Some((a, i)),
            Some(run) => {
                runs.push(run);
                Some((i, i))
            }
            None => Some((i, i)),
        };
    }
    runs.extend(current);
    runs
}

/// Extend a table past its last multi-column line over the lines that
/// follow closely (wrapped cell text) and sit inside the columns.
fn extend_run(
    lines: &[TextLine],
    chunks: &[Vec<(f64, f64)>],
    columns: &[(f64, f64)],
    mut b: usize,
    s: &LayoutSettings,
) -> usize {
    while let (Some(prev), Some(next), Some(next_chunks)) =
        (lines.get(b), lines.get(b + 1), chunks.get(b + 1))
    {
        let close = next.bbox.top - prev.bbox.bottom <= s.fallback_row_gap * next.size;
        if !close || next_chunks.len() >= 2 || next_chunks.iter().any(|c| crosses_gap(*c, columns))
        {
            break;
        }
        b += 1;
    }
    b
}

/// Union of the chunks' x-ranges, merged where closer than `min_gap`.
fn column_ranges<'a>(
    lines: impl Iterator<Item = &'a Vec<(f64, f64)>>,
    min_gap: f64,
) -> Vec<(f64, f64)> {
    let mut all: Vec<(f64, f64)> = lines.flatten().copied().collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (x0, x1) in all {
        match out.last_mut() {
            Some(last) if x0 - last.1 < min_gap => last.1 = last.1.max(x1),
            _ => out.push((x0, x1)),
        }
    }
    out
}

/// Whether a chunk does not sit in exactly one column (it spans a gap, or
/// lies in one).
fn crosses_gap(chunk: (f64, f64), columns: &[(f64, f64)]) -> bool {
    columns
        .iter()
        .filter(|c| chunk.0 < c.1 && chunk.1 > c.0)
        .count()
        != 1
}

/// Rows from lines, then one cell per row and column.
fn build_table(
    lines: &[TextLine],
    columns: &[(f64, f64)],
    page: u32,
    s: &LayoutSettings,
) -> PageTable {
    let mut col_x: Vec<f64> = vec![columns[0].0];
    col_x.extend(columns.windows(2).map(|w| (w[0].1 + w[1].0) / 2.0));
    col_x.push(columns[columns.len() - 1].1);
    let rows = group_rows(lines, columns, s);
    let mut row_y: Vec<f64> = Vec::with_capacity(rows.len() + 1);
    for (r, row) in rows.iter().enumerate() {
        let top = row.iter().map(|l| l.bbox.top).fold(f64::INFINITY, f64::min);
        if r == 0 {
            row_y.push(top);
        } else if let Some(prev) = row_y.last_mut() {
            *prev = (*prev + top) / 2.0;
        }
        row_y.push(
            row.iter()
                .map(|l| l.bbox.bottom)
                .fold(f64::NEG_INFINITY, f64::max),
        );
    }
    let mut cells = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for c in 0..columns.len() {
            let chars: Vec<Char> = row
                .iter()
                .flat_map(|l| l.chars.iter())
                .filter(|ch| ch.cx() >= col_x[c] && ch.cx() <= col_x[c + 1])
                .copied()
                .collect();
            let inked: Vec<BBox> = chars
                .iter()
                .filter(|ch| !ch.is_space())
                .map(Char::bbox)
                .collect();
            cells.push(PlacedCell {
                row: r,
                col: c,
                row_span: 1,
                col_span: 1,
                bbox: BBox {
                    x0: col_x[c],
                    top: row_y[r],
                    x1: col_x[c + 1],
                    bottom: row_y[r + 1],
                },
                text: block_text(&chars, s),
                text_box: union_all(&inked),
                font_size: chars.iter().map(|ch| ch.size).fold(0.0, f64::max),
            });
        }
    }
    let bbox = BBox {
        x0: col_x[0],
        top: row_y[0],
        x1: col_x[col_x.len() - 1],
        bottom: row_y[row_y.len() - 1],
    };
    PageTable {
        page,
        bbox,
        col_x,
        row_y,
        cells,
        open_top: false,
        open_bottom: false,
        ruled: false,
    }
}

/// Group consecutive lines into rows: a row starts with the first line, at a
/// line with text in the first column, or after a wide vertical gap.
fn group_rows<'a>(
    lines: &'a [TextLine],
    columns: &[(f64, f64)],
    s: &LayoutSettings,
) -> Vec<Vec<&'a TextLine>> {
    let mut rows: Vec<Vec<&TextLine>> = Vec::new();
    let first_col_end = columns[0].1;
    for line in lines {
        let starts_first_col = line
            .chars
            .iter()
            .any(|c| !c.is_space() && c.x0 < first_col_end);
        let gap = rows
            .last()
            .and_then(|r| r.last())
            .map(|prev| line.bbox.top - prev.bbox.bottom);
        let wide_gap = gap.is_some_and(|g| g > s.fallback_row_gap * line.size);
        match rows.last_mut() {
            Some(row) if !starts_first_col && !wide_gap => row.push(line),
            _ => rows.push(vec![line]),
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::group_lines;

    fn word(out: &mut Vec<Char>, text: &str, x: f64, top: f64) {
        for (i, ch) in text.chars().enumerate() {
            out.push(Char::square(ch, x + 10.0 * i as f64, top));
        }
    }

    #[test]
    fn heading_line_is_not_part_of_the_table() {
        let mut chars = Vec::new();
        word(&mut chars, "表題の行はここにある長い見出しです", 0.0, 0.0);
        for (i, (a, b)) in [("名前", "値"), ("りんご", "十"), ("みかん", "二十")]
            .iter()
            .enumerate()
        {
            let y = 30.0 + 14.0 * i as f64;
            word(&mut chars, a, 0.0, y);
            word(&mut chars, b, 100.0, y);
        }
        let s = LayoutSettings::default();
        let (tables, rest) = find_whitespace_tables(group_lines(&chars, &s), 1, &s);
        assert_eq!(tables.len(), 1);
        assert_eq!(rest.len(), 1);
        assert_eq!(tables[0].n_rows(), 3);
        let texts: Vec<&str> = tables[0].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["名前", "値", "りんご", "十", "みかん", "二十"]);
    }
}
