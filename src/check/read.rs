//! Reading a .docx for the checker, through the same layer as the fill engine.

use super::model::Kind;
use super::model::Paragraph;
use super::written::markers_in;
use super::{check_with_format, format, CheckOptions, Finding, LocalCache, PartMarkers};
use crate::error::{Error, Result};
use crate::package::Package;
use crate::text::paragraphs_in;

/// The paragraphs of every story part, in story order (body, headers,
/// footers, footnotes, endnotes), and the renderer's gap markers in them.
fn read_stories(package: &Package) -> Result<(Vec<Paragraph>, PartMarkers)> {
    let mut out = Vec::new();
    let mut markers = Vec::new();
    for story in package.stories() {
        let (paragraphs, found) = read_part_marked(package, &story.part)?;
        out.extend(paragraphs);
        markers.push((story.part.clone(), found));
    }
    Ok((out, markers))
}

fn read_part(package: &Package, part: &str) -> Result<Vec<Paragraph>> {
    Ok(read_part_marked(package, part)?.0)
}

fn read_part_marked(
    package: &Package,
    part: &str,
) -> Result<(Vec<Paragraph>, Vec<super::written::Marker>)> {
    let bytes = package.read_part(part)?;
    let bad = |detail: String| Error::BadPart {
        path: package.path().to_path_buf(),
        part: part.to_string(),
        detail,
    };
    let text = std::str::from_utf8(&bytes).map_err(|e| bad(format!("not UTF-8 text: {e}")))?;
    let paragraphs = paragraphs_in(text, part).map_err(|e| bad(e.to_string()))?;
    Ok((paragraphs, markers_in(text)))
}

/// Checks an opened package; the format rules run when `options` ask for
/// [`Kind::Format`].
pub fn check_package(package: &Package, options: &CheckOptions) -> Result<Vec<Finding>> {
    let (paragraphs, markers) = read_stories(package)?;
    let format_hits = if options.kinds.contains(&Kind::Format) {
        format::hits(package, &paragraphs)?
    } else {
        Vec::new()
    };
    Ok(check_with_format(
        &paragraphs,
        &markers,
        format_hits,
        options,
        &mut LocalCache::default(),
    ))
}

/// The paragraphs of a template's story parts, read once, so that the
/// documents rendered from it can be checked without reading their packages
/// again: rendered parts are read from memory, untouched ones from here.
#[derive(Debug, Clone)]
pub struct StoryCache {
    stories: Vec<(String, Vec<Paragraph>)>,
    added_notes: Option<String>,
}

impl StoryCache {
    /// Reads every story part of the template's package once;
    /// `added_notes` is the footnotes part rendering adds when the template
    /// has none.
    pub fn new(package: &Package, added_notes: Option<String>) -> Result<StoryCache> {
        let mut stories = Vec::new();
        for story in package.stories() {
            stories.push((story.part.clone(), read_part(package, &story.part)?));
        }
        Ok(StoryCache {
            stories,
            added_notes,
        })
    }

    /// The paragraphs of a document rendered from the template, in story
    /// order, and the gap markers in its rendered parts: `parts` is the XML
    /// of each rendered part, `read` the paragraphs the renderer already
    /// read from some of them (the others are read from their XML).
    pub fn paragraphs(
        &self,
        parts: &[(String, String)],
        read: Option<Vec<(String, Vec<Paragraph>)>>,
    ) -> (Vec<Paragraph>, PartMarkers) {
        let markers: PartMarkers = parts
            .iter()
            .map(|(name, xml)| (name.clone(), markers_in(xml)))
            .filter(|(_, m)| !m.is_empty())
            .collect();
        let mut read = read.unwrap_or_default();
        let mut of = |name: &str| -> Option<Vec<Paragraph>> {
            if let Some(i) = read.iter().position(|(n, _)| n == name) {
                return Some(read.swap_remove(i).1);
            }
            let (_, xml) = parts.iter().find(|(n, _)| n == name)?;
            Some(paragraphs_in(xml, name).unwrap_or_default())
        };
        let mut out = Vec::new();
        for (name, cached) in &self.stories {
            match of(name) {
                Some(paragraphs) => out.extend(paragraphs),
                None => out.extend(cached.iter().cloned()),
            }
        }
        if let Some(notes) = &self.added_notes {
            out.extend(of(notes).unwrap_or_default());
        }
        (out, markers)
    }
}
