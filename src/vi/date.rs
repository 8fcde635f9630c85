//! Dates in the form Nghị định 30/2020 prescribes: "ngày 05 tháng 01 năm
//! 2024", with a leading zero for days below 10 and for months 1 and 2 only.

/// A calendar date (proleptic Gregorian). Values made by [`parse_date`] are
/// real dates; the fields are public, so other values are formatted as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, four digits when parsed.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
}

/// Reads a date; `None` unless it names a real calendar day.
///
/// Accepted, after trimming whitespace:
/// * ISO `2024-01-05`, also as the start of a date-time (`2024-01-05T08:30:00`
///   or `2024-01-05 08:30`; the time is not read);
/// * day first, as Vietnamese writes dates: `05/01/2024`, `5/1/2024`,
///   `05-01-2024`, with the same separator twice.
///
/// Years have four digits, days and months one or two. Leap years are
/// checked: "2024-02-29" is a date, "2023-02-29" is not.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    iso(s).or_else(|| day_first(s))
}

/// `YYYY-MM-DD`, optionally followed by `T`, `t` or a space and a time.
fn iso(s: &str) -> Option<Date> {
    let date = s.find(['T', 't', ' ']).map_or(s, |i| &s[..i]);
    let mut parts = date.split('-');
    let year = field(parts.next()?, 4, 4)?;
    let month = field(parts.next()?, 1, 2)?;
    let day = field(parts.next()?, 1, 2)?;
    if parts.next().is_some() {
        return None;
    }
    valid(year, month, day)
}

/// `D/M/YYYY` or `D-M-YYYY`, one or two digits for day and month.
fn day_first(s: &str) -> Option<Date> {
    let sep = s.chars().find(|c| !c.is_ascii_digit())?;
    if sep != '/' && sep != '-' {
        return None;
    }
    let mut parts = s.split(sep);
    let day = field(parts.next()?, 1, 2)?;
    let month = field(parts.next()?, 1, 2)?;
    let year = field(parts.next()?, 4, 4)?;
    if parts.next().is_some() {
        return None;
    }
    valid(year, month, day)
}

/// An unsigned decimal field of `min..=max` ASCII digits.
fn field(s: &str, min: usize, max: usize) -> Option<u32> {
    if !(min..=max).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The date, if the day exists in that month of that year.
fn valid(year: u32, month: u32, day: u32) -> Option<Date> {
    let year = i32::try_from(year).ok()?;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days)
        .contains(&day)
        .then_some(Date { year, month, day })
}

/// Day with a leading zero below 10, month with a leading zero for 1 and 2.
fn padded(d: Date) -> (String, String) {
    let day = format!("{:02}", d.day);
    let month = if d.month <= 2 {
        format!("{:02}", d.month)
    } else {
        d.month.to_string()
    };
    (day, month)
}

/// Filter `ngay`: the date as ND30 writes it under the place name.
///
/// 2024-01-05 → "ngày 05 tháng 01 năm 2024";
/// 2024-03-02 → "ngày 02 tháng 3 năm 2024".
pub fn date_long(d: Date) -> String {
    let (day, month) = padded(d);
    format!("ngày {day} tháng {month} năm {}", d.year)
}

/// Filter `ngay_so`: the date in figures, with the same padding rule as
/// [`date_long`]: 2024-01-05 → "05/01/2024", 2021-06-12 → "12/6/2021".
pub fn date_short(d: Date) -> String {
    let (day, month) = padded(d);
    format!("{day}/{month}/{}", d.year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn parse_iso() {
        assert_eq!(parse_date("2024-01-05"), Some(date(2024, 1, 5)));
        assert_eq!(parse_date("2024-12-31"), Some(date(2024, 12, 31)));
        assert_eq!(parse_date("2024-1-5"), Some(date(2024, 1, 5)));
        assert_eq!(parse_date(" 2024-01-05\n"), Some(date(2024, 1, 5)));
        assert_eq!(
            parse_date("2024-01-05T08:30:00+07:00"),
            Some(date(2024, 1, 5))
        );
        assert_eq!(parse_date("2024-01-05t08:30"), Some(date(2024, 1, 5)));
        assert_eq!(parse_date("2024-01-05 08:30"), Some(date(2024, 1, 5)));
    }

    #[test]
    fn parse_day_first() {
        assert_eq!(parse_date("05/01/2024"), Some(date(2024, 1, 5)));
        assert_eq!(parse_date("5/1/2024"), Some(date(2024, 1, 5)));
        assert_eq!(parse_date("05-01-2024"), Some(date(2024, 1, 5)));
        assert_eq!(parse_date("12/6/2021"), Some(date(2021, 6, 12)));
        assert_eq!(parse_date("28/01/2008"), Some(date(2008, 1, 28)));
        assert_eq!(parse_date("09/3/2017"), Some(date(2017, 3, 9)));
    }

    #[test]
    fn parse_checks_the_calendar() {
        assert_eq!(parse_date("2024-02-29"), Some(date(2024, 2, 29)));
        assert_eq!(parse_date("2000-02-29"), Some(date(2000, 2, 29)));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("1900-02-29"), None);
        assert_eq!(parse_date("29/02/2023"), None);
        assert_eq!(parse_date("2024-04-31"), None);
        assert_eq!(parse_date("31/4/2024"), None);
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(parse_date("2024-00-10"), None);
        assert_eq!(parse_date("2024-01-00"), None);
        assert_eq!(parse_date("32/01/2024"), None);
        assert_eq!(parse_date("2024-01-31"), Some(date(2024, 1, 31)));
    }

    #[test]
    fn parse_rejects_other_shapes() {
        for s in [
            "",
            " ",
            "abc",
            "2024",
            "2024-01",
            "24-01-05",
            "2024/01/05",
            "05/01-2024",
            "05/01/24",
            "05/01/02024",
            "005/01/2024",
            "05.01.2024",
            "05/01/2024/1",
            "2024-01-05-1",
            "2024-001-05",
            "2024-01-05x",
            "+5/1/2024",
            "٠٥/٠١/٢٠٢٤",
            "ngày 05 tháng 01 năm 2024",
            "T",
        ] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
    }

    #[test]
    fn long_form() {
        let long = |s| date_long(parse_date(s).unwrap());
        assert_eq!(long("2024-01-05"), "ngày 05 tháng 01 năm 2024");
        assert_eq!(long("2024-03-02"), "ngày 02 tháng 3 năm 2024");
        assert_eq!(long("2020-01-05"), "ngày 05 tháng 01 năm 2020");
        assert_eq!(long("2019-06-29"), "ngày 29 tháng 6 năm 2019");
        assert_eq!(long("2024-02-14"), "ngày 14 tháng 02 năm 2024");
        assert_eq!(long("2024-12-10"), "ngày 10 tháng 12 năm 2024");
        assert_eq!(long("2024-03-09"), "ngày 09 tháng 3 năm 2024");
    }

    #[test]
    fn short_form() {
        let short = |s| date_short(parse_date(s).unwrap());
        assert_eq!(short("2024-01-05"), "05/01/2024");
        assert_eq!(short("2021-06-12"), "12/6/2021");
        assert_eq!(short("2008-01-28"), "28/01/2008");
        assert_eq!(short("2017-03-09"), "09/3/2017");
        assert_eq!(short("2017-02-28"), "28/02/2017");
        assert_eq!(short("1/4/2021"), "01/4/2021");
    }

    #[test]
    fn formats_fields_as_given() {
        assert_eq!(date_long(date(-1, 0, 0)), "ngày 00 tháng 00 năm -1");
        assert_eq!(date_short(date(12345, 99, 99)), "99/99/12345");
    }
}
