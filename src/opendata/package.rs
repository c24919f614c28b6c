//! `datapackage.json`: one Frictionless Tabular Data Package per folder,
//! listing every CSV tassei wrote there.
//!
//! Writing a CSV into a folder *merges* it into the folder's package
//! ([`update`]): the package is read, the resources of this CSV's five
//! tables are replaced (in place, or appended when new), the others kept —
//! except those whose file has gone (a package listing a missing file does
//! not validate) — and the package is written atomically while an advisory
//! lock on the folder (`flock`) keeps two tassei processes from merging at
//! once. A `datapackage.json` that is not a Data Package is never replaced.
//!
//! Each resource: a unique ASCII name ([`super::names`]), a title and
//! `sources` naming the original input file, a description with its
//! sha256, and the Table Schema of its table ([`super::Table::schema`]).

use std::collections::HashSet;
use std::path::Path;

use serde_json::{json, Value};

use super::{csv_stem, names, Table};
use crate::error::ErrorKind;

/// The package's file name in a folder.
pub const DATAPACKAGE: &str = "datapackage.json";
/// Largest existing package read (tens of thousands of resources).
const MAX_PACKAGE_BYTES: u64 = 64 * 1024 * 1024;
/// Name and title of a package tassei creates.
const PACKAGE_NAME: &str = "tassei-kpi-figures";
const PACKAGE_TITLE: &str = "KPI達成状況 figures extracted by tassei";

/// A figures CSV written from one input: its file name in the folder and
/// the input it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    pub csv_name: String,
    pub source_path: String,
    pub source_sha256: String,
}

impl Written {
    /// The file names of its five tables.
    pub fn files(&self) -> impl Iterator<Item = String> + '_ {
        Table::ALL.iter().map(|t| t.file_name(&self.csv_name))
    }

    /// The input's file name (`令和6年度KPI進捗.pdf`).
    fn source_name(&self) -> String {
        Path::new(&self.source_path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| self.source_path.clone())
    }
}

/// The five resources of `w`, named `base`, `base.notes`, ….
pub fn resources(w: &Written, base: &str) -> Vec<Value> {
    let source = w.source_name();
    Table::ALL
        .iter()
        .map(|&t| {
            json!({
                "name": format!("{base}{}", t.suffix()),
                "title": format!("{source}: {}", t.what()),
                "description": format!(
                    "The {} tassei extracted from {source} (sha256 {}); see the Table Schema for each column.",
                    t.what(), w.source_sha256
                ),
                "path": t.file_name(&w.csv_name),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "sources": [{"title": source, "path": w.source_path}],
                "schema": t.schema(base),
            })
        })
        .collect()
}

/// Is the resource's file still there? Only a plain relative path is
/// checked; a URL, an absolute path or a multi-part path is kept.
fn still_there(resource: &Value, exists: &dyn Fn(&str) -> bool) -> bool {
    match resource.get("path").and_then(Value::as_str) {
        Some(p) if !p.contains("://") && !p.starts_with('/') => exists(p),
        _ => true,
    }
}

/// `existing` (a package read from the folder, or none) with the resources
/// of the files in `replace` and of every `add` removed, those whose file
/// `exists` denies dropped, and `add`'s resources put where the first
/// removed one was (else at the end).
pub fn merge(
    existing: Option<Value>,
    replace: &HashSet<String>,
    add: &[Written],
    exists: &dyn Fn(&str) -> bool,
) -> Value {
    let mut pkg = match existing {
        Some(Value::Object(m)) => Value::Object(m),
        _ => json!({}),
    };
    let mut owned: HashSet<String> = HashSet::new();
    for csv in replace {
        owned.extend(Table::ALL.iter().map(|t| t.file_name(csv)));
    }
    for w in add {
        owned.extend(w.files());
    }
    let old = match pkg.get_mut("resources").map(Value::take) {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    let mut kept = Vec::new();
    let mut at = None;
    for r in old {
        let path = r.get("path").and_then(Value::as_str).unwrap_or("");
        if owned.contains(path) {
            at.get_or_insert(kept.len());
        } else if still_there(&r, exists) {
            kept.push(r);
        }
    }
    let mut taken: HashSet<String> = kept
        .iter()
        .filter_map(|r| r.get("name").and_then(Value::as_str).map(str::to_string))
        .collect();
    let mut new = Vec::new();
    for w in add {
        let base = names::choose(csv_stem(&w.csv_name), |c| {
            Table::ALL
                .iter()
                .all(|t| !taken.contains(&format!("{c}{}", t.suffix())))
        });
        taken.extend(Table::ALL.iter().map(|t| format!("{base}{}", t.suffix())));
        new.extend(resources(w, &base));
    }
    let at = at.unwrap_or(kept.len()).min(kept.len());
    kept.splice(at..at, new);
    if pkg.get("profile").and_then(Value::as_str).is_none() {
        pkg["profile"] = json!("tabular-data-package");
    }
    if !pkg
        .get("name")
        .and_then(Value::as_str)
        .is_some_and(names::is_valid)
    {
        pkg["name"] = json!(PACKAGE_NAME);
    }
    if pkg.get("title").and_then(Value::as_str).is_none() {
        pkg["title"] = json!(PACKAGE_TITLE);
    }
    pkg["resources"] = Value::Array(kept);
    pkg
}

/// The folder's package as it is: `None` when there is none; an error when
/// `datapackage.json` is there but is not a Data Package.
pub fn read(dir: &Path) -> Result<Option<Value>, ErrorKind> {
    let path = dir.join(DATAPACKAGE);
    let refuse = |why: String| {
        ErrorKind::Outdir(format!(
            "{}: {why}; refusing to replace it (remove it or write elsewhere)",
            path.display()
        ))
    };
    let bytes = match crate::pipeline::read_limited(&path, |_| MAX_PACKAGE_BYTES) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(refuse(format!("cannot read ({e})"))),
        Ok(Err(_)) => {
            return Err(refuse(format!(
                "larger than {MAX_PACKAGE_BYTES} bytes, not a package tassei wrote"
            )))
        }
        Ok(Ok(b)) => b,
    };
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| refuse(format!("not a Data Package (invalid JSON: {e})")))?;
    if !value.get("resources").is_some_and(Value::is_array) {
        return Err(refuse("not a Data Package (no \"resources\" list)".into()));
    }
    Ok(Some(value))
}

/// An advisory lock on a folder, held until dropped (`flock` on the
/// folder itself, so no lock file is left behind).
struct DirLock(#[allow(dead_code)] Option<std::fs::File>);

fn lock_dir(dir: &Path) -> DirLock {
    use std::os::fd::AsRawFd;
    let Ok(f) = std::fs::File::open(dir) else {
        return DirLock(None);
    };
    // SAFETY: `f` is an open file descriptor for the duration of the call.
    // A file system without flock leaves the merge unlocked (best effort).
    let locked = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX) } == 0;
    DirLock(locked.then_some(f))
}

/// Merge into `dir`'s package (see [`merge`]) and write it with `write`
/// (atomically, by the caller's rule for the folder), under the folder's
/// lock. Nothing is written when the package would list no resource.
pub fn update(
    dir: &Path,
    replace: &HashSet<String>,
    add: &[Written],
    write: impl FnOnce(&[u8]) -> std::io::Result<()>,
) -> Result<(), ErrorKind> {
    let _lock = lock_dir(dir);
    let existing = read(dir)?;
    let exists = |p: &str| dir.join(p).exists();
    let pkg = merge(existing, replace, add, &exists);
    if pkg["resources"].as_array().is_none_or(Vec::is_empty) {
        return Ok(());
    }
    let bytes = crate::emit::pretty_json(&pkg)?;
    write(&bytes).map_err(|e| {
        ErrorKind::Outdir(format!(
            "{}: cannot write: {e}",
            dir.join(DATAPACKAGE).display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(csv: &str, src: &str) -> Written {
        Written {
            csv_name: csv.into(),
            source_path: format!("in/{src}"),
            source_sha256: "ab".repeat(32),
        }
    }

    fn paths(pkg: &Value) -> Vec<String> {
        pkg["resources"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|r| r["path"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn five_resources_per_csv_with_titles_and_unique_names() {
        let pkg = merge(
            None,
            &HashSet::new(),
            &[w("令和6年度KPI進捗.csv", "令和6年度KPI進捗.pdf")],
            &|_| true,
        );
        let res = pkg["resources"].as_array().expect("resources");
        assert_eq!(res.len(), 5);
        let base = res[0]["name"].as_str().expect("name");
        assert!(
            base.starts_with("6-kpi-") && names::is_valid(base),
            "{base}"
        );
        assert_eq!(res[1]["name"], format!("{base}.notes"));
        assert_eq!(res[1]["path"], "令和6年度KPI進捗.notes.csv");
        assert_eq!(
            res[1]["schema"]["foreignKeys"][0]["reference"]["resource"],
            base
        );
        for r in res {
            let title = r["title"].as_str().expect("title is a string");
            assert!(title.starts_with("令和6年度KPI進捗.pdf: "), "{title}");
        }
        assert_eq!(pkg["name"], PACKAGE_NAME);
    }

    #[test]
    fn merging_replaces_this_file_keeps_others_and_drops_gone_ones() {
        let a = merge(None, &HashSet::new(), &[w("a.csv", "a.pdf")], &|_| true);
        let ab = merge(Some(a), &HashSet::new(), &[w("b.csv", "b.pdf")], &|_| true);
        assert_eq!(paths(&ab).len(), 10);
        assert_eq!(paths(&ab)[0], "a.csv");
        assert_eq!(paths(&ab)[5], "b.csv");
        // a again, from another input: in place, not appended.
        let mut again = w("a.csv", "a2.pdf");
        again.source_sha256 = "cd".repeat(32);
        let ab2 = merge(Some(ab.clone()), &HashSet::new(), &[again], &|_| true);
        assert_eq!(paths(&ab2), paths(&ab));
        assert_eq!(ab2["resources"][0]["sources"][0]["path"], "in/a2.pdf");
        // b's files deleted: b's resources go.
        let gone = merge(Some(ab2), &HashSet::new(), &[w("a.csv", "a.pdf")], &|p| {
            !p.starts_with("b.")
        });
        assert_eq!(paths(&gone).len(), 5);
        // A user's own resource and package fields are kept.
        let mut user = gone.clone();
        user["licenses"] = json!([{"name": "CC-BY-4.0"}]);
        if let Some(r) = user["resources"].as_array_mut() {
            r.push(json!({"name": "mine", "path": "https://example.org/x.csv"}));
        }
        let kept = merge(Some(user), &HashSet::new(), &[w("c.csv", "c.pdf")], &|p| {
            !p.starts_with("b.")
        });
        assert_eq!(kept["licenses"][0]["name"], "CC-BY-4.0");
        assert!(paths(&kept).contains(&"https://example.org/x.csv".to_string()));
    }

    #[test]
    fn names_that_would_collide_get_longer_hashes() {
        // Two stems with the same ASCII part, and a file whose stem is
        // another's hashed name.
        let first = merge(None, &HashSet::new(), &[w("進捗.csv", "x.pdf")], &|_| {
            true
        });
        let taken = first["resources"][0]["name"]
            .as_str()
            .expect("name")
            .to_string();
        let crafted = format!("{taken}.csv");
        let both = merge(
            Some(first),
            &HashSet::new(),
            &[w(&crafted, "y.pdf"), w("報告.csv", "z.pdf")],
            &|_| true,
        );
        let names: Vec<&str> = both["resources"]
            .as_array()
            .expect("resources")
            .iter()
            .filter_map(|r| r["name"].as_str())
            .collect();
        let unique: HashSet<&&str> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "{names:?}");
    }

    #[test]
    fn a_file_that_is_not_a_package_is_refused() {
        let d = std::env::temp_dir().join(format!("tassei-pkg-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("dir");
        std::fs::write(d.join(DATAPACKAGE), b"{\"my\": \"notes\"}").expect("write");
        let r = update(&d, &HashSet::new(), &[w("a.csv", "a.pdf")], |_| Ok(()));
        assert!(
            matches!(&r, Err(ErrorKind::Outdir(m)) if m.contains("not a Data Package")),
            "{r:?}"
        );
        let _ = std::fs::remove_dir_all(&d);
    }
}
