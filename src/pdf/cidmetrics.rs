//! Glyph metrics of CID fonts: `/W` (horizontal advances) and `/W2`
//! (vertical metrics) of a descendant font, keyed by CID.

use std::collections::HashMap;

use lopdf::{Document, Object};

use super::fonts::{deref, num};

/// Parse a CID font `/W2` array (vertical metrics `w1y vx vy`, in both the
/// `c [w1y vx vy …]` and `first last w1y vx vy` forms), CIDs expanded up
/// to [`MAX_W_RANGE`].
pub(super) fn parse_w2(doc: &Document, w2: &Object) -> HashMap<u32, (f64, f64, f64)> {
    let mut out = HashMap::new();
    let Object::Array(a) = w2 else {
        return out;
    };
    let items: Vec<&Object> = a.iter().map(|o| deref(doc, o)).collect();
    let mut i = 0;
    while i < items.len() && out.len() < MAX_W_RANGE as usize {
        let Some(first) = num(items[i]).filter(|f| *f >= 0.0).map(|f| f as u32) else {
            i += 1;
            continue;
        };
        match items.get(i + 1) {
            Some(Object::Array(ms)) => {
                let ms: Vec<f64> = ms.iter().filter_map(|o| num(deref(doc, o))).collect();
                for (k, m) in ms.chunks_exact(3).enumerate().take(MAX_W_RANGE as usize) {
                    out.insert(first.saturating_add(k as u32), (m[0], m[1], m[2]));
                }
                i += 2;
            }
            Some(_) => {
                let n: Vec<Option<f64>> = (1..5)
                    .map(|k| items.get(i + k).and_then(|o| num(o)))
                    .collect();
                if let [Some(last), Some(w1y), Some(vx), Some(vy)] = n[..] {
                    let last = (last.max(0.0) as u32).min(first.saturating_add(MAX_W_RANGE));
                    for cid in first..=last {
                        out.insert(cid, (w1y, vx, vy));
                    }
                }
                i += 5;
            }
            None => break,
        }
    }
    out
}

/// Widths of single CIDs, and of CID ranges `(first, last, width)`.
pub(super) type CidWidths = (HashMap<u32, f64>, Vec<(u32, u32, f64)>);

/// Upper bound on CIDs expanded from `/W` ranges.
const MAX_W_RANGE: u32 = 1 << 16;

/// Parse a CID font `/W` array (both the `c [w…]` and `first last w` forms).
pub(super) fn parse_w(doc: &Document, w: &Object) -> CidWidths {
    let mut single = HashMap::new();
    let mut ranges = Vec::new();
    let Object::Array(a) = w else {
        return (single, ranges);
    };
    let items: Vec<&Object> = a.iter().map(|o| deref(doc, o)).collect();
    let mut i = 0;
    while i < items.len() {
        let Some(first) = num(items[i]).filter(|f| *f >= 0.0).map(|f| f as u32) else {
            i += 1;
            continue;
        };
        match items.get(i + 1) {
            Some(Object::Array(ws)) => {
                for (k, o) in ws.iter().enumerate().take(MAX_W_RANGE as usize) {
                    if let Some(w) = num(deref(doc, o)) {
                        single.insert(first.saturating_add(k as u32), w);
                    }
                }
                i += 2;
            }
            Some(o) => {
                if let (Some(last), Some(w)) = (num(o), items.get(i + 2).and_then(|o| num(o))) {
                    if last >= first as f64 {
                        ranges.push((first, last as u32, w));
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
    (single, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w_both_forms() {
        let doc = Document::with_version("1.5");
        let w = Object::Array(vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(277), Object::Real(305.5)]),
            Object::Integer(17),
            Object::Integer(26),
            Object::Integer(668),
        ]);
        let (s, r) = parse_w(&doc, &w);
        assert_eq!(s.get(&1), Some(&277.0));
        assert_eq!(s.get(&2), Some(&305.5));
        assert_eq!(r, vec![(17, 26, 668.0)]);
    }
}
