//! `vanban batch`: one document per record, bad records reported and skipped,
//! names from a pattern, a manifest, a zip.

mod common;

use common::{batch, p, texts, Docx};
use std::path::Path;

fn template(dir: &Path) -> std::path::PathBuf {
    Docx::body(&format!(
        "{}{}",
        p(&["Kính gửi: {{ten_don_vi}}"]),
        p(&["Số đoàn viên: {{so_doan_vien | so}}; hạn nộp {{han | ngay_so}}; ký: {{nguoi_ky.ho_ten}}"])
    ))
    .write(dir, "cong-van.docx")
}

#[test]
fn one_document_per_record_with_bad_records_reported() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = template(dir.path());
    let data = dir.path().join("ds.json");
    std::fs::write(
        &data,
        r#"[
 {"ma": "01", "ten_don_vi": "LĐLĐ huyện Krông Búk", "so_doan_vien": 1500},
 "không phải đối tượng",
 {"ma": "03", "ten_don_vi": "LĐLĐ huyện Ea H'leo", "so_doan_vien": "không rõ"},
 {"ma": "04", "ten_don_vi": "Công đoàn ngành Giáo dục", "so_doan_vien": 28013}
]"#,
    )
    .unwrap();
    let common = dir.path().join("chung.json");
    std::fs::write(
        &common,
        r#"{"han": "2024-06-15", "nguoi_ky": {"ho_ten": "Nguyễn Thị Lý"}}"#,
    )
    .unwrap();
    let out = dir.path().join("ra");
    let zip = dir.path().join("gui.zip");
    let run = batch(
        &tpl,
        &data,
        &out,
        &[
            "--common",
            common.to_str().unwrap(),
            "--name",
            "{{ma}}-{{ten_don_vi}}.docx",
            "--zip",
            zip.to_str().unwrap(),
        ],
    );
    assert_eq!(
        run.status.code(),
        Some(1),
        "a bad record makes exit 1: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("bản ghi 2"), "{stderr}");

    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let rows = manifest.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1]["status"], "error");
    assert_eq!(rows[0]["file"], "01-LĐLĐ huyện Krông Búk.docx");
    assert_eq!(rows[2]["file"], "03-LĐLĐ huyện Ea H'leo.docx");
    assert_eq!(
        rows[2]["status"], "thieu_so_lieu",
        "an unusable value is a gap, not a failure, and not ok either"
    );
    let reasons = rows[2]["reasons"].as_array().unwrap();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].as_str().unwrap().contains("so_doan_vien"),
        "{reasons:?}"
    );
    assert_eq!(rows[0]["status"], "ok");
    assert_eq!(rows[0]["gaps"], 0);
    assert_eq!(
        rows[2]["gaps"], 1,
        "the gap marker is counted by the checker"
    );

    let doc = std::fs::read(out.join("04-Công đoàn ngành Giáo dục.docx")).unwrap();
    assert_eq!(
        texts(&doc, "word/document.xml"),
        vec![
            "Kính gửi: Công đoàn ngành Giáo dục",
            "Số đoàn viên: 28.013; hạn nộp 15/6/2024; ký: Nguyễn Thị Lý"
        ]
    );
    let csv = std::fs::read_to_string(out.join("manifest.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}') && csv.contains("ban_ghi,vi_tri,tep,trang_thai"));
    let zip =
        zip::ZipArchive::new(std::fs::File::open(dir.path().join("gui.zip")).unwrap()).unwrap();
    assert_eq!(zip.len(), 5, "three documents and two manifests");
}

#[test]
fn jobs_sets_the_threads_for_the_whole_run() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = template(dir.path());
    let data = dir.path().join("ds.json");
    std::fs::write(
        &data,
        r#"[{"ten_don_vi": "LĐLĐ huyện Cư M'gar"}, {"ten_don_vi": "LĐLĐ thị xã Buôn Hồ"}]"#,
    )
    .unwrap();
    for jobs in ["1", "3"] {
        let out = dir.path().join(format!("ra-{jobs}"));
        let run = batch(&tpl, &data, &out, &["--jobs", jobs]);
        assert_eq!(
            run.status.code(),
            Some(0),
            "--jobs {jobs}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let docx = std::fs::read(out.join("cong-van-0002.docx")).unwrap();
        assert!(texts(&docx, "word/document.xml")
            .iter()
            .any(|t| t.contains("Buôn Hồ")));
    }
}

#[test]
fn csv_input_default_names_and_no_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = template(dir.path());
    let data = dir.path().join("ds.csv");
    std::fs::write(
        &data,
        "\u{feff}ten_don_vi,so_doan_vien,han,nguoi_ky.ho_ten\n\"LĐLĐ huyện Lắk, Đắk Lắk\",12,2024-03-02,Y Phôn\nLĐLĐ thị xã Buôn Hồ,5,2024-01-05,Y Phôn\n",
    )
    .unwrap();
    let out = dir.path().join("ra");
    let run = |out: &Path| batch(&tpl, &data, out, &[]);
    assert_eq!(run(&out).status.code(), Some(0));
    let first = std::fs::read(out.join("cong-van-0001.docx")).unwrap();
    assert_eq!(
        texts(&first, "word/document.xml")[1],
        "Số đoàn viên: 12; hạn nộp 02/3/2024; ký: Y Phôn"
    );
    let again = run(&out);
    assert_eq!(
        again.status.code(),
        Some(2),
        "the manifest is there already"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("manifest.csv"));
    std::fs::remove_file(out.join("manifest.csv")).unwrap();
    std::fs::remove_file(out.join("manifest.json")).unwrap();
    assert_eq!(run(&out).status.code(), Some(0));
    assert!(
        out.join("cong-van-0001-2.docx").exists(),
        "a document already there is never overwritten"
    );
    assert_eq!(
        std::fs::read(out.join("cong-van-0001.docx")).unwrap(),
        first
    );
}

#[test]
fn unusable_input_is_exit_2_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = template(dir.path());
    let data = dir.path().join("hong.json");
    std::fs::write(&data, "[{\"a\": 1,}").unwrap();
    let run = batch(&tpl, &data, &dir.path().join("ra"), &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("hong.json"));
}
