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

/// Characters shown on each side of a gap when a paragraph is long.
const CONTEXT: usize = 60;

/// `text` with characters `start..end` between ⟦ ⟧, on one line, cut to
/// [`CONTEXT`] characters on each side of them when longer.
pub fn excerpt(text: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let (s, e) = (start.min(chars.len()), end.min(chars.len()));
    let from = s.saturating_sub(CONTEXT);
    let to = (e + CONTEXT).min(chars.len());
    let piece = |a: usize, b: usize| -> String {
        chars[a..b]
            .iter()
            .map(|&c| {
                if matches!(c, '\t' | '\n' | '\r') {
                    ' '
                } else {
                    c
                }
            })
            .collect()
    };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(piece(from, s).trim_start());
    out.push('⟦');
    out.push_str(&quote(&piece(s, e)));
    out.push('⟧');
    out.push_str(piece(e, to).trim_end());
    if to < chars.len() {
        out.push('…');
    }
    out
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

    #[test]
    fn an_excerpt_marks_the_gap_and_cuts_around_it() {
        assert_eq!(excerpt("Đắk Lắk, …", 9, 10), "Đắk Lắk, ⟦…⟧");
        let long = format!("{}là … người{}", "a".repeat(100), "b".repeat(100));
        let e = excerpt(&long, 103, 104);
        assert_eq!(
            e,
            format!("…{}là ⟦…⟧ người{}…", "a".repeat(57), "b".repeat(54))
        );
    }
}
