//! `vanban normalize`: an old document typed in TCVN3 or VNI fonts, in Unicode.

use super::say;
use std::path::PathBuf;
use std::process::ExitCode;
use vanban::{normalize_bytes, Error, Result, Saver, UNICODE_FONT};

/// Convert text in TCVN3 (.VnTime…) and VNI (VNI-Times…) fonts to Unicode.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The document to convert (.docx).
    input: PathBuf,
    /// The converted document to write.
    #[arg(long, short)]
    output: PathBuf,
    /// Replace the output if it exists (never the input).
    #[arg(long)]
    force: bool,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let mut saver = Saver::new(a.force);
    saver.keep(&a.input, "tệp cần chuyển mã");
    saver.claim(&a.output)?;
    let input = std::fs::read(&a.input).map_err(|e| Error::io(&a.input, e))?;
    let (bytes, summary) = normalize_bytes(input, &a.input)?;
    saver.write(&a.output, &bytes)?;
    let s = &summary;
    let what = if s.is_empty() {
        "không có chữ nào cần chuyển mã (văn bản đã là Unicode dựng sẵn), nội dung giữ nguyên"
            .to_string()
    } else {
        format!(
            "đã chuyển {} đoạn chữ TCVN3 và {} đoạn chữ VNI sang Unicode, phông {UNICODE_FONT}; chuẩn hoá Unicode dựng sẵn (NFC) {} đoạn chữ khác",
            s.tcvn3_runs, s.vni_runs, s.nfc_texts
        )
    };
    say(&format!("vanban: đã ghi {}: {what}", a.output.display()));
    Ok(ExitCode::SUCCESS)
}
