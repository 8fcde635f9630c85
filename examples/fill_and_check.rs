//! Fills a template of the pack with its sample data, then with part of it,
//! and checks both results for gaps: the library's front door end to end.
//!
//! ```sh
//! cargo run --example fill_and_check -- [template name] [output.docx]
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "ke-hoach".to_string());
    let output = args.next();
    match run(&name, output.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lỗi [{}]: {e}", e.code());
            ExitCode::FAILURE
        }
    }
}

fn run(name: &str, output: Option<&str>) -> vanban::Result<()> {
    let pack = vanban::PackTemplate::find(name)?;
    let template = pack.template()?;
    let options = vanban::CheckOptions::default();

    // The sample data fills every field: no missing value, no gap.
    let full = template.render(&pack.sample())?;
    let report = vanban::check_bytes(full.as_bytes(), &options)?;
    println!(
        "{name} + mẫu dữ liệu: thiếu {} giá trị; kiểm tra: {}",
        full.missing().len(),
        report.summary_line()
    );
    assert!(full.missing().is_empty(), "the sample fills every field");
    assert!(!report.has_errors(), "a filled document has no gap");

    // Half the data: the rest is marked and the checker finds it.
    let mut partial = pack.sample();
    if let Some(fields) = partial.as_object_mut() {
        let keep = fields.len() / 2;
        let dropped: Vec<String> = fields.keys().skip(keep).cloned().collect();
        for key in dropped {
            fields.remove(&key);
        }
    }
    let doc = template.render(&partial)?;
    for m in doc.missing().iter().take(5) {
        println!("  thiếu {} ({})", m.tag(), m.part());
    }
    let report = vanban::check_bytes(doc.as_bytes(), &options)?;
    println!(
        "{name} + nửa dữ liệu: thiếu {} giá trị; kiểm tra: {}",
        doc.missing().len(),
        report.summary_line()
    );
    assert!(
        !doc.missing().is_empty(),
        "half the data leaves values missing"
    );
    assert!(report.has_errors(), "the checker finds the gaps left");
    for f in report.findings().iter().take(5) {
        println!("  {} {:?}: {}", f.kind().name(), f.severity(), f.message());
    }

    if let Some(path) = output {
        std::fs::write(path, report.annotated()?).map_err(|e| vanban::Error::io(path, e))?;
        println!("bản có đánh dấu: {path}");
    }
    Ok(())
}
