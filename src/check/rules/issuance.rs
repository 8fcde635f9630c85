//! The clerk's blanks: the document number and the issuing date are left
//! empty in a draft and filled when the document is issued ("Số:      /BC-LĐLĐ",
//! "Đắk Lắk, ngày    tháng    năm 2024"). They are reported as information,
//! never as gaps, and their dots are claimed so no other rule flags them.
//!
//! - **Number blank**: "Số" (optionally ":"), then only spaces, dots or
//!   underscores, then "/" and a symbol such as "BC-LĐLĐ" (or the Party form
//!   "-KH/TU"). A number with
//!   digits is a filled number and is left alone. The same shape inside a
//!   sentence ("Kế hoạch số …/KH-LĐLĐ") is also a number the clerk assigns.
//! - **Date blank**: "ngày" … "tháng" … "năm" with nothing but dots,
//!   underscores or at least two spaces in the day and month slots (single
//!   spaces are prose: "thời gian ký (ngày tháng năm; …)"). It is the issuing date when
//!   it stands on the place-and-date line (nothing but a place name, or a
//!   blank for it, before ", ngày", counting from the last tab or line break:
//!   "Người khai\tNgày      tháng      năm"), sits in a table cell (the header table),
//!   in a page header or footer, or follows a number blank in the same
//!   paragraph ("Quyết định số …/QĐ-… ngày … tháng … năm …"). Anywhere else a
//!   blank date is a date the writer still has to give, so it is a gap
//!   (`missing-figure`), not the clerk's business.

use std::sync::LazyLock;

use regex::Regex;

use super::{Hit, Para, PartKind};
use crate::check::model::Kind;

static NUMBER_BLANK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bsố[ \t\u{a0}]*:?[ \t\u{a0}.…_]*(?:/|-[\p{Lu}\p{N}]+/)[ \t\u{a0}]*[\p{L}\p{N}.…_\-–&]*(?:[ \t\u{a0}]*[.…_]+)?",
    )
    .unwrap()
});

static DATE_BLANK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bngày(?:[ \t\u{a0}]*:)?([ \t\u{a0}.…_]*)tháng([ \t\u{a0}.…_]*)năm(?:[ \t\u{a0}]*\d{2,4}[.…_]*|[ \t\u{a0}.…_]*[.…_])?",
    )
    .unwrap()
});

/// The two blanks without their leading word boundary: a match of either
/// blank holds a match of its hint, which a faster engine finds (a Unicode
/// word boundary slows every search down).
static NUMBER_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)số[ \t\u{a0}]*:?[ \t\u{a0}.…_]*(?:/|-[\p{Lu}\p{N}]+/)").unwrap()
});
static DATE_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)ngày(?:[ \t\u{a0}]*:)?[ \t\u{a0}.…_]*tháng[ \t\u{a0}.…_]*năm").unwrap()
});

/// A place name (or a blank for it) and a comma: what stands before ", ngày"
/// on the issuing line.
static PLACE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s\u{a0}]*(?:[\p{L}\p{N} .…_\-'’]*)[\s\u{a0}]*,[\s\u{a0}]*$").unwrap()
});

/// Compiles this module's patterns now rather than at first use.
pub(crate) fn compile_patterns() {
    LazyLock::force(&NUMBER_BLANK);
    LazyLock::force(&DATE_BLANK);
    LazyLock::force(&NUMBER_HINT);
    LazyLock::force(&DATE_HINT);
    LazyLock::force(&PLACE_PREFIX);
}

pub fn find(p: &mut Para) -> Vec<Hit> {
    let mut hits = Vec::new();
    let text = p.text.as_str();
    let mut number_end: Option<usize> = None;
    // A number blank always holds a "/".
    let numbers =
        (p.marks.has(b'/') && NUMBER_HINT.is_match(text)).then(|| NUMBER_BLANK.find_iter(text));
    for m in numbers.into_iter().flatten() {
        let s = p.chars().char_at_byte(m.start());
        let e = p.chars().char_at_byte(m.end());
        // A bare "số /" followed by nothing is not a document number.
        let after_slash = m.as_str().rsplit('/').next().unwrap_or("").trim();
        if after_slash.is_empty() {
            continue;
        }
        hits.push(Hit::new(
            Kind::IssuanceBlank,
            s,
            e,
            "Số văn bản để trống: văn thư điền khi ban hành",
        ));
        p.claimed.push((s, e));
        number_end = Some(m.end());
    }
    let dates = DATE_HINT
        .is_match(text)
        .then(|| DATE_BLANK.captures_iter(text));
    for c in dates.into_iter().flatten() {
        let m = c.get(0).unwrap();
        let day = c.get(1).map_or("", |g| g.as_str());
        let month = c.get(2).map_or("", |g| g.as_str());
        // Both slots must hold a blank: dots, or room for writing (two spaces
        // or more). "ngày tháng năm" with single spaces is prose ("thời gian
        // ký (ngày tháng năm; giờ phút giây)").
        let blank = |slot: &str| slot.contains(['.', '…', '_', '\t']) || slot.chars().count() >= 2;
        if !blank(day) || !blank(month) {
            continue;
        }
        // The line the date sits on starts after the last tab or line break.
        let prefix = &text[..m.start()];
        let prefix = &prefix[prefix.rfind(['\t', '\n']).map_or(0, |i| i + 1)..];
        let on_issuing_line = prefix.trim().is_empty()
            || (prefix.chars().count() <= 44 && PLACE_PREFIX.is_match(prefix));
        let after_number = number_end.is_some_and(|ne| ne <= m.start() && m.start() - ne <= 12);
        let issuance = on_issuing_line
            || after_number
            || p.in_cell
            || matches!(p.part, PartKind::Header | PartKind::Footer);
        let mut s = p.chars().char_at_byte(m.start());
        let e = p.chars().char_at_byte(m.end());
        if issuance {
            // A blank place name before ", ngày" belongs to the same line.
            if on_issuing_line && prefix.contains(['.', '…', '_']) {
                if let Some(first) = p.chars().next_non_space(0) {
                    s = first.min(s);
                }
            }
            hits.push(Hit::new(
                Kind::IssuanceBlank,
                s,
                e,
                "Ngày ban hành để trống: văn thư điền khi ban hành",
            ));
        } else {
            hits.push(Hit::new(
                Kind::MissingFigure,
                s,
                e,
                "Thiếu số liệu: ngày, tháng",
            ));
        }
        p.claimed.push((s, e));
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, in_cell: bool) -> Vec<Hit> {
        let mut p = Para::new(text.to_string(), in_cell, PartKind::Body);
        find(&mut p)
    }

    #[test]
    fn number_blank_with_spaces() {
        let h = run("Số:      /BC-LĐLĐ", true);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].kind, Kind::IssuanceBlank);
        assert_eq!((h[0].start, h[0].end), (0, 17));
    }

    #[test]
    fn party_style_number_blank() {
        let h = run("Số      -KH/TU", true);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].end, 14);
        assert!(run("chỉ số - xã hội", false).is_empty());
    }

    #[test]
    fn filled_number_is_not_a_blank() {
        assert!(run("Số: 33/KH-LĐLĐ", true).is_empty());
        assert!(run("Kế hoạch số 56/KH-TLĐ ngày 12/3/2020", false).is_empty());
    }

    #[test]
    fn issuing_date_line() {
        let h = run("Đắk Lắk, ngày    tháng    năm 2024", false);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].kind, Kind::IssuanceBlank);
        let h = run("…4..., ngày …… tháng …… năm ……", true);
        assert_eq!(h[0].kind, Kind::IssuanceBlank);
        assert_eq!(h[0].start, 0);
    }

    #[test]
    fn number_then_date_in_a_citation() {
        let h = run(
            "(Kèm theo Quyết định số … /QĐ- … ngày … tháng … năm … của… )",
            false,
        );
        assert!(h.iter().all(|h| h.kind == Kind::IssuanceBlank), "{h:?}");
        assert_eq!(h.len(), 2);
    }

    #[test]
    fn blank_date_in_a_sentence_is_a_gap() {
        let h = run(
            "Hội nghị được tổ chức vào ngày … tháng … năm 2024 tại hội trường.",
            false,
        );
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].kind, Kind::MissingFigure);
    }

    #[test]
    fn prose_about_dates_is_not_a_blank() {
        assert!(run(
            "thời gian ký (ngày tháng năm; giờ phút giây; múi giờ Việt Nam)",
            false
        )
        .is_empty());
        let h = run("\tNgười khai\tNgày      tháng      năm    ", false);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].kind, Kind::IssuanceBlank);
    }

    #[test]
    fn filled_date_is_left_alone() {
        assert!(run("Đắk Lắk, ngày 05 tháng 01 năm 2024", false).is_empty());
    }
}
