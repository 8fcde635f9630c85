//! Which font a run is shown in: its own `w:rFonts`, else its character
//! style, its paragraph's style (or the default paragraph style), else the
//! document defaults, following `w:basedOn`.

use std::collections::HashMap;

use crate::xml::{self, Element, Tag};

/// A font as far as normalising cares: a name, or a theme font (never legacy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontChoice {
    /// A font named in the document.
    Named(String),
    /// A theme font (`w:asciiTheme`…).
    Theme,
}

/// The fonts the styles part gives.
#[derive(Debug, Default)]
pub struct StyleFonts {
    defaults: Option<FontChoice>,
    default_paragraph: Option<String>,
    styles: HashMap<String, StyleEntry>,
}

#[derive(Debug, Default)]
struct StyleEntry {
    based_on: Option<String>,
    font: Option<FontChoice>,
}

impl StyleFonts {
    /// Reads `word/styles.xml`; an unreadable part gives no style fonts.
    pub fn parse(bytes: &[u8]) -> StyleFonts {
        let mut out = StyleFonts::default();
        let Ok(doc) = xml::parse(bytes) else {
            return out;
        };
        let Some(root) = doc.root() else {
            return out;
        };
        for e in root.elements() {
            match local(e) {
                "docDefaults" => {
                    out.defaults = e
                        .elements()
                        .find(|d| local(d) == "rPrDefault")
                        .and_then(|d| d.child(Tag::RPr))
                        .and_then(font_of_rpr);
                }
                "style" => {
                    let Some(id) = e.attr("styleId") else {
                        continue;
                    };
                    let is_paragraph = e.attr("type").as_deref() == Some("paragraph");
                    if is_paragraph && matches!(e.attr("default").as_deref(), Some("1" | "true")) {
                        out.default_paragraph = Some(id.clone());
                    }
                    let based_on = e
                        .elements()
                        .find(|c| local(c) == "basedOn")
                        .and_then(|c| c.attr("val"));
                    let font = e.child(Tag::RPr).and_then(font_of_rpr);
                    out.styles.insert(id, StyleEntry { based_on, font });
                }
                _ => {}
            }
        }
        out
    }

    /// The font of style `id`, through its `basedOn` chain.
    pub fn style_font(&self, id: &str) -> Option<FontChoice> {
        let mut current = Some(id.to_string());
        for _ in 0..32 {
            let entry = self.styles.get(current.as_deref()?)?;
            if let Some(font) = &entry.font {
                return Some(font.clone());
            }
            current = entry.based_on.clone();
        }
        None
    }

    /// The font of a paragraph with the style `p_style` (none: the default
    /// paragraph style), falling back to the document defaults.
    pub fn paragraph_font(&self, p_style: Option<&str>) -> Option<FontChoice> {
        p_style
            .or(self.default_paragraph.as_deref())
            .and_then(|id| self.style_font(id))
            .or_else(|| self.defaults.clone())
    }
}

/// The font a `w:rPr` sets, if any.
pub fn font_of_rpr(rpr: &Element) -> Option<FontChoice> {
    rpr.elements()
        .find(|e| local(e) == "rFonts")
        .and_then(font_of_rfonts)
}

/// The font a `w:rFonts` sets for the letters of Vietnamese text: a theme
/// font when it names one, else `w:hAnsi` (the font of letters beyond
/// ASCII), else `w:ascii`.
pub fn font_of_rfonts(rfonts: &Element) -> Option<FontChoice> {
    if rfonts.attr("hAnsiTheme").is_some() || rfonts.attr("asciiTheme").is_some() {
        return Some(FontChoice::Theme);
    }
    rfonts
        .attr("hAnsi")
        .or_else(|| rfonts.attr("ascii"))
        .map(|name| FontChoice::Named(xml::unescape(&name).into_owned()))
}

/// The local name of an element (`rFonts` for `w:rFonts`).
pub fn local(e: &Element) -> &str {
    e.name.rsplit_once(':').map(|(_, l)| l).unwrap_or(&e.name)
}
