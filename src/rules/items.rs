//! Bullet items and brackets: where a cell's items start and where a
//! bracket group closes.

use super::figure::is_marker;

/// Split a cell into bullet items: byte ranges starting at a marker that
/// stands at the start, after white space or after `。`, outside brackets.
pub fn split_items(text: &str) -> Vec<(usize, usize)> {
    let mut starts = vec![0];
    let mut depth = 0i32;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '【' | '「' => depth += 1,
            ')' | '】' | '」' => depth = (depth - 1).max(0),
            _ => {}
        }
        let after_break = prev.is_none_or(|p| p.is_whitespace() || p == '。');
        let marker = match c {
            '-' => prev.is_none_or(|p| p == '\n'),
            _ => is_marker(c),
        };
        if i > 0 && depth == 0 && marker && after_break {
            starts.push(i);
        }
        prev = Some(c);
    }
    starts.push(text.len());
    starts.dedup();
    starts
        .windows(2)
        .map(|w| (w[0], w[1]))
        .filter(|(a, b)| !text[*a..*b].trim().is_empty())
        .collect()
}

/// The close bracket matching the one opened before `from` (nesting counted).
pub(super) fn matching_close(text: &str, from: usize, limit: usize, close: char) -> Option<usize> {
    let open = if close == ')' { '(' } else { '【' };
    let mut depth = 0;
    for (i, c) in text[from..limit].char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            if depth == 0 {
                return Some(from + i);
            }
            depth -= 1;
        }
    }
    None
}

/// The char boundary at or before `i`.
pub(super) fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The char boundary at or after `i`.
pub(super) fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}
