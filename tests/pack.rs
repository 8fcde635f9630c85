//! The template pack, rendered: every sample is filled through the library
//! and the output .docx is read back part by part and checked against the
//! national format (Nghị định 30/2020/NĐ-CP, see `../shared/spec/format-nd30.md`)
//! and against the source documents the samples were transcribed from
//! (`../shared/seeds/*.txt`).

mod common;

use common::xml::Element;
use regex::Regex;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;
use vanban::{Finding, Kind, MissingValue, Severity};

// ---------------------------------------------------------------------------
// The samples
// ---------------------------------------------------------------------------

/// One sample rendered with one pack template.
struct Case {
    /// Pack template name.
    template: &'static str,
    /// Sample file under `samples/`.
    sample: &'static str,
    /// The source document under `../shared/seeds/`, when the sample is transcribed from one.
    seed: Option<&'static str>,
}

const CASES: [Case; 7] = [
    Case {
        template: "ke-hoach",
        sample: "ke-hoach.json",
        seed: Some("003_8a3c26e9074e4f37.txt"),
    },
    Case {
        template: "de-cuong-bao-cao",
        sample: "de-cuong-bao-cao.json",
        seed: Some("003_8a3c26e9074e4f37.txt"),
    },
    Case {
        template: "chuong-trinh-hanh-dong",
        sample: "chuong-trinh-hanh-dong.json",
        seed: Some("002_ada2efa7766d421e.txt"),
    },
    Case {
        template: "cong-van-huong-dan",
        sample: "cong-van-huong-dan.json",
        seed: Some("004_86d280de59ce9d6c.txt"),
    },
    Case {
        template: "bao-cao-so-ket",
        sample: "bao-cao-so-ket.json",
        seed: Some("001_a5b745e643a4a126.txt"),
    },
    Case {
        template: "bao-cao-so-ket",
        sample: "bao-cao-so-ket-6-thang.json",
        seed: None,
    },
    Case {
        template: "bao-cao-tong-ket-nhiem-ky",
        sample: "bao-cao-tong-ket-nhiem-ky.json",
        seed: Some("000_19558ba6ccaed43f.txt"),
    },
];

fn root_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seed_path(name: &str) -> PathBuf {
    common::shared().join("seeds").join(name)
}

/// Whether the source documents' text (`../shared/seeds`) is beside the repository.
fn have_seeds() -> bool {
    common::shared().join("seeds").exists()
}

/// [`have_seeds`], saying that `test` was skipped when they are absent
/// (and failing under CI, which always has them).
fn seeds_or_skip(test: &str) -> bool {
    common::shared_or_skip("seeds", test).is_some()
}

/// A rendered sample and the entries of its package.
struct Out {
    label: String,
    template: &'static str,
    seed: Option<&'static str>,
    data: Value,
    /// The rendered .docx.
    bytes: Vec<u8>,
    /// What the data lacked.
    missing: Vec<MissingValue>,
    files: BTreeMap<String, Vec<u8>>,
}

impl Out {
    fn part(&self, name: &str) -> common::xml::Document {
        let bytes = self
            .files
            .get(name)
            .unwrap_or_else(|| panic!("{}: no part {name}", self.label));
        common::xml::parse(bytes).unwrap_or_else(|e| panic!("{}: {name}: {e}", self.label))
    }

    fn has_part(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    fn styles(&self) -> Styles {
        Styles::read(&self.part("word/styles.xml"))
    }

    fn str(&self, path: &str) -> Option<&str> {
        path.split('.')
            .try_fold(&self.data, |v, k| v.get(k))
            .and_then(Value::as_str)
    }

    /// What the checker finds in the rendered document.
    fn findings(&self) -> Vec<Finding> {
        vanban::check_bytes_named(
            self.bytes.clone(),
            format!("{}.docx", self.label),
            &Default::default(),
        )
        .unwrap()
        .findings()
        .to_vec()
    }
}

fn render_with(
    template: &'static str,
    seed: Option<&'static str>,
    data: Value,
    label: String,
) -> Out {
    let rendered = vanban::Template::from_pack(template)
        .unwrap_or_else(|e| panic!("{label}: {e}"))
        .render(&data)
        .unwrap_or_else(|e| panic!("{label}: {e}"));
    let missing = rendered.missing().to_vec();
    let bytes = rendered.into_bytes();
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        files.insert(name, bytes);
    }
    Out {
        label,
        template,
        seed,
        data,
        bytes,
        missing,
        files,
    }
}

fn read_sample(file: &str) -> Value {
    let path = root_dir().join("samples").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    vanban::data_from_str(&text, &path).unwrap()
}

/// Every case, rendered once for all tests.
fn outs() -> &'static [Out] {
    static OUTS: OnceLock<Vec<Out>> = OnceLock::new();
    OUTS.get_or_init(|| {
        CASES
            .iter()
            .map(|c| {
                let label = format!("{} + samples/{}", c.template, c.sample);
                render_with(c.template, c.seed, read_sample(c.sample), label)
            })
            .collect()
    })
}

fn out(sample: &str) -> &'static Out {
    let i = CASES.iter().position(|c| c.sample == sample).unwrap();
    &outs()[i]
}

// ---------------------------------------------------------------------------
// Reading WordprocessingML
// ---------------------------------------------------------------------------

fn local(e: &Element) -> &str {
    e.name.rsplit(':').next().unwrap_or(&e.name)
}

fn kids<'a>(e: &'a Element, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
    e.elements().filter(move |c| local(c) == name)
}

fn kid<'a>(e: &'a Element, name: &str) -> Option<&'a Element> {
    e.elements().find(|c| local(c) == name)
}

/// Every descendant (and `e` itself) with that local name, in document order.
fn all<'a>(e: &'a Element, name: &str) -> Vec<&'a Element> {
    let mut out = Vec::new();
    e.walk(&mut |x| {
        if local(x) == name {
            out.push(x);
        }
    });
    out
}

fn val(e: &Element) -> Option<String> {
    e.attr("w:val")
}

fn num(e: &Element, attr: &str) -> u32 {
    e.attr(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("<{}> has no numeric {attr}", e.name))
}

fn body(doc: &common::xml::Document) -> &Element {
    kid(doc.root().unwrap(), "body").expect("w:body")
}

/// A paragraph's text as the engine and the checker read it.
fn text(p: &Element) -> String {
    common::xml::paragraph_text(p)
}

/// Text compared with whitespace folded, NFC, and every dot run that stands
/// for a blank ("…", "….", "......") written as one "…".
fn norm(s: &str) -> String {
    static GAP: OnceLock<Regex> = OnceLock::new();
    static BULLET: OnceLock<Regex> = OnceLock::new();
    let gap = GAP.get_or_init(|| Regex::new(r"…[.…]*|\.{3,}[.…]*").unwrap());
    let bullet = BULLET.get_or_init(|| Regex::new(r"^([-+])(\S)").unwrap());
    let s: String = s.nfc().collect();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let s = gap.replace_all(&s, "…");
    bullet.replace(&s, "$1 $2").into_owned()
}

/// Cells of a table: rows of cells of paragraphs.
fn cells(tbl: &Element) -> Vec<Vec<Vec<&Element>>> {
    kids(tbl, "tr")
        .map(|tr| kids(tr, "tc").map(|tc| all(tc, "p")).collect())
        .collect()
}

fn cell_text(ps: &[&Element]) -> String {
    norm(&ps.iter().map(|p| text(p)).collect::<Vec<_>>().join(" "))
}

fn non_empty<'a>(ps: &[&'a Element]) -> Vec<&'a Element> {
    ps.iter()
        .copied()
        .filter(|p| !text(p).trim().is_empty())
        .collect()
}

/// Run properties that matter here, as resolved through the style chain.
#[derive(Debug, Clone, Default, PartialEq)]
struct Props {
    /// Size in half-points.
    sz: Option<u32>,
    bold: Option<bool>,
    italic: Option<bool>,
    caps: Option<bool>,
    highlight: Option<String>,
}

impl Props {
    fn of(rpr: Option<&Element>) -> Props {
        let mut p = Props::default();
        let Some(rpr) = rpr else { return p };
        let toggle = |e: &Element| !matches!(val(e).as_deref(), Some("false" | "0" | "off"));
        for c in rpr.elements() {
            match local(c) {
                "sz" => p.sz = val(c).and_then(|v| v.parse().ok()),
                "b" => p.bold = Some(toggle(c)),
                "i" => p.italic = Some(toggle(c)),
                "caps" => p.caps = Some(toggle(c)),
                "highlight" => p.highlight = val(c),
                _ => {}
            }
        }
        p
    }

    fn over(&mut self, o: &Props) {
        self.sz = o.sz.or(self.sz);
        self.bold = o.bold.or(self.bold);
        self.italic = o.italic.or(self.italic);
        self.caps = o.caps.or(self.caps);
        self.highlight = o.highlight.clone().or(self.highlight.take());
    }

    fn pt(&self) -> f32 {
        self.sz.unwrap_or(20) as f32 / 2.0
    }

    fn is_bold(&self) -> bool {
        self.bold.unwrap_or(false)
    }

    fn is_italic(&self) -> bool {
        self.italic.unwrap_or(false)
    }
}

/// The styles part: document defaults and each style's run properties.
struct Styles {
    defaults: Props,
    fonts: Option<Element>,
    styles: HashMap<String, (Option<String>, Props, Option<Element>)>,
}

impl Styles {
    fn read(doc: &common::xml::Document) -> Styles {
        let root = doc.root().unwrap();
        let rpr_default = kid(root, "docDefaults")
            .and_then(|d| kid(d, "rPrDefault"))
            .and_then(|d| kid(d, "rPr"));
        let mut styles = HashMap::new();
        for s in kids(root, "style") {
            let id = s.attr("w:styleId").unwrap_or_default();
            let based = kid(s, "basedOn").and_then(val);
            let ppr = kid(s, "pPr").cloned();
            styles.insert(id, (based, Props::of(kid(s, "rPr")), ppr));
        }
        Styles {
            defaults: Props::of(rpr_default),
            fonts: rpr_default.and_then(|r| kid(r, "rFonts")).cloned(),
            styles,
        }
    }

    /// A style's chain from itself up to its root.
    fn chain(&self, id: &str) -> Vec<&(Option<String>, Props, Option<Element>)> {
        let mut out = Vec::new();
        let mut next = Some(id.to_string());
        while let Some(id) = next {
            let Some(s) = self.styles.get(&id) else { break };
            out.push(s);
            next = s.0.clone();
            assert!(out.len() < 20, "style loop at {id}");
        }
        out
    }

    fn style_props(&self, id: Option<&str>) -> Props {
        let mut p = self.defaults.clone();
        if let Some(id) = id {
            for s in self.chain(id).into_iter().rev() {
                p.over(&s.1);
            }
        }
        p
    }

    /// The effective properties of every run of `p` that carries text.
    fn runs(&self, p: &Element) -> Vec<(String, Props)> {
        let pstyle = kid(p, "pPr")
            .and_then(|ppr| kid(ppr, "pStyle"))
            .and_then(val);
        let base = self.style_props(pstyle.as_deref());
        let mut out = Vec::new();
        for r in all(p, "r") {
            let t: String = r
                .elements()
                .filter(|c| local(c) == "t")
                .map(|c| c.text())
                .collect();
            if t.is_empty() {
                continue;
            }
            let mut props = base.clone();
            let rpr = kid(r, "rPr");
            if let Some(rs) = rpr.and_then(|x| kid(x, "rStyle")).and_then(val) {
                for s in self.chain(&rs).into_iter().rev() {
                    props.over(&s.1);
                }
            }
            props.over(&Props::of(rpr));
            out.push((t, props));
        }
        out
    }

    /// The paragraph's alignment, from its own properties or its style.
    fn jc(&self, p: &Element) -> Option<String> {
        let ppr = kid(p, "pPr");
        if let Some(jc) = ppr.and_then(|x| kid(x, "jc")).and_then(val) {
            return Some(jc);
        }
        let id = ppr.and_then(|x| kid(x, "pStyle")).and_then(val)?;
        self.chain(&id)
            .into_iter()
            .find_map(|s| s.2.as_ref().and_then(|x| kid(x, "jc")).and_then(val))
    }
}

/// Asserts every text run of `p` satisfies `ok`, naming the paragraph.
fn runs_are(
    styles: &Styles,
    p: &Element,
    what: &str,
    label: &str,
    ok: impl Fn(&Props) -> bool,
) -> Vec<Props> {
    let runs = styles.runs(p);
    assert!(!runs.is_empty(), "{label}: {what} has no text");
    for (t, props) in &runs {
        assert!(
            ok(props),
            "{label}: {what} «{}»: run «{t}» has {props:?}",
            text(p)
        );
    }
    runs.into_iter().map(|(_, p)| p).collect()
}

fn is_upper(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && s == s.to_uppercase()
}

// ---------------------------------------------------------------------------
// Page setup and fonts
// ---------------------------------------------------------------------------

#[test]
fn every_pack_template_has_its_sample_file() {
    for t in vanban::PackTemplate::all() {
        let path = root_dir()
            .join("samples")
            .join(format!("{}.json", t.name()));
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            t.sample_text(),
            "{}: embedded sample differs",
            t.name()
        );
        assert!(CASES.iter().any(|c| c.template == t.name()));
    }
    let mut files: Vec<String> = std::fs::read_dir(root_dir().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut cased: Vec<String> = CASES.iter().map(|c| c.sample.to_string()).collect();
    cased.sort();
    assert_eq!(files, cased, "every sample file is rendered here");
}

#[test]
fn page_is_a4_portrait_with_nd30_margins() {
    outs().iter().for_each(check_page);
}

fn check_page(o: &Out) {
    let doc = o.part("word/document.xml");
    let sects = all(doc.root().unwrap(), "sectPr");
    assert!(!sects.is_empty(), "{}: no sectPr", o.label);
    for s in sects {
        let size = kid(s, "pgSz").expect("pgSz");
        assert_eq!(
            (num(size, "w:w"), num(size, "w:h")),
            (11906, 16838),
            "{}: not A4",
            o.label
        );
        assert_ne!(size.attr("w:orient").as_deref(), Some("landscape"));
        let m = kid(s, "pgMar").expect("pgMar");
        for (side, lo, hi) in [
            ("w:top", 1134, 1417),
            ("w:bottom", 1134, 1417),
            ("w:left", 1701, 1984),
            ("w:right", 850, 1134),
        ] {
            let v = num(m, side);
            assert!(
                (lo..=hi).contains(&v),
                "{}: margin {side} = {v} twips, ND30 wants {lo}–{hi}",
                o.label
            );
        }
    }
}

#[test]
fn times_new_roman_is_the_default_and_body_text_is_13_to_14_pt() {
    outs().iter().for_each(check_fonts);
}

fn check_fonts(o: &Out) {
    let styles = o.styles();
    let fonts = styles.fonts.as_ref().expect("docDefaults rFonts");
    for a in ["w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"] {
        assert_eq!(
            fonts.attr(a).as_deref(),
            Some("Times New Roman"),
            "{}: docDefaults {a}",
            o.label
        );
    }
    let pt = styles.defaults.pt();
    assert!((13.0..=14.0).contains(&pt), "{}: default {pt} pt", o.label);
    // No run or style anywhere names another font.
    for (name, bytes) in &o.files {
        if !name.ends_with(".xml") || !name.starts_with("word/") {
            continue;
        }
        let doc = common::xml::parse(bytes).unwrap();
        for f in all(doc.root().unwrap(), "rFonts") {
            for a in ["w:ascii", "w:hAnsi", "w:cs"] {
                if let Some(v) = f.attr(a) {
                    assert!(
                        v == "Times New Roman" || name.ends_with("fontTable.xml"),
                        "{}: {name} sets {a}={v}",
                        o.label
                    );
                }
            }
        }
    }
    // Every paragraph of the body outside the tables: 13–14 pt.
    let doc = o.part("word/document.xml");
    let mut seen = 0;
    for p in kids(body(&doc), "p") {
        for (t, props) in styles.runs(p) {
            seen += 1;
            assert!(
                (13.0..=14.0).contains(&props.pt()),
                "{}: «{t}» in «{}» is {} pt",
                o.label,
                text(p),
                props.pt()
            );
        }
    }
    assert!(seen > 20, "{}: only {seen} body runs", o.label);
}

// ---------------------------------------------------------------------------
// Header block: issuing body, Quốc hiệu, Số and date
// ---------------------------------------------------------------------------

fn assert_borderless_two_columns(o: &Out, tbl: &Element, what: &str) {
    let label = &o.label;
    let tpr = kid(tbl, "tblPr").expect("tblPr");
    assert!(
        kid(tpr, "tblStyle").is_none(),
        "{label}: {what} has a table style"
    );
    let nil = |e: &Element| matches!(val(e).as_deref(), Some("nil" | "none"));
    if let Some(b) = kid(tpr, "tblBorders") {
        for side in b.elements() {
            assert!(
                nil(side),
                "{label}: {what}: tblBorders {} is drawn",
                side.name
            );
        }
    }
    for tc in all(tbl, "tc") {
        if let Some(b) = kid(tc, "tcPr").and_then(|p| kid(p, "tcBorders")) {
            for side in b.elements() {
                assert!(
                    nil(side),
                    "{label}: {what}: a cell border {} is drawn",
                    side.name
                );
            }
        }
    }
    let grid: Vec<u32> = kids(kid(tbl, "tblGrid").unwrap(), "gridCol")
        .map(|g| num(g, "w:w"))
        .collect();
    assert_eq!(grid.len(), 2, "{label}: {what} has {} columns", grid.len());
    for tr in kids(tbl, "tr") {
        assert_eq!(
            kids(tr, "tc").count(),
            2,
            "{label}: {what}: a row without 2 cells"
        );
    }
    // The table fits the text width (page width minus the side margins).
    let doc = o.part("word/document.xml");
    let sect = kid(body(&doc), "sectPr").unwrap();
    let width = num(kid(sect, "pgSz").unwrap(), "w:w")
        - num(kid(sect, "pgMar").unwrap(), "w:left")
        - num(kid(sect, "pgMar").unwrap(), "w:right");
    let total: u32 = grid.iter().sum();
    assert!(
        total <= width,
        "{label}: {what} is {total} wide, text width {width}"
    );
}

/// The short centred rule drawn as a paragraph's bottom border: its length
/// in twips within a column `width` wide, when there is one.
fn rule_length(p: &Element, width: u32) -> Option<u32> {
    let ppr = kid(p, "pPr")?;
    let bottom = kid(kid(ppr, "pBdr")?, "bottom")?;
    if matches!(val(bottom).as_deref(), None | Some("nil" | "none")) {
        return None;
    }
    let ind = kid(ppr, "ind");
    let side = |a: &str| {
        ind.and_then(|i| i.attr(a))
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    };
    let (left, right) = (side("w:left"), side("w:right"));
    assert_eq!(left, right, "a rule that is not centred");
    Some(width - left - right)
}

fn text_width(o: &Out) -> u32 {
    let doc = o.part("word/document.xml");
    let sect = kid(body(&doc), "sectPr").unwrap();
    num(kid(sect, "pgSz").unwrap(), "w:w")
        - num(kid(sect, "pgMar").unwrap(), "w:left")
        - num(kid(sect, "pgMar").unwrap(), "w:right")
}

/// "Đắk Lắk, 2024-03-02" → "Đắk Lắk, ngày 02 tháng 3 năm 2024" (ND30 Phụ lục I II.4b).
fn nd30_date(place: &str, iso: &str) -> String {
    let parts: Vec<u32> = iso.split('-').map(|x| x.parse().unwrap()).collect();
    let (y, m, d) = (parts[0], parts[1], parts[2]);
    let day = if d < 10 {
        format!("0{d}")
    } else {
        d.to_string()
    };
    let month = if m <= 2 {
        format!("0{m}")
    } else {
        m.to_string()
    };
    format!("{place}, ngày {day} tháng {month} năm {y}")
}

/// "Số: 05/KH-LĐLĐ": numbers below 10 get a leading zero (ND30 Phụ lục I II.3c).
fn nd30_number(so: &Value, ky_hieu: &str) -> String {
    let n = match so {
        Value::Number(n) => n.as_u64().unwrap().to_string(),
        Value::String(s) => s.clone(),
        _ => panic!("so: {so}"),
    };
    let n = if n.len() == 1 { format!("0{n}") } else { n };
    format!("Số: {n}/{ky_hieu}")
}

fn check_header_block(o: &Out) {
    let label = &o.label;
    let styles = o.styles();
    let doc = o.part("word/document.xml");
    let first = body(&doc).elements().next().unwrap();
    assert_eq!(
        local(first),
        "tbl",
        "{label}: the document does not open with the header table"
    );
    assert_borderless_two_columns(o, first, "the header table");
    let rows = cells(first);

    // Left: chủ quản (regular) and the issuing body (bold), capitals, 12–13 pt.
    let left = non_empty(&rows[0][0]);
    let want_left = [
        o.str("co_quan_chu_quan").unwrap(),
        o.str("co_quan").unwrap(),
    ];
    assert_eq!(
        left.iter().map(|p| text(p)).collect::<Vec<_>>(),
        want_left,
        "{label}: issuing body"
    );
    for (p, bold) in left.iter().zip([false, true]) {
        assert!(is_upper(&text(p)), "{label}: «{}» not in capitals", text(p));
        runs_are(&styles, p, "issuing body", label, |r| {
            (12.0..=13.0).contains(&r.pt()) && r.is_bold() == bold
        });
        assert_eq!(
            styles.jc(p).as_deref(),
            Some("center"),
            "{label}: {}",
            text(p)
        );
    }

    // Right: Quốc hiệu 12–13 pt bold, Tiêu ngữ 13–14 pt bold, centred.
    let right = non_empty(&rows[0][1]);
    assert_eq!(
        right.iter().map(|p| text(p)).collect::<Vec<_>>(),
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc"
        ],
        "{label}: Quốc hiệu and Tiêu ngữ"
    );
    runs_are(&styles, right[0], "Quốc hiệu", label, |r| {
        (12.0..=13.0).contains(&r.pt()) && r.is_bold()
    });
    runs_are(&styles, right[1], "Tiêu ngữ", label, |r| {
        (13.0..=14.0).contains(&r.pt()) && r.is_bold()
    });
    for p in &right {
        assert_eq!(styles.jc(p).as_deref(), Some("center"));
    }

    // The rules: under the issuing body, short (a quarter to a half of the
    // column); under
    // the Tiêu ngữ, about as long as its text (56–61 mm, ±10 mm).
    let grid: Vec<u32> = kids(kid(first, "tblGrid").unwrap(), "gridCol")
        .map(|g| num(g, "w:w") - 2 * 108)
        .collect();
    let after = rows[0][0]
        .iter()
        .skip_while(|p| text(p) != o.str("co_quan").unwrap())
        .nth(1)
        .unwrap_or_else(|| panic!("{label}: nothing under the issuing body"));
    let len = rule_length(after, grid[0])
        .unwrap_or_else(|| panic!("{label}: no rule under the issuing body"));
    assert!(
        (grid[0] / 4..=grid[0] / 2).contains(&len),
        "{label}: rule under the issuing body is {len} of {}",
        grid[0]
    );
    let mm = |twips: u32| twips as f32 * 25.4 / 1440.0;
    let len = rule_length(right[1], grid[1])
        .unwrap_or_else(|| panic!("{label}: no rule under the Tiêu ngữ"));
    assert!(
        (46.0..=71.0).contains(&mm(len)),
        "{label}: rule under the Tiêu ngữ is {} mm",
        mm(len)
    );
}

#[test]
fn ten_loai_and_trich_yeu_are_centred_and_bold_over_a_rule() {
    let n = outs().iter().filter(|o| check_title(o)).count();
    assert_eq!(n, 6);
}

/// Checks the tên loại and the trích yếu under the header block; false for
/// a công văn, which has its trích yếu as "V/v" under the number instead.
fn check_title(o: &Out) -> bool {
    let label = &o.label;
    let styles = o.styles();
    let doc = o.part("word/document.xml");
    let top: Vec<&Element> = kids(body(&doc), "p").collect();
    let paras = non_empty(&top);
    if text(paras[0]).starts_with("Kính gửi:") {
        return false;
    }
    let want = match o.template {
        "ke-hoach" => "KẾ HOẠCH",
        "de-cuong-bao-cao" => "ĐỀ CƯƠNG BÁO CÁO",
        "chuong-trinh-hanh-dong" => "CHƯƠNG TRÌNH HÀNH ĐỘNG",
        _ => "BÁO CÁO",
    };
    assert_eq!(text(paras[0]), want, "{label}: tên loại");
    assert_eq!(
        text(paras[1]),
        o.str("trich_yeu").unwrap(),
        "{label}: trích yếu"
    );
    for p in &paras[..2] {
        runs_are(&styles, p, "tên loại / trích yếu", label, |r| {
            (13.0..=14.0).contains(&r.pt()) && r.is_bold()
        });
        assert_eq!(styles.jc(p).as_deref(), Some("center"), "{label}");
    }
    // A short rule under the trích yếu (and under the attachment line of the outline).
    let width = text_width(o);
    let at = top.iter().position(|p| std::ptr::eq(*p, paras[1])).unwrap();
    let rule = top[at + 1..]
        .iter()
        .take(3)
        .find_map(|p| rule_length(p, width))
        .unwrap_or_else(|| panic!("{label}: no rule under the trích yếu"));
    assert!(
        (width / 8..=width / 2).contains(&rule),
        "{label}: the rule under the trích yếu is {rule} of {width}"
    );
    true
}

/// The "Số:" paragraph and the date paragraph, which must share a row of the header table.
fn number_and_date(o: &Out) -> (String, String) {
    let label = &o.label;
    let styles = o.styles();
    let doc = o.part("word/document.xml");
    let tbl = kid(body(&doc), "tbl").unwrap();
    let rows = cells(tbl);
    let row = rows
        .iter()
        .find(|r| non_empty(&r[0]).iter().any(|p| text(p).starts_with("Số:")))
        .unwrap_or_else(|| panic!("{label}: no «Số:» in the header table"));
    let so = non_empty(&row[0])[0];
    let date = non_empty(&row[1]);
    assert_eq!(
        date.len(),
        1,
        "{label}: the date is not on the row of «Số:»"
    );
    runs_are(&styles, so, "Số", label, |r| {
        (13.0..=14.0).contains(&r.pt()) && !r.is_italic()
    });
    runs_are(&styles, date[0], "the date", label, |r| {
        (13.0..=14.0).contains(&r.pt()) && r.is_italic()
    });
    // Số under the issuing body, the date under the Quốc hiệu: both centred.
    for p in [so, date[0]] {
        assert_eq!(
            styles.jc(p).as_deref(),
            Some("center"),
            "{label}: {}",
            text(p)
        );
    }
    (text(so), text(date[0]))
}

#[test]
fn header_block_is_a_borderless_two_column_table() {
    outs().iter().for_each(check_header_block);
}

#[test]
fn number_and_date_share_a_row_and_drafts_show_the_clerks_blanks() {
    for o in outs() {
        if o.data.get("kem_theo").is_some() {
            continue; // the outline is an attachment; see the test below
        }
        check_number_and_date(o);
    }
}

fn check_number_and_date(o: &Out) {
    let blank_so = Regex::new(r"^Số:\s{3,}/(\S+)$").unwrap();
    let blank_date = Regex::new(r"^(.+), ngày\s{3,}tháng\s{3,}năm 20…$").unwrap();
    let (so, date) = number_and_date(o);
    let ky_hieu = o.str("ky_hieu").unwrap();
    let place = o.str("dia_danh").unwrap();
    match (o.data.get("so"), o.str("ngay")) {
        (Some(n), Some(iso)) => {
            assert_eq!(so, nd30_number(n, ky_hieu), "{}", o.label);
            assert_eq!(date, nd30_date(place, iso), "{}", o.label);
        }
        (None, None) => {
            let c = blank_so
                .captures(&so)
                .unwrap_or_else(|| panic!("{}: «{so}» is not the blank Số", o.label));
            assert_eq!(&c[1], ky_hieu);
            let c = blank_date
                .captures(&date)
                .unwrap_or_else(|| panic!("{}: «{date}» is not the blank date", o.label));
            assert_eq!(&c[1], place);
        }
        _ => panic!("{}: a sample gives only one of so, ngay", o.label),
    }
    // The checker sees the blanks as the clerk's, and only in drafts.
    let findings = o.findings();
    let blanks = findings
        .iter()
        .filter(|f| f.kind() == Kind::IssuanceBlank)
        .count();
    let draft = o.data.get("so").is_none();
    assert_eq!(blanks, if draft { 2 } else { 0 }, "{}", o.label);
}

#[test]
fn dates_and_numbers_follow_nd30_padding() {
    for (so, iso, want_so, want_date) in [
        (
            5,
            "2024-01-05",
            "Số: 05/KH-LĐLĐ",
            "ngày 05 tháng 01 năm 2024",
        ),
        (
            12,
            "2024-02-14",
            "Số: 12/KH-LĐLĐ",
            "ngày 14 tháng 02 năm 2024",
        ),
        (
            33,
            "2024-03-02",
            "Số: 33/KH-LĐLĐ",
            "ngày 02 tháng 3 năm 2024",
        ),
        (
            104,
            "2024-12-10",
            "Số: 104/KH-LĐLĐ",
            "ngày 10 tháng 12 năm 2024",
        ),
    ] {
        let mut data = read_sample("ke-hoach.json");
        data["so"] = so.into();
        data["ngay"] = iso.into();
        let o = render_with("ke-hoach", None, data, format!("ke-hoach {iso}"));
        let (got_so, got_date) = number_and_date(&o);
        assert_eq!(got_so, want_so);
        assert_eq!(got_date, format!("Đồng Nai, {want_date}"));
        assert!(o.missing.is_empty());
    }
}

#[test]
fn the_outline_names_the_document_it_is_attached_to() {
    let o = out("de-cuong-bao-cao.json");
    let styles = o.styles();
    let doc = o.part("word/document.xml");
    let k = &o.data["kem_theo"];
    let want = Regex::new(&format!(
        r"^\(Kèm theo {} số\s{{3,}}/{} ngày\s{{3,}}tháng\s{{3,}}năm 20… của {}\)$",
        regex::escape(k["loai"].as_str().unwrap()),
        regex::escape(k["ky_hieu"].as_str().unwrap()),
        regex::escape(k["co_quan_ban_hanh"].as_str().unwrap())
    ))
    .unwrap();
    let p = kids(body(&doc), "p")
        .find(|p| text(p).starts_with("(Kèm theo"))
        .expect("a «(Kèm theo …)» line");
    assert!(want.is_match(&text(p)), "«{}»", text(p));
    runs_are(&styles, p, "(Kèm theo …)", &o.label, |r| r.is_italic());
    assert_eq!(styles.jc(p).as_deref(), Some("center"));
}

#[test]
fn cong_van_has_vv_under_the_number_and_kinh_gui() {
    let o = out("cong-van-huong-dan.json");
    let styles = o.styles();
    let doc = o.part("word/document.xml");
    let rows = cells(kid(body(&doc), "tbl").unwrap());
    let row = rows
        .iter()
        .find(|r| non_empty(&r[0]).iter().any(|p| text(p).starts_with("Số:")))
        .unwrap();
    let left = non_empty(&row[0]);
    assert_eq!(left.len(), 2, "Số and V/v");
    assert_eq!(
        text(left[1]),
        format!("V/v {}", o.str("trich_yeu").unwrap())
    );
    runs_are(&styles, left[1], "V/v", &o.label, |r| {
        (12.0..=13.0).contains(&r.pt()) && !r.is_bold()
    });
    // Kính gửi: several recipients, "- " each, ";" then "." at the end.
    let kg: Vec<String> = kids(body(&doc), "p")
        .map(text)
        .skip_while(|t| !t.starts_with("Kính gửi:"))
        .take_while(|t| !t.trim().is_empty())
        .collect();
    let want: Vec<&str> = o.data["kinh_gui"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(kg.len(), want.len(), "{kg:?}");
    for (i, (got, w)) in kg.iter().zip(&want).enumerate() {
        let end = if i + 1 == want.len() { "." } else { ";" };
        let item = got.rsplit('\t').next().unwrap();
        assert_eq!(item, format!("- {w}{end}"));
    }
}

// ---------------------------------------------------------------------------
// Nơi nhận and the signature block
// ---------------------------------------------------------------------------

#[test]
fn noi_nhan_is_12_pt_bold_italic_with_11_pt_items_ending_in_luu() {
    let checked = outs().iter().filter(|o| check_noi_nhan(o)).count();
    assert_eq!(checked, 5);
}

/// Checks the Nơi nhận block; false when the document has none.
fn check_noi_nhan(o: &Out) -> bool {
    let Some(list) = o.data.get("noi_nhan").and_then(Value::as_array) else {
        return false;
    };
    let label = &o.label;
    let styles = o.styles();
    let doc = o.part("word/document.xml");
    let tbl = kids(body(&doc), "tbl").last().unwrap();
    assert_borderless_two_columns(o, tbl, "the Nơi nhận / signature table");
    let rows = cells(tbl);
    let left = non_empty(&rows[0][0]);
    assert_eq!(text(left[0]), "Nơi nhận:", "{label}");
    runs_are(&styles, left[0], "Nơi nhận:", label, |r| {
        r.pt() == 12.0 && r.is_bold() && r.is_italic()
    });
    assert_eq!(styles.jc(left[0]).as_deref().unwrap_or("left"), "left");
    let items = &left[1..];
    assert_eq!(items.len(), list.len() + 1, "{label}: items");
    for (i, p) in items.iter().enumerate() {
        let t = text(p);
        runs_are(&styles, p, "a Nơi nhận item", label, |r| {
            r.pt() == 11.0 && !r.is_bold() && !r.is_italic()
        });
        assert!(t.starts_with("- "), "{label}: «{t}»");
        if i + 1 == items.len() {
            assert!(t.starts_with("- Lưu"), "{label}: last item «{t}»");
            assert!(t.ends_with('.') && !t.ends_with(";."), "{label}: «{t}»");
            assert_eq!(t, format!("- Lưu: {}.", o.str("luu").unwrap()));
        } else {
            assert!(t.ends_with(';'), "{label}: «{t}» does not end with ;");
            assert_eq!(t, format!("- {};", list[i].as_str().unwrap()));
        }
    }
    // "Nơi nhận:" stands level with the authority line of the signature.
    let right = non_empty(&rows[0][1]);
    assert_eq!(
        text(right[0]),
        o.str("nguoi_ky.quyen_han").unwrap(),
        "{label}: first line of the signature"
    );
    true
}

#[test]
fn signature_block_has_authority_title_copy_mark_and_name() {
    let names = outs().iter().filter(|o| check_signature(o)).count();
    assert_eq!(names, 5);
}

/// Checks the signature block; true when it ends with a signer's name.
fn check_signature(o: &Out) -> bool {
    let prefix = Regex::new(r"^(TM|KT|TL|TUQ|Q)\. \S").unwrap();
    let label = &o.label;
    let Some(signer) = o.data.get("nguoi_ky") else {
        assert!(o.data.get("kem_theo").is_some(), "{label}: no signer");
        return false;
    };
    let styles = o.styles();
    let doc = o.part("word/document.xml");
    let tbl = kids(body(&doc), "tbl").last().unwrap();
    assert_borderless_two_columns(o, tbl, "the signature table");
    let rows = cells(tbl);
    let sig = &rows[0][1];
    let lines = non_empty(sig);
    let mut at = 0;
    let mut want_line = |key: &str, what: &str| {
        if let Some(v) = signer.get(key).and_then(Value::as_str) {
            let p = lines[at];
            assert_eq!(text(p), v.to_uppercase(), "{label}: {what} in capitals");
            runs_are(&styles, p, what, label, |r| {
                (13.0..=14.0).contains(&r.pt()) && r.is_bold()
            });
            assert_eq!(styles.jc(p).as_deref(), Some("center"));
            at += 1;
        }
    };
    want_line("quyen_han", "the authority line");
    want_line("chuc_vu", "the title");
    if signer.get("chuc_vu").is_none() {
        // Left out in the sample: the gap shows in its place.
        assert_eq!(text(lines[at]), "…", "{label}: missing title");
        at += 1;
    }
    let copy = is_published(&o.data);
    let rest: Vec<String> = lines[at..].iter().map(|p| text(p)).collect();
    assert_eq!(
        rest.iter().any(|t| t == "(đã ký)"),
        copy,
        "{label}: «(đã ký)» iff number and date are given"
    );
    if copy {
        assert_eq!(text(lines[at]), "(đã ký)");
        at += 1;
    }
    match signer.get("ho_ten").and_then(Value::as_str) {
        Some(name) => {
            let p = lines[at];
            assert_eq!(text(p), name, "{label}: signer's name");
            assert_eq!(at + 1, lines.len(), "{label}: text after the name");
            assert!(!is_upper(name), "{label}: the name is in capitals");
            runs_are(&styles, p, "the signer's name", label, |r| {
                (13.0..=14.0).contains(&r.pt()) && r.is_bold() && !r.caps.unwrap_or(false)
            });
            if let Some(q) = signer.get("quyen_han").and_then(Value::as_str) {
                assert!(prefix.is_match(q), "{label}: «{q}» lacks TM./KT./TL.");
            }
            if !copy {
                // Room to sign and seal between the title and the name.
                let pos = sig.iter().position(|x| text(x) == name).unwrap();
                let blank = sig[..pos]
                    .iter()
                    .rev()
                    .take_while(|x| text(x).trim().is_empty())
                    .count();
                assert!(blank >= 3, "{label}: {blank} blank lines to sign");
            }
            true
        }
        None => {
            assert_eq!(at, lines.len(), "{label}: text after the title");
            false
        }
    }
}

/// A published copy: the clerk has given the number and the date.
fn is_published(data: &Value) -> bool {
    !data["so"].is_null() && !data["ngay"].is_null()
}

#[test]
fn drafts_leave_room_to_sign_and_published_copies_say_da_ky() {
    let sample = read_sample("ke-hoach.json");
    assert!(sample.get("so").is_none() && sample.get("ngay").is_none());
    let with = |pairs: &[(&str, Value)]| {
        let mut data = sample.clone();
        for (k, v) in pairs {
            data[*k] = v.clone();
        }
        let label = format!("ke-hoach + {pairs:?}");
        let o = render_with("ke-hoach", None, data, label);
        check_signature(&o);
        let doc = o.part("word/document.xml");
        all(body(&doc), "p").iter().any(|p| text(p) == "(đã ký)")
    };
    assert!(!with(&[]), "a draft with the clerk's blanks");
    assert!(!with(&[("so", 12.into())]), "a number but no date");
    assert!(
        !with(&[("ngay", "2020-09-11".into())]),
        "a date but no number"
    );
    assert!(with(&[("so", 12.into()), ("ngay", "2020-09-11".into())]));
    assert!(is_published(&out("bao-cao-so-ket-6-thang.json").data));
}

#[test]
fn every_sample_but_the_tong_ket_is_complete_and_has_the_nd30_ending() {
    let mut ended = Vec::new();
    for o in outs() {
        let label = &o.label;
        if o.template == "bao-cao-tong-ket-nhiem-ky" {
            // Its source still waits for figures (see the gap tests below).
            continue;
        }
        assert!(o.missing.is_empty(), "{label}: {:?}", o.missing);
        let gaps: Vec<String> = o
            .findings()
            .iter()
            .filter(|f| f.severity() != Severity::Info)
            .map(|f| format!("{:?} {}", f.severity(), f.matched()))
            .collect();
        assert!(gaps.is_empty(), "{label}: vanban check finds {gaps:?}");
        if check_noi_nhan(o) && check_signature(o) {
            ended.push(o.template);
        } else {
            // Only the outline, attached to the plan, ends with its body.
            assert_eq!(o.template, "de-cuong-bao-cao", "{label}: no ending");
        }
    }
    assert_eq!(
        ended,
        [
            "ke-hoach",
            "chuong-trinh-hanh-dong",
            "cong-van-huong-dan",
            "bao-cao-so-ket",
            "bao-cao-so-ket"
        ]
    );
}

#[test]
fn a_mistyped_template_name_suggests_the_closest_one() {
    let want = "Có phải ý bạn là \"ke-hoach\"?";
    let err = vanban::PackTemplate::find("ke-hoch").unwrap_err();
    assert_eq!(err.code(), "unknown-template");
    assert!(err.to_string().contains(want), "{err}");
    assert!(err.to_string().contains("bao-cao-so-ket"), "{err}");
    let far = vanban::PackTemplate::find("xyz").unwrap_err().to_string();
    assert!(!far.contains("Có phải"), "{far}");
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(common::vanban_bin())
        .args(["render", "ke-hoch", "-d"])
        .arg(root_dir().join("samples/ke-hoach.json"))
        .arg("-o")
        .arg(dir.path().join("x.docx"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains(want) && stderr.contains("ke-hoach"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------
// Page numbers and footnotes
// ---------------------------------------------------------------------------

fn header_part(o: &Out, kind: &str) -> Option<String> {
    let doc = o.part("word/document.xml");
    let sect = kid(body(&doc), "sectPr").unwrap();
    let id = kids(sect, "headerReference")
        .find(|h| h.attr("w:type").as_deref() == Some(kind))?
        .attr("r:id")?;
    let rels = o.part("word/_rels/document.xml.rels");
    let target = kids(rels.root().unwrap(), "Relationship")
        .find(|r| r.attr("Id").as_deref() == Some(id.as_str()))?
        .attr("Target")?;
    Some(format!("word/{target}"))
}

/// Paragraphs holding a PAGE field, simple or complex.
fn page_fields(root: &Element) -> Vec<&Element> {
    let is_page = |instr: &str| instr.split_whitespace().next() == Some("PAGE");
    all(root, "p")
        .into_iter()
        .filter(|p| {
            all(p, "fldSimple")
                .iter()
                .any(|f| is_page(&f.attr("w:instr").unwrap_or_default()))
                || is_page(
                    &all(p, "instrText")
                        .iter()
                        .map(|i| i.text())
                        .collect::<String>(),
                )
        })
        .collect()
}

#[test]
fn page_numbers_are_centred_in_the_header_and_hidden_on_page_one() {
    outs().iter().for_each(check_page_numbers);
}

fn check_page_numbers(o: &Out) {
    let label = &o.label;
    let styles = o.styles();
    let doc = o.part("word/document.xml");
    let sect = kid(body(&doc), "sectPr").unwrap();
    let title_pg = kid(sect, "titlePg").expect("w:titlePg");
    assert_ne!(val(title_pg).as_deref(), Some("false"), "{label}");
    assert_ne!(val(title_pg).as_deref(), Some("0"), "{label}");
    let default = header_part(o, "default").expect("a default header");
    let hdr = o.part(&default);
    let fields = page_fields(hdr.root().unwrap());
    assert_eq!(fields.len(), 1, "{label}: PAGE fields in {default}");
    assert_eq!(styles.jc(fields[0]).as_deref(), Some("center"), "{label}");
    runs_are(&styles, fields[0], "page number", label, |r| {
        (13.0..=14.0).contains(&r.pt())
    });
    if let Some(first) = header_part(o, "first") {
        let first = o.part(&first);
        assert!(
            page_fields(first.root().unwrap()).is_empty(),
            "{label}: number on page 1"
        );
    }
    // A footer must not carry the number instead.
    for (name, _) in o.files.iter().filter(|(n, _)| n.starts_with("word/footer")) {
        assert!(
            page_fields(o.part(name).root().unwrap()).is_empty(),
            "{label}: {name}"
        );
    }
}

/// The footnotes of a seed: the texts appended at its end, each after U+FFFD.
fn seed_footnotes(seed: &str) -> Vec<String> {
    let text = std::fs::read_to_string(seed_path(seed)).unwrap();
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix('\u{FFFD}'))
        .map(|t| norm(t.trim_start_matches(|c: char| c == '/' || c.is_whitespace())))
        .filter(|t| !t.is_empty())
        .collect()
}

#[test]
fn footnote_references_and_footnotes_match_one_to_one() {
    // Without the source documents, their footnotes are not compared.
    seeds_or_skip("footnotes against the source documents");
    let with_notes = outs().iter().filter(|o| check_footnotes(o)).count();
    assert_eq!(with_notes, 3);
}

/// Checks footnotes against their references and the source; true when there are any.
fn check_footnotes(o: &Out) -> bool {
    let label = &o.label;
    let doc = o.part("word/document.xml");
    let refs: Vec<String> = all(doc.root().unwrap(), "footnoteReference")
        .iter()
        .map(|r| r.attr("w:id").unwrap())
        .collect();
    let mut notes: Vec<(String, String)> = Vec::new();
    if o.has_part("word/footnotes.xml") {
        let f = o.part("word/footnotes.xml");
        for n in kids(f.root().unwrap(), "footnote") {
            let kind = n.attr("w:type");
            if matches!(
                kind.as_deref(),
                Some("separator" | "continuationSeparator" | "continuationNotice")
            ) {
                continue;
            }
            let t = all(n, "p")
                .iter()
                .map(|p| text(p))
                .collect::<Vec<_>>()
                .join(" ");
            notes.push((n.attr("w:id").unwrap(), norm(&t)));
        }
    }
    assert_eq!(refs.len(), notes.len(), "{label}: references vs footnotes");
    let ref_set: BTreeSet<&String> = refs.iter().collect();
    assert_eq!(
        ref_set.len(),
        refs.len(),
        "{label}: a footnote referenced twice"
    );
    let note_set: BTreeSet<&String> = notes.iter().map(|(id, _)| id).collect();
    assert_eq!(
        note_set.len(),
        notes.len(),
        "{label}: duplicate footnote ids"
    );
    assert_eq!(
        ref_set, note_set,
        "{label}: references and footnotes differ"
    );
    for (_, t) in &notes {
        assert!(!t.is_empty(), "{label}: an empty footnote");
    }
    // Against the source: as many footnotes, each with the source's text.
    if let Some(seed) = o.seed.filter(|_| have_seeds()) {
        let want = seed_footnotes(seed);
        assert_eq!(notes.len(), want.len(), "{label}: footnotes in {seed}");
        for w in &want {
            assert!(
                notes.iter().any(|(_, t)| t.contains(w.as_str())),
                "{label}: no footnote reads «{w}»"
            );
        }
    }
    !refs.is_empty()
}

// ---------------------------------------------------------------------------
// The text against the source documents
// ---------------------------------------------------------------------------

/// What to find of a seed in the rendered document.
enum Want {
    /// The seed paragraph holding this text is a paragraph of the document, word for word.
    Para(&'static str),
    /// A heading of the seed (a whole line): the same words; the case may
    /// differ (mục titles are printed in capitals) and a final "." may go.
    Heading(&'static str),
    /// A numbered target of the seed ("1.1- text") is a table row: number, text.
    Row(&'static str),
    /// The seed paragraph holding this text ends the body, with "./.".
    Last(&'static str),
    /// Each line of the trích yếu is a line of the seed.
    TrichYeu,
}

use Want::*;

fn wants(template: &str) -> Vec<Want> {
    match template {
        "ke-hoach" => vec![
            TrichYeu,
            Para("LĐLĐ tỉnh xây dựng Kế hoạch sơ kết giữa nhiệm kỳ"),
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            Para("1. Đánh giá đúng thực trạng tình hình CNVCLĐ"),
            Heading("II. NỘI DUNG"),
            Para("+ Chương trình 08/CTr-LĐLĐ ngày 29/8/2018"),
            Para("* Lưu ý: Nội dung sơ kết phải bám sát"),
            Heading("III. HÌNH THỨC VÀ THỜI GIAN THỰC HIỆN"),
            Para("tổ chức xong trong tháng 01/2021"),
            Heading("IV. TỔ CHỨC THỰC HIỆN"),
            Para("gửi báo cáo về văn phòng LĐLĐ tỉnh trước ngày 01/2/2021"),
            Last("Trên đây là một số nội dung chuẩn bị cho việc sơ kết"),
        ],
        "de-cuong-bao-cao" => vec![
            TrichYeu,
            Heading("PHẦN THỨ NHẤT"),
            Heading("I. BỐI CẢNH HOẠT ĐỘNG CÔNG ĐOÀN VÀ TÌNH HÌNH CÔNG NHÂN, VIÊN CHỨC, LAO ĐỘNG"),
            Para("(Lưu ý giai đoạn từ đầu nhiệm kỳ đến hết 31/12/2020)."),
            Heading(
                "II. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI X CÔNG ĐOÀN TỈNH GIAI ĐOẠN 2018 – 2020.",
            ),
            Para("Kết quả triển khai Nghị quyết số 07/NQ-BCH ngày 15/01/2020"),
            Heading("7. Công tác kiểm tra và hoạt động của Ủy ban kiểm tra"),
            Para("Đánh giá kết quả thực hiện Kế hoạch 86/KH-LĐLĐ ngày 14/2/2020"),
            Heading("PHẦN THỨ HAI"),
            Para("(Báo cáo cần có số liệu minh họa tại các mục đánh giá"),
        ],
        "chuong-trinh-hanh-dong" => vec![
            TrichYeu,
            Para("Thực hiện Chương trình hành động số 01/CTr-BCH ngày 20 tháng 7 năm 2021"),
            Heading("I. MỤC ĐÍCH, YÊU CẦU"),
            Para("1.3. Xây dựng Công đoàn tỉnh Đắk Lắk vững mạnh toàn diện"),
            Heading("II. CÁC CHỈ TIÊU CHỦ YẾU"),
            Row("1.1- Phấn đấu đến cuối năm 2025 có 80.000 đoàn viên công đoàn"),
            Row("1.6- Hàng năm, xây dựng và sửa chữa từ 80 căn nhà"),
            Row("2.2- Đến năm 2025, phấn đấu 75% trở lên doanh nghiệp"),
            Heading("III. NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN"),
            Heading("IV. TỔ CHỨC THỰC HIỆN"),
            Last("Ban Thường vụ LĐLĐ tỉnh yêu cầu Văn phòng"),
        ],
        "cong-van-huong-dan" => vec![
            Para("Kính gửi:"),
            Para("- Các Công đoàn ngành."),
            Para("Thực hiện Công văn số 707/TLĐ ngày 15/5/2017"),
            Heading("I. TÌNH HÌNH VIỆC LÀM, THU NHẬP, ĐỜI SỐNG CỦA ĐOÀN VIÊN, NGƯỜI LAO ĐỘNG"),
            Heading("II. KẾT QUẢ HOẠT ĐỘNG CÔNG ĐOÀN 6 THÁNG ĐẦU NĂM 2017"),
            Para("Hướng dẫn số 995/HD-TLĐ ngày 30/6/2016"),
            Para("Quyết định số 25/QĐ-LĐLĐ ngày 28/2/2017"),
            Heading("IV. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2017"),
            Para("Báo cáo nhanh gửi về Văn phòng LĐLĐ tỉnh trước ngày 05/6/2017"),
            Last("* Lưu ý: Các kết quả đạt được cần tập trung đánh giá"),
        ],
        "bao-cao-so-ket" => vec![
            TrichYeu,
            Para("Thực hiện Nghị quyết 06a/NQ-TLĐ ngày 06/01/2011"),
            Para("Căn cứ kế hoạch số 33/KH-LĐLĐ ngày 11/9/2014"),
            Heading("PHẦN THỨ NHẤT"),
            Heading("I. Bối cảnh thực hiện"),
            Para("đến cuối năm 2013 trên địa bàn toàn tỉnh có 40.431"),
            Heading("II. Kết quả 3 năm thực hiện Đề án."),
            Heading("IV. Đánh giá chung."),
            Heading("PHẦN THỨ HAI"),
            Last("-Gắn hoạt động của các cấp công đoàn"),
        ],
        "bao-cao-tong-ket-nhiem-ky" => vec![
            Para("Dưới sự lãnh đạo của Đảng bộ, sự điều hành của Ủy ban Nhân dân tỉnh"),
            Heading("Phần thứ nhất"),
            Heading("I. tình hình CÔNG NHÂN, VIÊN CHỨC, LAO ĐỘNG"),
            Heading("1.1. Số lượng, cơ cấu"),
            Para("Toàn tỉnh có 28.013 công nhân, viên chức, lao động"),
            Para("Trình độ chuyên môn: Sau đại học 1.270 người"),
            Para("Số doanh nghiệp giải thể, phá sản, tạm dừng hoạt động là"),
            Para("Các cấp công đoàn tích cực đổi mới, đa dạng hóa hoạt động đại diện"),
            Heading("Phần thứ hai"),
            Last("Phát huy truyền thống cách mạng vẻ vang của giai cấp công nhân"),
        ],
        other => panic!("no source checks for {other}"),
    }
}

/// The body lines of a seed, whitespace folded. A line that starts with
/// punctuation continues the line before it: that is where the source had a
/// footnote reference (see `../shared/seeds/README.md`).
fn seed_lines(seed: &str) -> Vec<String> {
    let text = std::fs::read_to_string(seed_path(seed)).unwrap();
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with('\u{FFFD}') {
            continue;
        }
        let t = norm(line);
        if t.is_empty() {
            continue;
        }
        let continues = t.starts_with(['.', ',', ';']) && !t.starts_with("./.");
        match out.last_mut() {
            Some(prev) if continues => prev.push_str(&t),
            _ => out.push(t),
        }
    }
    out
}

/// The one seed line holding `needle`.
fn seed_line(lines: &[String], needle: &str, exact: bool) -> String {
    let n = norm(needle);
    let found: Vec<&String> = lines
        .iter()
        .filter(|l| if exact { **l == n } else { l.contains(&n) })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "«{needle}» is on {} seed lines",
        found.len()
    );
    found[0].clone()
}

fn heading_key(s: &str) -> String {
    norm(s).trim_end_matches('.').to_uppercase()
}

fn strip_end_mark(s: &str) -> String {
    let s = s.trim_end();
    let s = s.strip_suffix("./.").unwrap_or(s).trim_end();
    s.strip_suffix('.').unwrap_or(s).to_string()
}

#[test]
fn key_paragraphs_match_the_source_documents() {
    if !seeds_or_skip("key paragraphs against the source documents") {
        return;
    }
    let checked = outs().iter().filter(|o| check_source_text(o)).count();
    assert_eq!(checked, 6);
}

/// Checks key paragraphs against the source document; false when there is none.
fn check_source_text(o: &Out) -> bool {
    let row = Regex::new(r"^(\d+(?:\.\d+)*)- (.+)$").unwrap();
    let roman = Regex::new(r"^[IVXL]+\. ").unwrap();
    let Some(seed) = o.seed else { return false };
    let label = &o.label;
    let lines = seed_lines(seed);
    let styles = o.styles();
    let doc = o.part("word/document.xml");
    let elems = all(body(&doc), "p");
    let paras: Vec<String> = elems.iter().map(|p| norm(&text(p))).collect();
    let top: Vec<String> = kids(body(&doc), "p")
        .map(|p| norm(&text(p)))
        .filter(|t| !t.is_empty())
        .collect();
    let rows: Vec<Vec<String>> = all(body(&doc), "tbl")
        .iter()
        .flat_map(|t| cells(t))
        .map(|r| r.iter().map(|c| cell_text(c)).collect())
        .collect();
    for want in wants(o.template) {
        match want {
            Para(needle) => {
                let line = seed_line(&lines, needle, false);
                assert!(
                    paras.contains(&line),
                    "{label}: the source paragraph is not in the document:\n«{line}»"
                );
            }
            Heading(h) => {
                let line = seed_line(&lines, h, true);
                let key = heading_key(&line);
                let at = paras
                    .iter()
                    .position(|p| heading_key(p) == key)
                    .unwrap_or_else(|| panic!("{label}: no heading «{line}»"));
                // Phần, mục, khoản and tiểu khoản headings are bold; mục
                // titles ("I. …") are in capitals.
                runs_are(&styles, elems[at], "a heading", label, |r| r.is_bold());
                if roman.is_match(&line) {
                    assert!(is_upper(&paras[at]), "{label}: «{}»", paras[at]);
                }
            }
            TrichYeu => {
                for l in o.str("trich_yeu").unwrap().lines() {
                    seed_line(&lines, l, true);
                }
            }
            Row(needle) => {
                let line = seed_line(&lines, needle, false);
                let c = row.captures(&line).expect("a numbered target");
                assert!(
                    rows.iter()
                        .any(|r| r.len() >= 2 && r[0] == c[1] && r[1] == c[2]),
                    "{label}: no table row {} | {}",
                    &c[1],
                    &c[2]
                );
            }
            Last(needle) => {
                let line = seed_line(&lines, needle, false);
                let last = top.last().unwrap();
                assert!(last.ends_with("./."), "{label}: «{last}» lacks ./.");
                assert_eq!(strip_end_mark(last), strip_end_mark(&line), "{label}");
            }
        }
    }
    // The signature block reads as in the source (names in normal case).
    // Seed 001 records only the name: the sample's authority and title are
    // illustrative (templates/README.md).
    let only_name = o.template == "bao-cao-so-ket";
    if let Some(signer) = o.data.get("nguoi_ky") {
        let tbl = kids(body(&doc), "tbl").last().unwrap();
        let rows = cells(tbl);
        for p in non_empty(&rows[0][1]) {
            let t = norm(&text(p));
            if only_name && signer["ho_ten"].as_str() != Some(t.as_str()) {
                continue;
            }
            if t != "…" {
                assert!(
                    lines.iter().any(|l| l.to_lowercase() == t.to_lowercase()),
                    "{label}: «{t}» of the signature is not in {seed}"
                );
            }
        }
    }
    // "./." closes the body once, on its last paragraph.
    let ends = paras.iter().filter(|p| p.ends_with("./.")).count();
    let closes = o.data.get("kem_theo").is_none();
    assert_eq!(ends, usize::from(closes), "{label}: paragraphs ending ./.");
    true
}

#[test]
fn tong_ket_targets_and_rates_match_the_source() {
    if !seeds_or_skip("the tổng kết table against its source") {
        return;
    }
    check_tong_ket_table(out("bao-cao-tong-ket-nhiem-ky.json"));
}

fn check_tong_ket_table(o: &Out) {
    let lines = seed_lines("000_19558ba6ccaed43f.txt");
    let doc = o.part("word/document.xml");
    let rows: Vec<Vec<String>> = all(body(&doc), "tbl")
        .iter()
        .flat_map(|t| cells(t))
        .map(|r| r.iter().map(|c| cell_text(c)).collect())
        .collect();
    let start = lines.iter().position(|l| l.starts_with("9.1. ")).unwrap();
    let end = lines.iter().position(|l| l.starts_with("10. ")).unwrap();
    let rate = Regex::new(r"đạt tỷ lệ (\d+(?:,\d+)?%)").unwrap();
    let mut targets = 0;
    let mut rates = 0;
    for (i, line) in lines[start..end].iter().enumerate() {
        let Some(target) = line.strip_prefix("- ") else {
            continue;
        };
        let result = &lines[start + i + 1];
        let Some(result) = result.strip_prefix("Kết quả:") else {
            continue;
        };
        targets += 1;
        let row = rows
            .iter()
            .find(|r| r.len() == 5 && r[1] == target)
            .unwrap_or_else(|| panic!("no row for the target «{target}»"));
        let result = result.trim();
        let result = if result.is_empty() {
            lines[start + i + 2].as_str() // "Kết quả:" then "+ …" lines
        } else {
            result
        };
        assert!(
            row[2].to_lowercase().starts_with(&result.to_lowercase()),
            "result «{}» is not the source's «{result}»",
            row[2]
        );
        if let Some(c) = rate.captures(result) {
            rates += 1;
            assert_eq!(row[3], c[1], "the rate column of «{target}»");
        }
    }
    assert_eq!((targets, rates), (13, 3));
}

// ---------------------------------------------------------------------------
// Gaps
// ---------------------------------------------------------------------------

#[test]
fn samples_render_without_missing_values_unless_the_source_lacks_them() {
    outs().iter().for_each(check_complete);
}

fn check_complete(o: &Out) {
    let tags: Vec<&str> = o.missing.iter().map(|m| m.tag()).collect();
    match o.label.as_str() {
        l if l.ends_with("samples/bao-cao-tong-ket-nhiem-ky.json") => {
            assert!(!tags.is_empty());
            assert!(tags.iter().all(|t| *t == "{{so_lieu}}"), "{tags:?}");
        }
        l => assert!(tags.is_empty(), "{l}: {tags:?}"),
    }
    // Apart from those, the checker finds nothing to fix before signing.
    let findings = o.findings();
    let errors: Vec<&str> = findings
        .iter()
        .filter(|f| f.severity() == Severity::Error)
        .map(|f| f.matched())
        .collect();
    if o.missing.is_empty() {
        assert!(errors.is_empty(), "{}: {errors:?}", o.label);
    }
    // No tag is left in any part.
    for (name, bytes) in &o.files {
        if name.ends_with(".xml") {
            let s = String::from_utf8_lossy(bytes);
            assert!(!s.contains("{{"), "{}: a tag left in {name}", o.label);
        }
    }
}

/// The yellow gap marks of a part: (paragraph index as the checker counts
/// them, char offset in its text).
fn gap_marks(o: &Out, part: &str) -> Vec<(usize, usize)> {
    let styles = o.styles();
    let doc = o.part(part);
    let mut out = Vec::new();
    let elems = all(doc.root().unwrap(), "p");
    let paras: Vec<String> = elems.iter().map(|e| text(e)).collect();
    assert_eq!(paras.len(), elems.len());
    for (i, (p, e)) in paras.iter().zip(elems).enumerate() {
        let mut offset = 0;
        for r in all(e, "r") {
            let highlighted = styles_highlight(&styles, e, r);
            for c in r.elements() {
                match local(c) {
                    "t" => {
                        let t = c.text();
                        if t == vanban::GAP_MARKER && highlighted {
                            out.push((i, offset));
                        }
                        offset += t.chars().count();
                    }
                    "tab" | "br" | "cr" | "noBreakHyphen" => offset += 1,
                    _ => {}
                }
            }
        }
        assert_eq!(offset, p.chars().count(), "{part} paragraph {i}");
    }
    out
}

fn styles_highlight(styles: &Styles, p: &Element, r: &Element) -> bool {
    let pstyle = kid(p, "pPr").and_then(|x| kid(x, "pStyle")).and_then(val);
    let mut props = styles.style_props(pstyle.as_deref());
    props.over(&Props::of(kid(r, "rPr")));
    props.highlight.as_deref() == Some("yellow")
}

#[test]
fn tong_ket_leaves_out_what_the_source_waits_for_and_check_flags_it() {
    check_tong_ket_gaps(out("bao-cao-tong-ket-nhiem-ky.json"));
}

fn check_tong_ket_gaps(o: &Out) {
    // The figures seed 000 still waits for in its body, as labelled beside it.
    let labels: Value = serde_json::from_str(
        &std::fs::read_to_string(
            common::seeds_dir().join("000-bao-cao-chinh-tri-dai-hoi.labels.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let body_gaps = labels
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["part"] == "word/document.xml" && l["kind"] == "G")
        .count();
    let missing = &o.missing;
    let todo_notes = kids(body(&o.part("word/document.xml")), "p")
        .map(text)
        .map(|t| t.matches("(Bổ sung số liệu)").count())
        .sum::<usize>();
    assert!(!missing.is_empty());
    assert_eq!(
        missing.len() + todo_notes,
        body_gaps,
        "awaited figures vs the source"
    );

    let findings = o.findings();
    let gap_kinds = [Kind::MissingFigure, Kind::TodoMarker, Kind::BlankField];
    // Every yellow mark the engine left is a gap the checker reports as an error.
    let marks = gap_marks(o, "word/document.xml");
    assert_eq!(marks.len(), missing.len(), "one mark per missing value");
    for (para, at) in &marks {
        assert!(
            findings.iter().any(|f| f.part() == "word/document.xml"
                && f.paragraph_index() == *para
                && gap_kinds.contains(&f.kind())
                && f.severity() == Severity::Error
                && f.range().contains(at)),
            "the gap at paragraph {para}, offset {at} is not flagged"
        );
    }
    let body_findings = findings
        .iter()
        .filter(|f| f.part() == "word/document.xml" && gap_kinds.contains(&f.kind()))
        .count();
    assert_eq!(
        body_findings, body_gaps,
        "gaps the checker finds in the body"
    );
    // The source's empty section is still reported.
    assert!(findings
        .iter()
        .any(|f| f.kind() == Kind::EmptySection
            && f.matched().contains("Dự báo tình hình 5 năm tới")));
}

// ---------------------------------------------------------------------------
// The checks themselves: each one catches a broken document
// ---------------------------------------------------------------------------

/// A copy of `o` with the first `from` in `part` replaced by `to`.
fn broken(o: &Out, part: &str, from: &str, to: &str) -> Out {
    let mut files = o.files.clone();
    let xml = String::from_utf8(files[part].clone()).unwrap();
    assert!(xml.contains(from), "{}: {part} lacks «{from}»", o.label);
    files.insert(part.to_string(), xml.replacen(from, to, 1).into_bytes());
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in &files {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, bytes).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    Out {
        label: format!("{} with «{from}» → «{to}» in {part}", o.label),
        template: o.template,
        seed: o.seed,
        data: o.data.clone(),
        bytes,
        missing: o.missing.clone(),
        files,
    }
}

#[test]
fn every_check_fails_on_a_document_that_breaks_its_rule() {
    const DOC: &str = "word/document.xml";
    const STYLES: &str = "word/styles.xml";
    let page = |o: &Out| check_page(o);
    let fonts = |o: &Out| check_fonts(o);
    let header = |o: &Out| check_header_block(o);
    let title = |o: &Out| assert!(check_title(o));
    let date = |o: &Out| check_number_and_date(o);
    let noi_nhan = |o: &Out| assert!(check_noi_nhan(o));
    let signature = |o: &Out| {
        check_signature(o);
    };
    let numbers = |o: &Out| check_page_numbers(o);
    let notes = |o: &Out| {
        check_footnotes(o);
    };
    let source = |o: &Out| assert!(check_source_text(o));
    let table = |o: &Out| check_tong_ket_table(o);
    let complete = |o: &Out| check_complete(o);
    let gaps = |o: &Out| check_tong_ket_gaps(o);
    type Check<'a> = &'a dyn Fn(&Out);
    let cases: Vec<(&str, &str, &str, &str, Check)> = vec![
        // Page setup: a Letter page, a narrow left margin.
        ("ke-hoach.json", DOC, r#"w:w="11906""#, r#"w:w="12240""#, &page),
        ("ke-hoach.json", DOC, r#"w:left="1701""#, r#"w:left="1500""#, &page),
        ("ke-hoach.json", DOC, r#"w:top="1134""#, r#"w:top="1500""#, &page),
        // Fonts: Arial by default; 12 pt body text.
        ("ke-hoach.json", STYLES, r#"w:ascii="Times New Roman""#, r#"w:ascii="Arial""#, &fonts),
        (
            "ke-hoach.json",
            STYLES,
            r#"<w:sz w:val="28" /><w:szCs w:val="28" /><w:lang"#,
            r#"<w:sz w:val="24" /><w:szCs w:val="24" /><w:lang"#,
            &fonts,
        ),
        // Header block: a drawn border, another spelling of the Quốc hiệu,
        // a regular issuing body.
        (
            "ke-hoach.json",
            DOC,
            "<w:tblBorders />",
            r#"<w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000" /></w:tblBorders>"#,
            &header,
        ),
        ("ke-hoach.json", DOC, "CỘNG HÒA XÃ HỘI", "CỘNG HOÀ XÃ HỘI", &header),
        ("ke-hoach.json", DOC, "<w:b /><w:bCs /><w:sz w:val=\"26\" />", "<w:sz w:val=\"26\" />", &header),
        // Rules: none under the issuing body, one too long under the Tiêu ngữ.
        (
            "ke-hoach.json",
            DOC,
            r#"w:ind w:left="1111" w:right="1111""#,
            r#"w:ind w:left="0" w:right="0""#,
            &header,
        ),
        (
            "ke-hoach.json",
            DOC,
            r#"w:ind w:left="1083" w:right="1083""#,
            r#"w:ind w:left="100" w:right="100""#,
            &header,
        ),
        // Tên loại in lower case, trích yếu not bold, no rule under it.
        (
            "ke-hoach.json",
            DOC,
            ">KẾ HOẠCH<",
            ">Kế hoạch<",
            &title,
        ),
        (
            "ke-hoach.json",
            STYLES,
            r#"<w:name w:val="VB Trích yếu" /><w:basedOn w:val="Normal" /><w:next w:val="VBNoiDung" /><w:qFormat /><w:pPr><w:keepNext /><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto" /><w:jc w:val="center" /></w:pPr><w:rPr><w:b />"#,
            r#"<w:name w:val="VB Trích yếu" /><w:basedOn w:val="Normal" /><w:next w:val="VBNoiDung" /><w:qFormat /><w:pPr><w:keepNext /><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto" /><w:jc w:val="center" /></w:pPr><w:rPr>"#,
            &title,
        ),
        (
            "ke-hoach.json",
            DOC,
            r#"<w:pBdr><w:bottom w:val="single" w:space="1" w:sz="6" w:color="000000" /></w:pBdr><w:spacing w:before="0" w:after="0" w:line="80" w:lineRule="exact" /><w:ind w:left="3543""#,
            r#"<w:spacing w:before="0" w:after="0" w:line="80" w:lineRule="exact" /><w:ind w:left="3543""#,
            &title,
        ),
        // Số and date: an upright date, a padded month 6, a lost blank.
        (
            "ke-hoach.json",
            DOC,
            "<w:i /><w:iCs /><w:sz w:val=\"28\" /><w:szCs w:val=\"28\" /></w:rPr><w:t xml:space=\"preserve\">Đồng Nai",
            "<w:sz w:val=\"28\" /><w:szCs w:val=\"28\" /></w:rPr><w:t xml:space=\"preserve\">Đồng Nai",
            &date,
        ),
        ("bao-cao-so-ket-6-thang.json", DOC, "ngày 12 tháng 6", "ngày 12 tháng 06", &date),
        ("bao-cao-so-ket-6-thang.json", DOC, "Số: 68/", "Số: 068/", &date),
        ("ke-hoach.json", DOC, "Số:         /", "Số: …/", &date),
        // Nơi nhận: the last item ends with ";", an item ends with ".",
        // the label is not italic.
        ("ke-hoach.json", DOC, "- Lưu: VT, TH.", "- Lưu: VT, TH;", &noi_nhan),
        ("ke-hoach.json", DOC, "(báo cáo);", "(báo cáo).", &noi_nhan),
        (
            "ke-hoach.json",
            STYLES,
            r#"<w:i /><w:iCs /><w:sz w:val="24" /><w:szCs w:val="24" /></w:rPr></w:style><w:style w:type="paragraph" w:styleId="VBNoiNhan">"#,
            r#"<w:sz w:val="24" /><w:szCs w:val="24" /></w:rPr></w:style><w:style w:type="paragraph" w:styleId="VBNoiNhan">"#,
            &noi_nhan,
        ),
        // Signature: the name in capitals, no "(đã ký)" on a published copy,
        // a wrong authority prefix.
        ("ke-hoach.json", DOC, "Nông Văn Dũng", "NÔNG VĂN DŨNG", &signature),
        ("bao-cao-so-ket-6-thang.json", DOC, "(đã ký)", "", &signature),
        ("ke-hoach.json", DOC, ">TM. BAN THƯỜNG VỤ<", ">T/M BAN THƯỜNG VỤ<", &signature),
        // Page numbers: shown on page 1, no PAGE field.
        ("ke-hoach.json", DOC, "<w:titlePg />", "", &numbers),
        ("ke-hoach.json", "word/header1.xml", " PAGE ", " DATE ", &numbers),
        // Footnotes: one referenced twice, one text changed from the source.
        (
            "bao-cao-so-ket.json",
            DOC,
            r#"<w:footnoteReference w:id="2"/>"#,
            r#"<w:footnoteReference w:id="1"/>"#,
            &notes,
        ),
        ("bao-cao-so-ket.json", "word/footnotes.xml", "40.974", "40.947", &notes),
        // Text against the source: a figure, a heading, the end mark.
        ("bao-cao-so-ket.json", DOC, "40.431", "40.413", &source),
        ("ke-hoach.json", DOC, "II. NỘI DUNG", "II. NỘI DUNG CHÍNH", &source),
        ("ke-hoach.json", DOC, "./.", ".", &source),
        // A mục heading in lower case; not bold; a name not in the source.
        ("ke-hoach.json", DOC, ">II. NỘI DUNG<", ">II. Nội dung<", &source),
        (
            "ke-hoach.json",
            DOC,
            r#"<w:pStyle w:val="VBMuc" /></w:pPr><w:r><w:rPr /><w:t xml:space="preserve">II. NỘI DUNG"#,
            r#"<w:pStyle w:val="VBMuc" /></w:pPr><w:r><w:rPr><w:b w:val="false" /></w:rPr><w:t xml:space="preserve">II. NỘI DUNG"#,
            &source,
        ),
        ("ke-hoach.json", DOC, "Nông Văn Dũng", "Nông Văn Dung", &source),
        ("chuong-trinh-hanh-dong.json", DOC, "80.000 đoàn viên công đoàn", "8.000 đoàn viên công đoàn", &source),
        // The tổng kết table: a rate that is not the source's.
        (
            "bao-cao-tong-ket-nhiem-ky.json",
            DOC,
            "<w:t xml:space=\"preserve\">149,7%</w:t>",
            "<w:t xml:space=\"preserve\">150%</w:t>",
            &table,
        ),
        // A tag left unfilled.
        ("ke-hoach.json", DOC, "Nông Văn Dũng", "{{ho_ten}}", &complete),
        // The tổng kết gaps: a note dropped, a gap that no longer reads as one.
        ("bao-cao-tong-ket-nhiem-ky.json", DOC, " (Bổ sung số liệu)", "", &gaps),
        (
            "bao-cao-tong-ket-nhiem-ky.json",
            DOC,
            " nhà công vụ cho giáo viên vùng khó khăn",
            ". Nhà công vụ cho giáo viên vùng khó khăn",
            &gaps,
        ),
    ];
    // Without the source documents the checks against them cannot run.
    let seeds = seeds_or_skip("breaking the checks against the source documents");
    let needs_seeds: [Check; 3] = [&notes, &source, &table];
    for (sample, part, from, to, check) in cases {
        if !seeds && needs_seeds.iter().any(|c| std::ptr::addr_eq(*c, check)) {
            continue;
        }
        let o = broken(out(sample), part, from, to);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&o)));
        assert!(caught.is_err(), "not caught: {}", o.label);
    }
}
