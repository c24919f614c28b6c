//! Character-code schemes of composite (Type0) fonts and a small CMap parser.
//!
//! `pdf-extract` 0.12.1 only understands `Identity-H/V` (it panics on every
//! predefined CMap and misparses embedded ones), so tassei splits the shown
//! strings into codes and decodes them itself ([`CodeScheme`]), then hands
//! `pdf-extract` a synthetic `Identity-H` font (see `fonts.rs`).

use super::syntax::{hex_val, is_delimiter, is_whitespace};
use std::collections::HashMap;

/// Upper bound on the entries a parsed CMap may expand to (bfrange/cidrange).
const MAX_CMAP_ENTRIES: usize = 1 << 20;

/// How a Type0 font's strings split into codes, and what the codes mean.
#[derive(Debug, Clone)]
pub(crate) enum CodeScheme {
    /// `Identity-H/V`: 2-byte codes, CID = code.
    Identity,
    /// `Uni*-UCS2-*`: 2-byte UTF-16 code units (no surrogates).
    Ucs2 { half_width: bool },
    /// `Uni*-UTF16-*`: UTF-16BE with surrogate pairs as 4-byte codes.
    Utf16 { half_width: bool },
    /// `Uni*-UTF32-*`: 4-byte code points.
    Utf32 { half_width: bool },
    /// `Uni*-UTF8-*`: UTF-8 sequences.
    Utf8 { half_width: bool },
    /// `*RKSJ-*`: Shift_JIS, one- or two-byte codes.
    Rksj { proportional: bool },
    /// Japanese `EUC-H/V`.
    EucJp,
    /// Japanese `H/V` (JIS X 0208 row/cell, ISO-2022-JP without escapes).
    Jis,
    /// An embedded CMap stream.
    Embedded(Box<EmbeddedCMap>),
}

/// Result of parsing a predefined CMap name.
pub(crate) enum Predefined {
    /// Vertical (`-V`) CMaps are read like their horizontal twins: glyphs
    /// advance horizontally (pdf-extract has no vertical writing mode).
    Known {
        scheme: CodeScheme,
    },
    Unknown,
}

/// Map a predefined CMap name (e.g. `UniJIS-UCS2-H`) to a scheme.
pub(crate) fn predefined(name: &str) -> Predefined {
    let half_width = name.contains("-HW-");
    let scheme = if name == "Identity-H" || name == "Identity-V" {
        CodeScheme::Identity
    } else if name.starts_with("Uni") && name.contains("UCS2") {
        CodeScheme::Ucs2 { half_width }
    } else if name.starts_with("Uni") && name.contains("UTF16") {
        CodeScheme::Utf16 { half_width }
    } else if name.starts_with("Uni") && name.contains("UTF32") {
        CodeScheme::Utf32 { half_width }
    } else if name.starts_with("Uni") && name.contains("UTF8") {
        CodeScheme::Utf8 { half_width }
    } else if name.contains("RKSJ") {
        CodeScheme::Rksj {
            proportional: name.starts_with("90msp"),
        }
    } else if matches!(
        name,
        "EUC-H" | "EUC-V" | "78-EUC-H" | "78-EUC-V" | "Hojo-EUC-H" | "Hojo-EUC-V"
    ) {
        CodeScheme::EucJp
    } else if matches!(
        name,
        "H" | "V" | "78-H" | "78-V" | "Add-H" | "Add-V" | "Ext-H" | "Ext-V" | "NWP-H" | "NWP-V"
    ) {
        CodeScheme::Jis
    } else {
        return Predefined::Unknown;
    };
    Predefined::Known { scheme }
}

impl CodeScheme {
    /// Split the next code off `bytes` (non-empty): `(code, length)`.
    pub(crate) fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        let b0 = bytes[0];
        let be = |n: usize| -> (u32, usize) {
            let n = n.min(bytes.len());
            (
                bytes[..n]
                    .iter()
                    .fold(0u32, |acc, &b| (acc << 8) | b as u32),
                n,
            )
        };
        match self {
            CodeScheme::Identity | CodeScheme::Ucs2 { .. } | CodeScheme::Jis => be(2),
            CodeScheme::Utf16 { .. } => {
                if (0xD8..=0xDB).contains(&b0) && bytes.len() >= 4 {
                    be(4)
                } else {
                    be(2)
                }
            }
            CodeScheme::Utf32 { .. } => be(4),
            CodeScheme::Utf8 { .. } => match b0 {
                0xC0..=0xDF => be(2),
                0xE0..=0xEF => be(3),
                0xF0..=0xF7 => be(4),
                _ => be(1),
            },
            CodeScheme::Rksj { .. } => match b0 {
                0x81..=0x9F | 0xE0..=0xFC => be(2),
                _ => be(1),
            },
            CodeScheme::EucJp => match b0 {
                0x8F => be(3),
                0x8E | 0xA1..=0xFE => be(2),
                _ => be(1),
            },
            CodeScheme::Embedded(cm) => cm.next_code(bytes),
        }
    }

    /// The Unicode text a code stands for, when the scheme itself says so
    /// (the Unicode and legacy-charset CMaps). `None` for Identity/embedded.
    pub(crate) fn unicode(&self, code: u32, len: usize) -> Option<String> {
        match self {
            CodeScheme::Identity | CodeScheme::Embedded(_) => None,
            CodeScheme::Ucs2 { .. } => char::from_u32(code).map(String::from),
            CodeScheme::Utf16 { .. } => {
                if len == 4 {
                    let units = [(code >> 16) as u16, code as u16];
                    String::from_utf16(&units).ok()
                } else {
                    char::from_u32(code).map(String::from)
                }
            }
            CodeScheme::Utf32 { .. } => char::from_u32(code).map(String::from),
            CodeScheme::Utf8 { .. } => {
                let bytes = code.to_be_bytes();
                std::str::from_utf8(&bytes[4 - len.min(4)..])
                    .ok()
                    .map(String::from)
            }
            CodeScheme::Rksj { .. } => {
                if len == 1 && code == 0x5C {
                    // One-byte 0x5C of the RKSJ CMaps is the (half-width) yen sign.
                    return Some("\u{a5}".to_string());
                }
                decode_legacy(encoding_rs::SHIFT_JIS, code, len)
            }
            CodeScheme::EucJp => decode_legacy(encoding_rs::EUC_JP, code, len),
            CodeScheme::Jis => {
                if len == 2 && (0x2121..=0x7E7E).contains(&code) {
                    decode_legacy(encoding_rs::EUC_JP, code | 0x8080, 2)
                } else {
                    None
                }
            }
        }
    }

    /// The CID a code selects, as far as tassei knows it, for looking up the
    /// glyph width in the descendant font's `/W` (which is keyed by CID).
    ///
    /// Without the predefined CMap tables, only the Adobe-Japan1 ranges whose
    /// widths differ from the default are derived: codes 0x20–0x7E select the
    /// proportional Latin CIDs 1–95 (or the half-width CIDs 231–325 for the
    /// `HW` and RKSJ/EUC one-byte codes), and half-width katakana select CIDs
    /// 327–389. Every other code gets `None`, meaning "use /DW" — right for
    /// the full-width kanji and kana that make up Japanese text.
    pub(crate) fn cid_for_width(&self, code: u32, len: usize) -> Option<u32> {
        let ascii = |half: bool| -> Option<u32> {
            if (0x20..=0x7E).contains(&code) {
                Some(if half {
                    231 + code - 0x20
                } else {
                    1 + code - 0x20
                })
            } else {
                None
            }
        };
        match self {
            CodeScheme::Identity => Some(code),
            CodeScheme::Embedded(cm) => cm.cid(code, len),
            CodeScheme::Ucs2 { half_width }
            | CodeScheme::Utf16 { half_width }
            | CodeScheme::Utf32 { half_width }
            | CodeScheme::Utf8 { half_width } => {
                let cp = match self {
                    CodeScheme::Utf8 { .. } => self
                        .unicode(code, len)
                        .and_then(|s| s.chars().next())
                        .map(|c| c as u32)?,
                    _ => code,
                };
                if (0x20..=0x7E).contains(&cp) {
                    Some(if *half_width {
                        231 + cp - 0x20
                    } else {
                        1 + cp - 0x20
                    })
                } else if (0xFF61..=0xFF9F).contains(&cp) {
                    Some(327 + cp - 0xFF61)
                } else {
                    None
                }
            }
            CodeScheme::Rksj { proportional } if len == 1 => {
                if (0xA1..=0xDF).contains(&code) {
                    Some(327 + code - 0xA1)
                } else {
                    ascii(!*proportional)
                }
            }
            CodeScheme::EucJp if len == 1 => ascii(true),
            CodeScheme::EucJp if len == 2 && (0x8EA1..=0x8EDF).contains(&code) => {
                Some(327 + code - 0x8EA1)
            }
            _ => None,
        }
    }
}

fn decode_legacy(enc: &'static encoding_rs::Encoding, code: u32, len: usize) -> Option<String> {
    let bytes = code.to_be_bytes();
    let slice = &bytes[4 - len.min(4)..];
    enc.decode_without_bom_handling_and_without_replacement(slice)
        .map(|s| s.into_owned())
        .filter(|s| !s.is_empty())
}

/// A code space range: codes of `len` bytes whose every byte lies between
/// the corresponding bytes of `lo` and `hi`.
#[derive(Debug, Clone)]
pub(crate) struct CodeRange {
    len: usize,
    lo: [u8; 4],
    hi: [u8; 4],
}

/// An embedded (non-predefined) CMap used as a Type0 font's `/Encoding`.
#[derive(Debug, Clone, Default)]
pub(crate) struct EmbeddedCMap {
    codespace: Vec<CodeRange>,
    /// (lo, hi, first CID, code length)
    cid_ranges: Vec<(u32, u32, u32, usize)>,
    /// `usecmap` parent, by name.
    pub(crate) parent: Option<String>,
    /// `/WMode 1`: vertical writing.
    pub(crate) vertical: bool,
}

impl EmbeddedCMap {
    fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        for n in 1..=4usize.min(bytes.len()) {
            let hit = self
                .codespace
                .iter()
                .any(|r| r.len == n && (0..n).all(|i| r.lo[i] <= bytes[i] && bytes[i] <= r.hi[i]));
            if hit {
                let code = bytes[..n].iter().fold(0u32, |a, &b| (a << 8) | b as u32);
                return (code, n);
            }
        }
        // Not in any range: consume the shortest code length (spec: 1 byte
        // when nothing matches).
        let n = self
            .codespace
            .iter()
            .map(|r| r.len)
            .min()
            .unwrap_or(2)
            .min(bytes.len())
            .max(1);
        (bytes[..n].iter().fold(0u32, |a, &b| (a << 8) | b as u32), n)
    }

    pub(crate) fn cid(&self, code: u32, len: usize) -> Option<u32> {
        self.cid_ranges
            .iter()
            .rev()
            .find(|&&(lo, hi, _, l)| l == len && lo <= code && code <= hi)
            .map(|&(lo, _, cid, _)| cid + (code - lo))
    }

    /// True when the CMap is effectively `Identity-H` (2-byte, CID = code).
    pub(crate) fn has_codespace(&self) -> bool {
        !self.codespace.is_empty()
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predefined_names() {
        assert!(matches!(
            predefined("UniJIS-UCS2-H"),
            Predefined::Known {
                scheme: CodeScheme::Ucs2 { half_width: false }
            }
        ));
        assert!(matches!(
            predefined("UniJIS-UCS2-HW-V"),
            Predefined::Known {
                scheme: CodeScheme::Ucs2 { half_width: true }
            }
        ));
        assert!(matches!(
            predefined("90ms-RKSJ-H"),
            Predefined::Known {
                scheme: CodeScheme::Rksj {
                    proportional: false
                }
            }
        ));
        assert!(matches!(
            predefined("90msp-RKSJ-H"),
            Predefined::Known {
                scheme: CodeScheme::Rksj { proportional: true }
            }
        ));
        assert!(matches!(
            predefined("EUC-H"),
            Predefined::Known {
                scheme: CodeScheme::EucJp
            }
        ));
        assert!(matches!(predefined("Foo-Bar"), Predefined::Unknown));
    }

    #[test]
    fn rksj_split_and_decode() {
        let s = CodeScheme::Rksj {
            proportional: false,
        };
        // "A" then 件 (0x8C8F) in Shift_JIS
        let bytes = [0x41u8, 0x8C, 0x8F];
        let (c, n) = s.next_code(&bytes);
        assert_eq!((c, n), (0x41, 1));
        assert_eq!(s.unicode(c, n).as_deref(), Some("A"));
        assert_eq!(s.cid_for_width(c, n), Some(231 + 0x21));
        let (c, n) = s.next_code(&bytes[1..]);
        assert_eq!((c, n), (0x8C8F, 2));
        assert_eq!(s.unicode(c, n).as_deref(), Some("件"));
        assert_eq!(s.cid_for_width(c, n), None);
    }

    #[test]
    fn utf16_surrogates() {
        let s = CodeScheme::Utf16 { half_width: false };
        let bytes = [0xD8u8, 0x42, 0xDF, 0xB7, 0x00, 0x41];
        let (c, n) = s.next_code(&bytes);
        assert_eq!(n, 4);
        assert_eq!(s.unicode(c, n).as_deref(), Some("𠮷"));
        let (c, n) = s.next_code(&bytes[4..]);
        assert_eq!(s.unicode(c, n).as_deref(), Some("A"));
        assert_eq!(s.cid_for_width(c, n), Some(34));
    }

    #[test]
    fn parse_to_unicode() {
        let src = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
            1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfchar <0003> <0020> <0010> <00660069> endbfchar\n\
            2 beginbfrange <0020> <0022> <4E00> <0030> <0031> [<0041> <D842DFB7>] endbfrange\n\
            1 begincidrange <8140> <817e> 633 endcidrange\n endcmap";
        let m = parse_cmap(src);
        assert!(!m.vertical);
        assert!(parse_cmap(b"/CMapName /X def /WMode 1 def begincmap endcmap").vertical);
        assert_eq!(m.unicode.get(&3).map(String::as_str), Some(" "));
        assert_eq!(m.unicode.get(&0x10).map(String::as_str), Some("fi"));
        assert_eq!(m.unicode.get(&0x21).map(String::as_str), Some("\u{4e01}"));
        assert_eq!(m.unicode.get(&0x31).map(String::as_str), Some("𠮷"));
        assert_eq!(m.codespace.len(), 1);
        let e = m.into_embedded();
        assert_eq!(e.cid(0x8141, 2), Some(634));
    }
}
