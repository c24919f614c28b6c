//! Opening a file: lopdf loads it within the byte and token budgets of the
//! limits (`loader.rs`); a damaged cross-reference table is rebuilt from
//! the object headers (`repair.rs`), and that repair is a warning; the page
//! tree's declared page count is read to tell pages that could not be read.

use lopdf::Object;

use super::streams::{Budget, Exceeded};
use super::{deref, lenient, loader, repair, PdfError, PdfLimits};
use crate::warning::{Warning, WarningClass};

pub(super) fn has_eof_marker(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    tail.windows(5).any(|w| w == b"%%EOF")
}

/// Load the document with lopdf, inflating nothing past the budget of
/// `limits` (`loader.rs`); a damaged file is rebuilt from its object
/// headers (`repair.rs`) and loaded the same way.
pub(super) fn load(
    bytes: &[u8],
    limits: &PdfLimits,
) -> Result<(lopdf::Document, Vec<Warning>), PdfError> {
    let head = &bytes[..bytes.len().min(1024)];
    let Some(start) = memchr::memmem::find(head, b"%PDF-") else {
        return Err(PdfError::NotPdf);
    };
    // lopdf reads offsets from the header on.
    let buf = &bytes[start..];
    let budget = Budget::new(limits.max_stream_bytes, limits.max_total_stream_bytes);
    let too_large = |e: Exceeded| match e {
        Exceeded::Stream => PdfError::StreamTooLarge {
            limit: limits.max_stream_bytes,
        },
        Exceeded::Total => PdfError::StreamsTooLarge {
            limit: limits.max_total_stream_bytes,
        },
    };
    let too_many = PdfError::TooManyTokens {
        limit: limits.max_pdf_tokens,
    };
    let first = loader::open(buf, &budget, limits.max_pdf_tokens);
    match first {
        Err(loader::OpenError::TooLarge(e)) => return Err(too_large(e)),
        Err(loader::OpenError::TooManyTokens) => return Err(too_many),
        _ => {}
    }
    let encrypted = match &first {
        Err(loader::OpenError::Lopdf(
            lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword,
        )) => true,
        Ok(o) => o.doc.was_encrypted() || o.doc.trailer.get(b"Encrypt").is_ok(),
        // A file whose xref is broken may still be encrypted.
        Err(_) => memchr::memmem::find(buf, b"/Encrypt").is_some(),
    };
    let damaged = match &first {
        Ok(o) => !encrypted && (o.missing > 0 || o.doc.get_pages().is_empty()),
        Err(_) => !encrypted,
    };
    // A damaged file without `%%EOF` may be cut off (pages at its end
    // lost) or only have a damaged tail (xref and trailer overwritten). It
    // is rebuilt like any damaged file, but kept only when its page tree is
    // whole: every page it declares can be read.
    let cut_off = damaged && !has_eof_marker(bytes);
    let mut warnings = Vec::new();
    let doc = if damaged && !encrypted {
        // Rebuild the xref by scanning for object headers, and prefer the
        // result when it loads (an encrypted file is never rebuilt: its
        // trailer's /Encrypt would be lost).
        let repaired = match repair::rebuild_xref(buf)
            .map(|fixed| loader::open(&fixed, &budget, limits.max_pdf_tokens))
        {
            Some(Err(loader::OpenError::TooLarge(e))) => return Err(too_large(e)),
            Some(Err(loader::OpenError::TooManyTokens)) => return Err(too_many),
            Some(Ok(o)) => Some(o.doc),
            _ => None,
        }
        .filter(|d| d.trailer.get(b"Encrypt").is_err() && !d.get_pages().is_empty())
        .filter(|d| !cut_off || pages_whole(d));
        if cut_off && repaired.is_none() {
            // Never keep a cut-off file: pages at its end would vanish silently.
            return Err(PdfError::Truncated {
                detail: "the end of the file is missing".into(),
            });
        }
        match (repaired, first) {
            (Some(d), _) => {
                warnings.push(Warning::new(
                    WarningClass::PdfRepaired,
                    if cut_off {
                        "the end of the file (cross-reference table, trailer, %%EOF) is damaged; \
                         rebuilt from the objects in the file, whose page tree is whole"
                    } else {
                        "the cross-reference table is damaged; rebuilt from the objects in the file"
                    },
                ));
                d
            }
            (None, Ok(o)) => {
                warnings.push(Warning::new(
                    WarningClass::PdfObjectsMissing,
                    format!(
                        "{} object(s) of the cross-reference table could not be read",
                        o.missing
                    ),
                ));
                o.doc
            }
            (None, Err(e)) => {
                return Err(PdfError::Corrupt {
                    detail: e.to_string(),
                })
            }
        }
    } else {
        match first {
            Ok(o) => o.doc,
            Err(_) => return Err(PdfError::Encrypted),
        }
    };
    let mut doc = doc;
    if damaged && !encrypted && !cut_off {
        recover_objects(&mut doc, buf, &mut warnings);
    }
    // Encrypted: readable only when lopdf could decrypt it with the empty
    // user password (an "owner password only" file).
    if encrypted && (!doc.was_encrypted() || doc.get_pages().is_empty()) {
        return Err(PdfError::Encrypted);
    }
    if budget.cut() > 0 {
        warnings.push(Warning::new(
            WarningClass::StreamDamaged,
            format!(
                "{} stream(s) of the file's structure could be decoded only in part",
                budget.cut()
            ),
        ));
    }
    Ok((doc, warnings))
}

/// Every page the page tree declares is there, with all its content
/// streams: what a file without `%%EOF` must show to be read.
fn pages_whole(doc: &lopdf::Document) -> bool {
    let pages = doc.get_pages();
    declared_pages(doc) == Some(pages.len())
        && pages.values().all(|&id| {
            doc.get_page_contents(id)
                .iter()
                .all(|c| matches!(doc.objects.get(c), Some(Object::Stream(_))))
        })
}

/// Objects whose headers are in the file but which lopdf could not parse
/// are read leniently (`lenient.rs`), like poppler reads them.
fn recover_objects(doc: &mut lopdf::Document, buf: &[u8], warnings: &mut Vec<Warning>) {
    let found = lenient::recover_missing(doc, buf, &repair::scan_objects(buf));
    if found.objects.is_empty() {
        return;
    }
    let mut list: Vec<String> = found.objects.iter().take(8).map(u32::to_string).collect();
    if found.objects.len() > list.len() {
        list.push("…".into());
    }
    warnings.push(Warning::new(
        WarningClass::PdfRepaired,
        format!(
            "{} object(s) with damaged syntax read leniently, {} damaged token(s) skipped (object {})",
            found.objects.len(),
            found.skipped,
            list.join(", ")
        ),
    ));
}

/// The page count the root of the page tree declares (`/Count`).
pub(super) fn declared_pages(doc: &lopdf::Document) -> Option<usize> {
    let catalog = doc.catalog().ok()?;
    let pages = deref(doc, catalog.get(b"Pages").ok()?).as_dict().ok()?;
    match deref(doc, pages.get(b"Count").ok()?) {
        Object::Integer(n) if *n >= 0 => usize::try_from(*n).ok(),
        _ => None,
    }
}
