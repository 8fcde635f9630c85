//! Paragraph text over runs: the one reading layer both fill and check use.
//!
//! Word stores a paragraph's text in many runs (`w:r`), split wherever the
//! formatting, a spell-check mark or an editing session changes. This module
//! joins a paragraph's text into one string and keeps a map from character
//! offsets back to the `w:t` elements the characters came from.

mod events;
mod paragraph;
mod quote;
mod reader;

pub use events::{TextEvent, Tokenizer};
pub use paragraph::{CellPos, NoteKind, NoteRef, Paragraph};
pub use quote::{excerpt, quote};
pub use reader::{paragraphs_in, ParagraphReader};

use crate::xml::{Element, Node, Tag};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Where a stretch of a paragraph's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A `w:t` element, by its path of child indices from the paragraph.
    Text(Vec<usize>),
    /// A tab, break or no-break hyphen: one character with no `w:t` behind
    /// it, by the path of its element from the paragraph.
    Symbol(Vec<usize>),
}

/// A stretch of paragraph text and its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Offset of the first character, in chars.
    pub start: usize,
    /// Length in chars.
    pub len: usize,
    /// Where the characters are stored.
    pub source: Source,
}

/// A paragraph's text with its map back to the XML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParagraphText {
    /// The text: `w:t` contents joined, `\t` for tabs, `\n` for breaks.
    pub text: String,
    /// The stretches of `text`, in order, covering it exactly.
    pub segments: Vec<Segment>,
}

impl ParagraphText {
    /// Reads the text of paragraph `p`. Paragraphs nested inside it (text
    /// boxes) are not part of its text, nor are deleted text and field codes.
    pub fn of(p: &Element) -> ParagraphText {
        let mut out = ParagraphText::default();
        let mut path = Vec::new();
        let mut chars = 0;
        collect(p, &mut path, &mut out, &mut chars);
        out
    }
}

fn collect(e: &Element, path: &mut Vec<usize>, out: &mut ParagraphText, chars: &mut usize) {
    for (i, child) in e.children.iter().enumerate() {
        let Node::Element(c) = child else { continue };
        path.push(i);
        match c.tag {
            Tag::T => {
                let text = c.text();
                let len = text.chars().count();
                if len > 0 {
                    out.text.push_str(&text);
                    out.segments.push(Segment {
                        start: *chars,
                        len,
                        source: Source::Text(path.clone()),
                    });
                    *chars += len;
                }
            }
            Tag::Tab | Tag::Br | Tag::NoBreakHyphen if is_in_run(e) => {
                out.text.push(match c.tag {
                    Tag::Tab => '\t',
                    Tag::Br => '\n',
                    _ => '-',
                });
                out.segments.push(Segment {
                    start: *chars,
                    len: 1,
                    source: Source::Symbol(path.clone()),
                });
                *chars += 1;
            }
            Tag::P | Tag::Fallback | Tag::PPr | Tag::RPr => {}
            _ => collect(c, path, out, chars),
        }
        path.pop();
    }
}

/// `w:tab` also appears in paragraph properties (tab stops); only a run's child is text.
fn is_in_run(parent: &Element) -> bool {
    parent.tag == Tag::R
}

/// Parses ` MERGEFIELD name \* MERGEFORMAT ` into `name`.
pub fn mergefield_name(instr: &str) -> Option<String> {
    let mut words = instr.split_whitespace();
    if !words.next()?.eq_ignore_ascii_case("MERGEFIELD") {
        return None;
    }
    let name = words.next()?.trim_matches('"');
    (!name.is_empty() && !name.starts_with('\\')).then(|| name.to_string())
}

/// Every paragraph of a story part, in document order, as the checker reads
/// them (see [`paragraphs_in`]), from an element tree.
#[cfg(test)]
pub fn paragraphs(root: &Element, part: &str) -> Vec<Paragraph> {
    let mut xml = String::new();
    root.write_to(&mut xml);
    paragraphs_in(&xml, part).unwrap_or_default()
}

/// Whether `text` is NFC; quick for text that is (nearly all of it).
pub fn is_nfc(text: &str) -> bool {
    all_surely_nfc(text.as_bytes()) || is_nfc_quick(text.chars()) == IsNormalized::Yes
}

/// NFC without copying text that is already NFC (nearly all of it).
pub fn nfc(text: String) -> String {
    if all_surely_nfc(text.as_bytes()) {
        return text;
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// Whether every character of the UTF-8 text is NFC whatever stands around
/// it: below the combining marks (Latin, Vietnamese ư ơ đ: U+0000–U+02FF,
/// one byte or two with a lead byte up to 0xCB), Vietnamese letters with
/// their tone marks (U+1EA0–U+1EF9: E1 BA A0–E1 BB B9), and dashes, quotes
/// and the ellipsis (U+2010–U+2027: E2 80 90–E2 80 A7). Read byte by byte.
fn all_surely_nfc(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0..=0x7F => i += 1,
            0xC2..=0xCB => i += 2,
            0xE1 => match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(0xBA), Some(0xA0..=0xBF)) | (Some(0xBB), Some(0x80..=0xB9)) => i += 3,
                _ => return false,
            },
            0xE2 => match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(0x80), Some(0x90..=0xA7)) => i += 3,
                _ => return false,
            },
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The characters [`all_surely_nfc`] accepts, one by one.
    fn surely_nfc(c: char) -> bool {
        matches!(c, '\0'..='\u{2ff}' | '\u{1ea0}'..='\u{1ef9}' | '\u{2010}'..='\u{2027}')
    }

    #[test]
    fn surely_nfc_characters_are_nfc() {
        for c in ('\0'..='\u{10ffff}').filter(|&c| surely_nfc(c)) {
            assert_eq!(
                is_nfc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "U+{:04X}",
                c as u32
            );
        }
        assert!(!"Tie\u{302}\u{301}ng".chars().all(surely_nfc));
    }

    #[test]
    fn the_byte_check_agrees_with_the_character_check() {
        let samples = (0u32..0x3_0000).filter_map(char::from_u32);
        for c in samples {
            let mut buf = [0u8; 4];
            let s = c.encode_utf8(&mut buf);
            assert_eq!(
                all_surely_nfc(s.as_bytes()),
                surely_nfc(c),
                "U+{:04X}",
                c as u32
            );
        }
        assert!(all_surely_nfc("Liên đoàn Lao động – “Hội An”…".as_bytes()));
        assert!(!all_surely_nfc("Tie\u{302}\u{301}ng".as_bytes()));
    }

    use super::CellPos;
    use crate::xml;

    fn body(inner: &str) -> xml::Document {
        let src = format!(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{inner}</w:body></w:document>"#
        );
        xml::parse(src.as_bytes()).unwrap()
    }

    #[test]
    fn joins_runs_and_maps_back() {
        let doc = body(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="100"/></w:tabs></w:pPr><w:r><w:t>Số: {{s</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>o}}</w:t><w:tab/><w:t xml:space="preserve"> A &amp; B</w:t><w:br/></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"#,
        );
        let p = doc
            .root()
            .unwrap()
            .elements()
            .next()
            .unwrap()
            .elements()
            .next()
            .unwrap();
        let pt = ParagraphText::of(p);
        assert_eq!(pt.text, "Số: {{so}}\t A & B\n");
        let starts: Vec<usize> = pt.segments.iter().map(|s| s.start).collect();
        assert_eq!(starts, vec![0, 7, 10, 11, 17]);
        assert_eq!(pt.segments[0].source, Source::Text(vec![1, 0]));
        assert!(matches!(pt.segments[2].source, Source::Symbol(_)));
    }

    #[test]
    fn lists_paragraphs_with_cells_and_skips_fallback() {
        let doc = body(
            r#"<w:p><w:r><w:t>a</w:t></w:r><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>r0c0</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>r0c1</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>r1c0</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        let ps = paragraphs(doc.root().unwrap(), "word/document.xml");
        let texts: Vec<&str> = ps.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, vec!["a", "box", "r0c0", "r0c1", "r1c0"]);
        assert_eq!(
            ps[3].cell,
            Some(CellPos {
                table: 0,
                row: 0,
                col: 1,
                merged_above: false,
            })
        );
        assert_eq!(
            ps[4].cell,
            Some(CellPos {
                table: 0,
                row: 1,
                col: 0,
                merged_above: false,
            })
        );
        assert_eq!(ps[4].outline_level, Some(1));
        assert_eq!(ps[0].cell, None);
    }

    #[test]
    fn text_is_nfc() {
        let doc = body("<w:p><w:r><w:t>Vie\u{302}\u{323}t</w:t></w:r></w:p>");
        let ps = paragraphs(doc.root().unwrap(), "word/document.xml");
        assert_eq!(ps[0].text, "Việt");
    }

    #[test]
    fn finds_merge_fields_in_both_forms() {
        let doc = body(
            r#"<w:p><w:fldSimple w:instr=" MERGEFIELD ten_don_vi \* MERGEFORMAT "><w:r><w:t>«ten_don_vi»</w:t></w:r></w:fldSimple></w:p><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> MERGEFIELD </w:instrText></w:r><w:r><w:instrText>ho_ten </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>«ho_ten»</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p><w:p><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"#,
        );
        let ps = paragraphs(doc.root().unwrap(), "word/document.xml");
        assert_eq!(ps[0].merge_field.as_deref(), Some("ten_don_vi"));
        assert_eq!(ps[1].merge_field.as_deref(), Some("ho_ten"));
        assert_eq!(ps[2].merge_field, None);
    }
}
