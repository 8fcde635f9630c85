//! Helpers shared by the integration tests: building .docx files, reading
//! what vanban wrote with a reader of their own, finding shared material.
#![allow(dead_code)]

mod docx;
pub mod xml;

pub use docx::*;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

/// Paragraph texts of a part, by the tests' own reader ([`xml`]).
pub fn texts(docx: &[u8], part: &str) -> Vec<String> {
    let bytes = entry(docx, part).expect("part exists");
    let doc = xml::parse(&bytes).expect("well-formed");
    xml::paragraphs(doc.root().unwrap())
        .into_iter()
        .map(xml::paragraph_text)
        .collect()
}

/// A copy of a zip with each entry's content passed through `each` (which
/// returns `None` to drop the entry), and `added` entries appended.
pub fn rewrite_zip(
    docx: &[u8],
    mut each: impl FnMut(&str, Vec<u8>) -> Option<Vec<u8>>,
    added: &[(&str, &[u8])],
) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        drop(f);
        if let Some(data) = each(&name, data) {
            z.start_file(name, opts).unwrap();
            z.write_all(&data).unwrap();
        }
    }
    for (name, data) in added {
        z.start_file(*name, opts).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

pub fn vanban_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_vanban"))
}

/// The templates of the pack, by name.
pub const PACK_TEMPLATES: [&str; 6] = [
    "bao-cao-so-ket",
    "bao-cao-tong-ket-nhiem-ky",
    "chuong-trinh-hanh-dong",
    "cong-van-huong-dan",
    "de-cuong-bao-cao",
    "ke-hoach",
];

/// `vanban batch TEMPLATE --data DATA --out OUT`, ready for more arguments.
pub fn batch_command(
    template: impl AsRef<std::ffi::OsStr>,
    data: &Path,
    out: &Path,
) -> std::process::Command {
    let mut command = std::process::Command::new(vanban_bin());
    command
        .arg("batch")
        .arg(template)
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(out);
    command
}

/// Runs `vanban batch TEMPLATE --data DATA --out OUT` with `extra` arguments.
pub fn batch(
    template: impl AsRef<std::ffi::OsStr>,
    data: &Path,
    out: &Path,
    extra: &[&str],
) -> std::process::Output {
    batch_command(template, data, out)
        .args(extra)
        .output()
        .unwrap()
}

/// Runs `vanban` with `args` and asserts it succeeded, showing its
/// messages when it did not.
pub fn vanban_ok<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> std::process::Output {
    let out = std::process::Command::new(vanban_bin())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The folder of shared test material beside the repository.
pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// The seeds (the five real documents the project was created from) as
/// .docx with their gap labels (`*.labels.json`), kept in the repository.
pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seeds")
}

/// `../shared/<rel>`, the shared test material beside the repository, when
/// it is there. When it is absent `test` is reported as skipped and the
/// answer is `None`; under CI (`CI` set), which always has it, its absence
/// fails the test instead.
pub fn shared_or_skip(rel: &str, test: &str) -> Option<PathBuf> {
    let path = shared().join(rel);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: {} is missing on CI",
        path.display()
    );
    eprintln!(
        "SKIPPED {test}: {} is not beside the repository (CI runs it)",
        path.display()
    );
    None
}
