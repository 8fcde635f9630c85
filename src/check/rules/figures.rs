//! Stated rates that do not match their figures (`figure-mismatch`, a
//! warning: the figures may be right and the rate a slip, or the other way
//! round, and a person has to look).
//!
//! - **A fraction and its rate**: "Thành lập 484/723 CĐCS, đạt tỷ lệ 67%",
//!   "66/73 (90,4%)". The rate is the first percentage after the fraction in
//!   the same clause, with no other number between them. Only a part over its
//!   whole is a ratio (numerator at most the denominator); a fraction followed
//!   by another "/", preceded by "ngày", or larger than one is a date or a
//!   document number.
//! - **Done against planned**: a clause with one rate and, before it,
//!   exactly two plain numbers (years, dates, ranges and ordinals left out)
//!   that are linked: the same unit after both ("96 cuộc … 120 cuộc"), or
//!   one named as the whole ("kế hoạch 120", "trên tổng số 40", "so với
//!   120"). The rate must be one number over the other: "thực hiện 96 cuộc,
//!   kế hoạch 120 cuộc, đạt 85%" is wrong. Two unrelated counts ("25 doanh
//!   nghiệp với 1.200 lao động …, đạt 85% kế hoạch") are not checked.
//! - **Across a table row**: in a column whose header announces a rate
//!   ("Tỷ lệ (%)", "%", "So sánh", "So với…", "Đạt"), a cell holding a
//!   percentage or a plain number up to 1000 must be the ratio — or the
//!   growth, ratio minus 100 — of two other numbers of the row. Without such
//!   a header a percentage may be a target or a share of something outside
//!   the row, so it is not checked. Serial-number columns ("STT", "TT") are
//!   left out, and so is a row with fewer than two other numbers.
//! - **Shares of a whole**: "chiếm (tỷ lệ) p%" repeated in one sentence
//!   lists the parts of one whole. Their sum may not exceed 100%, and a sum
//!   between 90% and 100% that falls short by more than rounding means a
//!   part is wrong. A lower sum is a selection of parts, not a mistake
//!   ("cao cấp 6,2%; trung cấp 18%; sơ cấp 15,6%"). Shares of different
//!   years, or nested with "trong đó", are different wholes.
//!
//! **Rounding**: a rate written with d decimals matches when it is within
//! one unit of its last decimal of the true ratio (so both rounding and
//! truncation pass: 66,94% may be written 67% or 66,9%).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::{Hit, Para};
use crate::check::model::{CellPos, Kind};
use crate::check::scan::char_index;
use crate::vi::{format_short, parse_number, written_decimals};

static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{1,3}(?:\.\d{3})+|\d+)\s*/\s*(\d{1,3}(?:\.\d{3})+|\d+)").unwrap()
});
static PERCENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d+(?:[.,]\d+)?)\s*%").unwrap());
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)chiếm(?:\s+tỷ\s+lệ|\s+tỉ\s+lệ)?\s*:?\s*(\d+(?:[.,]\d+)?)\s*%").unwrap()
});
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?").unwrap());
/// Words that introduce the whole a figure is measured against.
const PLAN_WORDS: &[&str] = &[
    "kế hoạch",
    "chỉ tiêu",
    "tổng số",
    "tổng",
    "trên",
    "so với",
    "trong số",
];

/// Words after which a number is a rank, a date or a term, not a count.
const NOT_COUNTS: &[&str] = &["thứ", "khóa", "khoá", "ngày", "tháng", "năm"];

/// The longest word of [`PLAN_WORDS`] and [`NOT_COUNTS`], in characters.
const WORD_BEFORE_MAX: usize = 8;

/// The last `n` characters of `s`, lowercased: what `ends_with` needs to
/// compare the lowercased whole with a word of at most `n` characters (and
/// no sigma, whose lowercase depends on what comes before it).
fn lower_tail(s: &str, n: usize) -> String {
    let start = s.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    s[start..].to_lowercase()
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:19|20)\d\d\b").unwrap());

/// True when `actual` (a percentage) rounds or truncates to `stated`,
/// written with `dec` decimals.
pub fn rate_matches(actual: f64, stated: f64, dec: u32) -> bool {
    let unit = 10f64.powi(-(dec as i32));
    (actual - stated).abs() < unit + 1e-9
}

fn mismatch(s: usize, e: usize, msg: String) -> Hit {
    Hit::new(Kind::FigureMismatch, s, e, msg)
}

/// Clause boundaries: ";" and a full stop followed by a space.
fn clause_bounds(t: &str) -> Vec<(usize, usize)> {
    let b = t.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let end = c == b';' || (c == b'.' && b.get(i + 1).is_some_and(|n| n.is_ascii_whitespace()));
        if end {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, t.len()));
    out
}

/// Rates checked within one paragraph: fractions and their rate, done
/// against planned, shares of a whole.
pub fn in_paragraph(para: &Para) -> Vec<Hit> {
    // Every check here is about a stated rate.
    if !para.marks.has(b'%') {
        return Vec::new();
    }
    let (mut hits, used_pct) = fraction_rates(para);
    hits.extend(planned_rates(para, &used_pct));
    hits.extend(share_sums(para));
    hits
}

/// Words that make a rate the conclusion of the figures before it: "đạt
/// 85%", "chiếm tỷ lệ 5,4%", "bằng 80%", "= 90%", "(90,4%)".
const CONCLUSION_WORDS: &[&str] = &["đạt", "chiếm", "bằng", "tỷ lệ", "tỉ lệ", "=", "("];

/// Words that may follow a concluding rate: the whole it is measured
/// against ("đạt 85% kế hoạch"). Any other word makes the rate a share of
/// something else ("01 chỉ tiêu đạt 65% nội dung").
const AFTER_RATE_WORDS: &[&str] = &[
    "kế hoạch",
    "chỉ tiêu",
    "mục tiêu",
    "so với",
    "yêu cầu",
    "trở lên",
    "tổng số",
];

/// True when the rate written between `between` (the text from the figures
/// to the rate) and `after` (the text after its "%") concludes those
/// figures: a [`CONCLUSION_WORDS`] word leads to it, and it ends its clause
/// or names the whole it is measured against.
fn concludes(between: &str, after: &str) -> bool {
    let lead = between.to_lowercase();
    if !CONCLUSION_WORDS.iter().any(|w| lead.contains(w)) {
        return false;
    }
    let rest = after.trim_start().to_lowercase();
    match rest.chars().next() {
        None => true,
        Some(c) if !c.is_alphanumeric() => true,
        Some(_) => AFTER_RATE_WORDS.iter().any(|w| rest.starts_with(w)),
    }
}

/// Fractions and their rate: "484/723 CĐCS, đạt tỷ lệ 67%". Returns the
/// hits and the byte offsets of the rates checked, which the other checks
/// leave alone.
fn fraction_rates(para: &Para) -> (Vec<Hit>, Vec<usize>) {
    let t = para.text.as_str();
    let mut hits = Vec::new();
    let mut used_pct = Vec::new();
    let fractions = para.marks.has(b'/').then(|| FRACTION.captures_iter(t));
    for m in fractions.into_iter().flatten() {
        let whole = m.get(0).unwrap();
        let Some((a, b)) = part_of_whole(t, whole.start(), whole.end(), &m[1], &m[2]) else {
            continue;
        };
        let after = &t[whole.end()..];
        let window: String = after.chars().take(80).collect();
        let Some(p) = PERCENT.captures(&window) else {
            continue;
        };
        let pm = p.get(0).unwrap();
        let between = &window[..pm.start()];
        if between.contains([';', '/'])
            || between.contains(". ")
            || between.chars().any(|k| k.is_ascii_digit())
        {
            continue;
        }
        let pct_start = whole.end() + pm.start();
        used_pct.push(pct_start);
        if !concludes(between, &after[pm.end()..]) {
            continue;
        }
        let stated = parse_number(&p[1]).unwrap_or(f64::NAN);
        let actual = a / b * 100.0;
        if !rate_matches(actual, stated, written_decimals(&p[1]).unwrap_or(0)) {
            let s = para.chars().char_at_byte(whole.start());
            let e = para.chars().char_at_byte(whole.end() + pm.end());
            hits.push(mismatch(
                s,
                e,
                format!(
                    "Tỷ lệ không khớp số liệu: {}/{} = {}%, nhưng ghi {}%",
                    &m[1],
                    &m[2],
                    format_short(actual),
                    &p[1]
                ),
            ));
        }
    }
    (hits, used_pct)
}

/// The fraction `num/den` at bytes `s..e` of `t` when it is a part over its
/// whole; `None` for dates ("28/6", "ngày 1/4"), document numbers
/// ("49/2021/NĐ-CP") and fractions larger than one.
fn part_of_whole(t: &str, s: usize, e: usize, num: &str, den: &str) -> Option<(f64, f64)> {
    let before = &t[..s];
    if before.ends_with(['/', '.', ','])
        || before.chars().last().is_some_and(|k| k.is_ascii_digit())
    {
        return None;
    }
    let after = &t[e..];
    if after.starts_with('/') || after.starts_with(|k: char| k.is_ascii_digit()) {
        return None;
    }
    if before.trim_end().to_lowercase().ends_with("ngày") {
        return None;
    }
    let (a, b) = (parse_number(num)?, parse_number(den)?);
    (b != 0.0 && a <= b).then_some((a, b))
}

/// A plain number before a rate: as written, the word before it
/// (lowercased tail) and the word after it (lowercased).
struct Count<'t> {
    written: &'t str,
    /// Byte offset of its end in the text it was read from.
    end: usize,
    before: String,
    next_word: String,
}

/// The plain numbers of `text`: no years, dates, ranges, ordinals or
/// document numbers.
fn counts(text: &str) -> Vec<Count<'_>> {
    let mut nums = Vec::new();
    for n in NUMBER.find_iter(text) {
        let before = &text[..n.start()];
        let after = &text[n.end()..];
        if before.ends_with(['/', '-', '–', '.', ',']) || after.starts_with(['/', '-', '–']) {
            continue;
        }
        if n.as_str().len() == 4 && YEAR.is_match(n.as_str()) {
            continue;
        }
        let pre = lower_tail(before.trim_end(), WORD_BEFORE_MAX);
        if NOT_COUNTS.iter().any(|w| pre.ends_with(w)) {
            continue;
        }
        let next_word = after
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(|k: char| !k.is_alphanumeric())
            .to_lowercase();
        nums.push(Count {
            written: n.as_str(),
            end: n.end(),
            before: pre,
            next_word,
        });
    }
    nums
}

/// Done against planned, clause by clause: "thực hiện 96 cuộc, kế hoạch
/// 120 cuộc, đạt 85%". Rates at `used_pct` were checked as fractions.
fn planned_rates(para: &Para, used_pct: &[usize]) -> Vec<Hit> {
    let t = para.text.as_str();
    let mut hits = Vec::new();
    for (cs, ce) in clause_bounds(t) {
        let clause = &t[cs..ce];
        if !clause.contains('%') || FRACTION.is_match(clause) {
            continue;
        }
        let pcts: Vec<_> = PERCENT.captures_iter(clause).collect();
        let [pct] = pcts.as_slice() else {
            continue;
        };
        let pm = pct.get(0).unwrap();
        if used_pct.contains(&(cs + pm.start())) {
            continue;
        }
        let nums = counts(&clause[..pm.start()]);
        let [n0, n1] = nums.as_slice() else {
            continue;
        };
        let same_unit = !n0.next_word.is_empty() && n0.next_word == n1.next_word;
        let against = [n0, n1]
            .iter()
            .any(|n| PLAN_WORDS.iter().any(|w| n.before.ends_with(w)));
        if !same_unit && !against {
            continue;
        }
        if !concludes(&clause[n1.end..pm.start()], &clause[pm.end()..]) {
            continue;
        }
        let (Some(a), Some(b)) = (parse_number(n0.written), parse_number(n1.written)) else {
            continue;
        };
        let stated = parse_number(&pct[1]).unwrap_or(f64::NAN);
        let dec = written_decimals(&pct[1]).unwrap_or(0);
        let ok = [(a, b), (b, a)]
            .iter()
            .any(|&(x, y)| y != 0.0 && rate_matches(x / y * 100.0, stated, dec));
        if ok || a == 0.0 || b == 0.0 {
            continue;
        }
        let (x, y, sx, sy) = if a <= b {
            (a, b, n0.written, n1.written)
        } else {
            (b, a, n1.written, n0.written)
        };
        let s = para.chars().char_at_byte(cs + pm.start());
        let e = para.chars().char_at_byte(cs + pm.end());
        hits.push(mismatch(
            s,
            e,
            format!(
                "Tỷ lệ không khớp số liệu: {sx}/{sy} = {}%, nhưng ghi {}%",
                format_short(x / y * 100.0),
                &pct[1]
            ),
        ));
    }
    hits
}

/// Sentence boundaries: a full stop followed by a space.
fn sentence_bounds(t: &str) -> Vec<(usize, usize)> {
    let bytes = t.as_bytes();
    let mut start = 0;
    let mut out = Vec::new();
    for (i, &ch) in bytes.iter().enumerate() {
        if ch == b'.' && bytes.get(i + 1).is_some_and(|n| n.is_ascii_whitespace()) {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, t.len()));
    out
}

/// Shares of a whole, sentence by sentence: "nam chiếm 45%, nữ chiếm 52%"
/// should add up to 100%.
fn share_sums(para: &Para) -> Vec<Hit> {
    let t = para.text.as_str();
    let mut hits = Vec::new();
    for (ss, se) in sentence_bounds(t) {
        let sent = &t[ss..se];
        // Two shares or more, each with its own "%".
        if sent.matches('%').nth(1).is_none() {
            continue;
        }
        let items: Vec<_> = SHARE.captures_iter(sent).collect();
        if items.len() < 2 {
            continue;
        }
        let first = items[0].get(0).unwrap();
        let last = items[items.len() - 1].get(0).unwrap();
        let lower = sent[first.start()..last.end()].to_lowercase();
        if lower.contains("trong đó") || lower.contains("trong số") || YEAR.is_match(sent) {
            continue;
        }
        let vals: Vec<f64> = items.iter().filter_map(|c| parse_number(&c[1])).collect();
        let dec = items
            .iter()
            .map(|c| written_decimals(&c[1]).unwrap_or(0))
            .max()
            .unwrap_or(0);
        let sum: f64 = vals.iter().sum();
        let tol = vals.len() as f64 * 0.5 * 10f64.powi(-(dec as i32)) + 1e-9;
        if sum > 100.0 + tol || (sum >= 90.0 && sum < 100.0 - tol) {
            let s = para.chars().char_at_byte(ss + first.start());
            let e = para.chars().char_at_byte(ss + last.end());
            hits.push(mismatch(
                s,
                e,
                format!(
                    "Các tỷ lệ thành phần cộng lại {}%, không bằng 100%",
                    format_short(sum)
                ),
            ));
        }
    }
    hits
}

/// One table cell as seen by the row check.
pub struct Cell<'a> {
    /// Index of the paragraph (in the checker's list) holding the value.
    pub para: usize,
    pub pos: CellPos,
    /// The paragraph's text (NFC).
    pub text: &'a str,
    /// What the paragraph's text reads as, trimmed ([`CellRead::of`]).
    pub read: &'a CellRead,
}

static CELL_PERCENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d+(?:[.,]\d+)?)\s*%\s*$").unwrap());
static CELL_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)\s*$").unwrap()
});

/// Compiles this module's patterns now rather than at first use.
pub(crate) fn compile_patterns() {
    LazyLock::force(&FRACTION);
    LazyLock::force(&PERCENT);
    LazyLock::force(&SHARE);
    LazyLock::force(&NUMBER);
    LazyLock::force(&YEAR);
    LazyLock::force(&CELL_PERCENT);
    LazyLock::force(&CELL_NUMBER);
}

/// Words in a column header that announce a rate column.
const RATE_HEADERS: &[&str] = &["tỷ lệ", "tỉ lệ", "so sánh", "so với", "đạt"];

/// A rate column's header (lowercase): one of [`RATE_HEADERS`], or a "%"
/// that is a unit ("(%)", "Tỷ lệ %"), not a stated rate ("gồm VAT 10%").
fn is_rate_header(header: &str) -> bool {
    if RATE_HEADERS.iter().any(|w| header.contains(w)) {
        return true;
    }
    header.match_indices('%').any(|(i, _)| {
        !header[..i]
            .trim_end()
            .chars()
            .last()
            .is_some_and(|k| k.is_ascii_digit())
    })
}

/// What the row check reads in the text of a table cell.
#[derive(Debug, Clone, PartialEq)]
pub enum CellRead {
    /// A percentage or a plain number.
    Figure(Figure),
    /// Anything else, lowercased: it may be a column header.
    Words(String),
}

/// A figure in a table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Written with "%".
    pub percent: bool,
    /// The number as written, without "%".
    pub written: String,
    /// Its value; NaN when it does not parse.
    pub value: f64,
    /// Its decimals as written.
    pub decimals: u32,
}

impl CellRead {
    /// Reads the text of a cell (its paragraphs trimmed, joined by a space).
    pub fn of(text: &str) -> CellRead {
        CellRead::read(text, || text.to_lowercase())
    }

    /// Reads `text`, whose lowercase `lower` gives.
    fn read(text: &str, lower: impl FnOnce() -> String) -> CellRead {
        match written_figure(text) {
            Some((percent, written)) => CellRead::Figure(Figure {
                percent,
                written: written.to_string(),
                value: parse_number(written).unwrap_or(f64::NAN),
                decimals: written_decimals(written).unwrap_or(0),
            }),
            None => CellRead::Words(lower()),
        }
    }

    /// The lowercase of `text`, the text this was read from: the words, or
    /// the figure's text itself (digits, marks and spaces have no case).
    fn lower<'t>(&'t self, text: &'t str) -> &'t str {
        match self {
            CellRead::Words(w) => w,
            CellRead::Figure(_) => text,
        }
    }

    /// True when the cell reads "n" or "(n)", as in a row numbering the
    /// columns.
    pub(super) fn numbers(&self, n: usize) -> bool {
        let t = match self {
            CellRead::Figure(f) if !f.percent => f.written.as_str(),
            CellRead::Figure(_) => return false,
            CellRead::Words(w) => w.trim(),
        };
        shows(t, n)
            || t.strip_prefix('(')
                .and_then(|t| t.strip_suffix(')'))
                .is_some_and(|t| shows(t, n))
    }
}

/// The figure in a cell's text as [`CELL_PERCENT`], or else [`CELL_NUMBER`],
/// reads it: whether it is a percentage, and the number as written.
fn written_figure(text: &str) -> Option<(bool, &str)> {
    if !may_be_figure(text) {
        return None;
    }
    if text.is_ascii() {
        return ascii_figure(text);
    }
    if let Some(m) = CELL_PERCENT.captures(text).and_then(|c| c.get(1)) {
        return Some((true, m.as_str()));
    }
    let m = CELL_NUMBER.captures(text).and_then(|c| c.get(1))?;
    Some((false, m.as_str()))
}

/// True when `text` may hold a figure: nothing but digits, ".", ",", "%"
/// and spaces in its ASCII part, and a digit or a non-ASCII character (a
/// digit of another script) somewhere.
fn may_be_figure(text: &str) -> bool {
    let mut digit = false;
    for b in text.bytes() {
        match b {
            b'0'..=b'9' | 0x80..=0xff => digit = true,
            b'.' | b',' | b'%' | b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => {}
            _ => return false,
        }
    }
    digit
}

/// [`written_figure`] for ASCII text, without the regular expressions: the
/// number is the text between the spaces (and before the "%").
fn ascii_figure(text: &str) -> Option<(bool, &str)> {
    let t = text.trim();
    if let Some(n) = t.strip_suffix('%') {
        let n = n.trim_end();
        return plain(n).then_some((true, n));
    }
    (grouped(t) || plain(t)).then_some((false, t))
}

/// Digits, then at most one "." or "," and more digits: "85", "87,5".
fn plain(s: &str) -> bool {
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    match s.find(['.', ',']) {
        Some(i) => digits(&s[..i]) && digits(&s[i + 1..]),
        None => digits(s),
    }
}

/// Thousands grouped by ".", then maybe decimals after ",": "1.270",
/// "1.830,25".
fn grouped(s: &str) -> bool {
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let (int, dec) = match s.split_once(',') {
        Some((int, dec)) => (int, Some(dec)),
        None => (s, None),
    };
    let mut groups = int.split('.');
    let head = groups.next().unwrap_or("");
    let mut count = 0;
    let tail_ok = groups.all(|g| {
        count += 1;
        g.len() == 3 && digits(g)
    });
    (1..=3).contains(&head.len()) && digits(head) && count >= 1 && tail_ok && dec.is_none_or(digits)
}

/// What the cell (its paragraphs) reads as.
pub(super) fn cell_read<'a>(cs: &[&Cell<'a>]) -> Cow<'a, CellRead> {
    match cs {
        [c] => Cow::Borrowed(c.read),
        _ => {
            let texts: Vec<&str> = cs.iter().map(|c| c.text.trim()).collect();
            // Lowercasing the texts one by one is lowercasing them joined: a
            // space stops the one rule that looks around (the final sigma).
            let lower = || {
                let lower: Vec<&str> = cs
                    .iter()
                    .zip(&texts)
                    .map(|(c, t)| c.read.lower(t))
                    .collect();
                lower.join(" ")
            };
            Cow::Owned(CellRead::read(&texts.join(" "), lower))
        }
    }
}

/// True when `s` is `n` written in digits.
fn shows(s: &str, n: usize) -> bool {
    !s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit()) && s.parse() == Ok(n)
}

/// What a column's header says about the column.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ColumnKind {
    /// A rate column ([`is_rate_header`]).
    pub(super) rate: bool,
    /// A serial-number column ("STT", "TT").
    pub(super) serial: bool,
}

impl ColumnKind {
    /// What `header` (lowercase) says about its column.
    pub(super) fn of(header: &str) -> ColumnKind {
        ColumnKind {
            rate: is_rate_header(header),
            serial: header.split_whitespace().any(|w| w == "stt" || w == "tt"),
        }
    }
}

/// One cell of a row: its column, its paragraphs, what it reads as.
type Column<'c, 'a> = (usize, &'c [&'c Cell<'a>], Cow<'a, CellRead>);

/// Rates across table rows. `cells` are the paragraphs of one part that sit
/// in table cells; returns (paragraph, hit) pairs.
pub fn in_tables(cells: &[Cell]) -> Vec<(usize, Hit)> {
    let mut sorted: Vec<&Cell> = cells.iter().collect();
    sorted.sort_by_key(|c| (c.pos.table, c.pos.row, c.pos.col));
    let mut hits = Vec::new();
    for table in sorted.chunk_by(|a, b| a.pos.table == b.pos.table) {
        hits.extend(table_rates(table));
    }
    hits
}

/// Rates across the rows of one table (cells sorted by row and column).
fn table_rates(table: &[&Cell]) -> Vec<(usize, Hit)> {
    let mut hits = Vec::new();
    // Column headers: the text of the rows above the first row with a figure
    // in it.
    let mut headers: BTreeMap<usize, String> = BTreeMap::new();
    let mut kinds: Option<BTreeMap<usize, ColumnKind>> = None;
    for row in table.chunk_by(|a, b| a.pos.row == b.pos.row) {
        let cols: Vec<Column> = row
            .chunk_by(|a, b| a.pos.col == b.pos.col)
            .map(|cs| (cs[0].pos.col, cs, cell_read(cs)))
            .collect();
        if kinds.is_none() {
            let words: Option<Vec<(usize, &str)>> = cols
                .iter()
                .map(|(col, _, read)| match read.as_ref() {
                    CellRead::Words(w) => Some((*col, w.as_str())),
                    CellRead::Figure(_) => None,
                })
                .collect();
            if let Some(words) = words {
                for (col, w) in words {
                    let h = headers.entry(col).or_default();
                    h.push(' ');
                    h.push_str(w);
                }
                continue;
            }
        }
        let kinds = kinds.get_or_insert_with(|| {
            headers
                .iter()
                .map(|(&col, h)| (col, ColumnKind::of(h)))
                .collect()
        });
        // A row numbering the columns: "1 2 3 4 5".
        let numbering = cols.len() >= 3
            && cols
                .iter()
                .enumerate()
                .all(|(i, (_, _, read))| read.numbers(i + 1));
        if !numbering {
            hits.extend(row_rates(&cols, kinds));
        }
    }
    hits
}

/// Rates in one row of a table, checked against the row's other numbers.
fn row_rates(cols: &[Column], kinds: &BTreeMap<usize, ColumnKind>) -> Vec<(usize, Hit)> {
    let mut values: Vec<(f64, usize)> = Vec::new();
    let mut rates: Vec<(&Cell, &str, f64, u32)> = Vec::new();
    for (col, cs, read) in cols {
        let CellRead::Figure(fig) = read.as_ref() else {
            continue;
        };
        let kind = kinds.get(col).copied().unwrap_or_default();
        let written = fig.written.as_str();
        if fig.percent {
            if !kind.rate {
                continue;
            }
            if let Some(cell) = cs.iter().find(|c| c.text.contains('%')) {
                rates.push((cell, written, fig.value, fig.decimals));
            }
        } else if kind.rate && fig.value <= 1000.0 {
            if let Some(cell) = cs.iter().find(|c| !c.text.trim().is_empty()) {
                rates.push((cell, written, fig.value, fig.decimals));
            }
        } else if !kind.serial {
            values.push((fig.value, *col));
        }
    }
    let mut hits = Vec::new();
    if values.len() < 2 {
        return hits;
    }
    for (cell, written, stated, dec) in rates {
        let mut best: Option<(f64, f64, f64)> = None;
        let mut ok = false;
        for (i, &(a, _)) in values.iter().enumerate() {
            for (j, &(b, _)) in values.iter().enumerate() {
                if i == j || b == 0.0 {
                    continue;
                }
                let r = a / b * 100.0;
                if rate_matches(r, stated, dec) || rate_matches(r - 100.0, stated, dec) {
                    ok = true;
                }
                if best.is_none_or(|(_, _, br)| (r - stated).abs() < (br - stated).abs()) {
                    best = Some((a, b, r));
                }
            }
        }
        if ok {
            continue;
        }
        let Some((a, b, r)) = best else { continue };
        let text = cell.text;
        let Some(bs) = text.find(written) else {
            continue;
        };
        let mut be = bs + written.len();
        let rest = &text[be..];
        let trimmed = rest.trim_start();
        if trimmed.starts_with('%') {
            be += rest.len() - trimmed.len() + 1;
        }
        hits.push((
            cell.para,
            mismatch(
                char_index(text, bs),
                char_index(text, be),
                format!(
                    "Tỷ lệ không khớp số liệu trong hàng: {}/{} = {}%, nhưng ghi {}%",
                    format_short(a),
                    format_short(b),
                    format_short(r),
                    written
                ),
            ),
        ));
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(t: &str) -> Vec<(String, String)> {
        let p = Para::new(t.to_string(), false, crate::check::rules::PartKind::Body);
        in_paragraph(&p)
            .into_iter()
            .map(|h| (p.chars().slice(h.start, h.end).to_string(), h.message))
            .collect()
    }

    #[test]
    fn words_before_a_number_fit_the_tail() {
        for w in PLAN_WORDS.iter().chain(NOT_COUNTS) {
            assert!(w.chars().count() <= WORD_BEFORE_MAX, "{w}");
            assert!(!w.contains(['σ', 'ς']), "{w}");
        }
        assert_eq!(lower_tail("Thực hiện KẾ HOẠCH", 8), "kế hoạch");
        assert_eq!(lower_tail("Năm", 8), "năm");
    }

    #[test]
    fn fraction_with_wrong_rate() {
        let h = para("Có 35/40 đơn vị tổ chức hội nghị, đạt tỷ lệ 90%.");
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(h[0].0, "35/40 đơn vị tổ chức hội nghị, đạt tỷ lệ 90%");
        assert!(h[0].1.contains("87,5%"), "{}", h[0].1);
    }

    #[test]
    fn seed_rates_that_match() {
        for t in [
            "Kết quả: Thành lập 484/723 CĐCS, đạt tỷ lệ 67% (đạt chỉ tiêu)",
            "Kết quả: Thành lập được 4/12 đơn vị, đạt tỷ lệ 33,3% (không đạt chỉ tiêu)",
            " DNNN có TƯLĐTT: 14/14 (100%); doanh nghiệp ngoài Nhà nước có TƯLĐTT: 66/73 (90,4%), trong đó",
            "đến nay, có 711/726 đơn vị có quy chế dân chủ cơ sở, đạt 98%, tỷ lệ hội nghị CBCCVC hằng năm đạt 99,9%",
            "Trình độ chuyên môn: Sau đại học 1.270 người, chiếm tỷ lệ 5,4%; đại học, cao đẳng 17.676 người, chiếm tỷ lệ 75,1 %; trung cấp và trình độ khác 4.587 người, chiến tỷ lệ 19,5%.",
            "Lý luận chính trị: Cao cấp 1.467 người, chiếm tỷ lệ 6,2%; trung cấp 4.314 người, chiếm tỷ lệ 18%; sơ cấp 3.672 người, chiếm tỷ lệ 15,6%.",
            "Ngày Phụ nữ Việt Nam 20/10, Ngày Gia đình Việt Nam 28/6 và 50% đơn vị",
            "Nghị định số 49/2021/NĐ-CP ngày 1/4/2021, đạt 100%",
        ] {
            assert!(para(t).is_empty(), "{t}: {:?}", para(t));
        }
    }

    #[test]
    fn done_against_planned_in_a_sentence() {
        let h = para("Năm 2023 thực hiện 96 cuộc, kế hoạch 120 cuộc, đạt 85%.");
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(h[0].0, "85%");
        assert!(para("Năm 2023 thực hiện 96 cuộc, kế hoạch 120 cuộc, đạt 80%.").is_empty());
        let h = para("Có 35 trên tổng số 40 CĐCS tổ chức đại hội, đạt tỷ lệ 90%.");
        assert_eq!(h.len(), 1, "{h:?}");
        assert!(h[0].1.contains("87,5%"), "{}", h[0].1);
        assert!(para(
            "Năm 2023 có 25 doanh nghiệp với 1.200 lao động được ký thỏa ước, đạt 85% kế hoạch."
        )
        .is_empty());
        assert!(para("Ngày 01/9/2023 tổ chức cho 300 người, đạt 100%.").is_empty());
    }

    #[test]
    fn a_rate_of_something_else_is_not_a_conclusion() {
        // Seed 000: 65% of one target's content, not 01 of 5 targets.
        let seed = "9.1. Chỉ tiêu thuộc trách nhiệm trực tiếp của tổ chức công đoàn (5 chỉ tiêu đạt, 01 chỉ tiêu đạt 65% nội dung, 01 chỉ tiêu không đạt)";
        assert!(para(seed).is_empty(), "{:?}", para(seed));
        assert!(para("Có 5 chỉ tiêu, 01 chỉ tiêu 65%.").is_empty());
        assert!(para("Có 35/40 đơn vị 90% là nữ.").is_empty());
        // The same figures concluded by "đạt" or "=" are checked.
        assert_eq!(para("Có 5 chỉ tiêu, đạt 01 chỉ tiêu, bằng 65%.").len(), 1);
        assert_eq!(
            para("Thực hiện 96 cuộc, kế hoạch 120 cuộc, đạt 85% kế hoạch.").len(),
            1
        );
        assert_eq!(para("Có 35/40 đơn vị = 90%.").len(), 1);
        assert!(concludes(", đạt tỷ lệ ", "."));
        assert!(!concludes(" đạt ", " nội dung"));
        assert!(!concludes(", ", ""));
    }

    #[test]
    fn shares_that_do_not_add_up() {
        let h = para("Trong tổng số lao động, nam chiếm 45%, nữ chiếm 52%.");
        assert_eq!(h.len(), 1);
        assert!(h[0].1.contains("97%"), "{}", h[0].1);
        assert_eq!(para("Nam chiếm 60,5%, nữ chiếm 40,5%.").len(), 1);
        assert!(para("Nam chiếm 45%, nữ chiếm 55%.").is_empty());
        assert!(para("Đảng viên chiếm 45%, trong đó nữ chiếm 50%.").is_empty());
        assert!(para("Năm 2018 chiếm 30%, năm 2019 chiếm 40%, năm 2020 chiếm 45%.").is_empty());
    }

    /// The row check over one table of `width` columns, one paragraph a cell.
    fn table(texts: &[&str], table: usize, width: usize) -> Vec<(usize, Hit)> {
        let reads: Vec<CellRead> = texts.iter().map(|t| CellRead::of(t.trim())).collect();
        let cells: Vec<Cell> = (0..texts.len())
            .map(|i| Cell {
                para: i,
                pos: CellPos {
                    table,
                    row: i / width,
                    col: i % width,
                    merged_above: false,
                },
                text: texts[i],
                read: &reads[i],
            })
            .collect();
        in_tables(&cells)
    }

    #[test]
    fn table_row_rate() {
        let texts = [
            "Chỉ tiêu",
            "Kế hoạch",
            "Thực hiện",
            "Tỷ lệ (%)",
            "Đoàn viên mới",
            "120",
            "96",
            "85",
            "Hội nghị",
            "40",
            "35",
            "87,5",
        ];
        let h = table(&texts, 0, 4);
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(h[0].0, 7);
        assert_eq!((h[0].1.start, h[0].1.end), (0, 2));
        assert!(h[0].1.message.contains("80%"), "{}", h[0].1.message);
    }

    #[test]
    fn rates_without_a_rate_header_are_not_checked() {
        let texts = [
            "Chỉ số",
            "1990",
            "2005",
            "Mục tiêu",
            "Nghèo",
            "19,1",
            "20",
            "50%",
        ];
        assert!(table(&texts, 0, 4).is_empty());
        let texts = [
            "Tên",
            "Số lượng",
            "Đơn giá",
            "Thành tiền (gồm 10%)",
            "Bàn",
            "226",
            "18003,61",
            "4068816,55",
        ];
        assert!(table(&texts, 0, 4).is_empty());
    }

    #[test]
    fn figures_read_as_the_patterns_do() {
        fn by_patterns(t: &str) -> Option<(bool, &str)> {
            if let Some(m) = CELL_PERCENT.captures(t) {
                return Some((true, m.get(1).unwrap().as_str()));
            }
            CELL_NUMBER
                .captures(t)
                .map(|m| (false, m.get(1).unwrap().as_str()))
        }
        let mut texts =
            crate::check::scan::short_strings(&['1', '0', '.', ',', '%', ' ', '\t', 'a']);
        texts.extend(
            [
                "1.270",
                "1.830,25",
                "12.3456",
                " 87,5 % ",
                "1.2.3",
                "\u{a0}5\u{a0}",
                "٣٤",
                "5 %%",
            ]
            .map(String::from),
        );
        for t in &texts {
            assert_eq!(written_figure(t), by_patterns(t), "{t:?}");
        }
    }

    #[test]
    fn a_cell_of_several_paragraphs_reads_as_joined() {
        let texts = ["Tỷ lệ", "(%) ΑΣ", " 96 ", "", "Σ x", "ΑΣ"];
        let reads: Vec<CellRead> = texts.iter().map(|t| CellRead::of(t.trim())).collect();
        let cells: Vec<Cell> = (0..texts.len())
            .map(|i| Cell {
                para: i,
                pos: CellPos {
                    table: 0,
                    row: i / 2,
                    col: 0,
                    merged_above: false,
                },
                text: texts[i],
                read: &reads[i],
            })
            .collect();
        let refs: Vec<&Cell> = cells.iter().collect();
        for pair in refs.chunks(2) {
            let joined: Vec<&str> = pair.iter().map(|c| c.text.trim()).collect();
            assert_eq!(*cell_read(pair), CellRead::of(&joined.join(" ")));
        }
    }

    #[test]
    fn table_row_with_percent_sign_and_serial() {
        let texts = [
            "STT",
            "Nội dung",
            "Năm trước",
            "Năm nay",
            "So sánh",
            "1",
            "2",
            "3",
            "4",
            "5",
            "1",
            "Thu",
            "200",
            "250",
            "125%",
            "2",
            "Chi",
            "100",
            "90",
            "95%",
        ];
        let h = table(&texts, 3, 5);
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(h[0].0, 19);
        assert_eq!((h[0].1.start, h[0].1.end), (0, 3));
    }
}
