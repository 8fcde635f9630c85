//! Compiling a .docx template: every story part is read once, its tags found
//! over the runs, matched into sections and turned into [`Chunk`]s — raw XML
//! with holes for values and sections — that render many documents fast.

use super::emit::EmitOptions;
use super::expr::TagKind;
use super::filters::Filter;
use super::model::{Chunk, CompiledPart, FootnoteSet, IdBase, IdKind, NumberingInfo};
use super::notes::{created_footnotes, footnote_set};
use super::numbering::numbering_info;
use super::part::{parse_part, uses_filter, PartCompiler, PartOut};
use super::{text_plan, Site, TemplateError};
use crate::error::{Error, Result};
use crate::package::{Package, Story, StoryKind};
use std::path::Path as FsPath;

/// A compiled template: parse once, render many.
#[derive(Debug, Clone)]
pub struct Template {
    package: Package,
    parts: Vec<CompiledPart>,
    sites: Vec<Site>,
    tags: Vec<(TagKind, u32)>,
    footnotes: Option<FootnoteSet>,
    numbering: Option<NumberingInfo>,
    ids: IdBase,
    /// Every fixed piece of XML has its text events (see [`StaticXml`]).
    text_recorded: bool,
}

impl Template {
    /// Opens and compiles a template file (a legacy TCVN3/VNI template is
    /// normalised in memory first). Every template error is reported at once.
    pub fn open(path: impl AsRef<FsPath>) -> Result<Template> {
        Template::from_package(crate::normalize::in_memory(Package::open(path)?)?)
    }

    /// Compiles an opened package.
    pub fn from_package(package: Package) -> Result<Template> {
        let mut sites = Vec::new();
        let mut errors = Vec::new();
        let mut compiled: Vec<(Story, Option<PartOut>)> = Vec::new();
        let mut ids = IdBase::default();
        for story in package.stories().to_vec() {
            let doc = parse_part(&package, &story.part)?;
            ids.scan(doc.root());
            let options = EmitOptions {
                main: story.kind == StoryKind::Main,
                split_footnotes: story.kind == StoryKind::Footnotes,
            };
            let force = story.kind == StoryKind::Footnotes;
            match PartCompiler::new(&story.part, &mut sites).compile(doc, options, force) {
                Ok(out) => {
                    if let Some(o) = out.as_ref().filter(|_| story.kind != StoryKind::Main) {
                        errors.extend(chu_thich_outside_body(o, &sites));
                    }
                    compiled.push((story, out));
                }
                Err(errs) => errors.extend(errs),
            }
        }
        if !errors.is_empty() {
            return Err(Error::Template {
                path: package.path().to_path_buf(),
                errors,
            });
        }
        let main = compiled
            .iter()
            .find(|(s, _)| s.kind == StoryKind::Main)
            .and_then(|(_, o)| o.as_ref());
        let notes_have_tags = compiled.iter().any(|(s, o)| {
            s.kind == StoryKind::Footnotes && o.as_ref().is_some_and(|o| !o.tags.is_empty())
        });
        let footnote_mode = main.is_some_and(|m| {
            m.uses_chu_thich || refs_in_sections(&m.emitted.chunks, false) || notes_have_tags
        });
        let main_uses_chu_thich = main.is_some_and(|m| m.uses_chu_thich);
        let mut parts = Vec::new();
        let mut tags = Vec::new();
        let mut footnotes = None;
        for (story, out) in compiled {
            let Some(out) = out else { continue };
            tags.extend(out.tags.iter().cloned());
            if story.kind == StoryKind::Footnotes {
                if footnote_mode {
                    footnotes = Some(footnote_set(&package, story.part.clone(), out.emitted)?);
                    continue;
                }
                if out.tags.is_empty() {
                    continue;
                }
                // Footnotes with tags in a document whose body has none: fill them in place.
                let doc = parse_part(&package, &story.part)?;
                let mut again = Vec::new();
                let plain = PartCompiler::new(&story.part, &mut again)
                    .compile(doc, EmitOptions::default(), false)
                    .map_err(|errors| Error::Template {
                        path: package.path().to_path_buf(),
                        errors,
                    })?;
                if let Some(plain) = plain {
                    let offset = sites.len() as u32;
                    sites.extend(again);
                    parts.push(CompiledPart {
                        name: story.part,
                        chunks: shift_sites(plain.emitted.chunks, offset),
                    });
                }
                continue;
            }
            parts.push(CompiledPart {
                name: story.part,
                chunks: out.emitted.chunks,
            });
        }
        if footnote_mode && footnotes.is_none() && main_uses_chu_thich {
            footnotes = Some(created_footnotes(&package)?);
        }
        let numbering = numbering_info(&package)?;
        let text_recorded = text_plan::record(&mut parts, footnotes.as_mut());
        Ok(Template {
            package,
            parts,
            sites,
            tags,
            footnotes,
            numbering,
            ids,
            text_recorded,
        })
    }

    /// The package the template was read from.
    pub fn package(&self) -> &Package {
        &self.package
    }

    /// The compiled parts (story parts without tags are not listed: they are copied as they are).
    pub fn parts(&self) -> &[CompiledPart] {
        &self.parts
    }

    /// Where each tag stands.
    pub fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// Every tag of the template in document order, with its site index.
    pub fn tags(&self) -> &[(TagKind, u32)] {
        &self.tags
    }

    /// Footnotes rendered at their references, when the template needs that.
    pub fn footnotes(&self) -> Option<&FootnoteSet> {
        self.footnotes.as_ref()
    }

    /// The numbering part, when the template has one.
    pub fn numbering(&self) -> Option<&NumberingInfo> {
        self.numbering.as_ref()
    }

    /// Whether rendered documents can be read by replaying the fixed XML's
    /// text events (see [`StaticXml`]).
    pub(crate) fn text_recorded(&self) -> bool {
        self.text_recorded
    }

    /// The largest drawing and bookmark ids in the template.
    pub fn id_base(&self) -> IdBase {
        self.ids
    }
}

fn chu_thich_outside_body(out: &PartOut, sites: &[Site]) -> Vec<TemplateError> {
    out.tags
        .iter()
        .filter(|(k, _)| uses_filter(k, Filter::ChuThich))
        .map(|(_, site)| {
            TemplateError::at(
                &sites[*site as usize],
                "footnote-outside-body",
                "bộ lọc chu_thich chỉ dùng được trong thân văn bản (không dùng trong đầu trang, chân trang hay chú thích)",
            )
        })
        .collect()
}

/// Whether a footnote reference sits inside a section.
fn refs_in_sections(chunks: &[Chunk], inside: bool) -> bool {
    chunks.iter().any(|c| match c {
        Chunk::Tag {
            kind: IdKind::FootnoteRef,
            ..
        } => inside,
        Chunk::Section { body, .. } => refs_in_sections(body, true),
        _ => false,
    })
}

fn shift_sites(chunks: Vec<Chunk>, offset: u32) -> Vec<Chunk> {
    chunks
        .into_iter()
        .map(|c| match c {
            Chunk::Value { expr, site, run } => Chunk::Value {
                expr,
                site: site + offset,
                run,
            },
            Chunk::Section {
                path,
                inverted,
                continue_numbering,
                site,
                body,
            } => Chunk::Section {
                path,
                inverted,
                continue_numbering,
                site: site + offset,
                body: shift_sites(body, offset),
            },
            other => other,
        })
        .collect()
}
