//! `vanban batch`: one document per record of a spreadsheet, CSV or JSON file.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use vanban::Error;
use vanban::{BatchOptions, ManifestEntry, Records, Result, Status, Template};

/// Make one document per record.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The template: a .docx file or the name of a pack template (see `vanban list`).
    template: String,
    /// The records: .xlsx/.xls/.ods (header row gives field names), .csv, .json (an array) or .jsonl.
    #[arg(long)]
    data: PathBuf,
    /// The spreadsheet sheet to read (default: the first).
    #[arg(long)]
    sheet: Option<String>,
    /// JSON with what every document shares (the body, the signer); each record's fields override it.
    #[arg(long)]
    common: Option<PathBuf>,
    /// The folder to write the documents and the manifest into.
    #[arg(long)]
    out: PathBuf,
    /// File name pattern from the record, e.g. "{{ma}}-{{ten_don_vi}}.docx".
    #[arg(long)]
    name: Option<String>,
    /// Fold Vietnamese letters to ASCII in file names.
    #[arg(long)]
    ascii_names: bool,
    /// A record with a missing value fails instead of getting a gap marker.
    #[arg(long)]
    strict: bool,
    /// Also pack the documents and the manifest into this .zip.
    #[arg(long)]
    zip: Option<PathBuf>,
    /// Also convert every document to PDF with LibreOffice (one process for the whole batch).
    #[arg(long)]
    pdf: bool,
    /// Parallel jobs (default: one per core).
    #[arg(long)]
    jobs: Option<usize>,
}

pub fn run(a: Args) -> Result<ExitCode> {
    // On a core of its own while the template and the records are read.
    std::thread::spawn(vanban::prepare_checks);
    // Before anything runs in parallel (reading the records does).
    if let Some(jobs) = a.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
            .map_err(|e| Error::Data {
                path: "--jobs".into(),
                detail: e.to_string(),
            })?;
    }
    // The template is read and compiled while the records are read.
    let (template, records) = std::thread::scope(|s| {
        let template = s.spawn(|| Template::open_or_pack(&a.template));
        let records = Records::open(&a.data, a.sheet.as_deref());
        (template.join(), records)
    });
    let template = template.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    let records = records?;
    let common = match &a.common {
        Some(path) => match vanban::data_from_file(path)? {
            serde_json::Value::Object(map) => map,
            _ => {
                return Err(Error::Data {
                    path: path.clone(),
                    detail: "--common phải là một đối tượng JSON { … }".into(),
                })
            }
        },
        None => Default::default(),
    };
    let template_name = std::path::Path::new(&a.template)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| a.template.clone());
    let mut options = BatchOptions::new(&a.out, template_name)
        .ascii_names(a.ascii_names)
        .strict(a.strict)
        .common(common);
    if let Some(pattern) = &a.name {
        options = options.name_pattern(pattern);
    }
    let bar = progress_bar(records.len() as u64);
    let batch = vanban::run_batch(&template, records, &options, |n| bar.set_position(n as u64))?;
    bar.finish_and_clear();
    batch.write_manifest()?;
    let entries = batch.entries();
    let mut failed = report(&a, entries);
    if let Some(zip) = &a.zip {
        batch.write_zip(zip)?;
    }
    if a.pdf && !to_pdf(&a.out, entries) {
        failed = true;
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} văn bản ({per_sec}, còn {eta})")
    {
        bar.set_style(style);
    }
    bar
}

/// Prints the summary and every failed record; true when any failed.
fn report(a: &Args, entries: &[ManifestEntry]) -> bool {
    let ok = entries.iter().filter(|e| e.status == Status::Ok).count();
    let gaps: usize = entries.iter().filter_map(|e| e.gaps).sum();
    let failed: Vec<&ManifestEntry> = entries
        .iter()
        .filter(|e| e.status == Status::Error)
        .collect();
    eprintln!(
        "vanban: {} văn bản trong {}; {} bản ghi lỗi; {} chỗ còn trống (xem manifest.csv)",
        ok,
        a.out.display(),
        failed.len(),
        gaps
    );
    for e in &failed {
        eprintln!(
            "  - bản ghi {} ({}): {}",
            e.record,
            e.location,
            e.error.as_deref().unwrap_or_default()
        );
    }
    !failed.is_empty()
}

/// Converts every written document with one LibreOffice process; false when it could not.
fn to_pdf(out: &std::path::Path, entries: &[ManifestEntry]) -> bool {
    let files: Vec<PathBuf> = entries
        .iter()
        .filter_map(|e| e.file.as_ref())
        .map(|f| out.join(f))
        .collect();
    if files.is_empty() {
        return true;
    }
    let profile = std::env::temp_dir().join(format!("vanban-lo-{}", std::process::id()));
    let result = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .args(&files)
        .output();
    let _ = std::fs::remove_dir_all(&profile);
    match result {
        Ok(o) if o.status.success() => true,
        Ok(o) => {
            eprintln!(
                "vanban: --pdf: LibreOffice không chuyển được: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            );
            false
        }
        Err(_) => {
            eprintln!("vanban: --pdf: chưa cài LibreOffice (soffice); các tệp .docx đã được tạo. Cài bằng: apt-get install libreoffice-writer-nogui");
            false
        }
    }
}
