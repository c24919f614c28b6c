//! Which files a batch reads: the files named on the command line, and the
//! report files found in the directories named there.
//!
//! - Directories are searched recursively. Symbolic links are followed, but
//!   every directory and every file is taken once, by its (device, inode):
//!   a link back to a parent (`a -> .`) or a second name for a file adds
//!   nothing. Directories reached without a link are walked before those
//!   reached through one, so a file is listed under its own name when it
//!   has one.
//! - Hidden entries (`.name`), the output directory and tassei's own output
//!   folders (a folder holding a tassei `manifest.json`) are skipped; so are
//!   pipes, sockets and devices (reading a pipe would wait forever).
//! - Only report files are taken from directories: `.pdf`, `.txt`, `.tsv`
//!   (any case), or the names matching one of the `--glob` patterns. A file
//!   named on the command line is always taken.

use std::collections::HashSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// File extensions taken from directories when no `--glob` is given.
pub const REPORT_EXTENSIONS: &[&str] = &["pdf", "txt", "tsv"];

/// (device, inode): the identity of a file whatever its name.
type FileId = (u64, u64);

fn id(meta: &std::fs::Metadata) -> FileId {
    (meta.dev(), meta.ino())
}

/// Does the file name `name` match the glob `pattern`? `*` matches any run
/// of characters, `?` one character; letters match in any ASCII case (as
/// the default extensions do). Linear in the name for each star, no
/// recursion.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0usize, 0usize);
    // Where the last `*` was, and the name position it matched up to.
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
            }
            Some(&c) if c == '?' || c.eq_ignore_ascii_case(&n[ni]) => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    // Let the last star take one more character.
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    p[pi.min(p.len())..].iter().all(|&c| c == '*')
}

/// Is `name` taken from a directory, by `globs` or, without any, by the
/// report extensions?
pub fn wanted(name: &str, globs: &[String]) -> bool {
    if globs.is_empty() {
        let ext = Path::new(name).extension().and_then(|e| e.to_str());
        return ext.is_some_and(|e| REPORT_EXTENSIONS.iter().any(|r| e.eq_ignore_ascii_case(r)));
    }
    globs.iter().any(|g| glob_match(g, name))
}

/// Is `dir` an output folder of tassei (its `manifest.json` is a regular
/// file that starts like one tassei writes)? Only the first KiB is read.
pub fn is_output_folder(dir: &Path) -> bool {
    use std::io::Read;
    let path = dir.join(super::MANIFEST);
    let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
    if !regular {
        return false;
    }
    let mut head = Vec::new();
    let read = std::fs::File::open(&path).and_then(|f| f.take(1024).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&head);
    text.trim_start().starts_with('{')
        && text.contains("\"tassei_version\"")
        && text.contains("\"entries\"")
}

/// A file found, with how it was reached.
struct Found {
    path: PathBuf,
    id: Option<FileId>,
    /// Reached through a symbolic link (its own name or a folder's).
    linked: bool,
}

/// Expand the command line's files and directories into the sorted list of
/// inputs (see the module docs). `globs` chooses the files taken from
/// directories (none: the report extensions).
pub fn collect_inputs(
    args: &[PathBuf],
    outdir: &Path,
    globs: &[String],
) -> Result<Vec<PathBuf>, Error> {
    let outdir_id = std::fs::metadata(outdir).ok().map(|m| id(&m));
    let mut found: Vec<Found> = Vec::new();
    let mut seen_dirs: HashSet<FileId> = HashSet::new();
    // Directories still to read: those reached without a link first.
    let mut plain: Vec<(PathBuf, bool)> = Vec::new();
    let mut linked: Vec<(PathBuf, bool)> = Vec::new();
    for a in args {
        match std::fs::metadata(a) {
            Ok(m) if m.is_dir() => plain.push((a.clone(), true)),
            Ok(m) => found.push(Found {
                path: a.clone(),
                id: Some(id(&m)),
                linked: false,
            }),
            // Missing: still an input, its entry says it cannot be read.
            Err(_) => found.push(Found {
                path: a.clone(),
                id: None,
                linked: false,
            }),
        }
    }
    // Command-line directories are walked in their own order, not reversed.
    plain.reverse();
    loop {
        let (dir, via_link, top) = match plain.pop() {
            Some((d, top)) => (d, false, top),
            None => match linked.pop() {
                Some((d, top)) => (d, true, top),
                None => break,
            },
        };
        let meta = std::fs::metadata(&dir).map_err(|e| Error::new(Some(dir.clone()), e))?;
        let dir_id = id(&meta);
        if Some(dir_id) == outdir_id || !seen_dirs.insert(dir_id) {
            continue;
        }
        if !top && is_output_folder(&dir) {
            continue;
        }
        let mut entries: Vec<(String, PathBuf, bool)> = Vec::new();
        let rd = std::fs::read_dir(&dir).map_err(|e| Error::new(Some(dir.clone()), e))?;
        for entry in rd {
            let entry = entry.map_err(|e| Error::new(Some(dir.clone()), e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
            entries.push((name, entry.path(), is_link));
        }
        entries.sort();
        let mut subdirs: Vec<(PathBuf, bool)> = Vec::new();
        let mut sublinks: Vec<(PathBuf, bool)> = Vec::new();
        for (name, path, is_link) in entries {
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => {
                    if is_link || via_link {
                        sublinks.push((path, false));
                    } else {
                        subdirs.push((path, false));
                    }
                }
                Ok(m) if m.is_file() => {
                    if wanted(&name, globs) {
                        found.push(Found {
                            path,
                            id: Some(id(&m)),
                            linked: is_link || via_link,
                        });
                    }
                }
                // A pipe, socket or device: never read.
                Ok(_) => {}
                // A dangling link named like a report: an input that fails.
                Err(_) => {
                    if wanted(&name, globs) {
                        found.push(Found {
                            path,
                            id: None,
                            linked: true,
                        });
                    }
                }
            }
        }
        // Popped from the end: reversed, so sorted order is kept.
        plain.extend(subdirs.into_iter().rev());
        linked.extend(sublinks.into_iter().rev());
    }
    // One path a file: its own name first, then the first path in order.
    found.sort_by(|a, b| (a.linked, &a.path).cmp(&(b.linked, &b.path)));
    let mut seen_files: HashSet<FileId> = HashSet::new();
    let mut seen_paths: HashSet<PathBuf> = HashSet::new();
    let mut out: Vec<PathBuf> = found
        .into_iter()
        .filter(|f| f.id.is_none_or(|i| seen_files.insert(i)))
        .filter(|f| seen_paths.insert(f.path.clone()))
        .map(|f| f.path)
        .collect();
    out.sort();
    Ok(out)
}

/// The paths of a list read from `reader` (`tassei batch -`): one a line
/// (a final `\r` dropped, for lists written on Windows), or NUL-separated
/// when `null` (`find -print0`). Empty entries are skipped; the bytes of a
/// path are taken as they are (file names need not be UTF-8).
pub fn read_path_list(mut reader: impl std::io::Read, null: bool) -> std::io::Result<Vec<PathBuf>> {
    use std::os::unix::ffi::OsStrExt;
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes)?;
    let sep = if null { b'\0' } else { b'\n' };
    Ok(bytes
        .split(|b| *b == sep)
        .map(|p| match p {
            [rest @ .., b'\r'] if !null => rest,
            _ => p,
        })
        .filter(|p| !p.is_empty())
        .map(|p| PathBuf::from(std::ffi::OsStr::from_bytes(p)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("*.pdf", "report.PDF"));
        assert!(glob_match("*", ""));
        assert!(glob_match("s??d.txt", "seed.txt"));
        assert!(!glob_match("s??d.txt", "sed.txt"));
        assert!(glob_match("*令和*.txt", "資料_令和6年度.txt"));
        assert!(glob_match("a*b*c", "aXbYbZc"));
        assert!(!glob_match("a*b*c", "aXbYbZ"));
        assert!(!glob_match("*.pdf", "report.pdf.txt"));
        assert!(glob_match("**a", "a"));
        // Many stars against a long name: no exponential backtracking.
        let name = "a".repeat(5000);
        assert!(!glob_match(&format!("{}b", "*a".repeat(40)), &name));
    }

    #[test]
    fn default_extensions() {
        for n in ["a.pdf", "B.PDF", "c.txt", "d.Tsv"] {
            assert!(wanted(n, &[]), "{n}");
        }
        for n in [
            "README.md",
            "logo.png",
            "pdf",
            "a.pdf.json",
            "manifest.json",
        ] {
            assert!(!wanted(n, &[]), "{n}");
        }
        assert!(wanted("README.md", &["*.md".to_string()]));
        assert!(!wanted("a.pdf", &["*.md".to_string()]));
    }

    #[test]
    fn path_lists_by_line_or_nul() {
        let list = |bytes: &[u8], null| {
            read_path_list(bytes, null)
                .expect("read")
                .into_iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            list(b"a.pdf\nb c.txt\r\n\nd/e.tsv", false),
            vec!["a.pdf", "b c.txt", "d/e.tsv"]
        );
        // NUL-separated: new lines are part of the names.
        assert_eq!(list(b"a\nb.pdf\0c.txt\0", true), vec!["a\nb.pdf", "c.txt"]);
        assert!(list(b"", false).is_empty());
    }
}
