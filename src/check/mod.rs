//! Gap checker: finds figures and text a draft still waits for.
//!
//! [`check_marked_with`] runs the rules of [`rules`] over the paragraphs of one
//! document (body first, then headers, footers, footnotes and endnotes, as the
//! reader gives them) and returns [`Finding`]s; [`report`] turns them into
//! JSON or text for people. Each rule module documents what it looks for and
//! why.

pub mod annotate;
pub mod format;
pub mod headings;
pub mod model;
pub mod options;
pub mod read;
pub mod report;
pub mod rules;
pub mod scan;
pub mod written;

pub use model::{Finding, FormatRule, Kind, Paragraph, Severity, TablePlace};
pub use options::CheckOptions;
pub use report::{summary, summary_line, to_json, to_text};

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

use foldhash::fast::RandomState;

use crate::text::nfc;
use markers::Markers;
use rules::figures::CellRead;
use rules::sections::{Outline, Place};
pub use rules::Hit;
use rules::{
    blank, cells, ellipsis, figures, forms, issuance, markers, refine, sections, tags, Para,
    PartKind,
};
use scan::{char_slice, Marks};

/// Remembers what the paragraph-by-paragraph rules found in each paragraph
/// text, so that checking many documents made from one template reads each
/// repeated paragraph once. Use one per thread and the same options with it.
///
/// A text is remembered the second time it is read: the first time, its
/// entry serves only the document at hand. Paragraphs that hold one
/// record's own values never come back, and storing them would cost more
/// than reading them.
#[derive(Debug, Default)]
pub struct LocalCache {
    /// For each paragraph text, its last entry; entries of the same text in
    /// other settings are chained through [`Entry::same_text`].
    index: HashMap<String, usize, RandomState>,
    entries: Vec<Entry>,
    /// Hashes of the texts read once and not remembered yet.
    seen_once: HashSet<u64, RandomState>,
    /// Entries of the current document's texts read for the first time.
    unkept: Vec<Entry>,
    /// Documents checked so far.
    documents: u32,
    /// The "waiting for data" notes of the options last used…
    marker_list: Vec<String>,
    /// …and them prepared.
    markers: Markers,
}

/// Entries kept before the cache is trimmed to what the last document used:
/// texts that came back once may still never come back again, and keeping
/// them would only grow memory.
const LOCAL_CACHE_LIMIT: usize = 4_096;

/// Texts read once that the cache keeps track of before it forgets them all
/// (a text that comes back later is then read again, and kept the time
/// after).
const SEEN_ONCE_LIMIT: usize = 8_192;

/// Where [`LocalCache::entry`] put an entry.
#[derive(Debug, Clone, Copy)]
enum Slot {
    /// In [`LocalCache::entries`].
    Kept(usize),
    /// In [`LocalCache::unkept`].
    Unkept(usize),
}

/// What, besides its text, the paragraph rules look at in a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Setting<'a> {
    in_cell: bool,
    part: PartKind,
    merge_field: Option<&'a str>,
    /// Only for paragraphs that can be headings (body, outside tables).
    outline_level: Option<u8>,
}

impl Setting<'_> {
    fn of(p: &Paragraph, part: PartKind) -> Setting<'_> {
        let in_cell = p.cell.is_some();
        let in_flow = part == PartKind::Body && !in_cell;
        Setting {
            in_cell,
            part,
            merge_field: p.merge_field.as_deref(),
            outline_level: p.outline_level.filter(|_| in_flow),
        }
    }
}

/// A [`Setting`] kept in the cache.
#[derive(Debug)]
struct OwnedSetting {
    in_cell: bool,
    part: PartKind,
    merge_field: Option<String>,
    outline_level: Option<u8>,
}

impl OwnedSetting {
    fn new(s: Setting) -> OwnedSetting {
        OwnedSetting {
            in_cell: s.in_cell,
            part: s.part,
            merge_field: s.merge_field.map(str::to_string),
            outline_level: s.outline_level,
        }
    }

    fn is(&self, s: &Setting) -> bool {
        self.in_cell == s.in_cell
            && self.part == s.part
            && self.merge_field.as_deref() == s.merge_field
            && self.outline_level == s.outline_level
    }
}

/// What the rules found in one paragraph text read in one setting.
#[derive(Debug)]
struct Entry {
    setting: OwnedSetting,
    /// The entry of the same text read in another setting.
    same_text: Option<usize>,
    /// The text in NFC, when the paragraph's own text is not.
    nfc: Option<String>,
    /// The last document that used the entry.
    used: u32,
    /// Hits of the paragraph rules; offsets into the NFC text.
    hits: Vec<Hit>,
    outline: Outline,
    /// What the table rule reads in the text, for paragraphs in table cells.
    cell: Option<CellRead>,
}

impl LocalCache {
    /// Gets ready for a document checked with `options`: starts again when
    /// full, and prepares the markers when they are new.
    fn start(&mut self, options: &CheckOptions) {
        self.documents += 1;
        self.unkept.clear();
        if self.entries.len() > LOCAL_CACHE_LIMIT {
            self.keep_last_document();
        }
        if self.seen_once.len() > SEEN_ONCE_LIMIT {
            self.seen_once.clear();
        }
        if self.marker_list != options.todo_markers {
            self.markers = Markers::new(&options.todo_markers);
            self.marker_list = options.todo_markers.clone();
        }
    }

    /// Forgets every entry the previous document did not use.
    fn keep_last_document(&mut self) {
        let last_document = self.documents - 1;
        let mut old: Vec<Option<Entry>> = std::mem::take(&mut self.entries)
            .into_iter()
            .map(Some)
            .collect();
        for (text, newest) in std::mem::take(&mut self.index) {
            let mut kept = Vec::new();
            let mut at = Some(newest);
            while let Some(e) = at.and_then(|i| old[i].take()) {
                at = e.same_text;
                if e.used == last_document {
                    kept.push(e);
                }
            }
            let mut older = None;
            for mut e in kept.into_iter().rev() {
                e.same_text = older;
                older = Some(self.entries.len());
                self.entries.push(e);
            }
            if let Some(newest) = older {
                self.index.insert(text, newest);
            }
        }
    }

    /// Where the entry of `text` read in `setting` is, reading it now when
    /// it is not remembered.
    fn entry(&mut self, text: &str, setting: Setting, options: &CheckOptions) -> Slot {
        let last = self.index.get(text).copied();
        let mut known = last;
        while let Some(e) = known {
            if self.entries[e].setting.is(&setting) {
                self.entries[e].used = self.documents;
                return Slot::Kept(e);
            }
            known = self.entries[e].same_text;
        }
        let (mut entry, nfc_text) = read(text, setting, options, &self.markers);
        if last.is_none() && self.seen_once.insert(self.index.hasher().hash_one(text)) {
            if nfc_text != text {
                entry.nfc = Some(nfc_text);
            }
            self.unkept.push(entry);
            return Slot::Unkept(self.unkept.len() - 1);
        }
        entry.same_text = last;
        entry.used = self.documents;
        // The NFC text is the key when it is the text itself.
        let key = if nfc_text == text {
            nfc_text
        } else {
            entry.nfc = Some(nfc_text);
            text.to_string()
        };
        let at = self.entries.len();
        self.entries.push(entry);
        self.index.insert(key, at);
        Slot::Kept(at)
    }

    /// The entry in `slot`.
    fn get(&self, slot: Slot) -> &Entry {
        match slot {
            Slot::Kept(at) => &self.entries[at],
            Slot::Unkept(at) => &self.unkept[at],
        }
    }
}

/// Runs the paragraph rules over `text` read in `setting`; returns the
/// entry (without its NFC text) and the text in NFC.
fn read(text: &str, setting: Setting, options: &CheckOptions, todo: &Markers) -> (Entry, String) {
    let marks = Marks::of(text);
    let mut para = if marks.plain_nfc {
        Para::with_marks(text.to_string(), marks, setting.in_cell, setting.part)
    } else {
        Para::new(nfc(text.to_string()), setting.in_cell, setting.part)
    };
    let mut hits = issuance::find(&mut para);
    hits.extend(tags::find(&mut para, setting.merge_field));
    hits.extend(markers::find(&mut para, todo));
    hits.extend(blank::find(&mut para));
    hits.extend(ellipsis::find(&mut para));
    let figures = options.kinds.contains(&Kind::FigureMismatch);
    if figures {
        hits.extend(figures::in_paragraph(&para));
    }
    let tables = figures || options.kinds.contains(&Kind::MissingFigure);
    let hits = refine::refine(&para, hits);
    let in_flow = setting.part == PartKind::Body && !setting.in_cell;
    let outline = Outline::of(&para, in_flow, setting.outline_level);
    let cell = (tables && setting.in_cell).then(|| CellRead::of(para.text.trim()));
    let entry = Entry {
        setting: OwnedSetting::new(setting),
        same_text: None,
        used: 0,
        nfc: None,
        hits,
        outline,
        cell,
    };
    (entry, para.text)
}

/// The parts of a document in the order they first appear, and the part of
/// each paragraph (an index into `names`).
struct Parts<'a> {
    names: Vec<(&'a str, PartKind)>,
    of: Vec<usize>,
}

impl<'a> Parts<'a> {
    fn new(paragraphs: &'a [Paragraph]) -> Parts<'a> {
        let mut names: Vec<(&str, PartKind)> = Vec::new();
        let mut of: Vec<usize> = Vec::with_capacity(paragraphs.len());
        for p in paragraphs {
            let same = of.last().filter(|&&last| *names[last].0 == *p.part);
            let id = match same {
                Some(&id) => id,
                None => match names.iter().position(|(n, _)| **n == *p.part) {
                    Some(id) => id,
                    None => {
                        names.push((&p.part, PartKind::of(&p.part)));
                        names.len() - 1
                    }
                },
            };
            of.push(id);
        }
        Parts { names, of }
    }

    fn kind(&self, i: usize) -> PartKind {
        self.names[self.of[i]].1
    }
}

/// Prepares the rules' patterns, which otherwise are made on first use.
/// Meant for a thread of its own at start-up, while the input is being
/// read: the first document checked then does not wait for them.
pub fn compile_patterns() {
    headings::compile_patterns();
    rules::figures::compile_patterns();
    rules::cells::compile_patterns();
    rules::forms::compile_patterns();
    rules::refine::compile_patterns();
    rules::issuance::compile_patterns();
    rules::markers::compile_patterns();
    rules::tags::compile_patterns();
}

/// Checks the paragraphs of one document. Findings come sorted by part (in
/// the order the parts first appear), paragraph index and start offset.
#[cfg(test)]
pub fn check_paragraphs(paragraphs: &[Paragraph], options: &CheckOptions) -> Vec<Finding> {
    check_paragraphs_with(paragraphs, options, &mut LocalCache::default())
}

/// Like [`check_paragraphs`], reusing what `cache` remembers.
#[cfg(test)]
pub fn check_paragraphs_with(
    paragraphs: &[Paragraph],
    options: &CheckOptions,
    cache: &mut LocalCache,
) -> Vec<Finding> {
    check_marked_with(paragraphs, &[], options, cache)
}

/// The gap markers the renderer wrote, by part name (see [`written`]).
pub type PartMarkers = Vec<(String, Vec<written::Marker>)>;

/// Like [`check_paragraphs_with`], also reporting each of `markers` as an
/// error at its place; other findings on a marker are dropped.
pub fn check_marked_with(
    paragraphs: &[Paragraph],
    markers: &[(String, Vec<written::Marker>)],
    options: &CheckOptions,
    cache: &mut LocalCache,
) -> Vec<Finding> {
    check_with_format(paragraphs, markers, Vec::new(), options, cache)
}

/// Like [`check_marked_with`], also reporting the hits of the format rules
/// ([`format`]), each by the position of its paragraph in `paragraphs`.
pub fn check_with_format(
    paragraphs: &[Paragraph],
    markers: &[(String, Vec<written::Marker>)],
    format_hits: Vec<(usize, Hit)>,
    options: &CheckOptions,
    cache: &mut LocalCache,
) -> Vec<Finding> {
    cache.start(options);
    let parts = Parts::new(paragraphs);
    let at: Vec<Slot> = paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| cache.entry(&p.text, Setting::of(p, parts.kind(i)), options))
        .collect();
    let entries: Vec<&Entry> = at.iter().map(|&slot| cache.get(slot)).collect();
    let texts: Vec<&str> = paragraphs
        .iter()
        .zip(&entries)
        .map(|(p, e)| e.nfc.as_deref().unwrap_or(&p.text))
        .collect();

    let mut raw: Vec<(usize, &Hit)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        raw.extend(e.hits.iter().map(|h| (i, h)));
    }
    let table_hits = table_hits(paragraphs, &parts, &texts, &entries);
    raw.extend(table_hits.iter().map(|(i, h)| (*i, h)));
    // A marker already reported as a gap keeps that finding; any other is
    // reported on its own, in place of what else was found on it.
    let covers = |i: usize, h: &Hit, (j, m): &(usize, Hit)| {
        *j == i && h.start <= m.start && m.start < h.end.max(h.start + 1)
    };
    let all_markers = marker_hits(paragraphs, texts.as_slice(), markers);
    let unreported: Vec<&(usize, Hit)> = all_markers
        .iter()
        .filter(|mh| {
            !raw.iter()
                .any(|&(i, h)| GAP_KINDS.contains(&h.kind) && covers(i, h, mh))
        })
        .collect();
    raw.retain(|&(i, h)| !unreported.iter().any(|mh| covers(i, h, mh)));
    raw.extend(unreported.iter().map(|(i, h)| (*i, h)));
    let notes = sections::note_numbers(paragraphs);
    let places: Vec<Place> = paragraphs
        .iter()
        .zip(&entries)
        .enumerate()
        .map(|(i, (p, e))| Place {
            part: parts.of[i],
            kind: parts.kind(i),
            in_cell: p.cell.is_some(),
            outline: &e.outline,
            note: sections::note_number(p, &notes),
        })
        .collect();
    raw.extend(sections::empty_sections(&places));
    let lines: Vec<forms::Line> = paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| forms::Line {
            text: texts[i],
            part: parts.kind(i),
            in_cell: p.cell.is_some(),
        })
        .collect();
    let scope = forms::scope(&lines);
    let raw: Vec<(usize, Cow<Hit>)> = raw
        .into_iter()
        .filter_map(|(i, h)| {
            let on_marker = all_markers.iter().any(|mh| covers(i, h, mh));
            let h = forms::judge(h, scope.form[i] && !on_marker, scope.outline_for_others[i])?;
            options.kinds.contains(&h.kind).then_some((i, h))
        })
        .chain(format_hits.into_iter().map(|(i, h)| (i, Cow::Owned(h))))
        .collect();
    findings(paragraphs, &parts, &texts, &places, raw)
}

/// The findings of `raw` (paragraph position and hit), sorted by part,
/// paragraph index and start offset.
fn findings(
    paragraphs: &[Paragraph],
    parts: &Parts,
    texts: &[&str],
    places: &[Place],
    raw: Vec<(usize, Cow<Hit>)>,
) -> Vec<Finding> {
    let mut wanted: Vec<usize> = raw.iter().map(|&(i, _)| i).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let paths = sections::paths(places, &wanted);
    let mut shared: Option<(usize, std::sync::Arc<str>)> = None;
    let mut keyed: Vec<((usize, usize, usize, usize), Finding)> = raw
        .into_iter()
        .enumerate()
        .map(|(n, (i, h))| {
            let p = &paragraphs[i];
            let text = texts[i];
            let paragraph_text = match &shared {
                Some((at, t)) if *at == i => t.clone(),
                _ => {
                    let t: std::sync::Arc<str> = text.into();
                    shared = Some((i, t.clone()));
                    t
                }
            };
            let f = Finding {
                kind: h.kind,
                severity: options::severity_of(h.kind),
                part: p.part.to_string(),
                paragraph_index: p.index,
                paragraph_text,
                start: h.start,
                end: h.end,
                matched: char_slice(text, h.start, h.end).to_string(),
                section: paths[wanted.partition_point(|&w| w < i)].clone(),
                table: table_place(paragraphs, texts, i),
                note: places[i].note,
                message: h.message.clone(),
                rule: h.rule,
            };
            ((parts.of[i], p.index, h.start, n), f)
        })
        .collect();
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, f)| f).collect()
}

/// Longest row label or column header in a [`TablePlace`], in characters.
const CELL_LABEL_MAX: usize = 40;

/// Where in its table paragraph `i` is, when it is in a table cell: the
/// table's number, the row's first cell and the column's first-row cell.
fn table_place(paragraphs: &[Paragraph], texts: &[&str], i: usize) -> Option<TablePlace> {
    let pos = paragraphs[i].cell?;
    let part = &paragraphs[i].part;
    let cell_text = |row: usize, col: usize| {
        let words: Vec<&str> = paragraphs
            .iter()
            .zip(texts)
            .filter(|(p, _)| p.part == *part)
            .filter(|(p, _)| {
                p.cell
                    .is_some_and(|c| c.table == pos.table && c.row == row && c.col == col)
            })
            .map(|(_, t)| t.trim())
            .filter(|t| !t.is_empty())
            .collect();
        let joined = words.join(" ");
        match joined.chars().nth(CELL_LABEL_MAX) {
            Some(_) => {
                let short: String = joined.chars().take(CELL_LABEL_MAX - 1).collect();
                format!("{}…", short.trim_end())
            }
            None => joined,
        }
    };
    Some(TablePlace {
        number: pos.table + 1,
        row: pos.row + 1,
        column: pos.col + 1,
        row_label: cell_text(pos.row, 0),
        column_header: cell_text(0, pos.col),
    })
}

/// The kinds that report a gap at error severity.
const GAP_KINDS: [Kind; 4] = [
    Kind::MissingFigure,
    Kind::TodoMarker,
    Kind::BlankField,
    Kind::UnfilledTag,
];

/// The renderer's gap markers as hits, by paragraph position.
fn marker_hits(
    paragraphs: &[Paragraph],
    texts: &[&str],
    markers: &[(String, Vec<written::Marker>)],
) -> Vec<(usize, Hit)> {
    let mut hits = Vec::new();
    for (part, list) in markers.iter().filter(|(_, l)| !l.is_empty()) {
        for (i, p) in paragraphs.iter().enumerate() {
            if *p.part != **part {
                continue;
            }
            for m in list.iter().filter(|m| m.paragraph == p.index) {
                if let Some(at) = written::offset_of(texts[i], m.nth) {
                    hits.push((
                        i,
                        Hit::new(
                            Kind::UnfilledTag,
                            at,
                            at + 1,
                            "Thiếu giá trị khi điền mẫu (dấu … tô vàng): cần ghi trước khi ký",
                        ),
                    ));
                }
            }
        }
    }
    hits
}

/// Rates across the table rows of each part, by paragraph position.
fn table_hits(
    paragraphs: &[Paragraph],
    parts: &Parts,
    texts: &[&str],
    entries: &[&Entry],
) -> Vec<(usize, Hit)> {
    let mut hits = Vec::new();
    for part in 0..parts.names.len() {
        let cells: Vec<figures::Cell> = paragraphs
            .iter()
            .enumerate()
            .filter(|&(i, _)| parts.of[i] == part)
            .filter_map(|(i, p)| {
                let (pos, read) = p.cell.zip(entries[i].cell.as_ref())?;
                Some(figures::Cell {
                    para: i,
                    pos,
                    text: texts[i],
                    read,
                })
            })
            .collect();
        hits.extend(figures::in_tables(&cells));
        // A cell the paragraph rules found a gap in already is not reported twice.
        hits.extend(
            cells::in_tables(&cells)
                .into_iter()
                .filter(|(i, _)| entries[*i].hits.is_empty()),
        );
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::model::CellPos;
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn para(part: &str, index: usize, text: &str) -> Paragraph {
        Paragraph {
            part: part.into(),
            index,
            text: text.to_string(),
            cell: None,
            outline_level: None,
            merge_field: None,
            note: None,
            note_refs: Vec::new(),
        }
    }

    fn body(texts: &[&str]) -> Vec<Paragraph> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| para("word/document.xml", i, t))
            .collect()
    }

    #[test]
    fn every_kind_end_to_end() {
        let mut ps = body(&[
            "Số:      /BC-LĐLĐ",
            "Đắk Lắk, ngày    tháng    năm 2024",
            "I. KẾT QUẢ",
            "1. Dự báo tình hình 5 năm tới",
            "2. Công tác tập hợp",
            "Số doanh nghiệp giải thể là …. doanh nghiệp. (Bổ sung số liệu)",
            "Kính gửi:……………………",
            "Đơn vị {{ten_don_vi}} có 35/40 cơ sở, đạt tỷ lệ 90%.",
        ]);
        ps.push(para("word/footnotes.xml", 0, " Năm 2018: chiếm ...%."));
        let f = check_paragraphs(&ps, &CheckOptions::default());
        let kinds: Vec<(Kind, usize)> = f.iter().map(|f| (f.kind, f.paragraph_index)).collect();
        assert_eq!(
            kinds,
            vec![
                (Kind::IssuanceBlank, 0),
                (Kind::IssuanceBlank, 1),
                (Kind::EmptySection, 3),
                (Kind::MissingFigure, 5),
                (Kind::TodoMarker, 5),
                (Kind::BlankField, 6),
                (Kind::UnfilledTag, 7),
                (Kind::FigureMismatch, 7),
                (Kind::MissingFigure, 0),
            ]
        );
        assert_eq!(f[3].section, "I. > 2.");
        assert_eq!(f[3].matched, "….");
        assert_eq!(f[3].message, "Thiếu số liệu: số doanh nghiệp");
        assert_eq!(f[3].severity, Severity::Error);
        assert_eq!(f[2].severity, Severity::Warning);
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(f[8].part, "word/footnotes.xml");
        assert_eq!(f[8].section, "Chú thích");
    }

    #[test]
    fn the_cache_keeps_what_documents_share_and_stays_small() {
        let mut cache = LocalCache::default();
        let options = CheckOptions::default();
        for n in 0..3 * LOCAL_CACHE_LIMIT {
            let mut doc = body(&[
                "I. KẾT QUẢ",
                "Số doanh nghiệp giải thể là …. doanh nghiệp.",
                &format!("Đơn vị số {n} có 35/40 cơ sở, đạt tỷ lệ 90%."),
            ]);
            doc.push(para("word/footnotes.xml", 0, "Năm 2018: chiếm ...%."));
            if n % 97 == 0 {
                doc[1].cell = Some(CellPos {
                    table: 0,
                    row: 0,
                    col: 0,
                    merged_above: false,
                });
            }
            let cached = check_paragraphs_with(&doc, &options, &mut cache);
            assert_eq!(cached, check_paragraphs(&doc, &options), "document {n}");
            assert!(cache.entries.len() <= LOCAL_CACHE_LIMIT + doc.len());
        }
        assert!(cache.index.contains_key("I. KẾT QUẢ"));
        // Each document's own paragraph was read once and never kept.
        assert!(!cache.index.keys().any(|k| k.starts_with("Đơn vị số")));
    }

    #[test]
    fn a_text_is_kept_when_it_comes_back() {
        let mut cache = LocalCache::default();
        let options = CheckOptions::default();
        let doc = body(&["I. KẾT QUẢ", "Số doanh nghiệp giải thể là …. doanh nghiệp."]);
        let alone = check_paragraphs(&doc, &options);
        assert_eq!(check_paragraphs_with(&doc, &options, &mut cache), alone);
        assert!(cache.entries.is_empty());
        assert_eq!(check_paragraphs_with(&doc, &options, &mut cache), alone);
        assert_eq!(cache.entries.len(), 2);
        assert_eq!(check_paragraphs_with(&doc, &options, &mut cache), alone);
        assert_eq!(cache.entries.len(), 2);
    }

    #[test]
    fn options_filter_kinds() {
        let ps = body(&["là …. doanh nghiệp (Bổ sung số liệu)"]);
        let o = CheckOptions::from_rules("todo-marker").unwrap();
        let f = check_paragraphs(&ps, &o);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Kind::TodoMarker);
    }

    #[test]
    fn nfd_input_gives_nfc_offsets() {
        let nfd: String = "Tổng số người tham gia là …. người".nfd().collect();
        let ps = body(&[nfd.as_str()]);
        let f = check_paragraphs(&ps, &CheckOptions::default());
        assert_eq!(f.len(), 1);
        assert_eq!(&*f[0].paragraph_text, "Tổng số người tham gia là …. người");
        assert_eq!(f[0].matched, "….");
        assert_eq!((f[0].start, f[0].end), (26, 28));
    }

    #[test]
    fn figures_across_a_table_row() {
        let mut ps = Vec::new();
        for (i, t) in [
            "Chỉ tiêu",
            "Thực hiện",
            "Kế hoạch",
            "%",
            "Hội nghị",
            "96",
            "120",
            "85%",
        ]
        .iter()
        .enumerate()
        {
            let mut p = para("word/document.xml", i, t);
            p.cell = Some(CellPos {
                table: 0,
                row: i / 4,
                col: i % 4,
                merged_above: false,
            });
            ps.push(p);
        }
        let f = check_paragraphs(&ps, &CheckOptions::default());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].kind, Kind::FigureMismatch);
        assert_eq!(f[0].paragraph_index, 7);
        assert_eq!(f[0].matched, "85%");
        let place = f[0].table.as_ref().expect("a place in the table");
        assert_eq!((place.number, place.row, place.column), (1, 2, 4));
        assert_eq!(place.describe(), "bảng 1, hàng “Hội nghị”, cột “%”");
        assert_eq!(f[0].section, rules::sections::NO_HEADINGS);
    }

    #[test]
    fn one_cache_for_a_text_in_several_settings() {
        let text = "Tổng số là …. người (bổ sung), đạt 35/40 = 90%";
        let mut ps = vec![
            para("word/document.xml", 0, "1. Kết quả"),
            para("word/document.xml", 1, text),
            para("word/document.xml", 2, text),
            para("word/document.xml", 3, "2. Tồn tại"),
            para("word/footnotes.xml", 0, text),
        ];
        ps[1].cell = Some(CellPos {
            table: 0,
            row: 0,
            col: 0,
            merged_above: false,
        });
        ps[2].merge_field = Some("SoNguoi".to_string());
        ps[3].outline_level = Some(1);
        let options = CheckOptions::default();
        let alone = check_paragraphs(&ps, &options);
        let mut cache = LocalCache::default();
        for _ in 0..2 {
            assert_eq!(check_paragraphs_with(&ps, &options, &mut cache), alone);
        }
        ps.swap(1, 2);
        assert_eq!(
            check_paragraphs_with(&ps, &options, &mut cache),
            check_paragraphs(&ps, &options)
        );
    }

    #[test]
    fn parts_keep_their_order() {
        let ps = vec![
            para("word/document.xml", 0, "có …. người"),
            para("word/header1.xml", 0, "có …. người"),
            para("word/footnotes.xml", 0, "có …. người"),
        ];
        let f = check_paragraphs(&ps, &CheckOptions::default());
        let parts: Vec<&str> = f.iter().map(|f| f.part.as_str()).collect();
        assert_eq!(
            parts,
            vec![
                "word/document.xml",
                "word/header1.xml",
                "word/footnotes.xml"
            ]
        );
    }
}
