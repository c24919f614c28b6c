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

use serde_json::{json, Value};

use crate::rules::Qualifier;

/// A CSV column: name, Table Schema type, description.
struct Field {
    name: &'static str,
    kind: &'static str,
    description: &'static str,
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
    Field {
        name: "id",
        kind: "string",
        description: "Stable id: section, row, fiscal year, metric",
    },
    Field {
        name: "section",
        kind: "integer",
        description: "Section number",
    },
    Field {
        name: "row",
        kind: "integer",
        description: "Table row (0 = the section's 【目標】 line)",
    },
    Field {
        name: "category",
        kind: "string",
        description: "取組の柱",
    },
    Field {
        name: "organization",
        kind: "string",
        description: "Organisation (<労働局>)",
    },
    Field {
        name: "measure",
        kind: "string",
        description: "取組概要",
    },
    Field {
        name: "fiscal_year",
        kind: "integer",
        description: "Gregorian year the 年度 starts in (令和6年度 = 2024); empty for targets",
    },
    Field {
        name: "column",
        kind: "string",
        description: "Second-level column header (目標, 実績)",
    },
    Field {
        name: "item",
        kind: "integer",
        description: "Bullet item of the cell",
    },
    Field {
        name: "metric",
        kind: "string",
        description: "Metric (short)",
    },
    Field {
        name: "label",
        kind: "string",
        description: "Label as written",
    },
    Field {
        name: "subject",
        kind: "string",
        description: "Subject named by the item",
    },
    Field {
        name: "value",
        kind: "number",
        description: "The figure",
    },
    Field {
        name: "unit",
        kind: "string",
        description: "Unit (件, 人, 社, …)",
    },
    Field {
        name: "as_of",
        kind: "date",
        description: "As-of date",
    },
    Field {
        name: "as_of_text",
        kind: "string",
        description: "As-of date as written",
    },
    Field {
        name: "event_date",
        kind: "date",
        description: "Date of the event counted",
    },
    Field {
        name: "event_dates",
        kind: "string",
        description: "Several event dates: ISO dates separated by spaces",
    },
    Field {
        name: "period_from",
        kind: "date",
        description: "Start of the period counted",
    },
    Field {
        name: "period_to",
        kind: "date",
        description: "End of the period counted",
    },
    Field {
        name: "period_text",
        kind: "string",
        description: "Period as written",
    },
    Field {
        name: "parent",
        kind: "string",
        description: "Id of the figure this one breaks down (うち)",
    },
    Field {
        name: "notes",
        kind: "string",
        description: "Notes and footnotes, joined with ' / '",
    },
    Field {
        name: "text",
        kind: "string",
        description: "Source text of the figure (normalized)",
    },
    Field {
        name: "page",
        kind: "integer",
        description: "PDF page",
    },
];

/// Column names, in order.
pub fn header() -> Vec<&'static str> {
    let mut h: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
    h.extend(QUALIFIERS.iter().map(|q| q.1));
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
        let mut row: Vec<String> = Vec::with_capacity(FIELDS.len() + QUALIFIERS.len());
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

/// The Table Schema of the CSV.
pub fn table_schema() -> Value {
    let mut fields: Vec<Value> = FIELDS
        .iter()
        .map(|f| {
            let mut v = json!({"name": f.name, "type": f.kind, "description": f.description});
            if f.kind == "date" {
                v["format"] = json!("default");
            }
            v
        })
        .collect();
    fields.extend(
        QUALIFIERS
            .iter()
            .map(|(_, name, d)| json!({"name": name, "type": "boolean", "description": d})),
    );
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
