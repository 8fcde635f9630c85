//! `vanban render`: one template, one data file, one document.

use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;
use vanban::{write_atomic, CheckOptions, Error, RenderOptions, Result, Template};

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
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
}

pub fn run(a: Args) -> Result<ExitCode> {
    if same_file(std::path::Path::new(&a.template), &a.output) {
        return Err(Error::OutputIsTemplate { path: a.output });
    }
    if a.output.exists() && !a.force {
        return Err(Error::OutputExists { path: a.output });
    }
    let template = Template::open_or_pack(&a.template)?;
    let data = vanban::data_from_file(&a.data)?;
    let rendered = template.render_with(&data, &RenderOptions::default().strict(a.strict))?;
    write_atomic(&a.output, rendered.as_bytes(), a.force)?;
    let missing = rendered.missing();
    let check = rendered.check(&CheckOptions::default())?;
    if let Some(report) = &a.report {
        let body = json!({
            "template": a.template,
            "output": a.output,
            "missing": missing,
            "check": check.to_json(&a.output.display().to_string()),
        });
        let text = serde_json::to_string_pretty(&body).unwrap_or_default();
        write_atomic(report, text.as_bytes(), true)?;
    }
    if !missing.is_empty() {
        eprintln!(
            "vanban: {}: thiếu {} giá trị, đã đánh dấu … tô vàng trong văn bản:\n{}",
            a.output.display(),
            missing.len(),
            rendered.missing_text()
        );
    }
    eprintln!(
        "vanban: đã ghi {}; kiểm tra chỗ trống: {}{}",
        a.output.display(),
        check.summary_line(),
        if check.findings().is_empty() {
            String::new()
        } else {
            format!(" (xem chi tiết: vanban check {})", a.output.display())
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
