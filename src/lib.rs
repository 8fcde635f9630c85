//! vanban: a lossless .docx template engine and gap checker for Vietnamese
//! administrative documents.
//!
//! The pipeline: [`package`] (zip/OPC, limits, lossless write) → [`xml`]
//! (a byte-preserving element tree) → [`text`] (paragraph text over runs) →
//! [`template`] + [`render`] on the fill side, [`check`] on the review side.
//! [`vi`] holds everything Vietnamese (numbers, words, dates, case).

pub mod batch;
pub mod check;
pub mod data;
pub mod error;
pub mod normalize;
pub mod pack;
pub mod package;
pub mod render;
pub mod template;
pub mod text;
pub mod vi;
pub mod xml;

pub use error::{Error, Result};
pub use render::{MissingValue, RenderOptions, Rendered};
pub use template::Template;
