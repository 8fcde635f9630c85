//! Loading the records of a batch from a spreadsheet, CSV, JSON or JSON Lines.
//!
//! [`open_records`] (records one at a time) and [`load_records`] (all at
//! once) split problems in two kinds:
//! - the input as a whole cannot be used (missing file, unknown format,
//!   JSON syntax error, sheet not found, broken header row…): an
//!   [`InputError`], and nothing is produced;
//! - one record cannot be used (a JSON line that does not parse, a CSV row
//!   with too many cells, a formula error in a cell…): that [`Record`] carries
//!   the reason in `data`, and the others go on.
//!
//! Every string (values, field names, keys) comes out NFC-normalized, so that
//! text typed on Windows, macOS or a phone compares equal.
//!
//! For CSV and spreadsheets the header row gives the field names; a dotted
//! name such as `nguoi_ky.ho_ten` builds nested objects
//! (`{"nguoi_ky": {"ho_ten": …}}`). Empty cells (or cells holding only
//! whitespace) leave the field out, and fully empty rows are skipped.

pub mod columns;
mod fields;
mod json_file;
mod sheet;
mod text_table;

#[cfg(test)]
mod tests;

use std::io;
use std::path::{Path, PathBuf};

use crate::text::nfc;
use serde_json::{Map, Value};

/// One record of the input: one document to produce.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// 1-based record number, counting only the records (not the header row,
    /// not skipped empty rows or lines).
    pub number: usize,
    /// Where the record is in the input, for messages: `dòng 5` (CSV, JSON
    /// Lines), `hàng 5 (Sheet1)` (spreadsheets), `phần tử 3 (dòng 12)` (JSON).
    pub location: String,
    /// The record's fields, or why this record cannot be used (in Vietnamese,
    /// naming the place and the fix).
    pub data: Result<Map<String, Value>, String>,
}

/// The input as a whole cannot be used. Messages are in Vietnamese and name
/// the file, the place and the fix.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("Không tìm thấy tệp dữ liệu “{}”. Hãy kiểm tra lại đường dẫn và tên tệp.", .path.display())]
    NotFound { path: PathBuf },

    #[error(
        "Không đọc được tệp dữ liệu “{}”: {source}. Hãy kiểm tra quyền đọc tệp, \
         hoặc đóng chương trình đang mở tệp rồi thử lại.",
        .path.display()
    )]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error(
        "Tệp dữ liệu “{}” có phần mở rộng “{ext}” chưa được hỗ trợ. Hãy lưu dữ liệu \
         dưới dạng Excel (.xlsx), CSV (.csv), JSON (.json) hoặc JSON Lines (.jsonl).",
        .path.display()
    )]
    UnknownExtension { path: PathBuf, ext: String },

    #[error(
        "Chỉ tệp bảng tính (Excel, ODS) mới có trang tính, nhưng “{}” là tệp {kind}, nên \
         không chọn được trang tính “{sheet}”. Hãy bỏ tuỳ chọn chọn trang tính.",
        .path.display()
    )]
    SheetNotApplicable {
        path: PathBuf,
        sheet: String,
        kind: &'static str,
    },

    #[error(
        "Không mở được tệp bảng tính “{}” ({detail}). Tệp có thể bị hỏng, có mật khẩu, \
         hoặc không thật sự là tệp Excel: hãy mở tệp bằng Excel và lưu lại dưới dạng \
         “Excel Workbook (*.xlsx)”.",
        .path.display()
    )]
    Workbook { path: PathBuf, detail: String },

    #[error(
        "Tệp “{}” không có trang tính “{sheet}”. Các trang tính có trong tệp: {}. \
         Hãy chọn một trong các tên này.",
        .path.display(),
        quoted_list(.available)
    )]
    SheetNotFound {
        path: PathBuf,
        sheet: String,
        available: Vec<String>,
    },

    #[error(
        "Tệp “{}” không có trang tính nào. Hãy mở bằng Excel, nhập dữ liệu rồi lưu lại.",
        .path.display()
    )]
    NoSheets { path: PathBuf },

    #[error(
        "Trang tính “{sheet}” của tệp “{}” trống. Hãy nhập hàng tiêu đề (tên các trường) \
         và các hàng dữ liệu bên dưới, hoặc chọn trang tính khác.",
        .path.display()
    )]
    EmptySheet { path: PathBuf, sheet: String },

    #[error(
        "Tệp “{}” không có hàng tiêu đề: tệp trống. Dòng đầu tiên phải là tên các trường \
         (ví dụ: ma,ten_don_vi,ngay_ky), các dòng sau là dữ liệu.",
        .path.display()
    )]
    NoHeader { path: PathBuf },

    #[error(
        "Tệp “{}” không có bản ghi nào ({detail}). Hãy thêm dữ liệu: mỗi văn bản cần \
         một bản ghi.",
        .path.display()
    )]
    NoRecords { path: PathBuf, detail: String },

    #[error(
        "Hàng tiêu đề ({place}) của tệp “{}” có hai cột cùng tên “{name}”: {first} và \
         {second}. Hãy đổi tên một trong hai cột.",
        .path.display()
    )]
    DuplicateColumn {
        path: PathBuf,
        place: String,
        name: String,
        first: String,
        second: String,
    },

    #[error(
        "Hàng tiêu đề ({}) của tệp “{}” có cột “{}” ({}) và cột “{}” ({}) mâu thuẫn nhau: \
         “{}” không thể vừa là một giá trị vừa là nhóm chứa “{}”. Hãy đổi tên một trong hai \
         cột (ví dụ “{}.ten”).",
        .columns.place, .path.display(), .columns.parent, .columns.parent_col,
        .columns.child, .columns.child_col, .columns.parent, .columns.child, .columns.parent
    )]
    ColumnConflict {
        path: PathBuf,
        columns: Box<ColumnConflict>,
    },

    #[error(
        "Hàng tiêu đề ({place}) của tệp “{}” có tên cột “{name}” ({col}) không hợp lệ: có \
         phần trống trước, sau hoặc giữa các dấu chấm. Dấu chấm dùng để gom nhóm (ví dụ \
         “nguoi_ky.ho_ten”): hãy bỏ dấu chấm thừa.",
        .path.display()
    )]
    BadColumnName {
        path: PathBuf,
        place: String,
        col: String,
        name: String,
    },

    #[error(
        "Tệp “{}” không phải văn bản UTF-8 (gặp lỗi mã hoá ở dòng {line}), nên chữ tiếng \
         Việt sẽ bị sai. {fix}",
        .path.display()
    )]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        fix: &'static str,
    },

    #[error(
        "Tệp “{}” được lưu với mã hoá UTF-16 (“Unicode Text”), không phải UTF-8. {fix}",
        .path.display()
    )]
    Utf16 { path: PathBuf, fix: &'static str },

    #[error("Tệp “{}”: {}", .path.display(), crate::vi::TCVN3_DATA_FIX)]
    Tcvn3 { path: PathBuf },

    #[error(
        "Không đọc được tệp CSV “{}” ở dòng {line}: {detail}. Hãy mở tệp bằng Excel và lưu \
         lại với kiểu “CSV UTF-8 (Comma delimited) (*.csv)”.",
        .path.display()
    )]
    Csv {
        path: PathBuf,
        line: u64,
        detail: String,
    },

    #[error(
        "Tệp JSON “{}” sai cú pháp ở dòng {line}, cột {column}: {detail}. {fix}",
        .path.display()
    )]
    JsonSyntax {
        path: PathBuf,
        line: usize,
        column: usize,
        detail: String,
        fix: String,
    },

    #[error(
        "Tệp JSON “{}” phải chứa một mảng các bản ghi, dạng [ {{…}}, {{…}} ], nhưng lại \
         chứa {found}. Hãy đặt các bản ghi giữa hai dấu ngoặc vuông [ ] (một bản ghi \
         cũng vậy: [ {{…}} ]).",
        .path.display()
    )]
    JsonNotArray { path: PathBuf, found: &'static str },
}

/// The two columns of [`InputError::ColumnConflict`]: `parent` (`a`) holds a
/// value while `child` (`a.b`) makes it a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnConflict {
    /// Where the header row is: `dòng 1`, `hàng 2 (Sheet1)`.
    pub place: String,
    pub parent: String,
    /// The parent's column: `cột D`.
    pub parent_col: String,
    pub child: String,
    pub child_col: String,
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("“{s}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The formats [`open_records`] understands, from the file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Sheet,
    Csv,
    Json,
    JsonLines,
}

impl Format {
    fn of(path: &Path) -> Result<Format, InputError> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        Ok(match ext.as_str() {
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Format::Sheet,
            "csv" => Format::Csv,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            _ => {
                return Err(InputError::UnknownExtension {
                    path: path.to_path_buf(),
                    ext: if ext.is_empty() {
                        "(không có)".to_string()
                    } else {
                        format!(".{ext}")
                    },
                })
            }
        })
    }

    fn describe(self) -> &'static str {
        match self {
            Format::Sheet => "bảng tính",
            Format::Csv => "CSV",
            Format::Json => "JSON",
            Format::JsonLines => "JSON Lines",
        }
    }
}

/// The records of an input, taken one at a time. Every problem with the
/// input as a whole has already been reported by [`open_records`]; what is
/// left are per-record problems, in each [`Record`]'s `data`.
///
/// JSON and JSON Lines inputs hold only the file's text and parse each record
/// when it is taken, so a large file costs about its own size in memory, not
/// the several times more of a fully parsed tree. CSV and spreadsheets are
/// read whole.
pub struct Records {
    inner: RecordsInner,
}

enum RecordsInner {
    Loaded(std::vec::IntoIter<Record>),
    Json(json_file::JsonRecords),
}

impl Iterator for Records {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        match &mut self.inner {
            RecordsInner::Loaded(it) => it.next(),
            RecordsInner::Json(it) => it.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = match &self.inner {
            RecordsInner::Loaded(it) => it.len(),
            RecordsInner::Json(it) => it.len(),
        };
        (n, Some(n))
    }
}

impl ExactSizeIterator for Records {}

impl Records {
    /// Records already in memory, e.g. read by [`open_records`] and then
    /// changed (keys renamed to the template's field names).
    pub fn from_records(records: Vec<Record>) -> Records {
        Records {
            inner: RecordsInner::Loaded(records.into_iter()),
        }
    }

    /// The next `n` records (fewer at the end); JSON records are parsed in parallel.
    pub fn next_chunk(&mut self, n: usize) -> Vec<Record> {
        match &mut self.inner {
            RecordsInner::Loaded(it) => it.by_ref().take(n).collect(),
            RecordsInner::Json(it) => it.next_chunk(n),
        }
    }
}

/// Opens the records of `path`, chosen by its extension: `.xlsx`, `.xlsm`,
/// `.xlsb`, `.xls`, `.ods` (the first sheet, or `sheet`), `.csv`, `.json` (an
/// array of objects) or `.jsonl`/`.ndjson` (one object per line). The number
/// of records is known at once ([`ExactSizeIterator::len`]).
///
/// An input with no record at all is an error ([`InputError::NoRecords`]).
pub fn open_records(path: &Path, sheet: Option<&str>) -> Result<Records, InputError> {
    let format = Format::of(path)?;
    if !path.exists() {
        return Err(InputError::NotFound {
            path: path.to_path_buf(),
        });
    }
    if let (Some(sheet), false) = (sheet, format == Format::Sheet) {
        return Err(InputError::SheetNotApplicable {
            path: path.to_path_buf(),
            sheet: sheet.to_string(),
            kind: format.describe(),
        });
    }
    let inner = match format {
        Format::Sheet => RecordsInner::Loaded(sheet::load(path, sheet)?.into_iter()),
        Format::Csv => RecordsInner::Loaded(text_table::load(path)?.into_iter()),
        Format::Json => RecordsInner::Json(json_file::open_array(path)?),
        Format::JsonLines => RecordsInner::Json(json_file::open_lines(path)?),
    };
    let records = Records { inner };
    if records.len() == 0 {
        let detail = match format {
            Format::Sheet | Format::Csv => "chỉ có hàng tiêu đề",
            Format::Json => "mảng rỗng",
            Format::JsonLines => "không có dòng nào có dữ liệu",
        };
        return Err(InputError::NoRecords {
            path: path.to_path_buf(),
            detail: detail.to_string(),
        });
    }
    Ok(records)
}

/// All the records of `path` at once; see [`open_records`], which takes
/// them one at a time and needs less memory for large JSON inputs.
#[cfg(test)]
pub fn load_records(path: &Path, sheet: Option<&str>) -> Result<Vec<Record>, InputError> {
    Ok(open_records(path, sheet)?.collect())
}

/// Deep merge of the data common to every document with one record's data:
/// the record wins. Objects present on both sides are merged recursively;
/// any other value of the record (string, number, array, null…) replaces the
/// common one.
pub fn merge_common(common: &Map<String, Value>, record: Map<String, Value>) -> Map<String, Value> {
    if common.is_empty() {
        return record;
    }
    let mut out = common.clone();
    for (key, value) in record {
        match (out.get_mut(&key), value) {
            (Some(Value::Object(base)), Value::Object(over)) => {
                let merged = merge_common(base, over);
                *base = merged;
            }
            (_, value) => {
                out.insert(key, value);
            }
        }
    }
    out
}

fn read_file(path: &Path) -> Result<Vec<u8>, InputError> {
    std::fs::read(path).map_err(|source| InputError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The bytes as UTF-8 text, without a leading byte order mark.
fn utf8_text(path: &Path, mut bytes: Vec<u8>, fix: &'static str) -> Result<String, InputError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError::Utf16 {
            path: path.to_path_buf(),
            fix,
        });
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if crate::vi::data_is_tcvn3(&bytes) {
        return Err(InputError::Tcvn3 {
            path: path.to_path_buf(),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        InputError::NotUtf8 {
            path: path.to_path_buf(),
            line,
            fix,
        }
    })
}
