//! Which findings to report: kind names, the `--rules` syntax and the
//! list of "waiting for data" notes.

use std::collections::BTreeSet;

use super::model::{Kind, Severity};

/// Every kind, in report order.
pub const ALL_KINDS: [Kind; 9] = [
    Kind::MissingFigure,
    Kind::TodoMarker,
    Kind::BlankField,
    Kind::UnfilledTag,
    Kind::FigureMismatch,
    Kind::EmptySection,
    Kind::IssuanceBlank,
    Kind::FormField,
    Kind::Format,
];

/// The `gaps` group, reported by default: everything the gap checker
/// looks for (the `missing` and `structure` groups).
pub const GAP_KINDS: [Kind; 8] = [
    Kind::MissingFigure,
    Kind::TodoMarker,
    Kind::BlankField,
    Kind::UnfilledTag,
    Kind::FigureMismatch,
    Kind::EmptySection,
    Kind::IssuanceBlank,
    Kind::FormField,
];

/// The `missing` group: text a draft still waits for.
pub const MISSING_KINDS: [Kind; 6] = [
    Kind::MissingFigure,
    Kind::TodoMarker,
    Kind::BlankField,
    Kind::UnfilledTag,
    Kind::IssuanceBlank,
    Kind::FormField,
];

/// The `structure` group: figures and structure that look wrong.
pub const STRUCTURE_KINDS: [Kind; 2] = [Kind::FigureMismatch, Kind::EmptySection];

/// The group names `--rules` takes besides kind names; `format` is the
/// one kind of the Nghị định 30 format rules ([`crate::check::format`]).
pub const GROUP_NAMES: [&str; 4] = ["gaps", "missing", "structure", "all"];

/// Notes people leave in a draft where data is still to come. Matched
/// case-insensitively inside `( )` or `[ ]`, spaces folded; see
/// [`crate::check::rules::markers`].
pub const DEFAULT_TODO_MARKERS: [&str; 12] = [
    "bổ sung số liệu",
    "cập nhật số liệu",
    "chờ số liệu",
    "chưa có số liệu",
    "đang cập nhật",
    "số liệu",
    "bổ sung",
    "cập nhật",
    "cần bổ sung",
    "xx",
    "TODO",
    "TBD",
];

/// What to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptions {
    /// Kinds to report; findings of other kinds are dropped.
    pub kinds: BTreeSet<Kind>,
    /// Notes that mark missing data, e.g. "(Bổ sung số liệu)". An entry
    /// written without brackets matches inside `( )` or `[ ]`; an entry
    /// written with brackets matches only those brackets.
    pub todo_markers: Vec<String>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            kinds: GAP_KINDS.into_iter().collect(),
            todo_markers: DEFAULT_TODO_MARKERS.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl CheckOptions {
    /// Parses a `--rules` value: comma-separated kind names
    /// (`missing-figure`, `todo-marker`, `blank-field`, `unfilled-tag`,
    /// `figure-mismatch`, `empty-section`, `issuance-blank`, `form-field`,
    /// `format`) and the groups `gaps` (the default: every kind but
    /// `format`), `missing`, `structure` and `all`. Names are
    /// case-insensitive; spaces around commas are ignored. The marker list
    /// is the default one.
    pub fn from_rules(spec: &str) -> Result<CheckOptions, String> {
        let mut kinds = BTreeSet::new();
        let mut unknown = Vec::new();
        for name in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let lower = name.to_lowercase();
            match lower.as_str() {
                "gaps" => kinds.extend(GAP_KINDS),
                "missing" => kinds.extend(MISSING_KINDS),
                "structure" => kinds.extend(STRUCTURE_KINDS),
                "all" => kinds.extend(ALL_KINDS),
                _ => match kind_from_name(&lower) {
                    Some(k) => {
                        kinds.insert(k);
                    }
                    None => unknown.push(name.to_string()),
                },
            }
        }
        if !unknown.is_empty() {
            return Err(format!(
                "Quy tắc không hợp lệ: {}. Các quy tắc hợp lệ: {}",
                unknown.join(", "),
                valid_rule_names()
            ));
        }
        if kinds.is_empty() {
            return Err(format!(
                "Chưa chọn quy tắc nào. Các quy tắc hợp lệ: {}",
                valid_rule_names()
            ));
        }
        Ok(CheckOptions {
            kinds,
            ..CheckOptions::default()
        })
    }
}

fn valid_rule_names() -> String {
    let mut names: Vec<&str> = ALL_KINDS.iter().map(|k| kind_name(*k)).collect();
    names.extend(GROUP_NAMES);
    names.join(", ")
}

/// The kebab-case name of a kind, as used in `--rules` and in JSON.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::MissingFigure => "missing-figure",
        Kind::TodoMarker => "todo-marker",
        Kind::BlankField => "blank-field",
        Kind::UnfilledTag => "unfilled-tag",
        Kind::FigureMismatch => "figure-mismatch",
        Kind::EmptySection => "empty-section",
        Kind::IssuanceBlank => "issuance-blank",
        Kind::FormField => "form-field",
        Kind::Format => "format",
    }
}

/// The kind named `name` (kebab-case, lowercase).
pub fn kind_from_name(name: &str) -> Option<Kind> {
    ALL_KINDS.into_iter().find(|k| kind_name(*k) == name)
}

/// The lowercase name of a severity, as used in JSON.
pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// Every kind has one severity: gaps are errors, suspicious figures, empty
/// sections and departures from the national format are warnings, the
/// clerk's blanks are information.
pub fn severity_of(kind: Kind) -> Severity {
    match kind {
        Kind::MissingFigure | Kind::TodoMarker | Kind::BlankField | Kind::UnfilledTag => {
            Severity::Error
        }
        Kind::FigureMismatch | Kind::EmptySection | Kind::Format => Severity::Warning,
        Kind::IssuanceBlank | Kind::FormField => Severity::Info,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_reports_every_gap_kind_and_no_format() {
        let o = CheckOptions::default();
        assert_eq!(o.kinds.len(), 8);
        assert!(!o.kinds.contains(&Kind::Format));
        assert_eq!(o, CheckOptions::from_rules("gaps").unwrap());
        assert!(o.todo_markers.iter().any(|m| m == "bổ sung số liệu"));
    }

    #[test]
    fn groups_and_names() {
        let o = CheckOptions::from_rules("missing").unwrap();
        assert_eq!(o.kinds, MISSING_KINDS.into_iter().collect());
        let o = CheckOptions::from_rules("gaps,format").unwrap();
        assert_eq!(o.kinds.len(), 9);
        assert_eq!(o, CheckOptions::from_rules("all").unwrap());
        let o = CheckOptions::from_rules("format").unwrap();
        assert_eq!(o.kinds, [Kind::Format].into_iter().collect());
        let o = CheckOptions::from_rules(" structure , missing-figure").unwrap();
        let want: BTreeSet<Kind> = [
            Kind::FigureMismatch,
            Kind::EmptySection,
            Kind::MissingFigure,
        ]
        .into_iter()
        .collect();
        assert_eq!(o.kinds, want);
        let o = CheckOptions::from_rules("Empty-Section").unwrap();
        assert_eq!(o.kinds.len(), 1);
    }

    #[test]
    fn unknown_names_are_listed_in_vietnamese() {
        let e = CheckOptions::from_rules("gaps,missing-figures").unwrap_err();
        assert!(e.contains("missing-figures"), "{e}");
        assert!(e.contains("Các quy tắc hợp lệ"), "{e}");
        assert!(e.contains("issuance-blank"), "{e}");
        assert!(CheckOptions::from_rules(" , ").is_err());
    }

    #[test]
    fn names_round_trip() {
        for k in ALL_KINDS {
            assert_eq!(kind_from_name(kind_name(k)), Some(k));
        }
    }
}
