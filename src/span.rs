//! Byte ranges into the checked text, and their translation to lines and columns.

use serde::Serialize;

/// A half-open byte range `[start, end)` into the checked text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// A one-byte span (a brace, a bracket, the first byte of a token).
    pub const fn at(pos: usize) -> Self {
        Span {
            start: pos,
            end: pos + 1,
        }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A 1-based line and a 1-based column counted in characters (not bytes), as editors show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Precomputed line starts of a text, so each lookup is a binary search.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// Line and character column of a byte offset. Bytes that are not UTF-8 continuation bytes
    /// start a character, so a stray invalid byte counts as one column.
    pub fn locate(&self, text: &[u8], offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let column = text[start..offset]
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80)
            .count()
            + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "{\n  \"title\": \"Отчёт\", \"x\": 1\n}".as_bytes();
        let idx = LineIndex::new(text);
        let x = text.windows(3).position(|w| w == b"\"x\"").unwrap();
        assert_eq!(
            idx.locate(text, x),
            LineCol {
                line: 2,
                column: 21
            }
        );
        assert_eq!(idx.locate(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.locate(text, text.len()), LineCol { line: 3, column: 2 });
    }
}
