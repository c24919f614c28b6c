//! Unit tests of the content-stream parser: the same operations as lopdf.

use super::*;

fn same_as_lopdf(src: &[u8]) {
    let ours = parse_content(src).map(|o| format!("{:?}", o.to_lopdf()));
    let theirs = lopdf::content::Content::decode(src)
        .ok()
        .map(|c| format!("{:?}", c.operations));
    if let Some(ours) = ours {
        assert_eq!(Some(ours), theirs, "{:?}", String::from_utf8_lossy(src));
    }
}

#[test]
fn agrees_with_lopdf() {
    for src in [
        &b"q 1 0 0 1 72.5 -.5 cm BT /F1 12 Tf (a\\(b\\)c\\\\ \\101\\0612 \\n\\x) Tj ET Q"[..],
        b"[(A) -120 <00 4 1> 3.] TJ 0 0 m 10 0 l S",
        b"  \r\n1 2 3 4 re f* T* 0.5 0 Td 1 0 0 RG 'x' ",
        b"(nested (paren) here) Tj (line\r\nbreak \\\r\nx) Tj",
        b"/Name#20x Tf",
        b"<< /A 1 >> BDC EMC",
        b"/P <</MCID 0 /K (x) /N /Y /R 1.5 >> BDC EMC /Q<</A<3f>/B 2>>BDC",
        b"/P <</A 1 0 R>> BDC",
        b"/P <</A 1 /A 2 /B 3>> BDC",
        b"/P <</A [1]>> BDC",
        b"1 2 3.4.5 Td",
        b"5. 6 Td 12Tj",
        b"% comment\n1 w",
        b"1 2",
        b"<4> Tj <a b c> Tj",
        b"<> Tj <414> Tj <4142aF> Tj <41 42> Tj <4G> Tj [<00410042>] TJ",
    ] {
        same_as_lopdf(src);
    }
    // Handled here (not left to lopdf):
    assert!(parse_content(b"[(A) -120 <0041>] TJ").is_some());
    assert!(parse_content(b"BT (x\\(y\\)) Tj ET").is_some());
    assert!(parse_content(b"% c\n1 w").is_none());
    assert!(parse_content(b"/P <</MCID 3>> BDC EMC").is_some());
}

/// What lopdf parses (the fallback) survives the compact form intact.
#[test]
fn lopdf_operations_round_trip() {
    for src in [
        &b"% c\n[(a) [1 2] <</K 3>> 4.5 /N true null] TJ 1 0 R Do"[..],
        b"/P <</MCID 0 /A [1 (x)]>> BDC (a) Tj EMC q 1 0 0 1 2 3 cm Q",
        b"BI /W 1 /H 1 /CS /G /BPC 8 ID \x80 EI (b) Tj",
        b"/Name#20x Tf (x) '",
    ] {
        let theirs = lopdf::content::Content::decode(src)
            .expect("lopdf parses")
            .operations;
        let ours = Ops::from_lopdf(theirs.clone()).to_lopdf();
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
    }
}

#[test]
fn fast_numbers_match_the_standard_parser() {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..200_000 {
        let r = next();
        let int = (r % 100_000_000).to_string();
        let frac = ((r >> 32) % 100_000_000_000).to_string();
        let cut_i = (r >> 8) as usize % (int.len() + 1);
        let cut_f = (r >> 16) as usize % (frac.len() + 1);
        let sign = ["", "-", "+"][(r >> 24) as usize % 3];
        let s = format!("{sign}{}.{}", &int[..cut_i], &frac[..cut_f]);
        let want: Result<f32, _> = s.parse();
        if let (Some(got), Ok(want)) = (fast_real(s.as_bytes()), want) {
            assert_eq!(got.to_bits(), want.to_bits(), "{s}");
        }
        let i = format!("{sign}{}", &int[..cut_i.max(1)]);
        let mut lx = Lexer {
            b: i.as_bytes(),
            i: 0,
            ops: Ops::default(),
        };
        assert_eq!(lx.number(), i.parse::<i64>().ok().map(Operand::Int), "{i}");
    }
    for s in [
        "0.",
        ".5",
        "-.5",
        "+3.",
        "-0.0",
        "1234567.",
        "0.0000000001",
        "841.861",
    ] {
        let want: f32 = s.parse().unwrap_or(f32::NAN);
        assert_eq!(
            fast_real(s.as_bytes()).map(f32::to_bits),
            Some(want.to_bits()),
            "{s}"
        );
    }
    let big = "9223372036854775808";
    let mut lx = Lexer {
        b: big.as_bytes(),
        i: 0,
        ops: Ops::default(),
    };
    assert!(lx.number().is_none());
    let min = "-9223372036854775808";
    let mut lx = Lexer {
        b: min.as_bytes(),
        i: 0,
        ops: Ops::default(),
    };
    assert_eq!(lx.number(), Some(Operand::Int(i64::MIN)));
}

#[test]
fn fixture_pages_parse_identically() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/pdf");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut streams = 0;
    for e in entries.flatten() {
        let Ok(doc) = lopdf::Document::load(e.path()) else {
            continue;
        };
        for (_, o) in doc.objects.iter() {
            if let Object::Stream(s) = o {
                if s.dict.get(b"Subtype").is_ok() || s.dict.get(b"Length1").is_ok() {
                    continue;
                }
                if let Ok(data) = s.decompressed_content() {
                    if let Some(ours) = parse_content(&data) {
                        let theirs = lopdf::content::Content::decode(&data)
                            .map(|c| format!("{:?}", c.operations))
                            .ok();
                        if data.starts_with(b"/CIDInit") || data.starts_with(b"%!") {
                            continue;
                        }
                        assert_eq!(Some(format!("{:?}", ours.to_lopdf())), theirs);
                        streams += 1;
                    }
                }
            }
        }
    }
    // Every page of the Chromium and LibreOffice fixtures (8 each).
    assert!(streams >= 24, "{streams} content streams compared");
}
