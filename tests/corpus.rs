//! Corpus sweep: every real .docx under ../shared/corpus renders with empty
//! data to a well-formed document whose untouched entries are byte-identical
//! to the input, or is refused with a clear message. Never a panic.

mod common;

use common::{raw_entries, shared};
use serde_json::json;
use std::path::{Path, PathBuf};
use vanban::{Error, RenderOptions, Template};

fn corpus_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![shared().join("corpus")];
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
    out
}

enum Outcome {
    /// Rendered; `read` when the renderer read the text as it rendered.
    Rendered {
        read: bool,
    },
    Refused(String),
}

fn sweep_one(path: &Path) -> Result<Outcome, String> {
    let template = match Template::open(path) {
        Ok(t) => t,
        Err(e) => return Ok(Outcome::Refused(e.to_string())),
    };
    let out = template
        .render(&json!({}), RenderOptions::default())
        .map_err(|e| format!("render failed: {e}"))?;
    let input = std::fs::read(path).unwrap();
    let changed: Vec<&str> = out.parts.iter().map(|(n, _)| n.as_str()).collect();
    let (before, after) = (raw_entries(&input), raw_entries(&out.bytes));
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
    for (name, xml) in &out.parts {
        vanban::xml::parse(xml.as_bytes())
            .map_err(|e| format!("{name} is not well-formed: {e}"))?;
        quick_xml_check(xml).map_err(|e| format!("{name}: {e}"))?;
    }
    if let Some(read) = &out.paragraphs {
        for (name, paragraphs) in read {
            let xml = &out.parts.iter().find(|(n, _)| n == name).unwrap().1;
            let from_xml = vanban::text::paragraphs_in(xml, name).unwrap();
            if *paragraphs != from_xml {
                return Err(format!(
                    "{name}: the text read while rendering differs from the output's"
                ));
            }
        }
    }
    Ok(Outcome::Rendered {
        read: out.paragraphs.is_some(),
    })
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
    let files = corpus_files();
    assert!(
        files.len() > 500,
        "expected the shared corpus, found {} files",
        files.len()
    );
    let (mut rendered, mut read, mut refused, mut failures) = (0, 0, Vec::new(), Vec::new());
    for path in &files {
        let result = std::panic::catch_unwind(|| sweep_one(path));
        match result {
            Ok(Ok(Outcome::Rendered { read: r })) => {
                rendered += 1;
                read += usize::from(r);
            }
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
        "corpus: {} files, {rendered} rendered ({read} with their text read while rendering), {} refused",
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
    let poi = shared().join("corpus/public/apache-poi/document");
    let err = Template::open(poi.join("bug53475-password-is-pass.docx")).unwrap_err();
    assert!(matches!(err, Error::Encrypted { .. }), "{err}");
    let err = Template::open(poi.join("ExternalEntityInText.docx")).unwrap_err();
    assert!(err.to_string().contains("DOCTYPE"), "{err}");
}

/// The checker's fast reader and the fill engine's tree reader agree on every
/// paragraph of every story part in the corpus.
#[test]
fn both_readers_see_the_same_paragraphs() {
    use unicode_normalization::UnicodeNormalization;
    use vanban::xml::{Element, Node, Tag};
    fn tree_texts(e: &Element, out: &mut Vec<String>) {
        for c in &e.children {
            let Node::Element(c) = c else { continue };
            if c.tag == Tag::Fallback {
                continue;
            }
            if c.tag == Tag::P {
                out.push(vanban::text::ParagraphText::of(c).text.nfc().collect());
            }
            tree_texts(c, out);
        }
    }
    let mut parts = 0;
    for path in corpus_files() {
        let Ok(package) = vanban::package::Package::open(&path) else {
            continue;
        };
        for story in package.stories() {
            let Ok(bytes) = package.read_part(&story.part) else {
                continue;
            };
            let Ok(doc) = vanban::xml::parse(&bytes) else {
                continue;
            };
            let mut tree = Vec::new();
            tree_texts(doc.root().unwrap(), &mut tree);
            let fast: Vec<String> =
                vanban::text::paragraphs_in(std::str::from_utf8(&bytes).unwrap(), &story.part)
                    .unwrap()
                    .into_iter()
                    .map(|p| p.text)
                    .collect();
            assert_eq!(tree, fast, "{} {}", path.display(), story.part);
            parts += 1;
        }
    }
    assert!(parts > 1000, "only {parts} parts compared");
}
