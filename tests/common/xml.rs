//! The tests' own reader of the XML vanban writes, independent of the
//! library's: an element tree (quick-xml underneath) and each paragraph's
//! text as Word shows it.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use unicode_normalization::UnicodeNormalization;

/// A node of the tree: an element or unescaped character data.
#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Text(String),
}

/// An element with its qualified name, attributes (unescaped) and children.
#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// A parsed part.
#[derive(Debug, Clone)]
pub struct Document {
    root: Element,
}

impl Document {
    pub fn root(&self) -> Option<&Element> {
        Some(&self.root)
    }
}

impl Element {
    /// The name without its prefix: `p` for `w:p`.
    pub fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    /// An attribute's value, by its qualified name (`w:val`) or, for a name
    /// without prefix, by its local name.
    pub fn attr(&self, name: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name || (!name.contains(':') && k.rsplit(':').next() == Some(name)))
            .map(|(_, v)| v.clone())
    }

    /// Child elements in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// This element and every descendant element, depth first.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Element)) {
        f(self);
        for e in self.elements() {
            e.walk(f);
        }
    }

    /// The direct character data, joined.
    pub fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|n| match n {
                Node::Text(t) => Some(t.as_str()),
                Node::Element(_) => None,
            })
            .collect()
    }
}

fn element(start: &BytesStart) -> Result<Element, String> {
    let name = start.name().as_ref().to_string();
    let mut attrs = Vec::new();
    for a in start.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let key = a.key.as_ref().to_string();
        let value = quick_xml::escape::unescape(&a.value).map_err(|e| e.to_string())?;
        attrs.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

/// Puts a finished element under its parent, or makes it the root.
fn attach(e: Element, stack: &mut [Element], root: &mut Option<Element>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(e)),
        None => *root = Some(e),
    }
}

/// Parses a part; an error when it is not well-formed.
pub fn parse(xml: &[u8]) -> Result<Document, String> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| e.to_string())?
        {
            Event::Start(s) => stack.push(element(&s)?),
            Event::Empty(s) => {
                let e = element(&s)?;
                attach(e, &mut stack, &mut root);
            }
            Event::End(_) => {
                let e = stack.pop().ok_or("unbalanced end tag")?;
                attach(e, &mut stack, &mut root);
            }
            Event::Text(t) => {
                if let Some(parent) = stack.last_mut() {
                    let text = quick_xml::escape::unescape(&t).map_err(|e| e.to_string())?;
                    parent.children.push(Node::Text(text.into_owned()));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(parent) = stack.last_mut() {
                    let reference = format!("&{};", &*r);
                    let text =
                        quick_xml::escape::unescape(&reference).map_err(|e| e.to_string())?;
                    parent.children.push(Node::Text(text.into_owned()));
                }
            }
            Event::CData(t) => {
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Text(t.to_string()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !stack.is_empty() {
        return Err("unclosed element".into());
    }
    root.map(|root| Document { root })
        .ok_or_else(|| "no root element".into())
}

/// Every paragraph (`w:p`) under `root` in document order, nested ones
/// (text boxes) included, the second copy of alternate content (`mc:Fallback`) not.
pub fn paragraphs(root: &Element) -> Vec<&Element> {
    fn visit<'a>(e: &'a Element, out: &mut Vec<&'a Element>) {
        for c in e.elements() {
            if c.name == "mc:Fallback" {
                continue;
            }
            if c.name == "w:p" {
                out.push(c);
            }
            visit(c, out);
        }
    }
    let mut out = Vec::new();
    visit(root, &mut out);
    out
}

/// A paragraph's text as Word shows it, NFC: `w:t` text, `\t` for a tab,
/// `\n` for a break, `-` for a no-break hyphen; nested paragraphs, deleted
/// text and field codes are not part of it.
pub fn paragraph_text(p: &Element) -> String {
    fn visit(e: &Element, out: &mut String) {
        for c in e.elements() {
            match c.name.as_str() {
                "w:t" => out.push_str(&c.text()),
                "w:tab" | "w:br" | "w:cr" | "w:noBreakHyphen" if e.name == "w:r" => {
                    out.push(match c.name.as_str() {
                        "w:tab" => '\t',
                        "w:noBreakHyphen" => '-',
                        _ => '\n',
                    })
                }
                "w:p" | "mc:Fallback" | "w:pPr" | "w:rPr" => {}
                _ => visit(c, out),
            }
        }
    }
    let mut out = String::new();
    visit(p, &mut out);
    out.nfc().collect()
}
