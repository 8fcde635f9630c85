//! Reading the data a document is filled from.

use crate::error::Result;
use serde_json::Value;
use std::path::Path;

/// Reads JSON data from a file, or from standard input when `path` is `-`.
/// Every string (keys too) is NFC-normalised; a syntax error names the
/// line, the column and the usual fix.
pub fn data_from_file(path: impl AsRef<Path>) -> Result<Value> {
    crate::data::load_json(path.as_ref())
}

/// Reads the data of one document from a file (or standard input, `-`):
/// [`data_from_file`], and the data must be a JSON object `{ … }`.
pub fn data_object_from_file(path: impl AsRef<Path>) -> Result<serde_json::Map<String, Value>> {
    crate::data::load_object(path.as_ref())
}

/// Parses JSON data from text, as [`data_from_file`] does; `name` stands
/// for the source in messages.
///
/// ```
/// let data = vanban::data_from_str(r#"{"ten_don_vi": "LĐLĐ huyện Krông Pắc"}"#, "du-lieu.json")?;
/// assert_eq!(data["ten_don_vi"], "LĐLĐ huyện Krông Pắc");
/// let err = vanban::data_from_str("{\"a\": 1,}", "du-lieu.json").unwrap_err();
/// assert_eq!(err.code(), "bad-data");
/// # Ok::<(), vanban::Error>(())
/// ```
pub fn data_from_str(text: &str, name: impl AsRef<Path>) -> Result<Value> {
    crate::data::parse_json(text, name.as_ref())
}
