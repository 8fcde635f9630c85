//! `font` and `font-size`: what each run of text is shown in, worked out
//! through the styles ([`super::styles`]).
//!
//! - **font**: "Phông chữ tiếng Việt Times New Roman" (NĐ 30/2020, Phụ lục
//!   I, mục I.4), for every run holding a letter or digit in the main
//!   document, its headers and footers, footnotes and endnotes. A run whose
//!   font no level names (no run, style or default font) is not judged:
//!   which font the reader's program then picks is not in the document.
//! - **font-size**: the sizes of Phụ lục I, part II and its "Mẫu chữ" table,
//!   for the parts the rules can tell apart:
//!   the Quốc hiệu 12–13pt (II.1a), the Tiêu ngữ 13–14pt (II.1b), the
//!   number line 13pt (II.3c), "V/v …" of a công văn 12–13pt (II.5b), the
//!   "Nơi nhận:" label 12pt and its list 11pt (II.9d), and every other
//!   paragraph of the main document outside tables (the body, title,
//!   "Kính gửi", the date line when it is not in the header table)
//!   13–14pt (II.6e and the sizes of 4, 5a, 6, 7, 9a). Other paragraphs in
//!   tables (tables of figures, the issuing body's name) are not judged:
//!   the decree gives them no size. Sizes are whole or half points as Word
//!   stores them; a run with no size anywhere is Word's default 10pt.
//!
//! Each font or size off the rule is one finding, on the first paragraph
//! that has it, counting the paragraphs that do.

use std::collections::BTreeMap;

use super::ending::Ending;
use super::opening::Facts;
use super::{whole, Doc, FormatRule};
use crate::check::rules::{Hit, PartKind};
use crate::text::quote;

const TIMES: &str = "Times New Roman";

/// Word's size when nothing sets one: 10pt.
const DEFAULT_HALF_POINTS: u32 = 20;

pub fn hits(doc: &Doc, facts: &Facts, ending: &Ending) -> Vec<(usize, Hit)> {
    let mut out = font(doc);
    out.extend(size(doc, facts, ending));
    out
}

fn font(doc: &Doc) -> Vec<(usize, Hit)> {
    let mut seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for i in 0..doc.paragraphs.len() {
        if PartKind::of(&doc.paragraphs[i].part) == PartKind::Other {
            continue;
        }
        let mut here: Vec<&str> = doc
            .runs(i)
            .iter()
            .filter(|r| r.visible)
            .filter_map(|r| r.font.as_deref())
            .filter(|f| !f.trim().eq_ignore_ascii_case(TIMES))
            .collect();
        here.sort_unstable();
        here.dedup();
        for f in here {
            seen.entry(f.to_string()).or_insert((i, 0)).1 += 1;
        }
    }
    let mut out: Vec<(usize, Hit)> = seen
        .into_iter()
        .map(|(f, (first, count))| {
            whole(
                doc,
                first,
                FormatRule::Font,
                format!(
                    "Phông chữ phải là Times New Roman (Nghị định 30/2020/NĐ-CP); văn bản dùng phông «{}» ở {count} đoạn, đoạn đầu tiên ở đây.",
                    quote(&f)
                ),
            )
        })
        .collect();
    out.sort_by_key(|(i, _)| *i);
    out
}

/// A part of the document with a size of its own: its name and the sizes
/// allowed, in half-points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Part {
    name: &'static str,
    low: u32,
    high: u32,
}

const QUOC_HIEU: Part = Part {
    name: "Quốc hiệu",
    low: 24,
    high: 26,
};
const TIEU_NGU: Part = Part {
    name: "Tiêu ngữ",
    low: 26,
    high: 28,
};
const NUMBER: Part = Part {
    name: "số, ký hiệu",
    low: 26,
    high: 26,
};
const VV: Part = Part {
    name: "trích yếu «V/v» của công văn",
    low: 24,
    high: 26,
};
const NOI_NHAN: Part = Part {
    name: "chữ «Nơi nhận:»",
    low: 24,
    high: 24,
};
const NOI_NHAN_LIST: Part = Part {
    name: "danh sách nơi nhận",
    low: 22,
    high: 22,
};
const BODY: Part = Part {
    name: "nội dung văn bản",
    low: 26,
    high: 28,
};

fn part_of(doc: &Doc, i: usize, facts: &Facts, ending: &Ending) -> Option<Part> {
    let p = &doc.paragraphs[i];
    let text = p.text.trim_start();
    if facts.quoc_hieu_lines.contains(&i) && !facts.tieu_ngu_lines.contains(&i) {
        return Some(QUOC_HIEU);
    }
    if facts.tieu_ngu_lines.contains(&i) && !facts.quoc_hieu_lines.contains(&i) {
        return Some(TIEU_NGU);
    }
    if facts.number_lines.contains(&i) && !facts.date_lines.contains(&i) {
        return Some(NUMBER);
    }
    if text.starts_with("V/v") {
        return Some(VV);
    }
    if ending.noi_nhan == Some(i) {
        return (!text.contains('\n')).then_some(NOI_NHAN);
    }
    if ending.items.contains(&i) {
        return Some(NOI_NHAN_LIST);
    }
    (doc.in_body(i) && p.cell.is_none()).then_some(BODY)
}

fn show(half_points: u32) -> String {
    if half_points % 2 == 0 {
        (half_points / 2).to_string()
    } else {
        format!("{},5", half_points / 2)
    }
}

fn size(doc: &Doc, facts: &Facts, ending: &Ending) -> Vec<(usize, Hit)> {
    let mut seen: BTreeMap<(Part, u32), (usize, usize)> = BTreeMap::new();
    for i in doc.body() {
        let Some(part) = part_of(doc, i, facts, ending) else {
            continue;
        };
        let mut here: Vec<u32> = doc
            .runs(i)
            .iter()
            .filter(|r| r.visible)
            .map(|r| r.size.unwrap_or(DEFAULT_HALF_POINTS))
            .filter(|s| !(part.low..=part.high).contains(s))
            .collect();
        here.sort_unstable();
        here.dedup();
        for s in here {
            seen.entry((part, s)).or_insert((i, 0)).1 += 1;
        }
    }
    let mut out: Vec<(usize, Hit)> = seen
        .into_iter()
        .map(|((part, s), (first, count))| {
            let want = if part.low == part.high {
                show(part.low)
            } else {
                format!("từ {} đến {}", show(part.low), show(part.high))
            };
            whole(
                doc,
                first,
                FormatRule::FontSize,
                format!(
                    "Cỡ chữ của {} phải là {want} (Nghị định 30/2020/NĐ-CP); văn bản dùng cỡ {} ở {count} đoạn, đoạn đầu tiên ở đây.",
                    part.name,
                    show(s)
                ),
            )
        })
        .collect();
    out.sort_by_key(|(i, _)| *i);
    out
}
