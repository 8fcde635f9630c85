//! A byte-preserving XML element tree.
//!
//! Every element keeps the raw text of its start tag and every text node its
//! raw (escaped) bytes, so serialising an untouched tree gives back the input
//! byte for byte. Elements of WordprocessingML that the engine cares about are
//! classified once at parse time ([`Tag`]), with namespaces resolved, so a file
//! that spells the main namespace `ns0:` instead of `w:` works the same.

mod escape;
mod highlight;
mod parse;

pub use escape::{escape_text, unescape};
pub use highlight::highlighted_rpr;
pub use parse::{is_too_deep, parse, Namespaces, ParseError, MAX_DEPTH};

use std::fmt::Write as _;

/// Namespace URIs of WordprocessingML (transitional and strict).
pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The strict-conformance spelling of [`W_NS`].
pub const W_NS_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";

/// The elements the engine treats specially. Everything else is [`Tag::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// `w:p`, a paragraph.
    P,
    /// `w:pPr`, paragraph properties.
    PPr,
    /// `w:r`, a run.
    R,
    /// `w:rPr`, run properties.
    RPr,
    /// `w:t`, run text.
    T,
    /// `w:tab` inside a run.
    Tab,
    /// `w:br` or `w:cr`.
    Br,
    /// `w:noBreakHyphen`.
    NoBreakHyphen,
    /// `w:tbl`.
    Tbl,
    /// `w:tr`.
    Tr,
    /// `w:tc`.
    Tc,
    /// `w:vMerge` in cell properties: the cell joins the one above (or
    /// starts such a merge, with `w:val="restart"`).
    VMerge,
    /// `w:txbxContent`, the body of a text box.
    TxbxContent,
    /// `w:footnoteReference`.
    FootnoteReference,
    /// `w:endnoteReference`.
    EndnoteReference,
    /// `w:footnote` in the footnotes part.
    Footnote,
    /// `w:endnote` in the endnotes part.
    Endnote,
    /// `w:fldSimple`.
    FldSimple,
    /// `w:fldChar`.
    FldChar,
    /// `w:instrText`.
    InstrText,
    /// `w:numPr` inside paragraph properties.
    NumPr,
    /// `w:numId`.
    NumId,
    /// `w:pStyle`.
    PStyle,
    /// `w:outlineLvl`.
    OutlineLvl,
    /// `w:bookmarkStart`.
    BookmarkStart,
    /// `w:bookmarkEnd`.
    BookmarkEnd,
    /// `wp:docPr`, the id-carrying properties of a drawing.
    DocPr,
    /// `mc:Fallback`, the second copy of alternate content.
    Fallback,
    /// Any other element.
    Other,
}

impl Tag {
    /// Classifies an element from its resolved namespace and local name.
    pub fn classify(ns: Option<&str>, local: &str) -> Tag {
        let is_w = matches!(ns, Some(W_NS) | Some(W_NS_STRICT));
        if is_w {
            return match local {
                "p" => Tag::P,
                "pPr" => Tag::PPr,
                "r" => Tag::R,
                "rPr" => Tag::RPr,
                "t" => Tag::T,
                "tab" => Tag::Tab,
                "br" | "cr" => Tag::Br,
                "noBreakHyphen" => Tag::NoBreakHyphen,
                "tbl" => Tag::Tbl,
                "tr" => Tag::Tr,
                "tc" => Tag::Tc,
                "vMerge" => Tag::VMerge,
                "txbxContent" => Tag::TxbxContent,
                "footnoteReference" => Tag::FootnoteReference,
                "endnoteReference" => Tag::EndnoteReference,
                "footnote" => Tag::Footnote,
                "endnote" => Tag::Endnote,
                "fldSimple" => Tag::FldSimple,
                "fldChar" => Tag::FldChar,
                "instrText" => Tag::InstrText,
                "numPr" => Tag::NumPr,
                "numId" => Tag::NumId,
                "pStyle" => Tag::PStyle,
                "outlineLvl" => Tag::OutlineLvl,
                "bookmarkStart" => Tag::BookmarkStart,
                "bookmarkEnd" => Tag::BookmarkEnd,
                _ => Tag::Other,
            };
        }
        match local {
            "docPr" => Tag::DocPr,
            "Fallback" if ns == Some(MC_NS) => Tag::Fallback,
            _ => Tag::Other,
        }
    }
}

const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// A node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element with its children.
    Element(Element),
    /// Character data, raw (still escaped) as in the source.
    Text(String),
    /// Anything else kept verbatim: declaration, comment, CDATA, processing instruction.
    Raw(String),
    /// A placeholder the template compiler puts into text (see `template`).
    Marker(u32),
}

/// An element: its raw start tag and its children.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// Qualified name as written, e.g. `w:p`.
    pub name: String,
    /// Raw content of the start tag between `<` and `>` (or `/>`): name and attributes.
    pub start: String,
    /// Classification of the element.
    pub tag: Tag,
    /// Written as `<x/>` in the source.
    pub empty: bool,
    /// Child nodes in order.
    pub children: Vec<Node>,
    /// Unique id within one parsed document, used to attach marks.
    pub id: u32,
}

impl Element {
    /// The namespace prefix of this element's name (`w` for `w:p`), empty when none.
    pub fn prefix(&self) -> &str {
        self.name.split_once(':').map(|(p, _)| p).unwrap_or("")
    }

    /// The raw value of an attribute, matched on its qualified or local name.
    pub fn attr(&self, name: &str) -> Option<String> {
        attr_value(&self.start, name)
    }

    /// Child elements in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// First child element with the given tag.
    pub fn child(&self, tag: Tag) -> Option<&Element> {
        self.elements().find(|e| e.tag == tag)
    }

    /// Concatenated unescaped text of the direct text children.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for n in &self.children {
            if let Node::Text(t) = n {
                s.push_str(&unescape(t));
            }
        }
        s
    }

    /// The descendant element reached by a path of child indices.
    pub fn descendant_mut(&mut self, path: &[usize]) -> Option<&mut Element> {
        let mut e = self;
        for &i in path {
            e = match e.children.get_mut(i)? {
                Node::Element(c) => c,
                _ => return None,
            };
        }
        Some(e)
    }

    /// Calls `f` on this element and every descendant element, depth first.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Element)) {
        f(self);
        for e in self.elements() {
            e.walk(f);
        }
    }

    /// Serialises the element, appending to `out`.
    pub fn write_to(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.start);
        if self.empty && self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for n in &self.children {
            n.write_to(out);
        }
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }
}

impl Node {
    /// Serialises the node, appending to `out`. Markers write nothing.
    pub fn write_to(&self, out: &mut String) {
        match self {
            Node::Element(e) => e.write_to(out),
            Node::Text(t) | Node::Raw(t) => out.push_str(t),
            Node::Marker(_) => {}
        }
    }
}

/// A parsed XML document: the nodes around and including the root element.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Top-level nodes: declaration, comments, the root element, whitespace.
    pub nodes: Vec<Node>,
    /// The number of element ids handed out (ids are `0..next_id`).
    pub next_id: u32,
}

impl Document {
    /// The root element.
    pub fn root(&self) -> Option<&Element> {
        self.nodes.iter().find_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// The root element, mutably.
    pub fn root_mut(&mut self) -> Option<&mut Element> {
        self.nodes.iter_mut().find_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// Serialises the whole document.
    pub fn to_xml(&self) -> String {
        let mut out = String::new();
        for n in &self.nodes {
            n.write_to(&mut out);
        }
        out
    }
}

/// Appends raw XML as the last children of the root element (opening a
/// self-closed root such as `<w:comments/>`); `None` when `xml` does not parse.
pub fn append_to_root(xml: &[u8], insert: &str) -> Option<String> {
    let mut doc = parse(xml).ok()?;
    let root = doc.root_mut()?;
    root.empty = false;
    root.children.push(Node::Raw(insert.to_string()));
    Some(doc.to_xml())
}

/// Finds an attribute's raw value inside a raw start tag.
pub fn attr_value(start: &str, name: &str) -> Option<String> {
    let bytes = start.as_bytes();
    let mut i = start.find(|c: char| c.is_whitespace())?;
    while i < bytes.len() {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let key_start = i;
        while i < bytes.len() && bytes[i] != b'=' && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let key = &start[key_start..i];
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'=') {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let quote = bytes[i];
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_start = i + 1;
        let value_end = value_start + start[value_start..].find(quote as char)?;
        let local = key.rsplit_once(':').map(|(_, l)| l).unwrap_or(key);
        if key == name || local == name {
            return Some(start[value_start..value_end].to_string());
        }
        i = value_end + 1;
    }
    None
}

/// Returns `start` with attribute `name` set to `value` (already escaped),
/// replacing the old value or appending the attribute.
pub fn set_attr(start: &str, name: &str, value: &str) -> String {
    if let Some(pos) = find_attr(start, name) {
        let (value_start, value_end) = pos;
        let mut s = String::with_capacity(start.len() + value.len());
        s.push_str(&start[..value_start]);
        s.push_str(value);
        s.push_str(&start[value_end..]);
        s
    } else {
        let trimmed = start.trim_end();
        let mut s = String::with_capacity(start.len() + name.len() + value.len() + 4);
        let _ = write!(s, "{trimmed} {name}=\"{value}\"");
        s
    }
}

/// Byte range of the value of attribute `name` (exact qualified name).
fn find_attr(start: &str, name: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(rel) = start[from..].find(name) {
        let at = from + rel;
        let before_ok = at > 0 && start.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = &start[at + name.len()..];
        let after = rest.trim_start();
        if before_ok && after.starts_with('=') {
            let after_eq = after[1..].trim_start();
            let quote = after_eq.chars().next()?;
            if quote == '"' || quote == '\'' {
                let value_start = start.len() - after_eq.len() + 1;
                let value_end = value_start + start[value_start..].find(quote)?;
                return Some((value_start, value_end));
            }
        }
        from = at + name.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_lookup_by_qualified_and_local_name() {
        let start = r#"w:footnoteReference w:id="3" xml:space='preserve'"#;
        assert_eq!(attr_value(start, "w:id").as_deref(), Some("3"));
        assert_eq!(attr_value(start, "id").as_deref(), Some("3"));
        assert_eq!(attr_value(start, "xml:space").as_deref(), Some("preserve"));
        assert_eq!(attr_value(start, "w:val"), None);
    }

    #[test]
    fn set_attr_replaces_or_appends() {
        assert_eq!(
            set_attr(r#"w:t"#, "xml:space", "preserve"),
            r#"w:t xml:space="preserve""#
        );
        assert_eq!(
            set_attr(r#"wp:docPr id="1" name="x""#, "id", "7"),
            r#"wp:docPr id="7" name="x""#
        );
        assert_eq!(
            set_attr(r#"w:num w:numId="12""#, "w:numId", "40"),
            r#"w:num w:numId="40""#
        );
    }
}
