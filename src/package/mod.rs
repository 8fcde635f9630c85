//! The .docx package: a zip of XML parts tied together by relationships.
//!
//! [`Package::open`] checks the file is really a .docx (and says what it is
//! when it is not), applies [`Limits`], and finds the story parts — the main
//! document, headers, footers, footnotes and endnotes — through
//! `[Content_Types].xml` and the relationships. [`write`] puts a package back
//! together: untouched entries are copied compressed, byte for byte.
//! [`Saver`] writes every file vanban makes, by one rule: whole or not at
//! all, never over what the command reads, over an existing file only when
//! forced.

mod limits;
pub mod opc;
mod save;
mod sniff;
mod utf16;
mod write;

pub use limits::Limits;
pub use save::{Folder, Saver};
pub use sniff::{sniff, FileKind};
pub use write::Changes;

use crate::error::{Error, Result};
use opc::{rel_type, ContentTypes, Relationship};
use std::borrow::Cow;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zip::ZipArchive;

/// What a story part holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StoryKind {
    /// The main document body.
    Main,
    /// A page header.
    Header,
    /// A page footer.
    Footer,
    /// The footnotes.
    Footnotes,
    /// The endnotes.
    Endnotes,
}

/// A part that holds text a reader sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    /// Part name, e.g. `word/header1.xml`.
    pub part: String,
    /// What it holds.
    pub kind: StoryKind,
}

/// The entries to change when a part related to the main document is added,
/// or when a part already in the package is put to use: each declaration is
/// written only where it is missing.
#[derive(Debug, Clone)]
pub struct PartAddition {
    /// `[Content_Types].xml` with the part declared, unless it already was.
    pub content_types: Option<Vec<u8>>,
    /// The main document's relationships part name and new content, unless
    /// the relationship already exists.
    pub rels: Option<(String, Vec<u8>)>,
    /// Whether the relationships part is new too.
    pub rels_is_new: bool,
    /// The declared parts already in the package (they are replaced, not added).
    pub existing: Vec<String>,
}

impl PartAddition {
    /// Records these entries (and the part itself) in `changes`.
    pub fn apply<'a>(&'a self, part: &str, bytes: Cow<'a, [u8]>, changes: &mut Changes<'a>) {
        if let Some(content_types) = &self.content_types {
            changes
                .replaced
                .insert("[Content_Types].xml".into(), Cow::Borrowed(content_types));
        }
        if let Some((rels_name, rels)) = &self.rels {
            if self.rels_is_new {
                if !changes.added.iter().any(|(name, _)| name == rels_name) {
                    changes.added.push((rels_name.clone(), Cow::Borrowed(rels)));
                }
            } else {
                changes
                    .replaced
                    .insert(rels_name.clone(), Cow::Borrowed(rels));
            }
        }
        if self.existing.iter().any(|p| p == part) {
            changes.replaced.insert(part.to_string(), bytes);
        } else {
            changes.added.push((part.to_string(), bytes));
        }
    }
}

/// A part to declare: its name, content type, and the kind and id of the
/// relationship from the main document.
#[derive(Debug, Clone, Copy)]
pub struct PartDeclaration<'a> {
    /// Part name, e.g. `word/comments.xml`.
    pub part: &'a str,
    /// Its content type.
    pub content_type: &'a str,
    /// Last segment of the relationship type, e.g. `comments`.
    pub rel_kind: &'a str,
    /// Relationship id to use when the relationship is added.
    pub rel_id: &'a str,
}

/// One entry of the zip, as listed in its central directory.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Entry name (a part name for an OPC part).
    pub name: String,
    /// Compressed size.
    pub compressed_size: u64,
}

pub(crate) type Archive = ZipArchive<Cursor<Arc<[u8]>>>;

/// An opened .docx package, cheap to clone and share between threads.
#[derive(Debug, Clone)]
pub struct Package {
    path: PathBuf,
    archive: Archive,
    entries: Vec<Entry>,
    content_types: ContentTypes,
    main_part: String,
    main_rels: Vec<Relationship>,
    stories: Vec<Story>,
    limits: Limits,
}

impl Package {
    /// Opens a .docx file with the default limits.
    pub fn open(path: impl AsRef<Path>) -> Result<Package> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Package::from_bytes(bytes, path, Limits::default())
    }

    /// Reads a package from memory; `path` is used in messages only.
    pub fn from_bytes(bytes: Vec<u8>, path: impl Into<PathBuf>, limits: Limits) -> Result<Package> {
        let path = path.into();
        match sniff(&bytes) {
            FileKind::Zip => {}
            FileKind::EncryptedOffice => return Err(Error::Encrypted { path }),
            FileKind::LegacyOffice => return Err(Error::LegacyDoc { path }),
            FileKind::Rtf => {
                return Err(Error::NotDocx {
                    path,
                    detail: "đây là tệp RTF".into(),
                })
            }
            FileKind::Unknown => {
                return Err(Error::NotDocx {
                    path,
                    detail: "nội dung không phải gói zip của Word".into(),
                })
            }
        }
        let data: Arc<[u8]> = bytes.into();
        let mut archive = ZipArchive::new(Cursor::new(data)).map_err(|e| Error::NotDocx {
            path: path.clone(),
            detail: format!("tệp zip bị hỏng hoặc không đầy đủ: {e}"),
        })?;
        let entries = list_entries(&mut archive, &path, &limits)?;
        verify_entries(&mut archive, &entries, &path)?;
        let mut package = Package {
            path,
            archive,
            entries,
            content_types: ContentTypes::default(),
            main_part: String::new(),
            main_rels: Vec::new(),
            stories: Vec::new(),
            limits,
        };
        package.read_structure()?;
        Ok(package)
    }

    fn read_structure(&mut self) -> Result<()> {
        let ct_bytes = self.read_part("[Content_Types].xml")?;
        self.content_types =
            ContentTypes::parse(&ct_bytes).map_err(|e| self.bad_part("[Content_Types].xml", e))?;
        let root_rels = match self.read_part_if_present("_rels/.rels")? {
            Some(b) => opc::parse_rels(&b, "").map_err(|e| self.bad_part("_rels/.rels", e))?,
            None => Vec::new(),
        };
        let main = root_rels
            .iter()
            .find(|r| {
                r.kind == rel_type::OFFICE_DOCUMENT && !r.external && self.has_entry(&r.target)
            })
            .map(|r| r.target.clone())
            .or_else(|| {
                self.has_entry("word/document.xml")
                    .then(|| "word/document.xml".to_string())
            })
            .ok_or_else(|| Error::NotDocx {
                path: self.path.clone(),
                detail: "không tìm thấy phần văn bản chính (word/document.xml)".into(),
            })?;
        if let Some(other) = other_office_kind(self.content_types.of(&main)) {
            return Err(Error::NotDocx {
                path: self.path.clone(),
                detail: format!("đây là {other} mang đuôi .docx, không phải văn bản Word"),
            });
        }
        self.main_part = self.entry_name(&main).unwrap_or(main);
        let rels_name = opc::rels_path(&self.main_part);
        self.main_rels = match self.read_part_if_present(&rels_name)? {
            Some(b) => {
                opc::parse_rels(&b, &self.main_part).map_err(|e| self.bad_part(&rels_name, e))?
            }
            None => Vec::new(),
        };
        let mut stories = vec![Story {
            part: self.main_part.clone(),
            kind: StoryKind::Main,
        }];
        for (kind, rel) in [
            (StoryKind::Header, rel_type::HEADER),
            (StoryKind::Footer, rel_type::FOOTER),
            (StoryKind::Footnotes, rel_type::FOOTNOTES),
            (StoryKind::Endnotes, rel_type::ENDNOTES),
        ] {
            for r in self
                .main_rels
                .iter()
                .filter(|r| r.kind == rel && !r.external)
            {
                if let Some(name) = self.entry_name(&r.target) {
                    if !stories.iter().any(|s| s.part == name) {
                        stories.push(Story { part: name, kind });
                    }
                }
            }
        }
        self.stories = stories;
        Ok(())
    }

    fn bad_part(&self, part: &str, e: crate::xml::ParseError) -> Error {
        Error::BadPart {
            path: self.path.clone(),
            part: part.to_string(),
            detail: e.to_string(),
        }
    }

    /// The file this package came from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The zip entries in their stored order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The main document part name.
    pub fn main_part(&self) -> &str {
        &self.main_part
    }

    /// The story parts: main document, headers, footers, footnotes, endnotes.
    pub fn stories(&self) -> &[Story] {
        &self.stories
    }

    /// The target of the main document's first relationship of `kind`, if present in the package.
    pub fn related_part(&self, kind: &str) -> Option<String> {
        self.main_rels
            .iter()
            .find(|r| r.kind == kind && !r.external)
            .and_then(|r| self.entry_name(&r.target))
    }

    /// Whether an entry of that name exists (OPC names compare without case).
    pub fn has_entry(&self, name: &str) -> bool {
        self.entry_name(name).is_some()
    }

    /// The stored spelling of an entry name.
    pub fn entry_name(&self, name: &str) -> Option<String> {
        self.entries
            .iter()
            .find(|e| e.name == name)
            .or_else(|| {
                self.entries
                    .iter()
                    .find(|e| e.name.eq_ignore_ascii_case(name))
            })
            .map(|e| e.name.clone())
    }

    /// Reads and decompresses a part, within the limits.
    pub fn read_part(&self, name: &str) -> Result<Vec<u8>> {
        self.read_part_if_present(name)?
            .ok_or_else(|| Error::NotDocx {
                path: self.path.clone(),
                detail: format!("thiếu phần {name}"),
            })
    }

    /// Like [`Package::read_part`], but `None` when the part does not exist.
    pub fn read_part_if_present(&self, name: &str) -> Result<Option<Vec<u8>>> {
        let Some(stored) = self.entry_name(name) else {
            return Ok(None);
        };
        let mut archive = self.archive.clone();
        let mut file = archive.by_name(&stored).map_err(|e| Error::BadPart {
            path: self.path.clone(),
            part: stored.clone(),
            detail: e.to_string(),
        })?;
        if file.size() > self.limits.max_part_size {
            return Err(Error::Limit {
                path: self.path.clone(),
                detail: format!("phần {stored} lớn {} byte khi giải nén", file.size()),
            });
        }
        let mut out = Vec::with_capacity(file.size() as usize);
        (&mut file)
            .take(self.limits.max_part_size + 1)
            .read_to_end(&mut out)
            .map_err(|e| Error::BadPart {
                path: self.path.clone(),
                part: stored.clone(),
                detail: damage(&e),
            })?;
        if out.len() as u64 > self.limits.max_part_size {
            return Err(Error::Limit {
                path: self.path.clone(),
                detail: format!(
                    "phần {stored} vượt {} byte khi giải nén",
                    self.limits.max_part_size
                ),
            });
        }
        if is_xml_name(&stored) {
            if let Some(decoded) = utf16::to_utf8(&out) {
                out = decoded.map_err(|detail| Error::BadPart {
                    path: self.path.clone(),
                    part: stored.clone(),
                    detail,
                })?;
            }
        }
        Ok(Some(out))
    }

    /// The changes that declare a part related to the main document: its
    /// content type, and a relationship from the main document, each only
    /// when missing. `part` is the stored entry name when the part exists.
    pub fn part_addition(
        &self,
        part: &str,
        content_type: &str,
        rel_kind: &str,
        rel_id: &str,
    ) -> Result<PartAddition> {
        self.part_additions(&[PartDeclaration {
            part,
            content_type,
            rel_kind,
            rel_id,
        }])
    }

    /// Like [`Package::part_addition`] for several parts at once, so their
    /// declarations land in one content-types part and one relationships part.
    pub fn part_additions(&self, parts: &[PartDeclaration]) -> Result<PartAddition> {
        let bad = |name: &str| Error::BadPart {
            path: self.path.clone(),
            part: name.to_string(),
            detail: "cannot add to it".into(),
        };
        let rels_name = opc::rels_path(&self.main_part);
        let mut content_types: Option<String> = None;
        let mut rels: Option<String> = None;
        let mut rels_is_new = false;
        let mut existing = Vec::new();
        for d in parts {
            if self.has_entry(d.part) {
                existing.push(d.part.to_string());
            }
            if self.content_types.of(d.part) != Some(d.content_type) {
                let current = match content_types.take() {
                    Some(text) => text.into_bytes(),
                    None => self.read_part("[Content_Types].xml")?,
                };
                content_types = Some(
                    opc::declare_override(&current, d.part, d.content_type)
                        .ok_or_else(|| bad("[Content_Types].xml"))?,
                );
            }
            let related = self.main_rels.iter().any(|r| {
                r.kind == d.rel_kind && !r.external && r.target.eq_ignore_ascii_case(d.part)
            });
            if related {
                continue;
            }
            let target = d.part.rsplit('/').next().unwrap_or(d.part);
            let rel = format!(
                r#"<Relationship Id="{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{}" Target="{target}"/>"#,
                d.rel_id, d.rel_kind
            );
            let current = match rels.take() {
                Some(text) => Some(text.into_bytes()),
                None => self.read_part_if_present(&rels_name)?,
            };
            rels = Some(match current {
                Some(b) => crate::xml::append_to_root(&b, &rel).ok_or_else(|| bad(&rels_name))?,
                None => {
                    rels_is_new = true;
                    format!(
                        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rel}</Relationships>"#
                    )
                }
            });
        }
        Ok(PartAddition {
            content_types: content_types.map(String::into_bytes),
            rels: rels.map(|r| (rels_name, r.into_bytes())),
            rels_is_new,
            existing,
        })
    }

    /// Where a new part beside the main document is named: `word/<file>`.
    pub fn beside_main(&self, file: &str) -> String {
        match self.main_part.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{file}"),
            None => file.to_string(),
        }
    }

    pub(crate) fn archive(&self) -> &Archive {
        &self.archive
    }
}

fn list_entries(archive: &mut Archive, path: &Path, limits: &Limits) -> Result<Vec<Entry>> {
    let limit = |detail: String| Error::Limit {
        path: path.to_path_buf(),
        detail,
    };
    if archive.len() > limits.max_entries {
        return Err(limit(format!(
            "{} mục trong gói (tối đa {})",
            archive.len(),
            limits.max_entries
        )));
    }
    let mut entries = Vec::with_capacity(archive.len());
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).map_err(|e| Error::NotDocx {
            path: path.to_path_buf(),
            detail: format!("mục thứ {} của gói zip bị hỏng: {e}", i + 1),
        })?;
        let name = String::from_utf8_lossy(file.name_raw()).into_owned();
        if !is_safe_entry_name(&name) {
            return Err(limit(format!("tên mục không an toàn trong gói: {name:?}")));
        }
        if file.encrypted() {
            return Err(Error::Encrypted {
                path: path.to_path_buf(),
            });
        }
        let (size, compressed) = (file.size(), file.compressed_size());
        total = total.saturating_add(size);
        if total > limits.max_total_uncompressed {
            return Err(limit(format!(
                "tổng dung lượng giải nén vượt {} byte (nghi là bom nén)",
                limits.max_total_uncompressed
            )));
        }
        if size > limits.ratio_floor && size / compressed.max(1) > limits.max_ratio {
            return Err(limit(format!(
                "mục {name} nở {}× khi giải nén (nghi là bom nén)",
                size / compressed.max(1)
            )));
        }
        if entries.iter().any(|e: &Entry| e.name == name) {
            return Err(limit(format!("mục {name:?} xuất hiện hai lần trong gói")));
        }
        entries.push(Entry {
            name,
            compressed_size: compressed,
        });
    }
    Ok(entries)
}

/// Decompresses every entry once and checks it against its CRC, so that a
/// damaged entry is named now rather than copied into an output unread.
fn verify_entries(archive: &mut Archive, entries: &[Entry], path: &Path) -> Result<()> {
    for (i, entry) in entries.iter().enumerate() {
        let damaged = |detail: String| Error::BadPart {
            path: path.to_path_buf(),
            part: entry.name.clone(),
            detail,
        };
        let mut file = archive
            .by_index(i)
            .map_err(|e| damaged(format!("không giải nén được mục này ({e})")))?;
        std::io::copy(&mut file, &mut std::io::sink()).map_err(|e| damaged(damage(&e)))?;
    }
    Ok(())
}

/// What is wrong with an entry that did not decompress, in Vietnamese.
fn damage(e: &std::io::Error) -> String {
    let text = e.to_string();
    if text.contains("checksum") {
        "mã kiểm tra CRC không khớp: nội dung đã bị hỏng".into()
    } else if text.contains("declared uncompressed size") {
        "dài hơn kích thước ghi trong gói zip".into()
    } else {
        format!("dữ liệu nén bị hỏng ({text})")
    }
}

/// Parts that hold XML, by name: these may be stored as UTF-16.
fn is_xml_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xml") || lower.ends_with(".rels")
}

/// Entry names must be relative paths that stay inside the package.
fn is_safe_entry_name(name: &str) -> bool {
    let absolute = name.starts_with(['/', '\\']) || (name.len() > 1 && name.as_bytes()[1] == b':');
    let escapes = name.split(['/', '\\']).any(|seg| seg == "..");
    !(name.is_empty() || absolute || escapes || name.contains('\0'))
}

/// What an Office package is when its main part is not a Word document:
/// an Excel workbook or a PowerPoint presentation saved under a .docx name.
/// `None` for Word's own types and for undeclared or generic ones.
fn other_office_kind(content_type: Option<&str>) -> Option<&'static str> {
    let content_type = content_type?;
    if content_type.contains("spreadsheetml") || content_type.contains("ms-excel") {
        Some("bảng tính Excel")
    } else if content_type.contains("presentationml") || content_type.contains("ms-powerpoint") {
        Some("bản trình chiếu PowerPoint")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_entry_names_are_refused() {
        assert!(is_safe_entry_name("word/document.xml"));
        assert!(is_safe_entry_name("[Content_Types].xml"));
        assert!(!is_safe_entry_name("../evil.xml"));
        assert!(!is_safe_entry_name("word/../../evil.xml"));
        assert!(!is_safe_entry_name("/etc/passwd"));
        assert!(!is_safe_entry_name("C:\\x.xml"));
        assert!(!is_safe_entry_name("word\\..\\x"));
    }
}
