//! Writing into OUTDIR safely, whatever is already there.
//!
//! - Nothing is written through a symbolic link or into any other
//!   non-regular file in OUTDIR: the target is checked with
//!   `symlink_metadata` and refused unless it is absent or a regular file;
//!   the bytes go to a new temporary file (`.NAME.PID.tmp`, created with
//!   `O_EXCL`, so a link planted there is not followed either) that is then
//!   renamed over the target (a rename replaces a link, never its target).
//! - A lock file (`.tassei.lock`, holding the pid) stops two batches from
//!   writing one OUTDIR at once. It appears whole (written aside, then
//!   hard-linked into place). A lock whose process is gone (no `/proc/PID`
//!   on Linux) is taken over; two processes taking over the same stale lock
//!   are serialized by a second lock (`.tassei.lock.takeover`).
//! - Temporary files of killed runs (`.NAME.PID.tmp` whose process is gone)
//!   are removed at the start of a run.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, ErrorKind};

/// The lock file's name in OUTDIR.
pub const LOCK: &str = ".tassei.lock";
/// Held while a stale lock is replaced.
pub const TAKEOVER: &str = ".tassei.lock.takeover";

/// OUTDIRs locked by this process (a second run in the same process sees
/// its own pid in the lock, which is live).
static HELD: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

fn outdir_error(path: &Path, msg: impl Into<String>) -> Error {
    Error::new(Some(path.to_path_buf()), ErrorKind::Outdir(msg.into()))
}

/// Why an existing `path` may not be replaced, if it may not (absent or a
/// regular file: it may).
pub fn refusal(path: &Path) -> std::io::Result<Option<&'static str>> {
    match std::fs::symlink_metadata(path) {
        Ok(m) => {
            let t = m.file_type();
            Ok(if t.is_file() {
                None
            } else if t.is_symlink() {
                Some("is a symbolic link; tassei never writes through one in OUTDIR")
            } else if t.is_dir() {
                Some("is a directory")
            } else {
                Some("is not a regular file (a pipe, socket or device); tassei never writes into one in OUTDIR")
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Refuse a whole run when `dir/name` may not be replaced.
pub fn check_replaceable(dir: &Path, name: &str) -> Result<(), Error> {
    let path = dir.join(name);
    match refusal(&path) {
        Ok(None) => Ok(()),
        Ok(Some(why)) => Err(outdir_error(&path, why)),
        Err(e) => Err(outdir_error(&path, format!("cannot inspect: {e}"))),
    }
}

/// The temporary file tassei writes `name` through.
fn temp_name(name: &str) -> String {
    format!(".{name}.{}.tmp", std::process::id())
}

/// Write `bytes` to `dir/name` atomically, refusing a target that is a
/// symbolic link, a directory or another non-regular file.
pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let target = dir.join(name);
    if let Some(why) = refusal(&target)? {
        return Err(std::io::Error::other(why));
    }
    let tmp = dir.join(temp_name(name));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Hex SHA-256 of the regular file `path` (streamed), `None` when it is
/// absent or not a regular file.
pub fn file_sha256(path: &Path) -> Option<String> {
    use sha2::{Digest, Sha256};
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    let mut f = std::fs::File::open(path).ok()?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h).ok()?;
    Some(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Is process `pid` alive? On Linux by `/proc/PID`; elsewhere assumed so
/// (a stale lock must then be removed by hand; the error says where).
pub fn pid_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// The pid of a temporary file tassei writes (`.NAME.PID.tmp`), if `name`
/// is one.
pub fn temp_pid(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (base, pid) = inner.rsplit_once('.')?;
    if base.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Remove the temporary files of runs that were killed (`.NAME.PID.tmp`
/// whose process is gone, or carries this process's pid: this run has not
/// written any yet). Returns how many were removed.
pub fn remove_stale_temps(dir: &Path) -> Result<usize, Error> {
    let me = std::process::id();
    let rd = std::fs::read_dir(dir).map_err(|e| Error::new(Some(dir.to_path_buf()), e))?;
    let mut removed = 0;
    for entry in rd.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = temp_pid(&name) else { continue };
        let kind = entry.file_type();
        if !kind.is_ok_and(|t| t.is_file() || t.is_symlink()) {
            continue;
        }
        if (pid == me || !pid_alive(pid)) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

/// The pid in a lock file: `Ok(None)` when unreadable as one.
fn read_pid(path: &Path) -> std::io::Result<Option<u32>> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.file_type().is_file() || meta.len() > 64 {
        return Err(std::io::Error::other(
            "is not a lock file tassei wrote (not a small regular file); remove it",
        ));
    }
    Ok(std::fs::read_to_string(path)?.trim().parse().ok())
}

/// Create `path` holding our pid, whole or not at all: `Ok(false)` when it
/// exists already.
fn create_with_pid(path: &Path) -> std::io::Result<bool> {
    let me = std::process::id();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| LOCK.to_string());
    let tmp = path.with_file_name(temp_name(&name));
    let _ = std::fs::remove_file(&tmp);
    let made = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        writeln!(f, "{me}")?;
        f.sync_all()?;
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            // A file system without hard links: create in place (a reader
            // may then see it empty for a moment; an empty lock is stale).
            Err(_) => match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(mut f) => {
                    writeln!(f, "{me}")?;
                    Ok(true)
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
                Err(e) => Err(e),
            },
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    made
}

/// Is a lock holding `pid` (None: unreadable) held by a live batch?
fn live(pid: Option<u32>, outdir_key: &Path) -> bool {
    match pid {
        None => false,
        Some(p) if p == std::process::id() => held_here(outdir_key),
        Some(p) => pid_alive(p),
    }
}

fn held_here(key: &Path) -> bool {
    HELD.lock()
        .map(|h| h.as_ref().is_some_and(|s| s.contains(key)))
        .unwrap_or(true)
}

/// The lock of one OUTDIR, released (removed) when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    key: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        if read_pid(&self.path).ok().flatten() == Some(std::process::id()) {
            let _ = std::fs::remove_file(&self.path);
        }
        if let Ok(mut h) = HELD.lock() {
            if let Some(s) = h.as_mut() {
                s.remove(&self.key);
            }
        }
    }
}

/// Take the lock of `outdir` (which exists), or say who holds it.
pub fn lock(outdir: &Path) -> Result<Lock, Error> {
    let path = outdir.join(LOCK);
    let key = outdir
        .canonicalize()
        .unwrap_or_else(|_| outdir.to_path_buf());
    let io = |e: std::io::Error| outdir_error(&path, format!("cannot take the lock: {e}"));
    let held_by = |pid: u32| {
        outdir_error(
            &path,
            format!(
                "another tassei batch (pid {pid}) is writing this directory; wait for it to end (a lock left by a process that is gone is taken over)"
            ),
        )
    };
    {
        let mut h = HELD
            .lock()
            .map_err(|_| io(std::io::Error::other("poisoned")))?;
        let set = h.get_or_insert_with(HashSet::new);
        if set.contains(&key) {
            return Err(held_by(std::process::id()));
        }
        // Claimed before the file exists, so a second run of this process
        // waits for nothing and is refused above.
        set.insert(key.clone());
    }
    let release = |e: Error| {
        if let Ok(mut h) = HELD.lock() {
            if let Some(s) = h.as_mut() {
                s.remove(&key);
            }
        }
        e
    };
    let me = std::process::id();
    for _ in 0..3 {
        if create_with_pid(&path).map_err(|e| release(io(e)))? {
            return Ok(Lock { path, key });
        }
        let pid = read_pid(&path).map_err(|e| release(outdir_error(&path, e.to_string())))?;
        if pid != Some(me) && live(pid, &key) {
            return Err(release(held_by(pid.unwrap_or(0))));
        }
        if take_over(outdir, &path, pid).map_err(|e| release(io(e)))? {
            return Ok(Lock { path, key });
        }
    }
    let pid = read_pid(&path).ok().flatten().unwrap_or(0);
    Err(release(held_by(pid)))
}

/// Replace a stale lock that held `stale` with ours, under the takeover
/// lock so two processes never both replace it. `Ok(false)` when another
/// process got there first.
fn take_over(outdir: &Path, path: &Path, stale: Option<u32>) -> std::io::Result<bool> {
    let mutex = outdir.join(TAKEOVER);
    if !create_with_pid(&mutex)? {
        // A takeover lock left by a killed process is removed; one held by
        // a live process means it is taking over right now.
        match read_pid(&mutex) {
            Ok(Some(p)) if p != std::process::id() && pid_alive(p) => return Ok(false),
            _ => {
                let _ = std::fs::remove_file(&mutex);
                if !create_with_pid(&mutex)? {
                    return Ok(false);
                }
            }
        }
    }
    let result = (|| {
        if read_pid(path)? != stale {
            return Ok(false); // replaced meanwhile
        }
        let _ = std::fs::remove_file(path);
        create_with_pid(path)
    })();
    let _ = std::fs::remove_file(&mutex);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("tassei-outdir-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("scratch dir");
        d
    }

    #[test]
    fn temp_names() {
        assert_eq!(temp_pid(".seed.json.1234.tmp"), Some(1234));
        assert_eq!(temp_pid(".a.b.c.json.7.tmp"), Some(7));
        for n in [
            ".notes.tmp",
            "seed.json.12.tmp",
            "..12.tmp",
            ".x.12a.tmp",
            ".x.1.tmpx",
        ] {
            assert_eq!(temp_pid(n), None, "{n}");
        }
        assert_eq!(temp_pid(&temp_name("seed.json")), Some(std::process::id()));
    }

    #[test]
    fn a_fifo_or_directory_is_refused_without_blocking() {
        use std::os::unix::ffi::OsStrExt;
        let d = scratch("fifo");
        let fifo = d.join("seed.json");
        let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).expect("path");
        // SAFETY: `c` is a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = write_file(&d, "seed.json", b"x").expect_err("refused");
        assert!(err.to_string().contains("not a regular file"), "{err}");
        std::fs::create_dir(d.join("dir.json")).expect("mkdir");
        assert!(write_file(&d, "dir.json", b"x").is_err());
        write_file(&d, "new.json", b"new").expect("new file");
        write_file(&d, "new.json", b"newer").expect("replace");
        assert_eq!(std::fs::read(d.join("new.json")).expect("read"), b"newer");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_second_lock_in_one_process_is_refused_and_released_on_drop() {
        let d = scratch("lock");
        let first = lock(&d).expect("first");
        let err = lock(&d).expect_err("second");
        assert!(err.to_string().contains(".tassei.lock"), "{err}");
        drop(first);
        assert!(!d.join(LOCK).exists());
        let again = lock(&d).expect("after release");
        drop(again);
        // A lock file with this pid but not held by this process (a killed
        // earlier process with the same pid, as in a container) is stale.
        std::fs::write(d.join(LOCK), format!("{}\n", std::process::id())).expect("write");
        drop(lock(&d).expect("taken over"));
        let _ = std::fs::remove_dir_all(&d);
    }
}
