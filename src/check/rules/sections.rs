//! Section paths and empty sections.
//!
//! **Empty section**: a numbered heading (a style's outline level alone is
//! not enough: styled paragraphs are often captions or names) that reads
//! like a title (see
//! [`Heading::is_title`]) followed directly — blank paragraphs aside — by a
//! heading of the same or a higher level ("1. Dự báo tình hình 5 năm tới"
//! then "2. Mục tiêu…"): the writer left the section to fill in. A heading
//! followed by its own sub-heading ("2." then "2.1.") is not empty, nor one
//! followed by a table (the table is its content). The last heading of the
//! body is not judged, since what follows it (a signature block) says
//! nothing about it.

use super::{Hit, PartKind};
use crate::check::headings::{heading, Heading, SectionPath};
use crate::check::model::{Kind, Paragraph};
use crate::check::text::Chars;

/// The section label of a paragraph outside the body.
fn part_label(part: PartKind) -> &'static str {
    match part {
        PartKind::Footnotes | PartKind::Endnotes => "Chú thích",
        PartKind::Header => "Đầu trang",
        PartKind::Footer => "Chân trang",
        PartKind::Body | PartKind::Other => "",
    }
}

/// Section paths for every paragraph, and the empty-section hits (by
/// paragraph position in `paras`).
pub fn analyse(paras: &[Paragraph], texts: &[&Chars]) -> (Vec<String>, Vec<(usize, Hit)>) {
    analyse_with(paras, texts, &mut |text, level| heading(text, level))
}

/// Like [`analyse`], with the heading of a text found by `heading_of` (which may remember them).
pub fn analyse_with(
    paras: &[Paragraph],
    texts: &[&Chars],
    heading_of: &mut dyn FnMut(&str, Option<u8>) -> Option<Heading>,
) -> (Vec<String>, Vec<(usize, Hit)>) {
    let parts: Vec<PartKind> = paras.iter().map(|p| PartKind::of(&p.part)).collect();
    let heads: Vec<Option<Heading>> = paras
        .iter()
        .zip(texts)
        .zip(&parts)
        .map(|((p, c), &k)| {
            if k == PartKind::Body && p.cell.is_none() {
                heading_of(&c.text, p.outline_level)
            } else {
                None
            }
        })
        .collect();
    let mut paths = Vec::with_capacity(paras.len());
    let mut path = SectionPath::default();
    for (i, &k) in parts.iter().enumerate() {
        if k != PartKind::Body {
            paths.push(part_label(k).to_string());
            continue;
        }
        if let Some(h) = &heads[i] {
            path.enter(h);
        }
        paths.push(path.path());
    }
    let mut hits = Vec::new();
    for (i, h) in heads.iter().enumerate() {
        let Some(h) = h else { continue };
        // "1)" numbers the items of a form, not sections.
        if !h.numbered || h.label.ends_with(')') && h.level == 2 || !h.is_title() {
            continue;
        }
        let next = (i + 1..paras.len()).find(|&j| {
            parts[j] == PartKind::Body
                && paras[j].part == paras[i].part
                && !texts[j].text.trim().is_empty()
        });
        let Some(j) = next else { continue };
        if paras[j].cell.is_some() {
            continue;
        }
        if let Some(nh) = &heads[j] {
            if nh.level <= h.level {
                let c = &texts[i];
                let s = c.next_non_space(0).unwrap_or(0);
                let e = c.prev_non_space(c.len()).map_or(0, |e| e + 1);
                let shown = c.slice(s, e).to_string();
                hits.push((
                    i,
                    Hit::new(
                        Kind::EmptySection,
                        s,
                        e,
                        format!("Mục trống: chưa có nội dung dưới đề mục “{shown}”"),
                    ),
                ));
            }
        }
    }
    (paths, hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse(ps: &[Paragraph], cs: &[Chars]) -> (Vec<String>, Vec<(usize, Hit)>) {
        let refs: Vec<&Chars> = cs.iter().collect();
        super::analyse(ps, &refs)
    }

    fn doc(texts: &[&str]) -> (Vec<Paragraph>, Vec<Chars>) {
        let ps: Vec<Paragraph> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Paragraph {
                part: "word/document.xml".into(),
                index: i,
                text: t.to_string(),
                cell: None,
                outline_level: None,
                merge_field: None,
            })
            .collect();
        let cs = texts.iter().map(|t| Chars::new(t.to_string())).collect();
        (ps, cs)
    }

    #[test]
    fn seed_empty_section() {
        let (ps, cs) = doc(&[
            "Phần thứ hai",
            "MỤC TIÊU, CHỈ TIÊU, CHƯƠNG TRÌNH ĐỘT PHÁ ",
            "I. Mục tiêu, chỉ tiêu, chương trình đột phá",
            "1. Dự báo tình hình 5 năm tới",
            "2. Mục tiêu, chỉ tiêu, chương trình đột phá",
            "2.1. Mục tiêu: ",
            "Tiếp tục đổi mới tổ chức và hoạt động công đoàn.",
        ]);
        let (paths, hits) = analyse(&ps, &cs);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].0, 3);
        assert!(hits[0].1.message.contains("1. Dự báo tình hình 5 năm tới"));
        assert_eq!(paths[3], "Phần thứ hai > I. > 1.");
        assert_eq!(paths[6], "Phần thứ hai > I. > 2. > 2.1.");
    }

    #[test]
    fn heading_then_higher_heading_and_blank_lines() {
        let (ps, cs) = doc(&[
            "1. Công tác nữ công",
            "1.1. Kết quả đạt được",
            "",
            "  ",
            "2. Tài chính",
            "- Thu, chi.",
        ]);
        let (_, hits) = analyse(&ps, &cs);
        assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn numbered_items_are_not_empty_sections() {
        let (ps, cs) = doc(&[
            "1.2- Hàng năm, có từ 90% Công đoàn cấp trên trực tiếp cơ sở và 85% công đoàn cơ sở được xếp loại “hoàn thành tốt nhiệm vụ” trở lên.",
            "1.3- Thành lập Ban Nữ công quần chúng tại 100% công đoàn cơ sở đủ điều kiện theo quy định.",
            "1.4- Phấn đấu thu tài chính công đoàn hàng năm đạt và vượt dự toán Tổng Liên đoàn giao.",
            "2. Tồn tại, hạn chế: Đánh giá những khó khăn, hạn chế, yếu kém, nguyên nhân trên từng lĩnh vực.",
            "3. Dự báo tình hình",
            "- Nội dung",
        ]);
        let (_, hits) = analyse(&ps, &cs);
        assert!(hits.is_empty(), "{hits:?}");
    }

    #[test]
    fn table_after_heading_is_content() {
        let (mut ps, cs) = doc(&["1. Kết quả thực hiện", "Chỉ tiêu", "2. Tồn tại"]);
        ps[1].cell = Some(crate::check::model::CellPos {
            table: 0,
            row: 0,
            col: 0,
        });
        assert!(analyse(&ps, &cs).1.is_empty());
    }

    #[test]
    fn footnotes_are_named() {
        let (mut ps, cs) = doc(&["I. Một", "Nội dung", "Chú thích"]);
        ps[2].part = "word/footnotes.xml".into();
        let (paths, _) = analyse(&ps, &cs);
        assert_eq!(paths, vec!["I.", "I.", "Chú thích"]);
    }
}
