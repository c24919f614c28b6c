//! Scoping of as-of dates, periods and qualifiers over the figures before
//! them, and the month range of a fiscal-year column (`4-1月`).

use std::collections::HashSet;

use super::dates::DateRef;
use super::walker::Walker;
use super::{Date, FiscalYear, Period, Qualifier};

/// What a backward-scoped qualifier sets on the figures it reaches.
pub(super) enum Scoped {
    AsOf(DateRef),
    Period(Period, DateRef),
}

impl Walker<'_> {
    /// Apply an as-of date / period and qualifiers backward from `pos`.
    pub(super) fn apply_backward(
        &mut self,
        pos: usize,
        scoped: Option<Scoped>,
        quals: &[Qualifier],
    ) {
        // Figures are in document order, the current item's last: look back
        // only through the current item's figures after `pos`.
        let own_item_has_figures = self
            .out
            .figures
            .iter()
            .rev()
            .take_while(|f| f.item == self.item)
            .any(|f| f.pos < pos);
        let mut seen = HashSet::new();
        for i in (0..self.out.figures.len()).rev() {
            let f = &self.out.figures[i];
            if f.pos >= pos {
                continue;
            }
            if own_item_has_figures && f.item != self.item {
                break;
            }
            if scoped.is_some() && (f.as_of.is_some() || f.period.is_some()) {
                break;
            }
            if f.parent.is_none() && !seen.insert(f.metric.clone()) {
                break;
            }
            let f = &mut self.out.figures[i];
            match &scoped {
                Some(Scoped::AsOf(d)) => f.as_of = Some(d.clone()),
                Some(Scoped::Period(p, to)) => {
                    f.period = Some(p.clone());
                    f.as_of = Some(to.clone());
                }
                None => {}
            }
            for q in quals {
                f.add(*q);
            }
        }
    }
}

/// `4-1月` in a fiscal-year column: April to January of that year.
pub(super) static MONTH_RANGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?P<m1>[0-9]{1,2})\s?[-~]\s?(?P<m2>[0-9]{1,2})月").expect("static regex")
});

pub(super) fn month_range(fy: FiscalYear, c: &regex::Captures) -> Option<Period> {
    let m1: u32 = c.name("m1")?.as_str().parse().ok()?;
    let m2: u32 = c.name("m2")?.as_str().parse().ok()?;
    let from = Date::new(fy.year_of_month(m1), m1, 1)?;
    let to = Date::month_end(fy.year_of_month(m2), m2)?;
    (from <= to).then(|| Period {
        from,
        to,
        text: c.get(0).map_or(String::new(), |m| m.as_str().to_string()),
    })
}
