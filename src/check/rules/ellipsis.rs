//! Dots inside a sentence: a figure still to come, or "and so on"?
//!
//! Vietnamese drafts use the same marks for both. "là …. doanh nghiệp" waits
//! for a number; "như: nhà ở, nhà trẻ, giá điện, nước..." ends a list. The
//! difference is the slot around the dots, so every dot run ("..", "…",
//! "….", "……..") and every x-placeholder ("x.xxx", "xx") is judged by what
//! stands on either side of it.
//!
//! **What marks a quantity slot** ([`Slot`]):
//! - *a unit or counted noun right after* ([`UNITS`]): "%", "người", "doanh
//!   nghiệp", "tỷ đồng", "lượt", "cuộc", "CĐCS", "chị", "đại biểu"… A blank
//!   directly before such a word can only be the count of it. Some nouns are
//!   also everyday words that open a new phrase after a list ("lao động",
//!   "cơ quan", "ngày"); they are *weak* units and count only together with
//!   a cue on the left.
//! - *a cue right before* ([`TRIGGERS`]): "là", "có", "với", "tại", "đạt",
//!   "trước", "cho", "số", "chiếm", "trị giá"… These words announce a
//!   quantity or a complement; a list never ends on them, so dots after them
//!   are a gap even when nothing follows ("tặng bằng khen cho ……").
//! - *a label*: a colon right before ("tương đương: ...chị").
//! - *the start of a clause* (paragraph start, ";", "(") together with a
//!   unit: "; …. CĐCS tổ chức lấy ý kiến".
//!
//! **What marks "and so on"**:
//! - *dots glued to the word before* ("nước...", "tin học…để", "28/6…"):
//!   the writer closed a list. Glued dots are a gap only when the word before
//!   is a cue *and* a unit follows ("là….người"), or when the run is as long
//!   as a fill-in line (8 dot-widths or more, "Họ và tên………………").
//!   Dots glued to a digit are never a gap ("đến 2030...").
//! - *a new sentence after the dots*: a capitalised word ("... Đoàn viên
//!   tích cực…") is not a unit; only acronyms ("CĐCS") are written so.
//! - *the tail of a list*: when the clause before the dots reads "A, B, C"
//!   (a comma, and a last item of at most four words with no cue or function
//!   word in it), a following noun is where the sentence goes on, not a
//!   counted noun ("thể thao … cho đoàn viên").
//! - *nothing around*: free-standing dots with neither a cue nor a unit
//!   ("chi nhánh tỉnh Đăk Nông ...", "tỉnh ... để nắm bắt").
//!
//! **Length**: an "and so on" is three or four dots (one or two "…"). A free
//! run of six dot-widths or more ("……", "......"; "…" counts as three) is a
//! blank to fill whatever surrounds it ("Tổng Liên đoàn LĐVN ……..;"), except
//! a typed table-of-contents leader (dots, then only a page number).

use super::{Hit, Para};
use crate::check::model::Kind;
use crate::check::scan::{Chars, Marks};

/// Counted nouns and measures. `(word, strong)`: a strong unit marks a slot
/// on its own; a weak one needs a cue, a colon or a clause start on the left.
pub const UNITS: &[(&str, bool)] = &[
    ("%", true),
    ("phần trăm", true),
    ("người", true),
    ("người lao động", false),
    ("người sử dụng lao động", false),
    ("người dân", false),
    ("lượt", true),
    ("doanh nghiệp", true),
    ("dn", true),
    ("tỷ đồng", true),
    ("triệu đồng", true),
    ("nghìn đồng", true),
    ("ngàn đồng", true),
    ("đồng", true),
    ("tỷ", true),
    ("triệu", true),
    ("nghìn", true),
    ("ngàn", true),
    ("usd", true),
    ("vnđ", true),
    ("vnd", true),
    ("cuộc", true),
    ("cđcs", true),
    ("công đoàn cơ sở", true),
    ("chị", true),
    ("cháu", true),
    ("hộ", true),
    ("đại biểu", true),
    ("ý kiến", true),
    ("lđlđ", true),
    ("liên đoàn lao động", true),
    ("nhà", true),
    ("nhà công vụ", true),
    ("nhà ở", true),
    ("nhà văn hóa", true),
    ("nhà văn hoá", true),
    ("nhà mái ấm", true),
    ("nhà tình nghĩa", true),
    ("nhà đại đoàn kết", true),
    ("căn", true),
    ("suất", true),
    ("phần quà", true),
    ("tập thể", true),
    ("cá nhân", true),
    ("lớp", true),
    ("buổi", true),
    ("vụ", true),
    ("dự án", true),
    ("sáng kiến", true),
    ("đề tài", true),
    ("công trình", true),
    ("bằng khen", true),
    ("giấy khen", true),
    ("đoàn viên", true),
    ("công nhân", true),
    ("cán bộ", true),
    ("hội viên", true),
    ("thành viên", true),
    ("đảng viên", true),
    ("học viên", true),
    ("quần chúng", true),
    ("cnvclđ", true),
    ("cnvc", true),
    ("cbccvc", true),
    ("cbccvclđ", true),
    ("nlđ", true),
    ("đvcđ", true),
    ("câu lạc bộ", true),
    ("clb", true),
    ("mô hình", true),
    ("chỉ tiêu", true),
    ("km", true),
    ("ha", true),
    ("tấn", true),
    ("kg", true),
    ("m2", true),
    ("bản", true),
    ("trang", true),
    ("cuốn", true),
    ("lần", true),
    ("trường hợp", true),
    ("hồ sơ", true),
    ("vụ việc", true),
    ("đợt", true),
    ("hội nghị", true),
    ("lao động", false),
    ("cơ quan", false),
    ("đơn vị", false),
    ("tổ chức", false),
    ("ngày", false),
    ("tháng", false),
    ("năm", false),
    ("giờ", false),
    ("điểm", false),
    ("nội dung", false),
    ("tổ", false),
    ("nhóm", false),
    ("đội", false),
    ("cơ sở", false),
    ("xã", false),
    ("trường", false),
    ("giáo viên", false),
    ("viên chức", false),
    ("công chức", false),
    ("gia đình", false),
    ("em", false),
    ("anh", false),
];

/// Words that announce a quantity or a complement; a list never ends on them.
pub const TRIGGERS: &[&str] = &[
    "là", "có", "với", "tại", "đạt", "trước", "sau", "cho", "số", "được", "gồm", "chiếm", "giá",
    "tiền", "phí", "lượng", "tổng", "khoảng", "trên", "dưới", "hơn", "gần", "tăng", "giảm", "thêm",
    "mới", "từ", "đến", "tới", "lên", "bằng", "còn", "hết", "nhận", "vượt", "quân", "thứ", "năm",
    "ngày", "tháng", "khóa", "khoá", "bình",
];

/// Words that show the text before the dots is a clause, not a list item.
const CLAUSE_WORDS: &[&str] = &[
    "của", "để", "đã", "đang", "sẽ", "trong", "về", "theo", "nhằm", "thì", "mà",
];

/// A free run this wide (in dots; "…" counts three) is a fill-in blank.
pub const LONG_FREE: usize = 6;
/// A run glued to a word must be this wide to be a fill-in blank.
pub const LONG_GLUED: usize = 8;

/// A run of dots, an ellipsis character, underscores, or an x-placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub start: usize,
    pub end: usize,
    /// In dots: "." is 1, "…" is 3, "_" is 1, an x-placeholder 0.
    pub width: usize,
    pub what: RunKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    Dots,
    Underscores,
    Placeholder,
}

/// Dot runs of width ≥ 2 ("..", "…" and longer), underscore runs of length
/// ≥ 2, and x-placeholders ("x", "xx", "x.xxx", "X.XXX"; an uppercase token
/// needs a separator, since "X" and "XX" are Roman numerals).
pub fn runs(c: &Chars) -> Vec<Run> {
    let ch = &c.chars;
    let n = ch.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let k = ch[i];
        if k == '.' || k == '…' {
            let s = i;
            let mut w = 0;
            while i < n && (ch[i] == '.' || ch[i] == '…') {
                w += if ch[i] == '…' { 3 } else { 1 };
                i += 1;
            }
            if w >= 2 {
                out.push(Run {
                    start: s,
                    end: i,
                    width: w,
                    what: RunKind::Dots,
                });
            }
            continue;
        }
        if k == '_' {
            let s = i;
            while i < n && ch[i] == '_' {
                i += 1;
            }
            if i - s >= 2 {
                out.push(Run {
                    start: s,
                    end: i,
                    width: i - s,
                    what: RunKind::Underscores,
                });
            }
            continue;
        }
        if (k == 'x' || k == 'X') && (i == 0 || !ch[i - 1].is_alphanumeric()) {
            let s = i;
            let mut j = i;
            let mut sep = false;
            while j < n {
                if ch[j] == k {
                    j += 1;
                } else if (ch[j] == '.' || ch[j] == ',') && j + 1 < n && ch[j + 1] == k && j > s {
                    sep = true;
                    j += 1;
                } else {
                    break;
                }
            }
            let bounded = j == n || !ch[j].is_alphanumeric();
            if bounded && (k == 'x' || sep) && j - s <= 9 {
                out.push(Run {
                    start: s,
                    end: j,
                    width: 0,
                    what: RunKind::Placeholder,
                });
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

/// False when `text` has nothing for [`runs`] to find: no "..", "…" or
/// "__", and no "x" opening a placeholder. Cheaper than [`runs`], which
/// needs the text as characters.
pub fn may_have_runs(text: &str, marks: &Marks) -> bool {
    marks.has_doubled()
        || marks.has_ellipsis()
        || (marks.has(b'x') || marks.has(b'X'))
            && text
                .match_indices('x')
                .chain(text.match_indices('X'))
                .any(|(at, _)| opens_placeholder(text, at))
}

/// True when the "x" or "X" at byte `at` of `text` opens a placeholder,
/// as [`runs`] reads one.
fn opens_placeholder(text: &str, at: usize) -> bool {
    if text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        return false;
    }
    let b = text.as_bytes();
    let k = b[at];
    let mut j = at;
    let mut sep = false;
    while j < b.len() {
        if b[j] == k {
            j += 1;
        } else if (b[j] == b'.' || b[j] == b',') && j + 1 < b.len() && b[j + 1] == k && j > at {
            sep = true;
            j += 1;
        } else {
            break;
        }
    }
    let bounded = text[j..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    bounded && (k == b'x' || sep) && j - at <= 9
}

/// What surrounds a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The run touches the word before it (no space): "nước...".
    pub glued: bool,
    /// The character right before is a digit: "2030...".
    pub after_digit: bool,
    /// The cue word before, as written: "là".
    pub trigger: Option<String>,
    /// A colon right before: "tương đương: ...".
    pub colon: bool,
    /// Paragraph start, ";" or "(" right before.
    pub clause_start: bool,
    /// The unit after, as written, and whether it is strong.
    pub unit: Option<(String, bool)>,
    /// The clause before reads like the tail of a list.
    pub list_tail: bool,
    /// Only spaces and punctuation follow until the paragraph's end.
    pub at_end: bool,
}

/// Reads the context of `s..e`.
pub fn slot(c: &Chars, s: usize, e: usize) -> Slot {
    let ch = &c.chars;
    let prev = if s > 0 { Some(ch[s - 1]) } else { None };
    let glued = prev.is_some_and(|p| {
        p.is_alphanumeric() || matches!(p, '”' | '"' | '’' | ')' | ']' | '»' | '%')
    });
    let after_digit = prev.is_some_and(|p| p.is_ascii_digit());
    let prev_mark = c.prev_non_space(s).map(|j| ch[j]);
    let colon = prev_mark == Some(':');
    let clause_start = matches!(
        prev_mark,
        None | Some(';') | Some('(') | Some('\n') | Some('\t')
    );
    let words = c.words_before(s, 2);
    let trigger = words
        .last()
        .filter(|w| TRIGGERS.contains(&w.as_str()))
        .map(|_| {
            let (ws, we) = c.word_before(s).unwrap();
            c.slice(ws, we).to_string()
        });
    let unit = unit_after(c, e);
    let at_end = ch[e..]
        .iter()
        .all(|k| k.is_whitespace() || matches!(k, '.' | '…' | ',' | ';' | ':' | ')' | '!' | '?'));
    Slot {
        glued,
        after_digit,
        trigger,
        colon,
        clause_start,
        unit,
        list_tail: list_tail(c, s),
        at_end,
    }
}

/// The unit right after position `e` (spaces allowed in between), longest first.
pub fn unit_after(c: &Chars, e: usize) -> Option<(String, bool)> {
    let start = c.next_non_space(e)?;
    let rest: String = c.chars[start..c.len().min(start + 24)].iter().collect();
    let lower = rest.to_lowercase();
    let mut best: Option<(usize, bool)> = None;
    for &(u, strong) in UNITS {
        if let Some(tail) = lower.strip_prefix(u) {
            let after = tail.chars().next();
            let bounded = u == "%" || after.is_none_or(|k| !k.is_alphanumeric());
            let ulen = u.chars().count();
            if bounded && best.is_none_or(|(l, _)| ulen > l) {
                best = Some((ulen, strong));
            }
        }
    }
    let (l, strong) = best?;
    let written = c.slice(start, start + l);
    // "... Đoàn viên tích cực tham gia": a capital opens a new sentence; only
    // acronyms ("CĐCS", "LĐLĐ") are written in capitals as units.
    let mut letters = written.chars().filter(|k| k.is_alphabetic());
    let first_upper = letters.next().is_some_and(char::is_uppercase);
    if first_upper && letters.any(char::is_lowercase) {
        return None;
    }
    Some((written.to_string(), strong))
}

/// True when the text between the clause start and `s` ends a list: a comma
/// right before the dots, or a comma and a last item (after the last comma)
/// of at most four words with no cue and no clause word in it.
fn list_tail(c: &Chars, s: usize) -> bool {
    let ch = &c.chars;
    // "A, B, ...": the dots stand for one more item.
    if c.prev_non_space(s).is_some_and(|j| ch[j] == ',') {
        return true;
    }
    let mut j = s;
    let mut comma = None;
    while j > 0 {
        let k = ch[j - 1];
        if matches!(k, ';' | ':' | '(' | ')' | '\n' | '\t' | '!' | '?')
            || (k == '.' && ch.get(j).is_some_and(|n| n.is_whitespace()))
        {
            break;
        }
        if k == ',' && comma.is_none() {
            comma = Some(j);
        }
        j -= 1;
    }
    let Some(cpos) = comma else { return false };
    let item = c.slice(cpos, s).to_lowercase();
    let words: Vec<&str> = item
        .split(|k: char| !k.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.len() <= 4
        && !words
            .iter()
            .any(|w| TRIGGERS.contains(w) || CLAUSE_WORDS.contains(w))
}

/// True when only a page number follows the run: "Mục lục ........ 12".
fn toc_leader(c: &Chars, e: usize) -> bool {
    let rest: String = c.chars[e..].iter().collect();
    let t = rest.trim();
    !t.is_empty() && t.len() <= 4 && t.chars().all(|k| k.is_ascii_digit())
}

/// The finding for a run inside a sentence, or `None` for "and so on".
pub fn judge(c: &Chars, run: &Run) -> Option<Hit> {
    let sl = slot(c, run.start, run.end);
    let gap = |msg: String| Some(Hit::new(Kind::MissingFigure, run.start, run.end, msg));
    if run.what == RunKind::Placeholder {
        return if sl.unit.is_some() || sl.trigger.is_some() || sl.colon {
            gap(figure_message(&sl))
        } else {
            None
        };
    }
    if sl.after_digit {
        return None;
    }
    if sl.glued {
        if sl.trigger.is_some() && sl.unit.is_some() {
            return gap(figure_message(&sl));
        }
        if run.width >= LONG_GLUED && !toc_leader(c, run.end) {
            return Some(Hit::new(
                Kind::BlankField,
                run.start,
                run.end,
                "Chỗ trống chưa điền",
            ));
        }
        return None;
    }
    if let Some((_, strong)) = &sl.unit {
        if sl.trigger.is_some() || sl.colon || sl.clause_start || (*strong && !sl.list_tail) {
            return gap(figure_message(&sl));
        }
    }
    if sl.trigger.is_some() || sl.colon {
        return gap(figure_message(&sl));
    }
    if run.width >= LONG_FREE && !toc_leader(c, run.end) {
        return Some(Hit::new(
            Kind::BlankField,
            run.start,
            run.end,
            "Chỗ trống chưa điền",
        ));
    }
    None
}

/// "Thiếu số liệu: số doanh nghiệp", "…: tỷ lệ (%)", "…: số tiền (tỷ đồng)",
/// or "Thiếu số liệu sau “là”" when only the cue is known.
pub fn figure_message(sl: &Slot) -> String {
    // "Quyết định số ….. ngày …": the blank is the number itself, not a count of days.
    let number_of = sl
        .trigger
        .as_deref()
        .is_some_and(|t| t.to_lowercase() == "số")
        && sl.unit.as_ref().is_some_and(|(_, strong)| !strong);
    if let Some((u, _)) = sl.unit.as_ref().filter(|_| !number_of) {
        let lu = u.to_lowercase();
        if lu == "%" || lu == "phần trăm" {
            return "Thiếu số liệu: tỷ lệ (%)".to_string();
        }
        if ["đồng", "tỷ", "triệu", "nghìn", "ngàn", "usd", "vnđ", "vnd"]
            .iter()
            .any(|m| lu.starts_with(m))
        {
            return format!("Thiếu số liệu: số tiền ({u})");
        }
        return format!("Thiếu số liệu: số {u}");
    }
    match &sl.trigger {
        Some(t) => format!("Thiếu số liệu sau “{t}”"),
        None => "Thiếu nội dung sau dấu hai chấm".to_string(),
    }
}

/// All gaps among the unclaimed dot runs and placeholders of a paragraph.
/// Underscore runs are left to [`super::blank`].
///
/// **A paragraph of figures**: once a paragraph has a quantity slot, it is a
/// list of figures, and a free run of three dot-widths or more right after a
/// word is a gap too, even with no cue and no unit ("trong đó: nam là …
/// người, nữ …, dân tộc thiểu số …"). Runs after punctuation (".. …",
/// "người.; …") stay "and so on".
pub fn find(p: &mut Para) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut rest = Vec::new();
    for k in 0..p.runs.len() {
        let run = p.runs[k];
        if run.what == RunKind::Underscores || p.is_claimed(run.start, run.end) {
            continue;
        }
        match judge(p.chars(), &run) {
            Some(h) => {
                p.claim(h.start, h.end);
                hits.push(h);
            }
            None => rest.push(run),
        }
    }
    if hits.iter().any(|h| h.kind == Kind::MissingFigure) {
        for run in rest {
            let c = p.chars();
            let sl = slot(c, run.start, run.end);
            let after_word = c
                .prev_non_space(run.start)
                .is_some_and(|j| c.chars[j].is_alphabetic());
            if run.what == RunKind::Dots && run.width >= 3 && !sl.glued && after_word {
                let (ws, we) = c.word_before(run.start).unwrap_or((run.start, run.start));
                let msg = format!("Thiếu số liệu sau “{}”", c.slice(ws, we));
                p.claim(run.start, run.end);
                hits.push(Hit::new(Kind::MissingFigure, run.start, run.end, msg));
            }
        }
        hits.sort_by_key(|h| h.start);
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::PartKind;

    /// The matched texts of the gaps found in `text`.
    fn gaps(text: &str) -> Vec<String> {
        let mut p = Para::new(text.to_string(), false, PartKind::Body);
        find(&mut p)
            .into_iter()
            .map(|h| p.chars().slice(h.start, h.end).to_string())
            .collect()
    }

    #[test]
    fn runs_are_found_where_they_may_be() {
        let alphabet = ['.', '…', '_', 'x', 'X', 'a', ' ', ',', 'ã'];
        for t in &crate::check::scan::short_strings(&alphabet) {
            let found = !runs(&Chars::new(t.clone())).is_empty();
            assert!(!found || may_have_runs(t, &Marks::of(t)), "{t:?}");
        }
        assert!(!may_have_runs(
            "xã hội, xây dựng. Kết.",
            &Marks::of("xã hội, xây dựng. Kết.")
        ));
    }

    #[test]
    fn seed_quantity_slots() {
        let t = "Số doanh nghiệp giải thể, phá sản, tạm dừng hoạt động là …. doanh nghiệp, với ….. lao động;  số lao động nhận trợ cấp 1 lần là … người, số lao động hưởng trợ cấp thất nghiệp hàng tháng là …… người. ";
        assert_eq!(gaps(t), vec!["….", "…..", "…", "……"]);
        assert_eq!(
            gaps("phối hợp xử lý thu hồi nợ đọng BHXH, BHTN, BHYT, BHTNLĐ với số tiền ….. tỷ đồng. Phối hợp giám sát"),
            vec!["….."]
        );
        assert_eq!(
            gaps("các đoàn thể chính trị - xã hội tại ..... cơ quan, đơn vị, doanh nghiệp. "),
            vec!["....."]
        );
        assert_eq!(
            gaps("Huy động các nguồn lực xây dựng ….. nhà công vụ cho giáo viên vùng khó khăn."),
            vec!["….."]
        );
        assert_eq!(
            gaps(" Hỗ trợ xây dựng … nhà công vụ cho giáo viên, cán bộ y tế ở trị giá …. đồng"),
            vec!["…", "…."]
        );
        assert_eq!(
            gaps(" Chương trình 01 triệu sáng kiến đã về đích trước .... ngày so với mục tiêu"),
            vec!["...."]
        );
        assert_eq!(
            gaps(" Năm 2018: chiếm ...%, năm 2019: chiếm ...%, năm 2020 chiếm ...%."),
            vec!["...", "...", "..."]
        );
        assert_eq!(gaps(" Chương trình công tác toàn khóa số ……..").len(), 1);
    }

    #[test]
    fn seed_footnote_with_many_slots() {
        let t = " LĐLĐ tỉnh tổ chức lấy ý kiến tham gia dự thảo Văn kiện Đại hội Đảng toàn quốc lần thứ XIII với … ý kiến tham gia; có ….. LĐLĐ cấp huyện tổ chức Hội nghị tham gia văn kiện đại hội Đảng các cấp với …. đại biểu tham gia; …. CĐCS tổ chức lấy ý kiến với …. đại biểu tham gia.";
        assert_eq!(gaps(t).len(), 5);
        let t = " Bằng khen Tổng Liên đoàn LĐVN ……..; trong đó, bằng khen toàn diện là ……. , bằng khen chuyên đề ……. LĐLĐ tỉnh tặng bằng khen cho ……";
        assert_eq!(gaps(t).len(), 4);
        let t = " Tỉnh ủy viên: 06 chị; Trưởng ban, Chủ tịch, Giám đốc Sở và tương đương: ...chị; Phó Chủ tịch, phó trưởng ban Phó Giám đốc Sở và tương đương: ...chị.";
        assert_eq!(gaps(t), vec!["...", "..."]);
    }

    #[test]
    fn seed_and_so_on() {
        for t in [
            "tham gia xây dựng chính sách lao động nặng nhọc, độc hại, nguy hiểm và đặc biệt nặng nhọc, độc hại, nguy hiểm.... phối hợp tham gia xây dựng chính sách",
            "Chiến lược phát triển gia đình Việt Nam đến 2030...tổ chức nhiều hoạt động phong phú",
            "Ngày Phụ nữ Việt Nam 20/10, Ngày Gia đình Việt Nam 28/6…mời chuyên gia nói chuyện",
            "“Cách làm đẹp cho phụ nữ nơi công sở”... nâng cao trình độ hiểu biết",
            "tham gia các khóa học nâng cao kỹ năng, nghiệp vụ, ngoại ngữ, tin học...; tham mưu với lãnh đạo",
            "các thiết chế công đoàn như nhà ở, nhà trẻ mẫu giáo, nơi sinh hoạt văn hóa, thể thao… cho đoàn viên và người lao động. ",
            "Ngân hàng Nông nghiệp và Phát triển nông thôn, Ngân hàng Chính sách chi nhánh tỉnh Đăk Nông ...",
            "nhiều chị vinh dự được trao tặng Kỷ niệm chương, Bằng khen...của các cấp, các ngành TW và địa phương.. …",
            "Các câu lạc bộ, hoạt động tổ nhóm…Thường xuyên tổ chức các cuộc thi",
            "được hưởng các chế độ khác như: Thai sản, nghỉ phép, ốm đau...,tuy nhiên bên cạnh đó",
            "được thông qua lấy ý kiến rộng rãi của đoàn viên….",
            "các chương trình vì biển đảo quê hương...",
            "“Tháng hành động về An toàn vệ sinh lao động”...",
            "kiến thức, ngoại ngữ, tin học…để thuận lợi tiếp cận với công nghệ, máy",
            "phối hợp với Ban Quản lý các Khu công nghiệp tỉnh ... để nắm bắt, khảo sát, điều tra, dự báo tình",
            "các ngành chức năng ở địa phương (Ngành thuế, LĐTB & XH, Bảo hiểm xã hội, Công an…), triển khai",
            "nhất là vấn đề về nhà ở, nhà trẻ, giá điện, nước... ",
            "“Đổi mới, sáng tạo, hiệu quả” trong hoạt động công đoàn... Thi đua trên các công trình trọng điểm",
            "Tuyên truyền Luật Bảo hiểm xã hội, Luật An toàn vệ sinh lao động…",
            "Công ty TNHH Sê Công Đắk Nông,..",
            " Phổ biến Nghị quyết 20: 15.200 lượt người.; …",
            "chế độ, chính sách đối với người lao động.v.v..đáp ứng yêu cầu nhiệm vụ",
            "… ",
        ] {
            assert!(gaps(t).is_empty(), "{t}: {:?}", gaps(t));
        }
    }

    #[test]
    fn paragraph_of_figures() {
        assert_eq!(
            gaps("Tổng số là … người, trong đó: nam …, nữ …, dân tộc thiểu số …."),
            vec!["…", "…", "…", "…."]
        );
        // Without a slot in the paragraph the same runs are "and so on".
        assert!(gaps("các môn bóng đá, cầu lông … và các trò chơi dân gian …").is_empty());
    }

    #[test]
    fn common_phrases_after_a_list() {
        for t in [
            "chăm lo đời sống vật chất ... người lao động trong doanh nghiệp",
            "Tổ chức các hoạt động văn hóa, văn nghệ, thể dục thể thao, ... nhân dịp Tháng Công nhân",
            "tham gia các giải bóng đá, cầu lông, bóng chuyền ... thu hút đông đảo đoàn viên",
            "mua sắm trang thiết bị (máy tính, máy in, ...)",
            "hỗ trợ gạo, mì tôm, nước uống … cho công nhân",
            "tổ chức các hoạt động tuyên truyền, thi đua, ... đoàn viên tích cực tham gia",
            "các hoạt động văn hóa, văn nghệ ... Đoàn viên tích cực tham gia",
        ] {
            assert!(gaps(t).is_empty(), "{t}: {:?}", gaps(t));
        }
        assert_eq!(gaps("đạt tỷ lệ …%").len(), 1);
        assert_eq!(
            gaps("Toàn tỉnh kết nạp mới …. đoàn viên, thành lập mới … CĐCS.").len(),
            2
        );
        assert_eq!(
            gaps("Tổ chức … cuộc đối thoại với … lượt người tham gia.").len(),
            2
        );
    }

    #[test]
    fn gaps_at_paragraph_edges() {
        assert_eq!(gaps("…. CĐCS tổ chức lấy ý kiến"), vec!["…."]);
        assert_eq!(gaps("LĐLĐ tỉnh tặng bằng khen cho ……"), vec!["……"]);
        assert_eq!(gaps("Tổng số đoàn viên là ..."), vec!["..."]);
    }

    #[test]
    fn placeholders() {
        assert_eq!(gaps("tổng kinh phí x.xxx triệu đồng"), vec!["x.xxx"]);
        assert_eq!(gaps("kết nạp xx đoàn viên"), vec!["xx"]);
        assert!(gaps("Đại hội X Công đoàn tỉnh lần thứ X").is_empty());
        assert!(gaps("kích thước 3 x 4 mét, khóa XII").is_empty());
    }

    #[test]
    fn glued_cue_and_unit() {
        assert_eq!(gaps("có là….người tham gia"), vec!["…."]);
        assert!(gaps("đoàn viên….người lao động").is_empty());
    }

    #[test]
    fn toc_leader_is_not_a_blank() {
        assert!(gaps("Phần thứ nhất ................ 12").is_empty());
        assert_eq!(gaps("Tổng Liên đoàn LĐVN ……..; trong đó").len(), 1);
    }

    #[test]
    fn message_names_the_unit() {
        let mut p = Para::new("là …. doanh nghiệp".to_string(), false, PartKind::Body);
        let h = find(&mut p);
        assert_eq!(h[0].message, "Thiếu số liệu: số doanh nghiệp");
        let mut p = Para::new("với số tiền ….. tỷ đồng".to_string(), false, PartKind::Body);
        assert_eq!(find(&mut p)[0].message, "Thiếu số liệu: số tiền (tỷ đồng)");
        let mut p = Para::new("chiếm ...%".to_string(), false, PartKind::Body);
        assert_eq!(find(&mut p)[0].message, "Thiếu số liệu: tỷ lệ (%)");
        let mut p = Para::new(
            "xây dựng ….. nhà công vụ".to_string(),
            false,
            PartKind::Body,
        );
        assert_eq!(find(&mut p)[0].message, "Thiếu số liệu: số nhà công vụ");
        let mut p = Para::new("Quyết định số ….. ngày".to_string(), false, PartKind::Body);
        assert_eq!(find(&mut p)[0].message, "Thiếu số liệu sau “số”");
    }
}
