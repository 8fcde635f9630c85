//! The readers agree: replayed text against the output, fast against tree.

use super::{shared_or_skip, word_files};
use crate::render::Rendered;
use crate::xml::{Element, Node, Tag};
use serde_json::{json, Value};
use unicode_normalization::UnicodeNormalization;

#[allow(dead_code)]
#[path = "../../tests/common/docx.rs"]
mod docx;
use docx::{p, Docx};

/// Whether the renderer read the text of its output while rendering; when
/// it did, what it read must be exactly what reading the output gives.
fn text_read_matches(out: &Rendered, label: &str) -> bool {
    let Some(read) = out.read_paragraphs() else {
        return false;
    };
    for (name, xml) in out.parts() {
        let from_xml = crate::text::paragraphs_in(xml, name).unwrap();
        match read.iter().find(|(n, _)| n == name) {
            Some((_, paragraphs)) => assert_eq!(paragraphs, &from_xml, "{label}: {name}"),
            None => assert!(
                !name.contains("document") && !name.contains("footnotes"),
                "{label}: {name} was not read"
            ),
        }
    }
    true
}

fn render(bytes: Vec<u8>, name: &str, data: &Value) -> crate::Result<Rendered> {
    let package = crate::package::Package::from_bytes(bytes, name, Default::default())?;
    crate::template::Template::from_package(package)?.render(data, Default::default())
}

/// A tag split over three runs, as Word leaves it after spell-check and a bold edit.
const SPLIT: &str = r#"<w:p><w:r><w:t xml:space="preserve">Kính gửi: {{</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>ten_</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:t>don_vi}}.</w:t></w:r></w:p>"#;

#[test]
fn text_read_while_rendering_is_the_outputs_for_every_construct() {
    let row = |cells: &[&str]| {
        let cells: String = cells
            .iter()
            .map(|c| format!("<w:tc>{}</w:tc>", p(&[c])))
            .collect();
        format!("<w:tr>{cells}</w:tr>")
    };
    let cases = [
        Docx {
            body: format!(
                r#"{SPLIT}<w:tbl><w:tr><w:tc>{SPLIT}</w:tc></w:tr></w:tbl><w:p><w:r><w:t>Xem</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#
            ),
            header: Some(SPLIT.into()),
            footer: Some(SPLIT.into()),
            footnotes: Some(format!(r#"<w:footnote w:id="1">{SPLIT}</w:footnote>"#)),
            endnotes: Some(format!(r#"<w:endnote w:id="1">{SPLIT}</w:endnote>"#)),
            ..Default::default()
        },
        Docx::body(&format!(
            "{}{}{}{}{}",
            p(&["Nơi nhận: {{#noi_nhan}}- {{.}}{{^@cuoi}}; {{/@cuoi}}{{/noi_nhan}}"]),
            p(&["{{#hoat_dong}}"]),
            p(&["{{@stt}}. {{ten}}: {{so | so}} ({{ty_le | phan_tram}}){{ghi_chu | chu_thich}}"]),
            p(&["{{/hoat_dong}}"]),
            p(&["{{^hoat_dong}}Không có hoạt động.{{/hoat_dong}} {{thieu}}"]),
        )),
        Docx::body(&format!(
            "<w:tbl>{}{}{}</w:tbl>",
            row(&["STT", "Đơn vị"]),
            row(&["{{#don_vi}}{{@stt}}", "{{ten}}{{/don_vi}}"]),
            row(&["Cộng", "{{tong | so}}"]),
        )),
    ];
    let data = json!({
        "ten_don_vi": "LĐLĐ huyện Krông Búk",
        "noi_nhan": ["Như trên", "Lưu: VT"],
        "hoat_dong": [
            {"ten": "Tuyên truyền", "so": 1500, "ty_le": 98.5, "ghi_chu": "Số liệu quý I"},
            {"ten": "Thăm hỏi", "so": 28013, "ty_le": 100}
        ],
        "don_vi": [{"ten": "CĐ ngành Giáo dục"}, {"ten": "CĐ ngành Y tế"}],
        "tong": 2
    });
    for (i, docx) in cases.iter().enumerate() {
        let label = format!("case {i}");
        let out = render(docx.bytes(), "mau.docx", &data).unwrap();
        assert!(text_read_matches(&out, &label), "{label}: text not read");
        let empty = render(docx.bytes(), "mau.docx", &json!({})).unwrap();
        assert!(text_read_matches(&empty, &label), "{label}: text not read");
    }
}

#[cfg(feature = "pack")]
#[test]
fn text_read_while_rendering_is_the_outputs_for_the_pack() {
    for t in crate::pack::all() {
        let data = crate::data::parse_json(t.sample, std::path::Path::new(t.name)).unwrap();
        let out = t
            .compile()
            .unwrap()
            .render(&data, Default::default())
            .unwrap();
        assert!(text_read_matches(&out, t.name), "{}: text not read", t.name);
    }
}

#[test]
fn text_read_while_rendering_is_the_outputs_for_the_corpus() {
    let Some(corpus) = shared_or_skip("corpus", "text read while rendering the corpus") else {
        return;
    };
    let (mut rendered, mut read) = (0, 0);
    for path in word_files(corpus) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let label = path.display().to_string();
        if let Ok(out) = render(bytes, &label, &json!({})) {
            rendered += 1;
            read += usize::from(text_read_matches(&out, &label));
        }
    }
    println!("corpus: {rendered} rendered, {read} with their text read while rendering");
    assert!(read > 500, "only {read} of {rendered} read while rendering");
}

/// The checker's fast reader and the fill engine's tree reader agree on every
/// paragraph of every story part in the corpus.
#[test]
fn both_readers_see_the_same_paragraphs() {
    fn tree_texts(e: &Element, out: &mut Vec<String>) {
        for c in &e.children {
            let Node::Element(c) = c else { continue };
            if c.tag == Tag::Fallback {
                continue;
            }
            if c.tag == Tag::P {
                out.push(crate::text::ParagraphText::of(c).text.nfc().collect());
            }
            tree_texts(c, out);
        }
    }
    let Some(corpus) = shared_or_skip("corpus", "both paragraph readers on the corpus") else {
        return;
    };
    let mut parts = 0;
    for path in word_files(corpus) {
        let Ok(package) = crate::package::Package::open(&path) else {
            continue;
        };
        for story in package.stories() {
            let Ok(bytes) = package.read_part(&story.part) else {
                continue;
            };
            let Ok(doc) = crate::xml::parse(&bytes) else {
                continue;
            };
            let mut tree = Vec::new();
            tree_texts(doc.root().unwrap(), &mut tree);
            let fast: Vec<String> =
                crate::text::paragraphs_in(std::str::from_utf8(&bytes).unwrap(), &story.part)
                    .unwrap()
                    .into_iter()
                    .map(|p| p.text)
                    .collect();
            assert_eq!(tree, fast, "{} {}", path.display(), story.part);
            parts += 1;
        }
    }
    assert!(parts > 1000, "only {parts} parts compared");
}
