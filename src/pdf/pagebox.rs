//! A page's box and attributes inherited through the page tree: the
//! geometry each page is read with (`/MediaBox` ∩ `/CropBox`, `/Rotate`),
//! and, for a page whose own box is missing or broken, the box most pages
//! of the document have.

use lopdf::{Dictionary, Object, ObjectId};

use super::collect::PageGeom;
use super::{deref, num};

/// A page attribute, inherited through `/Parent`.
pub(super) fn inherited<'a>(
    doc: &'a lopdf::Document,
    page: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Object> {
    let mut d = page;
    for _ in 0..32 {
        if let Ok(v) = d.get(key) {
            let v = deref(doc, v);
            if !matches!(v, Object::Null) {
                return Some(v);
            }
        }
        d = deref(doc, d.get(b"Parent").ok()?).as_dict().ok()?;
    }
    None
}

fn rect_of(doc: &lopdf::Document, o: Option<&Object>) -> Option<[f64; 4]> {
    let Some(Object::Array(a)) = o else {
        return None;
    };
    if a.len() != 4 {
        return None;
    }
    let mut v = [0.0; 4];
    for (i, x) in a.iter().enumerate() {
        v[i] = num(deref(doc, x))?;
    }
    let r = [
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ];
    (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0).then_some(r)
}

/// The page box most pages of the document have: what a page whose own
/// `/MediaBox` is missing or broken gets, as poppler gives it its
/// parent's or a default box.
pub(super) fn common_media_box(
    doc: &lopdf::Document,
    pages: &[(u32, ObjectId)],
) -> Option<[f64; 4]> {
    let mut seen: Vec<([f64; 4], usize)> = Vec::new();
    for &(_, id) in pages {
        let Some(page) = doc.get_object(id).ok().and_then(|o| o.as_dict().ok()) else {
            continue;
        };
        if let Some(r) = rect_of(doc, inherited(doc, page, b"MediaBox")) {
            let same = |b: &[f64; 4]| b.iter().zip(&r).all(|(x, y)| (x - y).abs() < 0.5);
            match seen.iter().position(|(b, _)| same(b)) {
                Some(i) => seen[i].1 += 1,
                None if seen.len() < 64 => seen.push((r, 1)),
                None => {}
            }
        }
    }
    seen.into_iter().max_by_key(|(_, n)| *n).map(|(b, _)| b)
}

/// The page's geometry, and whether its own `/MediaBox` was unusable and
/// `fallback` (the document's usual box, else US Letter) was taken.
pub(super) fn page_geom(
    doc: &lopdf::Document,
    page: &Dictionary,
    fallback: Option<[f64; 4]>,
) -> (PageGeom, bool) {
    let own = rect_of(doc, inherited(doc, page, b"MediaBox"));
    let replaced = own.is_none();
    let media = own.or(fallback).unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let b = match rect_of(doc, inherited(doc, page, b"CropBox")) {
        Some(c) => {
            let i = [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ];
            if i[2] - i[0] > 1.0 && i[3] - i[1] > 1.0 {
                i
            } else {
                media
            }
        }
        None => media,
    };
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(num)
        .map(|r| (r as i64).rem_euclid(360) as i32)
        .unwrap_or(0);
    let rotate = if rotate % 90 == 0 { rotate } else { 0 };
    let geom = PageGeom {
        llx: b[0],
        lly: b[1],
        urx: b[2],
        ury: b[3],
        rotate,
    };
    (geom, replaced)
}
