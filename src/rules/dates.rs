//! Date expressions in Reiwa / Heisei / Showa and Gregorian notation.
//!
//! [`find_dates`] finds every date in a normalized text and resolves it to a
//! [`DateRef`]: the day it names (or the last day of the month or fiscal year
//! when only those are given, as Japanese "as of" notation means), with its
//! precision and the original text kept beside.
//!
//! Forms recognized (after normalization):
//! - `R5.7.19`, `R.6.12月`, `R6.12月末`, `R1.8`, `H31.3.31`, `R5年度`, `R7年1月`
//! - `令和5年度`, `令和7年1月31日`, `令和7年1月末`, `令和元年`, `令和6年度末`
//! - `2025年1月31日`, `2025年1月末`, `2024年度`, `2025/1/31`, `2025-01-31`
//! - in a list after a full date, short forms inherit the year: `12.8`,
//!   `2.27` (`R5.10.23、12.8`), `R5.7.3・7` (day list); and `6/25` takes its year
//!   from the fiscal year of the column.

use std::sync::LazyLock;

use regex::Regex;

use crate::calendar::{Date, Era, FiscalYear};

/// How precise the written date was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Day,
    /// Only a month was written; `date` is the month's last day.
    Month,
    /// A fiscal year (年度); `date` is its last day, `fiscal_year` is set.
    FiscalYear,
    /// A calendar year; `date` is 31 December.
    Year,
}

/// A date found in text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateRef {
    /// The last day the expression covers (a month → its end).
    pub date: Date,
    /// The first day it covers (a month → the 1st; a fiscal year → 1 April).
    pub first: Date,
    pub precision: Precision,
    /// Byte range in the searched text.
    pub start: usize,
    pub end: usize,
    /// The text as written (normalized).
    pub text: String,
}

// Era form: R5.7.19 / R.6.12月末 / R6年度 / 令和7年1月31日 / 令和元年 / 令和6年度末.
static ERA_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<era>令和|平成|昭和|[RHS])\.?\s?(?P<y>元|[0-9]{1,2})
        (?:
            (?P<fy>年度)(?P<fyend>末)?
          | 年(?:(?P<m1>[0-9]{1,2})月(?:(?P<d1>[0-9]{1,2})日|(?P<e1>末))?)?
          | \.(?P<m2>[0-9]{1,2})(?:\.(?P<d2>[0-9]{1,2})|(?P<mo>月)(?P<e2>末)?)?
        )",
    )
    .expect("static regex")
});

// Gregorian form: 2025年1月31日 / 2025年1月末 / 2024年度 / 2025/1/31 / 2025-01-31.
static GREG_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<y>(?:18|19|20|21)[0-9]{2})
        (?:
            (?P<fy>年度)(?P<fyend>末)?
          | 年(?:(?P<m1>[0-9]{1,2})月(?:(?P<d1>[0-9]{1,2})日|(?P<e1>末))?)?
          | [/\-.](?P<m2>[0-9]{1,2})[/\-.](?P<d2>[0-9]{1,2})
        )",
    )
    .expect("static regex")
});

// Continuations in a list: `、12.8`, `、2.27`, `・7` (a day), `、6/25`.
static SHORT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<sep>\s*[、,・]\s*[①-⑳]?)(?:(?P<m>[0-9]{1,2})[./](?P<d>[0-9]{1,2})|(?P<day>[0-9]{1,2}))",
    )
    .expect("static regex")
});

// A month/day with no year (`6/25`, `11/8`): only inside a fiscal-year column.
static MONTH_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})").expect("static regex"));

// A month with no year, as an as-of (`(1月末現在)`): only inside a fiscal
// year, and only before 現在 / 時点 (a bare `9月から` stays prose).
static MONTH_AS_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<date>(?P<m>[0-9]{1,2})月(?:(?P<d>[0-9]{1,2})日|末)?)\s?(?:現在|時点)")
        .expect("static regex")
});

fn num(c: &regex::Captures, name: &str) -> Option<u32> {
    c.name(name).and_then(|m| m.as_str().parse().ok())
}

/// Is the byte before `start` a character that makes this match part of
/// something else (a word or a longer number)?
fn glued_before(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == ',')
}

fn resolve(year: i32, c: &regex::Captures) -> Option<(Date, Date, Precision)> {
    if c.name("fy").is_some() {
        let fy = FiscalYear(year);
        return Some((fy.end(), fy.start(), Precision::FiscalYear));
    }
    let month = num(c, "m1").or_else(|| num(c, "m2"));
    let day = num(c, "d1").or_else(|| num(c, "d2"));
    match (month, day) {
        (Some(m), Some(d)) => {
            let date = Date::new(year, m, d)?;
            Some((date, date, Precision::Day))
        }
        (Some(m), None) => Some((
            Date::month_end(year, m)?,
            Date::new(year, m, 1)?,
            Precision::Month,
        )),
        (None, _) => Some((
            Date::new(year, 12, 31)?,
            Date::new(year, 1, 1)?,
            Precision::Year,
        )),
    }
}

/// Every date in `text`, in order, without overlaps. `fy` is the fiscal year
/// of the column the text sits in, if any (used for `6/25`-style dates).
pub fn find_dates(text: &str, fy: Option<FiscalYear>) -> Vec<DateRef> {
    let mut found: Vec<DateRef> = Vec::new();
    for c in ERA_DATE.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        // `R` glued to a preceding Latin letter is a word (`PR5`), not an era.
        if glued_before(text, m.start()) {
            continue;
        }
        let Some(era) = c.name("era").and_then(|e| Era::parse(e.as_str())) else {
            continue;
        };
        let n = match c.name("y").map(|y| y.as_str()) {
            Some("元") => 1,
            Some(y) => y.parse().unwrap_or(0),
            None => 0,
        };
        // A bare `R5` with nothing after is not a date (could be a code).
        let bare = c.name("fy").is_none()
            && c.name("m1").is_none()
            && c.name("m2").is_none()
            && !m.as_str().contains('年');
        if bare {
            continue;
        }
        let Some(year) = era.to_gregorian(n) else {
            continue;
        };
        if let Some((date, first, precision)) = resolve(year, &c) {
            let (date, precision) = if c.name("fyend").is_some() {
                (date, Precision::Day)
            } else {
                (date, precision)
            };
            found.push(DateRef {
                date,
                first,
                precision,
                start: m.start(),
                end: m.end(),
                text: m.as_str().to_string(),
            });
        }
    }
    // Each pass checks its matches against the dates found before it, kept
    // sorted, by binary search: linear in the dates of a cell.
    let era = std::mem::take(&mut found);
    for c in GREG_DATE.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        if glued_before(text, m.start()) || overlaps(&era, m.start(), m.end()) {
            continue;
        }
        let Some(year) = num(&c, "y").map(|y| y as i32) else {
            continue;
        };
        if let Some((date, first, precision)) = resolve(year, &c) {
            found.push(DateRef {
                date,
                first,
                precision,
                start: m.start(),
                end: m.end(),
                text: m.as_str().to_string(),
            });
        }
    }
    found.extend(era);
    found.sort_by_key(|d| d.start);
    let mut found = extend_lists(text, found);
    if let Some(fy) = fy {
        let (mut extra, mut as_of): (Vec<DateRef>, Vec<DateRef>) = (Vec::new(), Vec::new());
        for c in MONTH_DAY.captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            let after = text[m.end()..].chars().next();
            if glued_before(text, m.start())
                || after.is_some_and(|c| c.is_ascii_digit() || c == '/')
                || overlaps(&found, m.start(), m.end())
            {
                continue;
            }
            let (Some(mo), Some(d)) = (num(&c, "m"), num(&c, "d")) else {
                continue;
            };
            if let Some(date) = Date::new(fy.year_of_month(mo), mo, d) {
                extra.push(DateRef {
                    date,
                    first: date,
                    precision: Precision::Day,
                    start: m.start(),
                    end: m.end(),
                    text: m.as_str().to_string(),
                });
            }
        }
        for c in MONTH_AS_OF.captures_iter(text) {
            let Some(m) = c.name("date") else { continue };
            if glued_before(text, m.start())
                || overlaps(&found, m.start(), m.end())
                || overlaps(&extra, m.start(), m.end())
                || overlaps(&as_of, m.start(), m.end())
            {
                continue;
            }
            let Some(mo) = num(&c, "m") else { continue };
            let year = fy.year_of_month(mo);
            let (date, first, precision) = match num(&c, "d") {
                Some(d) => match Date::new(year, mo, d) {
                    Some(x) => (x, x, Precision::Day),
                    None => continue,
                },
                None => match (Date::month_end(year, mo), Date::new(year, mo, 1)) {
                    (Some(e), Some(f)) => (e, f, Precision::Month),
                    _ => continue,
                },
            };
            as_of.push(DateRef {
                date,
                first,
                precision,
                start: m.start(),
                end: m.end(),
                text: m.as_str().to_string(),
            });
        }
        found.extend(extra);
        found.extend(as_of);
        found.sort_by_key(|d| d.start);
    }
    found
}

/// Whether `s..e` overlaps a date of `sorted` (sorted by start, none
/// overlapping another).
fn overlaps(sorted: &[DateRef], s: usize, e: usize) -> bool {
    let i = sorted.partition_point(|d| d.start < e);
    i > 0 && sorted[i - 1].end > s
}

/// After a day-precision date, a list continues with short forms that inherit
/// the year (and month, for a bare day): `R5.10.23、12.8、R6.1.22、2.27`,
/// `R5.7.3・7`. A month lower than the previous one rolls into the next year.
fn extend_lists(text: &str, found: Vec<DateRef>) -> Vec<DateRef> {
    let mut out = Vec::with_capacity(found.len());
    let mut iter = found.into_iter().peekable();
    while let Some(d) = iter.next() {
        let day = d.precision == Precision::Day;
        let (mut prev, mut pos) = (d.date, d.end);
        out.push(d);
        if !day {
            continue;
        }
        // The list ends before the next date found (dates are sorted).
        let next_start = iter.peek().map_or(usize::MAX, |n| n.start);
        while let Some(c) = SHORT_DATE.captures(&text[pos..]) {
            let Some(m) = c.get(0) else { break };
            let start = pos + c.name("sep").map_or(0, |s| s.end());
            let end = pos + m.end();
            if end > next_start {
                break;
            }
            // The number must not run on into more digits or a unit-like char.
            let next = text[end..].chars().next();
            if next.is_some_and(|n| {
                n.is_ascii_digit()
                    || n == '.'
                    || n == '/'
                    || crate::normalize::is_wide(n)
                        && !matches!(n, '、' | '・' | ')' | '(' | '※' | '。' | '①'..='⑳')
            }) {
                break;
            }
            let date = if let Some(day) = num(&c, "day") {
                Date::new(prev.year(), prev.month(), day)
            } else {
                let (Some(mo), Some(d)) = (num(&c, "m"), num(&c, "d")) else {
                    break;
                };
                let year = if mo < prev.month() {
                    prev.year() + 1
                } else {
                    prev.year()
                };
                Date::new(year, mo, d)
            };
            let Some(date) = date else { break };
            out.push(DateRef {
                date,
                first: date,
                precision: Precision::Day,
                start,
                end,
                text: text[start..end].to_string(),
            });
            prev = date;
            pos = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> Vec<String> {
        find_dates(text, Some(FiscalYear(2024)))
            .iter()
            .map(|d| format!("{}:{:?}", d.date, d.precision))
            .collect()
    }

    #[test]
    fn reiwa_forms() {
        assert_eq!(iso("R5.7.19"), ["2023-07-19:Day"]);
        assert_eq!(iso("(R6.12月末現在)"), ["2024-12-31:Month"]);
        assert_eq!(iso("R.6.12月までの速報値"), ["2024-12-31:Month"]);
        assert_eq!(iso("R7.1月末"), ["2025-01-31:Month"]);
        assert_eq!(iso("R5年度"), ["2024-03-31:FiscalYear"]);
        assert_eq!(iso("令和5年度"), ["2024-03-31:FiscalYear"]);
        assert_eq!(iso("令和7年1月31日現在"), ["2025-01-31:Day"]);
        assert_eq!(iso("令和2年4月1日設置"), ["2020-04-01:Day"]);
        assert_eq!(iso("令和元年"), ["2019-12-31:Year"]);
        assert_eq!(iso("令和6年度末までに"), ["2025-03-31:Day"]);
        assert_eq!(iso("平成31年度"), ["2020-03-31:FiscalYear"]);
        assert_eq!(iso("H30.4.1"), ["2018-04-01:Day"]);
    }

    #[test]
    fn ranges_give_both_ends() {
        let d = find_dates("R1.8~R6.12累計", None);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].first.to_string(), "2019-08-01");
        assert_eq!(d[1].date.to_string(), "2024-12-31");
    }

    #[test]
    fn gregorian_forms() {
        assert_eq!(iso("2025年1月末時点"), ["2025-01-31:Month"]);
        assert_eq!(iso("2025年1月31日"), ["2025-01-31:Day"]);
        assert_eq!(iso("2024年度"), ["2025-03-31:FiscalYear"]);
        assert_eq!(iso("2025/1/31"), ["2025-01-31:Day"]);
    }

    #[test]
    fn lists_inherit_the_year() {
        assert_eq!(
            iso("4回(R5.10.23、12.8、R6.1.22、2.27)"),
            [
                "2023-10-23:Day",
                "2023-12-08:Day",
                "2024-01-22:Day",
                "2024-02-27:Day"
            ]
        );
        assert_eq!(
            iso("②R5.7.3・7、③R5.8.7・8"),
            [
                "2023-07-03:Day",
                "2023-07-07:Day",
                "2023-08-07:Day",
                "2023-08-08:Day"
            ]
        );
        assert_eq!(iso("4回(R6.9.9、10.30、12.18、R7.2.12)").len(), 4);
    }

    #[test]
    fn month_day_uses_the_column_year() {
        assert_eq!(
            iso("(①6/25、②7/22、③9/3、④11/8)"),
            [
                "2024-06-25:Day",
                "2024-07-22:Day",
                "2024-09-03:Day",
                "2024-11-08:Day"
            ]
        );
        assert!(find_dates("6/25", None).is_empty());
    }

    #[test]
    fn not_dates() {
        assert!(iso("2,163件").is_empty());
        assert!(iso("PR5.1").is_empty());
        assert!(iso("R5").is_empty());
        assert!(iso("R13.13.1").is_empty());
        assert!(iso("2年間で3,200件").is_empty());
    }
}
