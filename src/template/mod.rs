//! The template language: tags found in paragraph text, parsed, matched into
//! sections and compiled once into a form that renders many documents.

mod compile;
mod emit;
pub mod expr;
pub mod filters;
pub mod lexer;
mod mergefield;
mod place;
pub mod shape;
mod text_plan;

pub use compile::{Chunk, IdKind, NumberingInfo, RunCtx, StaticXml, Template};
pub(crate) use emit::highlighted as highlighted_rpr;

use std::fmt;
use std::sync::Arc;

/// Where a tag stands in the template, for reports and errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// Part name, e.g. `word/document.xml`.
    pub part: String,
    /// Index of the paragraph within the part.
    pub paragraph_index: usize,
    /// The paragraph's text as written in the template, shared by the
    /// paragraph's tags.
    pub paragraph_text: Arc<str>,
    /// The tag as written, e.g. `{{ ten }}`.
    pub tag_text: String,
}

/// A mistake in the template, with the paragraph around it.
#[derive(Debug, Clone, PartialEq, Eq)]
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

impl TemplateError {
    fn at(site: &Site, code: &'static str, message: impl Into<String>) -> Self {
        TemplateError {
            code,
            part: site.part.clone(),
            paragraph_index: site.paragraph_index,
            context: Arc::clone(&site.paragraph_text),
            message: message.into(),
        }
    }
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
