//! `cargo run --example tassei_text -- FILE [--page N] [--layout]`: what
//! `tassei text` prints (see `tassei::textdump`), until the subcommand is
//! wired into the CLI.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut opts = tassei::textdump::TextOptions::default();
    let mut file = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--layout" => opts.layout = true,
            "--page" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => opts.page = Some(n),
                None => {
                    eprintln!("tassei_text: --page needs a page number");
                    return ExitCode::from(2);
                }
            },
            _ => file = Some(std::path::PathBuf::from(a)),
        }
    }
    let Some(file) = file else {
        eprintln!("usage: tassei_text FILE [--page N] [--layout]");
        return ExitCode::from(2);
    };
    match tassei::textdump::dump(&file, &opts) {
        Ok((pages, warnings)) => {
            print!("{}", tassei::textdump::render(&pages));
            for w in warnings {
                eprintln!("warning: {}", w.message);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tassei_text: {e}");
            ExitCode::from(1)
        }
    }
}
