//! Stage 6: JSON Schema validation. Every document is validated against
//! `schemas/tassei-report.schema.json` (draft 2020-12) before it is written;
//! `tassei validate` checks any file against it.

use std::sync::LazyLock;

use serde_json::Value;

use crate::error::SchemaError;

/// The report schema, compiled into the binary.
pub const REPORT_SCHEMA: &str = include_str!("../schemas/tassei-report.schema.json");

static REPORT_VALIDATOR: LazyLock<Result<jsonschema::Validator, String>> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(REPORT_SCHEMA).map_err(|e| e.to_string())?;
    jsonschema::draft202012::new(&schema).map_err(|e| e.to_string())
});

/// The diff schema, compiled into the binary.
pub const DIFF_SCHEMA: &str = include_str!("../schemas/tassei-diff.schema.json");

static DIFF_VALIDATOR: LazyLock<Result<jsonschema::Validator, String>> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(DIFF_SCHEMA).map_err(|e| e.to_string())?;
    jsonschema::draft202012::new(&schema).map_err(|e| e.to_string())
});

/// Most violations kept with their text in [`SchemaError::all`].
pub const MAX_VIOLATIONS_KEPT: usize = 100;

/// Most values (array elements, object members, scalars) of a document
/// whose violations are counted. jsonschema collects every violation before
/// it yields the first, ~500 bytes each: a 16 MiB array of 8 million
/// invalid elements took 4.5 GB. Past this many values only the first
/// violation is reported (`counted: false`).
pub const MAX_VALUES_COUNTED: usize = 200_000;

/// Validate `value` against `validator`: the first violation, and the
/// number of violations in a document of at most [`MAX_VALUES_COUNTED`]
/// values (the first [`MAX_VIOLATIONS_KEPT`] kept with their text).
pub fn check(validator: &jsonschema::Validator, value: &Value) -> Result<(), SchemaError> {
    if validator.is_valid(value) {
        return Ok(());
    }
    let error = |pointer: String, message: String, count, counted, all| {
        Err(SchemaError {
            count,
            counted,
            pointer: if pointer.is_empty() {
                "/".to_string()
            } else {
                pointer
            },
            message: message.chars().take(300).collect(),
            all,
        })
    };
    if values_over(value, MAX_VALUES_COUNTED) {
        return match validator.validate(value) {
            Ok(()) => Ok(()),
            Err(e) => {
                let first = (e.instance_path().to_string(), e.to_string());
                error(first.0.clone(), first.1.clone(), 1, false, vec![first])
            }
        };
    }
    let mut all: Vec<(String, String)> = Vec::new();
    let mut count = 0usize;
    for e in validator.iter_errors(value) {
        count += 1;
        if all.len() < MAX_VIOLATIONS_KEPT {
            all.push((e.instance_path().to_string(), e.to_string()));
        }
    }
    match all.first() {
        None => Ok(()),
        Some((pointer, message)) => error(pointer.clone(), message.clone(), count, true, all),
    }
}

/// Does `value` hold more than `limit` values (itself included)?
fn values_over(value: &Value, limit: usize) -> bool {
    let mut seen = 0usize;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        seen += 1;
        if seen > limit {
            return true;
        }
        match v {
            Value::Array(a) => stack.extend(a.iter()),
            Value::Object(o) => stack.extend(o.values()),
            _ => {}
        }
    }
    false
}

fn with(
    validator: &Result<jsonschema::Validator, String>,
    value: &Value,
) -> Result<(), SchemaError> {
    match validator {
        Ok(v) => check(v, value),
        Err(e) => Err(schema_problem(format!(
            "the bundled schema does not compile: {e}"
        ))),
    }
}

/// Validate a report document.
pub fn validate_report(value: &Value) -> Result<(), SchemaError> {
    with(&REPORT_VALIDATOR, value)
}

/// Validators of the items of the report's arrays (`records`, `unparsed`,
/// `warnings`: every property of the schema whose `items` is a schema),
/// each compiled from that item schema with the schema's `$defs` beside it.
static REPORT_ITEM_VALIDATORS: LazyLock<Result<Vec<(String, jsonschema::Validator)>, String>> =
    LazyLock::new(|| {
        let schema: Value = serde_json::from_str(REPORT_SCHEMA).map_err(|e| e.to_string())?;
        let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
        let props = schema
            .get("properties")
            .and_then(Value::as_object)
            .ok_or("the report schema has no properties")?;
        let mut out = Vec::new();
        for (name, prop) in props {
            let Some(Value::Object(items)) = prop.get("items") else {
                continue;
            };
            let mut item = items.clone();
            item.insert("$defs".into(), defs.clone());
            let v = jsonschema::draft202012::new(&Value::Object(item))
                .map_err(|e| format!("{name}: {e}"))?;
            out.push((name.clone(), v));
        }
        Ok(out)
    });

/// A report validated part by part, so that a document of millions of
/// records never exists as one JSON value: the document with its item
/// arrays empty ([`ReportCheck::head`]), then each item on its own
/// ([`ReportCheck::item`]). The violations are those of the whole
/// document, with the same pointers (`/records/7/unit`).
#[derive(Debug)]
pub struct ReportCheck {
    count: usize,
    counted: bool,
    all: Vec<(String, String)>,
}

impl Default for ReportCheck {
    fn default() -> Self {
        ReportCheck {
            count: 0,
            counted: true,
            all: Vec::new(),
        }
    }
}

impl ReportCheck {
    fn add(&mut self, prefix: &str, result: Result<(), SchemaError>) {
        let Err(e) = result else {
            return;
        };
        self.count += e.count;
        self.counted &= e.counted;
        let room = MAX_VIOLATIONS_KEPT.saturating_sub(self.all.len());
        let mut kept: Vec<(String, String)> = e
            .all
            .into_iter()
            .take(room)
            .map(|(p, m)| (format!("{prefix}{p}"), m))
            .collect();
        if kept.is_empty() && self.all.is_empty() {
            // A schema that does not compile: its one error, as it is.
            kept.push((e.pointer, e.message));
        }
        self.all.extend(kept);
    }

    /// The document with its item arrays empty.
    pub fn head(&mut self, head: &Value) {
        self.add("", with(&REPORT_VALIDATOR, head));
    }

    /// Item `index` of the document's array `array`.
    pub fn item(&mut self, array: &str, index: usize, value: &Value) {
        let result = match &*REPORT_ITEM_VALIDATORS {
            Ok(vs) => match vs.iter().find(|(name, _)| name == array) {
                Some((_, v)) => check(v, value),
                None => Err(schema_problem(format!(
                    "the schema has no items for {array}"
                ))),
            },
            Err(e) => Err(schema_problem(format!(
                "the bundled schema does not compile: {e}"
            ))),
        };
        self.add(&format!("/{array}/{index}"), result);
    }

    /// The violations found, if any.
    pub fn finish(self) -> Result<(), SchemaError> {
        let Some((pointer, message)) = self.all.first().cloned() else {
            return Ok(());
        };
        Err(SchemaError {
            count: self.count.max(1),
            counted: self.counted,
            pointer: if pointer.is_empty() {
                "/".to_string()
            } else {
                pointer
            },
            message: message.chars().take(300).collect(),
            all: self.all,
        })
    }
}

fn schema_problem(message: String) -> SchemaError {
    SchemaError {
        count: 1,
        counted: true,
        pointer: "(schema)".into(),
        message,
        all: vec![],
    }
}

/// Validate a diff document.
pub fn validate_diff(value: &Value) -> Result<(), SchemaError> {
    with(&DIFF_VALIDATOR, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_compiles_and_rejects_junk() {
        assert!(REPORT_VALIDATOR.is_ok());
        assert!(DIFF_VALIDATOR.is_ok());
        let err = validate_report(&serde_json::json!({"records": 1})).expect_err("invalid");
        assert!(err.count >= 1);
    }

    #[test]
    fn violations_of_a_huge_document_are_not_collected() {
        // Every element a violation: counted up to the limit of values,
        // past it only the first is reported.
        let small: Vec<Value> = vec![Value::from(0); 1000];
        let err = validate_report(&serde_json::json!({ "records": small })).expect_err("bad");
        assert!(err.counted && err.count > 1000, "{err}");
        assert_eq!(err.all.len(), MAX_VIOLATIONS_KEPT);
        let big: Vec<Value> = vec![Value::from(0); MAX_VALUES_COUNTED + 1];
        let err = validate_report(&serde_json::json!({ "records": big })).expect_err("bad");
        assert!(!err.counted, "{err}");
        assert!(
            err.to_string()
                .starts_with("schema violations (not counted"),
            "{err}"
        );
        assert_eq!(err.all.len(), 1);
    }

    #[test]
    fn part_by_part_finds_what_the_whole_document_check_finds() {
        let mut doc: Value =
            serde_json::from_str(include_str!("../fixtures/expected/seed.json")).expect("seed");
        assert!(validate_report(&doc).is_ok());
        doc["records"][5]["unit"] = Value::from(1);
        doc["records"][9]["value"] = Value::from("x");
        doc["report"]["title"] = Value::from(2);
        let whole = validate_report(&doc).expect_err("invalid");
        let mut check = ReportCheck::default();
        let mut head = doc.clone();
        for array in ["records", "unparsed", "warnings"] {
            head[array] = Value::Array(Vec::new());
        }
        check.head(&head);
        for array in ["records", "unparsed", "warnings"] {
            for (i, item) in doc[array].as_array().into_iter().flatten().enumerate() {
                check.item(array, i, item);
            }
        }
        let parts = check.finish().expect_err("invalid");
        let pointers = |e: &SchemaError| {
            let mut p: Vec<String> = e.all.iter().map(|(p, _)| p.clone()).collect();
            p.sort();
            p
        };
        assert_eq!(pointers(&parts), pointers(&whole));
        assert_eq!(
            pointers(&parts),
            vec!["/records/5/unit", "/records/9/value", "/report/title"]
        );
        assert_eq!((parts.count, parts.counted), (whole.count, true));
    }
}
