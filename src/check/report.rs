//! Reports: counts per severity, the JSON document and the text for people.

use serde::Serialize;
use serde_json::{json, Value};

use super::model::{Finding, Severity};
use super::options::{kind_name, severity_name};

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
    let list: Vec<Value> = findings
        .iter()
        .map(|f| {
            json!({
                "kind": kind_name(f.kind),
                "severity": severity_name(f.severity),
                "part": f.part,
                "paragraph_index": f.paragraph_index,
                "paragraph_text": f.paragraph_text,
                "start": f.start,
                "end": f.end,
                "matched": f.matched,
                "section": f.section,
                "message": f.message,
            })
        })
        .collect();
    let s = summary(findings);
    json!({
        "file": file,
        "findings": list,
        "summary": {"error": s.error, "warning": s.warning, "info": s.info},
    })
}

/// Characters shown on each side of a gap when a paragraph is long.
const CONTEXT: usize = 60;

/// The paragraph with the gap between ⟦ ⟧, shortened around it when long.
fn excerpt(f: &Finding) -> String {
    let chars: Vec<char> = f.paragraph_text.chars().collect();
    let (s, e) = (f.start.min(chars.len()), f.end.min(chars.len()));
    let from = s.saturating_sub(CONTEXT);
    let to = (e + CONTEXT).min(chars.len());
    let piece = |a: usize, b: usize| -> String {
        chars[a..b]
            .iter()
            .map(|&c| if c == '\t' || c == '\n' { ' ' } else { c })
            .collect()
    };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(piece(from, s).trim_start());
    out.push('⟦');
    out.push_str(&piece(s, e));
    out.push('⟧');
    out.push_str(piece(e, to).trim_end());
    if to < chars.len() {
        out.push('…');
    }
    out
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
    let mut out = format!("Tệp: {file}\n");
    if findings.is_empty() {
        out.push_str("Không phát hiện chỗ nào còn thiếu.\n");
    }
    let mut sections: Vec<&str> = Vec::new();
    for f in findings {
        if !sections.contains(&f.section.as_str()) {
            sections.push(&f.section);
        }
    }
    for sec in sections {
        let title = if sec.is_empty() {
            "(Đầu văn bản)"
        } else {
            sec
        };
        out.push_str(&format!("\n== {title} ==\n"));
        for f in findings.iter().filter(|f| f.section == sec) {
            out.push_str(&format!(
                "  [{}] {} ({}, đoạn {})\n      {}\n",
                severity_label(f.severity),
                f.message,
                kind_name(f.kind),
                f.paragraph_index + 1,
                excerpt(f)
            ));
        }
    }
    out.push_str(&format!(
        "\nTổng cộng: {}\n",
        summary_line(&summary(findings))
    ));
    out
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
            message: "Thiếu số liệu: số doanh nghiệp".into(),
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
                "message"
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
