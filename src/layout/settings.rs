//! Every tolerance of the layout stage, named and documented in one place.

use super::LayoutError;

/// Tolerances of the layout stage. Distances are PDF points unless a field
/// says it is a fraction of the font size (which then scales with the text).
///
/// The defaults suit office and browser output at 8–12pt; every field is a
/// plain public number so a caller can tune one without touching the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutSettings {
    /// Parallel edges whose positions differ by at most this are snapped to
    /// their mean position: one ruling line drawn as both sides of a thin
    /// filled rectangle (two segments ~0.75pt apart) becomes one edge.
    pub snap_tolerance: f64,
    /// Collinear segments that overlap or leave a gap of at most this are
    /// joined into one edge (a border drawn cell by cell).
    pub join_tolerance: f64,
    /// A vertical and a horizontal edge intersect when each reaches to within
    /// this distance of the other.
    pub intersection_tolerance: f64,
    /// Edges shorter than this after joining are dropped (the short caps of
    /// thin rectangles, tick marks).
    pub min_edge_length: f64,
    /// A rule whose width and height both exceed this is a filled box, not a
    /// line: its four sides are used as edges.
    pub max_rule_thickness: f64,
    /// Horizontal edges continuing one another end to end at heights
    /// differing by at most this fraction of the font size are one row
    /// border drawn with a step (browsers draw a row-spanning cell of a table
    /// broken across pages a few points short); they are aligned.
    pub stagger_tolerance: f64,
    /// Vertical edges that run on past the last horizontal edge they cross by
    /// more than this (at least two of them, ending together) are closed by a
    /// synthetic rule: a table cut at the page bottom without a closing
    /// border still yields its last row, which is then marked *open*. The
    /// same holds for tops, and for horizontal edges running past the last
    /// vertical edge (tables without outer side borders).
    pub open_end_min_overhang: f64,
    /// A page with more edges than this (after joining and dropping short
    /// ones) is not searched for ruled tables: it is a drawing (a chart, a
    /// hatched map), and the search is quadratic in the edges. Its text
    /// still comes out as lines, or as a whitespace table.
    pub max_edges_per_page: usize,
    /// A table needs at least this many cells; a single ruled box around text
    /// is read as free lines.
    pub min_table_cells: usize,
    /// Tables drawn as separate boxes (one per cell, slides): boxes facing
    /// each other across a gutter of at most this fraction of the font size
    /// belong to one table, and the sides on either side of such a gutter
    /// snap onto one boundary. Below the width and height of any cell that
    /// holds a line of text, above the gutters slide templates leave.
    pub box_gutter: f64,
    /// Glyphs whose vertical centres differ by at most this fraction of the
    /// font size are on the same line.
    pub line_y_tolerance: f64,
    /// A horizontal gap between consecutive glyphs wider than this fraction
    /// of the font size is written as one space.
    pub word_gap: f64,
    /// A free line (text outside tables) is cut in two at a horizontal gap
    /// wider than this fraction of the font size: text set side by side on
    /// one baseline (`＜属性＞` at the left, `※2 3月22日時点の数値` in a
    /// notes column at the right) is two lines. Well above letter-spaced
    /// titles (`令 和 3 年`: about one em).
    pub free_line_gap: f64,
    /// A glyph repeating the previous one (same character) within this
    /// fraction of the font size is a double-struck duplicate (fake bold) and
    /// dropped.
    pub duplicate_glyph_tolerance: f64,
    /// Two column boundaries are the same when they differ by at most this
    /// (matching a continued table to the table it continues).
    pub column_match_tolerance: f64,
    /// Rule-less tables: a whitespace gap at least this wide (fraction of the
    /// font size) separates two columns.
    pub fallback_min_gap: f64,
    /// Rule-less tables: at least this many lines must have text in two or
    /// more columns.
    pub fallback_min_rows: usize,
    /// Rule-less tables: at most this many single-column lines may sit between
    /// two multi-column lines of the same table.
    pub fallback_max_interleave: usize,
    /// Rule-less tables: a vertical gap between lines wider than this
    /// fraction of the font size starts a new row (so does text in the first
    /// column).
    pub fallback_row_gap: f64,
    /// A continued table may repeat up to this many header rows; repeated
    /// rows equal to the original's leading rows are dropped.
    pub max_header_rows: usize,
    /// Page numbers ("- 3 -", "3 / 10") are dropped only within this fraction
    /// of the page height from its top or bottom edge.
    pub page_number_band: f64,
    /// A row fragment whose text comes closer to the page-break side of its
    /// cell than the usual cell padding minus this fraction of the font size
    /// was cut there (a row broken mid-paragraph).
    pub cut_padding_tolerance: f64,
    /// Also treat the first row of a continued table as the rest of the
    /// previous page's last row when its text starts in a column right of
    /// where the last row's own text starts (its leading cells ran out on the
    /// previous page). Office suites and reportlab close a broken row with an
    /// ordinary border, so often only the text shows the cut.
    pub merge_when_leading_columns_ran_out: bool,
}

impl Default for LayoutSettings {
    fn default() -> Self {
        LayoutSettings {
            snap_tolerance: 1.5,
            join_tolerance: 3.0,
            intersection_tolerance: 3.0,
            stagger_tolerance: 1.2,
            open_end_min_overhang: 4.0,
            min_edge_length: 3.0,
            max_rule_thickness: 3.0,
            max_edges_per_page: 5_000,
            min_table_cells: 2,
            box_gutter: 1.5,
            line_y_tolerance: 0.5,
            word_gap: 0.3,
            free_line_gap: 4.0,
            duplicate_glyph_tolerance: 0.15,
            column_match_tolerance: 4.0,
            fallback_min_gap: 1.5,
            fallback_min_rows: 3,
            fallback_max_interleave: 3,
            fallback_row_gap: 0.8,
            max_header_rows: 2,
            page_number_band: 0.15,
            cut_padding_tolerance: 0.1,
            merge_when_leading_columns_ran_out: true,
        }
    }
}

impl LayoutSettings {
    /// Reject settings no layout can honour (negative or non-finite numbers).
    pub fn validate(&self) -> Result<(), LayoutError> {
        let lengths: [(&'static str, f64); 20] = [
            ("box_gutter", self.box_gutter),
            ("stagger_tolerance", self.stagger_tolerance),
            ("snap_tolerance", self.snap_tolerance),
            ("join_tolerance", self.join_tolerance),
            ("intersection_tolerance", self.intersection_tolerance),
            ("open_end_min_overhang", self.open_end_min_overhang),
            ("min_edge_length", self.min_edge_length),
            ("max_rule_thickness", self.max_rule_thickness),
            ("line_y_tolerance", self.line_y_tolerance),
            ("word_gap", self.word_gap),
            ("free_line_gap", self.free_line_gap),
            ("duplicate_glyph_tolerance", self.duplicate_glyph_tolerance),
            ("column_match_tolerance", self.column_match_tolerance),
            ("fallback_min_gap", self.fallback_min_gap),
            ("fallback_row_gap", self.fallback_row_gap),
            ("page_number_band", self.page_number_band),
            ("cut_padding_tolerance", self.cut_padding_tolerance),
            ("fallback_min_rows", self.fallback_min_rows as f64),
            ("max_header_rows", self.max_header_rows as f64),
            ("min_table_cells", self.min_table_cells as f64),
        ];
        for (name, value) in lengths {
            if !value.is_finite() || value < 0.0 {
                return Err(LayoutError::InvalidSetting { name, value });
            }
        }
        Ok(())
    }
}
