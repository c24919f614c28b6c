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

mod canonical;
mod stream;
#[cfg(test)]
mod tests;

pub(crate) use canonical::{canonical, push_subsections, Canonical};
use stream::{stream_data, stream_entries};

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
