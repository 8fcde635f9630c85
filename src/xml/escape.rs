//! Escaping and unescaping of XML character data.

use std::borrow::Cow;

/// Escapes text for use as element content. All five special characters are
/// escaped, and characters XML 1.0 forbids (most C0 controls) are dropped.
pub fn escape_text(s: &str) -> Cow<'_, str> {
    if !s.bytes().any(may_change) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether [`escape_text`] may change the character this byte starts or
/// is part of: the five special characters, C0 controls other than tab,
/// line feed and carriage return, and 0xEF, which starts U+FFFE and U+FFFF
/// (and other characters, which are then looked at one by one).
fn may_change(b: u8) -> bool {
    matches!(
        b,
        b'&' | b'<' | b'>' | b'"' | b'\'' | 0..=8 | 0x0b | 0x0c | 0x0e..=0x1f | 0xef
    )
}

fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Resolves the five predefined entities and character references. Unknown
/// entities are kept as written.
pub fn unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let name = &after[..semi];
        let resolved = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if name.starts_with("#x") || name.starts_with("#X") => {
                u32::from_str_radix(&name[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match resolved {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_all_special_characters() {
        assert_eq!(
            escape_text(r#"a & b < c > "d" 'e'"#),
            "a &amp; b &lt; c &gt; &quot;d&quot; &apos;e&apos;"
        );
        assert_eq!(escape_text("bell\u{7}x"), "bellx");
        assert!(matches!(escape_text("Đắk Lắk"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_byte_check_lets_no_character_through_unescaped() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&apos;".to_string(),
                c if is_forbidden(c) => String::new(),
                c => c.to_string(),
            };
            assert_eq!(escape_text(&format!("a{c}b")), format!("a{expected}b"));
        }
        assert_eq!(escape_text("tab\tline\n\r"), "tab\tline\n\r");
    }

    #[test]
    fn unescape_round_trips_and_keeps_unknown_entities() {
        assert_eq!(
            unescape("a &amp; b &lt;c&gt; &#273;&#x110;"),
            "a & b <c> đĐ"
        );
        assert_eq!(unescape("&nbsp; & x"), "&nbsp; & x");
        let s = "Cư M'gar & Ea H'leo";
        assert_eq!(unescape(&escape_text(s)), s);
    }
}
