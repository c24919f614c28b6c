//! The CSV columns of every table tassei writes, in one place: name, Table
//! Schema type, description and the values a column may take. The README's
//! CSV column reference lists the same.
//!
//! Columns of the figures table are only ever appended within a release
//! line; the two list-valued fields (`event_dates`, `notes`) left it for
//! their own long tables (one value per cell), and `source_path` /
//! `source_sha256` close every table.

use crate::rules::Qualifier;

/// A CSV column: name, Table Schema type, description, and the values it
/// may take (empty: any).
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: &'static str,
    pub description: &'static str,
    pub values: &'static [&'static str],
}

impl Field {
    const fn new(name: &'static str, kind: &'static str, description: &'static str) -> Field {
        Field {
            name,
            kind,
            description,
            values: &[],
        }
    }
}

/// Each qualifier's boolean column: qualifier, column name, description.
pub const QUALIFIERS: &[(Qualifier, &str, &str)] = &[
    (
        Qualifier::Target,
        "is_target",
        "目標: a target, not an achievement",
    ),
    (
        Qualifier::AtLeast,
        "at_least",
        "以上: the target is a minimum",
    ),
    (Qualifier::AtMost, "at_most", "以下"),
    (Qualifier::LessThan, "less_than", "未満"),
    (Qualifier::MoreThan, "more_than", "超"),
    (Qualifier::About, "about", "程度"),
    (Qualifier::Approx, "approx", "約: approximate"),
    (
        Qualifier::Nobe,
        "nobe",
        "延べ: a count with repeats (person-times)",
    ),
    (
        Qualifier::Breakdown,
        "breakdown",
        "うち: a breakdown of the parent figure",
    ),
    (
        Qualifier::Cumulative,
        "cumulative",
        "累計: cumulative over period_from..period_to",
    ),
    (Qualifier::Preliminary, "preliminary", "速報値: preliminary"),
    (Qualifier::Planned, "planned", "予定: planned, not achieved"),
    (Qualifier::Forecast, "forecast", "見込み: forecast"),
    (
        Qualifier::Repeated,
        "repeated",
        "再掲: repeated from elsewhere in the report",
    ),
];

/// The record's own fields, first in the figures table.
pub const RECORD: &[Field] = &[
    Field::new(
        "id",
        "string",
        "Stable id: section, row, fiscal year, metric",
    ),
    Field::new("section", "integer", "Section number"),
    Field::new(
        "row",
        "integer",
        "Table row (0 = the section's 【目標】 line or a KPI line)",
    ),
    Field::new("category", "string", "取組の柱"),
    Field::new("organization", "string", "Organisation (<労働局>)"),
    Field::new("measure", "string", "取組概要"),
    Field::new(
        "fiscal_year",
        "integer",
        "Gregorian year the 年度 starts in (令和6年度 = 2024); empty when neither the column \
         nor the text states one",
    ),
    Field::new(
        "column",
        "string",
        "The column's header path when it states the figure's kind (令和5年度 → 目標, \
         達成率(%)); empty for a bare year column",
    ),
    Field::new("item", "integer", "Bullet item of the cell"),
    Field::new("metric", "string", "Metric (short)"),
    Field::new("label", "string", "Label as written"),
    Field::new("subject", "string", "Subject named by the item"),
    Field::new("value", "number", "The figure"),
    Field::new("unit", "string", "Unit (件, 人, 社, …)"),
    Field::new("as_of", "date", "As-of date"),
    Field::new("as_of_text", "string", "As-of date as written"),
    Field::new(
        "event_date",
        "date",
        "Date of the event counted (several: the event_dates table)",
    ),
    Field::new("period_from", "date", "Start of the period counted"),
    Field::new("period_to", "date", "End of the period counted"),
    Field::new("period_text", "string", "Period as written"),
    Field::new(
        "parent",
        "string",
        "Id of the figure this one breaks down (うち)",
    ),
    Field::new("text", "string", "Source text of the figure (normalized)"),
    Field::new("page", "integer", "PDF page"),
];

/// What a figure is (`crate::table::Kind`), as written in `kind`.
pub const KINDS: &[&str] = &["actual", "target", "baseline", "forecast", "rate", "change"];

/// Where a figure was read, as written in `cell`.
pub const CELLS: &[&str] = &["value", "text", "measure", "target_line", "kpi_line"];

/// Warning classes (`crate::warning::WarningClass`), as written in `class`.
pub const WARNING_CLASSES: &[&str] = &[
    "pdf_repaired",
    "pdf_objects_missing",
    "stream_damaged",
    "pages_missing",
    "font_fallback",
    "font_damaged",
    "private_use_glyphs",
    "text_damage",
    "unknown_column",
    "rows_outside_tables",
    "no_figures",
];

/// The table model's fields, after the qualifier columns.
pub const TABLE_MODEL: &[Field] = &[
    Field {
        name: "kind",
        kind: "string",
        description: "What the figure is: actual (実績), target (目標), baseline (基準値), \
                      forecast (見込), rate (達成率) or change (増減, 差)",
        values: KINDS,
    },
    Field::new(
        "indicator",
        "string",
        "The row's indicator (指標名), or the KPI line's",
    ),
    Field::new("row_key", "string", "The row key column's text (No.)"),
    Field {
        name: "cell",
        kind: "string",
        description: "Where the figure was read: value (a value column), text (a prose \
                      column), measure (the measure text of a KPI row), target_line (a 【目標】 \
                      line) or kpi_line (a KPI line outside a table)",
        values: CELLS,
    },
    Field::new(
        "of",
        "string",
        "For a rate or change: id of the actual figure it is computed from",
    ),
];

/// The last two columns of every table: where its rows came from.
pub const SOURCE: &[Field] = &[
    Field::new(
        "source_path",
        "string",
        "The input file the row was read from, as named to tassei",
    ),
    Field::new("source_sha256", "string", "SHA-256 of the input file (hex)"),
];

/// The long table of a list-valued field: the record, the position in its
/// list, the value.
pub const fn long(value: Field) -> [Field; 3] {
    [
        Field::new(
            "record_id",
            "string",
            "Id of the figure (the figures table's id)",
        ),
        Field::new(
            "position",
            "integer",
            "Position in the figure's list, from 1",
        ),
        value,
    ]
}

/// The value column of the notes table.
pub const NOTE: Field = Field::new(
    "note",
    "string",
    "A note or footnote attached to the figure",
);

/// The value column of the event-dates table.
pub const EVENT_DATE: Field = Field::new(
    "event_date",
    "date",
    "One of several dates of the events the figure counts",
);

/// Text the rules could not turn into figures (the document's `unparsed`).
pub const UNPARSED: &[Field] = &[
    Field::new("section", "integer", "Section number"),
    Field::new("row", "integer", "Table row"),
    Field::new(
        "fiscal_year",
        "integer",
        "Gregorian year the 年度 starts in",
    ),
    Field::new("item", "integer", "Bullet item of the cell"),
    Field::new("text", "string", "The text as read (normalized)"),
    Field::new("reason", "string", "Why no figure was taken from it"),
    Field::new("page", "integer", "PDF page"),
];

/// What was read only in part (the document's `warnings`).
pub const WARNINGS: &[Field] = &[
    Field {
        name: "class",
        kind: "string",
        description: "What kind of partial read: pdf_repaired, pdf_objects_missing, \
                      stream_damaged, pages_missing, font_fallback, font_damaged, \
                      private_use_glyphs, \
                      text_damage, \
                      unknown_column, rows_outside_tables, no_figures",
        values: WARNING_CLASSES,
    },
    Field::new("message", "string", "What happened"),
    Field::new("page", "integer", "PDF page, when known"),
    Field::new("section", "integer", "Section, when known"),
    Field::new("row", "integer", "Table row, when known"),
];
