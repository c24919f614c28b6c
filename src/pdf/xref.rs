//! The cross-reference chain, read by tassei instead of lopdf.
//!
//! lopdf inflates cross-reference streams while it walks the chain from
//! `startxref` (through `/Prev` and `/XRefStm`), in one uncapped
//! `read_to_end`, whatever the stream's `/Type`; its decoder also trusts
//! `/W`, `/Index` and the predictor parameters with allocations and loops.
//! So tassei walks the chain itself ([`read`]), decoding every stream
//! section within the document's [`Budget`], and gives lopdf the file with
//! one plain `xref` table and trailer appended ([`canonical`]): lopdf then
//! never meets a cross-reference stream, and — since a plain table cannot
//! say "object N is inside object stream M" — never meets a compressed
//! entry either, which is what makes it decompress object streams on its
//! own (`Reader::get_compressed_object`, for an indirect `/Length`, and the
//! encrypted loader). Object streams are decoded by tassei instead
//! (`loader.rs`).
//!
//! The chain is read as lopdf reads it — offsets relative to `%PDF-`,
//! `startxref` just before the last `%%EOF`, newer sections win, free
//! entries ignored, a cycle ends the chain, a bad `/Prev` fails the load —
//! with two differences that only make more files readable: a stream
//! section is decoded from its data to the end of the file (the decoders
//! stop at their own end, so no `/Length` is needed and bytes that look
//! like `endstream` inside the data cannot cut it), and `/XRefStm` of every
//! section is read, after that section's table (PDF 1.7 §7.5.8.4).

use std::collections::{BTreeMap, HashMap, HashSet};

use super::streams::{Budget, DecodeError, Exceeded, Params};
use super::syntax::{self, Dict, Parser, Value};

/// Most cross-reference entries read from one file (a 64 MiB file cannot
/// hold more objects than this; the limit bounds tassei's own tables).
pub(crate) const MAX_ENTRIES: usize = 4 << 20;

/// Most sections in the chain.
const MAX_SECTIONS: usize = 4096;

/// Most white space and comments accepted between an xref offset and the
/// object header it points at (lopdf accepts any amount; a real file has
/// none, and the repair path finds objects whose offsets are off).
pub(crate) const MAX_HEADER_SPACE: usize = 4096;

/// One cross-reference entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    /// At `offset`, generation `gen`.
    Normal { offset: u32, gen: u16 },
    /// Inside the object stream `container`.
    Compressed { container: u32 },
}

/// The merged cross-reference chain.
#[derive(Debug, Default)]
pub(crate) struct Xref {
    pub(crate) entries: BTreeMap<u32, Entry>,
    /// Trailer keys lopdf's document needs, with the byte range of each
    /// value in the input (from the newest section that has it).
    pub(crate) trailer: Vec<(&'static str, (usize, usize))>,
}

impl Xref {
    /// Object number → container, for the compressed entries.
    pub(crate) fn compressed(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.entries.iter().filter_map(|(&id, e)| match *e {
            Entry::Compressed { container } => Some((id, container)),
            Entry::Normal { .. } => None,
        })
    }
}

/// Why the chain could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum XrefError {
    /// A stream section inflates past the budget.
    TooLarge(Exceeded),
    /// The chain is damaged (lopdf would fail to load the file too).
    Broken(&'static str),
}

type Result<T> = std::result::Result<T, XrefError>;

const TRAILER_KEYS: [&str; 4] = ["Root", "Info", "ID", "Encrypt"];

/// Where the last cross-reference section starts: the `startxref` value
/// just before the last `%%EOF` of the file's final 512 bytes (lopdf's
/// `get_xref_start`, a little more lenient about the bytes in between).
pub(crate) fn xref_start(buf: &[u8]) -> Option<usize> {
    let tail = buf.len().saturating_sub(512);
    let eof = memchr::memmem::rfind(buf.get(tail..)?, b"%%EOF")? + tail;
    let from = eof.saturating_sub(48);
    let at = memchr::memmem::rfind(buf.get(from..eof)?, b"startxref")? + from;
    let mut p = Parser::new(buf, at + b"startxref".len());
    p.skip_space();
    usize::try_from(p.integer()?).ok()
}

/// Read the chain of `buf` (the file from its `%PDF-` on), decoding stream
/// sections within `budget`.
pub(crate) fn read(buf: &[u8], budget: &Budget) -> Result<Xref> {
    let start = xref_start(buf).ok_or(XrefError::Broken("no startxref before %%EOF"))?;
    let mut x = Xref::default();
    let mut seen = HashSet::new();
    let mut total = 0usize;
    let mut next = Some(start);
    while let Some(off) = next {
        if !seen.insert(off) {
            break; // a cycle: lopdf stops too
        }
        if seen.len() > MAX_SECTIONS {
            return Err(XrefError::Broken("too many cross-reference sections"));
        }
        let sec = section(buf, off, budget, &mut total)?;
        merge(&mut x.entries, sec.entries);
        for key in TRAILER_KEYS {
            if !x.trailer.iter().any(|t| t.0 == key) {
                if let Some(span) = sec.dict.span(key.as_bytes()) {
                    x.trailer.push((key, span));
                }
            }
        }
        // A hybrid file's stream section (lopdf often skips it; an
        // unreadable one is ignored, not fatal).
        if let Some(s) = sec
            .dict
            .int(b"XRefStm")
            .and_then(|s| usize::try_from(s).ok())
        {
            if seen.insert(s) {
                match section(buf, s, budget, &mut total) {
                    Ok(h) => merge(&mut x.entries, h.entries),
                    Err(XrefError::TooLarge(e)) => return Err(XrefError::TooLarge(e)),
                    Err(XrefError::Broken(_)) => {}
                }
            }
        }
        next = match sec.dict.get(b"Prev") {
            Some(Value::Int(p)) => match usize::try_from(*p) {
                Ok(p) if p <= buf.len() => Some(p),
                _ => return Err(XrefError::Broken("/Prev points outside the file")),
            },
            _ => None,
        };
    }
    Ok(x)
}

/// Older sections never replace what a newer one says.
fn merge(into: &mut BTreeMap<u32, Entry>, section: BTreeMap<u32, Entry>) {
    if into.is_empty() {
        *into = section;
        return;
    }
    for (id, e) in section {
        into.entry(id).or_insert(e);
    }
}

struct Section {
    dict: Dict,
    /// Within a section a later entry for the same object wins (as lopdf).
    entries: BTreeMap<u32, Entry>,
}

fn count(total: &mut usize) -> Result<()> {
    *total += 1;
    if *total > MAX_ENTRIES {
        return Err(XrefError::Broken("too many cross-reference entries"));
    }
    Ok(())
}

/// The section at `off`: a classic table (`xref` … `trailer << >>`) or an
/// indirect object that is a stream (any stream: lopdf does not look at
/// its `/Type` either).
fn section(buf: &[u8], off: usize, budget: &Budget, total: &mut usize) -> Result<Section> {
    let mut p = Parser::new(buf, off);
    p.skip_space();
    if p.eat(b"xref") {
        return table(p, total);
    }
    let broken = XrefError::Broken("no cross-reference section where startxref or /Prev points");
    let (_, v, data) = syntax::indirect_object(buf, off, MAX_HEADER_SPACE).ok_or(broken.clone())?;
    let (Value::Dict(dict), Some(data)) = (v, data) else {
        return Err(broken);
    };
    let decoded = stream_data(buf, &dict, data, budget)?;
    let entries = stream_entries(&dict, &decoded, total)?;
    Ok(Section { dict, entries })
}

/// A classic table, after `xref`: subsection headers `start count` and
/// entries `offset generation n|f`, up to `trailer` and its dictionary.
fn table(mut p: Parser, total: &mut usize) -> Result<Section> {
    let bad = XrefError::Broken("damaged cross-reference table");
    let mut entries = BTreeMap::new();
    let mut next: Option<u64> = None;
    loop {
        p.skip_space();
        if p.eat(b"trailer") {
            break;
        }
        let a = p.unsigned().ok_or(bad.clone())?;
        p.skip_space();
        let b = p.unsigned().ok_or(bad.clone())?;
        p.skip_space();
        let used = if p.eat(b"n") {
            true
        } else if p.eat(b"f") {
            false
        } else {
            // A subsection header (its count is not trusted, as in lopdf).
            next = Some(a);
            continue;
        };
        let id = next.ok_or(bad.clone())?;
        next = Some(id + 1);
        count(total)?;
        if let (true, Ok(id), Ok(offset), Ok(gen)) =
            (used, u32::try_from(id), u32::try_from(a), u16::try_from(b))
        {
            entries.insert(id, Entry::Normal { offset, gen });
        }
    }
    match p.object() {
        Some(Value::Dict(dict)) => Ok(Section { dict, entries }),
        _ => Err(XrefError::Broken("no trailer dictionary")),
    }
}

/// The decoded data of a stream section starting at `start`.
fn stream_data(buf: &[u8], dict: &Dict, start: usize, budget: &Budget) -> Result<Vec<u8>> {
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
fn stream_entries(dict: &Dict, data: &[u8], total: &mut usize) -> Result<BTreeMap<u32, Entry>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn budget() -> Budget {
        Budget::new(1 << 20, 4 << 20)
    }

    fn flate(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let _ = e.write_all(data);
        e.finish().unwrap_or_default()
    }

    /// A file: objects, then sections written by `tail(offsets, out)`.
    fn file(objs: &[&[u8]], tail: impl Fn(&[usize], &mut Vec<u8>)) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offs = Vec::new();
        for (i, o) in objs.iter().enumerate() {
            offs.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(o);
            out.extend_from_slice(b"\nendobj\n");
        }
        tail(&offs, &mut out);
        out
    }

    fn classic(offs: &[usize], out: &mut Vec<u8>, trailer: &str) -> usize {
        let at = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", offs.len() + 1).as_bytes(),
        );
        for o in offs {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(format!("trailer\n{trailer}\n").as_bytes());
        at
    }

    fn finish(out: &mut Vec<u8>, at: usize) {
        out.extend_from_slice(format!("startxref\n{at}\n%%EOF\n").as_bytes());
    }

    fn xref_stream(num: usize, rows: &[(u8, u32, u16)], dict: &str, out: &mut Vec<u8>) -> usize {
        let at = out.len();
        let mut data = Vec::new();
        for &(t, a, b) in rows {
            data.push(t);
            data.extend_from_slice(&a.to_be_bytes());
            data.extend_from_slice(&b.to_be_bytes());
        }
        let data = flate(&data);
        out.extend_from_slice(
            format!(
                "{num} 0 obj\n<< /W [1 4 2] {dict} /Filter /Fl#61teDecode /Length {} >>\nstream\n",
                data.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
        at
    }

    #[test]
    fn classic_table_and_trailer() {
        let pdf = file(&[b"<< /Type /Catalog >>", b"42"], |offs, out| {
            let at = classic(offs, out, "<< /Size 3 /Root 1 0 R /ID [<01><02>] >>");
            finish(out, at);
        });
        let x = read(&pdf, &budget()).expect("xref");
        assert_eq!(x.entries.len(), 2);
        let two = pdf.windows(7).position(|w| w == b"2 0 obj").unwrap_or(0) as u32;
        assert_eq!(
            x.entries.get(&2),
            Some(&Entry::Normal {
                offset: two,
                gen: 0
            })
        );
        let keys: Vec<&str> = x.trailer.iter().map(|t| t.0).collect();
        assert_eq!(keys, ["Root", "ID"]);
        let c = canonical(&pdf, &x);
        let doc = lopdf::Document::load_mem(&c.bytes).expect("lopdf loads it");
        assert_eq!(doc.objects.len(), 2);
        assert_eq!(
            doc.trailer.get(b"Root").ok(),
            Some(&lopdf::Object::Reference((1, 0)))
        );
        assert!(doc.trailer.get(b"ID").is_ok());
        assert_eq!(c.headers.len(), 2);
    }

    #[test]
    fn prev_chain_of_streams_and_tables() {
        // Newest: an xref stream without /Type (and with an escaped filter
        // name) whose /Prev is a table. The stream says where objects 1
        // and 3 are; the table also lists 1 and 2.
        let pdf = file(
            &[b"<< /Type /Catalog >>", b"(old)", b"(new)"],
            |offs, out| {
                let old = classic(&offs[..2], out, "<< /Size 3 /Root 1 0 R >>");
                let rows = [(1u8, offs[2] as u32, 0u16), (2, 7, 0)];
                let at = xref_stream(9, &rows, &format!("/Index [1 1 3 1] /Prev {old}"), out);
                finish(out, at);
            },
        );
        let offs: Vec<u32> = [&b"1 0 obj"[..], b"2 0 obj", b"3 0 obj"]
            .iter()
            .map(|h| pdf.windows(7).position(|w| w == *h).unwrap_or(0) as u32)
            .collect();
        let x = read(&pdf, &budget()).expect("xref");
        let normal = |offset| Some(Entry::Normal { offset, gen: 0 });
        // The newer section wins for object 1 (at object 3's offset).
        assert_eq!(x.entries.get(&1).copied(), normal(offs[2]));
        assert_eq!(x.entries.get(&2).copied(), normal(offs[1]));
        assert_eq!(x.entries.get(&3), Some(&Entry::Compressed { container: 7 }));
        assert_eq!(x.compressed().collect::<Vec<_>>(), [(3, 7)]);
        // The Root comes from the newest section that has one.
        assert_eq!(x.trailer.iter().map(|t| t.0).collect::<Vec<_>>(), ["Root"]);
    }

    #[test]
    fn hybrid_file_reads_its_xref_stream() {
        let pdf = file(&[b"<< /Type /Catalog >>"], |offs, out| {
            let stm = xref_stream(5, &[(2u8, 9, 0)], "/Index [2 1] /Size 3", out);
            let at = classic(
                offs,
                out,
                &format!("<< /Size 2 /Root 1 0 R /XRefStm {stm} >>"),
            );
            finish(out, at);
        });
        let x = read(&pdf, &budget()).expect("xref");
        assert_eq!(x.entries.get(&2), Some(&Entry::Compressed { container: 9 }));
        assert!(matches!(x.entries.get(&1), Some(Entry::Normal { .. })));
    }

    #[test]
    fn cycles_end_the_chain_and_bad_prev_fails() {
        let pdf = file(&[b"<< /Type /Catalog >>"], |offs, out| {
            let at = out.len();
            // /Prev points at this very table.
            classic(offs, out, &format!("<< /Size 2 /Root 1 0 R /Prev {at} >>"));
            finish(out, at);
        });
        assert_eq!(read(&pdf, &budget()).map(|x| x.entries.len()), Ok(1));
        let pdf = file(&[b"<< /Type /Catalog >>"], |offs, out| {
            let at = classic(offs, out, "<< /Size 2 /Root 1 0 R /Prev 99999999 >>");
            finish(out, at);
        });
        assert!(matches!(read(&pdf, &budget()), Err(XrefError::Broken(_))));
        // No startxref, or one pointing at nothing.
        assert!(read(b"%PDF-1.4\n1 0 obj 1 endobj\n%%EOF", &budget()).is_err());
        let pdf = file(&[b"1"], |_, out| finish(out, 3));
        assert!(read(&pdf, &budget()).is_err());
    }

    #[test]
    fn stream_sections_are_decoded_within_the_budget() {
        // An xref stream "bomb": 8 MiB of zero rows in a few KiB.
        let mut out = b"%PDF-1.5\n".to_vec();
        let at = out.len();
        let data = flate(&vec![0u8; 8 << 20]);
        out.extend_from_slice(
            format!(
                "1 0 obj\n<< /W [1 4 2] /Size 1 /Filter /FlateDecode /Length {} >>\nstream\n",
                data.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
        finish(&mut out, at);
        assert!(out.len() < 20_000);
        assert_eq!(
            read(&out, &budget()).err(),
            Some(XrefError::TooLarge(Exceeded::Stream))
        );
        // A wrong /Length and the bytes "endstream" inside the data change
        // nothing: the data is decoded to its own end.
        let mut rows = b"endstr".to_vec();
        rows.extend_from_slice(b"eam");
        for i in 0..200u32 {
            rows.extend_from_slice(&(1000 + i).to_be_bytes()[..]);
            rows.extend_from_slice(&[0, 0, 0, 0, 0]);
        }
        // A stored (not compressed) block keeps the bytes as they are.
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::none());
        let _ = e.write_all(&rows);
        let data = e.finish().unwrap_or_default();
        assert!(data.windows(9).any(|w| w == b"endstream"));
        let mut out = b"%PDF-1.5\n".to_vec();
        let at = out.len();
        out.extend_from_slice(
            b"1 0 obj\n<< /W [0 4 5] /Size 201 /Filter /FlateDecode /Length 20 >>\nstream\n",
        );
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
        finish(&mut out, at);
        let x = read(&out, &budget()).expect("xref");
        // (the first row, "endstream", says object 0 is at offset "ends")
        assert_eq!(x.entries.len(), 201);
        assert_eq!(
            x.entries.get(&200),
            Some(&Entry::Normal {
                offset: 1199,
                gen: 0
            })
        );
    }

    #[test]
    fn zero_width_and_huge_index_are_bounded() {
        let mut out = b"%PDF-1.5\n".to_vec();
        let at = out.len();
        out.extend_from_slice(b"1 0 obj\n<< /W [0 0 0] /Index [0 4000000000] /Length 0 >>\nstream\n\nendstream\nendobj\n");
        finish(&mut out, at);
        assert!(matches!(read(&out, &budget()), Err(XrefError::Broken(_))));
        let mut out = b"%PDF-1.5\n".to_vec();
        let at = out.len();
        out.extend_from_slice(b"1 0 obj\n<< /W [1 1 0] /Index [0 4000000000] /Length 4 >>\nstream\n\x01\x09\x01\x09\nendstream\nendobj\n");
        finish(&mut out, at);
        let x = read(&out, &budget()).expect("xref");
        assert_eq!(x.entries.len(), 2);
    }

    #[test]
    fn canonical_breaks_length_chains_only() {
        // 2's /Length is stream 3 (nulled); 3's is the integer 4 (kept).
        let pdf = file(
            &[
                b"<< /Type /Catalog >>",
                b"<< /Length 3 0 R >>\nstream\nab\nendstream",
                b"<</Filter/FlateDecode/Length 4 0 R>>stream\nxyz\nendstream",
                b"3",
            ],
            |offs, out| {
                let at = classic(offs, out, "<< /Size 5 /Root 1 0 R >>");
                finish(out, at);
            },
        );
        let x = read(&pdf, &budget()).expect("xref");
        let c = canonical(&pdf, &x);
        let text = String::from_utf8_lossy(&c.bytes);
        assert!(text.contains("<< /Length null  >>"), "{text}");
        assert!(text.contains("/Length 4 0 R>>"), "{text}");
        // Nothing else changes, nothing moves.
        let patched = String::from_utf8_lossy(&pdf).replacen("/Length 3 0 R", "/Length null ", 1);
        assert_eq!(&c.bytes[..pdf.len()], patched.as_bytes());
    }

    #[test]
    fn encrypted_files_raw_copies_are_bounded() {
        // 2,000 objects and one `endobj` at the end: lopdf's encrypted
        // loader would copy ~40 MB out of a 40 KB file.
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offs = Vec::new();
        for i in 1..=2000 {
            offs.push(out.len());
            out.extend_from_slice(format!("{i} 0 obj\n<< /A {i} >>\n").as_bytes());
        }
        out.extend_from_slice(b"endobj\n");
        let at = classic(
            &offs,
            &mut out,
            "<< /Size 2001 /Root 1 0 R /Encrypt 9999 0 R >>",
        );
        finish(&mut out, at);
        let x = read(&out, &budget()).expect("xref");
        assert_eq!(x.entries.len(), 2000);
        assert_eq!(canonical(&out, &x).headers.len(), 1);
        // Not encrypted: lopdf parses each object once, all are kept.
        let plain =
            String::from_utf8_lossy(&out).replace("/Encrypt 9999 0 R", "/Encrypt1 9999 0 R");
        let x = read(plain.as_bytes(), &budget()).expect("xref");
        assert_eq!(canonical(plain.as_bytes(), &x).headers.len(), 2000);
        // One damaged `endobj` between two objects: both kept.
        let pdf = file(&[b"<< /Type /Catalog >>", b"(two)"], |offs, out| {
            let at = classic(offs, out, "<< /Size 3 /Root 1 0 R /Encrypt 5 0 R >>");
            finish(out, at);
        });
        let pdf = String::from_utf8_lossy(&pdf).replacen("endobj", "end obj", 1);
        let x = read(pdf.as_bytes(), &budget()).expect("xref");
        assert_eq!(canonical(pdf.as_bytes(), &x).headers.len(), 2);
    }

    #[test]
    fn canonical_keeps_one_entry_per_offset() {
        // Three entries point at object 2's header; objects 4 and 5 at
        // nothing.
        let pdf = file(&[b"<< /Type /Catalog >>", b"(two)"], |offs, out| {
            let at = out.len();
            out.extend_from_slice(b"xref\n1 5\n");
            for o in [offs[0], offs[1], offs[1], 3, 999_999] {
                out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
            }
            out.extend_from_slice(b"trailer\n<< /Root 1 0 R >>\n");
            finish(out, at);
        });
        let x = read(&pdf, &budget()).expect("xref");
        assert_eq!(x.entries.len(), 5);
        let c = canonical(&pdf, &x);
        let doc = lopdf::Document::load_mem(&c.bytes).expect("lopdf");
        assert_eq!(doc.reference_table.entries.len(), 2);
        assert!(doc.objects.contains_key(&(2, 0)));
        assert_eq!(
            c.headers.get(&(2, 0)),
            Some(&(pdf.windows(7).position(|w| w == b"2 0 obj").unwrap_or(0) as u32))
        );
    }
}
