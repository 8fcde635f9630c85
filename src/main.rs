//! The `vanban` command: a thin layer over the library's front door.

mod cli;
mod serve;

use clap::Parser;
use std::process::ExitCode;

/// Rendering a batch allocates many small strings on several threads at
/// once, which mimalloc serves faster than the system allocator. Built
/// without transparent huge pages (Cargo feature `no_thp`): a 2 MiB page
/// faulted in for a few small strings doubled peak memory, and the kernel's
/// compaction for it cost more time than the allocator saved.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            cli::say(&format!("vanban: {e}{}", hint(&e)));
            ExitCode::from(2)
        }
    }
}

/// What to type next, for errors the command line can fix: the library's
/// messages do not know the command's options.
fn hint(e: &vanban::Error) -> &'static str {
    match e.code() {
        "output-exists" => " Thêm --force để ghi đè.",
        "missing-values" => "\n(--strict: bỏ --strict để đánh dấu … các chỗ thiếu thay vì dừng)",
        "unknown-template" => " (xem: vanban list)",
        "earlier-run" | "stopped-run" => "\nThêm --resume để làm tiếp, hoặc --force để làm lại (chỉ thay các tệp có trong manifest của lần trước).",
        _ => "",
    }
}
