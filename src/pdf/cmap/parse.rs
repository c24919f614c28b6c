//! A small CMap parser, for ToUnicode maps and embedded encoding CMaps:
//! code space ranges, `bfchar`/`bfrange`, `cidchar`/`cidrange`, `usecmap`
//! and `/WMode`. It never fails: malformed sections are skipped.

use super::*;

/// A parsed CMap: code space, bf mappings (ToUnicode) and CID mappings.
#[derive(Debug, Default)]
pub(crate) struct ParsedCMap {
    pub(crate) codespace: Vec<CodeRange>,
    /// code → Unicode text
    pub(crate) unicode: HashMap<u32, String>,
    pub(crate) cid_ranges: Vec<(u32, u32, u32, usize)>,
    pub(crate) usecmap: Option<String>,
    /// `/WMode 1 def`: vertical writing.
    pub(crate) vertical: bool,
}

impl ParsedCMap {
    pub(crate) fn into_embedded(self) -> EmbeddedCMap {
        EmbeddedCMap {
            codespace: self.codespace,
            cid_ranges: self.cid_ranges,
            parent: self.usecmap,
            vertical: self.vertical,
        }
    }
}

#[derive(Debug)]
enum Tok<'a> {
    Bytes(Vec<u8>),
    Int(i64),
    Name(&'a [u8]),
    Op(&'a [u8]),
    ArrOpen,
    ArrClose,
    Other,
}

fn tokenize(src: &[u8]) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    let mut i = 0;
    while i < src.len() {
        let b = src[i];
        if is_whitespace(b) {
            i += 1;
        } else if b == b'%' {
            while i < src.len() && src[i] != b'\n' && src[i] != b'\r' {
                i += 1;
            }
        } else if (b == b'<' || b == b'>') && src.get(i + 1) == Some(&b) {
            // `<<` / `>>`
            toks.push(Tok::Other);
            i += 2;
        } else if b == b'<' {
            i += 1;
            let mut out = Vec::new();
            let mut hi: Option<u8> = None;
            while i < src.len() && src[i] != b'>' {
                if let Some(v) = hex_val(src[i]) {
                    match hi.take() {
                        None => hi = Some(v),
                        Some(h) => out.push(h << 4 | v),
                    }
                }
                i += 1;
            }
            if let Some(h) = hi {
                out.push(h << 4);
            }
            i += 1;
            toks.push(Tok::Bytes(out));
        } else if b == b'(' {
            i += 1;
            let mut depth = 1;
            let mut out = Vec::new();
            while i < src.len() {
                let c = src[i];
                i += 1;
                match c {
                    b'\\' => {
                        if let Some(&e) = src.get(i) {
                            i += 1;
                            match e {
                                b'n' => out.push(b'\n'),
                                b'r' => out.push(b'\r'),
                                b't' => out.push(b'\t'),
                                b'b' => out.push(8),
                                b'f' => out.push(12),
                                b'0'..=b'7' => {
                                    let mut v = (e - b'0') as u32;
                                    for _ in 0..2 {
                                        match src.get(i) {
                                            Some(&d @ b'0'..=b'7') => {
                                                v = v * 8 + (d - b'0') as u32;
                                                i += 1;
                                            }
                                            _ => break,
                                        }
                                    }
                                    out.push(v as u8);
                                }
                                b'\r' | b'\n' => {}
                                other => out.push(other),
                            }
                        }
                    }
                    b'(' => {
                        depth += 1;
                        out.push(c);
                    }
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                        out.push(c);
                    }
                    _ => out.push(c),
                }
            }
            toks.push(Tok::Bytes(out));
        } else if b == b'[' {
            toks.push(Tok::ArrOpen);
            i += 1;
        } else if b == b']' {
            toks.push(Tok::ArrClose);
            i += 1;
        } else if b == b'/' {
            let start = i + 1;
            i += 1;
            while i < src.len() && !is_whitespace(src[i]) && !is_delimiter(src[i]) {
                i += 1;
            }
            toks.push(Tok::Name(&src[start..i]));
        } else if is_delimiter(b) {
            toks.push(Tok::Other);
            i += 1;
        } else {
            let start = i;
            while i < src.len() && !is_whitespace(src[i]) && !is_delimiter(src[i]) {
                i += 1;
            }
            let word = &src[start..i];
            let tok = match std::str::from_utf8(word)
                .ok()
                .and_then(|s| s.parse::<i64>().ok())
            {
                Some(n) => Tok::Int(n),
                None if word.first().is_some_and(|c| c.is_ascii_alphabetic()) => Tok::Op(word),
                None => Tok::Other,
            };
            toks.push(tok);
        }
    }
    toks
}

fn code_of(bytes: &[u8]) -> Option<(u32, usize)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    Some((
        bytes.iter().fold(0u32, |a, &b| (a << 8) | b as u32),
        bytes.len(),
    ))
}

/// Decode a ToUnicode destination (UTF-16BE), tolerating lone surrogates.
fn utf16be(bytes: &[u8]) -> String {
    let units = bytes.chunks(2).map(|c| {
        if c.len() == 2 {
            (c[0] as u16) << 8 | c[1] as u16
        } else {
            c[0] as u16
        }
    });
    char::decode_utf16(units).filter_map(|r| r.ok()).collect()
}

/// Parse a CMap (ToUnicode or an embedded encoding CMap). Never fails:
/// malformed sections are skipped.
pub(crate) fn parse_cmap(src: &[u8]) -> ParsedCMap {
    let toks = tokenize(src);
    let mut out = ParsedCMap::default();
    let mut entries = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let op = match &toks[i] {
            Tok::Op(op) => *op,
            _ => {
                i += 1;
                continue;
            }
        };
        i += 1;
        match op {
            b"def" => {
                if let (Some(Tok::Name(b"WMode")), Some(Tok::Int(m))) = (
                    i.checked_sub(3).and_then(|j| toks.get(j)),
                    i.checked_sub(2).and_then(|j| toks.get(j)),
                ) {
                    out.vertical = *m == 1;
                }
            }
            b"usecmap" => {
                if let Some(Tok::Name(n)) = i.checked_sub(2).and_then(|j| toks.get(j)) {
                    out.usecmap = Some(String::from_utf8_lossy(n).into_owned());
                }
            }
            b"begincodespacerange" => {
                while let (Some(Tok::Bytes(lo)), Some(Tok::Bytes(hi))) =
                    (toks.get(i), toks.get(i + 1))
                {
                    if lo.len() == hi.len() && (1..=4).contains(&lo.len()) {
                        let mut r = CodeRange {
                            len: lo.len(),
                            lo: [0; 4],
                            hi: [0; 4],
                        };
                        r.lo[..lo.len()].copy_from_slice(lo);
                        r.hi[..hi.len()].copy_from_slice(hi);
                        out.codespace.push(r);
                    }
                    i += 2;
                }
            }
            b"beginbfchar" => {
                while let (Some(Tok::Bytes(src)), Some(Tok::Bytes(dst))) =
                    (toks.get(i), toks.get(i + 1))
                {
                    if let Some((code, _)) = code_of(src) {
                        if entries < MAX_CMAP_ENTRIES {
                            entries += 1;
                            out.unicode.insert(code, utf16be(dst));
                        }
                    }
                    i += 2;
                }
            }
            b"beginbfrange" => {
                while let (Some(Tok::Bytes(lo)), Some(Tok::Bytes(hi))) =
                    (toks.get(i), toks.get(i + 1))
                {
                    let (lo, hi) = match (code_of(lo), code_of(hi)) {
                        (Some((lo, _)), Some((hi, _))) if lo <= hi => (lo, hi),
                        _ => (1, 0),
                    };
                    match toks.get(i + 2) {
                        Some(Tok::Bytes(dst)) => {
                            // Increment the last UTF-16 unit of the destination.
                            if dst.len() >= 2 && lo <= hi {
                                let n = dst.len();
                                let last = (dst[n - 2] as u32) << 8 | dst[n - 1] as u32;
                                let mut d = dst.clone();
                                for (k, code) in (lo..=hi).enumerate() {
                                    if entries >= MAX_CMAP_ENTRIES {
                                        break;
                                    }
                                    let v = last + k as u32;
                                    if v > 0xFFFF {
                                        break;
                                    }
                                    d[n - 2] = (v >> 8) as u8;
                                    d[n - 1] = v as u8;
                                    entries += 1;
                                    out.unicode.insert(code, utf16be(&d));
                                }
                            }
                            i += 3;
                        }
                        Some(Tok::ArrOpen) => {
                            let mut j = i + 3;
                            let mut code = lo;
                            while let Some(Tok::Bytes(dst)) = toks.get(j) {
                                if code <= hi && entries < MAX_CMAP_ENTRIES {
                                    entries += 1;
                                    out.unicode.insert(code, utf16be(dst));
                                }
                                code = code.saturating_add(1);
                                j += 1;
                            }
                            // skip to the closing bracket
                            while j < toks.len() && !matches!(toks[j], Tok::ArrClose) {
                                j += 1;
                            }
                            i = j + 1;
                        }
                        _ => break,
                    }
                }
            }
            b"begincidrange" => {
                while let (Some(Tok::Bytes(lo)), Some(Tok::Bytes(hi)), Some(Tok::Int(cid))) =
                    (toks.get(i), toks.get(i + 1), toks.get(i + 2))
                {
                    if let (Some((l, n)), Some((h, _))) = (code_of(lo), code_of(hi)) {
                        if *cid >= 0 && l <= h {
                            out.cid_ranges.push((l, h, *cid as u32, n));
                        }
                    }
                    i += 3;
                }
            }
            b"begincidchar" => {
                while let (Some(Tok::Bytes(c)), Some(Tok::Int(cid))) =
                    (toks.get(i), toks.get(i + 1))
                {
                    if let Some((code, n)) = code_of(c) {
                        if *cid >= 0 {
                            out.cid_ranges.push((code, code, *cid as u32, n));
                        }
                    }
                    i += 2;
                }
            }
            _ => {}
        }
    }
    out
}
