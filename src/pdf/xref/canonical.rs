//! The file handed to lopdf: the input with one plain cross-reference
//! table and trailer appended ([`canonical`]), so lopdf never decodes a
//! cross-reference stream nor meets a compressed entry.

use super::*;

/// The bytes lopdf loads: `buf`, then a plain `xref` table of the normal
/// entries that point at an object header (one entry per header) and a
/// trailer with the chain's `/Root`, `/Info`, `/ID` and `/Encrypt`.
///
/// One change is made to `buf`'s own bytes: a stream whose `/Length` is a
/// reference to another stream gets `/Length null` (same length of bytes).
/// lopdf resolves an indirect `/Length` by parsing the object it names
/// while parsing the stream, recursively — a chain of streams, each the
/// length of the previous one, overflows the stack — and a stream is never
/// a length: lopdf ends up without one either way.
pub(crate) struct Canonical {
    pub(crate) bytes: Vec<u8>,
    /// For each object lopdf loads from the table: the id in its header
    /// (which lopdf files it under) and its offset (the last entry in
    /// table order wins, as in lopdf).
    pub(crate) headers: HashMap<(u32, u16), u32>,
    /// Where each object lopdf parses starts (an offset of the table, at
    /// its header), in file order.
    pub(crate) objects: Vec<usize>,
}

/// A stream's `/Length` reference and where it is written.
type LengthRef = ((u32, u16), (usize, usize));

/// What an offset of the table points at.
struct Target {
    /// The entry kept for it.
    entry: (u32, u16),
    /// The id in the header.
    header: (u32, u16),
    /// A stream: its `/Length` when that is a reference, and where the
    /// reference is written.
    stream: Option<Option<LengthRef>>,
}

/// After an object header: a stream's `/Length` reference, if it is a
/// stream (`Some`).
fn stream_length(p: &mut Parser) -> Option<Option<LengthRef>> {
    let d = p.top_dict_entry(b"Length")?;
    p.stream_keyword()?;
    Some(match d.get(b"Length") {
        Some(&Value::Ref(n, g)) => d.span(b"Length").map(|span| ((n, g), span)),
        _ => None,
    })
}

pub(crate) fn canonical(buf: &[u8], x: &Xref) -> Canonical {
    // Normal entries by offset; each offset is looked at once.
    let mut offsets: Vec<(u32, (u32, u16))> = x
        .entries
        .iter()
        .filter_map(|(&id, e)| match *e {
            Entry::Normal { offset, gen } => Some((offset, (id, gen))),
            Entry::Compressed { .. } => None,
        })
        .collect();
    offsets.sort_unstable();
    // The headers the offsets lead to, in file order; several offsets (and
    // entries) may lead to one header: lopdf would parse the object once
    // per entry, tassei lists it once.
    let mut targets: Vec<(usize, Target)> = Vec::new();
    let scan = Parser::new(buf, 0);
    let mut run = (0usize, 0usize); // white space [run.0, run.1) seen last
    for (off, entry) in offsets {
        let o = off as usize;
        // (sorted offsets give non-decreasing header positions)
        let at = if o >= run.0 && o < run.1 {
            run.1
        } else {
            let end = scan.white_space_end(o);
            run = (o, end);
            end
        };
        if at - o > MAX_HEADER_SPACE {
            continue;
        }
        if let Some((last, t)) = targets.last_mut() {
            if *last == at {
                if entry == t.header && t.entry != t.header {
                    t.entry = entry;
                }
                continue;
            }
        }
        let mut p = Parser::new(buf, at);
        let Some(header) = p.object_header(MAX_HEADER_SPACE) else {
            continue;
        };
        let stream = stream_length(&mut p);
        targets.push((
            at,
            Target {
                entry,
                header,
                stream,
            },
        ));
    }
    if x.trailer.iter().any(|t| t.0 == "Encrypt") {
        drop_overlapping_raw_objects(buf, &mut targets);
    }
    // (object number, generation, index in targets), by number
    let mut rows: Vec<(u32, u16, usize)> = targets
        .iter()
        .enumerate()
        .map(|(i, (_, t))| (t.entry.0, t.entry.1, i))
        .collect();
    rows.sort_unstable();
    let mut headers = HashMap::with_capacity(rows.len());
    for &(_, _, i) in &rows {
        let (at, t) = &targets[i];
        headers.insert(t.header, *at as u32);
    }

    let mut out = Vec::with_capacity(buf.len() + rows.len() * 20 + 512);
    out.extend_from_slice(buf);
    // Break /Length chains: a stream whose /Length names a stream lopdf
    // would load (same generation, that id in its header).
    for (_, t) in &targets {
        let Some(Some(((n, g), (s, e)))) = t.stream else {
            continue;
        };
        let names_a_stream = rows
            .binary_search_by_key(&n, |r| r.0)
            .ok()
            .and_then(|k| rows.get(k))
            .is_some_and(|&(_, gen, i)| {
                gen == g && targets[i].1.header == (n, g) && targets[i].1.stream.is_some()
            });
        if names_a_stream && e >= s + 4 {
            if let Some(v) = out.get_mut(s..e) {
                v.fill(b' ');
                v[..4].copy_from_slice(b"null");
            }
        }
    }
    out.push(b'\n');
    let at = out.len();
    out.extend_from_slice(b"xref\n");
    if rows.is_empty() {
        out.extend_from_slice(b"0 0\n");
    }
    push_subsections(
        &mut out,
        rows.iter()
            .map(|&(num, gen, k)| (num, gen, targets[k].0 as u64)),
    );
    let size = rows.last().map_or(1, |r| r.0 as u64 + 1);
    out.extend_from_slice(format!("trailer\n<< /Size {size}").as_bytes());
    for (key, (s, e)) in &x.trailer {
        if let Some(v) = buf.get(*s..*e) {
            out.extend_from_slice(format!(" /{key} ").as_bytes());
            out.extend_from_slice(v);
            out.push(b'\n');
        }
    }
    out.extend_from_slice(format!(" >>\nstartxref\n{at}\n%%EOF\n").as_bytes());
    Canonical {
        bytes: out,
        headers,
        objects: targets.iter().map(|t| t.0).collect(),
    }
}

/// Append classic cross-reference subsections for in-use objects
/// `(number, generation, offset)` given by increasing number: one
/// subsection per run of consecutive numbers, so sparse, large numbers cost
/// nothing. Shared by [`canonical`] and `repair.rs`.
pub(crate) fn push_subsections(out: &mut Vec<u8>, rows: impl IntoIterator<Item = (u32, u16, u64)>) {
    let mut num = itoa::Buffer::new();
    let mut run: Vec<(u16, u64)> = Vec::new();
    let mut first = 0u32;
    let mut flush = |out: &mut Vec<u8>, first: u32, run: &mut Vec<(u16, u64)>| {
        if run.is_empty() {
            return;
        }
        out.extend_from_slice(num.format(first).as_bytes());
        out.push(b' ');
        out.extend_from_slice(num.format(run.len()).as_bytes());
        out.push(b'\n');
        for &(gen, off) in run.iter() {
            push_padded(out, off, 10);
            out.push(b' ');
            push_padded(out, gen as u64, 5);
            out.extend_from_slice(b" n\r\n");
        }
        run.clear();
    };
    for (n, gen, off) in rows {
        if run.is_empty() || first.wrapping_add(run.len() as u32) != n {
            flush(out, first, &mut run);
            first = n;
        }
        run.push((gen, off));
    }
    flush(out, first, &mut run);
}

/// `v` in `width` decimal digits, zero-padded.
fn push_padded(out: &mut Vec<u8>, v: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut v = v;
    let mut i = digits.len();
    while v > 0 && i > 0 {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    let len = (digits.len() - i).max(width);
    out.extend_from_slice(&digits[digits.len() - len..]);
}

/// lopdf's loader for encrypted files first copies each object's bytes
/// from its offset to the next `endobj`, whatever lies between: objects
/// whose headers sit inside another one's bytes are copied again and again
/// (quadratic in the file size). A damaged `endobj` makes two neighbours
/// overlap, which is harmless; when the copies would add up to more than
/// twice the file, only objects whose copies do not overlap are kept.
fn drop_overlapping_raw_objects(buf: &[u8], targets: &mut Vec<(usize, Target)>) {
    let finder = memchr::memmem::Finder::new(b"endobj");
    // The end of each copy (targets are in file order); one search per
    // `endobj` found.
    let mut next: Option<(usize, usize)> = None;
    let mut ends = Vec::with_capacity(targets.len());
    let mut total = 0u64;
    for &(o, _) in targets.iter() {
        let end = match next {
            Some((at, end)) if at >= o => end,
            _ => {
                let found = buf.get(o..).and_then(|r| finder.find(r)).map(|i| o + i);
                let end = found.map_or(buf.len(), |at| at + b"endobj".len());
                next = Some((found.unwrap_or(usize::MAX), end));
                end
            }
        };
        total += end.saturating_sub(o) as u64;
        ends.push(end);
    }
    if total <= 2 * buf.len() as u64 + (1 << 20) {
        return;
    }
    let mut kept_end = 0usize;
    let mut ends = ends.into_iter();
    targets.retain(|&(o, _)| {
        let end = ends.next().unwrap_or(o);
        if o < kept_end {
            false
        } else {
            kept_end = end;
            true
        }
    });
}
