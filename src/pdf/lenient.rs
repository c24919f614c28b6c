//! Reading objects whose syntax is damaged, the way poppler does.
//!
//! lopdf drops an object whose text does not parse: one flipped byte in a
//! page dictionary (`/MediaBox x0 0 842 595]`) loses the whole page. poppler
//! instead parses what it can — a dictionary key that is not a name, a
//! stray `]` or an unknown keyword is skipped with an error, and the rest of
//! the dictionary is kept. [`recover_missing`] does the same for every
//! object the file's `N G obj` headers name but the loaded document lacks:
//! each is parsed leniently from its header up to the next object's header
//! (so the work is linear in the file's size) and added to the document.
//! What was skipped is counted, and the caller turns it into a warning.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, Stream, StringFormat};

use super::syntax::{hex_val, is_delimiter, is_whitespace, Parser};

/// Deepest nesting of arrays and dictionaries followed.
const MAX_DEPTH: usize = 64;

/// Objects added to the document, and the tokens skipped to read them.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Recovered {
    pub(crate) objects: Vec<u32>,
    pub(crate) skipped: usize,
}

/// Parse leniently each object of `headers` (number → (generation, offset
/// of its header in `bytes`)) that `doc` lacks, and add it. Streams take
/// their data from the file; their total is held to the file's size.
pub(crate) fn recover_missing(
    doc: &mut lopdf::Document,
    bytes: &[u8],
    headers: &BTreeMap<u32, (u16, usize)>,
) -> Recovered {
    let mut ends: Vec<usize> = headers.values().map(|&(_, off)| off).collect();
    ends.sort_unstable();
    let present: std::collections::HashSet<u32> = doc.objects.keys().map(|id| id.0).collect();
    let mut out = Recovered::default();
    let mut stream_bytes = 0usize;
    for (&num, &(gen, off)) in headers {
        if present.contains(&num) {
            continue;
        }
        let next = ends.partition_point(|&e| e <= off);
        let end = ends
            .get(next)
            .copied()
            .unwrap_or(bytes.len())
            .min(bytes.len());
        let Some(region) = bytes.get(off..end) else {
            continue;
        };
        let mut p = Lenient::new(region);
        let Some(obj) = p.indirect() else {
            continue;
        };
        if let Object::Stream(s) = &obj {
            stream_bytes = stream_bytes.saturating_add(s.content.len());
            if stream_bytes > bytes.len() {
                break;
            }
        }
        out.skipped += p.skipped;
        out.objects.push(num);
        doc.objects.insert((num, gen), obj);
        doc.max_id = doc.max_id.max(num);
    }
    out
}

enum Tok {
    Obj(Object),
    DictEnd,
    ArrayEnd,
    /// Something that is not an object here; skipped.
    Junk,
    Eof,
}

/// The object parser: the cursor of `syntax.rs` (white space, comments,
/// keywords) with lenient rules for what it finds.
struct Lenient<'a> {
    b: &'a [u8],
    cur: Parser<'a>,
    skipped: usize,
}

impl<'a> Lenient<'a> {
    fn new(b: &'a [u8]) -> Self {
        Lenient {
            b,
            cur: Parser::new(b, 0),
            skipped: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.cur.peek()
    }

    fn at(&self, kw: &[u8]) -> bool {
        self.cur.at(kw)
    }

    fn skip_space(&mut self) {
        self.cur.skip_space();
    }

    /// A regular token (keyword or number text) at the cursor.
    fn word(&mut self) -> &'a [u8] {
        let s = self.cur.pos;
        while self
            .peek()
            .is_some_and(|c| !is_whitespace(c) && !is_delimiter(c))
        {
            self.cur.pos += 1;
        }
        &self.b[s..self.cur.pos]
    }

    /// `N G obj <value> [stream … endstream]`.
    fn indirect(&mut self) -> Option<Object> {
        self.skip_space();
        self.word();
        self.skip_space();
        self.word();
        self.skip_space();
        if !self.at(b"obj") {
            return None;
        }
        self.cur.pos += 3;
        let obj = match self.token(0) {
            Tok::Obj(o) => o,
            _ => return None,
        };
        match obj {
            Object::Dictionary(d) => Some(self.stream_after(d)),
            o => Some(o),
        }
    }

    /// The dictionary, or a stream when `stream` follows it.
    fn stream_after(&mut self, dict: Dictionary) -> Object {
        self.skip_space();
        if !self.at(b"stream") {
            return Object::Dictionary(dict);
        }
        self.cur.pos += b"stream".len();
        if self.at(b"\r\n") {
            self.cur.pos += 2;
        } else if self.at(b"\n") || self.at(b"\r") {
            self.cur.pos += 1;
        }
        let start = self.cur.pos;
        let rest = &self.b[start..];
        let by_length = match dict.get(b"Length") {
            Ok(Object::Integer(n)) => usize::try_from(*n).ok().filter(|&n| {
                rest.get(n..).is_some_and(|after| {
                    let k = after.iter().take_while(|c| is_whitespace(**c)).count();
                    after[k..].starts_with(b"endstream")
                })
            }),
            _ => None,
        };
        let len = by_length.unwrap_or_else(|| {
            let mut n = memchr::memmem::find(rest, b"endstream").unwrap_or(rest.len());
            if rest[..n].ends_with(b"\r\n") {
                n -= 2;
            } else if rest[..n].ends_with(b"\n") || rest[..n].ends_with(b"\r") {
                n -= 1;
            }
            n
        });
        Object::Stream(Stream::new(dict, rest[..len].to_vec()))
    }

    fn token(&mut self, depth: usize) -> Tok {
        self.skip_space();
        let Some(c) = self.peek() else {
            return Tok::Eof;
        };
        match c {
            b'<' if self.at(b"<<") => {
                self.cur.pos += 2;
                if depth >= MAX_DEPTH {
                    return Tok::Junk;
                }
                Tok::Obj(Object::Dictionary(self.dict(depth + 1)))
            }
            b'>' if self.at(b">>") => {
                self.cur.pos += 2;
                Tok::DictEnd
            }
            b'<' => {
                self.cur.pos += 1;
                Tok::Obj(self.hex())
            }
            b'[' => {
                self.cur.pos += 1;
                if depth >= MAX_DEPTH {
                    return Tok::Junk;
                }
                Tok::Obj(Object::Array(self.array(depth + 1)))
            }
            b']' => {
                self.cur.pos += 1;
                Tok::ArrayEnd
            }
            b'(' => {
                self.cur.pos += 1;
                Tok::Obj(self.literal())
            }
            b'/' => {
                self.cur.pos += 1;
                Tok::Obj(Object::Name(self.name()))
            }
            b')' | b'>' | b'{' | b'}' => {
                self.cur.pos += 1;
                Tok::Junk
            }
            _ => self.keyword_or_number(),
        }
    }

    fn keyword_or_number(&mut self) -> Tok {
        let w = self.word();
        if w.is_empty() {
            self.cur.pos += 1;
            return Tok::Junk;
        }
        match w {
            b"true" => return Tok::Obj(Object::Boolean(true)),
            b"false" => return Tok::Obj(Object::Boolean(false)),
            b"null" => return Tok::Obj(Object::Null),
            _ => {}
        }
        let Ok(s) = std::str::from_utf8(w) else {
            return Tok::Junk;
        };
        if let Ok(i) = s.parse::<i64>() {
            return Tok::Obj(self.reference_after(i).unwrap_or(Object::Integer(i)));
        }
        match s.parse::<f32>() {
            Ok(r) if r.is_finite() && s.bytes().all(|c| b"+-.0123456789".contains(&c)) => {
                Tok::Obj(Object::Real(r))
            }
            _ => Tok::Junk,
        }
    }

    /// `G R` after the integer `num`, or `None` with the cursor unmoved.
    fn reference_after(&mut self, num: i64) -> Option<Object> {
        let save = self.cur.pos;
        let found = (|| {
            self.skip_space();
            let gen: u16 = std::str::from_utf8(self.word()).ok()?.parse().ok()?;
            self.skip_space();
            if self.word() != b"R" {
                return None;
            }
            Some(Object::Reference((u32::try_from(num).ok()?, gen)))
        })();
        if found.is_none() {
            self.cur.pos = save;
        }
        found
    }

    fn dict(&mut self, depth: usize) -> Dictionary {
        let mut d = Dictionary::new();
        loop {
            match self.token(depth) {
                Tok::DictEnd => return d,
                Tok::Eof => {
                    self.skipped += 1;
                    return d;
                }
                Tok::Obj(Object::Name(key)) => match self.token(depth) {
                    Tok::Obj(v) => d.set(key, v),
                    Tok::DictEnd => {
                        self.skipped += 1;
                        return d;
                    }
                    Tok::Eof => {
                        self.skipped += 1;
                        return d;
                    }
                    // A damaged value drops its key, as poppler's
                    // unusable value does.
                    Tok::Junk | Tok::ArrayEnd => self.skipped += 1,
                },
                _ => self.skipped += 1,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Vec<Object> {
        let mut a = Vec::new();
        loop {
            match self.token(depth) {
                Tok::ArrayEnd => return a,
                Tok::Obj(o) => a.push(o),
                Tok::Junk => self.skipped += 1,
                // An unclosed array inside a dictionary: give the `>>`
                // back so the dictionary ends too.
                Tok::DictEnd => {
                    self.cur.pos -= 2;
                    self.skipped += 1;
                    return a;
                }
                Tok::Eof => {
                    self.skipped += 1;
                    return a;
                }
            }
        }
    }

    fn name(&mut self) -> Vec<u8> {
        let raw = self.word();
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'#' {
                if let (Some(h), Some(l)) = (
                    raw.get(i + 1).and_then(|c| hex_val(*c)),
                    raw.get(i + 2).and_then(|c| hex_val(*c)),
                ) {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
            }
            out.push(raw[i]);
            i += 1;
        }
        out
    }

    fn hex(&mut self) -> Object {
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        while let Some(c) = self.peek() {
            self.cur.pos += 1;
            if c == b'>' {
                break;
            }
            let Some(v) = hex_val(c) else {
                if !is_whitespace(c) {
                    self.skipped += 1;
                }
                continue;
            };
            match hi.take() {
                Some(h) => out.push(h << 4 | v),
                None => hi = Some(v),
            }
        }
        if let Some(h) = hi {
            out.push(h << 4);
        }
        Object::String(out, StringFormat::Hexadecimal)
    }

    fn literal(&mut self) -> Object {
        let mut out = Vec::new();
        let mut open = 1usize;
        while let Some(c) = self.peek() {
            self.cur.pos += 1;
            match c {
                b'(' => {
                    open += 1;
                    out.push(c);
                }
                b')' => {
                    open -= 1;
                    if open == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\\' => self.escape(&mut out),
                _ => out.push(c),
            }
        }
        Object::String(out, StringFormat::Literal)
    }

    fn escape(&mut self, out: &mut Vec<u8>) {
        let Some(c) = self.peek() else {
            return;
        };
        self.cur.pos += 1;
        match c {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'\r' => {
                if self.peek() == Some(b'\n') {
                    self.cur.pos += 1;
                }
            }
            b'\n' => {}
            b'0'..=b'7' => {
                let mut v = u32::from(c - b'0');
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            self.cur.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xff) as u8);
            }
            other => out.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &[u8]) -> (Option<Object>, usize) {
        let mut p = Lenient::new(s);
        let o = p.indirect();
        (o, p.skipped)
    }

    #[test]
    fn a_damaged_value_drops_its_key_and_keeps_the_rest() {
        let (o, skipped) =
            parse(b"3 0 obj\n<< /Type /Page /MediaBox x0 0 842 595] /Contents 4 0 R >>\nendobj");
        let Some(Object::Dictionary(d)) = o else {
            panic!("not a dictionary: {o:?}");
        };
        assert!(d.get(b"MediaBox").is_err());
        assert_eq!(d.get(b"Type").ok(), Some(&Object::Name(b"Page".to_vec())));
        assert_eq!(d.get(b"Contents").ok(), Some(&Object::Reference((4, 0))));
        assert_eq!(skipped, 5, "x0, 0, 842, 595 and ]");
    }

    #[test]
    fn strings_names_arrays_and_nesting() {
        let (o, skipped) = parse(
            b"1 0 obj << /A [1 2.5 -3 (a\\(b\\)\\101) <48 49> /N#41me true null] /D << /K 7 0 R >> >> endobj",
        );
        assert_eq!(skipped, 0);
        let Some(Object::Dictionary(d)) = o else {
            panic!("not a dictionary");
        };
        let Ok(Object::Array(a)) = d.get(b"A") else {
            panic!("no array");
        };
        assert_eq!(a[0], Object::Integer(1));
        assert_eq!(a[1], Object::Real(2.5));
        assert_eq!(
            a[3],
            Object::String(b"a(b)A".to_vec(), StringFormat::Literal)
        );
        assert_eq!(
            a[4],
            Object::String(b"HI".to_vec(), StringFormat::Hexadecimal)
        );
        assert_eq!(a[5], Object::Name(b"NAme".to_vec()));
        let Ok(Object::Dictionary(inner)) = d.get(b"D") else {
            panic!("no inner dictionary");
        };
        assert_eq!(inner.get(b"K").ok(), Some(&Object::Reference((7, 0))));
    }

    #[test]
    fn streams_by_length_or_by_endstream() {
        let (o, _) = parse(b"5 0 obj << /Length 5 >> stream\nHELLO\nendstream endobj");
        let Some(Object::Stream(s)) = o else {
            panic!("not a stream");
        };
        assert_eq!(s.content, b"HELLO");
        // A wrong /Length: the data run to `endstream`.
        let (o, _) = parse(b"5 0 obj << /Length 99 >> stream\r\nBT ET\r\nendstream endobj");
        let Some(Object::Stream(s)) = o else {
            panic!("not a stream");
        };
        assert_eq!(s.content, b"BT ET");
    }

    #[test]
    fn unclosed_and_cut_input_never_panics() {
        for s in [
            &b"1 0 obj << /A [1 2 >> endobj"[..],
            b"1 0 obj << /A",
            b"1 0 obj [[[[",
            b"1 0 obj (abc\\",
            b"1 0 obj <4",
            b"1 0 ob",
            b"",
        ] {
            let _ = parse(s);
        }
        let deep = [b"1 0 obj ".as_slice(), &[b'['; 500]].concat();
        assert!(matches!(parse(&deep).0, Some(Object::Array(_))));
    }
}
