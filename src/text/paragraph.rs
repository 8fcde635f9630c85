//! One paragraph as the readers of story parts give it: its text over all
//! runs and where it stands (part, index, table cell, outline level).

use serde::Serialize;
use std::sync::Arc;

/// Where a paragraph sits inside a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CellPos {
    /// Index of the table within its part, in document order (nested tables count too).
    pub table: usize,
    /// Row index within that table.
    pub row: usize,
    /// Cell index within that row.
    pub col: usize,
    /// True when the cell is merged with the one above it (`w:vMerge`
    /// continuing a merge): it shows what that cell shows.
    pub merged_above: bool,
}

/// Which kind of note a reference points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum NoteKind {
    /// A footnote (`w:footnoteReference`), numbered 1, 2, 3… by Word.
    Footnote,
    /// An endnote (`w:endnoteReference`), numbered i, ii, iii… by Word.
    Endnote,
}

/// A footnote or endnote reference in the body, by the `w:id` that ties it
/// to the note's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NoteRef {
    /// Footnote or endnote.
    pub kind: NoteKind,
    /// The note's `w:id`.
    pub id: i64,
}

/// One paragraph as checking and rendering read it: its text over all runs, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// Part name inside the package, e.g. `word/document.xml` or
    /// `word/footnotes.xml`; shared by the paragraphs of a part.
    pub part: Arc<str>,
    /// Index of the paragraph within its part, in document order (table cells,
    /// text boxes and footnotes included).
    pub index: usize,
    /// The paragraph's text: runs joined, NFC, `\t` for tabs, `\n` for breaks.
    pub text: String,
    /// Set when the paragraph is inside a table cell.
    pub cell: Option<CellPos>,
    /// Outline level from the paragraph's style or properties (0 = Heading 1), when known.
    pub outline_level: Option<u8>,
    /// Set when the paragraph holds an unfilled MERGEFIELD; the field's name.
    pub merge_field: Option<String>,
    /// For a paragraph of a footnote or endnote, that note's `w:id`.
    pub note: Option<i64>,
    /// The notes referenced from this paragraph, in order (numbered ones
    /// only: a reference followed by its own mark is left out).
    pub note_refs: Vec<NoteRef>,
}
