//! Crafted PDFs built by the tests rather than committed (each is about
//! 1 MB): shared by the loader's unit tests (`src/pdf/loader.rs`) and the
//! CLI tests under a memory limit (`tests/hostile_cli.rs`).
#![allow(dead_code)]

/// Append a classic cross-reference table for objects 1.. at `offs` and the
/// trailer naming object 1 as the catalog.
fn finish(out: &mut Vec<u8>, offs: &[usize]) {
    let at = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", offs.len() + 1).as_bytes());
    for o in offs {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{at}\n%%EOF\n",
            offs.len() + 1
        )
        .as_bytes(),
    );
}

/// A page showing "KPI", then `links` streams, each the `/Length` of the
/// one before (lopdf resolved them recursively: 20,000 links overflowed the
/// stack).
pub fn length_chain(links: u32) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offs = Vec::new();
    let mut obj = |out: &mut Vec<u8>, body: &str| {
        offs.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", offs.len()).as_bytes());
    };
    obj(&mut out, "<< /Type /Catalog /Pages 2 0 R >>");
    obj(&mut out, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj(
        &mut out,
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>",
    );
    obj(
        &mut out,
        "<< /Length 34 >>\nstream\nBT /F1 12 Tf 20 50 Td (KPI) Tj ET\nendstream",
    );
    obj(
        &mut out,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    );
    for k in 0..links {
        obj(
            &mut out,
            &format!("<< /Length {} 0 R >>\nstream\nx\nendstream", 7 + k),
        );
    }
    obj(&mut out, "1");
    finish(&mut out, &offs);
    out
}

/// Streams nested in one another's data: object k's data holds objects
/// k+1 … (each with a correct /Length), so lopdf would hold n²/2 headers'
/// worth of copies (20 GB for n = 20,000).
pub fn nested_streams(n: u32) -> Vec<u8> {
    let mut body = b"x".to_vec();
    for k in (3..n + 3).rev() {
        let mut o = format!("{k} 0 obj<</Length {}>>stream\n", body.len()).into_bytes();
        o.extend_from_slice(&body);
        o.extend_from_slice(b"\nendstream\nendobj\n");
        body = o;
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offs = vec![out.len()];
    out.extend_from_slice(b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n");
    offs.push(out.len());
    out.extend_from_slice(b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n");
    let base = out.len();
    out.extend_from_slice(&body);
    let mut at = base;
    for _ in 0..n {
        offs.push(at);
        at += body[at - base..]
            .iter()
            .position(|&c| c == b'\n')
            .unwrap_or(0)
            + 1;
    }
    finish(&mut out, &offs);
    out
}
