//! Unit tests of the loader: object streams, `/Length` chains, nested
//! streams, the token count.

use super::crafted_pdfs::{length_chain, nested_streams};
use super::*;

#[test]
fn sanitize_keeps_what_lopdf_reads_once() {
    let body = b"<< /A 1 >> [1 2 3] (str) 42";
    let mut data = b"10 0 11 11 12 19 13 25 ".to_vec();
    let first = data.len();
    data.extend_from_slice(body);
    let u = sanitize(&data, Some(first as i64), |_| true);
    assert_eq!(u.members, [10, 11, 12, 13]);
    let mut s = Stream::new(Dictionary::new(), u.content.clone());
    s.dict.set("First", Object::Integer(u.first as i64));
    s.dict.set("N", Object::Integer(4));
    let os = lopdf::ObjectStream::new(&mut s).expect("object stream");
    assert_eq!(os.objects.len(), 4);
    assert_eq!(os.objects.get(&(13, 0)), Some(&Object::Integer(42)));

    // Offsets inside another object, repeated offsets, junk pairs, and
    // numbers the cross-reference table gives to another container.
    let mut data = b"1 0 2 0 3 1 4 12 x 5 6 99999 7 11 ".to_vec();
    let first = data.len();
    data.extend_from_slice(b"[[1 2] [3]] (a) 9");
    let u = sanitize(&data, Some(first as i64), |n| n != 7);
    assert_eq!(u.members, [1, 4]);
    // Bad /First, or a header that is not text.
    assert_eq!(sanitize(&data, Some(-1), |_| true), Unpacked::default());
    assert_eq!(sanitize(&data, None, |_| true), Unpacked::default());
    assert_eq!(
        sanitize(b"\xff\xfe 1 0 x", Some(4), |_| true),
        Unpacked::default()
    );
}

#[test]
fn many_pairs_at_one_offset_parse_once() {
    // 100,000 numbers pointing at one 10,000-element array.
    let mut data = Vec::new();
    for n in 0..100_000 {
        data.extend_from_slice(format!("{n} 0 ").as_bytes());
    }
    let first = data.len();
    data.push(b'[');
    for _ in 0..10_000 {
        data.extend_from_slice(b"0 ");
    }
    data.push(b']');
    let u = sanitize(&data, Some(first as i64), |_| true);
    assert_eq!(u.members, [0]);
}

#[test]
fn a_chain_of_stream_lengths_does_not_overflow_the_stack() {
    // lopdf resolves each /Length by parsing the stream it names, which
    // resolves its own: 20,000 links overflow any thread's stack.
    let pdf = length_chain(20_000);
    let budget = Budget::new(64 << 20, 256 << 20);
    let o = open(&pdf, &budget, u64::MAX)
        .map_err(|e| e.to_string())
        .expect("open");
    assert_eq!(o.doc.get_pages().len(), 1);
    assert_eq!(o.missing, 0);
    // The streams are there, without data (a stream is no length).
    assert!(matches!(o.doc.objects.get(&(6, 0)), Some(Object::Stream(s)) if s.content.is_empty()));
    // The last link's /Length is the integer object: it reads.
    assert!(
        matches!(o.doc.objects.get(&(20_005, 0)), Some(Object::Stream(s)) if s.content == b"x")
    );
}

#[test]
fn overlapping_stream_data_are_refused() {
    // 2,000 nested streams: 100 kB of file, 100 MB of stream copies.
    let pdf = nested_streams(2000);
    assert!(pdf.len() < 150_000);
    let budget = Budget::new(64 << 20, 256 << 20);
    assert!(matches!(
        open(&pdf, &budget, u64::MAX),
        Err(OpenError::Overlap)
    ));
    // One stream is fine.
    let o = open(&nested_streams(1), &budget, u64::MAX).map_err(|e| e.to_string());
    assert!(o.is_ok(), "{:?}", o.err());
}

#[test]
fn the_filter_runs_on_the_calling_thread() {
    // An object stream file: the filter must see it (with lopdf's rayon
    // feature it would run elsewhere and nothing would be unpacked).
    let pdf = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/hostile/many_pages.pdf"
    ))
    .expect("fixture");
    let budget = Budget::new(64 << 20, 256 << 20);
    let x = xref::read(&pdf, &budget).expect("xref");
    let table = xref::canonical(&pdf, &x);
    let owner: HashMap<u32, u32> = x.compressed().collect();
    let installed = Installed::new(State {
        budget: budget.lend(),
        containers: owner.values().copied().collect(),
        owner,
        normal: HashMap::new(),
        members: Vec::new(),
        next_member: 0,
        deferred: Vec::new(),
        raw: 0,
        raw_cap: pdf.len() as u64,
        overlap: false,
        tokens: 0,
        max_tokens: u64::MAX,
        too_many: false,
        calls: 0,
    });
    let doc = lopdf::Document::load_mem_with_options(
        &table.bytes,
        lopdf::LoadOptions {
            filter: Some(filter),
            ..Default::default()
        },
    )
    .expect("load");
    let st = installed.take().expect("state");
    assert!(st.calls > 5000, "{} filter calls", st.calls);
    assert_eq!(doc.get_pages().len(), 5000);
    // Without the state (another thread), object streams stay shut.
    let h = std::thread::spawn(move || {
        lopdf::Document::load_mem_with_options(
            &table.bytes,
            lopdf::LoadOptions {
                filter: Some(filter),
                ..Default::default()
            },
        )
        .map(|d| d.objects.contains_key(&(1, 0)))
    });
    assert_eq!(h.join().ok().and_then(|r| r.ok()), Some(false));
}
