//! Open-data outputs: CSV following the Japanese government's rules for
//! machine-readable tables (総務省, 2020: one value per cell, a single
//! header row, no merged cells, numbers without separators or units, units
//! in their own column, ISO 8601 dates with the original era text beside,
//! UTF-8, no 機種依存文字), and a Frictionless Data Package
//! (`datapackage.json` with a Table Schema per CSV) for CKAN portals.
//!
//! One document becomes five tables ([`Table`]), so nothing is dropped and
//! no cell holds a list:
//!
//! - `X.csv`, the figures: the record fields, one boolean column per
//!   qualifier, the table model's fields (`kind`, `indicator`, `row_key`,
//!   `cell`, `of`);
//! - `X.notes.csv` and `X.event_dates.csv`, the two list-valued fields in
//!   long form (record id, position, value), tied to the figures by a
//!   foreign key;
//! - `X.unparsed.csv`, text the rules could not read, and
//!   `X.warnings.csv`, what was read only in part.
//!
//! Every row ends with `source_path` and `source_sha256`. Every cell is
//! folded to plain characters ([`fold`]). The columns are [`columns`]; the
//! package is [`package`], its resource names [`names`].

use serde_json::{json, Value};

pub mod columns;
pub mod fold;
pub mod names;
pub mod package;

use columns::{Field, QUALIFIERS, RECORD, SOURCE, TABLE_MODEL};
pub use columns::{CELLS, KINDS};

/// The tables one document becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// One row per figure.
    Records,
    /// One row per note of a figure.
    Notes,
    /// One row per event date of a figure with several.
    EventDates,
    /// One row per text the rules could not read.
    Unparsed,
    /// One row per warning.
    Warnings,
}

impl Table {
    /// Every table, the figures first.
    pub const ALL: [Table; 5] = [
        Table::Records,
        Table::Notes,
        Table::EventDates,
        Table::Unparsed,
        Table::Warnings,
    ];

    /// The tables written beside the figures table.
    pub const COMPANIONS: [Table; 4] = [
        Table::Notes,
        Table::EventDates,
        Table::Unparsed,
        Table::Warnings,
    ];

    /// What the table adds to the figures table's file and resource name
    /// (`X.notes.csv`, resource `x.notes`).
    pub fn suffix(self) -> &'static str {
        match self {
            Table::Records => "",
            Table::Notes => ".notes",
            Table::EventDates => ".event_dates",
            Table::Unparsed => ".unparsed",
            Table::Warnings => ".warnings",
        }
    }

    /// What its rows are, for titles and descriptions.
    pub fn what(self) -> &'static str {
        match self {
            Table::Records => "figures",
            Table::Notes => "notes of the figures",
            Table::EventDates => "event dates of the figures",
            Table::Unparsed => "text not read as figures",
            Table::Warnings => "warnings (what was read only in part)",
        }
    }

    /// The file of this table beside the figures table `csv_name`
    /// (`a.csv` → `a.notes.csv`).
    pub fn file_name(self, csv_name: &str) -> String {
        if self == Table::Records {
            return csv_name.to_string();
        }
        format!("{}{}.csv", csv_stem(csv_name), self.suffix())
    }

    /// The columns, in order.
    pub fn fields(self) -> Vec<Field> {
        let mut f: Vec<Field> = match self {
            Table::Records => {
                let mut f = RECORD.to_vec();
                f.extend(QUALIFIERS.iter().map(|&(_, name, description)| Field {
                    name,
                    kind: "boolean",
                    description,
                    values: &[],
                }));
                f.extend_from_slice(TABLE_MODEL);
                f
            }
            Table::Notes => columns::long(columns::NOTE).to_vec(),
            Table::EventDates => columns::long(columns::EVENT_DATE).to_vec(),
            Table::Unparsed => columns::UNPARSED.to_vec(),
            Table::Warnings => columns::WARNINGS.to_vec(),
        };
        f.extend_from_slice(SOURCE);
        f
    }

    /// The Table Schema; `records` names the figures table's resource the
    /// long tables refer to.
    pub fn schema(self, records: &str) -> Value {
        let fields: Vec<Value> = self.fields().iter().map(schema_field).collect();
        let mut s = json!({"fields": fields, "missingValues": [""]});
        match self {
            Table::Records => s["primaryKey"] = json!(["id"]),
            Table::Notes | Table::EventDates => {
                s["primaryKey"] = json!(["record_id", "position"]);
                s["foreignKeys"] = json!([{
                    "fields": ["record_id"],
                    "reference": {"resource": records, "fields": ["id"]},
                }]);
            }
            Table::Unparsed | Table::Warnings => {}
        }
        s
    }
}

/// `a.csv` → `a` (any ASCII case of `.csv`); another name stays whole.
pub fn csv_stem(csv_name: &str) -> &str {
    let n = csv_name.len();
    match csv_name.get(n.saturating_sub(4)..) {
        Some(ext) if n > 4 && ext.eq_ignore_ascii_case(".csv") => &csv_name[..n - 4],
        _ => csv_name,
    }
}

/// Does `csv_name` look like a table written beside another
/// (`x.notes.csv`)? Such a name is never given to a figures table.
pub fn is_companion_name(csv_name: &str) -> bool {
    let lower = csv_name.to_ascii_lowercase();
    Table::COMPANIONS
        .iter()
        .any(|t| lower.ends_with(&format!("{}.csv", t.suffix())))
}

/// The figures table's column names, in order.
pub fn header() -> Vec<&'static str> {
    Table::Records.fields().iter().map(|f| f.name).collect()
}

/// The Table Schema of the figures table (no foreign keys).
pub fn table_schema() -> Value {
    Table::Records.schema("")
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

/// A JSON scalar as cell text (null: empty).
fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The figures-table row of the record `r` (without the source columns).
fn record_row(r: &Value) -> Vec<String> {
    let null = Value::Null;
    let period = r.get("period").unwrap_or(&null);
    let at = |v: Option<&Value>| v.map(text).unwrap_or_default();
    let mut row: Vec<String> = RECORD
        .iter()
        .map(|f| match f.name {
            "period_from" => at(period.get("from")),
            "period_to" => at(period.get("to")),
            "period_text" => at(period.get("text")),
            name => at(r.get(name)),
        })
        .collect();
    let quals = array(r, "qualifiers");
    for (q, _, _) in QUALIFIERS {
        let on = serde_json::to_value(q).is_ok_and(|name| quals.contains(&name));
        row.push(on.to_string());
    }
    row.extend(TABLE_MODEL.iter().map(|f| at(r.get(f.name))));
    row
}

/// The rows of `table` an item of the document brings (without the
/// source columns): a record for the figures, notes and event dates
/// tables, an unparsed item or a warning for theirs.
fn item_rows(table: Table, item: &Value) -> Vec<Vec<String>> {
    let by_name = |fields: &[Field]| -> Vec<String> {
        fields
            .iter()
            .map(|f| item.get(f.name).map(text).unwrap_or_default())
            .collect()
    };
    let long = |key: &str| -> Vec<Vec<String>> {
        let id = item.get("id").map(text).unwrap_or_default();
        array(item, key)
            .iter()
            .enumerate()
            .map(|(i, v)| vec![id.clone(), (i + 1).to_string(), text(v)])
            .collect()
    };
    match table {
        Table::Records => vec![record_row(item)],
        Table::Notes => long("notes"),
        Table::EventDates => long("event_dates"),
        Table::Unparsed => vec![by_name(columns::UNPARSED)],
        Table::Warnings => vec![by_name(columns::WARNINGS)],
    }
}

impl Table {
    /// The array of the document whose items make the table's rows.
    pub fn items(self) -> &'static str {
        match self {
            Table::Records | Table::Notes | Table::EventDates => "records",
            Table::Unparsed => "unparsed",
            Table::Warnings => "warnings",
        }
    }
}

/// A table written as CSV (UTF-8, header row, no BOM, every cell folded to
/// plain characters) one item at a time ([`Table::items`]), so a large
/// document is never held whole.
pub struct TableWriter<W: std::io::Write> {
    table: Table,
    source: [String; 2],
    w: csv::Writer<W>,
}

impl<W: std::io::Write> TableWriter<W> {
    /// Start `table` (its header row) for the document read from
    /// `source_path` with `source_sha256`.
    pub fn new(
        table: Table,
        source_path: &str,
        source_sha256: &str,
        w: W,
    ) -> Result<Self, csv::Error> {
        let mut w = csv::Writer::from_writer(w);
        w.write_record(table.fields().iter().map(|f| f.name))?;
        Ok(TableWriter {
            table,
            source: [source_path.to_string(), source_sha256.to_string()],
            w,
        })
    }

    /// The rows of one item of the validated document.
    pub fn item(&mut self, item: &Value) -> Result<(), csv::Error> {
        for row in item_rows(self.table, item) {
            let cells: Vec<std::borrow::Cow<str>> = row
                .iter()
                .chain(&self.source)
                .map(|c| fold::plain(c))
                .collect();
            self.w.write_record(cells.iter().map(|c| c.as_bytes()))?;
        }
        Ok(())
    }

    /// Flush and hand back the writer.
    pub fn finish(self) -> Result<W, csv::Error> {
        self.w
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))
    }
}

/// `table` of the validated document `doc` as CSV (see [`TableWriter`]).
pub fn render_table(table: Table, doc: &Value) -> Result<Vec<u8>, csv::Error> {
    let source = |p: &str| doc.pointer(p).map(text).unwrap_or_default();
    let mut w = TableWriter::new(
        table,
        &source("/source/path"),
        &source("/source/sha256"),
        Vec::new(),
    )?;
    for item in array(doc, table.items()) {
        w.item(item)?;
    }
    w.finish()
}

/// The figures table of a validated document as CSV.
pub fn render_csv(doc: &Value) -> Result<Vec<u8>, csv::Error> {
    render_table(Table::Records, doc)
}
