//! `vanban batch`: one document per record of a spreadsheet, CSV or JSON file.

use super::say;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use vanban::{
    BatchOptions, BatchReport, ColumnMap, Error, ManifestEntry, Records, Result, Saver, Status,
    Template,
};

/// Make one document per record.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The template: a .docx file or the name of a pack template (see `vanban list`).
    template: String,
    /// The records: .xlsx/.xls/.ods (header row gives field names), .csv, .json (an array) or .jsonl.
    #[arg(long)]
    data: PathBuf,
    /// The spreadsheet sheet to read (default: the first); other sheets named after a list field give its items.
    #[arg(long)]
    sheet: Option<String>,
    /// The header row's number in the sheet (or line in a CSV file); default: the first row below the title rows.
    #[arg(long)]
    header_row: Option<usize>,
    /// A column that fills a field of another name: "Đơn vị=ten_don_vi" (repeatable).
    #[arg(long = "map", value_name = "CỘT=TRƯỜNG")]
    map: Vec<String>,
    /// A file of "Cột=trường" lines, one per column ('#' starts a comment).
    #[arg(long)]
    map_file: Option<PathBuf>,
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
    /// The folder holds an earlier run: make every document again, replacing only the files its manifest lists; also replace an existing zip and PDFs (never the template or the data).
    #[arg(long, conflicts_with = "resume")]
    force: bool,
    /// The folder holds an earlier run (finished or stopped): keep its whole documents and make the rest, with one manifest for all.
    #[arg(long)]
    resume: bool,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let saver = claim_outputs(&a)?;
    let rerun = match (a.force, a.resume) {
        (true, _) => vanban::Rerun::Force,
        (_, true) => vanban::Rerun::Resume,
        _ => vanban::Rerun::Refuse,
    };
    let mut options = BatchOptions::new(&a.out, template_name(&a.template)).rerun(rerun);
    if let Some(pattern) = &a.name {
        options = options.name_pattern(pattern)?;
    }
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
        let records = Records::open_with(&a.data, a.sheet.as_deref(), a.header_row);
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
    let mapping = mapping(&a)?;
    let (records, preflight) = records.plan(&template, &mapping, &common)?;
    say(&preflight.to_text());
    if preflight.nothing_matches() {
        let fields: Vec<String> = preflight
            .columns
            .unfilled_fields
            .iter()
            .chain(&preflight.from_common)
            .cloned()
            .collect();
        return Err(Error::Data {
            path: a.data.clone(),
            detail: format!(
                "không cột nào khớp với trường nào của mẫu, nên mọi văn bản sẽ trống. Các cột: {}. \
                 Các trường của mẫu: {}. Hãy đặt tên cột theo tên trường (mẫu bảng tính: vanban \
                 fields {} --format xlsx -o mau.xlsx), hoặc chỉ rõ bằng --map \"Cột=trường\".",
                preflight.columns.unused_columns.join(", "),
                fields.join(", "),
                a.template
            ),
        });
    }
    let options = options
        .ascii_names(a.ascii_names)
        .strict(a.strict)
        .common(common)
        .warnings(preflight.warnings())
        .with_saver(saver);
    release_lock_on_interrupt(&a.out);
    let bar = progress_bar(records.len() as u64);
    let batch = vanban::run_batch(&template, records, &options, |n| bar.set_position(n as u64))?;
    bar.finish_and_clear();
    let entries = batch.entries();
    let mut failed = report(&a, entries);
    if let Some(zip) = &a.zip {
        batch.write_zip(zip)?;
    }
    if a.pdf && !to_pdf(&a.out, entries, options.saver()) {
        failed = true;
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The `--map` mappings, then those of `--map-file`.
fn mapping(a: &Args) -> Result<Vec<ColumnMap>> {
    let mut lines: Vec<(String, String)> = a
        .map
        .iter()
        .map(|m| ("--map".to_string(), m.clone()))
        .collect();
    if let Some(path) = &a.map_file {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        lines.extend(text.lines().enumerate().filter_map(|(i, line)| {
            let line = line.trim().trim_start_matches('\u{feff}');
            (!line.is_empty() && !line.starts_with('#')).then(|| {
                (
                    format!("{} dòng {}", path.display(), i + 1),
                    line.to_string(),
                )
            })
        }));
    }
    lines
        .into_iter()
        .map(|(place, line)| match line.split_once('=') {
            Some((column, field)) if !column.trim().is_empty() && !field.trim().is_empty() => {
                Ok(ColumnMap::new(column.trim(), field.trim()))
            }
            _ => Err(Error::Data {
                path: place.into(),
                detail: format!(
                    "“{line}” không đúng dạng “Tên cột=tên_trường” (ví dụ “Đơn vị=ten_don_vi”)"
                ),
            }),
        })
        .collect()
}

/// The name documents get by default: the template's, without folder and extension.
fn template_name(template: &str) -> String {
    Path::new(template)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| template.to_string())
}

/// The rule for every file the batch writes, with the zip checked before
/// any work (an earlier run's manifest is the batch's own check).
fn claim_outputs(a: &Args) -> Result<Saver> {
    let mut saver = Saver::new(a.force);
    saver.keep(Path::new(&a.template), "tệp mẫu");
    saver.keep(&a.data, "tệp dữ liệu");
    if let Some(common) = &a.common {
        saver.keep(common, "tệp dữ liệu chung");
    }
    if a.out.exists() && !a.out.is_dir() {
        return Err(Error::write(
            &a.out,
            std::io::Error::from(std::io::ErrorKind::NotADirectory),
        ));
    }
    for name in BatchReport::MANIFEST_FILES {
        let manifest = a.out.join(name);
        // An existing manifest is an earlier run's: the batch refuses,
        // replaces or continues it; the claim keeps the zip off a new one.
        if !manifest.exists() {
            saver.claim(&manifest)?;
        }
    }
    if let Some(zip) = &a.zip {
        saver.claim(zip)?;
    }
    Ok(saver)
}

/// Ctrl-C ends the run at once, releasing the output folder's lock first
/// (the journal stays, so that `--resume` knows what was made).
fn release_lock_on_interrupt(out: &Path) {
    let lock = out.join(BatchReport::LOCK_FILE);
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
        else {
            return;
        };
        if runtime.block_on(tokio::signal::ctrl_c()).is_ok() {
            let ours = std::fs::read_to_string(&lock)
                .is_ok_and(|holder| holder.trim() == std::process::id().to_string());
            if ours {
                let _ = std::fs::remove_file(&lock);
            }
            say("vanban: đã dừng; chạy lại với --resume để làm tiếp");
            std::process::exit(130);
        }
    });
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
    let missing = entries
        .iter()
        .filter(|e| e.status == Status::MissingData)
        .count();
    let gaps: usize = entries.iter().filter_map(|e| e.gaps).sum();
    let failed: Vec<&ManifestEntry> = entries
        .iter()
        .filter(|e| e.status == Status::Error)
        .collect();
    say(&format!(
        "vanban: {} văn bản trong {} ({} đủ số liệu, {} thiếu số liệu); {} bản ghi lỗi; {} chỗ \
         còn trống (xem manifest.csv)",
        ok + missing,
        a.out.display(),
        ok,
        missing,
        failed.len(),
        gaps
    ));
    for e in &failed {
        say(&format!(
            "  - bản ghi {} ({}): {}",
            e.record,
            e.location,
            e.error.as_deref().unwrap_or_default()
        ));
    }
    !failed.is_empty()
}

/// Converts every written document with one LibreOffice process, into a
/// temporary folder; each PDF is then saved beside its document by the
/// rule of every output. False when any PDF could not be made.
fn to_pdf(out: &Path, entries: &[ManifestEntry], saver: &Saver) -> bool {
    let files: Vec<&str> = entries.iter().filter_map(|e| e.file.as_deref()).collect();
    if files.is_empty() {
        return true;
    }
    let staging = match tempfile::Builder::new()
        .prefix(".vanban-pdf-")
        .tempdir_in(out)
    {
        Ok(dir) => dir,
        Err(e) => {
            // The system's words would name the temporary folder: its kind is enough.
            let e = Error::write(out, std::io::Error::from(e.kind()));
            say(&format!("vanban: --pdf: {e}"));
            return false;
        }
    };
    let profile = std::env::temp_dir().join(format!("vanban-lo-{}", std::process::id()));
    let result = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(staging.path())
        .args(files.iter().map(|f| out.join(f)))
        .output();
    let _ = std::fs::remove_dir_all(&profile);
    match result {
        Ok(o) if o.status.success() => {}
        Ok(o) => {
            say(&format!(
                "vanban: --pdf: LibreOffice không chuyển được: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            ));
            return false;
        }
        Err(_) => {
            say("vanban: --pdf: chưa cài LibreOffice (soffice); các tệp .docx đã được tạo. Cài bằng: apt-get install libreoffice-writer-nogui");
            return false;
        }
    }
    let folder = saver.folder(out);
    let mut all_made = true;
    for file in files {
        let pdf = Path::new(file).with_extension("pdf");
        let saved = match std::fs::read(staging.path().join(&pdf)) {
            Ok(bytes) => folder.write(&pdf.to_string_lossy(), &bytes),
            Err(_) => {
                say(&format!(
                    "vanban: --pdf: {}: LibreOffice không tạo được tệp PDF này",
                    out.join(&pdf).display()
                ));
                all_made = false;
                continue;
            }
        };
        if let Err(e) = saved {
            say(&format!("vanban: --pdf: {e}"));
            all_made = false;
        }
    }
    all_made
}
