//! CSV: UTF-8 with or without the byte order mark Excel writes, UTF-16 or
//! Windows-1258 (see [`crate::data::text`]); `,`, or `;`
//! (Excel in a Vietnamese locale) or a tab when the header row has no comma;
//! Excel's `sep=;` first line; quoted fields with separators and newlines.

use std::path::Path;

use super::fields::{header_index, Cell, Header};
use super::{read_text, InputError, Record, Table};
use crate::data::text::Encoding;

/// The records of a CSV file, the header row found as [`header_index`]
/// says (or on line `header_row`), and the encoding it was read in.
pub(super) fn load(
    path: &Path,
    header_row: Option<usize>,
) -> Result<(Table, Encoding), InputError> {
    let decoded = read_text(path)?;
    let text = decoded.text.as_str();
    let (delimiter, skip_lines) = delimiter(text);
    let body = skip_first_lines(text, skip_lines);
    if let Some(line) = unterminated_quote(body, delimiter) {
        return Err(InputError::Csv {
            path: path.to_path_buf(),
            line: (line + skip_lines) as u64,
            detail: "dấu ngoặc kép “\"” mở ở dòng này không được đóng, nên mọi dòng sau đó \
                     bị đọc thành một ô"
                .to_string(),
        });
    }

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());

    let mut lines = LineCounter::new(body, skip_lines);
    let mut rows = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| InputError::Csv {
            path: path.to_path_buf(),
            line: e.position().map_or(0, |p| lines.line_at(p.byte())),
            detail: e.to_string(),
        })?;
        let line = row.position().map_or(0, |p| lines.line_at(p.byte())) as usize;
        if row.iter().any(|f| !f.trim().is_empty()) {
            rows.push((line, row));
        }
    }
    let filled: Vec<(usize, Vec<bool>)> = rows
        .iter()
        .map(|(line, row)| (*line, row.iter().map(|f| !f.trim().is_empty()).collect()))
        .collect();
    let Some(at) = header_index(&filled, header_row, |_, _| false) else {
        return Err(match header_row {
            Some(row) => InputError::NoHeaderRow {
                path: path.to_path_buf(),
                row,
            },
            None => InputError::NoHeader {
                path: path.to_path_buf(),
            },
        });
    };
    let (header_line, header_row) = &rows[at];
    let names = header_row.iter().map(|f| Some(f.to_string())).collect();
    let header = Header::new(path, format!("dòng {header_line}"), 0, names)?;
    let records = rows
        .iter()
        .skip(at + 1)
        .enumerate()
        .map(|(i, (line, row))| Record {
            number: i + 1,
            location: format!("dòng {line}"),
            data: record(&header, row, delimiter),
        })
        .collect();
    let table = Table {
        sheet: None,
        columns: header.names(),
        header_place: header.place().to_string(),
        titles_skipped: at,
        records,
    };
    Ok((table, decoded.encoding))
}

/// One data row's record, or why it cannot be used.
fn record(
    header: &Header,
    row: &csv::StringRecord,
    delimiter: u8,
) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    if row.len() > header.width()
        && row
            .iter()
            .skip(header.width())
            .any(|f| !f.trim().is_empty())
    {
        return Err(format!(
            "dòng có {} ô nhưng hàng tiêu đề chỉ có {} cột (ô thừa bắt đầu ở cột {}). \
             Có thể một giá trị chứa dấu “{}” mà không nằm trong dấu ngoặc kép: hãy đặt \
             giá trị đó trong ngoặc kép, hoặc mở tệp bằng Excel, sửa rồi lưu lại",
            row.len(),
            header.width(),
            header.letter(header.width()),
            delimiter as char
        ));
    }
    let cells = row
        .iter()
        .take(header.width())
        .map(|f| Cell::text(f.to_string()))
        .collect();
    header.object(cells, |pos| format!("cột {}", header.letter(pos)))
}

/// The 1-based line of a quote that opens a field and is never closed: the
/// csv reader would take the rest of the file as that one field.
fn unterminated_quote(text: &str, delimiter: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut line, mut opened_on) = (1, None);
    let mut field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match opened_on {
            Some(_) if b == b'"' => {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    opened_on = None;
                }
            }
            Some(_) => {}
            None if b == b'"' && field_start => opened_on = Some(line),
            None => {}
        }
        if b == b'\n' {
            line += 1;
        }
        field_start = opened_on.is_none() && (b == delimiter || b == b'\n' || b == b'\r');
        i += 1;
    }
    opened_on
}

/// The separator, and how many lines precede the header (1 for Excel's
/// `sep=;` line). Without `sep=`, the first non-empty line decides: a comma
/// outside quotes means `,`; otherwise `;`, then tab, if present.
fn delimiter(text: &str) -> (u8, usize) {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if let Some(rest) = first.trim().strip_prefix("sep=") {
        if let [b] = rest.as_bytes() {
            let skip = text.lines().take_while(|l| l.trim().is_empty()).count() + 1;
            return (*b, skip);
        }
    }
    let (mut commas, mut semicolons, mut tabs) = (0, 0, 0);
    let mut quoted = false;
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            '\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    let d = if commas > 0 {
        b','
    } else if semicolons > 0 {
        b';'
    } else if tabs > 0 {
        b'\t'
    } else {
        b','
    };
    (d, 0)
}

/// `text` without its first `n` lines.
fn skip_first_lines(text: &str, n: usize) -> &str {
    let mut rest = text;
    for _ in 0..n {
        rest = match rest.find('\n') {
            Some(i) => &rest[i + 1..],
            None => "",
        };
    }
    rest
}

/// 1-based line numbers of byte offsets, asked in increasing order. The csv
/// reader reports a record's start before the line break that ends the
/// previous record (with `\r\n`), so line breaks at the offset are skipped.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str, lines_before: usize) -> Self {
        LineCounter {
            text: text.as_bytes(),
            offset: 0,
            line: 1 + lines_before as u64,
        }
    }

    fn line_at(&mut self, byte: u64) -> u64 {
        let mut target = (byte as usize).min(self.text.len());
        while matches!(self.text.get(target), Some(b'\r' | b'\n')) {
            target += 1;
        }
        if target >= self.offset {
            self.line += self.text[self.offset..target]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.offset = target;
        }
        self.line
    }
}
