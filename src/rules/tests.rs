//! Whole-cell tests of the rules stage.

use super::*;

fn figs(text: &str) -> Vec<Figure> {
    let text = crate::normalize::unwrap_lines(&crate::normalize::normalize(text));
    extract_cell(
        &text,
        &CellContext {
            fiscal_year: Some(FiscalYear(2024)),
            unit_hint: None,
            fallback_label: Some("新規登録者数"),
        },
    )
    .figures
}

fn brief(f: &Figure) -> String {
    format!(
        "{} {}{} as_of={} period={} ev={} q={:?} parent={:?}",
        f.metric,
        format_value(f.value),
        f.unit,
        f.as_of.as_ref().map_or("-".into(), |d| d.date.to_string()),
        f.period
            .as_ref()
            .map_or("-".into(), |p| format!("{}..{}", p.from, p.to)),
        f.event_date
            .as_ref()
            .map_or("-".into(), |d| d.date.to_string()),
        f.qualifiers,
        f.parent
    )
}

#[test]
fn items_split_at_markers_outside_brackets() {
    let t = "○a 1件 ・b 2件 ①c (①x、②y) ※注";
    let items: Vec<&str> = split_items(t)
        .iter()
        .map(|&(a, b)| t[a..b].trim())
        .collect();
    assert_eq!(items, ["○a 1件", "・b 2件", "①c (①x、②y)", "※注"]);
    // `・` inside a word is not a marker.
    assert_eq!(split_items("人材採用・活用").len(), 1);
}

#[test]
fn cumulative_scope_stops_where_a_label_repeats() {
    let f = figs("○限定求人 79人 歓迎求人1,923人 限定求人424人 歓迎求人4,955人 (R1.8~R6.3累計)");
    let b: Vec<String> = f.iter().map(brief).collect();
    assert_eq!(
        b,
        [
            "限定求人 79人 as_of=- period=- ev=- q=[] parent=None",
            "歓迎求人 1923人 as_of=- period=- ev=- q=[] parent=None",
            "限定求人 424人 as_of=2024-03-31 period=2019-08-01..2024-03-31 ev=- q=[Cumulative] parent=None",
            "歓迎求人 4955人 as_of=2024-03-31 period=2019-08-01..2024-03-31 ev=- q=[Cumulative] parent=None",
        ]
    );
}

#[test]
fn as_of_scope_stops_at_the_previous_qualifier() {
    let f = figs("○限定求人 49人 歓迎求人2,083人 (R6.12月末現在) 限定求人 473人 歓迎求人7,038人 (R1.8~R6.12累計)");
    assert_eq!(
        f[0].as_of.as_ref().map(|d| d.date.to_string()).as_deref(),
        Some("2024-12-31")
    );
    assert!(f[1].period.is_none());
    assert_eq!(
        f[2].period.as_ref().map(|p| p.to.to_string()).as_deref(),
        Some("2024-12-31")
    );
}

#[test]
fn breakdowns_nest_and_inherit_the_as_of() {
    let f = figs("・就職決定件数401人 (うち就職氷河期世代159人 (うち正規雇用54人)) ※R6年度就職決定件数401人にはR5年度からの継続分を含む (R7.1月末現在)");
    let b: Vec<String> = f.iter().map(brief).collect();
    assert_eq!(
        b,
        [
            "就職決定件数 401人 as_of=2025-01-31 period=- ev=- q=[] parent=None",
            "就職氷河期世代 159人 as_of=2025-01-31 period=- ev=- q=[Breakdown] parent=Some(0)",
            "正規雇用 54人 as_of=2025-01-31 period=- ev=- q=[Breakdown] parent=Some(1)",
        ]
    );
    // The footnote repeats 就職決定件数401人: it is a note on that figure, not a new one.
    assert_eq!(f[0].notes.len(), 1);
    let f = figs("・就職者数 9人 (うち就職氷河期世代5人 (うち正規2人、非正規3人))");
    assert_eq!(
        f.iter()
            .map(|f| (f.metric.as_str(), f.parent))
            .collect::<Vec<_>>(),
        [
            ("就職者数", None),
            ("就職氷河期世代", Some(0)),
            ("正規", Some(1)),
            ("非正規", Some(1))
        ]
    );
}

#[test]
fn event_dates_apply_forward_until_the_next() {
    let f = figs("○オンライン企業説明会 (R5.10.21) 参加企業数12社 参加者数9人 (R5.11.18) 参加企業数11社 参加者数3人");
    let ev: Vec<String> = f
        .iter()
        .map(|f| {
            f.event_date
                .as_ref()
                .map_or("-".into(), |d| d.date.to_string())
        })
        .collect();
    assert_eq!(ev, ["2023-10-21", "2023-10-21", "2023-11-18", "2023-11-18"]);
    assert_eq!(f[0].subject.as_deref(), Some("オンライン企業説明会"));
    let f = figs("①R5.10.29 (広島開催) 広島県内を勤務先とする企業数29社、参加求職者数31人");
    assert_eq!(f.len(), 2);
    assert!(f.iter().all(|f| f
        .event_date
        .as_ref()
        .is_some_and(|d| d.date.to_string() == "2023-10-29")));
    assert_eq!(f[0].metric, "企業数");
}

#[test]
fn preliminary_nobe_and_repeated() {
    let f = figs("○自立相談支援機関による、「ひきこもり・不登校」に関する新規相談件数 183件(R.6.12月までの速報値)");
    assert_eq!(
        brief(&f[0]),
        "新規相談件数 183件 as_of=2024-12-31 period=- ev=- q=[Preliminary] parent=None"
    );
    let f = figs("・相談者数 (延べ人数) 129人 (うち就職氷河期世代 90人)");
    assert_eq!(f[0].qualifiers, [Qualifier::Nobe]);
    assert_eq!(f[0].metric, "相談者数");
    let f = figs(
        "○研修を開催(再掲) 参加者:職員等(延115名) 開催状況:4回(R6.9.9、10.30、12.18、R7.2.12)",
    );
    assert_eq!(f[0].qualifiers, [Qualifier::Nobe, Qualifier::Repeated]);
    assert_eq!(f[1].qualifiers, [Qualifier::Repeated]);
    assert_eq!(f[1].event_dates.len(), 4);
}

#[test]
fn labels_from_context() {
    // A bare figure takes the row's measure.
    assert_eq!(figs("○ 411人")[0].metric, "新規登録者数");
    // `A:B` lends `A:` on; a label after the number.
    let f = figs("参加者数:セミナー64人、座談会55人(広島サポステ)");
    assert_eq!(
        (f[0].label.as_str(), f[1].label.as_str()),
        ("参加者数:セミナー", "参加者数:座談会")
    );
    let f = figs("4-1月で9件のご家族の相談が行われ2名の新規登録者があった。");
    assert_eq!(f[0].metric, "ご家族の相談");
    assert_eq!(
        f[0].period
            .as_ref()
            .map(|p| format!("{}..{}", p.from, p.to))
            .as_deref(),
        Some("2024-04-01..2025-01-31")
    );
    assert_eq!(f[1].metric, "新規登録者");
    // A planned figure.
    let f = figs("(第2ステージの終わる令和6年度末までに15市町が実施する予定となっている)");
    assert!(f[0].qualifiers.contains(&Qualifier::Planned));
}

#[test]
fn numbers_that_are_not_figures() {
    let t =
        "月2回のセミナー、年3回の座談会、19時まで、49歳まで、第2土曜日、1DAYプログラム、3か月に1度";
    let text = crate::normalize::normalize(t);
    let r = extract_cell(&text, &CellContext::default());
    assert!(r.figures.is_empty(), "{:?}", r.figures);
    assert!(r.unparsed.is_empty(), "{:?}", r.unparsed);
    // An unknown number is reported, not dropped.
    let r = extract_cell("検討会 12 を実施", &CellContext::default());
    assert_eq!(r.unparsed.len(), 1);
    assert!(r.unparsed[0].text.contains("12"));
}

#[test]
fn targets_and_units_in_headers() {
    let f = figs("○正社員就職件数2年間で3,200件以上");
    assert_eq!(
        (f[0].metric.as_str(), f[0].years, f[0].qualifiers.clone()),
        ("正社員就職件数", Some(2), vec![Qualifier::AtLeast])
    );
    let r = extract_cell(
        "▲1,234",
        &CellContext {
            unit_hint: Some("件"),
            ..CellContext::default()
        },
    );
    assert_eq!(
        (r.figures[0].value, r.figures[0].unit.as_str()),
        (-1234.0, "件")
    );
}

#[test]
fn numbered_footnotes_apply_their_qualifiers() {
    let f = figs("○相談件数 120件※1 ※1 速報値");
    assert_eq!(f[0].qualifiers, [Qualifier::Preliminary]);
    assert_eq!(f[0].notes, ["※1速報値"]);
}

/// The label and text of every figure of a prose cell with no row label.
fn prose(text: &str) -> Vec<(String, String, String)> {
    let text = crate::normalize::unwrap_lines(&crate::normalize::normalize(text));
    extract_cell(&text, &CellContext::default())
        .figures
        .iter()
        .map(|f| {
            (
                format!("{}{}", format_value(f.value), f.unit),
                f.label.clone(),
                f.text.clone(),
            )
        })
        .collect()
}

fn t3(value: &str, label: &str, text: &str) -> (String, String, String) {
    (value.into(), label.into(), text.into())
}

#[test]
fn prose_names_a_figure_after_the_number() {
    assert_eq!(
        prose("創業支援セミナー(1回当たり2時間)を開催し、延べ64人が受講した。"),
        [t3("64人", "受講", "延べ64人が受講した")]
    );
    assert_eq!(
        prose("入社1~3年目の社員を対象とした合同研修会を開催し、18社が参加した。"),
        [t3("18社", "参加", "18社が参加した")]
    );
    assert_eq!(
        prose("保育士の処遇改善に取り組み、保育士を新たに14人確保した。"),
        [t3(
            "14人",
            "保育士を新たに確保",
            "保育士を新たに14人確保した"
        )]
    );
    assert_eq!(
        prose("小学校区ごとの利用需要を踏まえ、2か所を新たに開設した。"),
        [t3("2か所", "新たに開設", "2か所を新たに開設した")]
    );
    assert_eq!(
        prose("受入先を開拓し、9人が一般就労に移行した。"),
        [t3("9人", "一般就労に移行", "9人が一般就労に移行した")]
    );
    assert_eq!(
        prose("窓口の設置を働き掛け、4市町が新たに設置した。"),
        [t3("4市町", "新たに設置", "4市町が新たに設置した")]
    );
    // A noun label before the number is kept.
    assert_eq!(
        prose("人材確保に要する経費の一部を補助した。補助件数は42件。"),
        [t3("42件", "補助件数", "補助件数は42件")]
    );
}

#[test]
fn the_seeds_prose_figures_take_the_predicate_after_them() {
    let f = figs("(第2ステージの終わる令和6年度末までに15市町が実施する予定となっている)");
    assert_eq!((f[0].label.as_str(), f[0].value), ("実施", 15.0));
    assert!(f[0].qualifiers.contains(&Qualifier::Planned));
    let f = figs("国のコンサルティング事業の活用を促し、1町が就労準備支援事業の開始に向けて当事業を活用し、次年度から事業を開始する予定となっている。");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].label, "就労準備支援事業の開始");
    // The plan is for next year's start, not for the 1町 that used it.
    assert!(f[0].qualifiers.is_empty(), "{:?}", f[0].qualifiers);
    let f = figs("設置に向けての働きかけを行い、その結果4市町が新たに設置を行った。");
    assert_eq!(
        (f[0].label.as_str(), f[0].text.as_str()),
        ("新たに設置", "その結果4市町が新たに設置を行った")
    );
}

#[test]
fn a_figure_nothing_names_keeps_the_text_before_it() {
    // The section target: no label in the line, no row to fall back on.
    assert_eq!(
        prose("【目標】正規雇用者について、2年間で3,200件以上を目指す。"),
        [t3("3200件", "", "正規雇用者について、2年間で3,200件以上")]
    );
    // A label of its own keeps the text to its clause.
    assert_eq!(
        prose("【目標】求職活動に踏み出すための支援を行い、2年間で就職件数408件以上を目指す。"),
        [t3("408件", "就職件数", "2年間で就職件数408件以上")]
    );
    // A row label still names a bare figure; an aim does not.
    let f = figs("○ 411人を目指す");
    assert_eq!(f[0].metric, "新規登録者数");
}

#[test]
fn numbers_in_prose_that_are_not_figures() {
    for t in [
        "従業員30人未満の事業所を対象に、人材確保に要する経費の一部を補助した。",
        "創業支援セミナー(1回当たり2時間)を開催した。",
        "40~50代の求職者を対象に、支援を行った。",
        "入社1~3年目の社員を対象とした合同研修会を開催した。",
        "出産後1年以内に利用できる体制とした。",
        "月2回のセミナーを実施。",
        "1人あたり5,000円を支給。",
    ] {
        let text = crate::normalize::normalize(t);
        let r = extract_cell(&text, &CellContext::default());
        let figures: Vec<String> = r
            .figures
            .iter()
            .map(|f| format!("{}{}", format_value(f.value), f.unit))
            .collect();
        let expected: &[&str] = if t.starts_with("1人あたり") {
            &["5000円"]
        } else {
            &[]
        };
        assert_eq!(figures, expected, "{t}");
        assert!(r.unparsed.is_empty(), "{t}: {:?}", r.unparsed);
    }
    // A target reached stays a figure (以上 is not a class bound).
    let f = figs("○正社員就職件数3,200件以上の達成");
    assert_eq!(f[0].qualifiers, [Qualifier::AtLeast]);
}

#[test]
fn a_cell_of_thousands_of_figures_reads_each_once() {
    // Many figures, dates and as-of notes in one cell: every figure found,
    // each as-of scoped to its own pair (timing is in `make bench`).
    let unit = "○開催数541回 参加者数2,730人 (R6.12月末現在) ";
    let text = crate::normalize::normalize(&unit.repeat(3000));
    let r = extract_cell(&text, &CellContext::default());
    assert_eq!(r.figures.len(), 6000);
    assert!(r.unparsed.is_empty());
    assert!(r.figures.iter().all(|f| f
        .as_of
        .as_ref()
        .is_some_and(|d| d.date.to_string() == "2024-12-31")));
    assert_eq!(r.figures[5999].label, "参加者数");
}

#[test]
fn a_label_zone_is_cut_at_its_bound() {
    // Text with no hard boundary before a number: the label is read from
    // at most LABEL_ZONE_MAX bytes before it.
    let long = "あ".repeat(1000);
    let text = format!("○{long}相談件数12件");
    let r = extract_cell(&text, &CellContext::default());
    assert_eq!(r.figures.len(), 1);
    assert!(r.figures[0].text.len() <= super::walker::LABEL_ZONE_MAX + 16);
    assert!(
        r.figures[0].label.ends_with("相談件数"),
        "{}",
        r.figures[0].label
    );
}

#[test]
fn days_count_only_as_a_total() {
    let f = figs("○就労体験 ９人（延べ２４３日）");
    let got: Vec<String> = f.iter().map(brief).collect();
    assert_eq!(f.len(), 2, "{got:?}");
    assert_eq!((f[1].value, f[1].unit.as_str()), (243.0, "日"));
    assert!(f[1].qualifiers.contains(&Qualifier::Nobe));
    // A day of the month, a duration, a per-day rate: no figure of days.
    for t in ["○研修を3日間実施", "○毎月3日に開催", "○1日当たり5人"] {
        assert!(figs(t).iter().all(|f| f.unit != "日"), "{t}");
    }
    // Person-days.
    let f = figs("○受入 延べ120人日");
    assert_eq!((f[0].value, f[0].unit.as_str()), (120.0, "人日"));
}
