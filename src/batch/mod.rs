//! Data side of batch generation: one document per record.
//!
//! - [`input`] reads the records from XLSX/XLS/ODS, CSV, JSON or JSON Lines
//!   and reports, per record, why a record cannot be used.
//! - [`naming`] turns record values into safe, unique output file names.
//! - [`header_template`] makes the empty spreadsheet to fill, one column per field.
//! - [`manifest`] writes `manifest.csv` / `manifest.json`, the list of what
//!   was produced for each record.

pub mod header_template;
pub mod input;
pub mod manifest;
pub mod naming;
pub mod run;

pub use input::Records;
pub use manifest::{write_manifest, ManifestEntry, Status, MANIFEST_CSV, MANIFEST_JSON};
pub use run::{run_batch, zip_outputs, BatchOptions};
