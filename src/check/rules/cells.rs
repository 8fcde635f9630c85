//! Figures left out of a table (`missing-figure`).
//!
//! A table whose rows give figures column by column (the "Kết quả" table of
//! a report) still waits for a figure when one cell of such a column is
//! empty or holds only a placeholder: "%", "xx", "x.xxx". Dots, "…" and
//! "[...]" are placeholders too, but the paragraph rules report them
//! already, wherever they stand.
//!
//! How the checker decides:
//! - **Header rows** are the rows above the first row with a figure in it;
//!   a row numbering the columns ("(1) (2) (3)") is neither header nor data.
//! - **Rows are compared with rows of the same number of cells.** A row with
//!   merged cells (a group's title spanning the table) is left out, and so
//!   is a cell merged with the one above it: it shows that cell's figure.
//! - **A column holds figures** when at least two data rows have a figure in
//!   it (one is enough under a header announcing a rate, "Tỷ lệ (%)") and
//!   no more rows have words there than figures. The first column, and a
//!   column headed "STT" or "TT", name or number the rows: never a column
//!   of figures. A placeholder in a column of figures is a gap; an empty
//!   cell is one only when most of the column's rows hold figures (a
//!   "Tỷ lệ" column left empty where a target is met or not in words, as in
//!   the tables of chỉ tiêu of a tổng kết, is how it is written).
//! - **The row must be a row of figures**: it names what it counts (its
//!   first cell is not empty, unlike the second line of a header), and
//!   another of its cells holds a figure, or its first cell holds a serial
//!   number ("1", "2"…) and so does the next row's. "I", "A" head groups
//!   whose figures are their items', and so does a "1" followed by "1.1",
//!   "a" or an unnumbered row.
//! - "-" and a single "x" are written values (none, not applicable), not
//!   gaps.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::figures::{cell_read, Cell, CellRead, ColumnKind};
use super::Hit;
use crate::check::model::Kind;

/// "xx", "x.xxx", "xxx,x": an x written for each digit still to come.
static X_PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:x{2,}(?:[.,]x+)*|x(?:[.,]x+)+)$").unwrap());

/// Compiles this module's pattern now rather than at first use.
pub(crate) fn compile_patterns() {
    LazyLock::force(&X_PLACEHOLDER);
}

/// The missing figures of the tables in `cells` (the paragraphs of one part
/// that sit in table cells), as (paragraph, hit) pairs.
pub fn in_tables(cells: &[Cell]) -> Vec<(usize, Hit)> {
    let mut sorted: Vec<&Cell> = cells.iter().collect();
    sorted.sort_by_key(|c| (c.pos.table, c.pos.row, c.pos.col));
    let mut hits = Vec::new();
    for table in sorted.chunk_by(|a, b| a.pos.table == b.pos.table) {
        hits.extend(in_table(table));
    }
    hits
}

/// One cell of a row, as this rule sees it.
struct Slot<'c, 'a> {
    col: usize,
    /// Its paragraphs.
    cells: &'c [&'c Cell<'a>],
    read: CellRead,
}

impl Slot<'_, '_> {
    fn is_figure(&self) -> bool {
        matches!(self.read, CellRead::Figure(_))
    }

    /// The placeholder a figure is still written as ("" for an empty cell).
    fn placeholder(&self) -> Option<&str> {
        if self.cells.iter().any(|c| c.pos.merged_above) {
            return None;
        }
        let CellRead::Words(w) = &self.read else {
            return None;
        };
        let w = w.trim();
        (w.is_empty() || w == "%" || X_PLACEHOLDER.is_match(w) || is_dots(w)).then_some(w)
    }

    /// Words other than a placeholder: text that is not a figure.
    fn is_words(&self) -> bool {
        !self.is_figure() && self.placeholder().is_none()
    }
}

/// What a column holds, as far as this rule goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// Names, numbers of rows, words: not judged.
    Other,
    /// Figures, with many cells left empty (a rate that not every row
    /// has): only a placeholder is a gap.
    Figures,
    /// Figures in most rows: an empty cell is a gap too.
    MostlyFigures,
}

/// Dots or an ellipsis, bracketed or not: "…", "....", "[...]".
fn is_dots(w: &str) -> bool {
    let inner = w
        .strip_prefix('[')
        .and_then(|w| w.strip_suffix(']'))
        .unwrap_or(w)
        .trim();
    !inner.is_empty() && inner.chars().all(|c| c == '.' || c == '…')
}

/// The missing figures of one table (cells sorted by row and column).
fn in_table(table: &[&Cell]) -> Vec<(usize, Hit)> {
    let mut headers: BTreeMap<usize, String> = BTreeMap::new();
    let mut rows: Vec<Vec<Slot>> = Vec::new();
    for row in table.chunk_by(|a, b| a.pos.row == b.pos.row) {
        let slots: Vec<Slot> = row
            .chunk_by(|a, b| a.pos.col == b.pos.col)
            .map(|cs| Slot {
                col: cs[0].pos.col,
                cells: cs,
                read: cell_read(cs).into_owned(),
            })
            .collect();
        if rows.is_empty() && !slots.iter().any(Slot::is_figure) {
            for s in &slots {
                if let CellRead::Words(w) = &s.read {
                    let h = headers.entry(s.col).or_default();
                    h.push(' ');
                    h.push_str(w);
                }
            }
            continue;
        }
        let numbering =
            slots.len() >= 3 && slots.iter().enumerate().all(|(i, s)| s.read.numbers(i + 1));
        if !numbering {
            rows.push(slots);
        }
    }
    let Some(width) = usual_width(&rows) else {
        return Vec::new();
    };
    let rows: Vec<&Vec<Slot>> = rows.iter().filter(|r| r.len() == width).collect();
    let columns: Vec<Column> = (0..width)
        .map(|i| {
            let header = headers.get(&rows[0][i].col).map_or("", String::as_str);
            let figures = rows.iter().filter(|r| r[i].is_figure()).count();
            let words = rows.iter().filter(|r| r[i].is_words()).count();
            let kind = ColumnKind::of(header);
            let enough = figures >= 2 || (kind.rate && figures == 1);
            if i == 0 || kind.serial || !enough || words > figures {
                Column::Other
            } else if 2 * figures > rows.len() {
                Column::MostlyFigures
            } else {
                Column::Figures
            }
        })
        .collect();
    let mut hits = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let first = &row[0];
        let serial = matches!(&first.read, CellRead::Figure(f) if !f.percent
            && f.written.bytes().all(|b| b.is_ascii_digit()));
        // A numbered row followed by "1.1", by "a" or by a row with no
        // number heads a group whose figures are its items'.
        let next_serial = rows.get(r + 1).map(|next| {
            matches!(&next[0].read, CellRead::Figure(f) if !f.percent
                && f.written.bytes().all(|b| b.is_ascii_digit()))
        });
        let heads_group = next_serial == Some(false);
        let named = first.is_figure() || first.is_words();
        for (i, slot) in row.iter().enumerate() {
            let Some(placeholder) = slot.placeholder() else {
                continue;
            };
            let judged = match columns[i] {
                Column::Other => false,
                Column::Figures => !placeholder.is_empty(),
                Column::MostlyFigures => true,
            };
            if !judged {
                continue;
            }
            let other_figure = row
                .iter()
                .enumerate()
                .any(|(j, s)| j != i && columns[j] != Column::Other && s.is_figure());
            if !named || !(other_figure || (serial && !heads_group)) {
                continue;
            }
            let cell = slot.cells[0];
            let len = cell.text.chars().count();
            let (start, end) = match cell.text.find(placeholder) {
                Some(at) if !placeholder.is_empty() => {
                    let start = cell.text[..at].chars().count();
                    (start, start + placeholder.chars().count())
                }
                _ => (0, len),
            };
            let message = if placeholder.is_empty() {
                "Ô bảng còn để trống: thiếu số liệu".to_string()
            } else {
                format!("Thiếu số liệu trong ô bảng (mới ghi “{placeholder}”)")
            };
            hits.push((
                cell.para,
                Hit::new(Kind::MissingFigure, start, end, message),
            ));
        }
    }
    hits
}

/// The number of cells most data rows have (the first such number on a tie).
fn usual_width(rows: &[Vec<Slot>]) -> Option<usize> {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for r in rows {
        *counts.entry(r.len()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(width, n)| (n, std::cmp::Reverse(width)))
        .map(|(width, _)| width)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::CellPos;

    /// The hits over one table given row by row, one paragraph a cell; a
    /// cell written "^" is merged with the one above.
    fn table(rows: &[&[&str]]) -> Vec<(usize, usize, String)> {
        let reads: Vec<Vec<CellRead>> = rows
            .iter()
            .map(|r| r.iter().map(|t| CellRead::of(t.trim())).collect())
            .collect();
        let mut cells = Vec::new();
        for (row, texts) in rows.iter().enumerate() {
            for (col, text) in texts.iter().enumerate() {
                cells.push(Cell {
                    para: row * 100 + col,
                    pos: CellPos {
                        table: 0,
                        row,
                        col,
                        merged_above: *text == "^",
                    },
                    text: if *text == "^" { "" } else { text },
                    read: &reads[row][col],
                });
            }
        }
        in_tables(&cells)
            .into_iter()
            .map(|(p, h)| (p / 100, p % 100, h.message))
            .collect()
    }

    const HEADER: &[&str] = &["STT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)"];

    #[test]
    fn empty_and_placeholder_cells_in_figure_columns() {
        let hits = table(&[
            HEADER,
            &["1", "Đoàn viên mới", "1.200", "1.100", "91,7"],
            &["2", "CĐCS thành lập", "40", "", "%"],
            &["3", "Nhà mái ấm", "10", "8", "xx"],
            &["4", "Sáng kiến", "500", "450", "-"],
            &["5", "Nhà văn hoá", "12", "x", ""],
        ]);
        let places: Vec<(usize, usize)> = hits.iter().map(|&(r, c, _)| (r, c)).collect();
        assert_eq!(places, [(2, 3), (2, 4), (3, 4)], "{hits:?}");
        assert!(hits[0].2.contains("để trống"));
        assert!(hits[1].2.contains("“%”"));
    }

    #[test]
    fn a_rate_column_mostly_empty_is_written_so() {
        // Seed 000's table of chỉ tiêu: a rate where the target is a number.
        let hits = table(&[
            &["TT", "Chỉ tiêu", "Kết quả", "Tỷ lệ", "Đánh giá"],
            &[
                "1",
                "Kết nạp 1.500 đoàn viên",
                "2.246 đoàn viên",
                "149,7%",
                "Đạt",
            ],
            &["2", "Thành lập ban nữ công", "484/723 CĐCS", "67%", "Đạt"],
            &["3", "Quy chế dân chủ", "Đạt chỉ tiêu", "", "Đạt"],
            &["4", "Thỏa ước lao động", "Đạt chỉ tiêu", "", "Đạt"],
            &["5", "Tổ chức công đoàn", "Không đạt", "", "Không đạt"],
        ]);
        assert_eq!(hits, []);
    }

    #[test]
    fn group_rows_header_lines_and_merged_cells_are_not_gaps() {
        let hits = table(&[
            &["STT", "Đơn vị", "Số đoàn viên", "Ghi chú"],
            &["", "", "2024", ""],
            &["I", "Khối doanh nghiệp", "", ""],
            &["1", "Công ty A", "120", ""],
            &["2", "Công ty B", "80", ""],
            &["3", "Công ty C", "^", ""],
            &["II", "Khối hành chính sự nghiệp", "", ""],
            &["1", "Trường B", "45", "Mới thành lập"],
            &["2", "Bệnh viện", "", ""],
            &["2.1", "Khoa Nội", "30", ""],
            &["2.2", "Khoa Ngoại", "25", ""],
        ]);
        assert_eq!(hits, [], "the notes column holds words, not figures");
    }

    #[test]
    fn a_numbered_row_with_every_figure_missing_is_a_gap() {
        let hits = table(&[
            &["TT", "Nội dung", "Năm 2023", "Năm 2024"],
            &["1", "Đoàn viên", "1.200", "1.350"],
            &["2", "Công đoàn cơ sở", "", ""],
            &["3", "Nhà văn hoá", "4", "5"],
        ]);
        let places: Vec<(usize, usize)> = hits.iter().map(|&(r, c, _)| (r, c)).collect();
        assert_eq!(places, [(2, 2), (2, 3)]);
    }

    #[test]
    fn a_form_left_for_others_has_no_figure_columns() {
        let hits = table(&[
            &["STT", "Họ và tên", "Năm sinh", "Chức vụ"],
            &["1", "", "", ""],
            &["2", "", "", ""],
        ]);
        assert_eq!(hits, []);
    }

    #[test]
    fn x_placeholders() {
        for gap in ["xx", "XXX", "x.xxx", "xx,x"] {
            assert!(X_PLACEHOLDER.is_match(gap), "{gap}");
        }
        for value in ["x", "X", "xa", "-"] {
            assert!(!X_PLACEHOLDER.is_match(value), "{value}");
        }
    }
}
