//! The library's front door: the types and functions other programs use.
//! Each is a thin layer over the pipeline's modules, which stay private.

mod batch;
mod check;
mod data;
mod fields;
#[cfg(feature = "pack")]
mod pack;
mod template;

pub use crate::batch::input::columns::{ColumnMap, ColumnMatch, ColumnUse};
pub use crate::batch::input::plan::{ListSheet, Preflight};
pub use crate::normalize::{normalize_bytes, Summary as NormalizeSummary, UNICODE_FONT};
pub use batch::{run_batch, BatchOptions, BatchReport, Records};
pub use check::{
    check_bytes, check_bytes_named, check_file, write_json_reports, CheckOptions, Finding, Report,
};
pub use data::{data_from_file, data_from_str, data_object_from_file};
pub use fields::Fields;
#[cfg(feature = "pack")]
pub use pack::PackTemplate;
pub use template::{Document, RenderOptions, Template};

/// Compiles the gap checker's patterns now rather than at the first check:
/// call it on a spare thread while other work (reading a template, the
/// records of a batch) goes on.
pub fn prepare_checks() {
    crate::check::compile_patterns();
}
