//! Parsing XML bytes into the tree, with namespaces resolved for classification.

use super::{Document, Element, Node, Tag};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Why a part could not be read as XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset in the part where the problem was noticed.
    pub offset: u64,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "byte {}: {}", self.offset, self.message)
    }
}

/// How deeply elements may nest in a part. Real documents stay far below
/// (nested tables and text boxes reach a few dozen levels); deeper nesting
/// is refused so that no reader of the tree runs out of stack.
pub const MAX_DEPTH: usize = 256;

/// The start of the message of [`ParseError::too_deep`].
const TOO_DEEP: &str = "các phần tử lồng nhau quá";

impl ParseError {
    /// The error for an element opened at `offset` past [`MAX_DEPTH`].
    pub fn too_deep(offset: u64) -> ParseError {
        ParseError {
            offset,
            message: format!("{TOO_DEEP} {MAX_DEPTH} cấp"),
        }
    }
}

/// Whether a parse error's text (as carried into an error message) is the
/// refusal of [`ParseError::too_deep`] rather than damage.
pub fn is_too_deep(detail: &str) -> bool {
    detail.contains(TOO_DEEP)
}

/// Parses a whole XML document. Document type declarations are refused, so
/// no entity can be defined or expanded.
pub fn parse(bytes: &[u8]) -> Result<Document, ParseError> {
    let text = std::str::from_utf8(strip_bom(bytes)).map_err(|e| ParseError {
        offset: e.valid_up_to() as u64,
        message: "not UTF-8 text".into(),
    })?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut builder = Builder::default();
    loop {
        let event = reader.read_event().map_err(|e| ParseError {
            offset: reader.error_position(),
            message: e.to_string(),
        })?;
        let offset = reader.buffer_position();
        match event {
            Event::Start(_) if builder.stack.len() >= MAX_DEPTH => {
                return Err(ParseError::too_deep(offset))
            }
            Event::Start(start) => builder.open(&start, false),
            Event::Empty(start) => builder.open(&start, true),
            Event::End(_) => builder.close(),
            Event::Text(t) => builder.text(&t),
            Event::GeneralRef(r) => builder.text(&format!("&{};", &*r)),
            Event::CData(c) => builder.raw(format!("<![CDATA[{}]]>", &*c)),
            Event::Comment(c) => builder.raw(format!("<!--{}-->", &*c)),
            Event::Decl(d) => builder.raw(format!("<?{}?>", &*d)),
            Event::PI(p) => builder.raw(format!("<?{}?>", &*p)),
            Event::DocType(_) => {
                return Err(ParseError {
                    offset,
                    message: "a DOCTYPE declaration is not allowed in a .docx part".into(),
                })
            }
            Event::Eof => break,
        }
    }
    if !builder.stack.is_empty() {
        return Err(ParseError {
            offset: text.len() as u64,
            message: "the document ends before all elements are closed".into(),
        });
    }
    if !builder.nodes.iter().any(|n| matches!(n, Node::Element(_))) {
        return Err(ParseError {
            offset: 0,
            message: "no root element".into(),
        });
    }
    Ok(Document {
        nodes: builder.nodes,
        next_id: builder.next_id,
    })
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Namespace declarations in scope, innermost last, for classifying elements.
#[derive(Debug, Default)]
pub struct Namespaces {
    declared: Vec<(String, String)>,
    /// Bumped whenever `declared` changes.
    generation: u64,
    /// The last prefix resolved, with its namespace's index in `declared`
    /// and the generation it is valid for.
    last: Option<(String, Option<usize>, u64)>,
}

impl Namespaces {
    /// Enters an element: records its declarations and classifies it.
    /// Returns the tag and the mark to [`Namespaces::leave`] with.
    pub fn enter(&mut self, start: &BytesStart<'_>) -> (Tag, usize) {
        let mark = self.declared.len();
        if start.contains("xmlns") {
            for attr in start.attributes().with_checks(false).flatten() {
                let key = attr.key.as_ref();
                if key == "xmlns" {
                    self.declared.push((String::new(), attr.value.to_string()));
                } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                    self.declared
                        .push((prefix.to_string(), attr.value.to_string()));
                }
            }
        }
        let name = start.name();
        let name = name.as_ref();
        let (prefix, local) = name.split_once(':').unwrap_or(("", name));
        if self.declared.len() != mark {
            self.generation += 1;
        }
        let index = match &self.last {
            Some((p, index, generation)) if p == prefix && *generation == self.generation => *index,
            _ => {
                let index = self.declared.iter().rposition(|(p, _)| p == prefix);
                self.last = Some((prefix.to_string(), index, self.generation));
                index
            }
        };
        let ns = index.map(|i| self.declared[i].1.as_str());
        (Tag::classify(ns, local), mark)
    }

    /// The mark an element entered now would get: it changes only when an
    /// element declares namespaces.
    pub fn depth(&self) -> usize {
        self.declared.len()
    }

    /// Leaves an element entered at `mark`.
    pub fn leave(&mut self, mark: usize) {
        if self.declared.len() != mark {
            self.declared.truncate(mark);
            self.generation += 1;
        }
    }
}

#[derive(Default)]
struct Builder {
    nodes: Vec<Node>,
    stack: Vec<(Element, usize)>,
    namespaces: Namespaces,
    next_id: u32,
}

impl Builder {
    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            Some((parent, _)) => parent.children.push(node),
            None => self.nodes.push(node),
        }
    }

    fn open(&mut self, start: &BytesStart<'_>, empty: bool) {
        let raw = start.to_string();
        let name = start.name().as_ref().to_string();
        let (tag, declared) = self.namespaces.enter(start);
        let element = Element {
            tag,
            name,
            start: raw,
            empty,
            children: Vec::new(),
            id: self.next_id,
        };
        self.next_id += 1;
        if empty {
            self.namespaces.leave(declared);
            self.push(Node::Element(element));
        } else {
            self.stack.push((element, declared));
        }
    }

    fn close(&mut self) {
        if let Some((element, declared)) = self.stack.pop() {
            self.namespaces.leave(declared);
            self.push(Node::Element(element));
        }
    }

    fn text(&mut self, t: &str) {
        if let Some(Node::Text(prev)) = self
            .stack
            .last_mut()
            .map(|(p, _)| &mut p.children)
            .unwrap_or(&mut self.nodes)
            .last_mut()
        {
            prev.push_str(t);
            return;
        }
        self.push(Node::Text(t.to_string()));
    }

    fn raw(&mut self, r: String) {
        self.push(Node::Raw(r));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p w:rsidR="00AB"><w:r><w:rPr><w:b /></w:rPr><w:t xml:space="preserve">A &amp; B &#273; </w:t></w:r><!-- c --><w:r><w:t><![CDATA[x<y]]></w:t></w:r></w:p></w:body></w:document>"#;

    #[test]
    fn round_trip_is_byte_identical() {
        let doc = parse(SAMPLE.as_bytes()).unwrap();
        assert_eq!(doc.to_xml(), SAMPLE);
    }

    #[test]
    fn classifies_by_namespace_not_prefix() {
        let xml = r#"<ns0:document xmlns:ns0="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><ns0:p><ns0:r><ns0:t>x</ns0:t></ns0:r></ns0:p><p/></ns0:document>"#;
        let doc = parse(xml.as_bytes()).unwrap();
        let root = doc.root().unwrap();
        let mut tags = Vec::new();
        root.walk(&mut |e| tags.push(e.tag));
        assert_eq!(tags, vec![Tag::Other, Tag::P, Tag::R, Tag::T, Tag::Other]);
    }

    #[test]
    fn refuses_doctype_and_broken_xml() {
        let xxe = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"#;
        assert!(parse(xxe.as_bytes())
            .unwrap_err()
            .message
            .contains("DOCTYPE"));
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"<a>").is_err());
        assert!(parse(b"").is_err());
    }

    #[test]
    fn refuses_nesting_past_the_cap() {
        let nested = |n: usize| format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
        assert!(parse(nested(MAX_DEPTH).as_bytes()).is_ok());
        let err = parse(nested(MAX_DEPTH + 1).as_bytes()).unwrap_err();
        assert!(err.message.contains("256 cấp"), "{err}");
    }
}
