//! Footnotes a template renders at their references (in loops, and made
//! from data): the template's footnotes part, or one to add.

use super::emit::Emitted;
use super::model::{Chunk, FootnoteSet, IdKind, StaticXml};
use crate::error::Result;
use crate::package::opc::rel_type;
use crate::package::Package;
use std::collections::HashMap;

fn styles_with(package: &Package, ids: [&str; 2]) -> Result<[Option<String>; 2]> {
    let styles = match package.related_part(rel_type::STYLES) {
        Some(part) => String::from_utf8_lossy(&package.read_part(&part)?).into_owned(),
        None => String::new(),
    };
    Ok(ids.map(|id| {
        styles
            .contains(&format!("styleId=\"{id}\""))
            .then(|| id.to_string())
    }))
}

/// The footnotes of a template that renders them at their references.
pub(super) fn footnote_set(
    package: &Package,
    part: String,
    emitted: Emitted,
) -> Result<FootnoteSet> {
    let [text_style, reference_style] =
        styles_with(package, ["FootnoteText", "FootnoteReference"])?;
    let mut chunks = emitted.chunks;
    if !chunks.iter().any(|c| {
        matches!(
            c,
            Chunk::Tag {
                kind: IdKind::NotesSlot,
                ..
            }
        )
    }) {
        // No footnote yet: new ones go just before the closing tag of the root.
        if let Some(Chunk::Static(last)) = chunks.last_mut() {
            if let Some(close) = last.xml.rfind("</") {
                let tail = StaticXml::new(last.xml.split_off(close));
                chunks.push(Chunk::Tag {
                    kind: IdKind::NotesSlot,
                    start: String::new(),
                    empty: true,
                });
                chunks.push(Chunk::Static(tail));
            }
        }
    }
    let order: Vec<String> = emitted.footnotes.iter().map(|(id, _)| id.clone()).collect();
    let max_id = order
        .iter()
        .filter_map(|id| id.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    Ok(FootnoteSet {
        part,
        chunks,
        notes: emitted.footnotes.into_iter().collect(),
        order,
        max_id,
        created: None,
        text_style,
        reference_style,
    })
}

const W_DECLS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// A footnotes part to add, for a template without one that makes footnotes from data.
pub(super) fn created_footnotes(package: &Package) -> Result<FootnoteSet> {
    let part = package.beside_main("footnotes.xml");
    let sep = |kind: &str, id: i32| {
        format!(
            r#"<w:footnote w:type="{kind}" w:id="{id}"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>"#
        )
    };
    let head = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<w:footnotes {W_DECLS}>{}{}"#,
        "\r\n",
        sep("separator", -1),
        sep("continuationSeparator", 0)
    );
    let created = package.part_addition(
        &part,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        "footnotes",
        "rIdVanbanFootnotes",
    )?;
    let [text_style, reference_style] =
        styles_with(package, ["FootnoteText", "FootnoteReference"])?;
    Ok(FootnoteSet {
        part,
        chunks: vec![
            Chunk::Static(StaticXml::new(head)),
            Chunk::Tag {
                kind: IdKind::NotesSlot,
                start: String::new(),
                empty: true,
            },
            Chunk::Static(StaticXml::new("</w:footnotes>".into())),
        ],
        notes: HashMap::new(),
        order: Vec::new(),
        max_id: 0,
        created: Some(created),
        text_style,
        reference_style,
    })
}
