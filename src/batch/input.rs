//! Loading the records of a batch from a spreadsheet, CSV, JSON or JSON Lines.
//!
//! [`open_records_with`] splits problems in two kinds:
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
pub mod plan;
mod sheet;
mod text_table;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::data::text::{Decoded, Encoding};
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

    #[error("Tệp “{}” {source}", .path.display())]
    Encoding {
        path: PathBuf,
        #[source]
        source: crate::data::text::Undecodable,
    },

    #[error(
        "Tệp “{}” không có hàng {row}, hoặc hàng {row} trống, nên không dùng được làm hàng \
         tiêu đề. Hãy mở tệp, xem số của hàng chứa tên các cột (ở lề trái) rồi chọn lại.",
        .path.display()
    )]
    NoHeaderRow { path: PathBuf, row: usize },

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

/// The formats [`open_records_with`] understands, from the file extension.
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

/// A table read from a sheet or a CSV file: its header row and records.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The sheet's name (spreadsheets only).
    pub sheet: Option<String>,
    /// The header row's column names as written, in order (dotted parts
    /// joined by `.`); unnamed columns are left out.
    pub columns: Vec<String>,
    /// Where the header row is: `dòng 1`, `hàng 3 (Danh sách)`.
    pub header_place: String,
    /// Non-empty rows above the header row, skipped as titles.
    pub titles_skipped: usize,
    /// The rows below the header row.
    pub records: Vec<Record>,
}

/// A workbook's other sheets, by name: a table each, or why it cannot be read.
pub type OtherSheets = Vec<(String, Result<Table, InputError>)>;

/// How to read an input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The spreadsheet's sheet holding one row per document (default: the first).
    pub sheet: Option<String>,
    /// The header row: its row number in the sheet, or line in a CSV file
    /// (default: the first row below any title rows).
    pub header_row: Option<usize>,
}

/// What was learnt about an input while opening it.
#[derive(Debug, Default)]
pub struct InputInfo {
    /// The header row's column names, as written (CSV and spreadsheets).
    pub columns: Option<Vec<String>>,
    /// Where the header row is, and how many title rows above it were skipped.
    pub header: Option<(String, usize)>,
    /// The encoding a CSV or JSON file was read in.
    pub encoding: Option<Encoding>,
    /// The workbook's other sheets, by name: tables of list items, or why
    /// one cannot be read.
    pub sheets: OtherSheets,
}

/// The records of an input, taken one at a time. Every problem with the
/// input as a whole has already been reported by [`open_records_with`]; what is
/// left are per-record problems, in each [`Record`]'s `data`.
///
/// JSON and JSON Lines inputs hold only the file's text and parse each record
/// when it is taken, so a large file costs about its own size in memory, not
/// the several times more of a fully parsed tree. CSV and spreadsheets are
/// read whole.
pub struct Records {
    inner: RecordsInner,
    info: InputInfo,
    /// What [`plan::plan`] decided to do to each record as it is taken.
    prepare: Option<Arc<plan::Prepare>>,
}

/// The columns of an input's records ([`Records::columns_seen`]).
#[derive(Debug, Default)]
pub struct Scan {
    /// Every column (dotted path) any record has, in the order first seen.
    pub columns: Vec<String>,
    /// The columns at least one record gives a value (see [`plan::is_filled`]).
    pub filled: HashSet<String>,
}

enum RecordsInner {
    Loaded(std::vec::IntoIter<Record>),
    Json(json_file::JsonRecords),
}

impl Iterator for Records {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        let record = match &mut self.inner {
            RecordsInner::Loaded(it) => it.next(),
            RecordsInner::Json(it) => it.next(),
        }?;
        Some(match &self.prepare {
            Some(prepare) => prepare.apply(record),
            None => record,
        })
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
    fn set_prepare(&mut self, prepare: Arc<plan::Prepare>) {
        self.prepare = Some(prepare);
    }

    /// The columns of the records not yet taken, without taking them.
    pub fn columns_seen(&self) -> Scan {
        let paths = |data: &Map<String, Value>| -> Vec<(String, bool)> {
            columns::flatten(data)
                .into_iter()
                .map(|(p, v)| (p, plan::is_filled(v)))
                .collect()
        };
        let per_record: Vec<Vec<(String, bool)>> = match &self.inner {
            RecordsInner::Loaded(it) => it
                .as_slice()
                .iter()
                .filter_map(|r| r.data.as_ref().ok().map(paths))
                .collect(),
            RecordsInner::Json(it) => it.map_remaining(|data| paths(&data)),
        };
        let mut scan = Scan::default();
        let mut seen = HashSet::new();
        for (path, filled) in per_record.into_iter().flatten() {
            if filled {
                scan.filled.insert(path.clone());
            }
            if seen.insert(path.clone()) {
                scan.columns.push(path);
            }
        }
        scan
    }

    /// The values of `column` (a dotted path) in the records not yet taken,
    /// as text.
    fn key_values(&self, column: &str) -> HashSet<String> {
        let key = |data: &Map<String, Value>| {
            columns::flatten(data)
                .into_iter()
                .find(|(p, _)| p == column)
                .and_then(|(_, v)| match v {
                    Value::String(s) => Some(s.trim().to_string()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
        };
        match &self.inner {
            RecordsInner::Loaded(it) => it
                .as_slice()
                .iter()
                .filter_map(|r| r.data.as_ref().ok().and_then(key))
                .collect(),
            RecordsInner::Json(it) => it
                .map_remaining(|data| key(&data))
                .into_iter()
                .flatten()
                .collect(),
        }
    }

    /// Takes what was learnt about the input, leaving it empty.
    pub fn take_info(&mut self) -> InputInfo {
        std::mem::take(&mut self.info)
    }

    /// The next `n` records (fewer at the end); JSON records are parsed in parallel.
    pub fn next_chunk(&mut self, n: usize) -> Vec<Record> {
        let chunk = match &mut self.inner {
            RecordsInner::Loaded(it) => it.by_ref().take(n).collect(),
            RecordsInner::Json(it) => it.next_chunk(n),
        };
        match &self.prepare {
            Some(prepare) => chunk.into_par_iter().map(|r| prepare.apply(r)).collect(),
            None => chunk,
        }
    }
}

/// [`open_records_with`] with the first sheet (or `sheet`) and the header
/// row found.
#[cfg(test)]
pub fn open_records(path: &Path, sheet: Option<&str>) -> Result<Records, InputError> {
    open_records_with(
        path,
        &ReadOptions {
            sheet: sheet.map(str::to_string),
            header_row: None,
        },
    )
}

/// Opens the records of `path`, chosen by its extension: `.xlsx`, `.xlsm`,
/// `.xlsb`, `.xls`, `.ods` (the first sheet, or `sheet`), `.csv`, `.json` (an
/// array of objects) or `.jsonl`/`.ndjson` (one object per line). The number
/// of records is known at once ([`ExactSizeIterator::len`]).
///
/// An input with no record at all is an error ([`InputError::NoRecords`]).
pub fn open_records_with(path: &Path, options: &ReadOptions) -> Result<Records, InputError> {
    let format = Format::of(path)?;
    if !path.exists() {
        return Err(InputError::NotFound {
            path: path.to_path_buf(),
        });
    }
    if let (Some(sheet), false) = (&options.sheet, format == Format::Sheet) {
        return Err(InputError::SheetNotApplicable {
            path: path.to_path_buf(),
            sheet: sheet.clone(),
            kind: format.describe(),
        });
    }
    let table = |table: Table| InputInfo {
        columns: Some(table.columns),
        header: Some((table.header_place, table.titles_skipped)),
        ..Default::default()
    };
    let (inner, info) = match format {
        Format::Sheet => {
            let (mut main, sheets) =
                sheet::load(path, options.sheet.as_deref(), options.header_row)?;
            let records = std::mem::take(&mut main.records);
            let info = InputInfo {
                sheets,
                ..table(main)
            };
            (RecordsInner::Loaded(records.into_iter()), info)
        }
        Format::Csv => {
            let (mut main, encoding) = text_table::load(path, options.header_row)?;
            let records = std::mem::take(&mut main.records);
            let info = InputInfo {
                encoding: Some(encoding),
                ..table(main)
            };
            (RecordsInner::Loaded(records.into_iter()), info)
        }
        Format::Json | Format::JsonLines => {
            let records = if format == Format::Json {
                json_file::open_array(path)?
            } else {
                json_file::open_lines(path)?
            };
            let info = InputInfo {
                encoding: Some(records.encoding()),
                ..Default::default()
            };
            (RecordsInner::Json(records), info)
        }
    };
    let records = Records {
        inner,
        info,
        prepare: None,
    };
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

/// The text of a CSV or JSON file, read by the one data-file decoder.
fn read_text(path: &Path) -> Result<Decoded, InputError> {
    crate::data::text::decode(read_file(path)?).map_err(|source| InputError::Encoding {
        path: path.to_path_buf(),
        source,
    })
}
