//! Writing a package back into memory: lossless for everything not changed.

use super::Package;
use crate::error::{Error, Result};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Seek, Write};
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

impl Changes<'_> {
    /// Whether nothing changes.
    pub fn is_empty(&self) -> bool {
        self.replaced.is_empty() && self.added.is_empty()
    }
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
