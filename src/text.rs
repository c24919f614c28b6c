//! Front end for the plain-text / TSV form of a report.
//!
//! The text form is what a PDF-to-text tool or a copy from a spreadsheet
//! gives: one table row per line with cells separated by tabs, free lines
//! (title, section headings) without tabs, and cells that sometimes still
//! carry HTML list markup (`<ul><li>…</li></ul>`, `<p>`). This module turns it
//! into the same [`Grid`] the PDF path produces; HTML list items become lines
//! of the cell. Angle-bracketed organisation names (`<広島県>`) are not HTML
//! and are kept.

use std::sync::LazyLock;

use regex::Regex;

use crate::error::InputError;
use crate::grid::{Grid, GridCell, GridRow, Loc, RowKind, Spans};
use crate::warning::{Warning, WarningClass};

/// Largest text input accepted (a report is a few hundred KB at most).
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// Decode the bytes of a text report: UTF-8 (with or without BOM), else
/// Shift_JIS (CP932), which many Japanese office exports still use. Binary
/// data is refused.
pub fn decode(bytes: &[u8]) -> Result<String, InputError> {
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(InputError::TooLarge {
            bytes: bytes.len() as u64,
            limit: MAX_TEXT_BYTES as u64,
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::Empty);
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(InputError::Binary { offset: pos as u64 });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return check_text(s.to_string());
    }
    let (s, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
    if had_errors {
        let offset = std::str::from_utf8(bytes)
            .map(|_| 0)
            .unwrap_or_else(|e| e.valid_up_to());
        return Err(InputError::NotText {
            offset: offset as u64,
        });
    }
    check_text(s.into_owned())
}

/// Refuse text that is mostly control characters (binary data that happened
/// to decode).
fn check_text(s: String) -> Result<String, InputError> {
    let total = s.chars().count().max(1);
    let control = s
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if control * 20 > total {
        return Err(InputError::NotText { offset: 0 });
    }
    Ok(s)
}

static HTML_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)</?(?:ul|ol|li|p|br|div|tr|table|tbody|thead|dl|dt|dd|h[1-6])(?:\s[^<>]*)?/?>")
        .expect("static regex")
});
static HTML_INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)</?(?:span|b|i|u|em|strong|font|small|sup|sub|a|td|th)(?:\s[^<>]*)?/?>")
        .expect("static regex")
});
static HTML_ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6})|([a-z]{2,6}));").expect("static regex")
});

/// Strip HTML list markup to lines: block tags become line breaks, inline
/// tags vanish, entities are decoded. Only ASCII tag names are tags, so
/// `<労働局>` survives.
pub fn strip_html(cell: &str) -> String {
    if !cell.contains('<') && !cell.contains('&') {
        return cell.to_string();
    }
    let s = HTML_BREAK.replace_all(cell, "\n");
    let s = HTML_INLINE.replace_all(&s, "");
    let s = HTML_ENTITY.replace_all(&s, |c: &regex::Captures| {
        let decoded = if let Some(d) = c.get(1) {
            d.as_str().parse::<u32>().ok().and_then(char::from_u32)
        } else if let Some(h) = c.get(2) {
            u32::from_str_radix(h.as_str(), 16)
                .ok()
                .and_then(char::from_u32)
        } else {
            match c.get(3).map(|m| m.as_str()) {
                Some("lt") => Some('<'),
                Some("gt") => Some('>'),
                Some("amp") => Some('&'),
                Some("quot") => Some('"'),
                Some("apos") => Some('\''),
                Some("nbsp") => Some(' '),
                _ => None,
            }
        };
        match decoded {
            Some(ch) => ch.to_string(),
            None => c[0].to_string(),
        }
    });
    s.into_owned()
}

/// Read the text form into a [`Grid`]. Lines with a tab are table rows (cell
/// `i` in grid column `i`); other non-blank lines are free lines. A run of
/// table rows not interrupted by a free line is one table. Text cannot show
/// merged cells, so the grid says its spans are [`Spans::Inferred`]: header
/// cells merged over sub-headers get their `col_span` here
/// ([`infer_header_spans`]), and the table model carries group cells left
/// empty down from the row above.
pub fn read_text(text: &str) -> Grid {
    let mut rows = Vec::new();
    let mut next_table = 0usize;
    let mut current: Option<usize> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let loc = Loc {
            page: None,
            line: Some(line_no),
            bbox: None,
        };
        if raw.contains('\t') {
            let cells: Vec<GridCell> = raw
                .split('\t')
                .enumerate()
                .filter(|(_, t)| !t.trim().is_empty())
                .map(|(col, t)| GridCell::new(col, strip_html(t), loc))
                .collect();
            if cells.is_empty() {
                continue;
            }
            let table = *current.get_or_insert_with(|| {
                next_table += 1;
                next_table - 1
            });
            rows.push(GridRow {
                kind: RowKind::Table,
                cells,
                loc,
                table: Some(table),
            });
        } else if !raw.trim().is_empty() {
            current = None;
            rows.push(GridRow {
                kind: RowKind::Line,
                cells: vec![GridCell::new(0, strip_html(raw), loc)],
                loc,
                table: None,
            });
        }
    }
    infer_header_spans(&mut rows);
    let warnings = damage(text);
    Grid {
        rows,
        spans: Spans::Inferred,
        warnings,
    }
}

/// Signs that the text lost line breaks or tabs on its way here: a bare
/// carriage return (lines joined), line endings of both kinds, rows of a
/// table with fewer tabs than its widest row.
fn damage(text: &str) -> Vec<Warning> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let bare_cr = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count();
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count() - crlf;
    if bare_cr > 0 {
        out.push(Warning::new(
            WarningClass::TextDamage,
            format!("{bare_cr} bare carriage return(s) inside lines: lines may have been joined"),
        ));
    }
    if crlf > 0 && lf > 0 {
        out.push(Warning::new(
            WarningClass::TextDamage,
            format!(
                "mixed line endings ({crlf} CRLF, {lf} LF): lines may have been joined or split"
            ),
        ));
    }
    // Per table (a run of lines with tabs): rows with fewer tabs than its
    // widest row. Exports write every row with all its tabs.
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].contains('\t') {
            i += 1;
            continue;
        }
        let end = lines[i..]
            .iter()
            .position(|l| !l.contains('\t'))
            .map_or(lines.len(), |n| i + n);
        let tabs: Vec<usize> = lines[i..end]
            .iter()
            .map(|l| l.matches('\t').count())
            .collect();
        let widest = tabs.iter().copied().max().unwrap_or(0);
        let short = tabs.iter().filter(|&&t| t < widest).count();
        if short > 0 {
            out.push(Warning::new(
                WarningClass::TextDamage,
                format!(
                    "{short} row(s) of the table at line {} have fewer tabs than its widest row ({widest}): cells may be misplaced",
                    i + 1
                ),
            ));
        }
        i = end;
    }
    out
}

/// The TSV convention for a two-level header: a header cell followed by
/// empty cells, over a row that fills those columns and leaves empty a
/// column the upper row filled (the sub-header row under vertically merged
/// headers), spans those columns:
///
/// ```text
/// 項目 | 令和5年度 |      | 令和6年度 |
///      | 目標      | 実績 | 目標      | 実績
/// ```
pub fn infer_header_spans(rows: &mut [GridRow]) {
    for i in 0..rows.len().saturating_sub(1) {
        let (upper, lower) = rows.split_at_mut(i + 1);
        let (upper, lower) = (&mut upper[i], &lower[0]);
        if upper.table.is_none() || upper.table != lower.table {
            continue;
        }
        let filled = |r: &GridRow, col: usize| r.cells.iter().any(|c| c.col == col);
        let sub_header_row = upper.cells.iter().any(|c| !filled(lower, c.col));
        if !sub_header_row {
            continue;
        }
        let last_col = lower.cells.iter().map(|c| c.col).max().unwrap_or(0);
        let starts: Vec<usize> = upper.cells.iter().map(|c| c.col).collect();
        for (k, cell) in upper.cells.iter_mut().enumerate() {
            let next = starts.get(k + 1).copied().unwrap_or(last_col + 1);
            let run = cell.col..next;
            if next > cell.col + 1 && run.clone().all(|c| filled(lower, c)) {
                cell.col_span = next - cell.col;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_lists_become_lines_and_org_brackets_stay() {
        let s = r#"<p><広島県></p> <ul style="list-style-type: none"> <li>○支援対象者の把握</li> <li>○検討 &amp; 実施</li></ul>"#;
        let out = strip_html(s);
        let lines: Vec<&str> = out
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(lines, vec!["<広島県>", "○支援対象者の把握", "○検討 & 実施"]);
    }

    #[test]
    fn rows_and_lines() {
        let g = read_text("title\n\n\t取組概要\t令和5年度\n全体KPI\t○a\t○b 1件\n");
        assert_eq!(g.rows.len(), 3);
        assert_eq!(g.rows[0].kind, RowKind::Line);
        assert_eq!(g.rows[1].cells[0].col, 1);
        assert_eq!(g.rows[2].cell_text(2), "○b 1件");
        assert_eq!(g.rows[2].loc.line, Some(4));
    }

    #[test]
    fn decode_refuses_bad_bytes() {
        assert!(matches!(decode(b""), Err(InputError::Empty)));
        assert!(matches!(decode(b" \n\t"), Err(InputError::Empty)));
        assert!(matches!(
            decode(b"ab\0cd"),
            Err(InputError::Binary { offset: 2 })
        ));
        assert!(decode(&[0xff, 0xfe, 0xfd, 0x80, 0x81]).is_err());
        // Shift_JIS 「件」 decodes.
        assert_eq!(decode(&[0x8C, 0x8F]).ok().as_deref(), Some("件"));
        assert_eq!(decode("\u{feff}件".as_bytes()).ok().as_deref(), Some("件"));
    }
}
