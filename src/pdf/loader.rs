//! Loading a file with lopdf without letting it inflate anything uncapped.
//!
//! lopdf 0.42 inflates, while loading, in one uncapped `read_to_end` each:
//!
//! 1. cross-reference streams, while walking the chain
//!    (`parser::xref_and_trailer` → `decode_xref_stream`);
//! 2. object streams (`/Type /ObjStm`) of unencrypted files
//!    (`Reader::load_objects_raw` → `ObjectStream::new`);
//! 3. the container of any compressed object a stream's indirect `/Length`
//!    points at, once per such stream and whatever the container's
//!    `/Type` (`Reader::get_object` → `get_compressed_object`);
//! 4. every container named by a compressed entry of an encrypted file
//!    (`Reader::load_encrypted_document`).
//!
//! [`open`] closes all four. tassei reads the cross-reference chain itself
//! and hands lopdf the file with a plain table that has no stream sections
//! and no compressed entries (`xref.rs`): that removes 1, 3 and 4. For 2,
//! lopdf is given a [`filter`] (`LoadOptions::filter`), which it runs on
//! each object before it looks for `/Type /ObjStm`: the filter decodes the
//! container within the document's [`Budget`] and replaces its data by the
//! decoded bytes without `/Filter`, so lopdf's own decompression is a
//! copy. Containers of encrypted files (which lopdf loads without calling
//! the filter) are unpacked here after loading, within the same budget.
//!
//! The filter also (a) gives containers named by compressed entries a
//! `/Type /ObjStm` when they lack one, so their objects load once instead
//! of being decompressed per `/Length` that points into them; (b) keeps
//! only the objects of a container that lopdf would keep, and only ones
//! that do not overlap another (each byte of decoded data is parsed at most
//! once); (c) takes over lopdf's second pass for streams whose `/Length`
//! was not known while parsing (it is inside an object stream): tassei
//! copies those after loading, with the total of raw stream bytes held to
//! the size of the file, so streams whose data overlap (or whose
//! `/Length`s all name one huge number) cannot multiply the file.
//!
//! The filter is a plain `fn`, so its state is thread-local, set by
//! [`open`] for the duration of one `load_mem_with_options` call on the
//! calling thread (lopdf is built without its `rayon` feature, so the
//! filter runs there; a test checks it). Without that state it lets no
//! object stream through.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::streams::{Budget, DecodeError, Exceeded};
use super::syntax::{self, Parser, Value};
use super::tokens;
use super::xref::{self, Entry, XrefError, MAX_HEADER_SPACE};

mod objstm;
#[cfg(test)]
mod tests;

pub(crate) use objstm::{sanitize, Unpacked};

/// Most objects taken from one object stream (real ones hold a few hundred).
const MAX_MEMBERS: usize = 1 << 20;

/// A loaded document and how many of the objects its cross-reference
/// chain lists are missing from it (damage).
pub(crate) struct Opened {
    pub(crate) doc: lopdf::Document,
    pub(crate) missing: usize,
}

#[derive(Debug)]
pub(crate) enum OpenError {
    /// A stream inflates past the budget.
    TooLarge(Exceeded),
    /// lopdf would parse more tokens than the limit (`tokens.rs`).
    TooManyTokens,
    /// The cross-reference chain cannot be read.
    Broken(&'static str),
    /// The objects' data overlap (streams would multiply the file).
    Overlap,
    /// lopdf failed.
    Lopdf(lopdf::Error),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::TooLarge(e) => write!(f, "a stream is too large ({e:?})"),
            OpenError::TooManyTokens => f.write_str("too many tokens to parse"),
            OpenError::Broken(s) => f.write_str(s),
            OpenError::Overlap => f.write_str("the data of its streams or objects overlap"),
            OpenError::Lopdf(e) => write!(f, "{e}"),
        }
    }
}

struct State {
    budget: Budget,
    /// Object number → container, from the compressed entries.
    owner: HashMap<u32, u32>,
    /// Numbers of the containers named by compressed entries.
    containers: HashSet<u32>,
    /// Ids lopdf loads from the table (their filter calls are not members),
    /// with their offsets.
    normal: HashMap<ObjectId, u32>,
    /// Object numbers the container unpacked last yields (sorted: lopdf
    /// calls the filter on them in that order, right after the container),
    /// and how many of them were seen.
    members: Vec<u32>,
    next_member: usize,
    /// Streams whose `/Length` lopdf could not resolve: id, where the data
    /// starts and (when lopdf's dictionary lost it) the `/Length` object.
    deferred: Vec<(ObjectId, usize, Option<ObjectId>)>,
    /// Raw stream bytes lopdf holds, and the most it may (the file size).
    raw: u64,
    raw_cap: u64,
    overlap: bool,
    /// Tokens lopdf parses (the file's objects, then the object streams'
    /// content), the most it may, and whether an object stream went past.
    tokens: u64,
    max_tokens: u64,
    too_many: bool,
    /// Filter calls seen (for the test that it runs on this thread).
    calls: usize,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// Puts the state in place for one load; takes it away again even if
/// lopdf panics.
struct Installed;

impl Installed {
    fn new(state: State) -> Installed {
        STATE.with(|s| *s.borrow_mut() = Some(state));
        Installed
    }

    fn take(self) -> Option<State> {
        STATE.with(|s| s.borrow_mut().take())
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        STATE.with(|s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                *s = None;
            }
        });
    }
}

/// lopdf's `LoadOptions::filter`. Called for every object loaded from the
/// table (the returned object is ignored, only the change in place counts)
/// and for every object taken from an object stream (the returned object
/// is used).
fn filter(id: ObjectId, obj: &mut Object) -> Option<(ObjectId, Object)> {
    STATE.with(|cell| {
        let mut guard = cell.try_borrow_mut().ok();
        let Some(st) = guard.as_mut().and_then(|g| g.as_mut()) else {
            // Not inside `open` on this thread: no object stream gets through.
            if let Object::Stream(s) = obj {
                if s.dict.has_type(b"ObjStm") {
                    s.dict.remove(b"Filter");
                    s.set_content(Vec::new());
                }
            }
            return Some((id, Object::Null));
        };
        st.calls += 1;
        match obj {
            Object::Stream(s) => {
                st.stream(id, s);
                Some((id, Object::Null))
            }
            _ if id.1 == 0 && st.is_member(id.0) => {
                if st.normal.contains_key(&id) {
                    // Could be the table's object of the same id: leave it.
                    Some((id, obj.clone()))
                } else {
                    Some((id, std::mem::replace(obj, Object::Null)))
                }
            }
            _ => Some((id, Object::Null)),
        }
    })
}

impl State {
    /// Whether a call for object number `n` is one of the current
    /// container's objects (each is yielded once, in increasing order).
    fn is_member(&mut self, n: u32) -> bool {
        let rest = self.members.get(self.next_member..).unwrap_or_default();
        match rest.binary_search(&n) {
            Ok(k) => {
                self.next_member += k + 1;
                true
            }
            Err(_) => false,
        }
    }

    /// Add the tokens of an object stream's content; `false` (and nothing
    /// of it may be parsed) past the limit.
    fn count(&mut self, content: &[u8]) -> bool {
        if self.too_many {
            return false;
        }
        let rest = self.max_tokens.saturating_sub(self.tokens);
        self.tokens += tokens::count_all(content, rest);
        self.too_many = self.tokens > self.max_tokens;
        !self.too_many
    }

    fn stream(&mut self, id: ObjectId, s: &mut Stream) {
        self.raw += s.content.len() as u64;
        if self.raw > self.raw_cap {
            self.overlap = true;
            s.content = Vec::new();
        }
        let container =
            s.dict.has_type(b"ObjStm") || (id.1 == 0 && self.containers.contains(&id.0));
        if container {
            self.unpack(id, s);
        } else if s.content.is_empty() {
            // lopdf would copy the data later (`read_stream_content`), with
            // a /Length taken from an object stream: tassei does it instead.
            if let Some(pos) = s.start_position.take() {
                self.deferred.push((id, pos, None));
            }
        }
    }

    /// Decode an object stream within the budget and leave it decoded.
    fn unpack(&mut self, id: ObjectId, s: &mut Stream) {
        let data = if self.overlap || s.content.is_empty() {
            Vec::new()
        } else {
            // Over the budget (recorded there) or undecodable: empty.
            self.budget.decode(s).unwrap_or_default()
        };
        let first = s.dict.get(b"First").and_then(Object::as_i64).ok();
        let owner = &self.owner;
        let mut u = sanitize(&data, first, |n| owner.get(&n).is_none_or(|&c| c == id.0));
        drop(data);
        if !self.count(&u.content) {
            u = Unpacked::default();
        }
        self.members = u.members.clone();
        self.members.sort_unstable();
        self.next_member = 0;
        s.dict.remove(b"Filter");
        s.dict.remove(b"DecodeParms");
        s.dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        s.dict.set("First", Object::Integer(u.first as i64));
        s.dict.set("N", Object::Integer(u.members.len() as i64));
        s.set_content(u.content);
    }
}

/// Load `buf` (a file from its `%PDF-` on) with lopdf, inflating only
/// within `budget` and parsing at most `max_tokens` tokens.
pub(crate) fn open(buf: &[u8], budget: &Budget, max_tokens: u64) -> Result<Opened, OpenError> {
    let x = xref::read(buf, budget).map_err(|e| match e {
        XrefError::TooLarge(e) => OpenError::TooLarge(e),
        XrefError::Broken(s) => OpenError::Broken(s),
    })?;
    let mut table = xref::canonical(buf, &x);
    let tokens = count_objects(&table, max_tokens)?;
    let owner: HashMap<u32, u32> = x.compressed().collect();
    let state = State {
        budget: budget.lend(),
        containers: owner.values().copied().collect(),
        owner,
        normal: std::mem::take(&mut table.headers),
        members: Vec::new(),
        next_member: 0,
        deferred: Vec::new(),
        raw: 0,
        raw_cap: buf.len() as u64,
        overlap: false,
        tokens,
        max_tokens,
        too_many: false,
        calls: 0,
    };
    let installed = Installed::new(state);
    let options = lopdf::LoadOptions {
        filter: Some(filter),
        ..Default::default()
    };
    let loaded = lopdf::Document::load_mem_with_options(&table.bytes, options);
    let state = installed.take();
    let Some(mut st) = state else {
        return Err(OpenError::Broken("internal error: load state lost"));
    };
    budget.restore(&st.budget);
    if let Some(e) = budget.exceeded() {
        return Err(OpenError::TooLarge(e));
    }
    if st.too_many {
        return Err(OpenError::TooManyTokens);
    }
    if st.overlap {
        return Err(OpenError::Overlap);
    }
    let mut doc = loaded.map_err(OpenError::Lopdf)?;
    let encryption = doc.encryption_state.clone();
    if encryption.is_some() {
        let owner = std::mem::take(&mut st.owner);
        unpack_encrypted(&mut doc, &owner, budget, &mut st)?;
        // lopdf's encrypted loader has no second pass for streams whose
        // /Length is inside an object stream (and, decrypting them, it set
        // their /Length to 0): their data are read here, with the /Length
        // read again from the file.
        for (id, obj) in &doc.objects {
            let Object::Stream(s) = obj else {
                continue;
            };
            let (true, Some(sp), Some(&off)) =
                (s.content.is_empty(), s.start_position, st.normal.get(id))
            else {
                continue;
            };
            let length = match syntax::indirect_object(&table.bytes, off as usize, MAX_HEADER_SPACE)
            {
                Some((_, Value::Dict(d), Some(_))) => match d.get(b"Length") {
                    Some(&Value::Ref(n, g)) => Some((n, g)),
                    _ => None,
                },
                _ => None,
            };
            if length.is_some() {
                st.deferred.push((*id, off as usize + sp, length));
            }
        }
    }
    fill_deferred(&mut doc, &st, &table.bytes, encryption.as_ref())?;
    if let Some(&(max, _)) = doc.objects.keys().next_back() {
        doc.max_id = doc.max_id.max(max);
    }
    let missing = x
        .entries
        .iter()
        .filter(|(&id, e)| match **e {
            Entry::Normal { gen, .. } => !doc.objects.contains_key(&(id, gen)),
            Entry::Compressed { .. } => !doc.objects.contains_key(&(id, 0)),
        })
        .count();
    Ok(Opened { doc, missing })
}

/// The tokens lopdf parses in the objects the table lists: the value
/// after each header (a stream's data are not parsed). Objects whose bytes
/// overlap are counted once each, as lopdf parses them; when the scans add
/// up to more than twice the file (objects hidden in one another's strings
/// or comments), the file is refused instead.
fn count_objects(table: &xref::Canonical, max_tokens: u64) -> Result<u64, OpenError> {
    let b = &table.bytes;
    let max_scan = b.len().saturating_mul(2).saturating_add(1 << 20);
    let (mut total, mut scanned) = (0u64, 0usize);
    for &at in &table.objects {
        let mut p = Parser::new(b, at);
        if p.object_header(MAX_HEADER_SPACE).is_none() {
            continue;
        }
        let c = tokens::scan(b, p.pos, true, max_tokens - total, max_scan - scanned);
        total += c.tokens;
        scanned += c.end - at;
        if total > max_tokens {
            return Err(OpenError::TooManyTokens);
        }
        if scanned >= max_scan {
            return Err(OpenError::Overlap);
        }
    }
    Ok(total)
}

/// The objects of an encrypted file's object streams (decrypted by lopdf,
/// still encoded), as lopdf would add them: the objects each container's
/// compressed entries name.
fn unpack_encrypted(
    doc: &mut lopdf::Document,
    owner: &HashMap<u32, u32>,
    budget: &Budget,
    st: &mut State,
) -> Result<(), OpenError> {
    let containers: BTreeMap<u32, ()> = owner.values().map(|&c| (c, ())).collect();
    for &c in containers.keys() {
        let Some(Object::Stream(s)) = doc.objects.get(&(c, 0)) else {
            continue;
        };
        let data = match budget.decode(s) {
            Ok(d) => d,
            Err(DecodeError::TooLarge(e)) => return Err(OpenError::TooLarge(e)),
            Err(DecodeError::Damaged) => continue,
        };
        let first = s.dict.get(b"First").and_then(Object::as_i64).ok();
        let u = sanitize(&data, first, |n| owner.get(&n) == Some(&c));
        drop(data);
        if !st.count(&u.content) {
            return Err(OpenError::TooManyTokens);
        }
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        dict.set("First", Object::Integer(u.first as i64));
        dict.set("N", Object::Integer(u.members.len() as i64));
        let mut plain = Stream::new(dict, u.content);
        let Ok(os) = lopdf::ObjectStream::new(&mut plain) else {
            continue;
        };
        for (id, obj) in os.objects {
            if owner.get(&id.0) == Some(&c) {
                doc.objects.insert(id, obj);
            }
        }
    }
    Ok(())
}

/// Copy the data of streams whose `/Length` lopdf resolved only after
/// loading (as its `read_stream_content` would), decrypting them for an
/// encrypted file, with all raw stream data held to the file's size.
fn fill_deferred(
    doc: &mut lopdf::Document,
    st: &State,
    bytes: &[u8],
    encryption: Option<&lopdf::EncryptionState>,
) -> Result<(), OpenError> {
    let mut raw = st.raw;
    for &(id, pos, length) in &st.deferred {
        let Some(Object::Stream(s)) = doc.objects.get(&id) else {
            continue;
        };
        let len = match length {
            Some(r) => doc.get_object(r).and_then(Object::as_i64),
            None => s
                .dict
                .get(b"Length")
                .and_then(|v| doc.dereference(v))
                .and_then(|(_, o)| o.as_i64()),
        };
        let Some(end) = len
            .ok()
            .and_then(|l| usize::try_from(l).ok())
            .and_then(|l| pos.checked_add(l))
            .filter(|&e| e <= bytes.len())
        else {
            continue;
        };
        raw += (end - pos) as u64;
        if raw > st.raw_cap {
            return Err(OpenError::Overlap);
        }
        let mut content = bytes.get(pos..end).unwrap_or_default().to_vec();
        if let Some(state) = encryption {
            // Only the data: the dictionary was decrypted while loading.
            let mut d = Dictionary::new();
            for k in [&b"Filter"[..], b"DecodeParms"] {
                if let Ok(v) = s.dict.get(k) {
                    d.set(k, v.clone());
                }
            }
            let mut tmp = Object::Stream(Stream::new(d, content));
            if lopdf::encryption::decrypt_object(state, id, &mut tmp).is_err() {
                continue;
            }
            let Object::Stream(t) = tmp else {
                continue;
            };
            content = t.content;
        }
        if let Some(Object::Stream(s)) = doc.objects.get_mut(&id) {
            s.set_content(content);
        }
    }
    Ok(())
}

/// Test PDFs shared with `tests/hostile_cli.rs`.
#[cfg(test)]
#[path = "../../tests/support/crafted_pdfs.rs"]
mod crafted_pdfs;
