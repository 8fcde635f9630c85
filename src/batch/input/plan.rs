//! The preflight of a batch: how the records of an input fill a template,
//! decided and shown once, before anything is written.
//!
//! [`plan`] matches the columns to the template's fields
//! ([`super::columns`]), finds the sheets that hold list items (a sheet
//! named after a list field, whose rows carry the record's key), and says
//! what no column, sheet or common data fills and which columns stay empty
//! in every record. The records it gives back are changed as it decided,
//! each as it is taken: columns renamed to fields, a list written in one
//! cell split into items (one per line, or separated by `;`), the items of
//! list sheets added to their record.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map, Value};

use super::columns::{
    flatten, fold_header, match_columns, rename_to_fields, template_fields, ColumnMap, ColumnMatch,
};
use super::{Record, Records, Table};
use crate::template::shape::{Fields, Node, Shape};

/// The key column of a list sheet that gives the record's number.
pub const RECORD_NUMBER_KEY: &str = "ban_ghi";

/// What a batch is told besides its records.
#[derive(Debug, Clone, Copy)]
pub struct PlanOptions<'a> {
    /// Explicit column → field matches.
    pub mapping: &'a [ColumnMap],
    /// Data every record shares.
    pub common: &'a Map<String, Value>,
}

/// How the records fill the template, for people to read before anything
/// is made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Preflight {
    /// The number of records.
    pub records: usize,
    /// Where the header row is (`hàng 3 (Danh sách)`), for tables.
    pub header: Option<String>,
    /// Rows above the header row skipped as titles.
    pub titles_skipped: usize,
    /// The encoding a text file was converted from, when not UTF-8.
    pub encoding: Option<String>,
    /// What each column fills; `unfilled_fields` leaves out what common
    /// data or a list sheet fills.
    #[serde(flatten)]
    pub columns: ColumnMatch,
    /// Fields only the common data fills.
    pub from_common: Vec<String>,
    /// The sheets that fill list fields.
    pub list_sheets: Vec<ListSheet>,
    /// Sheets that fill nothing.
    pub unused_sheets: Vec<String>,
    /// Fields whose column is empty in every record (and that common data
    /// does not fill): every document will have a gap there.
    pub empty_fields: Vec<String>,
    /// Rows of list sheets whose key matches no record.
    pub orphan_rows: Vec<String>,
}

/// A sheet whose rows are the items of a list field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ListSheet {
    /// The sheet's name.
    pub sheet: String,
    /// The list field it fills.
    pub field: String,
    /// The column that says which record a row belongs to.
    pub key: String,
    /// The number of items read.
    pub items: usize,
}

impl Preflight {
    /// Whether nothing of the input fills any field of the template.
    pub fn nothing_matches(&self) -> bool {
        self.list_sheets.is_empty() && self.columns.columns.iter().all(|c| c.field.is_none())
    }

    /// The warnings every document of the batch shares, one sentence each.
    pub fn warnings(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .empty_fields
            .iter()
            .map(|field| {
                let column = self
                    .columns
                    .columns
                    .iter()
                    .find(|c| c.field.as_deref() == Some(field.as_str()))
                    .map_or(String::new(), |c| format!(" (cột “{}”)", c.header));
                format!("trường {field}{column} trống ở mọi bản ghi")
            })
            .collect();
        out.extend(self.orphan_rows.iter().cloned());
        out
    }

    /// The preflight in a few Vietnamese lines.
    pub fn to_text(&self) -> String {
        let mut out = format!("Kiểm tra trước khi tạo: {} bản ghi", self.records);
        if let Some(header) = &self.header {
            out.push_str(&format!(", hàng tiêu đề là {header}"));
            if self.titles_skipped > 0 {
                out.push_str(&format!(
                    " (bỏ qua {} hàng tiêu đề phía trên)",
                    self.titles_skipped
                ));
            }
        }
        if let Some(encoding) = &self.encoding {
            out.push_str(&format!(", tệp đọc theo mã hoá {encoding}"));
        }
        out.push('.');
        let filled: Vec<String> = self
            .columns
            .columns
            .iter()
            .filter_map(|c| {
                let field = c.field.as_ref()?;
                Some(if *field == c.header {
                    field.clone()
                } else {
                    format!("“{}” → {field}", c.header)
                })
            })
            .collect();
        let mut line = |label: &str, items: &[String]| {
            if !items.is_empty() {
                out.push_str(&format!("\n  {label}: {}", items.join("; ")));
            }
        };
        line("Cột điền trường", &filled);
        let sheets: Vec<String> = self
            .list_sheets
            .iter()
            .map(|s| {
                format!(
                    "trang “{}” → danh sách {} ({} mục, khoá {})",
                    s.sheet, s.field, s.items, s.key
                )
            })
            .collect();
        line("Danh sách", &sheets);
        line("Lấy từ dữ liệu chung", &self.from_common);
        line(
            "Trường không có dữ liệu (văn bản sẽ có chỗ trống)",
            &self.columns.unfilled_fields,
        );
        let unused: Vec<String> = self
            .columns
            .unused_columns
            .iter()
            .map(|c| format!("“{c}”"))
            .collect();
        line("Cột không dùng", &unused);
        let sheets: Vec<String> = self
            .unused_sheets
            .iter()
            .map(|s| format!("“{s}”"))
            .collect();
        line("Trang tính không dùng", &sheets);
        for warning in self.warnings() {
            out.push_str(&format!("\n  Cảnh báo: {warning}."));
        }
        out
    }
}

/// How one item of a list is made from text.
#[derive(Debug, Clone, PartialEq)]
enum ItemKind {
    /// The item is the text (`{{.}}` lists).
    Text,
    /// The item is an object with this one field.
    One(String),
    /// The item is an object with these fields (from a sheet only).
    Fields(Vec<String>),
}

impl ItemKind {
    fn of(node: &Node) -> Option<ItemKind> {
        match node {
            Node::ListOf(_) => Some(ItemKind::Text),
            Node::List(fields) | Node::ListOrObject(fields) => {
                let values = item_fields(fields);
                Some(match values.as_slice() {
                    [one] if fields.0.len() == 1 => ItemKind::One(one.clone()),
                    _ => ItemKind::Fields(values),
                })
            }
            _ => None,
        }
    }

    /// A cell's text as items: one per line, or separated by `;`.
    fn split(&self, text: &str) -> Option<Value> {
        let items = text
            .split(['\n', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty());
        match self {
            ItemKind::Text => Some(items.map(|s| Value::String(s.to_string())).collect()),
            ItemKind::One(name) => Some(
                items
                    .map(|s| {
                        let mut item = Map::new();
                        item.insert(name.clone(), Value::String(s.to_string()));
                        Value::Object(item)
                    })
                    .collect(),
            ),
            ItemKind::Fields(_) => None,
        }
    }

    /// One row of a list sheet (without its key) as an item.
    fn item(&self, row: Map<String, Value>) -> Value {
        let mut leaves: Vec<(String, Value)> = flatten(&row)
            .into_iter()
            .map(|(p, v)| (p, v.clone()))
            .collect();
        match self {
            ItemKind::Text => {
                let at = leaves
                    .iter()
                    .position(|(p, _)| fold_header(p) == "gia_tri")
                    .unwrap_or(0);
                if leaves.is_empty() {
                    Value::Null
                } else {
                    leaves.swap_remove(at).1
                }
            }
            ItemKind::One(name) => {
                let fields = std::slice::from_ref(name);
                Value::Object(renamed_item(leaves, fields))
            }
            ItemKind::Fields(fields) => Value::Object(renamed_item(leaves, fields)),
        }
    }
}

/// The value fields of a list's items, as dotted paths.
fn item_fields(fields: &Fields) -> Vec<String> {
    template_fields(&Shape {
        fields: fields.clone(),
    })
    .0
}

/// An item's columns renamed to the item fields they fold to.
fn renamed_item(leaves: Vec<(String, Value)>, fields: &[String]) -> Map<String, Value> {
    let mut out = Map::new();
    for (path, value) in leaves {
        let folded = fold_header(&path);
        let name = fields.iter().find(|f| **f == path || **f == folded);
        super::columns::insert(&mut out, name.unwrap_or(&path), value);
    }
    out
}

/// Which record a list sheet's row belongs to.
#[derive(Debug, Clone, PartialEq)]
enum Key {
    /// The record's number (`ban_ghi`).
    Number,
    /// The value of this column of the records, as written.
    Column(String),
}

/// The items of one list field, by record key.
#[derive(Debug)]
struct ListSource {
    field: String,
    key: Key,
    items: HashMap<String, Vec<Value>>,
}

/// What [`plan`] does to each record as it is taken.
#[derive(Debug)]
pub(super) struct Prepare {
    matched: ColumnMatch,
    splits: Vec<(String, ItemKind)>,
    sources: Vec<ListSource>,
}

impl Prepare {
    pub(super) fn apply(&self, mut record: Record) -> Record {
        let number = record.number;
        record.data = record.data.map(|data| self.data(number, data));
        record
    }

    fn data(&self, number: usize, data: Map<String, Value>) -> Map<String, Value> {
        let keys: Vec<Option<String>> = self
            .sources
            .iter()
            .map(|s| match &s.key {
                Key::Number => Some(number.to_string()),
                Key::Column(column) => value_at(&data, column).and_then(key_text),
            })
            .collect();
        let mut data = rename_to_fields(data, &self.matched);
        for (field, kind) in &self.splits {
            if let Some(Value::String(text)) = data.get(field) {
                if let Some(items) = kind.split(text) {
                    data.insert(field.clone(), items);
                }
            }
        }
        for (source, key) in self.sources.iter().zip(keys) {
            if let Some(items) = key.and_then(|key| source.items.get(&key)) {
                data.insert(source.field.clone(), Value::Array(items.clone()));
            }
        }
        data
    }
}

/// A leaf of a record by its dotted path.
fn value_at<'a>(data: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let first = data.get(parts.next()?)?;
    parts.try_fold(first, |v, p| v.as_object()?.get(p))
}

/// A key's text: numbers and text compare as written (`7` and `"7"` alike).
fn key_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Decides how `records` fill a template of `shape`; see the module
/// documentation. `Err` is a mistake in the mapping or a list sheet that
/// cannot be read, in Vietnamese.
pub fn plan(
    mut records: Records,
    shape: &Shape,
    options: PlanOptions,
) -> Result<(Records, Preflight), String> {
    let info = records.take_info();
    let scan = records.columns_seen();
    let headers = info.columns.clone().unwrap_or_else(|| scan.columns.clone());
    let (fields, lists) = template_fields(shape);
    let mut matched = match_columns(&headers, &fields, &lists, options.mapping)?;

    let top_lists: Vec<(&String, ItemKind)> = shape
        .fields
        .0
        .iter()
        .filter_map(|(name, node)| Some((name, ItemKind::of(node)?)))
        .collect();
    let by_column: HashSet<&str> = matched
        .columns
        .iter()
        .filter_map(|c| c.field.as_deref())
        .collect();
    let splits: Vec<(String, ItemKind)> = top_lists
        .iter()
        .filter(|(name, _)| by_column.contains(name.as_str()))
        .map(|(name, kind)| ((*name).clone(), kind.clone()))
        .collect();

    let mut preflight = Preflight {
        records: records.len(),
        header: info.header.as_ref().map(|(place, _)| place.clone()),
        titles_skipped: info.header.as_ref().map_or(0, |(_, n)| *n),
        encoding: info
            .encoding
            .filter(|e| e.is_converted())
            .map(|e| e.name().to_string()),
        ..Default::default()
    };
    let mut sources = Vec::new();
    for (sheet, table) in info.sheets {
        let folded = fold_header(&sheet);
        let wanted = options
            .mapping
            .iter()
            .find(|m| m.column == sheet || fold_header(&m.column) == folded)
            .map_or(folded, |m| m.field.clone());
        let list = top_lists
            .iter()
            .find(|(name, _)| **name == wanted && !by_column.contains(name.as_str()));
        let Some((field, kind)) = list else {
            preflight.unused_sheets.push(sheet);
            continue;
        };
        let table = table.map_err(|e| e.to_string())?;
        let (source, sheet_info, orphans) =
            list_source(&sheet, field, kind, table, &headers, &records)?;
        preflight.orphan_rows.extend(orphans);
        preflight.list_sheets.push(sheet_info);
        sources.push(source);
    }

    let common: Vec<String> = flatten(options.common)
        .into_iter()
        .filter(|(_, v)| is_filled(v))
        .map(|(p, _)| p)
        .collect();
    let in_common = |field: &str| {
        common.iter().any(|c| {
            c == field || field.starts_with(&format!("{c}.")) || c.starts_with(&format!("{field}."))
        })
    };
    let from_sheets: HashSet<String> = sources.iter().map(|s| s.field.clone()).collect();
    let (from_common, unfilled): (Vec<String>, Vec<String>) = matched
        .unfilled_fields
        .iter()
        .filter(|f| !from_sheets.contains(*f))
        .cloned()
        .partition(|f| in_common(f));
    matched.unfilled_fields = unfilled;
    preflight.from_common = from_common;
    preflight.empty_fields = matched
        .columns
        .iter()
        .filter_map(|c| {
            let field = c.field.as_ref()?;
            (!scan.filled.contains(&c.header) && !in_common(field)).then(|| field.clone())
        })
        .collect();
    preflight.columns = matched.clone();

    let prepare = Prepare {
        matched,
        splits,
        sources,
    };
    records.set_prepare(Arc::new(prepare));
    Ok((records, preflight))
}

/// The items of `field` from a list sheet, keyed by record, with what the
/// preflight says of it and the rows whose key matches no record.
fn list_source(
    sheet: &str,
    field: &str,
    kind: &ItemKind,
    table: Table,
    headers: &[String],
    records: &Records,
) -> Result<(ListSource, ListSheet, Vec<String>), String> {
    let key_column = table.columns.first().cloned().unwrap_or_default();
    let key = if fold_header(&key_column) == RECORD_NUMBER_KEY {
        Key::Number
    } else if let Some(h) = headers
        .iter()
        .find(|h| **h == key_column || fold_header(h) == fold_header(&key_column))
    {
        Key::Column(h.clone())
    } else {
        return Err(format!(
            "trang tính “{sheet}” (các mục của danh sách {field}) phải có cột đầu tiên là \
             {RECORD_NUMBER_KEY} (số thứ tự bản ghi) hoặc một cột cùng tên với một cột của \
             trang dữ liệu (ví dụ {}), nhưng cột đầu tiên là “{key_column}”",
            headers.first().map_or("ma", String::as_str)
        ));
    };
    let known: HashSet<String> = match &key {
        Key::Number => (1..=records.len()).map(|n| n.to_string()).collect(),
        Key::Column(column) => records.key_values(column),
    };
    let mut source = ListSource {
        field: field.to_string(),
        key: key.clone(),
        items: HashMap::new(),
    };
    let mut orphans = Vec::new();
    let mut count = 0;
    for row in table.records {
        let mut data = match row.data {
            Ok(data) => data,
            Err(why) => {
                orphans.push(format!("{}: {why}", row.location));
                continue;
            }
        };
        let key_value = value_at(&data, &key_column).and_then(key_text);
        let Some(key_value) = key_value.filter(|k| known.contains(k)) else {
            orphans.push(format!(
                "{} (danh sách {field}): {key_column} “{}” không khớp bản ghi nào, mục bị bỏ qua",
                row.location,
                value_at(&data, &key_column)
                    .and_then(key_text)
                    .unwrap_or_default()
            ));
            continue;
        };
        data.remove(&key_column);
        let item = kind.item(data);
        if !is_filled(&item) {
            // A row with only its key: no item.
            continue;
        }
        count += 1;
        source.items.entry(key_value).or_default().push(item);
    }
    let info = ListSheet {
        sheet: sheet.to_string(),
        field: field.to_string(),
        key: key_column,
        items: count,
    };
    Ok((source, info, orphans))
}

/// Whether a value counts as given: not null, not blank text, not an
/// empty list or group.
pub(super) fn is_filled(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}
