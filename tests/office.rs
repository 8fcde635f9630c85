//! A real office suite opens what vanban writes: LibreOffice converts rendered
//! documents to PDF, and the PDF has pages and the expected text.
//!
//! CI installs LibreOffice (`.ci/run`); where `soffice` is missing outside CI
//! the test says so and stops, and under CI it fails.

mod common;

use common::{p, Docx};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use vanban::{CheckOptions, Template};

/// Converts each .docx to PDF with one LibreOffice process (its own profile
/// in `out_dir`); returns the PDFs, or `None` where LibreOffice is missing
/// outside CI.
pub fn office_pdfs(docs: &[PathBuf], out_dir: &Path) -> Option<Vec<PathBuf>> {
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
    Some(
        docs.iter()
            .map(|d| out_dir.join(d.with_extension("pdf").file_name().unwrap()))
            .collect(),
    )
}

/// The number of pages of a PDF (at least one, or the test fails).
fn page_count(pdf: &Path) -> u32 {
    let info = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(pages > 0, "{} has no pages: {info}", pdf.display());
    pages
}

/// The text of a PDF, or of one page of it.
fn pdf_text(pdf: &Path, page: Option<u32>) -> String {
    let mut cmd = Command::new("pdftotext");
    if let Some(n) = page {
        cmd.args(["-f", &n.to_string(), "-l", &n.to_string()]);
    }
    let text = cmd.arg(pdf).arg("-").output().expect("pdftotext runs");
    String::from_utf8_lossy(&text.stdout).into_owned()
}

/// Converts each .docx to PDF with one LibreOffice process; returns the PDFs' text.
pub fn office_texts(docs: &[PathBuf], out_dir: &Path) -> Option<Vec<String>> {
    let pdfs = office_pdfs(docs, out_dir)?;
    Some(
        pdfs.iter()
            .map(|pdf| {
                page_count(pdf);
                pdf_text(pdf, None)
            })
            .collect(),
    )
}

/// Words separated by single spaces, whatever the line breaks.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn libreoffice_keeps_the_end_of_the_body_with_noi_nhan_and_the_signature() {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut names: Vec<String> = std::fs::read_dir(&samples)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 7, "{names:?}");
    let mut docs = Vec::new();
    let mut datas = Vec::new();
    for name in &names {
        let stem = name.trim_end_matches(".json");
        // The sample's template: the longest pack name it starts with.
        let t = vanban::PackTemplate::all()
            .filter(|t| stem.starts_with(t.name()))
            .max_by_key(|t| t.name().len())
            .unwrap_or_else(|| panic!("{name}: no template"));
        let path = samples.join(name);
        let data = vanban::data_from_str(&std::fs::read_to_string(&path).unwrap(), &path).unwrap();
        let out = t.template().unwrap().render(&data).unwrap();
        let doc = dir.path().join(format!("{stem}.docx"));
        std::fs::write(&doc, out.as_bytes()).unwrap();
        docs.push(doc);
        datas.push(data);
    }
    let Some(pdfs) = office_pdfs(&docs, dir.path()) else {
        return;
    };
    let mut checked = 0;
    for ((name, pdf), data) in names.iter().zip(&pdfs).zip(&datas) {
        let Some(signer) = data.get("nguoi_ky") else {
            // The outline is attached to the plan: no signature of its own.
            assert!(data.get("kem_theo").is_some(), "{name}: no signer");
            continue;
        };
        let pages = page_count(pdf);
        assert!(pages > 1, "{name}: one page only, nothing to keep together");
        let last = flat(&pdf_text(pdf, Some(pages)));
        let closing = data["ket_luan"].as_array().and_then(|k| k.last());
        let closing = closing.and_then(Value::as_str).expect("closing paragraph");
        let tail: Vec<&str> = closing.split_whitespace().rev().take(4).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        let tail = format!("{}./.", tail.join(" "));
        assert!(
            last.contains(&tail),
            "{name}: the last page lacks the end of the body «{tail}»:\n{last}"
        );
        if data.get("noi_nhan").is_some() {
            assert!(
                last.contains("Nơi nhận:"),
                "{name}: Nơi nhận not on the last page:\n{last}"
            );
        }
        let authority = signer["quyen_han"].as_str().unwrap().to_uppercase();
        assert!(
            last.contains(&authority),
            "{name}: «{authority}» not on the last page:\n{last}"
        );
        if let Some(ho_ten) = signer["ho_ten"].as_str() {
            assert!(
                last.contains(ho_ten),
                "{name}: «{ho_ten}» not on the last page:\n{last}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 6);
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
    let template = Template::from_bytes_named(docx.bytes(), "mau.docx").unwrap();
    let data = json!({"ten_don_vi": "LĐLĐ huyện Ea H'leo & Cư M'gar", "so": 28013, "tinh": "Đắk Lắk", "ghi_chu": "năm 2023 đạt 98%"});
    let out = template.render(&data).unwrap();
    let path = dir.path().join("vanban-out.docx");
    std::fs::write(&path, out.as_bytes()).unwrap();
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
    for t in vanban::PackTemplate::all() {
        let template = t.template().unwrap();
        let out = template.render(&t.sample()).unwrap();
        let path = dir.path().join(format!("{}.docx", t.name()));
        std::fs::write(&path, out.as_bytes()).unwrap();
        docs.push(path);
        wants.push(vec![
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
        ]);
    }
    let seed = common::seeds_dir().join("000-bao-cao-chinh-tri-dai-hoi.docx");
    let report = vanban::check_file(&seed, &CheckOptions::default()).unwrap();
    let annotated = dir.path().join("annotated.docx");
    std::fs::write(&annotated, report.annotated().unwrap()).unwrap();
    docs.push(annotated);
    wants.push(vec!["Dự báo tình hình 5 năm tới"]);
    let form = common::shared_or_skip(
        "corpus/public/vn-vanban-ai/01_To_khai_dang_ky_khai_sinh.docx",
        "the annotated copy of a public form",
    );
    if let Some(form) = form {
        let report = vanban::check_file(&form, &CheckOptions::default()).unwrap();
        let annotated = dir.path().join("annotated-form.docx");
        std::fs::write(&annotated, report.annotated().unwrap()).unwrap();
        docs.push(annotated);
        wants.push(vec!["Kính gửi"]);
    }
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

/// A table row of one-paragraph cells.
fn row(cells: &[&str]) -> String {
    let mut s = String::from("<w:tr>");
    for c in cells {
        s.push_str(&format!(
            r#"<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>{}</w:tc>"#,
            p(&[c])
        ));
    }
    s.push_str("</w:tr>");
    s
}

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

/// The .docx with a numbering part, declared and related the way Word does.
fn with_numbering(docx: &Docx) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx.bytes())).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = String::new();
        std::io::Read::read_to_string(&mut f, &mut data).unwrap();
        let data = match name.as_str() {
            "[Content_Types].xml" => data.replace(
                "</Types>",
                r#"<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#,
            ),
            "word/_rels/document.xml.rels" => data.replace(
                "</Relationships>",
                r#"<Relationship Id="rIdNum" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#,
            ),
            _ => data,
        };
        w.start_file(name, options).unwrap();
        std::io::Write::write_all(&mut w, data.as_bytes()).unwrap();
    }
    w.start_file("word/numbering.xml", options).unwrap();
    std::io::Write::write_all(&mut w, NUMBERING.as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}

fn numbered(text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

fn footnote_ref(text: &str, id: u32) -> String {
    format!(
        r#"<w:p><w:r><w:t>{text}</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r></w:p>"#
    )
}

#[test]
fn libreoffice_shows_every_construct_of_the_template_language() {
    let dir = tempfile::tempdir().unwrap();
    let merge = r#"<w:p><w:r><w:t xml:space="preserve">Kính gửi: </w:t></w:r><w:fldSimple w:instr=" MERGEFIELD ten_don_vi \* MERGEFORMAT "><w:r><w:t>«ten_don_vi»</w:t></w:r></w:fldSimple></w:p><w:p><w:r><w:t xml:space="preserve">Người ký: </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> MERGEFIELD ho_ten </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>«ho_ten»</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#;
    // Each construct: its template, its data, and the text its PDF must show.
    let cases: Vec<(&str, Vec<u8>, Value, Vec<&str>)> = vec![
        (
            "inline-cuoi",
            Docx::body(&p(&[
                "Nơi nhận: {{#noi_nhan}}- {{.}}{{^@cuoi}}; {{/@cuoi}}{{#@cuoi}}.{{/@cuoi}}{{/noi_nhan}}",
            ]))
            .bytes(),
            json!({"noi_nhan": ["Như trên", "Lưu: VT"]}),
            vec!["Nơi nhận: - Như trên; - Lưu: VT."],
        ),
        (
            "block",
            Docx::body(&format!(
                "{}{}{}{}{}",
                p(&["Trước"]),
                p(&["{{#hoat_dong}}"]),
                p(&["{{@stt}}. {{ten}} tại {{dia_diem}}"]),
                p(&["{{/hoat_dong}}"]),
                p(&["Sau"])
            ))
            .bytes(),
            json!({"dia_diem": "tỉnh", "hoat_dong": [{"ten": "Hội nghị"}, {"ten": "Hội thao", "dia_diem": "huyện"}]}),
            vec!["Trước 1. Hội nghị tại tỉnh 2. Hội thao tại huyện Sau"],
        ),
        (
            "rows",
            Docx::body(&format!(
                r#"<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>{}{}</w:tbl>{}"#,
                row(&["STT", "Đơn vị", "Tỉ lệ"]),
                row(&["{{#bang}}{{@stt}}", "{{ten}}", "{{thuc_hien | ti_le: ke_hoach}}{{/bang}}"]),
                p(&["Hết bảng"])
            ))
            .bytes(),
            json!({"bang": [{"ten": "Krông Búk", "thuc_hien": 2246, "ke_hoach": 1500}, {"ten": "Ea Súp", "thuc_hien": 484, "ke_hoach": 723}]}),
            vec!["STT", "Krông Búk", "149,7%", "Ea Súp", "66,9%", "Hết bảng"],
        ),
        (
            "nested",
            Docx::body(&format!(
                "{}{}{}",
                p(&["{{#muc}}"]),
                p(&["Mục {{ten}}: {{#y}}[{{.}}]{{/y}}"]),
                p(&["{{/muc}}"])
            ))
            .bytes(),
            json!({"muc": [{"ten": "I", "y": ["a", "b"]}, {"ten": "II", "y": []}, {"ten": "III", "y": ["c"]}]}),
            vec!["Mục I: [a][b] Mục II: Mục III: [c]"],
        ),
        (
            "inverted",
            Docx::body(&p(&[
                "Số: {{#so}}{{so | hai_so}}{{/so}}{{^so}}(chưa cấp){{/so}}/KH|{{^rong}}trống{{/rong}}|{{^co}}ẩn{{/co}}|{{#khong}}số 0 vẫn hiện{{/khong}}",
            ]))
            .bytes(),
            json!({"rong": "", "co": true, "khong": 0}),
            vec!["Số: (chưa cấp)/KH|trống||số 0 vẫn hiện"],
        ),
        (
            "footnote-loop",
            Docx {
                body: format!(
                    "{}{}{}{}",
                    p(&["{{#dv}}"]),
                    footnote_ref("Đơn vị {{ten}}", 7),
                    p(&["{{/dv}}"]),
                    footnote_ref("Cuối", 9)
                ),
                footnotes: Some(format!(
                    r#"<w:footnote w:id="7">{}</w:footnote><w:footnote w:id="9">{}</w:footnote>"#,
                    p(&["Số liệu của {{ten}}: {{so | so}}"]),
                    p(&["Ghi chú tĩnh"])
                )),
                ..Default::default()
            }
            .bytes(),
            json!({"dv": [{"ten": "A", "so": 1500}, {"ten": "B", "so": 28013}]}),
            vec![
                "Đơn vị A",
                "Đơn vị B",
                "Số liệu của A: 1.500",
                "Số liệu của B: 28.013",
                "Ghi chú tĩnh",
            ],
        ),
        (
            "chu-thich",
            Docx::body(&p(&["Có 723 CĐCS{{ghi_chu | chu_thich}}."])).bytes(),
            json!({"ghi_chu": "637 CĐCS khu vực HCSN; 86 CĐCS khu vực SXKD"}),
            vec!["Có 723 CĐCS", "637 CĐCS khu vực HCSN; 86 CĐCS khu vực SXKD"],
        ),
        (
            "numbering",
            with_numbering(&Docx::body(&format!(
                "{}{}{}{}",
                p(&["{{#muc}}"]),
                numbered("Mục {{ten}} việc một"),
                numbered("Mục {{ten}} việc hai"),
                p(&["{{/muc}}"])
            ))),
            json!({"muc": [{"ten": "I"}, {"ten": "II"}]}),
            vec![
                "1. Mục I việc một 2. Mục I việc hai 1. Mục II việc một 2. Mục II việc hai",
            ],
        ),
        (
            "merge-field",
            Docx::body(merge).bytes(),
            json!({"ten_don_vi": "LĐLĐ huyện Lắk", "ho_ten": "Y Phôn"}),
            vec!["Kính gửi: LĐLĐ huyện Lắk", "Người ký: Y Phôn"],
        ),
    ];
    let mut docs = Vec::new();
    for (name, bytes, data, _) in &cases {
        let out = Template::from_bytes_named(bytes.clone(), format!("{name}.docx"))
            .unwrap()
            .render(data)
            .unwrap();
        assert!(out.missing().is_empty(), "{name}: {:?}", out.missing());
        let path = dir.path().join(format!("{name}.docx"));
        std::fs::write(&path, out.as_bytes()).unwrap();
        docs.push(path);
    }
    let Some(texts) = office_texts(&docs, dir.path()) else {
        return;
    };
    for ((name, _, _, wants), text) in cases.iter().zip(&texts) {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for want in wants {
            assert!(
                flat.contains(want),
                "{name}: PDF text lacks {want:?}:\n{text}"
            );
        }
        for left in ["{{", "}}", "MERGEFIELD", "«", "ẩn"] {
            assert!(
                !flat.contains(left),
                "{name}: {left:?} left in the PDF:\n{text}"
            );
        }
    }
}

#[test]
fn libreoffice_shows_normalized_legacy_text_in_unicode() {
    let dir = tempfile::tempdir().unwrap();
    let run_in = |font: &str, text: &str| {
        format!(
            r#"<w:p><w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
        )
    };
    let docs = [
        (
            ".VnTime",
            "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
            "Cộng hoà xã hội chủ nghĩa Việt Nam",
        ),
        (
            "VNI-Times",
            "Ñoäc laäp - Töï do - Haïnh phuùc",
            "Độc lập - Tự do - Hạnh phúc",
        ),
    ];
    let mut outputs = Vec::new();
    for (i, (font, legacy, _)) in docs.iter().enumerate() {
        let input = Docx::body(&run_in(font, legacy)).write(dir.path(), &format!("cu{i}.docx"));
        let output = dir.path().join(format!("moi{i}.docx"));
        common::vanban_ok(&[
            "normalize".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            output.as_os_str(),
        ]);
        outputs.push(output);
    }
    let Some(texts) = office_texts(&outputs, dir.path()) else {
        return;
    };
    for ((_, _, unicode), text) in docs.iter().zip(&texts) {
        assert_eq!(text.trim(), *unicode);
    }
}
