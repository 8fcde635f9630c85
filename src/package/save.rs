//! Saving files: the one rule for every file vanban writes.
//!
//! A file appears whole or not at all: it is written unnamed (`O_TMPFILE`,
//! on Linux) or under a temporary name beside it, then named. It never
//! replaces a file the command reads (the template, the data: compared by
//! device and inode, so `./`, symbolic and hard links are seen through),
//! and replaces any other existing file only when forced (`--force`).
//! Errors name the path the user gave, never a temporary file.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What makes the content of a file as it is written: see [`Saver::write_with`].
pub type Body<'a> = &'a mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>;

/// Where a command's outputs may go: the files it must never write over,
/// and whether existing files may be replaced.
#[derive(Debug, Clone, Default)]
pub struct Saver {
    force: bool,
    kept: Vec<Kept>,
    claimed: Vec<(PathBuf, PathBuf)>,
}

/// A file the command reads.
#[derive(Debug, Clone)]
struct Kept {
    id: FileId,
    what: &'static str,
    path: PathBuf,
}

/// What makes a file the same file, whatever path leads to it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileId {
    #[cfg(unix)]
    dev_ino: (u64, u64),
    #[cfg(not(unix))]
    canonical: PathBuf,
}

impl FileId {
    /// The file at `path` (through symbolic links); `None` when there is none.
    fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = std::fs::metadata(path).ok()?;
            Some(FileId {
                dev_ino: (meta.dev(), meta.ino()),
            })
        }
        #[cfg(not(unix))]
        {
            Some(FileId {
                canonical: path.canonicalize().ok()?,
            })
        }
    }
}

impl Saver {
    /// Outputs that replace existing files only when `force` is set.
    pub fn new(force: bool) -> Saver {
        Saver {
            force,
            ..Saver::default()
        }
    }

    /// The same rule, but allowed to replace existing files (never the
    /// files the command reads): for files the caller has checked are its own.
    pub fn replacing(&self) -> Saver {
        Saver {
            force: true,
            ..self.clone()
        }
    }

    /// Whether existing files may be replaced.
    pub fn force(&self) -> bool {
        self.force
    }

    /// Never writes over the file at `path`, which is `what` to the user
    /// (`tệp mẫu`, `tệp dữ liệu`). Nothing to keep when there is no such
    /// file (a pack template's name, `-` for standard input).
    pub fn keep(&mut self, path: &Path, what: &'static str) {
        if let Some(id) = FileId::of(path) {
            self.kept.push(Kept {
                id,
                what,
                path: path.to_path_buf(),
            });
        }
    }

    /// Claims `path` for an output before any work is done, so that a
    /// refusal comes first: a file the command reads, a folder, an output
    /// already claimed, or an existing file without force.
    pub fn claim(&mut self, path: &Path) -> Result<()> {
        self.refuse_kept(path)?;
        refuse_non_files(path)?;
        let target = where_it_goes(path);
        if let Some((_, first)) = self.claimed.iter().find(|(t, _)| *t == target) {
            return Err(Error::OutputTwice {
                path: path.to_path_buf(),
                first: first.clone(),
            });
        }
        if !self.force && std::fs::symlink_metadata(path).is_ok() {
            return Err(Error::OutputExists {
                path: path.to_path_buf(),
            });
        }
        self.claimed.push((target, path.to_path_buf()));
        Ok(())
    }

    /// Writes `bytes` as the file `path`, flushed to disk before it gets
    /// its name.
    pub fn write(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        self.write_with(path, &mut |out| out.write_all(bytes))
    }

    /// Writes the file `path` as [`Saver::write`] does, its content made
    /// by `body` as it goes (through a buffer), so that a large output
    /// (a JSON report) is never whole in memory. When `body` fails, no file
    /// appears. `body` may be called again after a failed first attempt.
    pub fn write_with(&self, path: &Path, body: Body<'_>) -> Result<()> {
        let (dir, name) = split(path)?;
        #[cfg(target_os = "linux")]
        if let Some(opened) = unnamed::Dir::open(dir) {
            return self.write_in(&opened, dir, name, body, true, path);
        }
        self.write_named(dir, body, true, path)
    }

    /// For many new files in the folder `dir`, which must exist: each is
    /// written as [`Saver::write`] writes, without the flush to disk (a
    /// flush per file would cost more than the file).
    pub fn folder(&self, dir: &Path) -> Folder<'_> {
        Folder {
            saver: self,
            dir: dir.to_path_buf(),
            #[cfg(target_os = "linux")]
            opened: unnamed::Dir::open(dir),
        }
    }

    #[cfg(target_os = "linux")]
    fn write_in(
        &self,
        opened: &unnamed::Dir,
        dir: &Path,
        name: &Path,
        body: Body<'_>,
        sync: bool,
        shown: &Path,
    ) -> Result<()> {
        match opened.write_then_link(name, body, sync) {
            Some(Ok(())) => Ok(()),
            Some(Err(unnamed::Failed::Exists)) => self.replace(dir, body, sync, shown),
            Some(Err(unnamed::Failed::Io(e))) => Err(Error::write(shown, e)),
            None => self.write_named(dir, body, sync, shown),
        }
    }

    /// Through a temporary file with a name, in `dir`, beside `path`.
    fn write_named(&self, dir: &Path, body: Body<'_>, sync: bool, path: &Path) -> Result<()> {
        if std::fs::symlink_metadata(path).is_ok() {
            return self.replace(dir, body, sync, path);
        }
        let tmp = temp_with(dir, body, sync, path)?;
        tmp.persist_noclobber(path)
            .map_err(|e| match e.error.kind() {
                std::io::ErrorKind::AlreadyExists => {
                    self.refuse_kept(path)
                        .err()
                        .unwrap_or_else(|| Error::OutputExists {
                            path: path.to_path_buf(),
                        })
                }
                _ => Error::write(path, plain(e.error)),
            })?;
        Ok(())
    }

    /// `path` exists: replaced when forced and not a file the command reads.
    fn replace(&self, dir: &Path, body: Body<'_>, sync: bool, path: &Path) -> Result<()> {
        self.refuse_kept(path)?;
        if !self.force {
            return Err(Error::OutputExists {
                path: path.to_path_buf(),
            });
        }
        refuse_non_files(path)?;
        let tmp = temp_with(dir, body, sync, path)?;
        tmp.persist(path)
            .map_err(|e| Error::write(path, plain(e.error)))?;
        Ok(())
    }

    fn refuse_kept(&self, path: &Path) -> Result<()> {
        if self.kept.is_empty() {
            return Ok(());
        }
        let Some(id) = FileId::of(path) else {
            return Ok(());
        };
        match self.kept.iter().find(|k| k.id == id) {
            Some(k) => Err(Error::OutputIsInput {
                path: path.to_path_buf(),
                what: k.what,
                input: k.path.clone(),
            }),
            None => Ok(()),
        }
    }
}

/// New files written into one folder by [`Saver::folder`]. On Linux the
/// folder is opened once, so that a file costs no path lookups.
#[derive(Debug)]
pub struct Folder<'s> {
    saver: &'s Saver,
    dir: PathBuf,
    #[cfg(target_os = "linux")]
    opened: Option<unnamed::Dir>,
}

impl Folder<'_> {
    /// The folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` as the file `name` in the folder.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(name);
        #[cfg(target_os = "linux")]
        if let Some(opened) = &self.opened {
            return self.saver.write_in(
                opened,
                &self.dir,
                Path::new(name),
                &mut |out| out.write_all(bytes),
                false,
                &path,
            );
        }
        let dir = path.parent().unwrap_or(&self.dir);
        self.saver
            .write_named(dir, &mut |out| out.write_all(bytes), false, &path)
    }
}

/// Only regular files are replaced: a folder, a device (`/dev/null`), a
/// pipe or a socket never is, whatever link leads to it.
fn refuse_non_files(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(Error::write(
            path,
            std::io::Error::from(std::io::ErrorKind::IsADirectory),
        )),
        Ok(meta) if !meta.is_file() => Err(Error::OutputNotAFile {
            path: path.to_path_buf(),
        }),
        _ => Ok(()),
    }
}

/// The folder of `path` (`.` when it has none) and its file name.
fn split(path: &Path) -> Result<(&Path, &Path)> {
    let name = path.file_name().ok_or_else(|| {
        Error::write(path, std::io::Error::from(std::io::ErrorKind::IsADirectory))
    })?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Ok((dir, Path::new(name)))
}

/// Where a path leads, for telling two outputs apart: its folder resolved,
/// then its name.
fn where_it_goes(path: &Path) -> PathBuf {
    let Ok((dir, name)) = split(path) else {
        return path.to_path_buf();
    };
    match dir.canonicalize() {
        Ok(dir) => dir.join(name),
        Err(_) => path.to_path_buf(),
    }
}

/// A temporary file in `dir` holding `bytes`, created with the permissions
/// any new file gets (read for all, under the usual umask) rather than
/// owner-only, since it becomes the output itself. Errors name `shown`.
fn temp_with(
    dir: &Path,
    body: Body<'_>,
    sync: bool,
    shown: &Path,
) -> Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".vanban-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::write(shown, in_existing_folder(dir, plain(e))))?;
    write_buffered(tmp.as_file_mut(), body, sync).map_err(|e| Error::write(shown, e))?;
    Ok(tmp)
}

/// Runs `body` into `file` through a buffer, then flushes (and syncs).
fn write_buffered(file: &mut std::fs::File, body: Body<'_>, sync: bool) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut *file);
    body(&mut out)?;
    out.flush()?;
    drop(out);
    if sync {
        file.sync_data()
    } else {
        Ok(())
    }
}

/// The system's error without the temporary file's path that the
/// `tempfile` crate adds to its text: messages name only the path the user
/// gave.
fn plain(e: std::io::Error) -> std::io::Error {
    if e.raw_os_error().is_some() {
        return e;
    }
    match e.to_string().split_once(" at path ") {
        Some((system, _)) => std::io::Error::new(e.kind(), system.to_string()),
        None => e,
    }
}

/// A file that cannot be made in a folder that exists (`/proc`) is not a
/// missing folder.
fn in_existing_folder(dir: &Path, e: std::io::Error) -> std::io::Error {
    if e.kind() == std::io::ErrorKind::NotFound && dir.is_dir() {
        std::io::Error::new(std::io::ErrorKind::Unsupported, e)
    } else {
        e
    }
}

/// Linux: the file is written without a name (`O_TMPFILE`) and named once
/// whole; naming fails when the name is taken, so nothing is overwritten.
/// One directory change per file instead of two (create, then rename).
#[cfg(target_os = "linux")]
mod unnamed {
    use rustix::fs::{linkat, openat, AtFlags, Mode, OFlags, CWD};
    use rustix::io::Errno;
    use std::cell::Cell;
    use std::os::fd::{AsRawFd, OwnedFd};
    use std::path::Path;

    /// Why an unnamed file did not get its name.
    pub(super) enum Failed {
        /// The name is taken.
        Exists,
        /// Writing or naming failed.
        Io(std::io::Error),
    }

    /// A folder opened once for the files written into it: each file is
    /// then made and named relative to it, without looking its path up.
    #[derive(Debug)]
    pub(super) struct Dir {
        fd: OwnedFd,
        /// Whether the file can be named straight from its descriptor
        /// (`AT_EMPTY_PATH`); older kernels allow that only to privileged
        /// processes, and then the file is named through `/proc/self/fd`.
        flink: Cell<bool>,
    }

    impl Dir {
        /// `None` when the folder cannot be opened this way.
        pub(super) fn open(path: &Path) -> Option<Dir> {
            let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let fd = openat(CWD, path, flags, Mode::empty()).ok()?;
            Some(Dir {
                fd,
                flink: Cell::new(true),
            })
        }

        /// Writes `bytes` as the new file `name`. `None` when the file
        /// system cannot make unnamed files: the caller then goes through a
        /// named temporary file.
        pub(super) fn write_then_link(
            &self,
            name: &Path,
            body: super::Body<'_>,
            sync: bool,
        ) -> Option<Result<(), Failed>> {
            let flags = OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC;
            let fd = openat(&self.fd, ".", flags, Mode::from_raw_mode(0o666)).ok()?;
            let mut file = std::fs::File::from(fd);
            if let Err(e) = super::write_buffered(&mut file, body, sync) {
                return Some(Err(Failed::Io(e)));
            }
            let mut linked = Err(Errno::NOENT);
            if self.flink.get() {
                linked = linkat(&file, "", &self.fd, name, AtFlags::EMPTY_PATH);
                if matches!(linked, Err(Errno::NOENT | Errno::PERM)) {
                    self.flink.set(false);
                }
            }
            if !self.flink.get() {
                let unnamed = format!("/proc/self/fd/{}", file.as_raw_fd());
                linked = linkat(
                    CWD,
                    unnamed.as_str(),
                    &self.fd,
                    name,
                    AtFlags::SYMLINK_FOLLOW,
                );
            }
            match linked {
                Ok(()) => Some(Ok(())),
                Err(Errno::EXIST) => Some(Err(Failed::Exists)),
                Err(Errno::NOENT) => None,
                Err(e) => Some(Err(Failed::Io(e.into()))),
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn files_are_named_from_their_descriptor_or_through_proc() {
            let tmp = tempfile::tempdir().unwrap();
            let dir = Dir::open(tmp.path()).unwrap();
            for (flink, name) in [(true, "a.docx"), (false, "b.docx")] {
                dir.flink.set(flink);
                let Some(first) =
                    dir.write_then_link(Path::new(name), &mut |o| o.write_all(b"x"), false)
                else {
                    eprintln!("this file system makes no unnamed files; nothing to test");
                    return;
                };
                assert!(first.is_ok());
                let again = dir.write_then_link(Path::new(name), &mut |o| o.write_all(b"y"), false);
                assert!(matches!(again, Some(Err(Failed::Exists))));
                assert_eq!(std::fs::read(tmp.path().join(name)).unwrap(), b"x");
            }
            assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[cfg(unix)]
    #[test]
    fn outputs_get_the_permissions_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |name: &str| {
            std::fs::metadata(dir.path().join(name))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        std::fs::write(dir.path().join("plain.docx"), b"x").unwrap();
        Saver::new(false)
            .write(&dir.path().join("synced.docx"), b"x")
            .unwrap();
        Saver::new(false)
            .folder(dir.path())
            .write("batch.docx", b"x")
            .unwrap();
        std::fs::write(dir.path().join("old.docx"), b"x").unwrap();
        Saver::new(true)
            .write(&dir.path().join("old.docx"), b"y")
            .unwrap();
        for name in ["synced.docx", "batch.docx", "old.docx"] {
            assert_eq!(mode(name), mode("plain.docx"), "{name}");
        }
    }

    #[test]
    fn a_write_leaves_only_its_file_and_replaces_only_when_forced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("van-ban.docx");
        Saver::new(false).write(&path, b"first").unwrap();
        let err = Saver::new(false).write(&path, b"second").unwrap_err();
        assert!(matches!(err, Error::OutputExists { .. }), "{err:?}");
        let err = Saver::new(false)
            .folder(dir.path())
            .write("van-ban.docx", b"second")
            .unwrap_err();
        assert!(matches!(err, Error::OutputExists { .. }), "{err:?}");
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        Saver::new(true).write(&path, b"third").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"third");
        Saver::new(true)
            .folder(dir.path())
            .write("van-ban.docx", b"fourth")
            .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"fourth");
        assert_eq!(names(dir.path()), ["van-ban.docx"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_kept_file_is_never_replaced_through_any_path() {
        let dir = tempfile::tempdir().unwrap();
        let template = dir.path().join("mau.docx");
        std::fs::write(&template, b"template").unwrap();
        std::fs::hard_link(&template, dir.path().join("cung.docx")).unwrap();
        std::os::unix::fs::symlink(&template, dir.path().join("lien-ket.docx")).unwrap();
        let mut saver = Saver::new(true);
        saver.keep(&template, "tệp mẫu");
        saver.keep(&dir.path().join("khong-co.json"), "tệp dữ liệu");
        let dotted = dir.path().join(".").join("mau.docx");
        for name in ["mau.docx", "cung.docx", "lien-ket.docx"] {
            let path = dir.path().join(name);
            for err in [
                saver.write(&path, b"x").unwrap_err(),
                saver.folder(dir.path()).write(name, b"x").unwrap_err(),
                saver.clone().claim(&path).unwrap_err(),
            ] {
                assert!(
                    matches!(
                        &err,
                        Error::OutputIsInput {
                            what: "tệp mẫu",
                            ..
                        }
                    ),
                    "{name}: {err:?}"
                );
            }
        }
        assert!(saver.clone().claim(&dotted).is_err());
        assert_eq!(std::fs::read(&template).unwrap(), b"template");
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("null.docx");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        let saver = Saver::new(true);
        for path in [Path::new("/dev/null"), &link] {
            assert!(matches!(
                saver.clone().claim(path),
                Err(Error::OutputNotAFile { .. })
            ));
        }
        assert!(matches!(
            saver.write(&link, b"x"),
            Err(Error::OutputNotAFile { .. })
        ));
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    }

    #[test]
    fn claims_refuse_folders_existing_files_and_one_file_twice() {
        let dir = tempfile::tempdir().unwrap();
        let existing = dir.path().join("co-san.json");
        std::fs::write(&existing, b"{}").unwrap();
        let mut saver = Saver::new(false);
        assert!(matches!(
            saver.claim(&existing),
            Err(Error::OutputExists { .. })
        ));
        assert!(matches!(saver.claim(dir.path()), Err(Error::Write { .. })));
        saver.claim(&dir.path().join("a.docx")).unwrap();
        let again = dir.path().join(".").join("a.docx");
        assert!(matches!(
            saver.claim(&again),
            Err(Error::OutputTwice { .. })
        ));
        let mut forced = Saver::new(true);
        forced.claim(&existing).unwrap();
    }

    #[test]
    fn errors_name_the_path_given_never_a_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("khong-co").join("a.docx");
        let message = Saver::new(false)
            .write(&missing, b"x")
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with(&missing.display().to_string()),
            "{message}"
        );
        assert!(
            message.contains("thư mục chứa tệp không tồn tại"),
            "{message}"
        );
        assert!(!message.contains(".vanban-"), "{message}");
        let message = Saver::new(false)
            .folder(&dir.path().join("khong-co"))
            .write("a.docx", b"x")
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with(&missing.display().to_string()),
            "{message}"
        );
        assert!(!message.contains(".vanban-"), "{message}");
    }
}
