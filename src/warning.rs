//! Warnings: what a run read only in part, or could not place. Never
//! silent: each stage that recovers from damage or leaves something out
//! says so here, the document carries them (`warnings` in the JSON), and
//! the CLI prints each as one line on stderr (`tassei: FILE: warning: …`,
//! hidden by `--quiet`). A run with warnings may still exit 0.

use serde::Serialize;

/// What kind of partial read a warning reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningClass {
    /// The cross-reference table was broken and rebuilt from the objects.
    PdfRepaired,
    /// Objects the cross-reference table lists could not be read.
    PdfObjectsMissing,
    /// A stream (page content, font, object stream) was damaged and
    /// decoded only in part.
    StreamDamaged,
    /// The page tree declares more pages than could be read.
    PagesMissing,
    /// A page was read by the fallback engine (a font tassei cannot
    /// measure itself).
    FontFallback,
    /// A font resource (its dictionary, ToUnicode map, widths, encoding
    /// or descriptor) is damaged: its text was decoded with what remains,
    /// or left out when nothing does.
    FontDamaged,
    /// A font shows glyphs whose text is a private-use code point: a
    /// glyph only that font can draw, whose meaning no table gives.
    PrivateUseGlyphs,
    /// Text input with mixed line endings or rows whose tab count differs
    /// from their table's: lines or columns may be lost.
    TextDamage,
    /// Cells under a header the vocabulary does not know.
    UnknownColumn,
    /// Table rows with figures before any header row.
    RowsOutsideTables,
    /// Nothing could be extracted.
    NoFigures,
}

/// One warning, with where it applies when that is known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub class: WarningClass,
    pub message: String,
    pub page: Option<u32>,
    pub section: Option<u32>,
    pub row: Option<usize>,
}

impl Warning {
    pub fn new(class: WarningClass, message: impl Into<String>) -> Self {
        Warning {
            class,
            message: message.into(),
            page: None,
            section: None,
            row: None,
        }
    }

    pub fn on_page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    /// The one line the CLI prints (without the `tassei: FILE:` prefix).
    pub fn line(&self) -> String {
        let mut at = Vec::new();
        if let Some(p) = self.page {
            at.push(format!("page {p}"));
        }
        if let Some(s) = self.section {
            at.push(format!("section {s}"));
        }
        if let Some(r) = self.row {
            at.push(format!("row {r}"));
        }
        if at.is_empty() {
            format!("warning: {}", self.message)
        } else {
            format!("warning: {} ({})", self.message, at.join(", "))
        }
    }
}
