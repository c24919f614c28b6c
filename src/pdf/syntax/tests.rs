//! Unit tests of the PDF object syntax reader.

use super::*;

fn parse(s: &[u8]) -> Option<Value> {
    Parser::new(s, 0).object()
}

fn dict(s: &[u8]) -> Dict {
    match parse(s) {
        Some(Value::Dict(d)) => d,
        other => panic!("not a dict: {other:?}"),
    }
}

#[test]
fn escaped_names_are_decoded() {
    let d = dict(b"<< /Type /Obj#53tm /Filter /Fl#61teDecode /A#2fB 1 /#54ype /X >>");
    assert_eq!(d.name(b"Filter"), Some(&b"FlateDecode"[..]));
    assert_eq!(d.get(b"A/B"), Some(&Value::Int(1)));
    // "/#54ype" is "/Type" too: the later key wins, as in lopdf.
    assert_eq!(d.name(b"Type"), Some(&b"X"[..]));
    // A '#' without two hex digits stays as it is.
    assert_eq!(parse(b"/a#g1"), Some(Value::Name(b"a#g1".to_vec())));
    assert_eq!(parse(b"/a#4"), Some(Value::Name(b"a#4".to_vec())));
}

#[test]
fn nested_dicts_arrays_and_references() {
    let d = dict(
        b"<</Root 1 0 R/Size 12/W[1 4 2]/DecodeParms<</Columns 5/Predictor 12>>/Index[0 3 10 2]\
          /ID[<0A0B><0C0D>]/N -3.5/M .5/Ok true/No null>>",
    );
    assert_eq!(d.get(b"Root"), Some(&Value::Ref(1, 0)));
    assert_eq!(d.int(b"Size"), Some(12));
    assert_eq!(
        d.get(b"W"),
        Some(&Value::Array(vec![
            Value::Int(1),
            Value::Int(4),
            Value::Int(2)
        ]))
    );
    let Some(Value::Dict(p)) = d.get(b"DecodeParms") else {
        panic!("DecodeParms")
    };
    assert_eq!(p.int(b"Columns"), Some(5));
    assert_eq!(d.get(b"N"), Some(&Value::Real(-3.5)));
    assert_eq!(d.get(b"M"), Some(&Value::Real(0.5)));
    assert_eq!(d.get(b"Ok"), Some(&Value::Bool(true)));
    assert_eq!(d.get(b"No"), Some(&Value::Null));
    assert_eq!(d.len(), 10);
    // "1 2" inside an array is two integers, "1 2 R" one reference.
    assert_eq!(
        parse(b"[1 2 3 0 R -4 5]"),
        Some(Value::Array(vec![
            Value::Int(1),
            Value::Int(2),
            Value::Ref(3, 0),
            Value::Int(-4),
            Value::Int(5)
        ]))
    );
}

#[test]
fn strings_with_parentheses_and_escapes() {
    let src = b"<< /A (a (nested (deep)) \\) \\( \\\\) /B <41 42\n43> /C (>>) /D 7 >>";
    let d = dict(src);
    assert_eq!(d.get(b"A"), Some(&Value::Str));
    assert_eq!(d.get(b"B"), Some(&Value::Str));
    assert_eq!(d.int(b"D"), Some(7));
    // The span of a value is its bytes in the input.
    let (s, e) = d.span(b"C").expect("span");
    assert_eq!(&src[s..e], b"(>>)");
}

#[test]
fn comments_are_white_space() {
    let d = dict(b"<< % a comment with >> and /Keys\n /Prev % here\r 42 /X%c\n/Y >>");
    assert_eq!(d.int(b"Prev"), Some(42));
    assert_eq!(d.name(b"X"), Some(&b"Y"[..]));
    let mut p = Parser::new(b"  % c\n% d\r\n 12 0 % x\n obj <<>>", 0);
    assert_eq!(p.object_header(100), Some((12, 0)));
    // Too much white space before the header.
    let mut p = Parser::new(b"          1 0 obj", 0);
    assert_eq!(p.object_header(4), None);
}

#[test]
fn truncated_and_bad_input_is_refused() {
    for bad in [
        &b"<< /A 1"[..],
        b"<< /A (unclosed",
        b"<< /A <4142",
        b"[1 2",
        b"<< 1 2 >>",
        b"(\\",
        b"",
        b"}",
        b"-",
        b".",
        b"<< /A [ 1 0 R",
    ] {
        assert_eq!(parse(bad), None, "{:?}", String::from_utf8_lossy(bad));
    }
    // Never out of range at any cut of a valid object.
    let full = b"<< /A [1 2 0 R (x\\)y) <41>] /B << /C /D#41 >> /E 1.5 >>";
    for cut in 0..full.len() {
        let _ = parse(&full[..cut]);
        let mut p = Parser::new(&full[..cut], 0);
        let _ = p.skip_object();
        assert!(p.pos <= cut);
    }
    assert!(parse(full).is_some());
}

#[test]
fn depth_and_kept_values_are_bounded() {
    let deep = |n: usize| {
        let mut s = vec![b'['; n];
        s.extend(std::iter::repeat_n(b']', n));
        s
    };
    assert!(parse(&deep(MAX_DEPTH)).is_some());
    assert_eq!(parse(&deep(MAX_DEPTH + 1)), None);
    assert_eq!(parse(&deep(100_000)), None);
    // A huge array: its extent is found, only MAX_KEPT values are kept.
    let mut big = b"[".to_vec();
    for _ in 0..MAX_KEPT + 10 {
        big.extend_from_slice(b"0 ");
    }
    big.extend_from_slice(b"] /Next");
    let mut p = Parser::new(&big, 0);
    match p.object() {
        Some(Value::Array(a)) => assert_eq!(a.len(), MAX_KEPT - 1),
        other => panic!("{other:?}"),
    }
    assert!(p.at(b" /Next"));
    assert_eq!(p.values, MAX_KEPT + 11);
}

#[test]
fn one_entry_of_a_dictionary() {
    let mut big = b"<< /A [".to_vec();
    big.extend(std::iter::repeat_n(&b"[0] "[..], MAX_KEPT * 2).flatten());
    big.extend_from_slice(b"] /B << /Length 9 >> /L#65ngth 5 0 R /C (x) >>stream\n");
    let mut p = Parser::new(&big, 0);
    let d = p.top_dict_entry(b"Length").expect("dict");
    assert_eq!(d.len(), 1);
    assert_eq!(d.get(b"Length"), Some(&Value::Ref(5, 0)));
    assert_eq!(p.stream_keyword(), Some(big.len()));
}

#[test]
fn stream_objects() {
    let src = b"%x\n7 0 obj\n<< /Length 3 /Filter /FlateDecode >>\nstream\r\nabc\nendstream";
    let (id, v, data) = indirect_object(src, 0, 100).expect("object");
    assert_eq!(id, (7, 0));
    assert!(matches!(v, Value::Dict(_)));
    assert_eq!(data.map(|d| &src[d..d + 3]), Some(&b"abc"[..]));
    // Not a stream: no data.
    let (_, v, data) = indirect_object(b"1 0 obj 42 endobj", 0, 10).expect("object");
    assert_eq!((v, data), (Value::Int(42), None));
    assert!(indirect_object(b"1 0 ob", 0, 10).is_none());
    assert!(indirect_object(b"99999999999 0 obj 1", 0, 10).is_none());
}
