//! Text operators of the rewriter: `Tf` selects a font plan (`fonts.rs`),
//! `Tj`/`TJ` record the text of each shown code and transcode the strings
//! of re-encoded fonts into slots; text in a font tassei cannot decode is
//! noted, not shown.

use super::*;

impl<'a> Rewriter<'a> {
    pub(super) fn set_font(
        &mut self,
        res: Option<&'a Dictionary>,
        name: &[u8],
        size: f64,
    ) -> Result<(), RewriteError> {
        // The plan of (resource dictionary, name): looked up once per page.
        let key = res.map_or(std::ptr::null(), |d| d as *const Dictionary);
        let cached = self
            .tf_cache
            .iter()
            .find(|c| c.0 == key && *c.1 == *name)
            .map(|c| (c.2, c.1.clone()));
        let found = match cached {
            Some(hit) => Some(hit),
            None => self.resource(res, b"Font", name).map(|v| {
                let p = self.fonts.plan_for(self.doc, v);
                let rc: Rc<[u8]> = Rc::from(name);
                self.tf_cache.push((key, rc.clone(), p));
                (p, rc)
            }),
        };
        match found {
            Some((p, rc)) => {
                self.st.font = Some((p, rc));
                self.st.missing_font = None;
                self.st.font_size = size;
                if !self.used.iter().any(|u| u.plan == p) {
                    self.used.push(FontUse {
                        plan: p,
                        slots: Vec::new(),
                        shows: false,
                        private_use: 0,
                        dropped: 0,
                    });
                    self.used_names
                        .push(String::from_utf8_lossy(name).into_owned());
                }
                if matches!(self.fonts.plan(p).kind, PlanKind::Broken(_)) {
                    // Not in the rewritten resources; its text is reported, not shown.
                    return Ok(());
                }
                self.emit(Op::Font {
                    plan: p,
                    size: r32(size),
                })
            }
            None => {
                self.st.font = None;
                self.st.missing_font = Some(name.to_vec());
                Ok(())
            }
        }
    }

    pub(super) fn note_bad(&mut self, font: &[u8], detail: &str) {
        if self.bad_font.is_none() {
            self.bad_font = Some(BadFontUse {
                font: String::from_utf8_lossy(font).into_owned(),
                detail: detail.to_string(),
            });
        }
    }

    /// Show the strings/adjustments of a `TJ` array (or a single `Tj` string).
    pub(super) fn show(&mut self, ops: &Ops, items: &[Operand]) -> Result<(), RewriteError> {
        let has_text = items
            .iter()
            .any(|i| matches!(*i, Operand::Str(s, e, _) if e > s));
        let Some((plan_id, font_name)) = self.st.font.clone() else {
            if has_text {
                let name = self
                    .st
                    .missing_font
                    .clone()
                    .unwrap_or_else(|| b"(none)".to_vec());
                self.note_bad(
                    &name,
                    "is not defined in the page resources, so its text cannot be decoded",
                );
            }
            return Ok(());
        };
        let size = self.st.font_size;
        let tw = self.st.word_spacing;
        let plan = self.fonts.plan_mut(plan_id);
        let Some(used) = self.used.iter_mut().find(|u| u.plan == plan_id) else {
            return Ok(());
        };
        let first_item = self.out.items.len();
        let out = &mut self.out;
        let mut bad: Option<String> = None;
        match &mut plan.kind {
            PlanKind::Broken(why) if has_text => {
                if plan.damage.is_empty() {
                    bad = Some(why.clone());
                } else {
                    // A damaged font with nothing left to decode it: its
                    // text is left out, and the page warns (`mod.rs`).
                    used.dropped += 1;
                }
            }
            PlanKind::Broken(_) => {}
            PlanKind::Simple(sf) => {
                for it in items {
                    match *it {
                        Operand::Str(s, e, _) => {
                            let bytes = ops.bytes(s, e);
                            for &b in bytes {
                                let text = sf.text(b);
                                if text.is_some_and(|t| t.chars().any(is_private_use)) {
                                    used.private_use += 1;
                                }
                                self.glyphs.push(text);
                            }
                            used.shows |= !bytes.is_empty();
                            out.push_text(bytes);
                        }
                        _ => {
                            if let Some(v) = opnum(it) {
                                out.items.push(Item::Adjust(r32(v)));
                            }
                        }
                    }
                }
            }
            PlanKind::Synthetic(synth) => {
                let mut slots = std::mem::take(&mut self.slots);
                for it in items {
                    match *it {
                        Operand::Str(s, e, _) => {
                            slots.clear();
                            synth.transcode(ops.bytes(s, e), &mut slots);
                            let mut start = out.bytes.len() as u32;
                            for sl in &slots {
                                used.slots.push(sl.slot);
                                let text = synth.slot_text(sl.slot);
                                if text.chars().any(is_private_use) {
                                    used.private_use += 1;
                                }
                                self.glyphs.push(Some(text));
                                out.bytes.extend_from_slice(&sl.slot.to_be_bytes());
                                if sl.is_space && tw != 0.0 && size != 0.0 {
                                    // Word spacing, which pdf-extract applies only to
                                    // one-byte codes, as a TJ adjustment.
                                    let end = out.bytes.len() as u32;
                                    out.items.push(Item::Text { start, end });
                                    out.items.push(Item::Adjust(r32(-tw * 1000.0 / size)));
                                    start = end;
                                }
                            }
                            used.shows |= !slots.is_empty();
                            let end = out.bytes.len() as u32;
                            if end > start {
                                out.items.push(Item::Text { start, end });
                            }
                        }
                        _ => {
                            if let Some(v) = opnum(it) {
                                out.items.push(Item::Adjust(r32(v)));
                            }
                        }
                    }
                }
                self.slots = slots;
            }
        }
        if let Some(why) = bad {
            self.note_bad(&font_name, &why);
            return Ok(());
        }
        let (start, end) = (first_item as u32, self.out.items.len() as u32);
        if end > start {
            self.emit(Op::Show { start, end })?;
        }
        Ok(())
    }
}
