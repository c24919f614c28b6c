//! The `tassei` command: a thin shell over the library. It parses arguments,
//! runs one library call and reports any error once, on one line, with the
//! exit code of its class (see the README's error table).

use std::path::PathBuf;
use std::process::ExitCode;

use tassei::emit::{render, write_atomic, Format};
use tassei::error::{Error, ErrorKind};
use tassei::pipeline::{extract_file, Options};

const USAGE: &str = "\
tassei — KPI progress-report PDFs into validated open data

usage:
  tassei extract INPUT [-o OUT] [--format json|jsonl] [--max-pages N]
                 [--max-stream-bytes N]
      INPUT is a report PDF or its text/TSV form; writes the records as JSON
      (validated against schemas/tassei-report.schema.json) to OUT or stdout.
      --max-pages: most PDF pages read (default 2000); --max-stream-bytes:
      largest inflated size of one PDF stream (default 67108864).
  tassei validate FILE
      checks a JSON document written by `tassei extract` against the schema.
  tassei --help | --version
";

fn usage(msg: impl Into<String>) -> Error {
    Error::new(
        None,
        ErrorKind::Usage(format!("{} (see `tassei --help`)", msg.into())),
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tassei: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn run(args: &[String]) -> Result<(), Error> {
    match args.first().map(String::as_str) {
        Some("extract") => extract(&args[1..]),
        Some("validate") => validate(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some("-V" | "--version") => {
            println!("tassei {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Some(other) => Err(usage(format!("unknown command '{other}'"))),
        None => Err(usage("no command given")),
    }
}

/// Take the value of an option (`-o OUT`).
fn value<'a>(it: &mut impl Iterator<Item = &'a String>, flag: &str) -> Result<&'a String, Error> {
    it.next()
        .ok_or_else(|| usage(format!("{flag} needs a value")))
}

fn extract(args: &[String]) -> Result<(), Error> {
    let mut input: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut format = Format::Json;
    let mut options = Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-o" | "--output" => out = Some(PathBuf::from(value(&mut it, a)?)),
            "--format" => {
                let v = value(&mut it, a)?;
                format = Format::parse(v)
                    .ok_or_else(|| usage(format!("unknown format '{v}' (json, jsonl)")))?;
            }
            "--max-pages" => {
                let v = value(&mut it, a)?;
                options.pdf_limits.max_pages = v
                    .parse()
                    .map_err(|_| usage(format!("--max-pages takes a number, not '{v}'")))?;
            }
            "--max-stream-bytes" => {
                let v = value(&mut it, a)?;
                options.pdf_limits.max_stream_bytes = v
                    .parse()
                    .map_err(|_| usage(format!("--max-stream-bytes takes a number, not '{v}'")))?;
            }
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(usage(format!("unknown option '{s}'")))
            }
            s if input.is_none() => input = Some(PathBuf::from(s)),
            s => return Err(usage(format!("unexpected argument '{s}'"))),
        }
    }
    let input = input.ok_or_else(|| usage("extract needs an INPUT file"))?;
    let doc = extract_file(&input, &options)?;
    let bytes = render(&doc, format).map_err(|e| Error::new(Some(input.clone()), e))?;
    match out {
        Some(path) => write_atomic(&path, &bytes).map_err(|e| Error::new(Some(path.clone()), e)),
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes).map_err(|e| Error::new(None, e))
        }
    }
}

fn validate(args: &[String]) -> Result<(), Error> {
    let [file] = args else {
        return Err(usage("validate takes exactly one FILE"));
    };
    let path = PathBuf::from(file);
    let at = |e: ErrorKind| Error::new(Some(path.clone()), e);
    let bytes = std::fs::read(&path).map_err(|e| at(e.into()))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| at(e.into()))?;
    tassei::schema::validate_report(&value).map_err(|e| at(e.into()))?;
    let n = value
        .get("records")
        .and_then(|r| r.as_array())
        .map_or(0, Vec::len);
    println!("{}: valid ({n} records)", path.display());
    Ok(())
}
