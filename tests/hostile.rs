//! Hostile inputs: nesting that would exhaust the stack, section nesting
//! that would make memory grow with its square, and values long enough to
//! flood the terminal. Every command answers with a message and exit 2, or
//! does its work, within bounded memory.

mod common;

use common::{vanban_bin, Docx};
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Address space granted to the binary where memory is at stake: far above
/// what these small inputs need, far below what a quadratic reading takes.
const ADDRESS_SPACE_KIB: u64 = 1 << 20;

/// Runs vanban in `dir`, under [`ADDRESS_SPACE_KIB`] when `limited`.
fn run(dir: &Path, args: &[&str], limited: bool) -> Output {
    let mut cmd = if limited {
        let mut c = Command::new("bash");
        c.arg("-c")
            .arg(format!(
                "ulimit -v {ADDRESS_SPACE_KIB} && exec \"$0\" \"$@\""
            ))
            .arg(vanban_bin());
        c
    } else {
        Command::new(vanban_bin())
    };
    cmd.args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every command, on template `t` (with data `d.json`, records `r.csv`).
const COMMANDS: &[&[&str]] = &[
    &["fields", "t.docx"],
    &["render", "t.docx", "-d", "d.json", "-o", "out.docx"],
    &["batch", "t.docx", "--data", "r.csv", "--out", "lot"],
    &["check", "t.docx"],
    &["check", "--format", "json", "t.docx"],
    &["check", "t.docx", "--annotate", "annotated.docx"],
];

fn setup(body: String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    Docx::body(&body).write(dir.path(), "t.docx");
    std::fs::write(dir.path().join("d.json"), r#"{"ten": "Hội An"}"#).unwrap();
    std::fs::write(dir.path().join("r.csv"), "ten\nA\nB\n").unwrap();
    dir
}

fn assert_refused_as_too_deep(body: String) {
    let dir = setup(body);
    for args in COMMANDS {
        let out = run(dir.path(), args, false);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("t.docx") && err.contains("word/document.xml") && err.contains("256 cấp"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_hundred_thousand_nested_elements_are_refused_by_every_command() {
    let n = 100_000;
    assert_refused_as_too_deep(format!(
        "<w:p><w:r><w:t>{{{{ten}}}}</w:t></w:r></w:p>{}{}",
        "<w:sdt>".repeat(n),
        "</w:sdt>".repeat(n)
    ));
}

#[test]
fn a_hundred_thousand_nested_runs_are_refused_by_every_command() {
    let n = 100_000;
    assert_refused_as_too_deep(format!(
        "<w:p>{}<w:t>Tổng số là … người</w:t>{}</w:p>",
        "<w:r>".repeat(n),
        "</w:r>".repeat(n)
    ));
}

#[test]
fn nesting_just_under_the_cap_works_in_every_command() {
    // document, body and the paragraph's own levels stay under 256.
    let n = 240;
    let body = format!(
        "{}<w:p><w:r><w:t>{{{{ten}}}}</w:t></w:r></w:p>{}<w:p>{}<w:t>Tổng số là … người</w:t>{}</w:p>",
        "<w:sdt><w:sdtContent>".repeat(n / 2),
        "</w:sdtContent></w:sdt>".repeat(n / 2),
        "<w:r>".repeat(n),
        "</w:r>".repeat(n)
    );
    let dir = setup(body);
    for args in COMMANDS {
        let out = run(dir.path(), args, false);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {:?} {}",
            out.status,
            stderr(&out)
        );
    }
    let rendered = std::fs::read(dir.path().join("out.docx")).unwrap();
    assert!(common::texts(&rendered, "word/document.xml").contains(&"Hội An".to_string()));
}

/// One paragraph with 10,000 nested sections.
fn nested_sections() -> String {
    let n = 10_000;
    format!(
        "<w:p><w:r><w:t>{}x{}</w:t></w:r></w:p>",
        "{{#a}}".repeat(n),
        "{{/a}}".repeat(n)
    )
}

#[test]
fn deep_section_nesting_is_a_template_error_within_bounded_memory() {
    let dir = setup(nested_sections());
    for args in [COMMANDS[0], COMMANDS[1]] {
        let out = run(dir.path(), args, true);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("lồng quá 32 cấp"), "{args:?}: {err}");
        assert!(
            err.len() < 2_000,
            "{args:?}: {} bytes of messages",
            err.len()
        );
    }
}

#[test]
fn checking_a_paragraph_of_twenty_thousand_tags_stays_in_bounded_memory() {
    let dir = setup(nested_sections());
    for args in [COMMANDS[3], COMMANDS[4]] {
        let mut cmd = Command::new("bash");
        cmd.arg("-c")
            .arg(format!(
                "ulimit -v {ADDRESS_SPACE_KIB} && exec \"$0\" \"$@\" > /dev/null"
            ))
            .arg(vanban_bin())
            .args(args)
            .current_dir(dir.path());
        let out = cmd.output().unwrap();
        // Exit 1: the tags are findings (gaps); anything else is a failure.
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn messages_quote_at_most_about_two_hundred_characters_of_a_value() {
    let dir = tempfile::tempdir().unwrap();
    Docx::body("<w:p><w:r><w:t>Số: {{so | so}}; ngày {{ngay | ngay}}</w:t></w:r></w:p>")
        .write(dir.path(), "t.docx");
    let long_line = "x".repeat(1_000_000);
    let many_lines = "dòng\n".repeat(100_000);
    let data = serde_json::json!({ "so": long_line, "ngay": many_lines });
    std::fs::write(dir.path().join("d.json"), data.to_string()).unwrap();
    let out = run(
        dir.path(),
        &[
            "render", "t.docx", "-d", "d.json", "-o", "o.docx", "--strict",
        ],
        false,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{}", &err[..err.len().min(500)]);
    assert!(err.len() < 4_000, "{} bytes of messages", err.len());
    assert!(err.lines().count() < 10, "{} lines", err.lines().count());
    assert!(err.contains("… (1000000 ký tự)"), "{err}");
}

#[test]
fn check_text_quotes_a_long_gap_briefly() {
    let dots = ".".repeat(200_000);
    let dir = setup(format!(
        "<w:p><w:r><w:t>Số đoàn viên: {dots} người</w:t></w:r></w:p>"
    ));
    let out = run(dir.path(), &["check", "t.docx"], false);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.len() < 4_000, "{} bytes", text.len());
    assert!(text.contains("ký tự)"), "{text}");
}

#[test]
fn a_batch_record_with_a_value_over_the_cap_is_reported_and_skipped() {
    let dir = setup(common::p(&["Kính gửi: {{ten}}"]));
    let long = "a".repeat((16 << 20) + 1);
    std::fs::write(
        dir.path().join("r.csv"),
        format!("ten\nCông đoàn A\n{long}\nCông đoàn C\n"),
    )
    .unwrap();
    let out = run(
        dir.path(),
        &["batch", "t.docx", "--data", "r.csv", "--out", "lot"],
        false,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.len() < 4_000, "stderr is {} bytes", err.len());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("lot/manifest.json")).unwrap())
            .unwrap();
    let entries = manifest["records"]
        .as_array()
        .or_else(|| manifest.as_array())
        .expect("the manifest lists records");
    let statuses: Vec<&str> = entries
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["ok", "error", "ok"], "{manifest}");
    let why = entries[1]["error"].as_str().unwrap();
    assert!(
        why.contains("trường ten") && why.contains("16 MiB"),
        "{why}"
    );
}
