//! Command-line interface: argument parsing and one module per command.

mod batch;
mod check;
mod fields;
mod normalize;
mod pack;
mod render;

use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;
use vanban::Result;

/// Fill and check official Vietnamese administrative documents (.docx).
#[derive(Debug, Parser)]
#[command(name = "vanban", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Output format of listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For programs.
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Fill a template with data and write a .docx.
    Render(render::Args),
    /// Make one document per record of a spreadsheet, CSV or JSON file.
    Batch(batch::Args),
    /// Find figures still missing in .docx drafts.
    Check(check::Args),
    /// Convert an old document typed in TCVN3 (.VnTime…) or VNI fonts to Unicode.
    Normalize(normalize::Args),
    /// List the tags of a template and where they appear.
    Fields(fields::Args),
    /// List the templates of the pack.
    List(pack::ListArgs),
    /// Print a pack template's sample data as a starting point.
    New(pack::NewArgs),
    /// Start the web page and the HTTP API (http://127.0.0.1:8080).
    Serve(crate::serve::Args),
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Render(a) => render::run(a),
        Command::Batch(a) => batch::run(a),
        Command::Check(a) => check::run(a),
        Command::Fields(a) => fields::run(a),
        Command::Normalize(a) => normalize::run(a),
        Command::List(a) => pack::list(a),
        Command::New(a) => pack::new(a),
        Command::Serve(a) => crate::serve::run(a),
    }
}

/// Prints a line to standard output. A closed pipe (`| head`) is not an
/// error: what nobody reads is dropped, and the command ends as it would.
pub fn print(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}").and_then(|()| out.flush());
}

/// Prints a line to standard error, the same way: messages that nobody can
/// read any more (`2>&1 | head`) are dropped, never a crash.
pub fn say(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}
