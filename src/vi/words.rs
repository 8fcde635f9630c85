//! Numbers in Vietnamese words ("Bằng chữ: …").
//!
//! The reading follows the spec's recommended default (format-nd30 §15),
//! which is num2words' reading except for all-zero groups:
//!
//! * digits không, một, … chín; 10 "mười", 20–90 "`<d>` mươi";
//! * unit 1 after a tens digit ≥ 2 is "mốt" ("hai mươi mốt", "mười một");
//!   unit 5 after any tens digit is "lăm" ("mười lăm"); unit 4 after a tens
//!   digit ≥ 2 is "tư" ("hai mươi tư", "mười bốn");
//! * a zero tens digit after hundreds is "linh" ("một trăm linh năm");
//! * numbers are read in groups of three digits with nghìn and triệu; a
//!   group that is entirely zero is skipped with its unit word; any group
//!   after the first is read in full, with "không trăm" (1.050.000 → "một
//!   triệu không trăm năm mươi nghìn");
//! * above a tỷ, the count of tỷ is itself read as a number followed by
//!   "tỷ", so whole thousands and millions of tỷ read "nghìn tỷ", "triệu tỷ"
//!   (5.000.000.000.000 → "năm nghìn tỷ"), and 5.001.000.000.000 reads "năm
//!   nghìn không trăm linh một tỷ"; no comma is ever written after "tỷ".

use super::case::capitalize_first;
use super::number::Decimal;

/// Digit words.
const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Numbers from here on have no reading (a "tỷ tỷ").
const LIMIT: f64 = 1e18;

/// A number in lowercase Vietnamese words; `None` for NaN, infinities and
/// magnitudes of 10^18 and above.
///
/// 1500000 → "một triệu năm trăm nghìn", 105 → "một trăm linh năm",
/// 2021 → "hai nghìn không trăm hai mươi mốt", 0 → "không",
/// -5 → "âm năm".
///
/// Decimals are those [`format_number`](super::format_number) prints with no
/// fixed count (at most 10, without float noise), read after "phẩy". If they
/// start with a zero they are read digit by digit (1,05 → "một phẩy không
/// năm"); otherwise they are read as a whole number (5,4 → "năm phẩy bốn",
/// 3,25 → "ba phẩy hai mươi lăm").
pub fn number_in_words(x: f64) -> Option<String> {
    if !x.is_finite() || x.abs() >= LIMIT {
        return None;
    }
    let d = Decimal::clean(x)?;
    let int: u64 = std::str::from_utf8(&d.int).ok()?.parse().ok()?;
    let mut words = Vec::new();
    if d.negative && !d.is_zero() {
        words.push("âm");
    }
    read_whole(int, &mut words);
    if let Some(&first) = d.frac.first() {
        words.push("phẩy");
        if first == b'0' {
            words.extend(d.frac.iter().map(|&c| DIGITS[usize::from(c - b'0')]));
        } else {
            read_whole(std::str::from_utf8(&d.frac).ok()?.parse().ok()?, &mut words);
        }
    }
    Some(words.join(" "))
}

/// Filter `tien_chu`: an amount of money in words, first letter capitalised,
/// followed by "đồng": 1500000 → "Một triệu năm trăm nghìn đồng". `None`
/// where [`number_in_words`] has none.
pub fn amount_in_words(x: f64) -> Option<String> {
    number_in_words(x).map(|w| capitalize_first(&w) + " đồng")
}

/// Reads a whole number; zero is "không".
fn read_whole(n: u64, out: &mut Vec<&'static str>) {
    if n == 0 {
        out.push(DIGITS[0]);
    } else {
        read(n, out);
    }
}

/// Reads a positive whole number below 10^18, as the first number of a
/// reading when `out` is empty.
fn read(n: u64, out: &mut Vec<&'static str>) {
    let start = out.len();
    let ty = n / 1_000_000_000;
    if ty > 0 {
        read(ty, out);
        out.push("tỷ");
    }
    let rest = n % 1_000_000_000;
    for (group, unit) in [
        (rest / 1_000_000, Some("triệu")),
        (rest / 1_000 % 1_000, Some("nghìn")),
        (rest % 1_000, None),
    ] {
        if group == 0 {
            continue;
        }
        // Only the leading group of the whole reading may be short.
        read_group(group, out.len() > start, out);
        out.extend(unit);
    }
}

/// Reads a group 1..=999; `full` reads hundreds even when zero ("không trăm
/// linh năm").
fn read_group(group: u64, full: bool, out: &mut Vec<&'static str>) {
    let digit = |d: u64| DIGITS[(d % 10) as usize];
    let (hundreds, tens, units) = (group / 100 % 10, group / 10 % 10, group % 10);
    let full = full || hundreds > 0;
    if full {
        out.push(digit(hundreds));
        out.push("trăm");
    }
    match (tens, units) {
        (0, 0) => {}
        (0, u) => {
            if full {
                out.push("linh");
            }
            out.push(digit(u));
        }
        (1, u) => {
            out.push("mười");
            match u {
                0 => {}
                5 => out.push("lăm"),
                u => out.push(digit(u)),
            }
        }
        (t, u) => {
            out.push(digit(t));
            out.push("mươi");
            match u {
                0 => {}
                1 => out.push("mốt"),
                4 => out.push("tư"),
                5 => out.push("lăm"),
                u => out.push(digit(u)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::is_nfc;

    fn words(x: f64) -> String {
        number_in_words(x).expect("a reading")
    }

    #[test]
    fn brief_examples() {
        assert_eq!(words(1_500_000.0), "một triệu năm trăm nghìn");
        assert_eq!(words(105.0), "một trăm linh năm");
        assert_eq!(words(25.0), "hai mươi lăm");
        assert_eq!(words(21.0), "hai mươi mốt");
        assert_eq!(words(2021.0), "hai nghìn không trăm hai mươi mốt");
        assert_eq!(words(15.0), "mười lăm");
        assert_eq!(words(11.0), "mười một");
        assert_eq!(words(24.0), "hai mươi tư");
        assert_eq!(words(0.0), "không");
    }

    #[test]
    fn small_numbers() {
        let expected: &[(u64, &str)] = &[
            (1, "một"),
            (4, "bốn"),
            (5, "năm"),
            (10, "mười"),
            (14, "mười bốn"),
            (20, "hai mươi"),
            (34, "ba mươi tư"),
            (45, "bốn mươi lăm"),
            (51, "năm mươi mốt"),
            (99, "chín mươi chín"),
            (100, "một trăm"),
            (101, "một trăm linh một"),
            (104, "một trăm linh bốn"),
            (110, "một trăm mười"),
            (111, "một trăm mười một"),
            (115, "một trăm mười lăm"),
            (121, "một trăm hai mươi mốt"),
            (999, "chín trăm chín mươi chín"),
            (1000, "một nghìn"),
            (1005, "một nghìn không trăm linh năm"),
            (1010, "một nghìn không trăm mười"),
            (10_500, "mười nghìn năm trăm"),
        ];
        for &(n, w) in expected {
            assert_eq!(words(n as f64), w, "{n}");
        }
    }

    #[test]
    fn num2words_vectors() {
        let expected: &[(u64, &str)] = &[
            (32_000_000, "ba mươi hai triệu"),
            (
                32_516_497,
                "ba mươi hai triệu năm trăm mười sáu nghìn bốn trăm chín mươi bảy",
            ),
            (
                834_291_712,
                "tám trăm ba mươi tư triệu hai trăm chín mươi mốt nghìn bảy trăm mười hai",
            ),
            (
                308_250_705,
                "ba trăm linh tám triệu hai trăm năm mươi nghìn bảy trăm linh năm",
            ),
            (
                7_312_836,
                "bảy triệu ba trăm mười hai nghìn tám trăm ba mươi sáu",
            ),
            (
                57_602_511,
                "năm mươi bảy triệu sáu trăm linh hai nghìn năm trăm mười một",
            ),
            (
                351_600_307,
                "ba trăm năm mươi mốt triệu sáu trăm nghìn ba trăm linh bảy",
            ),
            (
                900_370_200,
                "chín trăm triệu ba trăm bảy mươi nghìn hai trăm",
            ),
            (
                400_070_192,
                "bốn trăm triệu không trăm bảy mươi nghìn một trăm chín mươi hai",
            ),
            (
                10_250_214,
                "mười triệu hai trăm năm mươi nghìn hai trăm mười bốn",
            ),
            (
                400_036_105,
                "bốn trăm triệu không trăm ba mươi sáu nghìn một trăm linh năm",
            ),
            (
                500_209_037,
                "năm trăm triệu hai trăm linh chín nghìn không trăm ba mươi bảy",
            ),
            (
                11_966_222,
                "mười một triệu chín trăm sáu mươi sáu nghìn hai trăm hai mươi hai",
            ),
            (2_000_000_000, "hai tỷ"),
        ];
        for &(n, w) in expected {
            assert_eq!(words(n as f64), w, "{n}");
        }
    }

    #[test]
    fn recommended_default_column() {
        assert_eq!(words(1_000_005.0), "một triệu không trăm linh năm");
        assert_eq!(words(1_050_000.0), "một triệu không trăm năm mươi nghìn");
        assert_eq!(words(700_000_231.0), "bảy trăm triệu hai trăm ba mươi mốt");
        assert_eq!(
            words(1_002_003_004.0),
            "một tỷ không trăm linh hai triệu không trăm linh ba nghìn không trăm linh bốn"
        );
    }

    #[test]
    fn beyond_ty() {
        assert_eq!(words(1e9), "một tỷ");
        assert_eq!(words(1_000_000_001.0), "một tỷ không trăm linh một");
        assert_eq!(words(5e12), "năm nghìn tỷ");
        assert_eq!(
            words(5_001_000_000_000.0),
            "năm nghìn không trăm linh một tỷ"
        );
        assert_eq!(
            words(5_000_001_000_000.0),
            "năm nghìn tỷ không trăm linh một triệu"
        );
        assert_eq!(words(1e15), "một triệu tỷ");
        assert_eq!(words(2_000_000_000_000_500.0), "hai triệu tỷ năm trăm");
        assert_eq!(
            words(123_456_789_000_000_000.0),
            "một trăm hai mươi ba triệu bốn trăm năm mươi sáu nghìn bảy trăm tám mươi chín tỷ"
        );
        assert_eq!(
            words(999_999_999_999_999_900.0),
            "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn \
             chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu \
             chín trăm chín mươi chín nghìn chín trăm"
        );
    }

    #[test]
    fn decimals() {
        assert_eq!(words(5.4), "năm phẩy bốn");
        assert_eq!(words(1.05), "một phẩy không năm");
        assert_eq!(words(1.005), "một phẩy không không năm");
        assert_eq!(words(3.25), "ba phẩy hai mươi lăm");
        assert_eq!(words(0.5), "không phẩy năm");
        assert_eq!(
            words(11_966.222),
            "mười một nghìn chín trăm sáu mươi sáu phẩy hai trăm hai mươi hai"
        );
        assert_eq!(words(6.1), "sáu phẩy một");
        assert_eq!(words(0.1 + 0.2), "không phẩy ba");
        assert_eq!(words(2.0000000000001), "hai");
    }

    #[test]
    fn negatives() {
        assert_eq!(words(-5.0), "âm năm");
        assert_eq!(words(-1500.0), "âm một nghìn năm trăm");
        assert_eq!(words(-0.5), "âm không phẩy năm");
        assert_eq!(words(-0.0), "không");
        assert_eq!(words(-1e-12), "không");
    }

    #[test]
    fn no_reading() {
        assert_eq!(number_in_words(f64::NAN), None);
        assert_eq!(number_in_words(f64::INFINITY), None);
        assert_eq!(number_in_words(f64::NEG_INFINITY), None);
        assert_eq!(number_in_words(1e18), None);
        assert_eq!(number_in_words(-1e18), None);
        assert_eq!(number_in_words(f64::MAX), None);
        assert_eq!(amount_in_words(f64::NAN), None);
        assert_eq!(amount_in_words(1e18), None);
        assert!(number_in_words(999_999_999_999_999_872.0).is_some());
        assert_eq!(words(f64::MIN_POSITIVE), "không");
    }

    #[test]
    fn amounts() {
        assert_eq!(
            amount_in_words(1_500_000.0).as_deref(),
            Some("Một triệu năm trăm nghìn đồng")
        );
        assert_eq!(
            amount_in_words(120_000_000.0).as_deref(),
            Some("Một trăm hai mươi triệu đồng")
        );
        assert_eq!(amount_in_words(0.0).as_deref(), Some("Không đồng"));
        // Filter `chu`.
        assert_eq!(
            capitalize_first(&words(1_500_000.0)),
            "Một triệu năm trăm nghìn"
        );
        assert_eq!(amount_in_words(-5.0).as_deref(), Some("Âm năm đồng"));
    }

    #[test]
    fn every_magnitude_reads() {
        for exp in -20..=17 {
            for mantissa in [1.0, 1.5, 9.99, 7.000_000_1] {
                for x in [mantissa * 10f64.powi(exp), -mantissa * 10f64.powi(exp)] {
                    let w = number_in_words(x).expect("a reading");
                    assert!(!w.is_empty() && is_nfc(&w), "{x}: {w}");
                }
            }
        }
    }

    #[test]
    fn output_is_nfc() {
        for n in (0u64..2000).chain([1_000_005, 1_002_003_004, 5_001_000_000_000]) {
            let w = words(n as f64);
            assert!(is_nfc(&w), "{n}: {w}");
            assert!(
                !w.contains("  ") && !w.starts_with(' ') && !w.ends_with(' '),
                "{n}: {w}"
            );
        }
    }
}
