//! Run the text pipeline many times in one process (for profilers):
//! `cargo run --release --example profile_text -- fixtures/text/seed.txt 200`.
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "fixtures/text/seed.txt".into());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(200);
    let bytes = std::fs::read(&path).unwrap_or_default();
    let t = std::time::Instant::now();
    let mut records = 0;
    for _ in 0..n {
        match tassei::pipeline::extract_bytes(&bytes, &path, &Default::default()) {
            Ok(doc) => {
                records += doc.records.len();
                let _ =
                    std::hint::black_box(tassei::emit::render(&doc, tassei::emit::Format::Json));
            }
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(1);
            }
        }
    }
    eprintln!(
        "{n} runs, {records} records, {:.2} ms/run",
        t.elapsed().as_secs_f64() * 1000.0 / n as f64
    );
}
