//! Runs into one folder: a lock keeps two runs apart; what an earlier run
//! left (its manifest, or the journal of a run that was stopped) is refused,
//! replaced or continued, as asked.
//!
//! While a run goes on, the folder holds [`LOCK_FILE`] (the process number)
//! and [`JOURNAL_FILE`]: every name handed out, then every record done, one
//! JSON line each. A run that ends removes both after writing its manifest;
//! a run that was killed leaves them, so the next one knows what it made.

use super::manifest::{ManifestEntry, MANIFEST_CSV, MANIFEST_JSON};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// The lock file of a run in progress, in the output folder.
pub const LOCK_FILE: &str = ".vanban-batch.lock";
/// The journal of a run in progress, in the output folder.
pub const JOURNAL_FILE: &str = ".vanban-batch.jsonl";

/// What to do with what an earlier run left in the output folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rerun {
    /// Stop with an error: nothing is written.
    #[default]
    Refuse,
    /// Make every document again, replacing the files the earlier run made
    /// (and only those); its files that this run does not make are removed.
    Force,
    /// Keep the records whose document is there and whole; make the rest.
    Resume,
}

/// The output folder, held by this run until dropped (also on error or panic).
#[derive(Debug)]
pub struct FolderLock {
    path: PathBuf,
}

impl FolderLock {
    /// Holds `dir` for this process. Another live run holding it is an
    /// error; a lock left by a run that died is taken over when the earlier
    /// run is to be replaced or continued, else an error saying so.
    pub fn take(dir: &Path, rerun: Rerun) -> Result<FolderLock> {
        let path = dir.join(LOCK_FILE);
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    writeln!(file, "{}", std::process::id()).map_err(|e| Error::write(&path, e))?;
                    return Ok(FolderLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(Error::write(&path, e)),
            }
            let holder = std::fs::read_to_string(&path)
                .ok()
                .and_then(|text| text.trim().parse::<u32>().ok());
            match holder {
                Some(pid) if process_alive(pid) => {
                    return Err(Error::BatchRunning {
                        dir: dir.to_path_buf(),
                        pid,
                        lock: path,
                    })
                }
                Some(pid) if rerun == Rerun::Refuse => {
                    return Err(Error::StoppedRun {
                        dir: dir.to_path_buf(),
                        pid,
                    })
                }
                // A lock still being written by a run that just started.
                None => std::thread::sleep(std::time::Duration::from_millis(200)),
                Some(_) => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        let pid = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| text.trim().parse::<u32>().ok())
            .unwrap_or(0);
        Err(Error::BatchRunning {
            dir: dir.to_path_buf(),
            pid,
            lock: path,
        })
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether process `pid` still runs; where that cannot be known, it is
/// taken to run (the lock then says which file to remove).
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// One line of the journal.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum JournalLine {
    /// A file name handed out, before its document is made.
    Named(String),
    /// A record done, as its manifest entry says.
    Done(ManifestEntry),
}

/// What an earlier run left in the folder.
#[derive(Debug, Default)]
pub struct Earlier {
    /// The files it made or was about to make (documents and their PDFs).
    files: BTreeSet<String>,
    /// Its records done, by record number.
    done: BTreeMap<usize, ManifestEntry>,
}

impl Earlier {
    /// What the folder `dir` holds of an earlier run: its manifest
    /// (`manifest.json`) and the journal of a run stopped before its end.
    /// `None` when there was none. A manifest that cannot be read is an error.
    pub fn find(dir: &Path) -> Result<Option<(Earlier, String)>> {
        let mut earlier = Earlier::default();
        let mut shown = Vec::new();
        if dir.join(MANIFEST_CSV).exists() {
            shown.push(MANIFEST_CSV);
        }
        let manifest = dir.join(MANIFEST_JSON);
        match std::fs::read(&manifest) {
            Ok(bytes) => {
                let entries: Vec<ManifestEntry> =
                    serde_json::from_slice(&bytes).map_err(|e| Error::Data {
                        path: manifest.clone(),
                        detail: format!(
                            "không đọc được manifest của lần chạy trước ({e}); hãy chọn thư mục khác"
                        ),
                    })?;
                entries.into_iter().for_each(|e| earlier.add_done(e));
                shown.push(MANIFEST_JSON);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&manifest, e)),
        }
        let journal = dir.join(JOURNAL_FILE);
        match std::fs::File::open(&journal) {
            Ok(file) => {
                // The last line of a killed run may be cut short: what reads is kept.
                for line in std::io::BufReader::new(file).lines() {
                    let Ok(line) = line else { break };
                    match serde_json::from_str::<JournalLine>(&line) {
                        Ok(JournalLine::Named(name)) => earlier.add_file(&name),
                        Ok(JournalLine::Done(entry)) => earlier.add_done(entry),
                        Err(_) => break,
                    }
                }
                shown.push("một lần chạy bị dừng giữa chừng");
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&journal, e)),
        }
        Ok((!shown.is_empty()).then(|| (earlier, shown.join(", "))))
    }

    fn add_done(&mut self, entry: ManifestEntry) {
        if let Some(name) = &entry.file {
            self.add_file(name);
        }
        self.done.insert(entry.record, entry);
    }

    /// A name the earlier run wrote. Only plain names
    /// in the folder count: a manifest never makes vanban touch a file elsewhere.
    fn add_file(&mut self, name: &str) {
        let plain = Path::new(name).file_name().and_then(|n| n.to_str()) == Some(name)
            && !name.starts_with('.');
        if !plain {
            return;
        }
        self.files.insert(name.to_string());
    }

    /// The files the earlier run made or was about to make.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(String::as_str)
    }

    /// The earlier entry of record `number` at `location` when its
    /// document is still there and whole.
    pub fn kept(&self, dir: &Path, number: usize, location: &str) -> Option<ManifestEntry> {
        let entry = self.done.get(&number)?;
        if entry.location != location {
            return None;
        }
        let file = entry.file.as_deref()?;
        whole_docx(&dir.join(file)).then(|| entry.clone())
    }

    /// Removes the earlier run's files that `now` (this run's entries) no
    /// longer lists; a file that cannot be removed is left.
    pub fn remove_unlisted(&self, dir: &Path, now: &[ManifestEntry]) {
        let listed: BTreeSet<&str> = now.iter().filter_map(|e| e.file.as_deref()).collect();
        for name in self.files() {
            if !listed.contains(name) {
                let _ = std::fs::remove_file(dir.join(name));
            }
        }
    }
}

/// Whether `path` is a whole .docx: a zip whose every entry reads back
/// with its checksum, with a main document.
fn whole_docx(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return false;
    };
    if zip.index_for_name("word/document.xml").is_none() {
        return false;
    }
    (0..zip.len()).all(|i| {
        zip.by_index(i)
            .is_ok_and(|mut entry| std::io::copy(&mut entry, &mut std::io::sink()).is_ok())
    })
}

/// The journal of this run, appended to as names are handed out and records done.
#[derive(Debug)]
pub struct Journal {
    file: std::io::BufWriter<std::fs::File>,
    path: PathBuf,
}

impl Journal {
    /// A new journal in `dir` (replacing one a stopped run left), first
    /// listing what `earlier` made, so that a run stopped again still knows it.
    pub fn start(dir: &Path, earlier: Option<&Earlier>) -> Result<Journal> {
        let path = dir.join(JOURNAL_FILE);
        let file = std::fs::File::create(&path).map_err(|e| Error::write(&path, e))?;
        let mut journal = Journal {
            file: std::io::BufWriter::new(file),
            path,
        };
        if let Some(earlier) = earlier {
            for name in earlier.files() {
                journal.line(&JournalLine::Named(name.to_string()))?;
            }
            journal.flush()?;
        }
        Ok(journal)
    }

    /// Notes names handed out, before their documents are made.
    pub fn named<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) -> Result<()> {
        for name in names {
            self.line(&JournalLine::Named(name.to_string()))?;
        }
        self.flush()
    }

    /// Notes records done.
    pub fn done<'a>(&mut self, entries: impl IntoIterator<Item = &'a ManifestEntry>) -> Result<()> {
        for entry in entries {
            self.line(&JournalLine::Done(entry.clone()))?;
        }
        self.flush()
    }

    fn line(&mut self, line: &JournalLine) -> Result<()> {
        serde_json::to_writer(&mut self.file, line)
            .map_err(std::io::Error::from)
            .and_then(|()| self.file.write_all(b"\n"))
            .map_err(|e| Error::write(&self.path, e))
    }

    fn flush(&mut self) -> Result<()> {
        self.file.flush().map_err(|e| Error::write(&self.path, e))
    }

    /// The run has ended and its manifest is written: the journal goes.
    pub fn finish(self) {
        let path = self.path.clone();
        drop(self);
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::manifest::Status;

    fn entry(record: usize, file: &str) -> ManifestEntry {
        ManifestEntry {
            record,
            location: format!("dòng {}", record + 1),
            file: Some(file.into()),
            status: Status::Ok,
            gaps: Some(0),
            error: None,
            reasons: Vec::new(),
        }
    }

    #[test]
    fn a_second_lock_is_refused_and_a_dead_runs_lock_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let lock = FolderLock::take(dir.path(), Rerun::Refuse).unwrap();
        let err = FolderLock::take(dir.path(), Rerun::Resume).unwrap_err();
        assert_eq!(err.code(), "batch-running", "{err}");
        drop(lock);
        assert!(!dir.path().join(LOCK_FILE).exists());
        // No process has a number this high on Linux (pid_max ≤ 2^22).
        std::fs::write(dir.path().join(LOCK_FILE), "4294967\n").unwrap();
        if cfg!(target_os = "linux") {
            let err = FolderLock::take(dir.path(), Rerun::Refuse).unwrap_err();
            assert_eq!(err.code(), "stopped-run", "{err}");
            assert!(err.to_string().contains("4294967"), "{err}");
            let _lock = FolderLock::take(dir.path(), Rerun::Resume).unwrap();
            let holder = std::fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap();
            assert_eq!(holder.trim(), std::process::id().to_string());
        }
    }

    #[test]
    fn a_journal_cut_short_keeps_what_reads_and_only_plain_names() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::start(dir.path(), None).unwrap();
        journal
            .named(["a.docx", "b.docx", "../ngoai.docx"])
            .unwrap();
        journal.done([&entry(1, "a.docx")]).unwrap();
        drop(journal);
        let path = dir.path().join(JOURNAL_FILE);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("{\"done\":{\"record\":2,");
        std::fs::write(&path, text).unwrap();
        let (earlier, what) = Earlier::find(dir.path()).unwrap().unwrap();
        assert!(what.contains("dừng giữa chừng"), "{what}");
        let files: Vec<&str> = earlier.files().collect();
        assert_eq!(files, ["a.docx", "b.docx"]);
        assert_eq!(earlier.done.len(), 1);
    }

    #[test]
    fn only_whole_documents_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(&[b'x'; 4000]).unwrap();
        let docx = zip.finish().unwrap().into_inner();
        std::fs::write(dir.path().join("a.docx"), &docx).unwrap();
        std::fs::write(dir.path().join("b.docx"), &docx[..docx.len() / 2]).unwrap();
        let earlier = Earlier {
            files: BTreeSet::new(),
            done: [(1, entry(1, "a.docx")), (2, entry(2, "b.docx"))].into(),
        };
        assert!(earlier.kept(dir.path(), 1, "dòng 2").is_some());
        assert!(
            earlier.kept(dir.path(), 1, "dòng 9").is_none(),
            "another record"
        );
        assert!(earlier.kept(dir.path(), 2, "dòng 3").is_none(), "cut short");
        assert!(earlier.kept(dir.path(), 3, "dòng 4").is_none());
    }
}
