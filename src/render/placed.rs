//! Where each missing value landed: the gap marker the renderer wrote for
//! it, in the rendered paragraph a reviewer sees, not in the template's
//! source ("{{#van}}{{van}}{{/van}}").

use std::sync::Arc;

use crate::check::written::{markers_in, offset_of};
use crate::error::MissingValue;
use crate::text::{paragraphs_in, Paragraph};

/// Places each of `missing` (in the order the renderer met them) at its
/// marker in `parts` (the rendered XML by part name): the rendered
/// paragraph's index and text, and the marker's offset in it. `read` holds
/// the paragraphs of the rendered parts when the renderer read them. A part
/// whose markers are not one for each of its missing values (a template
/// that writes the marker itself) keeps the template's places.
pub(super) fn place_missing(
    missing: &mut [MissingValue],
    parts: &[(String, String)],
    read: Option<&[(String, Vec<Paragraph>)]>,
) {
    if missing.is_empty() {
        return;
    }
    for (name, xml) in parts {
        let mut own: Vec<&mut MissingValue> =
            missing.iter_mut().filter(|m| m.part == *name).collect();
        if own.is_empty() {
            continue;
        }
        let markers = markers_in(xml);
        if markers.len() != own.len() {
            continue;
        }
        let parsed;
        let paragraphs = match read.and_then(|r| r.iter().find(|(n, _)| n == name)) {
            Some((_, paragraphs)) => paragraphs.as_slice(),
            None => {
                parsed = paragraphs_in(xml, name).unwrap_or_default();
                parsed.as_slice()
            }
        };
        for (m, marker) in own.iter_mut().zip(markers) {
            let Some(p) = paragraphs.iter().find(|p| p.index == marker.paragraph) else {
                continue;
            };
            let Some(at) = offset_of(&p.text, marker.nth) else {
                continue;
            };
            m.paragraph_index = marker.paragraph;
            m.context = Arc::from(p.text.as_str());
            m.at = Some(at);
        }
    }
}
