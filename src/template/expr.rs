//! What a tag says: a value with filters, or a section opening or closing.

use super::filters::Filter;
use crate::text::quote;
use std::fmt;

/// A path to a value in the data.
#[derive(Debug, Clone, PartialEq)]
pub enum Path {
    /// `.`: the current item.
    Dot,
    /// `@stt`, `@dau`, `@cuoi`: facts about the current loop item.
    Meta(Meta),
    /// `a.b.c`: names looked up from the innermost scope outwards.
    Names(Vec<String>),
}

/// Facts about the current item of a repeated section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meta {
    /// `@stt`: the 1-based item number.
    Stt,
    /// `@dau`: true on the first item.
    Dau,
    /// `@cuoi`: true on the last item.
    Cuoi,
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Dot => f.write_str("."),
            Path::Meta(Meta::Stt) => f.write_str("@stt"),
            Path::Meta(Meta::Dau) => f.write_str("@dau"),
            Path::Meta(Meta::Cuoi) => f.write_str("@cuoi"),
            Path::Names(n) => f.write_str(&n.join(".")),
        }
    }
}

/// An argument to a filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A number literal.
    Number(f64),
    /// A quoted string literal.
    Str(String),
    /// A value from the data.
    Path(Path),
}

/// One filter applied to a value.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterCall {
    /// Which filter.
    pub filter: Filter,
    /// Its arguments after `:`.
    pub args: Vec<Arg>,
}

/// A value tag: a path and the filters applied in order.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueExpr {
    /// Where the value comes from.
    pub path: Path,
    /// Filters, applied left to right.
    pub filters: Vec<FilterCall>,
}

/// What a tag does.
#[derive(Debug, Clone, PartialEq)]
pub enum TagKind {
    /// `{{x | f}}`: writes a value.
    Value(ValueExpr),
    /// `{{#x}}` or `{{^x}}`: opens a section. `{{#x noi_tiep}}` keeps Word
    /// list numbering running across repetitions instead of restarting it.
    Open {
        path: Path,
        inverted: bool,
        continue_numbering: bool,
    },
    /// `{{/x}}`: closes a section.
    Close { path: Path },
}

/// The section option that keeps list numbering running across repetitions.
const NOI_TIEP: &str = "noi_tiep";

/// Why a tag could not be read: a stable code and a Vietnamese sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagError {
    /// `unknown-filter`, `bad-filter-arguments` or `bad-tag`.
    pub code: &'static str,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl From<String> for TagError {
    fn from(message: String) -> Self {
        TagError {
            code: "bad-tag",
            message,
        }
    }
}

impl From<&str> for TagError {
    fn from(message: &str) -> Self {
        TagError::from(message.to_string())
    }
}

impl std::fmt::Display for TagError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses the text between `{{` and `}}`.
pub fn parse_tag(inner: &str) -> Result<TagKind, TagError> {
    let s = inner.trim();
    if s.is_empty() {
        return Err("thẻ rỗng: giữa {{ và }} phải có tên trường".into());
    }
    if let Some((rest, inverted)) = s
        .strip_prefix('#')
        .map(|r| (r, false))
        .or_else(|| s.strip_prefix('^').map(|r| (r, true)))
    {
        let rest = rest.trim();
        let (rest, continue_numbering) = match rest.strip_suffix(NOI_TIEP) {
            Some(name) if name.ends_with(char::is_whitespace) => (name, true),
            _ => (rest, false),
        };
        return Ok(TagKind::Open {
            path: parse_section_path(rest)?,
            inverted,
            continue_numbering,
        });
    }
    if let Some(rest) = s.strip_prefix('/') {
        return Ok(TagKind::Close {
            path: parse_section_path(rest)?,
        });
    }
    let mut pieces = split_top_level(s, '|').into_iter();
    let path = parse_path(pieces.next().unwrap_or_default())?;
    let filters = pieces.map(parse_filter).collect::<Result<Vec<_>, _>>()?;
    Ok(TagKind::Value(ValueExpr { path, filters }))
}

fn parse_section_path(s: &str) -> Result<Path, String> {
    let s = s.trim();
    if s.contains('|') {
        return Err(format!(
            "không dùng bộ lọc trong thẻ mở/đóng mục: \"{}\"",
            quote(s)
        ));
    }
    parse_path(s)
}

/// Parses `a.b.c`, `.`, `@stt`, `@dau` or `@cuoi`.
pub fn parse_path(s: &str) -> Result<Path, String> {
    let s = s.trim();
    match s {
        "" => return Err("thiếu tên trường".into()),
        "." => return Ok(Path::Dot),
        "@stt" => return Ok(Path::Meta(Meta::Stt)),
        "@dau" => return Ok(Path::Meta(Meta::Dau)),
        "@cuoi" => return Ok(Path::Meta(Meta::Cuoi)),
        _ => {}
    }
    if s.starts_with('@') {
        return Err(format!(
            "\"{}\" không có: chỉ dùng @stt, @dau, @cuoi",
            quote(s)
        ));
    }
    let names: Vec<String> = s.split('.').map(|n| n.trim().to_string()).collect();
    for n in &names {
        if n.is_empty()
            || !n
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            return Err(format!(
                "tên trường \"{}\" không hợp lệ: chỉ dùng chữ, số, dấu _ và dấu . giữa các cấp (ví dụ nguoi_ky.ho_ten)",
                quote(s)
            ));
        }
    }
    Ok(Path::Names(names))
}

fn parse_filter(s: &str) -> Result<FilterCall, TagError> {
    let (name, args) = match s.split_once(':') {
        Some((n, a)) => (n.trim(), Some(a)),
        None => (s.trim(), None),
    };
    let filter = Filter::from_name(name).map_err(|message| TagError {
        code: "unknown-filter",
        message,
    })?;
    let args = match args {
        Some(a) => split_top_level(a, ',')
            .into_iter()
            .map(parse_arg)
            .collect::<Result<Vec<_>, _>>()?,
        None => Vec::new(),
    };
    filter.check_arity(args.len()).map_err(|message| TagError {
        code: "bad-filter-arguments",
        message,
    })?;
    Ok(FilterCall { filter, args })
}

fn parse_arg(s: &str) -> Result<Arg, String> {
    let s = s.trim();
    let quoted =
        |open: char, close: char| s.len() >= 2 && s.starts_with(open) && s.ends_with(close);
    if quoted('"', '"') || quoted('\'', '\'') || quoted('“', '”') || quoted('‘', '’') {
        let inner: String = s.chars().skip(1).take(s.chars().count() - 2).collect();
        return Ok(Arg::Str(inner));
    }
    if let Ok(n) = s.parse::<f64>() {
        return Ok(Arg::Number(n));
    }
    parse_path(s).map(Arg::Path)
}

/// Splits on `sep` outside quotes.
fn split_top_level(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quote: Option<char> = None;
    let mut from = 0;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'' | '“' | '‘') => {
                quote = Some(match c {
                    '“' => '”',
                    '‘' => '’',
                    c => c,
                })
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c == sep => {
                out.push(&s[from..i]);
                from = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&s[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(p: &[&str]) -> Path {
        Path::Names(p.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn parses_values_sections_and_meta() {
        assert_eq!(
            parse_tag(" nguoi_ky.ho_ten ").unwrap(),
            TagKind::Value(ValueExpr {
                path: names(&["nguoi_ky", "ho_ten"]),
                filters: vec![]
            })
        );
        assert_eq!(
            parse_tag("#hoat_dong").unwrap(),
            TagKind::Open {
                path: names(&["hoat_dong"]),
                inverted: false,
                continue_numbering: false
            }
        );
        assert_eq!(
            parse_tag("^@cuoi").unwrap(),
            TagKind::Open {
                path: Path::Meta(Meta::Cuoi),
                inverted: true,
                continue_numbering: false
            }
        );
        assert_eq!(
            parse_tag("#muc noi_tiep").unwrap(),
            TagKind::Open {
                path: names(&["muc"]),
                inverted: false,
                continue_numbering: true
            }
        );
        assert_eq!(
            parse_tag("/ a ").unwrap(),
            TagKind::Close {
                path: names(&["a"])
            }
        );
        assert_eq!(
            parse_tag(".").unwrap(),
            TagKind::Value(ValueExpr {
                path: Path::Dot,
                filters: vec![]
            })
        );
    }

    #[test]
    fn parses_filters_with_arguments() {
        let TagKind::Value(v) = parse_tag("thuc_hien | ti_le: ke_hoach, 0 | hoa").unwrap() else {
            panic!("not a value")
        };
        assert_eq!(v.filters.len(), 2);
        assert_eq!(v.filters[0].filter, Filter::TiLe);
        assert_eq!(
            v.filters[0].args,
            vec![Arg::Path(names(&["ke_hoach"])), Arg::Number(0.0)]
        );
        assert_eq!(v.filters[1].filter, Filter::Hoa);
    }

    #[test]
    fn explains_bad_tags() {
        assert!(parse_tag("  ").unwrap_err().message.contains("rỗng"));
        assert!(parse_tag("ten don vi")
            .unwrap_err()
            .message
            .contains("không hợp lệ"));
        let unknown = parse_tag("x | so_tien").unwrap_err();
        assert_eq!(unknown.code, "unknown-filter");
        assert!(
            unknown.message.contains("so_tien") && unknown.message.contains("tien_chu"),
            "{unknown}"
        );
        let arity = parse_tag("x | ti_le").unwrap_err();
        assert_eq!(arity.code, "bad-filter-arguments");
        assert!(arity.message.contains("ti_le"));
        assert!(parse_tag("@abc").is_err());
    }
}
