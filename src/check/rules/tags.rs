//! Template tags left in the text: `{{x}}`, `{% … %}`, `{x}` / `{#x}` /
//! `{/x}`, `${x}`, `«x»`, `<<x>>`, and a MERGEFIELD the reader saw unfilled
//! (`Paragraph::merge_field`). A filled document never shows its tag
//! delimiters, so any of these means the template was not rendered.
//!
//! Single braces only count around a name (letters, digits, `_ . -`, starting
//! with a letter or `_`): `{0}` or a brace in prose is not a tag.

use std::sync::LazyLock;

use regex::Regex;

use super::{Hit, Para};
use crate::check::model::Kind;

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\{\{[^{}\n]+\}\}",
        r"|\{%[^%\n]*%\}",
        r"|\$\{[^{}\n]+\}",
        r"|\{[#/^]?[\p{L}_][\p{L}\p{N}_.\-]*\}",
        r"|«[^«»\n]+»",
        r"|<<[^<>\n]+>>",
    ))
    .unwrap()
});

/// Compiles this module's patterns now rather than at first use.
pub(crate) fn compile_patterns() {
    LazyLock::force(&TAG);
}

/// Longest inner text of each tag style: a longer span is prose, not a tag.
/// (Bounded repetitions are checked here rather than in the pattern, which
/// keeps the pattern small to compile.)
fn within_limit(tag: &str) -> bool {
    let inner = tag.chars().count();
    let (delims, max) = if tag.starts_with("{{") || tag.starts_with("{%") {
        (4, 100)
    } else if tag.starts_with("${") {
        (3, 80)
    } else if tag.starts_with('{') {
        (2, 62)
    } else {
        (2, 80)
    };
    inner - delims.min(inner) <= max
}

pub fn find(p: &mut Para, merge_field: Option<&str>) -> Vec<Hit> {
    let mut hits = Vec::new();
    // Every tag style opens with `{`, `«` or `<`: most paragraphs have none.
    if p.marks.has(b'{') || p.marks.has(b'<') || p.marks.has_guillemet() {
        let text = p.text.clone();
        for m in TAG.find_iter(&text).filter(|m| within_limit(m.as_str())) {
            let s = p.chars().char_at_byte(m.start());
            let e = p.chars().char_at_byte(m.end());
            if p.is_claimed(s, e) {
                continue;
            }
            hits.push(Hit::new(
                Kind::UnfilledTag,
                s,
                e,
                format!("Thẻ mẫu chưa được điền: {}", m.as_str()),
            ));
            p.claim(s, e);
        }
    }
    if let Some(name) = merge_field {
        if hits.is_empty() {
            // The field's shown result is the whole paragraph text, or nothing.
            let (s, e) = match (
                p.chars().next_non_space(0),
                p.chars().prev_non_space(p.chars().len()),
            ) {
                (Some(s), Some(e)) => (s, e + 1),
                _ => (0, 0),
            };
            hits.push(Hit::new(
                Kind::UnfilledTag,
                s,
                e,
                format!("Trường trộn thư chưa được điền: {name}"),
            ));
            p.claim(s, e);
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::PartKind;

    fn run(text: &str, merge: Option<&str>) -> Vec<Hit> {
        let mut p = Para::new(text.to_string(), false, PartKind::Body);
        find(&mut p, merge)
    }

    #[test]
    fn tag_styles() {
        for (text, tag) in [
            ("Kính gửi: {{ten_don_vi}}.", "{{ten_don_vi}}"),
            ("Tổng số {so_doan_vien} đoàn viên", "{so_doan_vien}"),
            ("{#ds}", "{#ds}"),
            ("Họ tên: «HoTen»", "«HoTen»"),
            ("Ngày <<ngay>>", "<<ngay>>"),
            ("{% for x in y %}", "{% for x in y %}"),
            ("Số ${so}", "${so}"),
        ] {
            let h = run(text, None);
            assert_eq!(h.len(), 1, "{text}");
            let c = Chars::new(text.to_string());
            assert_eq!(c.slice(h[0].start, h[0].end), tag);
            assert_eq!(h[0].kind, Kind::UnfilledTag);
        }
    }

    #[test]
    fn braces_in_prose_are_not_tags() {
        assert!(run("Công thức {0} và {1, 2}", None).is_empty());
        assert!(run("Nội dung bình thường.", None).is_empty());
    }

    #[test]
    fn merge_field_from_the_reader() {
        let h = run("  ", Some("HoTen"));
        assert_eq!(h.len(), 1);
        assert!(h[0].message.contains("HoTen"));
        // Shown as «HoTen»: one finding, not two.
        assert_eq!(run("«HoTen»", Some("HoTen")).len(), 1);
    }

    use crate::check::scan::Chars;
}
