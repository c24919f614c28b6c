//! tassei (達成) turns Japanese government KPI progress reports (KPI達成状況)
//! into validated, machine-readable records.
//!
//! The pipeline, one module a stage, data flowing one way:
//!
//! Start with the [`tutorial`]; the [`cookbook`] has common tasks.
//!
//! ```text
//! pdf (glyphs + rules) → layout (grid → cells) ┐
//!                      text (TSV + HTML lists) ┴→ grid → normalize → report
//!   (sections, columns, rows) → rules (figures, dates, qualifiers) → record
//!   → schema (validation) → emit (JSON / JSON Lines)
//! ```

pub mod batch;
pub mod calendar;
pub mod cookbook;
pub mod deadline;
pub mod debug;
pub mod diff;
pub mod emit;
pub mod error;
pub mod grid;
pub mod layout;
pub mod normalize;
pub mod opendata;
pub mod pdf;
pub mod pipeline;
pub mod progress;
pub mod record;
pub mod table;
/// The table model under its former name (`tassei::report::read_report`).
pub use table as report;
pub mod rules;
pub mod schema;
pub mod text;
pub mod textdump;
pub mod tutorial;
pub mod warning;
