//! The rules. Each looks at one paragraph (or, for figures across table rows
//! and empty sections, at the paragraph list) and returns hits; the checker
//! turns hits into findings.
//!
//! Rules run in a fixed order and a later rule skips text an earlier one
//! has claimed: issuance blanks first (so the clerk's "Số:   /BC-LĐLĐ" is
//! never reported as a missing figure), then template tags, "waiting for
//! data" notes, fill-in lines, and last the dot runs inside sentences.
//! [`refine`] then takes a second look at a paragraph's hits (one per blank
//! date, no multiplication signs, citations are the drafter's). Over the
//! whole document, [`forms`] decides which blanks belong to a form meant for
//! someone else (`form-field`) and which empty headings are an outline left
//! for the recipients; the renderer's own gap markers are read from the XML
//! ([`crate::check::written`]).

pub mod blank;
pub mod cells;
pub mod ellipsis;
pub mod figures;
pub mod forms;
pub mod issuance;
pub mod markers;
pub mod refine;
pub mod sections;
pub mod tags;

use std::cell::OnceCell;

use super::model::{FormatRule, Kind};
use super::scan::{Chars, Marks};

/// One thing a rule found in a paragraph; offsets in characters.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub message: String,
    /// The format rule, for a [`Kind::Format`] hit.
    pub rule: Option<FormatRule>,
}

impl Hit {
    pub fn new(kind: Kind, start: usize, end: usize, message: impl Into<String>) -> Hit {
        Hit {
            kind,
            start,
            end,
            message: message.into(),
            rule: None,
        }
    }

    /// A hit of the format rule `rule`.
    pub fn format(rule: FormatRule, start: usize, end: usize, message: impl Into<String>) -> Hit {
        Hit {
            rule: Some(rule),
            ..Hit::new(Kind::Format, start, end, message)
        }
    }
}

/// Where a paragraph is, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartKind {
    Body,
    Header,
    Footer,
    Footnotes,
    Endnotes,
    Other,
}

impl PartKind {
    /// From a part name such as `word/footnotes.xml` or `word/header2.xml`.
    pub fn of(part: &str) -> PartKind {
        let name = part.rsplit('/').next().unwrap_or(part).to_lowercase();
        if name.starts_with("header") {
            PartKind::Header
        } else if name.starts_with("footer") {
            PartKind::Footer
        } else if name.starts_with("footnotes") {
            PartKind::Footnotes
        } else if name.starts_with("endnotes") {
            PartKind::Endnotes
        } else if name.starts_with("document") || name.ends_with("document.xml") {
            PartKind::Body
        } else {
            PartKind::Other
        }
    }
}

/// One paragraph as the rules see it.
pub struct Para {
    /// The paragraph's text (NFC).
    pub text: String,
    /// What the text holds, for the rules to skip what cannot apply.
    pub marks: Marks,
    /// The text as characters, made when a rule first needs them.
    chars: OnceCell<Chars>,
    /// Its dot, underscore and placeholder runs ([`ellipsis::runs`]).
    pub runs: Vec<ellipsis::Run>,
    pub in_cell: bool,
    pub part: PartKind,
    /// Spans already reported by an earlier rule.
    pub claimed: Vec<(usize, usize)>,
}

impl Para {
    pub fn new(text: String, in_cell: bool, part: PartKind) -> Para {
        let marks = Marks::of(&text);
        Para::with_marks(text, marks, in_cell, part)
    }

    /// Like [`Para::new`], with the marks of `text` known.
    pub fn with_marks(text: String, marks: Marks, in_cell: bool, part: PartKind) -> Para {
        let mut p = Para {
            text,
            marks,
            chars: OnceCell::new(),
            runs: Vec::new(),
            in_cell,
            part,
            claimed: Vec::new(),
        };
        if ellipsis::may_have_runs(&p.text, &p.marks) {
            p.runs = ellipsis::runs(p.chars());
        }
        p
    }

    /// The text as characters.
    pub fn chars(&self) -> &Chars {
        self.chars.get_or_init(|| Chars::new(self.text.clone()))
    }

    /// True when `s..e` overlaps a claimed span.
    pub fn is_claimed(&self, s: usize, e: usize) -> bool {
        self.claimed
            .iter()
            .any(|&(cs, ce)| cs < e.max(s + 1) && s < ce)
    }

    pub fn claim(&mut self, s: usize, e: usize) {
        self.claimed.push((s, e));
    }
}
