//! The manifest of a batch: for every record, the file produced or why none
//! was. Written as `manifest.csv` (for Excel) and `manifest.json` (for
//! programs) in the output folder.

use crate::error::{Error, Result};
use crate::package::Folder;
use std::io;

use serde::{Deserialize, Serialize};

/// Name of the CSV manifest in the output folder.
pub const MANIFEST_CSV: &str = "manifest.csv";
/// Name of the JSON manifest in the output folder.
pub const MANIFEST_JSON: &str = "manifest.json";

/// How one record went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Status {
    /// The document was written, with no gap.
    Ok,
    /// The document was written but has gaps: see the entry's `reasons`.
    #[serde(rename = "thieu_so_lieu")]
    MissingData,
    /// No document: see the entry's `error`.
    Error,
}

impl Status {
    /// The word shown in `manifest.csv`.
    fn csv_word(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::MissingData => "thiếu số liệu",
            Status::Error => "lỗi",
        }
    }
}

/// One line of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ManifestEntry {
    /// 1-based record number.
    pub record: usize,
    /// Where the record is in the input (`dòng 5`, `hàng 5 (Sheet1)`).
    pub location: String,
    /// The file written, relative to the output folder.
    pub file: Option<String>,
    /// Whether the document was written.
    pub status: Status,
    /// Number of gaps (unfilled slots) found in the produced document.
    pub gaps: Option<usize>,
    /// Why the record failed, in Vietnamese.
    pub error: Option<String>,
    /// Why the document has gaps: each missing or unusable value, and the
    /// warnings of the whole batch.
    #[serde(default)]
    pub reasons: Vec<String>,
}

/// Writes `manifest.csv` (UTF-8 with the byte order mark Excel needs to show
/// Vietnamese; columns `ban_ghi,vi_tri,tep,trang_thai,so_cho_trong,loi,ly_do`;
/// status `ok`, `thiếu số liệu` or `lỗi`; reasons one per line) and
/// `manifest.json` (an array of objects with keys `record, location, file,
/// status, gaps, error, reasons`; status `ok`, `thieu_so_lieu` or `error`)
/// into `folder`, as the documents are written: whole or not at all, over
/// an earlier manifest only when forced.
pub fn write_manifest(folder: &Folder, entries: &[ManifestEntry]) -> Result<()> {
    let csv = csv_bytes(entries).map_err(|e| Error::write(folder.path().join(MANIFEST_CSV), e))?;
    folder.write(MANIFEST_CSV, &csv)?;
    let mut json = serde_json::to_vec_pretty(entries)
        .map_err(|e| Error::write(folder.path().join(MANIFEST_JSON), e.into()))?;
    json.push(b'\n');
    folder.write(MANIFEST_JSON, &json)
}

fn csv_bytes(entries: &[ManifestEntry]) -> io::Result<Vec<u8>> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record([
            "ban_ghi",
            "vi_tri",
            "tep",
            "trang_thai",
            "so_cho_trong",
            "loi",
            "ly_do",
        ])?;
        for e in entries {
            w.write_record([
                e.record.to_string().as_str(),
                &e.location,
                e.file.as_deref().unwrap_or(""),
                e.status.csv_word(),
                &e.gaps.map(|g| g.to_string()).unwrap_or_default(),
                e.error.as_deref().unwrap_or(""),
                &e.reasons.join("\n"),
            ])?;
        }
        w.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::Saver;
    use serde_json::{json, Value};
    use std::path::Path;

    fn write_manifest(dir: &Path, entries: &[ManifestEntry]) -> Result<()> {
        super::write_manifest(&Saver::new(true).folder(dir), entries)
    }

    fn entries() -> Vec<ManifestEntry> {
        vec![
            ManifestEntry {
                record: 1,
                location: "hàng 2 (Danh sách)".into(),
                file: Some("Liên đoàn Lao động Buôn Ma Thuột.docx".into()),
                status: Status::Ok,
                gaps: Some(0),
                error: None,
                reasons: vec![],
            },
            ManifestEntry {
                record: 3,
                location: "hàng 4 (Danh sách)".into(),
                file: Some("b.docx".into()),
                status: Status::MissingData,
                gaps: Some(2),
                error: None,
                reasons: vec![
                    "{{so | so}}: không dùng được".into(),
                    "{{ngay}}: trống".into(),
                ],
            },
            ManifestEntry {
                record: 2,
                location: "hàng 3 (Danh sách)".into(),
                file: None,
                status: Status::Error,
                gaps: None,
                error: Some("ô C3: lỗi \"#N/A\", hãy sửa,\nrồi lưu lại".into()),
                reasons: vec![],
            },
        ]
    }

    #[test]
    fn csv_has_bom_header_and_quotes_awkward_fields() {
        let dir = tempfile::tempdir().unwrap();
        write_manifest(dir.path(), &entries()).unwrap();
        let bytes = std::fs::read(dir.path().join(MANIFEST_CSV)).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(text.starts_with("ban_ghi,vi_tri,tep,trang_thai,so_cho_trong,loi,ly_do\r\n"));
        // Read it back as Excel would: the fields survive quoting.
        let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|row| row.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(
            rows,
            vec![
                vec![
                    "1",
                    "hàng 2 (Danh sách)",
                    "Liên đoàn Lao động Buôn Ma Thuột.docx",
                    "ok",
                    "0",
                    "",
                    ""
                ],
                vec![
                    "3",
                    "hàng 4 (Danh sách)",
                    "b.docx",
                    "thiếu số liệu",
                    "2",
                    "",
                    "{{so | so}}: không dùng được\n{{ngay}}: trống"
                ],
                vec![
                    "2",
                    "hàng 3 (Danh sách)",
                    "",
                    "lỗi",
                    "",
                    "ô C3: lỗi \"#N/A\", hãy sửa,\nrồi lưu lại",
                    ""
                ],
            ]
        );
    }

    #[test]
    fn json_uses_english_keys_and_nulls() {
        let dir = tempfile::tempdir().unwrap();
        write_manifest(dir.path(), &entries()).unwrap();
        let text = std::fs::read_to_string(dir.path().join(MANIFEST_JSON)).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            v,
            json!([
                {"record": 1, "location": "hàng 2 (Danh sách)",
                 "file": "Liên đoàn Lao động Buôn Ma Thuột.docx", "status": "ok",
                 "gaps": 0, "error": null, "reasons": []},
                {"record": 3, "location": "hàng 4 (Danh sách)", "file": "b.docx",
                 "status": "thieu_so_lieu", "gaps": 2, "error": null,
                 "reasons": ["{{so | so}}: không dùng được", "{{ngay}}: trống"]},
                {"record": 2, "location": "hàng 3 (Danh sách)", "file": null,
                 "status": "error", "gaps": null,
                 "error": "ô C3: lỗi \"#N/A\", hãy sửa,\nrồi lưu lại", "reasons": []}
            ])
        );
    }

    #[test]
    fn keeps_an_old_manifest_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST_CSV), "cũ").unwrap();
        let err =
            super::write_manifest(&Saver::new(false).folder(dir.path()), &entries()).unwrap_err();
        assert!(matches!(err, Error::OutputExists { .. }), "{err:?}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(MANIFEST_CSV)).unwrap(),
            "cũ"
        );
    }

    #[test]
    fn replaces_an_old_manifest_when_forced_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST_JSON), "cũ").unwrap();
        std::fs::write(dir.path().join(MANIFEST_CSV), "cũ").unwrap();
        write_manifest(dir.path(), &entries()[..1]).unwrap();
        let v: Value =
            serde_json::from_slice(&std::fs::read(dir.path().join(MANIFEST_JSON)).unwrap())
                .unwrap();
        assert_eq!(v.as_array().map(Vec::len), Some(1));
        let csv = std::fs::read_to_string(dir.path().join(MANIFEST_CSV)).unwrap();
        assert_eq!(csv.lines().count(), 2);
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, vec![MANIFEST_CSV, MANIFEST_JSON]);
    }

    #[test]
    fn empty_batch_writes_header_and_empty_array() {
        let dir = tempfile::tempdir().unwrap();
        write_manifest(dir.path(), &[]).unwrap();
        let csv = std::fs::read(dir.path().join(MANIFEST_CSV)).unwrap();
        assert_eq!(
            csv,
            b"\xEF\xBB\xBFban_ghi,vi_tri,tep,trang_thai,so_cho_trong,loi,ly_do\r\n".to_vec()
        );
        let json = std::fs::read_to_string(dir.path().join(MANIFEST_JSON)).unwrap();
        assert_eq!(json.trim(), "[]");
    }

    #[test]
    fn missing_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_manifest(&dir.path().join("khong-co"), &entries()).unwrap_err();
        assert!(
            matches!(&err, Error::Write { source, .. } if source.kind() == io::ErrorKind::NotFound),
            "{err:?}"
        );
    }
}
