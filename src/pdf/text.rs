//! Debug/oracle helpers over the stage output.

use super::types::{Document, Page};

/// The first page without any glyph, if some page has none.
pub fn text_layer_missing(doc: &Document) -> Option<u32> {
    doc.pages
        .iter()
        .find(|p| p.glyphs.is_empty())
        .map(|p| p.number)
}

/// The page's text, glyphs grouped roughly into lines (top to bottom, left
/// to right), lines separated by `'\n'`, a space inserted at visible gaps.
/// A debugging and test-oracle helper, not the layout stage.
pub fn page_text(page: &Page) -> String {
    let g = &page.glyphs;
    let mut order: Vec<usize> = (0..g.len()).collect();
    let mid = |i: usize| (g[i].top + g[i].bottom) / 2.0;
    order.sort_by(|&a, &b| mid(a).total_cmp(&mid(b)).then(g[a].x0.total_cmp(&g[b].x0)));
    // Cluster into lines: a glyph joins the current line when its vertical
    // centre is within half a glyph height of the line's first glyph.
    let mut lines: Vec<Vec<usize>> = Vec::new();
    let mut line_mid = f64::NEG_INFINITY;
    for i in order {
        let h = (g[i].bottom - g[i].top).abs().max(1.0);
        match lines.last_mut() {
            Some(line) if (mid(i) - line_mid).abs() <= h * 0.5 => line.push(i),
            _ => {
                line_mid = mid(i);
                lines.push(vec![i]);
            }
        }
    }
    let mut out = String::new();
    for (n, line) in lines.iter_mut().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        line.sort_by(|&a, &b| g[a].x0.total_cmp(&g[b].x0));
        let mut last_x1: Option<f64> = None;
        let mut last_space = false;
        for &i in line.iter() {
            let c = &g[i];
            if let Some(x1) = last_x1 {
                let gap = c.x0 - x1;
                if gap > 0.25 * c.size.max(1.0) && !last_space && c.ch != ' ' {
                    out.push(' ');
                }
            }
            out.push(c.ch);
            last_space = c.ch == ' ';
            last_x1 = Some(c.x1);
        }
    }
    out
}
