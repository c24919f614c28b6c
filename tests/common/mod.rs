#![allow(dead_code)]
//! Helpers shared by the integration tests.

use std::path::PathBuf;

use serde_json::Value;

pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// Extract a fixture into its validated JSON value, with `source.path`
/// made relative and `tassei_version` blanked so snapshots are stable.
pub fn extract_value(rel: &str) -> Value {
    let path = fixture(rel);
    let bytes = std::fs::read(&path).expect("fixture readable");
    let doc = tassei::pipeline::extract_bytes(&bytes, rel, &Default::default())
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
    let mut v = tassei::emit::to_validated_value(&doc).unwrap_or_else(|e| panic!("{rel}: {e}"));
    v["tassei_version"] = Value::String("*".into());
    v
}

/// A record without its provenance (page, bbox, line), for comparing front ends.
pub fn without_provenance(r: &Value) -> Value {
    let mut r = r.clone();
    if let Some(o) = r.as_object_mut() {
        o.remove("page");
        o.remove("bbox");
        o.remove("line");
    }
    r
}
