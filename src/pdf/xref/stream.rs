//! Cross-reference streams (PDF 1.5): a section's data decoded within the
//! document's budget, and its rows (`/W`, `/Index`) read into entries.

use super::*;

/// The decoded data of a stream section starting at `start`.
pub(super) fn stream_data(
    buf: &[u8],
    dict: &Dict,
    start: usize,
    budget: &Budget,
) -> Result<Vec<u8>> {
    let rest = buf.get(start..).unwrap_or_default();
    let filters: Vec<&[u8]> = match dict.get(b"Filter") {
        None => Vec::new(),
        Some(Value::Name(n)) => vec![n.as_slice()],
        Some(Value::Array(a)) => a
            .iter()
            .map(Value::as_name)
            .collect::<Option<_>>()
            .ok_or(XrefError::Broken("bad /Filter in a cross-reference stream"))?,
        Some(_) => return Err(XrefError::Broken("bad /Filter in a cross-reference stream")),
    };
    if filters.is_empty() {
        // Not encoded: its /Length, or up to `endstream`.
        let len = dict
            .int(b"Length")
            .and_then(|l| usize::try_from(l).ok())
            .filter(|&l| l <= rest.len())
            .or_else(|| memchr::memmem::find(rest, b"endstream"))
            .ok_or(XrefError::Broken("cross-reference stream without an end"))?;
        return Ok(rest.get(..len).unwrap_or_default().to_vec());
    }
    let params = match dict.get(b"DecodeParms") {
        Some(Value::Dict(p)) => Some(Params::from_lookup(|k| p.int(k))),
        _ => None,
    };
    budget
        .decode_filters(&filters, params, rest)
        .map_err(|e| match e {
            DecodeError::TooLarge(e) => XrefError::TooLarge(e),
            DecodeError::Damaged => XrefError::Broken("undecodable cross-reference stream"),
        })
}

/// The entries of a cross-reference stream (`/W`, `/Index`, `/Size`).
pub(super) fn stream_entries(
    dict: &Dict,
    data: &[u8],
    total: &mut usize,
) -> Result<BTreeMap<u32, Entry>> {
    let bad = XrefError::Broken("bad /W in a cross-reference stream");
    let ints = |v: &Value| -> Option<Vec<i64>> {
        match v {
            Value::Array(a) => a.iter().map(Value::as_int).collect(),
            _ => None,
        }
    };
    let w = dict.get(b"W").and_then(ints).ok_or(bad.clone())?;
    let w: Vec<usize> = w
        .iter()
        .take(3)
        .map(|&x| usize::try_from(x).ok().filter(|&x| x <= 8))
        .collect::<Option<_>>()
        .ok_or(bad.clone())?;
    if w.len() < 3 {
        return Err(bad);
    }
    let width = w[0] + w[1] + w[2];
    if width == 0 {
        return Err(bad);
    }
    let index = dict
        .get(b"Index")
        .and_then(ints)
        .or_else(|| dict.int(b"Size").map(|s| vec![0, s]))
        .unwrap_or_else(|| vec![0, (data.len() / width) as i64]);
    let field = |row: &[u8], from: usize, len: usize| -> u64 {
        row.get(from..from + len)
            .unwrap_or_default()
            .iter()
            .fold(0u64, |v, &b| (v << 8) | b as u64)
    };
    let mut entries = BTreeMap::new();
    let mut rows = data.chunks_exact(width);
    'sections: for pair in index.chunks_exact(2) {
        let (Ok(start), Ok(n)) = (u32::try_from(pair[0]), u64::try_from(pair[1])) else {
            continue;
        };
        for j in 0..n {
            // Data ends before /Index does: keep what there is.
            let Some(row) = rows.next() else {
                break 'sections;
            };
            let Some(id) = u32::try_from(j).ok().and_then(|j| start.checked_add(j)) else {
                break;
            };
            count(total)?;
            let kind = if w[0] == 0 { 1 } else { field(row, 0, w[0]) };
            let f2 = field(row, w[0], w[1]);
            let f3 = field(row, w[0] + w[1], w[2]);
            match kind {
                1 => {
                    if let Ok(offset) = u32::try_from(f2) {
                        // lopdf keeps the low 16 bits of the generation.
                        let gen = f3 as u16;
                        entries.insert(id, Entry::Normal { offset, gen });
                    }
                }
                2 => {
                    if let Ok(container) = u32::try_from(f2) {
                        entries.insert(id, Entry::Compressed { container });
                    }
                }
                _ => {}
            }
        }
    }
    Ok(entries)
}
