//! `vanban check`: find every figure still missing before a document is signed.

use super::{print, Format};
use serde_json::Value;
use std::path::PathBuf;
use std::process::ExitCode;
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
    let mut json = Vec::new();
    let mut text = Vec::new();
    for file in &a.files {
        let package = vanban::normalize::in_memory(Package::open(file)?)?;
        let findings = read::check_package(&package, &options)?;
        any_error |= findings.iter().any(|f| f.severity == Severity::Error);
        let name = file.display().to_string();
        match a.format {
            Format::Json => json.push(check::to_json(&name, &findings)),
            Format::Text => text.push(check::to_text(&name, &findings)),
        }
        if let Some(out) = &a.annotate {
            let bytes = annotate::annotate(&package, &findings)?;
            saver.write(out, &bytes)?;
        }
    }
    match a.format {
        Format::Json => {
            let value = if json.len() == 1 {
                json.remove(0)
            } else {
                Value::Array(json)
            };
            print(&serde_json::to_string_pretty(&value).unwrap_or_default());
        }
        Format::Text => print(text.join("\n").trim_end()),
    }
    Ok(if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
