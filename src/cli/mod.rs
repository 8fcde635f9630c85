//! Command-line interface: argument parsing and one module per command.

mod fields;
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
    /// List the tags of a template and where they appear.
    Fields(fields::Args),
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Render(a) => render::run(a),
        Command::Fields(a) => fields::run(a),
    }
}
