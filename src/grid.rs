//! The contract between the front ends and the rest of the pipeline.
//!
//! Both front ends — the text/TSV reader ([`crate::text`]) and the PDF path
//! ([`crate::pdf`] → [`crate::layout`]) — produce a [`Grid`]: the report as a
//! sequence of rows in reading order. A row is either a free line of text
//! outside any table (report title, section heading, page header…) or one
//! table row, whose cells carry their grid column. Everything downstream
//! (normalize → report structure → rules → records) sees only this type, so a
//! new front end only has to produce the same cells.

/// An axis-aligned box in PDF points, origin at the top-left of the page
/// (y grows downwards), as pdfplumber reports them.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BBox {
    pub x0: f64,
    pub top: f64,
    pub x1: f64,
    pub bottom: f64,
}

impl BBox {
    /// The smallest box holding both.
    pub fn union(&self, other: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(other.x0),
            top: self.top.min(other.top),
            x1: self.x1.max(other.x1),
            bottom: self.bottom.max(other.bottom),
        }
    }
}

/// Where a row or cell came from: page (1-based) and box for PDF input,
/// line number (1-based) for text input.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Loc {
    pub page: Option<u32>,
    pub line: Option<usize>,
    pub bbox: Option<BBox>,
}

/// What kind of row this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A line of text outside any table.
    Line,
    /// A row of a table; its cells carry grid columns.
    Table,
}

/// One cell. `text` is the raw text as the front end read it: the lines of
/// a multi-line cell joined by `'\n'`, nothing normalized yet.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    /// 0-based grid column. For a [`RowKind::Line`] row, always 0.
    pub col: usize,
    pub text: String,
    pub loc: Loc,
    /// Grid columns the cell covers (1 for an unmerged cell): a header
    /// `令和6年度` merged over `目標 | 実績 | 達成率` has 3.
    pub col_span: usize,
    /// Table rows the cell covers (1 for an unmerged cell): a category
    /// merged over its rows has the number of those rows.
    pub row_span: usize,
}

impl GridCell {
    /// An unmerged cell.
    pub fn new(col: usize, text: impl Into<String>, loc: Loc) -> Self {
        GridCell {
            col,
            text: text.into(),
            loc,
            col_span: 1,
            row_span: 1,
        }
    }
}

/// One row. A cell merged over several rows (a category spanning rows) is
/// reported in the first row of its span only, with its `row_span`; the rows
/// below have no cell in that column. Empty cells may be omitted.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    pub kind: RowKind,
    pub cells: Vec<GridCell>,
    pub loc: Loc,
    /// For a table row: which table of the document it belongs to (0-based,
    /// in reading order; a table continued over pages keeps one number).
    /// `None` for free lines.
    pub table: Option<usize>,
}

impl GridRow {
    /// The text of column `col`, or `""` when the row has no such cell.
    pub fn cell_text(&self, col: usize) -> &str {
        self.cells
            .iter()
            .find(|c| c.col == col)
            .map(|c| c.text.as_str())
            .unwrap_or("")
    }
}

/// The whole report as rows in reading order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    pub rows: Vec<GridRow>,
    /// Whether the front end knew the merged cells. The PDF path measures
    /// them (`col_span`, `row_span` from the ruling); plain text cannot show
    /// them, so the text front end infers spans by the TSV conventions
    /// ([`crate::text`]) and says so here.
    pub spans: Spans,
    /// What the front end read only in part (PDF repairs, text damage).
    pub warnings: Vec<crate::warning::Warning>,
}

/// Where a grid's spans came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Spans {
    /// Drawn merged cells, measured by layout.
    #[default]
    Measured,
    /// Inferred from empty cells (text input): a cell left empty in a
    /// carried column continues the one above.
    Inferred,
}
