//! The shape of the data a template expects, inferred from its tags: which
//! names are lists, which are objects, what fields their items have, and
//! which values are numbers, dates or footnote texts.
//!
//! The rules, applied to the compiled sections of every part (footnotes are
//! read where their reference stands, so a footnote inside a loop belongs to
//! the loop's items):
//!
//! - `{{x}}` is a value: `text`; with a number filter first (`so`, `hai_so`,
//!   `phan_tram`, `ti_le`, `chu`, `tien_chu`) a `number`, with `ngay` or
//!   `ngay_so` a `date`, with `chu_thich` a `footnote` text. A name given to a
//!   filter (`ti_le: ke_hoach`) is a `number` too.
//! - `{{a.b}}` makes `a` an `object` with the field `b`.
//! - `{{#x}} … {{/x}}` whose body writes `x` itself (`{{#so}}{{so | hai_so}}{{/so}}`)
//!   only tests the value: `x` keeps the value's type and the body's other
//!   names belong to the surrounding data.
//! - Any other `{{#x}} … {{/x}}` opens the items of `x`: the names used inside
//!   are the fields of each item, so `x` is a `list_or_object` (both render the
//!   body with those fields). With `{{@stt}}`, `{{@dau}}`, `{{@cuoi}}` or
//!   `{{.}}` inside it is certainly a `list`; `{{.}}` means a list of values
//!   (`"items": "text"`).
//! - Lookup falls through to the outer data, which the tags alone cannot
//!   tell apart, so: a name used inside a section is a field of the section's
//!   items unless the top level of the template uses the same name in a way
//!   that fits (a value where a value is written, items where items are
//!   opened, anything where it is only tested); then it is the top level's.
//!   A value written inside a section where the top level opens items of the
//!   same name is the items' own field.
//! - `{{^x}}` only, or `{{#x}}` with no tag inside, is a `flag`: true or
//!   false, present or empty.
//!
//! Still ambiguous, and read as items: a section that only tests a value
//! written by a sibling field (`{{#cho_so}}{{so_lieu}}{{/cho_so}}` gives
//! `cho_so` the item field `so_lieu`). A schema, when there is one, says better.

use super::compile::Template;
use super::expr::{Arg, Path, ValueExpr};
use super::filters::Filter;
use super::model::{Chunk, IdKind};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// The data shape of a template: its top-level fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    /// Top-level fields in the order the template first uses them.
    pub fields: Fields,
}

/// Named fields in the order of first use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields(pub Vec<(String, Node)>);

/// What one field holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A single value.
    Value(ValueKind),
    /// An object with these fields (`a.b`).
    Object(Fields),
    /// A list whose items are objects with these fields.
    List(Fields),
    /// A list whose items are single values (`{{.}}`).
    ListOf(ValueKind),
    /// A section's data: a list of items with these fields, or one such object.
    ListOrObject(Fields),
}

/// The kind of a single value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Text (or any value written as it is).
    Text,
    /// A number: JSON number or text like `"28.013"`.
    Number,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// The text of a footnote (`chu_thich`).
    Footnote,
    /// Tested only: true/false, present or empty.
    Flag,
}

impl ValueKind {
    /// The name used in JSON and text output.
    pub fn name(self) -> &'static str {
        match self {
            ValueKind::Text => "text",
            ValueKind::Number => "number",
            ValueKind::Date => "date",
            ValueKind::Footnote => "footnote",
            ValueKind::Flag => "flag",
        }
    }

    /// The value a starter data file holds for this kind.
    pub fn placeholder(self) -> Value {
        match self {
            ValueKind::Text | ValueKind::Footnote => Value::String(String::new()),
            ValueKind::Number => Value::from(0),
            ValueKind::Date => Value::String(DATE_PLACEHOLDER.into()),
            ValueKind::Flag => Value::Bool(false),
        }
    }

    /// How specific the kind is: a more specific use wins when uses differ.
    fn rank(self) -> u8 {
        match self {
            ValueKind::Flag => 0,
            ValueKind::Text => 1,
            ValueKind::Footnote => 2,
            ValueKind::Number | ValueKind::Date => 3,
        }
    }
}

/// The placeholder of a date in a starter data file: the format to write.
/// Until it is replaced, rendering reports the date as missing.
pub const DATE_PLACEHOLDER: &str = "YYYY-MM-DD";

impl Node {
    /// The type name used in JSON and text output.
    pub fn type_name(&self) -> &'static str {
        match self {
            Node::Value(k) => k.name(),
            Node::Object(_) => "object",
            Node::List(_) | Node::ListOf(_) => "list",
            Node::ListOrObject(_) => "list_or_object",
        }
    }

    /// The fields of the object or of each item, if any.
    pub fn fields(&self) -> Option<&Fields> {
        match self {
            Node::Object(f) | Node::List(f) | Node::ListOrObject(f) => Some(f),
            Node::Value(_) | Node::ListOf(_) => None,
        }
    }

    /// A starter value: placeholders, and lists with one item.
    pub fn skeleton(&self) -> Value {
        match self {
            Node::Value(k) => k.placeholder(),
            Node::Object(f) => Value::Object(f.skeleton()),
            Node::List(f) | Node::ListOrObject(f) => {
                Value::Array(vec![Value::Object(f.skeleton())])
            }
            Node::ListOf(k) => Value::Array(vec![k.placeholder()]),
        }
    }
}

impl Fields {
    /// The field of that name.
    pub fn get(&self, name: &str) -> Option<&Node> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, node)| node)
    }

    /// Whether there are no fields.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn skeleton(&self) -> Map<String, Value> {
        self.0
            .iter()
            .map(|(name, node)| (name.clone(), node.skeleton()))
            .collect()
    }

    fn tree(&self, depth: usize, out: &mut String) {
        for (name, node) in &self.0 {
            let label = format!("{}{name}", "  ".repeat(depth + 1));
            let kind = match node {
                Node::ListOf(k) => format!("list of {}", k.name()),
                Node::List(_) => "list, each item:".into(),
                Node::ListOrObject(_) => "list_or_object, each item:".into(),
                Node::Object(_) => "object:".into(),
                Node::Value(k) => k.name().into(),
            };
            out.push_str(&format!("{label:<32} {kind}\n"));
            if let Some(f) = node.fields() {
                f.tree(depth + 1, out);
            }
        }
    }
}

impl Shape {
    /// The node at a dotted path of field names, e.g. `muc.hoat_dong`
    /// (through objects and list items alike).
    #[cfg(test)]
    pub fn get(&self, path: &str) -> Option<&Node> {
        let mut names = path.split('.');
        let mut node = self.fields.get(names.next()?)?;
        for name in names {
            node = node.fields()?.get(name)?;
        }
        Some(node)
    }

    /// An indented tree, one field a line, for people.
    pub fn tree(&self) -> String {
        let mut out = String::new();
        self.fields.tree(0, &mut out);
        out
    }

    /// A starter data file: every field with a placeholder of its type
    /// (text and footnotes `""`, numbers `0`, dates [`DATE_PLACEHOLDER`],
    /// flags `false`), every list with one item.
    pub fn skeleton(&self) -> Value {
        Value::Object(self.fields.skeleton())
    }

    /// A starter data file guided by a schema (the `fields` array of a pack
    /// template's `.schema.json`: `name`, `type`, nested `fields`). Fields
    /// come in the schema's order, each with the blank placeholder of its
    /// type (never the schema's example, which is text of another document);
    /// lists get one item built from their item fields; fields the template
    /// uses but the schema does not name follow.
    pub fn skeleton_with_schema(&self, schema_fields: &Value) -> Value {
        Value::Object(skeleton_with_schema(Some(&self.fields), schema_fields))
    }
}

fn skeleton_with_schema(shape: Option<&Fields>, schema: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    for field in schema.as_array().into_iter().flatten() {
        let Some(name) = field["name"].as_str() else {
            continue;
        };
        let node = shape.and_then(|f| f.get(name));
        let sub_fields = field.get("fields").filter(|f| f.is_array());
        let value = match (field["type"].as_str(), sub_fields) {
            (Some("list"), Some(sub)) => Value::Array(vec![Value::Object(skeleton_with_schema(
                node.and_then(Node::fields),
                sub,
            ))]),
            (Some("object"), Some(sub)) => {
                Value::Object(skeleton_with_schema(node.and_then(Node::fields), sub))
            }
            (kind, _) => match node {
                Some(node) => node.skeleton(),
                None => match kind {
                    Some("number") => ValueKind::Number.placeholder(),
                    Some("date") => ValueKind::Date.placeholder(),
                    Some("bool") => ValueKind::Flag.placeholder(),
                    Some("list") => Value::Array(Vec::new()),
                    Some("object") => Value::Object(Map::new()),
                    _ => ValueKind::Text.placeholder(),
                },
            },
        };
        out.insert(name.to_string(), value);
    }
    if let Some(fields) = shape {
        for (name, node) in &fields.0 {
            if !out.contains_key(name) {
                out.insert(name.clone(), node.skeleton());
            }
        }
    }
    out
}

impl Serialize for Shape {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.fields.serialize(s)
    }
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (name, node) in &self.0 {
            map.serialize_entry(name, node)?;
        }
        map.end()
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fields = self.fields().filter(|f| !f.is_empty());
        let items = match self {
            Node::ListOf(k) => Some(k.name()),
            _ => None,
        };
        let len = 1 + usize::from(fields.is_some()) + usize::from(items.is_some());
        let mut map = s.serialize_map(Some(len))?;
        map.serialize_entry("type", self.type_name())?;
        if let Some(k) = items {
            map.serialize_entry("items", k)?;
        }
        if let Some(f) = fields {
            map.serialize_entry("fields", f)?;
        }
        map.end()
    }
}

/// Infers the data shape of a compiled template.
pub fn infer(template: &Template) -> Shape {
    let mut walker = Walker {
        template,
        root_uses: HashMap::new(),
        root: Builder::default(),
        scopes: vec![Vec::new()],
        referenced: HashSet::new(),
    };
    for part in template.parts() {
        referenced_notes(&part.chunks, &mut walker.referenced);
    }
    // First the names used at the top level, which win over item fields.
    walker.each_story(&mut |w, chunks| w.collect_root_uses(chunks));
    walker.each_story(&mut |w, chunks| w.walk(chunks));
    Shape {
        fields: walker.root.fields(),
    }
}

/// What is known of a field while the template is read.
#[derive(Debug, Default)]
struct Builder {
    /// The kind of the values written from it.
    value: Option<ValueKind>,
    /// Tested by a section (a flag unless more is known).
    flag: bool,
    /// Opened as a section whose items have fields.
    section: bool,
    /// Certainly a list (`@stt`, `@dau`, `@cuoi` or `.` inside its section).
    list: bool,
    /// Used as `a.b`: an object.
    object: bool,
    /// The kind of the items themselves (`{{.}}`).
    item: Option<ValueKind>,
    children: Vec<(String, Builder)>,
}

impl Builder {
    fn child(&mut self, name: &str) -> &mut Builder {
        let at = match self.children.iter().position(|(n, _)| n == name) {
            Some(i) => i,
            None => {
                self.children.push((name.to_string(), Builder::default()));
                self.children.len() - 1
            }
        };
        &mut self.children[at].1
    }

    fn at(&mut self, path: &[String]) -> &mut Builder {
        path.iter().fold(self, |b, name| b.child(name))
    }

    fn fields(&self) -> Fields {
        Fields(
            self.children
                .iter()
                .map(|(name, b)| (name.clone(), b.node()))
                .collect(),
        )
    }

    fn node(&self) -> Node {
        let fields = self.fields();
        if self.list {
            return match self.item {
                Some(kind) if fields.is_empty() => Node::ListOf(kind),
                _ => Node::List(fields),
            };
        }
        if self.object {
            return Node::Object(fields);
        }
        if self.section && !fields.is_empty() {
            return Node::ListOrObject(fields);
        }
        match self.value {
            Some(kind) => Node::Value(kind),
            None if self.flag || self.section => Node::Value(ValueKind::Flag),
            None => Node::Value(ValueKind::Text),
        }
    }
}

fn merge(old: Option<ValueKind>, new: ValueKind) -> ValueKind {
    match old {
        Some(old) if old.rank() >= new.rank() => old,
        _ => new,
    }
}

/// The kind of value a tag expects, from its first filter.
fn value_kind(expr: &ValueExpr) -> ValueKind {
    let by_first = expr.filters.first().map(|f| match f.filter {
        Filter::So
        | Filter::HaiSo
        | Filter::PhanTram
        | Filter::TiLe
        | Filter::Chu
        | Filter::TienChu => ValueKind::Number,
        Filter::Ngay | Filter::NgaySo => ValueKind::Date,
        Filter::Hoa | Filter::ChuThich => ValueKind::Text,
    });
    match by_first {
        Some(kind @ (ValueKind::Number | ValueKind::Date)) => kind,
        _ if expr.filters.iter().any(|f| f.filter == Filter::ChuThich) => ValueKind::Footnote,
        _ => ValueKind::Text,
    }
}

/// The data paths a value tag reads: its own and its filters' arguments.
fn value_paths(expr: &ValueExpr) -> impl Iterator<Item = (&Path, ValueKind)> {
    std::iter::once((&expr.path, value_kind(expr))).chain(
        expr.filters
            .iter()
            .flat_map(|f| f.args.iter())
            .filter_map(|a| match a {
                Arg::Path(p) => Some((p, ValueKind::Number)),
                _ => None,
            }),
    )
}

/// How a section uses its name: an inverted section or one without tags
/// inside tests it, a section writing its own value tests a value, any other
/// opens its items.
fn section_use(body: &[Chunk], names: &[String], inverted: bool) -> Use {
    let has_tags = body
        .iter()
        .any(|c| matches!(c, Chunk::Value { .. } | Chunk::Section { .. }));
    if inverted || !has_tags {
        Use::Test
    } else if writes_itself(body, names) {
        Use::Value
    } else {
        Use::Items
    }
}

/// Whether a section's body writes the section's own value (or hands it to a filter).
fn writes_itself(body: &[Chunk], names: &[String]) -> bool {
    body.iter().any(|c| match c {
        Chunk::Value { expr, .. } => {
            value_paths(expr).any(|(p, _)| matches!(p, Path::Names(n) if n == names))
        }
        Chunk::Section { body, .. } => writes_itself(body, names),
        _ => false,
    })
}

/// How a tag uses a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Writes it, hands it to a filter, or tests it around a tag writing it.
    Value,
    /// Opens its items, or reads a field of it (`a.b`).
    Items,
    /// Only tests it (`{{^x}}`).
    Test,
}

impl Use {
    fn of_path(names: &[String], single: Use) -> Use {
        match names.len() {
            1 => single,
            _ => Use::Items,
        }
    }
}

/// How the top level uses a name.
#[derive(Debug, Default, Clone, Copy)]
struct RootUse {
    value: bool,
    items: bool,
}

struct Walker<'t> {
    template: &'t Template,
    root_uses: HashMap<String, RootUse>,
    root: Builder,
    /// The data path of each open scope, the top level first.
    scopes: Vec<Vec<String>>,
    /// Footnotes whose reference stands in a compiled part, by their original id.
    referenced: HashSet<String>,
}

/// The ids of the footnotes referenced from these chunks.
fn referenced_notes(chunks: &[Chunk], ids: &mut HashSet<String>) {
    for c in chunks {
        match c {
            Chunk::Tag {
                kind: IdKind::FootnoteRef,
                start,
                ..
            } => ids.extend(crate::xml::attr_value(start, "id")),
            Chunk::Section { body, .. } => referenced_notes(body, ids),
            _ => {}
        }
    }
}

impl<'t> Walker<'t> {
    /// Runs `f` over every compiled part, then over footnotes no reference reaches.
    fn each_story(&mut self, f: &mut dyn FnMut(&mut Self, &'t [Chunk])) {
        let template = self.template;
        for part in template.parts() {
            f(self, &part.chunks);
        }
        if let Some(set) = template.footnotes() {
            f(self, &set.chunks);
            let mut ids: Vec<&String> = set.notes.keys().collect();
            ids.sort();
            for id in ids {
                if !self.referenced.contains(id) {
                    f(self, &set.notes[id]);
                }
            }
        }
    }

    /// The chunks of the footnote a reference points to.
    fn note_of(&self, start: &str) -> Option<&'t [Chunk]> {
        let template = self.template;
        let id = crate::xml::attr_value(start, "id")?;
        template.footnotes()?.notes.get(&id).map(Vec::as_slice)
    }

    fn root_use(&mut self, names: &[String], how: Use) {
        let u = self.root_uses.entry(names[0].clone()).or_default();
        match Use::of_path(names, how) {
            Use::Value => u.value = true,
            Use::Items => u.items = true,
            Use::Test => {}
        }
    }

    fn collect_root_uses(&mut self, chunks: &'t [Chunk]) {
        for c in chunks {
            match c {
                Chunk::Value { expr, .. } => {
                    for (path, _) in value_paths(expr) {
                        if let Path::Names(n) = path {
                            self.root_use(n, Use::Value);
                        }
                    }
                }
                Chunk::Section {
                    path,
                    inverted,
                    body,
                    ..
                } => {
                    let how = match path {
                        Path::Names(n) => {
                            let how = section_use(body, n, *inverted);
                            self.root_use(n, how);
                            how
                        }
                        _ => Use::Test,
                    };
                    if how != Use::Items {
                        self.collect_root_uses(body);
                    }
                }
                Chunk::Tag {
                    kind: IdKind::FootnoteRef,
                    start,
                    ..
                } => {
                    if let Some(note) = self.note_of(start) {
                        self.collect_root_uses(note);
                    }
                }
                _ => {}
            }
        }
    }

    /// Where a path used in the current scope lives, as a path from the top
    /// level: the innermost scope, unless the top level uses the name in a
    /// way that fits this use (a value where a value is written, items where
    /// items are opened, anything where it is only tested).
    fn resolve(&self, names: &[String], how: Use) -> Vec<String> {
        let at_root =
            self.root_uses
                .get(&names[0])
                .is_some_and(|u| match Use::of_path(names, how) {
                    Use::Value => u.value || !u.items,
                    Use::Items => u.items || !u.value,
                    Use::Test => true,
                });
        let scope = match at_root {
            true => &self.scopes[0],
            false => self.scopes.last().unwrap_or(&self.scopes[0]),
        };
        scope.iter().chain(names).cloned().collect()
    }

    /// The builder of a path used here; the names before the last become objects.
    fn use_path(&mut self, names: &[String], how: Use) -> &mut Builder {
        let full = self.resolve(names, how);
        let depth = full.len() - names.len();
        let mut b = self.root.at(&full[..depth]);
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                b.object = true;
            }
            b = b.child(name);
        }
        b
    }

    /// The builder of the innermost open scope, unless that is the top level.
    fn current_items(&mut self) -> Option<&mut Builder> {
        let path = self
            .scopes
            .last()
            .filter(|_| self.scopes.len() > 1)?
            .clone();
        Some(self.root.at(&path))
    }

    fn read_path(&mut self, path: &Path, kind: ValueKind) {
        match path {
            Path::Names(names) => {
                let b = self.use_path(names, Use::Value);
                b.value = Some(merge(b.value, kind));
            }
            Path::Dot => {
                if let Some(b) = self.current_items() {
                    b.list = true;
                    b.item = Some(merge(b.item, kind));
                }
            }
            Path::Meta(_) => {
                if let Some(b) = self.current_items() {
                    b.list = true;
                }
            }
        }
    }

    fn walk(&mut self, chunks: &'t [Chunk]) {
        for c in chunks {
            match c {
                Chunk::Value { expr, .. } => {
                    for (path, kind) in value_paths(expr) {
                        self.read_path(path, kind);
                    }
                }
                Chunk::Section {
                    path,
                    inverted,
                    body,
                    ..
                } => match path {
                    Path::Names(names) => match section_use(body, names, *inverted) {
                        Use::Items => {
                            let full = self.resolve(names, Use::Items);
                            self.use_path(names, Use::Items).flag = true;
                            self.scopes.push(full.clone());
                            self.walk(body);
                            self.scopes.pop();
                            let b = self.root.at(&full);
                            if !b.children.is_empty() || b.list {
                                b.section = true;
                            }
                        }
                        how => {
                            self.use_path(names, how).flag = true;
                            self.walk(body);
                        }
                    },
                    Path::Meta(_) => {
                        self.read_path(path, ValueKind::Flag);
                        self.walk(body);
                    }
                    Path::Dot => self.walk(body),
                },
                Chunk::Tag {
                    kind: IdKind::FootnoteRef,
                    start,
                    ..
                } => {
                    if let Some(note) = self.note_of(start) {
                        self.walk(note);
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::{Limits, Package};
    use serde_json::json;
    use std::io::Write;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn p(text: &str) -> String {
        format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
    }

    /// A template whose body is these paragraphs, with optional footnotes (`id`, paragraph text).
    fn template(paras: &[&str], notes: &[(&str, &str)]) -> Template {
        let body: String = paras.iter().map(|t| p(t)).collect();
        let mut overrides = String::new();
        let mut rels = String::new();
        let mut files = vec![(
            "word/document.xml".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#
            ),
        )];
        if !notes.is_empty() {
            let notes: String = notes
                .iter()
                .map(|(id, t)| format!(r#"<w:footnote w:id="{id}">{}</w:footnote>"#, p(t)))
                .collect();
            overrides.push_str(r#"<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>"#);
            rels.push_str(r#"<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>"#);
            files.push((
                "word/footnotes.xml".into(),
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"#),
            ));
        }
        files.push((
            "[Content_Types].xml".into(),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>{overrides}</Types>"#),
        ));
        files.push((
            "_rels/.rels".into(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.into(),
        ));
        files.push((
            "word/_rels/document.xml.rels".into(),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#),
        ));
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, xml) in files {
            z.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(xml.as_bytes()).unwrap();
        }
        let bytes = z.finish().unwrap().into_inner();
        Template::from_package(Package::from_bytes(bytes, "mau.docx", Limits::default()).unwrap())
            .unwrap()
    }

    fn shape(paras: &[&str]) -> Shape {
        infer(&template(paras, &[]))
    }

    fn type_of(s: &Shape, path: &str) -> String {
        match s.get(path) {
            Some(Node::ListOf(k)) => format!("list of {}", k.name()),
            Some(n) => n.type_name().to_string(),
            None => "none".into(),
        }
    }

    fn names(f: Option<&Fields>) -> Vec<&str> {
        f.map(|f| f.0.iter().map(|(n, _)| n.as_str()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn filters_give_value_kinds_and_dotted_paths_make_objects() {
        let s = shape(&[
            "{{ten}} {{so | so}} {{ngay | ngay_so}} {{tien | tien_chu}} {{ten_hoa | hoa}}",
            "{{thuc_hien | ti_le: ke_hoach, 0}} {{ghi_chu | chu_thich}} {{nguoi_ky.ho_ten}} {{nguoi_ky.chuc_vu | hoa}}",
        ]);
        for (path, want) in [
            ("ten", "text"),
            ("so", "number"),
            ("ngay", "date"),
            ("tien", "number"),
            ("ten_hoa", "text"),
            ("thuc_hien", "number"),
            ("ke_hoach", "number"),
            ("ghi_chu", "footnote"),
            ("nguoi_ky", "object"),
            ("nguoi_ky.ho_ten", "text"),
            ("nguoi_ky.chuc_vu", "text"),
        ] {
            assert_eq!(type_of(&s, path), want, "{path}");
        }
        assert_eq!(
            names(Some(&s.fields)),
            [
                "ten",
                "so",
                "ngay",
                "tien",
                "ten_hoa",
                "thuc_hien",
                "ke_hoach",
                "ghi_chu",
                "nguoi_ky"
            ],
            "first use order"
        );
    }

    #[test]
    fn sections_make_lists_objects_and_flags() {
        let s = shape(&[
            "Nơi nhận: {{#noi_nhan}}- {{.}}{{^@cuoi}};{{/@cuoi}}{{#@cuoi}}.{{/@cuoi}}{{/noi_nhan}}",
            "{{#hoat_dong}}",
            "{{@stt}}. {{ten}} tại {{dia_diem}}, {{so_nguoi | so}} người",
            "{{/hoat_dong}}",
            "{{#ky}}{{ho_ten}} ({{chuc_vu}}){{/ky}}",
            "{{#ban_sao}}(đã ký){{/ban_sao}}{{^chua_co}}có{{/chua_co}}",
            "{{#so_lieu}}{{. | so}} {{/so_lieu}}",
        ]);
        assert_eq!(type_of(&s, "noi_nhan"), "list of text");
        assert_eq!(type_of(&s, "hoat_dong"), "list");
        assert_eq!(
            names(s.get("hoat_dong").and_then(Node::fields)),
            ["ten", "dia_diem", "so_nguoi"]
        );
        assert_eq!(type_of(&s, "hoat_dong.so_nguoi"), "number");
        assert_eq!(type_of(&s, "ky"), "list_or_object");
        assert_eq!(
            names(s.get("ky").and_then(Node::fields)),
            ["ho_ten", "chuc_vu"]
        );
        assert_eq!(type_of(&s, "ban_sao"), "flag");
        assert_eq!(type_of(&s, "chua_co"), "flag");
        assert_eq!(type_of(&s, "so_lieu"), "list of number");
        assert_eq!(s.fields.0.len(), 6);
    }

    #[test]
    fn a_section_writing_its_own_value_only_tests_it() {
        let s = shape(&[
            "Số: {{#so}}{{so | hai_so}}{{/so}}{{^so}}     {{/so}}/{{ky_hieu}}",
            "{{#ngay}}{{ngay | ngay}}{{/ngay}}{{^ngay}}ngày … tháng … năm 20…{{/ngay}}",
            "{{#muc}}",
            "{{#ten_khoan}}{{so_khoan}}. {{ten_khoan}}{{/ten_khoan}}",
            "{{/muc}}",
        ]);
        assert_eq!(type_of(&s, "so"), "number");
        assert_eq!(type_of(&s, "ngay"), "date");
        assert_eq!(type_of(&s, "muc"), "list_or_object");
        assert_eq!(
            names(s.get("muc").and_then(Node::fields)),
            ["ten_khoan", "so_khoan"],
            "the test's body belongs to the item around it"
        );
    }

    #[test]
    fn names_inside_sections_are_item_fields_unless_the_top_level_uses_them() {
        let s = shape(&[
            "{{don_vi}}",
            "{{#muc}}",
            "{{ten}} của {{don_vi}}: {{#hoat_dong}}{{ten}}, {{/hoat_dong}}{{#ket_qua}}đạt{{/ket_qua}}",
            "{{/muc}}",
            "{{#ket_qua}}",
            "{{noi_dung}}",
            "{{/ket_qua}}",
            "{{#bang}}{{ket_qua}} {{^don_vi}}-{{/don_vi}}{{/bang}}",
        ]);
        assert_eq!(names(Some(&s.fields)), ["don_vi", "muc", "ket_qua", "bang"]);
        assert_eq!(
            names(s.get("muc").and_then(Node::fields)),
            ["ten", "hoat_dong"],
            "don_vi and the tested ket_qua are the top level's"
        );
        assert_eq!(
            names(s.get("muc.hoat_dong").and_then(Node::fields)),
            ["ten"]
        );
        assert_eq!(
            names(s.get("bang").and_then(Node::fields)),
            ["ket_qua"],
            "a value written where the top level has items is the item's own"
        );
        assert_eq!(type_of(&s, "bang.ket_qua"), "text");
        assert_eq!(type_of(&s, "ket_qua"), "list_or_object");
    }

    #[test]
    fn footnotes_are_read_where_their_reference_stands() {
        let body = [
            "{{#dv}}",
            r#"{{ten}}</w:t></w:r><w:r><w:footnoteReference w:id="7"/></w:r><w:r><w:t>"#,
            "{{/dv}}",
            r#"Cuối</w:t></w:r><w:r><w:footnoteReference w:id="9"/></w:r><w:r><w:t>"#,
        ];
        let t = template(
            &body,
            &[
                ("7", "Số liệu của {{ten}}: {{so | so}}"),
                ("9", "Nguồn: {{nguon}}"),
            ],
        );
        let s = infer(&t);
        assert_eq!(names(Some(&s.fields)), ["dv", "nguon"]);
        assert_eq!(names(s.get("dv").and_then(Node::fields)), ["ten", "so"]);
        assert_eq!(type_of(&s, "dv.so"), "number");
    }

    #[test]
    fn shape_serialises_as_a_map_of_typed_fields() {
        let s = shape(&[
            "{{ten}} {{#ds}}{{.}}{{/ds}} {{#muc}}{{@stt}} {{ngay | ngay}}{{/muc}} {{ky.ho_ten}} {{#x}}{{y | so}}{{/x}}",
        ]);
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            json!({
                "ten": {"type": "text"},
                "ds": {"type": "list", "items": "text"},
                "muc": {"type": "list", "fields": {"ngay": {"type": "date"}}},
                "ky": {"type": "object", "fields": {"ho_ten": {"type": "text"}}},
                "x": {"type": "list_or_object", "fields": {"y": {"type": "number"}}}
            })
        );
        let want: String = [
            ("  ten", "text"),
            ("  ds", "list of text"),
            ("  muc", "list, each item:"),
            ("    ngay", "date"),
            ("  ky", "object:"),
            ("    ho_ten", "text"),
            ("  x", "list_or_object, each item:"),
            ("    y", "number"),
        ]
        .iter()
        .map(|(name, kind)| format!("{name:<32} {kind}\n"))
        .collect();
        assert_eq!(s.tree(), want);
    }

    #[test]
    fn skeleton_has_placeholders_and_one_item_per_list() {
        let s = shape(&[
            "{{ten}} {{#ds}}{{.}}{{/ds}} {{#muc}}{{@stt}} {{ngay | ngay}} {{so | so}}{{/muc}}",
            "{{ky.ho_ten}} {{#x}}{{y | chu_thich}}{{/x}}{{^co}}-{{/co}}",
        ]);
        assert_eq!(
            s.skeleton(),
            json!({
                "ten": "",
                "ds": [""],
                "muc": [{"ngay": DATE_PLACEHOLDER, "so": 0}],
                "ky": {"ho_ten": ""},
                "x": [{"y": ""}],
                "co": false
            })
        );
    }

    #[test]
    fn skeleton_with_schema_takes_its_order_but_not_its_examples() {
        let s = shape(&[
            "{{ten}} {{#muc}}{{ten_muc}} {{so | so}} {{khac}}{{/muc}} {{#ds}}{{.}}{{/ds}} {{them}}",
        ]);
        let schema = json!([
            {"name": "ds", "type": "list", "example": ["a", "b"]},
            {"name": "muc", "type": "list", "example": [{"ten_muc": "I"}], "fields": [
                {"name": "so", "type": "number", "example": 5},
                {"name": "ten_muc", "type": "string", "example": "Mục I"},
                {"name": "ghi_chu", "type": "text"}
            ]},
            {"name": "ten", "type": "string", "example": "LĐLĐ"},
            {"name": "ky", "type": "object", "fields": [{"name": "ho_ten", "type": "string"}]},
            {"name": "ngay", "type": "date"},
            {"name": "dong", "type": "bool"}
        ]);
        let out = s.skeleton_with_schema(&schema);
        assert_eq!(
            out,
            json!({
                "ds": [""],
                "muc": [{"so": 0, "ten_muc": "", "ghi_chu": "", "khac": ""}],
                "ten": "",
                "ky": {"ho_ten": ""},
                "ngay": DATE_PLACEHOLDER,
                "dong": false,
                "them": ""
            })
        );
        let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["ds", "muc", "ten", "ky", "ngay", "dong", "them"]);
    }
}
