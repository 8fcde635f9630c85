//! What the rules scan a paragraph's text with: the marks one pass finds
//! ([`Marks`]), character offsets ([`Chars`]) and words around a position.

/// The ASCII characters [`Marks`] keeps track of.
const MARKED: &[u8; 12] = b"%(./:<X[_x{\t";

/// For each ASCII byte, its bit in [`Marks`] (its place in [`MARKED`]), or 0.
const MARK_BITS: [u16; 128] = {
    let mut bits = [0; 128];
    let mut i = 0;
    while i < MARKED.len() {
        bits[MARKED[i] as usize] = 1 << i;
        i += 1;
    }
    bits
};

/// What one pass over a text finds, so that the rules can skip what cannot
/// apply: which of the characters of [`MARKED`] it holds, "…" and "«", a
/// doubled "." or "_", and whether it is plainly in NFC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marks {
    /// The bits ([`MARK_BITS`]) of the characters that occur.
    ascii: u16,
    /// The bits of the characters that occur twice in a row.
    doubled: u16,
    ellipsis: bool,
    guillemet: bool,
    /// Every character is in NFC whatever surrounds it (no decomposition,
    /// nothing combining): Latin below the combining marks, the precomposed
    /// Vietnamese letters (U+1EA0–U+1EF9), dashes, quotes and the ellipsis
    /// (U+2010–U+2027). Such a text is in NFC.
    pub plain_nfc: bool,
}

impl Marks {
    /// Reads `text` once, byte by byte.
    pub fn of(text: &str) -> Marks {
        let mut m = Marks {
            ascii: 0,
            doubled: 0,
            ellipsis: false,
            guillemet: false,
            plain_nfc: true,
        };
        let b = text.as_bytes();
        let mut prev = 0;
        let mut i = 0;
        while i < b.len() {
            let x = b[i];
            if x < 0x80 {
                let bit = MARK_BITS[x as usize];
                m.ascii |= bit;
                m.doubled |= bit & prev;
                prev = bit;
                i += 1;
                continue;
            }
            prev = 0;
            // `text` is UTF-8: the continuation bytes are there.
            let (width, plain) = match x {
                0x80..=0xdf => {
                    m.guillemet |= x == 0xc2 && b[i + 1] == 0xab;
                    (2, x <= 0xcb)
                }
                0xe1 => (
                    3,
                    matches!((b[i + 1], b[i + 2]), (0xba, 0xa0..) | (0xbb, ..=0xb9)),
                ),
                0xe2 => {
                    m.ellipsis |= b[i + 1] == 0x80 && b[i + 2] == 0xa6;
                    (3, b[i + 1] == 0x80 && (0x90..=0xa7).contains(&b[i + 2]))
                }
                0xe0 | 0xe3..=0xef => (3, false),
                _ => (4, false),
            };
            m.plain_nfc &= plain;
            i += width;
        }
        m
    }

    /// True when `c`, one of [`MARKED`], occurs.
    pub fn has(&self, c: u8) -> bool {
        let bit = MARK_BITS[c as usize];
        debug_assert!(bit != 0, "{} is not marked", c as char);
        self.ascii & bit != 0
    }

    /// True when "…" occurs.
    pub fn has_ellipsis(&self) -> bool {
        self.ellipsis
    }

    /// True when "«" occurs.
    pub fn has_guillemet(&self) -> bool {
        self.guillemet
    }

    /// True when ".." or "__" occurs.
    pub fn has_doubled(&self) -> bool {
        self.doubled & (MARK_BITS[b'.' as usize] | MARK_BITS[b'_' as usize]) != 0
    }
}

/// Characters `s..e` of `text` as a string (offsets past the end stop at it).
pub fn char_slice(text: &str, s: usize, e: usize) -> &str {
    let byte = |i: usize| text.char_indices().nth(i).map_or(text.len(), |(b, _)| b);
    &text[byte(s)..byte(e)]
}

/// The character index at byte offset `byte` of `text` (a char boundary).
pub fn char_index(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// Lowercase with spaces (including no-break spaces and tabs) folded to one.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// A paragraph's text as characters, with conversions from byte offsets.
pub struct Chars {
    pub text: String,
    pub chars: Vec<char>,
    /// `byte_starts[i]` is the byte offset of character `i`; one extra entry
    /// for the end.
    byte_starts: Vec<usize>,
}

impl Chars {
    pub fn new(text: String) -> Chars {
        let mut chars = Vec::with_capacity(text.len());
        let mut byte_starts = Vec::with_capacity(text.len() + 1);
        for (b, c) in text.char_indices() {
            chars.push(c);
            byte_starts.push(b);
        }
        byte_starts.push(text.len());
        Chars {
            text,
            chars,
            byte_starts,
        }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// The character index at byte offset `byte` (which must be a char boundary).
    pub fn char_at_byte(&self, byte: usize) -> usize {
        self.byte_starts.partition_point(|&b| b < byte)
    }

    /// The byte offset of character `i`.
    pub fn byte_at_char(&self, i: usize) -> usize {
        self.byte_starts[i.min(self.chars.len())]
    }

    /// Characters `s..e` as a string.
    pub fn slice(&self, s: usize, e: usize) -> &str {
        &self.text[self.byte_at_char(s)..self.byte_at_char(e)]
    }

    /// Index of the last non-space character before `i`.
    pub fn prev_non_space(&self, i: usize) -> Option<usize> {
        (0..i).rev().find(|&j| !self.chars[j].is_whitespace())
    }

    /// Index of the first non-space character at or after `i`.
    pub fn next_non_space(&self, i: usize) -> Option<usize> {
        (i..self.chars.len()).find(|&j| !self.chars[j].is_whitespace())
    }

    /// The word ending right before `i` (letters and digits), skipping spaces;
    /// `None` when a punctuation mark comes first. Returns (start, end).
    pub fn word_before(&self, i: usize) -> Option<(usize, usize)> {
        let end = self.prev_non_space(i)? + 1;
        if !self.chars[end - 1].is_alphanumeric() {
            return None;
        }
        let mut start = end;
        while start > 0 && self.chars[start - 1].is_alphanumeric() {
            start -= 1;
        }
        Some((start, end))
    }

    /// Up to `n` words before `i`, nearest last, lowercased; stops at punctuation.
    pub fn words_before(&self, i: usize, n: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = i;
        while out.len() < n {
            match self.word_before(at) {
                Some((s, e)) => {
                    out.push(self.slice(s, e).to_lowercase());
                    at = s;
                }
                None => break,
            }
        }
        out.reverse();
        out
    }
}

/// Every string of up to five characters from `alphabet`, shortest first:
/// for exhaustive tests of the rules' shortcuts.
#[cfg(test)]
pub(crate) fn short_strings(alphabet: &[char]) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..5 {
        last = last
            .iter()
            .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn plain_nfc_is_what_it_says() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        let plain = (0..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|c| Marks::of(&c.to_string()).plain_nfc);
        let mut count = 0;
        for c in plain {
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            count += 1;
        }
        assert_eq!(count, 0x300 + 0x5a + 0x18);
        assert!(Marks::of("Số người: 1.270 (75,1%) – “Đạt”…").plain_nfc);
        assert!(!Marks::of(&"Số người".nfd().collect::<String>()).plain_nfc);
    }

    #[test]
    fn marks_of_a_text() {
        let m = Marks::of("Kính gửi:\t{{x}} «y» … 5% a..b __");
        for c in b":\t{%._x" {
            assert!(m.has(*c), "{}", *c as char);
        }
        for c in b"/([<X" {
            assert!(!m.has(*c), "{}", *c as char);
        }
        assert!(MARK_BITS.iter().filter(|b| **b != 0).count() == MARKED.len());
        assert!(m.has_ellipsis() && m.has_guillemet() && m.has_doubled());
        let m = Marks::of("a.b_c.__");
        assert!(m.has_doubled());
        let m = Marks::of("a.b_c._");
        assert!(!m.has_ellipsis() && !m.has_guillemet() && !m.has_doubled());
    }

    #[test]
    fn words_and_offsets() {
        let c = Chars::new("là …. doanh nghiệp".to_string());
        assert_eq!(c.len(), 18);
        assert_eq!(c.char_at_byte(c.byte_at_char(5)), 5);
        assert_eq!(c.words_before(3, 2), vec!["là".to_string()]);
        assert_eq!(c.slice(6, 12), "doanh ");
        assert_eq!(char_slice(&c.text, 6, 12), "doanh ");
        assert_eq!(char_slice(&c.text, 16, 30), "ệp");
        assert_eq!(char_index(&c.text, c.byte_at_char(7)), 7);
        assert_eq!(fold("  Bổ  SUNG\u{a0}số "), "bổ sung số");
    }
}
