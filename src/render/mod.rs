//! Rendering a compiled template with data.
//!
//! Values are looked up from the innermost section outwards, filtered,
//! escaped and written into the run of their tag. A value that is missing,
//! or that a filter cannot use, is never silent: the output shows the gap
//! marker `…` highlighted yellow at that place, and the report lists it.

mod ids;
mod output;
mod placed;
mod scope;

use crate::check::read::StoryCache;
use crate::check::PartMarkers;
use crate::error::{Error, MissingValue, Result};
use crate::package::Changes;
use crate::template::expr::{Path, ValueExpr};
use crate::template::filters::Filter;
use crate::template::{Chunk, IdKind, RunCtx, Template};
use crate::text::Paragraph;
use crate::xml::{attr_value, escape_text, set_attr};
use output::Output;
use scope::Scopes;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt::Write as _;

/// The text of a value tag for one record, as a document would show it:
/// the same lookup and filters (arguments included); the error says why
/// there is none.
pub(crate) fn value_text(expr: &ValueExpr, record: &Value) -> std::result::Result<String, String> {
    Scopes::new(record).evaluate(expr)
}

pub use crate::vi::GAP_MARKER;

/// A rendered document: its bytes, the values it lacked, and what the
/// checker needs to read it without opening the bytes again.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The .docx file's bytes.
    bytes: Vec<u8>,
    /// Every value that was missing or unusable, in document order.
    missing: Vec<MissingValue>,
    /// The XML of each part that was rendered, by part name.
    parts: Vec<(String, String)>,
    /// The paragraphs of each rendered story part, by part name, read as
    /// [`crate::text::paragraphs_in`] reads them (`None` when the template's
    /// fixed XML could not be read ahead, see [`crate::template::StaticXml`]).
    paragraphs: Option<Vec<(String, Vec<Paragraph>)>>,
}

impl Rendered {
    /// The .docx file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The .docx file's bytes, without a copy.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Takes the .docx file's bytes out, leaving the rest for the checker.
    pub fn take_bytes(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.bytes)
    }

    /// Every value that was missing or unusable, in document order.
    pub fn missing(&self) -> &[MissingValue] {
        &self.missing
    }

    /// The names of the parts rendering rewrote or added.
    pub fn part_names(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|(name, _)| name.as_str())
    }

    /// The paragraphs of the document in story order and its gap markers,
    /// for the checker: rendered parts from what rendering wrote and read,
    /// the others from `stories` (the template's, read once).
    pub fn into_story_text(self, stories: &StoryCache) -> (Vec<Paragraph>, PartMarkers) {
        stories.paragraphs(&self.parts, self.paragraphs)
    }

    /// The rendered parts' XML, by part name.
    #[cfg(test)]
    pub(crate) fn parts(&self) -> &[(String, String)] {
        &self.parts
    }

    /// The paragraphs rendering read from its parts, by part name.
    #[cfg(test)]
    pub(crate) fn read_paragraphs(&self) -> Option<&[(String, Vec<Paragraph>)]> {
        self.paragraphs.as_deref()
    }
}

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Fail with [`Error::Strict`] when any value is missing.
    pub strict: bool,
}

impl Template {
    /// Renders one document from `data`.
    pub fn render(&self, data: &Value, options: RenderOptions) -> Result<Rendered> {
        let mut missing = Vec::new();
        let mut state = ids::DocState::new(self);
        let mut parts: Vec<(String, Output)> = Vec::with_capacity(self.parts().len() + 2);
        for part in self.parts() {
            let out = self.render_chunks(&part.chunks, data, &mut state, &mut missing);
            parts.push((part.name.clone(), out));
        }
        // A notes part the template did not have is added, with its content
        // type and relationship; every other rendered part replaces its own.
        let mut added_notes = None;
        if let Some(notes) = self.footnotes() {
            let out = self.render_chunks(&notes.chunks, data, &mut state, &mut missing);
            match &notes.created {
                Some(created) if state.made_notes() => {
                    added_notes = Some((created, parts.len()));
                    parts.push((notes.part.clone(), out));
                }
                Some(_) => {}
                None => parts.push((notes.part.clone(), out)),
            }
        }
        if options.strict && !missing.is_empty() {
            return Err(Error::Strict { missing });
        }
        let paragraphs = if self.text_recorded() {
            parts
                .iter()
                .map(|(name, out)| out.paragraphs(name).map(|p| (name.clone(), p)))
                .collect::<std::result::Result<Vec<_>, _>>()
                .ok()
        } else {
            None
        };
        let mut parts: Vec<(String, String)> =
            parts.into_iter().map(|(n, out)| (n, out.xml)).collect();
        placed::place_missing(&mut missing, &parts, paragraphs.as_deref());
        if let Some(xml) = state.numbering_xml(self.numbering()) {
            parts.push((
                self.numbering().map(|n| n.part.clone()).unwrap_or_default(),
                xml,
            ));
        }
        let mut changes = Changes::default();
        for (i, (name, xml)) in parts.iter().enumerate() {
            let bytes = Cow::Borrowed(xml.as_bytes());
            match added_notes {
                Some((created, at)) if at == i => created.apply(name, bytes, &mut changes),
                _ => {
                    changes.replaced.insert(name.clone(), bytes);
                }
            }
        }
        let bytes = self.package().write_with(&changes)?;
        drop(changes);
        Ok(Rendered {
            bytes,
            missing,
            parts,
            paragraphs,
        })
    }

    fn render_chunks<'t>(
        &'t self,
        chunks: &'t [Chunk],
        data: &Value,
        state: &mut ids::DocState<'t>,
        missing: &mut Vec<MissingValue>,
    ) -> Output<'t> {
        let mut r = Renderer {
            template: self,
            scopes: Scopes::new(data),
            out: Output::with_capacity(64 * 1024),
            missing,
            state,
        };
        r.chunks(chunks);
        r.out
    }
}

struct Renderer<'t, 'd, 'm> {
    template: &'t Template,
    scopes: Scopes<'d>,
    out: Output<'t>,
    missing: &'m mut Vec<MissingValue>,
    state: &'m mut ids::DocState<'t>,
}

impl<'t> Renderer<'t, '_, '_> {
    fn chunks(&mut self, chunks: &'t [Chunk]) {
        for c in chunks {
            match c {
                Chunk::Static(s) => self.out.push_fixed(s),
                Chunk::Value { expr, site, run } => self.value(expr, *site, run),
                Chunk::Section {
                    path,
                    inverted,
                    continue_numbering,
                    body,
                    ..
                } => self.section(path, *inverted, *continue_numbering, body),
                Chunk::Tag { kind, start, empty } => self.tag(*kind, start, *empty),
            }
        }
    }

    fn section(
        &mut self,
        path: &Path,
        inverted: bool,
        continue_numbering: bool,
        body: &'t [Chunk],
    ) {
        if let Path::Meta(meta) = path {
            let truthy = self
                .scopes
                .meta(*meta)
                .is_some_and(|v| scope::truthy(Some(&v)));
            if truthy != inverted {
                self.chunks(body);
            }
            return;
        }
        let value = self.scopes.lookup(path);
        if inverted {
            if !scope::truthy(value) {
                self.chunks(body);
            }
            return;
        }
        match value {
            Some(Value::Array(items)) => {
                let name = path.to_string();
                for (i, item) in items.iter().enumerate() {
                    self.scopes.push_item(item, &name, i, items.len());
                    self.state.enter_item(i, continue_numbering);
                    self.chunks(body);
                    self.state.leave_item();
                    self.scopes.pop();
                }
            }
            Some(v) if scope::truthy(Some(v)) => {
                self.scopes.push(v);
                self.chunks(body);
                self.scopes.pop();
            }
            _ => {}
        }
    }

    fn tag(&mut self, kind: IdKind, start: &str, empty: bool) {
        match kind {
            IdKind::FootnoteRef => {
                let original = attr_value(start, "id");
                let note = self
                    .template
                    .footnotes()
                    .zip(original.as_ref())
                    .and_then(|(set, id)| set.notes.get(id).map(|c| (id.clone(), c)));
                match note {
                    Some((original, chunks)) => {
                        let id = self.state.note_id_for(&original);
                        open_tag(
                            &mut self.out.xml,
                            &set_qualified_attr(start, "id", &id),
                            empty,
                        );
                        let body = std::mem::take(&mut self.out);
                        let saved = self.state.current_note.replace(id);
                        self.chunks(chunks);
                        self.state.current_note = saved;
                        let note = std::mem::replace(&mut self.out, body);
                        self.state
                            .notes_by_original
                            .entry(original)
                            .or_default()
                            .append(note);
                    }
                    None => open_tag(&mut self.out.xml, start, empty),
                }
            }
            IdKind::FootnoteDef => match self.state.current_note.clone() {
                Some(id) => open_tag(
                    &mut self.out.xml,
                    &set_qualified_attr(start, "id", &id),
                    empty,
                ),
                None => open_tag(&mut self.out.xml, start, empty),
            },
            IdKind::NotesSlot => {
                let order = self
                    .template
                    .footnotes()
                    .map(|f| f.order.as_slice())
                    .unwrap_or_default();
                let notes = self.state.take_notes(order);
                self.out.append(notes);
            }
            IdKind::NumId => {
                let renumbered = attr_value(start, "val")
                    .and_then(|v| self.state.num_id(&v, self.template.numbering()));
                match renumbered {
                    Some(new) => open_tag(
                        &mut self.out.xml,
                        &set_qualified_attr(start, "val", &new),
                        empty,
                    ),
                    None => open_tag(&mut self.out.xml, start, empty),
                }
            }
            IdKind::KeepParagraphFrom => self.state.cells.push(self.out.xml.len()),
            IdKind::KeepParagraph => {
                let from = self.state.cells.pop().unwrap_or(self.out.xml.len());
                let rendered = &self.out.xml[from..];
                let has_paragraph = [">", " ", "/>"]
                    .iter()
                    .any(|end| rendered.contains(&format!("<{start}{end}")));
                if !has_paragraph {
                    open_tag(&mut self.out.xml, start, true);
                }
            }
            IdKind::DocPr => match self.state.docpr_id() {
                Some(new) => open_tag(&mut self.out.xml, &set_attr(start, "id", &new), empty),
                None => open_tag(&mut self.out.xml, start, empty),
            },
            IdKind::BookmarkStart | IdKind::BookmarkEnd => {
                let renamed = attr_value(start, "id").and_then(|id| self.state.bookmark_id(&id));
                match renamed {
                    Some(new) => {
                        let mut s = set_qualified_attr(start, "id", &new);
                        if let Some(name) = attr_value(start, "name") {
                            s = set_qualified_attr(&s, "name", &format!("{name}_{new}"));
                        }
                        open_tag(&mut self.out.xml, &s, empty)
                    }
                    None => open_tag(&mut self.out.xml, start, empty),
                }
            }
        }
    }

    fn value(&mut self, expr: &ValueExpr, site: u32, run: &RunCtx) {
        if expr.filters.is_empty() {
            if let Some(Value::String(text)) = self.scopes.lookup(&expr.path) {
                write_text(&mut self.out.xml, text, run);
                return;
            }
        }
        let footnote = expr
            .filters
            .last()
            .is_some_and(|f| f.filter == Filter::ChuThich);
        match self.scopes.evaluate(expr) {
            Ok(text) if footnote => self.footnote_from_data(&text, run),
            Ok(text) => write_text(&mut self.out.xml, &text, run),
            Err(reason) => {
                write_gap(&mut self.out.xml, run);
                let site = &self.template.sites()[site as usize];
                self.missing.push(MissingValue {
                    tag: site.tag_text.clone(),
                    part: site.part.clone(),
                    paragraph_index: site.paragraph_index,
                    context: std::sync::Arc::clone(&site.paragraph_text),
                    at: None,
                    item: self.scopes.trail(),
                    reason,
                });
            }
        }
    }

    /// `chu_thich`: a real footnote here whose text is the value; nothing when it is empty.
    fn footnote_from_data(&mut self, text: &str, run: &RunCtx) {
        if text.trim().is_empty() {
            return;
        }
        let Some(set) = self.template.footnotes() else {
            write_text(&mut self.out.xml, text, run);
            return;
        };
        let id = self.state.next_note_id();
        let w = &run.w;
        let mark = match &set.reference_style {
            Some(style) => format!("<{w}rPr><{w}rStyle {w}val=\"{style}\"/><{w}vertAlign {w}val=\"superscript\"/></{w}rPr>"),
            None => format!("<{w}rPr><{w}vertAlign {w}val=\"superscript\"/></{w}rPr>"),
        };
        let para = match &set.text_style {
            Some(style) => format!("<{w}pPr><{w}pStyle {w}val=\"{style}\"/></{w}pPr>"),
            None => String::new(),
        };
        let note_run = RunCtx {
            w: w.clone(),
            run_start: format!("{w}r"),
            rpr: String::new(),
            gap_rpr: String::new(),
        };
        let mut note = format!(
            "<{w}footnote {w}id=\"{id}\"><{w}p>{para}<{w}r>{mark}<{w}footnoteRef/></{w}r><{w}r><{w}t xml:space=\"preserve\"> "
        );
        write_text(&mut note, text.trim(), &note_run);
        let _ = write!(note, "</{w}t></{w}r></{w}p></{w}footnote>");
        self.state.new_notes.push_str(&note);
        self.state.made_note();
        let _ = write!(
            self.out.xml,
            "</{w}t></{w}r><{w}r>{mark}<{w}footnoteReference {w}id=\"{id}\"/></{w}r><{start}>{rpr}<{w}t xml:space=\"preserve\">",
            start = run.run_start,
            rpr = run.rpr
        );
    }
}

fn open_tag(out: &mut String, start: &str, empty: bool) {
    out.push('<');
    out.push_str(start);
    out.push_str(if empty { "/>" } else { ">" });
}

/// Sets `prefix:local` where `prefix` is the element's own prefix.
fn set_qualified_attr(start: &str, local: &str, value: &str) -> String {
    let name = start.split_whitespace().next().unwrap_or_default();
    match name.split_once(':') {
        Some((prefix, _)) => set_attr(start, &format!("{prefix}:{local}"), value),
        None => set_attr(start, local, value),
    }
}

/// Writes text inside an open `w:t`: escaped, `\n` as a line break, `\t` as a tab.
fn write_text(out: &mut String, text: &str, run: &RunCtx) {
    if memchr::memchr3(b'\r', b'\n', b'\t', text.as_bytes()).is_none() {
        out.push_str(&escape_text(text));
        return;
    }
    let w = &run.w;
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            let _ = write!(out, "</{w}t><{w}br/><{w}t xml:space=\"preserve\">");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                let _ = write!(out, "</{w}t><{w}tab/><{w}t xml:space=\"preserve\">");
            }
            out.push_str(&escape_text(piece));
        }
    }
}

/// Closes the value's run, writes a highlighted gap marker run, and reopens an equal run.
fn write_gap(out: &mut String, run: &RunCtx) {
    let w = &run.w;
    let _ = write!(
        out,
        "</{w}t></{w}r><{start}>{gap}<{w}t>{GAP_MARKER}</{w}t></{w}r><{start}>{rpr}<{w}t xml:space=\"preserve\">",
        start = run.run_start,
        gap = run.gap_rpr,
        rpr = run.rpr,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run() -> RunCtx {
        RunCtx {
            w: "w:".into(),
            run_start: "w:r".into(),
            rpr: "<w:rPr><w:b/></w:rPr>".into(),
            gap_rpr: "<w:rPr><w:b/><w:highlight w:val=\"yellow\"/></w:rPr>".into(),
        }
    }

    #[test]
    fn text_is_escaped_with_breaks_and_tabs() {
        let mut out = String::new();
        write_text(&mut out, "A & <B>\r\nC\tD", &run());
        assert_eq!(
            out,
            "A &amp; &lt;B&gt;</w:t><w:br/><w:t xml:space=\"preserve\">C</w:t><w:tab/><w:t xml:space=\"preserve\">D"
        );
    }

    #[test]
    fn gap_marker_is_a_highlighted_run_between_equal_runs() {
        let mut out = String::new();
        write_gap(&mut out, &run());
        assert_eq!(
            out,
            "</w:t></w:r><w:r><w:rPr><w:b/><w:highlight w:val=\"yellow\"/></w:rPr><w:t>…</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">"
        );
    }
}
