//! Dates and fiscal years that cannot be misused: a [`Date`] is always a real
//! day of the Gregorian calendar, a [`FiscalYear`] is named by the Gregorian
//! year it starts in (令和6年度 = FY2024 = 2024-04-01 … 2025-03-31), and era
//! years are converted in one place ([`Era::to_gregorian`]).

use std::fmt;

/// A Japanese era.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Era {
    Reiwa,
    Heisei,
    Showa,
}

impl Era {
    /// From `令和`/`R`, `平成`/`H`, `昭和`/`S` (case-insensitive letters).
    pub fn parse(s: &str) -> Option<Era> {
        match s {
            "令和" | "R" | "r" | "㋿" => Some(Era::Reiwa),
            "平成" | "H" | "h" => Some(Era::Heisei),
            "昭和" | "S" | "s" => Some(Era::Showa),
            _ => None,
        }
    }

    /// Gregorian year of era year 1 (元年).
    pub fn first_year(self) -> i32 {
        match self {
            Era::Reiwa => 2019,
            Era::Heisei => 1989,
            Era::Showa => 1926,
        }
    }

    /// Era year `n` (1 = 元年) → Gregorian year. Years past the era's end
    /// (平成31年度) are still converted: they are legitimate names.
    pub fn to_gregorian(self, n: u32) -> Option<i32> {
        if n == 0 || n > 99 {
            return None;
        }
        Some(self.first_year() + n as i32 - 1)
    }

    pub fn name(self) -> &'static str {
        match self {
            Era::Reiwa => "令和",
            Era::Heisei => "平成",
            Era::Showa => "昭和",
        }
    }
}

/// A calendar day. Construction checks the day exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Number of days in a month (None for a month outside 1–12).
pub fn days_in_month(year: i32, month: u32) -> Option<u32> {
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return None,
    })
}

impl Date {
    /// A date, or None when that day does not exist (or the year is outside
    /// 1868–2200: no KPI report speaks of other years).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1868..=2200).contains(&year) || day == 0 || day > days_in_month(year, month)? {
            return None;
        }
        Some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The last day of a month.
    pub fn month_end(year: i32, month: u32) -> Option<Date> {
        Date::new(year, month, days_in_month(year, month)?)
    }

    pub fn year(&self) -> i32 {
        self.year
    }
    pub fn month(&self) -> u32 {
        self.month as u32
    }
    pub fn day(&self) -> u32 {
        self.day as u32
    }

    /// The day before this one (None before 1868-01-01).
    pub fn previous_day(&self) -> Option<Date> {
        if self.day > 1 {
            return Date::new(self.year, self.month(), self.day() - 1);
        }
        if self.month > 1 {
            return Date::month_end(self.year, self.month() - 1);
        }
        Date::month_end(self.year - 1, 12)
    }

    /// The fiscal year (April–March) this day falls in.
    pub fn fiscal_year(&self) -> FiscalYear {
        FiscalYear(if self.month >= 4 {
            self.year
        } else {
            self.year - 1
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A Japanese fiscal year (年度), named by the Gregorian year it starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct FiscalYear(pub i32);

impl FiscalYear {
    /// 1 April of the starting year.
    pub fn start(&self) -> Date {
        Date {
            year: self.0,
            month: 4,
            day: 1,
        }
    }
    /// 31 March of the following year.
    pub fn end(&self) -> Date {
        Date {
            year: self.0 + 1,
            month: 3,
            day: 31,
        }
    }
    /// The calendar year a month of this fiscal year falls in (April–December:
    /// the starting year; January–March: the next).
    pub fn year_of_month(&self, month: u32) -> i32 {
        if month >= 4 {
            self.0
        } else {
            self.0 + 1
        }
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FY{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_days() {
        let d = |y, m, d| Date::new(y, m, d).expect("date");
        assert_eq!(d(2021, 4, 7).previous_day(), Some(d(2021, 4, 6)));
        assert_eq!(d(2024, 3, 1).previous_day(), Some(d(2024, 2, 29)));
        assert_eq!(d(2025, 1, 1).previous_day(), Some(d(2024, 12, 31)));
        assert_eq!(d(1868, 1, 1).previous_day(), None);
    }

    #[test]
    fn eras() {
        assert_eq!(Era::Reiwa.to_gregorian(6), Some(2024));
        assert_eq!(Era::Reiwa.to_gregorian(1), Some(2019));
        assert_eq!(Era::Heisei.to_gregorian(31), Some(2019));
        assert_eq!(Era::Showa.to_gregorian(64), Some(1989));
        assert_eq!(Era::Reiwa.to_gregorian(0), None);
    }

    #[test]
    fn dates_are_checked() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2025, 2, 29).is_none());
        assert!(Date::new(2025, 13, 1).is_none());
        assert_eq!(
            Date::month_end(2024, 12).map(|d| d.to_string()).as_deref(),
            Some("2024-12-31")
        );
        assert_eq!(
            Date::month_end(2025, 2).map(|d| d.to_string()).as_deref(),
            Some("2025-02-28")
        );
    }

    #[test]
    fn fiscal_years_run_april_to_march() {
        let fy = FiscalYear(2024);
        assert_eq!(fy.start().to_string(), "2024-04-01");
        assert_eq!(fy.end().to_string(), "2025-03-31");
        assert_eq!(fy.year_of_month(1), 2025);
        assert_eq!(fy.year_of_month(12), 2024);
        assert_eq!(
            Date::new(2025, 1, 31).map(|d| d.fiscal_year()),
            Some(FiscalYear(2024))
        );
    }
}
