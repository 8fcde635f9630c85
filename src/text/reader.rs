//! Reading every paragraph of a part straight from its XML events, without
//! building a tree: what the checker needs, fast enough to check every
//! document of a batch. A [`ParagraphReader`] turns the [`Event`]s of a
//! [`super::Tokenizer`] into [`Paragraph`]s.

use super::events::{Event, Tokenizer};
use super::paragraph::{CellPos, NoteKind, NoteRef, Paragraph};
use super::{all_surely_nfc, mergefield_name, nfc};
use crate::xml::{ParseError, Tag};

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
    note: Option<i64>,
    note_refs: Vec<NoteRef>,
}

struct TableCtx {
    index: usize,
    row: Option<usize>,
    col: Option<usize>,
    /// The current cell continues a vertical merge.
    merged_above: bool,
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
    /// The `w:id` of the footnote or endnote being read.
    note: Option<i64>,
}

impl ParagraphReader {
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
                    Tag::Footnote | Tag::Endnote => self.note = None,
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
                note: p.note,
                note_refs: p.note_refs,
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
                        merged_above: t.merged_above,
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
                    note: self.note,
                    note_refs: Vec::new(),
                });
                self.out.push(None);
            }
            Tag::Tbl => {
                self.tables.push(TableCtx {
                    index: self.table_count,
                    row: None,
                    col: None,
                    merged_above: false,
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
                    t.merged_above = false;
                }
            }
            Tag::VMerge => {
                // Only a cell's own properties, before its paragraphs, say
                // whether it is merged.
                if let Some(t) = self.tables.last_mut() {
                    t.merged_above = attr.is_none_or(|v| v.trim() != "restart");
                }
            }
            Tag::Footnote | Tag::Endnote => {
                self.note = attr.and_then(|id| id.trim().parse().ok());
            }
            Tag::FootnoteReference | Tag::EndnoteReference => {
                let kind = if tag == Tag::FootnoteReference {
                    NoteKind::Footnote
                } else {
                    NoteKind::Endnote
                };
                let id = attr.and_then(|id| id.trim().parse().ok());
                if let (Some(p), Some(id)) = (self.paras.last_mut(), id) {
                    p.note_refs.push(NoteRef { kind, id });
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

    const PART: &str = r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>Kế hoạch &amp; </w:t></w:r><w:r><w:tab/><w:t>số liệu</w:t></w:r><w:r><w:footnoteReference w:id="3"/></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Ô 1</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:fldSimple w:instr=" MERGEFIELD ten "><w:r><w:t>«ten»</w:t></w:r></w:fldSimple></w:p></w:body></w:document>"#;

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
    fn notes_and_their_references_are_read() {
        let whole = paragraphs_in(PART, "word/document.xml").unwrap();
        let refs: Vec<&[NoteRef]> = whole.iter().map(|p| p.note_refs.as_slice()).collect();
        let three = NoteRef {
            kind: NoteKind::Footnote,
            id: 3,
        };
        assert_eq!(refs, [&[three][..], &[], &[]]);
        const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
        let notes = format!(
            r#"<w:footnotes {W}><w:footnote w:id="3"><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:footnote><w:footnote w:id="8"><w:p/></w:footnote></w:footnotes>"#
        );
        let read = paragraphs_in(&notes, "word/footnotes.xml").unwrap();
        let ids: Vec<Option<i64>> = read.iter().map(|p| p.note).collect();
        assert_eq!(ids, [Some(3), Some(3), Some(8)]);
        // Recorded and replayed, the notes' starts are kept.
        let mut recorder = Tokenizer::in_pieces();
        let events = recorder.record(&notes).unwrap();
        let mut tokens = Tokenizer::in_pieces();
        let mut reader = ParagraphReader::default();
        tokens.replay(&events, &mut |e, nfc| reader.take_known(e, nfc));
        assert_eq!(reader.finish("word/footnotes.xml"), read);
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
