//! Opening a template and filling it: [`Template`], [`RenderOptions`], [`Document`].

use super::check::{CheckOptions, Report};
use super::fields::Fields;
use crate::error::Result;
use crate::error::{format_missing, MissingValue};
use crate::package::{Limits, Package};
use crate::render;
use crate::template;
use serde_json::Value;
use std::path::Path;

/// A compiled .docx template, ready to fill any number of times (and from
/// several threads at once).
///
/// ```
/// # fn main() -> vanban::Result<()> {
/// let t = vanban::Template::from_pack("ke-hoach")?;
/// let doc = t.render(&serde_json::json!({ "ten_don_vi": "LĐLĐ huyện Krông Pắc" }))?;
/// assert!(!doc.missing().is_empty()); // the other fields were not given
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Template {
    inner: template::Template,
    /// The pack template's schema, for a template from the pack.
    schema: Option<Value>,
}

impl Template {
    /// Opens and compiles a .docx template file.
    pub fn open(path: impl AsRef<Path>) -> Result<Template> {
        Ok(Template::wrap(template::Template::open(path)?))
    }

    /// Compiles a template held in memory; messages call it `mau.docx`.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Result<Template> {
        Template::from_bytes_named(bytes, "mau.docx")
    }

    /// Compiles a template held in memory; `name` stands for it in messages.
    /// A template typed in TCVN3 or VNI fonts is read as Unicode.
    pub fn from_bytes_named(bytes: impl Into<Vec<u8>>, name: impl AsRef<Path>) -> Result<Template> {
        let package = Package::from_bytes(bytes.into(), name.as_ref(), Limits::default())?;
        let package = crate::normalize::in_memory(package)?;
        Ok(Template::wrap(template::Template::from_package(package)?))
    }

    /// Compiles a template of the embedded pack, by name (see [`crate::PackTemplate`]).
    #[cfg(feature = "pack")]
    pub fn from_pack(name: &str) -> Result<Template> {
        crate::PackTemplate::find(name)?.template()
    }

    /// Opens `spec` as a file when it exists, otherwise as the name of a
    /// pack template ([`crate::Error::UnknownTemplate`] when it is neither).
    #[cfg(feature = "pack")]
    pub fn open_or_pack(spec: &str) -> Result<Template> {
        if Path::new(spec).exists() {
            return Template::open(spec);
        }
        Template::from_pack(spec)
    }

    pub(crate) fn wrap(inner: template::Template) -> Template {
        Template {
            inner,
            schema: None,
        }
    }

    #[cfg(feature = "pack")]
    pub(crate) fn with_schema(mut self, schema: Value) -> Template {
        self.schema = Some(schema);
        self
    }

    pub(crate) fn inner(&self) -> &template::Template {
        &self.inner
    }

    pub(crate) fn schema(&self) -> Option<&Value> {
        self.schema.as_ref()
    }

    /// Fills the template with `data` (a JSON object). A value the data
    /// lacks becomes a highlighted gap marker "…" and is listed in
    /// [`Document::missing`].
    pub fn render(&self, data: &Value) -> Result<Document> {
        self.render_with(data, &RenderOptions::default())
    }

    /// [`Template::render`] with options.
    pub fn render_with(&self, data: &Value, options: &RenderOptions) -> Result<Document> {
        let rendered = self.inner.render(
            data,
            render::RenderOptions {
                strict: options.strict,
            },
        )?;
        Ok(Document { rendered })
    }

    /// The template's tags and the shape of the data they expect.
    pub fn fields(&self) -> Fields<'_> {
        Fields::of(self)
    }
}

/// How to render.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RenderOptions {
    /// Fail with [`crate::Error::Strict`], listing every missing value,
    /// instead of marking gaps.
    pub strict: bool,
}

impl RenderOptions {
    /// Sets [`RenderOptions::strict`].
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }
}

/// A filled document.
#[derive(Debug, Clone)]
pub struct Document {
    rendered: render::Rendered,
}

impl Document {
    /// The values the data lacked, and where (empty when all were given).
    pub fn missing(&self) -> &[MissingValue] {
        self.rendered.missing()
    }

    /// The missing values, one line each, for people.
    pub fn missing_text(&self) -> String {
        format_missing(self.rendered.missing())
    }

    /// The .docx bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.rendered.bytes()
    }

    /// The .docx bytes, copied.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.rendered.bytes().to_vec()
    }

    /// The .docx bytes, without a copy.
    pub fn into_bytes(self) -> Vec<u8> {
        self.rendered.into_bytes()
    }

    /// The names of the parts the filling rewrote; every other entry of the
    /// package is byte for byte the template's.
    pub fn changed_parts(&self) -> impl Iterator<Item = &str> {
        self.rendered.part_names()
    }

    /// Checks the filled document for gaps, as [`crate::check_bytes`] does.
    pub fn check(&self, options: &CheckOptions) -> Result<Report> {
        Report::of(self.to_bytes(), "văn bản đã điền", options)
    }

    /// Writes the document to `path`, whole or not at all; an existing
    /// file is replaced only when `replace` is true. To keep the template
    /// and the data safe too, use a [`crate::Saver`].
    pub fn save(&self, path: impl AsRef<Path>, replace: bool) -> Result<()> {
        let path = path.as_ref();
        let mut saver = crate::Saver::new(replace);
        saver.claim(path)?;
        saver.write(path, self.as_bytes())
    }
}

impl MissingValue {
    /// The tag as written in the template, e.g. `{{so_doan_vien | so}}`.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The part of the package, e.g. `word/document.xml`.
    pub fn part(&self) -> &str {
        &self.part
    }

    /// Index of the paragraph within its part: where the rendered document
    /// shows the gap (as [`crate::Finding::paragraph_index`] counts), or the
    /// template's paragraph when the gap could not be placed.
    pub fn paragraph_index(&self) -> usize {
        self.paragraph_index
    }

    /// The paragraph's text, as rendered with its "…" when placed.
    pub fn sentence(&self) -> &str {
        &self.context
    }

    /// Where the "…" stands in [`MissingValue::sentence`], in characters.
    pub fn at(&self) -> Option<usize> {
        self.at
    }

    /// Which list items lead to it, e.g. `hoat_dong[3]`; empty at the top level.
    pub fn item(&self) -> &str {
        &self.item
    }

    /// Why the value is missing, in Vietnamese.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}
