//! Unit tests of the cross-reference reader.

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
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", offs.len() + 1).as_bytes());
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
    out.extend_from_slice(
        b"1 0 obj\n<< /W [0 0 0] /Index [0 4000000000] /Length 0 >>\nstream\n\nendstream\nendobj\n",
    );
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
    let plain = String::from_utf8_lossy(&out).replace("/Encrypt 9999 0 R", "/Encrypt1 9999 0 R");
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
