//! Every error carries a stable machine code beside its Vietnamese message,
//! and the library's messages do not mention command-line options.

mod common;

use common::{p, Docx};
use serde_json::json;
use vanban::{CheckOptions, Error, PackTemplate, RenderOptions, Template};

/// The code of the error compiling a template with this body.
fn template_code(body: &str) -> &'static str {
    Template::from_bytes(Docx::body(body).bytes())
        .expect_err(body)
        .code()
}

#[test]
fn template_mistakes_have_their_own_codes() {
    let cases = [
        (p(&["Đầu {{ten"]), "unclosed-tag"),
        (p(&["giữa }} cuối"]), "unopened-tag"),
        (p(&["rỗng {{  }} đây"]), "bad-tag"),
        (p(&["{{x | khong_co}}"]), "unknown-filter"),
        (p(&["{{x | ti_le}}"]), "bad-filter-arguments"),
        (p(&["{{#a}}x"]), "unclosed-section"),
        (p(&["x{{/a}}"]), "unopened-section"),
        (p(&["{{#a}}{{#b}}{{/a}}{{/b}}"]), "mismatched-section"),
        (
            format!("{}{}", p(&["x {{#a}}"]), p(&["{{/a}} y"])),
            "misplaced-section",
        ),
        (p(&[&"{{#a}}".repeat(33)]), "section-too-deep"),
    ];
    for (body, code) in &cases {
        assert_eq!(template_code(body), *code, "{body}");
    }
    let in_header = Docx {
        body: p(&["x"]),
        header: Some(p(&["{{ghi_chu | chu_thich}}"])),
        ..Default::default()
    };
    let err = Template::from_bytes(in_header.bytes()).unwrap_err();
    assert_eq!(err.code(), "footnote-outside-body");
    // Every mistake keeps its own code; the error's code is the first one's.
    let err = Template::from_bytes(
        Docx::body(&format!(
            "{}{}",
            p(&["{{x | khong_co}}"]),
            p(&["Đầu {{ten"])
        ))
        .bytes(),
    )
    .unwrap_err();
    let Error::Template { errors, .. } = &err else {
        panic!("{err}")
    };
    let codes: Vec<&str> = errors.iter().map(|e| e.code).collect();
    assert_eq!(codes, ["unknown-filter", "unclosed-tag"]);
    assert_eq!(err.code(), "unknown-filter");
}

#[test]
fn files_that_cannot_be_read_have_their_own_codes() {
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.extend("WordDocument".encode_utf16().flat_map(|u| u.to_le_bytes()));
    assert_eq!(
        Template::from_bytes(cfb.clone()).unwrap_err().code(),
        "legacy-doc"
    );
    cfb.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    assert_eq!(Template::from_bytes(cfb).unwrap_err().code(), "encrypted");
    assert_eq!(
        Template::from_bytes(b"hello".as_slice())
            .unwrap_err()
            .code(),
        "not-docx"
    );
    let bomb = Docx {
        body: p(&["x"]),
        extra: vec![("word/bomb.xml".into(), vec![b' '; 8 << 20])],
        ..Default::default()
    };
    let err = vanban::check_bytes(&bomb.bytes(), &CheckOptions::default()).unwrap_err();
    assert_eq!(err.code(), "zip-bomb");
    let broken = Docx::body("<w:p><w:r><w:t>x</w:r></w:p>");
    assert_eq!(
        Template::from_bytes(broken.bytes()).unwrap_err().code(),
        "bad-part"
    );
    let dir = tempfile::tempdir().unwrap();
    let err = Template::open(dir.path().join("khong-co.docx")).unwrap_err();
    assert_eq!(err.code(), "io");
}

#[test]
fn data_rules_templates_and_outputs_have_their_own_codes() {
    let err = vanban::data_from_str("{\"a\": 1,}", "du-lieu.json").unwrap_err();
    assert_eq!(err.code(), "bad-data");
    let err = Template::from_pack("khong-co").unwrap_err();
    assert_eq!(err.code(), "unknown-template");
    assert!(err.to_string().contains("ke-hoach"), "{err}");
    assert_eq!(
        PackTemplate::find("khong-co").unwrap_err().code(),
        "unknown-template"
    );
    let err = CheckOptions::from_rules("gaps,missing-figures").unwrap_err();
    assert_eq!(err.code(), "unknown-rule");
    assert!(err.to_string().contains("missing-figures"), "{err}");

    let t = Template::from_bytes(Docx::body(&p(&["{{a}}"])).bytes()).unwrap();
    let err = t
        .render_with(&json!({}), &RenderOptions::default().strict(true))
        .unwrap_err();
    assert_eq!(err.code(), "missing-values");
    let doc = t.render(&json!({"a": "x"})).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ra.docx");
    doc.save(&out, false).unwrap();
    let err = doc.save(&out, false).unwrap_err();
    assert_eq!(err.code(), "output-exists");
    doc.save(&out, true).unwrap();
    let mut saver = vanban::Saver::new(true);
    saver.keep(&out, "tệp mẫu");
    assert_eq!(saver.claim(&out).unwrap_err().code(), "output-is-input");
    let mut saver = vanban::Saver::new(true);
    let other = dir.path().join("khac.docx");
    saver.claim(&other).unwrap();
    assert_eq!(saver.claim(&other).unwrap_err().code(), "output-twice");
    if std::path::Path::new("/dev/null").exists() {
        let err = vanban::Saver::new(true)
            .claim("/dev/null".as_ref())
            .unwrap_err();
        assert_eq!(err.code(), "output-not-a-file");
    }
    let err = doc
        .save(dir.path().join("khong-co/ra.docx"), false)
        .unwrap_err();
    assert_eq!(err.code(), "write");
}

#[test]
fn library_messages_do_not_name_command_line_options() {
    let t = Template::from_bytes(Docx::body(&p(&["{{a}}"])).bytes()).unwrap();
    let strict = t
        .render_with(&json!({}), &RenderOptions::default().strict(true))
        .unwrap_err();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ra.docx");
    std::fs::write(&out, b"x").unwrap();
    let exists = t
        .render(&json!({"a": "x"}))
        .unwrap()
        .save(&out, false)
        .unwrap_err();
    let unknown = Template::from_pack("khong-co").unwrap_err();
    let rules = CheckOptions::from_rules("khong-co").unwrap_err();
    for err in [strict, exists, unknown, rules] {
        let msg = err.to_string();
        assert!(
            !msg.contains("--") && !msg.contains("vanban "),
            "{}: {msg}",
            err.code()
        );
    }
}

#[test]
fn the_command_line_adds_its_own_hints() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d.json");
    std::fs::write(&data, "{}").unwrap();
    let out = dir.path().join("ra.docx");
    std::fs::write(&out, b"x").unwrap();
    let run = |args: &[&std::ffi::OsStr]| {
        let o = std::process::Command::new(common::vanban_bin())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        String::from_utf8(o.stderr).unwrap()
    };
    let exists = run(&[
        "render".as_ref(),
        "ke-hoach".as_ref(),
        "-d".as_ref(),
        data.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(exists.contains("--force"), "{exists}");
    let unknown = run(&["fields".as_ref(), "khong-co".as_ref()]);
    assert!(unknown.contains("vanban list"), "{unknown}");
    let strict = run(&[
        "render".as_ref(),
        "ke-hoach".as_ref(),
        "--strict".as_ref(),
        "-d".as_ref(),
        data.as_os_str(),
        "-o".as_ref(),
        dir.path().join("moi.docx").as_os_str(),
    ]);
    assert!(strict.contains("--strict"), "{strict}");
}
