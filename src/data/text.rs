//! The text of a data file (JSON, JSON Lines, CSV), whatever Windows saved
//! it as: UTF-8 with or without a byte order mark, UTF-16 with one
//! (PowerShell's `>`, Excel's "Unicode Text"), or Windows-1258 (Excel's
//! "CSV (Comma delimited)" on a Vietnamese Windows). Text in another
//! encoding is refused with one message, the same for every kind of data
//! file, saying how to save it as UTF-8.

use crate::text::nfc;

/// The encoding a data file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte order mark.
    Utf8,
    /// UTF-8 with the byte order mark Excel and Notepad write.
    Utf8Bom,
    /// UTF-16, little-endian, with its byte order mark.
    Utf16Le,
    /// UTF-16, big-endian, with its byte order mark.
    Utf16Be,
    /// Windows-1258, the Vietnamese code page of Windows.
    Windows1258,
}

impl Encoding {
    /// The encoding's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (có BOM)",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Windows1258 => "Windows-1258",
        }
    }

    /// Whether the file was read in an encoding other than UTF-8, which is
    /// worth telling the person who saved it.
    pub fn is_converted(self) -> bool {
        !matches!(self, Encoding::Utf8 | Encoding::Utf8Bom)
    }
}

/// A data file's text and the encoding it was read in.
#[derive(Debug)]
pub struct Decoded {
    /// The text, without a byte order mark; NFC when it was converted.
    pub text: String,
    /// What the bytes were.
    pub encoding: Encoding,
}

/// How to save a data file as UTF-8, for every message about encodings.
pub const SAVE_AS_UTF8: &str =
    "Hãy lưu lại tệp với mã hoá UTF-8: trong Excel chọn File > Save As, \
     kiểu “CSV UTF-8 (Comma delimited) (*.csv)”; trong Notepad chọn File > Save As, mục Encoding \
     chọn UTF-8.";

/// Why a data file's bytes are not text vanban can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Undecodable {
    /// Neither UTF-8 nor any encoding recognised.
    #[error(
        "không phải văn bản UTF-8 (gặp byte lạ ở dòng {line}), cũng không phải Windows-1258 \
         hay UTF-16 có BOM, nên chữ tiếng Việt sẽ bị sai. {SAVE_AS_UTF8}"
    )]
    NotUtf8 {
        /// 1-based line of the first byte that is not UTF-8.
        line: usize,
    },
    /// A byte order mark, then bytes that are not valid in its encoding.
    #[error(
        "bắt đầu bằng dấu mã hoá (BOM) {} nhưng có đoạn hỏng ở dòng {line}. {SAVE_AS_UTF8}",
        .encoding.name()
    )]
    Damaged {
        /// The encoding the byte order mark names.
        encoding: Encoding,
        /// 1-based line of the damage.
        line: usize,
    },
    /// Vietnamese typed in the old TCVN3 (ABC) fonts.
    #[error("{}", crate::vi::TCVN3_DATA_FIX)]
    Tcvn3,
}

/// The text of a data file's bytes; see the module documentation.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, Undecodable> {
    if let Some((found, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        let encoding = if found == encoding_rs::UTF_8 {
            Encoding::Utf8Bom
        } else if found == encoding_rs::UTF_16LE {
            Encoding::Utf16Le
        } else {
            Encoding::Utf16Be
        };
        let body = &bytes[bom..];
        let text = match encoding {
            Encoding::Utf8Bom => {
                std::str::from_utf8(body)
                    .map(str::to_string)
                    .map_err(|e| Undecodable::NotUtf8 {
                        line: line_of(body, e.valid_up_to()),
                    })?
            }
            _ => found
                .decode_without_bom_handling_and_without_replacement(body)
                .ok_or_else(|| Undecodable::Damaged {
                    encoding,
                    line: utf16_damage_line(body, encoding),
                })?
                .into_owned(),
        };
        return checked(text, encoding);
    }
    match String::from_utf8(bytes) {
        Ok(text) => checked(text, Encoding::Utf8),
        Err(e) => {
            let bytes = e.into_bytes();
            if crate::vi::data_is_tcvn3(&bytes) {
                return Err(Undecodable::Tcvn3);
            }
            let line = line_of(&bytes, first_bad_utf8(&bytes));
            windows_1258(&bytes).ok_or(Undecodable::NotUtf8 { line })
        }
    }
}

/// The decoded text, unless it is TCVN3 saved as Unicode characters.
fn checked(text: String, encoding: Encoding) -> Result<Decoded, Undecodable> {
    if crate::vi::data_is_tcvn3(text.as_bytes()) {
        return Err(Undecodable::Tcvn3);
    }
    let text = if encoding.is_converted() {
        nfc(text)
    } else {
        text
    };
    Ok(Decoded { text, encoding })
}

/// The bytes read as Windows-1258, when that gives Vietnamese text: letters
/// only Vietnamese uses, and no control character.
fn windows_1258(bytes: &[u8]) -> Option<Decoded> {
    let (text, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
    let controls = text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
    if controls || !crate::vi::has_vietnamese_letters(&text) {
        return None;
    }
    Some(Decoded {
        text: nfc(text.into_owned()),
        encoding: Encoding::Windows1258,
    })
}

fn first_bad_utf8(bytes: &[u8]) -> usize {
    std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to())
}

/// 1-based line of byte `at`, counting `\n` bytes before it.
fn line_of(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// 1-based line of the first unit of UTF-16 text that does not decode.
fn utf16_damage_line(body: &[u8], encoding: Encoding) -> usize {
    let unit = |pair: &[u8]| match (encoding, pair) {
        (Encoding::Utf16Be, [a, b]) => u16::from_be_bytes([*a, *b]),
        (_, [a, b]) => u16::from_le_bytes([*a, *b]),
        _ => 0xD800,
    };
    let mut line = 1;
    for c in char::decode_utf16(body.chunks(2).map(unit)) {
        match c {
            Ok('\n') => line += 1,
            Ok(_) => {}
            Err(_) => return line,
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::utf16;

    #[test]
    fn reads_utf8_with_and_without_bom_and_utf16_both_ways() {
        let text = "ma,ten\n1,Hà Nội\n";
        let plain = decode(text.as_bytes().to_vec()).unwrap();
        assert_eq!(
            (plain.text.as_str(), plain.encoding),
            (text, Encoding::Utf8)
        );
        let bom = decode(format!("\u{feff}{text}").into_bytes()).unwrap();
        assert_eq!((bom.text.as_str(), bom.encoding), (text, Encoding::Utf8Bom));
        for (big, encoding) in [(false, Encoding::Utf16Le), (true, Encoding::Utf16Be)] {
            let d = decode(utf16(text, big)).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (text, encoding));
        }
    }

    #[test]
    fn windows_1258_becomes_nfc_vietnamese() {
        // "Hà Nội": à = 0xE0, ộ = ô (0xF4) + combining dot below (0xF2).
        let d = decode(b"ma,ten\n1,H\xE0 N\xF4\xF2i\n".to_vec()).unwrap();
        assert_eq!(d.encoding, Encoding::Windows1258);
        assert_eq!(d.text, "ma,ten\n1,Hà Nội\n");
        assert!(d.text.chars().all(|c| c != '\u{323}'), "NFC: {:?}", d.text);
    }

    #[test]
    fn other_bytes_are_refused_with_the_line_and_the_fix() {
        // Latin-1 bytes with no Vietnamese letter: not Windows-1258 text.
        let err = decode(b"a\nb\n\xFF\xFF\x81".to_vec()).unwrap_err();
        assert_eq!(err, Undecodable::NotUtf8 { line: 3 });
        assert!(err.to_string().contains("CSV UTF-8"), "{err}");
        let mut broken = utf16("ab\nc", false);
        broken.extend([0x00, 0xDC]); // a lone low surrogate
        let err = decode(broken).unwrap_err();
        assert_eq!(
            err,
            Undecodable::Damaged {
                encoding: Encoding::Utf16Le,
                line: 2
            }
        );
        assert!(err.to_string().contains("UTF-16 LE"), "{err}");
    }
}
