//! Building small .docx files for tests, with full control over the XML.
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A .docx made of a body and optional header, footer and footnotes.
#[derive(Default)]
pub struct Docx {
    pub body: String,
    pub header: Option<String>,
    pub footer: Option<String>,
    pub footnotes: Option<String>,
    pub endnotes: Option<String>,
    pub extra: Vec<(String, Vec<u8>)>,
}

impl Docx {
    pub fn body(body: &str) -> Self {
        Docx {
            body: body.to_string(),
            ..Default::default()
        }
    }

    pub fn bytes(&self) -> Vec<u8> {
        let mut overrides = String::from(
            r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
        );
        let mut rels = String::new();
        let mut parts: Vec<(String, String)> = Vec::new();
        let mut sect = String::new();
        let mut add = |name: &str, kind: &str, ct: &str, root: &str, inner: &str, id: &str| {
            overrides.push_str(&format!(
                r#"<Override PartName="/word/{name}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.{ct}+xml"/>"#
            ));
            rels.push_str(&format!(
                r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{name}"/>"#
            ));
            parts.push((
                format!("word/{name}"),
                format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} xmlns:w="{W}" xmlns:r="{R}">{inner}</w:{root}>"#),
            ));
        };
        if let Some(h) = &self.header {
            add("header1.xml", "header", "header", "hdr", h, "rIdH");
            sect.push_str(r#"<w:headerReference w:type="default" r:id="rIdH"/>"#);
        }
        if let Some(f) = &self.footer {
            add("footer1.xml", "footer", "footer", "ftr", f, "rIdF");
            sect.push_str(r#"<w:footerReference w:type="default" r:id="rIdF"/>"#);
        }
        if let Some(f) = &self.footnotes {
            let all = format!(
                r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{f}"#
            );
            add(
                "footnotes.xml",
                "footnotes",
                "footnotes",
                "footnotes",
                &all,
                "rIdN",
            );
        }
        if let Some(e) = &self.endnotes {
            let all = format!(
                r#"<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote><w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:endnote>{e}"#
            );
            add(
                "endnotes.xml",
                "endnotes",
                "endnotes",
                "endnotes",
                &all,
                "rIdE",
            );
        }
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{}<w:sectPr>{sect}<w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#,
            self.body
        );
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let mut put = |name: &str, data: &[u8]| {
            z.start_file(name, opts).unwrap();
            z.write_all(data).unwrap();
        };
        put(
            "[Content_Types].xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>"#).as_bytes(),
        );
        put(
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        );
        put("word/document.xml", document.as_bytes());
        put(
            "word/_rels/document.xml.rels",
            format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#).as_bytes(),
        );
        for (name, xml) in &parts {
            put(name, xml.as_bytes());
        }
        for (name, data) in &self.extra {
            put(name, data);
        }
        z.finish().unwrap().into_inner()
    }

    pub fn write(&self, dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, self.bytes()).unwrap();
        path
    }
}

/// A paragraph of plain runs: each string is one run.
pub fn p(runs: &[&str]) -> String {
    let mut s = String::from("<w:p>");
    for r in runs {
        s.push_str(&format!(
            r#"<w:r><w:t xml:space="preserve">{r}</w:t></w:r>"#
        ));
    }
    s.push_str("</w:p>");
    s
}

/// Reads one entry of a zip.
pub fn entry(docx: &[u8], name: &str) -> Option<Vec<u8>> {
    let mut z = zip::ZipArchive::new(Cursor::new(docx)).ok()?;
    let mut f = z.by_name(name).ok()?;
    let mut out = Vec::new();
    f.read_to_end(&mut out).ok()?;
    Some(out)
}

/// Paragraph texts of a part, by the library's own reading layer.
pub fn texts(docx: &[u8], part: &str) -> Vec<String> {
    let xml = entry(docx, part).expect("part exists");
    let doc = vanban::xml::parse(&xml).expect("well-formed");
    vanban::text::paragraphs(doc.root().unwrap(), part)
        .into_iter()
        .map(|p| p.text)
        .collect()
}

/// The raw compressed bytes and metadata of every entry, for losslessness checks.
pub fn raw_entries(docx: &[u8]) -> Vec<(String, u32, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index_raw(i).unwrap();
            let name = f.name().unwrap().to_string();
            let crc = f.crc32();
            let mut raw = Vec::new();
            f.read_to_end(&mut raw).unwrap();
            (name, crc, raw)
        })
        .collect()
}

/// A copy of a zip with each entry's content passed through `each` (which
/// returns `None` to drop the entry), and `added` entries appended.
pub fn rewrite_zip(
    docx: &[u8],
    mut each: impl FnMut(&str, Vec<u8>) -> Option<Vec<u8>>,
    added: &[(&str, &[u8])],
) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        drop(f);
        if let Some(data) = each(&name, data) {
            z.start_file(name, opts).unwrap();
            z.write_all(&data).unwrap();
        }
    }
    for (name, data) in added {
        z.start_file(*name, opts).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

pub fn vanban_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_vanban"))
}

/// The folder of shared test material beside the repository.
pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// Asserts that the paragraphs the renderer read while rendering (replaying
/// the template's fixed XML) are exactly what reading its output gives.
/// Returns whether the renderer read them at all.
#[allow(dead_code)]
pub fn assert_text_read(out: &vanban::Rendered, label: &str) -> bool {
    let Some(read) = &out.paragraphs else {
        return false;
    };
    let story_parts: Vec<&str> = read.iter().map(|(n, _)| n.as_str()).collect();
    for (name, xml) in &out.parts {
        let from_xml = vanban::text::paragraphs_in(xml, name).unwrap();
        match read.iter().find(|(n, _)| n == name) {
            Some((_, paragraphs)) => assert_eq!(paragraphs, &from_xml, "{label}: {name}"),
            None => assert!(
                !name.contains("document") && !name.contains("footnotes"),
                "{label}: {name} not read (read: {story_parts:?})"
            ),
        }
    }
    true
}
