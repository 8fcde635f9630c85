//! Numbers in Vietnamese notation: `.` groups thousands and `,` is the
//! decimal mark (Luật Kế toán 2003, Điều 12; CLDR `vi`).
//!
//! All formatting goes through [`Decimal`], an exact decimal expansion of
//! the `f64`, so rounding is done on the digits a reader sees and never on
//! the binary value.

/// Most decimals [`format_number`] prints; larger requests are clamped.
const MAX_DECIMALS: u32 = 20;

/// Significant digits an `f64` carries reliably (`f64::DIGITS`). Digits past
/// this are binary noise (`0.1 + 0.2` = `0.30000000000000004`).
const SIGNIFICANT_DIGITS: usize = f64::DIGITS as usize;

/// Most decimals kept when the caller does not fix the count.
const FREE_DECIMALS: usize = 10;

/// A finite number as decimal digits (ASCII bytes, most significant first).
#[derive(Debug)]
pub(super) struct Decimal {
    /// Sign; ignored when every digit is zero (no "-0").
    pub(super) negative: bool,
    /// Integer digits without leading zeros; `b"0"` for zero.
    pub(super) int: Vec<u8>,
    /// Fraction digits; empty for a whole number.
    pub(super) frac: Vec<u8>,
}

impl Decimal {
    /// The value of `x` as a reader would write it: the shortest digits that
    /// identify the `f64`, rounded to 15 significant digits and at most 10
    /// decimals, trailing zeros dropped. `None` for NaN and infinities.
    pub(super) fn clean(x: f64) -> Option<Self> {
        let mut d = Self::shortest(x)?;
        let int_digits = if d.int == b"0" { 0 } else { d.int.len() };
        d.round(
            SIGNIFICANT_DIGITS
                .saturating_sub(int_digits)
                .min(FREE_DECIMALS),
        );
        while d.frac.last() == Some(&b'0') {
            d.frac.pop();
        }
        Some(d)
    }

    /// The shortest decimal digits that round-trip to `x`.
    fn shortest(x: f64) -> Option<Self> {
        if !x.is_finite() {
            return None;
        }
        // `{:e}` prints the shortest round-trip digits: "1.5e6", "3e-1".
        let sci = format!("{:e}", x.abs());
        let (mantissa, exp) = sci.split_once('e')?;
        let exp: i64 = exp.parse().ok()?;
        let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
        // Number of digits before the decimal point.
        let int_len = exp + 1;
        let (int, frac) = if int_len <= 0 {
            let mut frac = vec![b'0'; usize::try_from(-int_len).ok()?];
            frac.extend_from_slice(&digits);
            (b"0".to_vec(), frac)
        } else {
            let int_len = usize::try_from(int_len).ok()?;
            if int_len >= digits.len() {
                let mut int = digits;
                int.resize(int_len, b'0');
                (int, Vec::new())
            } else {
                (digits[..int_len].to_vec(), digits[int_len..].to_vec())
            }
        };
        Some(Self {
            negative: x.is_sign_negative(),
            int,
            frac,
        })
    }

    /// Rounds to `places` decimals, half away from zero. Never pads.
    fn round(&mut self, places: usize) {
        if self.frac.len() <= places {
            return;
        }
        let up = self.frac[places] >= b'5';
        self.frac.truncate(places);
        if !up {
            return;
        }
        for digit in self.frac.iter_mut().rev().chain(self.int.iter_mut().rev()) {
            if *digit == b'9' {
                *digit = b'0';
            } else {
                *digit += 1;
                return;
            }
        }
        // Every digit was a 9: 9,96 → 10,0.
        self.int.insert(0, b'1');
    }

    /// True when every digit is zero.
    pub(super) fn is_zero(&self) -> bool {
        self.int.iter().chain(&self.frac).all(|&d| d == b'0')
    }

    /// Vietnamese notation: "-11.966,222".
    fn to_vietnamese(&self) -> String {
        let mut out = String::with_capacity(self.int.len() * 4 / 3 + self.frac.len() + 2);
        if self.negative && !self.is_zero() {
            out.push('-');
        }
        let len = self.int.len();
        for (i, &d) in self.int.iter().enumerate() {
            // Grouping starts at 4 digits: 1.000, but 999.
            if i > 0 && (len - i) % 3 == 0 {
                out.push('.');
            }
            out.push(char::from(d));
        }
        if !self.frac.is_empty() {
            out.push(',');
            out.extend(self.frac.iter().map(|&d| char::from(d)));
        }
        out
    }
}

/// Reads a number written either plainly or in Vietnamese notation.
///
/// Surrounding whitespace is ignored, as is a trailing `%` ("64%" → 64).
/// A leading `-`, `−` (U+2212) or `+` sets the sign. The rule for `.` and `,`:
///
/// * If the string has a `,`, it is the decimal mark and `.` may only group
///   thousands: "5,4" → 5.4, "11.966,222" → 11966.222.
/// * Otherwise, dots that split the digits into a first group of 1–3 digits
///   (not starting with `0`) followed by groups of exactly 3 digits group
///   thousands: "28.013" → 28013, "1.500.000" → 1500000. This includes a
///   single dot followed by exactly three digits, so the ambiguous "149.666"
///   is read as 149666, because that is how Vietnamese documents write
///   numbers. "0.500" is 0.5, since no grouped number starts with a 0 group.
/// * Otherwise a single `.` is a decimal point: "5.4", "1234.567". This is
///   how "0.500" and "01.500" read: Vietnamese notation never writes a
///   thousands group after a leading zero (the leading zero of "01", "05"
///   pads counts below ten only, and a number under 1.000 has no dot), so a
///   dot after a 0 can only be a decimal point typed the English way — 0.5
///   and 1.5 — and reading it as 500 or 1.500 would turn half a unit into
///   hundreds.
/// * Plain scientific notation is accepted: "1e3", "1.5E-2".
///
/// Anything else is rejected with `None`: "", "abc", "1.2.3", "1,2,3",
/// "1 000", "NaN", "inf", and numbers too large for an `f64`.
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    let s = s.strip_suffix('%').map_or(s, str::trim_end);
    let (negative, body) = if let Some(rest) = s.strip_prefix(['-', '\u{2212}']) {
        (true, rest)
    } else {
        (false, s.strip_prefix('+').unwrap_or(s))
    };
    let value: f64 = to_plain(body)?.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    Some(if negative { -value } else { value })
}

/// Digits after the decimal mark of a number as [`parse_number`] reads it:
/// "75,1" → 1, "1.500" → 0 (a thousands group), "0.500" → 3, "64%" → 0.
/// `None` when `s` is not a number.
pub fn written_decimals(s: &str) -> Option<u32> {
    parse_number(s)?;
    let s = s.trim();
    let s = s.strip_suffix('%').map_or(s, str::trim_end);
    let body = s.trim_start_matches(['-', '\u{2212}', '+']);
    let plain = to_plain(body)?;
    let mantissa = plain.split(['e', 'E']).next().unwrap_or("");
    Some(mantissa.split_once('.').map_or(0, |(_, f)| f.len() as u32))
}

/// A number for a message: at most two decimals, trailing zeros dropped,
/// in Vietnamese notation: 87.5 → "87,5", 80.0 → "80", 1500.0 → "1.500",
/// 66.666 → "66,67".
pub fn format_short(x: f64) -> String {
    let s = format_number(x, Some(2));
    match s.split_once(',') {
        Some((int, frac)) => match frac.trim_end_matches('0') {
            "" => int.to_string(),
            frac => format!("{int},{frac}"),
        },
        None => s,
    }
}

/// Rewrites an unsigned number in the notation Rust parses ("11966.222").
fn to_plain(body: &str) -> Option<String> {
    if body.contains(['e', 'E']) {
        let ok = body.starts_with(|c: char| c.is_ascii_digit())
            && body
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
        return ok.then(|| body.to_string());
    }
    if let Some((int, frac)) = body.split_once(',') {
        if !all_digits(frac) {
            return None;
        }
        let int = ungroup(int).or_else(|| all_digits(int).then(|| int.to_string()))?;
        return Some(format!("{int}.{frac}"));
    }
    if let Some(int) = ungroup(body) {
        return Some(int);
    }
    let plain = match body.split_once('.') {
        Some((int, frac)) => all_digits(int) && all_digits(frac),
        None => all_digits(body),
    };
    plain.then(|| body.to_string())
}

/// Non-empty and ASCII digits only.
fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// "1.500.000" → "1500000"; `None` unless `s` has at least one dot, a first
/// group of 1–3 digits not starting with `0`, then groups of exactly 3.
fn ungroup(s: &str) -> Option<String> {
    let mut groups = s.split('.');
    let first = groups.next()?;
    let first_ok = (1..=3).contains(&first.len()) && all_digits(first) && !first.starts_with('0');
    let mut out = first.to_string();
    let mut dots = 0;
    for group in groups {
        if group.len() != 3 || !all_digits(group) {
            return None;
        }
        out.push_str(group);
        dots += 1;
    }
    (first_ok && dots > 0).then_some(out)
}

/// Filter `so`: a number in Vietnamese notation.
///
/// Thousands are grouped with `.` from 4 digits on ("1.000"), the decimal
/// mark is `,`: 28013 → "28.013", 11966.222 → "11.966,222", -1500 → "-1.500".
///
/// With `Some(n)` exactly `n` decimals are printed (at most 20), rounded half
/// away from zero: 149.666 with `Some(1)` → "149,7", 5 with `Some(1)` → "5,0".
/// With `None` the number is printed as written, without binary noise: it is
/// rounded to 15 significant digits and at most 10 decimals, and trailing
/// zeros are dropped (0.1 + 0.2 → "0,3").
///
/// NaN and infinities print as Rust prints them ("NaN", "inf"), so that a bad
/// value stays visible in the document.
pub fn format_number(x: f64, decimals: Option<u32>) -> String {
    let Some(mut d) = Decimal::clean(x) else {
        return x.to_string();
    };
    if let Some(n) = decimals {
        let n = n.min(MAX_DECIMALS) as usize;
        d.round(n);
        d.frac.resize(n, b'0');
    }
    d.to_vietnamese()
}

/// Filter `hai_so`: like [`format_number`], but whole numbers 0–9 get a
/// leading zero, as ND30 writes counts ("04 doanh nghiệp"): 4 → "04",
/// 12 → "12", 1500 → "1.500", 4.5 → "4,5".
pub fn format_two_digits(x: f64) -> String {
    let s = format_number(x, None);
    if s.len() == 1 && s.bytes().all(|b| b.is_ascii_digit()) {
        format!("0{s}")
    } else {
        s
    }
}

/// Filter `phan_tram`: [`format_number`] followed by `%` with no space
/// (CLDR `vi`): 5.4 → "5,4%", 64 → "64%".
pub fn format_percent(x: f64, decimals: Option<u32>) -> String {
    let mut s = format_number(x, decimals);
    s.push('%');
    s
}

/// Filter `ti_le`: `part` as a percentage of `whole`.
///
/// With `None`: one decimal, and a trailing ",0" is dropped (2246 of 1500 →
/// "149,7%", 1500 of 1500 → "100%"). With `Some(n)`: exactly `n` decimals
/// (484 of 723 with `Some(0)` → "67%"). `None` when `whole` is zero or the
/// result is not a finite number.
pub fn ratio_percent(part: f64, whole: f64, decimals: Option<u32>) -> Option<String> {
    if whole == 0.0 {
        return None;
    }
    let value = part / whole * 100.0;
    if !value.is_finite() {
        return None;
    }
    let mut s = format_number(value, Some(decimals.unwrap_or(1)));
    if decimals.is_none() && s.ends_with(",0") {
        s.truncate(s.len() - 2);
    }
    s.push('%');
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_plain_numbers() {
        assert_eq!(parse_number("28013"), Some(28013.0));
        assert_eq!(parse_number("5.4"), Some(5.4));
        assert_eq!(parse_number("-1500"), Some(-1500.0));
        assert_eq!(parse_number("+7"), Some(7.0));
        assert_eq!(parse_number("\u{2212}3"), Some(-3.0));
        assert_eq!(parse_number("1234.567"), Some(1234.567));
        assert_eq!(parse_number("0.500"), Some(0.5));
        assert_eq!(parse_number("1.5000"), Some(1.5));
        assert_eq!(parse_number("007"), Some(7.0));
        assert_eq!(parse_number("  42 \n"), Some(42.0));
    }

    #[test]
    fn parse_scientific() {
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert_eq!(parse_number("1.5E-2"), Some(0.015));
        assert_eq!(parse_number("-2e+2"), Some(-200.0));
        assert_eq!(parse_number("1e400"), None);
        assert_eq!(parse_number("1e"), None);
        assert_eq!(parse_number("e3"), None);
        assert_eq!(parse_number("1e3.5"), None);
    }

    #[test]
    fn parse_vietnamese_numbers() {
        assert_eq!(parse_number("28.013"), Some(28013.0));
        assert_eq!(parse_number("5,4"), Some(5.4));
        assert_eq!(parse_number("11.966,222"), Some(11966.222));
        assert_eq!(parse_number("11966,222"), Some(11966.222));
        assert_eq!(parse_number("1.500.000"), Some(1_500_000.0));
        assert_eq!(parse_number("0,5"), Some(0.5));
        assert_eq!(parse_number("-1.500"), Some(-1500.0));
        // A single dot before exactly three digits groups thousands.
        assert_eq!(parse_number("149.666"), Some(149_666.0));
    }

    #[test]
    fn one_reading_for_the_ambiguous_dots() {
        assert_eq!(parse_number("0.500"), Some(0.5));
        assert_eq!(parse_number("01.500"), Some(1.5));
        assert_eq!(parse_number("-1.500"), Some(-1500.0));
        assert_eq!(parse_number("1.500"), Some(1500.0));
        assert_eq!(parse_number("5.0"), Some(5.0));
        assert_eq!(parse_number("12.3456"), Some(12.3456));
        assert_eq!(parse_number("1.830,250"), Some(1830.25));
    }

    #[test]
    fn decimals_as_written() {
        for (s, d) in [
            ("33,3", Some(1)),
            ("75,10", Some(2)),
            ("1.500", Some(0)),
            ("1.500.000", Some(0)),
            ("0.500", Some(3)),
            ("01.500", Some(3)),
            ("5.0", Some(1)),
            ("87,5%", Some(1)),
            ("-1.500", Some(0)),
            ("85", Some(0)),
            ("1.5E-2", Some(1)),
            ("abc", None),
            ("1.2.3", None),
        ] {
            assert_eq!(written_decimals(s), d, "{s:?}");
        }
    }

    #[test]
    fn short_numbers_for_messages() {
        assert_eq!(format_short(87.5), "87,5");
        assert_eq!(format_short(80.0), "80");
        assert_eq!(format_short(1500.0), "1.500");
        assert_eq!(format_short(200.0 / 3.0), "66,67");
        assert_eq!(format_short(99.999), "100");
        assert_eq!(format_short(0.1), "0,1");
    }

    #[test]
    fn parse_percent() {
        assert_eq!(parse_number("64%"), Some(64.0));
        assert_eq!(parse_number("5,4%"), Some(5.4));
        assert_eq!(parse_number("75,1 %"), Some(75.1));
        assert_eq!(parse_number("%"), None);
        assert_eq!(parse_number("5%%"), None);
    }

    #[test]
    fn parse_rejects_garbage() {
        for s in [
            "", " ", "abc", "-", "+", "--5", "+-5", "- 5", "1.2.3", "1,2,3", "1.50,5", "0.500,5",
            "1.5.0000", "5,", ",5", ".5", "5.", "1 000", "12a", "NaN", "nan", "inf", "-inf",
            "infinity", "0x10", "٣",
        ] {
            assert_eq!(parse_number(s), None, "{s:?}");
        }
        let huge = format!("1{}", "0".repeat(400));
        assert_eq!(parse_number(&huge), None);
    }

    #[test]
    fn format_exact_examples() {
        assert_eq!(format_number(28013.0, None), "28.013");
        assert_eq!(format_number(11966.222, None), "11.966,222");
        assert_eq!(format_number(5.4, None), "5,4");
        assert_eq!(format_number(-1500.0, None), "-1.500");
        assert_eq!(format_number(1_500_000.0, None), "1.500.000");
        assert_eq!(format_number(149.666, Some(1)), "149,7");
        assert_eq!(format_number(5.0, Some(1)), "5,0");
        assert_eq!(format_number(11966.222, Some(3)), "11.966,222");
    }

    #[test]
    fn format_grouping_starts_at_four_digits() {
        assert_eq!(format_number(0.0, None), "0");
        assert_eq!(format_number(999.0, None), "999");
        assert_eq!(format_number(1000.0, None), "1.000");
        assert_eq!(format_number(1600.0, None), "1.600");
        assert_eq!(format_number(99_999.0, None), "99.999");
        assert_eq!(format_number(100_000.0, None), "100.000");
        assert_eq!(format_number(2e9, None), "2.000.000.000");
        assert_eq!(format_number(-999.0, None), "-999");
    }

    #[test]
    fn format_hides_float_noise() {
        assert_eq!(format_number(0.1 + 0.2, None), "0,3");
        // Noise within the first 10 decimals, beyond 15 significant digits.
        assert_eq!(format_number(1_234_567.1 + 0.11, None), "1.234.567,21");
        assert_eq!(format_number(4_797_694.1 + 0.05, None), "4.797.694,15");
        assert_eq!(format_number(4_797_694.1 + 0.05, Some(1)), "4.797.694,2");
        assert_eq!(format_number(3.0 * 1.1, None), "3,3");
        assert_eq!(format_number(0.1 + 0.2, Some(20)), "0,30000000000000000000");
        assert_eq!(format_number(1e-11, None), "0");
    }

    #[test]
    fn format_rounds_half_away_from_zero() {
        assert_eq!(format_number(2.5, Some(0)), "3");
        assert_eq!(format_number(-2.5, Some(0)), "-3");
        assert_eq!(format_number(0.5, Some(0)), "1");
        assert_eq!(format_number(1.25, Some(1)), "1,3");
        assert_eq!(format_number(1.005, Some(2)), "1,01");
        assert_eq!(format_number(9.96, Some(1)), "10,0");
        assert_eq!(format_number(999.95, Some(1)), "1.000,0");
        assert_eq!(format_number(1.24, Some(1)), "1,2");
    }

    #[test]
    fn format_never_prints_minus_zero() {
        assert_eq!(format_number(-0.0, None), "0");
        assert_eq!(format_number(-0.04, Some(1)), "0,0");
        assert_eq!(format_number(-1e-12, None), "0");
    }

    #[test]
    fn format_odd_inputs() {
        assert_eq!(format_number(f64::NAN, None), "NaN");
        assert_eq!(format_number(f64::INFINITY, Some(2)), "inf");
        assert_eq!(format_number(f64::NEG_INFINITY, None), "-inf");
        assert_eq!(
            format_number(1.0, Some(u32::MAX)),
            format!("1,{}", "0".repeat(20))
        );
        assert_eq!(format_number(1e21, None), "1.000.000.000.000.000.000.000");
        let max = format_number(f64::MAX, None);
        assert!(max.starts_with("179.769.313.486.231.570.000"), "{max}");
        assert_eq!(max.len(), 309 + 102);
        assert_eq!(format_number(f64::MIN_POSITIVE, None), "0");
        assert_eq!(format_number(5e-324, Some(3)), "0,000");
    }

    #[test]
    fn parse_then_format_round_trips() {
        for s in [
            "28.013",
            "11.966,222",
            "5,4",
            "-1.500",
            "1.500.000",
            "0,25",
            "999",
        ] {
            assert_eq!(format_number(parse_number(s).unwrap(), None), s);
        }
    }

    #[test]
    fn format_then_parse_round_trips() {
        // Down to 10^-4 all digits fit in the 10 decimals printed.
        for exp in -4..=15 {
            for mantissa in [1.0, 1.25, 3.3, 9.999, 4.797_694] {
                for x in [mantissa * 10f64.powi(exp), -mantissa * 10f64.powi(exp)] {
                    let s = format_number(x, None);
                    let back = parse_number(&s).unwrap_or_else(|| panic!("{x}: {s}"));
                    assert!((back - x).abs() <= x.abs() * 1e-14, "{x}: {s} → {back}");
                }
            }
        }
    }

    #[test]
    fn two_digits() {
        assert_eq!(format_two_digits(4.0), "04");
        assert_eq!(format_two_digits(0.0), "00");
        assert_eq!(format_two_digits(9.0), "09");
        assert_eq!(format_two_digits(10.0), "10");
        assert_eq!(format_two_digits(12.0), "12");
        assert_eq!(format_two_digits(1500.0), "1.500");
        assert_eq!(format_two_digits(4.5), "4,5");
        assert_eq!(format_two_digits(-4.0), "-4");
        assert_eq!(format_two_digits(3.0 * 1.0000000000000002), "03");
        assert_eq!(format_two_digits(f64::NAN), "NaN");
    }

    #[test]
    fn percent() {
        assert_eq!(format_percent(5.4, None), "5,4%");
        assert_eq!(format_percent(64.0, None), "64%");
        assert_eq!(format_percent(99.94, Some(1)), "99,9%");
        assert_eq!(format_percent(98.0, Some(1)), "98,0%");
        assert_eq!(format_percent(1234.5, None), "1.234,5%");
    }

    #[test]
    fn ratio() {
        assert_eq!(
            ratio_percent(2246.0, 1500.0, None).as_deref(),
            Some("149,7%")
        );
        assert_eq!(ratio_percent(484.0, 723.0, None).as_deref(), Some("66,9%"));
        assert_eq!(ratio_percent(1500.0, 1500.0, None).as_deref(), Some("100%"));
        assert_eq!(ratio_percent(484.0, 723.0, Some(0)).as_deref(), Some("67%"));
        assert_eq!(ratio_percent(711.0, 726.0, None).as_deref(), Some("97,9%"));
        assert_eq!(
            ratio_percent(1500.0, 1500.0, Some(1)).as_deref(),
            Some("100,0%")
        );
        assert_eq!(ratio_percent(1.0, 8.0, Some(0)).as_deref(), Some("13%"));
        assert_eq!(ratio_percent(7.0, 100.0, None).as_deref(), Some("7%"));
        assert_eq!(ratio_percent(0.0, 5.0, None).as_deref(), Some("0%"));
        assert_eq!(ratio_percent(-1.0, 4.0, None).as_deref(), Some("-25%"));
    }

    #[test]
    fn ratio_without_a_value() {
        assert_eq!(ratio_percent(5.0, 0.0, None), None);
        assert_eq!(ratio_percent(5.0, -0.0, None), None);
        assert_eq!(ratio_percent(0.0, 0.0, None), None);
        assert_eq!(ratio_percent(f64::NAN, 5.0, None), None);
        assert_eq!(ratio_percent(5.0, f64::NAN, None), None);
        assert_eq!(ratio_percent(f64::INFINITY, 5.0, None), None);
        assert_eq!(ratio_percent(f64::MAX, 0.5, None), None);
    }
}
