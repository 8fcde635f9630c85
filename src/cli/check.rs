//! `vanban check`: find every figure still missing before a document is signed.

use super::Format;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use vanban::{write_json_reports, CheckOptions, Error, Result, Saver};

/// Find gaps in .docx drafts.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The documents to check.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format (json: one object per file; an array when several files are given).
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Write a copy with every finding highlighted and commented (one input file only).
    #[arg(long)]
    annotate: Option<PathBuf>,
    /// Which rules, comma-separated: `gaps` (the default: every gap check),
    /// `format` (the national format of Nghị định 30/2020/NĐ-CP: page, margins,
    /// font, sizes, Quốc hiệu, number, date, Nơi nhận, signer, "./."), the
    /// groups `missing`, `structure` and `all`, or kind names such as `missing-figure`.
    #[arg(long)]
    rules: Option<String>,
    /// Replace the annotated copy if it exists (never the checked document).
    #[arg(long)]
    force: bool,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let options = match &a.rules {
        Some(spec) => CheckOptions::from_rules(spec).map_err(|e| Error::Data {
            path: "--rules".into(),
            detail: e.to_string(),
        })?,
        None => CheckOptions::default(),
    };
    if a.annotate.is_some() && a.files.len() != 1 {
        return Err(Error::Data {
            path: "--annotate".into(),
            detail: "chỉ dùng --annotate khi kiểm tra một tệp".into(),
        });
    }
    let mut saver = Saver::new(a.force);
    if let Some(out) = &a.annotate {
        for file in &a.files {
            saver.keep(file, "tệp đang kiểm tra");
        }
        saver.claim(out)?;
    }
    let mut any_error = false;
    let mut reports = Vec::new();
    for file in &a.files {
        let report = vanban::check_file(file, &options)?;
        any_error |= report.has_errors();
        if let Some(out) = &a.annotate {
            let bytes = report.annotated()?;
            saver.write(out, &bytes)?;
        }
        reports.push((file.display().to_string(), report));
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let _ = match a.format {
        Format::Json => write_json_reports(&mut out, &reports).and_then(|()| writeln!(out)),
        Format::Text => reports
            .iter()
            .enumerate()
            .try_for_each(|(i, (file, report))| {
                if i > 0 {
                    writeln!(out)?;
                }
                report.write_text(&mut out, file)
            }),
    }
    .and_then(|()| out.flush());
    Ok(if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
