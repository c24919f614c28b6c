//! Cases the fixtures do not cover: KPI lines, cumulative and period
//! targets, negative targets with a baseline, upper limits. Every number is
//! worked by hand in the comment beside it.

use super::*;
use crate::calendar::Date;
use crate::record::PeriodOut;

struct R {
    row: usize,
    cell: &'static str,
    kind: Kind,
    indicator: Option<&'static str>,
    fy: Option<i32>,
    metric: &'static str,
    value: f64,
    unit: &'static str,
    qualifiers: Vec<Qualifier>,
    period: Option<(i32, i32)>,
}

impl R {
    fn new(row: usize, kind: Kind, fy: Option<i32>, value: f64) -> R {
        R {
            row,
            cell: "value",
            kind,
            indicator: None,
            fy,
            metric: "件数",
            value,
            unit: "件",
            qualifiers: if kind == Kind::Target {
                vec![Qualifier::Target]
            } else {
                Vec::new()
            },
            period: None,
        }
    }

    fn build(self, n: usize) -> Record {
        let period = self.period.map(|(from, to)| PeriodOut {
            from: Date::new(from, 4, 1).expect("date"),
            to: Date::new(to + 1, 3, 31).expect("date"),
            text: "期間".into(),
        });
        Record {
            id: format!("x{n}"),
            section: 1,
            row: self.row,
            category: None,
            organization: None,
            measure: String::new(),
            fiscal_year: self.fy.map(FiscalYear),
            column: None,
            kind: self.kind,
            indicator: self.indicator.map(str::to_string),
            row_key: None,
            cell: self.cell,
            of: None,
            item: 1,
            metric: self.metric.into(),
            label: self.metric.into(),
            subject: None,
            value: self.value,
            unit: self.unit.into(),
            as_of: None,
            as_of_text: None,
            event_date: None,
            event_dates: Vec::new(),
            period,
            qualifiers: self.qualifiers,
            parent: None,
            notes: Vec::new(),
            text: String::new(),
            page: None,
            line: None,
            bbox: None,
            row_id: String::new(),
        }
    }
}

fn records(rs: Vec<R>) -> Vec<Record> {
    rs.into_iter()
        .enumerate()
        .map(|(i, r)| r.build(i))
        .collect()
}

fn line(kind: Kind, fy: Option<i32>, value: f64) -> R {
    R {
        row: 0,
        cell: "kpi_line",
        indicator: Some("待機児童数"),
        ..R::new(0, kind, fy, value)
    }
}

#[test]
fn kpi_lines_are_grouped_by_indicator_and_a_decrease_closes_the_gap() {
    // 基準値 100 → 目標 60 (a decrease), 実績 80: (100 − 80) / (100 − 60) = 0.5.
    let recs = records(vec![
        line(Kind::Baseline, Some(2019), 100.0),
        line(Kind::Target, Some(2025), 60.0),
        line(Kind::Actual, Some(2024), 80.0),
        R {
            indicator: Some("別の指標"),
            ..line(Kind::Actual, Some(2024), 5.0)
        },
    ]);
    let p = section_progress(&recs, None);
    assert_eq!(p.len(), 1);
    let p = &p[0];
    assert_eq!(p.row, 0);
    assert_eq!(p.indicator.as_deref(), Some("待機児童数"));
    assert_eq!(p.direction, Some(Direction::Decrease));
    assert_eq!(
        (p.baseline, p.baseline_id.as_deref()),
        (Some(100.0), Some("x0"))
    );
    assert_eq!(
        (p.basis, p.fiscal_years.clone()),
        (Basis::Latest, vec![FiscalYear(2024)])
    );
    assert_eq!(
        (p.attainment, p.method),
        (Some(0.5), Some(Method::BaselineGap))
    );
    assert_eq!(p.met, Some(false));
    assert_eq!(p.records, vec!["x2".to_string()]);
}

#[test]
fn an_actual_of_a_year_with_its_own_target_is_not_reused() {
    // 令和5年度 目標 60 / 実績 57, 令和6年度 目標 70 / 実績 blank: one entry.
    let recs = records(vec![
        R::new(1, Kind::Target, Some(2023), 60.0),
        R::new(1, Kind::Actual, Some(2023), 57.0),
        R::new(1, Kind::Target, Some(2024), 70.0),
    ]);
    let p = section_progress(&recs, None);
    assert_eq!(p.len(), 1);
    assert_eq!(
        (p[0].target, p[0].basis, p[0].attainment),
        (60.0, Basis::Year, Some(0.95))
    );
}

#[test]
fn a_period_target_sums_yearly_actuals_but_not_cumulative_ones() {
    // 2年間で100件: 30 + 50 = 80 → 0.8; as 累計 figures the latest, 50 → 0.5.
    let target = || R {
        row: 2,
        cell: "measure",
        fy: None,
        period: Some((2023, 2024)),
        ..R::new(2, Kind::Target, None, 100.0)
    };
    let recs = records(vec![
        target(),
        R::new(2, Kind::Actual, Some(2023), 30.0),
        R::new(2, Kind::Actual, Some(2024), 50.0),
    ]);
    // Row 2 is not the 全体KPI row (1), so its measure-cell target counts.
    let p = section_progress(&recs, Some(1));
    assert_eq!(p.len(), 1);
    assert_eq!(
        (p[0].basis, p[0].achieved, p[0].attainment),
        (Basis::Sum, 80.0, Some(0.8))
    );
    assert_eq!(p[0].fiscal_years, vec![FiscalYear(2023), FiscalYear(2024)]);
    // The same row as the 全体KPI row: the section KPI pass owns it, and
    // without a 【目標】 line it measures the row's measure-cell target.
    let p = section_progress(&recs, Some(2));
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].basis, Basis::Sum);

    let cum = |fy, v| R {
        qualifiers: vec![Qualifier::Cumulative],
        ..R::new(2, Kind::Actual, Some(fy), v)
    };
    let recs = records(vec![target(), cum(2023, 30.0), cum(2024, 50.0)]);
    let p = section_progress(&recs, None);
    assert_eq!(
        (p[0].basis, p[0].achieved, p[0].attainment),
        (Basis::Latest, 50.0, Some(0.5))
    );
}

#[test]
fn a_negative_target_needs_a_baseline() {
    // 転入超過数: 目標 ▲100, 実績 ▲131. No baseline: no attainment.
    let rows = |baseline: Option<f64>| {
        let mut v = vec![
            R::new(1, Kind::Target, Some(2024), -100.0),
            R::new(1, Kind::Actual, Some(2024), -131.0),
        ];
        if let Some(b) = baseline {
            v.push(R::new(1, Kind::Baseline, Some(2019), b));
        }
        records(v)
    };
    let p = section_progress(&rows(None), None);
    assert_eq!(
        (p[0].attainment, p[0].method, p[0].direction),
        (None, None, None)
    );
    assert_eq!(p[0].reason.as_deref(), Some(NOT_POSITIVE));
    assert_eq!(p[0].met, None);
    // 基準値 ▲300: an increase; (−131 + 300) / (−100 + 300) = 169 / 200 = 0.845.
    let p = section_progress(&rows(Some(-300.0)), None);
    assert_eq!(p[0].direction, Some(Direction::Increase));
    assert_eq!(
        (p[0].attainment, p[0].method),
        (Some(0.845), Some(Method::BaselineGap))
    );
    assert_eq!((p[0].met, p[0].reason.as_deref()), (Some(false), None));
}

#[test]
fn an_upper_limit_without_a_baseline_is_met_but_has_no_attainment() {
    // 離職率 30%未満, 実績 28.4%: met, but 28.4 / 30 is not an attainment.
    let recs = records(vec![
        R {
            qualifiers: vec![Qualifier::Target, Qualifier::LessThan],
            unit: "%",
            ..R::new(1, Kind::Target, None, 30.0)
        },
        R {
            unit: "%",
            ..R::new(1, Kind::Actual, Some(2024), 28.4)
        },
    ]);
    let p = section_progress(&recs, None);
    assert_eq!(p[0].comparator.as_deref(), Some("<"));
    assert_eq!(
        (p[0].direction, p[0].met),
        (Some(Direction::Decrease), Some(true))
    );
    assert_eq!(p[0].attainment, None);
    assert_eq!(p[0].reason.as_deref(), Some(NO_BASELINE_DECREASE));
}

#[test]
fn units_must_match_and_prose_figures_are_not_actuals() {
    let recs = records(vec![
        R::new(1, Kind::Target, Some(2024), 10.0),
        R {
            unit: "人",
            ..R::new(1, Kind::Actual, Some(2024), 9.0)
        },
        R {
            cell: "text",
            ..R::new(1, Kind::Actual, Some(2024), 9.0)
        },
    ]);
    assert!(section_progress(&recs, None).is_empty());
}

#[test]
fn attain_formulas() {
    use Direction::*;
    // Ratio for an increase or an unknown direction.
    assert_eq!(attain(118.0, 130.0, None, None).0, Some(0.9077));
    assert_eq!(
        attain(1162.0, 1300.0, Some(Increase), Some(1210.0)).0,
        Some(0.8938)
    );
    // A decrease whose baseline is not above the target has no distance.
    assert_eq!(attain(5.0, 10.0, Some(Decrease), Some(8.0)).0, None);
    // Target zero, baseline 12, actual 3: (12 − 3) / 12 = 0.75.
    assert_eq!(attain(3.0, 0.0, Some(Decrease), Some(12.0)).0, Some(0.75));
    assert_eq!(attain(3.0, 0.0, None, None).2, Some(NOT_POSITIVE));
}

/// The direction of target `t` with nothing else known but `comparator`,
/// `baseline` and the decrease column.
fn direction_alone(
    t: &Record,
    comparator: Option<&str>,
    baseline: Option<f64>,
    decrease_column: bool,
) -> direction::Verdict {
    direction::direction(&Evidence {
        target: t,
        comparator,
        baseline,
        decrease_column,
        targets: &[t],
        actuals: &[],
    })
}

#[test]
fn direction_from_comparator_baseline_and_decrease_column() {
    use Direction::*;
    let t = R::new(1, Kind::Target, None, 0.0).build(0);
    let d = |c, b, col| direction_alone(&t, c, b, col);
    assert_eq!(d(None, Some(12.0), false).direction, Some(Decrease));
    assert_eq!(
        d(None, Some(12.0), false).from,
        Some(DirectionFrom::Baseline)
    );
    assert_eq!(d(Some(">="), Some(12.0), true).direction, Some(Increase));
    assert_eq!(
        d(Some(">="), Some(12.0), true).from,
        Some(DirectionFrom::Comparator)
    );
    assert_eq!(d(None, None, true).direction, Some(Decrease));
    // Equal to the baseline, no other evidence: unknown, and said so.
    let v = d(None, Some(0.0), false);
    assert_eq!((v.direction, v.from), (None, None));
    assert!(v.reason.starts_with("unknown: "), "{}", v.reason);
}

#[test]
fn direction_words_of_indicator_and_target() {
    use Direction::*;
    let of = |s| {
        direction::words_in(s)
            .into_iter()
            .map(|(_, d)| d)
            .collect::<Vec<_>>()
    };
    assert_eq!(of("保育所等待機児童数"), vec![Decrease]);
    assert_eq!(of("若者の離職率"), vec![Decrease]);
    assert_eq!(of("新規感染者数(直近1週間)"), vec![Decrease]);
    // 事故 is followed by more than a count word; 死者 by 数 only.
    assert_eq!(of("交通事故死者数"), vec![Decrease]);
    assert_eq!(of("事故防止講習の受講者数"), Vec::<Direction>::new());
    assert_eq!(of("温室効果ガス排出量を削減"), vec![Decrease]);
    assert_eq!(of("死亡事故ゼロ"), vec![Decrease]);
    // An amount of change is the figure itself: no direction.
    assert_eq!(of("温室効果ガス削減量"), Vec::<Direction>::new());
    assert_eq!(of("就職率の向上"), vec![Increase]);
    assert_eq!(of("移住相談件数"), Vec::<Direction>::new());

    let indicator = |ind: &'static str, text: &'static str| {
        let mut t = R {
            indicator: Some(ind),
            ..R::new(1, Kind::Target, None, 0.0)
        }
        .build(0);
        t.text = text.into();
        direction_alone(&t, None, None, false)
    };
    let v = indicator("保育所等待機児童数", "0人");
    assert_eq!(
        (v.direction, v.from),
        (Some(Decrease), Some(DirectionFrom::Words))
    );
    assert!(
        v.reason.contains("待機児童 in the indicator"),
        "{}",
        v.reason
    );
    assert_eq!(
        indicator("県内就職率", "80%に向上").direction,
        Some(Increase)
    );
    // Words both ways decide nothing.
    assert_eq!(indicator("待機児童数", "受け皿を拡大").direction, None);
}

#[test]
fn direction_from_rising_targets_not_from_same_year_actuals() {
    // 令和5年度 目標 120 / 実績 134, 令和6年度 目標 130 / 実績 118: the
    // first actual is above both targets but of a target year itself; the
    // targets rise, so an increase: 118 of 130 not met.
    let recs = records(vec![
        R::new(1, Kind::Target, Some(2023), 120.0),
        R::new(1, Kind::Target, Some(2024), 130.0),
        R::new(1, Kind::Actual, Some(2023), 134.0),
        R::new(1, Kind::Actual, Some(2024), 118.0),
    ]);
    let p = section_progress(&recs, None);
    assert_eq!(p.len(), 2);
    for e in &p {
        assert_eq!(e.direction, Some(Direction::Increase));
        assert_eq!(e.direction_from, Some(DirectionFrom::TargetTrend));
    }
    assert_eq!((p[0].met, p[1].met), (Some(true), Some(false)));
    // Flat targets: no trend, and no actual before 2023: unknown.
    let recs = records(vec![
        R::new(1, Kind::Target, Some(2023), 15.0),
        R::new(1, Kind::Target, Some(2024), 15.0),
        R::new(1, Kind::Actual, Some(2023), 17.0),
        R::new(1, Kind::Actual, Some(2024), 12.0),
    ]);
    let p = section_progress(&recs, None);
    assert!(p.iter().all(|e| e.direction.is_none() && e.met.is_none()));
    assert!(p.iter().all(|e| e.direction_reason.starts_with("unknown")));
}

#[test]
fn direction_from_an_actual_before_the_target_years() {
    // 実績 令和2年度 50, 令和6年度 46; 目標 令和7年度 40: below the 2020
    // actual, a decrease; without a baseline there is no attainment.
    let recs = records(vec![
        R::new(1, Kind::Actual, Some(2020), 50.0),
        R::new(1, Kind::Actual, Some(2024), 46.0),
        R::new(1, Kind::Target, Some(2025), 40.0),
    ]);
    let p = section_progress(&recs, None);
    assert_eq!(p.len(), 1);
    assert_eq!(
        (p[0].direction, p[0].direction_from),
        (
            Some(Direction::Decrease),
            Some(DirectionFrom::EarlierActual)
        )
    );
    assert_eq!((p[0].attainment, p[0].met), (None, Some(false)));
    assert!(
        p[0].direction_reason.contains("FY2020"),
        "{}",
        p[0].direction_reason
    );
}
