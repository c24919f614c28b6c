//! Fiscal years as headers write them: `令和6年度`, `R6`, `R6年度`,
//! `2024年度`, a year in parentheses `（2014年度）`, an era-less `30年度`
//! (the document's era), relative `前年度` / `本年度` (the report's year),
//! and `H30` / `平成30` without 年度 when the cell is only that.
//!
//! [`find`] reads the year a header names; [`Years::resolve`] turns it into
//! a [`FiscalYear`] with what the document says about its era and year.

use std::sync::LazyLock;

use regex::Regex;

use super::vocab::RELATIVE_YEARS;
use crate::calendar::{Era, FiscalYear};
use crate::rules::dates::Precision;

/// A fiscal year as a header writes it, before the document's era and
/// year are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearRef {
    /// `令和6年度`, `2024年度`, `R6`.
    Absolute(FiscalYear),
    /// `30年度`: an era year without its era.
    EraLess(u32),
    /// `前年度` (-1), `本年度` (0).
    Relative(i32),
}

/// A year reference found in a header, with the byte range it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub year: YearRef,
    pub start: usize,
    pub end: usize,
}

static ERA_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<era>令和|平成|昭和|[RHS])\.?\s?(?P<n>元|[0-9]{1,2})(?P<fy>\s?年度|\s?年(?:[^0-9月]|$))?",
    )
    .expect("static regex")
});
static GREGORIAN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<y>(?:19|20)[0-9]{2})\s?年度").expect("static regex"));
static ERALESS_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<n>元|[0-9]{1,2})\s?年度").expect("static regex"));

fn era_number(s: &str) -> Option<u32> {
    match s {
        "元" => Some(1),
        n => n.parse().ok(),
    }
}

/// The first fiscal year a header names. `text` is normalized (NFKC).
/// A bare era year without 年度 (`R6`, `H30`) counts only when the whole
/// header is about it: nothing but the year, a kind word or a unit around.
pub fn find(text: &str) -> Option<Found> {
    let mut best: Option<Found> = None;
    let mut take = |f: Found| {
        if best.is_none_or(|b| f.start < b.start) {
            best = Some(f);
        }
    };
    for c in ERA_YEAR.captures_iter(text) {
        let m = c.get(0)?;
        // `R6.12月` is a date, not a fiscal year.
        let after = &text[m.end()..];
        if c.name("fy").is_none()
            && (after.starts_with('.') || after.starts_with('月') || glued_letter(text, m.start()))
        {
            continue;
        }
        let Some(era) = Era::parse(&c["era"]) else {
            continue;
        };
        let Some(fy) = era_number(&c["n"]).and_then(|n| era.to_gregorian(n)) else {
            continue;
        };
        let end = c.name("n").map_or(m.end(), |n| n.end());
        let end = c.name("fy").map_or(end, |f| {
            if f.as_str().trim_start().starts_with("年度") {
                f.end()
            } else {
                end
            }
        });
        take(Found {
            year: YearRef::Absolute(FiscalYear(fy)),
            start: m.start(),
            end,
        });
        break;
    }
    if let Some(c) = GREGORIAN_YEAR.captures(text) {
        if let (Some(m), Ok(y)) = (c.get(0), c["y"].parse::<i32>()) {
            take(Found {
                year: YearRef::Absolute(FiscalYear(y)),
                start: m.start(),
                end: m.end(),
            });
        }
    }
    for c in ERALESS_YEAR.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        // Part of `令和6年度` or `2024年度` (found above), or of a longer number.
        let before = text[..m.start()].chars().next_back();
        if before
            .is_some_and(|b| b.is_ascii_digit() || b.is_ascii_alphabetic() || "和成昭.".contains(b))
        {
            continue;
        }
        if let Some(n) = era_number(&c["n"]) {
            take(Found {
                year: YearRef::EraLess(n),
                start: m.start(),
                end: m.end(),
            });
        }
        break;
    }
    for (word, offset) in RELATIVE_YEARS {
        if let Some(i) = text.find(word) {
            // `前年度比` is a change column, not last year's values.
            if text[i + word.len()..].starts_with('比') {
                continue;
            }
            take(Found {
                year: YearRef::Relative(*offset),
                start: i,
                end: i + word.len(),
            });
        }
    }
    best
}

/// An ASCII letter glued before `R`/`H` (`PHR6`): not an era.
fn glued_letter(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphabetic())
}

/// What joins the two ends of a period (`平成27年度～平成31年度`).
pub const RANGE_MARKS: &[&str] = &["~", "～", "〜", "-", "－", "ー", "から"];

/// What the document says about its years: the era its era-less years are
/// in, and the year `本年度` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Years {
    pub era: Option<Era>,
    pub report_year: Option<FiscalYear>,
    /// The plan period the lead states (`平成27年度～平成31年度`), first and
    /// last fiscal year.
    pub plan: Option<(FiscalYear, FiscalYear)>,
}

impl Years {
    /// The fiscal year of a reference, when the document says enough.
    pub fn resolve(&self, y: YearRef) -> Option<FiscalYear> {
        match y {
            YearRef::Absolute(fy) => Some(fy),
            YearRef::EraLess(n) => {
                let era = self.era?;
                era.to_gregorian(n).map(FiscalYear)
            }
            YearRef::Relative(k) => self.report_year.map(|fy| FiscalYear(fy.0 + k)),
        }
    }

    /// Learn the era from any free line while none is known (a cover whose
    /// `第2次` ends the lead before its `平成27年8月`): era-less years
    /// (`23年度`) in later tables are of the first era the text names.
    pub fn learn_era(&mut self, text: &str) {
        if self.era.is_none() {
            if let Some(c) = ERA_YEAR.captures(text) {
                self.era = Era::parse(&c["era"]);
            }
        }
    }

    /// Learn the era and report year from a line of the document's lead
    /// (title, subtitle, cover): the first era named, and the first fiscal
    /// year (年度) named or else the fiscal year of the first date
    /// (`策定日 平成30年3月` → FY2017).
    pub fn learn(&mut self, text: &str) {
        self.learn_era(text);
        let dates = crate::rules::dates::find_dates(text, None);
        if self.plan.is_none() {
            let years: Vec<_> = dates
                .iter()
                .filter(|d| d.precision == Precision::FiscalYear)
                .collect();
            self.plan = years.windows(2).find_map(|w| {
                let between = text.get(w[0].end..w[1].start)?.trim();
                RANGE_MARKS
                    .contains(&between)
                    .then(|| (w[0].date.fiscal_year(), w[1].date.fiscal_year()))
            });
        }
        if self.report_year.is_none() {
            self.report_year = dates
                .iter()
                .find(|d| d.precision == Precision::FiscalYear)
                .or_else(|| {
                    dates
                        .iter()
                        .find(|d| matches!(d.precision, Precision::Day | Precision::Month))
                })
                .map(|d| d.date.fiscal_year());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy(text: &str, years: Years) -> Option<i32> {
        find(text).and_then(|f| years.resolve(f.year)).map(|f| f.0)
    }

    #[test]
    fn header_years() {
        let y = Years {
            era: Some(Era::Heisei),
            report_year: Some(FiscalYear(2017)),
            plan: None,
        };
        assert_eq!(fy("令和6年度", y), Some(2024));
        assert_eq!(fy("令和元年度", y), Some(2019));
        assert_eq!(fy("R6", y), Some(2024));
        assert_eq!(fy("R6年度 実績", y), Some(2024));
        assert_eq!(fy("2024年度", y), Some(2024));
        assert_eq!(fy("目標値(2019年度)", y), Some(2019));
        assert_eq!(fy("基準値(平成26年度)", y), Some(2014));
        assert_eq!(fy("30年度", y), Some(2018));
        assert_eq!(fy("26年度実績", y), Some(2014));
        assert_eq!(fy("本年度", y), Some(2017));
        assert_eq!(fy("前年度決算見込", y), Some(2016));
        assert_eq!(fy("前々年度(決算)", y), Some(2015));
        assert_eq!(fy("前年度比", y), None);
        assert_eq!(fy("R6.12月末", y), None);
        assert_eq!(fy("実績値", y), None);
        assert_eq!(fy("30年度", Years::default()), None);
    }

    #[test]
    fn learns_the_era_from_a_later_line_when_the_lead_names_none() {
        let mut y = Years::default();
        y.learn_era("第2次");
        assert_eq!(y.era, None);
        y.learn_era("平成27年8月");
        y.learn_era("令和2年4月");
        assert_eq!(y.era, Some(Era::Heisei), "the first era named");
        assert_eq!(y.report_year, None, "the report year stays the lead's");
    }

    #[test]
    fn learns_era_and_year_from_the_title() {
        let mut y = Years::default();
        y.learn("簡易水道事業経営戦略 平成29年度～平成38年度");
        assert_eq!(y.era, Some(Era::Heisei));
        assert_eq!(y.report_year, Some(FiscalYear(2017)));
        assert_eq!(y.plan, Some((FiscalYear(2017), FiscalYear(2026))));
        let mut y = Years::default();
        y.learn("策定日:平成30年3月");
        y.learn("計画期間:平成29年度~平成38年度");
        assert_eq!(y.report_year, Some(FiscalYear(2017)));
    }
}
