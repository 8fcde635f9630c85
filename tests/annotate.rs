//! `vanban check --annotate` on every kind of document: the pack templates
//! and what is rendered from them (which carry a comments part nothing refers
//! to), documents with and without a styles part, and the declarations an
//! annotated copy needs (one comments part, its relationship, its content
//! type, the style its reference marks use).

mod common;

use common::{entry, p, raw_entries, rewrite_zip, vanban_bin, Docx, PACK_TEMPLATES};
use std::path::Path;
use std::process::Command;

const COMMENTS_CT: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

fn text(docx: &[u8], name: &str) -> String {
    String::from_utf8(entry(docx, name).unwrap_or_else(|| panic!("{name} missing"))).unwrap()
}

/// Runs `check --annotate` and returns the annotated copy, asserting it was written.
fn annotate(input: &Path, out: &Path) -> Vec<u8> {
    let run = Command::new(vanban_bin())
        .args(["check", "--annotate"])
        .arg(out)
        .arg(input)
        .output()
        .unwrap();
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "{}: exit {:?}\n{}",
        input.display(),
        run.status.code(),
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read(out).unwrap_or_else(|e| panic!("{}: no annotated copy: {e}", input.display()))
}

/// The copy has one comments part holding `comments` comments, referenced
/// from the main document and declared with its content type, and defines
/// the style its comment marks use exactly once.
fn assert_declared(docx: &[u8], comments: usize, label: &str) {
    let names: Vec<String> = raw_entries(docx).into_iter().map(|e| e.0).collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        sorted.len(),
        names.len(),
        "{label}: duplicate entries {names:?}"
    );
    let part = text(docx, "word/comments.xml");
    assert_eq!(part.matches("<w:comment ").count(), comments, "{label}");
    let rels = text(docx, "word/_rels/document.xml.rels");
    assert_eq!(
        rels.matches("relationships/comments\" Target=\"comments.xml\"")
            .count(),
        1,
        "{label}: {rels}"
    );
    let types = text(docx, "[Content_Types].xml");
    assert_eq!(
        types
            .matches(&format!(
                r#"PartName="/word/comments.xml" ContentType="{COMMENTS_CT}""#
            ))
            .count(),
        1,
        "{label}: {types}"
    );
    assert_eq!(
        types.matches(r#"PartName="/word/comments.xml""#).count(),
        1,
        "{label}"
    );
    let body = text(docx, "word/document.xml");
    if body.contains(r#"w:rStyle w:val="CommentReference""#) {
        let styles = text(docx, "word/styles.xml");
        assert_eq!(
            styles.matches(r#"w:styleId="CommentReference""#).count(),
            1,
            "{label}: the style the marks use is defined once"
        );
    }
}

#[test]
fn every_pack_template_and_rendered_sample_can_be_annotated() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for name in PACK_TEMPLATES {
        let template = root.join(format!("templates/{name}.docx"));
        let before = std::fs::read(&template).unwrap();
        assert!(
            entry(&before, "word/comments.xml").is_some()
                && !text(&before, "word/_rels/document.xml.rels")
                    .contains("relationships/comments\""),
            "{name}: the template carries a comments part nothing refers to"
        );
        let copy = annotate(&template, &dir.path().join(format!("{name}.tpl.ann.docx")));
        let findings = text(&copy, "word/document.xml")
            .matches("<w:commentReference")
            .count();
        assert!(findings > 0, "{name}: the template's tags are reported");
        assert_declared(&copy, findings, name);

        let rendered = dir.path().join(format!("{name}.docx"));
        let render = Command::new(vanban_bin())
            .args(["render", name, "--data"])
            .arg(root.join(format!("samples/{name}.json")))
            .arg("-o")
            .arg(&rendered)
            .output()
            .unwrap();
        assert!(
            render.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&render.stderr)
        );
        let copy = annotate(&rendered, &dir.path().join(format!("{name}.ann.docx")));
        let findings = text(&copy, "word/document.xml")
            .matches("<w:commentReference")
            .count();
        if findings > 0 {
            assert_declared(&copy, findings, &format!("{name} rendered"));
        }
    }
}

#[test]
fn tab_leader_blanks_and_empty_cells_are_highlighted_and_commented() {
    let dir = tempfile::tempdir().unwrap();
    // A dot-leader tab stop: the blank is the tab itself, no text behind it.
    let leader = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:leader="dot" w:pos="9000"/></w:tabs></w:pPr><w:r><w:t xml:space="preserve">Họ và tên người đại diện: </w:t></w:r><w:r><w:tab/></w:r></w:p>"#;
    let row = |cells: &[&str]| {
        let cells: String = cells
            .iter()
            .map(|c| {
                format!(
                    "<w:tc>{}</w:tc>",
                    if c.is_empty() {
                        "<w:p/>".to_string()
                    } else {
                        p(&[c])
                    }
                )
            })
            .collect();
        format!("<w:tr>{cells}</w:tr>")
    };
    let table = format!(
        "<w:tbl>{}{}{}{}</w:tbl>",
        row(&["STT", "Chỉ tiêu", "Kế hoạch", "Thực hiện"]),
        row(&["1", "Đoàn viên mới", "1.200", "1.100"]),
        row(&["2", "Công đoàn cơ sở", "40", ""]),
        row(&["3", "Sáng kiến", "500", "480"]),
    );
    let input = Docx::body(&format!(
        "{}{leader}{table}{}",
        p(&["I. KẾT QUẢ"]),
        p(&[""])
    ))
    .write(dir.path(), "in.docx");
    let report = vanban::check_file(&input, &vanban::CheckOptions::default()).unwrap();
    let messages: Vec<&str> = report.findings().iter().map(|f| f.message()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    let docx = annotate(&input, &dir.path().join("out.docx"));
    assert_declared(&docx, 2, "tab leader and empty cell");
    let body = text(&docx, "word/document.xml");
    common::xml::parse(body.as_bytes()).unwrap();
    // The tab sits in a highlighted run inside the comment's range.
    let highlighted_tab =
        r#"<w:highlight w:val="yellow"/></w:rPr><w:tab/></w:r><w:commentRangeEnd"#;
    assert!(body.contains(highlighted_tab), "{body}");
    // The empty cell carries its comment with nothing inside the range.
    assert!(
        body.contains(r#"<w:p><w:commentRangeStart w:id="1"/><w:commentRangeEnd w:id="1"/>"#),
        "{body}"
    );
}

#[test]
fn an_unreferenced_comments_part_is_reused_and_declared() {
    let dir = tempfile::tempdir().unwrap();
    let old = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="7" w:author="A"><w:p><w:r><w:t>cũ</w:t></w:r></w:p></w:comment></w:comments>"#;
    let docx = Docx {
        body: p(&["Có …. doanh nghiệp tham gia."]),
        extra: vec![("word/comments.xml".into(), old.as_bytes().to_vec())],
        ..Default::default()
    };
    let input = docx.write(dir.path(), "thua.docx");
    let copy = annotate(&input, &dir.path().join("ann.docx"));
    assert_declared(&copy, 2, "unreferenced comments part");
    let comments = text(&copy, "word/comments.xml");
    assert!(
        comments.contains("<w:t>cũ</w:t>"),
        "the old comment is kept"
    );
    assert!(
        comments.contains(r#"w:id="8""#),
        "new ids follow the old: {comments}"
    );
}

#[test]
fn a_comments_part_with_another_content_type_is_declared_once() {
    let dir = tempfile::tempdir().unwrap();
    let empty = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>"#;
    let mut bytes = Docx {
        body: p(&["Có …. doanh nghiệp tham gia."]),
        extra: vec![("word/comments.xml".into(), empty.as_bytes().to_vec())],
        ..Default::default()
    }
    .bytes();
    // Declared, wrongly, as plain XML.
    let types = text(&bytes, "[Content_Types].xml").replace(
        "</Types>",
        r#"<Override PartName="/word/comments.xml" ContentType="application/xml"/></Types>"#,
    );
    bytes = replace_entry(&bytes, "[Content_Types].xml", types.as_bytes());
    let input = dir.path().join("sai-kieu.docx");
    std::fs::write(&input, bytes).unwrap();
    let copy = annotate(&input, &dir.path().join("ann.docx"));
    assert_declared(&copy, 1, "comments part declared as plain XML");
}

#[test]
fn the_comment_reference_style_is_added_only_when_absent() {
    let dir = tempfile::tempdir().unwrap();
    let styles = |inner: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>{inner}</w:styles>"#
        )
    };
    let own = r#"<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:color w:val="FF0000"/></w:rPr></w:style>"#;
    for (label, part) in [("without", styles("")), ("with", styles(own))] {
        let mut bytes = Docx::body(&p(&["Có …. doanh nghiệp tham gia."])).bytes();
        bytes = add_related(&bytes, "styles", "word/styles.xml", part.as_bytes());
        let input = dir.path().join(format!("{label}.docx"));
        std::fs::write(&input, bytes).unwrap();
        let copy = annotate(&input, &dir.path().join(format!("{label}.ann.docx")));
        assert_declared(&copy, 1, label);
        let after = text(&copy, "word/styles.xml");
        if label == "with" {
            assert_eq!(after, part, "a document's own style is left as it is");
        } else {
            assert!(
                after.contains(r#"w:styleId="Normal""#),
                "other styles are kept"
            );
        }
    }
    // No styles part at all: one is made, holding the style, and declared.
    let input = Docx::body(&p(&["Có …. doanh nghiệp tham gia."])).write(dir.path(), "none.docx");
    let copy = annotate(&input, &dir.path().join("none.ann.docx"));
    assert_declared(&copy, 1, "no styles part");
    assert!(text(&copy, "word/_rels/document.xml.rels")
        .contains("relationships/styles\" Target=\"styles.xml\""));
    assert!(text(&copy, "[Content_Types].xml").contains("wordprocessingml.styles+xml"));
}

/// A copy of a zip with one entry's content replaced.
fn replace_entry(docx: &[u8], name: &str, data: &[u8]) -> Vec<u8> {
    rewrite_zip(
        docx,
        |n, d| {
            if n == name {
                Some(data.to_vec())
            } else {
                Some(d)
            }
        },
        &[],
    )
}

/// A copy with a part added and related to the main document.
fn add_related(docx: &[u8], kind: &str, part: &str, data: &[u8]) -> Vec<u8> {
    let file = part.rsplit('/').next().unwrap();
    let rel = format!(
        r#"<Relationship Id="rIdAdded" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{file}"/></Relationships>"#
    );
    let ct = format!(
        r#"<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"/></Types>"#
    );
    rewrite_zip(
        docx,
        |n, d| {
            let text = || String::from_utf8(d.clone()).unwrap();
            Some(match n {
                "word/_rels/document.xml.rels" => {
                    text().replace("</Relationships>", &rel).into_bytes()
                }
                "[Content_Types].xml" => text().replace("</Types>", &ct).into_bytes(),
                _ => d,
            })
        },
        &[(part, data)],
    )
}
