//! The embedded template pack (Cargo feature `pack`).

use super::template::Template;
use crate::error::{Error, Result};
use crate::pack;
use serde_json::Value;

/// One template of the embedded pack: six official document kinds of the
/// trade-union federations, each with a schema and sample data.
///
/// ```
/// for t in vanban::PackTemplate::all() {
///     println!("{:<27} {}", t.name(), t.description());
/// }
/// let t = vanban::PackTemplate::find("ke-hoach")?;
/// let doc = t.template()?.render(&t.sample())?;
/// assert!(doc.missing().is_empty());
/// # Ok::<(), vanban::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct PackTemplate(&'static pack::PackTemplate);

impl PackTemplate {
    /// Every template of the pack, in the order they are listed.
    pub fn all() -> impl ExactSizeIterator<Item = PackTemplate> {
        pack::all().iter().map(PackTemplate)
    }

    /// The template of that name ([`Error::UnknownTemplate`] otherwise, listing the names).
    pub fn find(name: &str) -> Result<PackTemplate> {
        pack::find(name)
            .map(PackTemplate)
            .ok_or_else(|| Error::UnknownTemplate {
                name: name.to_string(),
                known: pack::all().iter().map(|t| t.name).collect(),
            })
    }

    /// The name, e.g. `ke-hoach`.
    pub fn name(&self) -> &'static str {
        self.0.name
    }

    /// The document kind, e.g. "Kế hoạch".
    pub fn title(&self) -> String {
        self.0.title()
    }

    /// One line saying what the template is for.
    pub fn description(&self) -> String {
        self.0.description()
    }

    /// The schema: fields, labels, types and help.
    pub fn schema(&self) -> Value {
        self.0.schema_json()
    }

    /// Sample data: the real content of the source document.
    pub fn sample(&self) -> Value {
        crate::data::parse_json(self.0.sample, std::path::Path::new(self.0.name))
            .unwrap_or(Value::Null)
    }

    /// The sample data as JSON text, as shipped.
    pub fn sample_text(&self) -> &'static str {
        self.0.sample
    }

    /// The template .docx.
    pub fn docx(&self) -> &'static [u8] {
        self.0.docx
    }

    /// Compiles the template.
    pub fn template(&self) -> Result<Template> {
        Ok(Template::wrap(self.0.compile()?).with_schema(self.schema()))
    }
}
