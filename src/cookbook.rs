//! # Cookbook
//!
//! ## Every figure of one metric across fiscal years
//!
//! ```
//! # let text = "1 テスト\n\t取組概要\t令和5年度\t令和6年度\n全体KPI\t○件数\t○相談件数 60件\t○相談件数 55件\n";
//! let doc = tassei::pipeline::extract_bytes(text.as_bytes(), "r.txt", &Default::default())?;
//! let series: Vec<(i32, f64)> = doc
//!     .records
//!     .iter()
//!     .filter(|r| r.metric == "相談件数" && r.parent.is_none())
//!     .filter_map(|r| Some((r.fiscal_year?.0, r.value)))
//!     .collect();
//! assert_eq!(series, [(2023, 60.0), (2024, 55.0)]);
//! # Ok::<(), tassei::error::ErrorKind>(())
//! ```
//!
//! ## Breakdowns (うち) of a figure
//!
//! A breakdown's `parent` is the id of the figure it breaks down:
//!
//! ```
//! # let text = "1 テスト\n\t取組概要\t令和6年度\n\t○支援\t・就職件数19件 (うち正規雇用12人)\n";
//! let doc = tassei::pipeline::extract_bytes(text.as_bytes(), "r.txt", &Default::default())?;
//! let parent = doc.records.iter().find(|r| r.metric == "就職件数").expect("parent");
//! let children: Vec<&str> = doc
//!     .records
//!     .iter()
//!     .filter(|r| r.parent.as_deref() == Some(parent.id.as_str()))
//!     .map(|r| r.metric.as_str())
//!     .collect();
//! assert_eq!(children, ["正規雇用"]);
//! # Ok::<(), tassei::error::ErrorKind>(())
//! ```
//!
//! ## What changed since the last edition
//!
//! [`diff::diff`](crate::diff::diff) compares two validated documents (from
//! [`pipeline::load_document`](crate::pipeline::load_document) or
//! [`emit::to_validated_value`](crate::emit::to_validated_value)):
//!
//! ```
//! let old = "1 テスト\n\t取組概要\t令和6年度\n\t○支援\t○相談件数 55件 (R6.12月末現在)\n";
//! let new = "1 テスト\n\t取組概要\t令和6年度\n\t○支援\t○相談件数 70件 (R7.3月末現在)\n";
//! let value = |t: &str| -> Result<serde_json::Value, tassei::error::ErrorKind> {
//!     let doc = tassei::pipeline::extract_bytes(t.as_bytes(), "r.txt", &Default::default())?;
//!     tassei::emit::to_validated_value(&doc)
//! };
//! let d = tassei::diff::diff(&value(old)?, &value(new)?);
//! assert_eq!(d.changes.len(), 1);
//! assert_eq!(d.changes[0].delta, Some(15.0));
//! assert!(d.changes[0].as_of_moved);
//! # Ok::<(), tassei::error::ErrorKind>(())
//! ```
//!
//! Rows are aligned before figures are matched, so a measure added above an
//! old one does not turn the old one's figures into "removed + added"; a
//! figure whose row moved says where it was in `old_id`:
//!
//! ```
//! let head = "1 テスト\n\t取組概要\t令和6年度\n";
//! let old = format!("{head}\t○支援\t○相談件数 55件\n");
//! let new = format!("{head}\t○新しい取組\t○参加者数 9人\n\t○支援\t○相談件数 60件\n");
//! let value = |t: &str| -> Result<serde_json::Value, tassei::error::ErrorKind> {
//!     let doc = tassei::pipeline::extract_bytes(t.as_bytes(), "r.txt", &Default::default())?;
//!     tassei::emit::to_validated_value(&doc)
//! };
//! let d = tassei::diff::diff(&value(&old)?, &value(&new)?);
//! let summary: Vec<(&str, Option<&str>)> =
//!     d.changes.iter().map(|c| (c.figure.id.as_str(), c.figure.old_id.as_deref())).collect();
//! assert_eq!(
//!     summary,
//!     [("s1.r1.fy2024.参加者数", None), ("s1.r2.fy2024.相談件数", Some("s1.r1.fy2024.相談件数"))]
//! );
//! assert_eq!(d.changes[1].delta, Some(5.0));
//! # Ok::<(), tassei::error::ErrorKind>(())
//! ```
//!
//! ## Numbers tassei could not place
//!
//! Nothing is dropped silently: numbers without a counter unit the rules know
//! are listed in `unparsed`, with their text and place.
//!
//! ```
//! # let text = "1 テスト\n\t取組概要\t令和6年度\n\t○支援\t○検討会 12 を実施\n";
//! let doc = tassei::pipeline::extract_bytes(text.as_bytes(), "r.txt", &Default::default())?;
//! assert_eq!(doc.unparsed.len(), 1);
//! assert!(doc.unparsed[0].reason.contains("without a counter unit"));
//! # Ok::<(), tassei::error::ErrorKind>(())
//! ```
//!
//! ## Why was this number not read?
//!
//! Draw the page the way tassei sees it — `tassei debug FILE --page N -o
//! page.svg`, or [`debug::page_svg`](crate::debug::page_svg) — and open the
//! SVG in a browser. Each stage is a layer: glyph boxes and ruling lines
//! (pdf), tables and cells (layout), each column tinted by its role with a
//! tag such as `value FY2024 actual` (table model), a green badge on the
//! cell of every figure read and a red `?` badge on every number that was
//! not; hover over anything for what it is (a figure's id, an unparsed
//! number's reason, a column's header path). A number on glyphs but in no
//! cell was outside every table layout found; a cell without a tint sits
//! under a header the table model did not read.
//!
//! ```
//! use tassei::debug::{page_scene, page_svg, DebugOptions, MarkKind};
//! let pdf = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/pdf/family_plan.pdf"));
//! let svg = page_svg(pdf, 3, &DebugOptions::default())?; // write it to page.svg and open it
//! assert!(svg.contains(r#"<g id="unparsed">"#));
//! // The same badges, as data: why each number on page 3 was not read.
//! let scene = page_scene(&std::fs::read(pdf)?, "plan.pdf", 3, &DebugOptions::default())?;
//! let why: Vec<&str> = scene
//!     .marks
//!     .iter()
//!     .filter(|m| m.kind == MarkKind::Unparsed)
//!     .map(|m| m.title.lines().nth(1).unwrap_or(""))
//!     .collect();
//! assert_eq!(why, [
//!     "reason: number 1.45 without a counter unit the rules know: \
//!      no unit found (cell, header, units row, unit note, counter noun)",
//!     "reason: number 1.60 without a counter unit the rules know: \
//!      no unit found (cell, header, units row, unit note, counter noun)",
//! ]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Targets against actuals in a spreadsheet-style table
//!
//! Every record says what kind of figure it is, so a table of 目標 | 実績 |
//! 達成率 columns reads as pairs; a rate points at the actual it is
//! computed from (`of`).
//!
//! ```
//! # let text = "KPI進捗状況\n\n指標名\t単位\t令和6年度\t\t\n\t\t目標\t実績\t達成率\n新規就農者数\t人\t85\t91\t107.1\n";
//! use tassei::table::Kind;
//! let doc = tassei::pipeline::extract_bytes(text.as_bytes(), "r.tsv", &Default::default())?;
//! let of = |k: Kind| doc.records.iter().find(|r| r.kind == k).map(|r| r.value);
//! assert_eq!((of(Kind::Target), of(Kind::Actual), of(Kind::Rate)), (Some(85.0), Some(91.0), Some(107.1)));
//! let rate = doc.records.iter().find(|r| r.kind == Kind::Rate).map(|r| r.of.clone());
//! assert_eq!(rate, Some(Some("s1.r1.fy2024.actual.新規就農者数".to_string())));
//! # Ok::<(), tassei::error::ErrorKind>(())
//! ```
//!
//! ## Teaching tassei an office's own header word
//!
//! Header words are data in [`crate::table::vocab`], one list a role. A
//! header no list knows is never dropped: its cells are in `unparsed` with
//! the reason `column header not in the vocabulary: …`, and `tassei
//! extract` warns on stderr. Add the word to the list of its role (a text
//! column's word to `TEXT`, a kind's to `KINDS`) and rebuild.
//!
//! ```
//! # let text = "進捗\n\n指標名\t令和6年度\t所見\n相談件数\t55件\t順調\n";
//! let doc = tassei::pipeline::extract_bytes(text.as_bytes(), "r.tsv", &Default::default())?;
//! let unknown: Vec<&str> = doc.unparsed.iter().map(|u| u.reason.as_str()).collect();
//! assert_eq!(unknown, ["column header not in the vocabulary: 所見"]);
//! # Ok::<(), tassei::error::ErrorKind>(())
//! ```
