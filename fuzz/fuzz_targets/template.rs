//! The tag lexer, parser and section placement on arbitrary text: the text
//! becomes a template (paragraphs, runs, table rows, footnotes; see
//! `vanban_fuzz::template_docx`), which is compiled; a template that
//! compiles is rendered with data shaped after its own tags.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vanban::package::{Limits, Package};
use vanban::{RenderOptions, Template};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for tag in text.split("{{").skip(1) {
        let inner = tag.split("}}").next().unwrap_or_default();
        let _ = vanban::template::expr::parse_tag(inner);
    }
    let _ = vanban::template::lexer::lex(&text);
    let bytes = vanban_fuzz::template_docx(&text);
    let Ok(package) = Package::from_bytes(bytes, "fuzz.docx", Limits::default()) else {
        return;
    };
    let Ok(template) = Template::from_package(package) else {
        return;
    };
    let data = vanban_fuzz::repeated(vanban::template::shape::infer(&template).skeleton());
    let _ = template.render(&data, RenderOptions::default());
    let _ = template.render(&serde_json::json!({}), RenderOptions::default());
});
