//! Finishing the package docx-rs writes: an empty footnotes part (so that
//! footnotes created on fill have their separators and styles), a theme
//! (Word requires one; its fonts are Times New Roman), table grids as the
//! schema allows them (no `w:type` on `w:gridCol`), Vietnamese
//! as the language of the text, a repeated header row for the tables of
//! chỉ tiêu, and a deterministic zip (fixed order, fixed timestamps). Every
//! XML part is checked to be well formed before the file is written.

use std::io::{Cursor, Read, Write};

const FOOTNOTES_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>"#;

const FOOTNOTES_REL: &str = r#"<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>"#;

const FOOTNOTES_CT: &str = r#"<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>"#;

const THEME_REL: &str = r#"<Relationship Id="rIdTheme" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>"#;

const THEME_CT: &str = r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>"#;

/// The smallest complete theme: the Office colours, Times New Roman for
/// every script, and the three fill, line, effect and background styles the
/// schema requires.
fn theme_xml() -> String {
    let colour =
        |name: &str, rgb: &str| format!(r#"<a:{name}><a:srgbClr val="{rgb}"/></a:{name}>"#);
    let colours = [
        ("dk2", "44546A"),
        ("lt2", "E7E6E6"),
        ("accent1", "4472C4"),
        ("accent2", "ED7D31"),
        ("accent3", "A5A5A5"),
        ("accent4", "FFC000"),
        ("accent5", "5B9BD5"),
        ("accent6", "70AD47"),
        ("hlink", "0563C1"),
        ("folHlink", "954F72"),
    ]
    .map(|(n, c)| colour(n, c))
    .concat();
    let font = |kind: &str| {
        format!(
            r#"<a:{kind}><a:latin typeface="Times New Roman"/><a:ea typeface=""/><a:cs typeface="Times New Roman"/></a:{kind}>"#
        )
    };
    let fill = r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#;
    let line = |w: u32| {
        format!(
            r#"<a:ln w="{w}" cap="flat" cmpd="sng" algn="ctr">{fill}<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>"#
        )
    };
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme"><a:themeElements>"#,
            r#"<a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>{colours}</a:clrScheme>"#,
            r#"<a:fontScheme name="Times New Roman">{major}{minor}</a:fontScheme>"#,
            r#"<a:fmtScheme name="Office"><a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst><a:lnStyleLst>{l1}{l2}{l3}</a:lnStyleLst>"#,
            r#"<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>"#,
            r#"<a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst></a:fmtScheme>"#,
            r#"</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"#
        ),
        colours = colours,
        major = font("majorFont"),
        minor = font("minorFont"),
        fill = fill,
        l1 = line(6350),
        l2 = line(12700),
        l3 = line(19050),
    )
}

/// `<w:gridCol w:w="…" w:type="dxa" />` → `<w:gridCol w:w="…" />`: a grid
/// column is always in twentieths of a point and has no type attribute.
fn without_grid_col_type(text: String) -> String {
    if !text.contains("<w:gridCol ") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("<w:gridCol ") {
        out.push_str(&rest[..at]);
        let tag = &rest[at..];
        let end = tag.find('>').map_or(tag.len(), |e| e + 1);
        out.push_str(&tag[..end].replace(r#" w:type="dxa""#, ""));
        rest = &tag[end..];
    }
    out.push_str(rest);
    out
}

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

/// Appends `addition` before `close` unless `marker` is already there.
fn declare(text: String, marker: &str, close: &str, addition: &str) -> String {
    if text.contains(marker) {
        text
    } else {
        text.replacen(close, &format!("{addition}{close}"), 1)
    }
}

fn edit(name: &str, text: String) -> String {
    let text = without_grid_col_type(text);
    match name {
        "[Content_Types].xml" => {
            let text = declare(text, "/word/footnotes.xml", "</Types>", FOOTNOTES_CT);
            declare(text, "/word/theme/theme1.xml", "</Types>", THEME_CT)
        }
        "word/_rels/document.xml.rels" => {
            let text = declare(
                text,
                "relationships/footnotes",
                "</Relationships>",
                FOOTNOTES_REL,
            );
            declare(text, "relationships/theme", "</Relationships>", THEME_REL)
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
                    out.push_str(&chunk.replacen("<w:trPr>", "<w:trPr><w:tblHeader />", 1));
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
    // docx-rs writes an empty footnotes part when the document has no
    // footnote: it gets the separators too.
    parts.retain(|(n, data)| {
        n != "word/footnotes.xml" || data.windows(12).any(|w| w == b"<w:footnote ")
    });
    if !parts.iter().any(|(n, _)| n == "word/footnotes.xml") {
        parts.push((
            "word/footnotes.xml".into(),
            FOOTNOTES_XML.as_bytes().to_vec(),
        ));
    }
    if !parts.iter().any(|(n, _)| n == "word/theme/theme1.xml") {
        parts.push(("word/theme/theme1.xml".into(), theme_xml().into_bytes()));
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
