//! The end of the document: `noi-nhan`, `signature` and `end-mark`.
//!
//! - **noi-nhan**: a "Nơi nhận:" label, in lower case with its colon
//!   (NĐ 30/2020, Phụ lục I, II.9d), and its list ending with the archive
//!   line "- Lưu: VT, …" that closes with a full stop. The list is the
//!   lines after the label in its paragraph and the following paragraphs of
//!   the same table cell (or, outside a table, the following paragraphs up
//!   to the signer's title or the "Lưu" line).
//! - **signature**: the signer's name under the authority and title lines
//!   (TM./KT./TL./TUQ./Q., CHỦ TỊCH…), in lower case with capitals
//!   ("Nguyễn Thị Lý", not "NGUYỄN THỊ LÝ"), with no học hàm or học vị
//!   before it (II.7c, 7đ). The block is the cell beside "Nơi nhận" in the
//!   same table row, else the lines after the first title line of the
//!   main document. "(Đã ký)" of a published copy and a blank left for the
//!   name (the gap checker's business) are passed over.
//! - **end-mark**: "./." after the last sentence of the body; every sample
//!   of Phụ lục III (Mẫu 1.1–1.10: nghị quyết, quyết định, văn bản có tên
//!   loại, công văn, công điện, giấy mời, giấy giới thiệu, biên bản, giấy
//!   nghỉ phép) has it, so every type does. The body ends before the first
//!   "Nơi nhận" or signature block (before its table when it stands in one).
//!
//! A missing "Nơi nhận" or signature block is reported only in a document
//! that carries a Quốc hiệu and is not an attachment (see
//! [`super::opening`]). A report a Ban Chấp hành presents to its Đại hội is
//! signed by the body itself: a block headed "BAN CHẤP HÀNH …" with no
//! TM./KT. and no personal title carries no name and no "Nơi nhận" (the
//! union form of the seeds' political report, spec §9, variant H).

use std::sync::LazyLock;

use regex::Regex;

use super::opening::Facts;
use super::{whole, Doc, FormatRule};
use crate::check::rules::Hit;
use crate::text::quote;
use crate::vi::bare;

static NOI_NHAN_BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*noi\s*nhan\s*(:|$)").unwrap());
static LUU_COLON: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"Lưu\s*:").unwrap());

/// Outside a table, the list runs to the signer's title line or the "Lưu"
/// line, whichever comes first, and never past this many paragraphs.
const MAX_ITEMS: usize = 30;

fn ends_list(text: &str) -> bool {
    lines(text).any(|l| LUU.is_match(l))
}
static LUU: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*[-–+•]?\s*Lưu\b").unwrap());
static AUTHORITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:TM|KT|TL|TUQ|Q)\s*\.\s*\p{Lu}").unwrap());
static TITLE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:CHỦ TỊCH|TRƯỞNG|GIÁM ĐỐC|BÍ THƯ|CHÁNH VĂN PHÒNG|ỦY VIÊN|UỶ VIÊN)\b").unwrap()
});
static COLLECTIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*BAN CHẤP HÀNH\s*$").unwrap());
static SIGNED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*\(?\s*(?:đã ký|ký|chữ ký|ký tên|ký,)").unwrap());
static DEGREE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:GS|PGS|TS|ThS|TSKH|KS|BS|CN|Th\.S)\s*\.").unwrap());

/// A line of a paragraph: lines split at breaks.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').map(str::trim).filter(|l| !l.is_empty())
}

fn is_upper(line: &str) -> bool {
    line.chars().any(char::is_alphabetic) && !line.chars().any(char::is_lowercase)
}

/// An authority or title line of a signature block.
fn is_title(line: &str) -> bool {
    let line = line.trim();
    if AUTHORITY.is_match(line) {
        return true;
    }
    is_upper(line)
        && line.split_whitespace().count() <= 10
        && !line.starts_with(|c: char| c.is_ascii_digit())
        && TITLE_WORD.is_match(line)
}

/// Where the end of the document is.
#[derive(Debug, Clone, Default)]
pub struct Ending {
    /// The first "Nơi nhận" paragraph.
    pub noi_nhan: Option<usize>,
    /// Its list's paragraphs.
    pub items: Vec<usize>,
    /// The first title line of a signature block.
    pub title: Option<usize>,
    /// The block is the collective body's own ("BAN CHẤP HÀNH …").
    pub collective: bool,
}

pub fn read(doc: &Doc) -> Ending {
    let body: Vec<usize> = doc.body().collect();
    let noi_nhan = body
        .iter()
        .copied()
        .find(|&i| lines(&doc.paragraphs[i].text).any(|l| NOI_NHAN_BARE.is_match(&bare(l))));
    let mut items: Vec<usize> = Vec::new();
    if let Some(n) = noi_nhan {
        let cell = doc.paragraphs[n].cell;
        for &i in body.iter().skip_while(|&&i| i <= n) {
            let p = &doc.paragraphs[i];
            let item = match cell {
                Some(c) => p.cell == Some(c),
                None => {
                    p.cell.is_none()
                        && items.len() < MAX_ITEMS
                        && !lines(&p.text).any(is_title)
                        && !items
                            .last()
                            .is_some_and(|&l| ends_list(&doc.paragraphs[l].text))
                }
            };
            if !item {
                break;
            }
            items.push(i);
        }
    }
    let title = match noi_nhan.and_then(|n| doc.paragraphs[n].cell.map(|c| (n, c))) {
        Some((n, c)) => body.iter().copied().find(|&i| {
            let p = &doc.paragraphs[i];
            p.part == doc.paragraphs[n].part
                && p.cell
                    .is_some_and(|d| d.table == c.table && d.row == c.row && d.col != c.col)
                && lines(&p.text).any(is_title)
        }),
        None => None,
    }
    .or_else(|| {
        body.iter()
            .copied()
            .find(|&i| lines(&doc.paragraphs[i].text).any(is_title))
    });
    let collective = title.is_none() && noi_nhan.is_none();
    let collective_at = collective
        .then(|| {
            body.iter().copied().rev().find(|&i| {
                doc.paragraphs[i].cell.is_some()
                    && lines(&doc.paragraphs[i].text)
                        .next()
                        .is_some_and(|l| COLLECTIVE.is_match(l))
            })
        })
        .flatten();
    Ending {
        noi_nhan,
        items,
        title: title.or(collective_at),
        collective: collective_at.is_some(),
    }
}

pub fn hits(doc: &Doc, ending: &Ending, facts: &Facts) -> Vec<(usize, Hit)> {
    let mut out = Vec::new();
    if ending.collective {
        out.extend(end_mark(doc, ending));
        return out;
    }
    let gate = facts.quoc_hieu.filter(|_| !facts.attachment);
    match ending.noi_nhan {
        Some(n) => out.extend(noi_nhan(doc, n, &ending.items)),
        None => {
            if let Some(at) = ending.title.or(gate) {
                if gate.is_some() {
                    out.push(whole(
                        doc,
                        at,
                        FormatRule::NoiNhan,
                        "Thiếu phần «Nơi nhận:» ở cuối văn bản, ngang hàng với chức vụ người ký và sát lề trái (Nghị định 30/2020/NĐ-CP).".to_string(),
                    ));
                }
            }
        }
    }
    match ending.title {
        Some(t) => out.extend(signature(doc, t)),
        None => {
            if let Some(at) = gate {
                out.push(whole(
                    doc,
                    at,
                    FormatRule::Signature,
                    "Không thấy phần chức vụ, họ tên người ký (ví dụ «TM. BAN THƯỜNG VỤ / CHỦ TỊCH / Nguyễn Văn A», Nghị định 30/2020/NĐ-CP).".to_string(),
                ));
            }
        }
    }
    out.extend(end_mark(doc, ending));
    out
}

fn noi_nhan(doc: &Doc, n: usize, items: &[usize]) -> Vec<(usize, Hit)> {
    let mut out = Vec::new();
    let text = &doc.paragraphs[n].text;
    let mut all = lines(text);
    let label = all
        .by_ref()
        .find(|l| NOI_NHAN_BARE.is_match(&bare(l)))
        .unwrap_or_default();
    if !label.starts_with("Nơi nhận:") {
        out.push(whole(
            doc,
            n,
            FormatRule::NoiNhan,
            format!(
                "Ghi «Nơi nhận:» bằng chữ in thường, có dấu hai chấm (Nghị định 30/2020/NĐ-CP); văn bản ghi «{}».",
                quote(label)
            ),
        ));
    }
    let mut list: Vec<(usize, &str)> = all.map(|l| (n, l)).collect();
    for &i in items {
        list.extend(lines(&doc.paragraphs[i].text).map(|l| (i, l)));
    }
    let list: Vec<(usize, &str)> = list
        .into_iter()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    match list.iter().rev().find(|(_, l)| LUU.is_match(l)) {
        None => {
            let at = list.last().map_or(n, |&(i, _)| i);
            out.push(whole(
                doc,
                at,
                FormatRule::NoiNhan,
                "Danh sách nơi nhận phải kết thúc bằng dòng «- Lưu: VT, <đơn vị soạn thảo>.» (Nghị định 30/2020/NĐ-CP); văn bản không có dòng «Lưu».".to_string(),
            ));
        }
        Some(&(i, l)) => {
            if !l.trim_end().ends_with('.') || !LUU_COLON.is_match(l) {
                out.push(whole(
                    doc,
                    i,
                    FormatRule::NoiNhan,
                    format!(
                        "Dòng cuối của nơi nhận ghi «- Lưu: VT, <đơn vị soạn thảo>.»: có dấu hai chấm sau «Lưu», kết thúc bằng dấu chấm (Nghị định 30/2020/NĐ-CP); văn bản ghi «{}».",
                        quote(l.trim())
                    ),
                ));
            }
        }
    }
    out
}

/// The lines after title line `t`: the rest of its cell, or the following
/// paragraphs outside tables up to the first that is neither a title, a
/// "(đã ký)" nor the name.
fn signature(doc: &Doc, t: usize) -> Vec<(usize, Hit)> {
    let first = &doc.paragraphs[t];
    let mut block: Vec<(usize, &str)> = Vec::new();
    for i in t..doc.paragraphs.len() {
        let p = &doc.paragraphs[i];
        if p.part != first.part || p.cell != first.cell {
            break;
        }
        block.extend(lines(&p.text).map(|l| (i, l)));
        if first.cell.is_none() && lines(&p.text).any(|l| !is_title(l) && !SIGNED.is_match(l)) {
            break;
        }
    }
    let name = block
        .iter()
        .skip_while(|(_, l)| !is_title(l))
        .filter(|(_, l)| !SIGNED.is_match(l))
        .find(|(_, l)| !is_title(l));
    let missing = |at: usize| {
        whole(
            doc,
            at,
            FormatRule::Signature,
            "Dưới chức vụ người ký phải có họ tên người ký, chữ in thường, đậm (ví dụ «Nguyễn Thị Lý», Nghị định 30/2020/NĐ-CP); văn bản không có.".to_string(),
        )
    };
    let Some(&(i, name)) = name else {
        return vec![missing(block.last().map_or(t, |&(i, _)| i))];
    };
    if name.contains(['…', '.', '_', '{', '[']) && !DEGREE.is_match(name) {
        return Vec::new();
    }
    if DEGREE.is_match(name) {
        return vec![whole(
            doc,
            i,
            FormatRule::Signature,
            format!(
                "Không ghi học hàm, học vị trước họ tên người ký (Nghị định 30/2020/NĐ-CP); văn bản ghi «{}».",
                quote(name)
            ),
        )];
    }
    if is_upper(name) {
        return vec![whole(
            doc,
            i,
            FormatRule::Signature,
            format!(
                "Họ tên người ký viết chữ in thường, chữ đầu mỗi tiếng viết hoa (Nghị định 30/2020/NĐ-CP); văn bản ghi «{}» in hoa.",
                quote(name)
            ),
        )];
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let looks_like_name = (2..=7).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    if looks_like_name {
        Vec::new()
    } else {
        vec![missing(i)]
    }
}

fn end_mark(doc: &Doc, ending: &Ending) -> Option<(usize, Hit)> {
    let start = match (ending.noi_nhan, ending.title) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    let at = &doc.paragraphs[start];
    let start = match at.cell {
        Some(c) => (0..start)
            .rev()
            .take_while(|&i| {
                let p = &doc.paragraphs[i];
                p.part == at.part && p.cell.is_some_and(|d| d.table == c.table)
            })
            .last()
            .unwrap_or(start),
        None => start,
    };
    let last = (0..start).rev().find(|&i| {
        doc.in_body(i) && {
            let t = doc.paragraphs[i].text.trim();
            t.chars().any(char::is_alphanumeric)
        }
    })?;
    let text = doc.paragraphs[last].text.trim_end();
    if text.ends_with("./.") {
        return None;
    }
    let tail: String = {
        let chars: Vec<char> = text.chars().collect();
        chars[chars.len().saturating_sub(30)..].iter().collect()
    };
    Some(whole(
        doc,
        last,
        FormatRule::EndMark,
        format!(
            "Cuối phần nội dung, sau câu cuối cùng, phải có dấu kết thúc «./.» (Nghị định 30/2020/NĐ-CP); đoạn cuối kết thúc bằng «{}».",
            quote(tail.trim())
        ),
    ))
}
