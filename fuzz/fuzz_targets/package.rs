//! The package reader on arbitrary bytes: open the zip (limits, content
//! types, relationships, story parts), read every entry, and read the text
//! of every story part. Any outcome but a panic, an abort or a blow-up is fine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vanban::package::{Limits, Package};

fuzz_target!(|data: &[u8]| {
    let Ok(package) = Package::from_bytes(data.to_vec(), "fuzz.docx", Limits::default()) else {
        return;
    };
    let names: Vec<String> = package.entries().iter().map(|e| e.name.clone()).collect();
    for name in names {
        let _ = package.read_part_if_present(&name);
    }
    let _ = vanban::check::read::paragraphs_of(&package);
});
