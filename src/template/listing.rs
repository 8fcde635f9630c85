//! The tags of a template as `vanban fields --format json` lists them: each
//! tag with its kind and paragraph, and the data shape they expect.

use super::expr::TagKind;
use super::{shape, Template};
use serde_json::{json, Value};

/// `{"tags": [{"tag", "kind", "part", "paragraph_index", "context"}], "shape": …}`.
pub fn fields_json(template: &Template) -> Value {
    let sites = template.sites();
    let tags: Vec<Value> = template
        .tags()
        .iter()
        .map(|(kind, site)| {
            let s = &sites[*site as usize];
            json!({
                "tag": s.tag_text,
                "kind": kind_name(kind),
                "part": s.part,
                "paragraph_index": s.paragraph_index,
                "context": s.paragraph_text,
            })
        })
        .collect();
    json!({ "tags": tags, "shape": shape::infer(template) })
}

/// `value`, `section`, `inverted` or `close`.
pub fn kind_name(kind: &TagKind) -> &'static str {
    match kind {
        TagKind::Value(_) => "value",
        TagKind::Open {
            inverted: false, ..
        } => "section",
        TagKind::Open { inverted: true, .. } => "inverted",
        TagKind::Close { .. } => "close",
    }
}
