//! What of a font resource is damaged. A font whose dictionary, ToUnicode
//! stream, widths, encoding or descriptor is broken does not refuse the
//! document (poppler shows the rest of the page too): each damaged part is
//! noted here with what tassei does instead — the next decoding that
//! exists (no ToUnicode map: the encoding, the CMap's charset, the
//! character collection), estimated widths, the entry ignored — and when
//! nothing is left to decode the font with, its text is left out. Every
//! page that uses the font then carries a warning naming it (`mod.rs`).

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::super::cmap;
use super::super::streams::{Budget, DecodeError};
use super::{deref, FontTable, PlanId, PlanKind};
use crate::warning::{Warning, WarningClass};

/// The damaged parts of one font, each a phrase such as "its /Widths is
/// not an array (widths estimated)"; empty for an intact font.
#[derive(Debug, Default, Clone)]
pub(crate) struct Damage(pub(crate) Vec<String>);

impl Damage {
    pub(crate) fn note(&mut self, what: impl Into<String>) {
        self.0.push(what.into());
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The parts, joined for a message.
    pub(crate) fn describe(&self) -> String {
        self.0.join("; ")
    }

    /// `key` is in `dict` but does not resolve to an object of the type
    /// `ok` accepts (a dangling reference counts): note it as `what`.
    pub(crate) fn check(
        &mut self,
        doc: &Document,
        dict: &Dictionary,
        key: &[u8],
        ok: impl Fn(&Object) -> bool,
        what: &str,
    ) {
        if let Ok(raw) = dict.get(key) {
            if !matches!(raw, Object::Null) && !ok(deref(doc, raw)) {
                self.note(what);
            }
        }
    }
}

/// The entries of `font`'s ToUnicode map, when it has a usable one. An
/// absent map (or a name such as `/Identity-H`) is no damage; a map that
/// is not a stream, cannot be decompressed, is cut short or yields no
/// entry is, noted in `damage` with `instead` (what decodes the font
/// without it). A stream over the size budget is not damage: the budget
/// reports it and the document is refused.
pub(crate) fn to_unicode_map(
    doc: &Document,
    font: &Dictionary,
    budget: &Budget,
    damage: &mut Damage,
    instead: &str,
) -> Option<HashMap<u32, String>> {
    let raw = font.get(b"ToUnicode").ok()?;
    match deref(doc, raw) {
        Object::Stream(s) => {
            let cut = budget.cut();
            match budget.decode(s) {
                Ok(bytes) => {
                    if budget.cut() > cut {
                        damage.note(format!("its /ToUnicode stream is cut short ({instead})"));
                    }
                    let map = cmap::parse_cmap(&bytes).unicode;
                    if map.is_empty() {
                        damage.note(format!(
                            "its /ToUnicode map has no usable entry ({instead})"
                        ));
                        return None;
                    }
                    Some(map)
                }
                Err(DecodeError::Damaged) => {
                    damage.note(format!(
                        "its /ToUnicode stream cannot be decompressed ({instead})"
                    ));
                    None
                }
                Err(DecodeError::TooLarge(_)) => None,
            }
        }
        Object::Name(_) => None,
        Object::Null if matches!(raw, Object::Null) => None,
        _ => {
            damage.note(format!("its /ToUnicode is not a stream ({instead})"));
            None
        }
    }
}

/// "1 entry that is" / "N entries that are", for messages.
pub(crate) fn entries_that(n: usize) -> String {
    if n == 1 {
        "1 entry that is".into()
    } else {
        format!("{n} entries that are")
    }
}

/// Note a `/FontDescriptor` of `dict` that is not a dictionary.
pub(crate) fn check_descriptor(doc: &Document, dict: &Dictionary, damage: &mut Damage) {
    damage.check(
        doc,
        dict,
        b"FontDescriptor",
        |o| matches!(o, Object::Dictionary(_)),
        "its /FontDescriptor is not a dictionary (ignored)",
    );
}

/// The warnings of one page's damaged fonts, and the first font whose text
/// was left out (name, reason), for the error when no text remains.
pub(crate) struct PageDamage {
    pub(crate) warnings: Vec<Warning>,
    pub(crate) dropped: Option<(String, String)>,
}

/// A warning for each damaged font among the fonts a page uses, given as
/// (plan, resource name, strings of it left out), naming the font and the
/// page.
pub(crate) fn page_warnings<'n>(
    table: &FontTable,
    used: impl IntoIterator<Item = (PlanId, &'n str, usize)>,
    page: u32,
) -> PageDamage {
    let mut out = PageDamage {
        warnings: Vec::new(),
        dropped: None,
    };
    for (id, name, dropped) in used {
        let plan = table.plan(id);
        if plan.damage.is_empty() {
            continue;
        }
        let what = plan.damage.describe();
        let message = match plan.kind {
            PlanKind::Broken(_) => {
                if dropped > 0 && out.dropped.is_none() {
                    out.dropped = Some((name.to_string(), format!("is damaged ({what})")));
                }
                format!(
                    "font {name} is damaged ({what}) and nothing else decodes it: \
                     {dropped} string(s) of its text are left out"
                )
            }
            _ => format!(
                "font {name} is damaged ({what}); its text is read with what remains and may be wrong"
            ),
        };
        out.warnings
            .push(Warning::new(WarningClass::FontDamaged, message).on_page(page));
    }
    out
}
