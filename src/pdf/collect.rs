//! The collector: positioned glyphs and ruling lines from what the
//! interpreter reports.
//!
//! Two engines report to it (see `mod.rs`): tassei's interpreter
//! (`interp.rs`, through [`Device`]) and, for pages it leaves to the
//! backend, `pdf-extract` 0.12.1 (through [`Backend`], the thin
//! [`OutputDev`] adapter at the end, which converts its types). Both report the same values:
//! * a glyph: `trm` is `Tsm × Tm × CTM` *without* the font size (Tsm holds
//!   only horizontal scaling and rise), mapping text space to default user
//!   space (y up); `width` is the glyph advance in text-space units per
//!   unit font size (`/W` or `/Widths` ÷ 1000). Its text comes from the
//!   rewriter's side channel (`content.rs`), or — only on pdf-extract
//!   pages — from pdf-extract's decoding (possibly several chars, or empty
//!   when the font has no mapping);
//! * a path: coordinates in the space of the `ctm` it is painted with.
//!
//! Glyph boxes: the advance box from the baseline origin, from
//! `DESCENT` × size below the baseline to (1 − `DESCENT`) × size above it
//! (pdfplumber uses the font's descent; a fixed 0.2 is close for CJK fonts).

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

use super::content::GlyphTexts;
use super::interp::{Device, Matrix, Seg};
use super::types::{Glyph, Page, Rule};

/// Fraction of the font size below the baseline.
const DESCENT: f64 = 0.2;
/// A filled (or stroked) rectangle thinner than this (points) in one
/// dimension is one ruling segment.
const THIN: f64 = 2.0;
/// Shortest rule kept (points).
const MIN_RULE: f64 = 1.0;

/// The visible box of a page and its rotation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageGeom {
    pub(crate) llx: f64,
    pub(crate) lly: f64,
    pub(crate) urx: f64,
    pub(crate) ury: f64,
    /// 0, 90, 180 or 270 (clockwise, as displayed).
    pub(crate) rotate: i32,
}

impl PageGeom {
    fn unrotated_size(&self) -> (f64, f64) {
        (self.urx - self.llx, self.ury - self.lly)
    }

    /// Displayed width and height.
    pub(crate) fn size(&self) -> (f64, f64) {
        let (w, h) = self.unrotated_size();
        if self.rotate == 90 || self.rotate == 270 {
            (h, w)
        } else {
            (w, h)
        }
    }

    /// Default user space (y up) → displayed page space (top-left, y down).
    #[inline]
    fn map(&self, x: f64, y: f64) -> (f64, f64) {
        match self.rotate {
            90 => (y - self.lly, x - self.llx),
            180 => (self.urx - x, y - self.lly),
            270 => (self.ury - y, self.urx - x),
            _ => (x - self.llx, self.ury - y),
        }
    }
}

/// Per-page limits the collector enforces.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CollectLimits {
    pub(crate) max_glyphs: usize,
    pub(crate) max_rules: usize,
}

/// Why the collector stopped the backend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Abort {
    Glyphs,
    Rules,
}

pub(crate) struct Collector {
    geom: PageGeom,
    limits: CollectLimits,
    pub(crate) page: Page,
    /// Characters the backend delivered as empty text (no Unicode mapping).
    pub(crate) empty: usize,
    /// Total `output_character` calls.
    pub(crate) calls: usize,
    pub(crate) abort: Option<Abort>,
    pts: Vec<(f64, f64, bool)>,
    /// The text of each code, in showing order (from the rewriter).
    pub(crate) texts: GlyphTexts,
    /// Glyphs of vertical fonts, with their real boxes, in showing order
    /// (laid out by [`Collector::finish`], see `vertical.rs`).
    vertical: Vec<Glyph>,
}

#[inline]
fn apply(t: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (x * t.m11 + y * t.m21 + t.m31, x * t.m12 + y * t.m22 + t.m32)
}

fn matrix(t: &Transform) -> Matrix {
    Matrix::row_major(t.m11, t.m12, t.m21, t.m22, t.m31, t.m32)
}

fn stop() -> OutputError {
    OutputError::FormatError(std::fmt::Error)
}

impl Collector {
    pub(crate) fn new(
        number: u32,
        geom: PageGeom,
        limits: CollectLimits,
        texts: GlyphTexts,
    ) -> Collector {
        let (width, height) = geom.size();
        Collector {
            geom,
            limits,
            page: Page {
                number,
                width,
                height,
                // One glyph per code, typically.
                glyphs: Vec::with_capacity(texts.spans.len().min(limits.max_glyphs)),
                rules: Vec::new(),
            },
            empty: 0,
            calls: 0,
            abort: None,
            pts: Vec::new(),
            texts,
            vertical: Vec::new(),
        }
    }

    /// Complete the page: vertical text becomes lines (`vertical.rs`).
    pub(crate) fn finish(&mut self) {
        if !self.vertical.is_empty() {
            let glyphs = std::mem::take(&mut self.vertical);
            super::vertical::lay_out(&glyphs, &mut self.page.glyphs);
        }
    }

    fn push_rule(&mut self, x0: f64, top: f64, x1: f64, bottom: f64) -> Result<(), Abort> {
        let (w, h) = (self.page.width, self.page.height);
        let r = Rule {
            x0: x0.min(x1),
            top: top.min(bottom),
            x1: x0.max(x1),
            bottom: top.max(bottom),
        };
        if !(r.x0.is_finite() && r.x1.is_finite() && r.top.is_finite() && r.bottom.is_finite()) {
            return Ok(());
        }
        if r.x1 < -1.0 || r.x0 > w + 1.0 || r.bottom < -1.0 || r.top > h + 1.0 {
            return Ok(());
        }
        if (r.x1 - r.x0).max(r.bottom - r.top) < MIN_RULE {
            return Ok(());
        }
        if self.page.rules.len() >= self.limits.max_rules {
            self.abort = Some(Abort::Rules);
            return Err(Abort::Rules);
        }
        self.page.rules.push(r);
        Ok(())
    }

    /// Rules for an axis-aligned rectangle (page coordinates).
    fn rect_rules(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) -> Result<(), Abort> {
        let (l, r) = (x0.min(x1), x0.max(x1));
        let (t, b) = (y0.min(y1), y0.max(y1));
        let (w, h) = (r - l, b - t);
        if w < THIN && h < THIN {
            Ok(())
        } else if h < THIN {
            let y = (t + b) / 2.0;
            self.push_rule(l, y, r, y)
        } else if w < THIN {
            let x = (l + r) / 2.0;
            self.push_rule(x, t, x, b)
        } else {
            self.push_rule(l, t, r, t)?;
            self.push_rule(l, b, r, b)?;
            self.push_rule(l, t, l, b)?;
            self.push_rule(r, t, r, b)
        }
    }

    /// Handle the subpath collected in `self.pts`.
    fn flush_subpath(&mut self, closed: bool, fill: bool) -> Result<(), Abort> {
        let mut pts = std::mem::take(&mut self.pts);
        let res = self.subpath_rules(&pts, closed, fill);
        pts.clear();
        self.pts = pts;
        res
    }

    fn subpath_rules(
        &mut self,
        pts: &[(f64, f64, bool)],
        closed: bool,
        fill: bool,
    ) -> Result<(), Abort> {
        if pts.len() < 2 {
            return Ok(());
        }
        let all_straight = pts.iter().skip(1).all(|p| p.2);
        if all_straight {
            if let Some((x0, y0, x1, y1)) = as_rect(pts) {
                return self.rect_rules(x0, y0, x1, y1);
            }
        }
        if fill {
            // Only rectangles of a fill are rules.
            return Ok(());
        }
        let n = pts.len();
        let segs = if closed { n } else { n - 1 };
        for i in 0..segs {
            let (a, b) = (pts[i], pts[(i + 1) % n]);
            if !b.2 && i + 1 < n {
                continue; // a curve
            }
            let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
            if dy <= 1.0 && dy <= 0.05 * dx {
                let y = (a.1 + b.1) / 2.0;
                self.push_rule(a.0, y, b.0, y)?;
            } else if dx <= 1.0 && dx <= 0.05 * dy {
                let x = (a.0 + b.0) / 2.0;
                self.push_rule(x, a.1, x, b.1)?;
            }
        }
        Ok(())
    }

    fn add_path(&mut self, ctm: &Matrix, path: &[Seg], fill: bool) -> Result<(), Abort> {
        let g = self.geom;
        let to_page = |x: f64, y: f64| {
            let (ux, uy) = apply(ctm, x, y);
            g.map(ux, uy)
        };
        self.pts.clear();
        for s in path {
            match *s {
                Seg::MoveTo(x, y) => {
                    self.flush_subpath(false, fill)?;
                    let (px, py) = to_page(x, y);
                    self.pts.push((px, py, true));
                }
                Seg::LineTo(x, y) => {
                    let (px, py) = to_page(x, y);
                    self.pts.push((px, py, true));
                }
                Seg::CurveTo([_, _, _, _, x, y]) => {
                    let (px, py) = to_page(x, y);
                    self.pts.push((px, py, false));
                }
                Seg::Rect([x, y, w, h]) => {
                    self.flush_subpath(false, fill)?;
                    for (cx, cy) in [(x, y), (x + w, y), (x + w, y + h), (x, y + h)] {
                        let (px, py) = to_page(cx, cy);
                        self.pts.push((px, py, true));
                    }
                    self.flush_subpath(true, fill)?;
                }
                Seg::Close => {
                    self.flush_subpath(true, fill)?;
                }
            }
        }
        self.flush_subpath(false, fill)
    }

    /// One shown code (see the module docs); `backend_text` is the text
    /// pdf-extract decoded, used only for codes the rewriter left to it.
    fn add_glyph(
        &mut self,
        trm: &Matrix,
        width: f64,
        font_size: f64,
        backend_text: &str,
    ) -> Result<(), Abort> {
        let text = self.texts.get(self.calls).unwrap_or(backend_text);
        self.calls += 1;
        let n = text.chars().filter(|c| !c.is_control()).count();
        if n == 0 {
            if text.is_empty() || text.chars().all(|c| c == '\0') {
                self.empty += 1;
            }
            return Ok(());
        }
        let (ox, oy) = (trm.m31, trm.m32);
        let (ax, ay) = (width * font_size * trm.m11, width * font_size * trm.m12);
        let (ux, uy) = (font_size * trm.m21, font_size * trm.m22);
        let size = font_size.abs() * trm.m21.hypot(trm.m22);
        if !(ox.is_finite()
            && oy.is_finite()
            && ax.is_finite()
            && ay.is_finite()
            && ux.is_finite()
            && uy.is_finite())
        {
            return Ok(());
        }
        let (pw, ph) = (self.page.width, self.page.height);
        let g = self.geom;
        let step = 1.0 / n as f64;
        for (k, ch) in text.chars().filter(|c| !c.is_control()).enumerate() {
            let (s, e) = (k as f64 * step, (k + 1) as f64 * step);
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for (fa, fu) in [
                (s, -DESCENT),
                (s, 1.0 - DESCENT),
                (e, -DESCENT),
                (e, 1.0 - DESCENT),
            ] {
                let (px, py) = g.map(ox + ax * fa + ux * fu, oy + ay * fa + uy * fu);
                x0 = x0.min(px);
                y0 = y0.min(py);
                x1 = x1.max(px);
                y1 = y1.max(py);
            }
            // Text entirely off the page is invisible.
            if x1 < 0.0 || x0 > pw || y1 < 0.0 || y0 > ph {
                continue;
            }
            if self.page.glyphs.len() >= self.limits.max_glyphs {
                self.abort = Some(Abort::Glyphs);
                return Err(Abort::Glyphs);
            }
            self.page.glyphs.push(Glyph {
                ch,
                x0,
                top: y0,
                x1,
                bottom: y1,
                size,
            });
        }
        Ok(())
    }
}

impl Device for Collector {
    #[inline]
    fn glyph(
        &mut self,
        trm: &Matrix,
        width: f64,
        _spacing: f64,
        font_size: f64,
    ) -> Result<(), Abort> {
        self.add_glyph(trm, width, font_size, "")
    }

    fn backend_glyph(
        &mut self,
        trm: &Matrix,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), Abort> {
        self.add_glyph(trm, width, font_size, text)
    }

    fn vertical_glyph(
        &mut self,
        trm: &Matrix,
        width: f64,
        v: (f64, f64),
        font_size: f64,
    ) -> Result<(), Abort> {
        let origin = super::interp::vertical_origin(trm, v, font_size);
        let start = self.page.glyphs.len();
        self.add_glyph(&origin, width, font_size, "")?;
        // Set apart (their count still checked against the limit above).
        if self.page.glyphs.len() > start {
            if self.vertical.len() + self.page.glyphs.len() > self.limits.max_glyphs {
                self.abort = Some(Abort::Glyphs);
                return Err(Abort::Glyphs);
            }
            self.vertical.extend(self.page.glyphs.drain(start..));
        }
        Ok(())
    }

    fn path(&mut self, ctm: &Matrix, path: &[Seg], fill: bool) -> Result<(), Abort> {
        self.add_path(ctm, path, fill)
    }
}

/// If the points form an axis-aligned rectangle, its corners.
fn as_rect(pts: &[(f64, f64, bool)]) -> Option<(f64, f64, f64, f64)> {
    const EPS: f64 = 0.05;
    let mut n = pts.len();
    if n == 5 && (pts[4].0 - pts[0].0).abs() < EPS && (pts[4].1 - pts[0].1).abs() < EPS {
        n = 4;
    }
    if n != 4 {
        return None;
    }
    let p = &pts[..4];
    for i in 0..4 {
        let (a, b) = (p[i], p[(i + 1) % 4]);
        let horizontal = (a.1 - b.1).abs() < EPS;
        let vertical = (a.0 - b.0).abs() < EPS;
        if horizontal == vertical {
            return None; // slanted, or a zero-length edge
        }
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for q in p {
        x0 = x0.min(q.0);
        y0 = y0.min(q.1);
        x1 = x1.max(q.0);
        y1 = y1.max(q.1);
    }
    Some((x0, y0, x1, y1))
}

/// pdf-extract's interface, for the pages it reads (the fallback): reports
/// to any [`Device`] in tassei's types, so the collector (and the parity
/// tests' recorder) have one implementation each, shared by both engines.
pub(crate) struct Backend<'a, D: Device> {
    dev: &'a mut D,
    /// Reused buffer for converted paths.
    segs: Vec<Seg>,
}

impl<'a, D: Device> Backend<'a, D> {
    pub(crate) fn new(dev: &'a mut D) -> Self {
        Backend {
            dev,
            segs: Vec::new(),
        }
    }

    fn path(&mut self, ctm: &Transform, path: &Path, fill: bool) -> Result<(), OutputError> {
        self.segs.clear();
        self.segs.extend(path.ops.iter().map(|o| match *o {
            PathOp::MoveTo(x, y) => Seg::MoveTo(x, y),
            PathOp::LineTo(x, y) => Seg::LineTo(x, y),
            PathOp::CurveTo(a, b, c, d, e, f) => Seg::CurveTo([a, b, c, d, e, f]),
            PathOp::Rect(x, y, w, h) => Seg::Rect([x, y, w, h]),
            PathOp::Close => Seg::Close,
        }));
        self.dev
            .path(&matrix(ctm), &self.segs, fill)
            .map_err(|_| stop())
    }
}

impl<D: Device> OutputDev for Backend<'_, D> {
    fn begin_page(
        &mut self,
        _page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        self.dev
            .backend_glyph(&matrix(trm), width, spacing, font_size, text)
            .map_err(|_| stop())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _cs: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.path(ctm, path, false)
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _cs: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.path(ctm, path, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_maps_corners() {
        let g = PageGeom {
            llx: 0.0,
            lly: 0.0,
            urx: 100.0,
            ury: 200.0,
            rotate: 0,
        };
        assert_eq!(g.map(0.0, 200.0), (0.0, 0.0));
        let g = PageGeom { rotate: 90, ..g };
        assert_eq!(g.size(), (200.0, 100.0));
        // top-left of the unrotated page goes to the top-right
        assert_eq!(g.map(0.0, 200.0), (200.0, 0.0));
        let g = PageGeom { rotate: 270, ..g };
        assert_eq!(g.map(0.0, 200.0), (0.0, 100.0));
        let g = PageGeom { rotate: 180, ..g };
        assert_eq!(g.map(0.0, 200.0), (100.0, 200.0));
    }

    #[test]
    fn rect_detection() {
        let p = [
            (0.0, 0.0, true),
            (10.0, 0.0, true),
            (10.0, 0.5, true),
            (0.0, 0.5, true),
            (0.0, 0.0, true),
        ];
        assert_eq!(as_rect(&p), Some((0.0, 0.0, 10.0, 0.5)));
        let slanted = [
            (0.0, 0.0, true),
            (10.0, 1.0, true),
            (10.0, 5.0, true),
            (0.0, 5.0, true),
        ];
        assert_eq!(as_rect(&slanted), None);
    }
}
