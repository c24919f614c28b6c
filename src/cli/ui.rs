//! What every subcommand shares about talking to the user: `--quiet`,
//! `--verbose`, `--color`, and the lines tassei writes on stderr (errors,
//! warnings, notes), each prefixed `tassei: `. Writing to stderr never
//! fails the command (a closed stderr is not worth a panic).

use std::ffi::OsString;
use std::io::{IsTerminal, Write};

use clap::{Args, ValueEnum};

/// When to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorWhen {
    /// Only on a terminal, and not when NO_COLOR is set.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// The `--color` of a command line before clap has parsed it (so that
    /// `--help` and clap's own errors are coloured the same way).
    pub fn from_args(args: &[OsString]) -> ColorWhen {
        let mut when = ColorWhen::Auto;
        let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
        while let Some(a) = it.next() {
            if a == "--" {
                break;
            }
            let value = match a.strip_prefix("--color") {
                Some("") => it.next().map(|v| v.into_owned()),
                Some(rest) => rest.strip_prefix('=').map(str::to_string),
                None => None,
            };
            match value.as_deref() {
                Some("always") => when = ColorWhen::Always,
                Some("never") => when = ColorWhen::Never,
                Some("auto") => when = ColorWhen::Auto,
                _ => {}
            }
        }
        when
    }

    /// clap's setting for its help and errors.
    pub fn clap(self) -> clap::ColorChoice {
        match self {
            ColorWhen::Auto => clap::ColorChoice::Auto,
            ColorWhen::Always => clap::ColorChoice::Always,
            ColorWhen::Never => clap::ColorChoice::Never,
        }
    }

    /// Colour on a stream that is (or is not) a terminal?
    pub fn enabled(self, terminal: bool) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                terminal
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
}

/// Options every subcommand takes.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Print nothing but errors: no warnings, progress or summaries
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more on stderr: what was read, what was written, how much
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Colour: auto (only on a terminal, not with NO_COLOR), always or never
    #[arg(
        long,
        value_enum,
        value_name = "WHEN",
        default_value_t,
        global = true,
        hide_possible_values = true
    )]
    pub color: ColorWhen,
}

/// How to talk to the user in this run.
#[derive(Debug, Clone)]
pub struct Ui {
    pub quiet: bool,
    pub verbose: bool,
    pub color: ColorWhen,
}

impl Ui {
    pub fn new(g: &GlobalArgs) -> Ui {
        Ui {
            quiet: g.quiet,
            verbose: g.verbose,
            color: g.color,
        }
    }

    /// Before the arguments are parsed: errors only.
    pub fn for_errors(color: ColorWhen) -> Ui {
        Ui {
            quiet: false,
            verbose: false,
            color,
        }
    }

    fn stderr_color(&self) -> bool {
        self.color.enabled(std::io::stderr().is_terminal())
    }

    /// One line on stderr, `tassei: ` first; `label` (`error`, `warning`)
    /// coloured where it appears in `line`.
    fn line(&self, line: &str, label: Option<(&str, &str)>) {
        let text = match label {
            Some((word, code)) if self.stderr_color() && line.contains(word) => {
                line.replacen(word, &format!("\x1b[{code}m{word}\x1b[0m"), 1)
            }
            _ => line.to_string(),
        };
        let _ = writeln!(std::io::stderr().lock(), "tassei: {text}");
    }

    /// An error: always printed.
    pub fn error(&self, line: &str) {
        let prefix = if self.stderr_color() {
            "\x1b[1;31mtassei:\x1b[0m"
        } else {
            "tassei:"
        };
        let _ = writeln!(std::io::stderr().lock(), "{prefix} {line}");
    }

    /// A warning (`--quiet` hides it).
    pub fn warn(&self, line: &str) {
        if !self.quiet {
            self.line(line, Some(("warning:", "33")));
        }
    }

    /// A summary the user normally wants (`--quiet` hides it).
    pub fn note(&self, line: &str) {
        if !self.quiet {
            self.line(line, None);
        }
    }

    /// A detail for `--verbose`.
    pub fn detail(&self, line: &str) {
        if self.verbose {
            self.line(line, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn color_is_found_before_parsing() {
        let w = |a: &[&str]| ColorWhen::from_args(&os(a));
        assert_eq!(w(&["tassei", "diff", "--color=always"]), ColorWhen::Always);
        assert_eq!(w(&["tassei", "--color", "never", "diff"]), ColorWhen::Never);
        assert_eq!(w(&["tassei", "diff"]), ColorWhen::Auto);
        assert_eq!(
            w(&["tassei", "diff", "--", "--color=always"]),
            ColorWhen::Auto
        );
    }

    #[test]
    fn never_and_always_ignore_the_terminal() {
        assert!(ColorWhen::Always.enabled(false));
        assert!(!ColorWhen::Never.enabled(true));
        assert!(!ColorWhen::Auto.enabled(false));
    }
}
