//! The `vanban` command: a thin layer over the library.

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
            cli::say(&format!("vanban: {e}"));
            ExitCode::from(2)
        }
    }
}
