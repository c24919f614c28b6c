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

/// Validate `value` against `validator`, collecting every violation.
pub fn check(validator: &jsonschema::Validator, value: &Value) -> Result<(), SchemaError> {
    let all: Vec<(String, String)> = validator
        .iter_errors(value)
        .map(|e| (e.instance_path().to_string(), e.to_string()))
        .collect();
    match all.first() {
        None => Ok(()),
        Some((pointer, message)) => Err(SchemaError {
            count: all.len(),
            pointer: if pointer.is_empty() {
                "/".to_string()
            } else {
                pointer.clone()
            },
            message: message.chars().take(300).collect(),
            all,
        }),
    }
}

fn with(
    validator: &Result<jsonschema::Validator, String>,
    value: &Value,
) -> Result<(), SchemaError> {
    match validator {
        Ok(v) => check(v, value),
        Err(e) => Err(SchemaError {
            count: 1,
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
}
