//! Run the built `tassei` as a user would (arguments, standard input,
//! environment, working directory) and scratch directories that remove
//! themselves.
#![allow(dead_code)] // each test file uses part of it

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a run gave.
pub struct Run {
    /// None after a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// How to run.
#[derive(Default)]
pub struct Opts<'a> {
    pub stdin: Option<&'a [u8]>,
    pub env: &'a [(&'a str, &'a str)],
    pub dir: Option<&'a Path>,
}

pub fn fixture(rel: &str) -> String {
    format!("{}/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
}

pub fn tassei(args: &[&str]) -> Run {
    tassei_with(args, Opts::default())
}

pub fn tassei_with(args: &[&str], o: Opts) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tassei"));
    cmd.args(args)
        .env_remove("NO_COLOR")
        .stdin(if o.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in o.env {
        cmd.env(k, v);
    }
    if let Some(d) = o.dir {
        cmd.current_dir(d);
    }
    let mut child = cmd.spawn().expect("run tassei");
    if let (Some(bytes), Some(mut stdin)) = (o.stdin, child.stdin.take()) {
        // The command may stop reading early (an error); that is its right.
        let _ = stdin.write_all(bytes);
    }
    let out = child.wait_with_output().expect("wait for tassei");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh directory under the system's temporary directory, removed when
/// dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let d =
            std::env::temp_dir().join(format!("tassei-clitest-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("scratch dir");
        Scratch(d)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// The path of `name` in it as a string.
    pub fn s(&self, name: &str) -> String {
        self.path(name).to_string_lossy().into_owned()
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> String {
        std::fs::write(self.path(name), bytes).expect("write scratch file");
        self.s(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The command failed with `code` and exactly one line on stderr holding
/// `needle`, and no panic.
pub fn assert_fails(r: &Run, code: i32, needle: &str, what: &str) {
    assert_eq!(r.code, Some(code), "{what}: exit code; stderr {}", r.stderr);
    assert_eq!(
        r.stderr.trim_end().lines().count(),
        1,
        "{what}: one line on stderr: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(needle),
        "{what}: expected {needle:?} in {:?}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}
