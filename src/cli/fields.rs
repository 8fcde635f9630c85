//! `vanban fields`: the tags of a template and where they appear.

use super::Format;
use serde_json::json;
use std::process::ExitCode;
use vanban::template::expr::TagKind;
use vanban::Result;

/// List the tags of a template and where they appear.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The template: a .docx file or the name of a pack template (see `vanban list`).
    template: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let template = vanban::pack::open_template(&a.template)?;
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
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({ "tags": tags })).unwrap_or_default()
            );
        }
        Format::Text => {
            for (kind, site) in template.tags() {
                let s = &sites[*site as usize];
                super::print(&format!(
                    "{:<30} {:<7} {} đoạn {}",
                    s.tag_text,
                    kind_name(kind),
                    s.part,
                    s.paragraph_index + 1
                ));
            }
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
