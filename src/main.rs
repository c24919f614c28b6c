//! The `tassei` command: a thin shell over the library (see `src/cli/`).
//! It parses arguments (clap), runs one library call and reports any error
//! once, on one line, with the exit code of its class (see the README's
//! error table).

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
