//! `vanban render`: one template, one data file, one document.

use super::say;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vanban::{CheckOptions, RenderOptions, Result, Saver, Template};

/// Fill a template with data and write a .docx.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The template: a .docx file or the name of a pack template (see `vanban list`).
    template: String,
    /// The data: a JSON file, or - for standard input.
    #[arg(long, short)]
    data: PathBuf,
    /// The document to write.
    #[arg(long, short)]
    output: PathBuf,
    /// Fail (exit 2) when any value is missing, listing all of them.
    #[arg(long)]
    strict: bool,
    /// Also write the list of missing values as JSON to this file.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Replace the output and the report if they exist (never the template or the data).
    #[arg(long)]
    force: bool,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let mut saver = Saver::new(a.force);
    saver.keep(Path::new(&a.template), "tệp mẫu");
    saver.keep(&a.data, "tệp dữ liệu");
    saver.claim(&a.output)?;
    if let Some(report) = &a.report {
        saver.claim(report)?;
    }
    let template = Template::open_or_pack(&a.template)?;
    let data = Value::Object(vanban::data_object_from_file(&a.data)?);
    let rendered = template.render_with(&data, &RenderOptions::default().strict(a.strict))?;
    saver.write(&a.output, rendered.as_bytes())?;
    let missing = rendered.missing();
    let check = rendered.check(&CheckOptions::default())?;
    if let Some(report) = &a.report {
        let body = json!({
            "template": a.template,
            "output": a.output,
            "missing": missing,
            "check": check.to_json(&a.output.display().to_string()),
        });
        saver.write_with(report, &mut |out| {
            serde_json::to_writer_pretty(&mut *out, &body)?;
            out.write_all(b"\n")
        })?;
    }
    if !missing.is_empty() {
        say(&format!(
            "vanban: {}: thiếu {} giá trị, đã đánh dấu … tô vàng trong văn bản:\n{}",
            a.output.display(),
            missing.len(),
            rendered.missing_text()
        ));
    }
    say(&format!(
        "vanban: đã ghi {}; kiểm tra chỗ trống: {}{}",
        a.output.display(),
        check.summary_line(),
        if check.findings().is_empty() {
            String::new()
        } else {
            format!(" (xem chi tiết: vanban check {})", a.output.display())
        }
    ));
    Ok(ExitCode::SUCCESS)
}
