//! Layout on the fixture PDFs: the table rows that `layout::build_grid`
//! finds in each producer's rendering must match the canonical source table
//! (`fixtures/gen/*_table.json`) cell by cell, up to a light
//! canonicalization defined here. Differences a producer makes unavoidable
//! are listed per fixture, with the reason. `LAYOUT_DIFF=1` prints every
//! difference found, readably.

use serde_json::Value;
use tassei::grid::{Grid, RowKind};
use tassei::{layout, pdf};

/// Kangxi radicals (U+2F00–U+2FD5) and the unified ideographs they depict,
/// as pairs: Chromium's subset fonts map common kanji to them.
const KANGXI_PAIRS: &[&str] = &[
    "⼀一⼁丨⼂丶⼃丿⼄乙⼅亅⼆二⼇亠⼈人⼉儿⼊入⼋八⼌冂⼍冖⼎冫⼏几⼐凵⼑刀⼒力⼓勹⼔匕⼕匚⼖匸⼗十⼘卜⼙卩⼚厂⼛厶⼜又⼝口⼞囗⼟土",
    "⼠士⼡夂⼢夊⼣夕⼤大⼥女⼦子⼧宀⼨寸⼩小⼪尢⼫尸⼬屮⼭山⼮巛⼯工⼰己⼱巾⼲干⼳幺⼴广⼵廴⼶廾⼷弋⼸弓⼹彐⼺彡⼻彳⼼心⼽戈⼾戶⼿手",
    "⽀支⽁攴⽂文⽃斗⽄斤⽅方⽆无⽇日⽈曰⽉月⽊木⽋欠⽌止⽍歹⽎殳⽏毋⽐比⽑毛⽒氏⽓气⽔水⽕火⽖爪⽗父⽘爻⽙爿⽚片⽛牙⽜牛⽝犬⽞玄⽟玉",
    "⽠瓜⽡瓦⽢甘⽣生⽤用⽥田⽦疋⽧疒⽨癶⽩白⽪皮⽫皿⽬目⽭矛⽮矢⽯石⽰示⽱禸⽲禾⽳穴⽴立⽵竹⽶米⽷糸⽸缶⽹网⽺羊⽻羽⽼老⽽而⽾耒⽿耳",
    "⾀聿⾁肉⾂臣⾃自⾄至⾅臼⾆舌⾇舛⾈舟⾉艮⾊色⾋艸⾌虍⾍虫⾎血⾏行⾐衣⾑襾⾒見⾓角⾔言⾕谷⾖豆⾗豕⾘豸⾙貝⾚赤⾛走⾜足⾝身⾞車⾟辛",
    "⾠辰⾡辵⾢邑⾣酉⾤釆⾥里⾦金⾧長⾨門⾩阜⾪隶⾫隹⾬雨⾭靑⾮非⾯面⾰革⾱韋⾲韭⾳音⾴頁⾵風⾶飛⾷食⾸首⾹香⾺馬⾻骨⾼高⾽髟⾾鬥⾿鬯",
    "⿀鬲⿁鬼⿂魚⿃鳥⿄鹵⿅鹿⿆麥⿇麻⿈黃⿉黍⿊黑⿋黹⿌黽⿍鼎⿎鼓⿏鼠⿐鼻⿑齊⿒齒⿓龍⿔龜⿕龠",
];

/// CJK Radicals Supplement (U+2E80–U+2EF3) forms that occur (or plausibly
/// occur) in these reports, with the ideographs they depict (no NFKC mapping
/// exists for most of them).
const RADICAL_SUPPLEMENT_PAIRS: &str = "⺠民⻄西⻑長⻘青⻝食⻤鬼⻩黄⻲亀⻭歯⻆角⻨麦⻫斉⻯竜⺟母";

fn radical_to_ideograph(c: char) -> char {
    let pairs = KANGXI_PAIRS.iter().flat_map(|s| {
        let v: Vec<char> = s.chars().collect();
        v.chunks(2).map(|p| (p[0], p[1])).collect::<Vec<_>>()
    });
    let supplement: Vec<char> = RADICAL_SUPPLEMENT_PAIRS.chars().collect();
    pairs
        .chain(supplement.chunks(2).map(|p| (p[0], p[1])))
        .find(|(radical, _)| *radical == c)
        .map_or(c, |(_, ideograph)| ideograph)
}

/// Remove all whitespace; radicals → ideographs.
fn canon(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(radical_to_ideograph)
        .collect()
}

type Row = Vec<String>;

fn fixture(path: &str) -> String {
    format!("{}/fixtures/{}", env!("CARGO_MANIFEST_DIR"), path)
}

/// The expected table rows: per section, its header then its rows, each
/// cell's display lines joined and canonicalized.
fn expected_rows(table_json: &str) -> Vec<Row> {
    let text = std::fs::read_to_string(fixture(table_json))
        .unwrap_or_else(|e| panic!("{table_json}: {e}"));
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{table_json}: {e}"));
    let mut rows = Vec::new();
    for section in v["sections"].as_array().into_iter().flatten() {
        let header: Row = section["header"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| canon(c.as_str().unwrap_or("")))
            .collect();
        rows.push(header);
        for row in section["rows"].as_array().into_iter().flatten() {
            let cells = row["cells"].as_array().into_iter().flatten();
            rows.push(
                cells
                    .map(|lines| {
                        canon(
                            &lines
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(Value::as_str)
                                .collect::<String>(),
                        )
                    })
                    .collect(),
            );
        }
    }
    rows
}

fn layout_pdf(name: &str) -> Grid {
    let bytes = std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let doc =
        pdf::read_pdf(&bytes, &pdf::PdfLimits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
    layout::build_grid(&doc, &layout::LayoutSettings::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The grid's table rows as 4 canonical cells each.
fn actual_rows(grid: &Grid) -> Vec<Row> {
    grid.rows
        .iter()
        .filter(|r| r.kind == RowKind::Table)
        .map(|r| {
            assert!(
                r.cells.iter().all(|c| c.col < 4),
                "cell beyond column 3: {r:?}"
            );
            (0..4).map(|col| canon(r.cell_text(col))).collect()
        })
        .collect()
}

/// One difference: these expected rows came out as these actual rows.
#[derive(Debug, Clone, PartialEq)]
struct Hunk {
    expected: Vec<Row>,
    actual: Vec<Row>,
}

/// Row-level diff (longest common subsequence), as hunks.
fn diff(expected: &[Row], actual: &[Row]) -> Vec<Hunk> {
    let (n, m) = (expected.len(), actual.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if expected[i] == actual[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut hunks = Vec::new();
    let mut open = Hunk {
        expected: vec![],
        actual: vec![],
    };
    while i < n || j < m {
        if i < n && j < m && expected[i] == actual[j] {
            if !open.expected.is_empty() || !open.actual.is_empty() {
                hunks.push(std::mem::replace(
                    &mut open,
                    Hunk {
                        expected: vec![],
                        actual: vec![],
                    },
                ));
            }
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            open.actual.push(actual[j].clone());
            j += 1;
        } else {
            open.expected.push(expected[i].clone());
            i += 1;
        }
    }
    if !open.expected.is_empty() || !open.actual.is_empty() {
        hunks.push(open);
    }
    hunks
}

/// The expected row whose 取組概要 cell starts with `prefix`.
fn row_starting(rows: &[Row], prefix: &str) -> Row {
    let found = rows.iter().find(|r| r[1].starts_with(&canon(prefix)));
    found
        .cloned()
        .unwrap_or_else(|| panic!("no expected row starting with {prefix}"))
}

/// A row broken at a page break and not merged back: the expected row as
/// the two parts it came out as, the first part given cell by cell.
fn unmerged_split(rows: &[Row], prefix: &str, first: [&str; 4]) -> Hunk {
    let whole = row_starting(rows, prefix);
    let first: Row = first.iter().map(|c| canon(c)).collect();
    let rest: Row = whole
        .iter()
        .zip(&first)
        .map(|(w, f)| {
            w.strip_prefix(f.as_str())
                .unwrap_or_else(|| panic!("{f} is not the start of {w}"))
                .to_string()
        })
        .collect();
    Hunk {
        expected: vec![whole],
        actual: vec![first, rest],
    }
}

/// One expected row with characters of one cell read as others.
fn cell_read_as(rows: &[Row], prefix: &str, col: usize, from: char, to: char) -> Hunk {
    let whole = row_starting(rows, prefix);
    let mut changed = whole.clone();
    assert!(
        changed[col].contains(from),
        "{prefix}: no {from:?} in column {col}"
    );
    changed[col] = changed[col].replace(from, &to.to_string());
    Hunk {
        expected: vec![whole],
        actual: vec![changed],
    }
}

fn check(pdf_name: &str, table_json: &str, known: impl Fn(&[Row]) -> Vec<Hunk>) {
    let grid = layout_pdf(pdf_name);
    let expected = expected_rows(table_json);
    let actual = actual_rows(&grid);
    let hunks = diff(&expected, &actual);
    if std::env::var("LAYOUT_DIFF").is_ok() {
        for h in &hunks {
            eprintln!(
                "--- {pdf_name}: {} expected row(s) -> {} actual row(s)",
                h.expected.len(),
                h.actual.len()
            );
            for r in &h.expected {
                eprintln!(
                    "  E {:?}",
                    r.iter()
                        .map(|c| c.chars().take(40).collect::<String>())
                        .collect::<Vec<_>>()
                );
            }
            for r in &h.actual {
                eprintln!(
                    "  A {:?}",
                    r.iter()
                        .map(|c| c.chars().take(40).collect::<String>())
                        .collect::<Vec<_>>()
                );
            }
            if let (Some(e), Some(a)) = (h.expected.first(), h.actual.first()) {
                for (c, (x, y)) in e.iter().zip(a).enumerate() {
                    let k = x.chars().zip(y.chars()).take_while(|(p, q)| p == q).count();
                    if x != y {
                        eprintln!(
                            "  col {c} differs at {k}: E …{}… A …{}…",
                            x.chars()
                                .skip(k.saturating_sub(5))
                                .take(25)
                                .collect::<String>(),
                            y.chars()
                                .skip(k.saturating_sub(5))
                                .take(25)
                                .collect::<String>()
                        );
                    }
                }
            }
        }
    }
    assert_eq!(
        hunks,
        known(&expected),
        "{pdf_name}: differences from {table_json} other than the known ones"
    );
    // Every cell and row of the grid knows where it came from.
    for row in &grid.rows {
        assert!(
            row.loc.page.is_some() && row.loc.bbox.is_some(),
            "{pdf_name}: row without loc: {row:?}"
        );
        for cell in &row.cells {
            assert!(
                cell.loc.page.is_some() && cell.loc.bbox.is_some(),
                "{pdf_name}: cell without loc: {cell:?}"
            );
        }
    }
    // Headings and targets are free lines, in order before their tables.
    let lines: Vec<String> = grid
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Line)
        .map(|r| canon(r.cell_text(0)))
        .collect();
    let text = std::fs::read_to_string(fixture(table_json)).unwrap_or_default();
    let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    for section in v["sections"].as_array().into_iter().flatten() {
        for key in ["heading", "target"] {
            let want = canon(section[key].as_str().unwrap_or(""));
            assert!(lines.contains(&want), "{pdf_name}: no line {want:?}");
        }
    }
}

#[test]
fn libreoffice_tables_match_the_source() {
    check("pdf/seed_libreoffice.pdf", "gen/seed_table.json", |rows| {
        vec![
            // Writer broke the <広島市> row exactly at a paragraph boundary in
            // every column and closes the first part with an ordinary border
            // and ordinary padding; the rest on the next page starts like a
            // new row (a 取組概要 of its own, bullets in the year columns).
            // Nothing on the page tells the two apart.
            unmerged_split(
                rows,
                "<広島市>",
                [
                    "",
                    "<広島市>",
                    "○「しごと相談カフェiroha」の実績",
                    "○「しごと相談カフェiroha」の実績",
                ],
            ),
        ]
    });
}

#[test]
fn chromium_tables_match_the_source() {
    check(
        "pdf/seed_chromium.pdf",
        "gen/seed_table.json",
        chromium_known,
    );
}

#[test]
fn chromium_edition2_tables_match_the_source() {
    check(
        "pdf/edition2_chromium.pdf",
        "gen/edition2_table.json",
        chromium_known,
    );
}

/// Chromium (Skia) writes a ToUnicode map that sends two glyphs of the
/// subset font to other code points than the source text's (pdfminer reads
/// the same code points; poppler's pdftotext substitutes its own).
fn chromium_known(rows: &[Row]) -> Vec<Hunk> {
    vec![
        // The "—" category of section 2: EM DASH read as U+0336 COMBINING
        // LONG STROKE OVERLAY.
        cell_read_as(rows, "<労働局>地域若者", 0, '—', '\u{336}'),
        // "～長期化問題・地域連携を中心に～": FULLWIDTH TILDE read as WAVE DASH.
        cell_read_as(rows, "<広島県>○従事者研修の開催", 2, '～', '〜'),
    ]
}

#[test]
fn reportlab_cid_tables_match_the_source() {
    check("pdf/seed_cid.pdf", "gen/seed_table.json", |_| vec![]);
}
