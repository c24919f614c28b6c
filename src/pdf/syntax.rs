//! A small reader of PDF object syntax (ISO 32000-1 §7.3), for the parts of
//! a file tassei reads before `lopdf` does: cross-reference sections and
//! their trailers, object headers, and the objects inside object streams.
//!
//! It follows lopdf's grammar (names decode `#xx`, comments count as white
//! space, literal strings nest and escape, `N G R` is a reference) but is
//! more lenient where lopdf fails (a `#` not followed by two hex digits, a
//! key without a value, an integer too large for `i64`), so it never
//! misses what lopdf would read. It is bounded: arrays, dictionaries and
//! parentheses in strings nest at most [`MAX_DEPTH`] deep, at most
//! [`MAX_KEPT`]
//! values of one parse are kept (the rest are skipped, [`Value::Dropped`]),
//! and it never indexes out of range.

mod objects;
#[cfg(test)]
mod tests;

/// Deepest nesting of arrays, dictionaries and parentheses in strings: a
/// little more than lopdf's (`MAX_NESTING_DEPTH`, `MAX_BRACKET`: 100), so
/// whatever lopdf parses this parses too.
pub(crate) const MAX_DEPTH: usize = 128;

/// Most values kept by one [`Parser`]; later ones are skipped (their extent
/// is still found) so a huge array cannot make tassei allocate.
pub(crate) const MAX_KEPT: usize = 1 << 16;

/// Longest name kept, in bytes (longer names are cut; none that tassei
/// looks for is anywhere near this long).
const MAX_NAME: usize = 256;

/// A parsed PDF object. Strings are not kept (only their extent matters).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    /// A name with `#xx` escapes decoded, without the `/`.
    Name(Vec<u8>),
    Str,
    Ref(u32, u16),
    Array(Vec<Value>),
    Dict(Dict),
    /// A value past [`MAX_KEPT`], or inside a skipped object.
    Dropped,
}

impl Value {
    pub(crate) fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub(crate) fn as_name(&self) -> Option<&[u8]> {
        match self {
            Value::Name(n) => Some(n),
            _ => None,
        }
    }
}

/// A dictionary: keys (decoded names), values and the byte range of each
/// value in the input.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Dict {
    entries: Vec<(Vec<u8>, Value, (usize, usize))>,
}

impl Dict {
    fn entry(&self, key: &[u8]) -> Option<&(Vec<u8>, Value, (usize, usize))> {
        // A repeated key: the last one counts (as lopdf's `Dictionary::set`).
        self.entries.iter().rev().find(|e| e.0 == key)
    }

    pub(crate) fn get(&self, key: &[u8]) -> Option<&Value> {
        self.entry(key).map(|e| &e.1)
    }

    /// The byte range of the value of `key` in the parsed input.
    pub(crate) fn span(&self, key: &[u8]) -> Option<(usize, usize)> {
        self.entry(key).map(|e| e.2)
    }

    pub(crate) fn int(&self, key: &[u8]) -> Option<i64> {
        self.get(key).and_then(Value::as_int)
    }

    #[cfg(test)]
    pub(crate) fn name(&self, key: &[u8]) -> Option<&[u8]> {
        self.get(key).and_then(Value::as_name)
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// PDF white space (ISO 32000-1, 7.2.2): the character classes every PDF
/// reader in tassei shares (`lexer.rs`, `tokens.rs`, `repair.rs`, `cmap.rs`).
#[inline]
pub(crate) fn is_whitespace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0 | 0x0C)
}

/// PDF delimiter characters.
#[inline]
pub(crate) fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_whitespace(c) && !is_delimiter(c)
}

/// The value of a hex digit.
#[inline]
pub(crate) fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// A cursor over PDF bytes.
pub(crate) struct Parser<'a> {
    b: &'a [u8],
    /// The next byte to read.
    pub(crate) pos: usize,
    kept: usize,
    scratch: Vec<u8>,
    /// Values read so far (kept or not), a measure of what lopdf would
    /// allocate for the same bytes.
    pub(crate) values: usize,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(b: &'a [u8], pos: usize) -> Parser<'a> {
        Parser {
            b,
            pos,
            kept: 0,
            scratch: Vec::new(),
            values: 0,
        }
    }

    /// The byte at the cursor.
    pub(crate) fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn peek_at(&self, k: usize) -> Option<u8> {
        self.b.get(self.pos.checked_add(k)?).copied()
    }

    /// Whether the input continues with `kw` at the cursor.
    pub(crate) fn at(&self, kw: &[u8]) -> bool {
        self.b.get(self.pos..).is_some_and(|r| r.starts_with(kw))
    }

    /// Skip white space and comments.
    pub(crate) fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            if is_whitespace(c) {
                self.pos += 1;
            } else if c == b'%' {
                while self.peek().is_some_and(|c| c != b'\n' && c != b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// Skip white space (not comments) and return where it ends.
    pub(crate) fn white_space_end(&self, from: usize) -> usize {
        let mut i = from;
        while self.b.get(i).is_some_and(|&c| is_whitespace(c)) {
            i += 1;
        }
        i
    }

    /// Skip white space and comments, but not past `limit`: `false` when
    /// the limit was reached first.
    pub(crate) fn skip_space_within(&mut self, limit: usize) -> bool {
        let stop = self.pos.saturating_add(limit);
        while let Some(c) = self.peek() {
            if self.pos > stop {
                return false;
            }
            if is_whitespace(c) {
                self.pos += 1;
            } else if c == b'%' {
                while self.peek().is_some_and(|c| c != b'\n' && c != b'\r') {
                    if self.pos > stop {
                        return false;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
        true
    }

    /// Consume `kw` if the input continues with it.
    pub(crate) fn eat(&mut self, kw: &[u8]) -> bool {
        if self.at(kw) {
            self.pos += kw.len();
            true
        } else {
            false
        }
    }

    /// An unsigned decimal integer (no sign) of at most 32 digits that
    /// fits `u64`.
    pub(crate) fn unsigned(&mut self) -> Option<u64> {
        let start = self.pos;
        let mut v: u64 = 0;
        while let Some(c) = self.peek().filter(u8::is_ascii_digit) {
            if self.pos - start >= 32 {
                return None;
            }
            v = v.checked_mul(10)?.checked_add((c - b'0') as u64)?;
            self.pos += 1;
        }
        (self.pos > start).then_some(v)
    }

    /// A signed integer (`[+-]?digits`), for `startxref` and the like.
    pub(crate) fn integer(&mut self) -> Option<i64> {
        let save = self.pos;
        let neg = match self.peek() {
            Some(b'-') => {
                self.pos += 1;
                true
            }
            Some(b'+') => {
                self.pos += 1;
                false
            }
            _ => false,
        };
        let Some(v) = self.unsigned().and_then(|v| i64::try_from(v).ok()) else {
            self.pos = save;
            return None;
        };
        Some(if neg { -v } else { v })
    }

    /// The header of an indirect object, `N G obj`, after white space and
    /// comments (at most `max_space` bytes of them). Leaves the cursor
    /// after `obj`.
    pub(crate) fn object_header(&mut self, max_space: usize) -> Option<(u32, u16)> {
        if !self.skip_space_within(max_space) {
            return None;
        }
        let num = u32::try_from(self.unsigned()?).ok()?;
        if !self.skip_space_within(max_space) {
            return None;
        }
        let gen = u16::try_from(self.unsigned()?).ok()?;
        if !self.skip_space_within(max_space) {
            return None;
        }
        self.eat(b"obj").then_some((num, gen))
    }

    /// One object, after white space and comments; `None` when the bytes
    /// are not an object. The cursor ends after the object.
    pub(crate) fn object(&mut self) -> Option<Value> {
        self.skip_space();
        self.value(0, true)
    }

    /// A dictionary (after white space and comments) keeping only its entry
    /// `key`; values that are arrays or dictionaries are skipped, so the
    /// entry is kept whatever precedes it.
    pub(crate) fn top_dict_entry(&mut self, key: &[u8]) -> Option<Dict> {
        self.skip_space();
        if !self.at(b"<<") {
            return None;
        }
        self.values += 1;
        self.dict(1, true, Some(Some(key)))
    }

    /// Skip one object (after white space and comments) without keeping
    /// it; `false` when the bytes are not an object.
    pub(crate) fn skip_object(&mut self) -> bool {
        self.skip_space();
        self.value(0, false).is_some()
    }

    /// After a stream dictionary: `stream` and its end of line; returns
    /// where the data starts (lopdf: `space "stream" [ \t]* eol`).
    pub(crate) fn stream_keyword(&mut self) -> Option<usize> {
        self.skip_space();
        if !self.eat(b"stream") {
            return None;
        }
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        if !(self.eat(b"\r\n") || self.eat(b"\n") || self.eat(b"\r")) {
            return None;
        }
        Some(self.pos)
    }
}

/// An indirect object at `at`: its id, its value and, for a stream, where
/// the stream's data starts. `max_space` bounds the white space and
/// comments before the header.
pub(crate) fn indirect_object(
    b: &[u8],
    at: usize,
    max_space: usize,
) -> Option<((u32, u16), Value, Option<usize>)> {
    let mut p = Parser::new(b, at);
    let id = p.object_header(max_space)?;
    let v = p.object()?;
    let data = match v {
        Value::Dict(_) => p.stream_keyword(),
        _ => None,
    };
    Some((id, v, data))
}
