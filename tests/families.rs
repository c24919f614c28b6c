//! Every layout family of `fixtures/gen/` and the hand-checked tables of
//! the real PDFs in `../shared/real/` against their figure lists
//! (`fixtures/expected/*.figures.json`, format in `FIGURES.md`): each
//! listed figure must be a record with exactly its fields, and for a
//! complete list every record of a table value column must be listed.
//! Real PDFs are skipped, with a message, where `../shared/real/` is absent.

use std::path::{Path, PathBuf};

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// NFKC without white space, for comparing names.
fn key(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn either_contains(a: &str, b: &str) -> bool {
    let (a, b) = (key(a), key(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

fn qualifiers(v: &Value) -> Vec<String> {
    let mut q: Vec<String> = v
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    q.retain(|x| x != "目標");
    q.sort();
    q
}

fn section_title(doc: &Value, n: &Value) -> String {
    doc["sections"]
        .as_array()
        .and_then(|s| s.iter().find(|s| &s["number"] == n))
        .and_then(|s| s["title"].as_str())
        .unwrap_or("")
        .to_string()
}

/// Does record `r` (in document `doc`) match expected figure `f`? Returns
/// the first field that differs.
fn differs(doc: &Value, r: &Value, f: &Value) -> Option<&'static str> {
    let num = |v: &Value| v.as_f64();
    match (num(&r["value"]), num(&f["value"])) {
        (Some(a), Some(b)) if (a - b).abs() < 1e-9 => {}
        _ => return Some("value"),
    }
    if r["unit"] != f["unit"] {
        return Some("unit");
    }
    if let Some(s) = f["section"].as_str() {
        if !either_contains(&section_title(doc, &r["section"]), s) {
            return Some("section");
        }
    }
    let prose = f["prose"].as_bool().unwrap_or(false);
    if prose {
        let label = f["label"].as_str().unwrap_or("");
        let rl = r["label"].as_str().unwrap_or("");
        if !key(rl).contains(&key(label)) {
            return Some("label");
        }
    } else {
        let ri = r["indicator"]
            .as_str()
            .or(r["label"].as_str())
            .unwrap_or("");
        if key(ri) != key(f["indicator"].as_str().unwrap_or("")) {
            return Some("indicator");
        }
    }
    // A cross tab's row key (`大阪市` under 市町村): what the figure is of.
    if let Some(subject) = f["subject"].as_str() {
        if key(r["subject"].as_str().unwrap_or("")) != key(subject) {
            return Some("subject");
        }
    }
    if r["fiscal_year"] != f["fiscal_year"] {
        return Some("fiscal_year");
    }
    if r["kind"] != f["kind"] {
        return Some("kind");
    }
    if r["as_of"] != f["as_of"] {
        return Some("as_of");
    }
    if qualifiers(&r["qualifiers"]) != qualifiers(&f["qualifiers"]) {
        return Some("qualifiers");
    }
    None
}

fn brief(r: &Value) -> String {
    format!(
        "{} = {} {} fy={} kind={} as_of={} q={} ind={} subject={} label={}",
        r["id"],
        r["value"],
        r["unit"],
        r["fiscal_year"],
        r["kind"],
        r["as_of"],
        r["qualifiers"],
        r["indicator"],
        r["subject"],
        r["label"]
    )
}

/// Check one figure list; returns the problems found.
fn check(list: &Path) -> Result<Vec<String>, String> {
    let spec: Value = serde_json::from_slice(&std::fs::read(list).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let source = spec["source"].as_str().unwrap_or("");
    let path = root().join(source);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(_) => return Err(format!("{} absent", path.display())),
    };
    let doc = tassei::pipeline::extract_bytes(&bytes, source, &Default::default())
        .map_err(|e| format!("{source}: extraction failed: {e}"))
        .map(|d| tassei::emit::to_validated_value(&d))?
        .map_err(|e| format!("{source}: invalid output: {e}"))?;
    let records = doc["records"].as_array().cloned().unwrap_or_default();
    let mut used = vec![false; records.len()];
    let mut problems = Vec::new();
    if let Some(t) = spec["title"].as_str() {
        if !either_contains(doc["report"]["title"].as_str().unwrap_or(""), t) {
            problems.push(format!("title: {} ≠ {t}", doc["report"]["title"]));
        }
    }
    if spec.get("as_of").is_some() && doc["report"]["as_of"] != spec["as_of"] {
        problems.push(format!(
            "report as_of: {} ≠ {}",
            doc["report"]["as_of"], spec["as_of"]
        ));
    }
    for f in spec["figures"].as_array().into_iter().flatten() {
        let found = records
            .iter()
            .enumerate()
            .find(|(i, r)| !used[*i] && differs(&doc, r, f).is_none());
        match found {
            Some((i, _)) => used[i] = true,
            None if f.get("known_gap").is_some() => {
                eprintln!("{}: known gap: {f}", list.display());
            }
            None => {
                let near: Vec<String> = records
                    .iter()
                    .filter(|r| differs(&doc, r, f) != Some("value"))
                    .take(2)
                    .map(|r| format!("{} (differs in {:?})", brief(r), differs(&doc, r, f)))
                    .collect();
                problems.push(format!("missing {f}\n      nearest: {near:?}"));
            }
        }
    }
    let reported = doc["unparsed"].as_array().cloned().unwrap_or_default();
    for u in spec["unparsed"].as_array().into_iter().flatten() {
        let found = reported.iter().any(|x| {
            x["text"] == u["text"]
                && x["reason"]
                    .as_str()
                    .zip(u["reason"].as_str())
                    .is_some_and(|(a, b)| a.contains(b))
        });
        if !found {
            problems.push(format!("not reported in unparsed: {u}"));
        }
    }
    if spec["complete"].as_bool() == Some(true) {
        for (i, r) in records.iter().enumerate() {
            if !used[i] && r["cell"] == "value" {
                problems.push(format!("not listed: {}", brief(r)));
            }
        }
    }
    Ok(problems)
}

fn run(prefix: &str) {
    let dir = root().join("fixtures/expected");
    let mut lists: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/expected")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".figures.json"))
        })
        .collect();
    lists.sort();
    assert!(!lists.is_empty(), "no {prefix}*.figures.json");
    let mut failed = Vec::new();
    for list in &lists {
        match check(list) {
            Ok(p) if p.is_empty() => {}
            Ok(p) => failed.push(format!(
                "{}: {} problem(s)\n    {}",
                list.display(),
                p.len(),
                p.join("\n    ")
            )),
            Err(e) if e.ends_with("absent") => eprintln!("skipped {}: {e}", list.display()),
            Err(e) => failed.push(format!("{}: {e}", list.display())),
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn invented_layout_families() {
    run("family_");
}

#[test]
fn hand_checked_tables_of_real_pdfs() {
    run("real_");
}

/// Every real PDF ends with records, or a clear refusal (non-zero exit and
/// one line saying why), or — when nothing could be read — a warning;
/// never exit 0 in silence with nothing.
#[test]
fn every_real_pdf_gives_records_or_says_why() {
    let dir = root().join("../shared/real");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} absent", dir.display());
        return;
    };
    let mut pdfs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    pdfs.sort();
    for pdf in pdfs {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tassei"))
            .arg("extract")
            .arg(&pdf)
            .output()
            .expect("run tassei");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let name = pdf.display();
        if !out.status.success() {
            assert!(
                stderr.lines().count() == 1 && stderr.contains(&*pdf.to_string_lossy()),
                "{name}: a refusal must be one line naming the file: {stderr}"
            );
            continue;
        }
        let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
        let records = doc["records"].as_array().map_or(0, Vec::len);
        assert!(
            records > 0 || stderr.contains("warning: no figures extracted"),
            "{name}: exit 0 with no records and no warning"
        );
    }
}
