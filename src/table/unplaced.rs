//! What the table model could not place, said: one warning per header the
//! vocabulary does not know (with its cell count) and for rows with
//! figures before any header, and — when nothing at all could be read —
//! the refusal message naming what was seen and why it was refused.

use super::model::{Report, Unplaced};
use crate::warning::{Warning, WarningClass};

/// One warning per header the vocabulary does not know (with its cell
/// count), one for rows with figures before any header.
pub fn warnings(unplaced: &[Unplaced]) -> Vec<Warning> {
    let mut by_reason: Vec<(&str, u32, Option<u32>, usize)> = Vec::new();
    for u in unplaced {
        match by_reason
            .iter_mut()
            .find(|(r, s, _, _)| *r == u.reason && *s == u.section)
        {
            Some(e) => e.3 += 1,
            None => by_reason.push((&u.reason, u.section, u.loc.page, 1)),
        }
    }
    by_reason
        .into_iter()
        .map(|(reason, section, page, n)| {
            let class = if reason.starts_with("column header") {
                WarningClass::UnknownColumn
            } else {
                WarningClass::RowsOutsideTables
            };
            Warning {
                class,
                message: format!("{n} cell(s) or row(s) not placed: {reason} (see \"unparsed\")"),
                page,
                section: (section > 0).then_some(section),
                row: None,
            }
        })
        .collect()
}

/// Most refused header candidates kept for the error message.
pub const MAX_REFUSALS: usize = 3;

/// What the refusal message says it saw.
pub fn seen(report: &Report) -> String {
    if report.refused.is_empty() {
        return "no table rows at all (only free text lines)".to_string();
    }
    let first: Vec<String> = report
        .refused
        .iter()
        .map(|r| {
            let h: String = r.header.chars().take(60).collect();
            let page = r
                .loc
                .page
                .map(|p| format!("page {p}, "))
                .unwrap_or_default();
            let line = r
                .loc
                .line
                .map(|l| format!("line {l}, "))
                .unwrap_or_default();
            format!("{page}{line}\"{h}\": {}", r.reason)
        })
        .collect();
    format!(
        "table rows seen but none under a header; {}",
        first.join("; ")
    )
}
