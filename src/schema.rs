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
        Err(e) => Err(SchemaError {
            count: 1,
            counted: true,
            pointer: "(schema)".into(),
            message: format!("the bundled schema does not compile: {e}"),
            all: vec![],
        }),
    }
}

/// Validate a report document.
pub fn validate_report(value: &Value) -> Result<(), SchemaError> {
    with(&REPORT_VALIDATOR, value)
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
}
