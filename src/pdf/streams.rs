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
//! of inlining forms. The cross-reference and object streams lopdf would
//! inflate while loading are decoded here too (`xref.rs`, `loader.rs`), with
//! a budget of their own.

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
    /// Streams decoded only in part (a damaged deflate stream or checksum):
    /// their data is kept, and the reader says so.
    cut: Cell<u32>,
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
            cut: Cell::new(0),
        }
    }

    /// How many streams decoded only in part so far.
    pub(crate) fn cut(&self) -> u32 {
        self.cut.get()
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

    /// Copy the state of `other` (a budget lent out and given back).
    pub(crate) fn restore(&self, other: &Budget) {
        self.remaining.set(other.remaining.get());
        self.cut.set(other.cut.get());
        if self.exceeded.get().is_none() {
            self.exceeded.set(other.exceeded.get());
        }
    }

    /// A budget with the same limits and what is left of this one (to lend
    /// to code that must own it; see [`Budget::restore`]).
    pub(crate) fn lend(&self) -> Budget {
        Budget {
            per_stream: self.per_stream,
            remaining: Cell::new(self.remaining.get()),
            exceeded: Cell::new(self.exceeded.get()),
            cut: Cell::new(self.cut.get()),
        }
    }

    /// The decoded bytes of a stream (its raw bytes when it has no filter).
    pub(crate) fn decode(&self, s: &Stream) -> Result<Vec<u8>, DecodeError> {
        self.decode_parts(&s.dict, &s.content)
    }

    /// [`Budget::decode`] for a stream given as its dictionary and data.
    pub(crate) fn decode_parts(
        &self,
        dict: &Dictionary,
        data: &[u8],
    ) -> Result<Vec<u8>, DecodeError> {
        if self.exceeded.get().is_some() {
            return Err(DecodeError::TooLarge(Exceeded::Total));
        }
        let filters: Vec<&[u8]> = match dict.get(b"Filter") {
            Err(_) => {
                self.charge(data.len())?;
                return Ok(data.to_vec());
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
        let params = dict
            .get(b"DecodeParms")
            .and_then(Object::as_dict)
            .ok()
            .map(|p| Params::from_lookup(|k| p.get(k).and_then(Object::as_i64).ok()));
        self.decode_filters(&filters, params, data)
    }

    /// Decode `input` through `filters` (in order) with `params`. Decoding
    /// stops at the end of each filter's data (end of deflate stream, LZW
    /// end code, ASCII85 `~`), so bytes after it are ignored: decoding
    /// everything from a stream's start to the end of the file gives what
    /// decoding exactly its data gives, followed by nothing.
    pub(crate) fn decode_filters(
        &self,
        filters: &[&[u8]],
        params: Option<Params>,
        input: &[u8],
    ) -> Result<Vec<u8>, DecodeError> {
        if self.exceeded.get().is_some() {
            return Err(DecodeError::TooLarge(Exceeded::Total));
        }
        // An unknown filter anywhere: nothing is decoded at all.
        if filters
            .iter()
            .any(|f| !matches!(*f, b"FlateDecode" | b"LZWDecode" | b"ASCII85Decode"))
        {
            return Err(DecodeError::Damaged);
        }
        if filters.is_empty() {
            self.charge(input.len())?;
            return Ok(input.to_vec());
        }
        let (cap, which) = self.cap();
        let mut data: Option<Vec<u8>> = None;
        for f in filters {
            let input = data.as_deref().unwrap_or(input);
            let out = match *f {
                b"FlateDecode" => inflate(input, params, cap, &self.cut),
                b"LZWDecode" => lzw(input, params, cap),
                _ => ascii85(input, cap),
            };
            match out {
                Ok(out) => data = Some(out),
                Err(DecodeError::TooLarge(_)) => return Err(self.fail(which)),
                Err(DecodeError::Damaged) => {
                    // What was decoded before the failure was still work.
                    if let Some(d) = &data {
                        self.charge(d.len())?;
                    }
                    return Err(DecodeError::Damaged);
                }
            }
        }
        let data = data.unwrap_or_default();
        self.charge(data.len())?;
        Ok(data)
    }
}

/// The `/DecodeParms` entries the decoders use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Params {
    predictor: i64,
    columns: i64,
    colors: i64,
    bits: i64,
    early_change: Option<i64>,
}

impl Params {
    /// From a lookup of integer entries by key.
    pub(crate) fn from_lookup(get: impl Fn(&[u8]) -> Option<i64>) -> Params {
        Params {
            predictor: get(b"Predictor").unwrap_or(1),
            columns: get(b"Columns").unwrap_or(1),
            colors: get(b"Colors").unwrap_or(1),
            bits: get(b"BitsPerComponent").unwrap_or(8),
            early_change: get(b"EarlyChange"),
        }
    }
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

fn inflate(
    input: &[u8],
    params: Option<Params>,
    cap: u64,
    cut: &Cell<u32>,
) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(input.len().saturating_mul(2).min(cap as usize).min(1 << 20));
    if !input.is_empty() {
        let ok = read_capped(flate2::read::ZlibDecoder::new(input), &mut out, cap)?;
        if !ok {
            cut.set(cut.get().saturating_add(1));
        }
        if !ok && out.is_empty() && input.len() > 2 {
            // Damaged zlib header or checksum: retry as raw deflate (as lopdf).
            read_capped(
                flate2::read::DeflateDecoder::new(&input[2..]),
                &mut out,
                cap,
            )?;
        }
    }
    predict(out, params)
}

/// Undo a PNG predictor (`/Predictor` 10..=15), as lopdf does.
fn predict(out: Vec<u8>, params: Option<Params>) -> Result<Vec<u8>, DecodeError> {
    let Some(p) = params else {
        return Ok(out);
    };
    if !(10..=15).contains(&p.predictor) {
        return Ok(out);
    }
    let columns = p.columns.clamp(1, 1 << 24) as usize;
    let colors = p.colors.clamp(1, 64) as usize;
    let bits = p.bits.clamp(8, 16) as usize;
    let bpp = colors * bits / 8;
    if out.is_empty() {
        return Ok(out);
    }
    // A row (one filter byte, then bpp * columns bytes) longer than the
    // data cannot be decoded (lopdf fails too); refusing it here also keeps
    // the decoder from allocating row buffers far larger than the data.
    if (bpp * columns) >= out.len() {
        return Err(DecodeError::Damaged);
    }
    // PNG rows only shrink the data (one filter byte per row).
    lopdf::filters::png::decode_frame(&out, bpp, columns).map_err(|_| DecodeError::Damaged)
}

fn lzw(input: &[u8], params: Option<Params>, cap: u64) -> Result<Vec<u8>, DecodeError> {
    use weezl::{decode::Decoder, BitOrder};
    let early_change = params.and_then(|p| p.early_change).is_none_or(|v| v != 0);
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
    predict(out, params)
}

/// ASCII85 as lopdf decodes it: white space is skipped, `z` is four zero
/// bytes (an error inside a group), decoding stops at the first byte
/// outside `!`..=`u` (the `~` of `~>`), and a final partial group is padded.
fn ascii85(input: &[u8], cap: u64) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    let mut group: u32 = 0;
    let mut count = 0;
    for &c in input {
        if c == b'z' {
            if count != 0 {
                return Err(DecodeError::Damaged);
            }
            out.extend_from_slice(&[0; 4]);
        } else if c.is_ascii_whitespace() {
            continue;
        } else if (b'!'..=b'u').contains(&c) {
            group = group
                .checked_mul(85)
                .and_then(|g| g.checked_add((c - b'!') as u32))
                .ok_or(DecodeError::Damaged)?;
            count += 1;
            if count == 5 {
                out.extend_from_slice(&group.to_be_bytes());
                group = 0;
                count = 0;
            }
        } else {
            break;
        }
        if out.len() as u64 > cap {
            return Err(DecodeError::TooLarge(Exceeded::Stream));
        }
    }
    if count > 0 {
        for _ in count..5 {
            group = group
                .checked_mul(85)
                .and_then(|g| g.checked_add(84))
                .ok_or(DecodeError::Damaged)?;
        }
        out.extend_from_slice(&group.to_be_bytes()[..count - 1]);
    }
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
    fn trailing_bytes_after_the_data_are_ignored() {
        // Decoding from a stream's start to the end of the file gives the
        // stream's own decoded bytes, whatever follows them.
        let data: Vec<u8> = (0..50_000u32).map(|i| (i % 97) as u8).collect();
        let tail = b"\nendstream\nendobj\n12 0 obj << /Length 5 >> stream\nxxxxx\nendstream %%EOF";
        let b = Budget::new(1 << 20, 1 << 30);
        let mut f = flate(&data);
        f.extend_from_slice(tail);
        assert_eq!(
            b.decode_filters(&[b"FlateDecode"], None, &f),
            Ok(data.clone())
        );
        let mut enc = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
        let mut l = enc.encode(&data).unwrap_or_default();
        let lzw_len = l.len();
        l.extend_from_slice(tail);
        assert_eq!(
            b.decode_filters(&[b"LZWDecode"], None, &l),
            Ok(data.clone())
        );
        assert_eq!(
            b.decode_filters(&[b"LZWDecode"], None, &l[..lzw_len]),
            Ok(data.clone())
        );
        let a85 = b"87cURD]i,\"Ebo80~>\nendstream garbage";
        let exact = stream("ASCII85Decode", a85[..17].to_vec());
        let expected = exact.decompressed_content().ok();
        assert_eq!(expected.as_deref(), Some(&b"Hello World!"[..]));
        assert_eq!(
            b.decode_filters(&[b"ASCII85Decode"], None, a85).ok(),
            expected
        );
        assert_eq!(b.decode(&exact).ok(), expected);
        let mut s = exact;
        for odd in [
            &b"z!!~>"[..],
            b"!!z~>",
            b"s8W-!s8W-!~>",
            b"uuuuu~>",
            b"5sdq,7~>",
        ] {
            s.content = odd.to_vec();
            assert_eq!(b.decode(&s).ok(), s.decompressed_content().ok(), "{odd:?}");
        }
        // Two filters, each followed by junk it ignores.
        let mut two = flate(&f);
        two.extend_from_slice(tail);
        assert_eq!(
            b.decode_filters(&[b"FlateDecode", b"FlateDecode"], None, &two),
            Ok(data)
        );
    }

    #[test]
    fn predictor_rows_longer_than_the_data_are_refused() {
        // /Columns 2^24 with 64 colours of 16 bits would be 2 GiB per row.
        let s = {
            let mut s = stream("FlateDecode", flate(&[2u8; 100]));
            let mut p = Dictionary::new();
            p.set("Predictor", Object::Integer(12));
            p.set("Columns", Object::Integer(1 << 40));
            p.set("Colors", Object::Integer(1 << 40));
            p.set("BitsPerComponent", Object::Integer(16));
            s.dict.set("DecodeParms", Object::Dictionary(p));
            s
        };
        let b = Budget::new(1 << 20, 1 << 30);
        assert_eq!(b.decode(&s), Err(DecodeError::Damaged));
        // A valid predicted stream (2 rows of 4 columns, "Up").
        let rows = [2u8, 1, 2, 3, 4, 2, 1, 1, 1, 1];
        let mut s = stream("FlateDecode", flate(&rows));
        let mut p = Dictionary::new();
        p.set("Predictor", Object::Integer(12));
        p.set("Columns", Object::Integer(4));
        s.dict.set("DecodeParms", Object::Dictionary(p));
        assert_eq!(b.decode(&s).ok(), Some(vec![1, 2, 3, 4, 2, 3, 4, 5]));
        assert_eq!(b.decode(&s).ok(), s.decompressed_content().ok());
    }

    #[test]
    fn an_unknown_filter_in_a_chain_decodes_nothing() {
        let bomb = flate(&vec![b' '; 10_000_000]);
        let b = Budget::new(1 << 30, 1 << 30);
        let mut s = stream("FlateDecode", bomb);
        s.dict.set(
            "Filter",
            Object::Array(vec![
                Object::Name(b"FlateDecode".to_vec()),
                Object::Name(b"JBIG2Decode".to_vec()),
            ]),
        );
        assert_eq!(b.decode(&s), Err(DecodeError::Damaged));
        assert_eq!(b.remaining.get(), 1 << 30);
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
