//! Turning fuzz input into .docx packages, shared by the fuzz targets.

use serde_json::Value;
use std::io::{Cursor, Write};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// A stored (uncompressed) .docx whose `word/document.xml` is `document`,
/// and whose footnotes part is `footnotes` when given.
pub fn docx(document: &[u8], footnotes: Option<&[u8]>) -> Vec<u8> {
    let mut types = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="{WML}.document.main+xml"/>"#
    );
    let mut rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    );
    if footnotes.is_some() {
        types.push_str(&format!(
            r#"<Override PartName="/word/footnotes.xml" ContentType="{WML}.footnotes+xml"/>"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rIdN" Type="{RELS}/footnotes" Target="footnotes.xml"/>"#
        ));
    }
    types.push_str("</Types>");
    rels.push_str("</Relationships>");
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut put = |name: &str, data: &[u8]| {
        z.start_file(name, opts).expect("zip entry");
        z.write_all(data).expect("zip write");
    };
    put("[Content_Types].xml", types.as_bytes());
    put(
        "_rels/.rels",
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{RELS}/officeDocument" Target="word/document.xml"/></Relationships>"#).as_bytes(),
    );
    put("word/document.xml", document);
    put("word/_rels/document.xml.rels", rels.as_bytes());
    if let Some(f) = footnotes {
        put("word/footnotes.xml", f);
    }
    z.finish().expect("zip").into_inner()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn paragraph(line: &str, notes: &mut Vec<String>) -> String {
    let (text, note) = match line.split_once('\u{4}') {
        Some((t, n)) => (t, Some(n)),
        None => (line, None),
    };
    let mut p = String::from("<w:p>");
    for run in text.split('\u{1}') {
        p.push_str(&format!(
            r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
            escape(run)
        ));
    }
    if let Some(note) = note {
        let id = notes.len() + 1;
        p.push_str(&format!(r#"<w:r><w:footnoteReference w:id="{id}"/></w:r>"#));
        notes.push(format!(
            r#"<w:footnote w:id="{id}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p></w:footnote>"#,
            escape(note)
        ));
    }
    p.push_str("</w:p>");
    p
}

/// A template made from text: one paragraph per line, runs split at U+0001,
/// a line starting with U+0002 is a table row (cells split at U+0003, rows
/// on consecutive lines form one table), and text after U+0004 in a line is
/// that paragraph's footnote.
pub fn template_docx(text: &str) -> Vec<u8> {
    let mut body = String::new();
    let mut notes = Vec::new();
    let mut in_table = false;
    for line in text.split('\n') {
        if let Some(row) = line.strip_prefix('\u{2}') {
            if !in_table {
                body.push_str("<w:tbl><w:tblPr/><w:tblGrid/>");
                in_table = true;
            }
            body.push_str("<w:tr>");
            for cell in row.split('\u{3}') {
                body.push_str("<w:tc>");
                body.push_str(&paragraph(cell, &mut notes));
                body.push_str("</w:tc>");
            }
            body.push_str("</w:tr>");
            continue;
        }
        if in_table {
            body.push_str("</w:tbl>");
            in_table = false;
        }
        body.push_str(&paragraph(line, &mut notes));
    }
    if in_table {
        body.push_str("</w:tbl>");
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let footnotes = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}" xmlns:r="{R}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{}</w:footnotes>"#,
        notes.concat()
    );
    docx(document.as_bytes(), Some(footnotes.as_bytes()))
}

/// Data for a template's skeleton: lists near the top get two items so
/// loops repeat; deeper lists keep one, so the output stays proportional
/// to the template rather than exponential in its nesting.
pub fn repeated(skeleton: Value) -> Value {
    fn walk(v: Value, depth: usize) -> Value {
        match v {
            Value::Array(items) => {
                let mut out: Vec<Value> = items.into_iter().map(|i| walk(i, depth + 1)).collect();
                if depth < 3 {
                    if let Some(first) = out.first().cloned() {
                        out.push(first);
                    }
                }
                Value::Array(out)
            }
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, walk(v, depth + 1)))
                    .collect(),
            ),
            other => other,
        }
    }
    walk(skeleton, 0)
}
