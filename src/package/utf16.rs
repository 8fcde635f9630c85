//! XML parts stored as UTF-16, which Open Packaging allows: read as UTF-8.

/// The part as UTF-8 when it is UTF-16 text starting with a byte order
/// mark, its XML declaration saying `encoding="UTF-8"` to match; `None`
/// when it is not UTF-16. `Err` says what is wrong with damaged UTF-16.
pub(super) fn to_utf8(bytes: &[u8]) -> Option<Result<Vec<u8>, String>> {
    let big_endian = match bytes.get(..2)? {
        [0xFF, 0xFE] => false,
        [0xFE, 0xFF] => true,
        _ => return None,
    };
    let body = &bytes[2..];
    if body.len() % 2 != 0 {
        return Some(Err("văn bản UTF-16 bị cắt giữa chừng".into()));
    }
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let text: Result<String, _> = char::decode_utf16(units).collect();
    Some(
        text.map(|text| with_utf8_declaration(&text).into_bytes())
            .map_err(|e| format!("văn bản UTF-16 có ký tự hỏng ({e})")),
    )
}

/// `text` with the encoding named in its XML declaration, if any, changed
/// to UTF-8.
fn with_utf8_declaration(text: &str) -> String {
    let Some(end) = text
        .strip_prefix("<?xml")
        .and_then(|rest| rest.find("?>"))
        .map(|at| at + "<?xml".len())
    else {
        return text.to_string();
    };
    let declaration = &text[..end];
    let Some(name) = declaration.find("encoding") else {
        return text.to_string();
    };
    let after_name = &declaration[name..];
    let Some(open) = after_name.find(['"', '\'']) else {
        return text.to_string();
    };
    let quote = &after_name[open..=open];
    let value_start = name + open + 1;
    let Some(len) = declaration[value_start..].find(quote) else {
        return text.to_string();
    };
    format!(
        "{}UTF-8{}",
        &text[..value_start],
        &text[value_start + len..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::utf16;

    #[test]
    fn both_byte_orders_become_utf8_with_the_declaration_fixed() {
        let xml = "<?xml version=\"1.0\" encoding='utf-16' standalone=\"yes\"?><a>Việt 𝄞</a>";
        for big_endian in [false, true] {
            let out = to_utf8(&utf16(xml, big_endian)).unwrap().unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                "<?xml version=\"1.0\" encoding='UTF-8' standalone=\"yes\"?><a>Việt 𝄞</a>"
            );
        }
        let bare = to_utf8(&utf16("<a/>", false)).unwrap().unwrap();
        assert_eq!(bare, b"<a/>");
    }

    #[test]
    fn other_text_is_left_alone_and_damage_is_said() {
        assert!(to_utf8(b"<?xml version=\"1.0\"?><a/>").is_none());
        assert!(to_utf8(b"\xEF\xBB\xBF<a/>").is_none());
        let mut cut = utf16("<a/>", false);
        cut.pop();
        assert!(to_utf8(&cut).unwrap().is_err());
        let lone_surrogate = [0xFF, 0xFE, 0x00, 0xD8, 0x3C, 0x00];
        assert!(to_utf8(&lone_surrogate).unwrap().is_err());
    }
}
