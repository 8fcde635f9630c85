//! What the renderer writes: the XML, and where each of the template's fixed
//! pieces went in it, so that the text can be read back by replaying the
//! pieces' recorded events and reading only what was written between them.

use crate::template::StaticXml;
use crate::text::Paragraph;
use crate::text::{ParagraphReader, Tokenizer};
use crate::xml::ParseError;

/// XML being rendered.
#[derive(Debug, Default)]
pub(super) struct Output<'t> {
    /// The XML so far; values and renumbered tags are written straight here.
    pub xml: String,
    /// Each fixed piece, with the offset it was written at.
    fixed: Vec<(usize, &'t StaticXml)>,
}

impl<'t> Output<'t> {
    pub fn with_capacity(bytes: usize) -> Self {
        Output {
            xml: String::with_capacity(bytes),
            fixed: Vec::new(),
        }
    }

    /// Writes a fixed piece of the template.
    pub fn push_fixed(&mut self, piece: &'t StaticXml) {
        self.fixed.push((self.xml.len(), piece));
        self.xml.push_str(&piece.xml);
    }

    /// Writes another output after this one.
    pub fn append(&mut self, other: Output<'t>) {
        let base = self.xml.len();
        self.fixed
            .extend(other.fixed.into_iter().map(|(at, p)| (base + at, p)));
        self.xml.push_str(&other.xml);
    }

    /// The paragraphs of the XML, as [`crate::text::paragraphs_in`] reads
    /// them, with each fixed piece replayed instead of read.
    pub fn paragraphs(&self, part: &str) -> Result<Vec<Paragraph>, ParseError> {
        let mut tokens = Tokenizer::in_pieces();
        let mut reader = ParagraphReader::default();
        let mut at = 0;
        for &(start, piece) in &self.fixed {
            tokens.read(&self.xml[at..start], &mut |e| reader.take(e))?;
            tokens.replay(&piece.events, &mut |e, nfc| reader.take_known(e, nfc));
            at = start + piece.xml.len();
        }
        tokens.read(&self.xml[at..], &mut |e| reader.take(e))?;
        Ok(reader.finish(part))
    }
}
