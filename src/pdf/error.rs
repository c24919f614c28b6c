//! Errors of the `pdf` stage. Every message is one line a user understands.

/// Why a PDF could not be turned into glyphs and rules.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// The bytes do not start with a `%PDF-` header.
    #[error("not a PDF (no %PDF header)")]
    NotPdf,
    /// The file is larger than [`super::PdfLimits::max_file_bytes`].
    #[error("the PDF is {bytes} bytes, more than the limit of {limit} bytes")]
    TooLarge { bytes: u64, limit: u64 },
    /// The file ends early (no `%%EOF`, cut-off cross-reference table).
    #[error("the PDF is truncated (incomplete download?): {detail}")]
    Truncated { detail: String },
    /// The file structure is damaged.
    #[error("the PDF is damaged and cannot be read: {detail}")]
    Corrupt { detail: String },
    /// The file is encrypted with a password.
    #[error("the PDF is encrypted; tassei cannot read encrypted PDFs")]
    Encrypted,
    /// No page has any text: the PDF is a scan (images only).
    #[error("page {page} has no text layer (image-only); OCR it first")]
    NoTextLayer { page: u32 },
    /// A font's text cannot be turned into Unicode.
    #[error("font {font} on page {page} {detail}")]
    UndecodableFont {
        page: u32,
        font: String,
        detail: String,
    },
    /// More pages than [`super::PdfLimits::max_pages`].
    #[error("the PDF has {pages} pages, more than the limit of {limit}")]
    TooManyPages { pages: u32, limit: u32 },
    /// A page exceeds one of the per-page limits (glyphs, rules, operators).
    #[error("page {page} has more than {limit} {what}; refusing to read it")]
    PageTooComplex {
        page: u32,
        what: &'static str,
        limit: usize,
    },
    /// A stream inflates to more than [`super::PdfLimits::max_stream_bytes`]
    /// (a decompression bomb, or a stream far larger than any report needs).
    #[error("a stream in the PDF inflates to more than {limit} bytes (decompression bomb?); refusing to read it")]
    StreamTooLarge { limit: u64 },
    /// The streams together inflate to more than
    /// [`super::PdfLimits::max_total_stream_bytes`].
    #[error("the PDF's streams inflate to more than {limit} bytes in total; refusing to read it")]
    StreamsTooLarge { limit: u64 },
    /// Loading would parse more than [`super::PdfLimits::max_pdf_tokens`]
    /// tokens (numbers, names, strings, brackets) outside stream data: an
    /// object far larger than any report needs, which lopdf would hold in
    /// memory at over a hundred bytes per token.
    #[error("the PDF has more than {limit} objects/tokens to parse (limit --max-pdf-tokens {limit}); refusing to read it")]
    TooManyTokens { limit: u64 },
    /// The PDF backend crashed on this file (a malformed PDF it does not
    /// expect). `page` is 0 when the crash was not on a particular page.
    #[error("the PDF could not be read{}: {detail}", on_page(*.page))]
    Panic { page: u32, detail: String },
}

fn on_page(page: u32) -> String {
    if page == 0 {
        String::new()
    } else {
        format!(" (page {page})")
    }
}
