//! The table model on small text reports written for each rule: numbers as
//! offices print them, a table laid out across, unit notes and banner
//! rows, headers the vocabulary does not know, and refusals that say what
//! was seen. Every figure is checked by hand.

use serde_json::Value;

fn extract(text: &str) -> Result<Value, String> {
    let doc = tassei::pipeline::extract_bytes(text.as_bytes(), "t.tsv", &Default::default())
        .map_err(|e| e.to_string())?;
    tassei::emit::to_validated_value(&doc).map_err(|e| e.to_string())
}

/// The given fields of every record, space-separated (`-` for null).
fn fields(v: &Value, names: &[&str]) -> Vec<String> {
    v["records"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            let f: Vec<String> = names
                .iter()
                .map(|n| match &r[*n] {
                    Value::String(s) => s.clone(),
                    Value::Null => "-".to_string(),
                    x => x.to_string(),
                })
                .collect();
            f.join(" ")
        })
        .collect()
}

/// The reasons of every `unparsed` entry.
fn reasons(v: &Value) -> Vec<&str> {
    v["unparsed"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u["reason"].as_str())
        .collect()
}

/// `id kind value unit as_of` of every record.
fn lines(v: &Value) -> Vec<String> {
    fields(v, &["id", "kind", "value", "unit", "as_of"])
}

#[test]
fn numbers_as_offices_print_them() {
    let v = extract(
        "市の統計（令和7年3月31日現在）\n\n\
         指標名\t単位\t令和5年度\t令和6年度\t前年度比\n\
         人口増減\t人\t120\t▲131\t△251\n\
         満足度\t%\t97.6\t98.2\t－\n\
         出生率\t\t1.45\t1.50\t\n",
    )
    .expect("extracts");
    assert_eq!(
        lines(&v),
        [
            "s1.r1.fy2023.人口増減 actual 120 人 -",
            "s1.r1.fy2024.人口増減 actual -131 人 2025-03-31",
            "s1.r1.change.人口増減 change -251 人 2025-03-31",
            "s1.r2.fy2023.満足度 actual 97.6 % -",
            "s1.r2.fy2024.満足度 actual 98.2 % 2025-03-31",
        ]
    );
    // The change points at the row's latest actual.
    assert_eq!(v["records"][2]["of"], "s1.r1.fy2024.人口増減");
    // A number whose unit is nowhere is reported, with that reason.
    let unparsed = reasons(&v);
    assert_eq!(unparsed.len(), 2, "{unparsed:?}");
    assert!(unparsed.iter().all(|r| r.contains("unit")), "{unparsed:?}");
}

#[test]
fn a_table_laid_out_across() {
    let v = extract(
        "村の財政（普通会計決算）\n\n\
         区分\t人口（令和6年1月1日）\t歳出額 A\t人件費率 B/A\n\
         令和4年度\t640人\t2,000,000千円\t24.0%\n\
         令和5年度\t636人\t2,050,134千円\t24.6%\n",
    )
    .expect("extracts");
    assert_eq!(
        lines(&v),
        [
            "s1.r1.fy2022.人口 actual 640 人 2024-01-01",
            "s1.r1.fy2022.歳出額 actual 2000000 千円 -",
            "s1.r1.fy2022.人件費率 actual 24 % -",
            "s1.r2.fy2023.人口 actual 636 人 2024-01-01",
            "s1.r2.fy2023.歳出額 actual 2050134 千円 -",
            "s1.r2.fy2023.人件費率 actual 24.6 % -",
        ]
    );
    assert_eq!(v["records"][1]["indicator"], "歳出額");
}

#[test]
fn unit_notes_banner_rows_and_unknown_headers() {
    let v = extract(
        "事業費の推移\n\n\
         （単位：千円）\n\
         事業名\t令和5年度\t令和6年度\t特記事項\n\
         基本目標1 しごとをつくる\n\
         創業支援\t1,200\t1,350\t順調\n\
         基本目標2 ひとの流れ\n\
         移住促進\t800\t760\t見直し\n",
    )
    .expect("extracts");
    assert_eq!(
        lines(&v),
        [
            "s1.r1.fy2023.創業支援 actual 1200 千円 -",
            "s1.r1.fy2024.創業支援 actual 1350 千円 -",
            "s2.r1.fy2023.移住促進 actual 800 千円 -",
            "s2.r1.fy2024.移住促進 actual 760 千円 -",
        ]
    );
    let titles: Vec<&str> = v["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["title"].as_str())
        .collect();
    assert_eq!(titles, ["基本目標1 しごとをつくる", "基本目標2 ひとの流れ"]);
    // The column no list knows is reported with its header, cell by cell.
    let unknown: Vec<&str> = v["unparsed"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|u| u["reason"].as_str().is_some_and(|r| r.contains("特記事項")))
        .filter_map(|u| u["text"].as_str())
        .collect();
    assert_eq!(unknown, ["順調", "見直し"]);
}

#[test]
fn a_refusal_says_what_was_seen() {
    let err = extract("買い物リスト\n\nりんご\t3個\nみかん\t5個\n").expect_err("no table");
    assert!(err.starts_with("no KPI table found"), "{err}");
    assert!(err.contains("りんご | 3個"), "{err}");
    assert!(err.contains("not a header row"), "{err}");
    let err = extract("ただの文章です。\n数字は12です。\n").expect_err("no table");
    assert!(err.contains("only free text lines"), "{err}");
}

#[test]
fn rows_name_whom_columns_name_what() {
    let v = extract(
        "陽性者数と検査人数（都道府県別）\n\n\
         都道府県名\t陽性者数\t検査人数※3\t%\n\
         北海道\t17,445\t319,815\t5.5\n\
         青森 ※3\t717\t13,197\t5.4\n\
         ※3 検査人数は件数を計上している自治体を含む。\n",
    )
    .expect("extracts");
    assert_eq!(
        lines(&v),
        [
            "s1.r1.actual.陽性者数 actual 17445 人 -",
            "s1.r1.actual.検査人数 actual 319815 人 -",
            "s1.r1.actual.北海道 actual 5.5 % -",
            "s1.r2.actual.陽性者数 actual 717 人 -",
            "s1.r2.actual.検査人数 actual 13197 人 -",
            "s1.r2.actual.青森 actual 5.4 % -",
        ]
    );
    let r = &v["records"][1];
    assert_eq!(
        (r["indicator"].as_str(), r["subject"].as_str()),
        (Some("検査人数"), Some("北海道"))
    );
    // The header's mark and the row's mark bring the note.
    assert_eq!(
        r["notes"][0],
        "※3 検査人数は件数を計上している自治体を含む。"
    );
    assert_eq!(
        v["records"][3]["notes"][0],
        "※3 検査人数は件数を計上している自治体を含む。"
    );
}

#[test]
fn plan_kpi_lines_and_their_period() {
    let v = extract(
        "みなと町総合戦略（平成27年度～平成31年度）\n\n\
         基本目標１ しごとをつくる\n\
         【数値目標】町内の新規雇用者数 12人（2014年度）→年20人（2019年度）\n\
         ◇企業誘致件数 ５年間で３件\n\
         施策名\t重要業績評価指標（KPI）\t基準値（2014年度）\t目標値（2019年度）\n\
         創業支援\t創業塾修了者数\t－\t30人\n",
    )
    .expect("extracts");
    assert_eq!(
        lines(&v),
        [
            "s1.l1.fy2014.baseline.町内の新規雇用者数 baseline 12 人 -",
            "s1.l2.fy2019.target.町内の新規雇用者数 target 20 人 -",
            "s1.l3.target.企業誘致件数 target 3 件 -",
            "s1.r1.fy2019.target.創業塾修了者数 target 30 人 -",
        ]
    );
    let r = &v["records"][2];
    assert_eq!(r["qualifiers"], serde_json::json!(["目標", "累計"]));
    assert_eq!(r["period"]["from"], "2015-04-01");
    assert_eq!(r["period"]["to"], "2020-03-31");
}

#[test]
fn signs_and_parenthesized_values() {
    let v = extract(
        "指数の推移\n\n指標名\t単位\t令和5年度\t令和6年度\n\
         転入超過数\t人\t±0\t+12\n補正後指数\t%\t(97.6)\t(98.2)\n",
    )
    .expect("extracts");
    assert_eq!(
        lines(&v),
        [
            "s1.r1.fy2023.転入超過数 actual 0 人 -",
            "s1.r1.fy2024.転入超過数 actual 12 人 -",
            "s1.r2.fy2023.補正後指数 actual 97.6 % -",
            "s1.r2.fy2024.補正後指数 actual 98.2 % -",
        ]
    );
}

/// `indicator subject value unit qualifiers` of every record.
fn cross(v: &Value) -> Vec<String> {
    fields(v, &["indicator", "subject", "value", "unit", "qualifiers"])
}

#[test]
fn cross_tab_printed_twice_side_by_side() {
    // Keys in the first column and again in the fourth; 累計 qualifies the
    // count on its left; 件数 implies 件.
    let v = extract(
        "地区別相談件数\n\n\
         地区\t相談件数\t累計\t地区\t相談件数\t累計\n\
         北地区\t12\t340\t南地区\t7\t95\n\
         東地区\t3\t41\t合計\t22\t476\n",
    )
    .expect("extracts");
    assert_eq!(
        cross(&v),
        [
            "相談件数 北地区 12 件 []",
            "相談件数 北地区 340 件 [\"累計\"]",
            "相談件数 南地区 7 件 []",
            "相談件数 南地区 95 件 [\"累計\"]",
            "相談件数 東地区 3 件 []",
            "相談件数 東地区 41 件 [\"累計\"]",
            "相談件数 合計 22 件 []",
            "相談件数 合計 476 件 [\"累計\"]",
        ]
    );
}

#[test]
fn cross_tab_of_categories_under_a_group_header() {
    // Categories the vocabulary does not know over figures; the unit comes
    // from the person noun of the heading (利用者).
    let v = extract(
        "1 施設利用者の状況\n\n\
         区分\t男性\t女性\t合計\n\
         本日\t120\t98\t218\n\
         累計\t1,520\t1,388\t2,908\n",
    )
    .expect("extracts");
    assert_eq!(
        cross(&v),
        [
            "男性 本日 120 人 []",
            "女性 本日 98 人 []",
            "合計 本日 218 人 []",
            "男性 累計 1520 人 []",
            "女性 累計 1388 人 []",
            "合計 累計 2908 人 []",
        ]
    );
    assert!(v["records"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|r| r["kind"] == "actual"));
}

#[test]
fn a_list_of_people_is_not_a_cross_tab() {
    // Ages with no unit beside text columns: a list, not figures.
    let r = extract(
        "死亡の状況\n\n\
         番号\t年代\t性別\t死亡日\n\
         1\t70\t男\t4月5日\n\
         2\t80\t女\t4月6日\n",
    );
    match r {
        Err(e) => assert!(e.contains("no KPI table"), "{e}"),
        Ok(v) => assert_eq!(cross(&v), Vec::<String>::new()),
    }
}

#[test]
fn a_cross_tab_figure_without_a_unit_says_so() {
    let v = extract(
        "指数の状況\n\n\
         地域\t指数A\t指数B\n\
         北\t1.2\t3.4\n",
    )
    .expect("extracts");
    assert_eq!(cross(&v), Vec::<String>::new());
    let reasons = reasons(&v);
    assert!(
        reasons.iter().any(|r| r.contains("no unit found")),
        "{reasons:?}"
    );
}

#[test]
fn a_row_name_implies_its_unit_and_a_breakdown_row_takes_it() {
    // No header over the row names; the era comes from the lead line.
    let v = extract(
        "特定事業主行動計画\n平成27年8月\n\n\
         1 採用の状況\n\
         \t23年度\t24年度\n\
         採用人数\t5\t1\n\
         うち女性\t2\t0\n",
    )
    .expect("extracts");
    assert_eq!(
        fields(&v, &["fiscal_year", "value", "unit", "qualifiers"]),
        [
            "2011 5 人 []",
            "2012 1 人 []",
            "2011 2 人 [\"うち\"]",
            "2012 0 人 [\"うち\"]",
        ]
    );
}
