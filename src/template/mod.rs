//! The template language: tags found in paragraph text, parsed, matched into
//! sections and compiled once into a form that renders many documents.

mod compile;
mod emit;
pub mod expr;
pub mod filters;
pub mod lexer;
mod mergefield;
mod model;
mod notes;
mod numbering;
mod part;
mod place;
pub mod shape;
mod text_plan;

pub use compile::Template;
pub use model::{Chunk, IdKind, NumberingInfo, RunCtx, StaticXml};

pub use crate::error::TemplateError;
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
