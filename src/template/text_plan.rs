//! Reading the text of a compiled template's fixed XML once.
//!
//! Every [`StaticXml`](super::StaticXml) piece is read where it stands in its
//! part, so its elements resolve against the namespaces in scope there, and
//! keeps its text events. A rendered document is then read by replaying
//! those events and reading only what the renderer wrote between them.

use super::model::{Chunk, CompiledPart, FootnoteSet, IdKind};
use crate::text::Tokenizer;
use std::collections::HashMap;

/// Records the text events of every fixed piece of every part. Returns
/// `false` when some piece cannot be read the same way wherever it is
/// rendered (a section whose XML does not close what it opens): documents
/// rendered from such a template are read from their XML instead.
pub(crate) fn record(parts: &mut [CompiledPart], footnotes: Option<&mut FootnoteSet>) -> bool {
    let mut ok = true;
    for part in parts {
        ok &= walk(&mut part.chunks, &mut Tokenizer::in_pieces(), &mut None);
    }
    if let Some(set) = footnotes {
        let mut notes = Some(Notes {
            order: &set.order,
            chunks: &mut set.notes,
        });
        ok &= walk(&mut set.chunks, &mut Tokenizer::in_pieces(), &mut notes);
    }
    ok
}

/// The footnotes of a footnotes part, read where its notes slot is.
struct Notes<'a> {
    order: &'a [String],
    chunks: &'a mut HashMap<String, Vec<Chunk>>,
}

fn walk(chunks: &mut [Chunk], tokens: &mut Tokenizer, notes: &mut Option<Notes<'_>>) -> bool {
    for chunk in chunks {
        match chunk {
            Chunk::Static(s) => match tokens.record(&s.xml) {
                Ok(events) => s.events = events,
                Err(_) => return false,
            },
            Chunk::Value { .. } => {}
            Chunk::Section { body, .. } => {
                if !balanced(tokens, |t| walk(body, t, notes)) {
                    return false;
                }
            }
            Chunk::Tag {
                kind: IdKind::NotesSlot,
                ..
            } => {
                if let Some(n) = notes.take() {
                    if !walk_notes(n, tokens) {
                        return false;
                    }
                }
            }
            Chunk::Tag {
                kind: IdKind::KeepParagraphFrom | IdKind::KeepParagraph,
                ..
            } => {}
            Chunk::Tag { start, empty, .. } => {
                let xml = format!("<{start}{}>", if *empty { "/" } else { "" });
                if tokens.read(&xml, &mut |_| {}).is_err() {
                    return false;
                }
            }
        }
    }
    true
}

/// Each footnote in the part's order, then any others, each on its own.
fn walk_notes(notes: Notes<'_>, tokens: &mut Tokenizer) -> bool {
    let mut ids: Vec<String> = notes.order.to_vec();
    let mut rest: Vec<String> = notes
        .chunks
        .keys()
        .filter(|id| !ids.contains(id))
        .cloned()
        .collect();
    rest.sort();
    ids.extend(rest);
    ids.iter().all(|id| match notes.chunks.get_mut(id) {
        Some(body) => balanced(tokens, |t| walk(body, t, &mut None)),
        None => true,
    })
}

/// Runs `f`, which must leave exactly the elements open that were open before.
fn balanced(tokens: &mut Tokenizer, f: impl FnOnce(&mut Tokenizer) -> bool) -> bool {
    let depth = tokens.open_elements();
    f(tokens) && tokens.open_elements() == depth
}
