//! Bracket groups: what a `(…)` or `【…】` holds (a breakdown, figures, a
//! date, a qualifier, a note) and what it does to the figures around it.

use super::dates::{DateRef, Precision};
use super::figure::{clean_label, FIGURE};
use super::label::{join_carry, split_subject};
use super::scope::Scoped;
use super::walker::{Level, Walker};
use super::{Period, Qualifier};
use crate::normalize::canonical_span;

/// How a parenthesized group reads.
enum Group {
    Breakdown(usize),
    Figures,
    AsOf(DateRef, bool),
    Range(DateRef, DateRef, bool),
    Event(DateRef, bool),
    DateList(Vec<DateRef>),
    Repeated,
    Nobe,
    Quals(Vec<Qualifier>),
    Note,
}

impl Walker<'_> {
    fn classify(&self, a: usize, b: usize, level: &Level) -> Group {
        let content = self.text[a..b].trim();
        if content.starts_with("うち") || content.starts_with("内:") || content.starts_with("内訳")
        {
            if let Some(p) = level.last_fig {
                return Group::Breakdown(p);
            }
        }
        let dates = self.dates_in(a, b);
        let has_figure = FIGURE.find_iter(&self.text[a..b]).any(|m| {
            let (s, e) = (a + m.start(), a + m.end());
            !dates.iter().any(|d| d.start < e && s < d.end)
        });
        if has_figure {
            return Group::Figures;
        }
        let mut rest = String::new();
        let mut last = a;
        for d in &dates {
            rest.push_str(&self.text[last..d.start]);
            last = d.end;
        }
        rest.push_str(&self.text[last..b]);
        let rest: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
        let prelim = rest.contains("速報");
        match dates.len() {
            2 if rest.starts_with('~') => {
                return Group::Range(dates[0].clone(), dates[1].clone(), rest.contains("累計"))
            }
            1 => {
                let d = dates[0].clone();
                if prelim
                    || rest.contains("現在")
                    || rest.contains("時点")
                    || rest.starts_with("まで")
                {
                    return Group::AsOf(d, prelim);
                }
                if rest.is_empty() && d.precision == Precision::Month {
                    return Group::AsOf(d, false);
                }
                if rest.is_empty() && d.precision == Precision::Day {
                    return Group::Event(d, false);
                }
                if rest == "予定" {
                    return Group::Event(d, true);
                }
            }
            n if n >= 2 => return Group::DateList(dates),
            _ => {}
        }
        match rest.as_str() {
            "再掲" => Group::Repeated,
            "延べ" | "延べ人数" | "延" | "延人数" => Group::Nobe,
            "速報値" | "速報" => Group::Quals(vec![Qualifier::Preliminary]),
            "見込み" | "見込" => Group::Quals(vec![Qualifier::Forecast]),
            "予定" => Group::Quals(vec![Qualifier::Planned]),
            _ => Group::Note,
        }
    }

    pub(super) fn walk_group(&mut self, open: usize, a: usize, b: usize, level: &mut Level) {
        let group = self.classify(a, b, level);
        for d in self.dates_in(a, b) {
            self.covered.push((d.start, d.end));
        }
        let zone_from = self.zone_floor(level.zone_start, open).min(open);
        let zone_label = clean_label(&self.text[zone_from..open]);
        match group {
            Group::Breakdown(p) => {
                let content = &self.text[a..b];
                let skip = content.len() - content.trim_start().len();
                let mut inner_start = a + skip;
                for p in ["うち", "内訳", "内:"] {
                    if self.text[inner_start..b].starts_with(p) {
                        inner_start += p.len();
                        break;
                    }
                }
                let mut inner = Level::new(inner_start, Some(p), None);
                self.walk_range(inner_start, b, &mut inner);
            }
            Group::Figures => {
                let zone = &self.text[zone_from..open];
                let zone = zone
                    .rfind(['、', '。'])
                    .map_or(zone, |i| &zone[i + '、'.len_utf8()..]);
                let (subject, label) = split_subject(zone);
                let label = join_carry(level.label_carry.as_deref(), zone, label);
                if subject.is_some() && level.zone_start <= self.item_body_start() {
                    self.item_subject = subject;
                }
                let outer = if label.is_empty() {
                    level.outer_label.clone()
                } else {
                    Some(label)
                };
                let mut inner = Level::new(a, level.parent, outer);
                self.walk_range(a, b, &mut inner);
                if inner.last_fig.is_some() {
                    level.last_fig = inner.last_fig;
                }
            }
            Group::AsOf(d, prelim) => {
                let mut quals = vec![];
                if prelim {
                    quals.push(Qualifier::Preliminary);
                }
                self.apply_backward(open, Some(Scoped::AsOf(d)), &quals);
            }
            Group::Range(from, to, cumulative) => {
                let period = Period {
                    from: from.first,
                    to: to.date,
                    text: canonical_span(&self.text[a..b]),
                };
                let quals = if cumulative {
                    vec![Qualifier::Cumulative]
                } else {
                    vec![]
                };
                self.apply_backward(open, Some(Scoped::Period(period, to)), &quals);
            }
            Group::Event(d, planned) => {
                self.event = Some(d);
                self.event_planned = planned;
                self.event_used = false;
            }
            Group::DateList(ds) => {
                if let Some(i) = level.last_fig {
                    self.out.figures[i].event_dates = ds;
                    // Keep what else the list says (`①Web`).
                    let note = canonical_span(&self.text[a..b]);
                    if note
                        .chars()
                        .any(|c| c.is_alphabetic() && !c.is_ascii_uppercase())
                    {
                        self.out.figures[i].notes.push(note);
                    }
                }
            }
            Group::Repeated => self.repeated = true,
            Group::Nobe => {
                self.pending_nobe = true;
                if !zone_label.is_empty() {
                    level.label_carry = Some(zone_label);
                }
            }
            Group::Quals(q) => self.apply_backward(open, None, &q),
            Group::Note => {
                let note = canonical_span(&self.text[a..b]);
                if let Some(i) = level.last_fig {
                    let f_end = self.out.figures[i].pos;
                    let between = &self.text[f_end..open];
                    let adjacent = FIGURE
                        .find(between)
                        .is_some_and(|m| between[m.end()..].trim().is_empty());
                    if adjacent && !note.is_empty() {
                        self.out.figures[i].notes.push(note);
                    }
                }
                if !zone_label.is_empty() && level.label_carry.is_none() {
                    level.label_carry = Some(zone_label);
                }
            }
        }
        level.zone_start = b.min(self.text.len());
        if let Some(rest) = self.text.get(b..) {
            if rest.starts_with(')') || rest.starts_with('】') {
                level.zone_start = b + rest.chars().next().map_or(0, char::len_utf8);
            }
        }
    }
}
