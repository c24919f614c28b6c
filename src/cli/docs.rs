//! `tassei completions SHELL` and `tassei man [COMMAND]`: generated from the
//! same clap definition as the parser, so they cannot drift from it.

use clap::{Args, CommandFactory};
use clap_complete::Shell;
use tassei::error::Error;

use super::io;
use super::{usage, Cli, Status};

/// Print a shell completion script
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  tassei completions bash > ~/.local/share/bash-completion/completions/tassei
  tassei completions zsh > ~/.zfunc/_tassei
  tassei completions fish > ~/.config/fish/completions/tassei.fish")]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// Print the manual page (roff) of tassei or of one of its commands
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  tassei man | man -l -
  tassei man extract > tassei-extract.1")]
pub struct ManArgs {
    /// A command (extract, validate, diff, batch, …) for its own page
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

pub fn completions(a: CompletionsArgs) -> Result<Status, Error> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "tassei", &mut out);
    io::write_stdout(&out)?;
    Ok(0)
}

pub fn man(a: ManArgs) -> Result<Status, Error> {
    let mut root = Cli::command();
    root.build();
    let cmd = match &a.command {
        None => root,
        Some(name) => {
            let Some(sub) = root.find_subcommand(name) else {
                return Err(usage(format!(
                    "no command '{name}' (extract, validate, diff, batch, completions, man)"
                )));
            };
            // The page's name: tassei-extract(1).
            let page = format!("tassei-{}", sub.get_name());
            sub.clone().name(page)
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut out)
        .map_err(|e| io::write_error(std::path::Path::new(io::STDOUT), e))?;
    io::write_stdout(&out)?;
    Ok(0)
}
