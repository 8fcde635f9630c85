//! `page-size` and `margin`: each section's `w:pgSz` and `w:pgMar`.
//!
//! - **page-size**: "Khổ A4 (210 mm x 297 mm)" (NĐ 30/2020, Phụ lục I,
//!   mục I.1). Landscape A4 is allowed ("đối với những văn bản có các bảng
//!   biểu … có thể trình bày theo chiều rộng", mục I.2), so a section of
//!   297 × 210 mm passes too.
//! - **margin**: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm
//!   (mục I.3), checked on portrait sections only: the decree gives no
//!   margins for a landscape page.
//!
//! Sizes are stored in twentieths of a point; they are compared in
//! millimetres rounded to a tenth, the precision Word shows them in
//! ("2 cm" is stored as 1134, i.e. 20.004 mm; 11906 × 16838 is 210.0 ×
//! 297.0 mm). A section that does not give a size or a margin is not
//! judged on it. The finding stands on the section's first paragraph with
//! text.

use super::layout::Page;
use super::{whole, Doc, FormatRule};
use crate::check::rules::Hit;

/// Millimetres, rounded to a tenth, of a length in twips.
fn mm(twips: i64) -> f64 {
    (twips as f64 * 25.4 / 1440.0 * 10.0).round() / 10.0
}

fn show(v: f64) -> String {
    let s = if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    };
    s.replace('.', ",")
}

pub fn hits(doc: &Doc) -> Vec<(usize, Hit)> {
    let mut out = Vec::new();
    for (page, at) in doc.sections() {
        out.extend(size(&page).map(|m| whole(doc, at, FormatRule::PageSize, m)));
        out.extend(margins(&page).map(|m| whole(doc, at, FormatRule::Margin, m)));
    }
    out
}

fn size(page: &Page) -> Option<String> {
    let (w, h) = (mm(page.width?), mm(page.height?));
    let a4 = (w == 210.0 && h == 297.0) || (w == 297.0 && h == 210.0);
    (!a4).then(|| {
        format!(
            "Khổ giấy phải là A4 (210 x 297 mm) theo Nghị định 30/2020/NĐ-CP; trang của văn bản là {} x {} mm.",
            show(w),
            show(h)
        )
    })
}

fn margins(page: &Page) -> Option<String> {
    if let (Some(w), Some(h)) = (page.width, page.height) {
        if w > h {
            return None;
        }
    }
    let sides = [
        ("trên", page.top, 20.0, 25.0),
        ("dưới", page.bottom, 20.0, 25.0),
        ("trái", page.left, 30.0, 35.0),
        ("phải", page.right, 15.0, 20.0),
    ];
    let wrong: Vec<String> = sides
        .iter()
        .filter_map(|&(side, value, lo, hi)| {
            let v = mm(value?);
            (v < lo || v > hi).then(|| {
                format!(
                    "lề {side} {} mm (cần {}–{} mm)",
                    show(v),
                    show(lo),
                    show(hi)
                )
            })
        })
        .collect();
    (!wrong.is_empty()).then(|| {
        format!(
            "Lề trang theo Nghị định 30/2020/NĐ-CP: trên và dưới 20–25 mm, trái 30–35 mm, phải 15–20 mm; văn bản có {}.",
            wrong.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a4(top: i64, bottom: i64, left: i64, right: i64) -> Page {
        Page {
            width: Some(11906),
            height: Some(16838),
            top: Some(top),
            bottom: Some(bottom),
            left: Some(left),
            right: Some(right),
        }
    }

    #[test]
    fn a4_either_way_passes_and_letter_does_not() {
        assert_eq!(size(&a4(1134, 1134, 1701, 850)), None);
        let landscape = Page {
            width: Some(16838),
            height: Some(11906),
            ..Page::default()
        };
        assert_eq!(size(&landscape), None);
        let letter = Page {
            width: Some(12240),
            height: Some(15840),
            ..Page::default()
        };
        let m = size(&letter).unwrap();
        assert!(m.contains("215,9 x 279,4 mm"), "{m}");
    }

    #[test]
    fn margins_at_both_ends_of_each_range_pass() {
        assert_eq!(margins(&a4(1134, 1134, 1701, 850)), None);
        assert_eq!(margins(&a4(1417, 1417, 1984, 1134)), None);
        let m = margins(&a4(1440, 1134, 1440, 1440)).unwrap();
        assert!(m.contains("lề trên 25,4 mm"), "{m}");
        assert!(m.contains("lề trái 25,4 mm (cần 30–35 mm)"), "{m}");
        assert!(m.contains("lề phải 25,4 mm"), "{m}");
        assert!(!m.contains("lề dưới"), "{m}");
    }
}
