//! Compiling a .docx template: every story part is read once, its tags found
//! over the runs, matched into sections and turned into [`Chunk`]s — raw XML
//! with holes for values and sections — that render many documents fast.

use super::emit::{EmitOptions, Emitted};
use super::expr::{parse_tag, Path, TagKind, ValueExpr};
use super::filters::Filter;
use super::lexer::{lex, LexProblem};
use super::{emit, mergefield, place, text_plan, Site, TemplateError};
use crate::error::{Error, Result};
use crate::package::opc::rel_type;
use crate::package::{Package, PartAddition, Story, StoryKind};
use crate::text::{ParagraphText, Source, TextEvent};
use crate::xml::{self, escape_text, set_attr, unescape, Element, Node, Tag};
use std::collections::HashMap;
use std::path::Path as FsPath;
use std::sync::Arc;

/// A piece of a compiled part.
#[derive(Debug, Clone, PartialEq)]
pub enum Chunk {
    /// XML written as it is.
    Static(StaticXml),
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
        /// Word list numbering continues across repetitions instead of restarting.
        continue_numbering: bool,
        /// Index into [`Template::sites`] of the opening tag.
        site: u32,
        /// What the section holds.
        body: Vec<Chunk>,
    },
    /// The start tag of an element whose id the renderer may renumber.
    Tag {
        /// What the id means.
        kind: IdKind,
        /// Raw start tag content, between `<` and `>`.
        start: String,
        /// Written `<x/>`: the element has no children and no end tag.
        empty: bool,
    },
}

/// Fixed XML of a compiled part, with the text events it holds read once
/// (see [`crate::text::Tokenizer::record`]), so that rendered documents can
/// be read without reading this XML again.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StaticXml {
    /// The XML.
    pub xml: String,
    /// Its text events; empty until the template is fully compiled.
    pub(crate) events: Vec<TextEvent>,
}

impl StaticXml {
    /// Fixed XML whose events are still to be read.
    pub(crate) fn new(xml: String) -> StaticXml {
        StaticXml {
            xml,
            events: Vec::new(),
        }
    }
}

/// Elements whose ids must stay unique or follow document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// `w:footnoteReference` in the main document.
    FootnoteRef,
    /// `w:footnote` in the footnotes part (its definition).
    FootnoteDef,
    /// Where the footnotes part's footnotes are written.
    NotesSlot,
    /// `w:numId` of a numbered paragraph inside a section.
    NumId,
    /// `wp:docPr` of a drawing inside a section.
    DocPr,
    /// `w:bookmarkStart` inside a section.
    BookmarkStart,
    /// `w:bookmarkEnd` inside a section.
    BookmarkEnd,
    /// Where a cell or text box whose paragraphs are in sections starts
    /// (`start` holds the paragraph element's name).
    KeepParagraphFrom,
    /// Where it ends: an empty paragraph is written if none was rendered since.
    KeepParagraph,
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
    footnotes: Option<FootnoteSet>,
    numbering: Option<NumberingInfo>,
    ids: IdBase,
    /// Every fixed piece of XML has its text events (see [`StaticXml`]).
    text_recorded: bool,
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

/// Footnotes rendered at their references (in loops, and made from data).
#[derive(Debug, Clone)]
pub struct FootnoteSet {
    /// The footnotes part name.
    pub part: String,
    /// The part's chunks, with an [`IdKind::NotesSlot`] where the footnotes go.
    pub chunks: Vec<Chunk>,
    /// Each footnote of the template, by its original id.
    pub notes: HashMap<String, Vec<Chunk>>,
    /// The original ids in the order the part lists them.
    pub order: Vec<String>,
    /// The largest original footnote id (new footnotes get ids above it).
    pub max_id: u64,
    /// Set when the template has no footnotes part and one must be added.
    pub created: Option<PartAddition>,
    /// Style ids to use for footnotes made from data, when the template defines them.
    pub text_style: Option<String>,
    /// Style id of the footnote reference mark, when defined.
    pub reference_style: Option<String>,
}

/// The numbering part, for restarting lists in repeated sections.
#[derive(Debug, Clone)]
pub struct NumberingInfo {
    /// Part name.
    pub part: String,
    /// The part's XML.
    pub xml: String,
    /// Byte offset where new `w:num` elements are inserted.
    pub insert_at: usize,
    /// The abstract numbering of each `w:num`, by numId.
    pub abstract_of: HashMap<String, String>,
    /// The largest numId in use.
    pub max_num_id: u64,
    /// The WordprocessingML prefix with its colon.
    pub w: String,
}

impl Template {
    /// Opens and compiles a template file (a legacy TCVN3/VNI template is
    /// normalised in memory first). Every template error is reported at once.
    pub fn open(path: impl AsRef<FsPath>) -> Result<Template> {
        Template::from_package(crate::normalize::in_memory(Package::open(path)?)?)
    }

    /// Compiles an opened package.
    pub fn from_package(package: Package) -> Result<Template> {
        let mut sites = Vec::new();
        let mut errors = Vec::new();
        let mut compiled: Vec<(Story, Option<PartOut>)> = Vec::new();
        let mut ids = IdBase::default();
        for story in package.stories().to_vec() {
            let doc = parse_part(&package, &story.part)?;
            ids.scan(doc.root());
            let options = EmitOptions {
                main: story.kind == StoryKind::Main,
                split_footnotes: story.kind == StoryKind::Footnotes,
            };
            let force = story.kind == StoryKind::Footnotes;
            match PartCompiler::new(&story.part, &mut sites).compile(doc, options, force) {
                Ok(out) => {
                    if let Some(o) = out.as_ref().filter(|_| story.kind != StoryKind::Main) {
                        errors.extend(chu_thich_outside_body(o, &sites));
                    }
                    compiled.push((story, out));
                }
                Err(errs) => errors.extend(errs),
            }
        }
        if !errors.is_empty() {
            return Err(Error::Template {
                path: package.path().to_path_buf(),
                errors,
            });
        }
        let main = compiled
            .iter()
            .find(|(s, _)| s.kind == StoryKind::Main)
            .and_then(|(_, o)| o.as_ref());
        let notes_have_tags = compiled.iter().any(|(s, o)| {
            s.kind == StoryKind::Footnotes && o.as_ref().is_some_and(|o| !o.tags.is_empty())
        });
        let footnote_mode = main.is_some_and(|m| {
            m.uses_chu_thich || refs_in_sections(&m.emitted.chunks, false) || notes_have_tags
        });
        let main_uses_chu_thich = main.is_some_and(|m| m.uses_chu_thich);
        let mut parts = Vec::new();
        let mut tags = Vec::new();
        let mut footnotes = None;
        for (story, out) in compiled {
            let Some(out) = out else { continue };
            tags.extend(out.tags.iter().cloned());
            if story.kind == StoryKind::Footnotes {
                if footnote_mode {
                    footnotes = Some(footnote_set(&package, story.part.clone(), out.emitted)?);
                    continue;
                }
                if out.tags.is_empty() {
                    continue;
                }
                // Footnotes with tags in a document whose body has none: fill them in place.
                let doc = parse_part(&package, &story.part)?;
                let mut again = Vec::new();
                let plain = PartCompiler::new(&story.part, &mut again)
                    .compile(doc, EmitOptions::default(), false)
                    .map_err(|errors| Error::Template {
                        path: package.path().to_path_buf(),
                        errors,
                    })?;
                if let Some(plain) = plain {
                    let offset = sites.len() as u32;
                    sites.extend(again);
                    parts.push(CompiledPart {
                        name: story.part,
                        chunks: shift_sites(plain.emitted.chunks, offset),
                    });
                }
                continue;
            }
            parts.push(CompiledPart {
                name: story.part,
                chunks: out.emitted.chunks,
            });
        }
        if footnote_mode && footnotes.is_none() && main_uses_chu_thich {
            footnotes = Some(created_footnotes(&package)?);
        }
        let numbering = numbering_info(&package)?;
        let text_recorded = text_plan::record(&mut parts, footnotes.as_mut());
        Ok(Template {
            package,
            parts,
            sites,
            tags,
            footnotes,
            numbering,
            ids,
            text_recorded,
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

    /// Footnotes rendered at their references, when the template needs that.
    pub fn footnotes(&self) -> Option<&FootnoteSet> {
        self.footnotes.as_ref()
    }

    /// The numbering part, when the template has one.
    pub fn numbering(&self) -> Option<&NumberingInfo> {
        self.numbering.as_ref()
    }

    /// Whether rendered documents can be read by replaying the fixed XML's
    /// text events (see [`StaticXml`]).
    pub(crate) fn text_recorded(&self) -> bool {
        self.text_recorded
    }

    /// The largest drawing and bookmark ids in the template.
    pub fn id_base(&self) -> IdBase {
        self.ids
    }
}

/// The largest ids in use, so new ones never collide.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdBase {
    /// Largest `wp:docPr/@id`.
    pub docpr: u64,
    /// Largest `w:bookmarkStart/@w:id`.
    pub bookmark: u64,
}

impl IdBase {
    fn scan(&mut self, root: Option<&Element>) {
        let Some(root) = root else { return };
        root.walk(&mut |e| {
            let id = || {
                e.attr("id")
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0)
            };
            match e.tag {
                Tag::DocPr => self.docpr = self.docpr.max(id()),
                Tag::BookmarkStart => self.bookmark = self.bookmark.max(id()),
                _ => {}
            }
        });
    }
}

struct PartOut {
    emitted: Emitted,
    tags: Vec<(TagKind, u32)>,
    uses_chu_thich: bool,
}

fn parse_part(package: &Package, part: &str) -> Result<xml::Document> {
    let bytes = package.read_part(part)?;
    xml::parse(&bytes).map_err(|e| Error::BadPart {
        path: package.path().to_path_buf(),
        part: part.to_string(),
        detail: e.to_string(),
    })
}

fn uses_filter(kind: &TagKind, filter: Filter) -> bool {
    matches!(kind, TagKind::Value(v) if v.filters.iter().any(|f| f.filter == filter))
}

fn chu_thich_outside_body(out: &PartOut, sites: &[Site]) -> Vec<TemplateError> {
    out.tags
        .iter()
        .filter(|(k, _)| uses_filter(k, Filter::ChuThich))
        .map(|(_, site)| {
            TemplateError::at(
                &sites[*site as usize],
                "footnote-outside-body",
                "bộ lọc chu_thich chỉ dùng được trong thân văn bản (không dùng trong đầu trang, chân trang hay chú thích)",
            )
        })
        .collect()
}

/// Whether a footnote reference sits inside a section.
fn refs_in_sections(chunks: &[Chunk], inside: bool) -> bool {
    chunks.iter().any(|c| match c {
        Chunk::Tag {
            kind: IdKind::FootnoteRef,
            ..
        } => inside,
        Chunk::Section { body, .. } => refs_in_sections(body, true),
        _ => false,
    })
}

fn shift_sites(chunks: Vec<Chunk>, offset: u32) -> Vec<Chunk> {
    chunks
        .into_iter()
        .map(|c| match c {
            Chunk::Value { expr, site, run } => Chunk::Value {
                expr,
                site: site + offset,
                run,
            },
            Chunk::Section {
                path,
                inverted,
                continue_numbering,
                site,
                body,
            } => Chunk::Section {
                path,
                inverted,
                continue_numbering,
                site: site + offset,
                body: shift_sites(body, offset),
            },
            other => other,
        })
        .collect()
}

fn styles_with(package: &Package, ids: [&str; 2]) -> Result<[Option<String>; 2]> {
    let styles = match package.related_part(rel_type::STYLES) {
        Some(part) => String::from_utf8_lossy(&package.read_part(&part)?).into_owned(),
        None => String::new(),
    };
    Ok(ids.map(|id| {
        styles
            .contains(&format!("styleId=\"{id}\""))
            .then(|| id.to_string())
    }))
}

fn footnote_set(package: &Package, part: String, emitted: Emitted) -> Result<FootnoteSet> {
    let [text_style, reference_style] =
        styles_with(package, ["FootnoteText", "FootnoteReference"])?;
    let mut chunks = emitted.chunks;
    if !chunks.iter().any(|c| {
        matches!(
            c,
            Chunk::Tag {
                kind: IdKind::NotesSlot,
                ..
            }
        )
    }) {
        // No footnote yet: new ones go just before the closing tag of the root.
        if let Some(Chunk::Static(last)) = chunks.last_mut() {
            if let Some(close) = last.xml.rfind("</") {
                let tail = StaticXml::new(last.xml.split_off(close));
                chunks.push(Chunk::Tag {
                    kind: IdKind::NotesSlot,
                    start: String::new(),
                    empty: true,
                });
                chunks.push(Chunk::Static(tail));
            }
        }
    }
    let order: Vec<String> = emitted.footnotes.iter().map(|(id, _)| id.clone()).collect();
    let max_id = order
        .iter()
        .filter_map(|id| id.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    Ok(FootnoteSet {
        part,
        chunks,
        notes: emitted.footnotes.into_iter().collect(),
        order,
        max_id,
        created: None,
        text_style,
        reference_style,
    })
}

const W_DECLS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// A footnotes part to add, for a template without one that makes footnotes from data.
fn created_footnotes(package: &Package) -> Result<FootnoteSet> {
    let part = package.beside_main("footnotes.xml");
    let sep = |kind: &str, id: i32| {
        format!(
            r#"<w:footnote w:type="{kind}" w:id="{id}"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>"#
        )
    };
    let head = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<w:footnotes {W_DECLS}>{}{}"#,
        "\r\n",
        sep("separator", -1),
        sep("continuationSeparator", 0)
    );
    let created = package.part_addition(
        &part,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        "footnotes",
        "rIdVanbanFootnotes",
    )?;
    let [text_style, reference_style] =
        styles_with(package, ["FootnoteText", "FootnoteReference"])?;
    Ok(FootnoteSet {
        part,
        chunks: vec![
            Chunk::Static(StaticXml::new(head)),
            Chunk::Tag {
                kind: IdKind::NotesSlot,
                start: String::new(),
                empty: true,
            },
            Chunk::Static(StaticXml::new("</w:footnotes>".into())),
        ],
        notes: HashMap::new(),
        order: Vec::new(),
        max_id: 0,
        created: Some(created),
        text_style,
        reference_style,
    })
}

fn numbering_info(package: &Package) -> Result<Option<NumberingInfo>> {
    let Some(part) = package.related_part(rel_type::NUMBERING) else {
        return Ok(None);
    };
    let doc = parse_part(package, &part)?;
    let Some(root) = doc.root() else {
        return Ok(None);
    };
    let prefix = root.prefix();
    let w = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}:")
    };
    let mut abstract_of = HashMap::new();
    let mut max_num_id = 0;
    for num in root
        .elements()
        .filter(|e| e.name.ends_with("num") && !e.name.ends_with("abstractNum"))
    {
        let (Some(id), Some(abs)) = (
            num.attr("numId"),
            num.elements()
                .find(|c| c.name.ends_with("abstractNumId"))
                .and_then(|c| c.attr("val")),
        ) else {
            continue;
        };
        max_num_id = max_num_id.max(id.parse().unwrap_or(0));
        abstract_of.insert(id, abs);
    }
    let xml = doc.to_xml();
    let insert_at = xml
        .find(&format!("<{w}numIdMacAtCleanup"))
        .or_else(|| xml.rfind(&format!("</{w}numbering>")))
        .unwrap_or(xml.len());
    Ok(Some(NumberingInfo {
        part,
        xml,
        insert_at,
        abstract_of,
        max_num_id,
        w,
    }))
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

    /// `Ok(None)` when the part has no tags (and `force` is off): it is copied as it is.
    fn compile(
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
