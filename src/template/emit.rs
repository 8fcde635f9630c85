//! Turning a marked-up part into chunks: raw XML with holes for values and sections.

use super::expr::TagKind;
use super::model::{Chunk, IdKind, RunCtx, StaticXml, TagInfo};
use super::place::{Marks, Placement};
use super::{Site, TemplateError};
use crate::xml::{self, Document, Element, Node, Tag};
use std::sync::Arc;

struct Frame {
    open: Option<u32>,
    chunks: Vec<Chunk>,
    buf: String,
}

impl Frame {
    fn new(open: Option<u32>) -> Self {
        Frame {
            open,
            chunks: Vec::new(),
            buf: String::new(),
        }
    }

    fn flush(&mut self) {
        if !self.buf.is_empty() {
            self.chunks
                .push(Chunk::Static(StaticXml::new(std::mem::take(&mut self.buf))));
        }
    }

    fn finish(mut self) -> Vec<Chunk> {
        self.flush();
        self.chunks
    }
}

/// How a part is emitted.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct EmitOptions {
    /// The main document: footnote references become [`IdKind::FootnoteRef`] tags.
    pub main: bool,
    /// The footnotes part: each footnote is emitted on its own, to be rendered at its reference.
    pub split_footnotes: bool,
}

/// What emitting a part gives.
#[derive(Debug, Default)]
pub(crate) struct Emitted {
    /// The part's chunks.
    pub chunks: Vec<Chunk>,
    /// With `split_footnotes`: each footnote's chunks, by its original id.
    pub footnotes: Vec<(String, Vec<Chunk>)>,
}

struct Emitter<'a> {
    tags: &'a [TagInfo],
    marks: &'a Marks,
    sites: &'a [Site],
    options: EmitOptions,
    frames: Vec<Frame>,
    runs: Vec<Arc<RunCtx>>,
    footnotes: Vec<(String, Vec<Chunk>)>,
    errors: Vec<TemplateError>,
}

/// Serialises `doc` into chunks following the placement decisions.
pub(crate) fn emit(
    doc: &Document,
    tags: &[TagInfo],
    marks: &Marks,
    sites: &[Site],
    options: EmitOptions,
) -> Result<Emitted, Vec<TemplateError>> {
    let mut e = Emitter {
        tags,
        marks,
        sites,
        options,
        frames: vec![Frame::new(None)],
        runs: Vec::new(),
        footnotes: Vec::new(),
        errors: Vec::new(),
    };
    for n in &doc.nodes {
        e.node(n);
    }
    if !e.errors.is_empty() {
        return Err(e.errors);
    }
    let chunks = e.frames.pop().map(Frame::finish).unwrap_or_default();
    Ok(Emitted {
        chunks,
        footnotes: e.footnotes,
    })
}

impl Emitter<'_> {
    fn top(&mut self) -> &mut Frame {
        self.frames
            .last_mut()
            .expect("the root frame is never popped")
    }

    fn node(&mut self, n: &Node) {
        match n {
            Node::Element(e) => self.element(e),
            Node::Text(t) | Node::Raw(t) => self.top().buf.push_str(t),
            Node::Marker(id) => self.marker(*id),
        }
    }

    fn element(&mut self, e: &Element) {
        if let Some(ids) = self.marks.row_open.get(&e.id) {
            for &id in ids {
                self.open(id);
            }
        }
        if self.marks.dropped_paragraphs.contains(&e.id) {
            self.controls_in(e);
        } else if self.options.split_footnotes && e.tag == Tag::Footnote && is_normal_note(e) {
            self.capture_footnote(e);
        } else if let Some(kind) = self.id_kind(e) {
            let top = self.top();
            top.flush();
            top.chunks.push(Chunk::Tag {
                kind,
                start: e.start.clone(),
                empty: e.empty && e.children.is_empty(),
            });
            if !(e.empty && e.children.is_empty()) {
                self.children_and_end(e);
            }
        } else {
            if e.tag == Tag::R {
                self.runs.push(Arc::new(run_ctx(e)));
            }
            let guard = self.may_lose_every_paragraph(e);
            let buf = &mut self.top().buf;
            buf.push('<');
            buf.push_str(&e.start);
            if e.empty && e.children.is_empty() {
                buf.push_str("/>");
            } else if guard {
                buf.push('>');
                self.guarded_children_and_end(e);
            } else {
                buf.push('>');
                self.children_and_end(e);
            }
            if e.tag == Tag::R {
                self.runs.pop();
            }
        }
        if let Some(ids) = self.marks.row_close.get(&e.id) {
            for &id in ids {
                self.close(id);
            }
        }
    }

    fn children_and_end(&mut self, e: &Element) {
        for c in &e.children {
            self.node(c);
        }
        let buf = &mut self.top().buf;
        buf.push_str("</");
        buf.push_str(&e.name);
        buf.push('>');
    }

    /// A table cell or text box must keep at least one paragraph; one whose
    /// paragraphs are all in sections may render with none.
    fn may_lose_every_paragraph(&self, e: &Element) -> bool {
        matches!(e.tag, Tag::Tc | Tag::TxbxContent)
            && e.elements()
                .any(|c| c.tag == Tag::P && self.marks.dropped_paragraphs.contains(&c.id))
    }

    /// Children and end tag, with an empty paragraph added when none was rendered.
    fn guarded_children_and_end(&mut self, e: &Element) {
        let guard = |kind| Chunk::Tag {
            kind,
            start: match e.prefix() {
                "" => "p".to_string(),
                p => format!("{p}:p"),
            },
            empty: true,
        };
        let top = self.top();
        top.flush();
        top.chunks.push(guard(IdKind::KeepParagraphFrom));
        for c in &e.children {
            self.node(c);
        }
        let top = self.top();
        top.flush();
        top.chunks.push(guard(IdKind::KeepParagraph));
        let buf = &mut self.top().buf;
        buf.push_str("</");
        buf.push_str(&e.name);
        buf.push('>');
    }

    /// Which id-carrying element this is, when its id may need renumbering.
    fn id_kind(&self, e: &Element) -> Option<IdKind> {
        let in_section = self.frames.len() > 1;
        match e.tag {
            Tag::FootnoteReference if self.options.main => Some(IdKind::FootnoteRef),
            Tag::NumId if in_section => Some(IdKind::NumId),
            Tag::DocPr if in_section => Some(IdKind::DocPr),
            Tag::BookmarkStart if in_section => Some(IdKind::BookmarkStart),
            Tag::BookmarkEnd if in_section => Some(IdKind::BookmarkEnd),
            _ => None,
        }
    }

    /// Emits a footnote on its own; the part keeps a slot where footnotes go.
    fn capture_footnote(&mut self, e: &Element) {
        if self.footnotes.is_empty() {
            let top = self.top();
            top.flush();
            top.chunks.push(Chunk::Tag {
                kind: IdKind::NotesSlot,
                start: String::new(),
                empty: true,
            });
        }
        self.frames.push(Frame::new(None));
        self.top().chunks.push(Chunk::Tag {
            kind: IdKind::FootnoteDef,
            start: e.start.clone(),
            empty: false,
        });
        self.children_and_end(e);
        let chunks = self.frames.pop().map(Frame::finish).unwrap_or_default();
        self.footnotes
            .push((e.attr("id").unwrap_or_default(), chunks));
    }

    /// A dropped paragraph writes nothing but the section tags it holds.
    fn controls_in(&mut self, e: &Element) {
        for c in &e.children {
            match c {
                Node::Marker(id) => match self.tags[*id as usize].kind {
                    TagKind::Open { .. } => self.open(*id),
                    TagKind::Close { .. } => self.close(*id),
                    TagKind::Value(_) => {}
                },
                Node::Element(child) => self.controls_in(child),
                _ => {}
            }
        }
    }

    fn marker(&mut self, id: u32) {
        let tag = &self.tags[id as usize];
        let inline = self.marks.placement.get(&id) == Some(&Placement::Inline);
        match &tag.kind {
            TagKind::Value(expr) => {
                let Some(run) = self.runs.last().cloned() else {
                    return;
                };
                let chunk = Chunk::Value {
                    expr: expr.clone(),
                    site: tag.site,
                    run,
                };
                let top = self.top();
                top.flush();
                top.chunks.push(chunk);
            }
            TagKind::Open { .. } if inline => self.open(id),
            TagKind::Close { .. } if inline => self.close(id),
            _ => {}
        }
    }

    fn open(&mut self, id: u32) {
        self.top().flush();
        self.frames.push(Frame::new(Some(id)));
    }

    fn close(&mut self, id: u32) {
        let opener = self.marks.opener.get(&id).copied();
        if self.frames.len() < 2 || self.frames.last().and_then(|f| f.open) != opener {
            let site = &self.sites[self.tags[id as usize].site as usize];
            self.errors.push(TemplateError::at(
                site,
                "crossed-sections",
                format!(
                    "{} cắt ngang một mục khác (một mục theo hàng bảng và một mục theo đoạn/trong đoạn không được đan xen): hãy để mục này nằm trọn bên trong hoặc bên ngoài mục kia",
                    site.tag_text
                ),
            ));
            return;
        }
        let frame = self.frames.pop().expect("checked above");
        let open = frame.open.expect("only the root frame has no opener");
        let TagKind::Open {
            path,
            inverted,
            continue_numbering,
        } = &self.tags[open as usize].kind
        else {
            return;
        };
        let chunk = Chunk::Section {
            path: path.clone(),
            inverted: *inverted,
            continue_numbering: *continue_numbering,
            site: self.tags[open as usize].site,
            body: frame.finish(),
        };
        self.top().chunks.push(chunk);
    }
}

/// A footnote that holds text (not a separator).
fn is_normal_note(e: &Element) -> bool {
    matches!(e.attr("type").as_deref(), None | Some("normal"))
}

fn run_ctx(run: &Element) -> RunCtx {
    let prefix = run.prefix();
    let mut rpr = String::new();
    if let Some(p) = run.child(Tag::RPr) {
        p.write_to(&mut rpr);
    }
    let w = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}:")
    };
    RunCtx {
        gap_rpr: xml::highlighted_rpr(run.child(Tag::RPr), &w),
        w,
        run_start: run.start.clone(),
        rpr,
    }
}
