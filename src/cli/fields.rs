//! `vanban fields`: the tags of a template, where they appear, and the shape
//! of the data they expect; `--skeleton` prints a starter data file.

use super::Format;
use std::process::ExitCode;
use vanban::{Result, Template};

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
    let template = Template::open_or_pack(&a.template)?;
    let fields = template.fields();
    let text = if a.skeleton {
        serde_json::to_string_pretty(&fields.skeleton()).unwrap_or_default()
    } else {
        match a.format {
            Format::Json => serde_json::to_string_pretty(&fields.to_json()).unwrap_or_default(),
            Format::Text => fields.to_text().trim_end().to_string(),
        }
    };
    super::print(&text);
    Ok(ExitCode::SUCCESS)
}
