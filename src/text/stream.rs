//! Reading every paragraph of a part straight from its XML events, without
//! building a tree: what the checker needs, fast enough to check every
//! document of a batch.

use super::mergefield_name;
use crate::check::model::{CellPos, Paragraph};
use crate::xml::{unescape, Namespaces, ParseError, Tag};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

struct Open {
    tag: Tag,
    mark: usize,
}

struct ParaBuf {
    slot: usize,
    text: String,
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

/// Every paragraph of a story part in document order (a paragraph is listed
/// where it starts, so a text box's paragraphs follow the paragraph holding
/// it). Text is the `w:t` contents joined, `\t` for tabs, `\n` for breaks,
/// NFC; deleted text, field codes and the second copy of alternate content
/// (`mc:Fallback`) are left out.
pub fn paragraphs_in(xml: &str, part: &str) -> Result<Vec<Paragraph>, ParseError> {
    let mut reader = Reader::from_str(xml.strip_prefix('\u{feff}').unwrap_or(xml));
    let mut ns = Namespaces::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut paras: Vec<ParaBuf> = Vec::new();
    let mut out: Vec<Option<Paragraph>> = Vec::new();
    let mut tables: Vec<TableCtx> = Vec::new();
    let mut table_count = 0;
    let mut fallback = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| ParseError {
            offset: reader.error_position(),
            message: e.to_string(),
        })?;
        match event {
            Event::Start(e) => {
                let (tag, mark) = ns.enter(&e);
                if fallback == 0 {
                    on_start(tag, &e, &mut paras, &mut out, &mut tables, &mut table_count);
                }
                if tag == Tag::Fallback {
                    fallback += 1;
                }
                stack.push(Open { tag, mark });
            }
            Event::Empty(e) => {
                let (tag, mark) = ns.enter(&e);
                if fallback == 0 && tag != Tag::Fallback {
                    on_start(tag, &e, &mut paras, &mut out, &mut tables, &mut table_count);
                    on_empty(tag, &e, &mut paras, &stack);
                    if tag == Tag::P {
                        finish(&mut paras, &mut out, part);
                    }
                }
                ns.leave(mark);
            }
            Event::End(_) => {
                let Some(open) = stack.pop() else { continue };
                ns.leave(open.mark);
                if fallback > 0 {
                    if open.tag == Tag::Fallback {
                        fallback -= 1;
                    }
                    continue;
                }
                match open.tag {
                    Tag::P => finish(&mut paras, &mut out, part),
                    Tag::Tbl => {
                        tables.pop();
                    }
                    _ => {}
                }
            }
            _ if fallback > 0 => {}
            Event::Text(t) => on_text(&unescape(&t), &stack, &mut paras),
            Event::GeneralRef(r) => on_text(&unescape(&format!("&{};", &*r)), &stack, &mut paras),
            Event::CData(c) => on_text(&c, &stack, &mut paras),
            Event::DocType(_) => {
                return Err(ParseError {
                    offset: reader.buffer_position(),
                    message: "a DOCTYPE declaration is not allowed in a .docx part".into(),
                })
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out.into_iter().flatten().collect())
}

fn parent(stack: &[Open]) -> Option<Tag> {
    stack.last().map(|o| o.tag)
}

fn on_start(
    tag: Tag,
    e: &BytesStart<'_>,
    paras: &mut Vec<ParaBuf>,
    out: &mut Vec<Option<Paragraph>>,
    tables: &mut Vec<TableCtx>,
    table_count: &mut usize,
) {
    match tag {
        Tag::P => {
            let cell = tables.last().and_then(|t| {
                Some(CellPos {
                    table: t.index,
                    row: t.row?,
                    col: t.col?,
                })
            });
            paras.push(ParaBuf {
                slot: out.len(),
                text: String::new(),
                outline: None,
                style_outline: None,
                merge_field: None,
                instr: String::new(),
                cell,
            });
            out.push(None);
        }
        Tag::Tbl => {
            tables.push(TableCtx {
                index: *table_count,
                row: None,
                col: None,
            });
            *table_count += 1;
        }
        Tag::Tr => {
            if let Some(t) = tables.last_mut() {
                t.row = Some(t.row.map_or(0, |r| r + 1));
                t.col = None;
            }
        }
        Tag::Tc => {
            if let Some(t) = tables.last_mut() {
                t.col = Some(t.col.map_or(0, |c| c + 1));
            }
        }
        Tag::FldSimple => {
            if let (Some(p), Some(instr)) = (paras.last_mut(), attr(e, "instr")) {
                if p.merge_field.is_none() {
                    p.merge_field = mergefield_name(&instr);
                }
            }
        }
        _ => {}
    }
}

fn on_empty(tag: Tag, e: &BytesStart<'_>, paras: &mut [ParaBuf], stack: &[Open]) {
    let Some(p) = paras.last_mut() else { return };
    let in_run = parent(stack) == Some(Tag::R);
    let in_ppr = parent(stack) == Some(Tag::PPr);
    match tag {
        Tag::Tab if in_run => p.text.push('\t'),
        Tag::Br if in_run => p.text.push('\n'),
        Tag::NoBreakHyphen if in_run => p.text.push('-'),
        Tag::OutlineLvl if in_ppr => {
            p.outline = attr(e, "val")
                .and_then(|v| v.parse::<u8>().ok())
                .filter(|&l| l < 9);
        }
        Tag::PStyle if in_ppr => {
            p.style_outline = attr(e, "val").and_then(|v| heading_level(&v));
        }
        Tag::FldChar if attr(e, "fldCharType").as_deref() == Some("begin") => p.instr.clear(),
        _ => {}
    }
}

fn on_text(text: &str, stack: &[Open], paras: &mut [ParaBuf]) {
    let Some(p) = paras.last_mut() else { return };
    match parent(stack) {
        Some(Tag::T) => p.text.push_str(text),
        Some(Tag::InstrText) => {
            p.instr.push_str(text);
            if p.merge_field.is_none() {
                p.merge_field = mergefield_name(&p.instr);
            }
        }
        _ => {}
    }
}

fn finish(paras: &mut Vec<ParaBuf>, out: &mut [Option<Paragraph>], part: &str) {
    let Some(p) = paras.pop() else { return };
    let index = p.slot;
    out[index] = Some(Paragraph {
        part: part.to_string(),
        index,
        text: nfc(p.text),
        cell: p.cell,
        outline_level: p.outline.or(p.style_outline),
        merge_field: p.merge_field,
    });
}

/// NFC without copying text that is already NFC (nearly all of it).
fn nfc(text: String) -> String {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
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

fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().with_checks(false).flatten().find_map(|a| {
        let key = a.key.as_ref();
        let key_local = key.rsplit_once(':').map_or(key, |(_, l)| l);
        (key_local == local).then(|| unescape(&a.value).into_owned())
    })
}
