//! Output file names: from a pattern read by the template language, safe
//! on Windows, macOS and Linux, unique within one folder, never overwriting
//! a file already there.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::template::expr::{parse_tag, Arg, Path as TagPath, TagKind, ValueExpr};
use crate::template::lexer::{lex, LexProblem};
use serde_json::{Map, Value};
use unicode_normalization::UnicodeNormalization;

/// A file name pattern such as `{{ma}}-{{ten_don_vi | hoa}}.docx`, read once
/// by the template language's lexer and tag parser and evaluated for each
/// record by the renderer's own lookup and filters (arguments included).
#[derive(Debug, Clone)]
pub struct NamePattern {
    pattern: String,
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Value(ValueExpr),
}

impl NamePattern {
    /// Reads `pattern`: an unclosed or stray brace, a tag that is not a
    /// value (a section, `@stt`, `.`), an unknown filter or a filter with
    /// the wrong arguments is an error, before any record is read.
    pub fn parse(pattern: &str) -> Result<NamePattern, Error> {
        let fail = |code: &'static str, message: String| Error::NamePattern {
            pattern: pattern.to_string(),
            message,
            code,
        };
        let (tags, problems) = lex(pattern);
        if let Some(problem) = problems.first() {
            return Err(match problem {
                LexProblem::Unclosed { start } => fail(
                    "unclosed-tag",
                    format!(
                        "thẻ mở {{{{ ở ký tự {} chưa được đóng: thêm }}}} sau tên trường",
                        start + 1
                    ),
                ),
                LexProblem::Unopened { start } => fail(
                    "unopened-tag",
                    format!(
                        "có }}}} ở ký tự {} mà không có {{{{ trước đó: thêm {{{{ hoặc xoá }}}}",
                        start + 1
                    ),
                ),
            });
        }
        let chars: Vec<char> = pattern.chars().collect();
        let mut pieces = Vec::new();
        let mut at = 0;
        for tag in tags {
            if tag.start > at {
                pieces.push(Piece::Text(chars[at..tag.start].iter().collect()));
            }
            let shown: String = chars[tag.start..tag.end].iter().collect();
            let expr = match parse_tag(&tag.inner) {
                Ok(TagKind::Value(expr)) => expr,
                Ok(_) => {
                    return Err(fail(
                        "bad-tag",
                        format!("{shown}: tên tệp chỉ dùng thẻ giá trị như {{{{ma}}}}, không dùng mục {{{{#…}}}}/{{{{/…}}}}"),
                    ))
                }
                Err(e) => return Err(fail(e.code, format!("{shown}: {}", e.message))),
            };
            let outside_list = |p: &TagPath| matches!(p, TagPath::Names(_));
            let args_ok = expr
                .filters
                .iter()
                .flat_map(|f| &f.args)
                .all(|a| !matches!(a, Arg::Path(p) if !outside_list(p)));
            if !outside_list(&expr.path) || !args_ok {
                return Err(fail(
                    "bad-tag",
                    format!("{shown}: tên tệp lấy giá trị từ trường của bản ghi (ví dụ {{{{ma}}}}); \".\" và @stt, @dau, @cuoi chỉ dùng trong danh sách"),
                ));
            }
            pieces.push(Piece::Value(expr));
            at = tag.end;
        }
        if at < chars.len() {
            pieces.push(Piece::Text(chars[at..].iter().collect()));
        }
        Ok(NamePattern {
            pattern: pattern.to_string(),
            pieces,
        })
    }

    /// The pattern as given.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The first name of each field the pattern reads (values and filter arguments).
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().flat_map(|p| match p {
            Piece::Text(_) => Vec::new(),
            Piece::Value(expr) => std::iter::once(&expr.path)
                .chain(
                    expr.filters
                        .iter()
                        .flat_map(|f| &f.args)
                        .filter_map(|a| match a {
                            Arg::Path(p) => Some(p),
                            _ => None,
                        }),
                )
                .filter_map(|p| match p {
                    TagPath::Names(names) => names.first().map(String::as_str),
                    _ => None,
                })
                .collect(),
        })
    }

    /// The name for one record, before it is made safe; the error names the
    /// tag and says why it has no value.
    pub fn expand(&self, record: &Map<String, Value>) -> Result<String, String> {
        let root = Value::Object(record.clone());
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Value(expr) => {
                    let text = crate::render::value_text(expr, &root)
                        .map_err(|why| format!("{}: {why}", expr.path))?;
                    out.push_str(&text);
                }
            }
        }
        Ok(out)
    }
}

/// Longest file name [`sanitize`] returns, in bytes (UTF-8). Far below the
/// 255-byte limit of common file systems, leaving room in Windows' 260-character
/// paths for the folder.
pub const MAX_NAME_BYTES: usize = 150;

/// What [`sanitize`] returns when nothing usable is left of the name.
pub const FALLBACK_NAME: &str = "van-ban";

/// Windows device names, unusable as a file name with any extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
    "COM8", "COM9", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// [`sanitize_or`] with [`FALLBACK_NAME`] as the fallback.
#[cfg(test)]
pub fn sanitize(name: &str, ascii: bool) -> String {
    sanitize_or(name, ascii, FALLBACK_NAME)
}

/// Makes `name` (a file name, with or without extension) safe as a file name
/// on Windows, macOS and Linux:
/// - `/ \ : |` become `-`; `* ? " < >` and invisible format characters are
///   removed; control characters (tabs, line breaks) become spaces;
/// - runs of whitespace become one space; leading and trailing spaces and
///   dots go;
/// - a Windows device name (`CON`, `nul.docx`, `COM1`…) gets a `_` after it;
/// - Vietnamese letters stay (NFC), or with `ascii` are folded to ASCII:
///   `đ`→`d`, `Đ`→`D`, diacritics dropped, typographic quotes and dashes
///   simplified, other non-ASCII characters dropped;
/// - the result is at most [`MAX_NAME_BYTES`] bytes, cut at a character
///   boundary, keeping the extension (`.docx`).
///
/// When nothing is left, the result is `fallback` (itself sanitized, and
/// [`FALLBACK_NAME`] if that is empty too), with the extension of `name`, or
/// else that of `fallback`.
pub fn sanitize_or(name: &str, ascii: bool, fallback: &str) -> String {
    let cleaned = clean(name, ascii);
    let (stem, ext) = split_ext(&cleaned);
    let stem = tidy_stem(stem);
    if stem.is_empty() {
        let fallback = clean(fallback, ascii);
        let (fallback_stem, fallback_ext) = split_ext(&fallback);
        let fallback_stem = match tidy_stem(fallback_stem) {
            "" => FALLBACK_NAME,
            s => s,
        };
        let ext = if ext.is_empty() { fallback_ext } else { ext };
        return finish(fallback_stem, ext);
    }
    finish(stem, ext)
}

/// Character-level clean-up: unsafe characters, folding, whitespace.
fn clean(name: &str, ascii: bool) -> String {
    let mut out = String::with_capacity(name.len());
    let chars: Box<dyn Iterator<Item = char>> = if ascii {
        Box::new(name.nfd())
    } else {
        Box::new(name.nfc())
    };
    let mut pending_space = false;
    for c in chars {
        let mapped: &str;
        let mut buf = [0u8; 4];
        match c {
            '/' | '\\' | ':' | '|' => mapped = "-",
            '*' | '?' | '"' | '<' | '>' => continue,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' => continue,
            '\u{FEFF}' => continue,
            c if c.is_control() || c.is_whitespace() => {
                pending_space = !out.is_empty();
                continue;
            }
            c if ascii && !c.is_ascii() => match fold(c) {
                Some(s) => mapped = s,
                None => continue,
            },
            c => mapped = c.encode_utf8(&mut buf),
        }
        if mapped.is_empty() {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push_str(mapped);
    }
    if ascii {
        out
    } else {
        out.nfc().collect()
    }
}

/// ASCII replacement of a non-ASCII character of NFD text; `None` drops it
/// (combining marks, and anything without an obvious ASCII form).
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'đ' => "d",
        'Đ' => "D",
        '\u{0300}'..='\u{036F}' => return None,
        '‘' | '’' | '‚' | '′' => "'",
        '“' | '”' | '„' | '«' | '»' | '″' => "",
        '–' | '—' | '‒' | '―' | '−' => "-",
        '…' => "...",
        '×' => "x",
        '°' | 'º' => "o",
        'Ð' => "D",
        'ð' => "d",
        'Æ' => "AE",
        'æ' => "ae",
        'Ø' => "O",
        'ø' => "o",
        'ß' => "ss",
        _ => return None,
    })
}

/// Splits off an extension: a final `.xxx` of 1 to 5 ASCII letters and digits,
/// at least one of them a letter (so `Số 12.2024` has none).
fn split_ext(name: &str) -> (&str, &str) {
    if let Some(i) = name.rfind('.') {
        let ext = &name[i + 1..];
        if (1..=5).contains(&ext.len())
            && ext.bytes().all(|b| b.is_ascii_alphanumeric())
            && ext.bytes().any(|b| b.is_ascii_alphabetic())
        {
            return (&name[..i], &name[i..]);
        }
    }
    (name, "")
}

/// Trims spaces and dots at both ends of the stem.
fn tidy_stem(stem: &str) -> &str {
    stem.trim_matches(|c: char| c == ' ' || c == '.')
}

/// Reserved-name guard and length cap, then the extension back on.
fn finish(stem: &str, ext: &str) -> String {
    let mut stem = stem.to_string();
    let base = stem.split('.').next().unwrap_or("").trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(base)) {
        stem.insert(base.len(), '_');
    }
    let room = MAX_NAME_BYTES.saturating_sub(ext.len()).max(1);
    let stem = tidy_stem(truncate(&stem, room));
    format!("{stem}{ext}")
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character
/// boundary.
fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The comparison key of a name on case-insensitive file systems (Windows,
/// macOS): NFC, lower case.
fn key(name: &str) -> String {
    name.nfc().collect::<String>().to_lowercase()
}

/// Hands out unique file names within one output folder.
///
/// Names are compared without regard to case (Windows and macOS file systems
/// ignore it); a name already handed out, or a file already in the folder,
/// makes the next one get `-2`, `-3`… before the extension. An existing file
/// is never handed out, so it is never overwritten.
#[derive(Debug, Default)]
pub struct UniqueNames {
    dir: Option<PathBuf>,
    taken: HashSet<String>,
    /// Files in the folder that may be replaced: an earlier run's own.
    replaceable: HashSet<String>,
}

impl UniqueNames {
    /// For names not tied to a folder on disk.
    #[cfg(test)]
    pub fn new() -> UniqueNames {
        UniqueNames::default()
    }

    /// For the folder `dir`: the names of the entries already in it are
    /// taken. A folder that does not exist yet has none.
    #[cfg(test)]
    pub fn for_dir(dir: &Path) -> io::Result<UniqueNames> {
        UniqueNames::for_dir_replacing(dir, [])
    }

    /// For the folder `dir`, where the files named in `replaceable` (an
    /// earlier run's own) may be handed out again; every other entry is taken.
    pub fn for_dir_replacing<'a>(
        dir: &Path,
        replaceable: impl IntoIterator<Item = &'a str>,
    ) -> io::Result<UniqueNames> {
        let mut names = UniqueNames {
            dir: Some(dir.to_path_buf()),
            taken: HashSet::new(),
            replaceable: replaceable.into_iter().map(key).collect(),
        };
        match std::fs::read_dir(dir) {
            Ok(entries) => {
                for entry in entries {
                    let name = entry?.file_name().to_string_lossy().into_owned();
                    if !names.replaceable.contains(&key(&name)) {
                        names.reserve(&name);
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        Ok(names)
    }

    /// Marks `name` as taken without handing it out (e.g. `manifest.csv`).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(key(name));
    }

    /// Whether `name` is taken (case-insensitively).
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(&key(name)) || self.exists_on_disk(name)
    }

    /// A name based on `name` (already sanitized) that is not taken yet:
    /// `name` itself, else `stem-2.ext`, `stem-3.ext`… It is taken from now on.
    pub fn claim(&mut self, name: &str) -> String {
        self.claim_with(name, None)
    }

    /// Like [`UniqueNames::claim`], with the name's sibling of extension
    /// `also` (the `.pdf` of a `.docx`) free and taken too, when given.
    pub fn claim_with(&mut self, name: &str, also: Option<&str>) -> String {
        let mut candidate = name.to_string();
        let (stem, ext) = split_ext(name);
        let sibling = |c: &str| also.map(|e| format!("{}.{e}", split_ext(c).0));
        let mut n = 1usize;
        while self.is_taken(&candidate) || sibling(&candidate).is_some_and(|s| self.is_taken(&s)) {
            n += 1;
            let suffix = format!("-{n}{ext}");
            let room = MAX_NAME_BYTES.saturating_sub(suffix.len()).max(1);
            candidate = format!("{}{suffix}", truncate(stem, room));
        }
        self.reserve(&candidate);
        if let Some(sibling) = sibling(&candidate) {
            self.reserve(&sibling);
        }
        candidate
    }

    fn exists_on_disk(&self, name: &str) -> bool {
        !self.replaceable.contains(&key(name))
            && self
                .dir
                .as_ref()
                .is_some_and(|d| d.join(name).symlink_metadata().is_ok())
    }
}

/// Digits for the record number in [`default_name`]: 4 at least, more when
/// there are 10 000 records or more.
pub fn number_width(total: usize) -> usize {
    total.to_string().len().max(4)
}

/// The default output name of record `number`: the template's name without
/// folder and extension, then the number padded to `width` digits (4 at
/// least): `default_name("mau/ke-hoach.docx", 1, 4)` is `ke-hoach-0001.docx`.
pub fn default_name(template: &str, number: usize, width: usize) -> String {
    let base = template.rsplit(['/', '\\']).next().unwrap_or(template);
    let lower = base.to_ascii_lowercase();
    let stem = [".docx", ".docm", ".dotx", ".dotm"]
        .iter()
        .find(|e| lower.ends_with(*e))
        .map_or(base, |e| &base[..base.len() - e.len()]);
    let width = width.max(4);
    let tail = format!("-{number:0width$}.docx");
    let stem = sanitize_or(stem, false, FALLBACK_NAME);
    let stem = tidy_stem(truncate(
        &stem,
        MAX_NAME_BYTES.saturating_sub(tail.len()).max(1),
    ));
    let stem = if stem.is_empty() { FALLBACK_NAME } else { stem };
    format!("{stem}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_unsafe_characters() {
        assert_eq!(
            sanitize("Số 12/BC-LĐLĐ: \"Báo cáo\" <tháng> 6? *|.docx", false),
            "Số 12-BC-LĐLĐ- Báo cáo tháng 6 -.docx"
        );
        assert_eq!(sanitize("a\\b.docx", false), "a-b.docx");
        assert_eq!(
            sanitize("dòng 1\r\ndòng\t2\u{0}.docx", false),
            "dòng 1 dòng 2.docx"
        );
        assert_eq!(sanitize("a\u{200B}b\u{FEFF}.docx", false), "ab.docx");
    }

    #[test]
    fn trims_dots_and_spaces_and_collapses_whitespace() {
        assert_eq!(
            sanitize("  ..Kế   hoạch\u{a0} số 5 .. .docx", false),
            "Kế hoạch số 5.docx"
        );
        assert_eq!(sanitize("Kế hoạch...", false), "Kế hoạch");
        assert_eq!(sanitize(" . ", false), FALLBACK_NAME);
    }

    #[test]
    fn keeps_vietnamese_in_nfc() {
        // "Thuột" typed with combining marks (NFD) comes out precomposed.
        let nfd = "Bu\u{00f4}n Ma Thu\u{00f4}\u{0323}t.docx";
        let out = sanitize(nfd, false);
        assert_eq!(out, "Buôn Ma Thuột.docx");
        assert!(
            out.contains('\u{1ed9}'),
            "ộ should be one precomposed character"
        );
    }

    #[test]
    fn folds_to_ascii() {
        assert_eq!(
            sanitize("Liên đoàn Lao động Buôn Ma Thuột", true),
            "Lien doan Lao dong Buon Ma Thuot"
        );
        assert_eq!(
            sanitize("ĐẮK LẮK – Ưu tiên “Ươm mầm” ở Cư M’gar.docx", true),
            "DAK LAK - Uu tien Uom mam o Cu M'gar.docx"
        );
        assert_eq!(
            sanitize("Hưng Yên, Thừa Thiên Huế", true),
            "Hung Yen, Thua Thien Hue"
        );
        assert_eq!(sanitize("漢字.docx", true), "van-ban.docx");
        assert!(sanitize("ỹ ẵ ộ ữ ờ Ỵ", true).is_ascii());
    }

    #[test]
    fn guards_windows_device_names() {
        assert_eq!(sanitize("CON", false), "CON_");
        assert_eq!(sanitize("nul.docx", false), "nul_.docx");
        assert_eq!(sanitize("Com1.tar.docx", false), "Com1_.tar.docx");
        assert_eq!(sanitize("lpt9 .docx", false), "lpt9_.docx");
        assert_eq!(sanitize("CONG.docx", false), "CONG.docx");
        assert_eq!(sanitize("console.docx", false), "console.docx");
    }

    #[test]
    fn caps_length_at_a_character_boundary_keeping_extension() {
        let long = "Liên đoàn ".repeat(40) + ".docx";
        let out = sanitize(&long, false);
        assert!(out.len() <= MAX_NAME_BYTES, "{} bytes", out.len());
        assert!(out.ends_with(".docx"));
        assert!(
            out.len() > MAX_NAME_BYTES - 8,
            "cut too much: {}",
            out.len()
        );
        assert!(!out.contains(" .docx"));
        // Three-byte letters only: the cut never splits one.
        let out = sanitize(&"ộ".repeat(100), false);
        assert_eq!(out, "ộ".repeat(MAX_NAME_BYTES / 3));
    }

    #[test]
    fn numbers_with_dots_are_not_extensions() {
        let name = format!("{} 12.2024", "x".repeat(200));
        let out = sanitize(&name, false);
        assert_eq!(out.len(), MAX_NAME_BYTES);
        assert!(out.starts_with("xxx"));
    }

    #[test]
    fn fallback_when_nothing_is_left() {
        assert_eq!(sanitize("", false), FALLBACK_NAME);
        assert_eq!(sanitize("???.docx", false), "van-ban.docx");
        assert_eq!(sanitize_or("***", false, "ke-hoach-0007"), "ke-hoach-0007");
        assert_eq!(
            sanitize_or("<>.docx", false, "ke-hoach-0007.docx"),
            "ke-hoach-0007.docx"
        );
        assert_eq!(sanitize_or("<>", false, "::"), "--");
        assert_eq!(
            sanitize_or("  ", false, "ke-hoach-0009.docx"),
            "ke-hoach-0009.docx"
        );
        assert_eq!(sanitize_or(".pdf", false, "x.docx"), "x.pdf");
        assert_eq!(sanitize_or("<>", false, "??"), FALLBACK_NAME);
    }

    #[test]
    fn unique_names_add_suffixes_case_insensitively() {
        let mut u = UniqueNames::new();
        assert_eq!(u.claim("Báo cáo.docx"), "Báo cáo.docx");
        assert_eq!(u.claim("báo cáo.docx"), "báo cáo-2.docx");
        assert_eq!(u.claim("BÁO CÁO.docx"), "BÁO CÁO-3.docx");
        assert_eq!(u.claim("Báo cáo-2.docx"), "Báo cáo-2-2.docx");
        assert_eq!(u.claim("khac.docx"), "khac.docx");
        assert_eq!(u.claim("khong-duoi"), "khong-duoi");
        assert_eq!(u.claim("khong-duoi"), "khong-duoi-2");
    }

    #[test]
    fn unique_names_compare_nfc_and_nfd_alike() {
        let mut u = UniqueNames::new();
        u.claim("Thu\u{1ed9}t.docx");
        assert_eq!(
            u.claim("Thu\u{00f4}\u{0323}t.docx"),
            "Thu\u{00f4}\u{0323}t-2.docx"
        );
    }

    #[test]
    fn unique_names_never_overwrite_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Ke-Hoach-0001.docx"), b"old").unwrap();
        std::fs::write(dir.path().join("a.docx"), b"old").unwrap();
        let mut u = UniqueNames::for_dir(dir.path()).unwrap();
        assert_eq!(u.claim("ke-hoach-0001.docx"), "ke-hoach-0001-2.docx");
        assert_eq!(u.claim("a.docx"), "a-2.docx");
        // A file that appears after the folder was read is still respected.
        std::fs::write(dir.path().join("b.docx"), b"late").unwrap();
        assert_eq!(u.claim("b.docx"), "b-2.docx");
        u.reserve("manifest.csv");
        assert!(u.is_taken("MANIFEST.csv"));
        assert!(!u.is_taken("c.docx"));
    }

    #[test]
    fn an_earlier_runs_files_are_handed_out_again_and_no_other() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["cu.docx", "cu.pdf", "khac.docx"] {
            std::fs::write(dir.path().join(name), b"old").unwrap();
        }
        let mut u = UniqueNames::for_dir_replacing(dir.path(), ["cu.docx", "cu.pdf"]).unwrap();
        assert_eq!(u.claim_with("cu.docx", Some("pdf")), "cu.docx");
        assert_eq!(u.claim_with("khac.docx", Some("pdf")), "khac-2.docx");
        assert!(u.is_taken("khac-2.pdf"));
        std::fs::write(dir.path().join("moi.pdf"), b"old").unwrap();
        assert_eq!(u.claim_with("moi.docx", Some("pdf")), "moi-2.docx");
        assert_eq!(u.claim_with("moi.docx", None), "moi.docx");
    }

    fn record(value: serde_json::Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn name_patterns_take_record_values_and_filters_with_arguments() {
        let data = record(
            serde_json::json!({"ma": "07", "don_vi": {"ten": "Krông Búk"}, "so": 5, "tong": 20, "ty": 1234.5}),
        );
        let expand = |p: &str| NamePattern::parse(p).unwrap().expand(&data);
        assert_eq!(
            expand("{{ma}}-{{don_vi.ten}}.docx").unwrap(),
            "07-Krông Búk.docx"
        );
        assert_eq!(expand("{{so | hai_so}}").unwrap(), "05");
        assert_eq!(expand("{{ty | so: 2}}").unwrap(), "1.234,50");
        assert_eq!(expand("{{so | ti_le: tong, 0}}").unwrap(), "25%");
        assert_eq!(expand("{{don_vi.ten | hoa}}").unwrap(), "KRÔNG BÚK");
        let missing = expand("{{khong_co}}").unwrap_err();
        assert!(missing.contains("khong_co"), "{missing}");
        let pattern = NamePattern::parse("{{so | ti_le: tong}}-{{don_vi.ten}}").unwrap();
        let fields: Vec<&str> = pattern.fields().collect();
        assert_eq!(fields, ["so", "tong", "don_vi"]);
    }

    #[test]
    fn bad_name_patterns_are_refused_with_their_code() {
        for (pattern, code) in [
            ("{{ma", "unclosed-tag"),
            ("ma}}", "unopened-tag"),
            ("{{ma | khong_co}}", "unknown-filter"),
            ("{{ma | so: 1, 2, 3}}", "bad-filter-arguments"),
            ("{{#ds}}x{{/ds}}", "bad-tag"),
            ("{{@stt}}", "bad-tag"),
            ("{{}}", "bad-tag"),
        ] {
            match NamePattern::parse(pattern) {
                Err(e) => assert_eq!(e.code(), code, "{pattern}: {e}"),
                Ok(_) => panic!("{pattern} was accepted"),
            }
        }
    }

    #[test]
    fn unique_names_for_a_missing_folder_start_empty() {
        let dir = tempfile::tempdir().unwrap();
        let mut u = UniqueNames::for_dir(&dir.path().join("chua-co")).unwrap();
        assert_eq!(u.claim("a.docx"), "a.docx");
    }

    #[test]
    fn unique_suffix_respects_the_length_cap() {
        let long = format!("{}.docx", "ư".repeat(48)); // 144 + 5 bytes
        let mut u = UniqueNames::new();
        assert_eq!(u.claim(&long), long);
        let second = u.claim(&long);
        assert!(second.len() <= MAX_NAME_BYTES, "{}", second.len());
        assert!(second.ends_with("-2.docx"), "{second}");
    }

    #[test]
    fn default_names() {
        assert_eq!(default_name("ke-hoach.docx", 1, 4), "ke-hoach-0001.docx");
        assert_eq!(
            default_name("mau/ke-hoach.DOCX", 12, 0),
            "ke-hoach-0012.docx"
        );
        assert_eq!(
            default_name("C:\\mau\\Kế hoạch.dotx", 7, 4),
            "Kế hoạch-0007.docx"
        );
        assert_eq!(default_name("ke-hoach", 12345, 5), "ke-hoach-12345.docx");
        assert_eq!(default_name("bao.cao.docx", 3, 4), "bao.cao-0003.docx");
        assert_eq!(default_name("???.docx", 3, 4), "van-ban-0003.docx");
        let long = default_name(&"a".repeat(300), 99999, 5);
        assert!(long.ends_with("-99999.docx") && long.len() <= MAX_NAME_BYTES);
    }

    #[test]
    fn widths() {
        assert_eq!(number_width(1), 4);
        assert_eq!(number_width(9999), 4);
        assert_eq!(number_width(10_000), 5);
        assert_eq!(number_width(123_456), 6);
    }
}
