//! Corpus sweep: every real .docx under ../shared/corpus renders with empty
//! data to a well-formed document whose untouched entries are byte-identical
//! to the input, or is refused with a clear message. Never a panic.
//!
//! Skipped (and said so) where ../shared is absent; under CI it must be there.

mod common;

use common::{raw_entries, shared_or_skip};
use serde_json::json;
use std::path::{Path, PathBuf};
use vanban::{Error, Template};

/// Every Word file of the shared corpus; `None` (said) where it is absent.
fn corpus_files(test: &str) -> Option<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![shared_or_skip("corpus", test)?];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("../shared/corpus is beside the repository") {
            let path = entry.unwrap().path();
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
    Some(out)
}

enum Outcome {
    Rendered,
    Refused(String),
}

fn sweep_one(path: &Path) -> Result<Outcome, String> {
    let template = match Template::open(path) {
        Ok(t) => t,
        Err(e) => return Ok(Outcome::Refused(e.to_string())),
    };
    let out = template
        .render(&json!({}))
        .map_err(|e| format!("render failed: {e}"))?;
    let input = std::fs::read(path).unwrap();
    let changed: Vec<&str> = out.changed_parts().collect();
    let (before, after) = (raw_entries(&input), raw_entries(out.as_bytes()));
    if before.len() != after.len() {
        return Err("entry count changed".into());
    }
    for (b, a) in before.iter().zip(&after) {
        if b.0 != a.0 {
            return Err(format!("entry order changed at {}", b.0));
        }
        if !changed.contains(&b.0.as_str()) && b != a {
            return Err(format!("untouched entry {} is not byte-identical", b.0));
        }
    }
    for name in changed {
        let bytes = common::entry(out.as_bytes(), name).ok_or(format!("{name} is missing"))?;
        let xml = String::from_utf8(bytes).map_err(|e| format!("{name}: {e}"))?;
        common::xml::parse(xml.as_bytes())
            .map_err(|e| format!("{name} is not well-formed: {e}"))?;
        quick_xml_check(&xml).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(Outcome::Rendered)
}

/// A second, independent well-formedness check with the quick-xml reader.
fn quick_xml_check(xml: &str) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
}

#[test]
fn every_corpus_file_renders_losslessly_or_is_refused_clearly() {
    let Some(files) = corpus_files("the corpus sweep") else {
        return;
    };
    assert!(
        files.len() > 500,
        "expected the shared corpus, found {} files",
        files.len()
    );
    let (mut rendered, mut refused, mut failures) = (0, Vec::new(), Vec::new());
    for path in &files {
        let result = std::panic::catch_unwind(|| sweep_one(path));
        match result {
            Ok(Ok(Outcome::Rendered)) => rendered += 1,
            Ok(Ok(Outcome::Refused(msg))) => refused.push((path.clone(), msg)),
            Ok(Err(e)) => failures.push(format!("{}: {e}", path.display())),
            Err(_) => failures.push(format!("{}: PANIC", path.display())),
        }
    }
    for (path, msg) in &refused {
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(
            msg.contains(name.as_ref()),
            "message must name the file: {msg}"
        );
        println!(
            "refused {}: {}",
            path.display(),
            msg.lines().next().unwrap_or_default()
        );
    }
    println!(
        "corpus: {} files, {rendered} rendered, {} refused",
        files.len(),
        refused.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The deliberately broken files must be among the refused ones.
    for broken in [
        "bug53475-password-is-pass.docx",
        "truncated62886.docx",
        "ExternalEntityInText.docx",
    ] {
        assert!(
            refused.iter().any(|(p, _)| p.ends_with(broken)),
            "{broken} should be refused"
        );
    }
}

#[test]
fn refusals_say_what_the_file_is() {
    let Some(poi) = shared_or_skip("corpus/public/apache-poi/document", "refusals") else {
        return;
    };
    let err = Template::open(poi.join("bug53475-password-is-pass.docx")).unwrap_err();
    assert!(matches!(err, Error::Encrypted { .. }), "{err}");
    let err = Template::open(poi.join("ExternalEntityInText.docx")).unwrap_err();
    assert!(err.to_string().contains("DOCTYPE"), "{err}");
}
