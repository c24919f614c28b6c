//! Typed errors. Each stage has its own error type saying what went wrong and
//! where (line, page, section, row, column); [`Error`] wraps them with the
//! input file, and the CLI reports it once, on one line, with an exit code
//! from [`Error::exit_code`].

use std::path::PathBuf;

/// The input bytes are not a readable text report.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("the file is empty")]
    Empty,
    #[error("binary data (NUL byte at byte {offset}); expected a PDF or a text/TSV report")]
    Binary { offset: u64 },
    #[error("not text in UTF-8 or Shift_JIS (undecodable bytes near byte {offset})")]
    NotText { offset: u64 },
    #[error("the file is {bytes} bytes, over the limit of {limit}")]
    TooLarge { bytes: u64, limit: u64 },
    /// A JSON input (`validate`, `diff`) larger than `--max-json-bytes`,
    /// refused from its metadata before it is read.
    #[error("the file is {bytes} bytes, over the limit of {limit} (--max-json-bytes)")]
    JsonTooLarge { bytes: u64, limit: u64 },
    /// A JSON input without a size (a pipe, a device) that went on past
    /// `--max-json-bytes`; reading stopped there.
    #[error("the file has more than {limit} bytes, over the limit of {limit} (--max-json-bytes)")]
    JsonStreamTooLarge { limit: u64 },
}

/// The text is readable but is not a KPI report tassei understands.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Nothing to extract; `seen` says what the table model looked at and
    /// why it refused it (header candidates with their reasons).
    #[error("no KPI table found: {seen}")]
    NoTable { seen: String },
}

/// The document does not match its JSON Schema.
#[derive(Debug)]
pub struct SchemaError {
    /// How many violations; when not `counted`, a lower bound (the
    /// document was too large to count them within bounded memory).
    pub count: usize,
    pub counted: bool,
    pub pointer: String,
    pub message: String,
    /// The first violations (at most [`crate::schema::MAX_VIOLATIONS_KEPT`])
    /// as `(instance pointer, message)`.
    pub all: Vec<(String, String)>,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.counted {
            write!(f, "{} schema violation(s)", self.count)?;
        } else {
            write!(
                f,
                "schema violations (not counted in a document this large)"
            )?;
        }
        write!(f, "; first at {}: {}", self.pointer, self.message)
    }
}

impl std::error::Error for SchemaError {}

/// What failed.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// An output could not be written (`-o` into a missing directory, a full
    /// disk, `/dev/full`); the path is the output's.
    #[error("cannot write: {0}")]
    Write(std::io::Error),
    /// The work did not finish within `--timeout` (or could not be run on a
    /// worker thread).
    #[error("{0}")]
    Deadline(#[from] crate::deadline::DeadlineError),
    #[error("{0}")]
    Input(#[from] InputError),
    #[error("{0}")]
    Pdf(#[from] crate::pdf::PdfError),
    #[error("{0}")]
    Layout(#[from] crate::layout::LayoutError),
    #[error("{0}")]
    Report(#[from] ReportError),
    /// A page `tassei debug` cannot draw.
    #[error("{0}")]
    Debug(#[from] crate::debug::DebugError),
    #[error("{0}")]
    Schema(#[from] SchemaError),
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Usage(String),
    /// OUTDIR of a batch cannot be written safely: locked by another batch,
    /// a symbolic link or other non-regular file where tassei writes, a
    /// `manifest.json` that is not tassei's.
    #[error("{0}")]
    Outdir(String),
    /// Some inputs of a batch failed (each was reported already).
    #[error("{0}")]
    Failed(String),
}

/// An error with the file it concerns.
#[derive(Debug, thiserror::Error)]
pub struct Error {
    pub path: Option<PathBuf>,
    pub kind: ErrorKind,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}: {}", p.display(), self.kind),
            None => write!(f, "{}", self.kind),
        }
    }
}

impl Error {
    pub fn new(path: Option<PathBuf>, kind: impl Into<ErrorKind>) -> Self {
        Error {
            path,
            kind: kind.into(),
        }
    }

    /// The process exit code for this failure class (documented in the
    /// README's error table).
    pub fn exit_code(&self) -> i32 {
        match &self.kind {
            ErrorKind::Failed(_) => 1,
            ErrorKind::Usage(_) => 2,
            ErrorKind::Io(_) | ErrorKind::Write(_) | ErrorKind::Outdir(_) => 3,
            ErrorKind::Deadline(d) => match d {
                crate::deadline::DeadlineError::TimedOut { .. } => 124,
                crate::deadline::DeadlineError::NoThread(_) => 3,
                crate::deadline::DeadlineError::Lost => 6,
            },
            ErrorKind::Input(_) | ErrorKind::Json(_) => 4,
            ErrorKind::Report(_) => 5,
            ErrorKind::Pdf(_) | ErrorKind::Layout(_) => 6,
            ErrorKind::Schema(_) => 7,
            ErrorKind::Debug(e) => e.exit_code(),
        }
    }
}
