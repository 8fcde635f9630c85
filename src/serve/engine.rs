//! The one door from the server to the library: every `vanban::` call the
//! server makes is here, through the library's front door, in functions that
//! take and give bytes and JSON. Each of them blocks (they run on the
//! blocking threads, never on the threads that answer requests) and keeps
//! nothing after it returns.

use super::error::ApiError;
use axum::http::StatusCode;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use vanban::{BatchOptions, CheckOptions, PackTemplate, Records, Saver, Status, Template};

/// Where a template comes from: the pack or the office's folder (by name),
/// or an upload.
pub enum Source {
    /// A template of the pack or of the `--templates` folder, by name.
    Named(String),
    /// An uploaded .docx and its file name.
    Upload { bytes: Vec<u8>, filename: String },
}

/// A compiled template: named ones are compiled once and kept.
enum Compiled {
    Named(&'static Template),
    Own(Box<Template>),
}

impl std::ops::Deref for Compiled {
    type Target = Template;
    fn deref(&self) -> &Template {
        match self {
            Compiled::Named(t) => t,
            Compiled::Own(t) => t,
        }
    }
}

impl Source {
    fn compile(self) -> Result<Compiled, ApiError> {
        match self {
            Source::Named(name) => named_template(&name).map(Compiled::Named),
            Source::Upload { bytes, filename } => Ok(Compiled::Own(Box::new(
                Template::from_bytes_named(bytes, &filename)?,
            ))),
        }
    }

    /// A short name for output files: the template's name or the upload's stem.
    fn stem(&self) -> String {
        match self {
            Source::Named(name) => name.clone(),
            Source::Upload { filename, .. } => Path::new(filename)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "van-ban".to_string()),
        }
    }
}

/// Compiles every pack template, so that the first request does not wait.
pub fn warm_up() {
    let _ = compiled_pack();
    vanban::prepare_checks();
}

fn compiled_pack() -> &'static [(&'static str, Result<Template, String>)] {
    static PACK: OnceLock<Vec<(&'static str, Result<Template, String>)>> = OnceLock::new();
    PACK.get_or_init(|| {
        PackTemplate::all()
            .map(|t| (t.name(), t.template().map_err(|e| e.to_string())))
            .collect()
    })
}

/// A template of the office's own folder (`--templates`), compiled at start.
struct FolderTemplate {
    /// Its name in the API: the file name without `.docx`.
    name: String,
    /// The file name, for the list.
    file_name: String,
    template: Template,
}

static FOLDER: OnceLock<Vec<FolderTemplate>> = OnceLock::new();

fn folder_templates() -> &'static [FolderTemplate] {
    FOLDER.get().map(Vec::as_slice).unwrap_or_default()
}

/// Compiles every .docx of `dir` once, to be offered by its file name beside
/// the pack. A template that does not compile, a name the pack already uses,
/// or a folder without templates stops the start with a message naming the
/// file. Returns how many templates the folder gave.
pub fn load_folder(dir: &Path) -> vanban::Result<usize> {
    let problem = |path: &Path, detail: String| vanban::Error::Data {
        path: path.to_path_buf(),
        detail,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| vanban::Error::io(dir, e))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .is_some_and(|ext| ext.eq_ignore_ascii_case("docx"))
                && !path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("~$"))
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(problem(
            dir,
            "thư mục không có tệp mẫu .docx nào; hãy chép các mẫu .docx của đơn vị vào đây".into(),
        ));
    }
    let mut loaded: Vec<FolderTemplate> = Vec::with_capacity(paths.len());
    for path in paths {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if PackTemplate::find(&name).is_ok() {
            return Err(problem(
                &path,
                format!("trùng tên với mẫu có sẵn “{name}”; hãy đổi tên tệp"),
            ));
        }
        if let Some(other) = loaded.iter().find(|t| t.name.eq_ignore_ascii_case(&name)) {
            return Err(problem(
                &path,
                format!(
                    "trùng tên với {}; hãy đổi tên một trong hai tệp",
                    other.file_name
                ),
            ));
        }
        let template = Template::open(&path)?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        loaded.push(FolderTemplate {
            name,
            file_name,
            template,
        });
    }
    let count = loaded.len();
    FOLDER
        .set(loaded)
        .map_err(|_| problem(dir, "thư mục mẫu đã được nạp".into()))?;
    Ok(count)
}

impl FolderTemplate {
    /// Its line of the template list.
    fn summary(&self) -> Value {
        json!({
            "name": self.name,
            "title": self.name,
            "description": format!("Mẫu của đơn vị (tệp {})", self.file_name),
            "source": "folder",
        })
    }
}

/// A pack template's line of the template list.
fn pack_summary(t: &PackTemplate) -> Value {
    json!({"name": t.name(), "title": t.title(), "description": t.description(), "source": "pack"})
}

fn folder_template(name: &str) -> Option<&'static FolderTemplate> {
    folder_templates().iter().find(|t| t.name == name)
}

/// The answer for a name no template has, with every name there is.
fn unknown(name: &str) -> ApiError {
    let names: Vec<&str> = PackTemplate::all()
        .map(|t| t.name())
        .chain(folder_templates().iter().map(|t| t.name.as_str()))
        .collect();
    ApiError::unknown_template(name, &names)
}

fn named_template(name: &str) -> Result<&'static Template, ApiError> {
    if let Some(own) = folder_template(name) {
        return Ok(&own.template);
    }
    let (_, compiled) = compiled_pack()
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| unknown(name))?;
    compiled
        .as_ref()
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.clone()))
}

/// `[{"name", "title", "description", "source"}]`: the pack's templates
/// (`source: "pack"`), then the folder's (`source: "folder"`).
pub fn template_list() -> Value {
    let pack = PackTemplate::all().map(|t| pack_summary(&t));
    let folder = folder_templates().iter().map(FolderTemplate::summary);
    pack.chain(folder).collect()
}

/// A template's schema, sample data and fields; a folder template has no
/// schema or sample (`null`): its form comes from its fields.
pub fn template_detail(name: &str) -> Result<Value, ApiError> {
    let (mut detail, schema, sample) = match folder_template(name) {
        Some(own) => (own.summary(), Value::Null, Value::Null),
        None => {
            let pack = PackTemplate::find(name).map_err(|_| unknown(name))?;
            (pack_summary(&pack), pack.schema(), pack.sample())
        }
    };
    detail["schema"] = schema;
    detail["sample"] = sample;
    detail["fields"] = named_template(name)?.fields().to_json();
    Ok(detail)
}

/// The same JSON as `vanban fields --format json`, for an uploaded template.
pub fn fields(bytes: Vec<u8>, filename: &str) -> Result<Value, ApiError> {
    let template = Source::Upload {
        bytes,
        filename: filename.to_string(),
    }
    .compile()?;
    Ok(template.fields().to_json())
}

/// The batch header template (.xlsx) of a named template.
pub fn header_template(name: &str) -> Result<Vec<u8>, ApiError> {
    Ok(named_template(name)?.fields().header_xlsx()?)
}

/// What a render gives back.
pub enum Rendered {
    /// The document, and how many values were missing.
    Docx { bytes: Vec<u8>, missing: usize },
    /// The render report: missing values and the gap checker's findings.
    Report(Value),
}

/// Fills a template with JSON data: the document, or with `report` the
/// list of what is missing in it.
pub fn render(source: Source, data: &[u8], report: bool) -> Result<Rendered, ApiError> {
    let data = parse_data(data)?;
    let label = format!("{}.docx", source.stem());
    let template = source.compile()?;
    let document = template.render(&data)?;
    if !report {
        return Ok(Rendered::Docx {
            missing: document.missing().len(),
            bytes: document.into_bytes(),
        });
    }
    let missing: Vec<Value> = document
        .missing()
        .iter()
        .map(|m| {
            json!({
                "tag": m.tag,
                "part": m.part,
                "paragraph_index": m.paragraph_index,
                "sentence": m.context,
                "at": m.at,
                "item": m.item,
                "reason": m.reason,
            })
        })
        .collect();
    let checked = document.check(&CheckOptions::default())?;
    let json = checked.to_json(&label);
    Ok(Rendered::Report(json!({
        "missing": missing,
        "gaps": checked.findings().len(),
        "findings": json["findings"],
        "summary": json["summary"],
    })))
}

/// The request body as JSON data, with the command line's message when it is not.
fn parse_data(bytes: &[u8]) -> Result<Value, ApiError> {
    let source = Path::new("dữ liệu JSON");
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ApiError::from(vanban::Error::Data {
            path: source.into(),
            detail: format!(
                "không phải văn bản UTF-8 (byte {}). Hãy gửi JSON mã hoá UTF-8.",
                e.valid_up_to()
            ),
        })
    })?;
    Ok(vanban::data_from_str(text, source)?)
}

/// What a check gives back.
pub enum Checked {
    /// The same JSON as `vanban check --format json`.
    Report(Value),
    /// The copy with every finding highlighted and commented.
    Annotated(Vec<u8>),
}

/// Checks an uploaded document with the rules of `options`.
pub fn check(
    bytes: Vec<u8>,
    filename: &str,
    options: &CheckOptions,
    annotated: bool,
) -> Result<Checked, ApiError> {
    let report = vanban::check_bytes_named(bytes, filename, options)?;
    Ok(if annotated {
        Checked::Annotated(report.annotated()?)
    } else {
        Checked::Report(report.to_json(filename))
    })
}

/// An uploaded batch input: its bytes and its file name (whose extension
/// tells the kind; without one the bytes are sniffed).
pub struct Input {
    pub bytes: Vec<u8>,
    pub filename: Option<String>,
}

impl Input {
    /// A safe file name with the right extension.
    fn file_name(&self) -> String {
        let given = self
            .filename
            .as_deref()
            .and_then(|f| Path::new(f).file_name())
            .map(|f| f.to_string_lossy().into_owned())
            .filter(|f| Path::new(f).extension().is_some());
        given.unwrap_or_else(|| {
            let ext = if self.bytes.starts_with(b"PK\x03\x04") {
                "xlsx"
            } else if self.bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
                "xls"
            } else {
                "csv"
            };
            format!("du-lieu.{ext}")
        })
    }
}

/// The records of an input with their columns matched to the template's
/// fields (the command line's preflight), read from a private folder that
/// is removed when the returned guard is dropped.
struct Opened {
    records: Records,
    preflight: vanban::Preflight,
    folder: tempfile::TempDir,
}

fn open_input(input: &Input, template: &Template) -> Result<Opened, ApiError> {
    let folder = private_folder()?;
    let path = folder.path().join(input.file_name());
    std::fs::write(&path, &input.bytes).map_err(|e| internal(&e))?;
    let bad = |e: vanban::Error| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad-records",
            scrub(&e.to_string(), folder.path()),
        )
    };
    let records = Records::open(&path, None).map_err(bad)?;
    let (records, preflight) = records
        .plan(template, &[], &Default::default())
        .map_err(bad)?;
    Ok(Opened {
        records,
        preflight,
        folder,
    })
}

/// Which column fills which field, before anything is made.
pub fn batch_preview(source: Source, input: &Input) -> Result<Value, ApiError> {
    let template = source.compile()?;
    let opened = open_input(input, &template)?;
    let mut preview = serde_json::to_value(&opened.preflight).map_err(|e| internal(&e))?;
    preview["text"] = Value::String(opened.preflight.to_text());
    preview["warnings"] = json!(opened.preflight.warnings());
    Ok(preview)
}

/// A finished batch: the .zip and its name.
pub struct BatchZip {
    pub bytes: Vec<u8>,
    pub filename: String,
}

/// One document per record, packed in a .zip with the manifest;
/// `progress(done, total)` is called as documents are made.
pub fn batch_zip(
    source: Source,
    input: &Input,
    progress: impl Fn(usize, usize) + Sync,
) -> Result<BatchZip, ApiError> {
    let stem = source.stem();
    let template = source.compile()?;
    let opened = open_input(input, &template)?;
    let total = opened.records.len();
    let folder = opened.folder.path();
    let out = folder.join("out");
    // The private folder is new and empty: nothing in it to keep.
    let options = BatchOptions::new(&out, stem.clone()).with_saver(Saver::new(true));
    let report = vanban::run_batch(&template, opened.records, &options, |n| progress(n, total))
        .map_err(|e| scrubbed(e, folder))?;
    let zip = folder.join("out.zip");
    report.write_zip(&zip).map_err(|e| scrubbed(e, folder))?;
    let bytes = std::fs::read(&zip).map_err(|e| internal(&e))?;
    let failed = report
        .entries()
        .iter()
        .filter(|e| e.status == Status::Error)
        .count();
    if failed == total {
        let first = report
            .entries()
            .iter()
            .find_map(|e| e.error.clone())
            .unwrap_or_default();
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "batch-failed",
            format!("Không tạo được văn bản nào ({failed} bản ghi lỗi). Bản ghi đầu tiên: {first}"),
        ));
    }
    Ok(BatchZip {
        bytes,
        filename: format!("{stem}-hang-loat.zip"),
    })
}

/// Whether LibreOffice (`soffice`) is installed, looked up once.
pub fn pdf_available() -> bool {
    static FOUND: OnceLock<Option<PathBuf>> = OnceLock::new();
    FOUND.get_or_init(soffice_path).is_some()
}

/// The `soffice` program on the `PATH`.
fn soffice_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("soffice"))
        .find(|p| p.is_file())
}

/// Converts a document to PDF with LibreOffice, in a private folder with a
/// profile of its own (so that conversions never wait for one another's
/// profile lock), removed afterwards.
pub fn to_pdf(docx: &[u8]) -> Result<Vec<u8>, ApiError> {
    let Some(soffice) = soffice_path() else {
        return Err(pdf_unavailable());
    };
    let folder = private_folder()?;
    let input = folder.path().join("van-ban.docx");
    std::fs::write(&input, docx).map_err(|e| internal(&e))?;
    let profile = folder.path().join("profile");
    let output = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(folder.path())
        .arg(&input)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| internal(&e))?;
    std::fs::read(folder.path().join("van-ban.pdf")).map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "pdf-failed",
            format!(
                "LibreOffice không chuyển được văn bản sang PDF ({}). Hãy tải về .docx rồi mở bằng Word.",
                String::from_utf8_lossy(&output.stderr).trim()
            ),
        )
    })
}

/// 422 `pdf-unavailable`.
pub fn pdf_unavailable() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "pdf-unavailable",
        "Máy chủ chưa cài LibreOffice nên không tạo được PDF. Hãy tải về .docx, hoặc cài \
         LibreOffice trên máy chủ rồi khởi động lại vanban serve.",
    )
}

fn private_folder() -> Result<tempfile::TempDir, ApiError> {
    tempfile::Builder::new()
        .prefix("vanban-serve-")
        .tempdir()
        .map_err(|e| internal(&e))
}

fn internal(e: &dyn std::fmt::Display) -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        format!("Máy chủ gặp lỗi khi xử lý tệp tạm: {e}"),
    )
}

/// A library error with the private folder's path taken out of its message.
fn scrubbed(e: vanban::Error, folder: &Path) -> ApiError {
    let mut answer = ApiError::from(e);
    answer.message = scrub(&answer.message, folder);
    answer
}

/// The message without the private folder's path: people see only the
/// name of the file they sent.
fn scrub(message: &str, folder: &Path) -> String {
    message.replace(&format!("{}/", folder.display()), "")
}
