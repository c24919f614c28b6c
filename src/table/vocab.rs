//! The vocabulary of the table model: which header words give a column
//! which role, which words say what kind of figure a value column holds,
//! which words start a section heading, which notes set units and dates.
//!
//! Everything here is data, in one place, the way
//! [`crate::layout::LayoutSettings`] holds the layout tolerances. To teach
//! tassei an office's own header word, add it to the list of its role; a
//! header no list knows is reported (a warning and an `unparsed` entry with
//! the header), never silently dropped.
//!
//! | role | header words (any of them in the header, after NFKC) |
//! |---|---|
//! | row key | [`ROW_KEY`] `No.`, `番号`, `通番` |
//! | group | [`GROUP`] `区分`, `分野`, `施策`, `施策名`, `施策の方向`, `基本目標`, `取組の柱` … |
//! | organisation | [`ORGANIZATION`] `担当課`, `所管課`, `実施主体` … |
//! | measure | [`MEASURE`] `取組概要`, `取組内容`, `事業名` … |
//! | indicator | [`INDICATOR`] `指標`, `指標名`, `KPI`, `重要業績評価指標`, `成果指標`, `項目` … |
//! | unit | [`UNIT`] `単位` |
//! | text | [`TEXT`] `進捗状況`, `取組状況`, `評価`, `課題`, `備考` … |
//! | value (cross tab) | any short header over a column of figures, read by [`super::crosstab`] from the rows under it; [`COLUMN_QUALIFIERS`] (`累計`) qualify its figures, [`PERSON_NOUNS`] (`重症者`, `患者` in the heading) give 人 |
//! | value | a fiscal year (`令和6年度`, `R6`, `2024年度`, `（2014年度）`, `30年度`, `本年度`), a kind word ([`KINDS`]), or a unit in parentheses (`金額（千円）`) |
//!
//! Kinds of value columns ([`KINDS`], longest word first so `決算見込`
//! is a forecast, not an actual): actual (実績, 実績値, 決算), target (目標,
//! 目標値, 計画), baseline (基準値, 現状値), forecast (見込, 見込値, 決算見込),
//! rate (達成率, 進捗率, 達成度), change (前年度比, 前年比, 増減, 比較, 差).

use serde::Serialize;

/// What kind of figure a value column (or a record) holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An achieved figure (実績).
    Actual,
    /// A target or plan (目標, 計画).
    Target,
    /// The starting point a plan measures from (基準値, 現状値).
    Baseline,
    /// An expected outcome (見込).
    Forecast,
    /// A ratio of actual to target (達成率).
    Rate,
    /// A difference (前年度比, 増減, 差).
    Change,
}

impl Kind {
    /// The name used in ids and output (`actual`, `target`, …).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Actual => "actual",
            Kind::Target => "target",
            Kind::Baseline => "baseline",
            Kind::Forecast => "forecast",
            Kind::Rate => "rate",
            Kind::Change => "change",
        }
    }

    /// Whether a document-level as-of date (title, lead line, default note)
    /// dates figures of this kind: achieved figures and what is computed
    /// from them, never plans.
    pub fn takes_report_date(self) -> bool {
        matches!(self, Kind::Actual | Kind::Rate | Kind::Change)
    }
}

/// Header words of value-column kinds, longest first within each
/// overlapping family (checked in this order).
pub const KINDS: &[(&str, Kind)] = &[
    ("決算見込", Kind::Forecast),
    ("実績見込", Kind::Forecast),
    ("見込値", Kind::Forecast),
    ("見込み", Kind::Forecast),
    ("見込", Kind::Forecast),
    ("見通し", Kind::Forecast),
    ("推計", Kind::Forecast),
    ("達成率", Kind::Rate),
    ("進捗率", Kind::Rate),
    ("達成度", Kind::Rate),
    ("執行率", Kind::Rate),
    ("前年度比", Kind::Change),
    ("対前週比", Kind::Change),
    ("前週比", Kind::Change),
    ("前日比", Kind::Change),
    ("前年同期比", Kind::Change),
    ("前年比", Kind::Change),
    ("対前年", Kind::Change),
    ("増減", Kind::Change),
    ("比較", Kind::Change),
    ("必要減少数", Kind::Change),
    ("差引", Kind::Change),
    ("差", Kind::Change),
    ("基準値", Kind::Baseline),
    ("現状値", Kind::Baseline),
    ("策定時", Kind::Baseline),
    ("当初値", Kind::Baseline),
    ("基準", Kind::Baseline),
    ("目標値", Kind::Target),
    ("目標水準", Kind::Target),
    ("目標", Kind::Target),
    ("計画値", Kind::Target),
    ("計画", Kind::Target),
    ("水準", Kind::Target),
    ("予算", Kind::Target),
    ("実績値", Kind::Actual),
    ("実績", Kind::Actual),
    ("決算", Kind::Actual),
    ("現在の状況", Kind::Actual),
    ("現況", Kind::Actual),
];

/// Row key columns: the row's own number.
pub const ROW_KEY: &[&str] = &["No.", "No", "NO.", "NO", "no.", "番号", "通番", "№", "#"];
/// Group / category columns, carried down over merged rows.
pub const GROUP: &[&str] = &[
    "区分",
    "分野",
    "施策の方向",
    "施策名",
    "施策",
    "基本目標",
    "取組の柱",
    "政策",
    "分類",
    "柱",
    "種別",
];
/// Organisation columns.
pub const ORGANIZATION: &[&str] = &[
    "担当課",
    "所管課",
    "担当部署",
    "担当部局",
    "実施主体",
    "実施機関",
    "所管",
    "担当",
    "推進者",
];
/// Measure text columns (what is being done).
pub const MEASURE: &[&str] = &[
    "取組概要",
    "取組内容",
    "事業概要",
    "事業名",
    "主な取組",
    "取組",
    "事業",
];
/// Indicator columns (what is measured).
pub const INDICATOR: &[&str] = &[
    "重要業績評価指標",
    "成果指標",
    "評価指標",
    "目標指標",
    "指標名",
    "指標",
    "KPI",
    "数値目標",
    "項目",
];
/// Unit columns.
pub const UNIT: &[&str] = &["単位"];
/// Text columns: prose that goes through the rules as a whole.
pub const TEXT: &[&str] = &[
    "進捗状況",
    "取組状況",
    "実施状況",
    "達成状況",
    "評価",
    "課題",
    "備考",
    "今後の方向性",
    "今後の取組",
    "取組実績",
    "成果",
    "内容",
    "説明",
    "概要",
];

/// Relative fiscal years in headers, as offsets from the report's year.
pub const RELATIVE_YEARS: &[(&str, i32)] = &[
    ("前々年度", -2),
    ("前年度", -1),
    ("本年度", 0),
    ("今年度", 0),
    ("当年度", 0),
    ("翌年度", 1),
    ("次年度", 1),
];

/// Words that make a free line a section heading when a number follows
/// them (`基本目標２`, `施策の柱１`); a plain numbered line (`1 …`, `第1章`)
/// is one too.
pub const SECTION_PREFIXES: &[&str] = &[
    "基本目標",
    "施策の柱",
    "政策目標",
    "基本方針",
    "基本施策",
    "重点目標",
    "重点施策",
    "施策",
    "政策",
    "目標",
    "柱",
];

/// What follows a note's subject (`職員数については、令和5年4月1日現在の人数`):
/// the note's as-of applies to the figures of that indicator or column.
pub const NOTE_SUBJECT_PARTICLES: &[&str] = &["については", "について", "は、", "は"];

/// Words that make a note set the date of figures that state none
/// (「時点の記載がないものは令和6年12月末現在」).
pub const DEFAULT_DATE_NOTE: &[&str] = &[
    "記載がないもの",
    "記載のないもの",
    "記載なきもの",
    "特記なきもの",
    "特に記載",
    "明記のないもの",
];

/// Words after a date that make it an as-of date.
pub const AS_OF_WORDS: &[&str] = &["現在", "時点"];

/// Days named relative to the document's own date, as an as-of of a
/// heading or title (`（前日24時まで）`, `本日12時時点`): the day's offset
/// (zero or negative: a report counts up to its own date).
pub const RELATIVE_DAYS: &[(&str, i32)] = &[("前日", -1), ("本日", 0), ("当日", 0)];

/// Words closing a relative as-of (`前日24時まで`, `前日現在`).
pub const RELATIVE_AS_OF_WORDS: &[&str] = &["まで", "現在", "時点"];

/// Units a bare cell may hold on its own (a units row, a unit column, the
/// cell after a number). Anything the figure grammar reads as a unit is
/// accepted too; these are the short ones it may not know.
pub const BARE_UNITS: &[&str] = &[
    "人",
    "件",
    "社",
    "%",
    "千円",
    "円",
    "百万円",
    "億円",
    "万円",
    "千件",
    "ha",
    "回",
    "箇所",
    "か所",
    "ヶ所",
    "校",
    "団体",
    "事業所",
    "店舗",
    "戸",
    "世帯",
    "施設",
    "床",
    "日",
    "時間",
    "km",
    "m",
    "t",
    "kg",
    "台",
    "本",
    "冊",
    "人/年",
    "件/年",
    "ポイント",
    "pt",
    "倍",
    "市町",
    "市町村",
    "団地",
    "kl",
    "m3",
    "㎡",
    "m2",
    "人日",
    "人泊",
    "品目",
    "組",
    "kW",
    "kWh",
];

/// Headers whose rows or columns hold percentages when a table's unit note
/// names `％` beside its main unit (`（単位：千円，％）`).
pub const RATIO_WORDS: &[&str] = &["率", "割合", "比率"];

/// Headers that name figures of no stated kind (`金額`, `数値`).
pub const GENERIC_VALUE: &[&str] = &[
    "数値", "金額", "人数", "件数", "値", "額", "数", "率", "割合",
];

/// A row name starting with one of these breaks down the row above it
/// (`病床全体` / `うち重症者用病床`): its figures are qualified うち.
pub const BREAKDOWN_ROW_PREFIXES: &[&str] = &["うち", "内訳"];
/// Brackets and spaces a breakdown row's name may open with (`(うちオンライン診療)`).
pub const BREAKDOWN_ROW_OPENERS: &[char] = &['(', '（', '〈', '<', ' ', '　'];

/// A line of a row-name cell starting with one of these is a note on the
/// row (`*3月12日発表数字`), not part of its name (NFKC form).
pub const ROW_NOTE_MARKS: &[&str] = &["*"];

/// Words after a counter noun that do not change what it counts
/// (`新規陽性者数累計` still counts people).
pub const COUNT_SUFFIXES: &[&str] = &["累計", "合計", "総数", "計", "(累計)"];

/// Lines that label an attachment (`別添1-2`, `別紙3`, `資料2`): never the
/// report's title, though they come first.
pub const ATTACHMENT_LABELS: &[&str] = &["別添", "別紙", "資料", "参考資料", "様式", "添付"];

/// Title words of a plan (計画, 戦略): its value columns of the current and
/// later fiscal years that state no kind hold planned values (targets).
pub const PLAN_WORDS: &[&str] = &["計画", "戦略", "ビジョン", "プラン", "見通し"];

/// Title words of a progress report (達成状況, 進捗): it is not a plan even
/// when it names the plan it reports on (「…実施計画」におけるKPI達成状況).
pub const PROGRESS_WORDS: &[&str] = &["達成状況", "進捗", "実績", "状況", "検証", "評価", "報告"];

/// Which way a KPI should move, read from the words of its indicator and
/// target when no comparator or baseline says (`src/progress/direction.rs`).
///
/// * `DIRECTION_UP_WORDS` / `DIRECTION_DOWN_WORDS` name the change itself
///   (`就職率の向上`, `CO2排出量を削減`, `死亡事故ゼロ`). They count
///   unless a quantity suffix of `DIRECTION_AMOUNT_TAILS` follows
///   (`削減量`, `増加数`): that names the amount changed, which is the
///   figure itself and says nothing of its direction.
/// * `DIRECTION_DOWN_NOUNS` are things a plan wants fewer of. They count
///   only when nothing but a count or rate word of `DIRECTION_COUNT_TAILS`
///   follows them to the end of the indicator (`保育所等待機児童数`,
///   `若者の離職率`, `交通事故死者数`), so `事故防止講習の受講者数` is not a
///   decrease.
pub const DIRECTION_UP_WORDS: &[&str] = &["以上", "増加", "向上", "拡大", "上昇", "増やす"];
/// See [`DIRECTION_UP_WORDS`].
pub const DIRECTION_DOWN_WORDS: &[&str] = &[
    "以下",
    "未満",
    "削減",
    "減少",
    "抑制",
    "低減",
    "低下",
    "縮減",
    "減らす",
    "ゼロ",
    "解消",
];
/// See [`DIRECTION_UP_WORDS`].
pub const DIRECTION_AMOUNT_TAILS: &[&str] = &["量", "率", "数", "額", "幅", "件", "人"];
/// See [`DIRECTION_UP_WORDS`].
pub const DIRECTION_DOWN_NOUNS: &[&str] = &[
    "待機児童",
    "事故",
    "死亡",
    "死者",
    "死傷者",
    "離職",
    "失業",
    "犯罪",
    "自殺",
    "虐待",
    "不登校",
    "感染者",
    "耕作放棄地",
];
/// See [`DIRECTION_UP_WORDS`] (the whole rest of the indicator after the
/// noun, parentheses dropped, must be one of these).
pub const DIRECTION_COUNT_TAILS: &[&str] = &[
    "",
    "数",
    "率",
    "者数",
    "人数",
    "件数",
    "発生件数",
    "発生数",
    "発生率",
    "割合",
    "面積",
];

/// Counter nouns that imply their unit when a header or row name states
/// none (`陽性者数` counts people: 人; `相談件数`: 件). Checked at the end
/// of the name, longest first.
pub const IMPLIED_UNITS: &[(&str, &str)] = &[
    ("世帯数", "世帯"),
    ("施設数", "施設"),
    ("団体数", "団体"),
    ("事業所数", "事業所"),
    ("箇所数", "か所"),
    ("か所数", "か所"),
    ("人数", "人"),
    ("者数", "人"),
    ("員数", "人"),
    ("件数", "件"),
    ("回数", "回"),
    ("社数", "社"),
    ("校数", "校"),
];

/// Words that make a lead line the title (what the document is), preferred
/// over an earlier line (a department name, a date).
pub const TITLE_WORDS: &[&str] = &[
    "について",
    "状況",
    "計画",
    "戦略",
    "報告",
    "一覧",
    "結果",
    "予算",
    "概要",
    "KPI",
    "指標",
];

/// Header words of a cross tab's value column that qualify its figures
/// rather than name what they measure (`発生者数 | 累計`: the cumulative
/// count of the column to the left). See [`super::crosstab`].
pub const COLUMN_QUALIFIERS: &[(&str, crate::rules::Qualifier)] =
    &[("累計", crate::rules::Qualifier::Cumulative)];

/// Nouns naming people, so that a count of them is in [`PERSON_UNIT`]
/// when nothing else states a unit: in a cross tab's header (`重症者`,
/// `65歳以上 高齢者`) or, for the columns of a cross tab that state none,
/// its section heading or the report title (`患者の状況`).
pub const PERSON_NOUNS: &[&str] = &[
    "患者",
    "陽性者",
    "感染者",
    "重症者",
    "軽症者",
    "中等症者",
    "死亡者",
    "入院者",
    "退院者",
    "療養者",
    "高齢者",
    "利用者",
    "参加者",
    "来場者",
    "受診者",
    "相談者",
    "登録者",
    "就業者",
    "就職者",
];

/// The unit of a count of [`PERSON_NOUNS`].
pub const PERSON_UNIT: &str = "人";
