//! The limits on untrusted PDFs that a user may change (README: "Limits on
//! untrusted PDFs"); the others are fixed in [`tassei::pdf::PdfLimits`].

use clap::Args;
use tassei::pdf::PdfLimits;

/// `--max-pages`, `--max-stream-bytes`, `--max-pdf-tokens`.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Limits on untrusted PDFs")]
pub struct PdfLimitArgs {
    /// Most PDF pages read [default: 2000]
    #[arg(long, value_name = "N")]
    pub max_pages: Option<u32>,
    /// Largest inflated size of one PDF stream, in bytes [default: 67108864]
    #[arg(long, value_name = "N")]
    pub max_stream_bytes: Option<u64>,
    /// Most PDF tokens (numbers, names, strings, brackets; a long one counts
    /// once more per 128 bytes) parsed while loading, outside stream data
    /// [default: 3000000]
    #[arg(long, value_name = "N")]
    pub max_pdf_tokens: Option<u64>,
}

impl PdfLimitArgs {
    /// The library's limits with these flags applied.
    pub fn limits(&self) -> PdfLimits {
        let mut l = PdfLimits::default();
        if let Some(n) = self.max_pages {
            l.max_pages = n;
        }
        if let Some(n) = self.max_stream_bytes {
            l.max_stream_bytes = n;
        }
        if let Some(n) = self.max_pdf_tokens {
            l.max_pdf_tokens = n;
        }
        l
    }
}

/// `--max-json-bytes` (validate, diff).
#[derive(Debug, Clone, Args)]
pub struct JsonLimitArg {
    /// Largest JSON document read, in bytes; a larger one is refused unread
    #[arg(long, value_name = "N", default_value_t = tassei::pipeline::DEFAULT_MAX_JSON_BYTES)]
    pub max_json_bytes: u64,
}

/// `--timeout SECS`, parsed by the library's rule (positive, finite).
pub fn parse_timeout(text: &str) -> Result<std::time::Duration, String> {
    tassei::deadline::parse_seconds(text)
        .ok_or_else(|| format!("takes a positive number of seconds, not '{text}'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_defaults_are_the_librarys() {
        let d = PdfLimits::default();
        assert_eq!(d.max_pages, 2000);
        assert_eq!(d.max_stream_bytes, 67108864);
        assert_eq!(d.max_pdf_tokens, 3000000);
        let none = PdfLimitArgs {
            max_pages: None,
            max_stream_bytes: None,
            max_pdf_tokens: None,
        };
        assert_eq!(none.limits().max_pages, 2000);
        let some = PdfLimitArgs {
            max_pages: Some(3),
            ..none
        };
        assert_eq!(some.limits().max_pages, 3);
    }
}
