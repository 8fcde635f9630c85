//! Old documents to Unicode: every run shown in a TCVN3 (`.VnTime`…) or VNI
//! (`VNI-Times`…) font is decoded with [`crate::vi::decode_legacy_text`]
//! and switched to Times New Roman, and all text is made NFC.
//!
//! Lossless: a part is rewritten only when one of its runs changes, and in
//! it only those runs' text and fonts change; every other part is copied as
//! stored. `render` and `check` read a legacy document through
//! [`in_memory`], so tags and blanks typed in a legacy font are found.

mod fonts;

use std::borrow::Cow;

use fonts::{font_of_rpr, local, FontChoice, StyleFonts};

use crate::error::{Error, Result};
use crate::package::{Changes, Limits, Package};
use crate::text::is_nfc;
use crate::vi::{decode_legacy_text, legacy_font, LegacyFont};
use crate::xml::{self, escape_text, set_attr, unescape, Element, Node, Tag};

/// The font converted runs get, as the decree requires.
pub const UNICODE_FONT: &str = "Times New Roman";

/// What normalising a document changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Runs decoded from TCVN3.
    pub tcvn3_runs: usize,
    /// Runs decoded from VNI.
    pub vni_runs: usize,
    /// Text nodes only made NFC.
    pub nfc_texts: usize,
    /// Text nodes in legacy runs whose text decoding changed (not already Unicode).
    pub decoded_texts: usize,
}

impl Summary {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.tcvn3_runs == 0 && self.vni_runs == 0 && self.nfc_texts == 0
    }
}

/// A normalised document: its story parts that changed, and what changed.
#[derive(Debug, Default)]
pub struct Normalized {
    /// New content of the parts that changed.
    pub parts: Vec<(String, Vec<u8>)>,
    /// Counts of what changed.
    pub summary: Summary,
}

impl Normalized {
    /// The whole package with the changed parts, everything else as stored.
    pub fn write(&self, package: &Package) -> Result<Vec<u8>> {
        let mut changes = Changes::default();
        for (part, bytes) in &self.parts {
            let stored = package.entry_name(part).unwrap_or_else(|| part.clone());
            changes
                .replaced
                .insert(stored, Cow::Borrowed(bytes.as_slice()));
        }
        package.write_with(&changes)
    }
}

/// Normalises every story part of `package` (body, headers, footers,
/// footnotes, endnotes).
pub fn normalize(package: &Package) -> Result<Normalized> {
    let styles = match package.related_part("styles") {
        Some(part) => package.read_part_if_present(&part)?,
        None => None,
    };
    let styles = styles.as_deref().map(StyleFonts::parse).unwrap_or_default();
    let mut out = Normalized::default();
    for story in package.stories() {
        let bytes = package.read_part(&story.part)?;
        let mut doc = xml::parse(&bytes).map_err(|e| Error::BadPart {
            path: package.path().to_path_buf(),
            part: story.part.clone(),
            detail: e.to_string(),
        })?;
        let before = out.summary.clone();
        if let Some(root) = doc.root_mut() {
            let mut pass = Pass {
                styles: &styles,
                summary: &mut out.summary,
            };
            pass.element(root, None);
        }
        if out.summary != before {
            out.parts
                .push((story.part.clone(), doc.to_xml().into_bytes()));
        }
    }
    Ok(out)
}

/// Normalises the .docx `bytes` (read from `path`, named in messages): the
/// new file and what changed. When nothing changes, the bytes come back
/// as they are.
pub fn normalize_bytes(bytes: Vec<u8>, path: &std::path::Path) -> Result<(Vec<u8>, Summary)> {
    let package = Package::from_bytes(bytes.clone(), path, Limits::default())?;
    let normalized = normalize(&package)?;
    if normalized.parts.is_empty() {
        return Ok((bytes, normalized.summary));
    }
    Ok((normalized.write(&package)?, normalized.summary))
}

/// The package itself when no text in a legacy font needs decoding, else a normalised
/// copy in memory (for `render` and `check`). Text that is only not NFC is
/// left for them: the checker reads it as NFC, and a template keeps its
/// untouched parts byte for byte.
pub fn in_memory(package: Package) -> Result<Package> {
    if !mentions_legacy_font_anywhere(&package)? {
        return Ok(package);
    }
    let normalized = normalize(&package)?;
    if normalized.summary.decoded_texts == 0 {
        return Ok(package);
    }
    let bytes = normalized.write(&package)?;
    Package::from_bytes(bytes, package.path(), Limits::default())
}

/// A quick look: whether any story or the styles name a legacy font.
fn mentions_legacy_font_anywhere(package: &Package) -> Result<bool> {
    let mut parts: Vec<String> = package.stories().iter().map(|s| s.part.clone()).collect();
    parts.extend(package.related_part("styles"));
    for part in parts {
        if let Some(bytes) = package.read_part_if_present(&part)? {
            if mentions_legacy_font(&bytes) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

fn mentions_legacy_font(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"\".Vn").is_some()
        || memchr::memmem::find(bytes, b"'.Vn").is_some()
        || memchr::memmem::find(bytes, b"\"VNI").is_some()
        || memchr::memmem::find(bytes, b"\"vni").is_some()
}

/// One walk over a story part.
struct Pass<'a> {
    styles: &'a StyleFonts,
    summary: &'a mut Summary,
}

impl Pass<'_> {
    /// Walks `e`; `paragraph_font` is the font of the paragraph around it.
    fn element(&mut self, e: &mut Element, paragraph_font: Option<&FontChoice>) {
        if e.tag == Tag::R {
            self.run(e, paragraph_font);
            return;
        }
        let own;
        let paragraph_font = if e.tag == Tag::P {
            let style = e
                .child(Tag::PPr)
                .and_then(|ppr| ppr.child(Tag::PStyle))
                .and_then(|s| s.attr("val"));
            own = self.styles.paragraph_font(style.as_deref());
            own.as_ref()
        } else {
            paragraph_font
        };
        for child in &mut e.children {
            if let Node::Element(c) = child {
                self.element(c, paragraph_font);
            }
        }
    }

    fn run(&mut self, run: &mut Element, paragraph_font: Option<&FontChoice>) {
        let font = self.run_font(run).or_else(|| paragraph_font.cloned());
        let legacy = match &font {
            Some(FontChoice::Named(name)) => legacy_font(name),
            _ => None,
        };
        match legacy {
            Some(font) => {
                for t in run.children.iter_mut().filter_map(text_element) {
                    self.summary.decoded_texts += decode_texts(t, font);
                }
                set_unicode_font(run);
                match font.encoding {
                    crate::vi::LegacyEncoding::Tcvn3 => self.summary.tcvn3_runs += 1,
                    crate::vi::LegacyEncoding::Vni => self.summary.vni_runs += 1,
                }
            }
            None => {
                for t in run.children.iter_mut().filter_map(text_element) {
                    self.summary.nfc_texts += nfc_texts(t);
                }
            }
        }
    }

    /// The run's own font, else its character style's.
    fn run_font(&self, run: &Element) -> Option<FontChoice> {
        let rpr = run.child(Tag::RPr)?;
        font_of_rpr(rpr).or_else(|| {
            let style = rpr.elements().find(|e| local(e) == "rStyle")?;
            self.styles.style_font(&style.attr("val")?)
        })
    }
}

/// The `w:t` among a run's children.
fn text_element(node: &mut Node) -> Option<&mut Element> {
    match node {
        Node::Element(e) if e.tag == Tag::T => Some(e),
        _ => None,
    }
}

/// Decodes the text of a `w:t` in a legacy font; the number of text nodes changed.
fn decode_texts(t: &mut Element, font: LegacyFont) -> usize {
    let mut changed = 0;
    for node in &mut t.children {
        if let Node::Text(raw) = node {
            let text = unescape(raw);
            let decoded = decode_legacy_text(&text, font);
            if decoded != text {
                *raw = escape_text(&decoded).into_owned();
                changed += 1;
            }
        }
    }
    changed
}

/// Makes the text of a `w:t` NFC; the number of text nodes changed.
fn nfc_texts(t: &mut Element) -> usize {
    let mut changed = 0;
    for node in &mut t.children {
        if let Node::Text(raw) = node {
            if !is_nfc(raw) {
                let text = crate::text::nfc(unescape(raw).into_owned());
                *raw = escape_text(&text).into_owned();
                changed += 1;
            }
        }
    }
    changed
}

/// Sets the run's font to [`UNICODE_FONT`]: the names in its `w:rFonts`,
/// or a new `w:rFonts` (and `w:rPr`) where it has none.
fn set_unicode_font(run: &mut Element) {
    let prefix = run.prefix().to_string();
    let q = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}:{name}")
        }
    };
    let new_rfonts = format!(
        "<{} {}=\"{UNICODE_FONT}\" {}=\"{UNICODE_FONT}\" {}=\"{UNICODE_FONT}\"/>",
        q("rFonts"),
        q("ascii"),
        q("hAnsi"),
        q("cs")
    );
    let rpr = run.children.iter_mut().find_map(|n| match n {
        Node::Element(e) if e.tag == Tag::RPr => Some(e),
        _ => None,
    });
    let Some(rpr) = rpr else {
        run.empty = false;
        run.children.insert(
            0,
            Node::Raw(format!("<{}>{new_rfonts}</{}>", q("rPr"), q("rPr"))),
        );
        return;
    };
    let existing = rpr.children.iter_mut().find_map(|n| match n {
        Node::Element(e) if local(e) == "rFonts" => Some(e),
        _ => None,
    });
    match existing {
        Some(rfonts) => {
            let mut start = rfonts.start.clone();
            for name in ["ascii", "hAnsi", "cs"] {
                start = set_attr(&start, &q(name), UNICODE_FONT);
            }
            let east_asia = rfonts.attr("eastAsia").map(|n| unescape(&n).into_owned());
            if east_asia.as_deref().and_then(legacy_font).is_some() {
                start = set_attr(&start, &q("eastAsia"), UNICODE_FONT);
            }
            rfonts.start = start;
        }
        None => {
            let at = rpr
                .children
                .iter()
                .position(|n| matches!(n, Node::Element(e) if local(e) == "rStyle"))
                .map_or(0, |i| i + 1);
            rpr.empty = false;
            rpr.children.insert(at, Node::Raw(new_rfonts));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    fn pass_over(styles: &str, body: &str) -> (String, Summary) {
        let styles =
            StyleFonts::parse(format!(r#"<w:styles xmlns:w="{W}">{styles}</w:styles>"#).as_bytes());
        let xml = format!(r#"<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#);
        let mut doc = xml::parse(xml.as_bytes()).unwrap();
        let mut summary = Summary::default();
        Pass {
            styles: &styles,
            summary: &mut summary,
        }
        .element(doc.root_mut().unwrap(), None);
        (doc.to_xml(), summary)
    }

    #[test]
    fn fonts_from_the_default_paragraph_style_and_based_on_chains() {
        let styles = r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Tieude"><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:ascii=".VnTimeH" w:hAnsi=".VnTimeH"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Con"><w:basedOn w:val="Tieude"/></w:style><w:style w:type="character" w:styleId="Arial"><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr></w:style>"#;
        let body = r#"<w:p><w:r><w:t>Liªn ®oµn</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Con"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>kÕ ho¹ch</w:t></w:r></w:p><w:p><w:r><w:rPr><w:rStyle w:val="Arial"/></w:rPr><w:t>µ</w:t></w:r></w:p>"#;
        let (xml, summary) = pass_over(styles, body);
        assert_eq!(summary.tcvn3_runs, 2);
        assert!(xml.contains(r#"<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/></w:rPr><w:t>Liên đoàn</w:t></w:r>"#), "{xml}");
        assert!(xml.contains(r#"<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:b/></w:rPr><w:t>KẾ HOẠCH</w:t>"#), "{xml}");
        // A character style's Unicode font wins over the legacy paragraph font.
        assert!(
            xml.contains(r#"<w:rStyle w:val="Arial"/></w:rPr><w:t>µ</w:t>"#),
            "{xml}"
        );
    }

    #[test]
    fn theme_fonts_and_document_defaults() {
        let styles = r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="VNI-Times" w:hAnsi="VNI-Times"/></w:rPr></w:rPrDefault></w:docDefaults>"#;
        let body = r#"<w:p><w:r><w:t>Ñaûng</w:t></w:r><w:r><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/></w:rPr><w:t>Ñaûng</w:t></w:r></w:p>"#;
        let (xml, summary) = pass_over(styles, body);
        assert_eq!(summary.vni_runs, 1);
        assert!(xml.contains("<w:t>Đảng</w:t>"), "{xml}");
        assert!(
            xml.contains(r#"w:hAnsiTheme="minorHAnsi"/></w:rPr><w:t>Ñaûng</w:t>"#),
            "{xml}"
        );
    }
}
