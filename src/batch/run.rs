//! Running a batch: one document per record, in parallel, never losing a record.
//!
//! Records are taken in chunks, so memory stays flat however many there are.
//! Within a chunk, names are handed out in record order (so they do not
//! depend on thread timing), then the documents are rendered, checked for
//! gaps and written in parallel, while the next chunk is read and named. A
//! bad record is reported in its manifest entry and the others go on. Each
//! document appears whole or not at all (written unnamed or under a
//! temporary name, then named); flushing them to disk is left to the
//! system, as a flush per file would cost more than making the file.

use super::input::{merge_common, Record, Records};
use super::manifest::{write_manifest, ManifestEntry, Status};
use super::naming::{default_name, number_width, sanitize_or, NamePattern, UniqueNames};
use super::rerun::{Earlier, FolderLock, Journal, Rerun};
use crate::check::read::StoryCache;
use crate::check::{check_marked_with, CheckOptions, LocalCache, Severity};
use crate::error::format_missing;
use crate::error::{Error, Result};
use crate::package::Saver;
use crate::render::RenderOptions;
use crate::template::Template;
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;

/// How to run a batch.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// The folder the documents go to (created when missing).
    pub out_dir: PathBuf,
    /// File name pattern, e.g. `{{ma}}-{{ten_don_vi}}.docx`; default `<template>-0001.docx`.
    pub name_pattern: Option<NamePattern>,
    /// What to do with an earlier run's files in the folder.
    pub rerun: Rerun,
    /// The template's name, for default file names.
    pub template_name: String,
    /// Fold Vietnamese letters to ASCII in file names.
    pub ascii_names: bool,
    /// A record with a missing value fails instead of getting a gap marker.
    pub strict: bool,
    /// Data shared by every record; the record's own fields win.
    pub common: Map<String, Value>,
    /// What the whole batch lacks (a column empty in every record…): added
    /// to the reasons of every document with gaps.
    pub warnings: Vec<String>,
    /// The files never to write over. A document whose name is taken by a
    /// file that is not the earlier run's gets `-2`, `-3`…
    pub saver: Saver,
}

/// Records taken per parallel step: enough to keep every core busy, few enough to keep memory flat.
const CHUNK: usize = 256;
/// Records of the first step: the first documents start sooner.
const FIRST_CHUNK: usize = 32;

/// Records to take after the first `taken`: as many as taken so far, so
/// that steps grow from [`FIRST_CHUNK`] to [`CHUNK`].
fn chunk_size(taken: usize) -> usize {
    taken.clamp(FIRST_CHUNK, CHUNK)
}

/// Renders one document per record into `options.out_dir` and writes the
/// manifest; `progress` is called with the number of records done so far.
/// Returns one manifest entry per record, in record order.
///
/// Before anything is written, the name pattern's fields are looked for in
/// the first records. The folder is then held by a lock for the whole run;
/// an earlier run's manifest there is refused, replaced or continued as
/// `options.rerun` says.
pub fn run_batch(
    template: &Template,
    mut records: Records,
    options: &BatchOptions,
    progress: impl Fn(usize) + Sync,
) -> Result<Vec<ManifestEntry>> {
    let first = records.next_chunk(chunk_size(0));
    check_name_fields(options, &first)?;
    let out_dir = &options.out_dir;
    std::fs::create_dir_all(out_dir).map_err(|e| Error::write(out_dir, e))?;
    let lock = FolderLock::take(out_dir, options.rerun)?;
    let earlier = match Earlier::find(out_dir)? {
        Some((_, what)) if options.rerun == Rerun::Refuse => {
            return Err(Error::EarlierRun {
                dir: out_dir.clone(),
                what,
            })
        }
        found => found.map(|(earlier, _)| earlier),
    };
    // The earlier run's files are this run's to replace; no other file is.
    let saver = match &earlier {
        Some(_) => options.saver.replacing(),
        None => options.saver.clone(),
    };
    let added_notes = template
        .footnotes()
        .filter(|f| f.created.is_some())
        .map(|f| f.part.clone());
    let stories = StoryCache::new(template.package(), added_notes)?;
    let width = number_width(records.len());
    let mut names = UniqueNames::for_dir_replacing(out_dir, earlier.iter().flat_map(|e| e.files()))
        .map_err(|e| Error::io(out_dir, e))?;
    names.reserve(super::manifest::MANIFEST_CSV);
    names.reserve(super::manifest::MANIFEST_JSON);
    let kept = match (&earlier, options.rerun) {
        (Some(earlier), Rerun::Resume) => Some(earlier),
        _ => None,
    };
    let mut journal = Journal::start(out_dir, earlier.as_ref())?;
    let mut entries = Vec::with_capacity(records.len());
    let done = AtomicUsize::new(0);
    let caches = CachePool::default();
    let ran = std::thread::scope(|scope| -> Result<Vec<(usize, Error)>> {
        let (files, to_write) = sync_channel::<Vec<FileToWrite>>(WRITE_QUEUE / OUTBOX);
        let saver = &saver;
        let writer = scope.spawn(move || write_files(to_write, saver, out_dir));
        let named = |chunk: Vec<Record>, names: &mut UniqueNames, first: usize| {
            name_chunk(chunk, names, options, kept, width, first)
        };
        let mut upcoming = named(first, &mut names, 0);
        // Each chunk renders while the next one is read and named.
        while !upcoming.is_empty() {
            let chunk = std::mem::take(&mut upcoming);
            journal.named(chunk.iter().filter_map(|(_, _, plan)| match plan {
                Plan::Make(name) => Some(name.as_str()),
                _ => None,
            }))?;
            let next_first = entries.len() + chunk.len();
            let (results, next) = rayon::join(
                || {
                    chunk
                        .into_par_iter()
                        .map_init(
                            || (caches.lend(), Outbox::new(files.clone())),
                            |(cache, outbox), (index, record, plan)| {
                                let job = Job {
                                    template,
                                    stories: &stories,
                                    options,
                                };
                                let entry = job.one(index, record, plan, cache, outbox);
                                progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                                entry
                            },
                        )
                        .collect::<Vec<ManifestEntry>>()
                },
                || {
                    let chunk = records.next_chunk(chunk_size(next_first));
                    named(chunk, &mut names, next_first)
                },
            );
            journal.done(&results)?;
            entries.extend(results);
            upcoming = next;
        }
        drop(files);
        writer.join().map_err(|_| {
            Error::write(
                out_dir,
                std::io::Error::other("luồng ghi tệp dừng giữa chừng"),
            )
        })
    });
    for (index, error) in ran? {
        let entry = &mut entries[index];
        entry.status = Status::Error;
        entry.file = None;
        entry.gaps = None;
        entry.reasons.clear();
        entry.error = Some(error.to_string());
    }
    write_manifest(&saver.folder(out_dir), &entries)?;
    journal.finish();
    if let (Some(earlier), Rerun::Force) = (&earlier, options.rerun) {
        earlier.remove_unlisted(out_dir, &entries);
    }
    drop(lock);
    Ok(entries)
}

/// A name pattern's field that no record of the first step has (nor the
/// common data) is a mistake in the pattern, not a gap in every record.
fn check_name_fields(options: &BatchOptions, first: &[Record]) -> Result<()> {
    let Some(pattern) = &options.name_pattern else {
        return Ok(());
    };
    let records: Vec<&Map<String, Value>> =
        first.iter().filter_map(|r| r.data.as_ref().ok()).collect();
    if records.is_empty() {
        return Ok(());
    }
    for field in pattern.fields() {
        let known =
            options.common.contains_key(field) || records.iter().any(|r| r.contains_key(field));
        if !known {
            let mut columns: Vec<&str> = records[0].keys().map(String::as_str).collect();
            columns.truncate(20);
            return Err(Error::NamePattern {
                pattern: pattern.as_str().to_string(),
                message: format!(
                    "không có cột hoặc trường nào tên \"{field}\" trong dữ liệu. Các cột có: {}",
                    columns.join(", ")
                ),
                code: "unknown-field",
            });
        }
    }
    Ok(())
}

/// The gap checker's caches, lent to the parallel steps: rayon splits a
/// chunk into many steps, and a new cache for each would start cold.
#[derive(Default)]
struct CachePool(Mutex<Vec<LocalCache>>);

impl CachePool {
    /// A warm cache when one is free, else a new one; it comes back when dropped.
    fn lend(&self) -> LentCache<'_> {
        let cache = self.0.lock().ok().and_then(|mut free| free.pop());
        LentCache {
            cache: cache.unwrap_or_default(),
            pool: self,
        }
    }
}

/// A cache out of its [`CachePool`].
struct LentCache<'p> {
    cache: LocalCache,
    pool: &'p CachePool,
}

impl std::ops::Deref for LentCache<'_> {
    type Target = LocalCache;
    fn deref(&self) -> &LocalCache {
        &self.cache
    }
}

impl std::ops::DerefMut for LentCache<'_> {
    fn deref_mut(&mut self) -> &mut LocalCache {
        &mut self.cache
    }
}

impl Drop for LentCache<'_> {
    fn drop(&mut self) {
        if let Ok(mut free) = self.pool.0.lock() {
            free.push(std::mem::take(&mut self.cache));
        }
    }
}

/// What becomes of one record.
enum Plan {
    /// Its document is made under this name.
    Make(String),
    /// An earlier run's document is kept, with its entry.
    Keep(ManifestEntry),
    /// The record is bad: no name.
    Skip,
}

/// Records with their entry index and plan, names handed out in record
/// order; the records `kept` has a whole document of keep it.
fn name_chunk(
    records: Vec<Record>,
    names: &mut UniqueNames,
    options: &BatchOptions,
    kept: Option<&Earlier>,
    width: usize,
    first: usize,
) -> Vec<(usize, Record, Plan)> {
    let plans: Vec<Option<ManifestEntry>> = records
        .iter()
        .map(|r| kept.and_then(|k| k.kept(&options.out_dir, r.number, &r.location)))
        .collect();
    // Kept names are taken before any new name is handed out.
    for entry in plans.iter().flatten() {
        if let Some(file) = &entry.file {
            names.reserve(file);
        }
    }
    records
        .into_iter()
        .zip(plans)
        .enumerate()
        .map(|(i, (r, keep))| {
            let plan = match (keep, r.data.as_ref()) {
                (Some(entry), _) => Plan::Keep(entry),
                (None, Ok(data)) => {
                    Plan::Make(names.claim(&file_name(options, data, r.number, width)))
                }
                (None, Err(_)) => Plan::Skip,
            };
            (first + i, r, plan)
        })
        .collect()
}

/// Documents rendered but not yet written, at most: the renderers wait when the writer falls behind.
const WRITE_QUEUE: usize = 64;
/// Documents handed to the writer at a time: each handing wakes it up.
const OUTBOX: usize = 8;

/// Documents of one parallel step on their way to the writer, a few at a
/// time; what is left goes when the step ends.
struct Outbox {
    files: SyncSender<Vec<FileToWrite>>,
    pending: Vec<FileToWrite>,
}

impl Outbox {
    fn new(files: SyncSender<Vec<FileToWrite>>) -> Outbox {
        Outbox {
            files,
            pending: Vec::with_capacity(OUTBOX),
        }
    }

    /// Queues a document; false when the writer has stopped.
    fn send(&mut self, file: FileToWrite) -> bool {
        self.pending.push(file);
        self.pending.len() < OUTBOX || self.flush()
    }

    fn flush(&mut self) -> bool {
        let files = std::mem::replace(&mut self.pending, Vec::with_capacity(OUTBOX));
        files.is_empty() || self.files.send(files).is_ok()
    }
}

impl Drop for Outbox {
    fn drop(&mut self) {
        // A writer that stopped fails the whole run (see `run_batch`).
        self.flush();
    }
}

/// A rendered document on its way to disk, with its manifest entry's index.
struct FileToWrite {
    index: usize,
    /// The file's name in the output folder.
    name: String,
    bytes: Vec<u8>,
}

/// Writes the documents one after another, on one thread: files created in
/// one folder by several threads at once mostly wait on each other in the
/// file system. Returns the writes that failed, by entry index.
fn write_files(
    files: Receiver<Vec<FileToWrite>>,
    saver: &Saver,
    dir: &Path,
) -> Vec<(usize, Error)> {
    let new_files = saver.folder(dir);
    files
        .into_iter()
        .flatten()
        .filter_map(|f| {
            new_files
                .write(&f.name, &f.bytes)
                .err()
                .map(|e| (f.index, e))
        })
        .collect()
}

/// What rendering one record needs.
struct Job<'a> {
    template: &'a Template,
    stories: &'a StoryCache,
    options: &'a BatchOptions,
}

impl Job<'_> {
    /// Renders and checks record number `index` and sends it to the writer;
    /// its entry says `ok` unless the writer later reports otherwise.
    fn one(
        &self,
        index: usize,
        record: Record,
        plan: Plan,
        cache: &mut LocalCache,
        outbox: &mut Outbox,
    ) -> ManifestEntry {
        let (template, stories, options) = (self.template, self.stories, self.options);
        let mut entry = ManifestEntry {
            record: record.number,
            location: record.location,
            file: None,
            status: Status::Error,
            gaps: None,
            error: None,
            reasons: Vec::new(),
        };
        let (data, name) = match (record.data, plan) {
            (_, Plan::Keep(kept)) => return kept,
            (Ok(data), Plan::Make(name)) => (data, name),
            (Err(why), _) => {
                entry.error = Some(why);
                return entry;
            }
            (Ok(_), Plan::Skip) => {
                entry.error = Some("không đặt được tên tệp".into());
                return entry;
            }
        };
        let data = Value::Object(merge_common(&options.common, data));
        if let Some(detail) = crate::data::oversized(&data) {
            entry.error = Some(detail);
            return entry;
        }
        let mut rendered = match template.render(
            &data,
            RenderOptions {
                strict: options.strict,
            },
        ) {
            Ok(r) => r,
            Err(Error::Strict { missing }) => {
                entry.error = Some(format!(
                    "thiếu {} giá trị:\n{}",
                    missing.len(),
                    format_missing(&missing)
                ));
                return entry;
            }
            Err(e) => {
                entry.error = Some(e.to_string());
                return entry;
            }
        };
        let file = FileToWrite {
            index,
            name: name.clone(),
            bytes: rendered.take_bytes(),
        };
        if !outbox.send(file) {
            entry.error = Some("không ghi được tệp: luồng ghi đã dừng".into());
            return entry;
        }
        let reasons: Vec<String> = rendered.missing().iter().map(missing_reason).collect();
        let (paragraphs, markers) = rendered.into_story_text(stories);
        let findings = check_marked_with(&paragraphs, &markers, &CheckOptions::default(), cache);
        let gaps = findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .count();
        entry.file = Some(name);
        entry.gaps = Some(gaps);
        entry.status = if reasons.is_empty() && gaps == 0 {
            Status::Ok
        } else {
            entry.reasons = reasons;
            if entry.reasons.len() < gaps {
                entry.reasons.push(format!(
                    "{} chỗ trống khác do kiểm tra văn bản tìm thấy (xem: vanban check)",
                    gaps - entry.reasons.len()
                ));
            }
            entry.reasons.extend(options.warnings.iter().cloned());
            Status::MissingData
        };
        entry
    }
}

/// One missing value, for the manifest: the tag, the list item, and why.
fn missing_reason(m: &crate::error::MissingValue) -> String {
    if m.item.is_empty() {
        format!("{}: {}", m.tag, m.reason)
    } else {
        format!("{} ({}): {}", m.tag, m.item, m.reason)
    }
}

/// The file name a record asks for, before collisions are resolved: from
/// the pattern, or the numbered default when the record has no value for it.
fn file_name(
    options: &BatchOptions,
    data: &Map<String, Value>,
    number: usize,
    width: usize,
) -> String {
    let fallback = default_name(&options.template_name, number, width);
    let Some(pattern) = &options.name_pattern else {
        return fallback;
    };
    let record = merge_common(&options.common, data.clone());
    match pattern.expand(&record) {
        Ok(name) => {
            let name = if name.to_ascii_lowercase().ends_with(".docx") {
                name
            } else {
                format!("{name}.docx")
            };
            sanitize_or(&name, options.ascii_names, &fallback)
        }
        Err(_) => fallback,
    }
}

/// Packs the documents of a batch and its manifest into one zip archive,
/// written by `saver`.
pub fn zip_outputs(
    out_dir: &Path,
    entries: &[ManifestEntry],
    zip_path: &Path,
    saver: &Saver,
) -> Result<()> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let files = entries.iter().filter_map(|e| e.file.clone()).chain([
        super::manifest::MANIFEST_CSV.to_string(),
        super::manifest::MANIFEST_JSON.to_string(),
    ]);
    for name in files {
        let bytes =
            std::fs::read(out_dir.join(&name)).map_err(|e| Error::io(out_dir.join(&name), e))?;
        writer
            .start_file(name.as_str(), options)
            .map_err(|e| Error::write(zip_path, std::io::Error::other(e)))?;
        writer
            .write_all(&bytes)
            .map_err(|e| Error::write(zip_path, e))?;
    }
    let bytes = writer
        .finish()
        .map_err(|e| Error::write(zip_path, std::io::Error::other(e)))?
        .into_inner();
    saver.write(zip_path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_grow_to_the_full_chunk() {
        let mut taken = 0;
        let mut sizes = Vec::new();
        while taken < 1000 {
            let size = chunk_size(taken);
            sizes.push(size);
            taken += size;
        }
        assert_eq!(sizes, [32, 32, 64, 128, 256, 256, 256]);
    }

    #[test]
    fn the_writer_reports_failed_writes_by_entry_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("co-san.docx"), b"old").unwrap();
        let (files, to_write) = sync_channel(8);
        let file = |index, name: &str| FileToWrite {
            index,
            name: name.to_string(),
            bytes: b"new".to_vec(),
        };
        let mut outbox = Outbox::new(files);
        assert!(outbox.send(file(0, "a.docx")));
        assert!(outbox.send(file(1, "thieu-thu-muc/b.docx")));
        assert!(outbox.send(file(2, "co-san.docx")));
        for i in 3..3 + 2 * OUTBOX {
            assert!(outbox.send(file(i, &format!("{i}.docx"))));
        }
        // What is still pending goes when the outbox is dropped.
        drop(outbox);
        let failed: Vec<usize> = write_files(to_write, &Saver::new(false), dir.path())
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        assert_eq!(failed, vec![1, 2]);
        assert_eq!(std::fs::read(dir.path().join("a.docx")).unwrap(), b"new");
        for i in 3..3 + 2 * OUTBOX {
            assert!(dir.path().join(format!("{i}.docx")).exists(), "{i}");
        }
        assert_eq!(
            std::fs::read(dir.path().join("co-san.docx")).unwrap(),
            b"old"
        );
    }
}
