//! `vanban check`: find every figure still missing before a document is signed.

use super::Format;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use vanban::check::report::JsonReport;
use vanban::check::{self, annotate, read, CheckOptions, Severity};
use vanban::package::{Package, Saver};
use vanban::{Error, Result};

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
    /// Which rules: kind names and the groups `gaps` and `format`, comma-separated.
    #[arg(long)]
    rules: Option<String>,
    /// Replace the annotated copy if it exists (never the checked document).
    #[arg(long)]
    force: bool,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let options = match &a.rules {
        Some(spec) => CheckOptions::from_rules(spec).map_err(|detail| Error::Data {
            path: "--rules".into(),
            detail,
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
        let package = Package::open(file)?;
        let findings = read::check_package(&package, &options)?;
        any_error |= findings.iter().any(|f| f.severity == Severity::Error);
        if let Some(out) = &a.annotate {
            let bytes = annotate::annotate(&package, &findings)?;
            saver.write(out, &bytes)?;
        }
        reports.push((file.display().to_string(), findings));
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let _ = match a.format {
        Format::Json => {
            let each = reports
                .iter()
                .map(|(file, findings)| JsonReport { file, findings });
            check::report::write_json(&mut out, each)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        }
        Format::Text => reports
            .iter()
            .enumerate()
            .try_for_each(|(i, (file, findings))| {
                if i > 0 {
                    writeln!(out)?;
                }
                check::report::write_text(&mut out, file, findings)
            }),
    }
    .and_then(|()| out.flush());
    Ok(if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
