//! The template language: tags found in paragraph text, parsed, matched into
//! sections and compiled once into a form that renders many documents.

mod compile;
mod emit;
pub mod expr;
pub mod filters;
pub mod lexer;
pub mod listing;
mod mergefield;
mod place;
pub mod shape;
mod text_plan;

pub use compile::{
    Chunk, CompiledPart, FootnoteSet, IdBase, IdKind, NumberingInfo, RunCtx, StaticXml, Template,
};
pub(crate) use emit::highlighted as highlighted_rpr;

use std::fmt;

/// Where a tag stands in the template, for reports and errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// Part name, e.g. `word/document.xml`.
    pub part: String,
    /// Index of the paragraph within the part.
    pub paragraph_index: usize,
    /// The paragraph's text as written in the template.
    pub paragraph_text: String,
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
    /// The paragraph's text.
    pub context: String,
    /// What is wrong and how to fix it, in Vietnamese.
    pub message: String,
}

impl TemplateError {
    fn at(site: &Site, message: impl Into<String>) -> Self {
        TemplateError {
            part: site.part.clone(),
            paragraph_index: site.paragraph_index,
            context: site.paragraph_text.clone(),
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
            excerpt(&self.context, 160)
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

/// Shortens text to at most `max` characters, marking the cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}
