//! The reviewer's copy: every finding highlighted, with a Word comment in the
//! margin saying what is missing. Everything else stays as it was.

use super::Finding;
use crate::error::{Error, Result};
use crate::package::opc::rel_type;
use crate::package::{Changes, Package, PartDeclaration};
use crate::text::{ParagraphText, Source};
use crate::xml::{self, escape_text, set_attr, Element, Node, Tag};
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// Element ids at or above this mark runs made here, so they can be found again.
const MADE: u32 = u32::MAX - 1_000_000;

/// Writes a copy of the package with the findings highlighted and commented.
pub fn annotate(package: &Package, findings: &[Finding]) -> Result<Vec<u8>> {
    let mut by_part: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        by_part.entry(f.part.as_str()).or_default().push(f);
    }
    // A comments part nothing refers to (some writers leave an empty one) is
    // put to use rather than written a second time.
    let comments_part = package
        .related_part(rel_type::COMMENTS)
        .or_else(|| package.entry_name(&package.beside_main("comments.xml")));
    let existing_comments = match &comments_part {
        Some(p) => Some(String::from_utf8_lossy(&package.read_part(p)?).into_owned()),
        None => None,
    };
    let mut next_id = existing_comments.as_deref().map_or(0, max_comment_id) + 1;
    let mut comments = String::new();
    let mut changes = Changes::default();
    // Notes first: LibreOffice cannot load comments inside footnotes, so a
    // finding there is highlighted in place and its comment is anchored on
    // the note's reference mark in the body.
    let main = package.main_part().to_string();
    let mut anchors: Vec<(Anchor, u32)> = Vec::new();
    let mut order: Vec<&str> = by_part.keys().copied().filter(|p| *p != main).collect();
    order.push(main.as_str());
    for part in order {
        let list = by_part.remove(part).unwrap_or_default();
        if list.is_empty() && (part != main || anchors.is_empty()) {
            continue;
        }
        let bytes = package.read_part(part)?;
        let mut doc = xml::parse(&bytes).map_err(|e| Error::BadPart {
            path: package.path().to_path_buf(),
            part: part.to_string(),
            detail: e.to_string(),
        })?;
        let Some(root) = doc.root_mut() else { continue };
        let w = w_prefix(root);
        let paths = paragraph_paths(root);
        let mut list = list;
        list.sort_by_key(|f| std::cmp::Reverse((f.paragraph_index, f.start)));
        for f in list {
            let Some(path) = paths.get(f.paragraph_index) else {
                continue;
            };
            let note = note_of(root, path);
            let Some(p) = root.descendant_mut(path) else {
                continue;
            };
            let id = next_id;
            if part != main {
                // Word keeps no comments in headers, footers or notes: the
                // comment goes on the note's reference mark, or on the first
                // paragraph of the body for a header or footer.
                if mark(p, f, None, &w) {
                    next_id += 1;
                    let (anchor, message) = match note {
                        Some((tag, note_id)) => (Anchor::Note(tag, note_id), f.message.clone()),
                        None => (Anchor::Start, format!("{} ({})", f.message, f.section)),
                    };
                    anchors.push((anchor, id));
                    comments.push_str(&comment_xml(id, &message, &w));
                }
            } else if mark(p, f, Some(id), &w) {
                next_id += 1;
                comments.push_str(&comment_xml(id, &f.message, &w));
            }
        }
        if part == main {
            for (anchor, id) in anchors.drain(..) {
                match anchor {
                    Anchor::Note(tag, note_id) => anchor_on_reference(root, tag, &note_id, id, &w),
                    Anchor::Start => anchor_on_first_paragraph(root, &paths, id, &w),
                }
            }
        }
        changes
            .replaced
            .insert(part.to_string(), doc.to_xml().into_bytes().into());
    }
    if comments.is_empty() {
        return package.write_with(&changes);
    }
    let (part, bytes) = match (comments_part, existing_comments) {
        (Some(part), Some(xml)) => {
            let merged =
                xml::append_to_root(xml.as_bytes(), &comments).ok_or_else(|| Error::BadPart {
                    path: package.path().to_path_buf(),
                    part: part.clone(),
                    detail: "the comments part cannot be read".into(),
                })?;
            (part, merged)
        }
        _ => (
            package.beside_main("comments.xml"),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<w:comments xmlns:w="{}">{comments}</w:comments>"#,
                "\r\n",
                xml::W_NS
            ),
        ),
    };
    let comments_declaration = PartDeclaration {
        part: &part,
        content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
        rel_kind: rel_type::COMMENTS,
        rel_id: "rIdVanbanComments",
    };
    let styles = comment_reference_style(package)?;
    let new_styles_part = package.beside_main("styles.xml");
    let declared = match &styles {
        Some(StyleChange::New(_)) => package.part_additions(&[
            comments_declaration,
            PartDeclaration {
                part: &new_styles_part,
                content_type:
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
                rel_kind: rel_type::STYLES,
                rel_id: "rIdVanbanStyles",
            },
        ])?,
        _ => package.part_additions(&[comments_declaration])?,
    };
    match &styles {
        Some(StyleChange::Replace(styles_part, xml)) => {
            changes
                .replaced
                .insert(styles_part.clone(), xml.as_bytes().into());
        }
        Some(StyleChange::New(xml)) => {
            declared.apply(&new_styles_part, xml.as_bytes().into(), &mut changes)
        }
        None => {}
    }
    declared.apply(&part, bytes.into_bytes().into(), &mut changes);
    package.write_with(&changes)
}

/// The character style of comment reference marks, as Word names it.
const COMMENT_REFERENCE: &str = "CommentReference";

/// What defining the comment reference style changes.
enum StyleChange {
    /// The styles part (name, new content) with the style appended.
    Replace(String, String),
    /// A new styles part holding only that style, for a document without one.
    New(String),
}

/// Defines the `CommentReference` style the comment marks use, unless the
/// document already defines it.
fn comment_reference_style(package: &Package) -> Result<Option<StyleChange>> {
    let style = |w: &str| {
        format!(
            r#"<{w}style {w}type="character" {w}styleId="{COMMENT_REFERENCE}"><{w}name {w}val="annotation reference"/><{w}uiPriority {w}val="99"/><{w}semiHidden/><{w}unhideWhenUsed/><{w}rPr><{w}sz {w}val="16"/><{w}szCs {w}val="16"/></{w}rPr></{w}style>"#
        )
    };
    let Some(part) = package.related_part(rel_type::STYLES) else {
        return Ok(Some(StyleChange::New(format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<w:styles xmlns:w="{}">{}</w:styles>"#,
            "\r\n",
            xml::W_NS,
            style("w:")
        ))));
    };
    let bytes = package.read_part(&part)?;
    let bad = |detail: String| Error::BadPart {
        path: package.path().to_path_buf(),
        part: part.clone(),
        detail,
    };
    let doc = xml::parse(&bytes).map_err(|e| bad(e.to_string()))?;
    let Some(root) = doc.root() else {
        return Err(bad("the styles part is empty".into()));
    };
    let defined = root
        .elements()
        .any(|e| e.attr("styleId").as_deref() == Some(COMMENT_REFERENCE));
    if defined {
        return Ok(None);
    }
    let w = w_prefix(root);
    let merged = xml::append_to_root(&bytes, &style(&w))
        .ok_or_else(|| bad("the styles part cannot be read".into()))?;
    Ok(Some(StyleChange::Replace(part, merged)))
}

fn comment_xml(id: u32, message: &str, w: &str) -> String {
    format!(
        r#"<{w}comment {w}id="{id}" {w}author="vanban" {w}initials="VB"><{w}p><{w}r><{w}t xml:space="preserve">{}</{w}t></{w}r></{w}p></{w}comment>"#,
        escape_text(message)
    )
}

fn max_comment_id(xml: &str) -> u32 {
    xml.match_indices(":id=\"")
        .filter_map(|(i, m)| xml[i + m.len()..].split('"').next()?.parse().ok())
        .max()
        .unwrap_or(0)
}

fn w_prefix(root: &Element) -> String {
    match root.prefix() {
        "" => String::new(),
        p => format!("{p}:"),
    }
}

/// Paths to every paragraph in the checker's reading order (alternate-content fallbacks skipped).
fn paragraph_paths(root: &Element) -> Vec<Vec<usize>> {
    fn walk(e: &Element, path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        for (i, c) in e.children.iter().enumerate() {
            let Node::Element(c) = c else { continue };
            if c.tag == Tag::Fallback {
                continue;
            }
            path.push(i);
            if c.tag == Tag::P {
                out.push(path.clone());
            }
            walk(c, path, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    walk(root, &mut Vec::new(), &mut out);
    out
}

/// Where the comment of a finding outside the body is anchored.
enum Anchor {
    /// On the reference mark of this footnote or endnote.
    Note(Tag, String),
    /// On the first paragraph of the body.
    Start,
}

/// Anchors comment `id` on the whole first paragraph of the body.
fn anchor_on_first_paragraph(root: &mut Element, paths: &[Vec<usize>], id: u32, w: &str) {
    let Some(p) = paths.first().and_then(|path| root.descendant_mut(path)) else {
        return;
    };
    let first = p
        .children
        .iter()
        .position(|n| !matches!(n, Node::Element(e) if e.tag == Tag::PPr));
    let at = first.unwrap_or(p.children.len());
    p.children.insert(
        at,
        Node::Raw(format!("<{w}commentRangeStart {w}id=\"{id}\"/>")),
    );
    for node in comment_end(id, w) {
        p.children.push(Node::Raw(node));
    }
}

/// The footnote or endnote (reference tag and id) holding the paragraph at `path`.
fn note_of(root: &Element, path: &[usize]) -> Option<(Tag, String)> {
    let Node::Element(top) = root.children.get(*path.first()?)? else {
        return None;
    };
    let reference = match top.tag {
        Tag::Footnote => Tag::FootnoteReference,
        Tag::Endnote => Tag::EndnoteReference,
        _ => return None,
    };
    Some((reference, top.attr("id")?))
}

/// Anchors comment `id` on the run holding the reference to note `note_id`.
fn anchor_on_reference(root: &mut Element, tag: Tag, note_id: &str, id: u32, w: &str) {
    fn find(e: &Element, tag: Tag, note_id: &str, path: &mut Vec<usize>) -> Option<Vec<usize>> {
        for (i, c) in e.children.iter().enumerate() {
            let Node::Element(c) = c else { continue };
            path.push(i);
            if c.tag == Tag::R
                && c.elements()
                    .any(|r| r.tag == tag && r.attr("id").as_deref() == Some(note_id))
            {
                return Some(path.clone());
            }
            if let Some(found) = find(c, tag, note_id, path) {
                return Some(found);
            }
            path.pop();
        }
        None
    }
    let Some(run) = find(root, tag, note_id, &mut Vec::new()) else {
        return;
    };
    insert_at(root, &run, 1, &comment_end(id, w));
    insert_at(
        root,
        &run,
        0,
        &[format!("<{w}commentRangeStart {w}id=\"{id}\"/>")],
    );
}

fn comment_end(id: u32, w: &str) -> [String; 2] {
    [
        format!("<{w}commentRangeEnd {w}id=\"{id}\"/>"),
        format!("<{w}r><{w}rPr><{w}rStyle {w}val=\"CommentReference\"/></{w}rPr><{w}commentReference {w}id=\"{id}\"/></{w}r>"),
    ]
}

/// Highlights the finding's characters and, given an id, anchors that comment on them.
fn mark(p: &mut Element, f: &Finding, comment: Option<u32>, w: &str) -> bool {
    let pt = ParagraphText::of(p);
    let raw_len = pt.text.chars().count();
    let same_offsets = pt.text.nfc().count() == raw_len;
    let (start, end) = if same_offsets && f.end <= raw_len && f.start < f.end {
        (f.start, f.end)
    } else {
        (0, raw_len)
    };
    let mut made = 0;
    for seg in pt.segments.iter().rev() {
        let seg_end = seg.start + seg.len;
        if seg_end <= start || seg.start >= end {
            continue;
        }
        let (Source::Text(path) | Source::Symbol(path)) = &seg.source;
        let (run_path, t_index) = path.split_at(path.len() - 1);
        let Some((parent_path, run_index)) = run_path.split_last().map(|(i, rest)| (rest, *i))
        else {
            continue;
        };
        let Some(parent) = p.descendant_mut(parent_path) else {
            continue;
        };
        let a = start.saturating_sub(seg.start);
        let b = end.min(seg_end) - seg.start;
        if split_run(parent, run_index, t_index[0], a, b, MADE + made) {
            made += 1;
        }
    }
    if made == 0 {
        // Nothing to highlight (an empty table cell): the comment is
        // anchored on the paragraph itself.
        return match comment {
            Some(id) if f.start == f.end => {
                comment_on_paragraph(p, id, w);
                true
            }
            _ => false,
        };
    }
    if let (Some(id), Some(first), Some(last)) = (comment, find_made(p, true), find_made(p, false))
    {
        insert_at(p, &last, 1, &comment_end(id, w));
        insert_at(
            p,
            &first,
            0,
            &[format!("<{w}commentRangeStart {w}id=\"{id}\"/>")],
        );
    }
    forget_made(p);
    true
}

/// Anchors comment `id` at the start of paragraph `p`'s content, with no
/// text inside its range.
fn comment_on_paragraph(p: &mut Element, id: u32, w: &str) {
    let at = p
        .children
        .iter()
        .position(|n| !matches!(n, Node::Element(e) if e.tag == Tag::PPr))
        .unwrap_or(p.children.len());
    let [end, reference] = comment_end(id, w);
    let nodes = [
        format!("<{w}commentRangeStart {w}id=\"{id}\"/>"),
        end,
        reference,
    ];
    p.children.splice(at..at, nodes.into_iter().map(Node::Raw));
    p.empty = false;
}

/// Splits run `run_index` of `parent` so chars `a..b` of its child
/// `t_index` sit alone in a highlighted run with element id `made_id`. The
/// child is a `w:t`, or a tab, break or no-break hyphen (one character,
/// moved whole).
fn split_run(
    parent: &mut Element,
    run_index: usize,
    t_index: usize,
    a: usize,
    b: usize,
    made_id: u32,
) -> bool {
    let Some(Node::Element(run)) = parent.children.get(run_index) else {
        return false;
    };
    if run.tag != Tag::R {
        return false;
    }
    let Some(Node::Element(t)) = run.children.get(t_index) else {
        return false;
    };
    let symbol = t.tag != Tag::T;
    let text = if symbol { String::new() } else { t.text() };
    let chars: Vec<char> = text.chars().collect();
    let (a, b) = (a.min(chars.len()), b.min(chars.len()));
    let piece = |from: usize, to: usize| -> Element {
        let mut t = t.clone();
        t.start = set_attr(&t.start, "xml:space", "preserve");
        t.empty = false;
        t.children = vec![Node::Text(
            escape_text(&chars[from..to].iter().collect::<String>()).into_owned(),
        )];
        t
    };
    let rpr = run.child(Tag::RPr);
    let w = w_prefix(run);
    let mut before = run.clone();
    before.children.truncate(t_index);
    if a > 0 && !symbol {
        before.children.push(Node::Element(piece(0, a)));
    }
    let mut middle = run.clone();
    middle.id = made_id;
    middle.children = Vec::new();
    middle
        .children
        .push(Node::Raw(crate::xml::highlighted_rpr(rpr, &w)));
    middle
        .children
        .push(Node::Element(if symbol { t.clone() } else { piece(a, b) }));
    let mut after = run.clone();
    after.children = run
        .children
        .iter()
        .take_while(|n| !matches!(n, Node::Element(e) if e.tag != Tag::RPr))
        .cloned()
        .collect();
    if b < chars.len() {
        after.children.push(Node::Element(piece(b, chars.len())));
    }
    after
        .children
        .extend(run.children.iter().skip(t_index + 1).cloned());
    let has_content = |r: &Element| {
        r.children
            .iter()
            .any(|n| !matches!(n, Node::Element(e) if e.tag == Tag::RPr))
    };
    let mut replacement = Vec::new();
    if has_content(&before) {
        replacement.push(Node::Element(before));
    }
    replacement.push(Node::Element(middle));
    if has_content(&after) {
        replacement.push(Node::Element(after));
    }
    parent.children.splice(run_index..=run_index, replacement);
    true
}

/// Marks the runs made for one finding as ordinary, so the next finding finds only its own.
fn forget_made(e: &mut Element) {
    for c in e.children.iter_mut() {
        if let Node::Element(c) = c {
            if c.id >= MADE {
                c.id = 0;
            }
            forget_made(c);
        }
    }
}

/// Path of the first (or last) run made here, in document order.
fn find_made(p: &Element, first: bool) -> Option<Vec<usize>> {
    fn walk(e: &Element, path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        for (i, c) in e.children.iter().enumerate() {
            let Node::Element(c) = c else { continue };
            path.push(i);
            if c.id >= MADE {
                out.push(path.clone());
            } else if c.tag != Tag::P {
                walk(c, path, out);
            }
            path.pop();
        }
    }
    let mut all = Vec::new();
    walk(p, &mut Vec::new(), &mut all);
    if first {
        all.into_iter().next()
    } else {
        all.pop()
    }
}

/// Inserts raw XML nodes beside the element at `path` (`offset` 0 before it, 1 after it).
fn insert_at(p: &mut Element, path: &[usize], offset: usize, xml_nodes: &[String]) {
    let Some((&index, parent_path)) = path.split_last() else {
        return;
    };
    let Some(parent) = p.descendant_mut(parent_path) else {
        return;
    };
    let at = (index + offset).min(parent.children.len());
    let nodes = xml_nodes.iter().map(|s| Node::Raw(s.clone()));
    parent.children.splice(at..at, nodes);
}
