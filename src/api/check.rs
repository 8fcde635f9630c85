//! Checking a draft for gaps: [`check_bytes`], [`check_file`], [`Report`].

use crate::check::{self, annotate, read, FormatRule, Kind, Severity};
use crate::error::{Error, Result};
use crate::package::{Limits, Package};
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// Which findings to report.
///
/// ```
/// let missing = vanban::CheckOptions::from_rules("missing")?;
/// assert!(!missing.reports(vanban::Kind::EmptySection));
/// assert!(vanban::CheckOptions::default().reports(vanban::Kind::EmptySection));
/// assert!(!vanban::CheckOptions::default().reports(vanban::Kind::Format));
/// assert!(vanban::CheckOptions::from_rules("gaps,format")?.reports(vanban::Kind::Format));
/// # Ok::<(), vanban::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckOptions {
    inner: check::CheckOptions,
}

impl CheckOptions {
    /// The rules from a comma-separated list of kind names
    /// (`missing-figure`, `todo-marker`, `blank-field`, `unfilled-tag`,
    /// `figure-mismatch`, `empty-section`, `issuance-blank`, `form-field`,
    /// `format`) and the groups `gaps` (the default: every kind but
    /// `format`), `missing` (the text a draft waits for), `structure`
    /// (`figure-mismatch`, `empty-section`) and `all`; case-insensitive.
    /// `format` is the national format of Nghị định 30/2020/NĐ-CP, each
    /// finding naming its rule ([`Finding::rule`]). An unknown name is
    /// [`Error::UnknownRule`], which lists the valid ones.
    pub fn from_rules(spec: &str) -> Result<CheckOptions> {
        let inner = check::CheckOptions::from_rules(spec)
            .map_err(|detail| Error::UnknownRule { detail })?;
        Ok(CheckOptions { inner })
    }

    /// Whether findings of this kind are reported.
    pub fn reports(&self, kind: Kind) -> bool {
        self.inner.kinds.contains(&kind)
    }

    /// Replaces the notes that mark missing data, e.g. "(Bổ sung số liệu)".
    /// An entry written without brackets matches inside `( )` or `[ ]`; an
    /// entry written with brackets matches only those brackets.
    pub fn todo_markers<S: Into<String>>(mut self, markers: impl IntoIterator<Item = S>) -> Self {
        self.inner.todo_markers = markers.into_iter().map(Into::into).collect();
        self
    }

    pub(crate) fn inner(&self) -> &check::CheckOptions {
        &self.inner
    }
}

/// Checks a .docx held in memory; messages call it `tai-lieu.docx`.
///
/// ```
/// # fn main() -> vanban::Result<()> {
/// let doc = vanban::Template::from_pack("cong-van-huong-dan")?.render(&serde_json::json!({}))?;
/// let report = vanban::check_bytes(doc.as_bytes(), &vanban::CheckOptions::default())?;
/// assert!(report.has_errors()); // nothing was filled in
/// # Ok(()) }
/// ```
pub fn check_bytes(bytes: &[u8], options: &CheckOptions) -> Result<Report> {
    check_bytes_named(bytes, "tai-lieu.docx", options)
}

/// Checks a .docx held in memory; `name` stands for it in messages.
pub fn check_bytes_named(
    bytes: impl Into<Vec<u8>>,
    name: impl AsRef<Path>,
    options: &CheckOptions,
) -> Result<Report> {
    Report::of(bytes.into(), name, options)
}

/// Checks a .docx file.
pub fn check_file(path: impl AsRef<Path>, options: &CheckOptions) -> Result<Report> {
    let package = Package::open(path)?;
    Report::from_package(package, options)
}

/// What the checker found in one document.
#[derive(Debug)]
pub struct Report {
    package: Package,
    findings: Vec<Finding>,
}

impl Report {
    pub(crate) fn of(
        bytes: Vec<u8>,
        name: impl AsRef<Path>,
        options: &CheckOptions,
    ) -> Result<Report> {
        let package = Package::from_bytes(bytes, name.as_ref(), Limits::default())?;
        Report::from_package(package, options)
    }

    /// A draft typed in TCVN3 or VNI fonts is checked as Unicode, so a
    /// blank typed in a legacy font is still found.
    fn from_package(package: Package, options: &CheckOptions) -> Result<Report> {
        let package = crate::normalize::in_memory(package)?;
        let findings = read::check_package(&package, options.inner())?
            .into_iter()
            .map(Finding)
            .collect();
        Ok(Report { package, findings })
    }

    /// Every finding, in document order.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Whether any finding is an error (a gap to fill before signing).
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity() == Severity::Error)
    }

    /// The number of findings that are errors (the gaps).
    pub fn error_count(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity() == Severity::Error)
            .count()
    }

    fn inner_findings(&self) -> Vec<check::Finding> {
        self.findings.iter().map(|f| f.0.clone()).collect()
    }

    /// `{"file", "findings": [...], "summary": {"error", "warning", "info"}}`,
    /// as `vanban check --format json` prints it; `file` names the document.
    pub fn to_json(&self, file: &str) -> Value {
        check::to_json(file, &self.inner_findings())
    }

    /// The report for people, in Vietnamese: findings grouped by section.
    pub fn to_text(&self, file: &str) -> String {
        check::to_text(file, &self.inner_findings())
    }

    /// Writes the report of [`Report::to_text`] as it goes.
    pub fn write_text(&self, out: &mut impl Write, file: &str) -> std::io::Result<()> {
        check::report::write_text(out, file, &self.inner_findings())
    }

    /// The counts in one line: "3 lỗi, 1 cảnh báo, 2 ghi chú".
    pub fn summary_line(&self) -> String {
        check::summary_line(&check::summary(&self.inner_findings()))
    }

    /// A copy of the document with every finding highlighted and commented,
    /// for the reviewer; the rest of the document is unchanged.
    pub fn annotated(&self) -> Result<Vec<u8>> {
        annotate::annotate(&self.package, &self.inner_findings())
    }
}

/// Writes the JSON reports of several documents, each named by its `file`
/// and as [`Report::to_json`] gives it, pretty-printed finding by finding
/// without building the whole text in memory: one object for one report, an
/// array for several.
pub fn write_json_reports<W: Write>(out: W, reports: &[(String, Report)]) -> std::io::Result<()> {
    let findings: Vec<Vec<check::Finding>> =
        reports.iter().map(|(_, r)| r.inner_findings()).collect();
    let each = reports
        .iter()
        .zip(&findings)
        .map(|((file, _), findings)| check::report::JsonReport { file, findings });
    check::report::write_json(out, each).map_err(std::io::Error::from)
}

/// One thing the checker found: what, how serious, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding(check::Finding);

impl Finding {
    /// What kind of gap or problem.
    pub fn kind(&self) -> Kind {
        self.0.kind
    }

    /// How serious it is.
    pub fn severity(&self) -> Severity {
        self.0.severity
    }

    /// What is missing or wrong, in Vietnamese.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The part of the package, e.g. `word/document.xml`.
    pub fn part(&self) -> &str {
        &self.0.part
    }

    /// Index of the paragraph within its part, in document order.
    pub fn paragraph_index(&self) -> usize {
        self.0.paragraph_index
    }

    /// The paragraph's text (runs joined, NFC).
    pub fn paragraph_text(&self) -> &str {
        &self.0.paragraph_text
    }

    /// The matched text.
    pub fn matched(&self) -> &str {
        &self.0.matched
    }

    /// Where the matched text is in [`Finding::paragraph_text`], in characters.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.0.start..self.0.end
    }

    /// Heading path of the section holding the paragraph, e.g. "II. > 1. > 1.1.".
    pub fn section(&self) -> &str {
        &self.0.section
    }

    /// For a finding in a footnote or endnote, the note's number as Word
    /// shows it ("chú thích 3").
    pub fn note(&self) -> Option<usize> {
        self.0.note
    }

    /// For a [`Kind::Format`] finding, the rule of Nghị định 30/2020/NĐ-CP
    /// it breaks; `None` for every other kind.
    pub fn rule(&self) -> Option<FormatRule> {
        self.0.rule
    }
}

impl Kind {
    /// The kebab-case name, as in rule lists and JSON (`missing-figure`, …).
    pub fn name(self) -> &'static str {
        check::options::kind_name(self)
    }
}
