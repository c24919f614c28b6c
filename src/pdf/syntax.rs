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

    fn value(&mut self, depth: usize, keep: bool) -> Option<Value> {
        self.values += 1;
        let keep = keep && self.kept < MAX_KEPT;
        if keep {
            self.kept += 1;
        }
        let v = match self.peek()? {
            b'/' => {
                let n = self.name(keep);
                if keep {
                    Value::Name(n)
                } else {
                    Value::Dropped
                }
            }
            b'(' => {
                self.literal()?;
                Value::Str
            }
            b'<' if self.peek_at(1) == Some(b'<') => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                let d = self.dict(depth + 1, keep, None)?;
                if keep {
                    Value::Dict(d)
                } else {
                    Value::Dropped
                }
            }
            b'<' => {
                self.hex()?;
                Value::Str
            }
            b'[' => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.eat(b"]") {
                        break;
                    }
                    let item = self.value(depth + 1, keep)?;
                    if keep && item != Value::Dropped {
                        items.push(item);
                    }
                }
                if keep {
                    Value::Array(items)
                } else {
                    Value::Dropped
                }
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number()?,
            _ => {
                if self.eat(b"true") {
                    Value::Bool(true)
                } else if self.eat(b"false") {
                    Value::Bool(false)
                } else if self.eat(b"null") {
                    Value::Null
                } else {
                    return None;
                }
            }
        };
        Some(if keep { v } else { Value::Dropped })
    }

    /// A name (cursor at `/`): `#xx` decoded, a `#` without two hex digits
    /// kept as is.
    fn name(&mut self, keep: bool) -> Vec<u8> {
        self.name_scratch(keep);
        if keep {
            self.scratch.clone()
        } else {
            Vec::new()
        }
    }

    /// A name into `self.scratch` (cleared first; left empty unless `keep`).
    fn name_scratch(&mut self, keep: bool) {
        self.pos += 1;
        self.scratch.clear();
        while let Some(c) = self.peek().filter(|&c| is_regular(c)) {
            let mut byte = c;
            self.pos += 1;
            if c == b'#' {
                if let (Some(h), Some(l)) = (
                    self.peek().and_then(hex_val),
                    self.peek_at(1).and_then(hex_val),
                ) {
                    byte = h << 4 | l;
                    self.pos += 2;
                }
            }
            if keep && self.scratch.len() < MAX_NAME {
                self.scratch.push(byte);
            }
        }
    }

    /// `[+-]? (digits ['.' digits] | '.' digits)`, or a reference `N G R`
    /// when an unsigned integer is followed by one.
    fn number(&mut self) -> Option<Value> {
        let start = self.pos;
        let signed = matches!(self.peek(), Some(b'+' | b'-'));
        if signed {
            self.pos += 1;
        }
        let int_start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let int_digits = self.pos - int_start;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            let frac_start = self.pos;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1;
            }
            if int_digits == 0 && self.pos == frac_start {
                return None;
            }
            let text = std::str::from_utf8(self.b.get(start..self.pos)?).ok()?;
            return Some(Value::Real(text.parse().unwrap_or(0.0)));
        }
        if int_digits == 0 {
            return None;
        }
        let digits = self.b.get(int_start..self.pos)?;
        let mut v: i64 = 0;
        for &d in digits {
            match v
                .checked_mul(10)
                .and_then(|v| v.checked_add((d - b'0') as i64))
            {
                Some(n) => v = n,
                None => {
                    // Too large for i64: lopdf fails here; a real keeps going.
                    let text = std::str::from_utf8(self.b.get(start..self.pos)?).ok()?;
                    return Some(Value::Real(text.parse().unwrap_or(0.0)));
                }
            }
        }
        if self.b.get(start) == Some(&b'-') {
            v = -v;
        }
        if !signed {
            if let Some(r) = self.reference(v) {
                return Some(r);
            }
        }
        Some(Value::Int(v))
    }

    /// After an unsigned integer `num`: ` G R` makes it a reference.
    fn reference(&mut self, num: i64) -> Option<Value> {
        let num = u32::try_from(num).ok()?;
        let save = self.pos;
        self.skip_space();
        let r = (|| {
            let gen = u16::try_from(self.unsigned()?).ok()?;
            self.skip_space();
            self.eat(b"R").then_some(Value::Ref(num, gen))
        })();
        if r.is_none() {
            self.pos = save;
        }
        r
    }

    /// A literal string (cursor at `(`): balanced parentheses, `\` escapes.
    fn literal(&mut self) -> Option<()> {
        self.pos += 1;
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'\\' => {
                    self.peek_at(1)?;
                    self.pos += 2;
                }
                b'(' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return None;
                    }
                    self.pos += 1;
                }
                b')' => {
                    self.pos += 1;
                    if depth == 0 {
                        return Some(());
                    }
                    depth -= 1;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// A hex string (cursor at `<`), up to `>`.
    fn hex(&mut self) -> Option<()> {
        self.pos += 1;
        let len = memchr::memchr(b'>', self.b.get(self.pos..)?)?;
        self.pos += len + 1;
        Some(())
    }

    /// A dictionary (cursor at `<<`). `shallow`: values that are arrays or
    /// dictionaries are skipped, and with `Some(key)` only that entry is
    /// kept.
    fn dict(&mut self, depth: usize, keep: bool, shallow: Option<Option<&[u8]>>) -> Option<Dict> {
        self.pos += 2;
        let mut d = Dict::default();
        loop {
            self.skip_space();
            if self.eat(b">>") {
                return Some(d);
            }
            if self.peek()? != b'/' {
                return None;
            }
            self.values += 1;
            self.name_scratch(keep);
            let keep_entry = keep
                && shallow.is_none_or(|only| only.is_none_or(|k| k == self.scratch.as_slice()));
            let key = if keep_entry {
                self.scratch.clone()
            } else {
                Vec::new()
            };
            self.skip_space();
            let start = self.pos;
            let value = if self.at(b">>") {
                // A key without a value (lopdf fails): null.
                Value::Null
            } else {
                let nested = self.at(b"[") || self.at(b"<<");
                self.value(depth, keep_entry && !(shallow.is_some() && nested))?
            };
            if keep_entry {
                d.entries.push((key, value, (start, self.pos)));
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &[u8]) -> Option<Value> {
        Parser::new(s, 0).object()
    }

    fn dict(s: &[u8]) -> Dict {
        match parse(s) {
            Some(Value::Dict(d)) => d,
            other => panic!("not a dict: {other:?}"),
        }
    }

    #[test]
    fn escaped_names_are_decoded() {
        let d = dict(b"<< /Type /Obj#53tm /Filter /Fl#61teDecode /A#2fB 1 /#54ype /X >>");
        assert_eq!(d.name(b"Filter"), Some(&b"FlateDecode"[..]));
        assert_eq!(d.get(b"A/B"), Some(&Value::Int(1)));
        // "/#54ype" is "/Type" too: the later key wins, as in lopdf.
        assert_eq!(d.name(b"Type"), Some(&b"X"[..]));
        // A '#' without two hex digits stays as it is.
        assert_eq!(parse(b"/a#g1"), Some(Value::Name(b"a#g1".to_vec())));
        assert_eq!(parse(b"/a#4"), Some(Value::Name(b"a#4".to_vec())));
    }

    #[test]
    fn nested_dicts_arrays_and_references() {
        let d = dict(
            b"<</Root 1 0 R/Size 12/W[1 4 2]/DecodeParms<</Columns 5/Predictor 12>>/Index[0 3 10 2]\
              /ID[<0A0B><0C0D>]/N -3.5/M .5/Ok true/No null>>",
        );
        assert_eq!(d.get(b"Root"), Some(&Value::Ref(1, 0)));
        assert_eq!(d.int(b"Size"), Some(12));
        assert_eq!(
            d.get(b"W"),
            Some(&Value::Array(vec![
                Value::Int(1),
                Value::Int(4),
                Value::Int(2)
            ]))
        );
        let Some(Value::Dict(p)) = d.get(b"DecodeParms") else {
            panic!("DecodeParms")
        };
        assert_eq!(p.int(b"Columns"), Some(5));
        assert_eq!(d.get(b"N"), Some(&Value::Real(-3.5)));
        assert_eq!(d.get(b"M"), Some(&Value::Real(0.5)));
        assert_eq!(d.get(b"Ok"), Some(&Value::Bool(true)));
        assert_eq!(d.get(b"No"), Some(&Value::Null));
        assert_eq!(d.len(), 10);
        // "1 2" inside an array is two integers, "1 2 R" one reference.
        assert_eq!(
            parse(b"[1 2 3 0 R -4 5]"),
            Some(Value::Array(vec![
                Value::Int(1),
                Value::Int(2),
                Value::Ref(3, 0),
                Value::Int(-4),
                Value::Int(5)
            ]))
        );
    }

    #[test]
    fn strings_with_parentheses_and_escapes() {
        let src = b"<< /A (a (nested (deep)) \\) \\( \\\\) /B <41 42\n43> /C (>>) /D 7 >>";
        let d = dict(src);
        assert_eq!(d.get(b"A"), Some(&Value::Str));
        assert_eq!(d.get(b"B"), Some(&Value::Str));
        assert_eq!(d.int(b"D"), Some(7));
        // The span of a value is its bytes in the input.
        let (s, e) = d.span(b"C").expect("span");
        assert_eq!(&src[s..e], b"(>>)");
    }

    #[test]
    fn comments_are_white_space() {
        let d = dict(b"<< % a comment with >> and /Keys\n /Prev % here\r 42 /X%c\n/Y >>");
        assert_eq!(d.int(b"Prev"), Some(42));
        assert_eq!(d.name(b"X"), Some(&b"Y"[..]));
        let mut p = Parser::new(b"  % c\n% d\r\n 12 0 % x\n obj <<>>", 0);
        assert_eq!(p.object_header(100), Some((12, 0)));
        // Too much white space before the header.
        let mut p = Parser::new(b"          1 0 obj", 0);
        assert_eq!(p.object_header(4), None);
    }

    #[test]
    fn truncated_and_bad_input_is_refused() {
        for bad in [
            &b"<< /A 1"[..],
            b"<< /A (unclosed",
            b"<< /A <4142",
            b"[1 2",
            b"<< 1 2 >>",
            b"(\\",
            b"",
            b"}",
            b"-",
            b".",
            b"<< /A [ 1 0 R",
        ] {
            assert_eq!(parse(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
        // Never out of range at any cut of a valid object.
        let full = b"<< /A [1 2 0 R (x\\)y) <41>] /B << /C /D#41 >> /E 1.5 >>";
        for cut in 0..full.len() {
            let _ = parse(&full[..cut]);
            let mut p = Parser::new(&full[..cut], 0);
            let _ = p.skip_object();
            assert!(p.pos <= cut);
        }
        assert!(parse(full).is_some());
    }

    #[test]
    fn depth_and_kept_values_are_bounded() {
        let deep = |n: usize| {
            let mut s = vec![b'['; n];
            s.extend(std::iter::repeat_n(b']', n));
            s
        };
        assert!(parse(&deep(MAX_DEPTH)).is_some());
        assert_eq!(parse(&deep(MAX_DEPTH + 1)), None);
        assert_eq!(parse(&deep(100_000)), None);
        // A huge array: its extent is found, only MAX_KEPT values are kept.
        let mut big = b"[".to_vec();
        for _ in 0..MAX_KEPT + 10 {
            big.extend_from_slice(b"0 ");
        }
        big.extend_from_slice(b"] /Next");
        let mut p = Parser::new(&big, 0);
        match p.object() {
            Some(Value::Array(a)) => assert_eq!(a.len(), MAX_KEPT - 1),
            other => panic!("{other:?}"),
        }
        assert!(p.at(b" /Next"));
        assert_eq!(p.values, MAX_KEPT + 11);
    }

    #[test]
    fn one_entry_of_a_dictionary() {
        let mut big = b"<< /A [".to_vec();
        big.extend(std::iter::repeat_n(&b"[0] "[..], MAX_KEPT * 2).flatten());
        big.extend_from_slice(b"] /B << /Length 9 >> /L#65ngth 5 0 R /C (x) >>stream\n");
        let mut p = Parser::new(&big, 0);
        let d = p.top_dict_entry(b"Length").expect("dict");
        assert_eq!(d.len(), 1);
        assert_eq!(d.get(b"Length"), Some(&Value::Ref(5, 0)));
        assert_eq!(p.stream_keyword(), Some(big.len()));
    }

    #[test]
    fn stream_objects() {
        let src = b"%x\n7 0 obj\n<< /Length 3 /Filter /FlateDecode >>\nstream\r\nabc\nendstream";
        let (id, v, data) = indirect_object(src, 0, 100).expect("object");
        assert_eq!(id, (7, 0));
        assert!(matches!(v, Value::Dict(_)));
        assert_eq!(data.map(|d| &src[d..d + 3]), Some(&b"abc"[..]));
        // Not a stream: no data.
        let (_, v, data) = indirect_object(b"1 0 obj 42 endobj", 0, 10).expect("object");
        assert_eq!((v, data), (Value::Int(42), None));
        assert!(indirect_object(b"1 0 ob", 0, 10).is_none());
        assert!(indirect_object(b"99999999999 0 obj 1", 0, 10).is_none());
    }
}
