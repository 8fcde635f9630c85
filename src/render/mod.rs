//! Rendering a compiled template with data.
//!
//! Values are looked up from the innermost section outwards, filtered,
//! escaped and written into the run of their tag. A value that is missing,
//! or that a filter cannot use, is never silent: the output shows the gap
//! marker `…` highlighted yellow at that place, and the report lists it.

mod scope;

use crate::error::{Error, Result};
use crate::package::Changes;
use crate::template::expr::{Arg, Path, ValueExpr};
use crate::template::filters::scalar_text;
use crate::template::{excerpt, Chunk, RunCtx, Site, Template};
use crate::xml::escape_text;
use scope::Scopes;
use serde::Serialize;
use serde_json::Value;
use std::fmt::Write as _;

/// The mark written where a value is missing.
pub const GAP_MARKER: &str = "…";

/// A value the document waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingValue {
    /// The tag as written in the template.
    pub tag: String,
    /// Part name.
    pub part: String,
    /// Index of the template paragraph within the part.
    pub paragraph_index: usize,
    /// The template paragraph's text.
    pub context: String,
    /// Which list items lead to it, e.g. `hoat_dong[3]`; empty at the top level.
    pub item: String,
    /// Why, in Vietnamese.
    pub reason: String,
}

impl std::fmt::Display for MissingValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, đoạn {}", self.part, self.paragraph_index + 1)?;
        if !self.item.is_empty() {
            write!(f, " ({})", self.item)?;
        }
        write!(
            f,
            ": {} — {} « {} »",
            self.tag,
            self.reason,
            excerpt(&self.context, 120)
        )
    }
}

/// One line per missing value, for people.
pub fn format_missing(missing: &[MissingValue]) -> String {
    missing
        .iter()
        .map(|m| format!("  - {m}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A rendered document.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The .docx file's bytes.
    pub bytes: Vec<u8>,
    /// Every value that was missing or unusable, in document order.
    pub missing: Vec<MissingValue>,
    /// The XML of each part that was rendered, by part name.
    pub parts: Vec<(String, String)>,
}

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Fail with [`Error::Strict`] when any value is missing.
    pub strict: bool,
}

impl Template {
    /// Renders one document from `data`.
    pub fn render(&self, data: &Value, options: RenderOptions) -> Result<Rendered> {
        let mut missing = Vec::new();
        let mut parts = Vec::with_capacity(self.parts().len());
        for part in self.parts() {
            let mut r = Renderer {
                sites: self.sites(),
                scopes: Scopes::new(data),
                out: String::with_capacity(64 * 1024),
                missing: &mut missing,
            };
            r.chunks(&part.chunks);
            parts.push((part.name.clone(), r.out));
        }
        if options.strict && !missing.is_empty() {
            return Err(Error::Strict { missing });
        }
        let mut changes = Changes::default();
        for (name, xml) in &parts {
            changes
                .replaced
                .insert(name.clone(), xml.as_bytes().to_vec());
        }
        let bytes = self.package().write_with(&changes)?;
        Ok(Rendered {
            bytes,
            missing,
            parts,
        })
    }
}

struct Renderer<'t, 'd, 'm> {
    sites: &'t [Site],
    scopes: Scopes<'d>,
    out: String,
    missing: &'m mut Vec<MissingValue>,
}

impl<'d> Renderer<'_, 'd, '_> {
    fn chunks(&mut self, chunks: &'d [Chunk]) {
        for c in chunks {
            match c {
                Chunk::Static(s) => self.out.push_str(s),
                Chunk::Value { expr, site, run } => self.value(expr, *site, run),
                Chunk::Section {
                    path,
                    inverted,
                    body,
                    ..
                } => self.section(path, *inverted, body),
            }
        }
    }

    fn section(&mut self, path: &'d Path, inverted: bool, body: &'d [Chunk]) {
        if let Path::Meta(meta) = path {
            let truthy = self
                .scopes
                .meta(*meta)
                .is_some_and(|v| scope::truthy(Some(&v)));
            if truthy != inverted {
                self.chunks(body);
            }
            return;
        }
        let value = self.scopes.lookup(path);
        if inverted {
            if !scope::truthy(value) {
                self.chunks(body);
            }
            return;
        }
        match value {
            Some(Value::Array(items)) => {
                let name = path.to_string();
                for (i, item) in items.iter().enumerate() {
                    self.scopes.push_item(item, &name, i, items.len());
                    self.chunks(body);
                    self.scopes.pop();
                }
            }
            Some(v) if scope::truthy(Some(v)) => {
                self.scopes.push(v);
                self.chunks(body);
                self.scopes.pop();
            }
            _ => {}
        }
    }

    fn value(&mut self, expr: &ValueExpr, site: u32, run: &RunCtx) {
        match self.evaluate(expr) {
            Ok(text) => write_text(&mut self.out, &text, run),
            Err(reason) => {
                write_gap(&mut self.out, run);
                let site = &self.sites[site as usize];
                self.missing.push(MissingValue {
                    tag: site.tag_text.clone(),
                    part: site.part.clone(),
                    paragraph_index: site.paragraph_index,
                    context: site.paragraph_text.clone(),
                    item: self.scopes.trail(),
                    reason,
                });
            }
        }
    }

    fn evaluate(&self, expr: &ValueExpr) -> std::result::Result<String, String> {
        let mut value = match &expr.path {
            Path::Meta(m) => self
                .scopes
                .meta(*m)
                .ok_or_else(|| format!("{} chỉ dùng được bên trong một danh sách", expr.path))?,
            path => match self.scopes.lookup(path) {
                None | Some(Value::Null) => return Err("không có giá trị trong dữ liệu".into()),
                Some(v) => v.clone(),
            },
        };
        for call in &expr.filters {
            let args = call
                .args
                .iter()
                .map(|a| self.arg(a))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            value = call
                .filter
                .apply(&value, &args)
                .map_err(|e| format!("bộ lọc {}: {e}", call.filter.name()))?;
        }
        scalar_text(&value)
    }

    fn arg(&self, arg: &Arg) -> std::result::Result<Value, String> {
        match arg {
            Arg::Number(n) => Ok(serde_json::Number::from_f64(*n)
                .map(Value::Number)
                .unwrap_or(Value::Null)),
            Arg::Str(s) => Ok(Value::String(s.clone())),
            Arg::Path(Path::Meta(m)) => self
                .scopes
                .meta(*m)
                .ok_or_else(|| "@ chỉ dùng trong danh sách".to_string()),
            Arg::Path(p) => match self.scopes.lookup(p) {
                None | Some(Value::Null) => Err(format!("thiếu {p} trong dữ liệu")),
                Some(v) => Ok(v.clone()),
            },
        }
    }
}

/// Writes text inside an open `w:t`: escaped, `\n` as a line break, `\t` as a tab.
fn write_text(out: &mut String, text: &str, run: &RunCtx) {
    let w = &run.w;
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            let _ = write!(out, "</{w}t><{w}br/><{w}t xml:space=\"preserve\">");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                let _ = write!(out, "</{w}t><{w}tab/><{w}t xml:space=\"preserve\">");
            }
            out.push_str(&escape_text(piece));
        }
    }
}

/// Closes the value's run, writes a highlighted gap marker run, and reopens an equal run.
fn write_gap(out: &mut String, run: &RunCtx) {
    let w = &run.w;
    let _ = write!(
        out,
        "</{w}t></{w}r><{start}>{gap}<{w}t>{GAP_MARKER}</{w}t></{w}r><{start}>{rpr}<{w}t xml:space=\"preserve\">",
        start = run.run_start,
        gap = run.gap_rpr,
        rpr = run.rpr,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run() -> RunCtx {
        RunCtx {
            w: "w:".into(),
            run_start: "w:r".into(),
            rpr: "<w:rPr><w:b/></w:rPr>".into(),
            gap_rpr: "<w:rPr><w:b/><w:highlight w:val=\"yellow\"/></w:rPr>".into(),
        }
    }

    #[test]
    fn text_is_escaped_with_breaks_and_tabs() {
        let mut out = String::new();
        write_text(&mut out, "A & <B>\r\nC\tD", &run());
        assert_eq!(
            out,
            "A &amp; &lt;B&gt;</w:t><w:br/><w:t xml:space=\"preserve\">C</w:t><w:tab/><w:t xml:space=\"preserve\">D"
        );
    }

    #[test]
    fn gap_marker_is_a_highlighted_run_between_equal_runs() {
        let mut out = String::new();
        write_gap(&mut out, &run());
        assert_eq!(
            out,
            "</w:t></w:r><w:r><w:rPr><w:b/><w:highlight w:val=\"yellow\"/></w:rPr><w:t>…</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">"
        );
    }
}
