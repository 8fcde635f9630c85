//! The library's imports point one way: each module uses only modules of a
//! lower layer (`crate::x` paths, in code and in doc links alike). The
//! layers are the ones ARCHITECTURE.md draws; a new import that points up
//! or sideways fails here with the file that holds it.

use std::path::{Path, PathBuf};

/// From the bottom up; a module may use the modules of the layers below its own.
const LAYERS: &[&[&str]] = &[
    &["xml", "vi"],
    &["text"],
    &["error"],
    &["package"],
    &["data", "normalize", "check"],
    &["template"],
    &["render", "pack"],
    &["batch"],
    &["api"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file names through `crate::x` or `crate::{x, y}`.
fn crate_modules(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let group = match rest.strip_prefix('{') {
            Some(inner) => &inner[..inner.find('}').unwrap_or(inner.len())],
            None => rest,
        };
        for item in group.split(',') {
            let name: String = item
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                names.push(name);
            }
            if !rest.starts_with('{') {
                break;
            }
        }
    }
    names
}

#[test]
fn every_module_imports_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    let mut checked = 0;
    for layer in LAYERS {
        for module in *layer {
            let own = layer_of(module).unwrap();
            let mut files = Vec::new();
            let dir = src.join(module);
            if dir.is_dir() {
                rust_files(&dir, &mut files);
            } else {
                files.push(src.join(format!("{module}.rs")));
            }
            assert!(
                !files.is_empty() && files[0].exists(),
                "module {module} not found"
            );
            for file in files {
                let source = std::fs::read_to_string(&file).unwrap();
                for used in crate_modules(&source) {
                    let Some(theirs) = layer_of(&used) else {
                        continue;
                    };
                    checked += 1;
                    if used != *module && theirs >= own {
                        wrong.push(format!(
                            "{}: {module} uses crate::{used}",
                            file.strip_prefix(&src).unwrap().display()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} imports found: is the reader broken?"
    );
    assert!(
        wrong.is_empty(),
        "imports that point up or sideways:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_reader_sees_grouped_paths_and_doc_links() {
    let source = "use crate::{text::Paragraph, xml};\n/// See [`crate::render::Rendered`].\nuse crate::error::Error;";
    assert_eq!(crate_modules(source), ["text", "xml", "render", "error"]);
}

#[test]
fn every_library_module_has_a_layer() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    for line in lib.lines() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix("mod ").and_then(|l| l.strip_suffix(';')) {
            if name != "tests" {
                assert!(
                    layer_of(name).is_some(),
                    "module {name} has no layer in tests/layers.rs"
                );
            }
        }
    }
}
