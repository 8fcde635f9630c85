//! Open Packaging Conventions: content types, relationships, part names.

use crate::xml::{self, Element};

/// Relationship type suffixes of the parts the engine reads (after the last '/').
pub mod rel_type {
    /// The main document.
    pub const OFFICE_DOCUMENT: &str = "officeDocument";
    /// A header part.
    pub const HEADER: &str = "header";
    /// A footer part.
    pub const FOOTER: &str = "footer";
    /// The footnotes part.
    pub const FOOTNOTES: &str = "footnotes";
    /// The endnotes part.
    pub const ENDNOTES: &str = "endnotes";
    /// The numbering definitions part.
    pub const NUMBERING: &str = "numbering";
    /// The comments part.
    pub const COMMENTS: &str = "comments";
    /// The settings part.
    pub const SETTINGS: &str = "settings";
    /// The styles part.
    pub const STYLES: &str = "styles";
}

/// `[Content_Types].xml`: which content type each part has.
#[derive(Debug, Clone, Default)]
pub struct ContentTypes {
    defaults: Vec<(String, String)>,
    overrides: Vec<(String, String)>,
}

impl ContentTypes {
    /// Reads the content types part.
    pub fn parse(bytes: &[u8]) -> Result<Self, xml::ParseError> {
        let doc = xml::parse(bytes)?;
        let mut ct = ContentTypes::default();
        if let Some(root) = doc.root() {
            for e in root.elements() {
                let local = local_name(&e.name);
                let (Some(kind), key) = (e.attr("ContentType"), local) else {
                    continue;
                };
                match key {
                    "Default" => {
                        if let Some(ext) = e.attr("Extension") {
                            ct.defaults.push((ext.to_ascii_lowercase(), kind));
                        }
                    }
                    "Override" => {
                        if let Some(part) = e.attr("PartName") {
                            ct.overrides.push((normalize_part(&part), kind));
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(ct)
    }

    /// The content type of a part, if declared.
    pub fn of(&self, part: &str) -> Option<&str> {
        let part = normalize_part(part);
        if let Some((_, ct)) = self
            .overrides
            .iter()
            .find(|(p, _)| p.eq_ignore_ascii_case(&part))
        {
            return Some(ct);
        }
        let ext = part.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
        self.defaults
            .iter()
            .find(|(e, _)| *e == ext)
            .map(|(_, ct)| ct.as_str())
    }
}

/// `[Content_Types].xml` with `part` declared as `content_type`, in place
/// of any earlier override for that part.
pub fn declare_override(content_types: &[u8], part: &str, content_type: &str) -> Option<String> {
    let mut doc = xml::parse(content_types).ok()?;
    let root = doc.root_mut()?;
    let part = normalize_part(part);
    root.children.retain(|n| match n {
        xml::Node::Element(e) => {
            local_name(&e.name) != "Override"
                || !e
                    .attr("PartName")
                    .is_some_and(|p| normalize_part(&p).eq_ignore_ascii_case(&part))
        }
        _ => true,
    });
    root.empty = false;
    root.children.push(xml::Node::Raw(format!(
        r#"<Override PartName="/{part}" ContentType="{content_type}"/>"#
    )));
    Some(doc.to_xml())
}

/// One relationship from a source part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    /// `r:id` as used in the source part.
    pub id: String,
    /// The last segment of the relationship type URI, e.g. `header`.
    pub kind: String,
    /// The target part name (no leading '/'), resolved against the source part.
    pub target: String,
    /// The target is outside the package (a hyperlink, a linked file).
    pub external: bool,
}

/// Reads a relationships part belonging to `source` (the part name, or "" for the package).
pub fn parse_rels(bytes: &[u8], source: &str) -> Result<Vec<Relationship>, xml::ParseError> {
    let doc = xml::parse(bytes)?;
    let mut out = Vec::new();
    if let Some(root) = doc.root() {
        for e in root
            .elements()
            .filter(|e| local_name(&e.name) == "Relationship")
        {
            out.push(relationship(e, source));
        }
    }
    Ok(out)
}

fn relationship(e: &Element, source: &str) -> Relationship {
    let kind = e.attr("Type").unwrap_or_default();
    let kind = kind.rsplit('/').next().unwrap_or_default().to_string();
    let raw_target = xml::unescape(&e.attr("Target").unwrap_or_default()).into_owned();
    let external = e
        .attr("TargetMode")
        .is_some_and(|m| m.eq_ignore_ascii_case("External"));
    let target = if external {
        raw_target
    } else {
        resolve(source, &raw_target)
    };
    Relationship {
        id: e.attr("Id").unwrap_or_default(),
        kind,
        target,
        external,
    }
}

/// The relationships part of a part: `word/document.xml` → `word/_rels/document.xml.rels`.
pub fn rels_path(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None if part.is_empty() => "_rels/.rels".to_string(),
        None => format!("_rels/{part}.rels"),
    }
}

/// Resolves a relationship target against its source part.
pub fn resolve(source: &str, target: &str) -> String {
    let target = target.split(['#', '?']).next().unwrap_or_default();
    if let Some(abs) = target.strip_prefix('/') {
        return normalize_segments(abs);
    }
    let base = source.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    if base.is_empty() {
        normalize_segments(target)
    } else {
        normalize_segments(&format!("{base}/{target}"))
    }
}

fn normalize_segments(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A part name without its leading '/'.
pub fn normalize_part(part: &str) -> String {
    part.trim_start_matches('/').to_string()
}

fn local_name(name: &str) -> &str {
    name.rsplit_once(':').map(|(_, l)| l).unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_targets_relative_to_source() {
        assert_eq!(
            resolve("word/document.xml", "header1.xml"),
            "word/header1.xml"
        );
        assert_eq!(
            resolve("word/document.xml", "/word/footnotes.xml"),
            "word/footnotes.xml"
        );
        assert_eq!(
            resolve("word/document.xml", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(
            rels_path("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
        assert_eq!(rels_path(""), "_rels/.rels");
    }

    #[test]
    fn content_types_prefer_overrides() {
        let xml = br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="main"/></Types>"#;
        let ct = ContentTypes::parse(xml).unwrap();
        assert_eq!(ct.of("word/document.xml"), Some("main"));
        assert_eq!(ct.of("word/other.XML"), Some("application/xml"));
        assert_eq!(ct.of("word/media/a.png"), None);
    }

    #[test]
    fn reads_relationships() {
        let xml = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://x/?a=1&amp;b=2" TargetMode="External"/></Relationships>"#;
        let rels = parse_rels(xml, "word/document.xml").unwrap();
        assert_eq!(rels[0].kind, "header");
        assert_eq!(rels[0].target, "word/header1.xml");
        assert!(rels[1].external);
        assert_eq!(rels[1].target, "http://x/?a=1&b=2");
    }
}
