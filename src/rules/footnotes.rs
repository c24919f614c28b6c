//! Footnotes (`※…`) and the numbers nothing else claimed (`unparsed`).

use super::figure::{is_non_figure_number, DIGITS};
use super::items::{ceil_char, floor_char};
use super::walker::Walker;
use super::{format_value, Qualifier, Unparsed};
use crate::normalize::canonical_span;

impl Walker<'_> {
    /// Numbers in an item that are neither dates, figures nor recognized
    /// non-figures go to `unparsed`.
    /// `covered_from`: the first of `covered` pushed for this item.
    pub(super) fn report_stray_numbers(&mut self, a: usize, b: usize, covered_from: usize) {
        // The item's covered ranges by start, with the furthest end reached
        // so far: a number is covered when a range starting at or before it
        // reaches past its end (a binary search a number).
        let mut cov: Vec<(usize, usize)> = self.covered.get(covered_from..).unwrap_or(&[]).to_vec();
        cov.sort_unstable();
        let mut reach = Vec::with_capacity(cov.len());
        let mut far = 0;
        for &(_, ce) in &cov {
            far = far.max(ce);
            reach.push(far);
        }
        for m in DIGITS.find_iter(&self.text[a..b]) {
            let (s, e) = (a + m.start(), a + m.end());
            let i = cov.partition_point(|&(cs, _)| cs <= s);
            if i > 0 && reach[i - 1] >= e {
                continue;
            }
            if is_non_figure_number(self.text, s, e) {
                continue;
            }
            let ctx_start = floor_char(self.text, s.saturating_sub(24).max(a));
            let ctx_end = ceil_char(self.text, (e + 24).min(b));
            self.out.unparsed.push(Unparsed {
                item: self.item,
                text: canonical_span(&self.text[ctx_start..ctx_end]),
                reason: format!(
                    "number {} without a counter unit the rules know",
                    m.as_str()
                ),
            });
        }
    }

    /// Footnotes (`※…`): a numbered one (`※1 速報値`) applies to figures
    /// marked `※1`; an unnumbered one to the figures whose metric and value it
    /// repeats, else to the figures of the item before it.
    pub(super) fn attach_footnotes(&mut self) {
        for (num, body, item) in std::mem::take(&mut self.footnotes) {
            let quals = footnote_qualifiers(&body);
            let targets: Vec<usize> = match num {
                Some(n) => (0..self.out.figures.len())
                    .filter(|&i| self.out.figures[i].footnote_ref == Some(n))
                    .collect(),
                None => {
                    let repeated: Vec<usize> = (0..self.out.figures.len())
                        .filter(|&i| {
                            let f = &self.out.figures[i];
                            let v = format_value(f.value);
                            body.contains(&f.metric)
                                && (body.contains(&v) || body.contains(&group_thousands(&v)))
                        })
                        .collect();
                    if repeated.is_empty() {
                        (0..self.out.figures.len())
                            .filter(|&i| self.out.figures[i].item + 1 == item)
                            .collect()
                    } else {
                        repeated
                    }
                }
            };
            for i in targets {
                let f = &mut self.out.figures[i];
                f.notes.push(format!(
                    "※{}{}",
                    num.map(|n| n.to_string()).unwrap_or_default(),
                    body
                ));
                if num.is_some() {
                    for q in &quals {
                        f.add(*q);
                    }
                }
            }
        }
    }
}

/// The qualifiers a footnote's text states (`※1 速報値` → 速報値).
pub fn footnote_qualifiers(note: &str) -> Vec<Qualifier> {
    [
        ("速報", Qualifier::Preliminary),
        ("予定", Qualifier::Planned),
        ("見込", Qualifier::Forecast),
        ("再掲", Qualifier::Repeated),
    ]
    .iter()
    .filter(|(k, _)| note.contains(k))
    .map(|(_, q)| *q)
    .collect()
}

fn group_thousands(digits: &str) -> String {
    let (neg, d) = digits
        .strip_prefix('-')
        .map_or((false, digits), |r| (true, r));
    let mut out = String::new();
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (d.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if neg {
        format!("-{out}")
    } else {
        out
    }
}
