//! `vanban fields`: the tag listing with the inferred data shape, and
//! `--skeleton`, a starter data file that renders.

mod common;

use common::{p, vanban_bin, Docx};
use serde_json::{json, Value};
use std::process::Command;

fn fields(args: &[&str]) -> String {
    let out = Command::new(vanban_bin())
        .arg("fields")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "vanban fields {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fields_json(args: &[&str]) -> Value {
    serde_json::from_str(&fields(args)).unwrap()
}

/// A template using every construct the shape is inferred from.
fn constructs() -> Docx {
    Docx::body(&format!(
        "{}{}{}{}{}{}{}",
        p(&["Số: {{#so}}{{so | hai_so}}{{/so}}{{^so}}    {{/so}}/{{ky_hieu}}, {{ngay | ngay}}"]),
        p(&["{{#hoat_dong}}"]),
        p(&["{{@stt}}. {{ten}}: {{thuc_hien | ti_le: ke_hoach}}{{ghi_chu | chu_thich}}"]),
        p(&["{{/hoat_dong}}"]),
        p(&["Nơi nhận: {{#noi_nhan}}- {{.}}{{^@cuoi}}; {{/@cuoi}}{{/noi_nhan}}"]),
        p(&["{{nguoi_ky.chuc_vu | hoa}} {{nguoi_ky.ho_ten}}{{#ban_sao}} (đã ký){{/ban_sao}}"]),
        p(&["{{#kem_theo}}{{ten_tep}}{{/kem_theo}}"]),
    ))
}

#[test]
fn json_keeps_the_tags_and_adds_the_shape() {
    let dir = tempfile::tempdir().unwrap();
    let path = constructs().write(dir.path(), "mau.docx");
    let out = fields_json(&["--format", "json", path.to_str().unwrap()]);
    let tags = out["tags"].as_array().unwrap();
    assert_eq!(tags[0]["tag"], "{{#so}}");
    assert_eq!(tags[0]["kind"], "section");
    assert_eq!(tags[0]["part"], "word/document.xml");
    assert_eq!(
        out["shape"],
        json!({
            "so": {"type": "number"},
            "ky_hieu": {"type": "text"},
            "ngay": {"type": "date"},
            "hoat_dong": {"type": "list", "fields": {
                "ten": {"type": "text"},
                "thuc_hien": {"type": "number"},
                "ke_hoach": {"type": "number"},
                "ghi_chu": {"type": "footnote"}
            }},
            "noi_nhan": {"type": "list", "items": "text"},
            "nguoi_ky": {"type": "object", "fields": {
                "chuc_vu": {"type": "text"},
                "ho_ten": {"type": "text"}
            }},
            "ban_sao": {"type": "flag"},
            "kem_theo": {"type": "list_or_object", "fields": {"ten_tep": {"type": "text"}}}
        })
    );
}

#[test]
fn text_lists_the_tags_then_the_shape_as_a_tree() {
    let dir = tempfile::tempdir().unwrap();
    let path = constructs().write(dir.path(), "mau.docx");
    let out = fields(&[path.to_str().unwrap()]);
    let (tags, shape) = out.split_once("\ndata shape:\n").expect("a shape heading");
    assert!(tags.starts_with("{{#so}}"), "{tags}");
    let lines: Vec<Vec<&str>> = shape
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(lines.contains(&vec!["hoat_dong", "list,", "each", "item:"]));
    assert!(lines.contains(&vec!["noi_nhan", "list", "of", "text"]));
    let indent = |name: &str| {
        shape
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{name} ")))
            .map(|l| l.len() - l.trim_start().len())
    };
    assert_eq!(indent("hoat_dong"), Some(2));
    assert_eq!(indent("thuc_hien"), Some(4), "item fields are indented");
}

#[test]
fn skeleton_of_a_file_has_placeholders_and_renders() {
    let dir = tempfile::tempdir().unwrap();
    let path = constructs().write(dir.path(), "mau.docx");
    let skeleton = fields_json(&["--skeleton", path.to_str().unwrap()]);
    assert_eq!(
        skeleton,
        json!({
            "so": 0,
            "ky_hieu": "",
            "ngay": "YYYY-MM-DD",
            "hoat_dong": [{"ten": "", "thuc_hien": 0, "ke_hoach": 0, "ghi_chu": ""}],
            "noi_nhan": [""],
            "nguoi_ky": {"chuc_vu": "", "ho_ten": ""},
            "ban_sao": false,
            "kem_theo": [{"ten_tep": ""}]
        })
    );
    let template = vanban::Template::open(&path).unwrap();
    let out = template.render(&skeleton).unwrap();
    // Only what cannot be a value until it is filled in is reported: the
    // date's format and a rate over a zero.
    let missing: Vec<&str> = out.missing().iter().map(|m| m.tag()).collect();
    assert_eq!(
        missing,
        ["{{ngay | ngay}}", "{{thuc_hien | ti_le: ke_hoach}}"]
    );
}

/// Whether every leaf of a starter data file is a blank placeholder ("",
/// 0, "YYYY-MM-DD", false) and every list has one item.
fn all_blank(v: &Value) -> bool {
    match v {
        Value::String(s) => s.is_empty() || s == "YYYY-MM-DD",
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::Bool(b) => !b,
        Value::Array(items) => items.len() == 1 && items.iter().all(all_blank),
        Value::Object(fields) => fields.values().all(all_blank),
        Value::Null => false,
    }
}

#[test]
fn skeleton_of_a_pack_template_follows_its_schema_with_blanks_and_renders() {
    let dir = tempfile::tempdir().unwrap();
    for t in vanban::PackTemplate::all() {
        let skeleton = fields(&["--skeleton", t.name()]);
        let data: Value = serde_json::from_str(&skeleton).unwrap();
        let schema = t.schema();
        let schema_names: Vec<&str> = schema["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        let keys: Vec<&str> = data
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(keys, schema_names, "{}: schema order", t.name());
        assert!(all_blank(&data), "{}: not blank: {skeleton}", t.name());
        let json = dir.path().join(format!("{}.json", t.name()));
        std::fs::write(&json, &skeleton).unwrap();
        let docx = dir.path().join(format!("{}.docx", t.name()));
        let out = Command::new(vanban_bin())
            .args(["render", t.name(), "--data"])
            .arg(&json)
            .arg("-o")
            .arg(&docx)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{}: {stderr}", t.name());
        assert!(
            stderr.contains("thiếu"),
            "{}: blanks not reported: {stderr}",
            t.name()
        );
    }
    let ke_hoach: Value = serde_json::from_str(&fields(&["--skeleton", "ke-hoach"])).unwrap();
    assert_eq!(ke_hoach["nguoi_ky"]["ho_ten"], "");
    assert_eq!(ke_hoach["noi_nhan"], json!([""]));
    let item = &ke_hoach["mo_dau"][0]["cac_phan"][0];
    assert_eq!(
        item.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["cho_so", "so_lieu", "van", "chu_thich"],
        "list items are built from the schema's item fields"
    );
}

/// The schema's type for an inferred type, at the top level.
fn fits(inferred: &Value, schema_type: &str) -> bool {
    match (inferred["type"].as_str().unwrap(), schema_type) {
        ("text" | "footnote", "string" | "text") => true,
        ("list" | "list_or_object", "list") => true,
        ("list_or_object" | "object", "object") => true,
        ("flag", "bool") => true,
        (a, b) => a == b,
    }
}

#[test]
fn pack_shapes_name_the_schemas_top_level_fields_with_fitting_types() {
    for t in vanban::PackTemplate::all() {
        let out = fields_json(&["--format", "json", t.name()]);
        let shape = out["shape"].as_object().unwrap();
        let schema = t.schema();
        let fields = schema["fields"].as_array().unwrap();
        let mut inferred: Vec<&str> = shape.keys().map(|k| k.as_str()).collect();
        let mut named: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        inferred.sort();
        named.sort();
        assert_eq!(inferred, named, "{}", t.name());
        for f in fields {
            let name = f["name"].as_str().unwrap();
            let ty = f["type"].as_str().unwrap();
            assert!(
                fits(&shape[name], ty),
                "{}: {name} inferred {} but the schema says {ty}",
                t.name(),
                shape[name]
            );
        }
    }
    let ke_hoach = fields_json(&["--format", "json", "ke-hoach"]);
    let shape = &ke_hoach["shape"];
    assert_eq!(shape["noi_nhan"], json!({"type": "list", "items": "text"}));
    assert_eq!(shape["so"], json!({"type": "number"}));
    assert_eq!(shape["ngay"], json!({"type": "date"}));
    assert!(
        shape.get("ban_sao").is_none(),
        "number and date decide \"(đã ký)\""
    );
    assert_eq!(shape["nguoi_ky"]["type"], "object");
    let mo_dau = &shape["mo_dau"]["fields"];
    assert_eq!(mo_dau["chu_thich"], json!({"type": "footnote"}));
    assert_eq!(mo_dau["cac_phan"]["fields"]["van"], json!({"type": "text"}));
}
