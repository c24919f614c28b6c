//! Help, shell completions and the man page, all generated from the one
//! clap definition the parser uses.

#[path = "support/cli_run.rs"]
mod cli_run;

use cli_run::{assert_fails, tassei, Scratch};

const COMMANDS: [&str; 6] = ["extract", "validate", "diff", "batch", "text", "debug"];

#[test]
fn every_command_has_help_with_examples() {
    for cmd in COMMANDS {
        for flag in ["--help", "-h"] {
            let r = tassei(&[cmd, flag]);
            assert_eq!(r.code, Some(0), "{cmd} {flag}: {}", r.stderr);
            assert!(
                r.stdout.contains(&format!("Usage: tassei {cmd}")),
                "{}",
                r.stdout
            );
            assert!(r.stdout.contains("Examples:"), "{cmd} {flag}");
            assert!(r.stdout.contains("--quiet") && r.stdout.contains("--color"));
            assert!(r.stderr.is_empty(), "{}", r.stderr);
        }
        let r = tassei(&["help", cmd]);
        assert_eq!(r.code, Some(0));
        assert!(r.stdout.contains(&format!("Usage: tassei {cmd}")));
    }
    // Each keeps its options.
    let help = |cmd: &str| tassei(&[cmd, "--help"]).stdout;
    for opt in [
        "--max-pages",
        "--max-stream-bytes",
        "--max-pdf-tokens",
        "--timeout",
        "--format",
    ] {
        assert!(help("extract").contains(opt), "extract {opt}");
        assert!(help("batch").contains(opt), "batch {opt}");
    }
    for opt in ["--glob", "--jobs"] {
        assert!(help("batch").contains(opt), "batch {opt}");
    }
    assert!(help("validate").contains("--max-json-bytes"));
    assert!(help("diff").contains("--max-json-bytes"));
    assert!(help("diff").contains("--exit-code"));
    let r = tassei(&["--help"]);
    assert_eq!(r.code, Some(0));
    for cmd in COMMANDS {
        assert!(r.stdout.contains(cmd), "{cmd} in tassei --help");
    }
    let r = tassei(&["--version"]);
    assert_eq!(
        r.stdout.trim(),
        format!("tassei {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn validate_help_is_help_not_a_file_name() {
    let dir = Scratch::new("helpfile");
    // A file named --help is reachable with `--` and is not what --help reads.
    let r = tassei(&["validate", "--help"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("Usage: tassei validate"));
    let file = dir.write("--help", b"{");
    let r = tassei(&["validate", "--", &file]);
    assert_fails(&r, 4, "invalid JSON", "file named --help");
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let r = tassei(&["completions", shell]);
        assert_eq!(r.code, Some(0), "{shell}: {}", r.stderr);
        for word in ["extract", "validate", "diff", "batch", "max-pages"] {
            assert!(r.stdout.contains(word), "{shell} completion lacks {word}");
        }
    }
    // The bash script is valid bash.
    let r = tassei(&["completions", "bash"]);
    let dir = Scratch::new("completions");
    let script = dir.write("tassei.bash", r.stdout.as_bytes());
    match std::process::Command::new("bash")
        .args(["-n", &script])
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => eprintln!("skipped: no bash to check the script's syntax"),
    }
    assert_fails(
        &tassei(&["completions", "tcsh"]),
        2,
        "tcsh",
        "unknown shell",
    );
}

#[test]
fn man_pages_from_the_same_definition() {
    let r = tassei(&["man"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.starts_with(".ie") || r.stdout.contains(".TH tassei"),
        "{}",
        &r.stdout[..200.min(r.stdout.len())]
    );
    for cmd in COMMANDS {
        assert!(r.stdout.contains(cmd), "{cmd} in the man page");
        let page = tassei(&["man", cmd]);
        assert_eq!(page.code, Some(0), "{}", page.stderr);
        assert!(
            page.stdout.contains(&format!("tassei\\-{cmd}")),
            "{cmd} page named"
        );
        assert!(page.stdout.contains("Examples:"), "{cmd} page has examples");
    }
    assert!(tassei(&["man", "extract"]).stdout.contains("max\\-pages"));
    assert_fails(
        &tassei(&["man", "nope"]),
        2,
        "no command 'nope'",
        "unknown page",
    );
    // The page renders with man(1) where it is installed.
    let dir = Scratch::new("man");
    let page = dir.write("tassei.1", r.stdout.as_bytes());
    if let Ok(out) = std::process::Command::new("man")
        .args(["-l", &page])
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
    {
        if out.status.success() {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("extract"), "{text}");
        } else {
            eprintln!("skipped: man -l failed here");
        }
    }
}

#[test]
fn the_readme_lists_every_csv_column() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let section = readme
        .split("\n#### ")
        .find(|s| s.starts_with("CSV column reference"))
        .expect("a CSV columns section in the README");
    let section = section.split("\n## ").next().unwrap_or_default();
    for column in tassei::opendata::header() {
        assert!(
            section.contains(&format!("`{column}`")),
            "README's CSV column reference lacks `{column}`"
        );
    }
}

#[test]
fn the_readme_installs_and_links_what_it_names() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README.md");
    assert!(readme.contains("cargo install --path ."));
    for file in [
        "ARCHITECTURE.md",
        "LICENSE",
        "src/tutorial.rs",
        "src/cookbook.rs",
    ] {
        assert!(readme.contains(&format!("({file}")), "README links {file}");
        assert!(
            std::path::Path::new(&format!("{root}/{file}")).exists(),
            "{file} exists"
        );
    }
    let license = std::fs::read_to_string(format!("{root}/LICENSE")).expect("LICENSE");
    assert!(license.starts_with("MIT License"));
}
