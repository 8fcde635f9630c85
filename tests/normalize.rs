//! `vanban normalize`: documents typed in TCVN3 (.VnTime) and VNI fonts come
//! out in Unicode and Times New Roman, with everything else unchanged; legacy
//! templates and drafts are read the same way by `render` and `check`.

mod common;

use common::{entry, p, raw_entries, shared_or_skip, texts, vanban_bin, vanban_ok, Docx};
use std::path::Path;
use std::process::Command;

const TCVN3_SENTENCE: &str = "Céng hoµ x· héi chñ nghÜa ViÖt Nam, §¶ng bé tØnh §¾k L¾k";
const VNI_SENTENCE: &str = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam, Ñaûng boä tænh Ñaék Laék";
const UNICODE_TCVN3: &str = "Cộng hoà xã hội chủ nghĩa Việt Nam, Đảng bộ tỉnh Đắk Lắk";
const UNICODE_VNI: &str = "Cộng hòa xã hội chủ nghĩa Việt Nam, Đảng bộ tỉnh Đắk Lắk";

/// A paragraph of one run in `font`.
fn run_in(font: &str, text: &str) -> String {
    format!(
        r#"<w:p><w:r><w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/><w:b/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
    )
}

fn normalize(input: &Path, output: &Path) -> std::process::Output {
    Command::new(vanban_bin())
        .arg("normalize")
        .arg(input)
        .arg("-o")
        .arg(output)
        .output()
        .unwrap()
}

#[test]
fn tcvn3_and_vni_sentences_become_unicode_in_times_new_roman() {
    let dir = tempfile::tempdir().unwrap();
    let docx = Docx {
        body: [
            run_in(".VnTime", TCVN3_SENTENCE),
            run_in("VNI-Times", VNI_SENTENCE),
            run_in(".VnTimeH", "kÕ ho¹ch"),
            p(&["Unicode đã có sẵn"]),
        ]
        .concat(),
        header: Some(run_in(".VnArial", "Liªn ®oµn lao ®éng")),
        ..Default::default()
    };
    let input = docx.write(dir.path(), "cu.docx");
    let output = dir.path().join("moi.docx");
    let run = normalize(&input, &output);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("3 đoạn chữ TCVN3 và 1 đoạn chữ VNI"),
        "{stderr}"
    );
    let out = std::fs::read(&output).unwrap();
    assert_eq!(
        texts(&out, "word/document.xml"),
        [UNICODE_TCVN3, UNICODE_VNI, "KẾ HOẠCH", "Unicode đã có sẵn"]
    );
    assert_eq!(texts(&out, "word/header1.xml"), ["Liên đoàn lao động"]);
    let xml = String::from_utf8(entry(&out, "word/document.xml").unwrap()).unwrap();
    assert!(!xml.contains(".Vn") && !xml.contains("VNI-"), "{xml}");
    assert_eq!(xml.matches(r#"w:ascii="Times New Roman""#).count(), 3);
    // Other run properties stay as they were.
    assert_eq!(xml.matches("<w:b/><w:sz w:val=\"28\"/>").count(), 3);
    // The Unicode paragraph is byte for byte the input's.
    assert!(xml.contains(&p(&["Unicode đã có sẵn"])));
    // Entries that did not change are copied as stored.
    let before = raw_entries(&std::fs::read(&input).unwrap());
    let after = raw_entries(&out);
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.0, a.0);
        if b.0 != "word/document.xml" && b.0 != "word/header1.xml" {
            assert_eq!(b, a, "{} changed", b.0);
        }
    }
}

#[test]
fn runs_without_their_own_properties_and_decomposed_text() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "{}{}",
        r#"<w:p><w:r><w:rPr><w:rStyle w:val="X"/></w:rPr><w:t>placeholder</w:t></w:r></w:p>"#,
        // "kiểm" written as ê + combining hook above, as in a seed.
        p(&["ki\u{ea}\u{309}m tra"])
    );
    let input = Docx::body(&body).write(dir.path(), "a.docx");
    let output = dir.path().join("b.docx");
    let run = normalize(&input, &output);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = std::fs::read(&output).unwrap();
    assert_eq!(texts(&out, "word/document.xml")[1], "kiểm tra");
    let xml = String::from_utf8(entry(&out, "word/document.xml").unwrap()).unwrap();
    assert!(xml.contains("ki\u{1ec3}m tra"), "{xml}");
    assert!(
        !xml.contains("Times New Roman"),
        "no legacy font, no font change"
    );
}

#[test]
fn a_document_without_legacy_fonts_is_written_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let input = Docx::body(&p(&["Cộng hòa xã hội chủ nghĩa Việt Nam"])).write(dir.path(), "u.docx");
    let output = dir.path().join("u2.docx");
    let run = normalize(&input, &output);
    assert!(run.status.success());
    assert_eq!(
        std::fs::read(&input).unwrap(),
        std::fs::read(&output).unwrap()
    );
    assert!(String::from_utf8_lossy(&run.stderr).contains("không có chữ nào cần chuyển mã"));
}

#[test]
fn the_output_never_replaces_the_input_or_an_existing_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let input = Docx::body(&run_in(".VnTime", TCVN3_SENTENCE)).write(dir.path(), "cu.docx");
    let original = std::fs::read(&input).unwrap();
    let same = normalize(&input, &input);
    assert!(!same.status.success());
    let msg = String::from_utf8_lossy(&same.stderr);
    assert!(msg.contains("không ghi đè"), "{msg}");
    assert_eq!(std::fs::read(&input).unwrap(), original);

    let existing = dir.path().join("co-san.docx");
    std::fs::write(&existing, b"keep").unwrap();
    let refused = normalize(&input, &existing);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(std::fs::read(&existing).unwrap(), b"keep");
    let forced = Command::new(vanban_bin())
        .args(["normalize", "--force", "-o"])
        .arg(&existing)
        .arg(&input)
        .output()
        .unwrap();
    assert!(forced.status.success());
    assert_eq!(
        texts(&std::fs::read(&existing).unwrap(), "word/document.xml"),
        [UNICODE_TCVN3]
    );
}

#[test]
fn check_reads_a_legacy_draft_in_unicode() {
    let dir = tempfile::tempdir().unwrap();
    // "(Bổ sung số liệu)" typed in .VnTime: found only once decoded.
    let draft = Docx::body(&run_in(
        ".VnTime",
        "Tæng sè ®oµn viªn lµ 1.200 ng\u{ad}êi (Bæ sung sè liÖu)",
    ))
    .write(dir.path(), "du-thao.docx");
    let out = Command::new(vanban_bin())
        .args(["check", "--format", "json"])
        .arg(&draft)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let marker = findings
        .iter()
        .find(|f| f["kind"] == "todo-marker")
        .unwrap_or_else(|| panic!("{json:#}"));
    assert_eq!(
        marker["paragraph_text"],
        "Tổng số đoàn viên là 1.200 người (Bổ sung số liệu)"
    );
    assert_eq!(marker["matched"], "(Bổ sung số liệu)");
}

#[test]
fn render_fills_a_legacy_template_in_unicode() {
    let dir = tempfile::tempdir().unwrap();
    let template =
        Docx::body(&run_in(".VnTime", "KÝnh göi: {{ nguoi_nhan }}")).write(dir.path(), "mau.docx");
    let data = dir.path().join("d.json");
    std::fs::write(&data, r#"{"nguoi_nhan": "Nguyễn Văn A"}"#).unwrap();
    let output = dir.path().join("ra.docx");
    vanban_ok(&[
        "render".as_ref(),
        template.as_os_str(),
        "-d".as_ref(),
        data.as_os_str(),
        "-o".as_ref(),
        output.as_os_str(),
    ]);
    let out = std::fs::read(&output).unwrap();
    assert_eq!(texts(&out, "word/document.xml"), ["Kính gửi: Nguyễn Văn A"]);
    let xml = String::from_utf8(entry(&out, "word/document.xml").unwrap()).unwrap();
    assert!(!xml.contains(".VnTime"), "{xml}");
}

#[test]
fn data_files_typed_in_tcvn3_are_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let template = Docx::body(&p(&["{{ ten }}"])).write(dir.path(), "mau.docx");
    // Raw 8-bit TCVN3 bytes, as an old spreadsheet saves them.
    let json = dir.path().join("d.json");
    std::fs::write(
        &json,
        b"{\"ten\": \"C\xe9ng ho\xb5 x\xb7 h\xe9i ch\xf1 ngh\xdca\"}",
    )
    .unwrap();
    // TCVN3 characters saved as UTF-8 from a .VnTime sheet.
    let csv = dir.path().join("d.csv");
    std::fs::write(&csv, "ten\nCéng hoµ x· héi chñ nghÜa\n").unwrap();
    for (command, data) in [("render", &json), ("batch", &csv)] {
        let run = Command::new(vanban_bin())
            .arg(command)
            .arg(&template)
            .arg("--data")
            .arg(data)
            .arg(if command == "render" { "-o" } else { "--out" })
            .arg(dir.path().join(format!("out-{command}")))
            .output()
            .unwrap();
        assert!(!run.status.success(), "{command}");
        let msg = String::from_utf8_lossy(&run.stderr);
        assert!(msg.contains("TCVN3"), "{command}: {msg}");
        assert!(
            msg.contains(&data.display().to_string()),
            "{command}: {msg}"
        );
    }
}

/// Every public corpus document normalises without error (or, like the
/// checker, refuses a damaged or hostile part with a message); one that has no
/// legacy font and only NFC text comes out byte for byte the same, and in
/// one that changes, only story parts change.
#[test]
fn the_public_corpus_normalizes_and_unicode_documents_stay_identical() {
    let Some(corpus) = shared_or_skip("corpus/public", "the public corpus normalised") else {
        return;
    };
    let mut files = Vec::new();
    collect(&corpus, &mut files);
    assert!(files.len() > 100, "corpus found: {}", files.len());
    let (mut same, mut changed, mut refused) = (0, 0, 0);
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let checked = vanban::check_bytes_named(bytes.clone(), file, &Default::default());
        let (out, summary) = match vanban::normalize_bytes(bytes.clone(), file) {
            Ok(done) => done,
            Err(e) => {
                // Refused only where the checker refuses the same file, and
                // for the same reason.
                let Err(c) = checked else {
                    panic!(
                        "{}: normalize refused what check reads: {e}",
                        file.display()
                    )
                };
                assert_eq!(e.code(), c.code(), "{}: {e}", file.display());
                refused += 1;
                continue;
            }
        };
        if summary.is_empty() {
            assert_eq!(out, bytes, "{}", file.display());
            same += 1;
            continue;
        }
        changed += 1;
        let before = raw_entries(&bytes);
        let after = raw_entries(&out);
        assert_eq!(before.len(), after.len(), "{}", file.display());
        for (b, a) in before.iter().zip(&after) {
            if b != a {
                assert!(is_story(&b.0), "{}: {} changed", file.display(), b.0);
                let xml = entry(&out, &a.0).unwrap();
                common::xml::parse(&xml)
                    .unwrap_or_else(|e| panic!("{}: {}: {e}", file.display(), a.0));
            }
        }
    }
    eprintln!("corpus: {same} unchanged, {changed} normalised, {refused} refused as damaged");
    assert!(same > 100);
}

/// Whether `part` holds text of the document (a story): the body, a
/// header, a footer, the footnotes, the endnotes or the comments.
fn is_story(part: &str) -> bool {
    let Some(name) = part.strip_prefix("word/") else {
        return false;
    };
    name == "document.xml"
        || ["header", "footer", "footnotes", "endnotes", "comments"]
            .iter()
            .any(|s| name.starts_with(s) && name.ends_with(".xml") && !name.contains('/'))
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let path = e.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|x| x == "docx") {
            out.push(path);
        }
    }
}
