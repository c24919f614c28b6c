//! Font inspection and rewriting, for tassei's interpreter and pdf-extract.
//!
//! Every font a page uses gets a *plan*, and — only when the page is left to
//! pdf-extract — a new font object (the original objects are never
//! modified). The interpreter (`interp.rs`) reads the same widths
//! pdf-extract would read from that object ([`SimpleFont::widths`],
//! [`Synth::slot_advance`]); a font whose metrics only pdf-extract has
//! sends its pages to it ([`SimpleFont::fallback_reason`]).
//!
//! * simple fonts (Type1, TrueType, Type3) are copied with the entries that
//!   make `pdf-extract` 0.12.1 panic or misread repaired (unknown encoding
//!   names, malformed `/Differences`, `/Widths` that disagree with
//!   `/LastChar`, …); their strings pass unchanged, and their ToUnicode map is
//!   parsed by tassei (see `content.rs` for how the text reaches the output);
//! * composite (Type0) fonts are always *re-encoded*: tassei splits each shown
//!   string into codes with the font's real CMap (predefined CMaps such as
//!   `UniJIS-UCS2-H` or `90ms-RKSJ-H`, embedded CMaps, Identity), decodes them
//!   itself (ToUnicode first, then the CMap's own charset), and gives every
//!   distinct code a 2-byte *slot*. The content rewriter replaces the strings
//!   by slot strings, and the synthetic font handed to `pdf-extract` is an
//!   `Identity-H` font whose `/W` is keyed by slot. This sidesteps
//!   pdf-extract's panic on predefined CMaps, its broken embedded-CMap parser
//!   and its misreading of `/W` ranges (`first last width`).
//! * a damaged font (its dictionary, ToUnicode map, widths, encoding or
//!   descriptor) is read with what remains, or its text left out when
//!   nothing decodes it; each page that uses it warns (`damage.rs`).

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::cidmetrics::{parse_w, parse_w2};
use super::cmap::{self, CodeScheme, Predefined};
use super::collections::{self, Collection};
use super::streams::Budget;

mod damage;
mod encoding;
mod simple;
mod synth;

pub(crate) use damage::{page_warnings, Damage};

use simple::sanitize_simple;
pub(crate) use simple::SimpleFont;
pub(crate) use synth::{Slot, Synth};

/// Index of a plan in [`FontTable`].
pub(crate) type PlanId = usize;

/// What tassei does with one font.
pub(crate) enum PlanKind {
    /// Sanitized copy; strings unchanged.
    Simple(Box<SimpleFont>),
    /// Re-encoded into slots.
    Synthetic(Box<Synth>),
    /// The font's text cannot be decoded; the reason completes the sentence
    /// "font F1 on page 2 …". With [`FontPlan::damage`], its text is left
    /// out (with a warning); without, the page cannot be read.
    Broken(String),
}

pub(crate) struct FontPlan {
    /// Resource name in the rewritten page resources.
    pub(crate) res_name: Vec<u8>,
    pub(crate) kind: PlanKind,
    /// What of the font resource is damaged (`damage.rs`); each page that
    /// uses the font warns of it.
    pub(crate) damage: Damage,
}

#[derive(Hash, PartialEq, Eq, Clone, Copy)]
enum FontKey {
    Obj(ObjectId),
    Direct(usize),
}

/// All font plans of a document, and the new objects they need.
pub(crate) struct FontTable {
    plans: Vec<FontPlan>,
    by_key: HashMap<FontKey, PlanId>,
    next_id: u32,
    /// New objects created so far.
    pub(crate) new_objects: Vec<(ObjectId, Object)>,
    /// Decoded-bytes budget of the document (every stream read goes through it).
    pub(crate) budget: Budget,
}

pub(super) fn num(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(*r as f64),
        _ => None,
    }
}

pub(super) fn deref<'a>(doc: &'a Document, mut o: &'a Object) -> &'a Object {
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

fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> &'a Object {
    d.get(key).map(|o| deref(doc, o)).unwrap_or(&Object::Null)
}

/// `o` with references resolved (one level into arrays), so that it can be
/// used outside `doc`.
fn self_contained(doc: &Document, o: &Object) -> Object {
    match deref(doc, o) {
        Object::Array(a) => Object::Array(a.iter().map(|x| deref(doc, x).clone()).collect()),
        other => other.clone(),
    }
}

fn name_str(o: &Object) -> Option<String> {
    o.as_name()
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

impl FontTable {
    pub(crate) fn new(doc: &Document, budget: Budget) -> FontTable {
        FontTable {
            plans: Vec::new(),
            by_key: HashMap::new(),
            next_id: doc.max_id + 1,
            new_objects: Vec::new(),
            budget,
        }
    }

    pub(crate) fn plan(&self, id: PlanId) -> &FontPlan {
        &self.plans[id]
    }

    pub(crate) fn plan_mut(&mut self, id: PlanId) -> &mut FontPlan {
        &mut self.plans[id]
    }

    /// The plan for the font resource value `value` (a reference or a dict).
    pub(crate) fn plan_for(&mut self, doc: &Document, value: &Object) -> PlanId {
        let key = match value {
            Object::Reference(id) => FontKey::Obj(*id),
            other => FontKey::Direct(other as *const Object as usize),
        };
        if let Some(&p) = self.by_key.get(&key) {
            return p;
        }
        let id = self.plans.len();
        let res_name = format!("TF{}", id).into_bytes();
        let plan = match deref(doc, value).as_dict() {
            Ok(dict) => self.make_plan(doc, dict, res_name),
            Err(_) => FontPlan {
                res_name,
                kind: PlanKind::Broken("is damaged (not a font dictionary)".into()),
                damage: Damage(vec!["the font resource is not a dictionary".into()]),
            },
        };
        self.plans.push(plan);
        self.by_key.insert(key, id);
        id
    }

    fn make_plan(&mut self, doc: &Document, font: &Dictionary, res_name: Vec<u8>) -> FontPlan {
        let subtype = name_str(get(doc, font, b"Subtype")).unwrap_or_default();
        let mut damage = Damage::default();
        let kind = if subtype == "Type0" {
            match self.make_synth(doc, font, &mut damage) {
                Ok(s) => PlanKind::Synthetic(Box::new(s)),
                Err(why) => PlanKind::Broken(why),
            }
        } else {
            let simple = sanitize_simple(doc, font, &subtype, &self.budget, &mut damage);
            PlanKind::Simple(Box::new(simple))
        };
        FontPlan {
            res_name,
            kind,
            damage,
        }
    }
}

impl FontTable {
    /// Create the font object a page uses for plan `id`, given the codes
    /// (simple fonts) or slots (re-encoded fonts) the page shows with it.
    /// `None` for broken fonts.
    pub(crate) fn materialize(&mut self, id: PlanId, used: &[u16]) -> Option<ObjectId> {
        let font = match &self.plans[id].kind {
            PlanKind::Broken(_) => return None,
            // No ToUnicode: the text of every code tassei can decode travels
            // beside the content (see `content.rs`), so pdf-extract never
            // parses a CMap (its parser costs more than everything else).
            PlanKind::Simple(sf) => sf.dict.clone(),
            PlanKind::Synthetic(s) => {
                let mut desc = s.descendant.clone();
                desc.set("DW", Object::Integer(s.dw.round() as i64));
                if let (Some(&lo), Some(&hi)) = (used.iter().min(), used.iter().max()) {
                    let ws: Vec<Object> = (lo..=hi)
                        .map(|slot| {
                            Object::Real(
                                s.slot_width
                                    .get((slot as usize).wrapping_sub(1))
                                    .copied()
                                    .unwrap_or(s.dw) as f32,
                            )
                        })
                        .collect();
                    desc.set(
                        "W",
                        Object::Array(vec![Object::Integer(lo as i64), Object::Array(ws)]),
                    );
                }
                let mut f = Dictionary::new();
                f.set("Type", Object::Name(b"Font".to_vec()));
                f.set("Subtype", Object::Name(b"Type0".to_vec()));
                f.set("BaseFont", Object::Name(s.base_font.clone()));
                f.set("Encoding", Object::Name(b"Identity-H".to_vec()));
                f.set(
                    "DescendantFonts",
                    Object::Array(vec![Object::Dictionary(desc)]),
                );
                f
            }
        };
        let font_id = (self.next_id, 0);
        self.next_id += 1;
        self.new_objects.push((font_id, Object::Dictionary(font)));
        Some(font_id)
    }
}

/// A private-use code point: a glyph only its font can draw, whose meaning
/// no table gives.
pub(crate) fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
}
