//! The header template of a batch: an empty spreadsheet whose header row
//! names every field a column can fill, ready for office staff to fill one
//! row per document.
//!
//! The header row holds the field names ([`super::input::columns`] matches
//! them back); the Vietnamese label and help of each field (from a pack
//! template's schema) are cell notes, so the sheet stays a plain header row
//! plus data. Each list field gets a sheet of its own: a `ban_ghi` key
//! column (the number of the record on the first sheet the item belongs to)
//! and one column per item field.

use super::input::columns::template_fields;
use crate::error::{Error, Result};
use crate::template::shape::{Fields, Node, Shape};
use rust_xlsxwriter::{Format, Note, Workbook, Worksheet, XlsxError};
use serde_json::Value;

/// The first sheet's name.
pub const RECORDS_SHEET: &str = "Dữ liệu";
/// The key column of each list sheet.
pub const KEY_COLUMN: &str = "ban_ghi";

/// The header template as an .xlsx file; `schema` (a pack template's
/// schema.json) gives the labels and help, when there is one.
pub fn header_xlsx(shape: &Shape, schema: Option<&Value>) -> Result<Vec<u8>> {
    build_xlsx(shape, schema).map_err(|e| Error::io("mẫu tiêu đề .xlsx", std::io::Error::other(e)))
}

/// The header template as CSV (UTF-8 with the byte order mark Excel needs):
/// the header row of the first sheet only, since CSV has one table.
pub fn header_csv(shape: &Shape) -> Vec<u8> {
    let (fields, _) = template_fields(shape);
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(&mut out);
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(&fields);
    drop(writer);
    out
}

fn build_xlsx(shape: &Shape, schema: Option<&Value>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#DDEBF7");
    let (fields, _) = template_fields(shape);
    let sheet = workbook.add_worksheet();
    sheet.set_name(RECORDS_SHEET)?;
    write_header(sheet, &fields, |f| label_of(schema, f), &bold)?;
    for (name, node) in &shape.fields.0 {
        let columns = match node {
            Node::List(items) | Node::ListOrObject(items) => item_columns(items),
            Node::ListOf(_) => vec!["gia_tri".to_string()],
            _ => continue,
        };
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(name))?;
        let mut all = vec![KEY_COLUMN.to_string()];
        all.extend(columns);
        write_header(
            sheet,
            &all,
            |c| {
                match c {
                KEY_COLUMN => Some(format!(
                    "Số thứ tự bản ghi (hàng dữ liệu thứ mấy ở trang “{RECORDS_SHEET}”) mà mục này thuộc về."
                )),
                c => label_of(schema, &format!("{name}.{c}")),
            }
            },
            &bold,
        )?;
    }
    workbook.save_to_buffer()
}

fn write_header(
    sheet: &mut Worksheet,
    columns: &[String],
    label: impl Fn(&str) -> Option<String>,
    bold: &Format,
) -> Result<(), XlsxError> {
    for (col, name) in columns.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, name, bold)?;
        sheet.set_column_width(col, (name.chars().count() + 4).clamp(12, 40) as f64)?;
        if let Some(text) = label(name) {
            sheet.insert_note(0, col, &Note::new(text).add_author_prefix(false))?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The value fields of a list's items, as dotted paths.
fn item_columns(items: &Fields) -> Vec<String> {
    template_fields(&Shape {
        fields: items.clone(),
    })
    .0
}

/// An Excel sheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    name.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect()
}

/// "Label: help" of a dotted field path in a schema.
fn label_of(schema: Option<&Value>, path: &str) -> Option<String> {
    let mut fields = schema?.get("fields")?;
    let mut found = None;
    for part in path.split('.') {
        let field = fields
            .as_array()?
            .iter()
            .find(|f| f["name"].as_str() == Some(part))?;
        fields = field.get("fields").unwrap_or(&Value::Null);
        found = Some(field);
    }
    let field = found?;
    let label = field["label"].as_str().unwrap_or(path);
    Some(match field["help"].as_str() {
        Some(help) if !help.is_empty() => format!("{label}: {help}"),
        _ => label.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn labels_follow_dotted_paths_in_the_schema() {
        let schema = json!({"fields": [{"name": "nguoi_ky", "label": "Người ký", "fields": [
            {"name": "ho_ten", "label": "Họ tên", "help": "Đầy đủ"}]}]});
        assert_eq!(
            label_of(Some(&schema), "nguoi_ky.ho_ten").as_deref(),
            Some("Họ tên: Đầy đủ")
        );
        assert_eq!(label_of(Some(&schema), "khac"), None);
    }

    #[test]
    fn sheet_names_are_valid_for_excel() {
        assert_eq!(sheet_name("a/b"), "a_b");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }
}
