//! The fallback path's input: a rewritten page written out as a content
//! stream pdf-extract reads back to the same values ([`serialize`]), with
//! the resources of the fonts it selects ([`backend_page`]).

use super::*;

/// Write a number so that lopdf reads it back as the same value: an
/// integral value as an integer, any other (always an `f32`, see [`Op`])
/// in `f32`'s shortest round-trip form.
fn write_num(out: &mut Vec<u8>, v: f64) {
    use std::io::Write;
    if v.fract() == 0.0 && v.abs() < 9.0e18 {
        out.extend_from_slice(itoa::Buffer::new().format(v as i64).as_bytes());
    } else {
        let _ = write!(out, "{}", v as f32);
    }
}

/// Write a string operand as a literal (parses faster than hex and yields
/// the same bytes).
fn write_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

/// The content stream of a rewritten page, for pdf-extract (the fallback
/// path, see `mod.rs`): one operation per line, operands then operator.
pub(crate) fn serialize(list: &OpList, fonts: &FontTable) -> Vec<u8> {
    let mut out = Vec::with_capacity(list.ops.len() * 16 + list.bytes.len() * 2);
    let nums = |out: &mut Vec<u8>, vs: &[f64], op: &[u8]| {
        for &v in vs {
            write_num(out, v);
            out.push(b' ');
        }
        out.extend_from_slice(op);
    };
    for (i, op) in list.ops.iter().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        match *op {
            Op::Save => out.push(b'q'),
            Op::Restore => out.push(b'Q'),
            Op::Concat(m) => nums(&mut out, &m, b"cm"),
            Op::BeginText => out.extend_from_slice(b"BT"),
            Op::EndText => out.extend_from_slice(b"ET"),
            Op::TextMatrix(m) => nums(&mut out, &m, b"Tm"),
            Op::MoveText(x, y) => nums(&mut out, &[x, y], b"Td"),
            Op::MoveTextSetLeading(x, y) => nums(&mut out, &[x, y], b"TD"),
            Op::NextLine => out.extend_from_slice(b"T*"),
            Op::CharSpacing(v) => nums(&mut out, &[v], b"Tc"),
            Op::WordSpacing(v) => nums(&mut out, &[v], b"Tw"),
            Op::HorizontalScaling(v) => nums(&mut out, &[v], b"Tz"),
            Op::Leading(v) => nums(&mut out, &[v], b"TL"),
            Op::Rise(v) => nums(&mut out, &[v], b"Ts"),
            Op::Font { plan, size } => {
                // `res_name` is `TF<n>`: no character needs escaping.
                out.push(b'/');
                out.extend_from_slice(&fonts.plan(plan).res_name);
                out.push(b' ');
                nums(&mut out, &[size], b"Tf");
            }
            Op::Show { start, end } => match list.items(start, end) {
                [Item::Text { start, end }] => {
                    write_string(&mut out, list.text(*start, *end));
                    out.extend_from_slice(b" Tj");
                }
                items => {
                    out.push(b'[');
                    for (k, it) in items.iter().enumerate() {
                        if k > 0 {
                            out.push(b' ');
                        }
                        match *it {
                            Item::Text { start, end } => {
                                write_string(&mut out, list.text(start, end))
                            }
                            Item::Adjust(v) => write_num(&mut out, v),
                        }
                    }
                    out.extend_from_slice(b"] TJ");
                }
            },
            Op::MoveTo(x, y) => nums(&mut out, &[x, y], b"m"),
            Op::LineTo(x, y) => nums(&mut out, &[x, y], b"l"),
            Op::CurveTo(c) => nums(&mut out, &c, b"c"),
            Op::Rect(r) => nums(&mut out, &r, b"re"),
            Op::Close => out.push(b'h'),
            Op::Stroke => out.push(b'S'),
            Op::Fill => out.push(b'f'),
            Op::EndPath => out.push(b'n'),
        }
    }
    out
}

/// The content stream and resources pdf-extract reads for a rewritten
/// page: the fonts the page selects are materialized (see `fonts.rs`).
pub(crate) fn backend_page(rw: &Rewritten, fonts: &mut FontTable) -> (Vec<u8>, Dictionary) {
    let content = serialize(&rw.ops, fonts);
    let mut font_dict = Dictionary::new();
    for u in &rw.fonts {
        if let Some(id) = fonts.materialize(u.plan, &u.slots) {
            font_dict.set(fonts.plan(u.plan).res_name.clone(), Object::Reference(id));
        }
    }
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(font_dict));
    (content, resources)
}
