//! The encoding of a simple font as pdf-extract 0.12.1 can read it: a
//! standard encoding name it knows (`StandardEncoding` written as WinAnsi
//! with the two quotes that differ), or a dictionary with a known
//! `/BaseEncoding` and a repaired `/Differences` (codes in 0–255, names
//! after a code). What cannot be used is ignored and noted as damage.

use lopdf::{Dictionary, Document, Object};

use super::damage::entries_that;
use super::{deref, get, Damage};

/// The sanitized `/Encoding` of `font`, `None` when it has none usable.
pub(super) fn sanitize_encoding(
    doc: &Document,
    font: &Dictionary,
    damage: &mut Damage,
) -> Option<Object> {
    match get(doc, font, b"Encoding") {
        Object::Name(n) => {
            let e = sanitize_encoding_name(n);
            if e.is_none() {
                damage.note(format!(
                    "its /Encoding /{} is not a standard encoding (ignored)",
                    String::from_utf8_lossy(n)
                ));
            }
            e
        }
        Object::Dictionary(d) => {
            let mut e = Dictionary::new();
            match get(doc, d, b"BaseEncoding") {
                Object::Name(b) => match sanitize_encoding_name(b) {
                    Some(Object::Name(b)) => e.set("BaseEncoding", Object::Name(b)),
                    Some(_) => {}
                    None => damage.note(format!(
                        "its /BaseEncoding /{} is not a standard encoding (ignored)",
                        String::from_utf8_lossy(b)
                    )),
                },
                _ => damage.check(
                    doc,
                    d,
                    b"BaseEncoding",
                    |_| false,
                    "its /BaseEncoding is not a name (ignored)",
                ),
            }
            let diffs = differences(doc, d, damage);
            if !diffs.is_empty() {
                e.set("Differences", Object::Array(diffs));
            }
            Some(Object::Dictionary(e))
        }
        _ => {
            damage.check(
                doc,
                font,
                b"Encoding",
                |_| false,
                "its /Encoding is neither a name nor a dictionary (ignored)",
            );
            None
        }
    }
}

/// The usable entries of an encoding dictionary's `/Differences`: codes
/// in 0–255 and the names after one; anything else is dropped, and noted.
fn differences(doc: &Document, d: &Dictionary, damage: &mut Damage) -> Vec<Object> {
    let mut diffs = Vec::new();
    let Object::Array(a) = get(doc, d, b"Differences") else {
        damage.check(
            doc,
            d,
            b"Differences",
            |_| false,
            "its /Differences is not an array (ignored)",
        );
        return diffs;
    };
    let mut code: i64 = -1;
    let mut bad = 0usize;
    for o in a {
        match deref(doc, o) {
            Object::Integer(i) if (0..=255).contains(i) => {
                code = *i;
                diffs.push(Object::Integer(*i));
            }
            Object::Name(n) if (0..=255).contains(&code) => {
                diffs.push(Object::Name(n.clone()));
                code += 1;
            }
            Object::Name(_) => bad += 1,
            _ => {
                bad += 1;
                code = -1;
            }
        }
    }
    // Names before the first code are invalid; drop them.
    while let Some(Object::Name(_)) = diffs.first() {
        diffs.remove(0);
    }
    if bad > 0 {
        damage.note(format!(
            "its /Differences has {} neither a code (0–255) nor a glyph name after one (ignored)",
            entries_that(bad)
        ));
    }
    diffs
}

fn sanitize_encoding_name(n: &[u8]) -> Option<Object> {
    match n {
        b"WinAnsiEncoding" | b"MacRomanEncoding" | b"MacExpertEncoding" => {
            Some(Object::Name(n.to_vec()))
        }
        // StandardEncoding is not supported by pdf-extract; WinAnsi agrees on
        // the printable ASCII range except the two quotes.
        b"StandardEncoding" => {
            let mut d = Dictionary::new();
            d.set("BaseEncoding", Object::Name(b"WinAnsiEncoding".to_vec()));
            d.set(
                "Differences",
                Object::Array(vec![
                    Object::Integer(39),
                    Object::Name(b"quoteright".to_vec()),
                    Object::Integer(96),
                    Object::Name(b"quoteleft".to_vec()),
                ]),
            );
            Some(Object::Dictionary(d))
        }
        _ => None,
    }
}
