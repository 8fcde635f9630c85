//! Numbered headings and the section path of each paragraph.
//!
//! Body headings in these documents, from the top level down:
//!
//! | level | forms |
//! |---|---|
//! | 0 | "PHẦN THỨ NHẤT", "Phần thứ hai", "Phần I" (alone, or with an upper-case title or a separator: "Phần thứ nhất bao gồm…" is a sentence) |
//! | 1 | Roman numerals: "I.", "II-", "IV)" |
//! | 2 | "1.", "1-", "1)" |
//! | 3, 4 | "1.1.", "1.1-", "1.1", "2.1.3." (one level per extra number) |
//! | 5 | letters: "a)", "a.", "a-" (and the slip "a..") |
//!
//! The level comes from the form of the label, not from the order of
//! appearance, so a document that skips a level ("I." then "a)") still nests
//! correctly. "-" and "+" open list items, not sections: they are never part
//! of a path. A paragraph with an outline level from its style but no
//! numbering label is a heading too; its (shortened) text stands for the
//! label. Paragraphs in table cells are never headings.
//!
//! A section path is the labels of the enclosing headings, outermost first,
//! joined by " > ": "Phần thứ nhất > II. > 1. > 1.1.".

use std::sync::LazyLock;

use regex::Regex;

/// A heading: its level, its label as shown in paths, and its title text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub label: String,
    pub title: String,
    /// False for a heading known only from its outline level.
    pub numbered: bool,
}

static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^phần\s+(thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)|[ivxl]+|\d{1,2})\b\s*([.:\-–]?)\s*(.*)$").unwrap()
});
static ROMAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([IVX]{1,6})\s*([.\-–)])\s*(.*)$").unwrap());
static MULTI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2}(?:\.\d{1,2}){1,3})(\.|-|–|\)|\s)(?:\s*([^\d\s].*))?$").unwrap()
});
static SINGLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\s*(\.|-|–|\))(?:\s*([^\d\s].*))?$").unwrap());
static LETTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([a-zđ])(\)|\.{1,2}|\s*-\s|\s*–\s)\s*(\S.*)$").unwrap());

static VALID_ROMAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:L?X{0,3}|XL|XC)(?:IX|IV|V?I{0,3})$").unwrap());

/// Compiles this module's patterns now rather than at first use.
pub(crate) fn compile_patterns() {
    LazyLock::force(&PART);
    LazyLock::force(&ROMAN);
    LazyLock::force(&MULTI);
    LazyLock::force(&SINGLE);
    LazyLock::force(&LETTER);
    LazyLock::force(&VALID_ROMAN);
}

fn valid_roman(s: &str) -> bool {
    !s.is_empty() && VALID_ROMAN.is_match(s)
}

/// The heading a paragraph opens, if any (text already trimmed of nothing;
/// leading spaces are ignored here).
pub fn heading(text: &str, outline_level: Option<u8>) -> Option<Heading> {
    let first = text.trim_start().chars().next()?;
    let label = may_open_label(first);
    if !label && outline_level.is_none() {
        return None;
    }
    let t = text.trim();
    let one_line = t.lines().next().unwrap_or(t);
    if label {
        if let Some(h) = numbered(t, one_line) {
            return Some(h);
        }
    }
    let ol = outline_level?;
    // A styled line of dots or underscores is a blank, not a title.
    let letters = one_line.chars().filter(|c| c.is_alphabetic()).count();
    let visible = one_line.chars().filter(|c| !c.is_whitespace()).count();
    if letters * 2 < visible {
        return None;
    }
    let short: String = one_line.chars().take(40).collect();
    let label = if one_line.chars().count() > 40 {
        format!("{short}…")
    } else {
        short
    };
    Some(Heading {
        level: (ol + 1).min(9),
        label,
        title: full_title(t, one_line, one_line),
        numbered: false,
    })
}

/// True when `first` can start a numbering label: "Phần", a Roman numeral,
/// a digit or a letter.
fn may_open_label(first: char) -> bool {
    matches!(first, 'p' | 'P' | 'I' | 'V' | 'X' | 'a'..='z' | 'đ') || first.is_numeric()
}

/// The title of a heading whose first line is `one_line` of `t`: the first
/// line's title then the other lines, spaces folded.
fn full_title(t: &str, one_line: &str, first_line_title: &str) -> String {
    let rest = &t[one_line.len()..];
    format!("{first_line_title}{rest}")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The heading opened by a numbering label at the start of `one_line`, the
/// first line of `t`.
fn numbered(t: &str, one_line: &str) -> Option<Heading> {
    // The title runs over the whole paragraph, line breaks included.
    let full = |first_line_title: &str| full_title(t, one_line, first_line_title);
    if let Some(c) = PART
        .captures(one_line)
        .filter(|c| c[3].chars().all(|k| !k.is_lowercase()) || !c[2].is_empty())
    {
        let num = c[1].split_whitespace().collect::<Vec<_>>().join(" ");
        let num = if num.to_lowercase().starts_with("thứ") {
            num.to_lowercase()
        } else {
            num.to_uppercase()
        };
        let label = format!("Phần {num}");
        return Some(Heading {
            level: 0,
            label,
            title: full(&c[3]),
            numbered: true,
        });
    }
    if let Some(c) = ROMAN.captures(one_line) {
        if valid_roman(&c[1]) {
            let sep = if &c[2] == ")" { ")" } else { "." };
            return Some(Heading {
                level: 1,
                label: format!("{}{}", &c[1], sep),
                title: full(&c[3]),
                numbered: true,
            });
        }
    }
    if let Some(c) = MULTI.captures(one_line) {
        let depth = c[1].split('.').count() as u8;
        let sep = match &c[2] {
            "-" | "–" => "-",
            ")" => ")",
            _ => ".",
        };
        return Some(Heading {
            level: 1 + depth,
            label: format!("{}{}", &c[1], sep),
            title: full(c.get(3).map_or("", |m| m.as_str())),
            numbered: true,
        });
    }
    if let Some(c) = SINGLE.captures(one_line) {
        let sep = match &c[2] {
            "-" | "–" => "-",
            ")" => ")",
            _ => ".",
        };
        return Some(Heading {
            level: 2,
            label: format!("{}{}", &c[1], sep),
            title: full(c.get(3).map_or("", |m| m.as_str())),
            numbered: true,
        });
    }
    let c = LETTER.captures(one_line)?;
    let sep = c[2].trim();
    let sep = if sep.starts_with('.') { "." } else { sep };
    Some(Heading {
        level: 5,
        label: format!("{}{}", &c[1], sep),
        title: full(&c[3]),
        numbered: true,
    })
}

impl Heading {
    /// True when the heading reads like a title, not like a numbered
    /// statement with its content on the same line: at most 25 words, no
    /// sentence inside it, nothing after a colon ("6) Dân tộc: Kinh" is a
    /// filled field), and not closed by ".", ";" or ",". "1. Dự báo tình hình 5 năm tới" is a title; "1.3- Thành lập Ban
    /// Nữ công quần chúng tại 100% công đoàn cơ sở." and "2. Đăng ký văn bản
    /// đến." are statements in a numbered list. Part and Roman-numbered
    /// headings are always titles.
    pub fn is_title(&self) -> bool {
        let t = self.title.trim();
        // "V. MẪU DẤU “ĐẾN”: Được khắc sẵn…", "6) Dân tộc: Kinh": the content
        // is on the heading's own line.
        if let Some(p) = t.find(':') {
            if !t[p + 1..].trim().is_empty() {
                return false;
            }
        }
        if self.level <= 1 {
            return true;
        }
        let words = t.split_whitespace().count();
        if words == 0 || words > 25 || t.ends_with(['.', ';', ',', '…']) {
            return false;
        }
        !t.contains(". ")
    }
}

/// Tracks the open headings while walking the body in order.
#[derive(Debug, Default)]
pub struct SectionPath<'a> {
    open: Vec<&'a Heading>,
}

impl<'a> SectionPath<'a> {
    /// Opens `h`, closing every open heading at its level or below.
    pub fn enter(&mut self, h: &'a Heading) {
        while self.open.last().is_some_and(|o| o.level >= h.level) {
            self.open.pop();
        }
        self.open.push(h);
    }

    /// The current path: "II. > 1. > 1.1.".
    pub fn path(&self) -> String {
        self.open
            .iter()
            .map(|h| h.label.as_str())
            .collect::<Vec<_>>()
            .join(" > ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lv(t: &str) -> Option<(u8, String)> {
        heading(t, None).map(|h| (h.level, h.label))
    }

    #[test]
    fn heading_forms() {
        assert_eq!(lv("PHẦN THỨ NHẤT"), Some((0, "Phần thứ nhất".into())));
        assert_eq!(lv("Phần thứ hai"), Some((0, "Phần thứ hai".into())));
        assert_eq!(
            lv("I. tình hình CÔNG NHÂN, VIÊN CHỨC, LAO ĐỘNG "),
            Some((1, "I.".into()))
        );
        assert_eq!(lv("IV. TỔ CHỨC THỰC HIỆN"), Some((1, "IV.".into())));
        assert_eq!(
            lv("1. Số lượng, cơ cấu, chất lượng"),
            Some((2, "1.".into()))
        );
        assert_eq!(lv("1.1. Số lượng, cơ cấu"), Some((3, "1.1.".into())));
        assert_eq!(
            lv("1.1- Phấn đấu đến cuối năm 2025"),
            Some((3, "1.1-".into()))
        );
        assert_eq!(lv("10.2. Nguyên nhân"), Some((3, "10.2.".into())));
        assert_eq!(lv("a. Nguyên nhân khách quan"), Some((5, "a.".into())));
        assert_eq!(lv("a..Chỉ tiêu thuộc trách nhiệm"), Some((5, "a.".into())));
        assert_eq!(lv("b) Đối với"), Some((5, "b)".into())));
        assert_eq!(lv("- Đổi mới"), None);
        assert_eq!(lv("+ Chương trình 07/CTr-LĐLĐ"), None);
    }

    #[test]
    fn numbers_are_not_headings() {
        assert_eq!(lv("2.246 đoàn viên được kết nạp"), None);
        assert_eq!(lv("1.500 đoàn viên"), None);
        assert_eq!(lv("2019. Năm"), None);
        assert_eq!(lv("Việc làm, thu nhập"), None);
        assert_eq!(lv("LĐLĐ tỉnh"), None);
        assert_eq!(lv("20 - 25 mm"), None);
        assert_eq!(
            lv("Phần thứ nhất bao gồm từ “Kính gửi”, sau đó là tên các cơ quan."),
            None
        );
        assert_eq!(
            lv("Phần thứ hai: Nhiệm vụ"),
            Some((0, "Phần thứ hai".into()))
        );
        assert_eq!(lv("PHẦN I: TÌNH HÌNH"), Some((0, "Phần I".into())));
        assert_eq!(lv("L. Hardell, “Pesticides”"), None);
    }

    #[test]
    fn labels_start_with_their_own_characters() {
        for first in ['p', 'P', 'I', 'V', 'X', 'a', 'z', 'đ', '0', '9', '٣'] {
            assert!(may_open_label(first), "{first}");
        }
        for first in ['-', '+', 'A', 'T', 'Đ', 'ả', '(', '…'] {
            assert!(!may_open_label(first), "{first}");
        }
    }

    #[test]
    fn outline_level_without_number() {
        let h = heading("Mục tiêu chung", Some(1)).unwrap();
        assert_eq!((h.level, h.label.as_str()), (2, "Mục tiêu chung"));
        assert!(heading("………......... 5 ..........", Some(0)).is_none());
    }

    #[test]
    fn titles_and_items() {
        assert!(heading("1. Dự báo tình hình 5 năm tới", None)
            .unwrap()
            .is_title());
        assert!(heading("7.1. Kết quả đạt được", None).unwrap().is_title());
        assert!(!heading("2. Đăng ký văn bản đến.", None).unwrap().is_title());
        assert!(!heading("1.1.\tПо Контракту Подрядчик обязуется в установленный срок по заданию Государственного заказчика выполнить в пользу третьего лица (третьих лиц) \n(далее – Получатель), указанного в приложении № 1 к Техническому заданию, работы", None).unwrap().is_title());
        assert!(!heading("1.3- Thành lập Ban Nữ công quần chúng tại 100% công đoàn cơ sở đủ điều kiện theo quy định.", None).unwrap().is_title());
        assert!(!heading(
            "2. Tồn tại, hạn chế: Đánh giá những khó khăn, hạn chế, yếu kém, nguyên nhân",
            None
        )
        .unwrap()
        .is_title());
    }

    #[test]
    fn paths_nest_by_form() {
        let hs: Vec<Heading> = [
            "Phần thứ nhất",
            "II. KẾT QUẢ",
            "1. Đại diện",
            "1.1. Kết quả",
            "a) Một",
            "2. Chăm lo",
            "PHẦN THỨ HAI",
        ]
        .iter()
        .map(|t| heading(t, None).unwrap())
        .collect();
        let mut p = SectionPath::default();
        for h in &hs[..5] {
            p.enter(h);
        }
        assert_eq!(p.path(), "Phần thứ nhất > II. > 1. > 1.1. > a)");
        p.enter(&hs[5]);
        assert_eq!(p.path(), "Phần thứ nhất > II. > 2.");
        p.enter(&hs[6]);
        assert_eq!(p.path(), "Phần thứ hai");
    }
}
