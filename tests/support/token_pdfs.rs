//! Crafted PDFs for the token limit (`--max-pdf-tokens`), built in the
//! tests instead of committed: the plain ones are 16 MiB.
#![allow(dead_code)]

/// A one-page PDF (cross-reference stream) showing "KPI" whose object 6 is `big` (plain),
/// or, with `packed`, is taken from a Flate object stream (object 7).
pub fn token_pdf(big: &[u8], packed: bool) -> Vec<u8> {
    use std::io::Write;
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        b"<< /Length 34 >>\nstream\nBT /F1 12 Tf 20 50 Td (KPI) Tj ET\nendstream".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    let mut compressed = None;
    if packed {
        let mut data = b"6 0 ".to_vec();
        let first = data.len();
        data.extend_from_slice(big);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&data).expect("deflate");
        let z = z.finish().expect("deflate");
        objs.push(b"null".to_vec());
        let mut s = format!(
            "<< /Type /ObjStm /N 1 /First {first} /Filter /FlateDecode /Length {} >>\nstream\n",
            z.len()
        )
        .into_bytes();
        s.extend_from_slice(&z);
        s.extend_from_slice(b"\nendstream");
        objs.push(s);
        compressed = Some(6);
    } else {
        objs.push(big.to_vec());
    }
    let mut out = b"%PDF-1.5\n".to_vec();
    let mut offs = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offs.push(out.len());
        if compressed == Some(i + 1) {
            continue; // (object 6 is in the object stream)
        }
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    // A cross-reference stream (uncompressed), so object 6 can be type 2.
    let n = objs.len() + 2;
    let xref_at = out.len();
    let mut rows = vec![0u8, 0, 0, 0, 0xff, 0xff];
    for (i, &o) in offs.iter().enumerate() {
        if compressed == Some(i + 1) {
            rows.extend_from_slice(&[2, 0, 0, 0, 7, 0]);
        } else {
            rows.push(1);
            rows.extend_from_slice(&(o as u32).to_be_bytes());
            rows.push(0);
        }
    }
    rows.push(1);
    rows.extend_from_slice(&(xref_at as u32).to_be_bytes());
    rows.push(0);
    out.extend_from_slice(
        format!(
            "{} 0 obj\n<< /Type /XRef /Size {n} /W [1 4 1] /Root 1 0 R /Length {} >>\nstream\n",
            n - 1,
            rows.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(&rows);
    out.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    out
}

/// `[0 0 0 … 0]` of `bytes` bytes.
pub fn zeros(bytes: usize) -> Vec<u8> {
    let mut a = b"[".to_vec();
    a.extend(std::iter::repeat_n(*b"0 ", bytes / 2).flatten());
    a.push(b']');
    a
}

/// `[[[ … ]]]` nested `depth` deep.
pub fn nested(depth: usize) -> Vec<u8> {
    [vec![b'['; depth], vec![b']'; depth]].concat()
}
