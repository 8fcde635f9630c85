//! Errors a user can act on: each names the file, the place and the fix.
//! Messages are in Vietnamese, for the office staff who read them.

use std::path::PathBuf;
use thiserror::Error;

/// Everything that can go wrong reading, filling or writing a document.
#[derive(Debug, Error)]
pub enum Error {
    /// The file could not be read or written.
    #[error("{path}: không đọc/ghi được tệp ({source})")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A password-protected Word file.
    #[error("{path}: tệp được đặt mật khẩu (file is password-protected). Hãy mở bằng Word, bỏ mật khẩu (Tệp > Thông tin > Bảo vệ tài liệu) rồi lưu lại.")]
    Encrypted { path: PathBuf },
    /// An old binary Word file.
    #[error("{path}: đây là tệp .doc kiểu cũ (this is a .doc file: save it as .docx). Hãy mở bằng Word và chọn Lưu thành > Tài liệu Word (.docx).")]
    LegacyDoc { path: PathBuf },
    /// Not a zip package at all.
    #[error("{path}: không phải tệp .docx ({detail}). Hãy lưu tài liệu dưới dạng Tài liệu Word (.docx).")]
    NotDocx { path: PathBuf, detail: String },
    /// A limit against hostile files was exceeded.
    #[error("{path}: tệp vượt giới hạn an toàn: {detail}. Tệp có thể bị hỏng hoặc cố ý gây hại; hãy mở bằng Word và lưu lại.")]
    Limit { path: PathBuf, detail: String },
    /// A part of the package is not well-formed.
    #[error("{path}: phần {part} bị hỏng ({detail}). Hãy mở bằng Word và lưu lại để sửa tệp.")]
    BadPart {
        path: PathBuf,
        part: String,
        detail: String,
    },
    /// The template has errors; all of them are listed.
    #[error("{path}: mẫu có {} lỗi:\n{}", .errors.len(), crate::template::format_errors(.errors))]
    Template {
        path: PathBuf,
        errors: Vec<crate::template::TemplateError>,
    },
    /// The data file cannot be used.
    #[error("{path}: {detail}")]
    Data { path: PathBuf, detail: String },
    /// The output exists and `--force` was not given.
    #[error("{path}: tệp đã tồn tại. Chọn tên khác hoặc thêm --force để ghi đè.")]
    OutputExists { path: PathBuf },
    /// The output would overwrite the template.
    #[error("{path}: tệp kết quả trùng với tệp mẫu. Hãy chọn tên tệp kết quả khác.")]
    OutputIsTemplate { path: PathBuf },
    /// Values were missing and `--strict` was given.
    #[error("thiếu {} giá trị (--strict):\n{}", .missing.len(), crate::render::format_missing(.missing))]
    Strict {
        missing: Vec<crate::render::MissingValue>,
    },
}

/// Result with the crate's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the file it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
