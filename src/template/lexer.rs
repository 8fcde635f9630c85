//! Finding `{{ … }}` tags in a paragraph's text.

/// A tag found in text: its character span and what is between the braces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTag {
    /// Offset of the first `{`, in chars.
    pub start: usize,
    /// Offset just past the last `}`, in chars.
    pub end: usize,
    /// The text between `{{` and `}}`, untrimmed.
    pub inner: String,
}

/// A problem the lexer found, with its character span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexProblem {
    /// `{{` with no `}}` after it in the paragraph.
    Unclosed { start: usize },
    /// `}}` with no `{{` before it.
    Unopened { start: usize },
}

/// Finds every tag in `text`, and every stray or unclosed delimiter.
pub fn lex(text: &str) -> (Vec<RawTag>, Vec<LexProblem>) {
    let chars: Vec<char> = text.chars().collect();
    let mut tags = Vec::new();
    let mut problems = Vec::new();
    let mut i = 0;
    let at = |i: usize, a: char| i + 1 < chars.len() && chars[i] == a && chars[i + 1] == a;
    while i < chars.len() {
        if at(i, '{') {
            let start = i;
            let mut j = i + 2;
            let mut closed = None;
            while j < chars.len() {
                if at(j, '}') {
                    closed = Some(j);
                    break;
                }
                if at(j, '{') {
                    break;
                }
                j += 1;
            }
            match closed {
                Some(close) => {
                    // `}}}` closes at the last pair, so `{{a}}}` keeps the stray brace outside.
                    tags.push(RawTag {
                        start,
                        end: close + 2,
                        inner: chars[start + 2..close].iter().collect(),
                    });
                    i = close + 2;
                }
                None => {
                    problems.push(LexProblem::Unclosed { start });
                    i = j.max(i + 2);
                }
            }
        } else if at(i, '}') {
            problems.push(LexProblem::Unopened { start: i });
            i += 2;
        } else {
            i += 1;
        }
    }
    (tags, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_with_char_offsets() {
        let (tags, problems) = lex("Đắk {{ten}} và {{ a.b | so }}");
        assert!(problems.is_empty());
        assert_eq!(tags.len(), 2);
        assert_eq!(
            (tags[0].start, tags[0].end, tags[0].inner.as_str()),
            (4, 11, "ten")
        );
        assert_eq!(tags[1].inner, " a.b | so ");
    }

    #[test]
    fn reports_unclosed_and_unopened() {
        let (tags, problems) = lex("a {{x b }} c {{y");
        assert_eq!(tags.len(), 1);
        assert_eq!(problems, vec![LexProblem::Unclosed { start: 13 }]);
        let (_, problems) = lex("{{a {{b}} x}}");
        assert_eq!(
            problems,
            vec![
                LexProblem::Unclosed { start: 0 },
                LexProblem::Unopened { start: 11 }
            ]
        );
    }
}
