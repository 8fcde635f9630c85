//! Tests of record loading. Fixtures are written into a temporary folder by
//! each test: CSV/JSON as text, XLSX as a minimal SpreadsheetML package
//! assembled with the `zip` crate (see [`xlsx`]), so every cell type and
//! style is spelled out in the test itself.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};
use tempfile::TempDir;

use super::*;

// ---------------------------------------------------------------- helpers

fn write(dir: &TempDir, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

/// The records' data, failing the test on a bad record.
fn ok_data(records: &[Record]) -> Vec<Value> {
    records
        .iter()
        .map(|r| match &r.data {
            Ok(m) => Value::Object(m.clone()),
            Err(e) => panic!("record {} ({}) is bad: {e}", r.number, r.location),
        })
        .collect()
}

fn locations(records: &[Record]) -> Vec<(usize, &str)> {
    records
        .iter()
        .map(|r| (r.number, r.location.as_str()))
        .collect()
}

/// A cell of a test spreadsheet.
enum X<'a> {
    /// Shared string (what Excel writes for text).
    S(&'a str),
    /// Inline string.
    Inline(&'a str),
    /// A number, as written in the XML.
    N(&'a str),
    B(bool),
    /// A number with a style index from [`STYLES`] (dates, times…).
    Styled(&'a str, u32),
    /// A formula error such as `#N/A`.
    E(&'a str),
}

/// cellXfs: 0 General, 1 built-in date (14), 2 built-in date-time (22),
/// 3 built-in time (21), 4 custom `dd/mm/yyyy`, 5 duration `[h]:mm:ss` (46).
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="46" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
</cellXfs>
</styleSheet>"#;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Writes a minimal .xlsx: `sheets` are (name, cells), cells as (reference,
/// value) in row order.
fn xlsx(dir: &TempDir, name: &str, sheets: &[(&str, Vec<(&str, X)>)]) -> PathBuf {
    let path = dir.path().join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    let mut part = |name: &str, body: &str| {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    };
    let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml";
    let mut types = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>
<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>"#
    );
    let mut wb_sheets = String::new();
    let mut wb_rels = String::new();
    let mut shared: Vec<String> = Vec::new();
    let mut sheet_parts = Vec::new();
    for (i, (sheet_name, cells)) in sheets.iter().enumerate() {
        let n = i + 1;
        types += &format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{ct}.worksheet+xml"/>"#
        );
        wb_sheets += &format!(
            r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#,
            esc(sheet_name)
        );
        wb_rels += &format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        );
        let mut rows = String::new();
        let mut current_row: Option<String> = None;
        for (r, x) in cells {
            let row_no: String = r.chars().filter(char::is_ascii_digit).collect();
            if current_row.as_deref() != Some(row_no.as_str()) {
                if current_row.is_some() {
                    rows += "</row>";
                }
                rows += &format!(r#"<row r="{row_no}">"#);
                current_row = Some(row_no);
            }
            rows += &match x {
                X::S(s) => {
                    shared.push(s.to_string());
                    format!(r#"<c r="{r}" t="s"><v>{}</v></c>"#, shared.len() - 1)
                }
                X::Inline(s) => {
                    format!(r#"<c r="{r}" t="inlineStr"><is><t>{}</t></is></c>"#, esc(s))
                }
                X::N(v) => format!(r#"<c r="{r}"><v>{v}</v></c>"#),
                X::B(b) => format!(r#"<c r="{r}" t="b"><v>{}</v></c>"#, u8::from(*b)),
                X::Styled(v, s) => format!(r#"<c r="{r}" s="{s}"><v>{v}</v></c>"#),
                X::E(e) => format!(r#"<c r="{r}" t="e"><v>{e}</v></c>"#),
            };
        }
        if current_row.is_some() {
            rows += "</row>";
        }
        sheet_parts.push(format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
        ));
    }
    types += "</Types>";
    let k = sheets.len();
    wb_rels += &format!(
        r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#,
        k + 1,
        k + 2
    );
    part("[Content_Types].xml", &types);
    part(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    part(
        "xl/workbook.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{wb_sheets}</sheets></workbook>"#
        ),
    );
    part(
        "xl/_rels/workbook.xml.rels",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{wb_rels}</Relationships>"#
        ),
    );
    part("xl/styles.xml", STYLES);
    let sst: String = shared
        .iter()
        .map(|s| format!(r#"<si><t xml:space="preserve">{}</t></si>"#, esc(s)))
        .collect();
    part(
        "xl/sharedStrings.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">{sst}</sst>"#,
            shared.len()
        ),
    );
    for (i, body) in sheet_parts.iter().enumerate() {
        part(&format!("xl/worksheets/sheet{}.xml", i + 1), body);
    }
    zip.finish().unwrap();
    path
}

fn load(path: &Path) -> Vec<Record> {
    load_records(path, None).unwrap_or_else(|e| panic!("{e}"))
}

fn load_err(path: &Path, sheet: Option<&str>) -> InputError {
    match load_records(path, sheet) {
        Ok(r) => panic!("expected an error, got {r:?}"),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------- XLSX

#[test]
fn xlsx_cell_types() {
    let dir = tempfile::tempdir().unwrap();
    let path = xlsx(
        &dir,
        "du-lieu.xlsx",
        &[(
            "Danh sách",
            vec![
                ("A1", X::S(" ma ")),
                ("B1", X::S("Ho\u{0323} va\u{0300} tên")), // NFD header
                ("C1", X::S("so_luong")),
                ("D1", X::S("ty_le")),
                ("E1", X::S("da_duyet")),
                ("F1", X::S("ngay_ky")),
                ("G1", X::S("ngay_vn")),
                ("H1", X::S("luc")),
                ("I1", X::S("gio")),
                ("J1", X::S("thoi_luong")),
                ("K1", X::S("ghi_chu")),
                ("L1", X::S("tong")),
                ("A2", X::S("007")),
                ("B2", X::S("Nguye\u{0302}\u{0303}n Thi\u{0323} A")), // NFD value
                ("C2", X::N("42")),
                ("D2", X::N("59.7")),
                ("E2", X::B(true)),
                ("F2", X::Styled("45413", 1)),
                ("G2", X::Styled("45413", 4)),
                ("H2", X::Styled("45413.5", 2)),
                ("I2", X::Styled("0.354166666666667", 3)),
                ("J2", X::Styled("1.5", 5)),
                ("K2", X::Inline("   ")),
                ("L2", X::N("0.30000000000000004")),
                ("A3", X::N("12")),
                ("C3", X::N("3.0")),
                ("E3", X::B(false)),
                ("L3", X::N("1234567890123")),
            ],
        )],
    );
    let records = load(&path);
    assert_eq!(
        ok_data(&records),
        vec![
            json!({
                "ma": "007", "Họ và tên": "Nguyễn Thị A", "so_luong": 42, "ty_le": 59.7,
                "da_duyet": true, "ngay_ky": "2024-05-01", "ngay_vn": "2024-05-01",
                "luc": "2024-05-01T12:00:00", "gio": "08:30:00", "thoi_luong": "36:00:00",
                "tong": 0.3
            }),
            json!({"ma": 12, "so_luong": 3, "da_duyet": false, "tong": 1234567890123_i64}),
        ]
    );
    // Whole floats are integers, not 3.0.
    let second = records[1].data.as_ref().unwrap();
    assert!(second["so_luong"].is_i64());
    assert_eq!(
        locations(&records),
        vec![(1, "hàng 2 (Danh sách)"), (2, "hàng 3 (Danh sách)")]
    );
}

#[test]
fn xlsx_header_is_first_non_empty_row_and_empty_rows_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = xlsx(
        &dir,
        "lech.xlsx",
        &[(
            "Sheet1",
            vec![
                ("C3", X::S("ma")),
                ("D3", X::S("ten")),
                ("C4", X::S("A1")),
                ("D4", X::S("Một")),
                ("C5", X::Inline(" ")), // only whitespace: an empty row
                ("C7", X::S("A2")),
                ("D8", X::S("Hai")),
            ],
        )],
    );
    let records = load(&path);
    assert_eq!(
        ok_data(&records),
        vec![
            json!({"ma": "A1", "ten": "Một"}),
            json!({"ma": "A2"}),
            json!({"ten": "Hai"})
        ]
    );
    assert_eq!(
        locations(&records),
        vec![
            (1, "hàng 4 (Sheet1)"),
            (2, "hàng 7 (Sheet1)"),
            (3, "hàng 8 (Sheet1)")
        ]
    );
}

#[test]
fn xlsx_sheet_choice() {
    let dir = tempfile::tempdir().unwrap();
    let path = xlsx(
        &dir,
        "hai-trang.xlsx",
        &[
            ("Hướng dẫn", vec![("A1", X::S("đọc kỹ")), ("A2", X::S("x"))]),
            ("Dữ liệu", vec![("A1", X::S("ma")), ("A2", X::S("DL1"))]),
        ],
    );
    // The first sheet by default.
    assert_eq!(ok_data(&load(&path)), vec![json!({"đọc kỹ": "x"})]);
    let chosen = load_records(&path, Some("Dữ liệu")).unwrap();
    assert_eq!(ok_data(&chosen), vec![json!({"ma": "DL1"})]);
    assert_eq!(chosen[0].location, "hàng 2 (Dữ liệu)");
    // Case, spaces and NFD do not matter.
    let loose = load_records(&path, Some(" DU\u{031b}\u{0303} LIỆU ")).unwrap();
    assert_eq!(ok_data(&loose), vec![json!({"ma": "DL1"})]);

    let err = load_err(&path, Some("Sheet1"));
    assert!(matches!(err, InputError::SheetNotFound { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("“Sheet1”"), "{msg}");
    assert!(msg.contains("“Hướng dẫn”, “Dữ liệu”"), "{msg}");
    assert!(msg.contains("hai-trang.xlsx"), "{msg}");
}

#[test]
fn xlsx_empty_sheet_and_header_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = xlsx(
        &dir,
        "trong.xlsx",
        &[("Trống", vec![]), ("Chỉ tiêu đề", vec![("A1", X::S("ma"))])],
    );
    let err = load_err(&path, None);
    assert!(matches!(err, InputError::EmptySheet { .. }), "{err:?}");
    assert!(err.to_string().contains("“Trống”"), "{err}");
    let err = load_err(&path, Some("Chỉ tiêu đề"));
    assert!(matches!(err, InputError::NoRecords { .. }), "{err:?}");
}

#[test]
fn xlsx_formula_error_makes_only_that_record_bad() {
    let dir = tempfile::tempdir().unwrap();
    let path = xlsx(
        &dir,
        "loi.xlsx",
        &[(
            "Sheet1",
            vec![
                ("A1", X::S("ma")),
                ("B1", X::S("tong")),
                ("A2", X::S("x")),
                ("B2", X::N("1")),
                ("A3", X::S("y")),
                ("B3", X::E("#N/A")),
                ("A4", X::S("z")),
                ("B4", X::N("3")),
            ],
        )],
    );
    let records = load(&path);
    assert_eq!(records.len(), 3);
    assert!(records[0].data.is_ok() && records[2].data.is_ok());
    let err = records[1].data.as_ref().unwrap_err();
    assert!(err.contains("ô B3") && err.contains("#N/A"), "{err}");
    assert_eq!(records[1].location, "hàng 3 (Sheet1)");
}

#[test]
fn xlsx_value_under_a_nameless_column_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = xlsx(
        &dir,
        "thieu-ten.xlsx",
        &[(
            "Sheet1",
            vec![
                ("A1", X::S("ma")),
                ("C1", X::S("ten")),
                ("A2", X::S("x")),
                ("C2", X::S("X")),
                ("A3", X::S("y")),
                ("B3", X::S("ghi chú lạc")),
            ],
        )],
    );
    let records = load(&path);
    assert_eq!(
        records[0].data.as_ref().unwrap(),
        &obj(json!({"ma": "x", "ten": "X"}))
    );
    let err = records[1].data.as_ref().unwrap_err();
    assert!(err.contains("ô B3"), "{err}");
    assert!(err.contains("cột B không có tên"), "{err}");
    assert!(err.contains("“ghi chú lạc”"), "{err}");
}

#[test]
fn xlsx_dotted_headers_nest() {
    let dir = tempfile::tempdir().unwrap();
    let path = xlsx(
        &dir,
        "nhom.xlsx",
        &[(
            "Sheet1",
            vec![
                ("A1", X::S("ma")),
                ("B1", X::S("nguoi_ky.ho_ten")),
                ("C1", X::S("nguoi_ky . chuc_vu")),
                ("D1", X::S("a.b.c")),
                ("A2", X::N("1")),
                ("B2", X::S("Trần Văn B")),
                ("C2", X::S("Chủ tịch")),
                ("D2", X::B(true)),
                ("A3", X::N("2")),
            ],
        )],
    );
    assert_eq!(
        ok_data(&load(&path)),
        vec![
            json!({"ma": 1, "nguoi_ky": {"ho_ten": "Trần Văn B", "chuc_vu": "Chủ tịch"},
                   "a": {"b": {"c": true}}}),
            json!({"ma": 2}),
        ]
    );
}

#[test]
fn xlsx_header_problems_name_both_columns() {
    let dir = tempfile::tempdir().unwrap();
    let conflict = xlsx(
        &dir,
        "xung-dot.xlsx",
        &[(
            "Sheet1",
            vec![
                ("B2", X::S("nguoi_ky.ho_ten")),
                ("C2", X::S("ma")),
                ("D2", X::S("nguoi_ky")),
                ("B3", X::S("x")),
            ],
        )],
    );
    let err = load_err(&conflict, None);
    match &err {
        InputError::ColumnConflict { columns, .. } => assert_eq!(
            **columns,
            ColumnConflict {
                place: "hàng 2 (Sheet1)".into(),
                parent: "nguoi_ky".into(),
                parent_col: "cột D".into(),
                child: "nguoi_ky.ho_ten".into(),
                child_col: "cột B".into(),
            }
        ),
        other => panic!("{other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("xung-dot.xlsx") && msg.contains("cột B") && msg.contains("cột D"));

    let dup = xlsx(
        &dir,
        "trung.xlsx",
        &[(
            "Sheet1",
            vec![
                ("A1", X::S("ten")),
                ("B1", X::S("ma")),
                ("C1", X::S(" ten ")),
                ("A2", X::S("x")),
            ],
        )],
    );
    let err = load_err(&dup, None);
    assert!(
        matches!(&err, InputError::DuplicateColumn { name, first, second, .. }
            if name == "ten" && first == "cột A" && second == "cột C"),
        "{err:?}"
    );

    let bad = xlsx(
        &dir,
        "cham.xlsx",
        &[(
            "Sheet1",
            vec![("A1", X::S("ma")), ("B1", X::S("a..b")), ("A2", X::S("x"))],
        )],
    );
    let err = load_err(&bad, None);
    assert!(
        matches!(&err, InputError::BadColumnName { name, col, .. } if name == "a..b" && col == "cột B"),
        "{err:?}"
    );
}

#[test]
fn xlsx_that_is_not_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "hong.xlsx", b"ma,ten\n1,2\n");
    let err = load_err(&path, None);
    assert!(matches!(err, InputError::Workbook { .. }), "{err:?}");
    assert!(err.to_string().contains("hong.xlsx"), "{err}");
}

#[test]
fn sheet_option_only_for_spreadsheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "a.csv", "ma\n1\n");
    let err = load_err(&path, Some("Sheet1"));
    assert!(
        matches!(err, InputError::SheetNotApplicable { kind: "CSV", .. }),
        "{err:?}"
    );
}

// ---------------------------------------------------------------- CSV

#[test]
fn csv_with_bom_quotes_and_multiline_fields() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "ds.csv",
        "\u{FEFF}ma,ten_don_vi,dia_chi\r\n\
         001,\"Công ty TNHH \"\"Hòa Thọ\"\"\",\"12, Lê Lợi\r\nĐà Nẵng\"\r\n\
         002,Trường THCS Nguyễn Du,\r\n",
    );
    let records = load(&path);
    assert_eq!(
        ok_data(&records),
        vec![
            json!({"ma": "001", "ten_don_vi": "Công ty TNHH \"Hòa Thọ\"",
                   "dia_chi": "12, Lê Lợi\r\nĐà Nẵng"}),
            json!({"ma": "002", "ten_don_vi": "Trường THCS Nguyễn Du"}),
        ]
    );
    // The first record spans lines 2-3, so the second starts on line 4.
    assert_eq!(locations(&records), vec![(1, "dòng 2"), (2, "dòng 4")]);
}

#[test]
fn csv_semicolon_from_vietnamese_excel() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "champhay.csv",
        "\"Họ, tên\";so_tien\n\"Lê Văn C\";1.234.567,5\n",
    );
    assert_eq!(
        ok_data(&load(&path)),
        vec![json!({"Họ, tên": "Lê Văn C", "so_tien": "1.234.567,5"})]
    );
}

#[test]
fn csv_sep_line_and_tabs() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "sep.csv", "sep=;\nma;ten,phu\n1;a,b\n");
    let records = load(&path);
    assert_eq!(
        ok_data(&records),
        vec![json!({"ma": "1", "ten,phu": "a,b"})]
    );
    assert_eq!(records[0].location, "dòng 3");

    let path = write(&dir, "tab.csv", "ma\tten\n1\tMột\n");
    assert_eq!(
        ok_data(&load(&path)),
        vec![json!({"ma": "1", "ten": "Một"})]
    );
}

#[test]
fn csv_values_stay_strings_and_empty_cells_are_absent() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "kieu.csv",
        "ma,so,ngay,ghi_chu\n\n0012,1.5,01/05/2024,  \n,,,\n7\n",
    );
    let records = load(&path);
    assert_eq!(
        ok_data(&records),
        vec![
            json!({"ma": "0012", "so": "1.5", "ngay": "01/05/2024"}),
            json!({"ma": "7"}),
        ]
    );
    assert_eq!(locations(&records), vec![(1, "dòng 3"), (2, "dòng 5")]);
}

#[test]
fn csv_row_with_too_many_cells_is_bad_and_others_continue() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "thua.csv",
        "ma,dia_chi\n1,Hà Nội\n2,12, Lê Lợi\n3,Huế,\n",
    );
    let records = load(&path);
    assert_eq!(records.len(), 3);
    assert_eq!(
        records[0].data.as_ref().unwrap(),
        &obj(json!({"ma": "1", "dia_chi": "Hà Nội"}))
    );
    let err = records[1].data.as_ref().unwrap_err();
    assert!(err.contains("3 ô") && err.contains("2 cột"), "{err}");
    assert!(err.contains("cột C"), "{err}");
    assert_eq!(records[1].location, "dòng 3");
    // An extra cell that is empty (a trailing separator) loses nothing.
    assert_eq!(
        records[2].data.as_ref().unwrap(),
        &obj(json!({"ma": "3", "dia_chi": "Huế"}))
    );
}

#[test]
fn csv_from_windows_is_read_or_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    // "Hà Nội" in Windows-1258: à = 0xE0, ộ = ô (0xF4) + combining dot below (0xF2).
    let path = write(&dir, "ansi.csv", b"ma,ten\n1,H\xE0 N\xF4\xF2i\n".as_slice());
    assert_eq!(
        ok_data(&load(&path)),
        vec![json!({"ma": "1", "ten": "Hà Nội"})]
    );
    let path = write(&dir, "utf16.csv", b"\xFF\xFEm\0a\0\n\x001\0".as_slice());
    assert_eq!(ok_data(&load(&path)), vec![json!({"ma": "1"})]);
    let path = write(&dir, "la.csv", b"ma,ten\n1,\xFF\x81\n".as_slice());
    let err = load_err(&path, None);
    assert!(matches!(err, InputError::Encoding { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("CSV UTF-8") && msg.contains("la.csv") && msg.contains("dòng 2"),
        "{msg}"
    );
}

#[test]
fn csv_empty_and_header_only() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(&dir, "rong.csv", "\u{FEFF}\r\n\r\n");
    assert!(matches!(
        load_err(&empty, None),
        InputError::NoHeader { .. }
    ));
    let header_only = write(&dir, "tieude.csv", "ma,ten\r\n");
    assert!(matches!(
        load_err(&header_only, None),
        InputError::NoRecords { .. }
    ));
}

#[test]
fn csv_dotted_headers_and_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "nhom.csv", "ma,nguoi_ky.ho_ten\n1,Phạm Văn D\n");
    assert_eq!(
        ok_data(&load(&path)),
        vec![json!({"ma": "1", "nguoi_ky": {"ho_ten": "Phạm Văn D"}})]
    );
    let path = write(&dir, "xungdot.csv", "a,b,a.c\n1,2,3\n");
    let err = load_err(&path, None);
    let msg = err.to_string();
    assert!(matches!(err, InputError::ColumnConflict { .. }), "{err:?}");
    assert!(
        msg.contains("“a” (cột A)") && msg.contains("“a.c” (cột C)") && msg.contains("dòng 1"),
        "{msg}"
    );
}

#[test]
fn csv_text_is_nfc() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "nfd.csv", "te\u{0302}n\nThuo\u{0302}\u{0323}t\n");
    let data = ok_data(&load(&path));
    assert_eq!(data, vec![json!({"tên": "Thuột"})]);
}

// ---------------------------------------------------------------- JSON

#[test]
fn json_array_of_objects() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "ds.json",
        "\u{FEFF}[\n  {\"ma\": 1, \"ten\": \"Bu\u{00f4}n Ma Thu\u{00f4}\u{0323}t\",\n   \
         \"nguoi_ky\": {\"ho_te\u{0302}n\": \"Lê [A] {B}\"}, \"ds\": [\"ba\u{0300}\", 2]},\n  \
         \"khong phai doi tuong\",\n  {\"ghi_chu\": \"có \\\"ngoặc\\\" ], [\"}\n]\n",
    );
    let records = load(&path);
    assert_eq!(records.len(), 3);
    assert_eq!(
        records[0].data.as_ref().unwrap(),
        &obj(json!({"ma": 1, "ten": "Buôn Ma Thuột",
                    "nguoi_ky": {"ho_tên": "Lê [A] {B}"},
                    "ds": ["bà", 2]}))
    );
    let err = records[1].data.as_ref().unwrap_err();
    assert!(err.contains("một chuỗi"), "{err}");
    assert_eq!(
        locations(&records),
        vec![
            (1, "phần tử 1 (dòng 2)"),
            (2, "phần tử 2 (dòng 4)"),
            (3, "phần tử 3 (dòng 5)")
        ]
    );
}

#[test]
fn json_syntax_error_has_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "sai.json", "[\n  {\"ma\": 1},\n  {\"ma\" 2}\n]\n");
    let err = load_err(&path, None);
    assert!(
        matches!(
            err,
            InputError::JsonSyntax {
                line: 3,
                column: 9,
                ..
            }
        ),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("sai.json") && msg.contains("dòng 3, cột 9"),
        "{msg}"
    );
    assert!(msg.contains("thiếu dấu hai chấm"), "{msg}");

    let path = write(&dir, "cut.json", "[{\"ma\": 1},");
    let err = load_err(&path, None);
    assert!(err.to_string().contains("kết thúc giữa chừng"), "{err}");
}

#[test]
fn json_lines_in_a_json_file_get_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "dong.json", "{\"ma\": 1}\n{\"ma\": 2}\n");
    let err = load_err(&path, None);
    assert!(err.to_string().contains(".jsonl"), "{err}");
}

#[test]
fn json_top_level_must_be_an_array() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "mot.json", "{\"ma\": 1}");
    let err = load_err(&path, None);
    assert!(
        matches!(
            err,
            InputError::JsonNotArray {
                found: "một đối tượng",
                ..
            }
        ),
        "{err:?}"
    );
    let path = write(&dir, "rong.json", " [ ] ");
    assert!(matches!(
        load_err(&path, None),
        InputError::NoRecords { .. }
    ));
}

#[test]
fn json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "ds.jsonl",
        "{\"ma\": 1}\r\n\r\n{\"ma\": 2,}\r\n[1]\r\n{\"te\u{0302}n\": \"Hue\u{0302}\u{0301}\"}\r\n",
    );
    let records = load(&path);
    assert_eq!(
        locations(&records),
        vec![(1, "dòng 1"), (2, "dòng 3"), (3, "dòng 4"), (4, "dòng 5")]
    );
    assert_eq!(records[0].data, Ok(obj(json!({"ma": 1}))));
    let err = records[1].data.as_ref().unwrap_err();
    assert!(
        err.contains("không phải JSON hợp lệ") && err.contains("cột 10"),
        "{err}"
    );
    assert!(records[2].data.as_ref().unwrap_err().contains("một mảng"));
    assert_eq!(records[3].data, Ok(obj(json!({"tên": "Huế"}))));

    let path = write(&dir, "ds.ndjson", "{\"a\": true}\n");
    assert_eq!(ok_data(&load(&path)), vec![json!({"a": true})]);
    let path = write(&dir, "rong.jsonl", "\n \n");
    assert!(matches!(
        load_err(&path, None),
        InputError::NoRecords { .. }
    ));
}

#[test]
fn element_lines_skip_strings_and_nesting() {
    let text = "[{\"a\": \"[,]\\\"\"},\n[1, [2,\n3]],\n\n\"x\", 4\n]";
    let spans = json_file::element_spans(text);
    let pieces: Vec<(&str, usize)> = spans
        .iter()
        .map(|s| (&text[s.start..s.end], s.line))
        .collect();
    assert_eq!(
        pieces,
        vec![
            ("{\"a\": \"[,]\\\"\"}", 1),
            ("[1, [2,\n3]]", 2),
            ("\"x\"", 5),
            ("4", 5)
        ]
    );
    assert!(json_file::element_spans("[]").is_empty());
    assert!(json_file::element_spans(" [ ] ").is_empty());
    let one = json_file::element_spans("[\n  {\"ma\": \"ệ\"}  \n]");
    assert_eq!(
        one,
        vec![json_file::Span {
            start: 4,
            end: 17,
            line: 2
        }]
    );
}

#[test]
fn the_parallel_check_accepts_only_valid_arrays() {
    let valid = [
        "[]",
        " [ ] ",
        "[{\"a\": \"[,]\\\"\"},\n[1, [2,\n3]],\n\n\"x\", 4\n]",
        "\u{feff}[1]",
        "[{\"tên\": \"Điện Bàn\"}, {\"so\": -1.5e3}, null, true]",
    ];
    for text in valid {
        let spans = json_file::element_spans(text);
        let whole = serde_json::from_str::<Value>(text);
        assert_eq!(
            json_file::is_valid_array(text, &spans),
            whole.as_ref().is_ok_and(|v| v.is_array()),
            "{text:?}"
        );
    }
    // Every text one edit away from a valid array: whatever the quick check
    // accepts, a whole read accepts as an array too.
    let base = "[{\"a\": \"x,]\\\"é\"}, [1, {\"b\": [2]}], \"s\", 3]";
    let chars: Vec<char> = base.chars().collect();
    let inserts = ['[', ']', '{', '}', ',', '"', '\\', ' ', 'é', ':', '\u{c}'];
    let mut edits = Vec::new();
    for i in 0..chars.len() {
        let mut without = chars.clone();
        without.remove(i);
        edits.push(without.iter().collect::<String>());
        for c in inserts {
            let mut with = chars.clone();
            with.insert(i, c);
            edits.push(with.iter().collect::<String>());
        }
    }
    let mut accepted = 0;
    for text in &edits {
        let spans = json_file::element_spans(text);
        if json_file::is_valid_array(text, &spans) {
            accepted += 1;
            let whole = serde_json::from_str::<Value>(text);
            assert!(whole.is_ok_and(|v| v.is_array()), "{text:?}");
        }
    }
    assert!(accepted > 0);
}

// ---------------------------------------------------------------- general

#[test]
fn missing_file_and_unknown_extension() {
    let dir = tempfile::tempdir().unwrap();
    let err = load_err(&dir.path().join("khong-co.xlsx"), None);
    assert!(matches!(err, InputError::NotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("khong-co.xlsx"));

    let path = write(&dir, "du-lieu.txt", "ma\n1\n");
    let err = load_err(&path, None);
    assert!(
        matches!(&err, InputError::UnknownExtension { ext, .. } if ext == ".txt"),
        "{err:?}"
    );
    assert!(err.to_string().contains(".xlsx"), "{err}");
    let path = write(&dir, "khongduoi", "ma\n1\n");
    assert!(matches!(
        load_err(&path, None),
        InputError::UnknownExtension { .. }
    ));
}

#[test]
fn extension_is_case_insensitive() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "DS.CSV", "ma\n1\n");
    assert_eq!(ok_data(&load(&path)), vec![json!({"ma": "1"})]);
}

#[test]
fn merge_common_is_deep_and_record_wins() {
    let common = obj(json!({
        "co_quan": "LĐLĐ tỉnh Đắk Lắk",
        "nguoi_ky": {"ho_ten": "Nguyễn Văn A", "chuc_vu": "Chủ tịch", "khac": {"x": 1, "y": 2}},
        "ds": [1, 2, 3],
        "nam": 2024
    }));
    let record = obj(json!({
        "nguoi_ky": {"ho_ten": "Trần Thị B", "khac": {"y": 3}},
        "ds": [9],
        "nam": null,
        "ma": "01"
    }));
    assert_eq!(
        Value::Object(merge_common(&common, record.clone())),
        json!({
            "co_quan": "LĐLĐ tỉnh Đắk Lắk",
            "nguoi_ky": {"ho_ten": "Trần Thị B", "chuc_vu": "Chủ tịch", "khac": {"x": 1, "y": 3}},
            "ds": [9],
            "nam": null,
            "ma": "01"
        })
    );
    // A plain value replaces an object and the other way round.
    let a = obj(json!({"k": {"x": 1}, "m": "s"}));
    let b = obj(json!({"k": "thay", "m": {"y": 2}}));
    assert_eq!(
        Value::Object(merge_common(&a, b.clone())),
        json!({"k": "thay", "m": {"y": 2}})
    );
}

#[test]
fn open_records_knows_the_count_before_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "ba.json", "[{\"ma\": 1}, 2, {\"ma\": 3}]");
    let mut records = open_records(&path, None).unwrap();
    assert_eq!(records.len(), 3);
    assert_eq!(records.next().unwrap().data, Ok(obj(json!({"ma": 1}))));
    assert_eq!(records.len(), 2);
    assert!(records.next().unwrap().data.is_err());
    let last = records.next().unwrap();
    assert_eq!((last.number, last.data), (3, Ok(obj(json!({"ma": 3})))));
    assert!(records.next().is_none());

    let path = write(&dir, "hai.jsonl", "{\"a\": 1}\n\n{oops\n");
    assert_eq!(open_records(&path, None).unwrap().len(), 2);
    let path = write(&dir, "hai.csv", "a\n1\n\n2\n");
    assert_eq!(open_records(&path, None).unwrap().len(), 2);
}

#[test]
fn json_syntax_error_late_in_the_file_stops_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("[\n");
    for i in 0..100 {
        text += &format!("{{\"ma\": {i}}},\n");
    }
    text += "{\"ma\": 100,}\n]";
    let path = write(&dir, "tre.json", text);
    let err = open_records(&path, None).err().expect("a syntax error");
    assert!(
        matches!(err, InputError::JsonSyntax { line: 102, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("thừa dấu phẩy"), "{err}");
}

/// Writes a minimal OpenDocument spreadsheet with one sheet of `rows_xml`.
fn ods(dir: &TempDir, name: &str, sheet: &str, rows_xml: &str) -> PathBuf {
    let path = dir.path().join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#,
    )
    .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{sheet}">{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
        .as_bytes(),
    )
    .unwrap();
    zip.finish().unwrap();
    path
}

#[test]
fn ods_from_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let s = |t: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
        )
    };
    let row = |cells: Vec<String>| format!("<table:table-row>{}</table:table-row>", cells.concat());
    let rows = [
        row(vec![s("ma"), s("ngay_ky"), s("so"), s("ty_le")]),
        row(vec![
            s("Đắk Lắk"),
            r#"<table:table-cell office:value-type="date" office:date-value="2024-05-01"><text:p>01/05/2024</text:p></table:table-cell>"#.into(),
            r#"<table:table-cell office:value-type="float" office:value="12"><text:p>12</text:p></table:table-cell>"#.into(),
            r#"<table:table-cell office:value-type="percentage" office:value="0.597"><text:p>59,7%</text:p></table:table-cell>"#.into(),
        ]),
    ]
    .concat();
    let path = ods(&dir, "lo.ods", "Trang 1", &rows);
    let records = load(&path);
    assert_eq!(
        ok_data(&records),
        vec![json!({"ma": "Đắk Lắk", "ngay_ky": "2024-05-01", "so": 12, "ty_le": 0.597})]
    );
    assert_eq!(records[0].location, "hàng 2 (Trang 1)");
}

#[test]
fn chunks_give_the_same_records_as_one_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let items: Vec<String> = (0..23)
        .map(|i| match i % 7 {
            3 => "[1, 2]".to_string(),
            _ => format!(r#"{{"ma": {i}, "ten": "Ea H'leo {i}"}}"#),
        })
        .collect();
    let array = write(&dir, "a.json", format!("[\n{}\n]", items.join(",\n")));
    let lines = write(
        &dir,
        "a.jsonl",
        format!("{}\nkhông phải JSON\n", items.join("\n")),
    );
    for path in [array, lines] {
        let one_by_one: Vec<Record> = open_records(&path, None).unwrap().collect();
        let mut chunked = Vec::new();
        let mut records = open_records(&path, None).unwrap();
        loop {
            let chunk = records.next_chunk(5);
            if chunk.is_empty() {
                break;
            }
            chunked.extend(chunk);
        }
        assert_eq!(chunked.len(), one_by_one.len());
        for (a, b) in chunked.iter().zip(&one_by_one) {
            assert_eq!(
                (a.number, &a.location, &a.data),
                (b.number, &b.location, &b.data)
            );
        }
    }
}
