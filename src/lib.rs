//! vanban: a lossless .docx template engine and gap checker for Vietnamese
//! administrative documents.
//!
//! The pipeline: [`package`] (zip/OPC, limits, lossless write) → [`xml`]
//! (a byte-preserving element tree) → [`text`] (paragraph text over runs) →
//! [`template`] + [`render`] on the fill side, [`check`] on the review side.
//! [`vi`] holds everything Vietnamese (numbers, words, dates, case).

pub mod batch;
pub mod check;
pub mod vi;
