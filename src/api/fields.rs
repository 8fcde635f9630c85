//! A template's fields: its tags, where they stand, and the data shape they expect.

use super::template::Template;
use crate::batch::header_template;
use crate::error::Result;
use crate::template::expr::TagKind;
use crate::template::shape::{self, Shape};
use serde_json::{json, Value};

/// The tags of a template, where they appear, and the shape of the data
/// they expect (what `vanban fields` prints).
///
/// ```
/// # fn main() -> vanban::Result<()> {
/// let t = vanban::Template::from_pack("ke-hoach")?;
/// let skeleton = t.fields().skeleton(); // a starter data file
/// t.render(&skeleton)?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Fields<'t> {
    template: &'t Template,
    shape: Shape,
}

impl<'t> Fields<'t> {
    pub(crate) fn of(template: &'t Template) -> Fields<'t> {
        Fields {
            template,
            shape: shape::infer(template.inner()),
        }
    }

    /// Each tag as `(tag, kind, part, paragraph_index, paragraph_text)`;
    /// kind is `value`, `section`, `inverted` or `close`.
    fn tags(&self) -> impl Iterator<Item = (&str, &'static str, &str, usize, &str)> {
        let inner = self.template.inner();
        let sites = inner.sites();
        inner.tags().iter().map(move |(kind, site)| {
            let s = &sites[*site as usize];
            (
                s.tag_text.as_str(),
                kind_name(kind),
                s.part.as_str(),
                s.paragraph_index,
                &*s.paragraph_text,
            )
        })
    }

    /// `{"tags": [{"tag", "kind", "part", "paragraph_index", "context"}], "shape": …}`.
    pub fn to_json(&self) -> Value {
        let tags: Vec<Value> = self
            .tags()
            .map(|(tag, kind, part, paragraph_index, context)| {
                json!({
                    "tag": tag,
                    "kind": kind,
                    "part": part,
                    "paragraph_index": paragraph_index,
                    "context": context,
                })
            })
            .collect();
        json!({ "tags": tags, "shape": self.shape })
    }

    /// One line per tag (tag, kind, part, paragraph number), then the data shape as a tree.
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        for (tag, kind, part, paragraph_index, _) in self.tags() {
            text.push_str(&format!(
                "{:<30} {:<7} {} đoạn {}\n",
                tag,
                kind,
                part,
                paragraph_index + 1
            ));
        }
        text.push_str("\ndata shape:\n");
        text.push_str(&self.shape.tree());
        text
    }

    /// The header template of a batch as an Excel workbook: one column per
    /// field, named as the data expects, with each field's Vietnamese label
    /// (from the pack's schema, when there is one) as a cell note, and one
    /// sheet per list with its key column.
    pub fn header_xlsx(&self) -> Result<Vec<u8>> {
        header_template::header_xlsx(&self.shape, self.template.schema())
    }

    /// The header row of a batch as CSV: one column per field.
    pub fn header_csv(&self) -> Vec<u8> {
        header_template::header_csv(&self.shape)
    }

    /// A starter data file: every field with a placeholder of its type (""
    /// text, 0 numbers, "YYYY-MM-DD" dates, false flags) and one item per
    /// list. For a pack template the fields come in the schema's order.
    pub fn skeleton(&self) -> Value {
        match self.template.schema() {
            Some(schema) => self.shape.skeleton_with_schema(&schema["fields"]),
            None => self.shape.skeleton(),
        }
    }
}

fn kind_name(kind: &TagKind) -> &'static str {
    match kind {
        TagKind::Value(_) => "value",
        TagKind::Open {
            inverted: false, ..
        } => "section",
        TagKind::Open { inverted: true, .. } => "inverted",
        TagKind::Close { .. } => "close",
    }
}
