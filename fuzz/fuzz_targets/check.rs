//! The gap checker on arbitrary document XML: the input is the whole
//! `word/document.xml` of a package; every rule runs over it and the
//! annotated copy is made from the findings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vanban::package::{Limits, Package};

fuzz_target!(|data: &[u8]| {
    let bytes = vanban_fuzz::docx(data, None);
    let Ok(package) = Package::from_bytes(bytes, "fuzz.docx", Limits::default()) else {
        return;
    };
    let Ok(findings) = vanban::check::read::check_package(&package, &Default::default()) else {
        return;
    };
    let _ = vanban::check::annotate::annotate(&package, &findings);
});
