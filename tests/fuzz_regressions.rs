//! Replays every input under `fuzz/regressions/<target>/` through the same
//! check the fuzz target runs (`fuzz/src/checks.rs`, included here by path),
//! so crashes the fuzzers found stay fixed without a fuzzing toolchain.

#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::path::Path;

fn replay(target: &str) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    for path in &paths {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let outcome = std::panic::catch_unwind(|| checks::run(target, &data));
        match outcome {
            Ok(known) => assert!(known, "unknown fuzz target {target}"),
            Err(_) => panic!("{target}: {} fails its check", path.display()),
        }
    }
    paths.len()
}

#[test]
fn every_regression_input_passes_its_target_check() {
    let mut total = 0;
    for target in checks::TARGETS {
        let n = replay(target);
        eprintln!("fuzz/regressions/{target}: {n} input(s) replayed");
        total += n;
    }
    assert!(total > 0, "no inputs under fuzz/regressions/");
}

#[test]
fn regression_directories_name_known_targets() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            checks::TARGETS.contains(&name.as_str()),
            "fuzz/regressions/{name} is not a fuzz target"
        );
    }
}
