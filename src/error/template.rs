//! A mistake in a template, with the paragraph around it.

use std::fmt;
use std::sync::Arc;

/// A mistake in the template, with the paragraph around it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TemplateError {
    /// Part name.
    pub part: String,
    /// Index of the paragraph within the part.
    pub paragraph_index: usize,
    /// The paragraph's text (shared with the template's other tags there).
    pub context: Arc<str>,
    /// What is wrong and how to fix it, in Vietnamese.
    pub message: String,
    /// What kind of mistake, as a stable code (see [`crate::Error::code`]).
    pub code: &'static str,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, đoạn {}: {}\n    « {} »",
            self.part,
            self.paragraph_index + 1,
            self.message,
            crate::text::quote(&self.context)
        )
    }
}

/// One line (plus context) per error, for people.
pub fn format_errors(errors: &[TemplateError]) -> String {
    errors
        .iter()
        .map(|e| format!("  - {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}
