//! `tassei diff` as `git diff` users expect it: `--exit-code`, integers that
//! stay integers, as-of moves apart from changes, aligned columns, colour
//! only on a terminal (and never with NO_COLOR or `--color never`).

#[path = "support/cli_run.rs"]
mod cli_run;

use cli_run::{assert_fails, fixture, tassei, Scratch};

fn editions() -> (String, String) {
    (fixture("text/seed.txt"), fixture("text/edition2.txt"))
}

#[test]
fn exit_code_says_whether_anything_changed() {
    let (old, new) = editions();
    let r = tassei(&["diff", &old, &new]);
    assert_eq!(r.code, Some(0), "without --exit-code: {}", r.stderr);
    let r = tassei(&["diff", &old, &new, "--exit-code"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stdout.contains("6 changed, 2 added, 1 removed"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let r = tassei(&["diff", &old, &old, "--exit-code"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("no changes"), "{}", r.stdout);
    // --quiet: nothing printed, the answer in the exit code (as git diff).
    let r = tassei(&["diff", &old, &new, "--quiet"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stdout.is_empty() && r.stderr.is_empty());
    let r = tassei(&["diff", &old, &old, "-q"]);
    assert_eq!(r.code, Some(0));
}

#[test]
fn json_keeps_integers_and_lists_as_of_moves_apart() {
    let (old, new) = editions();
    let r = tassei(&["diff", &old, &new, "--format=json"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(!r.stdout.contains("707.0"), "integers stay integers");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    tassei::schema::validate_diff(&v).expect("the diff schema");
    let changes = v["changes"].as_array().expect("changes");
    let deltas: Vec<Option<i64>> = changes
        .iter()
        .filter(|c| !c["delta"].is_null())
        .map(|c| c["delta"].as_i64())
        .collect();
    assert_eq!(
        deltas,
        [
            Some(707),
            Some(707),
            Some(-5),
            Some(474),
            Some(537),
            Some(18)
        ]
    );
    // 595回 → 595回 is not a change.
    assert!(!changes.iter().any(|c| c["id"] == "s1.r4.fy2024.開催数"));
    assert_eq!(v["as_of_only"][0]["id"], "s1.r4.fy2024.開催数");
    // -o *.json gets JSON without --format; --format table disagrees.
    let dir = Scratch::new("diffjson");
    let out = dir.s("changes.json");
    let r = tassei(&["diff", &old, &new, "-o", &out]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("json");
    assert_eq!(written, v);
    assert_fails(
        &tassei(&["diff", &old, &new, "-o", &out, "--format", "table"]),
        2,
        "disagrees",
        "table into .json",
    );
}

#[test]
fn the_table_is_aligned_and_coloured_only_when_asked() {
    use unicode_width::UnicodeWidthStr;
    let (old, new) = editions();
    let r = tassei(&["diff", &old, &new]);
    assert!(!r.stdout.contains('\x1b'), "no colour into a pipe");
    let arrows: Vec<usize> = r
        .stdout
        .lines()
        .filter(|l| {
            ["changed ", "added ", "removed "]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .filter_map(|l| l.split_once(" → ").map(|(h, _)| h.width()))
        .collect();
    assert_eq!(arrows.len(), 9);
    assert!(arrows.iter().all(|&a| a == arrows[0]), "{arrows:?}");
    assert!(
        r.stdout.contains("as-of    s1.r4.fy2024.開催数"),
        "{}",
        r.stdout
    );
    let r = tassei(&["diff", &old, &new, "--color=always"]);
    assert!(r.stdout.contains("\x1b[33mchanged\x1b[0m"), "{}", r.stdout);
    assert!(r.stdout.contains("\x1b[32m+707\x1b[0m"), "{}", r.stdout);
    let r = tassei(&["--color", "never", "diff", &old, &new]);
    assert!(!r.stdout.contains('\x1b'));
}

/// Run `tassei ARGS` under a pseudo-terminal (util-linux `script`), with
/// `env`; its output as the terminal saw it. None when `script` is missing.
fn on_a_terminal(args: &[&str], env: &[(&str, &str)]) -> Option<String> {
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!("skipped: util-linux `script` is not installed");
        return None;
    }
    let mut line = String::from(env!("CARGO_BIN_EXE_tassei"));
    for a in args {
        line.push_str(&format!(" '{a}'"));
    }
    let r = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script");
    Some(String::from_utf8_lossy(&r.stdout).into_owned())
}

#[test]
fn colour_on_a_terminal_unless_no_color() {
    let (old, new) = editions();
    let Some(tty) = on_a_terminal(&["diff", &old, &new], &[]) else {
        return;
    };
    assert!(tty.contains("\x1b[33mchanged"), "{tty}");
    let plain = on_a_terminal(&["diff", &old, &new], &[("NO_COLOR", "1")]).expect("script");
    assert!(plain.contains("changed"), "{plain}");
    assert!(!plain.contains("\x1b["), "{plain}");
    let never = on_a_terminal(&["diff", "--color=never", &old, &new], &[]).expect("script");
    assert!(!never.contains("\x1b["), "{never}");
}
