//! A value the data did not give: where the document waits for it and why.

use crate::text::quote;
use serde::Serialize;

/// A value the document waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingValue {
    /// The tag as written in the template.
    pub tag: String,
    /// Part name.
    pub part: String,
    /// Index of the template paragraph within the part.
    pub paragraph_index: usize,
    /// The template paragraph's text (shared with the template).
    pub context: std::sync::Arc<str>,
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
        write!(
            f,
            ": {} — {} « {} »",
            quote(&self.tag),
            self.reason,
            quote(&self.context)
        )
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
