//! The template pack: six official document kinds, embedded in the binary.

use crate::error::Result;
use crate::package::{Limits, Package};
use crate::template::Template;
use serde_json::Value;

/// One template of the pack.
#[derive(Debug, Clone, Copy)]
pub struct PackTemplate {
    /// The name used on the command line, e.g. `ke-hoach`.
    pub name: &'static str,
    /// The template .docx.
    pub docx: &'static [u8],
    /// Its schema (fields, labels, types, help), as JSON text.
    pub schema: &'static str,
    /// Sample data: the real content of the source document, as JSON text.
    pub sample: &'static str,
}

macro_rules! entry {
    ($name:literal) => {
        PackTemplate {
            name: $name,
            docx: include_bytes!(concat!("../../templates/", $name, ".docx")),
            schema: include_str!(concat!("../../templates/", $name, ".schema.json")),
            sample: include_str!(concat!("../../samples/", $name, ".json")),
        }
    };
}

const PACK: [PackTemplate; 6] = [
    entry!("ke-hoach"),
    entry!("de-cuong-bao-cao"),
    entry!("chuong-trinh-hanh-dong"),
    entry!("cong-van-huong-dan"),
    entry!("bao-cao-so-ket"),
    entry!("bao-cao-tong-ket-nhiem-ky"),
];

/// Every template of the pack, in the order they are listed.
pub fn all() -> &'static [PackTemplate] {
    &PACK
}

/// The pack template of that name.
pub fn find(name: &str) -> Option<&'static PackTemplate> {
    PACK.iter().find(|t| t.name == name)
}

impl PackTemplate {
    /// The schema, parsed.
    pub fn schema_json(&self) -> Value {
        serde_json::from_str(self.schema).unwrap_or(Value::Null)
    }

    /// The document kind, e.g. "Kế hoạch".
    pub fn title(&self) -> String {
        self.schema_json()["title"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// One line saying what the template is for.
    pub fn description(&self) -> String {
        self.schema_json()["description"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Compiles the embedded template.
    pub fn compile(&self) -> Result<Template> {
        let label = format!("{} (mẫu có sẵn)", self.name);
        Template::from_package(Package::from_bytes(
            self.docx.to_vec(),
            label,
            Limits::default(),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pack_template_compiles_and_has_schema_and_sample() {
        for t in all() {
            t.compile().unwrap_or_else(|e| panic!("{}: {e}", t.name));
            assert_eq!(t.schema_json()["name"], t.name);
            assert!(!t.title().is_empty() && !t.description().is_empty());
            serde_json::from_str::<Value>(t.sample).unwrap_or_else(|e| panic!("{}: {e}", t.name));
        }
        assert!(find("ke-hoach").is_some());
        assert!(find("khong-co").is_none());
    }
}
