//! Errors as the API answers them: `{"error": {"code", "message"}}`, a stable
//! `code` for programs and the command line's Vietnamese message for people.
//! Bad input is always a 4xx; a 500 means a fault of the server itself.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// The message of a body past `--max-upload`.
pub const TOO_LARGE: &str =
    "Tệp tải lên vượt giới hạn dung lượng của máy chủ (--max-upload). Hãy gửi tệp nhỏ hơn, \
     hoặc khởi động lại máy chủ với --max-upload lớn hơn.";

/// Every error answer: `{"error": {"code", "message"}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable identifier for programs, e.g. `not-docx`, `unauthorized`, `too-large`.
    code: &'static str,
    /// What went wrong and how to fix it, in Vietnamese.
    message: String,
}

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    /// An error with its status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 404 for a name no template has; `names` are the names there are.
    pub fn unknown_template(name: &str, names: &[&str]) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown-template",
            format!(
                "Không có mẫu “{name}”.{} Các mẫu có sẵn: {}.",
                vanban::did_you_mean(name, names),
                names.join(", ")
            ),
        )
    }

    /// The JSON body of the answer.
    pub fn body(&self) -> Value {
        serde_json::to_value(ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message.clone(),
            },
        })
        .unwrap_or(Value::Null)
    }

    /// 400 for a request the server cannot read as asked.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }
}

impl From<vanban::Error> for ApiError {
    /// The library's error, with the status and code its kind deserves.
    fn from(e: vanban::Error) -> ApiError {
        use StatusCode as S;
        let (status, code) = match e.code() {
            "not-docx" => (S::UNSUPPORTED_MEDIA_TYPE, "not-docx"),
            "legacy-doc" => (S::UNSUPPORTED_MEDIA_TYPE, "legacy-doc"),
            "encrypted" => (S::UNPROCESSABLE_ENTITY, "encrypted"),
            "zip-bomb" => (S::UNPROCESSABLE_ENTITY, "limit-exceeded"),
            "bad-part" => (S::UNPROCESSABLE_ENTITY, "damaged-docx"),
            "bad-data" => (S::BAD_REQUEST, "bad-data"),
            "missing-values" => (S::UNPROCESSABLE_ENTITY, "missing-values"),
            "unknown-template" => (S::NOT_FOUND, "unknown-template"),
            "unknown-rule" => (S::BAD_REQUEST, "unknown-rule"),
            _ if matches!(e, vanban::Error::Template { .. }) => {
                (S::UNPROCESSABLE_ENTITY, "template-error")
            }
            _ => (S::INTERNAL_SERVER_ERROR, "internal"),
        };
        ApiError::new(status, code, e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}

/// Turns the plain-text errors of the HTTP layer (unknown route, wrong
/// method, body too large, time-out, unreadable JSON…) into the API's JSON
/// errors, so that every error has a `code` and a Vietnamese message.
pub async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::NOT_FOUND => ("not-found", "Không có trang hoặc đường dẫn API này."),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method-not-allowed",
            "Đường dẫn API này không nhận phương thức HTTP đã dùng (xem /api/openapi.json).",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ("too-large", TOO_LARGE),
        StatusCode::REQUEST_TIMEOUT => (
            "timeout",
            "Yêu cầu chạy quá thời gian cho phép (--timeout) nên đã dừng. Hãy chia nhỏ dữ liệu rồi thử lại.",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported-media-type",
            "Kiểu nội dung gửi lên không đúng: dữ liệu JSON cần tiêu đề Content-Type: application/json, \
             tệp gửi kèm cần multipart/form-data.",
        ),
        StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST => (
            "bad-request",
            "Không đọc được yêu cầu: nội dung gửi lên không đúng dạng mà đường dẫn API này cần.",
        ),
        s if s.is_client_error() => ("bad-request", "Yêu cầu không hợp lệ."),
        _ => ("internal", "Máy chủ gặp lỗi khi xử lý yêu cầu này."),
    };
    let mut answer = ApiError::new(status, code, message).into_response();
    answer
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    answer
}
