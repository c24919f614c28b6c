//! The notes a figure's record takes: the note its ※ mark refers to, a
//! note that names what it counts (`職員数については、令和5年4月1日現在`),
//! and the year of a note's yearless as-of.

use super::place::Reader;
use crate::normalize::canonical_span;
use crate::rules::dates::{DateRef, Precision};
use crate::table::{notes, vocab};
use crate::table::{Footnote, Section};

impl Reader<'_> {
    /// The note a mark refers to: the section's own, else one before any
    /// section, else one under a later part of the table (a note at the end
    /// of a table serves all the sections its banners cut it into).
    pub(super) fn note(&self, section: &Section, mark: u32) -> Option<Footnote> {
        let others = self
            .report
            .sections
            .iter()
            .filter(|s| s.number > section.number)
            .flat_map(|s| &s.footnotes);
        section
            .footnotes
            .iter()
            .chain(&self.report.footnotes)
            .chain(others)
            .find(|f| f.mark == mark)
            .cloned()
    }

    /// A note of the section (or the document) that names one of `names` as
    /// its subject (`職員数については、…`, [`vocab::NOTE_SUBJECT_PARTICLES`])
    /// and states an as-of date: the note and that date.
    pub(super) fn subject_note(
        &self,
        section: &Section,
        names: &[&Option<String>],
    ) -> Option<(Footnote, DateRef)> {
        let names: Vec<String> = names
            .iter()
            .filter_map(|n| n.as_deref().map(canonical_span))
            .filter(|n| n.chars().count() >= 2)
            .collect();
        section
            .footnotes
            .iter()
            .chain(&self.report.footnotes)
            .find_map(|note| {
                let text = canonical_span(&note.text);
                let named = names.iter().any(|n| {
                    text.strip_prefix(n.as_str()).is_some_and(|rest| {
                        vocab::NOTE_SUBJECT_PARTICLES
                            .iter()
                            .any(|p| rest.starts_with(p))
                    })
                });
                let as_of = notes::as_of(&text).filter(|_| named)?;
                Some((note.clone(), as_of))
            })
    }

    /// A note's as-of date without its year (`※2 3月22日時点の数値`): the
    /// year of the report's own date, or the year before when that day
    /// would come after it.
    pub(super) fn yearless(&self, text: &str) -> Option<DateRef> {
        let report = self.report.as_of.as_ref()?;
        let (m, d, written) = notes::yearless_as_of(&canonical_span(text))?;
        let mut date = crate::calendar::Date::new(report.date.year(), m, d)?;
        if date > report.date {
            date = crate::calendar::Date::new(report.date.year() - 1, m, d)?;
        }
        Some(DateRef {
            date,
            first: date,
            precision: Precision::Day,
            start: 0,
            end: 0,
            text: written,
        })
    }
}
