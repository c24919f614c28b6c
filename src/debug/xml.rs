//! The few pieces of XML writing the drawing needs: escaped text, short
//! numbers, elements with attributes.

use std::fmt::Write;

/// Text escaped for XML content and attribute values; characters XML 1.0
/// does not allow (most C0 controls, U+FFFE, U+FFFF) are left out.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with at most two decimals (`12.5`, `3`, `-0.25`).
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let r = (v * 100.0).round() / 100.0;
    let mut s = format!("{r:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" {
        s = "0".to_string();
    }
    s
}

/// An SVG document being written.
#[derive(Debug, Default)]
pub struct Svg {
    pub out: String,
}

impl Svg {
    /// `<name a="v" …>` (or `<name … />` when `close`). Values are escaped.
    pub fn open(&mut self, name: &str, attrs: &[(&str, String)], close: bool) {
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            let _ = write!(self.out, " {k}=\"{}\"", esc(v));
        }
        self.out.push_str(if close { "/>" } else { ">" });
    }

    pub fn end(&mut self, name: &str) {
        let _ = write!(self.out, "</{name}>");
    }

    /// `<name …>text</name>`.
    pub fn text_el(&mut self, name: &str, attrs: &[(&str, String)], text: &str) {
        self.open(name, attrs, false);
        self.out.push_str(&esc(text));
        self.end(name);
    }

    /// A `<title>` tooltip for the element just opened.
    pub fn title(&mut self, text: &str) {
        self.text_el("title", &[], text);
    }

    pub fn newline(&mut self) {
        self.out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            esc("a<b & \"c\"\u{1}\u{FFFF}"),
            "a&lt;b &amp; &quot;c&quot;"
        );
        assert_eq!(esc("行1\n行2"), "行1&#10;行2");
    }

    #[test]
    fn short_numbers() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(f64::NAN), "0");
    }
}
