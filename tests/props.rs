//! Property tests: no string makes the normalizer, the rules or the text
//! front end panic, and normalization is idempotent.

use proptest::prelude::*;
use tassei::calendar::FiscalYear;
use tassei::normalize::{canonical_span, normalize, unwrap_lines};
use tassei::rules::{extract_cell, CellContext};
use unicode_normalization::UnicodeNormalization;

/// Strings built from the characters real cells are made of, so the rules'
/// paths are actually exercised (plus arbitrary Unicode).
fn cellish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "○",
        "・",
        "①",
        "※",
        "※1",
        "(",
        ")",
        "（",
        "）",
        "【",
        "】",
        "うち",
        "内:",
        "延べ",
        "延",
        "約",
        "▲",
        "R",
        "R.",
        "令和",
        "平成",
        "元",
        "年",
        "年度",
        "月",
        "日",
        "末",
        "現在",
        "時点",
        "までの速報値",
        "累計",
        "予定",
        "再掲",
        "~",
        "～",
        "、",
        "。",
        ":",
        " ",
        "\n",
        "件",
        "人",
        "名",
        "社",
        "回",
        "市町",
        "%",
        "0",
        "1",
        "2",
        "9",
        "12",
        "31",
        "3,121",
        "1.5",
        "K P I",
        "３",
        "，",
        "<労働局>",
        "⻑",
        "⼈",
        "ﾊﾛｰ",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

/// The list markers normalization keeps (circled numbers ①–⑳, ㉑–㊿, ❶–❿).
fn is_marker(c: char) -> bool {
    matches!(c, '\u{2460}'..='\u{2473}' | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}' | '\u{2776}'..='\u{277F}')
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn normalize_never_panics_and_is_idempotent(s in any::<String>()) {
        let n = normalize(&s);
        prop_assert_eq!(normalize(&n), n.clone());
        let _ = canonical_span(&n);
        let _ = unwrap_lines(&n);
    }

    #[test]
    fn nfkc_keeping_markers_is_nfkc_between_markers(s in "[\\PC\u{2460}-\u{2473}\u{3251}-\u{325F}\u{32B1}-\u{32BF}\u{2776}-\u{277F}\u{FF10}-\u{FF5E}\u{2F00}-\u{2FD5}\u{3099}\u{309A}ｦ-ﾟ]*") {
        // Exactly NFKC around the kept markers.
        let want: String = s
            .split_inclusive(is_marker)
            .map(|run| {
                let mut it = run.chars();
                match it.next_back() {
                    Some(m) if is_marker(m) => {
                        let mut t: String = it.as_str().nfkc().collect();
                        t.push(m);
                        t
                    }
                    _ => run.nfkc().collect(),
                }
            })
            .collect();
        prop_assert_eq!(tassei::normalize::nfkc_keeping_markers(&s), want);
    }

    #[test]
    fn rules_never_panic_on_arbitrary_text(s in any::<String>()) {
        let _ = extract_cell(&normalize(&s), &CellContext::default());
    }

    #[test]
    fn rules_never_panic_on_cell_like_text(s in cellish(), fy in prop::option::of(2000i32..2100), unit in prop::option::of(prop::sample::select(vec!["件", "人"]))) {
        let ctx = CellContext { fiscal_year: fy.map(FiscalYear), unit_hint: unit, fallback_label: Some("相談件数") };
        let text = unwrap_lines(&normalize(&s));
        let r = extract_cell(&text, &ctx);
        for f in &r.figures {
            prop_assert!(f.value.is_finite());
            prop_assert!(!f.unit.is_empty());
            if let Some(p) = f.parent { prop_assert!(p < r.figures.len()); }
        }
    }

    #[test]
    fn text_front_end_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(t) = tassei::text::decode(&bytes) {
            let g = tassei::text::read_text(&t);
            let _ = tassei::report::read_report(&g);
        }
    }

    #[test]
    fn diff_is_symmetric(
        ma in prop::sample::subsequence((0usize..6).collect::<Vec<_>>(), 1..6).prop_shuffle(),
        mb in prop::sample::subsequence((0usize..6).collect::<Vec<_>>(), 1..6).prop_shuffle(),
        ca in prop::collection::vec(cellish(), 6),
        cb in prop::collection::vec(cellish(), 6),
    ) {
        // Two small reports drawing their rows (distinct measures, in any
        // order: rows inserted, deleted, moved) from the same few: the diff
        // one way is the diff the other way with added and removed swapped,
        // and a report against itself has no changes.
        let a: Vec<(usize, String)> = ma.iter().map(|&m| (m, ca[m].clone())).collect();
        let b: Vec<(usize, String)> = mb.iter().map(|&m| (m, cb[m].clone())).collect();
        let (Some(x), Some(y)) = (report(&a), report(&b)) else { return Ok(()); };
        let (ab, ba) = (tassei::diff::diff(&x, &y), tassei::diff::diff(&y, &x));
        let count = |d: &tassei::diff::Diff, k: tassei::diff::ChangeKind| d.changes.iter().filter(|c| c.change == k).count();
        use tassei::diff::ChangeKind::{Added, Changed, Removed};
        prop_assert_eq!(count(&ab, Added), count(&ba, Removed));
        prop_assert_eq!(count(&ab, Removed), count(&ba, Added));
        prop_assert_eq!(count(&ab, Changed), count(&ba, Changed));
        prop_assert!(tassei::diff::diff(&x, &x).changes.is_empty());
        tassei::schema::validate_diff(&serde_json::to_value(&ab).expect("json")).expect("diff validates");
    }
}

/// A one-section text report with one row per (measure, cell); None when it
/// is not a report (e.g. no figures at all).
fn report(rows: &[(usize, String)]) -> Option<serde_json::Value> {
    let mut t = String::from("1 テスト\n\t取組概要\t令和6年度\n");
    for (m, cell) in rows {
        let cell = cell.replace(['\t', '\n', '\r'], " ");
        t.push_str(&format!("\t○取組{m}\t○{cell}\n"));
    }
    let doc = tassei::pipeline::extract_bytes(t.as_bytes(), "r.txt", &Default::default()).ok()?;
    tassei::emit::to_validated_value(&doc).ok()
}
