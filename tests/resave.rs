//! Pack templates keep working after Word re-saves them: Word splits runs
//! (spell-check marks, editing sessions), so every tag may end up in pieces.
//! Each pack template is re-split that way and must render the same text.

mod common;

use common::texts;
use regex::Regex;
use std::io::{Cursor, Read, Write};
use std::sync::LazyLock;
use vanban::Template;

/// A run with optional properties and one text of four or more characters.
static RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<w:r>(<w:rPr ?/>|<w:rPr>(?:[^<]|<[^/]|</[^w]|</w:[^r]|</w:r[^P])*</w:rPr>)?<w:t(?: xml:space="preserve")?>([^<]{4,})</w:t></w:r>"#).unwrap()
});

/// A tag whole inside one text element.
static WHOLE_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{\{[^<]*\}\}").unwrap());

/// Splits every run of four or more characters in two, with a spell-check
/// mark and a new editing-session id between the halves, as Word does.
fn split_runs(xml: &str) -> String {
    RUN.replace_all(xml, |c: &regex::Captures| {
        let rpr = c.get(1).map_or("", |m| m.as_str());
        let text: Vec<char> = c[2].chars().collect();
        let (a, b): (String, String) = (text[..text.len() / 2].iter().collect(), text[text.len() / 2..].iter().collect());
        format!(
            r#"<w:r>{rpr}<w:t xml:space="preserve">{a}</w:t></w:r><w:proofErr w:type="spellStart"/><w:r w:rsidR="00AB12CD">{rpr}<w:t xml:space="preserve">{b}</w:t></w:r><w:proofErr w:type="spellEnd"/>"#
        )
    })
    .into_owned()
}

/// The package with every XML story part's runs split.
fn resaved(docx: &[u8]) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name.starts_with("word/") && name.ends_with(".xml") {
            data = split_runs(&String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn pack_templates_render_the_same_after_their_runs_are_split() {
    for t in vanban::PackTemplate::all() {
        let data = t.sample();
        let original = t.template().unwrap().render(&data).unwrap();
        let split = resaved(t.docx());
        let whole_tags = |docx: &[u8]| {
            let xml = String::from_utf8(common::entry(docx, "word/document.xml").unwrap()).unwrap();
            WHOLE_TAG.find_iter(&xml).count()
        };
        assert!(
            whole_tags(&split) < whole_tags(t.docx()),
            "{}: no tag was split across runs",
            t.name()
        );
        let template = Template::from_bytes_named(split, format!("{} (re-saved)", t.name()))
            .unwrap_or_else(|e| panic!("{}: {e}", t.name()));
        let again = template.render(&data).unwrap();
        for part in [
            "word/document.xml",
            "word/footnotes.xml",
            "word/header1.xml",
        ] {
            if common::entry(original.as_bytes(), part).is_some() {
                assert_eq!(
                    texts(original.as_bytes(), part),
                    texts(again.as_bytes(), part),
                    "{}: {part}",
                    t.name()
                );
            }
        }
        assert_eq!(
            original.missing().len(),
            again.missing().len(),
            "{}",
            t.name()
        );
    }
}
