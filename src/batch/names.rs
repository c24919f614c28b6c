//! Output names: deterministic, unique in OUTDIR, never a name tassei uses
//! for itself.
//!
//! The scheme, for an input `DIR/STEM.EXT` and output extension `OUT`:
//!
//! 1. An input that had an output in the previous manifest keeps its name
//!    (so reruns and other runs' references stay valid).
//! 2. Otherwise `STEM.OUT` when no other input of this run has that name,
//!    no earlier run's input in the manifest owns it, and it is not
//!    `manifest.json`, `datapackage.json` or the lock file (compared in any
//!    ASCII case, for case-insensitive file systems), nor the name of a
//!    table a CSV output has beside it (`X.notes.csv`, `X.unparsed.csv`…:
//!    [`crate::opendata::is_companion_name`]), so no output is another's
//!    companion.
//! 3. Otherwise `STEM-H.OUT`, where H is the first 8 hex digits of the
//!    SHA-256 of the input's path as the manifest records it (then 16, then
//!    all 64, then `-2`, `-3`… should those be taken too).
//!
//! The stem is cut to 180 bytes so a name with its hash and temporary
//! suffix stays within the 255 bytes a file name may have. The names depend
//! only on the sorted inputs and the previous manifest, never on threads.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::Entry;
use crate::opendata::is_companion_name;
use crate::pipeline::sha256_hex;

/// Names in OUTDIR that are tassei's own.
pub const RESERVED: &[&str] = &[
    super::MANIFEST,
    super::DATAPACKAGE,
    super::outdir::LOCK,
    super::outdir::TAKEOVER,
];

const MAX_STEM_BYTES: usize = 180;

/// Is `name` a plain file name an output may have (no directory part, not
/// `.`/`..`, not one of tassei's own)? A manifest is read from OUTDIR, so
/// its names are checked before any is used.
pub fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains('/')
        && !name.contains('\0')
        && !RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// The stem of an input's output name.
fn stem(input: &str) -> String {
    let s = Path::new(input)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "input".into());
    if s.len() <= MAX_STEM_BYTES {
        return s;
    }
    let mut end = MAX_STEM_BYTES;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("input").to_string()
}

/// Output names for `inputs` (as the manifest records them), in order.
/// `earlier` is the previous manifest's entries.
pub fn output_names(inputs: &[String], ext: &str, earlier: &[Entry]) -> Vec<String> {
    let this_run: HashSet<&str> = inputs.iter().map(String::as_str).collect();
    let key = |n: &str| n.to_ascii_lowercase();
    let mut taken: HashSet<String> = RESERVED.iter().map(|r| key(r)).collect();
    let mut previous: HashMap<&str, &str> = HashMap::new();
    for e in earlier {
        let Some(out) = e.output.as_deref().filter(|o| plain_name(o)) else {
            continue;
        };
        if this_run.contains(e.input.as_str()) {
            previous.insert(e.input.as_str(), out);
        } else {
            taken.insert(key(out));
        }
    }
    let suffix = format!(".{ext}");
    let mut names: Vec<Option<String>> = vec![None; inputs.len()];
    // 1. Names kept from the previous manifest.
    for (i, input) in inputs.iter().enumerate() {
        if let Some(&old) = previous.get(input.as_str()) {
            if old.ends_with(&suffix) && !is_companion_name(old) && taken.insert(key(old)) {
                names[i] = Some(old.to_string());
            }
        }
    }
    // 2. and 3. New names.
    let mut plain_count: HashMap<String, usize> = HashMap::new();
    for (i, input) in inputs.iter().enumerate() {
        if names[i].is_none() {
            *plain_count
                .entry(key(&format!("{}{suffix}", stem(input))))
                .or_default() += 1;
        }
    }
    for (i, input) in inputs.iter().enumerate() {
        if names[i].is_some() {
            continue;
        }
        let stem = stem(input);
        let plain = format!("{stem}{suffix}");
        let shared = plain_count.get(&key(&plain)).copied().unwrap_or(0) > 1;
        if !shared && !is_companion_name(&plain) && taken.insert(key(&plain)) {
            names[i] = Some(plain);
            continue;
        }
        let hash = sha256_hex(input.as_bytes());
        let mut chosen = None;
        for len in [8, 16, 64] {
            let h = hash.get(..len).unwrap_or(&hash);
            let candidate = format!("{stem}-{h}{suffix}");
            if taken.insert(key(&candidate)) {
                chosen = Some(candidate);
                break;
            }
        }
        let name = chosen.unwrap_or_else(|| {
            // Only when every hashed name is taken (crafted file names).
            let mut n = 2usize;
            loop {
                let candidate = format!("{stem}-{hash}-{n}{suffix}");
                if taken.insert(key(&candidate)) {
                    break candidate;
                }
                n += 1;
            }
        });
        names[i] = Some(name);
    }
    names.into_iter().map(Option::unwrap_or_default).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(input: &str, output: &str) -> Entry {
        Entry {
            input: input.into(),
            output: Some(output.into()),
            status: "ok".into(),
            records: Some(1),
            ..Entry::default()
        }
    }

    fn names(inputs: &[&str], earlier: &[Entry]) -> Vec<String> {
        let inputs: Vec<String> = inputs.iter().map(|s| s.to_string()).collect();
        output_names(&inputs, "json", earlier)
    }

    #[test]
    fn plain_stems_when_unique() {
        assert_eq!(
            names(&["a/seed.txt", "b/other.pdf"], &[]),
            ["seed.json", "other.json"]
        );
    }

    #[test]
    fn reserved_and_shared_names_get_hashes() {
        let n = names(
            &[
                "in/manifest.pdf",
                "in/Datapackage.txt",
                "x/seed.txt",
                "y/seed.pdf",
            ],
            &[],
        );
        let h = |s: &str| sha256_hex(s.as_bytes())[..8].to_string();
        assert_eq!(
            n,
            [
                format!("manifest-{}.json", h("in/manifest.pdf")),
                format!("Datapackage-{}.json", h("in/Datapackage.txt")),
                format!("seed-{}.json", h("x/seed.txt")),
                format!("seed-{}.json", h("y/seed.pdf")),
            ]
        );
    }

    #[test]
    fn earlier_runs_keep_their_names() {
        // Another run's seed.json stays its own; this run's input is hashed.
        let earlier = [entry("a/seed.txt", "seed.json")];
        let n = names(&["b/seed.txt"], &earlier);
        assert!(
            n[0].starts_with("seed-") && n[0].ends_with(".json"),
            "{n:?}"
        );
        // A rerun of the first keeps its name, even beside a new seed.
        assert_eq!(
            names(&["a/seed.txt", "c/seed.txt"], &earlier)[0],
            "seed.json"
        );
        // A name a crafted manifest gives is not used.
        let bad = [entry("a/seed.txt", "../seed.json")];
        assert_eq!(names(&["a/seed.txt"], &bad), ["seed.json"]);
    }

    #[test]
    fn a_file_named_like_a_hash_does_not_collide() {
        let h = sha256_hex(b"y/seed.txt");
        let crafted = format!("x/seed-{}.txt", &h[..8]);
        let n = names(&[&crafted, "y/seed.txt", "z/seed.txt"], &[]);
        let unique: HashSet<String> = n.iter().map(|s| s.to_ascii_lowercase()).collect();
        assert_eq!(unique.len(), 3, "{n:?}");
    }

    #[test]
    fn a_csv_output_never_takes_a_companion_table_name() {
        let inputs: Vec<String> = ["a/seed.pdf", "a/seed.notes.pdf", "a/x.Warnings.txt"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let n = output_names(&inputs, "csv", &[]);
        assert_eq!(n[0], "seed.csv");
        for o in &n[1..] {
            assert!(!is_companion_name(o), "{o}");
        }
        assert!(n[1].starts_with("seed.notes-"), "{n:?}");
        // Nor keeps one an older manifest gave.
        let earlier = [entry("a/seed.notes.pdf", "seed.notes.csv")];
        let again = output_names(&inputs[1..2], "csv", &earlier);
        assert!(!is_companion_name(&again[0]), "{again:?}");
    }

    #[test]
    fn long_stems_are_cut_at_a_character() {
        let long = format!("{}.txt", "令".repeat(100));
        let n = names(&[&long], &[]);
        assert!(n[0].len() <= MAX_STEM_BYTES + 5, "{}", n[0].len());
        assert!(n[0].ends_with(".json"));
    }
}
