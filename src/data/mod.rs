//! Reading the data a document is filled from: the one reader of data
//! files' text ([`text`]) and of JSON, for `render` and `batch` alike.

pub(crate) mod json;
pub mod text;

pub use json::JsonProblem;

use crate::error::{Error, Result};
use crate::text::{is_nfc, nfc};
use serde_json::{Map, Value};
use std::io::Read;
use std::path::Path;

/// Reads JSON data from a file, or from standard input when `path` is `-`,
/// in any encoding [`text::decode`] reads. Every string (keys too) is
/// NFC-normalised.
pub fn load_json(path: &Path) -> Result<Value> {
    let bytes = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("<stdin>", e))?;
        bytes
    } else {
        std::fs::read(path).map_err(|e| Error::io(path, e))?
    };
    let decoded = text::decode(bytes).map_err(|e| Error::Data {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    parse_json(&decoded.text, path)
}

/// Reads the data of one document: a JSON object `{ … }` (see
/// [`load_json`]). Anything else — an array of records, `null`, a string —
/// is refused, with the way to make one document per record.
pub fn load_object(path: &Path) -> Result<Map<String, Value>> {
    match load_json(path)? {
        Value::Object(map) => Ok(map),
        other => Err(Error::Data {
            path: path.to_path_buf(),
            detail: format!(
                "dữ liệu của một văn bản phải là một đối tượng JSON {{ \"tên_trường\": giá trị, … }}, \
                 nhưng tệp chứa {}. Để làm một văn bản cho mỗi bản ghi của một danh sách, \
                 dùng: vanban batch MẪU --data {} --out THƯ_MỤC",
                kind_of(&other),
                path.display()
            ),
        }),
    }
}

/// What a JSON value is, in words.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "một danh sách (mảng [ … ])",
        Value::Null => "null (không có dữ liệu)",
        Value::String(_) => "một chuỗi",
        Value::Number(_) => "một số",
        Value::Bool(_) => "một giá trị đúng/sai",
        Value::Object(_) => "một đối tượng",
    }
}

/// The largest text one data value may hold, in bytes: 16 MiB, some
/// thousands of pages. A larger value is refused before it is rendered,
/// since every copy the document needs would cost as much again.
pub const MAX_VALUE_BYTES: usize = 16 << 20;

/// Parses JSON text; `path` names the source in messages.
pub fn parse_json(text: &str, path: &Path) -> Result<Value> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let problem = JsonProblem::new(&e, text);
        let source_line = text
            .lines()
            .nth(problem.line.saturating_sub(1))
            .unwrap_or_default();
        Error::Data {
            path: path.to_path_buf(),
            detail: format!(
                "lỗi JSON ở dòng {}, cột {}: {}. {}\n    {}",
                problem.line,
                problem.column,
                problem.detail,
                problem.fix,
                source_line.trim_end()
            ),
        }
    })?;
    if let Some(detail) = oversized(&value) {
        return Err(Error::Data {
            path: path.to_path_buf(),
            detail,
        });
    }
    Ok(normalize(value))
}

/// What is wrong when a value of `data` is longer than [`MAX_VALUE_BYTES`]:
/// the field's place, its length and the fix; `None` when every value fits.
pub fn oversized(data: &Value) -> Option<String> {
    let (place, len) = oversized_value(data, &mut String::new())?;
    Some(format!(
        "giá trị của trường {place} dài {len} byte, vượt giới hạn {} MiB cho một giá trị. \
         Cách sửa: tách nội dung thành nhiều trường hoặc nhiều bản ghi, \
         hoặc đưa phần dài vào văn bản đính kèm.",
        MAX_VALUE_BYTES >> 20
    ))
}

/// The place (`ds[2].noi_dung`) and length of the first string longer
/// than [`MAX_VALUE_BYTES`]; `place` is the path walked so far.
fn oversized_value(value: &Value, place: &mut String) -> Option<(String, usize)> {
    let at = place.len();
    let found = match value {
        Value::String(s) if s.len() > MAX_VALUE_BYTES => {
            let shown = if place.is_empty() {
                "(gốc)"
            } else {
                &place[..]
            };
            Some((shown.to_string(), s.len()))
        }
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            place.truncate(at);
            place.push_str(&format!("[{i}]"));
            oversized_value(v, place)
        }),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            place.truncate(at);
            if at > 0 {
                place.push('.');
            }
            place.push_str(&crate::text::quote(k));
            oversized_value(v, place)
        }),
        _ => None,
    };
    place.truncate(at);
    found
}

/// NFC-normalises every string and key.
pub fn normalize(mut value: Value) -> Value {
    normalize_in_place(&mut value);
    value
}

/// NFC-normalises every string and key where they are: a map is rebuilt
/// only when one of its keys changes.
pub fn normalize_in_place(value: &mut Value) {
    match value {
        Value::String(s) if !is_nfc(s) => *s = nfc(std::mem::take(s)),
        Value::Array(items) => items.iter_mut().for_each(normalize_in_place),
        Value::Object(map) => normalize_map(map),
        _ => {}
    }
}

/// [`normalize_in_place`] for a map.
pub fn normalize_map(map: &mut Map<String, Value>) {
    if map.keys().all(|k| is_nfc(k)) {
        map.values_mut().for_each(normalize_in_place);
        return;
    }
    *map = std::mem::take(map)
        .into_iter()
        .map(|(k, mut v)| {
            normalize_in_place(&mut v);
            (nfc(k), v)
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn reports_line_and_column_with_a_fix() {
        let err = parse_json("{\n  \"a\": 1,\n  \"b\" 2\n}", Path::new("x.json")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("x.json") && msg.contains("dòng 3"), "{msg}");
        assert!(msg.contains("\"b\" 2"), "{msg}");
    }

    #[test]
    fn one_document_needs_an_object() {
        let dir = tempfile::tempdir().unwrap();
        for (text, kind) in [("[{}]", "mảng"), ("null", "null"), ("\"a\"", "chuỗi")] {
            let path = dir.path().join("d.json");
            std::fs::write(&path, text).unwrap();
            let msg = load_object(&path).unwrap_err().to_string();
            assert!(msg.contains(kind) && msg.contains("vanban batch"), "{msg}");
        }
        std::fs::write(dir.path().join("o.json"), "{\"a\": 1}").unwrap();
        assert_eq!(load_object(&dir.path().join("o.json")).unwrap()["a"], 1);
    }

    #[test]
    fn a_value_past_the_cap_is_refused_with_its_place() {
        let long = "a".repeat(MAX_VALUE_BYTES + 1);
        let text = format!(r#"{{"ten": "x", "ds": [{{"a": 1}}, {{"noi_dung": "{long}"}}]}}"#);
        let msg = parse_json(&text, Path::new("d.json"))
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("d.json") && msg.contains("ds[1].noi_dung"),
            "{msg}"
        );
        assert!(msg.contains("16 MiB") && msg.len() < 1000, "{msg}");
        let fits = format!(r#"{{"a": "{}"}}"#, &long[1..]);
        assert!(parse_json(&fits, Path::new("d.json")).is_ok());
    }

    #[test]
    fn normalizes_to_nfc_and_strips_bom() {
        let v = parse_json(
            "\u{feff}{\"te\u{302}n\": \"Vie\u{302}\u{323}t\"}",
            Path::new("x"),
        )
        .unwrap();
        assert_eq!(v["tên"], "Việt");
    }

    #[test]
    fn normalizes_nested_values_and_keys_keeping_order() {
        let nfd = |s: &str| s.nfd().collect::<String>();
        let mut v = serde_json::json!({
            "ma": "01",
            "don_vi": {"tên": nfd("Điện Bàn"), "cấp": ["huyện", nfd("thị xã")]},
        });
        v["don_vi"]
            .as_object_mut()
            .unwrap()
            .insert(nfd("người ký"), nfd("Nguyễn Thị Lý").into());
        normalize_in_place(&mut v);
        let unit = v["don_vi"].as_object().unwrap();
        let keys: Vec<&str> = unit.keys().map(String::as_str).collect();
        assert_eq!(keys, ["tên", "cấp", "người ký"]);
        assert_eq!(unit["tên"], "Điện Bàn");
        assert_eq!(unit["cấp"][1], "thị xã");
        assert_eq!(unit["người ký"], "Nguyễn Thị Lý");
        assert_eq!(v["ma"], "01");
    }
}
