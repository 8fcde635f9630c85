//! `vanban batch` with the spreadsheets offices keep: Vietnamese headers
//! below title rows, list sheets, lists in one cell, files saved on Windows,
//! the preflight, and a manifest that says which documents have gaps.

mod common;

use calamine::{open_workbook_auto, Reader};
use common::{batch, p, texts, vanban_bin, Docx};
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn template(dir: &Path) -> PathBuf {
    Docx::body(&format!(
        "{}{}",
        p(&["Kính gửi: {{ten_don_vi}} (mã {{ma}})"]),
        p(&["Số đoàn viên: {{so_doan_vien | so}}"])
    ))
    .write(dir, "cong-van.docx")
}

fn manifest(out: &Path) -> Vec<Value> {
    let v: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    v.as_array().unwrap().clone()
}

fn body(docx: &Path) -> Vec<String> {
    texts(&std::fs::read(docx).unwrap(), "word/document.xml")
}

/// A sheet as an office keeps it: a merged title across the table, an empty
/// row, then Vietnamese headers in row 3.
fn office_sheet(path: &Path, headers: &[&str], rows: &[&[&str]]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Danh sách").unwrap();
    let title = Format::new().set_bold();
    sheet
        .merge_range(
            0,
            0,
            0,
            headers.len() as u16 - 1,
            "DANH SÁCH CÔNG ĐOÀN CƠ SỞ",
            &title,
        )
        .unwrap();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(3 + r as u32, c as u16, *v).unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn vietnamese_headers_below_a_merged_title_with_a_mapping_and_the_preflight() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = template(dir.path());
    let data = dir.path().join("ds.xlsx");
    office_sheet(
        &data,
        &["Mã", "Đơn vị", "Số đoàn viên", "Ghi chú"],
        &[
            &["01", "LĐLĐ huyện Krông Búk", "1500", ""],
            &["02", "LĐLĐ thị xã Buôn Hồ", "chưa báo cáo", "gọi lại"],
        ],
    );
    let out = dir.path().join("ra");
    let run = batch(&tpl, &data, &out, &["--map", "Đơn vị=ten_don_vi"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr.matches("Kiểm tra trước khi tạo").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("hàng tiêu đề là hàng 3 (Danh sách)"),
        "{stderr}"
    );
    assert!(stderr.contains("bỏ qua 1 hàng tiêu đề"), "{stderr}");
    assert!(
        stderr.contains("“Mã” → ma; “Đơn vị” → ten_don_vi; “Số đoàn viên” → so_doan_vien"),
        "{stderr}"
    );
    assert!(stderr.contains("Cột không dùng: “Ghi chú”"), "{stderr}");
    assert_eq!(
        body(&out.join("cong-van-0001.docx")),
        [
            "Kính gửi: LĐLĐ huyện Krông Búk (mã 01)",
            "Số đoàn viên: 1.500"
        ]
    );
    let rows = manifest(&out);
    assert_eq!(rows.len(), 2, "the title row is no record");
    assert_eq!(rows[0]["status"], "ok");
    assert_eq!(rows[1]["status"], "thieu_so_lieu");
    let reasons = rows[1]["reasons"].as_array().unwrap();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].as_str().unwrap().contains("so_doan_vien"),
        "{reasons:?}"
    );
    assert_eq!(
        rows[1]["gaps"], 1,
        "the checker counts what render reported"
    );

    // The same mapping from a file; the header row given.
    let map = dir.path().join("cot.txt");
    std::fs::write(&map, "# cột = trường\nĐơn vị = ten_don_vi\n").unwrap();
    let out2 = dir.path().join("ra2");
    let run = batch(
        &tpl,
        &data,
        &out2,
        &["--map-file", map.to_str().unwrap(), "--header-row", "3"],
    );
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        body(&out2.join("cong-van-0002.docx"))[0],
        "Kính gửi: LĐLĐ thị xã Buôn Hồ (mã 02)"
    );
}

#[test]
fn no_column_matching_is_exit_2_and_an_empty_column_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = template(dir.path());
    let data = dir.path().join("khac.xlsx");
    office_sheet(&data, &["Họ tên", "Điện thoại"], &[&["A", "0912"]]);
    let out = dir.path().join("ra");
    let run = batch(&tpl, &data, &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Các cột: Họ tên, Điện thoại"), "{stderr}");
    assert!(stderr.contains("ten_don_vi, ma, so_doan_vien"), "{stderr}");
    assert!(!out.join("manifest.json").exists(), "nothing written");

    let data = dir.path().join("trong.xlsx");
    office_sheet(
        &data,
        &["Mã", "Tên đơn vị", "Số đoàn viên"],
        &[
            &["01", "LĐLĐ huyện Lắk", ""],
            &["02", "LĐLĐ huyện Cư Kuin", ""],
        ],
    );
    let run = batch(&tpl, &data, &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let warning = "trường so_doan_vien (cột “Số đoàn viên”) trống ở mọi bản ghi";
    assert_eq!(stderr.matches(warning).count(), 1, "{stderr}");
    for row in manifest(&out) {
        assert_eq!(row["status"], "thieu_so_lieu");
        assert!(
            row["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == warning),
            "{row}"
        );
    }
}

/// The header template of the pack's công văn, filled as an office would
/// (with rust_xlsxwriter), is what batch reads back: the list sheet's
/// items reach their documents, and the "Kính gửi:" label stays.
#[test]
fn the_excel_header_template_round_trips_with_its_list_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let mau = dir.path().join("mau.xlsx");
    let made = Command::new(vanban_bin())
        .args(["fields", "cong-van-huong-dan", "--format", "xlsx", "-o"])
        .arg(&mau)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let mut book = open_workbook_auto(&mau).unwrap();
    let sheets = book.sheet_names();
    assert!(sheets.contains(&"kinh_gui".to_string()), "{sheets:?}");
    let header = |book: &mut calamine::Sheets<_>, name: &str| -> Vec<String> {
        let range = book.worksheet_range(name).unwrap();
        range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect()
    };
    let main = header(&mut book, &sheets[0]);
    let list = header(&mut book, "kinh_gui");
    assert_eq!(list, ["ban_ghi", "gia_tri"]);

    let data = dir.path().join("du-lieu.xlsx");
    let mut out_book = Workbook::new();
    let first = out_book.add_worksheet();
    first.set_name(&sheets[0]).unwrap();
    for (c, name) in main.iter().enumerate() {
        first.write_string(0, c as u16, name).unwrap();
        let value = match name.as_str() {
            "co_quan" => "LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK",
            "trich_yeu" => "sơ kết công tác công đoàn",
            _ => continue,
        };
        for row in 1..=2 {
            first.write_string(row, c as u16, value).unwrap();
        }
    }
    let items = out_book.add_worksheet();
    items.set_name("kinh_gui").unwrap();
    for (c, name) in list.iter().enumerate() {
        items.write_string(0, c as u16, name).unwrap();
    }
    for (r, (record, text)) in [
        (1, "Các LĐLĐ huyện, thị xã, thành phố"),
        (1, "Các Công đoàn ngành"),
        (2, "LĐLĐ huyện Krông Búk"),
    ]
    .iter()
    .enumerate()
    {
        items.write_number(1 + r as u32, 0, *record as f64).unwrap();
        items.write_string(1 + r as u32, 1, *text).unwrap();
    }
    out_book.save(&data).unwrap();

    let out = dir.path().join("ra");
    let run = batch("cong-van-huong-dan", &data, &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("trang “kinh_gui” → danh sách kinh_gui (3 mục, khoá ban_ghi)"),
        "{stderr}"
    );
    let one = body(&out.join("cong-van-huong-dan-0001.docx"));
    let at = one
        .iter()
        .position(|t| t.starts_with("Kính gửi:"))
        .unwrap_or_else(|| panic!("{one:?}"));
    assert_eq!(
        one[at..at + 2],
        [
            "Kính gửi:\t- Các LĐLĐ huyện, thị xã, thành phố;",
            "\t- Các Công đoàn ngành."
        ]
    );
    let two = body(&out.join("cong-van-huong-dan-0002.docx"));
    assert!(
        two.iter().any(|t| t == "Kính gửi:\tLĐLĐ huyện Krông Búk"),
        "{two:?}"
    );
}

#[test]
fn a_list_in_one_cell_keeps_the_label() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("ds.csv");
    std::fs::write(
        &data,
        "co_quan,Kính gửi\nLĐLĐ TỈNH,\"Các LĐLĐ huyện\nCác Công đoàn ngành\"\nLĐLĐ TỈNH,Ban Tuyên giáo; Ban Tổ chức\n",
    )
    .unwrap();
    let out = dir.path().join("ra");
    let run = batch("cong-van-huong-dan", &data, &out, &[]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for (n, items) in [
        (
            1,
            ["Kính gửi:\t- Các LĐLĐ huyện;", "\t- Các Công đoàn ngành."],
        ),
        (2, ["Kính gửi:\t- Ban Tuyên giáo;", "\t- Ban Tổ chức."]),
    ] {
        let text = body(&out.join(format!("cong-van-huong-dan-{n:04}.docx")));
        let at = text
            .iter()
            .position(|t| t.starts_with("Kính gửi:"))
            .unwrap_or_else(|| panic!("{text:?}"));
        assert_eq!(text[at..at + 2], items, "{text:?}");
    }
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

fn utf16be(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    out
}

#[test]
fn csv_and_json_saved_on_windows_are_read_or_refused_with_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = template(dir.path());
    let csv = "Mã,Tên đơn vị,Số đoàn viên\r\n07,LĐLĐ thị xã Buôn Hồ,12\r\n";
    // "Tên đơn vị" / "thị xã Buôn Hồ" in Windows-1258: ê=0xEA, đ=0xF0, ơ=0xF5,
    // ị = i + 0xF2 (dot below), ã = a + 0xDE (tilde), ồ = ô (0xF4) + 0xCC (grave).
    let cp1258: &[u8] = b"M\xE3,T\xEAn \xF0\xF5n vi\xF2,S\xF4\xCC \xF0oa\xCCn vi\xEAn\r\n07,L\xD0L\xD0 thi\xF2 xa\xDE Bu\xF4n H\xF4\xCC,12\r\n";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "utf8-bom.csv",
            format!("\u{feff}{csv}").into_bytes(),
            "UTF-8",
        ),
        ("utf16le.csv", utf16le(csv), "UTF-16 LE"),
        ("utf16be.csv", utf16be(csv), "UTF-16 BE"),
        ("cp1258.csv", cp1258.to_vec(), "Windows-1258"),
    ];
    for (name, bytes, encoding) in cases {
        let data = dir.path().join(name);
        std::fs::write(&data, bytes).unwrap();
        let out = dir.path().join(format!("ra-{name}"));
        let run = batch(&tpl, &data, &out, &[]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(0), "{name}: {stderr}");
        if encoding != "UTF-8" {
            assert!(
                stderr.contains(&format!("mã hoá {encoding}")),
                "{name}: {stderr}"
            );
        }
        assert_eq!(
            body(&out.join("cong-van-0001.docx")),
            ["Kính gửi: LĐLĐ thị xã Buôn Hồ (mã 07)", "Số đoàn viên: 12"],
            "{name}"
        );
    }

    // Bytes of no known encoding: the same message for CSV and for JSON.
    let bad = dir.path().join("la.csv");
    std::fs::write(&bad, b"ma,ten_don_vi\n1,\xFF\x81\n").unwrap();
    let run = batch(&tpl, &bad, &dir.path().join("ra-la"), &[]);
    assert_eq!(run.status.code(), Some(2));
    let csv_msg = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(
        csv_msg.contains("dòng 2") && csv_msg.contains("CSV UTF-8"),
        "{csv_msg}"
    );
    let json = dir.path().join("la.json");
    std::fs::write(&json, b"{\"ten_don_vi\":\n\"\xFF\x81\"}").unwrap();
    let run = Command::new(vanban_bin())
        .arg("render")
        .arg(&tpl)
        .arg("--data")
        .arg(&json)
        .arg("-o")
        .arg(dir.path().join("mot.docx"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let json_msg = String::from_utf8_lossy(&run.stderr).to_string();
    let sentence = |m: &str| {
        m[m.find("không phải văn bản UTF-8").expect(m)..]
            .trim()
            .to_string()
    };
    assert_eq!(sentence(&csv_msg), sentence(&json_msg));

    // render reads a UTF-16 data file (PowerShell's `>`) like batch does.
    let json16 = dir.path().join("du-lieu.json");
    std::fs::write(
        &json16,
        utf16le(r#"{"ten_don_vi": "LĐLĐ huyện Ea Súp", "ma": "9", "so_doan_vien": 3}"#),
    )
    .unwrap();
    let doc = dir.path().join("mot16.docx");
    let run = Command::new(vanban_bin())
        .arg("render")
        .arg(&tpl)
        .arg("--data")
        .arg(&json16)
        .arg("-o")
        .arg(&doc)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(body(&doc)[0], "Kính gửi: LĐLĐ huyện Ea Súp (mã 9)");
}

#[test]
fn an_unterminated_quote_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = template(dir.path());
    let data = dir.path().join("ds.csv");
    std::fs::write(
        &data,
        "ma,ten_don_vi\n01,LĐLĐ huyện Lắk\n02,\"LĐLĐ huyện Krông Ana\n03,LĐLĐ huyện Cư Kuin\n",
    )
    .unwrap();
    let run = batch(&tpl, &data, &dir.path().join("ra"), &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("ds.csv") && stderr.contains("dòng 3"),
        "{stderr}"
    );
    assert!(stderr.contains("ngoặc kép"), "{stderr}");
}
