//! Word Mail Merge fields become ordinary `{{name}}` tags.
//!
//! Both forms Word writes are handled: `w:fldSimple w:instr="MERGEFIELD x"`
//! and the complex form (`w:fldChar` begin, `w:instrText`, separate, the
//! shown result «x», end). The field is replaced by a run that carries the
//! formatting of its result and the text `{{x}}`.

use crate::text::mergefield_name;
use crate::xml::{escape_text, unescape, Element, Node, Tag};

/// Rewrites every MERGEFIELD below `e`; returns how many were rewritten.
pub fn convert(e: &mut Element) -> usize {
    let mut count = 0;
    for child in e.children.iter_mut() {
        if let Node::Element(c) = child {
            count += convert(c);
        }
    }
    count += convert_simple(e);
    count += convert_complex(e);
    count
}

fn convert_simple(parent: &mut Element) -> usize {
    let mut count = 0;
    for child in parent.children.iter_mut() {
        let Node::Element(f) = child else { continue };
        if f.tag != Tag::FldSimple {
            continue;
        }
        let Some(name) = f.attr("instr").and_then(|i| mergefield_name(&unescape(&i))) else {
            continue;
        };
        let run = f
            .elements()
            .find(|e| e.tag == Tag::R)
            .cloned()
            .unwrap_or_else(|| bare_run(f));
        *child = Node::Element(with_text(run, &name));
        count += 1;
    }
    count
}

fn convert_complex(parent: &mut Element) -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < parent.children.len() {
        if fld_char(&parent.children[i]) != Some("begin") {
            i += 1;
            continue;
        }
        let Some(field) = scan_field(parent, i) else {
            i += 1;
            continue;
        };
        let Some(name) = mergefield_name(&field.instr) else {
            i = field.end + 1;
            continue;
        };
        let template_run = field
            .result_runs
            .first()
            .and_then(|&k| element(&parent.children[k]))
            .or_else(|| element(&parent.children[i]))
            .cloned();
        let Some(run) = template_run else {
            i += 1;
            continue;
        };
        let replacement = Node::Element(with_text(run, &name));
        parent.children.splice(i..=field.end, [replacement]);
        count += 1;
        i += 1;
    }
    count
}

struct Field {
    instr: String,
    result_runs: Vec<usize>,
    end: usize,
}

/// Reads a complex field starting at child `begin`; `None` when it does not
/// end among the same parent's children or holds a nested field.
fn scan_field(parent: &Element, begin: usize) -> Option<Field> {
    let mut instr = String::new();
    let mut result_runs = Vec::new();
    let mut in_result = false;
    for (k, node) in parent.children.iter().enumerate().skip(begin + 1) {
        match fld_char(node) {
            Some("begin") => return None,
            Some("separate") => in_result = true,
            Some("end") => {
                return Some(Field {
                    instr,
                    result_runs,
                    end: k,
                })
            }
            _ => {
                let Some(run) = element(node).filter(|e| e.tag == Tag::R) else {
                    continue;
                };
                if in_result {
                    result_runs.push(k);
                } else if let Some(t) = run.child(Tag::InstrText) {
                    instr.push_str(&t.text());
                }
            }
        }
    }
    None
}

fn element(node: &Node) -> Option<&Element> {
    match node {
        Node::Element(e) => Some(e),
        _ => None,
    }
}

fn fld_char(node: &Node) -> Option<&'static str> {
    let run = element(node).filter(|e| e.tag == Tag::R)?;
    let kind = run.child(Tag::FldChar)?.attr("fldCharType")?;
    match kind.as_str() {
        "begin" => Some("begin"),
        "separate" => Some("separate"),
        "end" => Some("end"),
        _ => None,
    }
}

/// A run with no properties, in the namespace prefix of `like`.
fn bare_run(like: &Element) -> Element {
    let p = like.prefix();
    let name = if p.is_empty() {
        "r".to_string()
    } else {
        format!("{p}:r")
    };
    Element {
        start: name.clone(),
        name,
        tag: Tag::R,
        empty: false,
        children: Vec::new(),
        id: like.id,
    }
}

/// Keeps the run's properties and replaces everything else with `{{name}}` text.
fn with_text(mut run: Element, name: &str) -> Element {
    let p = run.prefix().to_string();
    let t_name = if p.is_empty() {
        "t".to_string()
    } else {
        format!("{p}:t")
    };
    run.children
        .retain(|n| matches!(n, Node::Element(e) if e.tag == Tag::RPr));
    run.empty = false;
    run.children.push(Node::Element(Element {
        start: format!("{t_name} xml:space=\"preserve\""),
        name: t_name,
        tag: Tag::T,
        empty: false,
        children: vec![Node::Text(
            escape_text(&format!("{{{{{name}}}}}")).into_owned(),
        )],
        id: run.id,
    }));
    run
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::ParagraphText;
    use crate::xml;

    fn convert_paragraph(inner: &str) -> (usize, String, String) {
        let src = format!(
            r#"<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{inner}</w:p>"#
        );
        let mut doc = xml::parse(src.as_bytes()).unwrap();
        let n = convert(doc.root_mut().unwrap());
        let text = ParagraphText::of(doc.root().unwrap()).text;
        (n, text, doc.to_xml())
    }

    #[test]
    fn simple_field_becomes_a_tag_keeping_formatting() {
        let (n, text, xml) = convert_paragraph(
            r#"<w:r><w:t xml:space="preserve">Kính gửi: </w:t></w:r><w:fldSimple w:instr=" MERGEFIELD ten_don_vi \* MERGEFORMAT "><w:r><w:rPr><w:b/></w:rPr><w:t>«ten_don_vi»</w:t></w:r></w:fldSimple>"#,
        );
        assert_eq!(n, 1);
        assert_eq!(text, "Kính gửi: {{ten_don_vi}}");
        assert!(xml.contains("<w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{{ten_don_vi}}"));
    }

    #[test]
    fn complex_field_becomes_a_tag() {
        let (n, text, _) = convert_paragraph(
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> MERGEFIELD  ho_ten </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>«ho_ten»</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r>"#,
        );
        assert_eq!(n, 1);
        assert_eq!(text, "{{ho_ten}}.");
    }

    #[test]
    fn other_fields_are_left_alone() {
        let src = r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#;
        let (n, text, _) = convert_paragraph(src);
        assert_eq!((n, text.as_str()), (0, "2"));
    }
}
