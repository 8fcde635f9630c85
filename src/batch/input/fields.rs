//! Header row → field paths, and one row of cells → one record object.
//! Shared by the CSV and spreadsheet readers.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};

use super::{nfc, ColumnConflict, InputError};

/// One cell of a data row, converted.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    /// Empty, or only whitespace: the field is left out.
    Absent,
    Value(Value),
    /// The cell cannot be used; why (in Vietnamese).
    Error(String),
}

impl Cell {
    /// A text cell: whitespace-only text counts as empty.
    pub(super) fn text(s: String) -> Cell {
        if s.trim().is_empty() {
            Cell::Absent
        } else {
            Cell::Value(Value::String(nfc(s)))
        }
    }
}

/// Spreadsheet column letters of a 0-based column index: 0 → A, 26 → AA.
pub(super) fn col_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The header row: the field path of each column.
#[derive(Debug)]
pub(super) struct Header {
    /// By position in the row; `None` for a column without a name.
    columns: Vec<Option<Vec<String>>>,
    /// Absolute index of the first column (spreadsheet ranges may start at C).
    first_col: usize,
    /// Where the header row is, for messages: `dòng 1`, `hàng 3 (Sheet1)`.
    place: String,
}

impl Header {
    /// Builds the header from the raw names of its cells (`None` or blank for
    /// an empty cell). Rejects names with empty dotted parts, duplicate names
    /// and names that are both a value and a group (`a` and `a.b`).
    pub(super) fn new(
        path: &Path,
        place: String,
        first_col: usize,
        names: Vec<Option<String>>,
    ) -> Result<Header, InputError> {
        let mut columns = Vec::with_capacity(names.len());
        let mut seen: HashMap<Vec<String>, usize> = HashMap::new();
        for (pos, raw) in names.into_iter().enumerate() {
            let name = raw.map(|s| nfc(s.trim().to_string())).unwrap_or_default();
            if name.is_empty() {
                columns.push(None);
                continue;
            }
            let parts: Vec<String> = name.split('.').map(|p| p.trim().to_string()).collect();
            if parts.iter().any(|p| p.is_empty()) {
                return Err(InputError::BadColumnName {
                    path: path.to_path_buf(),
                    place,
                    col: format!("cột {}", col_letter(first_col + pos)),
                    name,
                });
            }
            if let Some(&other) = seen.get(&parts) {
                return Err(InputError::DuplicateColumn {
                    path: path.to_path_buf(),
                    place,
                    name: parts.join("."),
                    first: format!("cột {}", col_letter(first_col + other)),
                    second: format!("cột {}", col_letter(first_col + pos)),
                });
            }
            seen.insert(parts.clone(), pos);
            columns.push(Some(parts));
        }
        // A name that is a proper prefix of another one: `a` and `a.b`.
        for (pos, parts) in columns.iter().enumerate() {
            let Some(parts) = parts else { continue };
            for len in 1..parts.len() {
                if let Some(&parent_pos) = seen.get(&parts[..len]) {
                    return Err(InputError::ColumnConflict {
                        path: path.to_path_buf(),
                        columns: Box::new(ColumnConflict {
                            place,
                            parent: parts[..len].join("."),
                            parent_col: format!("cột {}", col_letter(first_col + parent_pos)),
                            child: parts.join("."),
                            child_col: format!("cột {}", col_letter(first_col + pos)),
                        }),
                    });
                }
            }
        }
        Ok(Header {
            columns,
            first_col,
            place,
        })
    }

    /// The columns' names in order, as written (dotted parts joined by `.`).
    pub(super) fn names(&self) -> Vec<String> {
        self.columns.iter().flatten().map(|p| p.join(".")).collect()
    }

    /// Where the header row is: `dòng 1`, `hàng 3 (Sheet1)`.
    pub(super) fn place(&self) -> &str {
        &self.place
    }

    /// Number of columns the header spans (named or not).
    pub(super) fn width(&self) -> usize {
        self.columns.len()
    }

    /// Spreadsheet letter of the column at `pos`.
    pub(super) fn letter(&self, pos: usize) -> String {
        col_letter(self.first_col + pos)
    }

    /// The record object of one data row. `cells` are by position, like the
    /// header; `cell_place(pos)` names a cell for messages (`ô C5`, `cột C`).
    pub(super) fn object(
        &self,
        cells: Vec<Cell>,
        cell_place: impl Fn(usize) -> String,
    ) -> Result<Map<String, Value>, String> {
        let mut map = Map::new();
        let mut problems = Vec::new();
        for (pos, cell) in cells.into_iter().enumerate() {
            let value = match cell {
                Cell::Absent => continue,
                Cell::Error(why) => {
                    problems.push(format!("{}: {why}", cell_place(pos)));
                    continue;
                }
                Cell::Value(v) => v,
            };
            match self.columns.get(pos) {
                Some(Some(parts)) => insert_path(&mut map, parts, value),
                _ => problems.push(format!(
                    "{} có giá trị “{}” nhưng cột {} không có tên ở hàng tiêu đề ({}). \
                     Hãy đặt tên cho cột ở hàng tiêu đề, hoặc xoá giá trị này",
                    cell_place(pos),
                    preview(&value),
                    self.letter(pos),
                    self.place
                )),
            }
        }
        if problems.is_empty() {
            Ok(map)
        } else {
            Err(problems.join("; "))
        }
    }
}

/// A short display of a value for messages.
fn preview(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Sets `map[parts[0]][parts[1]]… = value`, creating the groups on the way.
/// The header check guarantees no part of the way is already a plain value;
/// if one were, the value would replace it.
fn insert_path(map: &mut Map<String, Value>, parts: &[String], value: Value) {
    let Some((last, groups)) = parts.split_last() else {
        return;
    };
    let mut current = map;
    for group in groups {
        let slot = current
            .entry(group.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        let Value::Object(next) = slot else {
            return;
        };
        current = next;
    }
    current.insert(last.clone(), value);
}

/// Which row is the header row, by index in `rows` (the non-empty rows of a
/// table: their number in the file, and which of their cells are filled).
/// The row numbered `given` when one is given; else the first row that is
/// not a title above the table: a title row has fewer than two filled
/// cells, or only cells inside merged ranges (`in_merged(row, column)`),
/// as sheets put their headings. A table whose rows are all like that (one
/// column) starts at its first row. `None`: no row numbered `given`.
pub(super) fn header_index(
    rows: &[(usize, Vec<bool>)],
    given: Option<usize>,
    in_merged: impl Fn(usize, usize) -> bool,
) -> Option<usize> {
    if let Some(given) = given {
        return rows.iter().position(|(number, _)| *number == given);
    }
    let is_title = |(number, filled): &(usize, Vec<bool>)| {
        let cols: Vec<usize> = (0..filled.len()).filter(|&c| filled[c]).collect();
        cols.len() < 2 || cols.iter().all(|&c| in_merged(*number, c))
    };
    rows.iter()
        .position(|row| !is_title(row))
        .or((!rows.is_empty()).then_some(0))
}
