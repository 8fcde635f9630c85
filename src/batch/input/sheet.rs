//! Spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) through calamine.
//!
//! Numbers stay JSON numbers (whole ones become integers, others are rounded
//! to the 15 significant digits Excel shows), booleans stay booleans, dates
//! become ISO strings (`2024-05-01`, `2024-05-01T08:30:00`, a time alone
//! `08:30:00`), and a cell showing a formula error (`#N/A`…) makes its
//! record unusable.

use std::path::Path;

use std::fs::File;
use std::io::BufReader;

use calamine::{open_workbook_auto, Data, Dimensions, ExcelDateTime, Reader, Sheets};
use serde_json::{Number, Value};
use unicode_normalization::UnicodeNormalization;

use super::fields::{header_index, Cell, Header};
use super::{nfc, InputError, OtherSheets, Record, Table};

/// The records of the chosen sheet (the first one, or `sheet`) with the
/// header row found as [`header_index`] says (or numbered `header_row`),
/// and every other sheet read the same way, as tables of list items.
pub(super) fn load(
    path: &Path,
    sheet: Option<&str>,
    header_row: Option<usize>,
) -> Result<(Table, OtherSheets), InputError> {
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
    let main = load_sheet(&mut workbook, path, &name, header_row)?;
    let others = names
        .iter()
        .filter(|n| **n != name)
        .map(|n| (n.clone(), load_sheet(&mut workbook, path, n, None)))
        .collect();
    Ok((main, others))
}

fn load_sheet(
    workbook: &mut Sheets<BufReader<File>>,
    path: &Path,
    name: &str,
    header_row: Option<usize>,
) -> Result<Table, InputError> {
    let range = workbook
        .worksheet_range(name)
        .map_err(|e| InputError::Workbook {
            path: path.to_path_buf(),
            detail: format!("trang tính “{name}”: {e}"),
        })?;
    let empty = || InputError::EmptySheet {
        path: path.to_path_buf(),
        sheet: name.to_string(),
    };
    let Some((row0, col0)) = range.start() else {
        return Err(empty());
    };
    let (row0, col0) = (row0 as usize, col0 as usize);
    let merged = merged_ranges(workbook, name);
    // Excel row number and cells of every row that is not empty.
    let rows: Vec<(usize, &[Data], Vec<Cell>)> = range
        .rows()
        .enumerate()
        .map(|(i, row)| (row0 + i + 1, row, row.iter().map(cell).collect::<Vec<_>>()))
        .filter(|(_, _, cells)| cells.iter().any(|c| *c != Cell::Absent))
        .collect();
    let filled: Vec<(usize, Vec<bool>)> = rows
        .iter()
        .map(|(n, _, cells)| (*n, cells.iter().map(|c| *c != Cell::Absent).collect()))
        .collect();
    let in_merged = |row: usize, col: usize| {
        let (row, col) = ((row - 1) as u32, (col0 + col) as u32);
        merged.iter().any(|d| {
            d.end.1 > d.start.1
                && (d.start.0..=d.end.0).contains(&row)
                && (d.start.1..=d.end.1).contains(&col)
        })
    };
    let Some(at) = header_index(&filled, header_row, in_merged) else {
        return Err(match header_row {
            Some(row) => InputError::NoHeaderRow {
                path: path.to_path_buf(),
                row,
            },
            None => empty(),
        });
    };
    let (header_number, header_cells, _) = &rows[at];
    let names = header_cells.iter().map(header_text).collect();
    let place = format!("hàng {header_number} ({name})");
    let header = Header::new(path, place, col0, names)?;
    let records = rows
        .into_iter()
        .skip(at + 1)
        .enumerate()
        .map(|(i, (excel_row, _, cells))| Record {
            number: i + 1,
            location: format!("hàng {excel_row} ({name})"),
            data: header.object(cells, |pos| format!("ô {}{excel_row}", header.letter(pos))),
        })
        .collect();
    Ok(Table {
        sheet: Some(name.to_string()),
        columns: header.names(),
        header_place: header.place().to_string(),
        titles_skipped: at,
        records,
    })
}

/// The merged cell ranges of a sheet (none for formats that do not say).
fn merged_ranges(workbook: &mut Sheets<BufReader<File>>, name: &str) -> Vec<Dimensions> {
    match workbook {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
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
