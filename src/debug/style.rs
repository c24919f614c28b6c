//! Everything the debug drawing looks like, in one place: the colour and
//! name of each column role, the colours of the other layers, and the sizes
//! (PDF points, before [`super::DebugOptions::scale`]).
//!
//! | layer | drawn as |
//! |---|---|
//! | `glyphs` | each glyph's box, thin grey ([`GLYPH`]) |
//! | `text` | the glyphs' characters, dark grey ([`TEXT`]), so the page reads |
//! | `rules` | ruling lines as the pdf stage found them, red ([`RULE`]) |
//! | `tables` | each table layout found: ruled solid, whitespace-only dashed ([`TABLE`]) |
//! | `cells` | each cell of those tables, empty ones included ([`CELL`]) |
//! | `roles` | each column of the table model tinted by its role ([`RoleKind::colour`]) |
//! | `headers` | a tag at the top of each column: role, fiscal year, kind, unit |
//! | `figures` | a badge per figure read, on its cell or line ([`FIGURE`]) |
//! | `unparsed` | a badge per number the rules could not read ([`UNPARSED`]) |
//!
//! Colours follow the Okabe–Ito palette where they can, so they stay apart
//! for readers with the common colour-vision deficiencies.

use crate::table::Role;

/// The role of a table-model column, without its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoleKind {
    RowKey,
    Group,
    Organization,
    Measure,
    Indicator,
    Unit,
    Value,
    Text,
    Marks,
    Year,
    Unknown,
}

impl RoleKind {
    /// Every role, in legend order.
    pub const ALL: [RoleKind; 11] = [
        RoleKind::RowKey,
        RoleKind::Group,
        RoleKind::Organization,
        RoleKind::Measure,
        RoleKind::Indicator,
        RoleKind::Unit,
        RoleKind::Value,
        RoleKind::Text,
        RoleKind::Marks,
        RoleKind::Year,
        RoleKind::Unknown,
    ];

    pub fn of(role: &Role) -> RoleKind {
        match role {
            Role::RowKey => RoleKind::RowKey,
            Role::Group => RoleKind::Group,
            Role::Organization => RoleKind::Organization,
            Role::Measure => RoleKind::Measure,
            Role::Indicator => RoleKind::Indicator,
            Role::Unit => RoleKind::Unit,
            Role::Value(_) => RoleKind::Value,
            Role::Text => RoleKind::Text,
            Role::Marks => RoleKind::Marks,
            Role::Year => RoleKind::Year,
            Role::Unknown => RoleKind::Unknown,
        }
    }

    /// The name in the legend, the tags and the `data-role` attribute.
    pub fn name(self) -> &'static str {
        match self {
            RoleKind::RowKey => "row key",
            RoleKind::Group => "group",
            RoleKind::Organization => "organization",
            RoleKind::Measure => "measure",
            RoleKind::Indicator => "indicator",
            RoleKind::Unit => "unit",
            RoleKind::Value => "value",
            RoleKind::Text => "text",
            RoleKind::Marks => "marks",
            RoleKind::Year => "year",
            RoleKind::Unknown => "unknown",
        }
    }

    /// The colour of the role's tint and tag.
    pub fn colour(self) -> &'static str {
        match self {
            RoleKind::RowKey => "#7f7f7f",
            RoleKind::Group => "#cc79a7",
            RoleKind::Organization => "#a6761d",
            RoleKind::Measure => "#56b4e9",
            RoleKind::Indicator => "#e69f00",
            RoleKind::Unit => "#c9b800",
            RoleKind::Value => "#0072b2",
            RoleKind::Text => "#6b8e23",
            RoleKind::Marks => "#44aa99",
            RoleKind::Year => "#882255",
            RoleKind::Unknown => "#d55e00",
        }
    }
}

/// Glyph boxes.
pub const GLYPH: &str = "#b0b0b0";
/// The glyphs' characters.
pub const TEXT: &str = "#404040";
/// Ruling lines.
pub const RULE: &str = "#e41a1c";
/// Table outlines.
pub const TABLE: &str = "#222222";
/// Cell outlines.
pub const CELL: &str = "#1f77b4";
/// Figure badges.
pub const FIGURE: &str = "#117733";
/// Unparsed badges.
pub const UNPARSED: &str = "#c00000";

/// Stroke widths.
pub const GLYPH_STROKE: f64 = 0.25;
pub const RULE_STROKE: f64 = 0.6;
pub const CELL_STROKE: f64 = 0.5;
pub const TABLE_STROKE: f64 = 1.4;
/// Opacity of a role's tint over its column.
pub const ROLE_TINT: f64 = 0.13;

/// Font size of column tags and badges.
pub const TAG_FONT: f64 = 5.5;
/// Font size of the legend.
pub const LEGEND_FONT: f64 = 7.5;
/// Longest text shown in an unparsed badge, in characters (the tooltip has
/// all of it).
pub const UNPARSED_BADGE_CHARS: usize = 10;
/// Most notes (warnings, refusals) listed under the legend.
pub const MAX_NOTES: usize = 8;
/// Most lines one note is wrapped into.
pub const MAX_NOTE_LINES: usize = 4;

/// Fonts to draw Japanese text with, first found wins.
pub const FONT_FAMILY: &str =
    "IPAexGothic, 'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', Meiryo, sans-serif";

/// Rough advance of a character at font size `size`: CJK and other wide
/// characters take a full em, others a bit over half.
pub fn char_width(c: char, size: f64) -> f64 {
    let wide = matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6);
    if wide {
        size
    } else {
        size * 0.58
    }
}

/// Rough width of `text` at font size `size`.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(|c| char_width(c, size)).sum()
}
