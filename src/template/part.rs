//! Compiling one story part: its tags found over the runs, matched into
//! sections, and the part emitted as chunks.

use super::emit::{EmitOptions, Emitted};
use super::expr::{parse_tag, TagKind};
use super::filters::Filter;
use super::lexer::{lex, LexProblem};
use super::model::{CellInfo, ParaInfo, TagInfo};
use super::{emit, mergefield, place, Site, TemplateError};
use crate::error::{Error, Result};
use crate::package::Package;
use crate::text::{ParagraphText, Source};
use crate::xml::{self, escape_text, set_attr, unescape, Element, Node, Tag};
use std::sync::Arc;

/// A compiled story part and what it uses.
pub(super) struct PartOut {
    pub(super) emitted: Emitted,
    pub(super) tags: Vec<(TagKind, u32)>,
    pub(super) uses_chu_thich: bool,
}

/// A story part read as an element tree.
pub(super) fn parse_part(package: &Package, part: &str) -> Result<xml::Document> {
    let bytes = package.read_part(part)?;
    xml::parse(&bytes).map_err(|e| Error::BadPart {
        path: package.path().to_path_buf(),
        part: part.to_string(),
        detail: e.to_string(),
    })
}

/// Whether a tag is a value written with `filter`.
pub(super) fn uses_filter(kind: &TagKind, filter: Filter) -> bool {
    matches!(kind, TagKind::Value(v) if v.filters.iter().any(|f| f.filter == filter))
}

/// Compiles one story part: finds its tags over the runs, places its
/// sections and emits its chunks.
pub(super) struct PartCompiler<'a> {
    part: &'a str,
    sites: &'a mut Vec<Site>,
    paras: Vec<ParaInfo>,
    tags: Vec<TagInfo>,
    errors: Vec<TemplateError>,
    paragraph_index: usize,
    tables: Vec<TableCtx>,
}

struct TableCtx {
    id: u32,
    row: Option<(u32, usize)>,
    cells: Vec<u32>,
    cell: Option<u32>,
}

impl<'a> PartCompiler<'a> {
    pub(super) fn new(part: &'a str, sites: &'a mut Vec<Site>) -> Self {
        PartCompiler {
            part,
            sites,
            paras: Vec::new(),
            tags: Vec::new(),
            errors: Vec::new(),
            paragraph_index: 0,
            tables: Vec::new(),
        }
    }

    /// `Ok(None)` when the part has no tags (and `force` is off): it is copied as it is.
    pub(super) fn compile(
        mut self,
        mut doc: xml::Document,
        options: EmitOptions,
        force: bool,
    ) -> Result<Option<PartOut>, Vec<TemplateError>> {
        let Some(root) = doc.root_mut() else {
            return Ok(None);
        };
        mergefield::convert(root);
        if options.split_footnotes {
            // `<w:footnotes/>` must open and close, so footnotes can go inside.
            root.empty = false;
        }
        let root_id = root.id;
        self.visit(root, root_id);
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        if self.tags.is_empty() && !force {
            return Ok(None);
        }
        let marks = place::place(&self.tags, &self.paras, self.sites)?;
        let emitted = emit::emit(&doc, &self.tags, &marks, self.sites, options)?;
        let tags: Vec<(TagKind, u32)> =
            self.tags.iter().map(|t| (t.kind.clone(), t.site)).collect();
        let uses_chu_thich = tags.iter().any(|(k, _)| uses_filter(k, Filter::ChuThich));
        Ok(Some(PartOut {
            emitted,
            tags,
            uses_chu_thich,
        }))
    }

    fn visit(&mut self, e: &mut Element, parent: u32) {
        match e.tag {
            Tag::Tbl => {
                self.tables.push(TableCtx {
                    id: e.id,
                    row: None,
                    cells: Vec::new(),
                    cell: None,
                });
                self.visit_children(e);
                self.tables.pop();
                return;
            }
            Tag::Tr => {
                if let Some(t) = self.tables.last_mut() {
                    let index = t.row.map_or(0, |(_, i)| i + 1);
                    t.row = Some((e.id, index));
                    t.cells = e
                        .elements()
                        .filter(|c| c.tag == Tag::Tc)
                        .map(|c| c.id)
                        .collect();
                }
            }
            Tag::Tc => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(e.id);
                }
            }
            Tag::P => {
                self.paragraph(e, parent);
                self.paragraph_index += 1;
            }
            _ => {}
        }
        self.visit_children(e);
    }

    fn visit_children(&mut self, e: &mut Element) {
        let id = e.id;
        for child in e.children.iter_mut() {
            if let Node::Element(c) = child {
                self.visit(c, id);
            }
        }
    }

    fn cell_info(&self) -> Option<CellInfo> {
        let t = self.tables.last()?;
        let (row, row_index) = t.row?;
        let cell = t.cell?;
        Some(CellInfo {
            table: t.id,
            row,
            row_index,
            first: t.cells.first() == Some(&cell),
            last: t.cells.last() == Some(&cell),
        })
    }

    fn paragraph(&mut self, p: &mut Element, container: u32) {
        let pt = ParagraphText::of(p);
        if !pt.text.contains("{{") && !pt.text.contains("}}") {
            return;
        }
        let (raw_tags, problems) = lex(&pt.text);
        let mut chars = CharCursor::new(&pt.text);
        let paragraph_text: Arc<str> = Arc::from(pt.text.as_str());
        let site_of = |tag_text: String| Site {
            part: self.part.to_string(),
            paragraph_index: self.paragraph_index,
            paragraph_text: Arc::clone(&paragraph_text),
            tag_text,
        };
        for problem in problems {
            let (at, code, message) = match problem {
                LexProblem::Unclosed { start } => (start, "unclosed-tag", "thẻ mở {{ chưa được đóng: thêm }} ngay sau tên trường (thẻ phải nằm trọn trong một đoạn)"),
                LexProblem::Unopened { start } => (start, "unopened-tag", "có }} mà không có {{ trước đó: thêm {{ hoặc xoá }}"),
            };
            let near = chars.slice(at, at + 30).to_string();
            let site = site_of(near.clone());
            self.errors.push(TemplateError::at(
                &site,
                code,
                format!("{message} (gần « {near} »)"),
            ));
        }
        let para = self.paras.len();
        self.paras.push(ParaInfo {
            elem: p.id,
            container,
            cell: self.cell_info(),
        });
        let trimmed = pt.text.trim();
        let mut placed = Vec::new();
        let mut chars = CharCursor::new(&pt.text);
        for raw in &raw_tags {
            let tag_text = chars.slice(raw.start, raw.end).to_string();
            let site = site_of(tag_text.clone());
            match parse_tag(&raw.inner) {
                Ok(kind) => {
                    let site_id = self.sites.len() as u32;
                    self.sites.push(site);
                    placed.push((raw.start, raw.end, self.tags.len() as u32));
                    self.tags.push(TagInfo {
                        kind,
                        site: site_id,
                        para,
                        alone: trimmed == tag_text,
                    });
                }
                Err(e) => self.errors.push(TemplateError::at(
                    &site,
                    e.code,
                    format!("{tag_text}: {}", e.message),
                )),
            }
        }
        place_markers(p, &pt, &placed);
    }
}

/// Char offsets turned into byte offsets of one text, moving forward from
/// the last offset asked (so that offsets asked in order cost one pass).
struct CharCursor<'a> {
    text: &'a str,
    char_at: usize,
    byte_at: usize,
}

impl<'a> CharCursor<'a> {
    fn new(text: &'a str) -> Self {
        CharCursor {
            text,
            char_at: 0,
            byte_at: 0,
        }
    }

    /// The byte offset of char `n` (the text's end when past it).
    fn byte(&mut self, n: usize) -> usize {
        if n < self.char_at {
            *self = CharCursor::new(self.text);
        }
        match self.text[self.byte_at..]
            .char_indices()
            .nth(n - self.char_at)
        {
            Some((i, _)) => {
                self.char_at = n;
                self.byte_at += i;
                self.byte_at
            }
            None => self.text.len(),
        }
    }

    /// Chars `[from, to)` of the text.
    fn slice(&mut self, from: usize, to: usize) -> &'a str {
        let a = self.byte(from);
        let b = self.byte(to).max(a);
        let text = self.text;
        &text[a..b]
    }
}

/// Replaces each tag's characters (`(start, end, id)` in chars, in order,
/// not overlapping) with a marker in the `w:t` where the tag starts, and
/// removes the rest of its characters from the following ones. Each `w:t`
/// is rewritten once, whatever the number of tags.
fn place_markers(p: &mut Element, pt: &ParagraphText, placed: &[(usize, usize, u32)]) {
    let mut first = 0;
    for seg in &pt.segments {
        let seg_end = seg.start + seg.len;
        while first < placed.len() && placed[first].1 <= seg.start {
            first += 1;
        }
        let Source::Text(path) = &seg.source else {
            continue;
        };
        let cuts: Vec<Cut> = placed[first..]
            .iter()
            .take_while(|&&(start, _, _)| start < seg_end)
            .map(|&(start, end, id)| Cut {
                from: start.saturating_sub(seg.start),
                to: end.min(seg_end) - seg.start,
                marker: (seg.start <= start).then_some(id),
            })
            .collect();
        if cuts.is_empty() {
            continue;
        }
        if let Some(t) = p.descendant_mut(path) {
            splice_text(t, &cuts);
        }
    }
}

/// Chars `[from, to)` of a `w:t` to remove, and the marker to put there.
struct Cut {
    from: usize,
    to: usize,
    marker: Option<u32>,
}

/// Removes the chars of each cut (in order, not overlapping) from a `w:t`
/// and puts its marker where they were. Markers already there keep their
/// place.
fn splice_text(t: &mut Element, cuts: &[Cut]) {
    let mut out = Vec::with_capacity(t.children.len() + 2 * cuts.len());
    let mut pos = 0;
    let mut keep = String::new();
    let mut next = 0;
    let flush = |keep: &mut String, out: &mut Vec<Node>| {
        if !keep.is_empty() {
            out.push(Node::Text(escape_text(keep).into_owned()));
            keep.clear();
        }
    };
    for child in std::mem::take(&mut t.children) {
        match child {
            Node::Text(raw) => {
                for c in unescape(&raw).chars() {
                    if let Some(cut) = cuts.get(next).filter(|cut| cut.from == pos) {
                        if let Some(m) = cut.marker {
                            flush(&mut keep, &mut out);
                            out.push(Node::Marker(m));
                        }
                    }
                    match cuts.get(next) {
                        Some(cut) if cut.from <= pos && pos < cut.to => {}
                        _ => keep.push(c),
                    }
                    pos += 1;
                    if cuts.get(next).is_some_and(|cut| cut.to <= pos) {
                        next += 1;
                    }
                }
            }
            other => {
                flush(&mut keep, &mut out);
                out.push(other);
            }
        }
    }
    flush(&mut keep, &mut out);
    out.extend(
        cuts[next..]
            .iter()
            .filter_map(|cut| cut.marker)
            .map(Node::Marker),
    );
    t.children = out;
    t.empty = false;
    if t.attr("xml:space").is_none() {
        t.start = set_attr(&t.start, "xml:space", "preserve");
    }
}
