//! The routes of the page and the API, and what they share: the access key,
//! the upload limit, the time-out and the JSON errors. Every handler hands
//! its work to a blocking thread, so the threads that answer requests never
//! wait for a render.

use super::engine::{self, Checked, Input, Rendered, Source};
use super::error::{json_errors, ApiError, ErrorBody};
use super::{page, Settings};
use axum::body::{Body, Bytes};
use axum::extract::{Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use utoipa::{IntoParams, OpenApi, ToSchema};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The whole application.
pub fn router(settings: Settings) -> Router {
    let settings = Arc::new(settings);
    let api = Router::new()
        .route("/openapi.json", get(openapi))
        .route("/templates", get(templates))
        .route("/templates/{name}", get(template))
        .route("/templates/{name}/excel", get(template_excel))
        .route("/fields", post(fields))
        .route("/render/{name}", post(render_pack))
        .route("/render", post(render_upload))
        .route("/check", post(check))
        .route("/batch/{name}/preview", post(batch_preview_pack))
        .route("/batch/{name}", post(batch_pack))
        .route("/batch/preview", post(batch_preview_upload))
        .route("/batch", post(batch_upload))
        .route_layer(middleware::from_fn_with_state(
            settings.clone(),
            require_key,
        ));
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::app_js))
        .route("/style.css", get(page::style_css))
        .route("/healthz", get(healthz))
        .nest("/api", api)
        .with_state(settings.clone())
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(settings.max_upload))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            settings.timeout,
        ))
        .layer(middleware::map_response(json_errors))
}

/// The OpenAPI description of the routes below.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "vanban",
        description = "Điền mẫu văn bản hành chính (.docx), tạo hàng loạt và kiểm tra chỗ còn thiếu trước khi ký."
    ),
    paths(
        healthz, openapi, templates, template, template_excel, fields, render_pack,
        render_upload, check, batch_preview_pack, batch_pack, batch_preview_upload, batch_upload
    ),
    components(schemas(ErrorBody, Health, TemplateSummary, UploadForm)),
    modifiers(&BearerKey)
)]
pub struct ApiDoc;

struct BearerKey;

impl utoipa::Modify for BearerKey {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "access_key",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        doc.security = Some(vec![utoipa::openapi::security::SecurityRequirement::new(
            "access_key",
            Vec::<String>::new(),
        )]);
    }
}

/// The server's state.
#[derive(serde::Serialize, ToSchema)]
struct Health {
    /// Always `ok`.
    status: &'static str,
    version: &'static str,
    /// Whether LibreOffice is installed (`?format=pdf` works).
    pdf: bool,
    /// Whether the API wants an access key.
    access_key: bool,
}

/// A template of the pack or of the office's folder (`--templates`).
#[derive(serde::Serialize, ToSchema)]
struct TemplateSummary {
    /// The name used in the other routes.
    name: String,
    title: String,
    description: String,
    /// `pack` (the templates vanban ships) or `folder` (the office's own).
    source: String,
}

/// A multipart upload: a template and its data.
#[derive(ToSchema)]
#[allow(dead_code)]
struct UploadForm {
    /// The template (.docx).
    #[schema(value_type = String, format = Binary)]
    template: Vec<u8>,
    /// The data: JSON (render) or .xlsx/.csv (batch), as text or a file.
    #[schema(value_type = String, format = Binary)]
    data: Vec<u8>,
}

#[utoipa::path(get, path = "/healthz", security(()),
    responses((status = 200, body = Health, description = "Máy chủ đang chạy")))]
async fn healthz(State(settings): State<Arc<Settings>>) -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        pdf: engine::pdf_available(),
        access_key: settings.access_key.is_some(),
    })
}

#[utoipa::path(get, path = "/api/openapi.json",
    responses((status = 200, description = "Tài liệu OpenAPI 3 này", content_type = "application/json")))]
async fn openapi() -> Json<Value> {
    Json(openapi_json())
}

/// The OpenAPI document as served.
pub fn openapi_json() -> Value {
    serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null)
}

#[utoipa::path(get, path = "/api/templates",
    responses((status = 200, body = [TemplateSummary], description = "Các mẫu có sẵn, rồi các mẫu của đơn vị (--templates)"),
        (status = 401, body = ErrorBody)))]
async fn templates() -> Json<Value> {
    Json(engine::template_list())
}

#[utoipa::path(get, path = "/api/templates/{name}",
    params(("name" = String, Path, description = "Tên mẫu, ví dụ ke-hoach")),
    responses((status = 200, description = "name, title, description, source, schema, sample, fields (mẫu của đơn vị: schema và sample là null)", content_type = "application/json"),
        (status = 404, body = ErrorBody, description = "Không có mẫu này")))]
async fn template(Path(name): Path<String>) -> Result<Json<Value>, ApiError> {
    blocking(move || engine::template_detail(&name))
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/templates/{name}/excel",
    params(("name" = String, Path, description = "Tên mẫu")),
    responses((status = 200, description = "Tệp Excel tiêu đề: một cột cho mỗi trường, một trang cho mỗi danh sách",
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 404, body = ErrorBody)))]
async fn template_excel(Path(name): Path<String>) -> Result<Response, ApiError> {
    let filename = format!("{name}-du-lieu.xlsx");
    let bytes = blocking(move || engine::header_template(&name)).await?;
    Ok(download(bytes, XLSX, &filename))
}

/// The name of an uploaded body.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct FileQuery {
    /// The file's name, used in messages (and for batch data, its kind).
    filename: Option<String>,
}

#[utoipa::path(post, path = "/api/fields", params(FileQuery),
    request_body(content = String, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", description = "Mẫu .docx"),
    responses((status = 200, description = "Như vanban fields --format json", content_type = "application/json"),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn fields(Query(q): Query<FileQuery>, body: Bytes) -> Result<Json<Value>, ApiError> {
    let filename = q.filename.unwrap_or_else(|| "mau.docx".to_string());
    blocking(move || engine::fields(body.to_vec(), &filename))
        .await
        .map(Json)
}

/// What a render answers.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct RenderQuery {
    /// `pdf` for a PDF (when LibreOffice is installed); default .docx.
    format: Option<String>,
    /// `json` for the render report (missing values, gaps) instead of the document.
    report: Option<String>,
}

#[utoipa::path(post, path = "/api/render/{name}",
    params(("name" = String, Path, description = "Tên mẫu"), RenderQuery),
    request_body(content = Object, content_type = "application/json", description = "Dữ liệu JSON của văn bản"),
    responses((status = 200, description = "Văn bản .docx (hoặc PDF, hoặc báo cáo JSON)",
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (status = 400, body = ErrorBody, description = "Dữ liệu JSON sai"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn render_pack(
    Path(name): Path<String>,
    Query(q): Query<RenderQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    render(Source::Named(name.clone()), body, q, name).await
}

#[utoipa::path(post, path = "/api/render", params(RenderQuery),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 200, description = "Văn bản .docx (hoặc PDF, hoặc báo cáo JSON)",
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (status = 400, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn render_upload(
    Query(q): Query<RenderQuery>,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let form = read_form(multipart).await?;
    let (template, template_name) = form.template()?;
    let stem = stem_of(&template_name);
    let source = Source::Upload {
        bytes: template,
        filename: template_name,
    };
    render(source, form.data()?.0.into(), q, stem).await
}

async fn render(
    source: Source,
    data: Bytes,
    q: RenderQuery,
    stem: String,
) -> Result<Response, ApiError> {
    let report = match q.report.as_deref() {
        None | Some("") => false,
        Some("json") => true,
        Some(other) => return Err(bad_choice("report", other, "json")),
    };
    let pdf = match q.format.as_deref() {
        None | Some("") | Some("docx") => false,
        Some("pdf") => true,
        Some(other) => return Err(bad_choice("format", other, "docx, pdf")),
    };
    if pdf && !report && !engine::pdf_available() {
        return Err(engine::pdf_unavailable());
    }
    let rendered = blocking(move || engine::render(source, &data, report)).await?;
    match rendered {
        Rendered::Report(value) => Ok(Json(value).into_response()),
        Rendered::Docx { bytes, missing } => {
            let mut response = if pdf {
                let pdf = blocking(move || engine::to_pdf(&bytes)).await?;
                download(pdf, "application/pdf", &format!("{stem}.pdf"))
            } else {
                download(bytes, DOCX, &format!("{stem}.docx"))
            };
            response
                .headers_mut()
                .insert("x-vanban-missing", HeaderValue::from(missing));
            Ok(response)
        }
    }
}

/// What a check answers.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct CheckQuery {
    /// `1` for the annotated copy (.docx) instead of the JSON report.
    annotate: Option<String>,
    /// The file's name, used in the report and messages.
    filename: Option<String>,
    /// Which rules, as `vanban check --rules`: `gaps` (the default), `format`, `gaps,format`…
    rules: Option<String>,
}

#[utoipa::path(post, path = "/api/check", params(CheckQuery),
    request_body(content = String, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", description = "Văn bản .docx cần kiểm tra"),
    responses((status = 200, description = "Như vanban check --format json (hoặc bản .docx có đánh dấu)", content_type = "application/json"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn check(Query(q): Query<CheckQuery>, body: Bytes) -> Result<Response, ApiError> {
    let annotate = matches!(q.annotate.as_deref(), Some("1" | "true" | "yes"));
    let filename = q.filename.unwrap_or_else(|| "van-ban.docx".to_string());
    let name = filename.clone();
    let options = match q.rules.as_deref() {
        Some(spec) => vanban::CheckOptions::from_rules(spec)?,
        None => vanban::CheckOptions::default(),
    };
    let checked = blocking(move || engine::check(body.to_vec(), &name, &options, annotate)).await?;
    Ok(match checked {
        Checked::Report(value) => Json(value).into_response(),
        Checked::Annotated(bytes) => download(
            bytes,
            DOCX,
            &format!("{}-kiem-tra.docx", stem_of(&filename)),
        ),
    })
}

/// How a batch answers.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct BatchQuery {
    /// The data file's name: its extension tells the kind (.xlsx, .csv…); otherwise sniffed.
    filename: Option<String>,
    /// `1` for progress lines (application/x-ndjson) ending with the .zip in base64.
    progress: Option<String>,
}

#[utoipa::path(post, path = "/api/batch/{name}/preview",
    params(("name" = String, Path, description = "Tên mẫu"), FileQuery),
    request_body(content = String, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "Dữ liệu .xlsx hoặc .csv"),
    responses((status = 200, description = "records, columns [{header, field}], unfilled_fields, unused_columns", content_type = "application/json"),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn batch_preview_pack(
    Path(name): Path<String>,
    Query(q): Query<FileQuery>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let input = Input {
        bytes: body.to_vec(),
        filename: q.filename,
    };
    blocking(move || engine::batch_preview(Source::Named(name), &input))
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/api/batch/preview",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 200, description = "records, columns [{header, field}], unfilled_fields, unused_columns", content_type = "application/json"),
        (status = 400, body = ErrorBody), (status = 415, body = ErrorBody)))]
async fn batch_preview_upload(multipart: Multipart) -> Result<Json<Value>, ApiError> {
    let form = read_form(multipart).await?;
    let (template, filename) = form.template()?;
    let (data, data_name) = form.data()?;
    let input = Input {
        bytes: data,
        filename: data_name,
    };
    let source = Source::Upload {
        bytes: template,
        filename,
    };
    blocking(move || engine::batch_preview(source, &input))
        .await
        .map(Json)
}

#[utoipa::path(post, path = "/api/batch/{name}",
    params(("name" = String, Path, description = "Tên mẫu"), BatchQuery),
    request_body(content = String, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "Dữ liệu .xlsx hoặc .csv"),
    responses((status = 200, description = "Tệp .zip: các văn bản và manifest.csv/manifest.json (hoặc các dòng tiến độ application/x-ndjson)", content_type = "application/zip"),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn batch_pack(
    Path(name): Path<String>,
    Query(q): Query<BatchQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let input = Input {
        bytes: body.to_vec(),
        filename: q.filename,
    };
    batch(Source::Named(name), input, q.progress.as_deref()).await
}

#[utoipa::path(post, path = "/api/batch", params(BatchQuery),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 200, description = "Tệp .zip: các văn bản và manifest", content_type = "application/zip"),
        (status = 400, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn batch_upload(
    Query(q): Query<BatchQuery>,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let form = read_form(multipart).await?;
    let (template, filename) = form.template()?;
    let (data, data_name) = form.data()?;
    let input = Input {
        bytes: data,
        filename: data_name.or(q.filename),
    };
    let source = Source::Upload {
        bytes: template,
        filename,
    };
    batch(source, input, q.progress.as_deref()).await
}

async fn batch(source: Source, input: Input, progress: Option<&str>) -> Result<Response, ApiError> {
    if !matches!(progress, Some("1" | "true" | "yes")) {
        let zip = blocking(move || engine::batch_zip(source, &input, |_, _| {})).await?;
        return Ok(download(zip.bytes, "application/zip", &zip.filename));
    }
    let (lines, received) = tokio::sync::mpsc::channel::<String>(64);
    let permit = worker_permit().await;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let shown = Mutex::new(0usize);
        let result = engine::batch_zip(source, &input, |done, total| {
            let mut shown = shown.lock().unwrap_or_else(|p| p.into_inner());
            if done > *shown {
                *shown = done;
                // A client that reads slowly misses some steps, never the end.
                let _ = lines.try_send(format!("{}\n", json!({"done": done, "total": total})));
            }
        });
        let last = match result {
            Ok(zip) => {
                use base64::Engine;
                json!({
                    "zip_base64": base64::engine::general_purpose::STANDARD.encode(&zip.bytes),
                    "filename": zip.filename,
                })
            }
            Err(e) => e.body(),
        };
        let _ = lines.blocking_send(format!("{last}\n"));
    });
    let stream = futures_util::stream::unfold(received, |mut received| async move {
        let line = received.recv().await?;
        Some((Ok::<_, std::convert::Infallible>(line), received))
    });
    Ok((
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::from_stream(stream),
    )
        .into_response())
}

/// The parts of a multipart upload.
struct Form {
    template: Option<(Vec<u8>, String)>,
    data: Option<(Vec<u8>, Option<String>)>,
}

impl Form {
    fn template(&self) -> Result<(Vec<u8>, String), ApiError> {
        self.template
            .clone()
            .ok_or_else(|| missing_part("template", "tệp mẫu .docx"))
    }

    fn data(&self) -> Result<(Vec<u8>, Option<String>), ApiError> {
        self.data
            .clone()
            .ok_or_else(|| missing_part("data", "dữ liệu"))
    }
}

async fn read_form(mut multipart: Multipart) -> Result<Form, ApiError> {
    let mut form = Form {
        template: None,
        data: None,
    };
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(multipart_error)?.to_vec();
        match name.as_str() {
            "template" => {
                form.template = Some((bytes, filename.unwrap_or_else(|| "mau.docx".into())))
            }
            "data" => form.data = Some((bytes, filename)),
            _ => {}
        }
    }
    Ok(form)
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    let status = e.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::new(status, "too-large", super::error::TOO_LARGE);
    }
    ApiError::bad_request(
        "bad-multipart",
        format!(
            "Không đọc được biểu mẫu tải lên (multipart/form-data): {}",
            e.body_text()
        ),
    )
}

fn missing_part(part: &str, what: &str) -> ApiError {
    ApiError::bad_request(
        "missing-part",
        format!("Thiếu phần “{part}” ({what}) trong biểu mẫu tải lên multipart/form-data."),
    )
}

fn bad_choice(param: &str, given: &str, allowed: &str) -> ApiError {
    ApiError::bad_request(
        "bad-parameter",
        format!("Tham số {param}={given} không hợp lệ; các giá trị được nhận: {allowed}."),
    )
}

/// One permit per core: requests beyond that wait their turn in order, so
/// that a burst shares the cores fairly instead of many threads slowing one
/// another down (and each keeping memory of its own).
async fn worker_permit() -> tokio::sync::OwnedSemaphorePermit {
    static WORKERS: std::sync::OnceLock<Arc<tokio::sync::Semaphore>> = std::sync::OnceLock::new();
    let workers = WORKERS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Arc::new(tokio::sync::Semaphore::new(cores))
    });
    // The semaphore is never closed.
    workers
        .clone()
        .acquire_owned()
        .await
        .expect("the semaphore stays open")
}

/// Runs `work` on a blocking thread, when a core is free.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let permit = worker_permit().await;
    let work = move || {
        let _permit = permit;
        work()
    };
    tokio::task::spawn_blocking(work).await.map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Máy chủ gặp lỗi khi xử lý yêu cầu này.",
        )
    })?
}

/// A file to download, named in `Content-Disposition`.
fn download(bytes: Vec<u8>, content_type: &'static str, filename: &str) -> Response {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent_encode(filename)
    );
    let mut response = (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        bytes,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// RFC 5987 encoding of a file name.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn stem_of(filename: &str) -> String {
    std::path::Path::new(filename)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "van-ban".to_string())
}

/// Every `/api` route wants `Authorization: Bearer KEY` when the server has a key.
async fn require_key(
    State(settings): State<Arc<Settings>>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    if let Some(key) = &settings.access_key {
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if !given.is_some_and(|g| constant_time_eq(g.as_bytes(), key.as_bytes())) {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Cần mã truy cập: máy chủ này được khởi động với --access-key. Hãy nhập đúng mã \
                 (tiêu đề Authorization: Bearer <mã>).",
            ));
        }
    }
    Ok(next.run(request).await)
}

/// Compares two keys in a time that does not depend on where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
