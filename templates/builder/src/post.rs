//! Finishing the package docx-rs writes: an empty footnotes part (so that
//! footnotes created on fill have their separators and styles), Vietnamese
//! as the language of the text, a repeated header row for the tables of
//! chỉ tiêu, and a deterministic zip (fixed order, fixed timestamps). Every
//! XML part is checked to be well formed before the file is written.

use std::io::{Cursor, Read, Write};

const FOOTNOTES_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>"#;

const FOOTNOTES_REL: &str = r#"<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>"#;

const FOOTNOTES_CT: &str = r#"<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>"#;

const PAGE_P: &str = r#"<w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#;

fn check_xml(name: &str, data: &[u8]) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_reader(data);
    let mut buf = Vec::new();
    let mut depth: i64 = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("{name}: {e}")),
        }
        buf.clear();
    }
    if depth != 0 {
        return Err(format!("{name}: unbalanced elements ({depth})"));
    }
    Ok(())
}

fn edit(name: &str, text: String) -> String {
    match name {
        "[Content_Types].xml" if !text.contains("/word/footnotes.xml") => {
            text.replacen("</Types>", &format!("{FOOTNOTES_CT}</Types>"), 1)
        }
        "word/_rels/document.xml.rels" if !text.contains("relationships/footnotes") => {
            text.replacen(
                "</Relationships>",
                &format!("{FOOTNOTES_REL}</Relationships>"),
                1,
            )
        }
        "word/styles.xml" => {
            // The text is Vietnamese: spell-checking and hyphenation follow.
            let lang = r#"<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA" />"#;
            if text.contains("<w:lang") {
                text
            } else if let Some(pos) = text.find("<w:rPrDefault>") {
                let end = text[pos..].find("</w:rPr>").map(|e| pos + e);
                match end {
                    Some(e) => format!("{}{}{}", &text[..e], lang, &text[e..]),
                    None => text,
                }
            } else {
                text
            }
        }
        "word/document.xml" => {
            // The first row of each bordered table (the chỉ tiêu tables) is
            // a header row: repeat it on every page the table runs onto.
            let mut out = String::with_capacity(text.len() + 256);
            let mut rest = text.as_str();
            while let Some(t) = rest.find("<w:tbl>") {
                out.push_str(&rest[..t]);
                let tbl = &rest[t..];
                let end = tbl.find("</w:tbl>").map(|e| e + 8).unwrap_or(tbl.len());
                let chunk = &tbl[..end];
                let props = &chunk[..chunk.find("<w:tr>").unwrap_or(chunk.len())];
                let bordered = props.contains("<w:tblBorders>");
                if bordered {
                    out.push_str(&chunk.replacen(
                        "<w:trPr>",
                        "<w:trPr><w:tblHeader />",
                        1,
                    ));
                } else {
                    out.push_str(chunk);
                }
                rest = &tbl[end..];
            }
            out.push_str(rest);
            out
        }
        n if n.starts_with("word/header") && text.contains("PAGE") => {
            // The page number as Word writes a field: one run per part.
            match (text.find("<w:p "), text.rfind("</w:p>")) {
                (Some(a), Some(b)) => format!("{}{}{}", &text[..a], PAGE_P, &text[b + 6..]),
                _ => text,
            }
        }
        _ => text,
    }
}

/// Rewrites the package: edits, footnotes part, fixed order and timestamps.
pub fn finish(raw: Vec<u8>) -> Result<Vec<u8>, String> {
    let mut zin = zip::ZipArchive::new(Cursor::new(raw)).map_err(|e| e.to_string())?;
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(|e| e.to_string())?;
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let text = String::from_utf8(data).map_err(|e| format!("{name}: {e}"))?;
            data = edit(&name, text).into_bytes();
            if name.starts_with("word/") && name.ends_with(".xml") {
                data = crate::order::reorder(&data).map_err(|e| format!("{name}: {e}"))?;
            }
        }
        parts.push((name, data));
    }
    if !parts.iter().any(|(n, _)| n == "word/footnotes.xml") {
        parts.push(("word/footnotes.xml".into(), FOOTNOTES_XML.as_bytes().to_vec()));
    }
    // [Content_Types].xml first, then the rest by name.
    parts.sort_by(|a, b| {
        let ka = (a.0 != "[Content_Types].xml", a.0.clone());
        let kb = (b.0 != "[Content_Types].xml", b.0.clone());
        ka.cmp(&kb)
    });
    for (name, data) in &parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            check_xml(name, data)?;
        }
    }
    let when = zip::DateTime::from_date_and_time(2024, 1, 1, 0, 0, 0).map_err(|e| e.to_string())?;
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(when)
        .unix_permissions(0o644);
    let mut zout = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in &parts {
        zout.start_file(name.as_str(), opts)
            .map_err(|e| e.to_string())?;
        zout.write_all(data).map_err(|e| e.to_string())?;
    }
    let cur = zout.finish().map_err(|e| e.to_string())?;
    Ok(cur.into_inner())
}
