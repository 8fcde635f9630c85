//! Fill-in lines: places a form or a draft leaves for text to be written.
//!
//! - **A line of dots**: a paragraph that holds nothing but dots (at least
//!   six dot-widths, "……" or "......") is a line left to write on, like the
//!   second "Kính gửi" line of a cover note. A lone "…" paragraph is not.
//!   In a table cell even a short run ("…", "...") standing alone is a value
//!   still missing, reported as `missing-figure`.
//! - **A line of underscores**: the same, but a short underscore line (up to
//!   50) standing alone is the rule drawn under a heading or the national
//!   motto ("_____________"), so only longer ones count.
//! - **A label and dots**: "Kính gửi:……………", "Họ và tên: ________": a colon
//!   followed by a run of three dot-widths or more, or of underscores. When
//!   a unit follows ("tương đương: ...chị") the run is a count and is left to
//!   [`super::ellipsis`].
//! - **Underscores in a sentence**: "___ bản" waits for a figure (a unit
//!   follows, see [`super::ellipsis::UNITS`]); any other run of three or more
//!   underscores not glued inside a word is a blank.
//! - **An empty tab after a label**: the reader turns a dot-leader tab into
//!   "\t", so "Họ và tên:\t" at the end of a paragraph, or followed by the
//!   next label ("Họ và tên:\tNgày sinh:\t"), is a blank left empty.

use super::ellipsis::{unit_after, Run, RunKind, LONG_FREE};
use super::{Hit, Para};
use crate::check::model::Kind;
use crate::check::scan::Chars;

/// Longest underscore-only line taken as a drawn rule rather than a blank.
const RULE_LINE_MAX: usize = 50;

fn label_before(c: &Chars, s: usize) -> Option<String> {
    let j = c.prev_non_space(s)?;
    if c.chars[j] != ':' {
        return None;
    }
    let start = (0..j)
        .rev()
        .find(|&k| matches!(c.chars[k], '\t' | '\n' | ';' | ',' | '.' | '…'))
        .map_or(0, |k| k + 1);
    let label = c.slice(start, j + 1).trim();
    // A long label is shown by its last words.
    let words: Vec<&str> = label.split_whitespace().collect();
    let label = if words.len() > 6 {
        format!("…{}", words[words.len() - 6..].join(" "))
    } else {
        words.join(" ")
    };
    (!label.is_empty()).then_some(label)
}

fn blank_message(label: Option<String>) -> String {
    match label {
        Some(l) => format!("Chỗ trống chưa điền sau “{l}”"),
        None => "Chỗ trống chưa điền".to_string(),
    }
}

/// True when `s..e` is glued to letters on both sides ("__init__").
fn inside_word(c: &Chars, s: usize, e: usize) -> bool {
    s > 0 && e < c.len() && c.chars[s - 1].is_alphanumeric() && c.chars[e].is_alphanumeric()
}

pub fn find(p: &mut Para) -> Vec<Hit> {
    let mut hits = Vec::new();
    let fill: Vec<&Run> = p
        .runs
        .iter()
        .filter(|r| r.what != RunKind::Placeholder)
        .collect();
    let only_fill = !fill.is_empty()
        && p.chars()
            .chars
            .iter()
            .enumerate()
            .all(|(i, k)| k.is_whitespace() || fill.iter().any(|r| r.start <= i && i < r.end));
    if only_fill {
        let (s, e) = (fill[0].start, fill[fill.len() - 1].end);
        let width: usize = fill.iter().map(|r| r.width).sum();
        let dots = fill.iter().any(|r| r.what == RunKind::Dots);
        if !p.is_claimed(s, e) {
            if p.in_cell && dots && width >= 2 {
                hits.push(Hit::new(
                    Kind::MissingFigure,
                    s,
                    e,
                    "Thiếu số liệu trong ô bảng",
                ));
            } else if (dots && width >= LONG_FREE) || (!dots && width > RULE_LINE_MAX) {
                hits.push(Hit::new(Kind::BlankField, s, e, "Dòng để trống chưa điền"));
            }
        }
    } else {
        for r in &fill {
            if p.is_claimed(r.start, r.end) {
                continue;
            }
            let c = p.chars();
            let label = label_before(c, r.start);
            match r.what {
                // "tương đương: ...chị" is a count: left to the slot rule.
                RunKind::Dots
                    if label.is_some() && r.width >= 3 && unit_after(c, r.end).is_none() =>
                {
                    hits.push(Hit::new(
                        Kind::BlankField,
                        r.start,
                        r.end,
                        blank_message(label),
                    ));
                }
                RunKind::Underscores if r.width >= 3 && !inside_word(c, r.start, r.end) => {
                    if label.is_none() {
                        if let Some((u, _)) = unit_after(c, r.end) {
                            let msg = format!("Thiếu số liệu: số {u}");
                            hits.push(Hit::new(Kind::MissingFigure, r.start, r.end, msg));
                            continue;
                        }
                    }
                    hits.push(Hit::new(
                        Kind::BlankField,
                        r.start,
                        r.end,
                        blank_message(label),
                    ));
                }
                _ => {}
            }
        }
        // An empty tab needs a colon and a tab.
        if p.marks.has(b':') && p.marks.has(b'\t') {
            hits.extend(empty_tabs(p.chars()));
        }
    }
    hits.retain(|h| !p.is_claimed(h.start, h.end));
    for h in &hits {
        p.claim(h.start, h.end);
    }
    hits
}

/// "Label:\t" with nothing after the tab but the end or the next label.
fn empty_tabs(c: &Chars) -> Vec<Hit> {
    let ch = &c.chars;
    let mut out = Vec::new();
    let mut i = 0;
    while i < ch.len() {
        if ch[i] != ':' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < ch.len() && (ch[j] == ' ' || ch[j] == '\u{a0}') {
            j += 1;
        }
        let ts = j;
        while j < ch.len() && ch[j] == '\t' {
            j += 1;
        }
        if j == ts {
            i += 1;
            continue;
        }
        let rest: String = ch[j..]
            .iter()
            .take_while(|&&k| k != '\t' && k != '\n')
            .collect();
        let next_is_label = {
            let r = rest.trim_end();
            r.ends_with(':')
                && r.chars().count() <= 40
                && r.chars().next().is_some_and(char::is_alphabetic)
        };
        let has_label = ch[..i]
            .iter()
            .rev()
            .take_while(|&&k| k != '\t')
            .any(|k| k.is_alphabetic());
        if has_label && (rest.trim().is_empty() || next_is_label) {
            let label = label_before(c, ts).unwrap_or_default();
            out.push(Hit::new(
                Kind::BlankField,
                ts,
                j,
                blank_message(Some(label)),
            ));
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::PartKind;

    fn run(text: &str, in_cell: bool) -> Vec<(Kind, String)> {
        let mut p = Para::new(text.to_string(), in_cell, PartKind::Body);
        find(&mut p)
            .into_iter()
            .map(|h| (h.kind, p.chars().slice(h.start, h.end).to_string()))
            .collect()
    }

    #[test]
    fn seed_cover_note_lines() {
        let dots = ".".repeat(101);
        let h = run(&format!("Kính gửi:{dots}"), false);
        assert_eq!(h, vec![(Kind::BlankField, dots.clone())]);
        let line = ".".repeat(110);
        assert_eq!(run(&line, false), vec![(Kind::BlankField, line.clone())]);
    }

    #[test]
    fn lone_ellipsis_paragraph_is_not_a_line() {
        assert!(run("… ", false).is_empty());
        assert!(run("....", false).is_empty());
    }

    #[test]
    fn short_underscore_line_is_a_drawn_rule() {
        assert!(run("____________", false).is_empty());
        assert!(run(&"_".repeat(41), true).is_empty());
        assert_eq!(run(&"_".repeat(80), false).len(), 1);
    }

    #[test]
    fn cell_with_only_dots_misses_a_figure() {
        assert_eq!(run("…", true), vec![(Kind::MissingFigure, "…".to_string())]);
        assert_eq!(run("...", true).len(), 1);
    }

    #[test]
    fn underscores_in_sentences() {
        assert_eq!(
            run("In ___ bản gửi các đơn vị", false),
            vec![(Kind::MissingFigure, "___".to_string())]
        );
        assert_eq!(run("Họ và tên: ________ Ngày sinh: ______", false).len(), 2);
        assert!(run("hàm __init__ của lớp", false).is_empty());
    }

    #[test]
    fn empty_tab_after_label() {
        let h = run("Họ và tên:\t\tNgày sinh:\t", false);
        assert_eq!(h.len(), 2, "{h:?}");
        assert!(run("Kính gửi:\t- Các Liên đoàn Lao động huyện", false).is_empty());
        assert!(run("\tNơi nhận:", false).is_empty());
    }
}
