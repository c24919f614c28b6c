//! Counting the PDF tokens lopdf would turn into objects, before it parses.
//!
//! lopdf's parser keeps every token of an object as an `Object` (about
//! 120 bytes, more for an array: nom's `many0` starts each array with room
//! for four), so a plain file holding one huge array of zeros makes it
//! allocate ~60 times the file. tassei counts the tokens first (`loader.rs`:
//! the value of each object the cross-reference table lists, and the
//! decoded content of each object stream) and refuses the document past
//! [`super::PdfLimits::max_pdf_tokens`].
//!
//! A token here is a number, a name, a keyword, a literal string (however
//! many parentheses and escapes it holds), a hex string, or one of the
//! delimiters `[`, `]`, `<<`, `>>`, `{`, `}`. White space and comments are
//! no tokens. A token longer than [`BYTES_PER_TOKEN`] bytes counts once
//! more per [`BYTES_PER_TOKEN`] bytes (lopdf keeps a copy of them). `[` and `<<` count [`OPEN_WEIGHT`] tokens each: lopdf
//! reserves room for four objects in every array it starts (and a
//! dictionary's map about as much), so `[] [] []…` would otherwise cost
//! five times as much memory per token as `0 0 0…`. Weighted so, the
//! densest token kinds (names, hex strings) cost lopdf about 160 bytes
//! each, zeros 120, empty arrays 120, small dictionaries about 110. The count is one linear scan, without recursion (nesting is
//! a counter), so any depth is fine.

use super::syntax::{is_delimiter, is_whitespace};

/// What `[` and `<<` count.
pub(crate) const OPEN_WEIGHT: u64 = 4;

/// A long token (a string, a name, a number) also counts one token per this
/// many bytes: lopdf copies its bytes, so a few huge strings (object streams
/// may decode to 256 MiB) cost as much memory as many small tokens.
pub(crate) const BYTES_PER_TOKEN: usize = 128;

/// The result of [`scan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Count {
    /// Tokens seen (past the cap by at most the weight of the last token).
    pub(crate) tokens: u64,
    /// Where the scan stopped.
    pub(crate) end: usize,
}

/// Count the tokens of `b` from `pos`. With `one_value`, stop after the
/// first complete value (what lopdf parses after an object header), or at
/// a token no PDF object can hold (a keyword other than `true`, `false`,
/// `null`, `R`; a stray `)`, `>` or brace), where lopdf's parser fails.
/// The scan also stops once more than `max_tokens` tokens were seen or
/// `max_bytes` bytes were passed.
pub(crate) fn scan(
    b: &[u8],
    pos: usize,
    one_value: bool,
    max_tokens: u64,
    max_bytes: usize,
) -> Count {
    let stop = pos.saturating_add(max_bytes).min(b.len());
    let mut i = pos;
    let mut tokens = 0u64;
    let mut depth = 0usize;
    while i < stop && tokens <= max_tokens {
        let c = b[i];
        if is_whitespace(c) {
            i += 1;
            continue;
        }
        if c == b'%' {
            // A comment, to the end of the line.
            i = b[i..stop]
                .iter()
                .position(|&c| c == b'\n' || c == b'\r')
                .map_or(stop, |k| i + k);
            continue;
        }
        tokens += 1;
        let start = i;
        let mut bad = false;
        match c {
            b'(' => {
                let mut nest = 0usize;
                i += 1;
                while i < stop {
                    match b[i] {
                        b'\\' => i += 1,
                        b'(' => nest += 1,
                        b')' if nest == 0 => break,
                        b')' => nest -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            b'<' if b.get(i + 1) == Some(&b'<') => {
                tokens += OPEN_WEIGHT - 1;
                depth += 1;
                i += 2;
            }
            b'<' => {
                i = memchr::memchr(b'>', &b[i..stop]).map_or(stop, |k| i + k + 1);
            }
            b'>' if b.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 2;
            }
            b'[' => {
                tokens += OPEN_WEIGHT - 1;
                depth += 1;
                i += 1;
            }
            b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'/' => {
                i += 1;
                while i < stop && !is_whitespace(b[i]) && !is_delimiter(b[i]) {
                    i += 1;
                }
            }
            b')' | b'>' | b'{' | b'}' => {
                bad = true;
                i += 1;
            }
            _ => {
                let s = i;
                while i < stop && !is_whitespace(b[i]) && !is_delimiter(b[i]) {
                    i += 1;
                }
                let word = &b[s..i];
                let number = matches!(word[0], b'0'..=b'9' | b'+' | b'-' | b'.');
                bad = !number && !matches!(word, b"true" | b"false" | b"null" | b"R");
            }
        }
        tokens += ((i.min(stop) - start) / BYTES_PER_TOKEN) as u64;
        if one_value && (bad || depth == 0) {
            break;
        }
    }
    Count {
        tokens,
        end: i.min(b.len()),
    }
}

/// Every token of `b` (an object stream's content), up to just past
/// `max_tokens`.
pub(crate) fn count_all(b: &[u8], max_tokens: u64) -> u64 {
    scan(b, 0, false, max_tokens, b.len()).tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &[u8]) -> u64 {
        count_all(s, u64::MAX)
    }

    fn value(s: &[u8]) -> (u64, usize) {
        let c = scan(s, 0, true, u64::MAX, usize::MAX);
        (c.tokens, c.end)
    }

    #[test]
    fn numbers_names_keywords_and_delimiters() {
        assert_eq!(all(b""), 0);
        assert_eq!(all(b"  \r\n\t\x0c\0 "), 0);
        assert_eq!(all(b"0 1.5 -2 +.3 true null"), 6);
        assert_eq!(all(b"/Name/Other#20x /"), 3);
        assert_eq!(all(b"[0 0 0]"), 8);
        assert_eq!(all(b"[[]]"), 10);
        assert_eq!(all(b"<</A 1/B[2 3 R]>>"), 16);
        assert_eq!(all(b"{ } ) >"), 4);
    }

    #[test]
    fn long_tokens_count_by_their_bytes() {
        let n = BYTES_PER_TOKEN * 100;
        let lit = [b"(".to_vec(), vec![b'a'; n - 2], b")".to_vec()].concat();
        assert_eq!(all(&lit), 101);
        let hex = [b"<".to_vec(), vec![b'0'; n - 2], b">".to_vec()].concat();
        assert_eq!(all(&hex), 101);
        let name = [b"/".to_vec(), vec![b'n'; n - 1]].concat();
        assert_eq!(all(&name), 101);
        // Just short of one more.
        assert_eq!(all(&[b'7'; BYTES_PER_TOKEN - 1]), 1);
        assert_eq!(all(&[b'7'; BYTES_PER_TOKEN]), 2);
    }

    #[test]
    fn strings_are_one_token() {
        assert_eq!(all(b"(a (nested (deeply)) string)"), 1);
        assert_eq!(all(b"(escaped \\) paren \\( and \\\\) 1"), 2);
        assert_eq!(all(b"(unbalanced \\( ) 0"), 2);
        assert_eq!(all(b"(% not a comment) 0"), 2);
        assert_eq!(all(b"<48 65 6C> <> 0"), 3);
        assert_eq!(all(b"(never closed [0 0 0"), 1);
        assert_eq!(all(b"<4 0 0 0"), 1);
    }

    #[test]
    fn comments_are_no_tokens() {
        assert_eq!(all(b"% a comment [0 0 0\n1 %x\r2"), 2);
        assert_eq!(all(b"%%EOF"), 0);
    }

    #[test]
    fn one_value_stops_where_lopdf_does() {
        // A dictionary followed by stream data: the data are never read.
        let s = b"<< /Length 9 >>\nstream\n[0 0 0 0]\nendstream";
        assert_eq!(value(s), (7, 15));
        // An array; what follows (endobj, the next object) is not counted.
        assert_eq!(value(b"[0 (x) <00>] endobj 2 0 obj [0 0]"), (8, 12));
        assert_eq!(value(b"42 endobj"), (1, 2));
        // A keyword no object holds: lopdf fails there.
        assert_eq!(value(b"[0 0 obj [0 0 0 0]]").0, 7);
        assert_eq!(value(b"[0 } 0]").0, 6);
        // Deep nesting costs nothing but a counter.
        let deep = [vec![b'['; 1 << 20], vec![b']'; 1 << 20]].concat();
        assert_eq!(value(&deep), (5 << 20, 2 << 20));
    }

    #[test]
    fn caps_end_the_scan() {
        let zeros = b"0 ".repeat(1000);
        assert_eq!(count_all(&zeros, 10), 11);
        let c = scan(&zeros, 0, false, u64::MAX, 100);
        assert_eq!((c.tokens, c.end), (50, 100));
        // Never past the end, whatever the caps.
        let c = scan(b"(abc", 0, false, u64::MAX, usize::MAX);
        assert_eq!((c.tokens, c.end), (1, 4));
        let c = scan(b"[0", 5, true, u64::MAX, usize::MAX);
        assert_eq!((c.tokens, c.end), (0, 2));
    }
}
