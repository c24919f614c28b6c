//! Cross-reference repair for damaged files.
//!
//! `lopdf` trusts the xref table: when bytes were inserted or lost (a bad
//! transfer, a careless edit) it fails to load, or — worse — silently skips
//! objects whose offsets no longer point at them. Like other readers, tassei
//! then rebuilds the table by scanning the file for `N G obj` headers and
//! appends a fresh xref section and trailer, and loads that instead.

use super::syntax::is_whitespace;
use std::collections::BTreeMap;

/// Read an unsigned integer ending just before `end` (going backwards);
/// returns (value, start index).
fn int_before(bytes: &[u8], end: usize) -> Option<(u64, usize)> {
    let mut i = end;
    while i > 0 && bytes[i - 1].is_ascii_digit() {
        i -= 1;
    }
    if i == end || end - i > 10 {
        return None;
    }
    let v = std::str::from_utf8(&bytes[i..end]).ok()?.parse().ok()?;
    Some((v, i))
}

fn skip_ws_back(bytes: &[u8], mut i: usize) -> usize {
    while i > 0 && is_whitespace(bytes[i - 1]) {
        i -= 1;
    }
    i
}

/// Offsets of the last definition of each object: number → (generation, offset).
pub(crate) fn scan_objects(bytes: &[u8]) -> BTreeMap<u32, (u16, usize)> {
    let mut found = BTreeMap::new();
    let mut i = 0;
    while let Some(k) = memfind(&bytes[i..], b"obj") {
        let at = i + k;
        i = at + 3;
        if bytes
            .get(at + 3)
            .is_some_and(|b| !is_whitespace(*b) && !b"<[/(%".contains(b))
        {
            continue; // e.g. "objstm"
        }
        let e = skip_ws_back(bytes, at);
        if e == at {
            continue;
        }
        let Some((gen, gs)) = int_before(bytes, e) else {
            continue;
        };
        let e2 = skip_ws_back(bytes, gs);
        if e2 == gs {
            continue;
        }
        let Some((num, ns)) = int_before(bytes, e2) else {
            continue;
        };
        if ns > 0 && !is_whitespace(bytes[ns - 1]) {
            continue;
        }
        if num == 0 || num > 10_000_000 || gen > 65_535 {
            continue;
        }
        found.insert(num as u32, (gen as u16, ns));
    }
    found
}

fn memfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The last `/Root n g R` in the file.
fn find_root(bytes: &[u8]) -> Option<(u32, u16)> {
    let mut pos = None;
    let mut i = 0;
    while let Some(k) = memfind(&bytes[i..], b"/Root") {
        pos = Some(i + k + 5);
        i += k + 5;
    }
    let mut j = pos?;
    let mut fields = [0u64; 2];
    for f in fields.iter_mut() {
        while j < bytes.len() && is_whitespace(bytes[j]) {
            j += 1;
        }
        let s = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        *f = std::str::from_utf8(&bytes[s..j]).ok()?.parse().ok()?;
    }
    while j < bytes.len() && is_whitespace(bytes[j]) {
        j += 1;
    }
    (bytes.get(j) == Some(&b'R')).then_some((
        u32::try_from(fields[0]).ok()?,
        u16::try_from(fields[1]).ok()?,
    ))
}

/// The file with a rebuilt xref section and trailer appended, or `None` when
/// no objects or no catalog reference can be found.
pub(crate) fn rebuild_xref(bytes: &[u8]) -> Option<Vec<u8>> {
    let objects = scan_objects(bytes);
    let root = find_root(bytes)?;
    let max = *objects.keys().next_back()?;
    let mut out = Vec::with_capacity(bytes.len() + 20 * objects.len() + 128);
    out.extend_from_slice(bytes);
    out.push(b'\n');
    let xref_at = out.len();
    out.extend_from_slice(b"xref\n0 1\n0000000000 65535 f \n");
    // The numbers found may be sparse and large: one subsection per run.
    super::xref::push_subsections(
        &mut out,
        objects
            .into_iter()
            .map(|(num, (gen, off))| (num, gen, off as u64)),
    );
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root {} {} R >>\nstartxref\n{}\n%%EOF\n",
            max + 1,
            root.0,
            root.1,
            xref_at
        )
        .as_bytes(),
    );
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_headers_and_root() {
        let pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n12 3 obj<<>>endobj\nxobj 5 0 objstm\ntrailer << /Root 1 0 R >>";
        let objs = scan_objects(pdf);
        assert_eq!(objs.get(&1), Some(&(0, 9)));
        assert_eq!(objs.get(&12).map(|o| o.0), Some(3));
        assert_eq!(objs.len(), 2);
        assert_eq!(find_root(pdf), Some((1, 0)));
        let fixed = rebuild_xref(pdf).expect("rebuilt");
        assert!(fixed.ends_with(b"%%EOF\n"));
    }
}
