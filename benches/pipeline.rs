//! `make bench` (= `cargo bench --bench pipeline`): pages per second of the
//! PDF front end (`pdf`), of `pdf` + `layout`, and of the whole pipeline
//! (extract + schema validation + JSON rendering), on every fixture PDF,
//! beside `pdftotext -layout` on the same file when poppler is installed
//! (its time includes starting the process, as a user would run it).
//!
//! A second table times one table cell holding many figures (issue 10:
//! the rules were quadratic in the figures of a cell): the rules alone and
//! the whole text pipeline, at doubling sizes; linear work keeps the time
//! per KB flat.
//!
//! Set `TASSEI_BENCH_SECS` to change the time spent per measurement
//! (default 2 s). Timing belongs here, never in tests.
//!
//! `cargo test --all-targets` (`make test`) runs this file too, without the
//! `--bench` flag `cargo bench` passes: then every fixture goes through each
//! measured path a few times, so the benchmark cannot rot, and nothing is
//! timed or printed.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Run `f` repeatedly for about `budget`; the median time per run.
fn measure(budget: Duration, mut f: impl FnMut()) -> Duration {
    f(); // warm-up
    let mut times = Vec::new();
    let start = Instant::now();
    while start.elapsed() < budget || times.len() < 5 {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

/// Cells of prose repeating one figure pattern, at doubling sizes.
fn big_cells(budget: Duration) {
    const PATTERNS: [(&str, &str); 4] = [
        ("count, comma", "開催数541回、"),
        ("bare counts", "3件"),
        ("labelled pairs", "限定求人 79人 歓迎求人1,923人 "),
        ("sentences", "正社員就職件数2年間で3,200件以上を目指す。"),
    ];
    println!(
        "\n{:<16} {:>7} {:>9} {:>14} {:>16}",
        "one cell", "KB", "figures", "rules µs/KB", "pipeline µs/KB"
    );
    let options = tassei::pipeline::Options::default();
    for (name, unit) in PATTERNS {
        for kb in [40usize, 80, 160, 320] {
            let cell = unit.repeat(kb * 1024 / unit.len());
            let ctx = tassei::rules::CellContext::default();
            let figures = tassei::rules::extract_cell(&cell, &ctx).figures.len();
            let t_rules = measure(budget, || {
                let _ = std::hint::black_box(tassei::rules::extract_cell(&cell, &ctx));
            });
            let report = format!(
                "1 テスト\n\n\t取組概要\t令和5年度\t令和6年度\n相談\t○セミナー\t○件数 3件\t○{cell}\n"
            );
            let t_whole = measure(budget, || {
                if let Ok(doc) =
                    tassei::pipeline::extract_bytes(report.as_bytes(), "cell.txt", &options)
                {
                    let _ = std::hint::black_box(tassei::emit::render(
                        &doc,
                        tassei::emit::Format::Json,
                    ));
                }
            });
            let per_kb = |t: Duration| t.as_secs_f64() * 1e6 / kb as f64;
            println!(
                "{name:<16} {kb:>7} {figures:>9} {:>14.1} {:>16.1}",
                per_kb(t_rules),
                per_kb(t_whole)
            );
        }
    }
}

fn main() {
    let timing = std::env::args().any(|a| a == "--bench");
    let secs: f64 = std::env::var("TASSEI_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    let budget = Duration::from_secs_f64(if timing { secs } else { 0.0 });
    // Prints only when timing (`cargo bench`), not under `cargo test`.
    macro_rules! println {
        ($($t:tt)*) => {
            if timing {
                std::println!($($t)*);
            }
        };
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/pdf")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    let have_pdftotext = timing && Command::new("pdftotext").arg("-v").output().is_ok();
    println!(
        "{:<24} {:>5} {:>12} {:>14} {:>14} {:>16}",
        "file", "pages", "pdf pages/s", "+layout pg/s", "whole pg/s", "pdftotext pg/s"
    );
    let options = tassei::pipeline::Options::default();
    for path in files {
        let bytes = std::fs::read(&path).expect("read fixture");
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = match tassei::pdf::read_pdf(&bytes, &options.pdf_limits) {
            Ok(d) => d,
            Err(e) => {
                println!("{name:<24} error: {e}");
                continue;
            }
        };
        let pages = doc.pages.len() as f64;
        let t_pdf = measure(budget, || {
            let _ = std::hint::black_box(tassei::pdf::read_pdf(&bytes, &options.pdf_limits));
        });
        let settings = tassei::layout::LayoutSettings::default();
        let t_layout = measure(budget, || {
            if let Ok(d) = tassei::pdf::read_pdf(&bytes, &options.pdf_limits) {
                let _ = std::hint::black_box(tassei::layout::build_grid(&d, &settings));
            }
        });
        let t_whole = measure(budget, || {
            if let Ok(doc) = tassei::pipeline::extract_bytes(&bytes, &name, &options) {
                let _ =
                    std::hint::black_box(tassei::emit::render(&doc, tassei::emit::Format::Json));
            }
        });
        let t_poppler = have_pdftotext.then(|| {
            measure(budget, || {
                let _ = Command::new("pdftotext")
                    .arg("-layout")
                    .arg(&path)
                    .arg("/dev/null")
                    .status();
            })
        });
        let rate = |t: Duration| pages / t.as_secs_f64();
        println!(
            "{name:<24} {pages:>5} {:>12.0} {:>14.0} {:>14.0} {:>16}",
            rate(t_pdf),
            rate(t_layout),
            rate(t_whole),
            t_poppler.map_or("(not installed)".to_string(), |t| format!("{:.0}", rate(t)))
        );
    }
    if timing {
        big_cells(budget);
    }
}
