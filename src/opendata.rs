//! Open-data outputs: CSV following the Japanese government's rules for
//! machine-readable tables (総務省, 2020: one value per cell, a single
//! header row, no merged cells, numbers without separators or units, units
//! in their own column, ISO 8601 dates with the original era text beside,
//! UTF-8), and a Frictionless Data Package (`datapackage.json` with a Table
//! Schema per CSV) for CKAN portals.
//!
//! Qualifiers become one boolean column each, so no cell holds a list; the
//! two list-valued fields of a record are written as one text value
//! (`event_dates` space-separated ISO dates, `notes` joined with ` / `) and
//! described so in the Table Schema.
//!
//! Columns are only ever appended, so a consumer reading by position keeps
//! working: the record fields, then the qualifier booleans, then
//! the fields the table model added (`kind`, `indicator`, `row_key`,
//! `cell`, `of`). `kind` and `cell` carry an `enum` constraint ([`KINDS`],
//! [`CELLS`]) in the Table Schema.

use serde_json::{json, Value};

use crate::rules::Qualifier;

/// A CSV column: name, Table Schema type, description, and the values it
/// may take (empty: any).
struct Field {
    name: &'static str,
    kind: &'static str,
    description: &'static str,
    values: &'static [&'static str],
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

const QUALIFIERS: &[(Qualifier, &str, &str)] = &[
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

const FIELDS: &[Field] = &[
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
    Field::new("event_date", "date", "Date of the event counted"),
    Field::new(
        "event_dates",
        "string",
        "Several event dates: ISO dates separated by spaces",
    ),
    Field::new("period_from", "date", "Start of the period counted"),
    Field::new("period_to", "date", "End of the period counted"),
    Field::new("period_text", "string", "Period as written"),
    Field::new(
        "parent",
        "string",
        "Id of the figure this one breaks down (うち)",
    ),
    Field::new("notes", "string", "Notes and footnotes, joined with ' / '"),
    Field::new("text", "string", "Source text of the figure (normalized)"),
    Field::new("page", "integer", "PDF page"),
];

/// What a figure is (`crate::table::Kind`), as written in `kind`.
pub const KINDS: &[&str] = &["actual", "target", "baseline", "forecast", "rate", "change"];

/// Where a figure was read, as written in `cell`.
pub const CELLS: &[&str] = &["value", "text", "measure", "target_line", "kpi_line"];

/// The table model's fields, after the qualifier columns.
const TABLE: &[Field] = &[
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

/// Column names, in order.
pub fn header() -> Vec<&'static str> {
    let mut h: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
    h.extend(QUALIFIERS.iter().map(|q| q.1));
    h.extend(TABLE.iter().map(|f| f.name));
    h
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(text).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

/// The records of a validated document as CSV (UTF-8, header row, no BOM).
pub fn render_csv(doc: &Value) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header())?;
    for r in doc
        .get("records")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let quals: Vec<&str> = r
            .get("qualifiers")
            .and_then(Value::as_array)
            .map(|q| q.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let period = r.get("period").cloned().unwrap_or(Value::Null);
        let mut row: Vec<String> =
            Vec::with_capacity(FIELDS.len() + QUALIFIERS.len() + TABLE.len());
        for f in FIELDS {
            let cell = match f.name {
                "period_from" => text(&period["from"]),
                "period_to" => text(&period["to"]),
                "period_text" => text(&period["text"]),
                "notes" => r
                    .get("notes")
                    .and_then(Value::as_array)
                    .map(|n| n.iter().map(text).collect::<Vec<_>>().join(" / "))
                    .unwrap_or_default(),
                name => r.get(name).map(text).unwrap_or_default(),
            };
            row.push(cell);
        }
        for (q, _, _) in QUALIFIERS {
            let name = serde_json::to_value(q)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            row.push(quals.contains(&name.as_str()).to_string());
        }
        row.extend(
            TABLE
                .iter()
                .map(|f| r.get(f.name).map(text).unwrap_or_default()),
        );
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// A Data Package name: lowercase ASCII letters, digits, `-`, `_`, `.`.
pub fn package_name(s: &str) -> String {
    let n: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else if matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let n = n.trim_matches('-').to_string();
    if n.is_empty() {
        "report".to_string()
    } else {
        n
    }
}

fn schema_field(f: &Field) -> Value {
    let mut v = json!({"name": f.name, "type": f.kind, "description": f.description});
    if f.kind == "date" {
        v["format"] = json!("default");
    }
    if !f.values.is_empty() {
        v["constraints"] = json!({"enum": f.values});
    }
    v
}

/// The Table Schema of the CSV.
pub fn table_schema() -> Value {
    let mut fields: Vec<Value> = FIELDS.iter().map(schema_field).collect();
    fields.extend(
        QUALIFIERS
            .iter()
            .map(|(_, name, d)| json!({"name": name, "type": "boolean", "description": d})),
    );
    fields.extend(TABLE.iter().map(schema_field));
    json!({"fields": fields, "primaryKey": ["id"], "missingValues": [""]})
}

/// One resource entry: a CSV written from the document `doc`.
pub fn resource(csv_path: &str, doc: &Value) -> Value {
    let stem = csv_path
        .rsplit('/')
        .next()
        .unwrap_or(csv_path)
        .trim_end_matches(".csv");
    json!({
        "name": package_name(stem),
        "path": csv_path,
        "profile": "tabular-data-resource",
        "title": doc.pointer("/report/title").cloned().unwrap_or(Value::Null),
        "description": format!("Figures extracted by tassei from {} (sha256 {})",
            doc.pointer("/source/path").and_then(Value::as_str).unwrap_or(""),
            doc.pointer("/source/sha256").and_then(Value::as_str).unwrap_or("")),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": table_schema(),
    })
}

/// `datapackage.json` for the given resources.
pub fn datapackage(name: &str, resources: Vec<Value>) -> Value {
    json!({
        "profile": "tabular-data-package",
        "name": package_name(name),
        "title": "KPI達成状況 figures extracted by tassei",
        "resources": resources,
    })
}
