//! Notes a writer leaves where data is still to come: "(Bổ sung số liệu)",
//! "(số liệu)", "[cập nhật]". The list is configurable
//! ([`crate::check::CheckOptions::todo_markers`]).
//!
//! A note counts only inside round or square brackets, because the same words
//! are ordinary prose elsewhere ("bổ sung số liệu cho báo cáo"). The bracket's
//! content is compared case-insensitively with spaces folded and trailing
//! dots, colons and ellipses dropped. It must equal a marker, or start with a
//! marker of three words or more ("(Bổ sung số liệu năm 2023)"): a short
//! marker such as "số liệu" must be the whole note, so that a real remark
//! like "(số liệu tính đến 31/12/2023)" is not flagged. A paragraph that is
//! nothing but a marker of three words or more ("Bổ sung số liệu.") is a
//! note too.

use std::sync::LazyLock;

use regex::Regex;

use super::{Hit, Para};
use crate::check::model::Kind;
use crate::check::scan::fold;

static BRACKETED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(\[]([^()\[\]\n]+)[)\]]").unwrap());

/// Compiles this module's patterns now rather than at first use.
pub(crate) fn compile_patterns() {
    LazyLock::force(&BRACKETED);
}

/// A marker from the options, prepared for comparison.
#[derive(Debug)]
struct Marker {
    words: String,
    /// `Some('(')` or `Some('[')` when the entry was written with brackets.
    bracket: Option<char>,
    /// Three words or more: the marker may start a longer note, or stand
    /// as a paragraph of its own.
    long: bool,
}

fn clean(s: &str) -> String {
    fold(s)
        .trim_end_matches(['.', '…', ':', ';', ',', '!', ' '])
        .to_string()
}

/// The configured markers, prepared for comparison.
#[derive(Debug, Default)]
pub struct Markers {
    list: Vec<Marker>,
    /// Length in bytes of the longest marker.
    longest: usize,
}

impl Markers {
    pub fn new(markers: &[String]) -> Markers {
        let list = prepare(markers);
        let longest = list.iter().map(|m| m.words.len()).max().unwrap_or(0);
        Markers { list, longest }
    }

    /// True when a marker that may stand as a paragraph starts with `first`.
    fn may_stand_alone(&self, first: char) -> bool {
        self.list
            .iter()
            .any(|mk| mk.bracket.is_none() && mk.long && mk.words.starts_with(first))
    }
}

fn prepare(markers: &[String]) -> Vec<Marker> {
    markers
        .iter()
        .filter_map(|m| {
            let m = m.trim();
            let (bracket, inner) = match (m.chars().next(), m.chars().last()) {
                (Some('('), Some(')')) => (Some('('), &m[1..m.len() - 1]),
                (Some('['), Some(']')) => (Some('['), &m[1..m.len() - 1]),
                _ => (None, m),
            };
            let words = clean(inner);
            let long = words.split(' ').count() >= 3;
            (!words.is_empty()).then_some(Marker {
                words,
                bracket,
                long,
            })
        })
        .collect()
}

fn matches(marker: &Marker, content: &str) -> bool {
    content == marker.words
        || (marker.long
            && content.starts_with(&marker.words)
            && content[marker.words.len()..].starts_with(' '))
}

pub fn find(p: &mut Para, markers: &Markers) -> Vec<Hit> {
    let mut hits = Vec::new();
    if p.marks.has(b'(') || p.marks.has(b'[') {
        let text = p.text.clone();
        // At most 80 characters between the brackets: longer is prose.
        for c in BRACKETED
            .captures_iter(&text)
            .filter(|c| c.get(1).is_some_and(|i| i.as_str().chars().count() <= 80))
        {
            let m = c.get(0).unwrap();
            let open = m.as_str().chars().next().unwrap();
            let content = clean(c.get(1).unwrap().as_str());
            if markers
                .list
                .iter()
                .any(|mk| mk.bracket.is_none_or(|b| b == open) && matches(mk, &content))
            {
                let s = p.chars().char_at_byte(m.start());
                let e = p.chars().char_at_byte(m.end());
                if p.is_claimed(s, e) {
                    continue;
                }
                hits.push(Hit::new(
                    Kind::TodoMarker,
                    s,
                    e,
                    format!("Ghi chú chờ bổ sung: {}", m.as_str()),
                ));
                p.claim(s, e);
            }
        }
    }
    // A whole-paragraph marker is a short paragraph: no longer than the longest marker (up to 3 bytes a letter before folding) and some slack.
    // Folding keeps the first letter first, lowercased.
    let first = p.text.trim_start().chars().next();
    if hits.is_empty()
        && p.text.len() <= markers.longest * 3 + 16
        && first
            .and_then(|c| c.to_lowercase().next())
            .is_some_and(|c| markers.may_stand_alone(c))
    {
        let whole = clean(&p.text);
        if markers
            .list
            .iter()
            .any(|mk| mk.bracket.is_none() && mk.long && whole == mk.words)
        {
            if let (Some(s), Some(e)) = (
                p.chars().next_non_space(0),
                p.chars().prev_non_space(p.chars().len()),
            ) {
                hits.push(Hit::new(
                    Kind::TodoMarker,
                    s,
                    e + 1,
                    format!("Ghi chú chờ bổ sung: {}", p.chars().slice(s, e + 1)),
                ));
                p.claim(s, e + 1);
            }
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::options::CheckOptions;
    use crate::check::rules::PartKind;

    fn run(text: &str) -> Vec<Hit> {
        let mut p = Para::new(text.to_string(), false, PartKind::Body);
        find(&mut p, &Markers::new(&CheckOptions::default().todo_markers))
    }

    #[test]
    fn seed_note_at_paragraph_end() {
        let t = "… đối với công đoàn và chính quyền các cấp. (Bổ sung số liệu)";
        let h = run(t);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].kind, Kind::TodoMarker);
        assert_eq!(h[0].end, t.chars().count());
        assert_eq!(
            h[0].start,
            t.chars().count() - "(Bổ sung số liệu)".chars().count()
        );
    }

    #[test]
    fn default_markers() {
        for t in [
            "(số liệu)",
            "Kết quả (bổ sung)",
            "[cập nhật]",
            "(BỔ SUNG  SỐ LIỆU...)",
            "(Bổ sung số liệu năm 2023)",
        ] {
            assert_eq!(run(t).len(), 1, "{t}");
        }
        assert_eq!(run("Bổ sung số liệu.").len(), 1);
    }

    #[test]
    fn remarks_that_are_not_notes() {
        for t in [
            "(số liệu tính đến 31/12/2023)",
            "(có báo cáo công tác kiểm tra, giám sát riêng)",
            "Tiếp tục bổ sung số liệu cho báo cáo tổng kết.",
            "(Lưu ý giai đoạn từ đầu nhiệm kỳ đến hết 31/12/2020).",
        ] {
            assert!(run(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn configured_marker_with_its_own_brackets() {
        let mut p = Para::new("Tổng thu [chờ] và (chờ)".to_string(), false, PartKind::Body);
        let h = find(&mut p, &Markers::new(&["[chờ]".to_string()]));
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].start, 9);
    }
}
