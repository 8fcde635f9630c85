//! `vanban fields`: the tags of a template, where they appear, and the shape
//! of the data they expect; `--skeleton` prints a starter data file, and
//! `--format xlsx|csv` writes the header template of a batch.

use std::path::PathBuf;
use std::process::ExitCode;
use vanban::batch::header_template::{header_csv, header_xlsx};
use vanban::package::Saver;
use vanban::template::listing::{fields_json, kind_name};
use vanban::template::shape;
use vanban::{Error, Result};

/// What `vanban fields` prints or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FieldsFormat {
    /// The tags, for people.
    Text,
    /// The tags and the data shape, for programs.
    Json,
    /// The header template of a batch as Excel: one column per field, one sheet per list (needs -o).
    Xlsx,
    /// The header row of a batch as CSV.
    Csv,
}

/// List the tags of a template, where they appear and the data shape they expect.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The template: a .docx file or the name of a pack template (see `vanban list`).
    template: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: FieldsFormat,
    /// Write to this file instead of standard output (required for xlsx).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
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
    // The same choice as `open_template`: an existing file wins over a pack name.
    let pack = match std::path::Path::new(&a.template).exists() {
        true => None,
        false => vanban::pack::find(&a.template),
    };
    let text = if a.skeleton {
        let data = match pack {
            Some(t) => shape.skeleton_with_schema(&t.schema_json()["fields"]),
            None => shape.skeleton(),
        };
        serde_json::to_string_pretty(&data).unwrap_or_default()
    } else {
        match a.format {
            FieldsFormat::Json => {
                serde_json::to_string_pretty(&fields_json(&template)).unwrap_or_default()
            }
            FieldsFormat::Text => text_listing(&template, &shape),
            FieldsFormat::Csv => {
                return output(&a, &header_csv(&shape));
            }
            FieldsFormat::Xlsx => {
                let schema = pack.map(|t| t.schema_json());
                return output(&a, &header_xlsx(&shape, schema.as_ref())?);
            }
        }
    };
    match &a.output {
        Some(_) => output(&a, format!("{text}\n").as_bytes()),
        None => {
            super::print(&text);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes `bytes` to `-o`, or to standard output when it is text.
fn output(a: &Args, bytes: &[u8]) -> Result<ExitCode> {
    match &a.output {
        Some(path) => {
            let mut saver = Saver::new(a.force);
            saver.keep(std::path::Path::new(&a.template), "tệp mẫu");
            saver.claim(path)?;
            saver.write(path, bytes)?;
            eprintln!("vanban: đã ghi {}", path.display());
        }
        None if a.format == FieldsFormat::Xlsx => {
            return Err(Error::Data {
                path: "--format xlsx".into(),
                detail: "tệp Excel cần tên tệp để ghi: thêm -o mau.xlsx".into(),
            })
        }
        None => {
            use std::io::Write;
            let _ = std::io::stdout().lock().write_all(bytes);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn text_listing(template: &vanban::Template, shape: &shape::Shape) -> String {
    let sites = template.sites();
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
    text.trim_end().to_string()
}
