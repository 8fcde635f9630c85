//! Data side of batch generation: one document per record.
//!
//! - [`input`] reads the records from XLSX/XLS/ODS, CSV, JSON or JSON Lines
//!   and reports, per record, why a record cannot be used.
//! - [`naming`] turns record values into safe, unique output file names.
//! - [`header_template`] makes the empty spreadsheet to fill, one column per field.
//! - [`manifest`] writes `manifest.csv` / `manifest.json`, the list of what
//!   was produced for each record.
//! - [`rerun`] holds the output folder for one run at a time and refuses,
//!   replaces or continues what an earlier run left there.

pub mod header_template;
pub mod input;
pub mod manifest;
pub mod naming;
pub mod rerun;
pub mod run;

pub use input::Records;
pub use manifest::{ManifestEntry, Status, MANIFEST_CSV, MANIFEST_JSON};
pub use rerun::Rerun;
pub use run::{run_batch, zip_outputs, BatchOptions};
