//! Letter case for Vietnamese text. Input may be NFC or NFD (seed documents
//! contain combining tone marks); output is always NFC, as TCVN 6909 text
//! should be exchanged.

use unicode_normalization::UnicodeNormalization;

/// Filter `hoa`: the whole text in upper case, NFC in and out.
///
/// "Đắk Lắk" → "ĐẮK LẮK", also when the input is decomposed (NFD).
pub fn upper(s: &str) -> String {
    s.nfc().flat_map(char::to_uppercase).nfc().collect()
}

/// The first letter in upper case, everything else unchanged; NFC out.
///
/// Characters before the first letter (spaces, quotes, brackets) are kept:
/// "một trăm" → "Một trăm", "(đồng)" → "(Đồng)".
pub fn capitalize_first(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut done = false;
    for c in s.nfc() {
        if !done && c.is_alphabetic() {
            done = true;
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out.nfc().collect()
}

/// The letters without their marks, lower case: "Cộng Hòa" → "cong hoa",
/// "Đắk" → "dak". For telling a misspelled fixed phrase from a missing one.
pub fn bare(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// A person's name: in each word the first letter upper case and the other
/// letters lower case; NFC out. Words are separated by whitespace, which is
/// kept as it is: "NGUYỄN thị lý" → "Nguyễn Thị Lý".
#[cfg(test)]
pub fn person_name_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word_start = true;
    for c in s.nfc() {
        if c.is_whitespace() {
            word_start = true;
            out.push(c);
        } else if word_start && c.is_alphabetic() {
            word_start = false;
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::is_nfc;

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    #[test]
    fn upper_vietnamese() {
        assert_eq!(upper("Đắk Lắk"), "ĐẮK LẮK");
        assert_eq!(
            upper("Cộng hòa xã hội chủ nghĩa Việt Nam"),
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        );
        assert_eq!(upper("liên đoàn lao động tỉnh"), "LIÊN ĐOÀN LAO ĐỘNG TỈNH");
        assert_eq!(upper("ơ ư ă â ê ô đ ỹ ự"), "Ơ Ư Ă Â Ê Ô Đ Ỹ Ự");
        assert_eq!(upper("Số: 12/KH-LĐLĐ"), "SỐ: 12/KH-LĐLĐ");
    }

    #[test]
    fn upper_nfd_in_nfc_out() {
        let decomposed = nfd("Đắk Lắk");
        assert_ne!(decomposed, "Đắk Lắk");
        let out = upper(&decomposed);
        assert_eq!(out, "ĐẮK LẮK");
        assert!(is_nfc(&out));
        // "Việt" with the dot below as a combining mark, as in seed 001.
        assert_eq!(upper("Vie\u{0302}\u{0323}t"), "VIỆT");
        assert_eq!(upper("kiê\u{0309}m"), "KIỂM");
    }

    #[test]
    fn capitalize() {
        assert_eq!(capitalize_first("một triệu đồng"), "Một triệu đồng");
        assert_eq!(capitalize_first("đồng"), "Đồng");
        assert_eq!(capitalize_first("âm năm"), "Âm năm");
        assert_eq!(capitalize_first("  (ủy ban)"), "  (Ủy ban)");
        assert_eq!(capitalize_first("Một"), "Một");
        assert_eq!(capitalize_first("12 tháng"), "12 Tháng");
        assert_eq!(capitalize_first(&nfd("ủy ban")), "Ủy ban");
        assert_eq!(capitalize_first(""), "");
        assert_eq!(capitalize_first("123"), "123");
    }

    #[test]
    fn person_names() {
        assert_eq!(person_name_case("NGUYỄN thị lý"), "Nguyễn Thị Lý");
        assert_eq!(person_name_case("trần VĂN đức"), "Trần Văn Đức");
        assert_eq!(person_name_case("  lê  ánh\tdương "), "  Lê  Ánh\tDương ");
        assert_eq!(person_name_case("(hoàng) an"), "(Hoàng) An");
        assert_eq!(person_name_case(&nfd("ĐẶNG THỊ HỒNG")), "Đặng Thị Hồng");
        assert!(is_nfc(&person_name_case(&nfd("ĐẶNG THỊ HỒNG"))));
        assert_eq!(person_name_case(""), "");
    }

    #[test]
    fn odd_inputs() {
        assert_eq!(upper(""), "");
        assert_eq!(upper("straße"), "STRASSE");
        assert_eq!(upper("\u{0301}a"), "\u{0301}A");
        assert_eq!(person_name_case("123 abc"), "123 Abc");
        assert_eq!(person_name_case("İSTANBUL"), "İstanbul");
    }
}
