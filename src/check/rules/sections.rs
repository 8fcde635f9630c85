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

use super::{Hit, Para, PartKind};
use crate::check::headings::{heading, Heading, SectionPath};
use crate::check::model::{Kind, Paragraph};
use crate::text::{NoteKind, NoteRef};
use std::collections::HashMap;

/// The section of a body paragraph before the first heading (the document's
/// opening: agency, number, title, "Kính gửi").
pub const BEFORE_HEADINGS: &str = "Đầu văn bản";

/// The section of a paragraph in a body without numbered headings (a form,
/// a letter).
pub const NO_HEADINGS: &str = "Toàn văn bản";

/// The section label of a paragraph outside the body; `note` is the number
/// Word shows for the footnote or endnote holding it, when known.
fn part_label(part: PartKind, note: Option<usize>) -> String {
    match (part, note) {
        (PartKind::Footnotes, Some(n)) => format!("Chú thích {n}"),
        (PartKind::Endnotes, Some(n)) => format!("Chú thích cuối văn bản {}", roman(n)),
        (PartKind::Footnotes | PartKind::Endnotes, None) => "Chú thích".to_string(),
        (PartKind::Header, _) => "Đầu trang".to_string(),
        (PartKind::Footer, _) => "Chân trang".to_string(),
        (PartKind::Body | PartKind::Other, _) => String::new(),
    }
}

/// `n` in lower-case Roman numerals, as Word numbers endnotes: 4 → "iv".
fn roman(mut n: usize) -> String {
    const DIGITS: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// The number Word shows for each footnote and endnote: notes of each kind
/// are numbered 1, 2, 3… in the order the body first refers to them.
pub fn note_numbers(paragraphs: &[Paragraph]) -> HashMap<NoteRef, usize> {
    let mut numbers = HashMap::new();
    let mut counts = [0usize; 2];
    for r in paragraphs.iter().flat_map(|p| &p.note_refs) {
        numbers.entry(*r).or_insert_with(|| {
            let count = &mut counts[(r.kind == NoteKind::Endnote) as usize];
            *count += 1;
            *count
        });
    }
    numbers
}

/// The number Word shows for the note holding paragraph `p`, if any.
pub fn note_number(p: &Paragraph, numbers: &HashMap<NoteRef, usize>) -> Option<usize> {
    let kind = match PartKind::of(&p.part) {
        PartKind::Footnotes => NoteKind::Footnote,
        PartKind::Endnotes => NoteKind::Endnote,
        _ => return None,
    };
    numbers.get(&NoteRef { kind, id: p.note? }).copied()
}

/// What the section rules need from one paragraph's text, found once per
/// text and setting.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// The heading the paragraph opens.
    pub heading: Option<Heading>,
    /// The empty-section hit, reported when the heading turns out to have
    /// nothing under it; `None` for headings that are never judged.
    pub empty: Option<Hit>,
    /// True when the text is nothing but spaces.
    pub blank: bool,
}

impl Outline {
    /// The outline of a paragraph; `in_flow` is true for body paragraphs
    /// outside tables, the only ones that can be headings.
    pub fn of(p: &Para, in_flow: bool, outline_level: Option<u8>) -> Outline {
        let heading = if in_flow {
            heading(&p.text, outline_level)
        } else {
            None
        };
        let empty = heading.as_ref().filter(|h| judged(h)).map(|_| {
            let c = p.chars();
            let s = c.next_non_space(0).unwrap_or(0);
            let e = c.prev_non_space(c.len()).map_or(0, |e| e + 1);
            let shown = c.slice(s, e);
            Hit::new(
                Kind::EmptySection,
                s,
                e,
                format!("Mục trống: chưa có nội dung dưới đề mục “{shown}”"),
            )
        });
        Outline {
            heading,
            empty,
            blank: p.text.trim().is_empty(),
        }
    }
}

/// True for a heading whose section may be reported empty: numbered, not a
/// "1)" item of a form, and reading like a title.
fn judged(h: &Heading) -> bool {
    h.numbered && !(h.label.ends_with(')') && h.level == 2) && h.is_title()
}

/// One paragraph of a document, in order, as the section rules see it.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// Which part the paragraph is in: equal numbers, same part.
    pub part: usize,
    pub kind: PartKind,
    pub in_cell: bool,
    pub outline: &'a Outline,
    /// The number Word shows for the footnote or endnote holding the
    /// paragraph.
    pub note: Option<usize>,
}

/// The empty-section hits, by paragraph position in `places`.
pub fn empty_sections<'a>(places: &[Place<'a>]) -> Vec<(usize, &'a Hit)> {
    let mut hits = Vec::new();
    for (i, p) in places.iter().enumerate() {
        let (Some(h), Some(hit)) = (&p.outline.heading, &p.outline.empty) else {
            continue;
        };
        let next = places[i + 1..]
            .iter()
            .find(|q| q.kind == PartKind::Body && q.part == p.part && !q.outline.blank);
        let Some(q) = next else { continue };
        if q.in_cell {
            continue;
        }
        if q.outline
            .heading
            .as_ref()
            .is_some_and(|nh| nh.level <= h.level)
        {
            hits.push((i, hit));
        }
    }
    hits
}

/// The section paths of the paragraphs at `wanted` (positions in `places`,
/// ascending), in that order.
///
/// A body paragraph under no heading still gets a place: [`BEFORE_HEADINGS`]
/// before the first heading, [`NO_HEADINGS`] in a body without headings.
pub fn paths(places: &[Place], wanted: &[usize]) -> Vec<String> {
    let headed = places
        .iter()
        .any(|p| p.kind == PartKind::Body && p.outline.heading.is_some());
    let mut out = Vec::with_capacity(wanted.len());
    let mut path = SectionPath::default();
    let mut walked = 0;
    for &i in wanted {
        for h in places[walked..=i]
            .iter()
            .filter_map(|p| p.outline.heading.as_ref())
        {
            path.enter(h);
        }
        walked = walked.max(i + 1);
        out.push(match places[i].kind {
            PartKind::Body => match path.path() {
                p if !p.is_empty() => p,
                _ if headed => BEFORE_HEADINGS.to_string(),
                _ => NO_HEADINGS.to_string(),
            },
            k => part_label(k, places[i].note),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph for the tests: text, part, in a table cell.
    type Row<'a> = (&'a str, PartKind, bool);

    /// The section path of every row and the empty-section hits.
    fn analyse(rows: &[Row]) -> (Vec<String>, Vec<(usize, Hit)>) {
        let outlines: Vec<Outline> = rows
            .iter()
            .map(|&(t, k, cell)| {
                Outline::of(
                    &Para::new(t.to_string(), cell, k),
                    k == PartKind::Body && !cell,
                    None,
                )
            })
            .collect();
        let places: Vec<Place> = rows
            .iter()
            .zip(&outlines)
            .map(|(&(_, kind, in_cell), outline)| Place {
                note: None,
                part: kind as usize,
                kind,
                in_cell,
                outline,
            })
            .collect();
        let all: Vec<usize> = (0..rows.len()).collect();
        let hits = empty_sections(&places)
            .into_iter()
            .map(|(i, h)| (i, h.clone()))
            .collect();
        (paths(&places, &all), hits)
    }

    fn doc<'a>(texts: &[&'a str]) -> Vec<Row<'a>> {
        texts.iter().map(|&t| (t, PartKind::Body, false)).collect()
    }

    #[test]
    fn seed_empty_section() {
        let rows = doc(&[
            "Phần thứ hai",
            "MỤC TIÊU, CHỈ TIÊU, CHƯƠNG TRÌNH ĐỘT PHÁ ",
            "I. Mục tiêu, chỉ tiêu, chương trình đột phá",
            "1. Dự báo tình hình 5 năm tới",
            "2. Mục tiêu, chỉ tiêu, chương trình đột phá",
            "2.1. Mục tiêu: ",
            "Tiếp tục đổi mới tổ chức và hoạt động công đoàn.",
        ]);
        let (paths, hits) = analyse(&rows);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].0, 3);
        assert!(hits[0].1.message.contains("1. Dự báo tình hình 5 năm tới"));
        assert_eq!(paths[3], "Phần thứ hai > I. > 1.");
        assert_eq!(paths[6], "Phần thứ hai > I. > 2. > 2.1.");
    }

    #[test]
    fn heading_then_higher_heading_and_blank_lines() {
        let rows = doc(&[
            "1. Công tác nữ công",
            "1.1. Kết quả đạt được",
            "",
            "  ",
            "2. Tài chính",
            "- Thu, chi.",
        ]);
        let (_, hits) = analyse(&rows);
        assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn numbered_items_are_not_empty_sections() {
        let rows = doc(&[
            "1.2- Hàng năm, có từ 90% Công đoàn cấp trên trực tiếp cơ sở và 85% công đoàn cơ sở được xếp loại “hoàn thành tốt nhiệm vụ” trở lên.",
            "1.3- Thành lập Ban Nữ công quần chúng tại 100% công đoàn cơ sở đủ điều kiện theo quy định.",
            "1.4- Phấn đấu thu tài chính công đoàn hàng năm đạt và vượt dự toán Tổng Liên đoàn giao.",
            "2. Tồn tại, hạn chế: Đánh giá những khó khăn, hạn chế, yếu kém, nguyên nhân trên từng lĩnh vực.",
            "3. Dự báo tình hình",
            "- Nội dung",
        ]);
        let (_, hits) = analyse(&rows);
        assert!(hits.is_empty(), "{hits:?}");
    }

    #[test]
    fn table_after_heading_is_content() {
        let mut rows = doc(&["1. Kết quả thực hiện", "Chỉ tiêu", "2. Tồn tại"]);
        rows[1].2 = true;
        assert!(analyse(&rows).1.is_empty());
    }

    #[test]
    fn footnotes_are_named() {
        let mut rows = doc(&["I. Một", "Nội dung", "Chú thích"]);
        rows[2].1 = PartKind::Footnotes;
        let (paths, _) = analyse(&rows);
        assert_eq!(paths, vec!["I.", "I.", "Chú thích"]);
    }

    #[test]
    fn body_paragraphs_under_no_heading_still_have_a_place() {
        let (paths, _) = analyse(&doc(&["Kính gửi: …", "I. Một", "Nội dung"]));
        assert_eq!(paths, vec![BEFORE_HEADINGS, "I.", "I."]);
        let (paths, _) = analyse(&doc(&["TỜ KHAI", "Họ và tên: ……"]));
        assert_eq!(paths, vec![NO_HEADINGS, NO_HEADINGS]);
    }

    #[test]
    fn paths_of_some_paragraphs() {
        let rows = doc(&["I. Một", "Nội dung", "1. Hai", "Nội dung"]);
        let outlines: Vec<Outline> = rows
            .iter()
            .map(|&(t, _, _)| {
                Outline::of(&Para::new(t.to_string(), false, PartKind::Body), true, None)
            })
            .collect();
        let places: Vec<Place> = outlines
            .iter()
            .map(|outline| Place {
                note: None,
                part: 0,
                kind: PartKind::Body,
                in_cell: false,
                outline,
            })
            .collect();
        assert_eq!(paths(&places, &[1, 1, 3]), vec!["I.", "I.", "I. > 1."]);
    }
}
