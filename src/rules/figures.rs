//! One figure: a number with a counter unit read from a text segment, with
//! its label, qualifiers and text; and the bare-number cell of a column whose
//! header states the unit.

use super::figure::{
    self, clean_label, is_frequency, is_marker, is_not_a_count, metric_of, PERIOD_YEARS,
};
use super::label::{after_phrase, join_carry, lead_of, post_label, split_subject, Lead};
use super::scope::{month_range, MONTH_RANGE};
use super::walker::{Level, Walker};
use super::{CellContext, CellResult, Figure, Qualifier};
use crate::normalize::canonical_span;

/// A cell holding only a number, in a column whose header states the unit.
pub(super) fn bare_number_cell(text: &str, ctx: &CellContext) -> Option<CellResult> {
    let unit = ctx.unit_hint?;
    let t = text.trim();
    // A value printed in parentheses alone (`(97.6)`, a second value such
    // as an adjusted index) reads as the value.
    let inner = t
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .map_or(t, str::trim);
    let (neg, digits) = match inner.strip_prefix(['▲', '△', '-', '−']) {
        Some(rest) => (true, rest),
        // `±0`, `+12`: no change, an increase.
        None => (false, inner.strip_prefix(['±', '+']).unwrap_or(inner)),
    };
    // A footnote marker after the number: `10,980※1`.
    let (digits, footnote_ref) = match digits.split_once('※') {
        Some((d, n)) => (d.trim_end(), Some(n.trim().parse::<u32>().ok()?)),
        None => (digits, None),
    };
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let v: f64 = digits.replace(',', "").parse().ok()?;
    let label = ctx.fallback_label.unwrap_or_default().to_string();
    Some(CellResult {
        figures: vec![Figure {
            item: 1,
            metric: metric_of(&label),
            label,
            subject: None,
            value: if neg { -v } else { v },
            unit: unit.to_string(),
            as_of: None,
            event_date: None,
            event_dates: vec![],
            period: None,
            qualifiers: vec![],
            parent: None,
            text: t.to_string(),
            notes: vec![],
            pos: 0,
            footnote_ref,
            years: None,
        }],
        unparsed: vec![],
    })
}

impl Walker<'_> {
    pub(super) fn figure(
        &mut self,
        seg_start: usize,
        seg_end: usize,
        c: &regex::Captures,
        level: &mut Level,
    ) {
        let (Some(m), Some(num), Some(unit)) = (c.get(0), c.name("num"), c.name("unit")) else {
            return;
        };
        let s = seg_start + m.start();
        let e = seg_start + m.end();
        let num_start = seg_start + num.start();
        let pre_start = seg_start + c.name("pre").map_or(num.start(), |p| p.start());
        let sign = c.name("sign");
        let first_digit = seg_start + sign.map_or(num.start(), |s| s.start());
        let unit = unit.as_str();
        // Glued to a code or a longer number (`PR5件`?, `1.2.3回`): not ours.
        let glued = self.text[..s]
            .chars()
            .next_back()
            .is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '.');
        let nobe = matches!(c.name("pre").map(|p| p.as_str()), Some("延" | "延べ"));
        if figure::NOBE_ONLY_UNITS.contains(&unit) && !nobe {
            return;
        }
        let zone_start = self.zone_floor(level.zone_start.max(self.item_start), pre_start);
        let zone_start = zone_start.min(pre_start);
        let zone_raw = &self.text[zone_start..pre_start];
        // What follows the number, as far as the rules read.
        let seg_end = self.ahead_end(e, seg_end);
        let not_a_count =
            is_not_a_count(&self.text[e..seg_end], c.name("post").map(|p| p.as_str()));
        if glued || not_a_count || is_frequency(zone_raw, unit) || self.footnote {
            self.covered.push((s, e));
            level.zone_start = e;
            return;
        }
        // The label zone ends at the last hard boundary before the number.
        let cut = zone_raw.rfind(['、', '。', ',', ';']).map_or(0, |i| {
            i + zone_raw[i..].chars().next().map_or(1, char::len_utf8)
        });
        let zone = &zone_raw[cut..];
        let at_item_start = zone_start + cut <= self.item_body_start();
        let mut years = None;
        let mut zone_clean = zone.to_string();
        if let Some(pm) = PERIOD_YEARS.captures(zone) {
            years = pm.name("n").and_then(|n| n.as_str().parse().ok());
            if let Some(all) = pm.get(0) {
                zone_clean.replace_range(all.range(), " ");
            }
        }
        let mut period = None;
        if let (Some(fy), Some(mr)) = (self.ctx.fiscal_year, MONTH_RANGE.captures(&zone_clean)) {
            period = month_range(fy, &mr);
            if let Some(all) = mr.get(0) {
                zone_clean.replace_range(all.range(), " ");
            }
        }
        // `人材開発支援助成金 申請30件`: the words before the last space name
        // the item's subject (at the item's start), the last word the metric.
        let (head, mut label) = split_subject(&zone_clean);
        let has_head = head.is_some();
        if at_item_start && has_head {
            self.item_subject = head;
        }
        // The number names its noun after it (`4か所の障害者基幹相談支援センター`,
        // `9件のご家族の相談`) when the text before it names none.
        let pre_weak = label.is_empty()
            || zone_raw.trim_end().ends_with('の')
            || label.chars().next_back().is_some_and(figure::is_hiragana);
        let mut named_after = false;
        if pre_weak {
            if let Some(post) = post_label(&self.text[e..seg_end]) {
                label = post;
                named_after = true;
            }
        }
        // Prose names the figure by the predicate after it (`18社が参加した`,
        // `保育士を新たに14人確保した`) when the text before names nothing.
        let mut text_end = e;
        if !named_after {
            let last_word = if has_head {
                zone_clean.trim().rsplit(' ').next().unwrap_or_default()
            } else {
                zone_clean.as_str()
            };
            let opens = match lead_of(last_word) {
                Lead::Names => None,
                Lead::Empty => Some(String::new()),
                Lead::Opens(o) => Some(o),
            };
            if let Some(opens) = opens {
                if let Some(p) = after_phrase(&self.text[e..seg_end], true) {
                    label = format!("{opens}{}", p.label);
                    text_end = e + p.len;
                }
            }
        }
        label = join_carry(level.label_carry.as_deref(), zone, label);
        if label.is_empty() {
            label = level
                .label_carry
                .clone()
                .or_else(|| level.outer_label.clone())
                .unwrap_or_default();
        }
        if label.is_empty() && level.parent.is_none() {
            label = self.ctx.fallback_label.map(clean_label).unwrap_or_default();
        }
        // `A:B` lends `A:` to the labels after it.
        if let Some((lhs, rhs)) = label.split_once(':') {
            if !rhs.is_empty() && !lhs.is_empty() {
                level.colon_prefix = Some(lhs.to_string());
            }
        } else if let (Some(p), false) = (&level.colon_prefix, label.is_empty()) {
            if level.last_fig.is_some() {
                label = format!("{p}:{label}");
            }
        }
        // A figure nothing names keeps the text before it back to the
        // previous figure or group, across `、` (`正規雇用者について、2年間で
        // 3,200件以上`): that text is all a reader has to know what it counts.
        let text_start = if label.is_empty() {
            zone_start
        } else {
            zone_start + cut
        };
        let label = if label.is_empty() && level.parent.is_some() {
            "うち".to_string()
        } else {
            label
        };
        let subject = self
            .item_subject
            .clone()
            .or_else(|| self.item_head())
            .filter(|s| *s != label);
        let value: f64 = num.as_str().replace(',', "").parse().unwrap_or(0.0);
        let value = if sign.is_some() { -value } else { value };
        let mut f = Figure {
            item: self.item,
            metric: metric_of(&label),
            label,
            subject,
            value,
            unit: unit.to_string(),
            as_of: None,
            event_date: None,
            event_dates: vec![],
            period,
            qualifiers: vec![],
            parent: level.parent,
            text: canonical_span(&self.text[text_start.min(first_digit)..text_end])
                .trim_start_matches(|c: char| is_marker(c) || c.is_whitespace())
                .to_string(),
            notes: vec![],
            pos: num_start,
            footnote_ref: c.name("fn").and_then(|n| n.as_str().parse().ok()),
            years,
        };
        match c.name("pre").map(|p| p.as_str()) {
            Some("延") | Some("延べ") => f.add(Qualifier::Nobe),
            Some("約") => f.add(Qualifier::Approx),
            Some("累計") => f.add(Qualifier::Cumulative),
            _ => {}
        }
        if std::mem::take(&mut self.pending_nobe) {
            f.add(Qualifier::Nobe);
        }
        match c.name("post").map(|p| p.as_str()) {
            Some("以上") => f.add(Qualifier::AtLeast),
            Some("以下") => f.add(Qualifier::AtMost),
            Some("未満") => f.add(Qualifier::LessThan),
            Some("超") => f.add(Qualifier::MoreThan),
            Some("程度") => f.add(Qualifier::About),
            _ => {}
        }
        if f.parent.is_some() {
            f.add(Qualifier::Breakdown);
        }
        // 予定 / 見込み later in the same clause.
        let clause_end = self.text[e..seg_end]
            .find(['、', '。', '('])
            .map_or(seg_end, |i| e + i);
        let clause = &self.text[e..clause_end];
        if clause.contains("予定") {
            f.add(Qualifier::Planned);
        }
        if clause.contains("見込") {
            f.add(Qualifier::Forecast);
        }
        if let Some(ev) = &self.event {
            f.event_date = Some(ev.clone());
            if self.event_planned {
                f.add(Qualifier::Planned);
            }
            self.event_used = true;
        }
        self.covered.push((s, e));
        self.out.figures.push(f);
        let idx = self.out.figures.len() - 1;
        level.last_fig = Some(idx);
        level.label_carry = None;
        level.zone_start = e;
        self.item_had_figure_before = true;
    }
}
