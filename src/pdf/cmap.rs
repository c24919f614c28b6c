//! Character-code schemes of composite (Type0) fonts and a small CMap parser.
//!
//! `pdf-extract` 0.12.1 only understands `Identity-H/V` (it panics on every
//! predefined CMap and misparses embedded ones), so tassei splits the shown
//! strings into codes and decodes them itself ([`CodeScheme`]), then hands
//! `pdf-extract` a synthetic `Identity-H` font (see `fonts.rs`).

use super::syntax::{hex_val, is_delimiter, is_whitespace};
use std::collections::HashMap;

mod parse;
#[cfg(test)]
mod tests;

pub(crate) use parse::parse_cmap;

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
