//! Step 3: column paths → roles, by the vocabulary ([`super::vocab`]).
//!
//! The longest vocabulary word in a header decides (`取組状況` is a text
//! column though it contains `取組`; `目標指標` an indicator though it
//! contains `目標`). A header naming a fiscal year or a kind of figure is a
//! value column; so is one whose only content is a unit (`金額（千円）`).

use super::fiscal::{self, Years};
use super::model::{Role, ValueColumn};
use super::notes;
use super::units::{header_unit, is_bare_unit, strip_unit};
use super::vocab::{
    Kind, GENERIC_VALUE, GROUP, INDICATOR, KINDS, MEASURE, ORGANIZATION, ROW_KEY, TEXT, UNIT,
};

/// What a header word says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    Role(RoleWord),
    Kind(Kind),
    /// `数値`, `金額`: figures of no stated kind.
    Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleWord {
    RowKey,
    Group,
    Organization,
    Measure,
    Indicator,
    Unit,
    Text,
}

/// The longest vocabulary word in `header` (ties: the earlier list).
pub fn header_word(header: &str) -> Option<Word> {
    header_match(header).map(|(w, _)| w)
}

/// The longest vocabulary word in `header` and its length in characters.
pub fn header_match(header: &str) -> Option<(Word, usize)> {
    let t: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    if ROW_KEY
        .iter()
        .any(|w| t == *w || t.trim_end_matches('.') == *w)
    {
        return Some((Word::Role(RoleWord::RowKey), t.chars().count()));
    }
    let lists: [(&[&str], Word); 7] = [
        (UNIT, Word::Role(RoleWord::Unit)),
        (INDICATOR, Word::Role(RoleWord::Indicator)),
        (GROUP, Word::Role(RoleWord::Group)),
        (MEASURE, Word::Role(RoleWord::Measure)),
        (ORGANIZATION, Word::Role(RoleWord::Organization)),
        (TEXT, Word::Role(RoleWord::Text)),
        (GENERIC_VALUE, Word::Value),
    ];
    let mut best: Option<(usize, Word)> = None;
    let mut consider = |w: &str, word: Word| {
        if t.contains(w) && best.is_none_or(|(n, _)| w.chars().count() > n) {
            best = Some((w.chars().count(), word));
        }
    };
    for (k, kind) in KINDS {
        consider(k, Word::Kind(*kind));
    }
    for (list, word) in lists {
        for w in list {
            consider(w, word);
        }
    }
    // `単位` must be the header, not a word inside a longer one.
    match best {
        Some((_, Word::Role(RoleWord::Unit))) if t != "単位" && !t.starts_with("単位") => None,
        b => b.map(|(n, w)| (w, n)),
    }
}

/// The role of a column from its header path (top to bottom) and the
/// unit a units row gives it.
pub fn role_of(path: &[String], row_unit: Option<&str>, years: &Years) -> Role {
    if path.is_empty() {
        return match row_unit {
            Some(u) => Role::Value(ValueColumn {
                unit: Some(u.to_string()),
                ..ValueColumn::default()
            }),
            None => Role::Unknown,
        };
    }
    let mut value = ValueColumn::default();
    let mut role_word: Option<RoleWord> = None;
    let mut is_value = false;
    for element in path {
        let (marks, text) = notes::marks(element);
        value.marks.extend(marks);
        if value.as_of.is_none() {
            value.as_of = notes::as_of(&text);
        }
        let unit = header_unit(&text);
        let bare = strip_unit(&text);
        let year = fiscal::find(&bare);
        let rest = match year {
            Some(f) => format!("{}{}", &bare[..f.start], &bare[f.end..]),
            None => bare.clone(),
        };
        if let Some(f) = year {
            if value.fiscal_year.is_none() {
                value.fiscal_year = years.resolve(f.year);
            }
            is_value = true;
        }
        match header_word(&rest) {
            Some(Word::Kind(k)) => {
                value.kind = Some(k);
                is_value = true;
            }
            Some(Word::Value) => {
                is_value = true;
                // `陽性者数`, `検査人数`: a counted noun names what the column
                // measures (`金額`, `人数` alone name nothing).
                let name: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
                if !GENERIC_VALUE.contains(&name.as_str()) && value.indicator.is_none() {
                    value.indicator = Some(name);
                }
            }
            Some(Word::Role(r)) => role_word = Some(r),
            None => {}
        }
        if let Some(u) = unit {
            value.unit = Some(u);
            is_value |= rest.trim().is_empty() || role_word.is_none();
        } else if is_bare_unit(&rest) && year.is_none() {
            // A header that is only a unit: `(人)` under a year, `%`.
            value.unit = Some(rest.trim().to_string());
            is_value = true;
        }
    }
    if let Some(u) = row_unit {
        value.unit = Some(u.to_string());
    }
    if value.unit.is_none() && value.kind == Some(Kind::Rate) {
        value.unit = Some("%".to_string());
    }
    if value.unit.is_none() {
        // `陽性者数`, `検査人数※3`: the counter noun implies the unit.
        value.unit = path
            .iter()
            .rev()
            .find_map(|e| super::units::implied_unit(&notes::marks(e).1))
            .map(str::to_string);
    }
    match (role_word, is_value) {
        // `令和6年度の取組` is a measure column; `目標値（令和7年度）` a value.
        (Some(r), false) => role(r),
        (Some(r), true) if value.kind.is_none() => role(r),
        (_, true) => Role::Value(value),
        (None, false) => Role::Unknown,
    }
}

fn role(r: RoleWord) -> Role {
    match r {
        RoleWord::RowKey => Role::RowKey,
        RoleWord::Group => Role::Group,
        RoleWord::Organization => Role::Organization,
        RoleWord::Measure => Role::Measure,
        RoleWord::Indicator => Role::Indicator,
        RoleWord::Unit => Role::Unit,
        RoleWord::Text => Role::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{Era, FiscalYear};

    fn p(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| s.to_string()).collect()
    }

    fn value(path: &[&str]) -> (Option<i32>, Option<Kind>, Option<String>) {
        let years = Years {
            era: Some(Era::Heisei),
            report_year: Some(FiscalYear(2017)),
            plan: None,
        };
        match role_of(&p(path), None, &years) {
            Role::Value(v) => (v.fiscal_year.map(|f| f.0), v.kind, v.unit),
            other => panic!("{path:?}: {other:?}"),
        }
    }

    #[test]
    fn roles_from_headers() {
        let y = Years::default();
        assert_eq!(role_of(&p(&["No."]), None, &y), Role::RowKey);
        assert_eq!(role_of(&p(&["施策"]), None, &y), Role::Group);
        assert_eq!(role_of(&p(&["取組概要"]), None, &y), Role::Measure);
        assert_eq!(role_of(&p(&["取組状況"]), None, &y), Role::Text);
        assert_eq!(role_of(&p(&["指標名"]), None, &y), Role::Indicator);
        assert_eq!(
            role_of(&p(&["重要業績評価指標(KPI)"]), None, &y),
            Role::Indicator
        );
        assert_eq!(role_of(&p(&["目標指標"]), None, &y), Role::Indicator);
        assert_eq!(role_of(&p(&["基本目標"]), None, &y), Role::Group);
        assert_eq!(role_of(&p(&["単位"]), None, &y), Role::Unit);
        assert_eq!(role_of(&p(&["備考"]), None, &y), Role::Text);
        assert_eq!(role_of(&p(&["令和6年度の取組"]), None, &y), Role::Measure);
        assert_eq!(role_of(&p(&["あいうえお"]), None, &y), Role::Unknown);
    }

    #[test]
    fn value_columns() {
        assert_eq!(
            value(&["令和6年度", "実績"]),
            (Some(2024), Some(Kind::Actual), None)
        );
        assert_eq!(
            value(&["令和6年度", "達成率(%)"]),
            (Some(2024), Some(Kind::Rate), Some("%".into()))
        );
        assert_eq!(
            value(&["目標値(令和7年度)"]),
            (Some(2025), Some(Kind::Target), None)
        );
        assert_eq!(
            value(&["基準値(2014年度)"]),
            (Some(2014), Some(Kind::Baseline), None)
        );
        assert_eq!(
            value(&["令和5年度(人)", "目標"]),
            (Some(2023), Some(Kind::Target), Some("人".into()))
        );
        assert_eq!(value(&["金額(千円)"]), (None, None, Some("千円".into())));
        assert_eq!(
            value(&["前年度決算見込"]),
            (Some(2016), Some(Kind::Forecast), None)
        );
        assert_eq!(
            value(&["前々年度(決算)"]),
            (Some(2015), Some(Kind::Actual), None)
        );
        assert_eq!(value(&["前年度比"]), (None, Some(Kind::Change), None));
        assert_eq!(value(&["30年度"]), (Some(2018), None, None));
        assert_eq!(
            value(&["基準値(件)", "26年度"]),
            (Some(2014), Some(Kind::Baseline), Some("件".into()))
        );
        assert_eq!(value(&["実績値"]), (None, Some(Kind::Actual), None));
        assert_eq!(value(&["現在の状況"]), (None, Some(Kind::Actual), None));
        assert_eq!(value(&["必要減少数"]), (None, Some(Kind::Change), None));
    }
}
