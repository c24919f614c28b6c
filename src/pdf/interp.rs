//! tassei's interpreter for the rewritten operator subset.
//!
//! `content.rs` reduces every page to a handful of operators ([`Op`]); this
//! module runs them directly, with no serialization and no second parse,
//! and hands each shown code and each painted path to a [`Device`] (the
//! [`Collector`](super::collect::Collector)). It reproduces what
//! `pdf-extract` 0.12.1 computes for the same operators bit for bit —
//! `Processor::process_stream` and `show_text` in its `lib.rs`, whose
//! arithmetic is euclid's `Transform2D` (row vectors, `post_transform` =
//! "self, then the other"):
//!
//! * graphics state = CTM + text state (font, size, `Tc`, `Tw`, `Tz`, `TL`,
//!   `Ts` and the text matrix `Tm`); `q`/`Q` save and restore all of it,
//!   the text line matrix `Tlm` is *not* saved; `BT` and `ET` reset both
//!   `Tm` and `Tlm` to the identity; `Td`/`TD`/`T*`/`Tm` set `Tlm` and copy
//!   it to `Tm`; `TD` sets the leading to `-ty`;
//! * per code: `Trm = Tsm × (Tm × CTM)` with `Tsm = [Tz 0 0 1 0 Ts]`
//!   (the font size is not in it), `width = advance / 1000`, `spacing = Tc`
//!   (`+ Tw` for the one-byte code 32 only), then
//!   `Tm = translate(Tz × (width × size + spacing), 0) × Tm`;
//! * a number in a `TJ` array moves `Tm` by `Tz × ((0 − n/1000) × size)`;
//! * `m`/`l`/`c`/`re`/`h` append to one path (not part of the graphics
//!   state), `S` strokes it and `f` fills it with the CTM current at the
//!   painting operator, `n` discards it.
//!
//! Advances come from the fonts tassei built: a simple font's `/Widths`
//! (`fonts.rs`, [`SimpleFont::widths`](super::fonts::SimpleFont::widths)),
//! a re-encoded font's per-slot `/W`. A page the interpreter cannot
//! reproduce exactly is left to pdf-extract — decided per page, before
//! interpreting, by [`fallback_reason`].

use super::collect::Abort;
use super::content::{Item, Op, OpList, Rewritten};
use super::fonts::{FontTable, PlanKind, SimpleFont, Synth};

/// An affine matrix in pdf-extract's (euclid's) convention: a point is a
/// row vector, `(x, y) ↦ (x·m11 + y·m21 + m31, x·m12 + y·m22 + m32)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Matrix {
    pub(crate) m11: f64,
    pub(crate) m12: f64,
    pub(crate) m21: f64,
    pub(crate) m22: f64,
    pub(crate) m31: f64,
    pub(crate) m32: f64,
}

impl Matrix {
    pub(crate) const IDENTITY: Matrix = Matrix::row_major(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);

    #[inline]
    pub(crate) const fn row_major(
        m11: f64,
        m12: f64,
        m21: f64,
        m22: f64,
        m31: f64,
        m32: f64,
    ) -> Matrix {
        Matrix {
            m11,
            m12,
            m21,
            m22,
            m31,
            m32,
        }
    }

    #[inline]
    fn from_array(m: [f64; 6]) -> Matrix {
        Matrix::row_major(m[0], m[1], m[2], m[3], m[4], m[5])
    }

    #[inline]
    pub(crate) fn translation(x: f64, y: f64) -> Matrix {
        Matrix::row_major(1.0, 0.0, 0.0, 1.0, x, y)
    }

    /// `self`, then `m` (euclid's `post_transform`, with its exact
    /// operation order: full products, no shortcut for zeros and ones, so
    /// that infinities and signed zeros come out the same).
    #[inline]
    pub(crate) fn then(&self, m: &Matrix) -> Matrix {
        Matrix::row_major(
            self.m11 * m.m11 + self.m12 * m.m21,
            self.m11 * m.m12 + self.m12 * m.m22,
            self.m21 * m.m11 + self.m22 * m.m21,
            self.m21 * m.m12 + self.m22 * m.m22,
            self.m31 * m.m11 + self.m32 * m.m21 + m.m31,
            self.m31 * m.m12 + self.m32 * m.m22 + m.m32,
        )
    }
}

/// A path segment, in the coordinates of the CTM it is painted with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Seg {
    MoveTo(f64, f64),
    LineTo(f64, f64),
    /// Both control points, then the end point.
    CurveTo([f64; 6]),
    /// x, y, width, height.
    Rect([f64; 4]),
    Close,
}

/// What the interpreter reports to (pdf-extract's `OutputDev`, reduced to
/// what tassei uses).
pub(crate) trait Device {
    /// One shown code: `trm` maps text space (without the font size) to
    /// default user space; `width` is the advance per unit font size.
    fn glyph(
        &mut self,
        trm: &Matrix,
        width: f64,
        spacing: f64,
        font_size: f64,
    ) -> Result<(), Abort>;

    /// One shown code of a vertical font (`/WMode 1`): `trm` as for
    /// [`Device::glyph`], at the glyph's *vertical* origin (the top
    /// centre of its em box); `width` the horizontal advance per unit font
    /// size (the glyph's width); `v` the vector from the horizontal origin
    /// to the vertical one, per unit font size. pdf-extract has no
    /// vertical mode, so only tassei's interpreter reports these.
    fn vertical_glyph(
        &mut self,
        trm: &Matrix,
        width: f64,
        v: (f64, f64),
        font_size: f64,
    ) -> Result<(), Abort> {
        self.glyph(&vertical_origin(trm, v, font_size), width, 0.0, font_size)
    }

    /// A painted path (`fill`: filled, else stroked).
    fn path(&mut self, ctm: &Matrix, path: &[Seg], fill: bool) -> Result<(), Abort>;

    /// A glyph from the backend (pdf-extract), with the text it decoded
    /// (used only for codes the rewriter left to it).
    fn backend_glyph(
        &mut self,
        trm: &Matrix,
        width: f64,
        spacing: f64,
        font_size: f64,
        _text: &str,
    ) -> Result<(), Abort> {
        self.glyph(trm, width, spacing, font_size)
    }
}

/// Why interpretation stopped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum InterpError {
    /// The device refused more (a per-page limit).
    Abort(Abort),
    /// The operations break an invariant of the rewriter (a bug).
    Internal(&'static str),
}

impl From<Abort> for InterpError {
    fn from(a: Abort) -> Self {
        InterpError::Abort(a)
    }
}

/// Why pdf-extract has to read this page instead of the interpreter, if it
/// has to: a code whose text pdf-extract decodes (from its encoding and
/// glyph-name tables), a font whose metrics come from pdf-extract's
/// built-in tables, a Type3 font, or a font pdf-extract would parse an
/// embedded program of (see `SimpleFont::fallback_reason`).
pub(crate) fn fallback_reason(rw: &Rewritten, fonts: &FontTable) -> Option<&'static str> {
    let font = rw
        .fonts
        .iter()
        .find_map(|u| match &fonts.plan(u.plan).kind {
            PlanKind::Simple(sf) => sf.fallback_reason(u.shows),
            PlanKind::Synthetic(_) | PlanKind::Broken(_) => None,
        });
    if font.is_none() && rw.glyphs.asks_backend {
        return Some("codes without a ToUnicode entry (pdf-extract decodes them)");
    }
    font
}

/// The metrics of the current font.
#[derive(Clone, Copy)]
enum Metrics<'a> {
    /// A simple font: one-byte codes, advances from
    /// [`SimpleFont::widths`] (never missing for a font shown on an
    /// interpreted page, see [`fallback_reason`]).
    Simple(&'a SimpleFont),
    /// A re-encoded font: two-byte slots.
    Synthetic(&'a Synth),
}

#[derive(Clone, Copy)]
struct TextState<'a> {
    font: Option<Metrics<'a>>,
    font_size: f64,
    character_spacing: f64,
    word_spacing: f64,
    horizontal_scaling: f64,
    leading: f64,
    rise: f64,
    tm: Matrix,
}

#[derive(Clone, Copy)]
struct GraphicsState<'a> {
    ctm: Matrix,
    ts: TextState<'a>,
}

struct Interp<'a, 'd, D: Device> {
    fonts: &'a FontTable,
    dev: &'d mut D,
    gs: GraphicsState<'a>,
}

/// Run a rewritten page's operations, reporting to `dev`.
pub(crate) fn run<D: Device>(
    list: &OpList,
    fonts: &FontTable,
    dev: &mut D,
) -> Result<(), InterpError> {
    let mut it = Interp {
        fonts,
        dev,
        gs: GraphicsState {
            ctm: Matrix::IDENTITY,
            ts: TextState {
                font: None,
                font_size: f64::NAN,
                character_spacing: 0.0,
                word_spacing: 0.0,
                horizontal_scaling: 1.0,
                leading: 0.0,
                rise: 0.0,
                tm: Matrix::IDENTITY,
            },
        },
    };
    let mut stack: Vec<GraphicsState> = Vec::new();
    let mut tlm = Matrix::IDENTITY;
    let mut path: Vec<Seg> = Vec::new();
    for op in &list.ops {
        let gs = &mut it.gs;
        match *op {
            Op::Save => stack.push(*gs),
            Op::Restore => {
                if let Some(s) = stack.pop() {
                    *gs = s;
                }
            }
            Op::Concat(m) => gs.ctm = Matrix::from_array(m).then(&gs.ctm),
            Op::BeginText | Op::EndText => {
                tlm = Matrix::IDENTITY;
                gs.ts.tm = tlm;
            }
            Op::TextMatrix(m) => {
                tlm = Matrix::from_array(m);
                gs.ts.tm = tlm;
            }
            Op::MoveText(tx, ty) => {
                tlm = Matrix::translation(tx, ty).then(&tlm);
                gs.ts.tm = tlm;
            }
            Op::MoveTextSetLeading(tx, ty) => {
                gs.ts.leading = -ty;
                tlm = Matrix::translation(tx, ty).then(&tlm);
                gs.ts.tm = tlm;
            }
            Op::NextLine => {
                tlm = Matrix::translation(0.0, -gs.ts.leading).then(&tlm);
                gs.ts.tm = tlm;
            }
            Op::CharSpacing(v) => gs.ts.character_spacing = v,
            Op::WordSpacing(v) => gs.ts.word_spacing = v,
            Op::HorizontalScaling(v) => gs.ts.horizontal_scaling = v / 100.0,
            Op::Leading(v) => gs.ts.leading = v,
            Op::Rise(v) => gs.ts.rise = v,
            Op::Font { plan, size } => {
                gs.ts.font = match &it.fonts.plan(plan).kind {
                    PlanKind::Simple(sf) => Some(Metrics::Simple(sf)),
                    PlanKind::Synthetic(s) => Some(Metrics::Synthetic(s)),
                    PlanKind::Broken(_) => {
                        return Err(InterpError::Internal("a broken font was selected"))
                    }
                };
                gs.ts.font_size = size;
            }
            Op::Show { start, end } => {
                for item in list.items(start, end) {
                    match *item {
                        Item::Text { start, end } => it.show_text(list.text(start, end))?,
                        Item::Adjust(tj) if it.vertical() => {
                            // Vertical writing: down the column.
                            let ts = &mut it.gs.ts;
                            let ty = -tj / 1000.0 * ts.font_size;
                            ts.tm = Matrix::translation(0.0, ty).then(&ts.tm);
                        }
                        Item::Adjust(tj) => {
                            let ts = &mut it.gs.ts;
                            let w0 = 0.0;
                            let tx = ts.horizontal_scaling * ((w0 - tj / 1000.0) * ts.font_size);
                            ts.tm = Matrix::translation(tx, 0.0).then(&ts.tm);
                        }
                    }
                }
            }
            Op::MoveTo(x, y) => path.push(Seg::MoveTo(x, y)),
            Op::LineTo(x, y) => path.push(Seg::LineTo(x, y)),
            Op::CurveTo(c) => path.push(Seg::CurveTo(c)),
            Op::Rect(r) => path.push(Seg::Rect(r)),
            Op::Close => path.push(Seg::Close),
            Op::Stroke | Op::Fill => {
                let ctm = gs.ctm;
                it.dev.path(&ctm, &path, matches!(op, Op::Fill))?;
                path.clear();
            }
            Op::EndPath => path.clear(),
        }
    }
    Ok(())
}

impl<'a, D: Device> Interp<'a, '_, D> {
    /// One string of a `Tj`/`TJ` (pdf-extract's `show_text`).
    fn show_text(&mut self, bytes: &[u8]) -> Result<(), InterpError> {
        let Some(font) = self.gs.ts.font else {
            return Err(InterpError::Internal("text shown without a font"));
        };
        match font {
            Metrics::Simple(_) if bytes.is_empty() => {}
            Metrics::Simple(sf) => {
                // Looked up when shown: a font only selected is never
                // calibrated (`fonts.rs`).
                let widths = sf.widths().ok_or(InterpError::Internal(
                    "text shown in a font without metrics",
                ))?;
                for &b in bytes {
                    self.glyph(widths[b as usize], b == 32)?;
                }
            }
            Metrics::Synthetic(s) if s.vertical => {
                for pair in bytes.chunks_exact(2) {
                    let slot = u16::from_be_bytes([pair[0], pair[1]]);
                    self.vertical_glyph(s, slot)?;
                }
            }
            Metrics::Synthetic(s) => {
                // Identity-H: two bytes a code (a lone last byte is no code).
                for pair in bytes.chunks_exact(2) {
                    let slot = u16::from_be_bytes([pair[0], pair[1]]);
                    self.glyph(s.slot_advance(slot), false)?;
                }
            }
        }
        Ok(())
    }

    /// Whether the current font writes vertically.
    fn vertical(&self) -> bool {
        matches!(self.gs.ts.font, Some(Metrics::Synthetic(s)) if s.vertical)
    }

    /// One code of a vertical font: shown at the current point (its
    /// vertical origin), then the point moves down the column by the
    /// glyph's vertical advance (`w1y`, negative) and the character
    /// spacing (PDF 32000-1 §9.4.4; horizontal scaling does not apply).
    fn vertical_glyph(&mut self, s: &Synth, slot: u16) -> Result<(), InterpError> {
        let (w1y, vx, vy) = s.slot_vmetrics(slot);
        let gs = &mut self.gs;
        let ts = &mut gs.ts;
        let tsm = Matrix::row_major(1.0, 0.0, 0.0, 1.0, 0.0, ts.rise);
        let trm = tsm.then(&ts.tm.then(&gs.ctm));
        let width = s.slot_advance(slot) / 1000.0;
        self.dev
            .vertical_glyph(&trm, width, (vx / 1000.0, vy / 1000.0), ts.font_size)?;
        let ty = w1y / 1000.0 * ts.font_size + ts.character_spacing;
        ts.tm = Matrix::translation(0.0, ty).then(&ts.tm);
        Ok(())
    }

    /// One code of advance `advance` (glyph-space units).
    #[inline]
    fn glyph(&mut self, advance: f64, is_space: bool) -> Result<(), InterpError> {
        let gs = &mut self.gs;
        let ts = &mut gs.ts;
        let tsm = Matrix::row_major(ts.horizontal_scaling, 0.0, 0.0, 1.0, 0.0, ts.rise);
        let trm = tsm.then(&ts.tm.then(&gs.ctm));
        let w0 = advance / 1000.0;
        let mut spacing = ts.character_spacing;
        if is_space {
            spacing += ts.word_spacing;
        }
        self.dev.glyph(&trm, w0, spacing, ts.font_size)?;
        let tj = 0.0;
        let tx = ts.horizontal_scaling * ((w0 - tj / 1000.0) * ts.font_size + spacing);
        ts.tm = Matrix::translation(tx, 0.0).then(&ts.tm);
        Ok(())
    }
}

/// A vertical glyph's rendering matrix moved from its vertical origin back
/// to the horizontal one (`v`: the vector between them per unit font size),
/// where glyph boxes are measured.
pub(crate) fn vertical_origin(trm: &Matrix, v: (f64, f64), font_size: f64) -> Matrix {
    Matrix::translation(-v.0 * font_size, -v.1 * font_size).then(trm)
}
