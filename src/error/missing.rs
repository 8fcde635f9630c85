//! A value the data did not give: where the document waits for it and why.

use crate::text::{excerpt, quote};
use serde::Serialize;

/// A value the document waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct MissingValue {
    /// The tag as written in the template.
    pub tag: String,
    /// Part name.
    pub part: String,
    /// Index of the paragraph within the part: in the rendered document
    /// once [`MissingValue::at`] is set, else in the template.
    pub paragraph_index: usize,
    /// That paragraph's text: as rendered, with its gap marker, once
    /// [`MissingValue::at`] is set; else the template's.
    pub context: std::sync::Arc<str>,
    /// Where the gap marker stands in `context`, in characters, when the
    /// value was placed in the rendered document.
    pub at: Option<usize>,
    /// Which list items lead to it, e.g. `hoat_dong[3]`; empty at the top level.
    pub item: String,
    /// Why, in Vietnamese.
    pub reason: String,
}

impl std::fmt::Display for MissingValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, đoạn {}", self.part, self.paragraph_index + 1)?;
        if !self.item.is_empty() {
            write!(f, " ({})", self.item)?;
        }
        let shown = match self.at {
            Some(at) => excerpt(&self.context, at, at + 1),
            None => quote(&self.context).into_owned(),
        };
        write!(f, ": {} — {} « {shown} »", quote(&self.tag), self.reason,)
    }
}

/// One line per missing value, for people.
pub fn format_missing(missing: &[MissingValue]) -> String {
    missing
        .iter()
        .map(|m| format!("  - {m}"))
        .collect::<Vec<_>>()
        .join("\n")
}
