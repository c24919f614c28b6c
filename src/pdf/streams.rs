//! Stream decoding with output caps.
//!
//! `lopdf` inflates a stream in one `read_to_end`, so a few kilobytes of
//! Flate data can ask for gigabytes. Every stream tassei reads (page content,
//! form XObjects, encoding CMaps, ToUnicode maps, font programs handed to the
//! backend) goes through [`Budget::decode`] instead, which decodes the same
//! filters as lopdf 0.42 (`FlateDecode` with PNG predictors, `LZWDecode`,
//! `ASCII85Decode`) with the same tolerance for damaged data, but stops as
//! soon as one stream exceeds [`super::PdfLimits::max_stream_bytes`] or all
//! the streams decoded for the document together exceed
//! [`super::PdfLimits::max_total_stream_bytes`]. A form XObject drawn many
//! times counts every time it is decoded, so the budget also bounds the work
//! of inlining forms.

use std::cell::Cell;
use std::io::{Read, Write};

use lopdf::{Dictionary, Object, Stream};

/// Which decoded-size limit was exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exceeded {
    /// One stream inflates to more than `max_stream_bytes`.
    Stream,
    /// All streams together inflate to more than `max_total_stream_bytes`.
    Total,
}

/// The decoded-bytes budget of one document. Interior mutability so that
/// the font table and the content rewriter can share it by reference.
#[derive(Debug)]
pub(crate) struct Budget {
    per_stream: u64,
    remaining: Cell<u64>,
    exceeded: Cell<Option<Exceeded>>,
}

/// Why a stream could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// Unknown filter or undecodable data.
    Damaged,
    /// A size limit was hit (also recorded in the budget).
    TooLarge(Exceeded),
}

impl Budget {
    pub(crate) fn new(per_stream: u64, total: u64) -> Budget {
        Budget {
            per_stream,
            remaining: Cell::new(total),
            exceeded: Cell::new(None),
        }
    }

    /// The first limit exceeded so far, if any.
    pub(crate) fn exceeded(&self) -> Option<Exceeded> {
        self.exceeded.get()
    }

    /// Output cap for the next stream and which limit it stands for.
    fn cap(&self) -> (u64, Exceeded) {
        let rem = self.remaining.get();
        if rem < self.per_stream {
            (rem, Exceeded::Total)
        } else {
            (self.per_stream, Exceeded::Stream)
        }
    }

    fn fail(&self, e: Exceeded) -> DecodeError {
        if self.exceeded.get().is_none() {
            self.exceeded.set(Some(e));
        }
        DecodeError::TooLarge(e)
    }

    /// Charge `n` decoded bytes against the budget.
    fn charge(&self, n: usize) -> Result<(), DecodeError> {
        let (cap, which) = self.cap();
        if n as u64 > cap {
            return Err(self.fail(which));
        }
        self.remaining.set(self.remaining.get() - n as u64);
        Ok(())
    }

    /// The decoded bytes of a stream (its raw bytes when it has no filter).
    pub(crate) fn decode(&self, s: &Stream) -> Result<Vec<u8>, DecodeError> {
        if self.exceeded.get().is_some() {
            return Err(DecodeError::TooLarge(Exceeded::Total));
        }
        let filters: Vec<&[u8]> = match s.dict.get(b"Filter") {
            Err(_) => {
                self.charge(s.content.len())?;
                return Ok(s.content.clone());
            }
            Ok(Object::Name(n)) => vec![n.as_slice()],
            Ok(Object::Array(a)) => {
                let mut v = Vec::with_capacity(a.len());
                for o in a {
                    v.push(o.as_name().map_err(|_| DecodeError::Damaged)?);
                }
                v
            }
            Ok(_) => return Err(DecodeError::Damaged),
        };
        let params = s.dict.get(b"DecodeParms").and_then(Object::as_dict).ok();
        let (cap, which) = self.cap();
        let mut data: Option<Vec<u8>> = None;
        for f in filters {
            let input = data.as_deref().unwrap_or(&s.content);
            let out = match f {
                b"FlateDecode" => inflate(input, params, cap),
                b"LZWDecode" => lzw(input, params, cap),
                b"ASCII85Decode" => ascii85(input, cap),
                _ => return Err(DecodeError::Damaged),
            };
            data = Some(out.map_err(|e| match e {
                DecodeError::TooLarge(_) => self.fail(which),
                d => d,
            })?);
        }
        let data = data.unwrap_or_default();
        self.charge(data.len())?;
        Ok(data)
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|i| i + from)
}

/// Check, before `lopdf` loads the file, the streams it inflates while
/// loading without any cap: object streams (`/Type /ObjStm`) and
/// cross-reference streams (`/Type /XRef`). Each is found by its type in the
/// raw bytes and inflated here within the budget; one that cannot be
/// delimited or decoded is left to lopdf (which then fails or skips it).
pub(crate) fn precheck_load_streams(bytes: &[u8], budget: &Budget) -> Result<(), Exceeded> {
    for marker in [&b"/ObjStm"[..], b"/XRef"] {
        let mut at = 0;
        while let Some(i) = find(bytes, marker, at) {
            at = i + marker.len();
            // The dictionary runs from the object header to `stream`.
            let Some(head) = memchr::memmem::rfind(&bytes[..i], b"obj") else {
                continue;
            };
            let Some(kw) = find(bytes, b"stream", at) else {
                break;
            };
            let dict = &bytes[head..kw];
            // The marker must sit in this object's dictionary.
            if kw - i > 4096 || find(dict, b"obj", 3).is_some() {
                continue;
            }
            let mut start = kw + b"stream".len();
            if bytes.get(start) == Some(&b'\r') {
                start += 1;
            }
            if bytes.get(start) == Some(&b'\n') {
                start += 1;
            }
            let Some(end) = find(bytes, b"endstream", start) else {
                continue;
            };
            // The filters named in the dictionary, in order.
            let mut filters = Vec::new();
            let mut k = 0;
            while let Some(j) = find(dict, b"/", k) {
                k = j + 1;
                for f in [&b"FlateDecode"[..], b"LZWDecode", b"ASCII85Decode"] {
                    if dict[k..].starts_with(f) {
                        filters.push(Object::Name(f.to_vec()));
                    }
                }
            }
            if filters.is_empty() {
                continue;
            }
            let mut d = Dictionary::new();
            d.set("Filter", Object::Array(filters));
            let s = Stream::new(d, bytes[start..end].to_vec());
            if let Err(DecodeError::TooLarge(e)) = budget.decode(&s) {
                return Err(e);
            }
            at = end;
        }
    }
    Ok(())
}

/// A writer that refuses to grow past `cap` bytes.
struct Capped<'a> {
    out: &'a mut Vec<u8>,
    cap: u64,
    over: bool,
}

impl Write for Capped<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.out.len() as u64 + buf.len() as u64 > self.cap {
            self.over = true;
            return Err(std::io::Error::other("stream too large"));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Read all of `r` into a vector, failing once it would exceed `cap` bytes.
/// A read error keeps what was read before it (like lopdf).
fn read_capped(mut r: impl Read, out: &mut Vec<u8>, cap: u64) -> Result<bool, DecodeError> {
    let mut limited = (&mut r).take(cap.saturating_add(1));
    let ok = limited.read_to_end(out).is_ok();
    if out.len() as u64 > cap {
        return Err(DecodeError::TooLarge(Exceeded::Stream));
    }
    Ok(ok)
}

fn inflate(input: &[u8], params: Option<&Dictionary>, cap: u64) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(input.len().saturating_mul(2).min(cap as usize));
    if !input.is_empty() {
        let ok = read_capped(flate2::read::ZlibDecoder::new(input), &mut out, cap)?;
        if !ok && out.is_empty() && input.len() > 2 {
            // Damaged zlib header or checksum: retry as raw deflate (as lopdf).
            read_capped(
                flate2::read::DeflateDecoder::new(&input[2..]),
                &mut out,
                cap,
            )?;
        }
    }
    let Some(params) = params else {
        return Ok(out);
    };
    let get = |k: &[u8], d: i64| params.get(k).and_then(Object::as_i64).unwrap_or(d);
    let predictor = get(b"Predictor", 1);
    if (10..=15).contains(&predictor) {
        let columns = get(b"Columns", 1).clamp(1, 1 << 24) as usize;
        let colors = get(b"Colors", 1).clamp(1, 64) as usize;
        let bits = get(b"BitsPerComponent", 8).clamp(8, 16) as usize;
        let bpp = colors * bits / 8;
        // PNG rows only shrink the data (one filter byte per row).
        return lopdf::filters::png::decode_frame(&out, bpp, columns)
            .map_err(|_| DecodeError::Damaged);
    }
    Ok(out)
}

fn lzw(input: &[u8], params: Option<&Dictionary>, cap: u64) -> Result<Vec<u8>, DecodeError> {
    use weezl::{decode::Decoder, BitOrder};
    let early_change = params
        .and_then(|p| p.get(b"EarlyChange").ok())
        .and_then(|p| p.as_i64().ok())
        .is_none_or(|v| v != 0);
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut out = Vec::new();
    let mut w = Capped {
        out: &mut out,
        cap,
        over: false,
    };
    // Errors in the data keep what was decoded before them (like lopdf).
    let _ = decoder.into_stream(&mut w).decode_all(input);
    if w.over {
        return Err(DecodeError::TooLarge(Exceeded::Stream));
    }
    Ok(out)
}

fn ascii85(input: &[u8], cap: u64) -> Result<Vec<u8>, DecodeError> {
    // At most four bytes out per byte in ('z'): bounded, checked afterwards.
    let mut s = Stream::new(Dictionary::new(), input.to_vec());
    s.dict
        .set("Filter", Object::Name(b"ASCII85Decode".to_vec()));
    let out = s.decompressed_content().map_err(|_| DecodeError::Damaged)?;
    if out.len() as u64 > cap {
        return Err(DecodeError::TooLarge(Exceeded::Stream));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flate(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let _ = e.write_all(data);
        e.finish().unwrap_or_default()
    }

    fn stream(filter: &str, content: Vec<u8>) -> Stream {
        let mut d = Dictionary::new();
        d.set("Filter", Object::Name(filter.as_bytes().to_vec()));
        Stream::new(d, content)
    }

    #[test]
    fn same_bytes_as_lopdf() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let s = stream("FlateDecode", flate(&data));
        let b = Budget::new(1 << 20, 1 << 30);
        assert_eq!(b.decode(&s).ok(), s.decompressed_content().ok());
        assert_eq!(b.decode(&s).ok(), Some(data));
        assert_eq!(b.exceeded(), None);
    }

    #[test]
    fn per_stream_and_total_caps() {
        let bomb = stream("FlateDecode", flate(&vec![b' '; 10_000_000]));
        assert!(bomb.content.len() < 20_000);
        let b = Budget::new(1 << 20, 1 << 30);
        assert_eq!(
            b.decode(&bomb),
            Err(DecodeError::TooLarge(Exceeded::Stream))
        );
        assert_eq!(b.exceeded(), Some(Exceeded::Stream));

        let s = stream("FlateDecode", flate(&[b'x'; 600]));
        let b = Budget::new(1000, 1500);
        assert!(b.decode(&s).is_ok());
        assert!(b.decode(&s).is_ok());
        assert_eq!(b.decode(&s), Err(DecodeError::TooLarge(Exceeded::Total)));
        assert_eq!(b.exceeded(), Some(Exceeded::Total));
    }

    #[test]
    fn unknown_filter_is_damaged() {
        let b = Budget::new(1000, 1000);
        let s = stream("DCTDecode", vec![1, 2, 3]);
        assert_eq!(b.decode(&s), Err(DecodeError::Damaged));
        let s = Stream::new(Dictionary::new(), b"BT ET".to_vec());
        assert_eq!(b.decode(&s).ok(), Some(b"BT ET".to_vec()));
    }
}
