//! Reports: counts per severity, the JSON document and the text for people.

use std::collections::HashMap;
use std::io::Write;

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::{json, Value};

use super::model::{Finding, Severity};
use super::options::{kind_name, severity_name};
use crate::text::quote;

/// How many findings of each severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

pub fn summary(findings: &[Finding]) -> Summary {
    let mut s = Summary::default();
    for f in findings {
        match f.severity {
            Severity::Error => s.error += 1,
            Severity::Warning => s.warning += 1,
            Severity::Info => s.info += 1,
        }
    }
    s
}

/// `{"file", "findings": [...], "summary": {"error", "warning", "info"}}`.
pub fn to_json(file: &str, findings: &[Finding]) -> Value {
    serde_json::to_value(JsonReport { file, findings }).unwrap_or(Value::Null)
}

/// The report of one file as [`to_json`] gives it, serialised as it goes:
/// findings are written one by one, never gathered into one value.
#[derive(Debug, Clone, Copy)]
pub struct JsonReport<'a> {
    /// The file as the user named it.
    pub file: &'a str,
    /// Its findings.
    pub findings: &'a [Finding],
}

impl Serialize for JsonReport<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let s = summary(self.findings);
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("file", self.file)?;
        map.serialize_entry("findings", &JsonFindings(self.findings))?;
        map.serialize_entry(
            "summary",
            &json!({"error": s.error, "warning": s.warning, "info": s.info}),
        )?;
        map.end()
    }
}

struct JsonFindings<'a>(&'a [Finding]);

impl Serialize for JsonFindings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(JsonFinding))
    }
}

struct JsonFinding<'a>(&'a Finding);

impl Serialize for JsonFinding<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("kind", kind_name(f.kind))?;
        map.serialize_entry("severity", severity_name(f.severity))?;
        map.serialize_entry("part", &f.part)?;
        map.serialize_entry("paragraph_index", &f.paragraph_index)?;
        map.serialize_entry("paragraph_text", &*f.paragraph_text)?;
        map.serialize_entry("start", &f.start)?;
        map.serialize_entry("end", &f.end)?;
        map.serialize_entry("matched", &f.matched)?;
        map.serialize_entry("section", &f.section)?;
        map.serialize_entry("message", &f.message)?;
        map.serialize_entry("paragraph", &(f.paragraph_index + 1))?;
        map.serialize_entry("table", &f.table)?;
        if let Some(note) = f.note {
            map.serialize_entry("note", &note)?;
        }
        if let Some(rule) = f.rule {
            map.serialize_entry("rule", rule.name())?;
        }
        map.end()
    }
}

/// Writes the JSON reports of several files, pretty-printed, as they are
/// given: one object for one file, an array for several. Nothing is
/// gathered in memory first.
pub fn write_json<'a, W: Write>(
    out: W,
    reports: impl ExactSizeIterator<Item = JsonReport<'a>>,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::pretty(out);
    if reports.len() == 1 {
        for r in reports {
            r.serialize(&mut ser)?;
        }
        return Ok(());
    }
    let mut seq = ser.serialize_seq(Some(reports.len()))?;
    for r in reports {
        seq.serialize_element(&r)?;
    }
    SerializeSeq::end(seq)
}

/// The paragraph with the gap between ⟦ ⟧, shortened around it when long.
fn excerpt(f: &Finding) -> String {
    crate::text::excerpt(&f.paragraph_text, f.start, f.end)
}

fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "lỗi",
        Severity::Warning => "cảnh báo",
        Severity::Info => "ghi chú",
    }
}

/// The summary line: "3 lỗi, 1 cảnh báo, 2 ghi chú".
pub fn summary_line(s: &Summary) -> String {
    format!(
        "{} lỗi, {} cảnh báo, {} ghi chú",
        s.error, s.warning, s.info
    )
}

/// A report for people, in Vietnamese: findings grouped by section (in the
/// order sections first appear), each with its sentence and the gap marked.
pub fn to_text(file: &str, findings: &[Finding]) -> String {
    let mut out = Vec::new();
    write_text(&mut out, file, findings).expect("writing to memory");
    String::from_utf8(out).expect("the report is UTF-8")
}

/// Writes the report of [`to_text`] as it goes.
pub fn write_text(out: &mut impl Write, file: &str, findings: &[Finding]) -> std::io::Result<()> {
    writeln!(out, "Tệp: {file}")?;
    if findings.is_empty() {
        writeln!(out, "Không phát hiện chỗ nào còn thiếu.")?;
    }
    let mut order: Vec<&str> = Vec::new();
    let mut by_section: HashMap<&str, Vec<&Finding>> = HashMap::new();
    for f in findings {
        let list = by_section.entry(&f.section).or_default();
        if list.is_empty() {
            order.push(&f.section);
        }
        list.push(f);
    }
    for sec in order {
        let title = if sec.is_empty() {
            "(Đầu văn bản)"
        } else {
            sec
        };
        writeln!(out, "\n== {} ==", quote(title))?;
        for f in &by_section[sec] {
            // A note's paragraphs are found by the note's number, already
            // in the section's title.
            let paragraph = match f.note {
                Some(_) => String::new(),
                None => format!(", đoạn {}", f.paragraph_index + 1),
            };
            writeln!(
                out,
                "  [{}] {} ({}{}{})\n      {}",
                severity_label(f.severity),
                quote(&f.message),
                f.rule.map_or(kind_name(f.kind), |r| r.name()),
                paragraph,
                f.table
                    .as_ref()
                    .map(|t| format!(", {}", quote(&t.describe())))
                    .unwrap_or_default(),
                excerpt(f)
            )?;
        }
    }
    writeln!(out, "\nTổng cộng: {}", summary_line(&summary(findings)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::model::Kind;

    fn finding(
        kind: Kind,
        severity: Severity,
        section: &str,
        text: &str,
        s: usize,
        e: usize,
    ) -> Finding {
        Finding {
            kind,
            severity,
            part: "word/document.xml".into(),
            paragraph_index: 4,
            paragraph_text: text.into(),
            start: s,
            end: e,
            matched: text.chars().skip(s).take(e - s).collect(),
            section: section.into(),
            table: None,
            message: "Thiếu số liệu: số doanh nghiệp".into(),
            rule: None,
            note: None,
        }
    }

    #[test]
    fn json_has_exactly_the_agreed_fields() {
        let f = vec![
            finding(
                Kind::MissingFigure,
                Severity::Error,
                "II. > 1.",
                "là …. doanh nghiệp",
                3,
                5,
            ),
            finding(Kind::IssuanceBlank, Severity::Info, "", "Số:   /BC", 0, 9),
        ];
        let v = to_json("a.docx", &f);
        let obj = v.as_object().unwrap();
        assert_eq!(
            obj.keys().collect::<Vec<_>>(),
            vec!["file", "findings", "summary"]
        );
        let f0 = v["findings"][0].as_object().unwrap();
        assert_eq!(
            f0.keys().map(String::as_str).collect::<Vec<_>>(),
            vec![
                "kind",
                "severity",
                "part",
                "paragraph_index",
                "paragraph_text",
                "start",
                "end",
                "matched",
                "section",
                "message",
                "paragraph",
                "table"
            ]
        );
        assert_eq!(v["findings"][0]["kind"], "missing-figure");
        assert_eq!(v["findings"][1]["severity"], "info");
        assert_eq!(v["summary"], json!({"error": 1, "warning": 0, "info": 1}));
        assert_eq!(v["file"], "a.docx");
    }

    #[test]
    fn text_groups_by_section_and_marks_the_gap() {
        let long = format!("{} là …. doanh nghiệp {}", "a".repeat(100), "b".repeat(100));
        let s = long.chars().position(|c| c == '…').unwrap();
        let f = vec![
            finding(
                Kind::MissingFigure,
                Severity::Error,
                "II. > 1.",
                &long,
                s,
                s + 2,
            ),
            finding(
                Kind::EmptySection,
                Severity::Warning,
                "III.",
                "3. Dự báo",
                0,
                9,
            ),
            finding(
                Kind::MissingFigure,
                Severity::Error,
                "II. > 1.",
                "có … người",
                3,
                4,
            ),
        ];
        let t = to_text("a.docx", &f);
        assert!(t.contains("== II. > 1. =="), "{t}");
        assert!(t.find("== II. > 1. ==").unwrap() < t.find("== III. ==").unwrap());
        assert_eq!(t.matches("== II. > 1. ==").count(), 1);
        assert!(t.contains("là ⟦….⟧ doanh nghiệp"), "{t}");
        assert!(t.contains("có ⟦…⟧ người"), "{t}");
        assert!(!t.contains(&"a".repeat(80)), "long text is shortened");
        assert!(t.contains("2 lỗi, 1 cảnh báo, 0 ghi chú"), "{t}");
    }

    #[test]
    fn summary_counts() {
        let f = vec![finding(
            Kind::FigureMismatch,
            Severity::Warning,
            "",
            "x",
            0,
            1,
        )];
        assert_eq!(
            summary(&f),
            Summary {
                error: 0,
                warning: 1,
                info: 0
            }
        );
    }
}
