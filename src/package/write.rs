//! Writing a package back: lossless for everything not changed, atomic on disk.

use super::Package;
use crate::error::{Error, Result};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Seek, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// What differs between the input package and the one to write; contents
/// are borrowed where the caller keeps them.
#[derive(Debug, Default, Clone)]
pub struct Changes<'a> {
    /// New content for existing parts, by entry name.
    pub replaced: HashMap<String, Cow<'a, [u8]>>,
    /// New parts, appended after the existing entries in this order.
    pub added: Vec<(String, Cow<'a, [u8]>)>,
}

impl Package {
    /// Writes the package with `changes` applied into memory.
    ///
    /// Entries keep their order; an entry that is not replaced is copied as
    /// its stored compressed bytes, so it is byte-identical to the input.
    pub fn write_with(&self, changes: &Changes) -> Result<Vec<u8>> {
        // Kept entries as they are, new content at a guess of its compressed
        // size (XML compresses at least 4:1), and room for the headers.
        let kept: u64 = self.entries().iter().map(|e| e.compressed_size + 128).sum();
        let new_bytes: usize = changes.replaced.values().map(|b| b.len()).sum::<usize>()
            + changes
                .added
                .iter()
                .map(|(_, b)| b.len() + 128)
                .sum::<usize>();
        let buffer = Cursor::new(Vec::with_capacity(kept as usize + new_bytes / 4 + 4096));
        let out = self.write_into(changes, buffer)?;
        Ok(out.into_inner())
    }

    fn write_into<W: Write + Seek>(&self, changes: &Changes, out: W) -> Result<W> {
        let zip_err = |e: zip::result::ZipError| Error::io(self.path(), std::io::Error::other(e));
        let io_err = |e: std::io::Error| Error::io(self.path(), e);
        let mut writer = ZipWriter::new(out);
        let mut archive = self.archive().clone();
        for i in 0..archive.len() {
            let file = archive.by_index_raw(i).map_err(zip_err)?;
            let name = String::from_utf8_lossy(file.name_raw()).into_owned();
            match changes.replaced.get(&name) {
                Some(bytes) => {
                    let stamp = file.last_modified().unwrap_or_default();
                    drop(file);
                    writer.start_file(name, deflated(stamp)).map_err(zip_err)?;
                    writer.write_all(bytes).map_err(io_err)?;
                }
                None => writer.raw_copy_file(file).map_err(zip_err)?,
            }
        }
        for (name, bytes) in &changes.added {
            writer
                .start_file(name.as_str(), deflated(DateTime::default()))
                .map_err(zip_err)?;
            writer.write_all(bytes).map_err(io_err)?;
        }
        writer.finish().map_err(zip_err)
    }
}

fn deflated(stamp: DateTime) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(stamp)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a
/// rename, so a reader never sees a half-written file, and flushes it to
/// disk before it gets its name. An existing file is replaced only when
/// `force` is set.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    write_through_temp(path, bytes, force, true)
}

/// Like [`write_atomic`], leaving the flush to disk to the system: for the
/// many files of a batch, where a flush per file would cost more than the
/// file itself. The file still appears whole or not at all.
pub fn write_atomic_unsynced(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    write_through_temp(path, bytes, force, false)
}

/// A temporary file beside the output, created with the permissions any new
/// file gets (read for all, under the usual umask) rather than owner-only,
/// since it becomes the output itself.
pub(crate) fn temp_file_builder(prefix: &str) -> tempfile::Builder<'_, '_> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
}

fn write_through_temp(path: &Path, bytes: &[u8], force: bool, sync: bool) -> Result<()> {
    #[cfg(target_os = "linux")]
    if !force {
        if let Some(done) = unnamed::write_then_link(path, bytes, sync) {
            return done;
        }
    }
    write_via_named_temp(path, bytes, force, sync)
}

/// [`write_through_temp`] with a temporary file that has a name.
fn write_via_named_temp(path: &Path, bytes: &[u8], force: bool, sync: bool) -> Result<()> {
    if !force && path.exists() {
        return Err(Error::OutputExists {
            path: path.to_path_buf(),
        });
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = temp_file_builder(".vanban-")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(tmp.path(), e))?;
    if sync {
        tmp.as_file()
            .sync_data()
            .map_err(|e| Error::io(tmp.path(), e))?;
    }
    if force {
        tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    } else {
        tmp.persist_noclobber(path)
            .map_err(|e| match e.error.kind() {
                std::io::ErrorKind::AlreadyExists => Error::OutputExists {
                    path: path.to_path_buf(),
                },
                _ => Error::io(path, e.error),
            })?;
    }
    Ok(())
}

/// Linux: the file is written without a name (`O_TMPFILE`) and named once
/// whole; naming fails when the name is taken, so nothing is overwritten.
/// One directory change per file instead of two (create, then rename).
#[cfg(target_os = "linux")]
mod unnamed {
    use crate::error::{Error, Result};
    use rustix::fs::{linkat, openat, AtFlags, Mode, OFlags, CWD};
    use rustix::io::Errno;
    use std::cell::Cell;
    use std::io::Write;
    use std::os::fd::{AsRawFd, OwnedFd};
    use std::path::Path;

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

        /// Writes `bytes` as the new file `name`; `shown` is its path for
        /// messages. `None` when the file system cannot make unnamed files:
        /// the caller then goes through a named temporary file.
        pub(super) fn write_then_link(
            &self,
            name: &Path,
            bytes: &[u8],
            sync: bool,
            shown: &Path,
        ) -> Option<Result<()>> {
            let flags = OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC;
            let fd = openat(&self.fd, ".", flags, Mode::from_raw_mode(0o666)).ok()?;
            let mut file = std::fs::File::from(fd);
            let written =
                file.write_all(bytes)
                    .and_then(|()| if sync { file.sync_data() } else { Ok(()) });
            if let Err(e) = written {
                return Some(Err(Error::io(shown, e)));
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
                Err(Errno::EXIST) => Some(Err(Error::OutputExists {
                    path: shown.to_path_buf(),
                })),
                Err(Errno::NOENT) => None,
                Err(e) => Some(Err(Error::io(shown, e.into()))),
            }
        }
    }

    /// Writes `bytes` as the new file `path` (see [`Dir::write_then_link`]).
    pub(super) fn write_then_link(path: &Path, bytes: &[u8], sync: bool) -> Option<Result<()>> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = Path::new(path.file_name()?);
        Dir::open(dir)?.write_then_link(name, bytes, sync, path)
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
                let shown = tmp.path().join(name);
                let Some(first) = dir.write_then_link(Path::new(name), b"x", false, &shown) else {
                    eprintln!("this file system makes no unnamed files; nothing to test");
                    return;
                };
                first.unwrap();
                let again = dir.write_then_link(Path::new(name), b"y", false, &shown);
                assert!(matches!(again, Some(Err(Error::OutputExists { .. }))));
                assert_eq!(std::fs::read(&shown).unwrap(), b"x");
            }
            assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);
        }
    }
}

/// New files written into one folder, as [`write_atomic_unsynced`] writes
/// them: each whole or not at all, never over an existing file. On Linux
/// the folder is opened once, so that a file costs no path lookups.
#[derive(Debug)]
pub struct NewFiles {
    dir: std::path::PathBuf,
    #[cfg(target_os = "linux")]
    opened: Option<unnamed::Dir>,
}

impl NewFiles {
    /// For files in `dir`, which must exist.
    pub fn in_dir(dir: &Path) -> NewFiles {
        NewFiles {
            dir: dir.to_path_buf(),
            #[cfg(target_os = "linux")]
            opened: unnamed::Dir::open(dir),
        }
    }

    /// Writes `bytes` as the new file `name` in the folder.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(name);
        #[cfg(target_os = "linux")]
        if let Some(dir) = &self.opened {
            return match dir.write_then_link(Path::new(name), bytes, false, &path) {
                Some(done) => done,
                None => write_via_named_temp(&path, bytes, false, false),
            };
        }
        write_atomic_unsynced(&path, bytes, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        write_atomic(&dir.path().join("synced.docx"), b"x", false).unwrap();
        write_atomic_unsynced(&dir.path().join("batch.docx"), b"x", false).unwrap();
        assert_eq!(mode("synced.docx"), mode("plain.docx"));
        assert_eq!(mode("batch.docx"), mode("plain.docx"));
        assert!(write_atomic_unsynced(&dir.path().join("batch.docx"), b"y", false).is_err());
    }

    #[test]
    fn a_write_leaves_only_its_file_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("van-ban.docx");
        write_atomic_unsynced(&path, b"first", false).unwrap();
        let err = write_atomic(&path, b"second", false).unwrap_err();
        assert!(matches!(err, Error::OutputExists { .. }), "{err:?}");
        write_atomic(&path, b"third", true).unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("van-ban.docx")]);
        assert_eq!(std::fs::read(&path).unwrap(), b"third");
        let missing = dir.path().join("khong-co").join("a.docx");
        assert!(write_atomic_unsynced(&missing, b"x", false).is_err());
    }
}
