//! What the checker reports (findings). The paragraphs it reads are
//! [`crate::text::Paragraph`]s.

pub use crate::text::{CellPos, Paragraph};
use serde::Serialize;
use std::sync::Arc;

pub use super::format::FormatRule;

/// A table cell as a reviewer finds it: the table's number and the row and
/// column by what they say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TablePlace {
    /// The table's number within its part, from 1 ("bảng 2").
    pub number: usize,
    /// Row number within the table, from 1.
    pub row: usize,
    /// Column number within the row, from 1.
    pub column: usize,
    /// The text of the row's first cell (shortened), e.g. "Đoàn viên mới".
    pub row_label: String,
    /// The text of the column's cell in the first row (shortened), e.g. "Tỷ lệ (%)".
    pub column_header: String,
}

impl TablePlace {
    /// "bảng 2, hàng “Đoàn viên mới”, cột “Tỷ lệ (%)”".
    pub fn describe(&self) -> String {
        let row = if self.row_label.is_empty() {
            self.row.to_string()
        } else {
            format!("“{}”", self.row_label)
        };
        let column = if self.column_header.is_empty() {
            self.column.to_string()
        } else {
            format!("“{}”", self.column_header)
        };
        format!("bảng {}, hàng {row}, cột {column}", self.number)
    }
}

/// The kind of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
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
    /// the finding's `rule` says which rule.
    Format,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
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
    /// Heading path of the section holding the paragraph, e.g. "II. > 1. > 1.1.";
    /// "Đầu văn bản" before the first heading, "Toàn văn bản" in a body
    /// without headings, "Chú thích", "Đầu trang", "Chân trang" outside it.
    pub section: String,
    /// Where in a table the paragraph is, for one in a table cell.
    pub table: Option<TablePlace>,
    /// For a paragraph of a footnote or endnote, the note's number as Word
    /// shows it (endnotes in [`Finding::section`] as i, ii, iii…).
    pub note: Option<usize>,
    /// What is missing, in Vietnamese.
    pub message: String,
    /// For a [`Kind::Format`] finding, the format rule it breaks.
    pub rule: Option<FormatRule>,
}
