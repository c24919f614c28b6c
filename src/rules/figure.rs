//! The figure pattern and the label helpers.
//!
//! A figure is a number with a counter unit: `2,163件`, `延115名`, `約2,000社`,
//! `▲12人`, `12.5%`, `3,200件以上`. Numbers with other suffixes (`49歳`,
//! `19時`, `2年間`, `第2`, `月2回` as a frequency, `1回当たり` as a rate's
//! base, `30人未満の` as a class bound) are not figures.

use std::sync::LazyLock;

use regex::Regex;

/// Counter units, longest first (the regex alternation is leftmost-first).
pub const UNITS: &[&str] = &[
    "市区町村",
    "市町村",
    "事業所",
    "コース",
    "か所",
    "ヶ所",
    "カ所",
    "箇所",
    "団体",
    "施設",
    "百万円",
    "千円",
    "万円",
    "億円",
    "千人",
    "千件",
    "店舗",
    "市町",
    "世帯",
    "人日",
    "件",
    "人",
    "名",
    "社",
    "回",
    "市",
    "町",
    "村",
    "校",
    "円",
    "%",
    "ha",
    // Days only as a total (`延べ243日`): see `NOBE_ONLY_UNITS`.
    "日",
];

/// Units that count only after 延べ / 延 (`延べ243日`); alone they are a
/// day of a month or a duration (`3日間`), not a figure.
pub const NOBE_ONLY_UNITS: &[&str] = &["日"];

/// What may follow a unit after `/` to make it compound (`人/人口10万人`,
/// `件/年`).
pub const PER_UNITS: &str = r"人口[0-9]+万?人|年|日|月";

pub static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    let units = UNITS
        .iter()
        .map(|u| regex::escape(u))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!(
        r"(?P<pre>延べ|延|約|計|合計|累計|全)?\s?(?P<sign>[▲△])?(?P<num>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)\s?(?P<unit>(?:{units})(?:/(?:{per}))?)(?P<post>以上|以下|未満|超|程度)?(?:※(?P<fn>[0-9]{{1,2}}))?",
        per = PER_UNITS
    ))
    .expect("static regex")
});

/// Any run of digits (to find numbers the rules did not classify).
pub static DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]+(?:[.,][0-9]+)*").expect("static regex"));

/// A duration stating a target's period: `2年間で`, `3か年で`.
pub static PERIOD_YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<n>[0-9]+)\s?(?:年間|か年|カ年|ヶ年)(?:で|に)?").expect("static regex")
});

/// Suffixes that make a bare number something other than a figure (`代`:
/// an age band, `40~50代`).
const NON_FIGURE_SUFFIX: &[&str] = &[
    "歳",
    "時",
    "分",
    "年間",
    "年",
    "か月",
    "ヶ月",
    "カ月",
    "月",
    "日",
    "週",
    "度",
    "位",
    "番",
    "号",
    "期",
    "次",
    "ステージ",
    "割",
    "倍",
    "会場",
    "者",
    "代",
];

/// Does the number at `start..end` of `text` read as something that is not a
/// figure (an age, a time, an ordinal, a code)? Such numbers are recognized,
/// not lost.
pub fn is_non_figure_number(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = &text[end..];
    if before.is_some_and(|c| c.is_ascii_alphabetic() || c == '第' || c == '.' || c == '/') {
        return true;
    }
    let after_trim = after.trim_start();
    if after_trim.starts_with(|c: char| {
        c.is_ascii_alphabetic() || c == '~' || c == '-' || c == '/' || c == '.'
    }) {
        return true;
    }
    NON_FIGURE_SUFFIX.iter().any(|s| after_trim.starts_with(s))
}

/// Words after a counter that make it the base of a rate, not a count:
/// `1回当たり2時間`, `1人あたり`, `1件につき`, `1人ごとに`.
pub const PER_WORDS: &[&str] = &["当たり", "あたり", "当り", "につき", "ごと"];

/// Comparatives that, followed by `の`, bound a class instead of counting
/// one: `従業員30人未満の事業所`, `5人以下の企業`. 以上 and 超 are left out:
/// `3,200件以上の就職` states a count reached as often as a class.
pub const CLASS_BOUNDS: &[&str] = &["未満", "以下"];

/// Does a counter match read as something other than a count, judged by
/// what follows it (`after`, from the end of the match) and its comparative
/// (`post`)? A rate's base (`1回当たり`) or a class bound (`30人未満の`).
pub fn is_not_a_count(after: &str, post: Option<&str>) -> bool {
    let after = after.trim_start();
    PER_WORDS.iter().any(|w| after.starts_with(w))
        || post.is_some_and(|p| CLASS_BOUNDS.contains(&p) && after.starts_with('の'))
}

/// A frequency: `月2回`, `年3回`, `月に1回`, `3か月に1度`, `毎月1回`.
pub fn is_frequency(text_before: &str, unit: &str) -> bool {
    if unit != "回" {
        return false;
    }
    let t = text_before.trim_end();
    [
        "月に", "年に", "週に", "日に", "月", "年", "週", "毎日", "毎月",
    ]
    .iter()
    .any(|p| t.ends_with(p))
}

/// Connectors after which the noun phrase naming the metric begins:
/// `「ひきこもり・不登校」に関する新規相談件数` → `新規相談件数`.
const CONNECTORS: &[&str] = &[
    "における",
    "に関する",
    "に対する",
    "による",
    "とする",
    "とした",
    "」",
    "』",
];

/// Words that cannot be a label on their own (particles, connectives).
const NOT_A_LABEL: &[&str] = &[
    "まで",
    "までに",
    "に",
    "で",
    "の",
    "を",
    "が",
    "は",
    "と",
    "より",
    "から",
    "その結果",
    "結果",
    "また",
    "さらに",
    "なお",
    "計",
    "全",
];

pub fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
}

/// Leading words that do not belong to a label.
const LEADING_NOISE: &[&str] = &[
    "までに",
    "までで",
    "までの",
    "まで",
    "うち",
    "内:",
    "内訳",
    "及び",
    "また",
    "に",
    "で",
    "の",
    "を",
    "が",
    "は",
    "と",
    "、",
    ",",
    ":",
    "・",
];

/// Trailing particles and punctuation that do not belong to a label.
const TRAILING_NOISE: &[&str] = &[
    ":", "、", ",", "・", "は", "が", "を", "の", "で", "に", "と", "も",
];

/// Clean a label zone: drop list markers, leading connectors, trailing
/// particles and colons, and layout spaces.
pub fn clean_label(zone: &str) -> String {
    let mut s = crate::normalize::canonical_span(zone);
    loop {
        let before = s.len();
        let t = s
            .trim_start_matches(|c: char| is_marker(c) || c.is_whitespace())
            .to_string();
        s = t;
        for p in LEADING_NOISE {
            if let Some(rest) = s.strip_prefix(p) {
                if !rest.is_empty() {
                    s = rest.to_string();
                }
            }
        }
        for p in TRAILING_NOISE {
            if let Some(rest) = s.strip_suffix(p) {
                // A particle after hiragana is part of a word (`これまで`).
                let glued =
                    p.chars().all(is_hiragana) && rest.chars().next_back().is_some_and(is_hiragana);
                if (!rest.is_empty() || *p == ":") && !glued {
                    s = rest.to_string();
                }
            }
        }
        s = s.trim().to_string();
        if s.len() == before {
            return if NOT_A_LABEL.contains(&s.as_str()) {
                String::new()
            } else {
                s
            };
        }
    }
}

/// The short metric name of a label: the noun phrase after the last connector.
pub fn metric_of(label: &str) -> String {
    let mut best = 0;
    for c in CONNECTORS {
        if let Some(i) = label.rfind(c) {
            best = best.max(i + c.len());
        }
    }
    let m = clean_label(&label[best..]);
    if m.is_empty() {
        label.to_string()
    } else {
        m
    }
}

/// List markers that open a bullet item.
pub fn is_marker(c: char) -> bool {
    matches!(c, '○' | '◯' | '●' | '◎' | '■' | '□' | '◆' | '◇' | '▪' | '・' | '※' | '-' | '①'..='⑳' | '❶'..='❿')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_match() {
        let caps = |s: &str| {
            FIGURE
                .captures_iter(s)
                .map(|c| {
                    format!(
                        "{}{}{}",
                        c.name("pre").map_or("", |m| m.as_str()),
                        &c["num"],
                        &c["unit"]
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(caps("正社員就職件数 2,163件 (R6.12月末現在)"), ["2,163件"]);
        assert_eq!(caps("延115名"), ["延115名"]);
        assert_eq!(caps("12市町、23市町"), ["12市町", "23市町"]);
        assert_eq!(caps("8コースの設定"), ["8コース"]);
        assert_eq!(caps("4か所の"), ["4か所"]);
        assert_eq!(caps("12%となっている"), ["12%"]);
        assert_eq!(caps("3,200件以上"), ["3,200件"]);
    }

    #[test]
    fn labels() {
        assert_eq!(clean_label("○正社員就職件数 "), "正社員就職件数");
        assert_eq!(
            clean_label(" 広島県内を勤務先とする企業数 : "),
            "広島県内を勤務先とする企業数"
        );
        assert_eq!(
            clean_label("アウトリーチからサポステの利用につながったケースは"),
            "アウトリーチからサポステの利用につながったケース"
        );
        assert_eq!(
            metric_of("「ひきこもり・不登校」に関する新規相談件数"),
            "新規相談件数"
        );
        assert_eq!(metric_of("広島県内を勤務先とする企業数"), "企業数");
        assert_eq!(metric_of("限定求人"), "限定求人");
        assert_eq!(clean_label("これまで"), "これまで");
        assert_eq!(clean_label("安佐南区の"), "安佐南区");
        assert_eq!(clean_label("までに"), "");
        assert_eq!(clean_label("その結果"), "");
    }

    #[test]
    fn non_figures() {
        assert!(is_frequency("月", "回"));
        assert!(is_frequency("3か月に", "回"));
        assert!(!is_frequency("全", "回"));
        let t = "49歳まで";
        assert!(is_non_figure_number(t, 0, 2));
        let t = "1DAY";
        assert!(is_non_figure_number(t, 0, 1));
    }
}
