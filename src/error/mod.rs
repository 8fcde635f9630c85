//! Errors a user can act on: each names the file, the place and the fix.
//! Messages are in Vietnamese, for the office staff who read them; each
//! error also carries a stable machine code ([`Error::code`]) for programs.

use std::path::PathBuf;
use thiserror::Error;

mod missing;
mod template;

pub use missing::{format_missing, MissingValue};
pub use template::{format_errors, TemplateError};

/// Everything that can go wrong reading, filling or writing a document.
///
/// The message (`Display`) is a Vietnamese sentence naming the file, the
/// place and the fix. [`Error::code`] gives a stable machine code.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("{path}: không đọc được tệp: {}", io_reason(.source, false))]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A file could not be written; `path` is the path the user gave.
    #[error("{path}: không ghi được tệp: {}", io_reason(.source, true))]
    Write {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A password-protected Word file.
    #[error("{path}: tệp được đặt mật khẩu (file is password-protected). Hãy mở bằng Word, bỏ mật khẩu (Tệp > Thông tin > Bảo vệ tài liệu) rồi lưu lại.")]
    Encrypted {
        /// The file.
        path: PathBuf,
    },
    /// An old binary Word file.
    #[error("{path}: đây là tệp .doc kiểu cũ (this is a .doc file: save it as .docx). Hãy mở bằng Word và chọn Lưu thành > Tài liệu Word (.docx).")]
    LegacyDoc {
        /// The file.
        path: PathBuf,
    },
    /// Not a zip package at all.
    #[error("{path}: không phải tệp .docx ({detail}). Hãy lưu tài liệu dưới dạng Tài liệu Word (.docx).")]
    NotDocx {
        /// The file.
        path: PathBuf,
        /// What was found instead.
        detail: String,
    },
    /// A limit against hostile files (a "zip bomb") was exceeded.
    #[error("{path}: tệp vượt giới hạn an toàn: {detail}. Tệp có thể bị hỏng hoặc cố ý gây hại; hãy mở bằng Word và lưu lại.")]
    Limit {
        /// The file.
        path: PathBuf,
        /// Which limit, and by how much.
        detail: String,
    },
    /// A part of the package is damaged or not well-formed.
    #[error("{}", bad_part_message(path, part, detail))]
    BadPart {
        /// The file.
        path: PathBuf,
        /// The part inside the package, e.g. `word/document.xml`.
        part: String,
        /// What is wrong with it.
        detail: String,
    },
    /// The template has errors; all of them are listed.
    #[error("{path}: mẫu có {} lỗi:\n{}", .errors.len(), format_errors(.errors))]
    Template {
        /// The template file.
        path: PathBuf,
        /// Every mistake found, in document order.
        errors: Vec<TemplateError>,
    },
    /// The data cannot be used.
    #[error("{path}: {detail}")]
    Data {
        /// The data file (or what stands for it).
        path: PathBuf,
        /// What is wrong and how to fix it.
        detail: String,
    },
    /// A template name that is neither a file nor a template of the pack.
    #[error("{name}: không có mẫu này (không có tệp nào tên như vậy, cũng không có mẫu có sẵn nào tên như vậy).{} Các mẫu có sẵn: {}", crate::vi::did_you_mean(.name, .known), .known.join(", "))]
    UnknownTemplate {
        /// The name asked for.
        name: String,
        /// The names of the pack's templates.
        known: Vec<&'static str>,
    },
    /// A rule list names a rule that does not exist.
    #[error("{detail}")]
    UnknownRule {
        /// Which names are unknown, and the known ones.
        detail: String,
    },
    /// The output exists and replacing it was not allowed.
    #[error("{path}: tệp đã tồn tại. Chọn tên khác hoặc cho phép ghi đè.")]
    OutputExists {
        /// The output file.
        path: PathBuf,
    },
    /// The output would replace a file the command reads (the template, the
    /// data) or another of its outputs.
    #[error("{path}: đây chính là {what} {input}; vanban không ghi đè {what}, kể cả khi được phép ghi đè. Hãy chọn tên tệp kết quả khác.")]
    OutputIsInput {
        /// The output file.
        path: PathBuf,
        /// What that file is: `tệp mẫu`, `tệp dữ liệu`, `tệp kết quả`…
        what: &'static str,
        /// The path it was given as.
        input: PathBuf,
    },
    /// The output path names a device, a pipe or a socket, not a file.
    #[error("{path}: đây không phải một tệp thông thường (thiết bị, ống dẫn…); vanban chỉ ghi ra tệp thông thường, kể cả khi được phép ghi đè. Hãy chọn tên tệp khác.")]
    OutputNotAFile {
        /// The output path.
        path: PathBuf,
    },
    /// Two outputs of one command would be the same file.
    #[error("{path}: lệnh đã ghi một kết quả khác vào chính tệp này ({first}). Hãy chọn hai tên tệp khác nhau.")]
    OutputTwice {
        /// The second output.
        path: PathBuf,
        /// The first output, as it was given.
        first: PathBuf,
    },
    /// A batch's file name pattern cannot be used.
    #[error("mẫu tên tệp \"{pattern}\": {message}")]
    NamePattern {
        /// The pattern as given.
        pattern: String,
        /// What is wrong and how to fix it.
        message: String,
        /// The mistake's stable code (`unclosed-tag`, `unknown-filter`, `unknown-field`…).
        code: &'static str,
    },
    /// A batch's output folder holds what an earlier run made.
    #[error("{dir}: thư mục đã có kết quả của một lần chạy trước ({what}). Hãy làm tiếp các bản ghi còn thiếu, làm lại (chỉ thay các tệp lần trước đã ghi), hoặc chọn thư mục khác.")]
    EarlierRun {
        /// The output folder.
        dir: PathBuf,
        /// What shows the earlier run: its manifest, or its journal when it was stopped.
        what: String,
    },
    /// Another batch is writing into the same output folder.
    #[error("{dir}: một lần chạy khác (tiến trình {pid}) đang ghi vào thư mục này. Hãy đợi lần đó xong hoặc chọn thư mục khác. Nếu chắc chắn không còn lần chạy nào, hãy xoá tệp {lock}.")]
    BatchRunning {
        /// The output folder.
        dir: PathBuf,
        /// The process that holds the folder.
        pid: u32,
        /// The lock file.
        lock: PathBuf,
    },
    /// An earlier batch into the folder was stopped before it finished.
    #[error("{dir}: lần chạy trước vào thư mục này (tiến trình {pid}) đã dừng giữa chừng. Hãy làm tiếp các bản ghi còn thiếu, hoặc làm lại.")]
    StoppedRun {
        /// The output folder.
        dir: PathBuf,
        /// The process that stopped.
        pid: u32,
    },
    /// Values were missing and strict rendering was asked for.
    #[error("thiếu {} giá trị:\n{}", .missing.len(), format_missing(.missing))]
    Strict {
        /// Every missing value and where.
        missing: Vec<MissingValue>,
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

    /// A stable machine code for the error, for programs (the message is
    /// for people and may change). The codes:
    ///
    /// | code | meaning |
    /// |---|---|
    /// | `io` | a file could not be read |
    /// | `write` | a file could not be written |
    /// | `encrypted` | a password-protected Word file |
    /// | `legacy-doc` | an old binary `.doc` file |
    /// | `not-docx` | not a `.docx` package |
    /// | `zip-bomb` | a limit against hostile packages was exceeded |
    /// | `bad-part` | a part of the package is damaged or not well-formed |
    /// | `bad-data` | the data cannot be used (JSON, spreadsheet, records) |
    /// | `unknown-template` | neither a file nor a pack template |
    /// | `unknown-rule` | a check rule name that does not exist |
    /// | `output-exists` | the output exists and may not be replaced |
    /// | `output-is-input` | the output would replace a file being read |
    /// | `output-not-a-file` | the output is a device, pipe or socket |
    /// | `output-twice` | two outputs would be the same file |
    /// | `missing-values` | strict rendering and values were missing |
    /// | `earlier-run` | a batch's folder holds an earlier run's files |
    /// | `batch-running` | another batch is writing into the folder |
    /// | `stopped-run` | an earlier batch into the folder was stopped midway |
    ///
    /// A batch's file name pattern ([`Error::NamePattern`]) gives the code
    /// of its mistake: a template error's code, or `unknown-field` for a
    /// name that no record has.
    ///
    /// A template error ([`Error::Template`]) gives the code of its first
    /// mistake ([`TemplateError::code`]):
    ///
    /// | code | meaning |
    /// |---|---|
    /// | `unclosed-tag` | `{{` without `}}` in the paragraph |
    /// | `unopened-tag` | `}}` without `{{` before it |
    /// | `bad-tag` | the text between `{{` and `}}` is not a tag |
    /// | `unknown-filter` | a filter name that does not exist |
    /// | `bad-filter-arguments` | a filter with the wrong number of arguments |
    /// | `unclosed-section` | `{{#x}}` without `{{/x}}` |
    /// | `unopened-section` | `{{/x}}` without `{{#x}}` |
    /// | `mismatched-section` | sections closed in the wrong order |
    /// | `misplaced-section` | a section's tags stand where they cannot repeat anything |
    /// | `section-too-deep` | sections nested more than 32 levels |
    /// | `crossed-sections` | a table-row section and a paragraph section overlap |
    /// | `footnote-outside-body` | `chu_thich` used outside the body |
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Write { .. } => "write",
            Error::Encrypted { .. } => "encrypted",
            Error::LegacyDoc { .. } => "legacy-doc",
            Error::NotDocx { .. } => "not-docx",
            Error::Limit { .. } => "zip-bomb",
            Error::BadPart { .. } => "bad-part",
            Error::Template { errors, .. } => errors.first().map_or("bad-tag", |e| e.code),
            Error::Data { .. } => "bad-data",
            Error::UnknownTemplate { .. } => "unknown-template",
            Error::UnknownRule { .. } => "unknown-rule",
            Error::OutputExists { .. } => "output-exists",
            Error::OutputIsInput { .. } => "output-is-input",
            Error::OutputNotAFile { .. } => "output-not-a-file",
            Error::OutputTwice { .. } => "output-twice",
            Error::Strict { .. } => "missing-values",
            Error::NamePattern { code, .. } => code,
            Error::EarlierRun { .. } => "earlier-run",
            Error::BatchRunning { .. } => "batch-running",
            Error::StoppedRun { .. } => "stopped-run",
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

/// The message of [`Error::BadPart`]: a part nested past
/// [`crate::xml::MAX_DEPTH`] is not damaged, it is too deep for vanban.
fn bad_part_message(path: &std::path::Path, part: &str, detail: &str) -> String {
    let path = path.display();
    if crate::xml::is_too_deep(detail) {
        format!(
            "{path}: phần {part} có các phần tử XML lồng nhau quá {} cấp, vượt giới hạn của vanban \
             ({detail}); văn bản thường chỉ lồng vài chục cấp. Cách sửa: mở tệp bằng Word, \
             chép nội dung sang một văn bản mới (bỏ bớt bảng lồng trong bảng, khung lồng trong khung) rồi lưu lại.",
            crate::xml::MAX_DEPTH
        )
    } else {
        format!("{path}: phần {part} bị hỏng ({detail}). Hãy mở bằng Word và lưu lại để sửa tệp.")
    }
}
