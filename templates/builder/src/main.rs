//! Builds the template pack: `templates/<name>.docx` for every template.
//!
//! Usage: vanban-template-builder [OUT_DIR]   (default: the templates folder)

mod kit;
mod order;
mod post;
mod templates;

use std::io::Cursor;
use std::path::PathBuf;

fn main() {
    let out_dir = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("builder sits in templates/")
            .to_path_buf()
    });
    let mut failed = false;
    for t in templates::all() {
        let mut raw = Cursor::new(Vec::new());
        let docx = kit::document(t.blocks);
        if let Err(e) = docx.build().pack(&mut raw) {
            eprintln!("{}: {e}", t.name);
            failed = true;
            continue;
        }
        match post::finish(raw.into_inner()) {
            Ok(bytes) => {
                let path = out_dir.join(format!("{}.docx", t.name));
                std::fs::write(&path, bytes).expect("write template");
                println!("{}", path.display());
            }
            Err(e) => {
                eprintln!("{}: {e}", t.name);
                failed = true;
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}
