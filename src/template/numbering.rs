//! The numbering part of a template, for restarting lists in repeated
//! sections.

use super::model::NumberingInfo;
use super::part::parse_part;
use crate::error::Result;
use crate::package::opc::rel_type;
use crate::package::Package;
use std::collections::HashMap;

/// The numbering part, for restarting lists in repeated sections.
pub(super) fn numbering_info(package: &Package) -> Result<Option<NumberingInfo>> {
    let Some(part) = package.related_part(rel_type::NUMBERING) else {
        return Ok(None);
    };
    let doc = parse_part(package, &part)?;
    let Some(root) = doc.root() else {
        return Ok(None);
    };
    let prefix = root.prefix();
    let w = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}:")
    };
    let mut abstract_of = HashMap::new();
    let mut max_num_id = 0;
    for num in root
        .elements()
        .filter(|e| e.name.ends_with("num") && !e.name.ends_with("abstractNum"))
    {
        let (Some(id), Some(abs)) = (
            num.attr("numId"),
            num.elements()
                .find(|c| c.name.ends_with("abstractNumId"))
                .and_then(|c| c.attr("val")),
        ) else {
            continue;
        };
        max_num_id = max_num_id.max(id.parse().unwrap_or(0));
        abstract_of.insert(id, abs);
    }
    let xml = doc.to_xml();
    let insert_at = xml
        .find(&format!("<{w}numIdMacAtCleanup"))
        .or_else(|| xml.rfind(&format!("</{w}numbering>")))
        .unwrap_or(xml.len());
    Ok(Some(NumberingInfo {
        part,
        xml,
        insert_at,
        abstract_of,
        max_num_id,
        w,
    }))
}
