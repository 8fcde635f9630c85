//! What a careless or hostile command line cannot do: replace the template,
//! the data or an existing file without `--force`, crash on a closed pipe,
//! take a list for one document's data, or pass a damaged file on.

mod common;

use common::{entry, p, raw_entries, texts, vanban_bin, Docx};
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn vanban(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    Command::new(vanban_bin())
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A template, its data and a folder to work in.
struct Setup {
    dir: tempfile::TempDir,
    template: PathBuf,
    data: PathBuf,
    records: PathBuf,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let template = Docx::body(&p(&["Kính gửi: {{ten}}"])).write(dir.path(), "mau.docx");
        let data = dir.path().join("du-lieu.json");
        std::fs::write(&data, r#"{"ten": "LĐLĐ huyện Krông Búk"}"#).unwrap();
        let records = dir.path().join("danh-sach.json");
        std::fs::write(&records, r#"[{"ten": "A"}, {"ten": "B"}]"#).unwrap();
        Setup {
            dir,
            template,
            data,
            records,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn render(&self, output: &Path, extra: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> =
            vec![&"render", &self.template, &"-d", &self.data, &"-o", &output];
        args.extend_from_slice(extra);
        vanban(&args)
    }

    fn batch(&self, out: &Path, extra: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
            &"batch",
            &self.template,
            &"--data",
            &self.records,
            &"--out",
            &out,
        ];
        args.extend_from_slice(extra);
        vanban(&args)
    }

    /// Asserts the template and the data are as they were written.
    fn inputs_intact(&self) {
        assert!(vanban::Template::open(&self.template).is_ok());
        assert_eq!(
            std::fs::read_to_string(&self.data).unwrap(),
            r#"{"ten": "LĐLĐ huyện Krông Búk"}"#
        );
    }
}

fn refused(out: &Output, says: &str) {
    let message = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{message}");
    assert!(message.contains(says), "{message}");
    assert!(
        !message.contains(".vanban-") && !message.contains("at path"),
        "a temporary file named: {message}"
    );
}

#[test]
fn render_never_writes_over_the_template_or_the_data_by_any_path() {
    let s = Setup::new();
    std::fs::hard_link(&s.template, s.path("cung-mau.docx")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&s.data, s.path("lien-ket.json")).unwrap();
    let dotted = s.dir.path().join(".").join("mau.docx");
    let report_over_template = s.render(&s.path("ra.docx"), &[&"--report", &s.template]);
    refused(&report_over_template, "tệp mẫu");
    assert!(
        !s.path("ra.docx").exists(),
        "nothing written before refusing"
    );
    for forced in [
        s.render(&dotted, &[&"--force"]),
        s.render(&s.path("cung-mau.docx"), &[&"--force"]),
        s.render(&s.path("ra.docx"), &[&"--report", &s.data, &"--force"]),
    ] {
        refused(&forced, "kể cả khi được phép ghi đè");
    }
    #[cfg(unix)]
    refused(
        &s.render(&s.path("lien-ket.json"), &[&"--force"]),
        "tệp dữ liệu",
    );
    s.inputs_intact();
    let same = s.dir.path().join(".").join("ra.docx");
    refused(
        &s.render(&s.path("ra.docx"), &[&"--report", &same, &"--force"]),
        "hai tên tệp khác nhau",
    );
}

#[test]
fn render_replaces_an_existing_output_or_report_only_with_force() {
    let s = Setup::new();
    let (out, report) = (s.path("ra.docx"), s.path("bao-cao.json"));
    std::fs::write(&report, "của người dùng").unwrap();
    refused(&s.render(&out, &[&"--report", &report]), "--force");
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "của người dùng");
    assert!(!out.exists());
    let forced = s.render(&out, &[&"--report", &report, &"--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert!(written["missing"].as_array().unwrap().is_empty());
}

#[test]
fn batch_never_replaces_the_template_and_an_existing_zip_or_manifest_needs_force() {
    let s = Setup::new();
    let out = s.path("ra");
    for zip_over_template in [
        s.batch(&out, &[&"--zip", &s.template]),
        s.batch(&out, &[&"--zip", &s.template, &"--force"]),
    ] {
        refused(&zip_over_template, "tệp mẫu");
    }
    assert!(!out.exists(), "refused before any document was made");
    s.inputs_intact();

    let zip = s.path("gui.zip");
    std::fs::write(&zip, "zip cũ").unwrap();
    refused(&s.batch(&out, &[&"--zip", &zip]), "gui.zip");
    assert_eq!(std::fs::read(&zip).unwrap(), b"zip c\xc5\xa9");
    std::fs::remove_file(&zip).unwrap();
    let first = s.batch(&out, &[&"--zip", &zip]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let zipped = std::fs::read(&zip).unwrap();

    // A second run into the same folder: the manifest is there already.
    let again = s.batch(&out, &[]);
    refused(&again, "manifest.csv");
    assert!(!out.join("mau-0001-2.docx").exists());
    let forced = s.batch(&out, &[&"--zip", &zip, &"--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "manifest.csv",
            "manifest.json",
            "mau-0001.docx",
            "mau-0002.docx"
        ],
        "forced: the same names again, nothing left over"
    );
    assert_eq!(std::fs::read(&zip).unwrap().len(), zipped.len());
}

#[test]
fn batch_with_force_never_names_a_document_like_the_template() {
    let s = Setup::new();
    let forced = s.batch(s.dir.path(), &[&"--name", &"mau.docx", &"--force"]);
    // --force replaces only an earlier run's files: the template is not one.
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    s.inputs_intact();
    assert!(s.path("mau-2.docx").exists(), "{}", stderr(&forced));
    assert!(s.path("mau-3.docx").exists(), "{}", stderr(&forced));
}

#[test]
fn annotate_never_replaces_the_checked_document() {
    let s = Setup::new();
    let out = s.path("ra.docx");
    assert_eq!(s.render(&out, &[]).status.code(), Some(0));
    let before = std::fs::read(&out).unwrap();
    let run = Command::new(vanban_bin())
        .current_dir(s.dir.path())
        .args(["check", "ra.docx", "--annotate", "./ra.docx", "--force"])
        .output()
        .unwrap();
    refused(&run, "tệp đang kiểm tra");
    assert_eq!(std::fs::read(&out).unwrap(), before);
    let existing = s.path("co-san.docx");
    std::fs::write(&existing, "cũ").unwrap();
    refused(
        &vanban(&[&"check", &out, &"--annotate", &existing]),
        "--force",
    );
}

#[test]
fn write_errors_name_the_path_given_and_say_what_to_do_in_vietnamese() {
    let s = Setup::new();
    let missing = s.path("khong-co").join("ra.docx");
    let run = s.render(&missing, &[]);
    let message = stderr(&run);
    assert_eq!(run.status.code(), Some(2), "{message}");
    assert!(
        message.contains(&format!("{}: không ghi được tệp", missing.display())),
        "{message}"
    );
    assert!(
        message.contains("thư mục chứa tệp không tồn tại"),
        "{message}"
    );
    assert!(
        !message.contains(".vanban-") && !message.contains("at path"),
        "{message}"
    );
    let run = s.render(s.dir.path(), &[&"--force"]);
    refused(&run, "đây là một thư mục");
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let pipe = s.path("ong");
        let made = Command::new("mkfifo").arg(&pipe).status().unwrap();
        assert!(made.success());
        refused(
            &s.render(&pipe, &[&"--force"]),
            "không phải một tệp thông thường",
        );
        assert!(std::fs::metadata(&pipe).unwrap().file_type().is_fifo());
    }
    if cfg!(target_os = "linux") {
        let run = s.render(Path::new("/proc/vanban-ra.docx"), &[]);
        refused(&run, "/proc/vanban-ra.docx: không ghi được tệp");
    }
}

/// A `soffice` that makes a small PDF for each document, as LibreOffice's
/// `--convert-to pdf --outdir DIR FILES…` does.
#[cfg(unix)]
fn fake_soffice(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("bin");
    std::fs::create_dir(&bin).unwrap();
    let script = bin.join("soffice");
    std::fs::write(
        &script,
        "#!/bin/sh\nwhile [ \"$1\" != --outdir ]; do shift; done\nout=$2; shift 2\nfor f in \"$@\"; do b=$(basename \"$f\" .docx); printf '%%PDF-1.4 moi' > \"$out/$b.pdf\"; done\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

#[cfg(unix)]
#[test]
fn pdfs_are_saved_by_the_same_rule() {
    let s = Setup::new();
    let bin = fake_soffice(s.dir.path());
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let out = s.path("ra");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("mau-0001.pdf"), "của người dùng").unwrap();
    let run = |force: bool| {
        let mut cmd = Command::new(vanban_bin());
        cmd.env("PATH", &path)
            .args(["batch", "--pdf", "--data"])
            .arg(&s.records)
            .arg("--out")
            .arg(&out)
            .arg(&s.template);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    let first = run(false);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    assert!(stderr(&first).contains("mau-0001.pdf: tệp đã tồn tại"));
    assert_eq!(
        std::fs::read_to_string(out.join("mau-0001.pdf")).unwrap(),
        "của người dùng"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("mau-0002.pdf")).unwrap(),
        "%PDF-1.4 moi"
    );
    let forced = run(true);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_eq!(
        std::fs::read_to_string(out.join("mau-0001.pdf")).unwrap(),
        "%PDF-1.4 moi"
    );
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Runs `args` with standard output and standard error going to pipes that
/// nobody reads (closed at once, like `2>&1 | head` once head is done).
fn with_closed_pipes(args: &[&dyn AsRef<std::ffi::OsStr>]) -> std::process::ExitStatus {
    let mut child = Command::new(vanban_bin())
        .args(args.iter().map(|a| a.as_ref()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().unwrap()
}

#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    let s = Setup::new();
    let batch = with_closed_pipes(&[
        &"batch",
        &s.template,
        &"--data",
        &s.records,
        &"--out",
        &s.path("ra"),
    ]);
    assert_eq!(batch.code(), Some(0), "batch: {batch:?}");
    assert!(
        s.path("ra").join("manifest.json").exists(),
        "the work is done"
    );
    let refused = with_closed_pipes(&[&"render", &s.template, &"-d", &s.data, &"-o", &s.template]);
    assert_eq!(refused.code(), Some(2), "render: {refused:?}");
    let out = s.path("ra.docx");
    let rendered = with_closed_pipes(&[&"render", &s.template, &"-d", &s.data, &"-o", &out]);
    assert_eq!(rendered.code(), Some(0), "render: {rendered:?}");
    for args in [
        vec![&"check" as &dyn AsRef<std::ffi::OsStr>, &out],
        vec![&"fields", &s.template],
        vec![&"list"],
        vec![&"--help"],
    ] {
        let status = with_closed_pipes(&args);
        assert!(
            matches!(status.code(), Some(0 | 1)),
            "{:?}: {status:?}",
            args.iter().map(|a| a.as_ref()).collect::<Vec<_>>()
        );
    }
}

#[test]
fn one_document_from_a_list_or_nothing_is_refused_with_the_way_to_batch() {
    let s = Setup::new();
    for (text, kind) in [
        (r#"[{"ten": "A"}]"#, "mảng"),
        ("null", "null"),
        (r#""LĐLĐ""#, "chuỗi"),
    ] {
        std::fs::write(&s.data, text).unwrap();
        let out = s.path("ra.docx");
        let run = s.render(&out, &[]);
        refused(&run, "phải là một đối tượng JSON");
        let message = stderr(&run);
        assert!(
            message.contains(kind) && message.contains("vanban batch"),
            "{message}"
        );
        assert!(!out.exists());
    }
}

/// The package with each entry's content passed through `change`.
fn rezip(docx: &[u8], change: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut input = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..input.len() {
        let mut file = input.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(&change(&name, bytes)).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The package with the CRC of `name` changed, in its local header and in
/// the central directory: its data no longer matches.
fn with_bad_crc(docx: &[u8], name: &str) -> Vec<u8> {
    let mut bytes = docx.to_vec();
    let needle = name.as_bytes();
    let places: Vec<usize> = (0..bytes.len() - needle.len())
        .filter(|&i| &bytes[i..i + needle.len()] == needle)
        .collect();
    let mut changed = 0;
    for at in places {
        if at >= 30 && bytes[at - 30..at - 26] == *b"PK\x03\x04" {
            bytes[at - 30 + 14] ^= 0xFF;
            changed += 1;
        } else if at >= 46 && bytes[at - 46..at - 42] == *b"PK\x01\x02" {
            bytes[at - 46 + 16] ^= 0xFF;
            changed += 1;
        }
    }
    assert_eq!(changed, 2, "local and central headers of {name}");
    bytes
}

/// The package with a byte in the middle of `name`'s compressed data changed.
fn with_bad_data(docx: &[u8], name: &str) -> Vec<u8> {
    let mut bytes = docx.to_vec();
    let needle = name.as_bytes();
    let at = (30..bytes.len() - needle.len())
        .find(|&i| &bytes[i..i + needle.len()] == needle && bytes[i - 30..i - 26] == *b"PK\x03\x04")
        .unwrap();
    let header = at - 30;
    let field = |o: usize| u16::from_le_bytes([bytes[header + o], bytes[header + o + 1]]) as usize;
    let compressed = u32::from_le_bytes(bytes[header + 18..header + 22].try_into().unwrap());
    let data = at + field(26) + field(28);
    bytes[data + compressed as usize / 2] ^= 0x55;
    bytes
}

#[test]
fn a_damaged_entry_copied_unchanged_is_named_by_every_command() {
    let s = Setup::new();
    let theme = "word/theme/theme1.xml";
    let colors: String = (0..200)
        .map(|i| format!("<a:c i=\"{i}\" v=\"{:06X}\"/>", i * 7919))
        .collect();
    let docx = Docx {
        body: p(&["Kính gửi: {{ten}}"]),
        extra: vec![(
            theme.into(),
            format!("<a:theme xmlns:a=\"x\">{colors}</a:theme>").into_bytes(),
        )],
        ..Default::default()
    };
    for (damaged, says) in [
        (with_bad_crc(&docx.bytes(), theme), "(mã kiểm tra CRC"),
        (with_bad_data(&docx.bytes(), theme), ""),
    ] {
        std::fs::write(&s.template, damaged).unwrap();
        let out = s.path("ra.docx");
        let runs = [
            s.render(&out, &[]),
            vanban(&[&"check", &s.template]),
            vanban(&[&"fields", &s.template]),
            s.batch(&s.path("lo"), &[]),
        ];
        for run in runs {
            refused(&run, &format!("phần {theme} bị hỏng {says}"));
        }
        assert!(!out.exists());
        assert!(!s.path("lo").join("manifest.csv").exists());
    }
}

#[test]
fn check_and_render_agree_on_a_document_cut_short() {
    let s = Setup::new();
    let whole = Docx::body(&format!("{}{}", p(&["Số liệu: 12"]), p(&["Hết."]))).bytes();
    let cut = rezip(&whole, |name, bytes| {
        if name == "word/document.xml" {
            let text = String::from_utf8(bytes).unwrap();
            let at = text.rfind("<w:p>").unwrap();
            text.as_bytes()[..at].to_vec()
        } else {
            bytes
        }
    });
    std::fs::write(&s.template, cut).unwrap();
    let render = s.render(&s.path("ra.docx"), &[]);
    let check = vanban(&[&"check", &s.template]);
    refused(&render, "phần word/document.xml bị hỏng");
    refused(&check, "phần word/document.xml bị hỏng");
    assert_eq!(stderr(&render), stderr(&check));
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

#[test]
fn utf16_parts_are_read_and_unchanged_ones_stay_byte_identical() {
    let s = Setup::new();
    let styles = r#"<?xml version="1.0" encoding="UTF-16" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>"#;
    let docx = Docx {
        body: p(&["Kính gửi: {{ten}}"]),
        extra: vec![("word/styles.xml".into(), utf16le(styles))],
        ..Default::default()
    };
    let as_utf16 = rezip(&docx.bytes(), |name, bytes| {
        if name == "word/document.xml" || name == "[Content_Types].xml" {
            let text = String::from_utf8(bytes).unwrap();
            utf16le(&text.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\""))
        } else {
            bytes
        }
    });
    std::fs::write(&s.template, &as_utf16).unwrap();
    let out = s.path("ra.docx");
    let run = s.render(&out, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let rendered = std::fs::read(&out).unwrap();
    let document = String::from_utf8(entry(&rendered, "word/document.xml").unwrap()).unwrap();
    assert!(
        document.starts_with(r#"<?xml version="1.0" encoding="UTF-8""#),
        "{document}"
    );
    assert_eq!(
        texts(&rendered, "word/document.xml"),
        ["Kính gửi: LĐLĐ huyện Krông Búk"]
    );
    let raw = |docx: &[u8]| {
        raw_entries(docx)
            .into_iter()
            .find(|(name, _, _)| name == "word/styles.xml")
            .unwrap()
    };
    assert_eq!(
        raw(&rendered),
        raw(&as_utf16),
        "unchanged part copied as it was"
    );
    for args in [
        vec![&"check" as &dyn AsRef<std::ffi::OsStr>, &s.template],
        vec![&"fields", &s.template],
    ] {
        let run = vanban(&args);
        assert!(matches!(run.status.code(), Some(0 | 1)), "{}", stderr(&run));
    }
    let fields = vanban(&[&"fields", &s.template]);
    assert!(String::from_utf8_lossy(&fields.stdout).contains("ten"));
}

/// With the real LibreOffice (CI installs it): each PDF shows its own
/// record, and a PDF already there is kept until `--force`.
#[test]
fn batch_pdfs_from_libreoffice_show_each_record_and_keep_an_existing_pdf() {
    if Command::new("soffice").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice (soffice) is missing on CI"
        );
        eprintln!("soffice not installed: LibreOffice check not run here (CI runs it)");
        return;
    }
    let s = Setup::new();
    let out = s.path("ra");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("mau-0001.pdf"), "của người dùng").unwrap();
    let run = |force: bool| {
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"--pdf"];
        if force {
            args.push(&"--force");
        }
        s.batch(&out, &args)
    };
    let pdf_text = |name: &str| {
        let text = Command::new("pdftotext")
            .arg(out.join(name))
            .arg("-")
            .output()
            .expect("pdftotext runs");
        String::from_utf8_lossy(&text.stdout).into_owned()
    };
    let first = run(false);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    assert_eq!(
        std::fs::read_to_string(out.join("mau-0001.pdf")).unwrap(),
        "của người dùng"
    );
    assert!(pdf_text("mau-0002.pdf").contains("Kính gửi: B"));
    let forced = run(true);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(pdf_text("mau-0001.pdf").contains("Kính gửi: A"));
    assert!(pdf_text("mau-0002.pdf").contains("Kính gửi: B"));
}

#[test]
fn an_excel_workbook_named_docx_is_refused_by_every_command() {
    let s = Setup::new();
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "ten").unwrap();
    std::fs::write(&s.template, book.save_to_buffer().unwrap()).unwrap();
    let says = "đây là bảng tính Excel mang đuôi .docx";
    refused(&vanban(&[&"fields", &s.template]), says);
    refused(&vanban(&[&"check", &s.template]), says);
    refused(
        &vanban(&[&"check", &"--format", &"json", &s.template]),
        says,
    );
    refused(&s.render(&s.path("ra.docx"), &[]), says);
    assert!(!s.path("ra.docx").exists());
}
