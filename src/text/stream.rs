//! Reading every paragraph of a part straight from its XML events, without
//! building a tree: what the checker needs, fast enough to check every
//! document of a batch.
//!
//! The reading goes in two steps, so that a template's fixed XML is read
//! once and its rendered documents need only their filled-in pieces read:
//! a [`Tokenizer`] turns XML (a whole part, or consecutive pieces of one)
//! into [`Event`]s with each element's tag already resolved, and a
//! [`ParagraphReader`] turns the events into [`Paragraph`]s. A template keeps
//! the events of its fixed pieces as [`TextEvent`]s and replays them.

use super::{all_surely_nfc, mergefield_name, nfc};
use crate::check::model::{CellPos, Paragraph};
use crate::xml::{unescape, Namespaces, ParseError, Tag};
use quick_xml::events::{BytesStart, Event as XmlEvent};
use quick_xml::Reader;
use std::borrow::Cow;

/// Every paragraph of a story part in document order (a paragraph is listed
/// where it starts, so a text box's paragraphs follow the paragraph holding
/// it). Text is the `w:t` contents joined, `\t` for tabs, `\n` for breaks,
/// NFC; deleted text, field codes and the second copy of alternate content
/// (`mc:Fallback`) are left out.
pub fn paragraphs_in(xml: &str, part: &str) -> Result<Vec<Paragraph>, ParseError> {
    let mut tokens = Tokenizer::default();
    let mut reader = ParagraphReader::default();
    let mut any_element = false;
    tokens.read(xml, &mut |e| {
        any_element |= matches!(e, Event::Start { .. } | Event::Empty { .. });
        reader.take(e)
    })?;
    // Whole parts are held to what the tree parser asks of them.
    if tokens.open_elements() > 0 {
        return Err(ParseError {
            offset: xml.len() as u64,
            message: "the document ends before all elements are closed".into(),
        });
    }
    if !any_element {
        return Err(ParseError {
            offset: 0,
            message: "no root element".into(),
        });
    }
    Ok(reader.finish(part))
}

/// One XML event as the paragraph reader sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Event<'a> {
    /// An element starts; `attr` is the one attribute the reader uses for
    /// this tag (see [`wanted_attr`]).
    Start {
        tag: Tag,
        attr: Option<Cow<'a, str>>,
    },
    /// An element without children.
    Empty {
        tag: Tag,
        attr: Option<Cow<'a, str>>,
    },
    /// An element ends.
    End,
    /// Character data, unescaped.
    Text(Cow<'a, str>),
}

/// An [`Event`] kept for replaying, with the namespace declarations its
/// element made (so that XML read after it resolves its prefixes the same).
#[derive(Debug, Clone, PartialEq)]
pub struct TextEvent {
    event: Event<'static>,
    /// The raw start tag, when the element declares namespaces.
    declares: Option<Box<str>>,
    /// Whether the event holds no text, or text that is NFC whatever
    /// stands around it: replayed text then needs no NFC check.
    surely_nfc: bool,
}

/// `events` without the elements starting at `starts`: their start and
/// end go, what they hold stays.
fn without_elements(events: Vec<TextEvent>, starts: &[usize]) -> Vec<TextEvent> {
    if starts.is_empty() {
        return events;
    }
    let mut dropped = vec![false; events.len()];
    for &start in starts {
        let mut depth = 0usize;
        for (i, e) in events.iter().enumerate().skip(start) {
            match e.event {
                Event::Start { .. } => depth += 1,
                Event::End => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                dropped[start] = true;
                dropped[i] = true;
                break;
            }
        }
    }
    events
        .into_iter()
        .zip(dropped)
        .filter_map(|(e, drop)| (!drop).then_some(e))
        .collect()
}

/// The attribute the reader needs from an element with this tag.
fn wanted_attr(tag: Tag) -> Option<&'static str> {
    match tag {
        Tag::FldSimple => Some("instr"),
        Tag::OutlineLvl | Tag::PStyle => Some("val"),
        Tag::FldChar => Some("fldCharType"),
        _ => None,
    }
}

/// Turns XML into [`Event`]s. [`Tokenizer::default`] reads whole parts and
/// checks that end tags match; [`Tokenizer::in_pieces`] reads a part given in
/// consecutive pieces (cut between markup, never inside a tag), whose end
/// tags may close what an earlier piece opened.
#[derive(Debug, Default)]
pub struct Tokenizer {
    ns: Namespaces,
    marks: Vec<usize>,
    started: bool,
    in_pieces: bool,
}

impl Tokenizer {
    /// A tokenizer for a part given in pieces.
    pub fn in_pieces() -> Tokenizer {
        Tokenizer {
            in_pieces: true,
            ..Tokenizer::default()
        }
    }

    /// How many elements are open after what was read so far.
    pub fn open_elements(&self) -> usize {
        self.marks.len()
    }

    /// Reads the next piece of XML, passing each event to `sink`.
    pub fn read(&mut self, xml: &str, sink: &mut impl FnMut(Event<'_>)) -> Result<(), ParseError> {
        self.read_marked(xml, &mut |e, _| sink(e))
    }

    /// Reads the next piece of XML and keeps its events for [`Tokenizer::replay`].
    /// What the paragraph reader would ignore is left out: empty elements it
    /// does not use, and elements left with nothing inside (run or paragraph
    /// properties made only of such elements) whose start and end it does
    /// not use either.
    pub fn record(&mut self, xml: &str) -> Result<Vec<TextEvent>, ParseError> {
        let mut events: Vec<TextEvent> = Vec::new();
        // Where each element opened in this piece, and still open, starts.
        let mut open: Vec<usize> = Vec::new();
        let mut passed_over = Vec::new();
        self.read_marked(xml, &mut |e, declares| {
            match e {
                Event::Empty { tag, .. } if !ParagraphReader::uses_empty(tag) => return,
                Event::Start { .. } => open.push(events.len()),
                Event::End => {
                    if let Some(start) = open.pop() {
                        if ParagraphReader::passes_over(&events[start..]) {
                            passed_over.push(start);
                        }
                    }
                }
                _ => {}
            }
            let surely_nfc = match &e {
                Event::Text(t) => all_surely_nfc(t.as_bytes()),
                _ => true,
            };
            events.push(TextEvent {
                event: owned(e),
                declares: declares.map(Box::from),
                surely_nfc,
            })
        })?;
        Ok(without_elements(events, &passed_over))
    }

    /// Replays recorded events as if their XML were read here; `sink` also
    /// gets whether the event's text is surely NFC (see
    /// [`ParagraphReader::take_known`]).
    pub fn replay(&mut self, events: &[TextEvent], sink: &mut impl FnMut(Event<'_>, bool)) {
        for e in events {
            match &e.event {
                Event::Start { .. } => {
                    let mark = self.ns.depth();
                    if let Some(raw) = &e.declares {
                        let name_len = raw.find(char::is_whitespace).unwrap_or(raw.len());
                        self.ns.enter(&BytesStart::from_content(&**raw, name_len));
                    }
                    self.marks.push(mark);
                }
                Event::End => {
                    if let Some(mark) = self.marks.pop() {
                        self.ns.leave(mark);
                    }
                }
                _ => {}
            }
            sink(borrowed(&e.event), e.surely_nfc);
        }
    }

    /// Like [`Tokenizer::read`]; a start tag that declares namespaces is
    /// passed along raw as well.
    fn read_marked(
        &mut self,
        xml: &str,
        sink: &mut impl FnMut(Event<'_>, Option<&str>),
    ) -> Result<(), ParseError> {
        let xml = if self.started {
            xml
        } else {
            self.started = true;
            xml.strip_prefix('\u{feff}').unwrap_or(xml)
        };
        if !xml.contains(['<', '&']) {
            if !xml.is_empty() {
                sink(Event::Text(Cow::Borrowed(xml)), None);
            }
            return Ok(());
        }
        let mut reader = Reader::from_str(xml);
        if self.in_pieces {
            let config = reader.config_mut();
            config.check_end_names = false;
            config.allow_unmatched_ends = true;
        }
        loop {
            let event = reader.read_event().map_err(|e| ParseError {
                offset: reader.error_position(),
                message: e.to_string(),
            })?;
            match event {
                XmlEvent::Start(e) => {
                    let (tag, mark) = self.ns.enter(&e);
                    self.marks.push(mark);
                    let raw = (self.ns.depth() != mark).then_some(&e[..]);
                    let attr = attr(&e, tag);
                    sink(Event::Start { tag, attr }, raw);
                }
                XmlEvent::Empty(e) => {
                    let (tag, mark) = self.ns.enter(&e);
                    self.ns.leave(mark);
                    sink(
                        Event::Empty {
                            tag,
                            attr: attr(&e, tag),
                        },
                        None,
                    );
                }
                XmlEvent::End(_) => {
                    if let Some(mark) = self.marks.pop() {
                        self.ns.leave(mark);
                    }
                    sink(Event::End, None);
                }
                XmlEvent::Text(t) => sink(Event::Text(unescape(&t)), None),
                XmlEvent::GeneralRef(r) => sink(
                    Event::Text(Cow::Owned(unescape(&format!("&{};", &*r)).into_owned())),
                    None,
                ),
                XmlEvent::CData(c) => sink(Event::Text(Cow::Owned(c[..].to_string())), None),
                XmlEvent::DocType(_) => {
                    return Err(ParseError {
                        offset: reader.buffer_position(),
                        message: "a DOCTYPE declaration is not allowed in a .docx part".into(),
                    })
                }
                XmlEvent::Eof => return Ok(()),
                _ => {}
            }
        }
    }
}

fn owned(e: Event<'_>) -> Event<'static> {
    let own = |c: Option<Cow<'_, str>>| c.map(|c| Cow::Owned(c.into_owned()));
    match e {
        Event::Start { tag, attr } => Event::Start {
            tag,
            attr: own(attr),
        },
        Event::Empty { tag, attr } => Event::Empty {
            tag,
            attr: own(attr),
        },
        Event::End => Event::End,
        Event::Text(t) => Event::Text(Cow::Owned(t.into_owned())),
    }
}

fn borrowed<'a>(e: &'a Event<'static>) -> Event<'a> {
    let lend = |c: &'a Option<Cow<'static, str>>| c.as_deref().map(Cow::Borrowed);
    match e {
        Event::Start { tag, attr } => Event::Start {
            tag: *tag,
            attr: lend(attr),
        },
        Event::Empty { tag, attr } => Event::Empty {
            tag: *tag,
            attr: lend(attr),
        },
        Event::End => Event::End,
        Event::Text(t) => Event::Text(Cow::Borrowed(t)),
    }
}

fn attr<'a>(e: &BytesStart<'a>, tag: Tag) -> Option<Cow<'a, str>> {
    let local = wanted_attr(tag)?;
    e.attributes().with_checks(false).flatten().find_map(|a| {
        let key = a.key.as_ref();
        let key_local = key.rsplit_once(':').map_or(key, |(_, l)| l);
        (key_local == local).then(|| Cow::Owned(unescape(&a.value).into_owned()))
    })
}

struct ParaBuf {
    slot: usize,
    text: String,
    /// Whether some of the text may not be NFC (see [`all_surely_nfc`]).
    maybe_not_nfc: bool,
    outline: Option<u8>,
    style_outline: Option<u8>,
    merge_field: Option<String>,
    instr: String,
    cell: Option<CellPos>,
}

struct TableCtx {
    index: usize,
    row: Option<usize>,
    col: Option<usize>,
}

/// Collects paragraphs from [`Event`]s.
#[derive(Default)]
pub struct ParagraphReader {
    stack: Vec<Tag>,
    paras: Vec<ParaBuf>,
    out: Vec<Option<ParaBuf>>,
    tables: Vec<TableCtx>,
    table_count: usize,
    fallback: usize,
}

impl ParagraphReader {
    /// Whether an empty element with this tag changes what is read.
    fn uses_empty(tag: Tag) -> bool {
        matches!(
            tag,
            Tag::P
                | Tag::Tbl
                | Tag::Tr
                | Tag::Tc
                | Tag::FldSimple
                | Tag::Tab
                | Tag::Br
                | Tag::NoBreakHyphen
                | Tag::OutlineLvl
                | Tag::PStyle
                | Tag::FldChar
        )
    }

    /// Whether the reader reads the same without the start and the end of
    /// the element whose start is `element[0]` (what it holds follows): its
    /// start and end change nothing, it declares no namespaces, and it is
    /// no parent the reader looks at (of text, of a tab or break in a run,
    /// of a style or outline level in paragraph properties).
    fn passes_over(element: &[TextEvent]) -> bool {
        let Some((first, inside)) = element.split_first() else {
            return false;
        };
        let Event::Start { tag, .. } = first.event else {
            return false;
        };
        let counted = matches!(
            tag,
            Tag::P | Tag::Tbl | Tag::Tr | Tag::Tc | Tag::FldSimple | Tag::Fallback
        );
        if counted || first.declares.is_some() {
            return false;
        }
        let mut depth = 0usize;
        inside.iter().all(|e| {
            let child = depth == 0;
            match e.event {
                Event::Start { .. } => depth += 1,
                Event::End => depth = depth.saturating_sub(1),
                _ => {}
            }
            !child || matches!(e.event, Event::Start { .. } | Event::End)
        })
    }

    /// Takes the next event.
    pub fn take(&mut self, event: Event<'_>) {
        self.take_known(event, false);
    }

    /// Takes the next event, whose text is known to be NFC whatever stands
    /// around it when `surely_nfc` is set: it is then not checked again.
    pub fn take_known(&mut self, event: Event<'_>, surely_nfc: bool) {
        match event {
            Event::Start { tag, attr } => {
                if self.fallback == 0 {
                    self.on_start(tag, attr.as_deref());
                }
                if tag == Tag::Fallback {
                    self.fallback += 1;
                }
                self.stack.push(tag);
            }
            Event::Empty { tag, attr } => {
                if self.fallback == 0 && tag != Tag::Fallback {
                    self.on_start(tag, attr.as_deref());
                    self.on_empty(tag, attr.as_deref());
                    if tag == Tag::P {
                        self.finish_paragraph();
                    }
                }
            }
            Event::End => {
                let Some(tag) = self.stack.pop() else { return };
                if self.fallback > 0 {
                    if tag == Tag::Fallback {
                        self.fallback -= 1;
                    }
                    return;
                }
                match tag {
                    Tag::P => self.finish_paragraph(),
                    Tag::Tbl => {
                        self.tables.pop();
                    }
                    _ => {}
                }
            }
            Event::Text(_) if self.fallback > 0 => {}
            Event::Text(t) => self.on_text(&t, surely_nfc),
        }
    }

    /// The paragraphs read, for part `part`.
    pub fn finish(self, part: &str) -> Vec<Paragraph> {
        let part: std::sync::Arc<str> = part.into();
        self.out
            .into_iter()
            .enumerate()
            .filter_map(|(index, p)| p.map(|p| (index, p)))
            .map(|(index, p)| Paragraph {
                part: part.clone(),
                index,
                text: if p.maybe_not_nfc { nfc(p.text) } else { p.text },
                cell: p.cell,
                outline_level: p.outline.or(p.style_outline),
                merge_field: p.merge_field,
            })
            .collect()
    }

    fn parent(&self) -> Option<Tag> {
        self.stack.last().copied()
    }

    fn on_start(&mut self, tag: Tag, attr: Option<&str>) {
        match tag {
            Tag::P => {
                let cell = self.tables.last().and_then(|t| {
                    Some(CellPos {
                        table: t.index,
                        row: t.row?,
                        col: t.col?,
                    })
                });
                self.paras.push(ParaBuf {
                    slot: self.out.len(),
                    text: String::new(),
                    maybe_not_nfc: false,
                    outline: None,
                    style_outline: None,
                    merge_field: None,
                    instr: String::new(),
                    cell,
                });
                self.out.push(None);
            }
            Tag::Tbl => {
                self.tables.push(TableCtx {
                    index: self.table_count,
                    row: None,
                    col: None,
                });
                self.table_count += 1;
            }
            Tag::Tr => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(t.row.map_or(0, |r| r + 1));
                    t.col = None;
                }
            }
            Tag::Tc => {
                if let Some(t) = self.tables.last_mut() {
                    t.col = Some(t.col.map_or(0, |c| c + 1));
                }
            }
            Tag::FldSimple => {
                if let (Some(p), Some(instr)) = (self.paras.last_mut(), attr) {
                    if p.merge_field.is_none() {
                        p.merge_field = mergefield_name(instr);
                    }
                }
            }
            _ => {}
        }
    }

    fn on_empty(&mut self, tag: Tag, attr: Option<&str>) {
        let parent = self.parent();
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        let in_run = parent == Some(Tag::R);
        let in_ppr = parent == Some(Tag::PPr);
        match tag {
            Tag::Tab if in_run => p.text.push('\t'),
            Tag::Br if in_run => p.text.push('\n'),
            Tag::NoBreakHyphen if in_run => p.text.push('-'),
            Tag::OutlineLvl if in_ppr => {
                p.outline = attr.and_then(|v| v.parse::<u8>().ok()).filter(|&l| l < 9);
            }
            Tag::PStyle if in_ppr => {
                p.style_outline = attr.and_then(heading_level);
            }
            Tag::FldChar if attr == Some("begin") => p.instr.clear(),
            _ => {}
        }
    }

    fn on_text(&mut self, text: &str, surely_nfc: bool) {
        let parent = self.parent();
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        match parent {
            Some(Tag::T) => {
                if !surely_nfc && !p.maybe_not_nfc {
                    p.maybe_not_nfc = !all_surely_nfc(text.as_bytes());
                }
                p.text.push_str(text);
            }
            Some(Tag::InstrText) => {
                p.instr.push_str(text);
                if p.merge_field.is_none() {
                    p.merge_field = mergefield_name(&p.instr);
                }
            }
            _ => {}
        }
    }

    fn finish_paragraph(&mut self) {
        if let Some(p) = self.paras.pop() {
            let slot = p.slot;
            self.out[slot] = Some(p);
        }
    }
}

/// `Heading3` or `heading 3` → outline level 2.
fn heading_level(style: &str) -> Option<u8> {
    let lower = style.to_ascii_lowercase();
    let digits = lower.strip_prefix("heading")?.trim();
    digits
        .parse::<u8>()
        .ok()
        .filter(|&n| (1..=9).contains(&n))
        .map(|n| n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PART: &str = r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>Kế hoạch &amp; </w:t></w:r><w:r><w:tab/><w:t>số liệu</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Ô 1</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:fldSimple w:instr=" MERGEFIELD ten "><w:r><w:t>«ten»</w:t></w:r></w:fldSimple></w:p></w:body></w:document>"#;

    #[test]
    fn pieces_recorded_and_replayed_read_as_the_whole() {
        let whole = paragraphs_in(PART, "word/document.xml").unwrap();
        assert_eq!(whole.len(), 3);
        // Cut before every tag, record each piece, replay them all.
        let cuts: Vec<usize> = PART.match_indices('<').map(|(i, _)| i).collect();
        for step in 1..4 {
            let mut recorder = Tokenizer::in_pieces();
            let mut pieces = Vec::new();
            let mut from = 0;
            for &cut in cuts.iter().step_by(step).skip(1) {
                pieces.push(recorder.record(&PART[from..cut]).unwrap());
                from = cut;
            }
            pieces.push(recorder.record(&PART[from..]).unwrap());
            let mut tokens = Tokenizer::in_pieces();
            let mut reader = ParagraphReader::default();
            for events in &pieces {
                tokens.replay(events, &mut |e, nfc| reader.take_known(e, nfc));
            }
            assert_eq!(reader.finish("word/document.xml"), whole, "step {step}");
        }
    }

    #[test]
    fn replayed_and_read_text_comes_out_nfc() {
        const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
        let read_after = |fixed: &str, written: &str| {
            let mut recorder = Tokenizer::in_pieces();
            let events = recorder
                .record(&format!("<w:document {W}><w:body><w:p><w:r><w:t>{fixed}"))
                .unwrap();
            let mut tokens = Tokenizer::in_pieces();
            let mut reader = ParagraphReader::default();
            tokens.replay(&events, &mut |e, nfc| reader.take_known(e, nfc));
            let rest = format!("{written}</w:t></w:r></w:p></w:body></w:document>");
            tokens.read(&rest, &mut |e| reader.take(e)).unwrap();
            reader.finish("word/document.xml").remove(0).text
        };
        // A combining mark written after fixed text joins its letter.
        assert_eq!(read_after("Ke", "\u{301} hoạch"), "Ké hoạch");
        // Fixed text that is not NFC is normalised too.
        assert_eq!(read_after("Ke\u{301}", " hoạch"), "Ké hoạch");
        assert_eq!(read_after("Kế", " hoạch"), "Kế hoạch");
    }

    #[test]
    fn a_whole_part_must_close_what_it_opens() {
        assert!(paragraphs_in("<a></b>", "x").is_err());
        let mut pieces = Tokenizer::in_pieces();
        assert!(pieces.read("</w:t></w:r>", &mut |_| {}).is_ok());
    }
}
