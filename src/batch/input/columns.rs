//! Which column of a spreadsheet fills which field of a template.
//!
//! Office staff name their columns as they speak ("Tên huyện", "Người ký.Họ
//! tên"); templates name fields in folded form (`ten_huyen`,
//! `nguoi_ky.ho_ten`). A column fills a field when its name equals the
//! field's, or else when it does after [`fold_header`]. [`match_columns`]
//! says what each column fills and what is left over, for a preview before
//! anything is made; [`rename_to_fields`] then renames a record's keys
//! the same way, so that what runs is what the preview showed.

use crate::template::shape::{Fields, Node, Shape};
use serde_json::{Map, Value};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A column name in folded form, each dotted part on its own: lower case,
/// diacritics removed, `đ` → `d`, every run of other characters (spaces,
/// punctuation) → one `_`, none at either end. "Tên huyện" → `ten_huyen`,
/// "Người ký.Họ tên" → `nguoi_ky.ho_ten`.
pub fn fold_header(name: &str) -> String {
    name.split('.').map(fold_part).collect::<Vec<_>>().join(".")
}

fn fold_part(part: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in part.nfd().filter(|c| !is_combining_mark(*c)) {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

/// The value fields of a template, as dotted paths in the order the
/// template uses them, and its list fields (sections that may repeat).
pub fn template_fields(shape: &Shape) -> (Vec<String>, Vec<String>) {
    let (mut values, mut lists) = (Vec::new(), Vec::new());
    collect(&shape.fields, "", &mut values, &mut lists);
    (values, lists)
}

fn collect(fields: &Fields, prefix: &str, values: &mut Vec<String>, lists: &mut Vec<String>) {
    for (name, node) in &fields.0 {
        let path = format!("{prefix}{name}");
        match node {
            Node::Value(_) => values.push(path),
            Node::Object(inner) => collect(inner, &format!("{path}."), values, lists),
            Node::List(_) | Node::ListOf(_) | Node::ListOrObject(_) => lists.push(path),
        }
    }
}

/// What the columns of an input fill.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ColumnMatch {
    /// Each column in order, with the field it fills (`None`: nothing).
    pub columns: Vec<ColumnUse>,
    /// Fields of the template no column fills.
    pub unfilled_fields: Vec<String>,
    /// Columns that fill no field.
    pub unused_columns: Vec<String>,
}

/// One column and the field it fills.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ColumnUse {
    /// The column's name as written.
    pub header: String,
    /// The field it fills, if any.
    pub field: Option<String>,
}

/// An explicit "this column fills that field", for names folding cannot
/// match (`Đơn vị` → `ten_don_vi`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ColumnMap {
    /// The column, as written or folded.
    pub column: String,
    /// The field it fills.
    pub field: String,
}

impl ColumnMap {
    /// `column` fills `field`.
    pub fn new(column: impl Into<String>, field: impl Into<String>) -> ColumnMap {
        ColumnMap {
            column: crate::text::nfc(column.into()),
            field: field.into(),
        }
    }
}

/// Matches columns to fields: the mapping first, then the same name, then
/// the same folded name. A field is filled by one column only (the first);
/// `fields` are the value fields and `lists` the list fields of
/// [`template_fields`] (a column fills a list one item per line, or a
/// JSON array). Every mapping must name a column of `headers` and a field.
pub fn match_columns(
    headers: &[String],
    fields: &[String],
    lists: &[String],
    mapping: &[ColumnMap],
) -> Result<ColumnMatch, String> {
    let all: Vec<&String> = fields.iter().chain(lists).collect();
    let mut taken = vec![false; all.len()];
    let mut chosen: Vec<Option<usize>> = vec![None; headers.len()];
    for map in mapping {
        let Some(i) = all.iter().position(|f| **f == map.field) else {
            return Err(format!(
                "ánh xạ “{}={}”: mẫu không có trường “{}”. Các trường của mẫu: {}",
                map.column,
                map.field,
                map.field,
                all.iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        };
        let wanted = fold_header(&map.column);
        let Some(h) = (0..headers.len())
            .find(|&h| headers[h] == map.column)
            .or_else(|| (0..headers.len()).find(|&h| fold_header(&headers[h]) == wanted))
        else {
            return Err(format!(
                "ánh xạ “{}={}”: dữ liệu không có cột “{}”. Các cột có: {}",
                map.column,
                map.field,
                map.column,
                headers.join(", ")
            ));
        };
        chosen[h] = Some(i);
        taken[i] = true;
    }
    for (h, header) in headers.iter().enumerate() {
        if chosen[h].is_none() {
            if let Some(i) = (0..all.len()).find(|&i| !taken[i] && all[i] == header) {
                taken[i] = true;
                chosen[h] = Some(i);
            }
        }
    }
    for (h, header) in headers.iter().enumerate() {
        if chosen[h].is_none() {
            let folded = fold_header(header);
            if let Some(i) = (0..all.len()).find(|&i| !taken[i] && *all[i] == folded) {
                taken[i] = true;
                chosen[h] = Some(i);
            }
        }
    }
    let columns: Vec<ColumnUse> = headers
        .iter()
        .zip(&chosen)
        .map(|(header, choice)| ColumnUse {
            header: header.clone(),
            field: choice.map(|i| all[i].clone()),
        })
        .collect();
    Ok(ColumnMatch {
        unused_columns: columns
            .iter()
            .filter(|c| c.field.is_none())
            .map(|c| c.header.clone())
            .collect(),
        unfilled_fields: all
            .iter()
            .zip(&taken)
            .filter(|(_, t)| !**t)
            .map(|(f, _)| (*f).clone())
            .collect(),
        columns,
    })
}

/// A record with its keys renamed as [`match_columns`] decided: each
/// column that fills a field under another name takes the field's name.
pub fn rename_to_fields(record: Map<String, Value>, matched: &ColumnMatch) -> Map<String, Value> {
    let renamed = |path: &str| {
        matched
            .columns
            .iter()
            .find(|c| c.header == path)
            .and_then(|c| c.field.clone())
            .unwrap_or_else(|| path.to_string())
    };
    if matched
        .columns
        .iter()
        .all(|c| c.field.as_ref().is_none_or(|f| *f == c.header))
    {
        return record;
    }
    let mut out = Map::new();
    for (path, value) in flatten(&record) {
        insert(&mut out, &renamed(&path), value.clone());
    }
    out
}

/// `(dotted path, value)` of every leaf; an empty object is a leaf.
pub(super) fn flatten(map: &Map<String, Value>) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    for (key, value) in map {
        match value {
            Value::Object(inner) if !inner.is_empty() => {
                for (path, leaf) in flatten(inner) {
                    out.push((format!("{key}.{path}"), leaf));
                }
            }
            _ => out.push((key.clone(), value)),
        }
    }
    out
}

pub(super) fn insert(map: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            map.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let slot = map
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            if let Value::Object(inner) = slot {
                insert(inner, rest, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn folds_vietnamese_headers() {
        assert_eq!(fold_header("Tên huyện"), "ten_huyen");
        assert_eq!(fold_header("  Đơn vị (cấp trên) "), "don_vi_cap_tren");
        assert_eq!(fold_header("Người ký.Họ tên"), "nguoi_ky.ho_ten");
        assert_eq!(fold_header("SỐ ĐOÀN VIÊN"), "so_doan_vien");
    }

    #[test]
    fn matches_exact_then_folded_and_lists_the_rest() {
        let fields = [
            "ten_huyen".to_string(),
            "so".to_string(),
            "ngay".to_string(),
        ];
        let headers = [
            "Tên huyện".to_string(),
            "so".to_string(),
            "Ghi chú".to_string(),
        ];
        let m = match_columns(&headers, &fields, &["muc".to_string()], &[]).unwrap();
        let filled: Vec<_> = m.columns.iter().map(|c| c.field.as_deref()).collect();
        assert_eq!(filled, [Some("ten_huyen"), Some("so"), None]);
        assert_eq!(m.unfilled_fields, ["ngay", "muc"]);
        assert_eq!(m.unused_columns, ["Ghi chú"]);
    }

    #[test]
    fn a_field_is_filled_once() {
        let fields = ["ten".to_string()];
        let headers = ["Tên".to_string(), "ten".to_string()];
        let m = match_columns(&headers, &fields, &[], &[]).unwrap();
        assert_eq!(m.columns[0].field, None);
        assert_eq!(m.columns[1].field.as_deref(), Some("ten"));
    }

    #[test]
    fn renames_nested_keys_as_matched() {
        let record = json!({"Người ký": {"Họ tên": "A"}, "Ghi chú": "x"});
        let record = record.as_object().unwrap().clone();
        let headers = ["Người ký.Họ tên".to_string(), "Ghi chú".to_string()];
        let m = match_columns(&headers, &["nguoi_ky.ho_ten".to_string()], &[], &[]).unwrap();
        let out = rename_to_fields(record, &m);
        assert_eq!(
            Value::Object(out),
            json!({"nguoi_ky": {"ho_ten": "A"}, "Ghi chú": "x"})
        );
    }
}
