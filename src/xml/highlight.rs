//! Run properties with a yellow highlight: how a gap marker (written by
//! the renderer) and a finding (marked by the checker) are shown in Word.

use super::{Element, Node};

/// Children of `w:rPr` that come after `w:highlight` in the schema's order.
const AFTER_HIGHLIGHT: &[&str] = &[
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
    "rPrChange",
];

/// Run properties with a yellow highlight put in its schema place (replacing any other highlight).
pub fn highlighted_rpr(rpr: Option<&Element>, w: &str) -> String {
    let highlight = format!("<{w}highlight {w}val=\"yellow\"/>");
    let Some(rpr) = rpr else {
        return format!("<{w}rPr>{highlight}</{w}rPr>");
    };
    let local = |e: &Element| e.name.rsplit(':').next().unwrap_or_default().to_string();
    let mut out = format!("<{}>", rpr.start);
    let mut placed = false;
    for child in &rpr.children {
        if let Node::Element(c) = child {
            let name = local(c);
            if name == "highlight" {
                continue;
            }
            if !placed && AFTER_HIGHLIGHT.contains(&name.as_str()) {
                out.push_str(&highlight);
                placed = true;
            }
        }
        child.write_to(&mut out);
    }
    if !placed {
        out.push_str(&highlight);
    }
    out.push_str(&format!("</{}>", rpr.name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rpr(inner: &str) -> String {
        let src = format!(r#"<w:rPr xmlns:w="x">{inner}</w:rPr>"#);
        let doc = crate::xml::parse(src.as_bytes()).unwrap();
        highlighted_rpr(doc.root(), "w:")
    }

    #[test]
    fn highlight_goes_in_schema_order() {
        assert_eq!(
            highlighted_rpr(None, "w:"),
            r#"<w:rPr><w:highlight w:val="yellow"/></w:rPr>"#
        );
        assert_eq!(
            rpr(r#"<w:b/><w:sz w:val="28"/><w:u w:val="single"/><w:lang w:val="vi-VN"/>"#),
            r#"<w:rPr xmlns:w="x"><w:b/><w:sz w:val="28"/><w:highlight w:val="yellow"/><w:u w:val="single"/><w:lang w:val="vi-VN"/></w:rPr>"#
        );
        assert_eq!(
            rpr(r#"<w:i/><w:highlight w:val="green"/>"#),
            r#"<w:rPr xmlns:w="x"><w:i/><w:highlight w:val="yellow"/></w:rPr>"#
        );
    }
}
