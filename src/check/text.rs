//! Small text helpers shared by the rules: character offsets, words around
//! a position, Vietnamese number parsing.

use unicode_normalization::UnicodeNormalization;

/// The text in NFC, so that offsets are the same whatever form the input had.
pub fn nfc(s: &str) -> String {
    if unicode_normalization::is_nfc(s) {
        s.to_string()
    } else {
        s.nfc().collect()
    }
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

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
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

/// Parses a number written the Vietnamese way: "." groups thousands and ","
/// marks decimals ("1.270", "75,1"). A lone "." followed by other than three
/// digits is taken as a decimal point ("5.0").
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() || !s.chars().next()?.is_ascii_digit() {
        return None;
    }
    let cleaned: String = if s.contains(',') {
        s.replace('.', "").replace(',', ".")
    } else if s.contains('.') {
        let groups: Vec<&str> = s.split('.').collect();
        if groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3) {
            s.replace('.', "")
        } else {
            s.to_string()
        }
    } else {
        s.to_string()
    };
    cleaned.parse().ok()
}

/// Digits after the decimal mark of a number as written ("75,1" → 1).
pub fn decimals(s: &str) -> u32 {
    let s = s.trim();
    if let Some(p) = s.rfind(',') {
        return (s.len() - p - 1) as u32;
    }
    if let Some(p) = s.rfind('.') {
        let tail = &s[p + 1..];
        if tail.len() != 3 {
            return tail.len() as u32;
        }
    }
    0
}

/// A number for a Vietnamese message: decimal comma, at most two decimals.
pub fn show_number(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    let mut s = format!("{r:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    s.replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_vietnamese_style() {
        assert_eq!(parse_number("1.270"), Some(1270.0));
        assert_eq!(parse_number("75,1"), Some(75.1));
        assert_eq!(parse_number("1.830,250"), Some(1830.25));
        assert_eq!(parse_number("5.0"), Some(5.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(decimals("33,3"), 1);
        assert_eq!(decimals("1.500"), 0);
        assert_eq!(show_number(87.5), "87,5");
        assert_eq!(show_number(80.0), "80");
    }

    #[test]
    fn nfd_input_becomes_nfc() {
        let nfd: String = "Số người".nfd().collect();
        assert_ne!(nfd, "Số người");
        assert_eq!(nfc(&nfd), "Số người");
    }

    #[test]
    fn words_and_offsets() {
        let c = Chars::new("là …. doanh nghiệp".to_string());
        assert_eq!(c.len(), 18);
        assert_eq!(c.char_at_byte(c.byte_at_char(5)), 5);
        assert_eq!(c.words_before(3, 2), vec!["là".to_string()]);
        assert_eq!(c.slice(6, 12), "doanh ");
        assert_eq!(fold("  Bổ  SUNG\u{a0}số "), "bổ sung số");
    }
}
