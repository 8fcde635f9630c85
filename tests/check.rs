//! `vanban check` on real documents: the labelled seeds scored by the shared
//! scorer, exit codes, and the annotated reviewer's copy.

mod common;

use common::{p, raw_entries, shared, vanban_bin, Docx};
use std::process::Command;

const SEEDS: [&str; 5] = [
    "000-bao-cao-chinh-tri-dai-hoi",
    "001-bao-cao-so-ket-3-nam",
    "002-chuong-trinh-hanh-dong",
    "003-ke-hoach-so-ket-giua-nhiem-ky",
    "004-cong-van-huong-dan-so-ket-6-thang",
];

#[test]
fn seeds_score_at_least_095_recall_and_precision() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = shared().join("corpus/seeds-docx");
    let mut args = Vec::new();
    for seed in SEEDS {
        let out = Command::new(vanban_bin())
            .args(["check", "--format", "json"])
            .arg(seeds.join(format!("{seed}.docx")))
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{seed}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json = dir.path().join(format!("{seed}.json"));
        std::fs::write(&json, &out.stdout).unwrap();
        args.push(seeds.join(format!("{seed}.labels.json")));
        args.push(json);
    }
    let score = Command::new("python3")
        .arg(shared().join("tools/score_check.py"))
        .args(&args)
        .args(["--min-recall", "0.95", "--min-precision", "0.95"])
        .output()
        .expect("python3 runs the scorer");
    let report = String::from_utf8_lossy(&score.stdout);
    println!("{report}");
    assert!(score.status.success(), "scorer below the bar:\n{report}");
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
    let input = shared().join("corpus/seeds-docx/000-bao-cao-chinh-tri-dai-hoi.docx");
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
            vanban::xml::parse(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
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
fn annotating_a_document_with_an_empty_comments_part_stays_well_formed() {
    // This form ships `<w:comments …/>` with no comment in it.
    let input = shared().join("corpus/public/vn-vanban-ai/01_To_khai_dang_ky_khai_sinh.docx");
    let package = vanban::package::Package::open(&input).unwrap();
    let findings = vanban::check::read::check_package(&package, &Default::default()).unwrap();
    assert!(!findings.is_empty());
    let annotated = vanban::check::annotate::annotate(&package, &findings).unwrap();
    for (name, _, _) in raw_entries(&annotated) {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let xml = common::entry(&annotated, &name).unwrap();
            vanban::xml::parse(&xml).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    let comments =
        String::from_utf8(common::entry(&annotated, "word/comments.xml").unwrap()).unwrap();
    assert_eq!(comments.matches("<w:comment ").count(), findings.len());
}
