//! Reading a .docx for the checker, through the same layer as the fill engine.

use super::model::Paragraph;
use super::{check_paragraphs, CheckOptions, Finding};
use crate::error::{Error, Result};
use crate::package::Package;
use crate::xml;

/// The paragraphs of every story part, in story order (body, headers,
/// footers, footnotes, endnotes).
pub fn paragraphs_of(package: &Package) -> Result<Vec<Paragraph>> {
    let mut out = Vec::new();
    for story in package.stories() {
        let bytes = package.read_part(&story.part)?;
        let doc = xml::parse(&bytes).map_err(|e| Error::BadPart {
            path: package.path().to_path_buf(),
            part: story.part.clone(),
            detail: e.to_string(),
        })?;
        if let Some(root) = doc.root() {
            out.extend(crate::text::paragraphs(root, &story.part));
        }
    }
    Ok(out)
}

/// Checks an opened package.
pub fn check_package(package: &Package, options: &CheckOptions) -> Result<Vec<Finding>> {
    Ok(check_paragraphs(&paragraphs_of(package)?, options))
}
