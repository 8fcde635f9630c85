//! Forms and outlines meant for someone else.
//!
//! A blank is a gap of the draft only when the drafter must fill it before
//! signing. Two kinds of documents hold blanks that others fill:
//!
//! - **Forms.** A document whose title (an upper-case paragraph near the
//!   top) names a form — ĐƠN, TỜ KHAI, PHIẾU, SƠ YẾU LÝ LỊCH, LÝ LỊCH, HỢP
//!   ĐỒNG, CAM KẾT, GIẤY ĐỀ NGHỊ / CAM KẾT / NHẬN NỢ / XÁC NHẬN, THỎA THUẬN,
//!   SỔ, MẪU, PHỤ LỤC — or that opens with "Phụ lục …" is a form as a whole.
//!   In any other document, a part that starts with a short paragraph
//!   "Mẫu …", "Phụ lục …" or "(Kèm theo …)" is a form from there to the end.
//!   Their dotted lines, dot runs and date blanks are reported as
//!   `form-field` (severity info), never as errors. Template tags stay
//!   `unfilled-tag` everywhere: a tag left in the text means a merge did not
//!   run, whoever fills the form.
//! - **Outlines for the recipients.** A guidance circular that asks its
//!   recipients to report back ("Báo cáo … gửi về …") carries an outline
//!   whose headings they fill, as does a letter addressed to them (a
//!   "Kính gửi" line near the top) that asks something of them ("đề nghị"),
//!   and the part of a plan that starts with
//!   an upper-case "ĐỀ CƯƠNG …" title. Headings with nothing under them there
//!   are not `empty-section`; in a report's own body they still are.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::{Hit, PartKind};
use crate::check::model::Kind;

/// How many body paragraphs from the top may hold the document's title.
const TITLE_WINDOW: usize = 30;

/// The longest paragraph read as a title or as the start of an attached form.
const TITLE_MAX_CHARS: usize = 120;

/// Titles of forms filled by someone other than the drafter.
static FORM_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:ĐƠN|TỜ KHAI|PHIẾU|GIẤY (?:ĐỀ NGHỊ|CAM KẾT|NHẬN NỢ|XÁC NHẬN|KHAI)|HỢP ĐỒNG|CAM KẾT|(?:MẪU )?SƠ YẾU LÝ LỊCH|LÝ LỊCH|MẪU|PHỤ LỤC|BẢN KHAI|SỔ|(?:VĂN BẢN |BIÊN BẢN )?TH(?:ỎA|OẢ) THUẬN|VĂN BẢN XÁC NHẬN)(?:\s|$|:)",
    )
    .expect("form title pattern")
});

/// The first paragraph of a form attached to a draft.
static ATTACHED_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:Mẫu(?:\s+số)?\s+\S+|MẪU\s|Phụ lục(?:\s+số)?\s*[IVXLCDM\d]+\b|PHỤ LỤC\b|\((?:Ban hành\s+)?[Kk]èm theo\b)",
    )
    .expect("attached form pattern")
});

/// A request to the recipients to send a report back.
static REPORT_BACK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)báo cáo[^.;]{0,80}\bgửi về\b").expect("report-back pattern"));

/// Prepares the patterns ahead of the first document.
pub(crate) fn compile_patterns() {
    LazyLock::force(&FORM_TITLE);
    LazyLock::force(&ATTACHED_FORM);
    LazyLock::force(&REPORT_BACK);
}

/// One paragraph as this rule sees it.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub text: &'a str,
    pub part: PartKind,
    pub in_cell: bool,
}

/// For each paragraph: whether it belongs to a form meant for someone
/// else, and whether its empty headings are an outline left for others.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scope {
    pub form: Vec<bool>,
    pub outline_for_others: Vec<bool>,
}

/// Finds the forms and outlines of one document.
pub fn scope(lines: &[Line]) -> Scope {
    let n = lines.len();
    let body: Vec<usize> = (0..n)
        .filter(|&i| lines[i].part == PartKind::Body)
        .collect();
    let whole_form = is_form(lines, &body);
    let mut form = vec![whole_form; n];
    let mut outline = form.clone();
    if !whole_form {
        let report_back =
            body.iter().any(|&i| asks_for_report(lines[i].text)) || is_request_letter(lines, &body);
        if let Some(&start) = body
            .iter()
            .find(|&&i| !lines[i].in_cell && starts_attached_form(lines[i].text))
        {
            for &i in body.iter().filter(|&&i| i >= start) {
                form[i] = true;
                outline[i] = true;
            }
        }
        if let Some(&start) = body
            .iter()
            .find(|&&i| !lines[i].in_cell && is_outline_title(lines[i].text))
        {
            for &i in body.iter().filter(|&&i| i >= start) {
                outline[i] = true;
            }
        }
        if report_back {
            for &i in &body {
                outline[i] = true;
            }
        }
    }
    Scope {
        form,
        outline_for_others: outline,
    }
}

/// True when the document as a whole is a form: its title names one, or
/// it opens with "Phụ lục …".
fn is_form(lines: &[Line], body: &[usize]) -> bool {
    let mut seen = 0;
    for &i in body {
        let t = lines[i].text.trim();
        if t.is_empty() {
            continue;
        }
        seen += 1;
        if seen > TITLE_WINDOW {
            break;
        }
        if seen <= 3 && t.starts_with("Phụ lục") {
            return true;
        }
        if t.lines().any(|l| is_form_title(l.trim())) {
            return true;
        }
    }
    false
}

fn is_form_title(t: &str) -> bool {
    t.chars().count() <= TITLE_MAX_CHARS
        && is_upper(t)
        && !t.starts_with("ĐƠN VỊ")
        && FORM_TITLE.is_match(t)
}

fn is_upper(t: &str) -> bool {
    let mut letters = t.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| !c.is_lowercase())
}

fn starts_attached_form(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= TITLE_MAX_CHARS && ATTACHED_FORM.is_match(t)
}

fn is_outline_title(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("ĐỀ CƯƠNG") && t.chars().count() <= TITLE_MAX_CHARS && is_upper(t)
}

/// True when a "Kính gửi" line near the top addresses the recipients and
/// the letter asks something of them.
fn is_request_letter(lines: &[Line], body: &[usize]) -> bool {
    let addressed = body
        .iter()
        .take(TITLE_WINDOW)
        .any(|&i| lines[i].text.trim_start().starts_with("Kính gửi"));
    addressed && body.iter().any(|&i| lines[i].text.contains("đề nghị"))
}

fn asks_for_report(text: &str) -> bool {
    text.contains("gửi về") && REPORT_BACK.is_match(text)
}

/// What becomes of a hit in a paragraph of a form (`form`) or of an
/// outline left for others (`outline`): a blank of a form is a
/// `form-field`, an empty heading of such an outline is no finding.
pub fn judge(hit: &Hit, form: bool, outline: bool) -> Option<Cow<'_, Hit>> {
    match hit.kind {
        Kind::EmptySection if outline => None,
        Kind::BlankField | Kind::MissingFigure | Kind::IssuanceBlank if form => {
            Some(Cow::Owned(Hit::new(
                Kind::FormField,
                hit.start,
                hit.end,
                format!("Ô của biểu mẫu, để người điền mẫu ghi: {}", hit.message),
            )))
        }
        _ => Some(Cow::Borrowed(hit)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&'static str]) -> Vec<Line<'static>> {
        texts
            .iter()
            .map(|t| Line {
                text: t,
                part: PartKind::Body,
                in_cell: false,
            })
            .collect()
    }

    #[test]
    fn a_form_by_its_title() {
        for title in [
            "TỜ KHAI ĐĂNG KÝ KHAI SINH",
            "ĐƠN XIN VIỆC",
            "SƠ YẾU LÝ LỊCH",
            "GIẤY NHẬN NỢ",
            "HỢP ĐỒNG LAO ĐỘNG",
            "VĂN BẢN THOẢ THUẬN VỀ VIỆC CHIA TÀI SẢN CHUNG CỦA VỢ CHỒNG",
        ] {
            let s = scope(&lines(&[
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                title,
                "Tên tôi là: .....",
            ]));
            assert!(s.form.iter().all(|&f| f), "{title}");
        }
    }

    #[test]
    fn a_draft_is_not_a_form() {
        for title in [
            "BÁO CÁO",
            "KẾ HOẠCH",
            "ĐƠN VỊ: CÔNG ĐOÀN NGÀNH",
            "Đơn xin việc gửi kèm",
        ] {
            let s = scope(&lines(&[title, "Số doanh nghiệp là …. doanh nghiệp."]));
            assert!(s.form.iter().all(|&f| !f), "{title}");
            assert!(s.outline_for_others.iter().all(|&f| !f), "{title}");
        }
    }

    #[test]
    fn an_attached_form_starts_where_it_is_announced() {
        let s = scope(&lines(&[
            "BÁO CÁO",
            "Tổng số là …. người.",
            "Mẫu số 01",
            "Họ và tên: ..........",
        ]));
        assert_eq!(s.form, vec![false, false, true, true]);
    }

    #[test]
    fn a_circular_asking_for_reports_carries_an_outline() {
        let s = scope(&lines(&[
            "1. Kết quả đạt được",
            "2. Tồn tại, hạn chế",
            "Báo cáo nhanh gửi về Văn phòng LĐLĐ tỉnh trước ngày 05/6/2017.",
        ]));
        assert!(s.outline_for_others.iter().all(|&o| o));
        assert!(s.form.iter().all(|&f| !f));
        let s = scope(&lines(&[
            "KẾ HOẠCH",
            "1. Mục đích",
            "ĐỀ CƯƠNG BÁO CÁO",
            "1. Kết quả",
        ]));
        assert_eq!(s.outline_for_others, vec![false, false, true, true]);
    }
}
