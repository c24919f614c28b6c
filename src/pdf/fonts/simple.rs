//! Simple fonts (Type1, TrueType, Type3): the sanitized copy handed to
//! pdf-extract, its encoding (names pdf-extract knows, `/Differences`
//! repaired), the ToUnicode map tassei parses, and the widths both engines
//! read.

use super::damage::{check_descriptor, entries_that, to_unicode_map};
use super::encoding::sanitize_encoding;
use super::*;

/// A repaired simple font. Its ToUnicode map (parsed by tassei) is kept
/// apart and not given to pdf-extract.
pub(crate) struct SimpleFont {
    pub(super) dict: Dictionary,
    pub(super) to_unicode: Option<Vec<String>>,
    /// The advance of every code, in glyph-space units, exactly as
    /// pdf-extract reads it from `dict` (`/FirstChar`, `/Widths` as `f32`,
    /// `/MissingWidth` outside them), or for a standard-14 font without
    /// `/Widths` the AFM widths pdf-extract uses, learned once
    /// (`calibrate.rs`); `None` when neither is known.
    pub(super) widths: Option<Box<[f64; 256]>>,
    /// What keeps tassei's interpreter from standing in for pdf-extract
    /// on a page that selects this font, if anything (see
    /// [`SimpleFont::fallback_reason`]).
    pub(super) backend_only: Option<&'static str>,
    /// What pdf-extract makes of the font (`calibrate.rs`), learned the
    /// first time it is needed: AFM widths when `widths` is `None`, the
    /// text of each code when there is no ToUnicode map.
    pub(super) calibrated: std::cell::OnceCell<Option<super::super::calibrate::Calibrated>>,
}

impl SimpleFont {
    /// The advance of each code (see the field), when tassei knows it.
    pub(crate) fn widths(&self) -> Option<&[f64; 256]> {
        self.widths
            .as_deref()
            .or_else(|| self.calibration().map(|c| &*c.widths))
    }

    /// pdf-extract's view of the font, learned on first use (never for a
    /// font only pdf-extract may read).
    fn calibration(&self) -> Option<&super::super::calibrate::Calibrated> {
        if self.backend_only.is_some() {
            return None;
        }
        self.calibrated
            .get_or_init(|| super::super::calibrate::backend_metrics(&self.dict))
            .as_ref()
    }

    /// Why a page that selects this font must be read by pdf-extract
    /// rather than by tassei's interpreter (`interp.rs`), when it must:
    /// `shows` tells whether the page shows any code with it. A font only
    /// selected matters too, because pdf-extract builds (and may panic on)
    /// every font a `Tf` names.
    pub(crate) fn fallback_reason(&self, shows: bool) -> Option<&'static str> {
        if let Some(why) = self.backend_only {
            return Some(why);
        }
        if shows && self.widths().is_none() {
            return Some(
                "a standard-14 font without /Widths whose metrics could not be learned from pdf-extract",
            );
        }
        None
    }

    /// The text of a code: its ToUnicode entry, else the text pdf-extract
    /// gives it (when learned, possibly empty); `None`: ask the backend.
    pub(crate) fn text(&self, code: u8) -> Option<&str> {
        match &self.to_unicode {
            Some(t) => Some(t[code as usize].as_str()).filter(|t| !t.is_empty()),
            None => self.calibration().map(|c| c.texts[code as usize].as_str()),
        }
    }
}

const CORE_FONTS: [&str; 14] = [
    "Courier",
    "Courier-Bold",
    "Courier-BoldOblique",
    "Courier-Oblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-BoldOblique",
    "Helvetica-Oblique",
    "Symbol",
    "Times-Bold",
    "Times-BoldItalic",
    "Times-Italic",
    "Times-Roman",
    "ZapfDingbats",
];

pub(super) fn sanitize_simple(
    doc: &Document,
    font: &Dictionary,
    subtype: &str,
    budget: &Budget,
    damage: &mut Damage,
) -> SimpleFont {
    let mut out = Dictionary::new();
    let is_type3 = subtype == "Type3";
    out.set("Type", Object::Name(b"Font".to_vec()));
    let subtype = match subtype {
        "Type1" | "TrueType" | "MMType1" | "Type3" => subtype,
        _ => "Type1",
    };
    out.set("Subtype", Object::Name(subtype.as_bytes().to_vec()));
    let base = get(doc, font, b"BaseFont")
        .as_name()
        .map(|n| n.to_vec())
        .unwrap_or_else(|_| b"Unknown".to_vec());
    let base_str = String::from_utf8_lossy(&base).into_owned();
    out.set("BaseFont", Object::Name(base));

    // Encoding
    let mut has_encoding = false;
    if let Some(e) = sanitize_encoding(doc, font, damage) {
        out.set("Encoding", e);
        has_encoding = true;
    }

    // ToUnicode: parsed by tassei, kept beside the font.
    let mut to_unicode = None;
    let instead = "text decoded from its encoding instead";
    if let Some(map) = to_unicode_map(doc, font, budget, damage, instead) {
        let mut table = vec![String::new(); 256];
        for (k, v) in map {
            if k <= 0xFF {
                table[k as usize] = v;
            }
        }
        if table.iter().any(|t| !t.is_empty()) {
            to_unicode = Some(table);
        } else {
            damage.note(format!(
                "its /ToUnicode map has no one-byte code ({instead})"
            ));
        }
    }
    let has_to_unicode = to_unicode.is_some();
    if (has_to_unicode || is_type3) && !has_encoding {
        // pdf-extract needs an encoding to fall back on for codes the
        // ToUnicode map lacks (and a Type3 font must have one).
        if is_type3 {
            out.set("Encoding", Object::Dictionary(Dictionary::new()));
        } else {
            out.set("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
        }
        has_encoding = true;
    }

    // Font descriptor: drop embedded programs when they are not needed
    // for decoding (their parsers in pdf-extract panic on odd fonts).
    let mut kept_program = false;
    check_descriptor(doc, font, damage);
    if let Object::Dictionary(fd) = get(doc, font, b"FontDescriptor") {
        let mut fd2 = Dictionary::new();
        for (k, v) in fd.iter() {
            match k.as_slice() {
                b"FontFile" | b"FontFile3" => {
                    if !has_encoding && !has_to_unicode {
                        kept_program = true;
                        // Handed to the backend decoded (within the budget),
                        // so it never inflates a stream itself.
                        if let Object::Stream(s) = deref(doc, v) {
                            let ok = k.as_slice() == b"FontFile"
                                || s.dict.get(b"Subtype").and_then(|o| o.as_name()).is_ok();
                            if let (true, Ok(bytes)) = (ok, budget.decode(s)) {
                                let mut d = s.dict.clone();
                                d.remove(b"Filter");
                                d.remove(b"DecodeParms");
                                fd2.set(k.clone(), Object::Stream(Stream::new(d, bytes)));
                            }
                        }
                    }
                }
                b"FontFile2" => {}
                // Self-contained: the backend sees a document of this page only.
                _ => fd2.set(k.clone(), self_contained(doc, v)),
            }
        }
        out.set("FontDescriptor", Object::Dictionary(fd2));
    }

    // Widths
    let first = num(get(doc, font, b"FirstChar")).map(|f| f as i64);
    let widths: Option<Vec<f64>> = match get(doc, font, b"Widths") {
        Object::Array(a) => {
            let w: Vec<Option<f64>> = a.iter().map(|o| num(deref(doc, o))).collect();
            let bad = w.iter().filter(|w| w.is_none()).count();
            if bad > 0 {
                damage.note(format!(
                    "its /Widths has {} not a number (taken as 0)",
                    entries_that(bad)
                ));
            }
            if !matches!(first, Some(0..=255)) {
                damage.note("its /FirstChar is missing or out of range (widths estimated)");
            }
            Some(w.into_iter().map(|w| w.unwrap_or(0.0)).collect())
        }
        _ => {
            damage.check(
                doc,
                font,
                b"Widths",
                |_| false,
                "its /Widths is not an array (widths estimated)",
            );
            None
        }
    };
    let scale = if is_type3 {
        match get(doc, font, b"FontMatrix") {
            Object::Array(m) => m
                .first()
                .and_then(|o| num(deref(doc, o)))
                .map(|a| a * 1000.0)
                .unwrap_or(1.0),
            _ => 1.0,
        }
    } else {
        1.0
    };
    let missing = num(get(doc, font, b"MissingWidth")).unwrap_or(0.0);
    let is_core = CORE_FONTS.contains(&base_str.as_str());
    match (first, widths) {
        (Some(first), Some(w)) if (0..=255).contains(&first) && !w.is_empty() => {
            let mut table = vec![if is_type3 { 0.0 } else { missing }; 256];
            for (k, w) in w.iter().enumerate() {
                let code = first as usize + k;
                if code < 256 {
                    table[code] = w * scale;
                }
            }
            let (lo, hi) = if is_type3 {
                (0usize, 255usize)
            } else {
                (first as usize, (first as usize + w.len() - 1).min(255))
            };
            out.set("FirstChar", Object::Integer(lo as i64));
            out.set("LastChar", Object::Integer(hi as i64));
            out.set(
                "Widths",
                Object::Array(
                    table[lo..=hi]
                        .iter()
                        .map(|w| Object::Real(*w as f32))
                        .collect(),
                ),
            );
        }
        _ if is_core && !is_type3 => {}
        _ => {
            let avg = match get(doc, font, b"FontDescriptor") {
                Object::Dictionary(fd) => {
                    num(get(doc, fd, b"AvgWidth")).or(num(get(doc, fd, b"MissingWidth")))
                }
                _ => None,
            }
            .filter(|w| *w > 0.0)
            .unwrap_or(500.0);
            out.set("FirstChar", Object::Integer(0));
            out.set("LastChar", Object::Integer(255));
            out.set("Widths", Object::Array(vec![Object::Real(avg as f32); 256]));
        }
    }
    if missing != 0.0 {
        out.set("MissingWidth", Object::Real(missing as f32));
    }
    let widths = interp_widths(&out);
    let backend_only = if is_type3 {
        Some("a Type3 font")
    } else if kept_program {
        Some("a font whose embedded program pdf-extract parses")
    } else if widths.is_none() && base_str == "ZapfDingbats" {
        // pdf-extract's glyph-name table lacks the Dingbats names it looks
        // up when the font has an encoding.
        Some("ZapfDingbats without /Widths")
    } else {
        None
    };
    SimpleFont {
        dict: out,
        to_unicode,
        widths,
        backend_only,
        calibrated: std::cell::OnceCell::new(),
    }
}

/// The widths pdf-extract 0.12.1 derives from a sanitized simple font
/// dictionary: `/Widths[i]` (an `f32`) for code `/FirstChar + i`,
/// `/MissingWidth` (or 0) for every other code; `None` without
/// `/FirstChar`, `/LastChar` and `/Widths` (it then uses built-in metrics).
fn interp_widths(font: &Dictionary) -> Option<Box<[f64; 256]>> {
    let int = |k: &[u8]| match font.get(k) {
        Ok(Object::Integer(i)) => Some(*i),
        _ => None,
    };
    let (first, _last) = (int(b"FirstChar")?, int(b"LastChar")?);
    let Ok(Object::Array(ws)) = font.get(b"Widths") else {
        return None;
    };
    // As pdf-extract converts them: any integer or real, finite or not.
    let value = |o: &Object| match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    };
    let missing = font
        .get(b"MissingWidth")
        .ok()
        .and_then(value)
        .unwrap_or(0.0);
    let mut table = Box::new([missing; 256]);
    for (k, w) in ws.iter().enumerate() {
        let code = first.checked_add(k as i64)?;
        let w = value(w)?;
        if (0..256).contains(&code) {
            table[code as usize] = w;
        }
    }
    Some(table)
}
