//! The gap markers the renderer wrote.
//!
//! Where a value is missing, unusable by its filter or not a valid date,
//! the renderer writes [`GAP_MARKER`] ("…") as a run of its own,
//! highlighted yellow. In text alone such a marker cannot be told from an
//! "and so on" ellipsis ("Đắk Lắk, …" reads like "Trần Phú, …"), so the
//! checker finds it in the part's XML: a run highlighted yellow whose only
//! text is the marker. Each one is an error at its place, wherever it is
//! (body, table cells, headers, footnotes, the signature block).

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::vi::GAP_MARKER;

/// One marker: the paragraph holding it (its index within the part, as
/// [`crate::text::paragraphs_in`] numbers paragraphs) and which "…" of the
/// paragraph's text it is (0 for the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Marker {
    pub paragraph: usize,
    pub nth: usize,
}

/// The gap markers in one part's XML, in document order. Parts without
/// the marker's exact text element are not parsed.
pub fn markers_in(xml: &str) -> Vec<Marker> {
    if !xml.contains(&format!(">{GAP_MARKER}</w:t>")) {
        return Vec::new();
    }
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut next_paragraph = 0;
    // Open paragraphs: (index, "…" seen so far in its text).
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut fallback = 0usize;
    let mut in_text = false;
    let mut run: Option<(bool, String)> = None;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match event {
            Event::Start(e) => {
                let qname = e.name();
                let name: &str = qname.into_inner();
                if name == "mc:Fallback" {
                    fallback += 1;
                } else if fallback > 0 {
                } else if name == "w:p" {
                    open.push((next_paragraph, 0));
                    next_paragraph += 1;
                } else if name == "w:r" {
                    run = Some((false, String::new()));
                } else if name == "w:t" {
                    in_text = true;
                }
            }
            Event::Empty(e) if fallback == 0 => match e.name().into_inner() {
                "w:p" => next_paragraph += 1,
                "w:highlight" => {
                    let yellow = e
                        .try_get_attribute("w:val")
                        .ok()
                        .flatten()
                        .is_some_and(|a| &*a.value == "yellow");
                    if let Some(r) = run.as_mut() {
                        r.0 |= yellow;
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text && fallback == 0 => {
                if let Some(r) = run.as_mut() {
                    r.1.push_str(&t);
                }
            }
            Event::End(e) => {
                let qname = e.name();
                let name: &str = qname.into_inner();
                if name == "mc:Fallback" {
                    fallback = fallback.saturating_sub(1);
                } else if fallback > 0 {
                } else if name == "w:t" {
                    in_text = false;
                } else if name == "w:r" {
                    if let (Some((highlighted, text)), Some(p)) = (run.take(), open.last_mut()) {
                        if highlighted && text == GAP_MARKER {
                            out.push(Marker {
                                paragraph: p.0,
                                nth: p.1,
                            });
                        }
                        p.1 += text.matches(GAP_MARKER).count();
                    }
                } else if name == "w:p" {
                    open.pop();
                }
            }
            _ => {}
        }
    }
    out
}

/// The character offset of the `nth` marker character in `text`.
pub fn offset_of(text: &str, nth: usize) -> Option<usize> {
    let marker = GAP_MARKER.chars().next()?;
    text.chars()
        .enumerate()
        .filter(|&(_, c)| c == marker)
        .nth(nth)
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn highlighted_markers_are_found_and_ellipses_are_not() {
        let xml = format!(
            r#"<w:document {W}><w:body><w:p><w:r><w:t>Trần Phú, …</w:t></w:r></w:p><w:p/><w:p><w:r><w:t xml:space="preserve">Đắk Lắk, … và </w:t></w:r><w:r><w:rPr><w:highlight w:val="yellow"/></w:rPr><w:t>…</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:rPr><w:b/><w:highlight w:val="yellow"/></w:rPr><w:t>…</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#
        );
        assert_eq!(
            markers_in(&xml),
            vec![
                Marker {
                    paragraph: 2,
                    nth: 1
                },
                Marker {
                    paragraph: 3,
                    nth: 0
                }
            ]
        );
        assert_eq!(offset_of("Đắk Lắk, … và …", 1), Some(14));
    }

    #[test]
    fn an_ellipsis_without_highlight_is_no_marker() {
        let xml = format!(
            r#"<w:document {W}><w:body><w:p><w:r><w:t>…</w:t></w:r></w:p></w:body></w:document>"#
        );
        assert!(markers_in(&xml).is_empty());
    }
}
