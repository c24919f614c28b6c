//! CID → Unicode by character collection, and predefined CMaps by name.
//!
//! A CID font without a ToUnicode map (the normal case for InDesign,
//! Illustrator and Distiller output: `KozMinPro`, `Ryumin`, `MidashiGo`, …
//! under `Identity-H/V`) names its character collection in the descendant
//! font's `/CIDSystemInfo` (`Adobe` / `Japan1`). The collection fixes what
//! every CID depicts, and Adobe publishes the CID → Unicode table of each
//! (`Adobe-Japan1-UCS2`, …; poppler, pdf.js and MuPDF read them the same
//! way). tassei takes the tables — and the predefined code → CID CMaps such
//! as `UniJIS-UCS2-H` or `90ms-RKSJ-V` — from the `hayro-cmap` crate, which
//! embeds Adobe's cmap-resources (BSD-3-Clause, © Adobe; the crate itself is
//! MIT/Apache-2.0) as one compressed bundle, decompressed and parsed on first
//! use and then shared by every document of the process.
//!
//! Vertical CIDs (the `-V` glyphs of `、。（）「」…`) map to the horizontal
//! characters they stand for in these tables; where a table or a ToUnicode
//! map gives a vertical presentation form (U+FE10–FE19, U+FE30–FE4F),
//! [`horizontal_form`] maps it back.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use hayro_cmap::{BfString, CMap, CMapName, WritingMode};

/// An Adobe character collection whose CID → Unicode table tassei has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Collection {
    Japan1,
    Gb1,
    Cns1,
    Korea1,
}

impl Collection {
    /// The collection of a `/CIDSystemInfo` (`Registry`, `Ordering`);
    /// `None` for `Adobe-Identity` (glyph ids only) and collections tassei
    /// has no table for (`Adobe-Japan2`, custom ones).
    pub(crate) fn from_system_info(registry: &[u8], ordering: &[u8]) -> Option<Collection> {
        if registry != b"Adobe" {
            return None;
        }
        match ordering {
            b"Japan1" => Some(Collection::Japan1),
            b"GB1" => Some(Collection::Gb1),
            b"CNS1" => Some(Collection::Cns1),
            b"Korea1" => Some(Collection::Korea1),
            _ => None,
        }
    }

    /// The collection a predefined CMap name belongs to (for a font whose
    /// descendant lacks `/CIDSystemInfo`).
    pub(crate) fn of_cmap_name(name: &str) -> Option<Collection> {
        let starts = |p: &[&str]| p.iter().any(|p| name.starts_with(p));
        if starts(&["UniGB", "GB"]) {
            Some(Collection::Gb1)
        } else if starts(&["UniCNS", "CNS", "B5", "ETen", "HKscs"]) {
            Some(Collection::Cns1)
        } else if starts(&["UniKS", "KSC"]) {
            Some(Collection::Korea1)
        } else if starts(&[
            "UniJIS", "78", "83pv", "90", "Add-", "Ext-", "NWP-", "EUC-", "RKSJ-",
        ]) || matches!(name, "H" | "V")
        {
            Some(Collection::Japan1)
        } else {
            None
        }
    }

    fn table_name(self) -> CMapName<'static> {
        match self {
            Collection::Japan1 => CMapName::AdobeJapan1Ucs2,
            Collection::Gb1 => CMapName::AdobeGb1Ucs2,
            Collection::Cns1 => CMapName::AdobeCns1Ucs2,
            Collection::Korea1 => CMapName::AdobeKorea1Ucs2,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

fn parse_embedded(name: CMapName<'_>) -> Option<CMap> {
    let data = hayro_cmap::load_embedded(name)?;
    CMap::parse(data, hayro_cmap::load_embedded)
}

/// The parsed CID → Unicode table of each collection, built on first use.
static TABLES: [OnceLock<Option<CMap>>; 4] = [
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
];

/// The Unicode text of `cid` in `collection`, with vertical presentation
/// forms mapped to their horizontal characters; `None` for a CID the table
/// does not list (CID 0 is `.notdef`).
pub(crate) fn cid_to_unicode(collection: Collection, cid: u32) -> Option<String> {
    if cid == 0 {
        return None;
    }
    let table = TABLES[collection.index()]
        .get_or_init(|| parse_embedded(collection.table_name()))
        .as_ref()?;
    let text = match table.lookup_bf_string(cid)? {
        BfString::Char(c) => String::from(spacing_form(c)),
        BfString::String(s) => s,
    };
    Some(horizontal(&text))
}

/// The spacing character of a lone combining mark. Adobe's Japan1 table
/// gives the spacing-diacritic glyphs combining code points (CID 95, the
/// glyph `UniJIS-UCS2-H` selects for `~`, is U+0303), which would fuse
/// with the character before them (`R1.8~R6.3` → `R1.8̃R6.3`).
fn spacing_form(c: char) -> char {
    match c {
        '\u{0303}' => '~',
        '\u{0305}' => '\u{203E}',
        '\u{030A}' => '\u{02DA}',
        '\u{030B}' => '\u{02DD}',
        '\u{030C}' => '\u{02C7}',
        '\u{0328}' => '\u{02DB}',
        _ => c,
    }
}

/// A predefined CMap: code → CID, and its writing mode.
pub(crate) struct Predefined {
    cmap: CMap,
    pub(crate) vertical: bool,
    /// The CIDs of two-byte codes looked up so far (0: not yet, `NO_CID`:
    /// none, else CID + 1): a CMap's range search costs ~0.1 µs, and every
    /// document looks up each code it shows again.
    two_byte: Box<[AtomicU32]>,
}

const NO_CID: u32 = u32::MAX;

impl Predefined {
    fn new(cmap: CMap, vertical: bool) -> Predefined {
        Predefined {
            cmap,
            vertical,
            two_byte: (0..=0xFFFF).map(|_| AtomicU32::new(0)).collect(),
        }
    }

    /// The CID of a `len`-byte code.
    pub(crate) fn cid(&self, code: u32, len: usize) -> Option<u32> {
        let lookup = || self.cmap.lookup_cid_code(code, u8::try_from(len).ok()?);
        let slot = match self.two_byte.get(code as usize) {
            Some(slot) if len == 2 => slot,
            _ => return lookup(),
        };
        match slot.load(Ordering::Relaxed) {
            0 => {
                let cid = lookup().filter(|&c| c < NO_CID - 1);
                slot.store(cid.map_or(NO_CID, |c| c + 1), Ordering::Relaxed);
                cid
            }
            NO_CID => None,
            v => Some(v - 1),
        }
    }
}

type Cache = Mutex<HashMap<String, Option<Arc<Predefined>>>>;

static PREDEFINED: OnceLock<Cache> = OnceLock::new();

/// The predefined CMap `name` (`UniJIS-UCS2-H`, `90ms-RKSJ-V`, …) when the
/// embedded cmap-resources have it; parsed once per process.
pub(crate) fn predefined_cmap(name: &str) -> Option<Arc<Predefined>> {
    let cache = PREDEFINED.get_or_init(|| Mutex::new(HashMap::new()));
    // A poisoned lock only means another thread panicked while parsing; the
    // map itself is still consistent.
    let mut map = cache.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(hit) = map.get(name) {
        return hit.clone();
    }
    let parsed = match CMapName::from_bytes(name.as_bytes()) {
        CMapName::Custom(_) => None,
        known => parse_embedded(known).map(|cmap| {
            let vertical =
                cmap.metadata().writing_mode == Some(WritingMode::Vertical) || name.ends_with("-V");
            Arc::new(Predefined::new(cmap, vertical))
        }),
    };
    map.insert(name.to_string(), parsed.clone());
    parsed
}

/// The horizontal character a vertical presentation form stands for
/// (`︒` → `。`, `︵` → `（`), else `c`.
pub(crate) fn horizontal_form(c: char) -> char {
    match c {
        '\u{FE10}' => '，',
        '\u{FE11}' => '、',
        '\u{FE12}' => '。',
        '\u{FE13}' => '：',
        '\u{FE14}' => '；',
        '\u{FE15}' => '！',
        '\u{FE16}' => '？',
        '\u{FE17}' => '〖',
        '\u{FE18}' => '〗',
        '\u{FE19}' => '…',
        '\u{FE30}' => '‥',
        '\u{FE31}' => '—',
        '\u{FE32}' => '–',
        '\u{FE33}' | '\u{FE34}' => '_',
        '\u{FE35}' => '（',
        '\u{FE36}' => '）',
        '\u{FE37}' => '｛',
        '\u{FE38}' => '｝',
        '\u{FE39}' => '〔',
        '\u{FE3A}' => '〕',
        '\u{FE3B}' => '【',
        '\u{FE3C}' => '】',
        '\u{FE3D}' => '《',
        '\u{FE3E}' => '》',
        '\u{FE3F}' => '〈',
        '\u{FE40}' => '〉',
        '\u{FE41}' => '「',
        '\u{FE42}' => '」',
        '\u{FE43}' => '『',
        '\u{FE44}' => '』',
        '\u{FE47}' => '［',
        '\u{FE48}' => '］',
        _ => c,
    }
}

/// `s` with every vertical presentation form mapped by [`horizontal_form`].
pub(crate) fn horizontal(s: &str) -> String {
    if s.chars().all(|c| horizontal_form(c) == c) {
        return s.to_string();
    }
    s.chars().map(horizontal_form).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japan1_cids_decode() {
        let j = Collection::Japan1;
        assert_eq!(cid_to_unicode(j, 17).as_deref(), Some("0"));
        assert_eq!(cid_to_unicode(j, 843).as_deref(), Some("あ"));
        assert_eq!(cid_to_unicode(j, 1200).as_deref(), Some("一"));
        // vertical forms of 、 and 。 (Identity-V text)
        assert_eq!(cid_to_unicode(j, 7887).as_deref(), Some("、"));
        assert_eq!(cid_to_unicode(j, 7888).as_deref(), Some("。"));
        assert_eq!(cid_to_unicode(j, 0), None);
        // the tilde UniJIS-UCS2-H selects for `~` reads as `~`
        assert_eq!(cid_to_unicode(j, 95).as_deref(), Some("~"));
        assert_eq!(cid_to_unicode(j, 60_000), None);
    }

    #[test]
    fn other_collections_decode() {
        // The ideograph 中 in each collection's Unicode CMap, read back.
        for (c, cmap) in [
            (Collection::Gb1, "UniGB-UCS2-H"),
            (Collection::Cns1, "UniCNS-UCS2-H"),
            (Collection::Korea1, "UniKS-UCS2-H"),
            (Collection::Japan1, "UniJIS-UCS2-H"),
        ] {
            let p = predefined_cmap(cmap).expect(cmap);
            let cid = p.cid(0x4E2D, 2).expect("中 has a CID");
            assert_eq!(cid_to_unicode(c, cid).as_deref(), Some("中"), "{cmap}");
            assert_eq!(Collection::of_cmap_name(cmap), Some(c));
        }
    }

    #[test]
    fn predefined_cmaps_by_name() {
        let h = predefined_cmap("UniJIS-UCS2-H").expect("UniJIS-UCS2-H");
        assert!(!h.vertical);
        assert_eq!(h.cid(0x31, 2), Some(18));
        // again, from the cache; and a code without a CID, twice
        assert_eq!(h.cid(0x31, 2), Some(18));
        assert_eq!(h.cid(0xFFFF, 2), h.cid(0xFFFF, 2));
        let v = predefined_cmap("UniJIS-UCS2-V").expect("UniJIS-UCS2-V");
        assert!(v.vertical);
        // 、 selects its vertical glyph under -V
        assert_eq!(v.cid(0x3001, 2), Some(7887));
        assert_eq!(h.cid(0x3001, 2), Some(634));
        let rksj = predefined_cmap("90ms-RKSJ-H").expect("90ms-RKSJ-H");
        assert_eq!(
            rksj.cid(0x8C8F, 2)
                .and_then(|c| cid_to_unicode(Collection::Japan1, c))
                .as_deref(),
            Some("件")
        );
        assert!(predefined_cmap("No-Such-CMap").is_none());
    }

    #[test]
    fn vertical_forms_fold() {
        assert_eq!(horizontal("︵令和︶︒"), "（令和）。");
        assert_eq!(horizontal("abc"), "abc");
        assert_eq!(
            Collection::from_system_info(b"Adobe", b"Japan1"),
            Some(Collection::Japan1)
        );
        assert_eq!(Collection::from_system_info(b"Adobe", b"Identity"), None);
    }
}
