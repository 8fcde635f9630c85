//! Gap checker: finds figures and text a draft still waits for.
//!
//! [`check_paragraphs`] runs the rules of [`rules`] over the paragraphs of one
//! document (body first, then headers, footers, footnotes and endnotes, as the
//! reader gives them) and returns [`Finding`]s; [`report`] turns them into
//! JSON or text for people. Each rule module documents what it looks for and
//! why.

pub mod annotate;
pub mod headings;
pub mod model;
pub mod options;
pub mod read;
pub mod report;
pub mod rules;
pub mod text;

pub use model::{CellPos, Finding, Kind, Paragraph, Severity};
pub use options::CheckOptions;
pub use report::{summary, summary_line, to_json, to_text, Summary};

use std::collections::HashMap;

use rules::figures::CellRead;
use rules::{blank, ellipsis, figures, issuance, markers, sections, tags, Hit, Para, PartKind};
use text::{nfc, Chars};

/// Remembers what the paragraph-by-paragraph rules found in each paragraph
/// text, so that checking many documents made from one template reads each
/// repeated paragraph once. Use one per thread and the same options with it.
#[derive(Debug, Default)]
pub struct LocalCache {
    hits: HashMap<LocalKey, Vec<Hit>>,
    headings: HashMap<(String, Option<u8>), Option<headings::Heading>>,
}

type LocalKey = (String, bool, PartKind, Option<String>);

/// Entries kept at most; past that the cache starts again, so memory stays flat.
const LOCAL_CACHE_LIMIT: usize = 50_000;

/// Checks the paragraphs of one document. Findings come sorted by part (in
/// the order the parts first appear), paragraph index and start offset.
pub fn check_paragraphs(paragraphs: &[Paragraph], options: &CheckOptions) -> Vec<Finding> {
    check_paragraphs_with(paragraphs, options, &mut LocalCache::default())
}

/// Like [`check_paragraphs`], reusing what `cache` remembers.
pub fn check_paragraphs_with(
    paragraphs: &[Paragraph],
    options: &CheckOptions,
    cache: &mut LocalCache,
) -> Vec<Finding> {
    let mut paras: Vec<Para> = paragraphs
        .iter()
        .map(|p| Para::new(nfc(&p.text), p.cell.is_some(), PartKind::of(&p.part)))
        .collect();
    let todo = markers::Markers::new(&options.todo_markers);
    let mut raw: Vec<(usize, Hit)> = Vec::new();
    if cache.hits.len() > LOCAL_CACHE_LIMIT || cache.headings.len() > LOCAL_CACHE_LIMIT {
        cache.hits.clear();
        cache.headings.clear();
    }
    for (i, (p, para)) in paragraphs.iter().zip(paras.iter_mut()).enumerate() {
        let key = (
            para.text.clone(),
            p.cell.is_some(),
            PartKind::of(&p.part),
            p.merge_field.clone(),
        );
        let hits = cache.hits.entry(key).or_insert_with(|| {
            let mut hits = issuance::find(para);
            hits.extend(tags::find(para, p.merge_field.as_deref()));
            hits.extend(markers::find(para, &todo));
            hits.extend(blank::find(para));
            hits.extend(ellipsis::find(para));
            if options.kinds.contains(&Kind::FigureMismatch) {
                hits.extend(figures::in_paragraph(para));
            }
            hits
        });
        raw.extend(hits.iter().cloned().map(|h| (i, h)));
    }
    let texts: Vec<&Chars> = paras.iter().map(|p| p.chars()).collect();
    if options.kinds.contains(&Kind::FigureMismatch) {
        let reads: Vec<Option<CellRead>> = paragraphs
            .iter()
            .zip(&paras)
            .map(|(p, para)| p.cell.map(|_| CellRead::of(para.text.trim())))
            .collect();
        let mut parts: Vec<&str> = Vec::new();
        for p in paragraphs {
            if !parts.contains(&p.part.as_str()) {
                parts.push(&p.part);
            }
        }
        for part in parts {
            let cells: Vec<figures::Cell> = paragraphs
                .iter()
                .enumerate()
                .filter(|(_, p)| p.part == part)
                .filter_map(|(i, p)| {
                    let (pos, read) = p.cell.zip(reads[i].as_ref())?;
                    Some(figures::Cell {
                        para: i,
                        pos,
                        text: &paras[i].text,
                        read,
                    })
                })
                .collect();
            raw.extend(figures::in_tables(&cells));
        }
    }
    let (paths, empty) = sections::analyse_with(paragraphs, &texts, &mut |text, level| {
        cache
            .headings
            .entry((text.to_string(), level))
            .or_insert_with(|| headings::heading(text, level))
            .clone()
    });
    raw.extend(empty);

    let mut part_order: Vec<&str> = Vec::new();
    for p in paragraphs {
        if !part_order.contains(&p.part.as_str()) {
            part_order.push(&p.part);
        }
    }
    let mut keyed: Vec<((usize, usize, usize, usize), Finding)> = raw
        .into_iter()
        .filter(|(_, h)| options.kinds.contains(&h.kind))
        .enumerate()
        .map(|(n, (i, h))| {
            let p = &paragraphs[i];
            let c = texts[i];
            let part_rank = part_order.iter().position(|q| *q == p.part).unwrap_or(0);
            let f = Finding {
                kind: h.kind,
                severity: options::severity_of(h.kind),
                part: p.part.clone(),
                paragraph_index: p.index,
                paragraph_text: c.text.clone(),
                start: h.start,
                end: h.end,
                matched: c.slice(h.start, h.end).to_string(),
                section: paths[i].clone(),
                message: h.message,
            };
            ((part_rank, p.index, h.start, n), f)
        })
        .collect();
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, f)| f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn para(part: &str, index: usize, text: &str) -> Paragraph {
        Paragraph {
            part: part.to_string(),
            index,
            text: text.to_string(),
            cell: None,
            outline_level: None,
            merge_field: None,
        }
    }

    fn body(texts: &[&str]) -> Vec<Paragraph> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| para("word/document.xml", i, t))
            .collect()
    }

    #[test]
    fn every_kind_end_to_end() {
        let mut ps = body(&[
            "Số:      /BC-LĐLĐ",
            "Đắk Lắk, ngày    tháng    năm 2024",
            "I. KẾT QUẢ",
            "1. Dự báo tình hình 5 năm tới",
            "2. Công tác tập hợp",
            "Số doanh nghiệp giải thể là …. doanh nghiệp. (Bổ sung số liệu)",
            "Kính gửi:……………………",
            "Đơn vị {{ten_don_vi}} có 35/40 cơ sở, đạt tỷ lệ 90%.",
        ]);
        ps.push(para("word/footnotes.xml", 0, " Năm 2018: chiếm ...%."));
        let f = check_paragraphs(&ps, &CheckOptions::default());
        let kinds: Vec<(Kind, usize)> = f.iter().map(|f| (f.kind, f.paragraph_index)).collect();
        assert_eq!(
            kinds,
            vec![
                (Kind::IssuanceBlank, 0),
                (Kind::IssuanceBlank, 1),
                (Kind::EmptySection, 3),
                (Kind::MissingFigure, 5),
                (Kind::TodoMarker, 5),
                (Kind::BlankField, 6),
                (Kind::UnfilledTag, 7),
                (Kind::FigureMismatch, 7),
                (Kind::MissingFigure, 0),
            ]
        );
        assert_eq!(f[3].section, "I. > 2.");
        assert_eq!(f[3].matched, "….");
        assert_eq!(f[3].message, "Thiếu số liệu: số doanh nghiệp");
        assert_eq!(f[3].severity, Severity::Error);
        assert_eq!(f[2].severity, Severity::Warning);
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(f[8].part, "word/footnotes.xml");
        assert_eq!(f[8].section, "Chú thích");
    }

    #[test]
    fn options_filter_kinds() {
        let ps = body(&["là …. doanh nghiệp (Bổ sung số liệu)"]);
        let o = CheckOptions::from_rules("todo-marker").unwrap();
        let f = check_paragraphs(&ps, &o);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Kind::TodoMarker);
    }

    #[test]
    fn nfd_input_gives_nfc_offsets() {
        let nfd: String = "Tổng số người tham gia là …. người".nfd().collect();
        let ps = body(&[nfd.as_str()]);
        let f = check_paragraphs(&ps, &CheckOptions::default());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].paragraph_text, "Tổng số người tham gia là …. người");
        assert_eq!(f[0].matched, "….");
        assert_eq!((f[0].start, f[0].end), (26, 28));
    }

    #[test]
    fn figures_across_a_table_row() {
        let mut ps = Vec::new();
        for (i, t) in [
            "Chỉ tiêu",
            "Thực hiện",
            "Kế hoạch",
            "%",
            "Hội nghị",
            "96",
            "120",
            "85%",
        ]
        .iter()
        .enumerate()
        {
            let mut p = para("word/document.xml", i, t);
            p.cell = Some(CellPos {
                table: 0,
                row: i / 4,
                col: i % 4,
            });
            ps.push(p);
        }
        let f = check_paragraphs(&ps, &CheckOptions::default());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].kind, Kind::FigureMismatch);
        assert_eq!(f[0].paragraph_index, 7);
        assert_eq!(f[0].matched, "85%");
    }

    #[test]
    fn parts_keep_their_order() {
        let ps = vec![
            para("word/document.xml", 0, "có …. người"),
            para("word/header1.xml", 0, "có …. người"),
            para("word/footnotes.xml", 0, "có …. người"),
        ];
        let f = check_paragraphs(&ps, &CheckOptions::default());
        let parts: Vec<&str> = f.iter().map(|f| f.part.as_str()).collect();
        assert_eq!(
            parts,
            vec![
                "word/document.xml",
                "word/header1.xml",
                "word/footnotes.xml"
            ]
        );
    }
}
