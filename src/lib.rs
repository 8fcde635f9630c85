//! vanban: a lossless .docx template engine and gap checker for Vietnamese
//! administrative documents (Nghị định 30/2020/NĐ-CP).
//!
//! Fill a template, see what the data lacked, and check the result for gaps
//! before it is signed:
//!
//! ```
//! # fn main() -> vanban::Result<()> {
//! # let dir = tempfile::tempdir().unwrap();
//! # let path = dir.path().join("mau.docx");
//! # std::fs::write(&path, vanban::PackTemplate::find("ke-hoach")?.docx()).unwrap();
//! let t = vanban::Template::open(&path)?; // also Template::from_bytes and Template::from_pack("ke-hoach")
//! let doc = t.render(&serde_json::json!({ "ten_don_vi": "LĐLĐ huyện Krông Pắc" }))?;
//! for m in doc.missing() {
//!     println!("{} {}", m.tag(), m.part()); // missing values and where
//! }
//! let bytes: Vec<u8> = doc.to_bytes();
//! let report = vanban::check_bytes(&bytes, &vanban::CheckOptions::default())?;
//! for f in report.findings() {
//!     println!("{:?} {:?} {}", f.kind(), f.severity(), f.message());
//! }
//! assert!(report.has_errors()); // the values left out are gaps
//! # Ok(()) }
//! ```
//!
//! - [`Template`]: open ([`Template::open`], [`Template::from_bytes`],
//!   [`Template::from_pack`]), fill ([`Template::render`],
//!   [`RenderOptions`]), list its [`Fields`].
//! - [`Document`]: the filled .docx and its [`MissingValue`]s.
//! - [`check_bytes`], [`check_file`]: a [`Report`] of [`Finding`]s
//!   ([`Kind`], [`Severity`]), as JSON or text, and an annotated copy.
//! - [`PackTemplate`]: the embedded template pack (feature `pack`).
//! - [`run_batch`]: one document per record of a spreadsheet, CSV or JSON file.
//! - [`Error`]: a Vietnamese message for people and a stable [`Error::code`].
//!
//! Cargo features: `pack` (the embedded template pack) and `cli` (the
//! `vanban` command), both on by default. A library user who needs neither
//! the command nor its dependencies writes
//! `vanban = { version = "…", default-features = false, features = ["pack"] }`.
//!
//! `ARCHITECTURE.md` describes the modules behind this front door.
#![deny(missing_docs)]

mod api;
mod batch;
mod check;
mod data;
mod error;
mod normalize;
#[cfg(feature = "pack")]
mod pack;
mod package;
mod render;
mod template;
mod text;
mod vi;
mod xml;

#[cfg(feature = "pack")]
pub use api::PackTemplate;
pub use api::{
    check_bytes, check_bytes_named, check_file, data_from_file, data_from_str,
    data_object_from_file, normalize_bytes, prepare_checks, run_batch, write_json_reports,
    BatchOptions, BatchReport, CheckOptions, ColumnMap, ColumnMatch, ColumnUse, Document, Fields,
    Finding, ListSheet, NormalizeSummary, Preflight, Records, RenderOptions, Report, Template,
    UNICODE_FONT,
};
pub use batch::{ManifestEntry, Rerun, Status};
pub use check::{FormatRule, Kind, Severity};
pub use error::{Error, MissingValue, Result, TemplateError};
pub use package::{Folder, Saver};
pub use render::GAP_MARKER;
pub use vi::did_you_mean;

#[cfg(test)]
mod tests;

/// The README's examples, run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
