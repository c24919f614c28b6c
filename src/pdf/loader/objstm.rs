//! Object streams rewritten for lopdf: the `number offset` header re-read
//! as lopdf reads it, each object kept at most once, and a new header
//! written ([`sanitize`]).

use super::*;

/// An object stream's decoded data, rewritten for lopdf.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Unpacked {
    /// A new header (`number offset` pairs) and the original objects.
    pub(crate) content: Vec<u8>,
    /// Where the objects start (the new `/First`).
    pub(crate) first: usize,
    /// The object numbers the header lists.
    pub(crate) members: Vec<u32>,
}

/// Rewrite an object stream's decoded `data` (with its `/First`) so that
/// lopdf's `ObjectStream::new` reads exactly the objects it would read and
/// `keep` accepts, each at most once: pairs are read as lopdf reads them
/// (white-space separated, unparsable numbers skipped); an object whose
/// start lies inside the previous object is dropped (lopdf would parse the
/// same bytes again, a pair per copy). Empty content when lopdf would find
/// no object at all.
pub(crate) fn sanitize(data: &[u8], first: Option<i64>, keep: impl Fn(u32) -> bool) -> Unpacked {
    let Some(first) = first
        .and_then(|f| usize::try_from(f).ok())
        .filter(|&f| f <= data.len())
    else {
        return Unpacked::default();
    };
    let Some(head) = data.get(..first).and_then(|h| std::str::from_utf8(h).ok()) else {
        return Unpacked::default();
    };
    let mut pairs: Vec<(usize, u32)> = Vec::new();
    let mut tokens = head.split_whitespace();
    while let (Some(a), Some(b)) = (tokens.next(), tokens.next()) {
        let (Ok(num), Ok(off)) = (a.parse::<u32>(), b.parse::<u32>()) else {
            continue;
        };
        let Some(at) = first
            .checked_add(off as usize)
            .filter(|&at| at < data.len())
        else {
            continue;
        };
        if keep(num) {
            pairs.push((at, num));
            if pairs.len() >= MAX_MEMBERS {
                break;
            }
        }
    }
    pairs.sort_by_key(|p| p.0);
    let mut header = String::new();
    let mut members = Vec::new();
    let mut end = first;
    // White space before an object (lopdf skips it), found once per run.
    let mut run: (usize, usize) = (0, 0);
    for (at, num) in pairs {
        if at < end {
            continue;
        }
        let start = if at >= run.0 && at < run.1 {
            run.1
        } else {
            let mut s = at;
            while data.get(s).is_some_and(u8::is_ascii_whitespace) {
                s += 1;
            }
            run = (at, s);
            s
        };
        let mut p = Parser::new(data, start);
        if !p.skip_object() {
            continue;
        }
        end = p.pos;
        let mut b = itoa::Buffer::new();
        header.push_str(b.format(num));
        header.push(' ');
        header.push_str(b.format(at - first));
        header.push(' ');
        members.push(num);
    }
    if members.is_empty() {
        return Unpacked::default();
    }
    let mut content = header.into_bytes();
    let new_first = content.len();
    content.extend_from_slice(data.get(first..).unwrap_or_default());
    Unpacked {
        content,
        first: new_first,
        members,
    }
}
