//! CSV: UTF-8 with or without the byte order mark Excel writes; `,`, or `;`
//! (Excel in a Vietnamese locale) or a tab when the header row has no comma;
//! Excel's `sep=;` first line; quoted fields with separators and newlines.

use std::path::Path;

use super::fields::{Cell, Header};
use super::{read_file, utf8_text, InputError, Record};

const FIX: &str = "Hãy mở tệp bằng Excel, chọn File > Save As và chọn kiểu \
                   “CSV UTF-8 (Comma delimited) (*.csv)”.";

pub(super) fn load(path: &Path) -> Result<Vec<Record>, InputError> {
    let bytes = read_file(path)?;
    let text = utf8_text(path, bytes, FIX)?;
    let (delimiter, skip_lines) = delimiter(&text);
    let body = skip_first_lines(&text, skip_lines);

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());

    let mut lines = LineCounter::new(body, skip_lines);
    let mut header: Option<Header> = None;
    let mut records = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| InputError::Csv {
            path: path.to_path_buf(),
            line: e.position().map_or(0, |p| lines.line_at(p.byte())),
            detail: e.to_string(),
        })?;
        let line = row.position().map_or(0, |p| lines.line_at(p.byte()));
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Some(header) = &header else {
            let names = row.iter().map(|f| Some(f.to_string())).collect();
            header = Some(Header::new(path, format!("dòng {line}"), 0, names)?);
            continue;
        };
        let data = if row.len() > header.width()
            && row
                .iter()
                .skip(header.width())
                .any(|f| !f.trim().is_empty())
        {
            Err(format!(
                "dòng có {} ô nhưng hàng tiêu đề chỉ có {} cột (ô thừa bắt đầu ở cột {}). \
                 Có thể một giá trị chứa dấu “{}” mà không nằm trong dấu ngoặc kép: hãy đặt \
                 giá trị đó trong ngoặc kép, hoặc mở tệp bằng Excel, sửa rồi lưu lại",
                row.len(),
                header.width(),
                header.letter(header.width()),
                delimiter as char
            ))
        } else {
            let cells = row
                .iter()
                .take(header.width())
                .map(|f| Cell::text(f.to_string()))
                .collect();
            header.object(cells, |pos| format!("cột {}", header.letter(pos)))
        };
        records.push(Record {
            number: records.len() + 1,
            location: format!("dòng {line}"),
            data,
        });
    }
    if header.is_none() {
        return Err(InputError::NoHeader {
            path: path.to_path_buf(),
        });
    }
    Ok(records)
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
