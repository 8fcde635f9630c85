//! A real office suite opens what vanban writes: LibreOffice converts rendered
//! documents to PDF, and the PDF has pages and the expected text.
//!
//! CI installs LibreOffice (`.ci/run`); where `soffice` is missing outside CI
//! the test says so and stops, and under CI it fails.

mod common;

use common::{p, Docx};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use vanban::{RenderOptions, Template};

/// Converts each .docx to PDF with one LibreOffice process; returns the PDFs' text.
pub fn office_texts(docs: &[PathBuf], out_dir: &Path) -> Option<Vec<String>> {
    if Command::new("soffice").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice (soffice) is missing on CI"
        );
        eprintln!("soffice not installed: LibreOffice check not run here (CI runs it)");
        return None;
    }
    let profile = out_dir.join("lo-profile");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out_dir)
        .args(docs)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let texts = docs
        .iter()
        .map(|d| {
            let pdf = out_dir.join(d.with_extension("pdf").file_name().unwrap());
            let info = Command::new("pdfinfo")
                .arg(&pdf)
                .output()
                .expect("pdfinfo runs");
            let info = String::from_utf8_lossy(&info.stdout);
            assert!(
                info.lines()
                    .any(|l| l.starts_with("Pages:") && !l.ends_with(" 0")),
                "{} has no pages: {info}",
                pdf.display()
            );
            let text = Command::new("pdftotext")
                .arg(&pdf)
                .arg("-")
                .output()
                .expect("pdftotext runs");
            String::from_utf8_lossy(&text.stdout).into_owned()
        })
        .collect();
    Some(texts)
}

#[test]
fn libreoffice_opens_rendered_documents() {
    let dir = tempfile::tempdir().unwrap();
    let split = r#"<w:p><w:r><w:t xml:space="preserve">Kính gửi: {{</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>ten_</w:t></w:r><w:r><w:t>don_vi}}</w:t></w:r></w:p>"#;
    let docx = Docx {
        body: format!(
            r#"{split}<w:tbl><w:tblGrid><w:gridCol w:w="4000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/></w:tcPr>{}</w:tc></w:tr></w:tbl>{}<w:p><w:r><w:t>Chú thích ở đây</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#,
            p(&["Ô bảng: {{so | so}} người"]),
            p(&["Thiếu: {{khong_co}}"])
        ),
        header: Some(p(&["Đầu trang {{tinh | hoa}}"])),
        footnotes: Some(format!(
            r#"<w:footnote w:id="1">{}</w:footnote>"#,
            p(&["Số liệu: {{ghi_chu}}"])
        )),
        ..Default::default()
    };
    let pkg =
        vanban::package::Package::from_bytes(docx.bytes(), "mau.docx", Default::default()).unwrap();
    let template = Template::from_package(pkg).unwrap();
    let data = json!({"ten_don_vi": "LĐLĐ huyện Ea H'leo & Cư M'gar", "so": 28013, "tinh": "Đắk Lắk", "ghi_chu": "năm 2023 đạt 98%"});
    let out = template.render(&data, RenderOptions::default()).unwrap();
    let path = dir.path().join("vanban-out.docx");
    std::fs::write(&path, &out.bytes).unwrap();
    let Some(texts) = office_texts(&[path], dir.path()) else {
        return;
    };
    let text = &texts[0];
    for want in [
        "Kính gửi: LĐLĐ huyện Ea H'leo & Cư M'gar",
        "Ô bảng: 28.013 người",
        "Thiếu: …",
        "ĐẮK LẮK",
        "Số liệu: năm 2023 đạt 98%",
    ] {
        assert!(text.contains(want), "PDF text lacks {want:?}:\n{text}");
    }
    assert!(!text.contains("{{"), "tags left in PDF:\n{text}");
}

#[test]
fn libreoffice_opens_every_pack_sample_and_an_annotated_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut docs = Vec::new();
    let mut wants = Vec::new();
    for t in vanban::pack::all() {
        let template = t.compile().unwrap();
        let data = vanban::data::parse_json(t.sample, Path::new(t.name)).unwrap();
        let out = template.render(&data, RenderOptions::default()).unwrap();
        let path = dir.path().join(format!("{}.docx", t.name));
        std::fs::write(&path, &out.bytes).unwrap();
        docs.push(path);
        wants.push(vec![
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
        ]);
    }
    let seed = common::shared().join("corpus/seeds-docx/000-bao-cao-chinh-tri-dai-hoi.docx");
    let package = vanban::package::Package::open(&seed).unwrap();
    let findings = vanban::check::read::check_package(&package, &Default::default()).unwrap();
    let annotated = dir.path().join("annotated.docx");
    std::fs::write(
        &annotated,
        vanban::check::annotate::annotate(&package, &findings).unwrap(),
    )
    .unwrap();
    docs.push(annotated);
    wants.push(vec!["Dự báo tình hình 5 năm tới"]);
    let Some(texts) = office_texts(&docs, dir.path()) else {
        return;
    };
    for ((doc, text), want) in docs.iter().zip(&texts).zip(&wants) {
        for w in want {
            assert!(text.contains(w), "{} lacks {w:?}", doc.display());
        }
        assert!(!text.contains("{{"), "{} has tags left", doc.display());
    }
}
