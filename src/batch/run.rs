//! Running a batch: one document per record, in parallel, never losing a record.
//!
//! Records are taken in chunks, so memory stays flat however many there are.
//! Within a chunk, names are handed out in record order (so they do not
//! depend on thread timing), then the documents are rendered, checked for
//! gaps and written in parallel. A bad record is reported in its manifest
//! entry and the others go on. Each document appears whole or not at all
//! (temporary file, then rename); flushing them to disk is left to the
//! system, as a flush per file would cost more than making the file.

use super::input::{merge_common, Record};
use super::manifest::{ManifestEntry, Status};
use super::naming::{default_name, number_width, sanitize_or, UniqueNames};
use crate::check::read::StoryCache;
use crate::check::{check_paragraphs_with, CheckOptions, LocalCache, Severity};
use crate::error::{Error, Result};
use crate::package::{write_atomic, write_atomic_unsynced};
use crate::render::format_missing;
use crate::template::expr::{parse_tag, TagKind};
use crate::template::filters::scalar_text;
use crate::template::lexer::lex;
use crate::{RenderOptions, Template};
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// How to run a batch.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// The folder the documents go to (created when missing).
    pub out_dir: PathBuf,
    /// File name pattern, e.g. `{{ma}}-{{ten_don_vi}}.docx`; default `<template>-0001.docx`.
    pub name_pattern: Option<String>,
    /// The template's name, for default file names.
    pub template_name: String,
    /// Fold Vietnamese letters to ASCII in file names.
    pub ascii_names: bool,
    /// A record with a missing value fails instead of getting a gap marker.
    pub strict: bool,
    /// Data shared by every record; the record's own fields win.
    pub common: Map<String, Value>,
}

/// Records taken per parallel step: enough to keep every core busy, few enough to keep memory flat.
const CHUNK: usize = 256;

/// Renders one document per record into `options.out_dir`; `progress` is
/// called with the number of records done so far. Returns one manifest entry
/// per record, in record order.
pub fn run_batch(
    template: &Template,
    records: impl ExactSizeIterator<Item = Record>,
    options: &BatchOptions,
    progress: impl Fn(usize) + Sync,
) -> Result<Vec<ManifestEntry>> {
    std::fs::create_dir_all(&options.out_dir).map_err(|e| Error::io(&options.out_dir, e))?;
    let stories = StoryCache::new(template)?;
    let width = number_width(records.len());
    let mut names =
        UniqueNames::for_dir(&options.out_dir).map_err(|e| Error::io(&options.out_dir, e))?;
    names.reserve(super::manifest::MANIFEST_CSV);
    names.reserve(super::manifest::MANIFEST_JSON);
    let mut entries = Vec::with_capacity(records.len());
    let mut records = records.peekable();
    while records.peek().is_some() {
        let chunk: Vec<(Record, Option<String>)> = records
            .by_ref()
            .take(CHUNK)
            .map(|r| {
                let name = r.data.as_ref().ok().map(|data| {
                    let wanted = file_name(options, data, r.number, width);
                    names.claim(&wanted)
                });
                (r, name)
            })
            .collect();
        let done = entries.len();
        let results: Vec<ManifestEntry> = chunk
            .into_par_iter()
            .map_init(LocalCache::default, |cache, (record, name)| {
                let entry = one(template, &stories, options, record, name, cache);
                progress(done + 1);
                entry
            })
            .collect();
        entries.extend(results);
        progress(entries.len());
    }
    Ok(entries)
}

fn one(
    template: &Template,
    stories: &StoryCache,
    options: &BatchOptions,
    record: Record,
    name: Option<String>,
    cache: &mut LocalCache,
) -> ManifestEntry {
    let mut entry = ManifestEntry {
        record: record.number,
        location: record.location,
        file: None,
        status: Status::Error,
        gaps: None,
        error: None,
    };
    let (data, name) = match (record.data, name) {
        (Ok(data), Some(name)) => (data, name),
        (Err(why), _) => {
            entry.error = Some(why);
            return entry;
        }
        (Ok(_), None) => {
            entry.error = Some("không đặt được tên tệp".into());
            return entry;
        }
    };
    let data = Value::Object(merge_common(&options.common, data));
    let rendered = match template.render(
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
    let path = options.out_dir.join(&name);
    if let Err(e) = write_atomic_unsynced(&path, &rendered.bytes, false) {
        entry.error = Some(e.to_string());
        return entry;
    }
    let findings = check_paragraphs_with(
        &stories.paragraphs(rendered),
        &CheckOptions::default(),
        cache,
    );
    entry.status = Status::Ok;
    entry.file = Some(name);
    entry.gaps = Some(
        findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .count(),
    );
    entry
}

/// The file name a record asks for, before collisions are resolved.
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
    match expand_name(pattern, data) {
        Some(name) => {
            let name = if name.to_ascii_lowercase().ends_with(".docx") {
                name
            } else {
                format!("{name}.docx")
            };
            sanitize_or(&name, options.ascii_names, &fallback)
        }
        None => fallback,
    }
}

/// Expands `{{path}}` and `{{path | filter}}` tags of a name pattern from a
/// record; `None` when a tag is malformed or its value is missing.
pub fn expand_name(pattern: &str, data: &Map<String, Value>) -> Option<String> {
    let (tags, problems) = lex(pattern);
    if !problems.is_empty() {
        return None;
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    let root = Value::Object(data.clone());
    for tag in tags {
        out.extend(&chars[at..tag.start]);
        let TagKind::Value(expr) = parse_tag(&tag.inner).ok()? else {
            return None;
        };
        let crate::template::expr::Path::Names(names) = &expr.path else {
            return None;
        };
        let mut value = names
            .iter()
            .try_fold(&root, |v, n| v.as_object()?.get(n))?
            .clone();
        for call in &expr.filters {
            value = call.filter.apply(&value, &[]).ok()?;
        }
        out.push_str(&scalar_text(&value).ok()?);
        at = tag.end;
    }
    out.extend(&chars[at..]);
    Some(out)
}

/// Packs the documents of a batch and its manifest into one zip archive.
pub fn zip_outputs(out_dir: &Path, entries: &[ManifestEntry], zip_path: &Path) -> Result<()> {
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
            .map_err(|e| Error::io(zip_path, std::io::Error::other(e)))?;
        writer
            .write_all(&bytes)
            .map_err(|e| Error::io(zip_path, e))?;
    }
    let bytes = writer
        .finish()
        .map_err(|e| Error::io(zip_path, std::io::Error::other(e)))?
        .into_inner();
    write_atomic(zip_path, &bytes, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn name_patterns_take_record_values_and_filters() {
        let data = json!({"ma": "07", "don_vi": {"ten": "Krông Búk"}, "so": 5});
        let data = data.as_object().unwrap();
        assert_eq!(
            expand_name("{{ma}}-{{don_vi.ten}}.docx", data).as_deref(),
            Some("07-Krông Búk.docx")
        );
        assert_eq!(expand_name("{{so | hai_so}}", data).as_deref(), Some("05"));
        assert_eq!(expand_name("{{khong_co}}", data), None);
        assert_eq!(expand_name("{{ma", data), None);
    }
}
