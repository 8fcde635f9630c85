//! XML read as the events the paragraph reader needs: a [`Tokenizer`] turns
//! XML (a whole part, or consecutive pieces of one) into [`Event`]s with each
//! element's tag already resolved. A template keeps the events of its fixed
//! pieces as [`TextEvent`]s and replays them, so a rendered document needs
//! only its filled-in pieces read.

use super::all_surely_nfc;
use crate::xml::{unescape, Namespaces, ParseError, Tag, MAX_DEPTH};
use quick_xml::events::{BytesStart, Event as XmlEvent};
use quick_xml::Reader;
use std::borrow::Cow;

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
        Tag::OutlineLvl | Tag::PStyle | Tag::VMerge => Some("val"),
        Tag::FldChar => Some("fldCharType"),
        Tag::Footnote | Tag::Endnote | Tag::FootnoteReference | Tag::EndnoteReference => Some("id"),
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
                Event::Empty { tag, .. } if !reader_uses_empty(tag) => return,
                Event::Start { .. } => open.push(events.len()),
                Event::End => {
                    if let Some(start) = open.pop() {
                        if reader_passes_over(&events[start..]) {
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
                XmlEvent::Start(_) if self.marks.len() >= MAX_DEPTH => {
                    return Err(ParseError::too_deep(reader.buffer_position()))
                }
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
    let mut value = None;
    for a in e.attributes().with_checks(false).flatten() {
        let key = a.key.as_ref();
        let key_local = key.rsplit_once(':').map_or(key, |(_, l)| l);
        if key_local == local {
            value = Some(Cow::Owned(unescape(&a.value).into_owned()));
        } else if key_local == "customMarkFollows" && is_on(&a.value) {
            // A note reference followed by its own mark takes no number.
            return None;
        }
    }
    value
}

/// An on/off attribute value that says on.
fn is_on(value: &str) -> bool {
    matches!(value, "1" | "true" | "on")
}

/// Whether an empty element with this tag changes what the
/// [`super::ParagraphReader`] reads.
fn reader_uses_empty(tag: Tag) -> bool {
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
            | Tag::FootnoteReference
            | Tag::EndnoteReference
            | Tag::VMerge
    )
}

/// Whether the reader reads the same without the start and the end of
/// the element whose start is `element[0]` (what it holds follows): its
/// start and end change nothing, it declares no namespaces, and it is
/// no parent the reader looks at (of text, of a tab or break in a run,
/// of a style or outline level in paragraph properties).
fn reader_passes_over(element: &[TextEvent]) -> bool {
    let Some((first, inside)) = element.split_first() else {
        return false;
    };
    let Event::Start { tag, .. } = first.event else {
        return false;
    };
    let counted = matches!(
        tag,
        Tag::P
            | Tag::Tbl
            | Tag::Tr
            | Tag::Tc
            | Tag::FldSimple
            | Tag::Fallback
            | Tag::Footnote
            | Tag::Endnote
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
