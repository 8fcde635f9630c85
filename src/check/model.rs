//! What the checker reads (paragraphs) and what it reports (findings).

use serde::Serialize;
use std::sync::Arc;

pub use super::format::FormatRule;

/// Where a paragraph sits inside a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CellPos {
    /// Index of the table within its part, in document order (nested tables count too).
    pub table: usize,
    /// Row index within that table.
    pub row: usize,
    /// Cell index within that row.
    pub col: usize,
}

/// One paragraph as the checker sees it: its text over all runs, and where it is.
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
}

/// The kind of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A quantity slot left as dots: "là …. doanh nghiệp".
    MissingFigure,
    /// A note asking for data: "(Bổ sung số liệu)".
    TodoMarker,
    /// A dotted or underscored fill-in line.
    BlankField,
    /// A template tag or merge field left in the text.
    UnfilledTag,
    /// A stated rate that does not match its figures.
    FigureMismatch,
    /// A numbered heading with nothing under it.
    EmptySection,
    /// The number/date blanks a clerk fills at issuance.
    IssuanceBlank,
    /// A blank of a form meant for someone else (an attached "Mẫu", a
    /// "Phụ lục", a tờ khai, a lý lịch): not a gap of the draft.
    FormField,
    /// A departure from the national format of Nghị định 30/2020/NĐ-CP;
    /// [`Finding::rule`] says which rule.
    Format,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed before signing.
    Error,
    /// Probably wrong; a person should look.
    Warning,
    /// For the clerk; not a problem in a draft.
    Info,
}

/// One thing the checker found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub kind: Kind,
    pub severity: Severity,
    /// Part name, e.g. `word/document.xml`.
    pub part: String,
    pub paragraph_index: usize,
    /// The paragraph's text (runs joined, NFC), shared by the paragraph's findings.
    pub paragraph_text: Arc<str>,
    /// Start offset in Unicode scalar values into `paragraph_text`.
    pub start: usize,
    /// End offset (exclusive) in Unicode scalar values.
    pub end: usize,
    /// The matched text, `paragraph_text[start..end]` in characters.
    pub matched: String,
    /// Heading path of the section holding the paragraph, e.g. "II. > 1. > 1.1.".
    pub section: String,
    /// What is missing, in Vietnamese.
    pub message: String,
    /// For a [`Kind::Format`] finding, the format rule it breaks.
    pub rule: Option<FormatRule>,
}
