//! Tests of the pipeline's inner agreements, which the front door does not
//! show: the text the renderer reads while it renders (a speed-up for
//! batches) is what reading its output gives, and the checker's fast reader
//! and the element-tree reader see the same paragraphs.

mod readers;

use std::path::PathBuf;

/// `text` in UTF-16 with its byte order mark, big- or little-endian.
pub(crate) fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let bom = if big_endian {
        [0xFE, 0xFF]
    } else {
        [0xFF, 0xFE]
    };
    let units = text.encode_utf16().flat_map(|unit| {
        if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        }
    });
    bom.into_iter().chain(units).collect()
}

/// `../shared/<rel>` beside the repository, when it is there. When it is
/// absent the test is reported as skipped; under CI (`CI` set), which
/// always has it, its absence fails the test.
fn shared_or_skip(rel: &str, test: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
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

/// Every Word file under `dir`, sorted.
fn word_files(dir: PathBuf) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("docx" | "dotx" | "docm" | "dotm")
            ) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
