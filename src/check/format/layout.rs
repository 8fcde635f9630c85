//! What the format rules read beyond a paragraph's text: the font and size
//! of each run of text, and each section's page size and margins. Paragraphs
//! are numbered as the checker's reader numbers them ([`crate::text`]): in
//! document order, a paragraph before the ones nested in it, alternate
//! content (`mc:Fallback`) skipped.

use super::styles::{local, RunProps, Styles};
use crate::xml::{Element, Tag};

/// One run of text: its characters and how they are shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Font of its letters, when the document says (it nearly always does).
    pub font: Option<String>,
    /// Size in half-points, when the document says.
    pub size: Option<u32>,
    /// Whether the run holds a letter or digit (not only spaces or marks).
    pub visible: bool,
}

/// A section's page: `w:pgSz` and `w:pgMar`, in twentieths of a point.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Page {
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub top: Option<i64>,
    pub bottom: Option<i64>,
    pub left: Option<i64>,
    pub right: Option<i64>,
}

/// A section and the paragraphs it holds (indices into the part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub page: Page,
    pub first: usize,
    pub last: usize,
}

/// The runs of each paragraph of one part, by paragraph index, and the
/// sections (only the main document has them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartLayout {
    pub runs: Vec<Vec<Run>>,
    pub sections: Vec<Section>,
}

/// Reads the layout of a story part.
pub fn read(root: &Element, styles: &Styles) -> PartLayout {
    let mut out = PartLayout::default();
    let mut section_start = 0;
    let mut reader = Reader {
        styles,
        out: &mut out,
        section_start: &mut section_start,
    };
    reader.walk(root);
    if let Some(body) = root.elements().find(|e| local(&e.name) == "body") {
        if let Some(sect) = body.elements().find(|e| local(&e.name) == "sectPr") {
            let last = out.runs.len().saturating_sub(1);
            out.sections.push(Section {
                page: page_of(sect),
                first: section_start.min(last),
                last,
            });
        }
    }
    out
}

struct Reader<'a> {
    styles: &'a Styles,
    out: &'a mut PartLayout,
    section_start: &'a mut usize,
}

impl Reader<'_> {
    fn walk(&mut self, e: &Element) {
        for c in e.elements() {
            match c.tag {
                Tag::Fallback => {}
                Tag::P => self.paragraph(c),
                _ => self.walk(c),
            }
        }
    }

    fn paragraph(&mut self, p: &Element) {
        let index = self.out.runs.len();
        self.out.runs.push(Vec::new());
        let ppr = p.child(Tag::PPr);
        let pstyle = ppr
            .and_then(|ppr| ppr.child(Tag::PStyle))
            .and_then(|s| s.attr("w:val"));
        let base = self.styles.paragraph(pstyle.as_deref());
        let mut runs = Vec::new();
        self.runs_in(p, &base, &mut runs);
        self.out.runs[index] = runs;
        if let Some(sect) = ppr.and_then(|ppr| ppr.elements().find(|e| local(&e.name) == "sectPr"))
        {
            self.out.sections.push(Section {
                page: page_of(sect),
                first: *self.section_start,
                last: index,
            });
            *self.section_start = self.out.runs.len();
        }
    }

    /// The runs of paragraph content `e`; nested paragraphs (text boxes)
    /// are paragraphs of their own, read after this one.
    fn runs_in(&mut self, e: &Element, base: &RunProps, runs: &mut Vec<Run>) {
        let mut nested = Vec::new();
        self.collect(e, base, runs, &mut nested);
        for p in nested {
            self.paragraph(p);
        }
    }

    fn collect<'e>(
        &self,
        e: &'e Element,
        base: &RunProps,
        runs: &mut Vec<Run>,
        nested: &mut Vec<&'e Element>,
    ) {
        for c in e.elements() {
            match c.tag {
                Tag::Fallback | Tag::PPr => {}
                Tag::P => nested.push(c),
                Tag::R => {
                    runs.push(self.run(c, base));
                    self.collect(c, base, runs, nested);
                }
                _ => self.collect(c, base, runs, nested),
            }
        }
    }

    fn run(&self, r: &Element, base: &RunProps) -> Run {
        let rpr = r.child(Tag::RPr);
        let own = rpr.map(RunProps::of).unwrap_or_default();
        let rstyle = rpr
            .and_then(|rpr| rpr.elements().find(|e| local(&e.name) == "rStyle"))
            .and_then(|s| s.attr("w:val"));
        let shown = self.styles.run(base, rstyle.as_deref(), &own);
        let visible = r
            .elements()
            .filter(|t| t.tag == Tag::T)
            .any(|t| t.text().chars().any(char::is_alphanumeric));
        Run {
            font: shown.font,
            size: shown.size,
            visible,
        }
    }
}

fn page_of(sect: &Element) -> Page {
    let mut page = Page::default();
    let num = |e: &Element, name: &str| -> Option<i64> {
        e.attr(name)
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|n| n.is_finite())
            .map(|n| n.round() as i64)
    };
    for e in sect.elements() {
        match local(&e.name) {
            "pgSz" => {
                page.width = num(e, "w:w");
                page.height = num(e, "w:h");
            }
            "pgMar" => {
                page.top = num(e, "w:top").map(i64::abs);
                page.bottom = num(e, "w:bottom").map(i64::abs);
                page.left = num(e, "w:left");
                page.right = num(e, "w:right");
            }
            _ => {}
        }
    }
    page
}
