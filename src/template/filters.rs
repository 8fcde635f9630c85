//! Filters: `{{value | filter: arg}}`, the Vietnamese formats of numbers,
//! words and dates.

use crate::text::quote;
use crate::vi;
use serde_json::Value;

/// A known filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// `so`: 28013 → 28.013; `so: 1` fixes the decimals.
    So,
    /// `hai_so`: 4 → 04.
    HaiSo,
    /// `phan_tram`: 5.4 → 5,4%.
    PhanTram,
    /// `ti_le: other[, decimals]`: value / other as a percentage.
    TiLe,
    /// `chu`: the number in words, first letter capital.
    Chu,
    /// `tien_chu`: like `chu`, followed by " đồng".
    TienChu,
    /// `ngay`: ngày 05 tháng 01 năm 2024.
    Ngay,
    /// `ngay_so`: 05/01/2024.
    NgaySo,
    /// `hoa`: Vietnamese upper case.
    Hoa,
    /// `chu_thich`: a real footnote at this place, whose text is the value.
    ChuThich,
}

/// Every filter with its name, in the order the error message lists them.
pub const ALL: [(Filter, &str); 10] = [
    (Filter::So, "so"),
    (Filter::HaiSo, "hai_so"),
    (Filter::PhanTram, "phan_tram"),
    (Filter::TiLe, "ti_le"),
    (Filter::Chu, "chu"),
    (Filter::TienChu, "tien_chu"),
    (Filter::Ngay, "ngay"),
    (Filter::NgaySo, "ngay_so"),
    (Filter::Hoa, "hoa"),
    (Filter::ChuThich, "chu_thich"),
];

impl Filter {
    /// Looks a filter up by name; the error names the known filters and the closest one.
    pub fn from_name(name: &str) -> Result<Filter, String> {
        if let Some((f, _)) = ALL.iter().find(|(_, n)| *n == name) {
            return Ok(*f);
        }
        let known: Vec<&str> = ALL.iter().map(|(_, n)| *n).collect();
        let closest = crate::vi::did_you_mean(name, &known);
        Err(format!(
            "không có bộ lọc \"{name}\".{closest} Các bộ lọc có: {}.",
            known.join(", ")
        ))
    }

    /// The filter's name as written in templates.
    pub fn name(self) -> &'static str {
        ALL.iter()
            .find(|(f, _)| *f == self)
            .map(|(_, n)| *n)
            .unwrap_or_default()
    }

    /// Checks the number of arguments.
    pub fn check_arity(self, n: usize) -> Result<(), String> {
        let (min, max, usage) = match self {
            Filter::So => (0, 1, "so hoặc so: 1"),
            Filter::PhanTram => (0, 1, "phan_tram hoặc phan_tram: 1"),
            Filter::TiLe => (1, 2, "ti_le: ke_hoach hoặc ti_le: ke_hoach, 0"),
            Filter::HaiSo => (0, 0, "hai_so"),
            Filter::Chu => (0, 0, "chu"),
            Filter::TienChu => (0, 0, "tien_chu"),
            Filter::Ngay => (0, 0, "ngay"),
            Filter::NgaySo => (0, 0, "ngay_so"),
            Filter::Hoa => (0, 0, "hoa"),
            Filter::ChuThich => (0, 0, "chu_thich"),
        };
        if n < min || n > max {
            return Err(format!(
                "bộ lọc {} dùng sai số tham số; cách viết: {usage}",
                self.name()
            ));
        }
        Ok(())
    }

    /// Applies the filter. The error says why the value cannot be used.
    /// `chu_thich` passes its text through; the renderer turns it into a footnote.
    pub fn apply(self, input: &Value, args: &[Value]) -> Result<Value, String> {
        let text = |s: String| Ok(Value::String(s));
        match self {
            Filter::So => text(vi::format_number(number(input)?, decimals(args.first())?)),
            Filter::HaiSo => text(vi::format_two_digits(number(input)?)),
            Filter::PhanTram => text(vi::format_percent(number(input)?, decimals(args.first())?)),
            Filter::TiLe => {
                let whole = number(args.first().unwrap_or(&Value::Null))
                    .map_err(|e| format!("mẫu số của ti_le: {e}"))?;
                vi::ratio_percent(number(input)?, whole, decimals(args.get(1))?)
                    .map(Value::String)
                    .ok_or_else(|| "không tính được tỉ lệ khi mẫu số bằng 0".to_string())
            }
            Filter::Chu => vi::number_in_words(number(input)?)
                .map(|w| Value::String(vi::capitalize_first(&w)))
                .ok_or_else(|| "số quá lớn để đọc thành chữ".to_string()),
            Filter::TienChu => vi::amount_in_words(number(input)?)
                .map(Value::String)
                .ok_or_else(|| "số quá lớn để đọc thành chữ".to_string()),
            Filter::Ngay => text(vi::date_long(date(input)?)),
            Filter::NgaySo => text(vi::date_short(date(input)?)),
            Filter::Hoa => text(vi::upper(&scalar_text(input)?)),
            Filter::ChuThich => text(scalar_text(input)?),
        }
    }
}

fn number(v: &Value) -> Result<f64, String> {
    match v {
        Value::Number(n) => n.as_f64().ok_or_else(|| format!("{n} không phải số")),
        Value::String(s) => {
            vi::parse_number(s).ok_or_else(|| format!("\"{}\" không phải số", quote(s)))
        }
        Value::Null => Err("không có giá trị".into()),
        other => Err(format!("{} không phải số", quote(&other.to_string()))),
    }
}

fn decimals(arg: Option<&Value>) -> Result<Option<u32>, String> {
    match arg {
        None => Ok(None),
        Some(v) => {
            let n = number(v)?;
            if n.fract() == 0.0 && (0.0..=10.0).contains(&n) {
                Ok(Some(n as u32))
            } else {
                Err(format!(
                    "số chữ số thập phân phải là số nguyên từ 0 đến 10, không phải {n}"
                ))
            }
        }
    }
}

fn date(v: &Value) -> Result<vi::Date, String> {
    match v {
        Value::String(s) => vi::parse_date(s).ok_or_else(|| {
            format!(
                "\"{}\" không phải ngày hợp lệ (viết 2024-01-05 hoặc 05/01/2024)",
                quote(s)
            )
        }),
        Value::Null => Err("không có giá trị".into()),
        other => Err(format!(
            "{} không phải ngày (viết 2024-01-05 hoặc 05/01/2024)",
            quote(&other.to_string())
        )),
    }
}

/// The text of a scalar value, as a value tag writes it.
pub fn scalar_text(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(if *b { "có" } else { "không" }.to_string()),
        Value::Null => Err("không có giá trị".into()),
        Value::Array(items) => items
            .iter()
            .map(scalar_text)
            .collect::<Result<Vec<_>, _>>()
            .map(|v| v.join(", ")),
        Value::Object(_) => Err("là một nhóm trường, không phải một giá trị: hãy ghi rõ trường con (ví dụ nguoi_ky.ho_ten)".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(f: Filter, v: Value, args: &[Value]) -> String {
        match f.apply(&v, args).unwrap() {
            Value::String(s) => s,
            other => panic!("not text: {other}"),
        }
    }

    #[test]
    fn golden_outputs_from_the_language_reference() {
        assert_eq!(run(Filter::So, json!(28013), &[]), "28.013");
        assert_eq!(run(Filter::So, json!(11966.222), &[]), "11.966,222");
        assert_eq!(run(Filter::So, json!(5.4), &[]), "5,4");
        assert_eq!(run(Filter::So, json!(-1500), &[]), "-1.500");
        assert_eq!(run(Filter::So, json!(149.666), &[json!(1)]), "149,7");
        assert_eq!(run(Filter::HaiSo, json!(4), &[]), "04");
        assert_eq!(run(Filter::HaiSo, json!(12), &[]), "12");
        assert_eq!(run(Filter::PhanTram, json!(5.4), &[]), "5,4%");
        assert_eq!(run(Filter::PhanTram, json!(64), &[]), "64%");
        assert_eq!(run(Filter::TiLe, json!(2246), &[json!(1500)]), "149,7%");
        assert_eq!(run(Filter::TiLe, json!(484), &[json!(723)]), "66,9%");
        assert_eq!(
            run(Filter::TiLe, json!(484), &[json!(723), json!(0)]),
            "67%"
        );
        assert_eq!(
            run(Filter::Chu, json!(1500000), &[]),
            "Một triệu năm trăm nghìn"
        );
        assert_eq!(run(Filter::Chu, json!(105), &[]), "Một trăm linh năm");
        assert_eq!(run(Filter::Chu, json!(25), &[]), "Hai mươi lăm");
        assert_eq!(run(Filter::Chu, json!(21), &[]), "Hai mươi mốt");
        assert_eq!(
            run(Filter::Chu, json!(2021), &[]),
            "Hai nghìn không trăm hai mươi mốt"
        );
        assert_eq!(
            run(Filter::TienChu, json!(1500000), &[]),
            "Một triệu năm trăm nghìn đồng"
        );
        assert_eq!(
            run(Filter::Ngay, json!("2024-01-05"), &[]),
            "ngày 05 tháng 01 năm 2024"
        );
        assert_eq!(
            run(Filter::Ngay, json!("2024-03-02"), &[]),
            "ngày 02 tháng 3 năm 2024"
        );
        assert_eq!(run(Filter::NgaySo, json!("2024-01-05"), &[]), "05/01/2024");
        assert_eq!(run(Filter::NgaySo, json!("2021-06-12"), &[]), "12/6/2021");
        assert_eq!(run(Filter::Hoa, json!("Đắk Lắk"), &[]), "ĐẮK LẮK");
    }

    #[test]
    fn numbers_may_arrive_as_strings() {
        assert_eq!(run(Filter::So, json!("28013"), &[]), "28.013");
        assert_eq!(run(Filter::TiLe, json!("2246"), &[json!("1500")]), "149,7%");
    }

    #[test]
    fn unusable_values_are_errors_not_panics() {
        assert!(Filter::So.apply(&json!("abc"), &[]).is_err());
        assert!(Filter::TiLe.apply(&json!(5), &[json!(0)]).is_err());
        assert!(Filter::Ngay.apply(&json!("2023-02-29"), &[]).is_err());
        assert!(Filter::So.apply(&json!(5), &[json!(1.5)]).is_err());
        assert!(Filter::Hoa.apply(&json!({"a": 1}), &[]).is_err());
    }

    #[test]
    fn unknown_filter_names_the_closest() {
        let e = Filter::from_name("ngya").unwrap_err();
        assert!(e.contains("\"ngay\"") && e.contains("phan_tram"), "{e}");
    }
}
