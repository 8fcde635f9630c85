//! The template language: sections in their three placements, loop facts,
//! footnotes in loops and from data, list numbering, unique ids, merge fields.

mod common;

use common::{entry, p, texts, Docx};
use serde_json::json;
use vanban::{Error, Template};

fn compile(docx: &Docx) -> vanban::Result<Template> {
    Template::from_bytes_named(docx.bytes(), "mau.docx")
}

fn render(docx: &Docx, data: serde_json::Value) -> vanban::Document {
    compile(docx).unwrap().render(&data).unwrap()
}

fn body_texts(out: &vanban::Document) -> Vec<String> {
    texts(out.as_bytes(), "word/document.xml")
}

/// The attribute values that follow each occurrence of `pattern` (which ends with the opening quote).
fn values_after<'a>(xml: &'a str, pattern: &str) -> Vec<&'a str> {
    xml.match_indices(pattern)
        .map(|(i, _)| {
            let rest = &xml[i + pattern.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

fn xml(out: &vanban::Document, part: &str) -> String {
    String::from_utf8(entry(out.as_bytes(), part).unwrap()).unwrap()
}

#[test]
fn inline_section_with_last_item_punctuation() {
    let docx = Docx::body(&p(&[
        "Nơi nhận: {{#noi_nhan}}- {{.}}{{^@cuoi}}; {{/@cuoi}}{{#@cuoi}}.{{/@cuoi}}{{/noi_nhan}}",
    ]));
    let out = render(&docx, json!({"noi_nhan": ["Như trên", "Lưu: VT"]}));
    assert_eq!(body_texts(&out), vec!["Nơi nhận: - Như trên; - Lưu: VT."]);
}

#[test]
fn block_section_repeats_paragraphs_and_drops_tag_paragraphs() {
    let docx = Docx::body(&format!(
        "{}{}{}{}{}",
        p(&["Trước"]),
        p(&["{{#hoat_dong}}"]),
        p(&["{{@stt}}. {{ten}} tại {{dia_diem}}"]),
        p(&["{{/hoat_dong}}"]),
        p(&["Sau"])
    ));
    let out = render(
        &docx,
        json!({"dia_diem": "tỉnh", "hoat_dong": [{"ten": "A"}, {"ten": "B", "dia_diem": "huyện"}]}),
    );
    assert_eq!(
        body_texts(&out),
        vec!["Trước", "1. A tại tỉnh", "2. B tại huyện", "Sau"]
    );
    let empty = render(&docx, json!({"hoat_dong": []}));
    assert_eq!(body_texts(&empty), vec!["Trước", "Sau"]);
}

fn row(cells: &[&str]) -> String {
    let mut s = String::from("<w:tr>");
    for c in cells {
        s.push_str(&format!("<w:tc>{}</w:tc>", p(&[c])));
    }
    s.push_str("</w:tr>");
    s
}

#[test]
fn row_section_repeats_table_rows() {
    let docx = Docx::body(&format!(
        "<w:tbl>{}{}</w:tbl>",
        row(&["STT", "Đơn vị", "Tỉ lệ"]),
        row(&[
            "{{#bang}}{{@stt}}",
            "{{ten}}",
            "{{thuc_hien | ti_le: ke_hoach}}{{/bang}}"
        ])
    ));
    let out = render(
        &docx,
        json!({"bang": [{"ten": "Krông Búk", "thuc_hien": 2246, "ke_hoach": 1500}, {"ten": "Ea Súp", "thuc_hien": 484, "ke_hoach": 723}]}),
    );
    assert_eq!(
        body_texts(&out),
        vec![
            "STT",
            "Đơn vị",
            "Tỉ lệ",
            "1",
            "Krông Búk",
            "149,7%",
            "2",
            "Ea Súp",
            "66,9%"
        ]
    );
}

#[test]
fn sections_nest_and_follow_truthiness_rules() {
    let docx = Docx::body(&format!(
        "{}{}{}{}{}{}",
        p(&["{{#muc}}"]),
        p(&["{{ten}}: {{#y}}{{.}} {{/y}}"]),
        p(&["{{/muc}}"]),
        p(&["{{#khong}}số không vẫn hiện{{/khong}}|{{#rong}}ẩn{{/rong}}|{{^rong}}trống{{/rong}}"]),
        p(&["{{#ky}}{{ho_ten}} ({{chuc_vu}}){{/ky}}"]),
        p(&["{{#sai}}ẩn{{/sai}}{{^thieu}}không có{{/thieu}}"])
    ));
    let data = json!({
        "muc": [{"ten": "I", "y": ["a", "b"]}, {"ten": "II", "y": []}],
        "khong": 0, "rong": "", "sai": false,
        "ky": {"ho_ten": "Nguyễn Thị Lý", "chuc_vu": "Phó Chủ tịch"}
    });
    let out = render(&docx, data);
    assert_eq!(
        body_texts(&out),
        vec![
            "I: a b ",
            "II: ",
            "số không vẫn hiện||trống",
            "Nguyễn Thị Lý (Phó Chủ tịch)",
            "không có"
        ]
    );
}

#[test]
fn misplaced_sections_get_an_error_naming_the_placements() {
    let docx = Docx::body(&format!(
        "{}{}",
        p(&["Mở {{#a}} giữa đoạn"]),
        p(&["đóng {{/a}} ở đoạn khác"])
    ));
    let err = compile(&docx).unwrap_err();
    let Error::Template { errors, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].message.contains("cùng một đoạn") && errors[0].message.contains("hàng bảng"),
        "{err}"
    );
    let crossed = Docx::body(&p(&["{{#a}}{{#b}}{{/a}}{{/b}}"]));
    assert!(compile(&crossed)
        .unwrap_err()
        .to_string()
        .contains("không khớp"));
    let unclosed = Docx::body(&p(&["{{#a}} x"]));
    assert!(compile(&unclosed)
        .unwrap_err()
        .to_string()
        .contains("chưa được đóng"));
}

#[test]
fn footnote_in_a_loop_is_duplicated_with_the_items_data() {
    let docx = Docx {
        body: format!(
            "{}{}{}{}",
            p(&["{{#dv}}"]),
            r#"<w:p><w:r><w:t>{{ten}}</w:t></w:r><w:r><w:footnoteReference w:id="7"/></w:r></w:p>"#,
            p(&["{{/dv}}"]),
            r#"<w:p><w:r><w:t>Cuối</w:t></w:r><w:r><w:footnoteReference w:id="9"/></w:r></w:p>"#
        ),
        footnotes: Some(format!(
            r#"<w:footnote w:id="7">{}</w:footnote><w:footnote w:id="9">{}</w:footnote>"#,
            p(&["Số liệu của {{ten}}: {{so | so}}"]),
            p(&["Tĩnh"])
        )),
        ..Default::default()
    };
    let out = render(
        &docx,
        json!({"dv": [{"ten": "A", "so": 1500}, {"ten": "B", "so": 28013}, {"ten": "C", "so": 5}]}),
    );
    let doc = xml(&out, "word/document.xml");
    let refs = values_after(&doc, "footnoteReference w:id=\"");
    assert_eq!(
        refs,
        vec!["7", "10", "11", "9"],
        "the first use keeps its id; copies get fresh ids above every template id"
    );
    let notes = texts(out.as_bytes(), "word/footnotes.xml");
    assert_eq!(
        notes[2..],
        [
            "Số liệu của A: 1.500",
            "Số liệu của B: 28.013",
            "Số liệu của C: 5",
            "Tĩnh"
        ]
    );
    let fxml = xml(&out, "word/footnotes.xml");
    for id in &refs {
        assert_eq!(
            fxml.matches(&format!("w:footnote w:id=\"{id}\"")).count(),
            1,
            "footnote {id} once"
        );
    }
}

#[test]
fn chu_thich_makes_real_footnotes_even_without_a_footnotes_part() {
    let docx = Docx::body(&p(&[
        "Có 723 CĐCS{{ghi_chu | chu_thich}}.{{rong | chu_thich}}",
    ]));
    let out = render(
        &docx,
        json!({"ghi_chu": "637 CĐCS khu vực HCSN; 86 CĐCS khu vực SXKD", "rong": ""}),
    );
    assert_eq!(body_texts(&out), vec!["Có 723 CĐCS."]);
    let doc = xml(&out, "word/document.xml");
    assert_eq!(doc.matches("<w:footnoteReference w:id=\"1\"/>").count(), 1);
    let notes = texts(out.as_bytes(), "word/footnotes.xml");
    assert_eq!(
        notes.last().unwrap(),
        " 637 CĐCS khu vực HCSN; 86 CĐCS khu vực SXKD"
    );
    let ct = String::from_utf8(entry(out.as_bytes(), "[Content_Types].xml").unwrap()).unwrap();
    assert!(ct.contains("/word/footnotes.xml"));
    let rels =
        String::from_utf8(entry(out.as_bytes(), "word/_rels/document.xml.rels").unwrap()).unwrap();
    assert!(rels.contains("relationships/footnotes"));
}

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

fn with_numbering(body: String) -> Docx {
    let mut d = Docx::body(&body);
    d.extra
        .push(("word/numbering.xml".into(), NUMBERING.as_bytes().to_vec()));
    d
}

fn numbered(text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

/// The numbering part is found through the main document's relationships.
fn numbering_docx(body: String) -> Vec<u8> {
    let d = with_numbering(body);
    let bytes = d.bytes();
    // Add the relationship the fixture builder does not write for extra parts.
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        if name == "word/_rels/document.xml.rels" {
            let s = String::from_utf8(data).unwrap().replace(
                "</Relationships>",
                r#"<Relationship Id="rIdNum" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#,
            );
            data = s.into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, &data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn numbered_lists_restart_in_each_repetition_unless_opted_out() {
    for (open, restarts) in [("{{#muc}}", true), ("{{#muc noi_tiep}}", false)] {
        let body = format!(
            "{}{}{}{}",
            p(&[open]),
            numbered("{{ten}} a"),
            numbered("{{ten}} b"),
            p(&["{{/muc}}"])
        );
        let t = Template::from_bytes_named(numbering_docx(body), "m.docx").unwrap();
        let out = t
            .render(&json!({"muc": [{"ten": "1"}, {"ten": "2"}, {"ten": "3"}]}))
            .unwrap();
        let doc = xml(&out, "word/document.xml");
        let ids = values_after(&doc, "<w:numId w:val=\"");
        if restarts {
            assert_eq!(ids, vec!["1", "1", "2", "2", "3", "3"]);
            let num = xml(&out, "word/numbering.xml");
            assert!(num.contains(r#"<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>"#), "{num}");
            assert!(num.contains(r#"<w:num w:numId="3">"#));
            common::xml::parse(num.as_bytes()).unwrap();
        } else {
            assert_eq!(ids, vec!["1"; 6]);
            assert!(entry(out.as_bytes(), "word/numbering.xml").unwrap() == NUMBERING.as_bytes());
        }
    }
}

#[test]
fn drawing_and_bookmark_ids_stay_unique_after_repetition() {
    let drawing = r#"<w:p><w:bookmarkStart w:id="3" w:name="anh"/><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="5" name="Ảnh 1"/></wp:inline></w:drawing></w:r><w:bookmarkEnd w:id="3"/><w:r><w:t>{{.}}</w:t></w:r></w:p>"#;
    let docx = Docx::body(&format!("{}{drawing}{}", p(&["{{#ds}}"]), p(&["{{/ds}}"])));
    let out = render(&docx, json!({"ds": ["a", "b", "c"]}));
    let doc = xml(&out, "word/document.xml");
    let docpr = values_after(&doc, "docPr id=\"");
    assert_eq!(docpr, vec!["5", "6", "7"]);
    let names = values_after(&doc, "w:name=\"");
    assert_eq!(names, vec!["anh", "anh_4", "anh_5"]);
    assert_eq!(doc.matches("<w:bookmarkEnd w:id=\"4\"/>").count(), 1);
}

#[test]
fn merge_fields_are_filled_like_tags() {
    let docx = Docx::body(
        r#"<w:p><w:r><w:t xml:space="preserve">Kính gửi: </w:t></w:r><w:fldSimple w:instr=" MERGEFIELD ten_don_vi \* MERGEFORMAT "><w:r><w:t>«ten_don_vi»</w:t></w:r></w:fldSimple></w:p><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> MERGEFIELD ho_ten </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>«ho_ten»</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
    );
    let out = render(
        &docx,
        json!({"ten_don_vi": "LĐLĐ huyện Lắk", "ho_ten": "Y Phôn"}),
    );
    assert_eq!(body_texts(&out), vec!["Kính gửi: LĐLĐ huyện Lắk", "Y Phôn"]);
    assert!(!xml(&out, "word/document.xml").contains("MERGEFIELD"));
}

#[test]
fn a_cell_whose_paragraphs_all_repeat_keeps_a_paragraph_when_the_list_is_empty() {
    let cell = format!("{}{}{}", p(&["{{#ds}}"]), p(&["{{.}}"]), p(&["{{/ds}}"]));
    let docx = Docx::body(&format!(
        "<w:tbl><w:tr><w:tc>{cell}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
        p(&["x"])
    ));
    let empty = render(&docx, json!({"ds": []}));
    let doc = xml(&empty, "word/document.xml");
    assert!(doc.contains("<w:tc><w:p/></w:tc>"), "{doc}");
    let full = render(&docx, json!({"ds": ["a", "b"]}));
    assert_eq!(body_texts(&full), vec!["a", "b", "x"]);
    assert!(!xml(&full, "word/document.xml").contains("<w:p/>"));
}
