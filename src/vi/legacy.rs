//! Vietnamese text typed in the 8-bit legacy encodings TCVN3 (ABC, fonts
//! `.VnTime`, `.VnArial`…) and VNI Windows (fonts `VNI-Times`…), to Unicode.
//!
//! Such text only looks right in its font: each byte is stored as the
//! Windows-1252 character of that byte. Decoding goes back to the bytes
//! (Windows-1252 reversed, and the `U+F0xx` range symbol fonts use), then
//! maps them with the letter table `legacy_letters.tsv`, two-byte sequences
//! before single bytes ("Aµ" is À in TCVN3, "aø" is à in VNI). The result
//! is NFC.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// An 8-bit Vietnamese encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyEncoding {
    /// TCVN3 (ABC), TCVN 5712: fonts `.VnTime`, `.VnArial`…
    Tcvn3,
    /// VNI Windows: fonts `VNI-Times`, `VNI-Helve`…
    Vni,
}

/// What a legacy font says about the text written in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegacyFont {
    /// The encoding of the text.
    pub encoding: LegacyEncoding,
    /// The font shows every letter in upper case (`.VnTimeH`, `.VnArialH`).
    pub upper: bool,
}

/// The legacy font named `name`, if it is one: `.Vn…` fonts are TCVN3
/// (upper case when the name ends in `H`), `VNI-…` fonts are VNI.
pub fn legacy_font(name: &str) -> Option<LegacyFont> {
    let name = name.trim();
    if name.len() > 3 && name.starts_with(".Vn") {
        return Some(LegacyFont {
            encoding: LegacyEncoding::Tcvn3,
            upper: name.ends_with('H'),
        });
    }
    let lower = name.to_ascii_lowercase();
    if lower.len() > 4 && (lower.starts_with("vni-") || lower.starts_with("vni ")) {
        return Some(LegacyFont {
            encoding: LegacyEncoding::Vni,
            upper: false,
        });
    }
    None
}

/// Text as stored in a run of a legacy font, in Unicode (NFC).
///
/// Text that already holds letters only Unicode has (ư, ơ, đ, ạ… or
/// combining marks) was retyped in Unicode under the old font: it is only
/// normalised, never decoded a second time.
pub fn decode_legacy_text(text: &str, font: LegacyFont) -> String {
    let decoded = if has_vietnamese_letters(text) {
        text.to_string()
    } else {
        let units: Vec<Unit> = text.chars().map(Unit::of).collect();
        decode_units(&units, font.encoding)
    };
    if font.upper {
        decoded.nfc().flat_map(char::to_uppercase).nfc().collect()
    } else {
        decoded.nfc().collect()
    }
}

/// Raw bytes of a file typed in `encoding` (a CSV saved from an old
/// spreadsheet), in Unicode (NFC).
#[cfg(test)]
pub fn decode_legacy_bytes(bytes: &[u8], encoding: LegacyEncoding) -> String {
    let units: Vec<Unit> = bytes.iter().map(|&b| Unit::Byte(b)).collect();
    decode_units(&units, encoding).nfc().collect()
}

/// Whether `text` reads as TCVN3 shown as Windows-1252 characters ("Céng
/// hoµ x· héi") rather than as Unicode Vietnamese: it has at least three
/// characters that only TCVN3 text has, and more of them than letters only
/// Unicode Vietnamese has.
pub fn looks_like_tcvn3(text: &str) -> bool {
    let mut legacy = 0usize;
    let mut unicode = 0usize;
    for c in text.chars() {
        if TCVN3_ONLY.contains(c) {
            legacy += 1;
        } else if is_unicode_only_letter(c) {
            unicode += 1;
        }
    }
    legacy >= 3 && legacy > unicode
}

/// Whether raw bytes that are not UTF-8 read as TCVN3 (see [`looks_like_tcvn3`]).
pub fn bytes_look_like_tcvn3(bytes: &[u8]) -> bool {
    let shown: String = bytes.iter().map(|&b| cp1252_char(b)).collect();
    looks_like_tcvn3(&shown)
}

/// What a user does with a data file typed in TCVN3, which vanban refuses
/// (its letters would be filled in wrong).
pub const TCVN3_DATA_FIX: &str = "Tệp có vẻ được gõ bằng bảng mã TCVN3 (ABC, phông .VnTime), \
     không phải Unicode, nên chữ tiếng Việt sẽ bị sai. Hãy chuyển mã sang Unicode (ví dụ Unikey: \
     Công cụ chuyển mã, nguồn TCVN3 (ABC), đích Unicode) rồi lưu lại với mã hoá UTF-8.";

/// Whether a data file's bytes are TCVN3 text: raw 8-bit bytes that read as
/// TCVN3, or UTF-8 text of TCVN3 characters saved from a `.VnTime` sheet.
pub fn data_is_tcvn3(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(text) => looks_like_tcvn3(text),
        Err(_) => bytes_look_like_tcvn3(bytes),
    }
}

/// Characters of TCVN3 text (as Windows-1252) that Unicode Vietnamese never uses.
const TCVN3_ONLY: &str = "µ¸¶·¹¨©ª«¬®§¡¢£¤¥¦\u{ad}¾»¼½ÇËÆÑÎÏÖØÞäåæçëîñøö÷þûüß×";

/// Letters only Unicode Vietnamese has (beyond Latin-1), or combining tone marks.
fn is_unicode_only_letter(c: char) -> bool {
    matches!(c,
        '\u{102}' | '\u{103}' | '\u{110}' | '\u{111}' | '\u{128}' | '\u{129}'
        | '\u{168}' | '\u{169}' | '\u{1a0}' | '\u{1a1}' | '\u{1af}' | '\u{1b0}'
        | '\u{1ea0}'..='\u{1ef9}' | '\u{300}'..='\u{323}')
}

/// Whether `text` has a letter only Vietnamese writes (ă, đ, ơ, ư, a tone
/// mark…), so that it is Vietnamese text in Unicode.
pub fn has_vietnamese_letters(text: &str) -> bool {
    text.chars().any(is_unicode_only_letter)
}

/// One stored character: the byte it stands for, or a character no byte
/// stands for (kept as it is).
#[derive(Debug, Clone, Copy)]
enum Unit {
    Byte(u8),
    Char(char),
}

impl Unit {
    fn of(c: char) -> Unit {
        match cp1252_byte(c) {
            Some(b) => Unit::Byte(b),
            None => Unit::Char(c),
        }
    }
}

fn decode_units(units: &[Unit], encoding: LegacyEncoding) -> String {
    let table = table(encoding);
    let mut out = String::with_capacity(units.len() + units.len() / 2);
    let mut i = 0;
    while i < units.len() {
        let b = match units[i] {
            Unit::Char(c) => {
                out.push(c);
                i += 1;
                continue;
            }
            Unit::Byte(b) => b,
        };
        if let Some(Unit::Byte(next)) = units.get(i + 1) {
            if let Some(&c) = table.pairs.get(&[b, *next]) {
                out.push(c);
                i += 2;
                continue;
            }
        }
        match table.singles.get(&b) {
            Some(&c) => out.push(c),
            None if b == 0xA0 => out.push('\u{a0}'),
            None => out.push(cp1252_char(b)),
        }
        i += 1;
    }
    out
}

/// One encoding's letters: two-byte sequences and single bytes.
#[derive(Debug, Default)]
struct Table {
    pairs: HashMap<[u8; 2], char>,
    singles: HashMap<u8, char>,
}

fn table(encoding: LegacyEncoding) -> &'static Table {
    static TABLES: OnceLock<(Table, Table)> = OnceLock::new();
    let (tcvn3, vni) = TABLES.get_or_init(|| {
        let mut tcvn3 = Table::default();
        let mut vni = Table::default();
        for line in LETTERS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let mut columns = line.split('\t');
            let (Some(letter), Some(t), Some(v)) = (columns.next(), columns.next(), columns.next())
            else {
                continue;
            };
            let Some(letter) = letter.chars().next() else {
                continue;
            };
            tcvn3.insert(t, letter);
            vni.insert(v, letter);
        }
        (tcvn3, vni)
    });
    match encoding {
        LegacyEncoding::Tcvn3 => tcvn3,
        LegacyEncoding::Vni => vni,
    }
}

impl Table {
    fn insert(&mut self, hex: &str, letter: char) {
        let bytes: Vec<u8> = hex
            .split(' ')
            .filter_map(|h| u8::from_str_radix(h, 16).ok())
            .collect();
        match bytes[..] {
            [b] => {
                self.singles.insert(b, letter);
            }
            [a, b] => {
                self.pairs.insert([a, b], letter);
            }
            _ => {}
        }
    }
}

/// The letter table: Unicode letter, TCVN3 bytes, VNI bytes.
const LETTERS: &str = include_str!("legacy_letters.tsv");

/// Windows-1252 characters of the bytes 0x80–0x9F (`\0` where none).
const CP1252_HIGH: [char; 32] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘',
    '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
];

/// The byte a stored character stands for: Windows-1252 reversed, Latin-1
/// control characters as themselves, and `U+F0xx` (symbol fonts) as `xx`.
fn cp1252_byte(c: char) -> Option<u8> {
    let code = c as u32;
    match code {
        0..=0xFF => Some(code as u8),
        0xF000..=0xF0FF => Some((code & 0xFF) as u8),
        _ => CP1252_HIGH
            .iter()
            .position(|&h| h == c)
            .map(|i| 0x80 + i as u8),
    }
}

/// The Windows-1252 character of a byte (Latin-1 where 1252 has none).
fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F if CP1252_HIGH[(b - 0x80) as usize] != '\0' => CP1252_HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TCVN3: LegacyFont = LegacyFont {
        encoding: LegacyEncoding::Tcvn3,
        upper: false,
    };
    const VNI: LegacyFont = LegacyFont {
        encoding: LegacyEncoding::Vni,
        upper: false,
    };

    #[test]
    fn fonts_are_recognised_by_name() {
        assert_eq!(legacy_font(".VnTime"), Some(TCVN3));
        assert!(legacy_font(".VnTimeH").unwrap().upper);
        assert!(!legacy_font(".VnArial").unwrap().upper);
        assert_eq!(legacy_font("VNI-Times"), Some(VNI));
        assert_eq!(legacy_font("Times New Roman"), None);
        assert_eq!(legacy_font("Arial"), None);
        assert_eq!(legacy_font(".Vn"), None);
    }

    #[test]
    fn tcvn3_letters_and_capital_pairs() {
        assert_eq!(
            decode_legacy_text("Céng hoµ x· héi chñ nghÜa ViÖt Nam", TCVN3),
            "Cộng hoà xã hội chủ nghĩa Việt Nam"
        );
        // ư is 0xAD, the soft-hyphen position; capitals are base + toned small letter.
        assert_eq!(decode_legacy_text("C\u{ad}êng §Aµ", TCVN3), "Cường ĐÀ");
        assert_eq!(decode_legacy_text("¢Êp", TCVN3), "Ấp");
    }

    #[test]
    fn tcvn3_upper_case_fonts_give_capitals() {
        let font = legacy_font(".VnTimeH").unwrap();
        assert_eq!(decode_legacy_text("kÕ ho¹ch", font), "KẾ HOẠCH");
    }

    #[test]
    fn vni_pairs_before_singles() {
        assert_eq!(
            decode_legacy_text("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", VNI),
            "Cộng hòa xã hội chủ nghĩa Việt Nam"
        );
        assert_eq!(
            decode_legacy_text("Ñaûng, ñoaøn, ñôøi", VNI),
            "Đảng, đoàn, đời"
        );
    }

    #[test]
    fn unicode_text_under_a_legacy_font_is_kept() {
        assert_eq!(decode_legacy_text("Đắk Lắk", TCVN3), "Đắk Lắk");
        assert_eq!(decode_legacy_text("Việt Nam", VNI), "Việt Nam");
    }

    #[test]
    fn tcvn3_detection() {
        assert!(looks_like_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam"));
        assert!(!looks_like_tcvn3("Cộng hòa xã hội chủ nghĩa Việt Nam"));
        assert!(!looks_like_tcvn3("plain ASCII, 1.234,5"));
        let bytes = b"C\xe9ng ho\xb5 x\xb7 h\xe9i ch\xf1";
        assert!(bytes_look_like_tcvn3(bytes));
        assert!(data_is_tcvn3(bytes));
        assert!(data_is_tcvn3("ten,Céng hoµ x· héi chñ nghÜa".as_bytes()));
        assert!(!data_is_tcvn3("ten,Cộng hòa xã hội chủ nghĩa".as_bytes()));
        assert_eq!(
            decode_legacy_bytes(bytes, LegacyEncoding::Tcvn3),
            "Cộng hoà xã hội chủ"
        );
    }
}
