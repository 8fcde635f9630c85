//! JSON (an array of objects) and JSON Lines (one object per line).

use std::path::Path;

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::{read_text, InputError, Record};
use crate::data::json::detail;
use crate::data::text::{Decoded, Encoding};
use crate::data::{normalize_map, JsonProblem};

/// The records of a JSON or JSON Lines file. Only the file's text and the
/// place of each record in it are held; each record is parsed when taken.
pub(super) struct JsonRecords {
    text: String,
    encoding: Encoding,
    spans: std::vec::IntoIter<Span>,
    lines: bool,
    number: usize,
}

/// Where one record's JSON text is: bytes `start..end`, starting on `line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) line: usize,
}

impl JsonRecords {
    /// The encoding the file was read in.
    pub(super) fn encoding(&self) -> Encoding {
        self.encoding
    }

    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The next `n` records (fewer at the end), parsed in parallel.
    pub(super) fn next_chunk(&mut self, n: usize) -> Vec<Record> {
        let first = self.number + 1;
        let spans: Vec<Span> = self.spans.by_ref().take(n).collect();
        self.number += spans.len();
        spans
            .into_par_iter()
            .enumerate()
            .map(|(i, span)| self.parse(span, first + i))
            .collect()
    }
}

impl JsonRecords {
    /// `f` of every record not yet taken that parses as an object, in
    /// record order, parsed in parallel; nothing is taken.
    pub(super) fn map_remaining<T: Send>(
        &self,
        f: impl Fn(Map<String, Value>) -> T + Sync,
    ) -> Vec<T> {
        self.spans
            .as_slice()
            .par_iter()
            .filter_map(|span| {
                let value = serde_json::from_str::<Value>(&self.text[span.start..span.end]);
                object(value.ok()?).ok().map(&f)
            })
            .collect()
    }
}

impl Iterator for JsonRecords {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        let span = self.spans.next()?;
        self.number += 1;
        Some(self.parse(span, self.number))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.spans.size_hint()
    }
}

impl JsonRecords {
    /// Record number `number`, parsed from its span.
    fn parse(&self, span: Span, number: usize) -> Record {
        let text = &self.text[span.start..span.end];
        let parsed = serde_json::from_str::<Value>(text);
        let (location, data) = if self.lines {
            let data = match parsed {
                Ok(v) => object(v),
                Err(e) => Err(format!(
                    "dòng này không phải JSON hợp lệ (cột {}: {}). Mỗi dòng phải là một đối \
                     tượng JSON hoàn chỉnh, dạng {{\"ten\": \"giá trị\"}}, viết trên một dòng",
                    e.column(),
                    detail(&e)
                )),
            };
            (format!("dòng {}", span.line), data)
        } else {
            // The whole file was validated when opened: an element parses.
            let data = parsed.map_err(|e| detail(&e)).and_then(object);
            (format!("phần tử {number} (dòng {})", span.line), data)
        };
        Record {
            number,
            location,
            data,
        }
    }
}

/// `.json`: the top level must be an array; each element is one record, and
/// an element that is not an object is a bad record. The whole file is
/// checked here, so syntax errors come before any record.
pub(super) fn open_array(path: &Path) -> Result<JsonRecords, InputError> {
    let Decoded { text, encoding } = read_text(path)?;
    let spans = element_spans(&text);
    if !is_valid_array(&text, &spans) {
        serde_json::from_str::<serde::de::IgnoredAny>(&text)
            .map_err(|e| syntax_error(path, &text, &e))?;
    }
    let found = match text.trim_start().as_bytes().first() {
        Some(b'[') => None,
        Some(b'{') => Some("một đối tượng"),
        Some(b'"') => Some("một chuỗi"),
        Some(b't' | b'f') => Some("một giá trị đúng/sai"),
        Some(b'n') => Some("giá trị null"),
        _ => Some("một số"),
    };
    if let Some(found) = found {
        return Err(InputError::JsonNotArray {
            path: path.to_path_buf(),
            found,
        });
    }
    Ok(JsonRecords {
        text,
        encoding,
        spans: spans.into_iter(),
        lines: false,
        number: 0,
    })
}

/// `.jsonl` / `.ndjson`: every non-empty line is one record; a line that
/// does not parse, or is not an object, is a bad record.
pub(super) fn open_lines(path: &Path) -> Result<JsonRecords, InputError> {
    let Decoded { text, encoding } = read_text(path)?;
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, line) in text.split('\n').enumerate() {
        let end = start + line.len();
        if !line.trim().is_empty() {
            spans.push(Span {
                start,
                end,
                line: i + 1,
            });
        }
        start = end + 1;
    }
    Ok(JsonRecords {
        text,
        encoding,
        spans: spans.into_iter(),
        lines: true,
        number: 0,
    })
}

/// A record from one JSON value: it must be an object.
fn object(v: Value) -> Result<Map<String, Value>, String> {
    match v {
        Value::Object(mut map) => {
            normalize_map(&mut map);
            Ok(map)
        }
        other => Err(format!(
            "bản ghi phải là một đối tượng JSON dạng {{\"ten\": \"giá trị\", …}}, nhưng đây là \
             {}. Hãy đặt các trường của bản ghi giữa hai dấu {{ }}",
            kind(&other)
        )),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "giá trị null",
        Value::Bool(_) => "một giá trị đúng/sai",
        Value::Number(_) => "một số",
        Value::String(_) => "một chuỗi",
        Value::Array(_) => "một mảng",
        Value::Object(_) => "một đối tượng",
    }
}

fn syntax_error(path: &Path, text: &str, e: &serde_json::Error) -> InputError {
    let JsonProblem {
        line,
        column,
        detail,
        fix,
    } = JsonProblem::new(e, text);
    InputError::JsonSyntax {
        path: path.to_path_buf(),
        line,
        column,
        detail,
        fix,
    }
}

/// Whether `text` is a valid JSON array whose elements are exactly `spans`:
/// the elements are checked in parallel, then what lies between them. A
/// `false` says only that the text must be read whole to find out (and to
/// say where it is wrong).
pub(super) fn is_valid_array(text: &str, spans: &[Span]) -> bool {
    let bytes = text.as_bytes();
    let blank = |from: usize, to: usize| {
        bytes[from..to]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    };
    let Some(open) = bytes.iter().position(|b| *b == b'[') else {
        return false;
    };
    let Some(close) = bytes.iter().rposition(|b| *b == b']') else {
        return false;
    };
    if open >= close || !blank(0, open) || !blank(close + 1, bytes.len()) {
        return false;
    }
    let mut at = open + 1;
    for (i, span) in spans.iter().enumerate() {
        let bounds_ok = at <= span.start
            && span.start < span.end
            && span.end <= close
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end);
        if !bounds_ok {
            return false;
        }
        let between = &text[at..span.start];
        let comma_ok = if i == 0 {
            between.trim_matches(json_blank).is_empty()
        } else {
            between.trim_matches(json_blank) == ","
        };
        if !comma_ok {
            return false;
        }
        at = span.end;
    }
    blank(at, close)
        && spans
            .par_iter()
            .all(|s| serde_json::from_str::<serde::de::IgnoredAny>(&text[s.start..s.end]).is_ok())
}

/// JSON's whitespace: space, tab, line feed, carriage return.
fn json_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Where each element of the top-level array is. Exact for valid JSON; for
/// other text, [`is_valid_array`] rejects what it finds.
pub(super) fn element_spans(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let (mut line, mut depth, mut expect) = (1usize, 0usize, false);
    // The element being read (its start and line) and the end of the last
    // byte that was not whitespace.
    let mut current: Option<(usize, usize)> = None;
    let mut last = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        if b == b'"' {
            if expect && depth == 1 {
                current = Some((i, line));
            }
            expect = false;
            i = string_end(bytes, i + 1);
            last = i;
            continue;
        }
        i += 1;
        if b.is_ascii_whitespace() {
            continue;
        }
        if expect && depth == 1 && b != b']' {
            current = Some((i - 1, line));
        }
        expect = false;
        if depth == 1 && (b == b',' || b == b']') {
            if let Some((start, line)) = current.take() {
                spans.push(Span {
                    start,
                    end: last,
                    line,
                });
            }
        }
        match b {
            b'[' | b'{' => {
                depth += 1;
                expect = depth == 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' => expect = depth == 1,
            _ => {}
        }
        last = i;
    }
    spans
}

/// Just past the quote that closes a string whose text starts at `from`
/// (the end of the text when it is not closed). A valid string holds no
/// line break, so lines need not be counted inside it.
fn string_end(bytes: &[u8], mut from: usize) -> usize {
    while let Some(k) = memchr::memchr2(b'"', b'\\', &bytes[from..]) {
        let at = from + k;
        if bytes[at] == b'"' {
            return at + 1;
        }
        from = (at + 2).min(bytes.len());
    }
    bytes.len()
}
