//! Errors a user can act on: each names the file, the place and the fix.
//! Messages are in Vietnamese, for the office staff who read them.

use std::path::PathBuf;
use thiserror::Error;

/// Everything that can go wrong reading, filling or writing a document.
#[derive(Debug, Error)]
pub enum Error {
    /// A file could not be read.
    #[error("{path}: không đọc được tệp: {}", io_reason(.source, false))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file could not be written; `path` is the path the user gave.
    #[error("{path}: không ghi được tệp: {}", io_reason(.source, true))]
    Write {
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
    /// The output would replace a file the command reads (the template, the
    /// data) or another of its outputs.
    #[error("{path}: đây chính là {what} {input}; vanban không ghi đè {what}, kể cả khi có --force. Hãy chọn tên tệp kết quả khác.")]
    OutputIsInput {
        path: PathBuf,
        /// What that file is: `tệp mẫu`, `tệp dữ liệu`, `tệp kết quả`…
        what: &'static str,
        /// The path it was given as.
        input: PathBuf,
    },
    /// The output path names a device, a pipe or a socket, not a file.
    #[error("{path}: đây không phải một tệp thông thường (thiết bị, ống dẫn…); vanban chỉ ghi ra tệp thông thường, kể cả khi có --force. Hãy chọn tên tệp khác.")]
    OutputNotAFile { path: PathBuf },
    /// Two outputs of one command would be the same file.
    #[error("{path}: lệnh đã ghi một kết quả khác vào chính tệp này ({first}). Hãy chọn hai tên tệp khác nhau.")]
    OutputTwice { path: PathBuf, first: PathBuf },
    /// Values were missing and `--strict` was given.
    #[error("thiếu {} giá trị (--strict):\n{}", .missing.len(), crate::render::format_missing(.missing))]
    Strict {
        missing: Vec<crate::render::MissingValue>,
    },
}

/// Result with the crate's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an error reading the file at `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Wraps an error writing the file at `path`.
    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Write {
            path: path.into(),
            source,
        }
    }
}

/// What went wrong with a file and what to do, in Vietnamese; the system's
/// own words follow in parentheses.
pub fn io_reason(e: &std::io::Error, writing: bool) -> String {
    use std::io::ErrorKind as K;
    let reason = match (e.kind(), writing) {
        (K::NotFound, false) => "không tìm thấy tệp. Hãy kiểm tra lại tên và đường dẫn",
        (K::NotFound, true) => {
            "thư mục chứa tệp không tồn tại. Hãy tạo thư mục đó trước, hoặc chọn thư mục khác"
        }
        (K::PermissionDenied, false) => {
            "không có quyền đọc tệp. Hãy xin cấp quyền, hoặc chép tệp vào thư mục của bạn"
        }
        (K::PermissionDenied, true) => {
            "không có quyền ghi vào đây. Hãy chọn thư mục khác (ví dụ trong thư mục của bạn) hoặc xin cấp quyền ghi"
        }
        (K::StorageFull | K::QuotaExceeded, _) => {
            "ổ đĩa đã đầy (hoặc hết hạn mức). Hãy xoá bớt tệp hoặc lưu sang ổ khác"
        }
        (K::IsADirectory, _) => {
            "đây là một thư mục, không phải tệp. Hãy ghi rõ tên tệp, ví dụ thu-muc/van-ban.docx"
        }
        (K::NotADirectory, _) => {
            "một phần của đường dẫn là tệp chứ không phải thư mục. Hãy kiểm tra lại đường dẫn"
        }
        (K::ReadOnlyFilesystem, _) => "ổ đĩa chỉ cho đọc. Hãy lưu sang ổ hoặc thư mục khác",
        (K::FileTooLarge, _) => "tệp quá lớn đối với ổ đĩa này. Hãy lưu sang ổ khác",
        (K::InvalidFilename, _) => {
            "tên tệp không hợp lệ hoặc quá dài. Hãy đặt tên ngắn hơn, không có ký tự đặc biệt"
        }
        (K::Unsupported, true) => "thư mục này không cho tạo tệp. Hãy chọn thư mục khác",
        (K::ResourceBusy | K::ExecutableFileBusy, _) => {
            "tệp đang được chương trình khác dùng. Hãy đóng chương trình đó rồi thử lại"
        }
        (K::InvalidData, false) => "nội dung tệp bị hỏng",
        (_, false) => "lỗi hệ thống khi đọc. Hãy thử lại, hoặc chép tệp sang chỗ khác",
        (_, true) => "lỗi hệ thống khi ghi. Hãy thử lại, hoặc lưu sang thư mục khác",
    };
    format!("{reason} ({e})")
}
