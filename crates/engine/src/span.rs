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

/// Bytes per checkpoint of the character count.
const BLOCK: usize = 64;

/// Precomputed line starts and character counts of a text, built once in one pass, so each
/// lookup is a binary search plus a scan of at most [`BLOCK`] bytes, however long the line
/// (a minified file with thousands of findings on its one line stays linear).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Characters before byte `k * BLOCK`, for every block of the text.
    chars_before: Vec<usize>,
    len: usize,
}

/// Bytes that are not UTF-8 continuation bytes start a character, so a stray invalid byte
/// counts as one column.
fn starts_char(b: u8) -> bool {
    (b & 0xC0) != 0x80
}

impl LineIndex {
    pub fn new(text: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        let mut chars_before = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut count = 0;
        for block in text.chunks(BLOCK) {
            chars_before.push(count);
            count += block.iter().filter(|b| starts_char(**b)).count();
        }
        chars_before.push(count);
        LineIndex {
            starts,
            chars_before,
            len: text.len(),
        }
    }

    /// Characters in `text[..offset]`, and how many bytes were scanned to count them.
    fn chars_to(&self, text: &[u8], offset: usize) -> (usize, usize) {
        let block = offset / BLOCK;
        let from = block * BLOCK;
        let tail = &text[from..offset];
        let count = self.chars_before[block] + tail.iter().filter(|b| starts_char(**b)).count();
        (count, tail.len())
    }

    /// The 0-based line holding a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset.min(self.len)) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The bytes of a 0-based line: from its first byte to its `\n` (excluded) or the end of
    /// the text.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let line = line.min(self.starts.len() - 1);
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(self.len, |next| next - 1);
        start..end
    }

    /// How many lines the text has (a text ending in `\n` has an empty last line).
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// Line and character column of a byte offset. `text` must be the text the index was built
    /// from.
    pub fn locate(&self, text: &[u8], offset: usize) -> LineCol {
        self.locate_counted(text, offset).0
    }

    /// [`Self::locate`], and the bytes it scanned (bounded by two blocks).
    fn locate_counted(&self, text: &[u8], offset: usize) -> (LineCol, usize) {
        let offset = offset.min(self.len).min(text.len());
        let line = self.line_of(offset);
        let (to_offset, scanned) = self.chars_to(text, offset);
        let (to_line, scanned_too) = self.chars_to(text, self.starts[line]);
        let at = LineCol {
            line: line + 1,
            column: to_offset - to_line + 1,
        };
        (at, scanned + scanned_too)
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

    /// The naive count from the start of the line, which the index must agree with.
    fn naive(text: &[u8], offset: usize) -> LineCol {
        let before = &text[..offset];
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        LineCol {
            line: before.iter().filter(|b| **b == b'\n').count() + 1,
            column: before[line_start..]
                .iter()
                .filter(|b| starts_char(**b))
                .count()
                + 1,
        }
    }

    #[test]
    fn every_offset_agrees_with_counting_from_the_line_start() {
        // Multi-byte characters straddle block boundaries; an invalid byte counts as one.
        let mut text = "ab\nπ€😀x\r\n".repeat(20).into_bytes();
        text.extend_from_slice(&[0xff, b'a', 0x80, b'\n']);
        text.extend("ж".repeat(100).as_bytes());
        let idx = LineIndex::new(&text);
        for offset in 0..=text.len() {
            assert_eq!(
                idx.locate(&text, offset),
                naive(&text, offset),
                "offset {offset}"
            );
        }
        assert_eq!(idx.locate(&text, text.len() + 5), naive(&text, text.len()));
    }

    #[test]
    fn lines_and_their_ranges() {
        let text = b"ab\n\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.lines(), 3);
        assert_eq!(idx.line_range(0), 0..2);
        assert_eq!(idx.line_range(1), 3..3);
        assert_eq!(idx.line_range(2), 4..6);
        // Past the last line: the last line.
        assert_eq!(idx.line_range(99), 4..6);
        assert_eq!(idx.line_of(3), 1);
        assert_eq!(idx.line_of(99), 2);
        let ends_in_newline = LineIndex::new(b"a\n");
        assert_eq!(ends_in_newline.line_range(1), 2..2);
    }

    #[test]
    fn a_lookup_on_a_long_line_scans_at_most_two_blocks() {
        // Everything but the two partial blocks comes from checkpoints: the cost of a lookup
        // does not grow with the line.
        let mut text = "я".repeat(1 << 19).into_bytes();
        text.push(b'\n');
        text.extend(b"b".repeat(1000));
        let idx = LineIndex::new(&text);
        let mut total = 0;
        for offset in (0..text.len()).step_by(997) {
            let (at, scanned) = idx.locate_counted(&text, offset);
            assert!(
                scanned < 2 * BLOCK,
                "offset {offset} scanned {scanned} bytes"
            );
            let expected = if offset < 1 << 20 {
                LineCol {
                    line: 1,
                    column: offset.div_ceil(2) + 1,
                }
            } else {
                LineCol {
                    line: 2,
                    column: offset - (1 << 20),
                }
            };
            assert_eq!(at, expected);
            total += scanned;
        }
        // Exactly the two partial blocks: the offset's and its line start's.
        let start = (1 << 20) + 1;
        let offset = start + 700;
        assert_eq!(
            idx.locate_counted(&text, offset).1,
            offset % BLOCK + start % BLOCK
        );
        // 1,053 lookups on a 1 MiB line: a count from the line start would scan gigabytes.
        assert!(total < 1100 * 2 * BLOCK);
    }
}
