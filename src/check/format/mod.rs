//! The national format of Nghị định 30/2020/NĐ-CP (Phụ lục I, "Thể thức,
//! kỹ thuật trình bày văn bản hành chính"): `vanban check --rules format`.
//!
//! Each rule group has its module, and its notes say how it decides and
//! where each value comes from:
//! - [`page`]: `page-size` (A4) and `margin`;
//! - [`fonts`]: `font` (Times New Roman) and `font-size` (body 13–14pt…);
//! - [`opening`]: `quoc-hieu`, `number` ("Số: 07/…") and `date` (the
//!   place-and-date line);
//! - [`ending`]: `noi-nhan`, `signature` (the signer's name) and `end-mark`
//!   ("./.").
//!
//! Every finding is a warning of kind [`Kind::Format`](super::Kind::Format)
//! whose message says in Vietnamese what the decree requires and what the
//! document has. The rules read the paragraphs the gap checker reads, and
//! for fonts, sizes and pages the document's own XML ([`layout`],
//! [`styles`]).

pub mod ending;
pub mod fonts;
pub mod layout;
pub mod opening;
pub mod page;
pub mod styles;

use serde::Serialize;

use super::model::Paragraph;
use super::rules::{Hit, PartKind};
use crate::error::{Error, Result};
use crate::package::Package;
use crate::xml;
use layout::PartLayout;
use styles::Styles;

/// One rule of the national format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FormatRule {
    /// Paper A4 (210 × 297 mm).
    PageSize,
    /// Margins 20–25 / 20–25 / 30–35 / 15–20 mm.
    Margin,
    /// Times New Roman.
    Font,
    /// The size of body text and of the parts with a size of their own.
    FontSize,
    /// The place-and-date line, "…, ngày 05 tháng 01 năm 2024".
    Date,
    /// The number, "Số: 07/KH-LĐLĐ".
    Number,
    /// Quốc hiệu and Tiêu ngữ.
    QuocHieu,
    /// The "Nơi nhận:" block.
    NoiNhan,
    /// The signer's name under the signature.
    Signature,
    /// "./." after the last sentence of the body.
    EndMark,
}

impl FormatRule {
    /// The kebab-case name, as in JSON (`page-size`, `quoc-hieu`, …).
    pub fn name(self) -> &'static str {
        match self {
            FormatRule::PageSize => "page-size",
            FormatRule::Margin => "margin",
            FormatRule::Font => "font",
            FormatRule::FontSize => "font-size",
            FormatRule::Date => "date",
            FormatRule::Number => "number",
            FormatRule::QuocHieu => "quoc-hieu",
            FormatRule::NoiNhan => "noi-nhan",
            FormatRule::Signature => "signature",
            FormatRule::EndMark => "end-mark",
        }
    }
}

/// The document as the rules see it: its paragraphs (all story parts, in
/// the checker's order) and, for each, its runs.
pub struct Doc<'a> {
    pub paragraphs: &'a [Paragraph],
    /// The layout of each story part, by part name.
    layouts: Vec<(String, PartLayout)>,
}

impl<'a> Doc<'a> {
    /// The runs of paragraph `i` of [`Doc::paragraphs`].
    pub fn runs(&self, i: usize) -> &[layout::Run] {
        let p = &self.paragraphs[i];
        self.layouts
            .iter()
            .find(|(name, _)| **name == *p.part)
            .and_then(|(_, l)| l.runs.get(p.index))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The sections of the main document, each with the position in
    /// [`Doc::paragraphs`] of its first paragraph holding text (or of its
    /// first paragraph).
    pub fn sections(&self) -> Vec<(layout::Page, usize)> {
        let mut out = Vec::new();
        for (name, l) in &self.layouts {
            if PartKind::of(name) != PartKind::Body {
                continue;
            }
            for s in &l.sections {
                let in_section =
                    |p: &Paragraph| *p.part == **name && (s.first..=s.last).contains(&p.index);
                let at = self
                    .paragraphs
                    .iter()
                    .position(|p| in_section(p) && !p.text.trim().is_empty())
                    .or_else(|| self.paragraphs.iter().position(in_section));
                if let Some(at) = at {
                    out.push((s.page, at));
                }
            }
        }
        out
    }

    /// Whether paragraph `i` is in the main document.
    pub fn in_body(&self, i: usize) -> bool {
        PartKind::of(&self.paragraphs[i].part) == PartKind::Body
    }

    /// The positions of the main document's paragraphs, in order.
    pub fn body(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.paragraphs.len()).filter(|&i| self.in_body(i))
    }
}

/// Reads what the rules need from `package` and runs every rule over
/// `paragraphs` (the package's story paragraphs, as the checker read them).
/// Hits are given by position in `paragraphs`.
pub fn hits(package: &Package, paragraphs: &[Paragraph]) -> Result<Vec<(usize, Hit)>> {
    let parse = |part: &str| -> Result<Option<xml::Document>> {
        let Some(bytes) = package.read_part_if_present(part)? else {
            return Ok(None);
        };
        xml::parse(&bytes).map(Some).map_err(|e| Error::BadPart {
            path: package.path().to_path_buf(),
            part: part.to_string(),
            detail: e.to_string(),
        })
    };
    let styles_doc = match package.related_part(crate::package::opc::rel_type::STYLES) {
        Some(part) => parse(&part)?,
        None => None,
    };
    let theme_doc = match package.related_part("theme") {
        Some(part) => parse(&part)?,
        None => None,
    };
    let styles = Styles::new(
        styles_doc.as_ref().and_then(|d| d.root()),
        theme_doc.as_ref().and_then(|d| d.root()),
    );
    let mut layouts = Vec::new();
    for story in package.stories() {
        if let Some(doc) = parse(&story.part)? {
            if let Some(root) = doc.root() {
                layouts.push((story.part.clone(), layout::read(root, &styles)));
            }
        }
    }
    let doc = Doc {
        paragraphs,
        layouts,
    };
    Ok(run_rules(&doc))
}

/// Every rule over `doc`, hits in document order of their paragraphs.
pub fn run_rules(doc: &Doc) -> Vec<(usize, Hit)> {
    let mut out = Vec::new();
    out.extend(page::hits(doc));
    let opening = opening::read(doc);
    let ending = ending::read(doc);
    out.extend(fonts::hits(doc, &opening.facts, &ending));
    out.extend(ending::hits(doc, &ending, &opening.facts));
    out.extend(opening.hits);
    out.sort_by_key(|(i, h)| (*i, h.start));
    out
}

/// A hit over the whole text of paragraph `i`, or at its start when empty.
pub fn whole(doc: &Doc, i: usize, rule: FormatRule, message: String) -> (usize, Hit) {
    let len = doc.paragraphs[i].text.chars().count();
    (i, Hit::format(rule, 0, len, message))
}
