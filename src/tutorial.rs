//! # Tutorial
//!
//! tassei reads a KPI progress report (KPI達成状況) — a PDF as published, or
//! the text/TSV extraction of one — and returns its figures as typed,
//! validated records.
//!
//! ## From the command line
//!
//! ```text
//! $ tassei extract report.pdf -o report.json      # JSON, validated
//! $ tassei extract report.pdf --format csv -o out/report.csv   # + out/datapackage.json
//! $ tassei diff last_quarter.pdf this_quarter.pdf # what changed
//! $ tassei batch reports/ -o out/                 # many files, in parallel
//! ```
//!
//! ## From Rust: one report
//!
//! [`pipeline::extract_bytes`](crate::pipeline::extract_bytes) runs every
//! stage on a report held in memory and returns a
//! [`record::Document`](crate::record::Document):
//!
//! ```
//! let text = "1 テスト\n【目標】2年間で100件以上を目指す。\t\t\t\n\t取組概要\t令和5年度\t令和6年度\n\
//!             全体KPI\t○相談件数2年間で100件以上\t○相談件数 60件\t○相談件数 55件 (R6.12月末現在)\n";
//! let doc = tassei::pipeline::extract_bytes(text.as_bytes(), "example.txt", &Default::default())?;
//! let fy2024 = doc.records.iter().find(|r| r.id == "s1.r1.fy2024.相談件数").expect("a record");
//! assert_eq!(fy2024.value, 55.0);
//! assert_eq!(fy2024.unit, "件");
//! assert_eq!(fy2024.as_of.map(|d| d.to_string()).as_deref(), Some("2024-12-31"));
//! // The section's target and how far it has been reached (60 + 55 of 100).
//! let progress = &doc.sections[0].progress[0];
//! assert_eq!((progress.achieved, progress.attainment), (115.0, Some(1.15)));
//! # Ok::<(), tassei::error::ErrorKind>(())
//! ```
//!
//! Before writing a document, validate it: [`emit::render`](crate::emit::render)
//! validates against the bundled JSON Schema and renders JSON, JSON Lines or
//! CSV.
//!
//! ## The stages, one at a time
//!
//! Each stage is a module with one job, and can be used alone:
//!
//! ```
//! use tassei::normalize::normalize;
//! use tassei::rules::{extract_cell, CellContext};
//! use tassei::calendar::FiscalYear;
//!
//! // Full-width digits, letter spacing and radical code points are normalized…
//! assert_eq!(normalize("３，１２１件（Ｒ６．１２月末現在）"), "3,121件(R6.12月末現在)");
//! // …then the rules find figures, their dates and qualifiers.
//! let ctx = CellContext { fiscal_year: Some(FiscalYear(2024)), ..Default::default() };
//! let cell = extract_cell("○限定求人 473人 (R1.8~R6.12累計)", &ctx);
//! let f = &cell.figures[0];
//! assert_eq!((f.metric.as_str(), f.value), ("限定求人", 473.0));
//! assert_eq!(f.period.as_ref().map(|p| p.from.to_string()).as_deref(), Some("2019-08-01"));
//! ```
//!
//! See [`crate::cookbook`] for common tasks.
