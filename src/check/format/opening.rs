//! The top of the first page: `quoc-hieu`, `number` and `date`.
//!
//! Lines are read in every paragraph of the main document and of its page
//! headers, wherever they stand (a header table cell or a body paragraph);
//! a paragraph's line breaks and tabs split it into lines, since a header
//! laid out with tabs puts the number and the date on one line.
//!
//! - **quoc-hieu**: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in capitals and
//!   "Độc lập - Tự do - Hạnh phúc" with hyphens and spaces between the
//!   phrases (NĐ 30/2020, Phụ lục I, II.1). The decree itself writes both
//!   "HÒA" and "HOÀ", so both pass. A line that reads the same once marks
//!   and case are dropped is a misspelling (an en dash "–", "NGHIÃ", "Độc
//!   Lập"); none at all is a missing Quốc hiệu. A document headed "ĐẢNG
//!   CỘNG SẢN VIỆT NAM" follows the Party's format, not the decree's, and is
//!   not asked for one.
//! - **number**: "Số:" with a colon, a number below 10 written with a
//!   leading zero, and "/" and "-" without spaces ("Số: 07/KH-LĐLĐ"; II.3c).
//!   A number the clerk has still to write ("Số:     /KH-LĐLĐ") is the gap
//!   checker's `issuance-blank`, not a format finding.
//! - **date**: "<Địa danh>, ngày DD tháng M năm YYYY": a comma after the
//!   place, the words ngày/tháng/năm, days below 10 and months 1–2 with a
//!   leading zero, months 3–12 without one (II.4b; "ngày 05 tháng 03" is
//!   wrong). A date written "05/01/2024" on that line is not written in
//!   full. A blank day or month is the clerk's and passes.
//!
//! A number or date line that is absent is reported only in a document that
//! carries a Quốc hiệu: one laid out as an administrative document, whose
//! first page must hold both. An attachment ("(Kèm theo Kế hoạch số …)"
//! under its title, Phụ lục I, III.1) carries the number and date of the
//! document it is attached to, and is not asked for its own.

use std::sync::LazyLock;

use regex::Regex;

use super::{whole, Doc, FormatRule};
use crate::check::rules::{Hit, PartKind};
use crate::text::quote;
use crate::vi::bare;

/// The spellings the decree uses.
const QUOC_HIEU: [&str; 2] = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
];
const TIEU_NGU: &str = "Độc lập - Tự do - Hạnh phúc";

static QUOC_HIEU_BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"cong\s*hoa\s+xa\s*hoi\s+chu\s*nghia\s+viet\s*nam").unwrap());
static TIEU_NGU_BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"doc\s*lap\W*tu\s*do\W*hanh\s*phuc").unwrap());
static PARTY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*dang\s+cong\s+san\s+viet\s+nam\s*$").unwrap());

/// A line that starts with "Số", with or without the colon.
static NUMBER_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*Số\b").unwrap());
/// A filled number: "Số: 7/KH-LĐLĐ", "Số 07 / KH - LĐLĐ", "Số: 06b/NQ-TLĐ".
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*Số(?P<colon>\s*:)?\s*(?P<num>\d+)(?P<letter>[a-zA-Z]?)(?P<before>\s*)/(?P<after>\s*)(?P<sym>[\p{L}\p{N}&]+(?:\s*-\s*[\p{L}\p{N}&]+)*)",
    )
    .unwrap()
});

/// A place-and-date line: a place name (no digits, no comma) then "ngày".
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<place>\p{Lu}[^,\d\t]{0,60}?)(?P<comma>,?)\s+ngày\b(?P<rest>.*)$").unwrap()
});
static DATE_PARTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})").unwrap()
});
/// The same line with the date in figures: "Đắk Lắk, 05/01/2024".
static SHORT_DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?P<place>\p{Lu}[^,\d\t]{0,60}?),\s*(?:ngày\s*)?\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}\s*$",
    )
    .unwrap()
});

/// "(Kèm theo Kế hoạch số …)": the line under an attachment's title.
static ATTACHED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\(\s*Kèm theo\b").unwrap());

/// How many paragraphs with text, from the top, may hold the "(Kèm theo …)"
/// line: the header table's lines, the title and the trích yếu come first.
const ATTACHMENT_WINDOW: usize = 12;

/// What the top of the document holds, for the other rules.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The first Quốc hiệu line's paragraph.
    pub quoc_hieu: Option<usize>,
    /// Paragraphs of the Quốc hiệu and Tiêu ngữ lines.
    pub quoc_hieu_lines: Vec<usize>,
    /// Paragraphs holding the Tiêu ngữ alone.
    pub tieu_ngu_lines: Vec<usize>,
    /// Paragraphs whose line is a "Số" line.
    pub number_lines: Vec<usize>,
    /// Paragraphs holding a place-and-date line.
    pub date_lines: Vec<usize>,
    /// The document is an attachment: "(Kèm theo …)" in its first
    /// paragraphs of body text.
    pub attachment: bool,
}

/// The facts and the hits.
pub struct Opening {
    pub facts: Facts,
    pub hits: Vec<(usize, Hit)>,
}

/// Lines of a paragraph, split at breaks and tabs.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split(['\n', '\t']).filter(|l| !l.trim().is_empty())
}

/// One space between words.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn read(doc: &Doc) -> Opening {
    let mut facts = Facts::default();
    let mut hits = Vec::new();
    let mut party = false;
    let mut tieu_ngu_seen = false;
    let places = (0..doc.paragraphs.len()).filter(|&i| {
        matches!(
            PartKind::of(&doc.paragraphs[i].part),
            PartKind::Body | PartKind::Header
        )
    });
    for i in places {
        let text = &doc.paragraphs[i].text;
        for line in lines(text) {
            let b = bare(line);
            party |= PARTY.is_match(&b);
            if QUOC_HIEU_BARE.is_match(&b) {
                facts.quoc_hieu.get_or_insert(i);
                facts.quoc_hieu_lines.push(i);
                let written = squeeze(line);
                if !QUOC_HIEU.iter().any(|q| written.contains(q)) {
                    hits.push(whole(
                        doc,
                        i,
                        FormatRule::QuocHieu,
                        format!(
                            "Quốc hiệu phải viết in hoa: «{}» (Nghị định 30/2020/NĐ-CP); văn bản ghi «{}».",
                            QUOC_HIEU[0],
                            quote(line.trim())
                        ),
                    ));
                }
            }
            if TIEU_NGU_BARE.is_match(&b) {
                tieu_ngu_seen = true;
                facts.tieu_ngu_lines.push(i);
                if !squeeze(line).contains(TIEU_NGU) {
                    hits.push(whole(
                        doc,
                        i,
                        FormatRule::QuocHieu,
                        format!(
                            "Tiêu ngữ phải là «{TIEU_NGU}»: chữ đầu mỗi cụm viết hoa, giữa các cụm có gạch nối (-) và khoảng trắng (Nghị định 30/2020/NĐ-CP); văn bản ghi «{}».",
                            quote(line.trim())
                        ),
                    ));
                }
            }
            if NUMBER_LINE.is_match(line) {
                facts.number_lines.push(i);
                hits.extend(number(line).map(|m| whole(doc, i, FormatRule::Number, m)));
            }
            if DATE_LINE.is_match(line) || SHORT_DATE_LINE.is_match(line) {
                facts.date_lines.push(i);
                hits.extend(date(line).map(|m| whole(doc, i, FormatRule::Date, m)));
            }
        }
    }
    facts.attachment = doc
        .body()
        .filter(|&i| !doc.paragraphs[i].text.trim().is_empty())
        .take(ATTACHMENT_WINDOW)
        .any(|i| ATTACHED.is_match(&doc.paragraphs[i].text));
    match facts.quoc_hieu {
        None if !party => {
            if let Some(first) = doc
                .body()
                .find(|&i| !doc.paragraphs[i].text.trim().is_empty())
            {
                hits.push(whole(
                    doc,
                    first,
                    FormatRule::QuocHieu,
                    format!("Thiếu Quốc hiệu và Tiêu ngữ ở đầu văn bản: «{}» / «{TIEU_NGU}» (Nghị định 30/2020/NĐ-CP).", QUOC_HIEU[0]),
                ));
            }
        }
        None => {}
        Some(at) => {
            if facts.attachment {
                return Opening { facts, hits };
            }
            if !tieu_ngu_seen {
                hits.push(whole(
                    doc,
                    at,
                    FormatRule::QuocHieu,
                    format!("Dưới Quốc hiệu phải có Tiêu ngữ «{TIEU_NGU}» (Nghị định 30/2020/NĐ-CP); văn bản không có."),
                ));
            }
            if facts.number_lines.is_empty() {
                hits.push(whole(
                    doc,
                    at,
                    FormatRule::Number,
                    "Thiếu số, ký hiệu văn bản (dòng «Số: 07/KH-…» dưới tên cơ quan ban hành, Nghị định 30/2020/NĐ-CP)."
                        .to_string(),
                ));
            }
            if facts.date_lines.is_empty() {
                hits.push(whole(
                    doc,
                    at,
                    FormatRule::Date,
                    "Thiếu địa danh và thời gian ban hành («<Địa danh>, ngày … tháng … năm …» dưới Quốc hiệu, Nghị định 30/2020/NĐ-CP)."
                        .to_string(),
                ));
            }
        }
    }
    Opening { facts, hits }
}

/// What is wrong with a "Số" line, if anything.
fn number(line: &str) -> Option<String> {
    let c = NUMBER.captures(line)?;
    let num = &c["num"];
    let sym = squeeze(&c["sym"]).replace(" - ", "-").replace([' '], "");
    let mut wrong = Vec::new();
    if c.name("colon").is_none() {
        wrong.push("sau chữ «Số» phải có dấu hai chấm".to_string());
    }
    let value: u32 = num.parse().unwrap_or(0);
    let fixed_num = if (1..10).contains(&value) && num.len() == 1 {
        wrong.push(format!(
            "số nhỏ hơn 10 phải có số 0 phía trước: «{num}» → «0{num}»"
        ));
        format!("0{num}")
    } else {
        num.to_string()
    };
    if !c["before"].is_empty() || !c["after"].is_empty() || c["sym"].contains(char::is_whitespace) {
        wrong.push(
            "giữa số và ký hiệu có dấu «/», giữa các nhóm chữ có dấu «-», không cách chữ"
                .to_string(),
        );
    }
    (!wrong.is_empty()).then(|| {
        format!(
            "Số, ký hiệu văn bản: {} (Nghị định 30/2020/NĐ-CP); nên ghi «Số: {}{}/{}».",
            wrong.join("; "),
            fixed_num,
            &c["letter"],
            sym
        )
    })
}

/// What is wrong with a place-and-date line, if anything.
fn date(line: &str) -> Option<String> {
    const RULE: &str = "Địa danh và thời gian ban hành ghi «<Địa danh>, ngày DD tháng M năm YYYY»: ngày nhỏ hơn 10 và tháng 1, 2 có số 0 phía trước, tháng 3 đến 12 không có (Nghị định 30/2020/NĐ-CP)";
    if SHORT_DATE_LINE.is_match(line) {
        return Some(format!(
            "{RULE}; văn bản ghi ngày bằng số «{}», phải viết đầy đủ.",
            quote(line.trim())
        ));
    }
    let c = DATE_LINE.captures(line)?;
    let place = c["place"].trim();
    let parts = DATE_PARTS.captures(&c["rest"])?;
    let (d, m, y) = (&parts["d"], &parts["m"], &parts["y"]);
    let day: u32 = d.parse().ok()?;
    let month: u32 = m.parse().ok()?;
    let want_d = if day < 10 {
        format!("{day:02}")
    } else {
        day.to_string()
    };
    let want_m = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    let comma = !c["comma"].is_empty();
    if want_d == d && want_m == m && comma {
        return None;
    }
    let mut wrong = Vec::new();
    if !comma {
        wrong.push(format!("thiếu dấu phẩy sau «{place}»"));
    }
    if want_d != d {
        wrong.push(format!("ngày «{d}» → «{want_d}»"));
    }
    if want_m != m {
        wrong.push(format!("tháng «{m}» → «{want_m}»"));
    }
    Some(format!(
        "{RULE}; văn bản ghi «{}»: {}. Nên ghi «{place}, ngày {want_d} tháng {want_m} năm {y}».",
        quote(line.trim()),
        wrong.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number("Số: 07/KH-LĐLĐ"), None);
        assert_eq!(number("Số: 15/QĐ-BNV"), None);
        assert_eq!(number("Số: 06b/NQ-TLĐ"), None);
        assert_eq!(number("Số:      /KH-LĐLĐ"), None);
        let m = number("Số: 7/KH-LĐLĐ").unwrap();
        assert!(
            m.contains("«7» → «07»") && m.contains("«Số: 07/KH-LĐLĐ»"),
            "{m}"
        );
        let m = number("Số 07 / KH - LĐLĐ").unwrap();
        assert!(
            m.contains("dấu hai chấm") && m.contains("không cách chữ"),
            "{m}"
        );
        assert!(m.contains("«Số: 07/KH-LĐLĐ»"), "{m}");
    }

    #[test]
    fn dates() {
        assert_eq!(date("Đắk Lắk, ngày 05 tháng 01 năm 2024"), None);
        assert_eq!(date("Hà Nội, ngày 29 tháng 6 năm 2019"), None);
        assert_eq!(date("Đắk Lắk, ngày 14 tháng 02 năm 2024"), None);
        assert_eq!(date("Đắk Lắk, ngày    tháng    năm 2024"), None);
        let m = date("Đắk Lắk, ngày 5 tháng 1 năm 2024").unwrap();
        assert!(
            m.contains("ngày «5» → «05»") && m.contains("tháng «1» → «01»"),
            "{m}"
        );
        assert!(m.contains("«Đắk Lắk, ngày 05 tháng 01 năm 2024»"), "{m}");
        let m = date("Đắk Lắk, ngày 05 tháng 03 năm 2024").unwrap();
        assert!(m.contains("tháng «03» → «3»"), "{m}");
        let m = date("Kon Tum ngày 12 tháng 12 năm 2022").unwrap();
        assert!(m.contains("thiếu dấu phẩy sau «Kon Tum»"), "{m}");
        let m = date("Đồng Nai, 05/01/2024").unwrap();
        assert!(m.contains("phải viết đầy đủ"), "{m}");
    }
}
