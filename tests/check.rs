//! `vanban check` on real documents: the labelled seeds scored by the shared
//! scorer, exit codes, and the annotated reviewer's copy.

mod common;

use common::{p, raw_entries, seeds_dir, shared_or_skip, vanban_bin, Docx};
use std::path::{Path, PathBuf};
use std::process::Command;

const SEEDS: [&str; 5] = [
    "000-bao-cao-chinh-tri-dai-hoi",
    "001-bao-cao-so-ket-3-nam",
    "002-chuong-trinh-hanh-dong",
    "003-ke-hoach-so-ket-giua-nhiem-ky",
    "004-cong-van-huong-dan-so-ket-6-thang",
];

/// Runs `vanban check --format json` on `docx` and keeps its output in `dir`.
fn check_json(docx: &Path, dir: &Path, name: &str) -> PathBuf {
    let out = Command::new(vanban_bin())
        .args(["check", "--format", "json"])
        .arg(docx)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}: {}",
        docx.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let json = dir.join(format!("{name}.json"));
    std::fs::write(&json, &out.stdout).unwrap();
    json
}

/// The labelled seeds: (labels, check output) pairs.
fn seed_pairs(dir: &Path) -> Vec<PathBuf> {
    let seeds = seeds_dir();
    let mut args = Vec::new();
    for seed in SEEDS {
        args.push(seeds.join(format!("{seed}.labels.json")));
        args.push(check_json(&seeds.join(format!("{seed}.docx")), dir, seed));
    }
    args
}

/// The hand-labelled real documents of `tests/data/corpus-labels`, each
/// named by its path under the public corpus: (labels, check output) pairs.
fn real_pairs(dir: &Path, corpus: &Path) -> Vec<PathBuf> {
    fn walk(at: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(at).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.to_string_lossy().ends_with(".labels.json") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus-labels");
    let mut labels = Vec::new();
    walk(&root, &mut labels);
    labels.sort();
    let mut args = Vec::new();
    for (n, l) in labels.iter().enumerate() {
        let rel = l.strip_prefix(&root).unwrap().to_string_lossy().to_string();
        let docx = corpus.join(rel.trim_end_matches(".labels.json"));
        args.push(l.clone());
        args.push(check_json(&docx, dir, &format!("real-{n}")));
    }
    args
}

/// Runs the shared scorer on `pairs` with `bars`; returns its last line
/// and whether it met them.
fn score(scorer: &Path, pairs: &[PathBuf], bars: &[&str]) -> (String, bool) {
    let out = Command::new("python3")
        .arg(scorer)
        .args(pairs)
        .args(bars)
        .output()
        .expect("python3 runs the scorer");
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    println!("{report}");
    let last = report.lines().last().unwrap_or_default().to_string();
    (last, out.status.success())
}

const BARS: [&str; 4] = ["--min-recall", "0.97", "--min-precision", "0.97"];

#[test]
fn seeds_and_labelled_real_documents_score_at_least_097() {
    let what = "seeds and labelled real documents scored by the shared scorer";
    let (Some(scorer), Some(corpus)) = (
        shared_or_skip("tools/score_check.py", what),
        shared_or_skip("corpus/public", what),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let seeds = seed_pairs(dir.path());
    let real = real_pairs(dir.path(), &corpus);
    assert!(real.len() >= 40, "at least 20 labelled real documents");
    let (seed_line, seeds_ok) = score(
        &scorer,
        &seeds,
        &[&BARS[..], &["--max-outline-false-alarms", "0"]].concat(),
    );
    let (real_line, _) = score(&scorer, &real, &BARS);
    let pooled: Vec<PathBuf> = seeds.iter().chain(&real).cloned().collect();
    let (pooled_line, pooled_ok) = score(
        &scorer,
        &pooled,
        &[&BARS[..], &["--max-outline-false-alarms", "0"]].concat(),
    );
    println!("seeds:  {seed_line}\nreal:   {real_line}\npooled: {pooled_line}");
    assert!(seeds_ok, "seeds below the bar: {seed_line}");
    assert!(pooled_ok, "pooled below the bar: {pooled_line}");
}

#[test]
fn form_fields_are_never_errors_and_forms_are_recognised() {
    let Some(corpus) = shared_or_skip(
        "corpus/public",
        "form fields of the labelled real documents",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let real = real_pairs(dir.path(), &corpus);
    let mut form_fields = 0;
    for output in real.iter().skip(1).step_by(2) {
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(output).unwrap()).unwrap();
        for f in json["findings"].as_array().unwrap() {
            if f["kind"] == "form-field" {
                form_fields += 1;
                assert_eq!(f["severity"], "info", "{f}");
            }
        }
    }
    // The tờ khai, đơn and hợp đồng mẫu of the set have dozens of drawn blanks.
    assert!(form_fields >= 50, "only {form_fields} form fields");
}

#[test]
fn exit_codes_say_whether_errors_were_found() {
    let dir = tempfile::tempdir().unwrap();
    let clean = Docx::body(&p(&["Toàn tỉnh có 28.013 công nhân, viên chức, lao động."]))
        .write(dir.path(), "sach.docx");
    let gaps = Docx::body(&p(&["Số doanh nghiệp giải thể là …. doanh nghiệp."]))
        .write(dir.path(), "thieu.docx");
    let code = |f: &std::path::Path| {
        Command::new(vanban_bin())
            .arg("check")
            .arg(f)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(code(&clean), Some(0));
    assert_eq!(code(&gaps), Some(1));
    let bad = dir.path().join("hong.docx");
    std::fs::write(&bad, b"not a zip").unwrap();
    let out = Command::new(vanban_bin())
        .arg("check")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hong.docx"));
}

#[test]
fn annotated_copy_marks_every_finding_and_leaves_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let input = seeds_dir().join("000-bao-cao-chinh-tri-dai-hoi.docx");
    let before = std::fs::read(&input).unwrap();
    let out = dir.path().join("ann.docx");
    let json = Command::new(vanban_bin())
        .args(["check", "--format", "json", "--annotate"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap().len();
    assert!(findings > 20);
    assert_eq!(
        std::fs::read(&input).unwrap(),
        before,
        "the original is untouched"
    );
    let annotated = std::fs::read(&out).unwrap();
    let comments =
        String::from_utf8(common::entry(&annotated, "word/comments.xml").unwrap()).unwrap();
    assert_eq!(comments.matches("<w:comment ").count(), findings);
    for (name, _, _) in raw_entries(&annotated) {
        if let Some(xml) = common::entry(&annotated, &name).filter(|_| name.ends_with(".xml")) {
            common::xml::parse(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    let entry_raw = |b: &[u8], name: &str| raw_entries(b).into_iter().find(|e| e.0 == name);
    assert_eq!(
        entry_raw(&before, "_rels/.rels"),
        entry_raw(&annotated, "_rels/.rels"),
        "untouched parts stay byte-identical"
    );
    let styles_before =
        String::from_utf8(common::entry(&before, "word/styles.xml").unwrap()).unwrap();
    let styles_after =
        String::from_utf8(common::entry(&annotated, "word/styles.xml").unwrap()).unwrap();
    let kept = styles_before
        .trim_end()
        .strip_suffix("</w:styles>")
        .unwrap();
    assert!(
        styles_after.starts_with(kept) && styles_after.contains(r#"w:styleId="CommentReference""#),
        "the styles stay as they were, with the comment reference style added"
    );
    let again = Command::new(vanban_bin())
        .args(["check", "--format", "json"])
        .arg(&out)
        .output()
        .unwrap();
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        again["summary"], report["summary"],
        "the copy still shows the same gaps"
    );
}

#[test]
fn findings_in_headers_are_commented_from_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let docx = Docx {
        body: format!(
            "{}{}",
            p(&["Kính gửi: các đơn vị."]),
            p(&["Có …. doanh nghiệp tham gia."])
        ),
        header: Some(p(&["Số lượng: …. người"])),
        ..Default::default()
    };
    let input = docx.write(dir.path(), "dau-trang.docx");
    let out = dir.path().join("ann.docx");
    let run = Command::new(vanban_bin())
        .args(["check", "--format", "json", "--annotate"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["findings"].as_array().unwrap().len(), 2);
    let annotated = std::fs::read(&out).unwrap();
    let header = String::from_utf8(common::entry(&annotated, "word/header1.xml").unwrap()).unwrap();
    assert!(
        header.contains("<w:highlight w:val=\"yellow\"/>"),
        "{header}"
    );
    assert!(
        !header.contains("comment"),
        "no comment inside a header: {header}"
    );
    let body = String::from_utf8(common::entry(&annotated, "word/document.xml").unwrap()).unwrap();
    assert_eq!(body.matches("<w:commentReference").count(), 2, "{body}");
    let comments =
        String::from_utf8(common::entry(&annotated, "word/comments.xml").unwrap()).unwrap();
    assert_eq!(comments.matches("<w:comment ").count(), 2);
}

#[test]
fn findings_in_notes_are_named_by_the_number_word_shows() {
    // References in the order 5, 7 (with its own mark, so unnumbered), 2, 9:
    // Word shows note 5 as 1, note 2 as 2 and note 9 as 3.
    let reference = |kind: &str, id: &str, custom: bool| {
        let mark = if custom {
            r#" w:customMarkFollows="1""#
        } else {
            ""
        };
        format!(r#"<w:r><w:{kind}Reference{mark} w:id="{id}"/></w:r>"#)
    };
    let note = |kind: &str, id: &str, text: &str| {
        format!(r#"<w:{kind} w:id="{id}">{}</w:{kind}>"#, p(&[text]))
    };
    let docx = Docx {
        body: format!(
            "<w:p><w:r><w:t>Kết quả</w:t></w:r>{}{}</w:p><w:p><w:r><w:t>Tiếp theo</w:t></w:r>{}{}{}</w:p>",
            reference("footnote", "5", false),
            reference("footnote", "7", true),
            reference("footnote", "2", false),
            reference("footnote", "9", false),
            reference("endnote", "4", false),
        ),
        footnotes: Some(format!(
            "{}{}{}{}",
            note("footnote", "9", "Có …. doanh nghiệp tham gia."),
            note("footnote", "7", "Ghi chú riêng."),
            note("footnote", "2", "Kết nạp …. đoàn viên."),
            note("footnote", "5", "Không thiếu gì."),
        )),
        endnotes: Some(note("endnote", "4", "Thu hút …. người.")),
        ..Default::default()
    };
    let report = vanban::check_bytes(&docx.bytes(), &vanban::CheckOptions::default()).unwrap();
    let places: Vec<(&str, Option<usize>)> = report
        .findings()
        .iter()
        .map(|f| (f.section(), f.note()))
        .collect();
    assert_eq!(
        places,
        [
            ("Chú thích 3", Some(3)),
            ("Chú thích 2", Some(2)),
            ("Chú thích cuối văn bản i", Some(1)),
        ]
    );
    let text = report.to_text("chu-thich.docx");
    assert!(text.contains("== Chú thích 3 =="), "{text}");
    assert!(
        !text.contains("đoạn"),
        "a note's paragraphs are not numbered: {text}"
    );
}

#[test]
fn annotating_a_document_with_an_empty_comments_part_stays_well_formed() {
    // This form ships `<w:comments …/>` with no comment in it.
    let Some(input) = shared_or_skip(
        "corpus/public/vn-vanban-ai/01_To_khai_dang_ky_khai_sinh.docx",
        "annotating a form with an empty comments part",
    ) else {
        return;
    };
    let report = vanban::check_file(&input, &vanban::CheckOptions::default()).unwrap();
    let findings = report.findings();
    assert!(!findings.is_empty());
    let annotated = report.annotated().unwrap();
    for (name, _, _) in raw_entries(&annotated) {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let xml = common::entry(&annotated, &name).unwrap();
            common::xml::parse(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    let comments =
        String::from_utf8(common::entry(&annotated, "word/comments.xml").unwrap()).unwrap();
    assert_eq!(comments.matches("<w:comment ").count(), findings.len());
}

/// The pack's sample data for `template`, as JSON.
fn sample_data(template: &str) -> serde_json::Value {
    let out = Command::new(vanban_bin())
        .args(["new", template])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Partial data for the pack's công văn: no signer, no addressees, no
/// closing, and a date the date filter cannot read.
fn partial_cong_van() -> serde_json::Value {
    let full = sample_data("cong-van-huong-dan");
    serde_json::json!({
        "muc": full["muc"],
        "mo_dau": full["mo_dau"],
        "kinh_gui": full["kinh_gui"],
        "ngay": "2024-13-45",
    })
}

#[test]
fn every_gap_the_renderer_writes_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("thieu.json");
    std::fs::write(&data, partial_cong_van().to_string()).unwrap();
    let doc = dir.path().join("cong-van.docx");
    let report = dir.path().join("bao-cao.json");
    let out = Command::new(vanban_bin())
        .args(["render", "cong-van-huong-dan", "--data"])
        .arg(&data)
        .arg("--output")
        .arg(&doc)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let missing = report["missing"].as_array().unwrap().len();
    assert!(missing >= 4, "{report}");
    let json = check_json(&doc, dir.path(), "cong-van");
    let checked: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    let findings = checked["findings"].as_array().unwrap();
    let markers: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["matched"].as_str().unwrap().contains('…') && f["severity"] == "error")
        .collect();
    assert_eq!(markers.len(), missing, "{findings:#?}");
    // The invalid date leaves "Đắk Lắk, …" (place from the template's default).
    assert!(
        markers.iter().any(|f| f["paragraph_text"]
            .as_str()
            .unwrap()
            .trim_end()
            .ends_with(", …")),
        "{markers:#?}"
    );
    // The công văn's outline is for its recipients to fill.
    assert!(
        !findings.iter().any(|f| f["kind"] == "empty-section"),
        "{findings:#?}"
    );
}

#[test]
fn the_batch_manifest_counts_every_rendered_gap() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("ban-ghi.json");
    let record = partial_cong_van();
    std::fs::write(&data, serde_json::json!([record, record]).to_string()).unwrap();
    let out_dir = dir.path().join("ra");
    let out = Command::new(vanban_bin())
        .args(["batch", "cong-van-huong-dan", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // What render counts for the same data.
    let single = dir.path().join("mot.json");
    std::fs::write(&single, record.to_string()).unwrap();
    let report = dir.path().join("bao-cao.json");
    let rendered = Command::new(vanban_bin())
        .args(["render", "cong-van-huong-dan", "--data"])
        .arg(&single)
        .arg("--output")
        .arg(dir.path().join("mot.docx"))
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert!(rendered.status.success());
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let missing = report["missing"].as_array().unwrap().len();
    let manifest = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .expect("a JSON manifest");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let entries = manifest
        .as_array()
        .or_else(|| manifest["documents"].as_array())
        .or_else(|| manifest["records"].as_array())
        .unwrap_or_else(|| panic!("{manifest}"));
    assert_eq!(entries.len(), 2);
    for e in entries {
        assert_eq!(e["gaps"].as_u64(), Some(missing as u64), "{e}");
    }
}
