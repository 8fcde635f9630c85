//! Spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) through calamine.
//!
//! Numbers stay JSON numbers (whole ones become integers, others are rounded
//! to the 15 significant digits Excel shows), booleans stay booleans, dates
//! become ISO strings (`2024-05-01`, `2024-05-01T08:30:00`, a time alone
//! `08:30:00`), and a cell showing a formula error (`#N/A`…) makes its
//! record unusable.

use std::path::Path;

use calamine::{open_workbook_auto, Data, ExcelDateTime, Reader};
use serde_json::{Number, Value};
use unicode_normalization::UnicodeNormalization;

use super::fields::{Cell, Header};
use super::{nfc, InputError, Record};

pub(super) fn load(path: &Path, sheet: Option<&str>) -> Result<Vec<Record>, InputError> {
    let mut workbook = open_workbook_auto(path).map_err(|e| InputError::Workbook {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => find_sheet(&names, wanted).ok_or_else(|| InputError::SheetNotFound {
            path: path.to_path_buf(),
            sheet: wanted.to_string(),
            available: names.clone(),
        })?,
        None => names.first().cloned().ok_or_else(|| InputError::NoSheets {
            path: path.to_path_buf(),
        })?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| InputError::Workbook {
            path: path.to_path_buf(),
            detail: format!("trang tính “{name}”: {e}"),
        })?;
    let Some((row0, col0)) = range.start() else {
        return Err(InputError::EmptySheet {
            path: path.to_path_buf(),
            sheet: name,
        });
    };
    let (row0, col0) = (row0 as usize, col0 as usize);

    let mut header: Option<Header> = None;
    let mut records = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let excel_row = row0 + i + 1;
        let cells: Vec<Cell> = row.iter().map(cell).collect();
        if cells.iter().all(|c| *c == Cell::Absent) {
            continue;
        }
        let Some(header) = &header else {
            let names = row.iter().map(header_text).collect();
            let place = format!("hàng {excel_row} ({name})");
            header = Some(Header::new(path, place, col0, names)?);
            continue;
        };
        let data = header.object(cells, |pos| format!("ô {}{excel_row}", header.letter(pos)));
        records.push(Record {
            number: records.len() + 1,
            location: format!("hàng {excel_row} ({name})"),
            data,
        });
    }
    if header.is_none() {
        return Err(InputError::EmptySheet {
            path: path.to_path_buf(),
            sheet: name,
        });
    }
    Ok(records)
}

/// The sheet named `wanted`: exactly, else ignoring case, surrounding
/// spaces and Unicode normalization.
fn find_sheet(names: &[String], wanted: &str) -> Option<String> {
    if let Some(n) = names.iter().find(|n| n.as_str() == wanted) {
        return Some(n.clone());
    }
    let key = |s: &str| s.trim().nfc().collect::<String>().to_lowercase();
    let wanted = key(wanted);
    names.iter().find(|n| key(n) == wanted).cloned()
}

/// One data cell.
fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Absent,
        Data::String(s) => Cell::text(s.clone()),
        Data::Int(i) => Cell::Value(Value::from(*i)),
        Data::Float(f) => Cell::Value(float(*f)),
        Data::Bool(b) => Cell::Value(Value::Bool(*b)),
        Data::DateTime(dt) => Cell::Value(Value::String(datetime(dt))),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::text(s.clone()),
        Data::Error(e) => Cell::Error(format!(
            "ô có lỗi công thức {e}. Hãy sửa công thức trong Excel (hoặc xoá ô) rồi lưu lại"
        )),
    }
}

/// The text of a header cell; `None` when empty.
fn header_text(d: &Data) -> Option<String> {
    match cell(d) {
        Cell::Value(Value::String(s)) => Some(nfc(s)),
        Cell::Value(v) => Some(v.to_string()),
        Cell::Absent => None,
        Cell::Error(_) => Some(d.to_string()),
    }
}

/// A number as Excel shows it: 15 significant digits, whole numbers as integers.
fn float(f: f64) -> Value {
    if !f.is_finite() {
        return Value::String(f.to_string());
    }
    let shown: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    if shown.fract() == 0.0 && shown.abs() < 9_007_199_254_740_992.0 {
        Value::from(shown as i64)
    } else {
        Number::from_f64(shown).map_or(Value::Null, Value::Number)
    }
}

/// ISO 8601 text of an Excel date, date-time, time or duration.
fn datetime(dt: &ExcelDateTime) -> String {
    let value = dt.as_f64();
    if dt.is_duration() {
        let secs = (value * 86_400.0).round() as i64;
        let sign = if secs < 0 { "-" } else { "" };
        let secs = secs.abs();
        return format!(
            "{sign}{:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
    }
    let (y, mo, d, h, mi, s, _ms) = dt.to_ymd_hms_milli();
    if (0.0..1.0).contains(&value) {
        format!("{h:02}:{mi:02}:{s:02}")
    } else if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
    }
}
