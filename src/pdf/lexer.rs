//! A hand-written content-stream parser for the common case.
//!
//! `lopdf`'s content parser (nom combinators) cost more than half of the
//! PDF stage. [`parse_content`] reads the operand/operator grammar that
//! report producers write — numbers, names, literal and hex strings, flat
//! arrays, operators — and yields exactly the operations
//! `lopdf::content::Content::decode` yields for it (a test checks this on
//! every fixture page). For anything else (comments, dictionaries other
//! than flat marked-content ones, inline images, nested arrays, `#` escapes
//! in names, stray bytes, a stream that does not end after an operator) it
//! returns `None` and the caller falls back to lopdf, so behaviour never
//! depends on which parser ran.
//!
//! Operations are held in [`Ops`], in a compact form ([`Operand`]: no
//! allocation or 120-byte `lopdf::Object` per operand); lopdf's operations
//! are converted to it ([`Ops::from_lopdf`]) losslessly.

use super::syntax::{hex_val, is_delimiter, is_whitespace};
use lopdf::content::Operation;
use lopdf::{Object, StringFormat};

mod ops;
#[cfg(test)]
mod tests;

pub(crate) use ops::{Operand, Ops};

/// Deepest parenthesis nesting inside a literal string handled here.
const MAX_PARENS: usize = 8;

#[inline]
fn is_content_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

#[inline]
fn is_operator_char(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"')
}

/// `[+-]? digits '.' digits` (either side may be empty) as `f32`, exactly
/// as `str::parse` gives it, when at most 7 significant digits and 10
/// fraction digits make `mantissa / 10^k` exact in both operands (IEEE
/// division then rounds correctly, like the parser). `None` otherwise.
fn fast_real(s: &[u8]) -> Option<f32> {
    const POW10: [f32; 11] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];
    let (neg, digits) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mut mantissa: u32 = 0;
    let mut frac = 0usize;
    let mut seen_dot = false;
    let mut significant = 0usize;
    for &c in digits {
        match c {
            b'.' if !seen_dot => seen_dot = true,
            b'0'..=b'9' => {
                if mantissa > 0 || c != b'0' {
                    significant += 1;
                }
                mantissa = mantissa * 10 + (c - b'0') as u32;
                if seen_dot {
                    frac += 1;
                }
                if significant > 7 || frac > 10 {
                    return None;
                }
            }
            _ => return None,
        }
    }
    let v = mantissa as f32 / POW10[frac];
    Some(if neg { -v } else { v })
}

struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
    /// What has been read so far.
    ops: Ops,
}

impl<'a> Lexer<'a> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn skip_content_space(&mut self) {
        while self.peek().is_some_and(is_content_space) {
            self.i += 1;
        }
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(is_whitespace) {
            self.i += 1;
        }
    }

    /// `[+-]? (digits '.' digits? | '.' digits | digits)`, as lopdf's
    /// `real` then `integer`.
    fn number(&mut self) -> Option<Operand> {
        let start = self.i;
        let mut j = self.i;
        if matches!(self.b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let int_start = j;
        while self.b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        let int_digits = j - int_start;
        if self.b.get(j) == Some(&b'.') {
            let mut k = j + 1;
            while self.b.get(k).is_some_and(u8::is_ascii_digit) {
                k += 1;
            }
            if int_digits > 0 || k > j + 1 {
                let v = match fast_real(&self.b[start..k]) {
                    Some(v) => v,
                    None => std::str::from_utf8(&self.b[start..k]).ok()?.parse().ok()?,
                };
                self.i = k;
                return Some(Operand::Real(v));
            }
            return None;
        }
        if int_digits == 0 {
            return None;
        }
        let mut v: i64 = 0;
        for &d in &self.b[int_start..j] {
            v = v.checked_mul(10)?.checked_sub((d - b'0') as i64)?;
        }
        if self.b[start] != b'-' {
            v = v.checked_neg()?;
        }
        self.i = j;
        Some(Operand::Int(v))
    }

    /// A name's bytes (without `/`), as written: `#` escapes are left to
    /// lopdf.
    fn name_bytes(&mut self) -> Option<&'a [u8]> {
        self.i += 1; // '/'
        let start = self.i;
        while let Some(c) = self.peek() {
            if c == b'#' {
                return None;
            }
            if is_whitespace(c) || is_delimiter(c) {
                break;
            }
            self.i += 1;
        }
        let b: &'a [u8] = self.b;
        Some(&b[start..self.i])
    }

    fn name(&mut self) -> Option<Operand> {
        let n = self.name_bytes()?;
        let (s, e) = self.ops.push_bytes(n);
        Some(Operand::Name(s, e))
    }

    fn literal(&mut self) -> Option<Operand> {
        self.i += 1; // '('
        let first = self.ops.bytes.len();
        let mut depth = 0usize;
        loop {
            let start = self.i;
            while self
                .peek()
                .is_some_and(|c| !matches!(c, b'(' | b')' | b'\\'))
            {
                self.i += 1;
            }
            self.ops.bytes.extend_from_slice(&self.b[start..self.i]);
            match self.peek()? {
                b'(' => {
                    depth += 1;
                    if depth > MAX_PARENS {
                        return None;
                    }
                    self.ops.bytes.push(b'(');
                    self.i += 1;
                }
                b')' => {
                    self.i += 1;
                    if depth == 0 {
                        return Some(Operand::Str(
                            first as u32,
                            self.ops.bytes.len() as u32,
                            false,
                        ));
                    }
                    depth -= 1;
                    self.ops.bytes.push(b')');
                }
                _ => {
                    // '\\'
                    self.i += 1;
                    let c = self.peek()?;
                    self.i += 1;
                    match c {
                        b'0'..=b'7' => {
                            let mut v = (c - b'0') as u16;
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + (d - b'0') as u16;
                                        self.i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            self.ops.bytes.push(v as u8);
                        }
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.i += 1;
                            }
                        }
                        b'\n' => {}
                        b'n' => self.ops.bytes.push(b'\n'),
                        b'r' => self.ops.bytes.push(b'\r'),
                        b't' => self.ops.bytes.push(b'\t'),
                        b'b' => self.ops.bytes.push(0x08),
                        b'f' => self.ops.bytes.push(0x0C),
                        other => self.ops.bytes.push(other),
                    }
                }
            }
        }
    }

    fn hex(&mut self) -> Option<Operand> {
        self.i += 1; // '<'
        let digits = memchr::memchr(b'>', &self.b[self.i..]).unwrap_or(0);
        let first = self.ops.bytes.len() as u32;
        let out = &mut self.ops.bytes;
        // The common form: pairs of hex digits, no white space.
        let run = &self.b[self.i..self.i + digits];
        if run.len() % 2 == 0 && run.iter().all(u8::is_ascii_hexdigit) {
            out.extend(
                run.chunks_exact(2)
                    .map(|p| hex_val(p[0]).unwrap_or(0) << 4 | hex_val(p[1]).unwrap_or(0)),
            );
            self.i += digits + 1;
            return Some(Operand::Str(first, out.len() as u32, true));
        }
        let mut high = true;
        loop {
            while self.b.get(self.i).is_some_and(|&c| is_whitespace(c)) {
                self.i += 1;
            }
            let c = *self.b.get(self.i)?;
            self.i += 1;
            if c == b'>' {
                return Some(Operand::Str(first, out.len() as u32, true));
            }
            let v = hex_val(c)?;
            if high {
                out.push(v << 4);
            } else if let Some(last) = out.last_mut() {
                *last |= v;
            }
            high = !high;
        }
    }

    /// A flat array of numbers, names and strings.
    fn array(&mut self) -> Option<Operand> {
        self.i += 1; // '['
        let first = self.ops.elems.len() as u32;
        loop {
            self.skip_whitespace();
            let item = match self.peek()? {
                b']' => {
                    self.i += 1;
                    return Some(Operand::Array(first, self.ops.elems.len() as u32));
                }
                b'(' => self.literal()?,
                b'<' if self.b.get(self.i + 1) != Some(&b'<') => self.hex()?,
                b'/' => self.name()?,
                // "1 0 R" would be a reference: left to lopdf.
                b'+' | b'-' | b'.' | b'0'..=b'9' => self.number_not_reference()?,
                _ => return None,
            };
            // Elements never push elements of their own: the range holds.
            self.ops.elems.push(item);
        }
    }
}

impl Lexer<'_> {
    /// A flat dictionary (`<< /MCID 0 >>` of marked content) whose values
    /// are numbers, names or strings.
    fn dict(&mut self) -> Option<Operand> {
        self.i += 2; // '<<'
        let mut d = lopdf::Dictionary::new();
        loop {
            self.skip_whitespace();
            match self.peek()? {
                b'>' if self.b.get(self.i + 1) == Some(&b'>') => {
                    self.i += 2;
                    return Some(self.ops.other(Object::Dictionary(d)));
                }
                b'/' => {}
                _ => return None,
            }
            let key = self.name_bytes()?.to_vec();
            self.skip_whitespace();
            let value = match self.peek()? {
                b'(' => self.literal()?,
                b'<' if self.b.get(self.i + 1) != Some(&b'<') => self.hex()?,
                b'/' => self.name()?,
                b'+' | b'-' | b'.' | b'0'..=b'9' => self.number_not_reference()?,
                _ => return None,
            };
            d.set(key, self.ops.object(&value));
        }
    }

    /// A number, or `None` when it may start a reference (`1 0 R`).
    fn number_not_reference(&mut self) -> Option<Operand> {
        let n = self.number()?;
        if matches!(n, Operand::Int(_)) {
            let save = self.i;
            self.skip_whitespace();
            let next = self.peek();
            self.i = save;
            if next.is_some_and(|c| c.is_ascii_digit()) {
                return None;
            }
        }
        Some(n)
    }
}

/// The operations of a content stream, or `None` when lopdf must parse it.
pub(crate) fn parse_content(bytes: &[u8]) -> Option<Ops> {
    let mut lx = Lexer {
        b: bytes,
        i: 0,
        ops: Ops {
            names: String::with_capacity(bytes.len() / 8),
            ops: Vec::with_capacity(bytes.len() / 12),
            args: Vec::with_capacity(bytes.len() / 6),
            elems: Vec::new(),
            bytes: Vec::with_capacity(bytes.len() / 4),
            others: Vec::new(),
        },
    };
    // The current operation's operands are `args[first..]`.
    let mut first = 0;
    lx.skip_content_space();
    while let Some(c) = lx.peek() {
        let operand = match c {
            b'/' => lx.name()?,
            b'(' => lx.literal()?,
            b'<' if lx.b.get(lx.i + 1) != Some(&b'<') => lx.hex()?,
            b'[' => lx.array()?,
            b'<' => lx.dict()?,
            b'+' | b'-' | b'.' | b'0'..=b'9' => lx.number()?,
            c if is_operator_char(c) => {
                let start = lx.i;
                while lx.peek().is_some_and(is_operator_char) {
                    lx.i += 1;
                }
                let word = &lx.b[start..lx.i];
                if word.starts_with(b"true")
                    || word.starts_with(b"false")
                    || word.starts_with(b"null")
                    || (first == lx.ops.args.len() && word.starts_with(b"BI"))
                {
                    return None;
                }
                lx.ops.push_op(word, first);
                first = lx.ops.args.len();
                lx.skip_content_space();
                continue;
            }
            _ => return None,
        };
        lx.ops.args.push(operand);
        lx.skip_content_space();
    }
    (first == lx.ops.args.len()).then_some(lx.ops)
}
