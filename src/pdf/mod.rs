//! Stage 1 of the PDF path: positioned glyphs and ruling lines, per page.
//!
//! The output types here are tassei's own (no pdf-extract types leak out), so
//! the backend behind [`read_pdf`] can be fixed or replaced without touching
//! [`crate::layout`] and later stages. Coordinates are PDF points with the
//! origin at the top-left of the page (y grows downwards), like pdfplumber.
//!
//! How it works: the file is loaded with `lopdf`; every page's content stream
//! is parsed (`lexer.rs`) and rewritten into a small validated operator
//! subset, and every font it uses is repaired or re-encoded (`content.rs`,
//! `fonts.rs`, `cmap.rs`). tassei's interpreter (`interp.rs`) then runs the
//! rewritten operations directly, computing exactly what `pdf-extract`
//! 0.12.1 would for them, and the collector (`collect.rs`) turns shown codes
//! into [`Glyph`]s and painted paths into [`Rule`]s. What pdf-extract
//! alone knows of a simple font — the AFM widths of a standard-14 font
//! without `/Widths`, the text of codes decoded from the encoding — is
//! learned once per font by showing it every code (`calibrate.rs`). A page
//! the interpreter still cannot reproduce exactly (a Type3 font, a font
//! whose program pdf-extract parses, a font calibration failed for, … —
//! see `interp::fallback_reason`) is decided before
//! interpreting and handed whole to `pdf-extract` instead: the operations
//! are serialized, the fonts materialized into a one-page document, and
//! pdf-extract reports to the same collector. Panics of either engine are
//! contained (`guard.rs`).
//!
//! Rules: a horizontal rule has `top == bottom`, a vertical one `x0 == x1`.
//! Stroked lines and the four edges of stroked rectangles and of filled
//! rectangles at least 2 pt in both directions are rules; a filled rectangle
//! thinner than 2 pt is one rule along its centre line. Curves, non-rectangular
//! fills and anything painted pure white are not rules.

mod calibrate;
mod cidmetrics;
mod cmap;
mod collect;
mod collections;
mod content;
mod error;
mod fonts;
mod guard;
mod interp;
mod lenient;
mod lexer;
mod loader;
mod open;
mod pagebox;
mod repair;
mod streams;
mod syntax;
mod text;
mod tokens;
mod types;
mod vertical;
mod xref;

pub use error::PdfError;
pub use text::{page_text, text_layer_missing};
pub use types::{Document, Glyph, Page, Rule};

use crate::warning::{Warning, WarningClass};
use lopdf::{Dictionary, Object, ObjectId, Stream};

use collect::{Abort, CollectLimits, Collector, PageGeom};
use content::RewriteError;
use fonts::FontTable;
use open::{declared_pages, has_eof_marker, load};
use pagebox::{common_media_box, inherited, page_geom};
use streams::{Budget, DecodeError, Exceeded};

/// Resource limits for [`read_pdf`].
#[derive(Debug, Clone, PartialEq)]
pub struct PdfLimits {
    /// Largest file accepted, in bytes (default 64 MiB).
    pub max_file_bytes: u64,
    /// Most pages accepted (default 2,000).
    pub max_pages: u32,
    /// Most glyphs on one page (default 200,000; a dense A3 table page has
    /// about 10,000).
    pub max_glyphs_per_page: usize,
    /// Most ruling segments on one page (default 100,000).
    pub max_rules_per_page: usize,
    /// Most content operators on one page after inlining form XObjects
    /// (default 2,000,000).
    pub max_ops_per_page: usize,
    /// Largest decoded (inflated) size of one stream — page content, form
    /// XObject, CMap, ToUnicode map, font program — in bytes (default
    /// 64 MiB). Decoding stops at the limit, so a decompression bomb costs
    /// no more than this.
    pub max_stream_bytes: u64,
    /// Largest decoded size of all streams of the document together, in
    /// bytes (default 256 MiB); a form XObject counts each time it is drawn.
    pub max_total_stream_bytes: u64,
    /// Deepest nesting of form XObjects (default 12, at most
    /// [`MAX_FORM_DEPTH`]: forms are inlined recursively); a form that draws
    /// itself exceeds it.
    pub max_form_depth: usize,
    /// Most tokens (numbers, names, strings, brackets, …; `[` and `<<`
    /// count 4) lopdf may parse while loading: the objects of the file
    /// outside stream data and the decoded content of its object streams
    /// (default 3,000,000: lopdf holds at most about 160 bytes per token,
    /// ~480 MB at the limit; an 8-page Chromium report has 17,576).
    pub max_pdf_tokens: u64,
}

/// The largest [`PdfLimits::max_form_depth`] honoured (larger values are
/// treated as this), which keeps the recursion of form inlining shallow.
pub const MAX_FORM_DEPTH: usize = 64;

impl Default for PdfLimits {
    fn default() -> Self {
        PdfLimits {
            max_file_bytes: 64 * 1024 * 1024,
            max_pages: 2_000,
            max_glyphs_per_page: 200_000,
            max_rules_per_page: 100_000,
            max_ops_per_page: 2_000_000,
            max_stream_bytes: 64 * 1024 * 1024,
            max_total_stream_bytes: 256 * 1024 * 1024,
            max_form_depth: 12,
            max_pdf_tokens: 3_000_000,
        }
    }
}

/// Which engine turns a rewritten page into glyphs and rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) enum Engine {
    /// tassei's interpreter, and pdf-extract for the pages it leaves
    /// (`interp::fallback_reason`): what [`read_pdf`] uses.
    Auto,
    /// pdf-extract for every page: the reference the interpreter is tested
    /// against.
    PdfExtract,
}

/// Read a PDF into pages of glyphs and rules.
///
/// Errors: [`PdfError::NotPdf`], [`PdfError::TooLarge`], [`PdfError::Truncated`],
/// [`PdfError::Corrupt`], [`PdfError::Encrypted`] (PDFs that open with an empty
/// user password — "owner password only" — are read), [`PdfError::TooManyPages`],
/// [`PdfError::PageTooComplex`], [`PdfError::StreamTooLarge`],
/// [`PdfError::StreamsTooLarge`], [`PdfError::TooManyTokens`],
/// [`PdfError::UndecodableFont`] (text in an intact font tassei cannot
/// map to Unicode, or no text left but that of damaged fonts: a damaged
/// font otherwise loses only its own text, with a warning),
/// [`PdfError::NoTextLayer`] (no page has any text), [`PdfError::Panic`]
/// (the backend crashed). Never panics.
pub fn read_pdf(bytes: &[u8], limits: &PdfLimits) -> Result<Document, PdfError> {
    read_pdf_with(bytes, limits, Engine::Auto).map(|(doc, _)| doc)
}

/// [`read_pdf`] that goes on past a page it cannot decode: such a page is
/// returned without glyphs, and the [`PdfError::UndecodableFont`] that says
/// which font and why is listed beside the document. Every other error is
/// returned as by [`read_pdf`] (also [`PdfError::NoTextLayer`] when no page
/// has text and none failed to decode). What `tassei text` reads.
pub fn read_pdf_lenient(
    bytes: &[u8],
    limits: &PdfLimits,
) -> Result<(Document, Vec<PdfError>), PdfError> {
    match guard::contain(|| read_inner(bytes, limits, Engine::Auto, true)) {
        Ok(r) => r.map(|(doc, _, undecodable)| (doc, undecodable)),
        Err(detail) => Err(PdfError::Panic { page: 0, detail }),
    }
}

/// [`read_pdf`] with a choice of engine; also returns, for every page, why
/// pdf-extract read it (`None`: the interpreter did).
pub(crate) fn read_pdf_with(
    bytes: &[u8],
    limits: &PdfLimits,
    engine: Engine,
) -> Result<(Document, Vec<Option<&'static str>>), PdfError> {
    match guard::contain(|| read_inner(bytes, limits, engine, false)) {
        Ok(r) => r.map(|(doc, routes, _)| (doc, routes)),
        Err(detail) => Err(PdfError::Panic { page: 0, detail }),
    }
}

fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(*r as f64),
        _ => None,
    }
}

fn deref<'a>(doc: &'a lopdf::Document, mut o: &'a Object) -> &'a Object {
    for _ in 0..8 {
        match o {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(t) => o = t,
                Err(_) => return &Object::Null,
            },
            _ => return o,
        }
    }
    &Object::Null
}

/// A document holding one rewritten page and its fonts: what the backend
/// reads (its `get_pages` walks this tree, not the original one).
fn page_document(
    content: Vec<u8>,
    resources: Dictionary,
    fonts: Vec<(ObjectId, Object)>,
    geom: PageGeom,
) -> lopdf::Document {
    let mut d = lopdf::Document::new();
    let base = fonts.iter().map(|(id, _)| id.0).max().unwrap_or(0) + 1;
    for (id, o) in fonts {
        d.objects.insert(id, o);
    }
    let (cid, pid, tid, rid) = ((base, 0), (base + 1, 0), (base + 2, 0), (base + 3, 0));
    d.objects
        .insert(cid, Object::Stream(Stream::new(Dictionary::new(), content)));
    let mut page = Dictionary::new();
    page.set("Type", Object::Name(b"Page".to_vec()));
    page.set("Parent", Object::Reference(tid));
    page.set("Contents", Object::Reference(cid));
    page.set("Resources", Object::Dictionary(resources));
    let m = [geom.llx, geom.lly, geom.urx, geom.ury];
    page.set(
        "MediaBox",
        Object::Array(m.iter().map(|v| Object::Real(*v as f32)).collect()),
    );
    d.objects.insert(pid, Object::Dictionary(page));
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set("Kids", Object::Array(vec![Object::Reference(pid)]));
    tree.set("Count", Object::Integer(1));
    d.objects.insert(tid, Object::Dictionary(tree));
    let mut cat = Dictionary::new();
    cat.set("Type", Object::Name(b"Catalog".to_vec()));
    cat.set("Pages", Object::Reference(tid));
    d.objects.insert(rid, Object::Dictionary(cat));
    d.trailer.set("Root", Object::Reference(rid));
    d.max_id = base + 3;
    d
}

/// A document, the engine of each page, and (lenient reading) the pages
/// that could not be decoded.
type ReadResult = (Document, Vec<Option<&'static str>>, Vec<PdfError>);

fn read_inner(
    bytes: &[u8],
    limits: &PdfLimits,
    engine: Engine,
    lenient: bool,
) -> Result<ReadResult, PdfError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(PdfError::TooLarge {
            bytes: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    let too_large = |e: Exceeded| match e {
        Exceeded::Stream => PdfError::StreamTooLarge {
            limit: limits.max_stream_bytes,
        },
        Exceeded::Total => PdfError::StreamsTooLarge {
            limit: limits.max_total_stream_bytes,
        },
    };
    let (doc, load_warnings) = load(bytes, limits)?;
    let pages: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    if pages.is_empty() {
        return Err(if has_eof_marker(bytes) {
            PdfError::Corrupt {
                detail: "no pages found".into(),
            }
        } else {
            PdfError::Truncated {
                detail: "no pages found".into(),
            }
        });
    }
    if pages.len() as u64 > limits.max_pages as u64 {
        return Err(PdfError::TooManyPages {
            pages: pages.len() as u32,
            limit: limits.max_pages,
        });
    }

    {
        let mut seen = std::collections::HashSet::with_capacity(pages.len());
        if let Some(&(number, _)) = pages.iter().find(|(_, id)| !seen.insert(*id)) {
            return Err(PdfError::Corrupt {
                detail: format!("the page tree is cyclic (page {number} repeats an earlier page)"),
            });
        }
    }

    // Page by page: rewrite the content and fonts (`content.rs`), then
    // interpret the result (`interp.rs`), or hand pdf-extract a document
    // holding only that page, so it never sees the original file's
    // structure (page tree, filters, references).
    let mut fonts = FontTable::new(
        &doc,
        Budget::new(limits.max_stream_bytes, limits.max_total_stream_bytes),
    );
    let max_depth = limits.max_form_depth.min(MAX_FORM_DEPTH);
    let climits = CollectLimits {
        max_glyphs: limits.max_glyphs_per_page,
        max_rules: limits.max_rules_per_page,
    };
    let mut out = Document {
        pages: Vec::with_capacity(pages.len()),
        warnings: load_warnings,
    };
    if let Some(declared) = declared_pages(&doc).filter(|&n| n > pages.len()) {
        out.warnings.push(Warning::new(
            WarningClass::PagesMissing,
            format!(
                "the page tree declares {declared} pages; {} could be read",
                pages.len()
            ),
        ));
    }
    let usual_box = common_media_box(&doc, &pages);
    let mut routes = Vec::with_capacity(pages.len());
    let mut undecodable = Vec::new();
    let mut private_use_reported = std::collections::HashSet::new();
    // A page given up on: in lenient reading, kept empty with the reason.
    let mut give_up = |e: PdfError, number: u32, geom: PageGeom, out: &mut Document| {
        if !lenient {
            return Err(e);
        }
        let (width, height) = geom.size();
        out.pages.push(Page {
            number,
            width,
            height,
            ..Page::default()
        });
        undecodable.push(e);
        Ok(())
    };
    let mut any_glyph = false;
    // The first font whose text was left out, the error when no text is left.
    let mut first_dropped = None;
    let mut first_image_page = None;
    for &(number, page_id) in &pages {
        let cut_before = fonts.budget.cut();
        let page = doc
            .get_object(page_id)
            .and_then(Object::as_dict)
            .map_err(|_| PdfError::Corrupt {
                detail: format!("page {number} is missing"),
            })?;
        let (geom, replaced) = page_geom(&doc, page, usual_box);
        if replaced {
            out.warnings.push(
                Warning::new(
                    WarningClass::PdfRepaired,
                    format!(
                        "no usable /MediaBox; page read with a {:.0} × {:.0} pt box",
                        geom.urx - geom.llx,
                        geom.ury - geom.lly
                    ),
                )
                .on_page(number),
            );
        }
        let mut contents = Vec::new();
        for sid in doc.get_page_contents(page_id) {
            if let Ok(Object::Stream(s)) = doc.get_object(sid) {
                let data = match fonts.budget.decode(s) {
                    Ok(d) => d,
                    Err(DecodeError::TooLarge(e)) => return Err(too_large(e)),
                    Err(DecodeError::Damaged) => {
                        return Err(PdfError::Corrupt {
                            detail: format!(
                                "page {number}: a content stream cannot be decompressed"
                            ),
                        })
                    }
                };
                contents.extend_from_slice(&data);
                contents.push(b'\n');
            }
        }
        let resources = inherited(&doc, page, b"Resources").and_then(|o| o.as_dict().ok());
        let rw = content::rewrite_page(
            &doc,
            &mut fonts,
            &contents,
            resources,
            limits.max_ops_per_page,
            max_depth,
        );
        drop(contents);
        // A stream over the budget may also have surfaced as a broken font.
        if let Some(e) = fonts.budget.exceeded() {
            return Err(too_large(e));
        }
        let mut rw = rw.map_err(|e| match e {
            RewriteError::Damaged(d) => PdfError::Corrupt {
                detail: format!("page {number}: {d}"),
            },
            RewriteError::TooManyOps => PdfError::PageTooComplex {
                page: number,
                what: "drawing operators",
                limit: limits.max_ops_per_page,
            },
            RewriteError::TooDeep => PdfError::PageTooComplex {
                page: number,
                what: "levels of nested form XObjects",
                limit: max_depth,
            },
            RewriteError::TooLarge => too_large(Exceeded::Total),
        })?;
        // Damaged fonts: read with what remains, or their text left out.
        let damaged = fonts::page_warnings(
            &fonts,
            rw.fonts
                .iter()
                .zip(&rw.used_fonts)
                .map(|(u, name)| (u.plan, name.as_str(), u.dropped)),
            number,
        );
        if let (None, Some((font, detail))) = (&first_dropped, damaged.dropped) {
            first_dropped = Some(PdfError::UndecodableFont {
                page: number,
                font,
                detail,
            });
        }
        let damaged_font = !damaged.warnings.is_empty();
        out.warnings.extend(damaged.warnings);
        if let Some(bad) = &rw.bad_font {
            let e = PdfError::UndecodableFont {
                page: number,
                font: bad.font.clone(),
                detail: bad.detail.clone(),
            };
            give_up(e, number, geom, &mut out)?;
            routes.push(None);
            continue;
        }
        // Decided before interpreting: a page either engine reads whole.
        let fallback = match engine {
            Engine::Auto => interp::fallback_reason(&rw, &fonts),
            Engine::PdfExtract => Some("pdf-extract forced"),
        };
        let mut dev = Collector::new(number, geom, climits, std::mem::take(&mut rw.glyphs));
        let res = match fallback {
            None => guard::contain(|| interp::run(&rw.ops, &fonts, &mut dev)).map(|r| {
                r.map_err(|e| match e {
                    interp::InterpError::Abort(_) => String::new(),
                    interp::InterpError::Internal(what) => format!("internal error: {what}"),
                })
            }),
            Some(_) => {
                let (content, resources) = content::backend_page(&rw, &mut fonts);
                let single = page_document(
                    content,
                    resources,
                    std::mem::take(&mut fonts.new_objects),
                    geom,
                );
                guard::contain(|| {
                    pdf_extract::output_doc_page(&single, &mut collect::Backend::new(&mut dev), 1)
                })
                .map(|r| r.map_err(|e| e.to_string()))
            }
        };
        drop(rw.ops);
        match res {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                return Err(match dev.abort {
                    Some(Abort::Glyphs) => PdfError::PageTooComplex {
                        page: number,
                        what: "glyphs",
                        limit: limits.max_glyphs_per_page,
                    },
                    Some(Abort::Rules) => PdfError::PageTooComplex {
                        page: number,
                        what: "ruling lines",
                        limit: limits.max_rules_per_page,
                    },
                    None if fallback.is_none() => PdfError::Panic {
                        page: number,
                        detail: e,
                    },
                    None => PdfError::Corrupt {
                        detail: format!("page {number}: {e}"),
                    },
                });
            }
            Err(detail) => {
                return Err(PdfError::Panic {
                    page: number,
                    detail,
                })
            }
        }
        if dev.calls != dev.texts.spans.len() {
            // The engine did not show exactly the codes the rewriter emitted;
            // the side-channel text would be misaligned.
            return Err(PdfError::Panic {
                page: number,
                detail: format!(
                    "internal error: {} glyphs shown, {} expected",
                    dev.calls,
                    dev.texts.spans.len()
                ),
            });
        }
        // Glyphs that came out as no text at all: the font lacks mappings.
        // (A damaged font's glyphs may decode to nothing: it has warned.)
        if dev.empty >= 3 && dev.empty * 10 > dev.calls && !damaged_font {
            let font = if rw.used_fonts.is_empty() {
                "(unknown)".to_string()
            } else {
                rw.used_fonts.join(", ")
            };
            let e = PdfError::UndecodableFont {
                page: number,
                font,
                detail: format!(
                    "has {} of {} glyphs without a Unicode mapping",
                    dev.empty, dev.calls
                ),
            };
            give_up(e, number, geom, &mut out)?;
            routes.push(fallback);
            continue;
        }
        dev.finish();
        any_glyph |= !dev.page.glyphs.is_empty();
        for (u, name) in rw.fonts.iter().zip(&rw.used_fonts) {
            if u.private_use > 0 && private_use_reported.insert(u.plan) {
                out.warnings.push(
                    Warning::new(
                        WarningClass::PrivateUseGlyphs,
                        format!(
                            "font {name} shows {} glyph(s) whose text is a private-use code point (a glyph only that font can draw); their text is kept as is and may be wrong",
                            u.private_use
                        ),
                    )
                    .on_page(number),
                );
            }
        }
        if rw.has_images && first_image_page.is_none() {
            first_image_page = Some(number);
        }
        if fonts.budget.cut() > cut_before {
            out.warnings.push(
                Warning::new(
                    WarningClass::StreamDamaged,
                    "a stream of the page (content or font) is damaged and was decoded only in part",
                )
                .on_page(number),
            );
        }
        if let Some(reason) = fallback.filter(|_| matches!(engine, Engine::Auto)) {
            out.warnings.push(
                Warning::new(
                    WarningClass::FontFallback,
                    format!("read by the fallback engine: {reason}"),
                )
                .on_page(number),
            );
        }
        out.pages.push(dev.page);
        routes.push(fallback);
    }
    if !any_glyph && undecodable.is_empty() {
        if let Some(e) = first_dropped {
            return Err(e);
        }
        // Name the first page that has an image (a scan), else page 1.
        return Err(PdfError::NoTextLayer {
            page: first_image_page.unwrap_or(1),
        });
    }
    Ok((out, routes, undecodable))
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_cid;
#[cfg(test)]
mod tests_damage;
#[cfg(test)]
mod tests_interp;
