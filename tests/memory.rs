//! The caps that keep memory bounded, and outputs written as they are made.
//! Memory figures themselves are measured by `bench/memory.sh`, not here.

mod common;

use common::{vanban_bin, Docx};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(vanban_bin())
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn template(dir: &Path) {
    Docx::body("<w:p><w:r><w:t>{{ten}}</w:t></w:r></w:p>").write(dir, "t.docx");
}

#[test]
fn a_value_past_the_cap_is_refused_before_rendering() {
    let dir = tempfile::tempdir().unwrap();
    template(dir.path());
    let value = "ầ".repeat((16 << 20) / 3 + 1);
    std::fs::write(
        dir.path().join("d.json"),
        format!(r#"{{"ten": "{value}"}}"#),
    )
    .unwrap();
    let out = run(
        dir.path(),
        &["render", "t.docx", "-d", "d.json", "-o", "out.docx"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("d.json") && err.contains("ten") && err.contains("16 MiB"),
        "{err}"
    );
    assert!(err.len() < 2000, "the message quotes no value: {err}");
    assert!(!dir.path().join("out.docx").exists());
}

#[test]
fn a_part_past_the_cap_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = String::with_capacity(260 << 20);
    let mut i = 0u64;
    while body.len() <= 256 << 20 {
        i += 1;
        body.push_str(&format!(
            "<w:p><w:r><w:t>Đoạn {i}, mã {}</w:t></w:r></w:p>",
            i.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ));
    }
    Docx::body(&body).write(dir.path(), "t.docx");
    drop(body);
    for args in [&["check", "t.docx"][..], &["fields", "t.docx"]] {
        let out = run(dir.path(), args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("t.docx") && err.contains("word/document.xml"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn json_outputs_are_whole_on_success_and_absent_on_failure() {
    let dir = tempfile::tempdir().unwrap();
    template(dir.path());
    std::fs::write(dir.path().join("d.json"), r#"{"ten": "Hội An"}"#).unwrap();
    let out = run(
        dir.path(),
        &["fields", "--format", "json", "t.docx", "-o", "f.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("f.json")).unwrap();
    let printed = run(dir.path(), &["fields", "--format", "json", "t.docx"]);
    assert_eq!(
        text.as_bytes(),
        printed.stdout,
        "-o and standard output agree"
    );
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(text.ends_with("}\n") && value.is_object(), "{text}");
    let out = run(
        dir.path(),
        &[
            "render", "t.docx", "-d", "d.json", "-o", "out.docx", "--report", "r.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(report["output"], "out.docx");
    // A template that cannot be read: neither output appears, nor any temporary file.
    std::fs::write(dir.path().join("bad.docx"), b"PK\x03\x04 cut short").unwrap();
    for args in [
        &["fields", "--format", "json", "bad.docx", "-o", "g.json"][..],
        &[
            "render", "bad.docx", "-d", "d.json", "-o", "o2.docx", "--report", "r2.json",
        ],
    ] {
        let out = run(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["bad.docx", "d.json", "f.json", "out.docx", "r.json", "t.docx"]
    );
}

#[test]
fn nesting_past_the_cap_is_called_too_deep_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let n = 1000;
    Docx::body(&format!("{}{}", "<w:sdt>".repeat(n), "</w:sdt>".repeat(n)))
        .write(dir.path(), "t.docx");
    std::fs::write(dir.path().join("d.json"), r#"{"ten": "Hội An"}"#).unwrap();
    for args in [
        &["check", "t.docx"][..],
        &["render", "t.docx", "-d", "d.json", "-o", "out.docx"],
    ] {
        let out = run(dir.path(), args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("lồng nhau quá 256 cấp") && err.contains("Cách sửa"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("bị hỏng"), "{args:?}: {err}");
    }
}
