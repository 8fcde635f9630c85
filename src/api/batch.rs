//! One document per record: [`Records`], [`BatchOptions`], [`run_batch`].

use super::template::Template;
use crate::batch::input::columns::{self, ColumnMatch};
use crate::batch::{self, ManifestEntry, Status};
use crate::error::{Error, Result};
use crate::package::Saver;
use crate::template::shape;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The records of a batch, read from a spreadsheet (.xlsx, .xls, .ods: the
/// header row gives the field names), a .csv, a .json array or .jsonl.
/// A JSON input is read as the batch goes, not all at once.
pub struct Records(batch::Records);

impl std::fmt::Debug for Records {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Records").field("len", &self.len()).finish()
    }
}

impl Records {
    /// Opens the records of `path`; `sheet` picks a spreadsheet's sheet
    /// (default: the first). A file with no record at all is an error.
    pub fn open(path: impl AsRef<Path>, sheet: Option<&str>) -> Result<Records> {
        let path = path.as_ref();
        batch::open_records(path, sheet)
            .map(Records)
            .map_err(|e| Error::Data {
                path: path.to_path_buf(),
                detail: e.to_string(),
            })
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no record (never, for records that opened).
    pub fn is_empty(&self) -> bool {
        self.0.len() == 0
    }

    /// Reads every record and matches its columns to the fields of
    /// `template`: the same name first, else the same folded name
    /// ("Tên huyện" fills `ten_huyen`). Gives the records with each column
    /// renamed to the field it fills, and what each column fills.
    pub fn matched_to(self, template: &Template) -> (Records, ColumnMatch) {
        let records: Vec<batch::input::Record> = self.0.collect();
        let (fields, lists) = columns::template_fields(&shape::infer(template.inner()));
        let headers = columns::record_columns(records.iter().filter_map(|r| r.data.as_ref().ok()));
        let matched = columns::match_columns(&headers, &fields, &lists);
        let renamed = records
            .into_iter()
            .map(|mut r| {
                r.data = r.data.map(|d| columns::rename_to_fields(d, &matched));
                r
            })
            .collect();
        (Records(batch::Records::from_records(renamed)), matched)
    }
}

/// How to run a batch.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct BatchOptions {
    inner: batch::BatchOptions,
}

impl BatchOptions {
    /// Documents go into `out_dir` (created when missing), named
    /// `<template name>-0001.docx`, … unless a pattern is given.
    pub fn new(out_dir: impl Into<PathBuf>, template_name: impl Into<String>) -> BatchOptions {
        BatchOptions {
            inner: batch::BatchOptions {
                out_dir: out_dir.into(),
                template_name: template_name.into(),
                ..Default::default()
            },
        }
    }

    /// File names from each record, e.g. `{{ma}}-{{ten_don_vi}}.docx`.
    pub fn name_pattern(mut self, pattern: impl Into<String>) -> Self {
        self.inner.name_pattern = Some(pattern.into());
        self
    }

    /// Fold Vietnamese letters to ASCII in file names.
    pub fn ascii_names(mut self, yes: bool) -> Self {
        self.inner.ascii_names = yes;
        self
    }

    /// A record with a missing value fails instead of getting a gap marker.
    pub fn strict(mut self, yes: bool) -> Self {
        self.inner.strict = yes;
        self
    }

    /// The files never to write over, and whether existing documents are
    /// replaced (else a document whose name is taken gets `-2`, `-3`…).
    pub fn with_saver(mut self, saver: Saver) -> Self {
        self.inner.saver = saver;
        self
    }

    /// The rule the batch's files are written by.
    pub fn saver(&self) -> &Saver {
        &self.inner.saver
    }

    /// Data every record shares (the body, the signer); each record's own fields win.
    pub fn common(mut self, common: Map<String, Value>) -> Self {
        self.inner.common = common;
        crate::data::normalize_map(&mut self.inner.common);
        self
    }
}

/// Renders and checks one document per record into the options' folder,
/// in parallel; `progress` is called with the number of records done so
/// far. A bad record is reported in its entry and skipped, not an error.
pub fn run_batch<'o>(
    template: &Template,
    records: Records,
    options: &'o BatchOptions,
    progress: impl Fn(usize) + Sync,
) -> Result<BatchReport<'o>> {
    let entries = batch::run_batch(template.inner(), records.0, &options.inner, progress)?;
    Ok(BatchReport { options, entries })
}

/// How each record of a batch went.
#[derive(Debug)]
pub struct BatchReport<'o> {
    options: &'o BatchOptions,
    entries: Vec<ManifestEntry>,
}

impl BatchReport<'_> {
    /// The names of the manifest's two files in the output folder.
    pub const MANIFEST_FILES: [&'static str; 2] = [batch::MANIFEST_CSV, batch::MANIFEST_JSON];

    /// One entry per record, in record order.
    pub fn entries(&self) -> &[ManifestEntry] {
        &self.entries
    }

    /// The entries of the records that made no document.
    pub fn failed(&self) -> impl Iterator<Item = &ManifestEntry> {
        self.entries.iter().filter(|e| e.status == Status::Error)
    }

    /// The number of documents written.
    pub fn written(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| e.status == Status::Ok)
            .count()
    }

    /// The gaps found in all the documents written.
    pub fn gaps(&self) -> usize {
        self.entries.iter().filter_map(|e| e.gaps).sum()
    }

    /// Writes `manifest.csv` (for Excel) and `manifest.json` into the output folder.
    pub fn write_manifest(&self) -> Result<()> {
        let saver = &self.options.inner.saver;
        batch::write_manifest(&saver.folder(&self.options.inner.out_dir), &self.entries)
    }

    /// Packs the documents and the manifest into one .zip at `zip_path`.
    pub fn write_zip(&self, zip_path: impl AsRef<Path>) -> Result<()> {
        let inner = &self.options.inner;
        batch::zip_outputs(
            &inner.out_dir,
            &self.entries,
            zip_path.as_ref(),
            &inner.saver,
        )
    }
}
