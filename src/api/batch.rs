//! One document per record: [`Records`], [`BatchOptions`], [`run_batch`].

use super::template::Template;
use crate::batch::input::columns::ColumnMap;
use crate::batch::input::plan::{self, PlanOptions, Preflight};
use crate::batch::input::ReadOptions;
use crate::batch::{self, ManifestEntry, Rerun, Status};
use crate::error::{Error, Result};
use crate::package::Saver;
use crate::template::shape;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The records of a batch, read from a spreadsheet (.xlsx, .xls, .ods: the
/// header row gives the field names), a .csv, a .json array or .jsonl.
/// A JSON input is read as the batch goes, not all at once.
pub struct Records {
    inner: batch::Records,
    path: PathBuf,
}

impl std::fmt::Debug for Records {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Records").field("len", &self.len()).finish()
    }
}

impl Records {
    /// Opens the records of `path`; `sheet` picks a spreadsheet's sheet
    /// (default: the first). A file with no record at all is an error.
    pub fn open(path: impl AsRef<Path>, sheet: Option<&str>) -> Result<Records> {
        Records::open_with(path, sheet, None)
    }

    /// [`Records::open`], with the header row given: its row number in the
    /// sheet, or its line in a CSV file (default: the first row below any
    /// title rows, such as a merged heading across the table).
    pub fn open_with(
        path: impl AsRef<Path>,
        sheet: Option<&str>,
        header_row: Option<usize>,
    ) -> Result<Records> {
        let path = path.as_ref();
        let options = ReadOptions {
            sheet: sheet.map(str::to_string),
            header_row,
        };
        batch::input::open_records_with(path, &options)
            .map(|inner| Records {
                inner,
                path: path.to_path_buf(),
            })
            .map_err(|e| Error::Data {
                path: path.to_path_buf(),
                detail: e.to_string(),
            })
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// Whether there is no record (never, for records that opened).
    pub fn is_empty(&self) -> bool {
        self.inner.len() == 0
    }

    /// Decides how the records fill `template`, before anything is made:
    /// each column fills the field of the same name, else of the same
    /// folded name ("Tên huyện" fills `ten_huyen`), unless `mapping` says
    /// otherwise; a sheet named after a list field gives its items; a list
    /// written in one cell is split, one item per line or per `;`. Gives the
    /// records, changed so as they are taken, and the [`Preflight`] to show.
    /// `common` is the data every record shares.
    pub fn plan(
        self,
        template: &Template,
        mapping: &[ColumnMap],
        common: &Map<String, Value>,
    ) -> Result<(Records, Preflight)> {
        let shape = shape::infer(template.inner());
        let options = PlanOptions { mapping, common };
        let path = self.path;
        match plan::plan(self.inner, &shape, options) {
            Ok((inner, preflight)) => Ok((Records { inner, path }, preflight)),
            Err(detail) => Err(Error::Data { path, detail }),
        }
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

    /// File names from each record, e.g. `{{ma}}-{{ten_don_vi | hoa}}.docx`,
    /// read by the template language: an unclosed tag, a section, an
    /// unknown filter or wrong filter arguments are an error here, before
    /// anything is written. A field that no record has is an error of
    /// [`run_batch`], before anything is written; a record without a value
    /// for it gets the numbered name.
    pub fn name_pattern(mut self, pattern: &str) -> Result<Self> {
        self.inner.name_pattern = Some(batch::naming::NamePattern::parse(pattern)?);
        Ok(self)
    }

    /// What to do when the folder holds an earlier run's manifest: refuse
    /// (the default), make everything again replacing only that run's
    /// files, or keep its whole documents and make the rest.
    pub fn rerun(mut self, rerun: Rerun) -> Self {
        self.inner.rerun = rerun;
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

    /// The files never to write over, and whether other outputs (a zip)
    /// may replace existing files. Documents replace only an earlier run's
    /// own files (see [`BatchOptions::rerun`]); another file's name gets `-2`, `-3`…
    pub fn with_saver(mut self, saver: Saver) -> Self {
        self.inner.saver = saver;
        self
    }

    /// The rule the batch's files are written by.
    pub fn saver(&self) -> &Saver {
        &self.inner.saver
    }

    /// What the whole batch lacks ([`Preflight::warnings`]): added to the
    /// reasons of every document with gaps in the manifest.
    pub fn warnings(mut self, warnings: Vec<String>) -> Self {
        self.inner.warnings = warnings;
        self
    }

    /// Data every record shares (the body, the signer); each record's own fields win.
    pub fn common(mut self, common: Map<String, Value>) -> Self {
        self.inner.common = common;
        crate::data::normalize_map(&mut self.inner.common);
        self
    }
}

/// Renders and checks one document per record into the options' folder,
/// in parallel, and writes the manifest (`manifest.csv`, `manifest.json`)
/// beside them; `progress` is called with the number of records done so
/// far. A bad record is reported in its entry and skipped, not an error.
/// The folder is locked while the batch runs: a second batch into it stops
/// with an error.
pub fn run_batch<'o>(
    template: &Template,
    records: Records,
    options: &'o BatchOptions,
    progress: impl Fn(usize) + Sync,
) -> Result<BatchReport<'o>> {
    let entries = batch::run_batch(template.inner(), records.inner, &options.inner, progress)?;
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

    /// The lock file in the output folder while a batch runs; it holds
    /// the process number, and goes when the batch ends.
    pub const LOCK_FILE: &'static str = batch::rerun::LOCK_FILE;

    /// One entry per record, in record order.
    pub fn entries(&self) -> &[ManifestEntry] {
        &self.entries
    }

    /// The entries of the records that made no document.
    pub fn failed(&self) -> impl Iterator<Item = &ManifestEntry> {
        self.entries.iter().filter(|e| e.status == Status::Error)
    }

    /// The number of documents written, with gaps or not.
    pub fn written(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| e.status != Status::Error)
            .count()
    }

    /// The gaps found in all the documents written.
    pub fn gaps(&self) -> usize {
        self.entries.iter().filter_map(|e| e.gaps).sum()
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
