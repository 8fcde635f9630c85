//! The compiled form of a template: each story part as [`Chunk`]s (fixed
//! XML with holes for values and sections), the footnotes and numbering a
//! render needs, and what compiling learns about paragraphs and tags.

use super::expr::{Path, TagKind, ValueExpr};
use crate::package::PartAddition;
use crate::text::TextEvent;
use crate::xml::{Element, Tag};
use std::collections::HashMap;
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

/// The largest ids in use, so new ones never collide.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdBase {
    /// Largest `wp:docPr/@id`.
    pub docpr: u64,
    /// Largest `w:bookmarkStart/@w:id`.
    pub bookmark: u64,
}

impl IdBase {
    pub(super) fn scan(&mut self, root: Option<&Element>) {
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
