//! Whole-stage tests on synthetic documents built in code.

use super::*;
use crate::grid::{Grid, RowKind};
use crate::pdf::{Glyph, Page, Rule};

const SIZE: f64 = 10.0;

/// A page under construction: 10pt glyphs, 10pt wide, 12pt line pitch.
struct Sheet {
    number: u32,
    glyphs: Vec<Glyph>,
    rules: Vec<Rule>,
}

impl Sheet {
    fn new(number: u32) -> Self {
        Sheet {
            number,
            glyphs: Vec::new(),
            rules: Vec::new(),
        }
    }

    /// Write `text` from (x, top); `'\n'` starts the next line 12pt lower.
    fn text(&mut self, text: &str, x: f64, top: f64) -> &mut Self {
        for (li, line) in text.split('\n').enumerate() {
            let t = top + 12.0 * li as f64;
            for (i, ch) in line.chars().enumerate() {
                let x0 = x + SIZE * i as f64;
                self.glyphs.push(Glyph {
                    ch,
                    x0,
                    top: t,
                    x1: x0 + SIZE,
                    bottom: t + SIZE,
                    size: SIZE,
                });
            }
        }
        self
    }

    fn hline(&mut self, y: f64, x0: f64, x1: f64) -> &mut Self {
        self.rules.push(Rule {
            x0,
            top: y,
            x1,
            bottom: y,
        });
        self
    }

    fn vline(&mut self, x: f64, y0: f64, y1: f64) -> &mut Self {
        self.rules.push(Rule {
            x0: x,
            top: y0,
            x1: x,
            bottom: y1,
        });
        self
    }

    /// A filled box (a rectangle wider and taller than any rule).
    fn filled(&mut self, x0: f64, top: f64, x1: f64, bottom: f64) -> &mut Self {
        self.rules.push(Rule {
            x0,
            top,
            x1,
            bottom,
        });
        self
    }

    /// Full grid of rules over the given boundaries.
    fn grid(&mut self, xs: &[f64], ys: &[f64]) -> &mut Self {
        let (x0, x1, y0, y1) = (xs[0], xs[xs.len() - 1], ys[0], ys[ys.len() - 1]);
        for &y in ys {
            self.hline(y, x0, x1);
        }
        for &x in xs {
            self.vline(x, y0, y1);
        }
        self
    }

    /// A deterministic shuffle of the content-stream order.
    fn shuffled(&mut self) -> &mut Self {
        let n = self.glyphs.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| (i * 7919 + 13) % n.max(1));
        self.glyphs = order.into_iter().map(|i| self.glyphs[i]).collect();
        self.rules.reverse();
        self
    }

    fn page(&self) -> Page {
        Page {
            number: self.number,
            width: 600.0,
            height: 800.0,
            glyphs: self.glyphs.clone(),
            rules: self.rules.clone(),
        }
    }
}

fn doc(sheets: &[&Sheet]) -> Document {
    Document {
        pages: sheets.iter().map(|s| s.page()).collect(),
        warnings: Vec::new(),
    }
}

fn grid_of(sheets: &[&Sheet]) -> Grid {
    match build_grid(&doc(sheets), &LayoutSettings::default()) {
        Ok(g) => g,
        Err(e) => panic!("layout failed: {e}"),
    }
}

/// Table rows as lists of (col, text).
fn table_rows(g: &Grid) -> Vec<Vec<(usize, String)>> {
    g.rows
        .iter()
        .filter(|r| r.kind == RowKind::Table)
        .map(|r| r.cells.iter().map(|c| (c.col, c.text.clone())).collect())
        .collect()
}

fn line_texts(g: &Grid) -> Vec<String> {
    g.rows
        .iter()
        .filter(|r| r.kind == RowKind::Line)
        .map(|r| r.cell_text(0).to_string())
        .collect()
}

fn cells(row: &[(usize, &str)]) -> Vec<(usize, String)> {
    row.iter().map(|(c, t)| (*c, t.to_string())).collect()
}

const XS: [f64; 4] = [50.0, 150.0, 300.0, 450.0];

fn three_by_three(sheet: &mut Sheet) {
    sheet.text("表題", 50.0, 20.0);
    sheet.grid(&XS, &[100.0, 120.0, 154.0, 174.0]);
    sheet
        .text("区分", 54.0, 104.0)
        .text("概要", 154.0, 104.0)
        .text("実績", 304.0, 104.0);
    sheet
        .text("全体", 54.0, 124.0)
        .text("支援の\n実施", 154.0, 124.0)
        .text("3,121件", 304.0, 124.0);
    sheet
        .text("その他", 54.0, 158.0)
        .text("相談", 154.0, 158.0)
        .text("12 人", 304.0, 158.0);
    sheet.text("本文の続き", 50.0, 300.0);
}

#[test]
fn empty_document_gives_empty_grid() {
    assert_eq!(
        build_grid(&Document::default(), &LayoutSettings::default()),
        Ok(Grid::default())
    );
}

#[test]
fn invalid_settings_are_refused() {
    let s = LayoutSettings {
        word_gap: f64::NAN,
        ..LayoutSettings::default()
    };
    assert!(matches!(
        build_grid(&Document::default(), &s),
        Err(LayoutError::InvalidSetting {
            name: "word_gap",
            ..
        })
    ));
}

#[test]
fn ruled_three_by_three_table_with_shuffled_glyphs() {
    let mut sheet = Sheet::new(1);
    three_by_three(&mut sheet);
    sheet.shuffled();
    let g = grid_of(&[&sheet]);
    assert_eq!(
        table_rows(&g),
        vec![
            cells(&[(0, "区分"), (1, "概要"), (2, "実績")]),
            cells(&[(0, "全体"), (1, "支援の\n実施"), (2, "3,121件")]),
            cells(&[(0, "その他"), (1, "相談"), (2, "12 人")]),
        ]
    );
    // Lines are interleaved by position: title first, body text last.
    let kinds: Vec<RowKind> = g.rows.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            RowKind::Line,
            RowKind::Table,
            RowKind::Table,
            RowKind::Table,
            RowKind::Line
        ]
    );
    assert_eq!(line_texts(&g), ["表題", "本文の続き"]);
    // Every cell knows its page and box.
    let c = &g.rows[2].cells[1];
    assert_eq!(c.loc.page, Some(1));
    assert_eq!(
        c.loc.bbox,
        Some(BBox {
            x0: 150.0,
            top: 120.0,
            x1: 300.0,
            bottom: 154.0
        })
    );
}

use crate::grid::BBox;

#[test]
fn merged_cell_spanning_two_rows_is_reported_in_its_first_row() {
    let mut sheet = Sheet::new(1);
    // Column 0 spans rows 1–2; the rule between them stops at x=150.
    sheet
        .hline(100.0, 50.0, 450.0)
        .hline(120.0, 50.0, 450.0)
        .hline(140.0, 150.0, 450.0)
        .hline(160.0, 50.0, 450.0);
    for x in XS {
        sheet.vline(x, 100.0, 160.0);
    }
    sheet
        .text("区分", 54.0, 104.0)
        .text("概要", 154.0, 104.0)
        .text("実績", 304.0, 104.0);
    sheet
        .text("分類", 54.0, 124.0)
        .text("一", 154.0, 124.0)
        .text("1件", 304.0, 124.0);
    sheet.text("二", 154.0, 144.0).text("2件", 304.0, 144.0);
    let g = grid_of(&[&sheet]);
    assert_eq!(
        table_rows(&g),
        vec![
            cells(&[(0, "区分"), (1, "概要"), (2, "実績")]),
            cells(&[(0, "分類"), (1, "一"), (2, "1件")]),
            cells(&[(1, "二"), (2, "2件")]),
        ]
    );
}

#[test]
fn thin_rectangle_double_edges_give_the_same_table() {
    let mut sheet = Sheet::new(1);
    let ys = [100.0, 120.0, 140.0];
    // Each border is a 0.5pt filled rectangle: two parallel segments plus caps.
    for y in ys {
        sheet
            .hline(y, 50.0, 450.0)
            .hline(y + 0.5, 50.0, 450.0)
            .vline(50.0, y, y + 0.5);
    }
    for x in XS {
        sheet
            .vline(x, 100.0, 140.5)
            .vline(x + 0.5, 100.0, 140.5)
            .hline(100.0, x, x + 0.5);
    }
    sheet
        .text("区分", 54.0, 104.0)
        .text("概要", 154.0, 104.0)
        .text("実績", 304.0, 104.0);
    sheet
        .text("全体", 54.0, 124.0)
        .text("支援", 154.0, 124.0)
        .text("1件", 304.0, 124.0);
    let g = grid_of(&[&sheet]);
    assert_eq!(
        table_rows(&g),
        vec![
            cells(&[(0, "区分"), (1, "概要"), (2, "実績")]),
            cells(&[(0, "全体"), (1, "支援"), (2, "1件")])
        ]
    );
}

/// Page 1: title, header, row A, then row B cut at the page bottom; page 2:
/// the repeated header, the rest of row B, row C. `closed` draws a closing
/// border under B on page 1 (office suites, browsers); otherwise the side
/// borders run to the page end (reportlab's default).
fn split_table(closed: bool, rest_of_b: [&str; 3]) -> (Sheet, Sheet) {
    let mut p1 = Sheet::new(1);
    p1.text("報告書", 50.0, 20.0).text("- 1 -", 280.0, 770.0);
    p1.hline(100.0, 50.0, 450.0)
        .hline(120.0, 50.0, 450.0)
        .hline(140.0, 150.0, 450.0);
    let bottom = if closed { 174.0 } else { 760.0 };
    if closed {
        p1.hline(bottom, 50.0, 450.0);
    }
    for x in XS {
        p1.vline(x, 100.0, bottom);
    }
    p1.text("区分", 54.0, 104.0)
        .text("概要", 154.0, 104.0)
        .text("実績", 304.0, 104.0);
    p1.text("分類", 54.0, 124.0)
        .text("行A", 154.0, 124.0)
        .text("1件", 304.0, 124.0);
    p1.text("行B前半", 154.0, 144.0)
        .text("二件の\n内訳", 304.0, 144.0);

    let mut p2 = Sheet::new(2);
    // The title repeats on every page (a running line), as does the number.
    p2.text("報告書", 50.0, 10.0).text("- 2 -", 280.0, 770.0);
    p2.grid(&XS, &[30.0, 50.0]);
    p2.hline(84.0, 150.0, 450.0).hline(104.0, 50.0, 450.0);
    for x in XS {
        p2.vline(x, 50.0, 104.0);
    }
    p2.text("区分", 54.0, 34.0)
        .text("概要", 154.0, 34.0)
        .text("実績", 304.0, 34.0);
    let [c0, c1, c2] = rest_of_b;
    p2.text(c0, 54.0, 54.0)
        .text(c1, 154.0, 54.0)
        .text(c2, 304.0, 54.0);
    p2.text("行C", 154.0, 88.0).text("3件", 304.0, 88.0);
    (p1, p2)
}

#[test]
fn table_split_over_two_pages_with_open_bottom_is_stitched() {
    let (p1, p2) = split_table(false, ["", "行B後半", "続き"]);
    let g = grid_of(&[&p1, &p2]);
    assert_eq!(
        table_rows(&g),
        vec![
            cells(&[(0, "区分"), (1, "概要"), (2, "実績")]),
            cells(&[(0, "分類"), (1, "行A"), (2, "1件")]),
            cells(&[(1, "行B前半\n行B後半"), (2, "二件の\n内訳\n続き")]),
            cells(&[(1, "行C"), (2, "3件")]),
        ]
    );
    // Page numbers are gone, the running title stays, on both pages.
    assert_eq!(line_texts(&g), ["報告書", "報告書"]);
    // The merged row keeps the first part's page and box.
    let merged = &g
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Table)
        .nth(2)
        .map(|r| r.loc);
    assert_eq!(merged.and_then(|l| l.page), Some(1));
    let c = g
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Table)
        .nth(3)
        .map(|r| r.cells[0].loc.page);
    assert_eq!(c, Some(Some(2)));
}

#[test]
fn row_broken_under_a_closing_border_is_merged_when_a_column_ran_out() {
    // Closed border (office suite style); column 1 finished on page 1.
    let (p1, p2) = split_table(true, ["", "", "続き"]);
    let g = grid_of(&[&p1, &p2]);
    assert_eq!(
        table_rows(&g)[2..].to_vec(),
        vec![
            cells(&[(1, "行B前半"), (2, "二件の\n内訳\n続き")]),
            cells(&[(1, "行C"), (2, "3件")])
        ]
    );
}

#[test]
fn row_ending_at_a_page_break_is_not_merged() {
    // Closed border and a complete new row on page 2.
    let (p1, p2) = split_table(true, ["", "行B2", "五件"]);
    let g = grid_of(&[&p1, &p2]);
    assert_eq!(
        table_rows(&g)[2..].to_vec(),
        vec![
            cells(&[(1, "行B前半"), (2, "二件の\n内訳")]),
            cells(&[(1, "行B2"), (2, "五件")]),
            cells(&[(1, "行C"), (2, "3件")]),
        ]
    );
}

#[test]
fn new_row_with_an_empty_year_column_is_not_merged() {
    // A new measure without a figure for the first year starts page 2.
    let (p1, p2) = split_table(true, ["", "新規", ""]);
    let g = grid_of(&[&p1, &p2]);
    assert_eq!(table_rows(&g)[3], cells(&[(1, "新規")]));
}

#[test]
fn row_running_over_three_pages_is_one_row() {
    let (p1, _) = split_table(false, ["", "", ""]);
    // Page 2: repeated header and the middle of row B, open at the bottom.
    let mut p2 = Sheet::new(2);
    p2.grid(&XS, &[30.0, 50.0]);
    for x in XS {
        p2.vline(x, 50.0, 760.0);
    }
    p2.text("区分", 54.0, 34.0)
        .text("概要", 154.0, 34.0)
        .text("実績", 304.0, 34.0);
    p2.text("中盤", 304.0, 54.0);
    // Page 3: header, the end of row B, row C.
    let (_, mut p3) = split_table(false, ["", "", "終盤"]);
    p3.number = 3;
    let g = grid_of(&[&p1, &p2, &p3]);
    assert_eq!(
        table_rows(&g)[2..].to_vec(),
        vec![
            cells(&[(1, "行B前半"), (2, "二件の\n内訳\n中盤\n終盤")]),
            cells(&[(1, "行C"), (2, "3件")])
        ]
    );
}

#[test]
fn ruleless_table_is_found_from_whitespace() {
    let mut sheet = Sheet::new(1);
    sheet.text("一覧表の見出しとなる長い一行です", 50.0, 20.0);
    let rows = [
        ("項目", "令和5年度", "令和6年度"),
        ("相談", "12件", "15件"),
        ("就職", "3人", "4人"),
        ("定着", "1人", "2人"),
    ];
    for (i, (a, b, c)) in rows.iter().enumerate() {
        let y = 60.0 + 24.0 * i as f64;
        sheet.text(a, 50.0, y).text(b, 200.0, y).text(c, 350.0, y);
    }
    // A wrapped second line in the last column only.
    sheet.text("(速報)", 350.0, 60.0 + 24.0 * 3.0 + 12.0);
    sheet.shuffled();
    let g = grid_of(&[&sheet]);
    assert_eq!(line_texts(&g), ["一覧表の見出しとなる長い一行です"]);
    assert_eq!(
        table_rows(&g),
        vec![
            cells(&[(0, "項目"), (1, "令和5年度"), (2, "令和6年度")]),
            cells(&[(0, "相談"), (1, "12件"), (2, "15件")]),
            cells(&[(0, "就職"), (1, "3人"), (2, "4人")]),
            cells(&[(0, "定着"), (1, "1人"), (2, "2人\n(速報)")]),
        ]
    );
}

#[test]
fn continued_table_keeps_grid_columns_of_the_first_table() {
    // Page 2's table is shifted by 1pt and lacks the left column.
    let mut p1 = Sheet::new(1);
    p1.grid(&XS, &[100.0, 120.0, 140.0]);
    p1.text("a", 54.0, 104.0)
        .text("b", 154.0, 104.0)
        .text("c", 304.0, 104.0);
    p1.text("d", 54.0, 124.0)
        .text("e", 154.0, 124.0)
        .text("f", 304.0, 124.0);
    let mut p2 = Sheet::new(2);
    p2.text("2 次の節", 50.0, 20.0);
    p2.grid(&[151.0, 301.0, 451.0], &[100.0, 120.0, 140.0]);
    p2.text("g", 155.0, 104.0)
        .text("h", 305.0, 104.0)
        .text("i", 155.0, 124.0)
        .text("j", 305.0, 124.0);
    let g = grid_of(&[&p1, &p2]);
    let rows = table_rows(&g);
    assert_eq!(rows[2], cells(&[(1, "g"), (2, "h")]));
    assert_eq!(rows[3], cells(&[(1, "i"), (2, "j")]));
}

#[test]
fn dense_page_lays_out_quickly() {
    // 60 rows × 8 columns, a 4-glyph text in every cell, borders drawn cell
    // by cell (as office suites do), glyphs shuffled.
    let mut sheet = Sheet::new(1);
    let xs: Vec<f64> = (0..=8).map(|i| 20.0 + 70.0 * i as f64).collect();
    let ys: Vec<f64> = (0..=60).map(|i| 20.0 + 12.5 * i as f64).collect();
    for r in 0..60 {
        for c in 0..8 {
            let (x0, x1, y0, y1) = (xs[c], xs[c + 1], ys[r], ys[r + 1]);
            sheet
                .hline(y0, x0, x1)
                .hline(y1, x0, x1)
                .vline(x0, y0, y1)
                .vline(x1, y0, y1);
            sheet.text(&format!("{:04}", r * 8 + c), x0 + 2.0, y0 + 1.0);
        }
    }
    sheet.shuffled();
    let start = std::time::Instant::now();
    let g = grid_of(&[&sheet]);
    assert_eq!(table_rows(&g).len(), 60);
    assert_eq!(table_rows(&g)[59][7], (7, "0479".to_string()));
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

#[test]
fn continuation_without_header_or_top_rule_is_merged() {
    // Page 1 closed by a border; page 2 repeats no header and draws no top
    // border: its side borders start at the page top.
    let (p1, _) = split_table(true, ["", "", ""]);
    let mut p2 = Sheet::new(2);
    p2.hline(84.0, 150.0, 450.0).hline(104.0, 50.0, 450.0);
    for x in XS {
        p2.vline(x, 40.0, 104.0);
    }
    p2.text("行B後半", 154.0, 54.0).text("続き", 304.0, 54.0);
    p2.text("行C", 154.0, 88.0).text("3件", 304.0, 88.0);
    let g = grid_of(&[&p1, &p2]);
    assert_eq!(
        table_rows(&g)[2..].to_vec(),
        vec![
            cells(&[(1, "行B前半\n行B後半"), (2, "二件の\n内訳\n続き")]),
            cells(&[(1, "行C"), (2, "3件")]),
        ]
    );
}

#[test]
fn table_of_filled_boxes_keeps_a_row_header_over_two_sub_rows() {
    // A slide's table: one filled box per cell, gutters between them. The
    // left column's box spans two rows; right of it, those rows have a
    // sub-label column the other rows do not have; a notes box underneath.
    let mut s = Sheet::new(1);
    s.filled(50.0, 100.0, 250.0, 130.0)
        .filled(258.0, 100.0, 400.0, 130.0)
        .filled(50.0, 136.0, 250.0, 170.0)
        .filled(258.0, 136.0, 400.0, 170.0)
        .filled(50.0, 176.0, 110.0, 250.0)
        .filled(118.0, 176.0, 250.0, 210.0)
        .filled(258.0, 176.0, 400.0, 210.0)
        .filled(118.0, 216.0, 250.0, 250.0)
        .filled(258.0, 216.0, 400.0, 250.0)
        .filled(50.0, 262.0, 400.0, 300.0);
    s.text("区分", 60.0, 110.0)
        .text("実績", 270.0, 110.0)
        .text("療養者数", 60.0, 148.0)
        .text("2,657人", 270.0, 148.0)
        .text("病床\n具合", 60.0, 200.0)
        .text("病床全体", 124.0, 188.0)
        .text("1,279人", 270.0, 188.0)
        .text("うち重症", 124.0, 228.0)
        .text("257人", 270.0, 228.0)
        .text("※1 注記の文", 60.0, 275.0);
    let g = grid_of(&[&s]);
    let rows: Vec<Vec<(usize, &str, usize, usize)>> = g
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Table)
        .map(|r| {
            r.cells
                .iter()
                .map(|c| (c.col, c.text.as_str(), c.row_span, c.col_span))
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            vec![(0, "区分", 1, 2), (2, "実績", 1, 1)],
            vec![(0, "療養者数", 1, 2), (2, "2,657人", 1, 1)],
            vec![
                (0, "病床\n具合", 2, 1),
                (1, "病床全体", 1, 1),
                (2, "1,279人", 1, 1)
            ],
            vec![(1, "うち重症", 1, 1), (2, "257人", 1, 1)],
        ]
    );
    assert_eq!(line_texts(&g), ["※1 注記の文"]);
}
