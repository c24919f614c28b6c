//! Shared by the fuzz targets and by `tests/fuzz_regressions.rs` of the main
//! crate (which includes `checks.rs` by path, so the replay runs exactly what
//! the targets run).

pub mod checks;
