//! A second look at one paragraph's hits, once every rule has spoken.
//!
//! - **One finding per blank date.** "Ngày ……./……./……" and "ngày … tháng …
//!   năm …" are one blank: the hits inside such a date become one hit over
//!   the whole date.
//! - **"x" between two terms is a multiplication sign** ("Số tiền ứng trước
//!   x Lãi suất phạt"): when the word after it opens with a capital letter or
//!   a digit, or an "=" comes before it, it is no gap. "là x người" still is.
//! - **"[...]" is a gap** in running text as in tables.
//! - **The clerk's blanks are only the document's own**: its "Số: …/…" line
//!   and its place-and-date line (a short line "`<place>, ngày …`"). A number or
//!   date blank inside a sentence ("Thực hiện Kế hoạch số ……/KH-TLĐ ngày …")
//!   cites another document, and the drafter must fill it: a `blank-field`.

use std::sync::LazyLock;

use regex::Regex;

use super::{Hit, Para};
use crate::check::model::Kind;
use crate::check::scan::char_slice;

/// A date left blank, with slashes or in words.
static BLANK_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[.…_]+\s*/\s*[.…_]+\s*/\s*(?:\d{2,4}|[.…_]+(?:\d{2})?|(?:19|20)[.…_]+)|ngày\s*[.…_ ]*[.…_][.…_ ]*tháng\s*[.…_ ]*[.…_][.…_ ]*năm(?:\s*(?:\d{4}|(?:20)?[.…_ ]*[.…_]))?",
    )
    .expect("blank date pattern")
});

/// A bracketed placeholder: "[...]", "[…]".
static BRACKETED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\s*(?:\.{2,}|…+)\s*\]").expect("bracket pattern"));

/// The longest line read as the document's own place-and-date line.
const PLACE_DATE_MAX_CHARS: usize = 70;

/// Prepares the patterns ahead of the first document.
pub(crate) fn compile_patterns() {
    LazyLock::force(&BLANK_DATE);
    LazyLock::force(&BRACKETED);
}

/// The hits of `para` after the second look.
pub fn refine(para: &Para, mut hits: Vec<Hit>) -> Vec<Hit> {
    let text = &para.text;
    if hits.is_empty() && !text.contains('[') {
        return hits;
    }
    hits.retain(|h| !is_multiplication(text, h));
    for h in hits.iter_mut().filter(|h| h.kind == Kind::IssuanceBlank) {
        if !is_own_issuance_line(text) {
            h.kind = Kind::BlankField;
            h.message = "Chỗ trống trong phần dẫn văn bản khác: cần ghi trước khi ký".into();
        }
    }
    if text.contains('[') {
        for m in BRACKETED.find_iter(text) {
            let (s, e) = (chars_before(text, m.start()), chars_before(text, m.end()));
            if !hits.iter().any(|h| h.start < e && s < h.end) {
                hits.push(Hit::new(
                    Kind::MissingFigure,
                    s,
                    e,
                    "Chỗ trống “[...]” chưa điền",
                ));
            }
        }
    }
    merge_dates(text, hits)
}

fn chars_before(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// True when `h` is a lone "x" between two terms of a product.
fn is_multiplication(text: &str, h: &Hit) -> bool {
    if h.kind != Kind::MissingFigure || !char_slice(text, h.start, h.end).eq_ignore_ascii_case("x")
    {
        return false;
    }
    let before = char_slice(text, 0, h.start);
    let after = char_slice(text, h.end, usize::MAX);
    let between_words = before.ends_with(' ') && after.starts_with(' ');
    let next = after.trim_start().chars().next();
    between_words
        && (before.contains('=') || next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
}

/// True when `text` is the document's own number line or its place-and-date line.
fn is_own_issuance_line(text: &str) -> bool {
    let t = text.trim();
    if t.starts_with("Số") {
        return true;
    }
    let place = t.split("ngày").next().unwrap_or(t).trim_end();
    t.chars().count() <= PLACE_DATE_MAX_CHARS
        && t.contains("ngày")
        && (place.is_empty() || place.ends_with(','))
}

/// One hit per blank date: hits inside a date become one over the date.
fn merge_dates(text: &str, hits: Vec<Hit>) -> Vec<Hit> {
    if hits.len() < 2 || !(text.contains('/') || text.contains("tháng")) {
        return hits;
    }
    let dates: Vec<(usize, usize)> = BLANK_DATE
        .find_iter(text)
        .map(|m| (chars_before(text, m.start()), chars_before(text, m.end())))
        .collect();
    if dates.is_empty() {
        return hits;
    }
    let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
    let mut merged: Vec<Option<usize>> = vec![None; dates.len()];
    for h in hits {
        let Some(d) = dates.iter().position(|&(s, e)| h.start < e && s < h.end) else {
            out.push(h);
            continue;
        };
        let (s, e) = dates[d];
        match merged[d] {
            Some(at) => {
                let kept = &mut out[at];
                kept.start = kept.start.min(s.min(h.start));
                kept.end = kept.end.max(e.max(h.end));
            }
            None => {
                merged[d] = Some(out.len());
                out.push(Hit {
                    start: s.min(h.start),
                    end: e.max(h.end),
                    ..h
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::PartKind;

    fn hits(text: &str) -> Vec<(Kind, String)> {
        let mut para = Para::new(text.to_string(), false, PartKind::Body);
        let mut found = crate::check::rules::issuance::find(&mut para);
        found.extend(crate::check::rules::markers::find(
            &mut para,
            &crate::check::rules::markers::Markers::new(
                &crate::check::CheckOptions::default().todo_markers,
            ),
        ));
        found.extend(crate::check::rules::blank::find(&mut para));
        found.extend(crate::check::rules::ellipsis::find(&mut para));
        refine(&para, found)
            .into_iter()
            .map(|h| (h.kind, char_slice(text, h.start, h.end).to_string()))
            .collect()
    }

    #[test]
    fn a_blank_date_is_one_finding() {
        let h = hits("Ngày ……./……./…… các đơn vị nộp báo cáo.");
        assert_eq!(h.len(), 1, "{h:?}");
        assert_eq!(h[0].1, "……./……./……");
        let h = hits("Hội nghị họp vào ngày … tháng … năm … tại hội trường.");
        assert_eq!(h.len(), 1, "{h:?}");
    }

    #[test]
    fn a_multiplication_sign_is_no_gap() {
        assert!(
            hits("Tiền phạt = Số tiền ứng trước x Lãi suất phạt x Số ngày chậm trả.").is_empty()
        );
    }

    #[test]
    fn bracketed_blanks_are_gaps() {
        let h = hits("Tổng số đoàn viên là [...] người, tăng xx% so với năm trước.");
        assert!(h.iter().any(|(_, m)| m == "[...]"), "{h:?}");
        assert!(h.iter().any(|(_, m)| m == "xx"), "{h:?}");
    }

    #[test]
    fn a_cited_number_is_the_drafters_gap() {
        let h = hits("Thực hiện Kế hoạch số ……/KH-TLĐ ngày …/…/2024 của Tổng Liên đoàn.");
        assert!(!h.is_empty());
        assert!(h.iter().all(|(k, _)| *k != Kind::IssuanceBlank), "{h:?}");
        let h = hits("Số:      /BC-LĐLĐ");
        assert_eq!(h[0].0, Kind::IssuanceBlank);
        let h = hits("Đắk Lắk, ngày    tháng    năm 2024");
        assert!(h.iter().all(|(k, _)| *k == Kind::IssuanceBlank), "{h:?}");
    }
}
