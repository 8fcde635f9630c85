//! Telling a .docx from the files people mistake for one.

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A zip archive (a .docx, or some other zip).
    Zip,
    /// An OLE compound file holding an encrypted Office package.
    EncryptedOffice,
    /// An OLE compound file: a Word 97–2003 .doc (or another old Office file).
    LegacyOffice,
    /// A rich-text file saved with a .doc/.docx name.
    Rtf,
    /// Anything else.
    Unknown,
}

const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Classifies a file from its content.
pub fn sniff(bytes: &[u8]) -> FileKind {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        FileKind::Zip
    } else if bytes.starts_with(CFB_MAGIC) {
        if contains_utf16(bytes, "EncryptedPackage") {
            FileKind::EncryptedOffice
        } else {
            FileKind::LegacyOffice
        }
    } else if bytes.starts_with(b"{\\rtf") {
        FileKind::Rtf
    } else {
        FileKind::Unknown
    }
}

/// Compound-file directory entries name their streams in UTF-16LE.
fn contains_utf16(haystack: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    haystack
        .windows(pattern.len())
        .any(|w| w == pattern.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_each_kind() {
        assert_eq!(sniff(b"PK\x03\x04rest"), FileKind::Zip);
        let mut cfb = CFB_MAGIC.to_vec();
        cfb.extend("WordDocument".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(sniff(&cfb), FileKind::LegacyOffice);
        cfb.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert_eq!(sniff(&cfb), FileKind::EncryptedOffice);
        assert_eq!(sniff(b"{\\rtf1\\ansi"), FileKind::Rtf);
        assert_eq!(sniff(b"hello"), FileKind::Unknown);
    }
}
