//! A hand-written content-stream parser for the common case.
//!
//! `lopdf`'s content parser (nom combinators) cost more than half of the
//! PDF stage. [`parse_content`] reads the operand/operator grammar that
//! report producers write — numbers, names, literal and hex strings, flat
//! arrays, operators — and yields exactly the operations
//! `lopdf::content::Content::decode` yields for it (a test checks this on
//! every fixture page). For anything else (comments, dictionaries, inline
//! images, nested arrays, `#` escapes in names, stray bytes, a stream that
//! does not end after an operator) it returns `None` and the caller falls
//! back to lopdf, so behaviour never depends on which parser ran.

use lopdf::content::Operation;
use lopdf::{Object, StringFormat};

/// Parsed operations, stored flat (no allocation per operation): operator
/// names in one string, operands in one vector.
#[derive(Default)]
pub(crate) struct Ops {
    names: String,
    /// (name start, name end, first operand, end of operands)
    ops: Vec<(u32, u32, u32, u32)>,
    args: Vec<Object>,
}

impl Ops {
    fn push(&mut self, name: &str, operands: &mut Vec<Object>) {
        let ns = self.names.len() as u32;
        self.names.push_str(name);
        let a = self.args.len() as u32;
        self.args.append(operands);
        self.ops
            .push((ns, self.names.len() as u32, a, self.args.len() as u32));
    }

    /// The operations, as (operator, operands).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &[Object])> {
        self.ops.iter().map(|&(ns, ne, a, e)| {
            (
                self.names.get(ns as usize..ne as usize).unwrap_or(""),
                self.args.get(a as usize..e as usize).unwrap_or(&[]),
            )
        })
    }

    /// From lopdf's operations (the fallback parser).
    pub(crate) fn from_lopdf(operations: Vec<Operation>) -> Ops {
        let mut ops = Ops::default();
        for mut o in operations {
            ops.push(&o.operator, &mut o.operands);
        }
        ops
    }

    #[cfg(test)]
    fn to_lopdf(&self) -> Vec<Operation> {
        self.iter()
            .map(|(n, a)| Operation::new(n, a.to_vec()))
            .collect()
    }
}

/// Deepest parenthesis nesting inside a literal string handled here.
const MAX_PARENS: usize = 8;

#[inline]
fn is_content_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

#[inline]
fn is_whitespace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | 0 | 0x0C)
}

#[inline]
fn is_delimiter(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

#[inline]
fn is_operator_char(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"')
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
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
    fn number(&mut self) -> Option<Object> {
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
                return Some(Object::Real(v));
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
        Some(Object::Integer(v))
    }

    fn name(&mut self) -> Option<Object> {
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
        Some(Object::Name(self.b[start..self.i].to_vec()))
    }

    fn literal(&mut self) -> Option<Object> {
        self.i += 1; // '('
        let mut out = Vec::new();
        let mut depth = 0usize;
        loop {
            let start = self.i;
            while self
                .peek()
                .is_some_and(|c| !matches!(c, b'(' | b')' | b'\\'))
            {
                self.i += 1;
            }
            out.extend_from_slice(&self.b[start..self.i]);
            match self.peek()? {
                b'(' => {
                    depth += 1;
                    if depth > MAX_PARENS {
                        return None;
                    }
                    out.push(b'(');
                    self.i += 1;
                }
                b')' => {
                    self.i += 1;
                    if depth == 0 {
                        return Some(Object::String(out, StringFormat::Literal));
                    }
                    depth -= 1;
                    out.push(b')');
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
                            out.push(v as u8);
                        }
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.i += 1;
                            }
                        }
                        b'\n' => {}
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0C),
                        other => out.push(other),
                    }
                }
            }
        }
    }

    fn hex(&mut self) -> Option<Object> {
        self.i += 1; // '<'
        let digits = memchr::memchr(b'>', &self.b[self.i..]).unwrap_or(0);
        let mut out = Vec::with_capacity(digits.div_ceil(2));
        let mut high = true;
        loop {
            self.skip_whitespace();
            let c = self.peek()?;
            self.i += 1;
            if c == b'>' {
                return Some(Object::String(out, StringFormat::Hexadecimal));
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
    fn array(&mut self) -> Option<Object> {
        self.i += 1; // '['
        let mut items = Vec::new();
        loop {
            self.skip_whitespace();
            let item = match self.peek()? {
                b']' => {
                    self.i += 1;
                    return Some(Object::Array(items));
                }
                b'(' => self.literal()?,
                b'<' if self.b.get(self.i + 1) != Some(&b'<') => self.hex()?,
                b'/' => self.name()?,
                // "1 0 R" would be a reference: left to lopdf.
                b'+' | b'-' | b'.' | b'0'..=b'9' => self.number_not_reference()?,
                _ => return None,
            };
            items.push(item);
        }
    }
}

impl Lexer<'_> {
    /// A flat dictionary (`<< /MCID 0 >>` of marked content) whose values
    /// are numbers, names or strings.
    fn dict(&mut self) -> Option<Object> {
        self.i += 2; // '<<'
        let mut d = lopdf::Dictionary::new();
        loop {
            self.skip_whitespace();
            match self.peek()? {
                b'>' if self.b.get(self.i + 1) == Some(&b'>') => {
                    self.i += 2;
                    return Some(Object::Dictionary(d));
                }
                b'/' => {}
                _ => return None,
            }
            let Object::Name(key) = self.name()? else {
                return None;
            };
            self.skip_whitespace();
            let value = match self.peek()? {
                b'(' => self.literal()?,
                b'<' if self.b.get(self.i + 1) != Some(&b'<') => self.hex()?,
                b'/' => self.name()?,
                b'+' | b'-' | b'.' | b'0'..=b'9' => self.number_not_reference()?,
                _ => return None,
            };
            d.set(key, value);
        }
    }

    /// A number, or `None` when it may start a reference (`1 0 R`).
    fn number_not_reference(&mut self) -> Option<Object> {
        let n = self.number()?;
        if matches!(n, Object::Integer(_)) {
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
    let mut lx = Lexer { b: bytes, i: 0 };
    let mut ops = Ops {
        names: String::with_capacity(bytes.len() / 8),
        ops: Vec::with_capacity(bytes.len() / 12),
        args: Vec::with_capacity(bytes.len() / 6),
    };
    let mut operands: Vec<Object> = Vec::new();
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
                    || (operands.is_empty() && word.starts_with(b"BI"))
                {
                    return None;
                }
                ops.push(std::str::from_utf8(word).ok()?, &mut operands);
                lx.skip_content_space();
                continue;
            }
            _ => return None,
        };
        operands.push(operand);
        lx.skip_content_space();
    }
    operands.is_empty().then_some(ops)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_lopdf(src: &[u8]) {
        let ours = parse_content(src).map(|o| format!("{:?}", o.to_lopdf()));
        let theirs = lopdf::content::Content::decode(src)
            .ok()
            .map(|c| format!("{:?}", c.operations));
        if let Some(ours) = ours {
            assert_eq!(Some(ours), theirs, "{:?}", String::from_utf8_lossy(src));
        }
    }

    #[test]
    fn agrees_with_lopdf() {
        for src in [
            &b"q 1 0 0 1 72.5 -.5 cm BT /F1 12 Tf (a\\(b\\)c\\\\ \\101\\0612 \\n\\x) Tj ET Q"[..],
            b"[(A) -120 <00 4 1> 3.] TJ 0 0 m 10 0 l S",
            b"  \r\n1 2 3 4 re f* T* 0.5 0 Td 1 0 0 RG 'x' ",
            b"(nested (paren) here) Tj (line\r\nbreak \\\r\nx) Tj",
            b"/Name#20x Tf",
            b"<< /A 1 >> BDC EMC",
            b"/P <</MCID 0 /K (x) /N /Y /R 1.5 >> BDC EMC /Q<</A<3f>/B 2>>BDC",
            b"/P <</A 1 0 R>> BDC",
            b"/P <</A 1 /A 2 /B 3>> BDC",
            b"/P <</A [1]>> BDC",
            b"1 2 3.4.5 Td",
            b"5. 6 Td 12Tj",
            b"% comment\n1 w",
            b"1 2",
            b"<4> Tj <a b c> Tj",
        ] {
            same_as_lopdf(src);
        }
        // Handled here (not left to lopdf):
        assert!(parse_content(b"[(A) -120 <0041>] TJ").is_some());
        assert!(parse_content(b"BT (x\\(y\\)) Tj ET").is_some());
        assert!(parse_content(b"% c\n1 w").is_none());
        assert!(parse_content(b"/P <</MCID 3>> BDC EMC").is_some());
    }

    #[test]
    fn fast_numbers_match_the_standard_parser() {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..200_000 {
            let r = next();
            let int = (r % 100_000_000).to_string();
            let frac = ((r >> 32) % 100_000_000_000).to_string();
            let cut_i = (r >> 8) as usize % (int.len() + 1);
            let cut_f = (r >> 16) as usize % (frac.len() + 1);
            let sign = ["", "-", "+"][(r >> 24) as usize % 3];
            let s = format!("{sign}{}.{}", &int[..cut_i], &frac[..cut_f]);
            let want: Result<f32, _> = s.parse();
            if let (Some(got), Ok(want)) = (fast_real(s.as_bytes()), want) {
                assert_eq!(got.to_bits(), want.to_bits(), "{s}");
            }
            let i = format!("{sign}{}", &int[..cut_i.max(1)]);
            let mut lx = Lexer {
                b: i.as_bytes(),
                i: 0,
            };
            assert_eq!(
                lx.number().map(|o| format!("{o:?}")),
                i.parse::<i64>()
                    .ok()
                    .map(|v| format!("{:?}", Object::Integer(v))),
                "{i}"
            );
        }
        for s in [
            "0.",
            ".5",
            "-.5",
            "+3.",
            "-0.0",
            "1234567.",
            "0.0000000001",
            "841.861",
        ] {
            let want: f32 = s.parse().unwrap_or(f32::NAN);
            assert_eq!(
                fast_real(s.as_bytes()).map(f32::to_bits),
                Some(want.to_bits()),
                "{s}"
            );
        }
        let big = "9223372036854775808";
        let mut lx = Lexer {
            b: big.as_bytes(),
            i: 0,
        };
        assert!(lx.number().is_none());
        let min = "-9223372036854775808";
        let mut lx = Lexer {
            b: min.as_bytes(),
            i: 0,
        };
        assert_eq!(
            format!("{:?}", lx.number()),
            format!("{:?}", Some(Object::Integer(i64::MIN)))
        );
    }

    #[test]
    fn fixture_pages_parse_identically() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/pdf");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut streams = 0;
        for e in entries.flatten() {
            let Ok(doc) = lopdf::Document::load(e.path()) else {
                continue;
            };
            for (_, o) in doc.objects.iter() {
                if let Object::Stream(s) = o {
                    if s.dict.get(b"Subtype").is_ok() || s.dict.get(b"Length1").is_ok() {
                        continue;
                    }
                    if let Ok(data) = s.decompressed_content() {
                        if let Some(ours) = parse_content(&data) {
                            let theirs = lopdf::content::Content::decode(&data)
                                .map(|c| format!("{:?}", c.operations))
                                .ok();
                            if data.starts_with(b"/CIDInit") || data.starts_with(b"%!") {
                                continue;
                            }
                            assert_eq!(Some(format!("{:?}", ours.to_lopdf())), theirs);
                            streams += 1;
                        }
                    }
                }
            }
        }
        // Every page of the Chromium and LibreOffice fixtures (8 each).
        assert!(streams >= 24, "{streams} content streams compared");
    }
}
