//! Matching section tags and deciding what a section repeats.
//!
//! The rule users learn once:
//! - opening and closing tag in the same paragraph → the text between them repeats inline;
//! - each tag alone in its paragraph, both in the same container (the body,
//!   one table cell, one text box) → the paragraphs between repeat, and the
//!   two tag paragraphs disappear;
//! - opening tag in the first cell of a table row, closing tag in the last
//!   cell of the same or a later row → those rows repeat;
//! - anything else is an error that names these three placements.

use super::expr::TagKind;
use super::model::{ParaInfo, TagInfo};
use super::{Site, TemplateError};
use std::collections::{HashMap, HashSet};

/// What a section repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placement {
    Inline,
    Block,
    Row,
}

/// The decisions, keyed for the emitter.
#[derive(Debug, Default)]
pub(crate) struct Marks {
    /// Placement of every opening and closing section tag, by tag id.
    pub placement: HashMap<u32, Placement>,
    /// Paragraphs (element ids) that hold only a block section tag and disappear.
    pub dropped_paragraphs: HashSet<u32>,
    /// Rows (element ids) before which sections open, with the opening tag ids.
    pub row_open: HashMap<u32, Vec<u32>>,
    /// Rows (element ids) after which sections close, with the closing tag ids.
    pub row_close: HashMap<u32, Vec<u32>>,
    /// The opening tag id of each closing tag.
    pub opener: HashMap<u32, u32>,
}

const PLACEMENTS: &str = "Cách đặt đúng: (1) thẻ mở và thẻ đóng trong cùng một đoạn — phần giữa lặp lại trong đoạn; \
(2) mỗi thẻ đứng riêng một đoạn, cùng trong thân văn bản hoặc cùng một ô bảng — các đoạn ở giữa lặp lại; \
(3) thẻ mở ở ô đầu của một hàng bảng, thẻ đóng ở ô cuối của hàng đó hoặc một hàng sau — các hàng lặp lại.";

/// How deeply sections may nest. Templates nest a few levels; past this the
/// template is refused, so that no reading of it grows with the square of
/// the nesting.
pub const MAX_SECTION_DEPTH: usize = 32;

/// Matches every section and decides its placement; all errors at once.
pub(crate) fn place(
    tags: &[TagInfo],
    paras: &[ParaInfo],
    sites: &[Site],
) -> Result<Marks, Vec<TemplateError>> {
    let mut marks = Marks::default();
    let mut errors = Vec::new();
    let mut stack: Vec<u32> = Vec::new();
    let site = |id: u32| &sites[tags[id as usize].site as usize];
    for (id, tag) in tags.iter().enumerate() {
        let id = id as u32;
        match &tag.kind {
            TagKind::Open { .. } if stack.len() >= MAX_SECTION_DEPTH => {
                errors.push(TemplateError::at(
                    site(id),
                    "section-too-deep",
                    format!(
                        "{} mở mục lồng quá {MAX_SECTION_DEPTH} cấp (giới hạn của vanban): hãy đóng bớt các mục trước khi mở mục mới",
                        site(id).tag_text
                    ),
                ));
                return Err(errors);
            }
            TagKind::Open { .. } => stack.push(id),
            TagKind::Close { path } => {
                let Some(open) = stack.pop() else {
                    errors.push(TemplateError::at(
                        site(id),
                        "unopened-section",
                        format!("{} đóng một mục chưa được mở: thêm {{{{#{path}}}}} ở trước, hoặc xoá thẻ này", site(id).tag_text),
                    ));
                    continue;
                };
                let TagKind::Open {
                    path: open_path, ..
                } = &tags[open as usize].kind
                else {
                    continue;
                };
                if open_path != path {
                    errors.push(TemplateError::at(
                        site(id),
                        "mismatched-section",
                        format!(
                            "{} không khớp với thẻ mở {} (đoạn {}): các mục phải đóng theo thứ tự ngược với khi mở",
                            site(id).tag_text,
                            site(open).tag_text,
                            site(open).paragraph_index + 1
                        ),
                    ));
                    stack.push(open);
                    continue;
                }
                match placement(&tags[open as usize], &tags[id as usize], paras) {
                    Some(p) => record(&mut marks, p, open, id, tags, paras),
                    None => errors.push(TemplateError::at(
                        site(open),
                        "misplaced-section",
                        format!(
                            "mục {} … {} (đoạn {} đến đoạn {}) đặt sai chỗ. {PLACEMENTS}",
                            site(open).tag_text,
                            site(id).tag_text,
                            site(open).paragraph_index + 1,
                            site(id).paragraph_index + 1
                        ),
                    )),
                }
            }
            TagKind::Value(_) => {}
        }
    }
    for open in stack {
        errors.push(TemplateError::at(
            site(open),
            "unclosed-section",
            format!(
                "{} chưa được đóng: thêm thẻ đóng {{{{/{}}}}}",
                site(open).tag_text,
                match &tags[open as usize].kind {
                    TagKind::Open { path, .. } => path.to_string(),
                    _ => String::new(),
                }
            ),
        ));
    }
    if errors.is_empty() {
        Ok(marks)
    } else {
        Err(errors)
    }
}

fn placement(open: &TagInfo, close: &TagInfo, paras: &[ParaInfo]) -> Option<Placement> {
    if open.para == close.para {
        return Some(Placement::Inline);
    }
    let (po, pc) = (&paras[open.para], &paras[close.para]);
    if open.alone && close.alone && po.container == pc.container {
        return Some(Placement::Block);
    }
    let (co, cc) = (po.cell?, pc.cell?);
    (co.table == cc.table && co.first && cc.last && cc.row_index >= co.row_index)
        .then_some(Placement::Row)
}

fn record(
    marks: &mut Marks,
    p: Placement,
    open: u32,
    close: u32,
    tags: &[TagInfo],
    paras: &[ParaInfo],
) {
    marks.placement.insert(open, p);
    marks.placement.insert(close, p);
    marks.opener.insert(close, open);
    let (po, pc) = (
        &paras[tags[open as usize].para],
        &paras[tags[close as usize].para],
    );
    match p {
        Placement::Inline => {}
        Placement::Block => {
            marks.dropped_paragraphs.insert(po.elem);
            marks.dropped_paragraphs.insert(pc.elem);
        }
        Placement::Row => {
            if let (Some(co), Some(cc)) = (po.cell, pc.cell) {
                marks.row_open.entry(co.row).or_default().push(open);
                marks.row_close.entry(cc.row).or_default().push(close);
            }
        }
    }
}
