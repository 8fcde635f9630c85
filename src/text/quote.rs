//! Quoting user text in messages: a value or a paragraph can be megabytes
//! long, and a message shows only its start.

use std::borrow::Cow;

/// The most characters of user text a message quotes.
pub const QUOTE_MAX: usize = 200;

/// `text` as a message quotes it, on one line (line breaks shown as
/// spaces): whole when it has at most [`QUOTE_MAX`] characters, else its
/// first characters (cut between characters), "…" and how long the whole
/// text is.
pub fn quote(text: &str) -> Cow<'_, str> {
    let (shown, rest) = match text.char_indices().nth(QUOTE_MAX) {
        None => (text, None),
        Some((cut, _)) => (&text[..cut], Some(QUOTE_MAX + text[cut..].chars().count())),
    };
    let shown = if shown.contains(['\n', '\r']) {
        Cow::Owned(shown.replace(['\n', '\r'], " "))
    } else {
        Cow::Borrowed(shown)
    };
    match rest {
        None => shown,
        Some(total) => Cow::Owned(format!("{shown}… ({total} ký tự)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_quoted_whole() {
        assert_eq!(quote("Công đoàn"), "Công đoàn");
        let exact = "đ".repeat(QUOTE_MAX);
        assert_eq!(quote(&exact), exact);
    }

    #[test]
    fn long_text_is_cut_between_characters_with_its_length() {
        let long = "ệ".repeat(10_000);
        let q = quote(&long);
        assert_eq!(q, format!("{}… (10000 ký tự)", "ệ".repeat(QUOTE_MAX)));
    }

    #[test]
    fn quotes_stay_on_one_line() {
        assert_eq!(quote("một\nhai\r\nba"), "một hai  ba");
    }
}
