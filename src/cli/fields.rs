//! `vanban fields`: the tags of a template, where they appear, and the shape
//! of the data they expect; `--skeleton` prints a starter data file.

use super::Format;
use serde_json::json;
use std::process::ExitCode;
use vanban::template::expr::TagKind;
use vanban::template::shape;
use vanban::Result;

/// List the tags of a template, where they appear and the data shape they expect.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The template: a .docx file or the name of a pack template (see `vanban list`).
    template: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Print a starter JSON data file instead: every field with a placeholder
    /// of its type ("" text, 0 numbers, "YYYY-MM-DD" dates, false flags) and
    /// one item per list. For a pack template the schema's order and
    /// example values are used.
    #[arg(long)]
    skeleton: bool,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let template = vanban::pack::open_template(&a.template)?;
    let shape = shape::infer(&template);
    if a.skeleton {
        // The same choice as `open_template`: an existing file wins over a pack name.
        let pack = match std::path::Path::new(&a.template).exists() {
            true => None,
            false => vanban::pack::find(&a.template),
        };
        let data = match pack {
            Some(t) => shape.skeleton_with_schema(&t.schema_json()["fields"]),
            None => shape.skeleton(),
        };
        super::print(&serde_json::to_string_pretty(&data).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    let sites = template.sites();
    match a.format {
        Format::Json => {
            let tags: Vec<_> = template
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
            super::print(
                &serde_json::to_string_pretty(&json!({ "tags": tags, "shape": shape }))
                    .unwrap_or_default(),
            );
        }
        Format::Text => {
            let mut text = String::new();
            for (kind, site) in template.tags() {
                let s = &sites[*site as usize];
                text.push_str(&format!(
                    "{:<30} {:<7} {} đoạn {}\n",
                    s.tag_text,
                    kind_name(kind),
                    s.part,
                    s.paragraph_index + 1
                ));
            }
            text.push_str("\ndata shape:\n");
            text.push_str(&shape.tree());
            super::print(text.trim_end());
        }
    }
    Ok(ExitCode::SUCCESS)
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
