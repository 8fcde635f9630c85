//! `vanban list` and `vanban new`: the embedded template pack.

use super::{print, Format};
use serde_json::json;
use std::process::ExitCode;
use vanban::{PackTemplate, Result};

/// List the templates of the pack.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// Print a pack template's sample data, as a starting point.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The template name (see `vanban list`).
    name: String,
}

pub fn list(a: ListArgs) -> Result<ExitCode> {
    let text = match a.format {
        Format::Json => {
            let items: Vec<_> = PackTemplate::all()
                .map(
                    |t| json!({"name": t.name(), "title": t.title(), "description": t.description()}),
                )
                .collect();
            serde_json::to_string_pretty(&items).unwrap_or_default()
        }
        Format::Text => PackTemplate::all()
            .map(|t| format!("{:<27} {}", t.name(), t.description()))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    print(&text);
    Ok(ExitCode::SUCCESS)
}

pub fn new(a: NewArgs) -> Result<ExitCode> {
    let t = PackTemplate::find(&a.name)?;
    print(t.sample_text().trim_end());
    Ok(ExitCode::SUCCESS)
}
