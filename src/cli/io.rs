//! Inputs and outputs as command-line tools treat them: `-` is standard
//! input (as INPUT) or standard output (as `-o`); the output format follows
//! `-o`'s extension; `-o` may not be the input; a write that fails says
//! "cannot write" with the output's path; a closed pipe (`| head -1`) ends
//! the command quietly.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use tassei::emit::Format;
use tassei::error::{Error, ErrorKind};

use super::usage;

/// How standard input is named in messages and in `source.path`.
pub const STDIN: &str = "<stdin>";
/// How standard output is named in messages.
pub const STDOUT: &str = "<stdout>";

/// Is this argument `-` (standard input or output)? A file named `-` is
/// `./-`.
pub fn is_dash(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// What an input is called in messages.
pub fn display_name(p: &Path) -> PathBuf {
    if is_dash(p) {
        PathBuf::from(STDIN)
    } else {
        p.to_path_buf()
    }
}

/// The output formats of `extract` and `batch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// The whole document, pretty-printed (schemas/tassei-report.schema.json)
    Json,
    /// One record per line
    #[value(alias = "ndjson")]
    Jsonl,
    /// One row per figure (open-data rules), with datapackage.json beside `-o`
    Csv,
}

impl FormatArg {
    pub fn format(self) -> Format {
        match self {
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::JsonLines,
            FormatArg::Csv => Format::Csv,
        }
    }

    fn name(self) -> &'static str {
        match self {
            FormatArg::Json => "json",
            FormatArg::Jsonl => "jsonl",
            FormatArg::Csv => "csv",
        }
    }
}

/// The lower-case extension of an output path.
pub fn extension(p: &Path) -> Option<String> {
    p.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// The format of `-o OUT`: from `--format` or from OUT's extension (`.json`,
/// `.jsonl` / `.ndjson`, `.csv`), JSON when neither says; both saying
/// different things is a usage error.
pub fn output_format(out: Option<&Path>, explicit: Option<FormatArg>) -> Result<Format, Error> {
    let inferred = out
        .filter(|p| !is_dash(p))
        .and_then(|p| match extension(p)?.as_str() {
            "json" => Some(FormatArg::Json),
            "jsonl" | "ndjson" => Some(FormatArg::Jsonl),
            "csv" => Some(FormatArg::Csv),
            _ => None,
        });
    match (explicit, inferred) {
        (Some(e), Some(i)) if e != i => {
            Err(usage(format!(
            "--format {} disagrees with -o {} (a .{} file); drop --format or change the extension",
            e.name(),
            out.map(Path::display).map(|d| d.to_string()).unwrap_or_default(),
            i.name()
        )))
        }
        (Some(f), _) | (None, Some(f)) => Ok(f.format()),
        (None, None) => Ok(Format::Json),
    }
}

/// Are `a` and `b` the same existing file (also through another path or a
/// link)?
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        ma.dev() == mb.dev() && ma.ino() == mb.ino() && ma.is_file()
    }
    #[cfg(not(unix))]
    {
        let _ = (ma, mb);
        matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
    }
}

/// Refuse `-o OUT` when OUT is one of the inputs: writing would destroy the
/// input before (or while) it is read.
pub fn refuse_overwriting_input(inputs: &[&Path], out: Option<&Path>) -> Result<(), Error> {
    let Some(out) = out.filter(|o| !is_dash(o)) else {
        return Ok(());
    };
    for input in inputs.iter().filter(|i| !is_dash(i)) {
        if same_file(input, out) {
            return Err(usage(format!(
                "-o {} is the input {}; refusing to overwrite it",
                out.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

/// A failed write of `path`.
pub fn write_error(path: &Path, e: std::io::Error) -> Error {
    Error::new(Some(path.to_path_buf()), ErrorKind::Write(e))
}

/// Write `bytes` to standard output. A closed pipe is not an error: the
/// reader has what it wanted (`tassei … | head -1`).
pub fn write_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(write_error(Path::new(STDOUT), e)),
        Ok(()) => Ok(()),
    }
}

/// Write a command's output to `-o OUT` (atomically) or, with no `-o` or
/// `-o -`, to standard output.
pub fn write_output(out: Option<&Path>, bytes: &[u8]) -> Result<(), Error> {
    match out.filter(|p| !is_dash(p)) {
        Some(path) => tassei::emit::write_atomic(path, bytes).map_err(|e| write_error(path, e)),
        None => write_stdout(bytes),
    }
}

/// Where the output went, for `--verbose`.
pub fn output_name(out: Option<&Path>) -> String {
    match out.filter(|p| !is_dash(p)) {
        Some(p) => p.display().to_string(),
        None => STDOUT.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_follows_the_extension() {
        let f = |o: &str, e: Option<FormatArg>| output_format(Some(Path::new(o)), e);
        assert_eq!(f("a.csv", None).ok(), Some(Format::Csv));
        assert_eq!(f("a.JSONL", None).ok(), Some(Format::JsonLines));
        assert_eq!(f("a.ndjson", None).ok(), Some(Format::JsonLines));
        assert_eq!(f("a.out", None).ok(), Some(Format::Json));
        assert_eq!(f("a.out", Some(FormatArg::Csv)).ok(), Some(Format::Csv));
        assert_eq!(f("-", Some(FormatArg::Csv)).ok(), Some(Format::Csv));
        assert_eq!(f("a.csv", Some(FormatArg::Csv)).ok(), Some(Format::Csv));
        let e = f("a.json", Some(FormatArg::Csv)).expect_err("disagrees");
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("disagrees with -o a.json"), "{e}");
        assert_eq!(output_format(None, None).ok(), Some(Format::Json));
    }
}
