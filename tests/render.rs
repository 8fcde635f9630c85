//! Filling values: everywhere Word keeps text, split across runs, escaped,
//! with missing values flagged and template errors reported all at once.

mod common;

use common::{entry, p, raw_entries, texts, Docx};
use serde_json::json;
use vanban::{Error, RenderOptions, Template};

fn template(docx: &Docx) -> Template {
    Template::from_bytes_named(docx.bytes(), "mau.docx").unwrap()
}

fn render(docx: &Docx, data: serde_json::Value) -> vanban::Document {
    template(docx).render(&data).unwrap()
}

/// A tag split over three runs the way Word leaves it after spell-check and a bold edit.
const SPLIT: &str = r#"<w:p><w:r><w:t xml:space="preserve">Kính gửi: {{</w:t></w:r><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="x"/><w:r w:rsidR="00A1"><w:rPr><w:b/></w:rPr><w:t>ten_</w:t></w:r><w:bookmarkEnd w:id="0"/><w:proofErr w:type="spellEnd"/><w:r><w:t>don_vi}}.</w:t></w:r></w:p>"#;

#[test]
fn split_tags_are_filled_in_body_tables_headers_footers_and_footnotes() {
    let cell = format!("<w:tbl><w:tr><w:tc>{SPLIT}</w:tc></w:tr></w:tbl>");
    let docx = Docx {
        body: format!(
            r#"{SPLIT}{cell}<w:p><w:r><w:t>Xem</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#
        ),
        header: Some(SPLIT.into()),
        footer: Some(SPLIT.into()),
        footnotes: Some(format!(r#"<w:footnote w:id="1">{SPLIT}</w:footnote>"#)),
        endnotes: Some(format!(r#"<w:endnote w:id="1">{SPLIT}</w:endnote>"#)),
        ..Default::default()
    };
    let out = render(&docx, json!({"ten_don_vi": "LĐLĐ huyện Krông Búk"}));
    assert!(out.missing().is_empty());
    let want = "Kính gửi: LĐLĐ huyện Krông Búk.";
    assert_eq!(
        texts(out.as_bytes(), "word/document.xml")[..2],
        [want, want]
    );
    for part in ["word/header1.xml", "word/footer1.xml"] {
        assert_eq!(texts(out.as_bytes(), part), vec![want], "{part}");
    }
    assert_eq!(
        texts(out.as_bytes(), "word/endnotes.xml").last().unwrap(),
        want
    );
    assert!(texts(out.as_bytes(), "word/footnotes.xml").contains(&want.to_string()));
}

#[test]
fn value_takes_the_formatting_of_the_run_where_the_tag_starts() {
    let docx = Docx::body(
        r#"<w:p><w:r><w:rPr><w:i/></w:rPr><w:t>{{a</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>}} tail</w:t></w:r></w:p>"#,
    );
    let out = render(&docx, json!({"a": "X"}));
    let xml = String::from_utf8(entry(out.as_bytes(), "word/document.xml").unwrap()).unwrap();
    assert!(
        xml.contains(r#"<w:rPr><w:i/></w:rPr><w:t xml:space="preserve">X</w:t>"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> tail</w:t>"#),
        "{xml}"
    );
}

#[test]
fn data_is_escaped_and_whitespace_kept() {
    let docx = Docx::body(&p(&["[{{ a }}]", "[{{b.c}}]"]));
    let evil = r#"A & B <w:p> "q" 'Ea H'leo' ]]>"#;
    let out = render(&docx, json!({"a": evil, "b": {"c": "  hai\ndòng\tcột  "}}));
    let xml = entry(out.as_bytes(), "word/document.xml").unwrap();
    common::xml::parse(&xml).expect("output stays well-formed");
    let text = &texts(out.as_bytes(), "word/document.xml")[0];
    assert_eq!(text, &format!("[{evil}][  hai\ndòng\tcột  ]"));
}

#[test]
fn data_is_nfc_normalised_on_the_way_in() {
    let docx = Docx::body(&p(&["{{x}}"]));
    let data = vanban::data_from_str(
        "{\"x\": \"Vie\u{302}\u{323}t\"}",
        std::path::Path::new("d.json"),
    )
    .unwrap();
    let out = template(&docx).render(&data).unwrap();
    let xml = String::from_utf8(entry(out.as_bytes(), "word/document.xml").unwrap()).unwrap();
    assert!(xml.contains("Việt"));
}

#[test]
fn missing_values_are_marked_and_reported() {
    let docx = Docx::body(&format!(
        "{}{}",
        p(&["Số doanh nghiệp là {{so_dn}} doanh nghiệp."]),
        p(&["{{ok}}"])
    ));
    let out = render(&docx, json!({"ok": "có", "so_dn": null}));
    assert_eq!(out.missing().len(), 1);
    let m = &out.missing()[0];
    assert_eq!(m.tag(), "{{so_dn}}");
    assert_eq!(m.part(), "word/document.xml");
    assert!(m.sentence().contains("Số doanh nghiệp là"));
    assert_eq!(
        texts(out.as_bytes(), "word/document.xml")[0],
        "Số doanh nghiệp là … doanh nghiệp."
    );
    let xml = String::from_utf8(entry(out.as_bytes(), "word/document.xml").unwrap()).unwrap();
    assert!(
        xml.contains(r#"<w:highlight w:val="yellow"/></w:rPr><w:t>…</w:t>"#),
        "{xml}"
    );
}

#[test]
fn a_missing_value_is_shown_in_the_rendered_sentence_at_the_checkers_place() {
    // A loop before the tag moves it: the place is the rendered paragraph's.
    let docx = Docx::body(&format!(
        "{}{}{}{}",
        p(&["{{#van}}"]),
        p(&["Văn bản {{ten}}"]),
        p(&["{{/van}}"]),
        p(&["{{dia_danh}}, {{#ngay}}{{ngay | ngay}}{{/ngay}}{{^ngay}}ngày … tháng … năm 20…{{/ngay}}"]),
    ));
    let data = json!({"van": [{"ten": "A"}, {"ten": "B"}, {"ten": "C"}], "ngay": "2024-13-45"});
    let out = render(&docx, data);
    let shown = out.missing_text();
    assert!(!shown.contains("{{#") && !shown.contains("{{^"), "{shown}");
    assert!(shown.contains("« ⟦…⟧, … »"), "{shown}");
    assert!(shown.contains("« …, ⟦…⟧ »"), "{shown}");
    let report = out.check(&vanban::CheckOptions::default()).unwrap();
    for m in out.missing() {
        assert!(!m.sentence().contains("{{"), "{m}");
        let at = m.at().expect("placed at its marker");
        assert_eq!(m.sentence().chars().nth(at), Some('…'));
        assert_eq!(m.paragraph_index(), 3, "{m}");
        assert!(
            report
                .findings()
                .iter()
                .any(|f| f.paragraph_index() == m.paragraph_index() && f.range().contains(&at)),
            "{m} is not where check finds it"
        );
    }
}

#[test]
fn strict_lists_every_missing_value() {
    let docx = Docx::body(&format!("{}{}", p(&["{{a}}"]), p(&["{{b | so}}"])));
    let err = template(&docx)
        .render_with(
            &json!({"b": "không phải số"}),
            &RenderOptions::default().strict(true),
        )
        .unwrap_err();
    let Error::Strict { missing } = &err else {
        panic!("{err}")
    };
    assert_eq!(missing.len(), 2);
    let msg = err.to_string();
    assert!(msg.contains("{{a}}") && msg.contains("{{b | so}}"), "{msg}");
}

#[test]
fn template_errors_are_all_reported_with_context() {
    let docx = Docx::body(&format!(
        "{}{}{}{}",
        p(&["Đầu {{ten"]),
        p(&["giữa }} cuối"]),
        p(&["rỗng {{  }} đây"]),
        p(&["lọc {{x | khong_co}}"])
    ));
    let err = Template::from_bytes_named(docx.bytes(), "mau.docx").unwrap_err();
    let Error::Template { errors, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(errors.len(), 4, "{err}");
    let msg = err.to_string();
    for needle in [
        "Đầu {{ten",
        "giữa }} cuối",
        "rỗng",
        "khong_co",
        "đoạn 1",
        "đoạn 4",
    ] {
        assert!(msg.contains(needle), "{needle} in {msg}");
    }
}

#[test]
fn untouched_parts_are_copied_byte_for_byte() {
    let docx = Docx {
        body: p(&["{{a}}"]),
        header: Some(p(&["no tags here"])),
        extra: vec![(
            "word/media/image1.png".into(),
            vec![137, 80, 78, 71, 1, 2, 3],
        )],
        ..Default::default()
    };
    let input = docx.bytes();
    let out = render(&docx, json!({"a": 1}));
    let (before, after) = (raw_entries(&input), raw_entries(out.as_bytes()));
    let names = |v: &Vec<(String, u32, Vec<u8>)>| v.iter().map(|e| e.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&before), names(&after), "entry order is kept");
    for (b, a) in before.iter().zip(&after) {
        if b.0 == "word/document.xml" {
            assert_ne!(b.2, a.2);
        } else {
            assert_eq!(b, a, "{} must be identical", b.0);
        }
    }
}

#[test]
fn a_template_renders_many_documents() {
    let t = template(&Docx::body(&p(&["{{n}}"])));
    for n in 0..5 {
        let out = t.render(&json!({ "n": n })).unwrap();
        assert_eq!(
            texts(out.as_bytes(), "word/document.xml"),
            vec![n.to_string()]
        );
    }
}

#[test]
fn word_files_that_are_not_docx_get_clear_messages() {
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.extend("WordDocument".encode_utf16().flat_map(|u| u.to_le_bytes()));
    let err = Template::from_bytes_named(cfb.clone(), "cu.doc").unwrap_err();
    assert!(err.to_string().contains("save it as .docx"), "{err}");
    cfb.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    let err = Template::from_bytes_named(cfb, "mk.docx").unwrap_err();
    assert!(err.to_string().contains("password-protected"), "{err}");
    let err = Template::from_bytes_named(b"hello".to_vec(), "x.docx").unwrap_err();
    assert!(err.to_string().contains("không phải tệp .docx"), "{err}");
}

#[test]
fn zip_bombs_and_unsafe_names_are_refused() {
    let big = Docx {
        body: p(&["x"]),
        extra: vec![("word/bomb.xml".into(), vec![b' '; 8 << 20])],
        ..Default::default()
    };
    let err = Template::from_bytes_named(big.bytes(), "bom.docx").unwrap_err();
    assert!(err.to_string().contains("bom nén"), "{err}");
    let evil = Docx {
        body: p(&["x"]),
        extra: vec![("../../etc/evil".into(), b"x".to_vec())],
        ..Default::default()
    };
    let err = Template::from_bytes_named(evil.bytes(), "evil.docx").unwrap_err();
    assert!(err.to_string().contains("không an toàn"), "{err}");
}
