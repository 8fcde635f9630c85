//! The font and size a run of text is shown in, as Word works them out:
//! the document defaults (`w:docDefaults`), then the paragraph's style and
//! the styles it is based on, then the run's character style, then the
//! run's own properties, each later one winning. A theme font
//! (`w:asciiTheme="minorHAnsi"`) is looked up in the theme part. Table
//! styles are not read: the rules look at body text, which is outside
//! tables, and at the header table's fixed lines.

use std::collections::HashMap;

use crate::xml::{Element, Tag};

/// Font and size set at one level (defaults, a style, a run); `None` where
/// the level says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunProps {
    /// The font of Vietnamese letters (`w:hAnsi`, else `w:ascii`), or a
    /// theme font name (`minorHAnsi`…) written as `theme:minorHAnsi`.
    pub font: Option<String>,
    /// Size in half-points (`w:sz`).
    pub size: Option<u32>,
}

impl RunProps {
    /// Reads the `w:rFonts` and `w:sz` children of a `w:rPr`.
    pub fn of(rpr: &Element) -> RunProps {
        let mut out = RunProps::default();
        for e in rpr.elements() {
            match local(&e.name) {
                "rFonts" => out.font = font_of(e),
                "sz" => out.size = e.attr("w:val").and_then(|v| half_points(&v)),
                _ => {}
            }
        }
        out
    }

    /// `self` with what `over` sets put over it.
    pub fn under(&self, over: &RunProps) -> RunProps {
        RunProps {
            font: over.font.clone().or_else(|| self.font.clone()),
            size: over.size.or(self.size),
        }
    }
}

/// `w:sz` values are whole half-points; a few writers put a decimal.
fn half_points(v: &str) -> Option<u32> {
    let n: f64 = v.trim().parse().ok()?;
    (n.is_finite() && n > 0.0).then_some(n.round() as u32)
}

/// The font Vietnamese text uses: letters with diacritics are outside
/// ASCII, so Word shows them in the `hAnsi` font; `ascii` when `hAnsi` is
/// not given. A theme attribute wins over the plain one at the same level.
fn font_of(rfonts: &Element) -> Option<String> {
    for name in ["w:hAnsiTheme", "w:asciiTheme"] {
        if let Some(t) = rfonts.attr(name) {
            return Some(format!("theme:{t}"));
        }
    }
    ["w:hAnsi", "w:ascii"]
        .into_iter()
        .find_map(|name| rfonts.attr(name))
        .map(|f| crate::xml::unescape(&f).trim().to_string())
        .filter(|f| !f.is_empty())
}

/// The local name of a qualified name: `rFonts` for `w:rFonts`.
pub fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    props: RunProps,
}

/// The styles part, read once per document.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    defaults: RunProps,
    paragraph_styles: HashMap<String, Style>,
    character_styles: HashMap<String, Style>,
    default_paragraph_style: Option<String>,
    /// Theme fonts: `minor` and `major` Latin typefaces.
    minor_font: Option<String>,
    major_font: Option<String>,
}

impl Styles {
    /// Reads `styles.xml` and the theme; either may be missing.
    pub fn new(styles: Option<&Element>, theme: Option<&Element>) -> Styles {
        let mut out = Styles::default();
        if let Some(root) = styles {
            for e in root.elements() {
                match local(&e.name) {
                    "docDefaults" => {
                        let mut rpr = None;
                        e.walk(&mut |d| {
                            if d.tag == Tag::RPr && rpr.is_none() {
                                rpr = Some(RunProps::of(d));
                            }
                        });
                        out.defaults = rpr.unwrap_or_default();
                    }
                    "style" => out.add_style(e),
                    _ => {}
                }
            }
        }
        if let Some(theme) = theme {
            theme.walk(&mut |e| {
                let slot = match local(&e.name) {
                    "minorFont" => &mut out.minor_font,
                    "majorFont" => &mut out.major_font,
                    _ => return,
                };
                if slot.is_none() {
                    *slot = e
                        .elements()
                        .find(|l| local(&l.name) == "latin")
                        .and_then(|l| l.attr("typeface"))
                        .filter(|t| !t.is_empty());
                }
            });
        }
        out
    }

    fn add_style(&mut self, e: &Element) {
        let Some(id) = e.attr("w:styleId") else {
            return;
        };
        let mut style = Style::default();
        for c in e.elements() {
            match local(&c.name) {
                "basedOn" => style.based_on = c.attr("w:val"),
                "rPr" => style.props = RunProps::of(c),
                _ => {}
            }
        }
        match e.attr("w:type").as_deref() {
            Some("paragraph") => {
                if e.attr("w:default")
                    .as_deref()
                    .is_some_and(|d| d == "1" || d == "true")
                {
                    self.default_paragraph_style = Some(id.clone());
                }
                self.paragraph_styles.insert(id, style);
            }
            Some("character") => {
                self.character_styles.insert(id, style);
            }
            _ => {}
        }
    }

    /// What a style and the styles it is based on set, base first.
    fn chain(map: &HashMap<String, Style>, id: &str) -> RunProps {
        let mut ids = Vec::new();
        let mut at = Some(id.to_string());
        while let Some(i) = at {
            if ids.contains(&i) || ids.len() > 32 {
                break;
            }
            at = map.get(&i).and_then(|s| s.based_on.clone());
            ids.push(i);
        }
        ids.iter()
            .rev()
            .filter_map(|i| map.get(i))
            .fold(RunProps::default(), |acc, s| acc.under(&s.props))
    }

    /// What a paragraph of style `pstyle` (the default style when `None`)
    /// gives its runs, over the document defaults.
    pub fn paragraph(&self, pstyle: Option<&str>) -> RunProps {
        let id = pstyle
            .filter(|s| self.paragraph_styles.contains_key(*s))
            .map(str::to_string)
            .or_else(|| self.default_paragraph_style.clone());
        match id {
            Some(id) => self
                .defaults
                .under(&Self::chain(&self.paragraph_styles, &id)),
            None => self.defaults.clone(),
        }
    }

    /// What a run shows: the paragraph's props, its character style, its own.
    pub fn run(&self, paragraph: &RunProps, rstyle: Option<&str>, own: &RunProps) -> RunProps {
        let styled = match rstyle {
            Some(id) => paragraph.under(&Self::chain(&self.character_styles, id)),
            None => paragraph.clone(),
        };
        let mut out = styled.under(own);
        if let Some(theme) = out.font.as_deref().and_then(|f| f.strip_prefix("theme:")) {
            out.font = if theme.starts_with("major") {
                self.major_font.clone()
            } else {
                self.minor_font.clone()
            };
        }
        out
    }
}
