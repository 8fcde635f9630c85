//! `vanban fields`: the tags of a template, where they appear, and the shape
//! of the data they expect; `--skeleton` prints a starter data file, and
//! `--format xlsx|csv` writes the header template of a batch.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vanban::{Error, Result, Saver, Template};

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
    /// one item per list. For a pack template the fields come in the
    /// schema's order (`vanban new` prints its sample data instead).
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
            FieldsFormat::Json => return json(&a, &fields.to_json()),
            FieldsFormat::Text => fields.to_text().trim_end().to_string(),
            FieldsFormat::Csv => return output(&a, &fields.header_csv()),
            FieldsFormat::Xlsx => return output(&a, &fields.header_xlsx()?),
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

/// Writes the JSON `value` to `-o` or to standard output as it is
/// serialised, never whole in memory as text.
fn json(a: &Args, value: &serde_json::Value) -> Result<ExitCode> {
    let mut write = |out: &mut dyn Write| {
        serde_json::to_writer_pretty(&mut *out, value)?;
        out.write_all(b"\n")
    };
    match &a.output {
        Some(path) => {
            let mut saver = Saver::new(a.force);
            saver.keep(Path::new(&a.template), "tệp mẫu");
            saver.claim(path)?;
            saver.write_with(path, &mut write)?;
            super::say(&format!("vanban: đã ghi {}", path.display()));
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let _ = write(&mut out).and_then(|()| out.flush());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `bytes` to `-o`, or to standard output when it is text.
fn output(a: &Args, bytes: &[u8]) -> Result<ExitCode> {
    match &a.output {
        Some(path) => {
            let mut saver = Saver::new(a.force);
            saver.keep(Path::new(&a.template), "tệp mẫu");
            saver.claim(path)?;
            saver.write(path, bytes)?;
            super::say(&format!("vanban: đã ghi {}", path.display()));
        }
        None if a.format == FieldsFormat::Xlsx => {
            return Err(Error::Data {
                path: "--format xlsx".into(),
                detail: "tệp Excel cần tên tệp để ghi: thêm -o mau.xlsx".into(),
            })
        }
        None => {
            let _ = std::io::stdout().lock().write_all(bytes);
        }
    }
    Ok(ExitCode::SUCCESS)
}
