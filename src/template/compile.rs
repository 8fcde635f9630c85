//! Compiling a .docx template: every story part is read once, its tags found
//! over the runs, matched into sections and turned into [`Chunk`]s — raw XML
//! with holes for values and sections — that render many documents fast.

use super::expr::{parse_tag, Path, TagKind, ValueExpr};
use super::lexer::{lex, LexProblem};
use super::{emit, mergefield, place, Site, TemplateError};
use crate::error::{Error, Result};
use crate::package::{Package, StoryKind};
use crate::text::{ParagraphText, Source};
use crate::xml::{self, escape_text, set_attr, unescape, Element, Node, Tag};
use std::path::Path as FsPath;
use std::sync::Arc;

/// A piece of a compiled part.
#[derive(Debug, Clone, PartialEq)]
pub enum Chunk {
    /// XML written as it is.
    Static(String),
    /// A value written inside a run's `w:t`.
    Value {
        /// What to write.
        expr: ValueExpr,
        /// Index into [`Template::sites`].
        site: u32,
        /// The run the value sits in, to break out of it for line breaks and gap markers.
        run: Arc<RunCtx>,
    },
    /// A section: rendered zero, one or many times.
    Section {
        /// The data the section depends on.
        path: Path,
        /// `{{^x}}`: rendered only when the value is empty.
        inverted: bool,
        /// Index into [`Template::sites`] of the opening tag.
        site: u32,
        /// What the section holds.
        body: Vec<Chunk>,
    },
}

/// The run around a value: what is needed to close it and open an equal one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunCtx {
    /// The WordprocessingML prefix with its colon, e.g. `w:` (empty for a default namespace).
    pub w: String,
    /// Raw start tag content of the run (`w:r w:rsidR="…"`).
    pub run_start: String,
    /// The run's properties as XML (`<w:rPr>…</w:rPr>`), or empty.
    pub rpr: String,
    /// The same properties with a yellow highlight, for gap markers.
    pub gap_rpr: String,
}

/// A story part that holds tags, compiled.
#[derive(Debug, Clone)]
pub struct CompiledPart {
    /// Part name.
    pub name: String,
    /// What the part holds.
    pub kind: StoryKind,
    /// The part as chunks.
    pub chunks: Vec<Chunk>,
}

/// A compiled template: parse once, render many.
#[derive(Debug, Clone)]
pub struct Template {
    package: Package,
    parts: Vec<CompiledPart>,
    sites: Vec<Site>,
    tags: Vec<(TagKind, u32)>,
}

/// One paragraph that holds tags.
pub(crate) struct ParaInfo {
    /// Element id of the `w:p`.
    pub elem: u32,
    /// Element id of the element holding the paragraph (body, cell, text box…).
    pub container: u32,
    /// Table position when the paragraph is in a cell.
    pub cell: Option<CellInfo>,
}

/// Where a cell is in its table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CellInfo {
    pub table: u32,
    pub row: u32,
    pub row_index: usize,
    pub first: bool,
    pub last: bool,
}

/// A tag found in a part.
pub(crate) struct TagInfo {
    pub kind: TagKind,
    pub site: u32,
    pub para: usize,
    /// The tag is the only text of its paragraph.
    pub alone: bool,
}

impl Template {
    /// Opens and compiles a template file. Every template error is reported at once.
    pub fn open(path: impl AsRef<FsPath>) -> Result<Template> {
        Template::from_package(Package::open(path)?)
    }

    /// Compiles an opened package.
    pub fn from_package(package: Package) -> Result<Template> {
        let mut parts = Vec::new();
        let mut sites = Vec::new();
        let mut tags = Vec::new();
        let mut errors = Vec::new();
        for story in package.stories().to_vec() {
            let bytes = package.read_part(&story.part)?;
            let doc = xml::parse(&bytes).map_err(|e| Error::BadPart {
                path: package.path().to_path_buf(),
                part: story.part.clone(),
                detail: e.to_string(),
            })?;
            let mut compiler = PartCompiler::new(&story.part, &mut sites);
            match compiler.compile(doc) {
                Ok(Some((chunks, part_tags))) => {
                    tags.extend(part_tags);
                    parts.push(CompiledPart {
                        name: story.part.clone(),
                        kind: story.kind,
                        chunks,
                    });
                }
                Ok(None) => {}
                Err(errs) => errors.extend(errs),
            }
        }
        if !errors.is_empty() {
            return Err(Error::Template {
                path: package.path().to_path_buf(),
                errors,
            });
        }
        Ok(Template {
            package,
            parts,
            sites,
            tags,
        })
    }

    /// The package the template was read from.
    pub fn package(&self) -> &Package {
        &self.package
    }

    /// The compiled parts (story parts without tags are not listed: they are copied as they are).
    pub fn parts(&self) -> &[CompiledPart] {
        &self.parts
    }

    /// Where each tag stands.
    pub fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// Every tag of the template in document order, with its site index.
    pub fn tags(&self) -> &[(TagKind, u32)] {
        &self.tags
    }
}

struct PartCompiler<'a> {
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
    fn new(part: &'a str, sites: &'a mut Vec<Site>) -> Self {
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

    /// `Ok(None)` when the part has no tags and is to be copied as it is.
    #[allow(clippy::type_complexity)]
    fn compile(
        &mut self,
        mut doc: xml::Document,
    ) -> Result<Option<(Vec<Chunk>, Vec<(TagKind, u32)>)>, Vec<TemplateError>> {
        let Some(root) = doc.root_mut() else {
            return Ok(None);
        };
        mergefield::convert(root);
        let root_id = root.id;
        self.visit(root, root_id);
        if !self.errors.is_empty() {
            return Err(std::mem::take(&mut self.errors));
        }
        if self.tags.is_empty() {
            return Ok(None);
        }
        let marks = place::place(&self.tags, &self.paras, self.sites)?;
        let chunks = emit::emit(&doc, &self.tags, &marks, self.sites)?;
        let listed = self.tags.iter().map(|t| (t.kind.clone(), t.site)).collect();
        Ok(Some((chunks, listed)))
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
        let site_of = |tag_text: String| Site {
            part: self.part.to_string(),
            paragraph_index: self.paragraph_index,
            paragraph_text: pt.text.clone(),
            tag_text,
        };
        for problem in problems {
            let (at, message) = match problem {
                LexProblem::Unclosed { start } => (start, "thẻ mở {{ chưa được đóng: thêm }} ngay sau tên trường (thẻ phải nằm trọn trong một đoạn)"),
                LexProblem::Unopened { start } => (start, "có }} mà không có {{ trước đó: thêm {{ hoặc xoá }}"),
            };
            let near: String = pt.text.chars().skip(at).take(30).collect();
            let site = site_of(near.clone());
            self.errors.push(TemplateError::at(
                &site,
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
        for raw in &raw_tags {
            let tag_text: String = pt
                .text
                .chars()
                .skip(raw.start)
                .take(raw.end - raw.start)
                .collect();
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
                Err(message) => self
                    .errors
                    .push(TemplateError::at(&site, format!("{tag_text}: {message}"))),
            }
        }
        for &(start, end, id) in placed.iter().rev() {
            place_marker(p, &pt, start, end, id);
        }
    }
}

/// Replaces the tag's characters with a marker in the `w:t` where the tag
/// starts, and removes the rest of its characters from the following ones.
fn place_marker(p: &mut Element, pt: &ParagraphText, start: usize, end: usize, id: u32) {
    for seg in &pt.segments {
        let seg_end = seg.start + seg.len;
        if seg_end <= start || seg.start >= end {
            continue;
        }
        let Source::Text(path) = &seg.source else {
            continue;
        };
        let Some(t) = element_at_mut(p, path) else {
            continue;
        };
        let local_start = start.saturating_sub(seg.start);
        let local_end = end.min(seg_end) - seg.start;
        let insert = (seg.start <= start).then_some(id);
        splice_text(t, local_start, local_end, insert);
    }
}

fn element_at_mut<'e>(mut e: &'e mut Element, path: &[usize]) -> Option<&'e mut Element> {
    for &i in path {
        e = match e.children.get_mut(i)? {
            Node::Element(c) => c,
            _ => return None,
        };
    }
    Some(e)
}

/// Removes chars `[from, to)` of a `w:t` and puts `marker` where they were.
/// Markers already there (of later tags) keep their place.
fn splice_text(t: &mut Element, from: usize, to: usize, mut marker: Option<u32>) {
    let mut out = Vec::with_capacity(t.children.len() + 2);
    let mut pos = 0;
    let mut keep = String::new();
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
                    if pos == from {
                        if let Some(m) = marker.take() {
                            flush(&mut keep, &mut out);
                            out.push(Node::Marker(m));
                        }
                    }
                    if pos < from || pos >= to {
                        keep.push(c);
                    }
                    pos += 1;
                }
            }
            other => {
                flush(&mut keep, &mut out);
                out.push(other);
            }
        }
    }
    flush(&mut keep, &mut out);
    if let Some(m) = marker {
        out.push(Node::Marker(m));
    }
    t.children = out;
    t.empty = false;
    if t.attr("xml:space").is_none() {
        t.start = set_attr(&t.start, "xml:space", "preserve");
    }
}
