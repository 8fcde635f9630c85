//! Ids that must stay unique, or follow document order, in one rendered document:
//! footnotes, list numbering, drawings and bookmarks repeated by sections.

use super::output::Output;
use crate::template::{NumberingInfo, Template};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// One item of a repeated section being rendered.
struct Item {
    index: usize,
    continue_numbering: bool,
    /// Old id → new id within this item, by kind ("num", "bm").
    renamed: HashMap<(&'static str, String), String>,
}

/// Counters and collected output shared by all parts of one document.
pub(super) struct DocState<'t> {
    /// Template footnotes rendered so far, by original id: the first use, then any copies.
    pub notes_by_original: HashMap<String, Output<'t>>,
    /// Footnotes made from data, in reference order.
    pub new_notes: String,
    used_notes: HashSet<String>,
    /// The id of the footnote being rendered.
    pub current_note: Option<String>,
    /// Output offsets where the cells being rendered started (see `IdKind::KeepParagraph`).
    pub cells: Vec<usize>,
    next_note: u64,
    made_notes: bool,
    next_num: u64,
    new_nums: String,
    next_docpr: u64,
    next_bookmark: u64,
    items: Vec<Item>,
}

impl<'t> DocState<'t> {
    pub fn new(template: &Template) -> Self {
        let base = template.id_base();
        DocState {
            notes_by_original: HashMap::new(),
            new_notes: String::new(),
            used_notes: HashSet::new(),
            current_note: None,
            cells: Vec::new(),
            next_note: template.footnotes().map_or(0, |f| f.max_id) + 1,
            made_notes: false,
            next_num: template.numbering().map_or(1, |n| n.max_num_id + 1),
            new_nums: String::new(),
            next_docpr: base.docpr + 1,
            next_bookmark: base.bookmark + 1,
            items: Vec::new(),
        }
    }

    /// The id for a reference to template footnote `original`: its own id the
    /// first time, a fresh one for every copy made by a repeated section.
    pub fn note_id_for(&mut self, original: &str) -> String {
        if self.used_notes.insert(original.to_string()) {
            original.to_string()
        } else {
            self.next_note_id()
        }
    }

    /// All footnotes in the template's order (each followed by its copies), then those made from data.
    pub fn take_notes(&mut self, order: &[String]) -> Output<'t> {
        let mut out = Output::default();
        for id in order {
            if let Some(notes) = self.notes_by_original.remove(id) {
                out.append(notes);
            }
        }
        out.xml.push_str(&std::mem::take(&mut self.new_notes));
        out
    }

    /// A fresh footnote id, above every id in the template.
    pub fn next_note_id(&mut self) -> String {
        let id = self.next_note;
        self.next_note += 1;
        id.to_string()
    }

    /// Records that a footnote was made from data.
    pub fn made_note(&mut self) {
        self.made_notes = true;
    }

    /// Whether any footnote was made from data.
    pub fn made_notes(&self) -> bool {
        self.made_notes
    }

    pub fn enter_item(&mut self, index: usize, continue_numbering: bool) {
        self.items.push(Item {
            index,
            continue_numbering,
            renamed: HashMap::new(),
        });
    }

    pub fn leave_item(&mut self) {
        self.items.pop();
    }

    /// The first repetition keeps the template's ids; every later one gets fresh ids.
    fn repeated(&self) -> bool {
        self.items.iter().any(|i| i.index > 0)
    }

    fn renamed(
        &mut self,
        kind: &'static str,
        old: &str,
        fresh: impl FnOnce(&mut Self) -> String,
    ) -> Option<String> {
        let key = (kind, old.to_string());
        if let Some(new) = self.items.last().and_then(|i| i.renamed.get(&key)) {
            return Some(new.clone());
        }
        let new = fresh(self);
        self.items.last_mut()?.renamed.insert(key, new.clone());
        Some(new)
    }

    /// A fresh list (restarting at 1) for a numbered paragraph in a later repetition.
    pub fn num_id(&mut self, old: &str, numbering: Option<&NumberingInfo>) -> Option<String> {
        if !self.repeated() || self.items.iter().any(|i| i.continue_numbering) {
            return None;
        }
        let numbering = numbering?;
        let abstract_id = numbering.abstract_of.get(old)?.clone();
        let w = numbering.w.clone();
        self.renamed("num", old, |s| {
            let id = s.next_num;
            s.next_num += 1;
            let _ = write!(s.new_nums, "<{w}num {w}numId=\"{id}\"><{w}abstractNumId {w}val=\"{abstract_id}\"/>");
            for level in 0..9 {
                let _ = write!(
                    s.new_nums,
                    "<{w}lvlOverride {w}ilvl=\"{level}\"><{w}startOverride {w}val=\"1\"/></{w}lvlOverride>"
                );
            }
            let _ = write!(s.new_nums, "</{w}num>");
            id.to_string()
        })
    }

    /// A fresh drawing id in a later repetition.
    pub fn docpr_id(&mut self) -> Option<String> {
        if !self.repeated() {
            return None;
        }
        let id = self.next_docpr;
        self.next_docpr += 1;
        Some(id.to_string())
    }

    /// A fresh bookmark id in a later repetition (start and end of one bookmark agree).
    pub fn bookmark_id(&mut self, old: &str) -> Option<String> {
        if !self.repeated() {
            return None;
        }
        self.renamed("bm", old, |s| {
            let id = s.next_bookmark;
            s.next_bookmark += 1;
            id.to_string()
        })
    }

    /// The numbering part with the new lists added, when any were made.
    pub fn numbering_xml(&self, numbering: Option<&NumberingInfo>) -> Option<String> {
        let n = numbering?;
        if self.new_nums.is_empty() {
            return None;
        }
        let mut xml = String::with_capacity(n.xml.len() + self.new_nums.len());
        xml.push_str(&n.xml[..n.insert_at]);
        xml.push_str(&self.new_nums);
        xml.push_str(&n.xml[n.insert_at..]);
        Some(xml)
    }
}
