//! Renderers: each turns checked files into text in one output format. They never re-check or
//! re-parse; they only read reports.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod output;
pub mod sarif;
pub mod server;
pub mod statistics;

use crate::diag::{Diagnostic, Report};
use crate::span::LineIndex;

/// One input as the renderers see it: checked, or not readable at all.
#[derive(Debug)]
pub struct Checked<'a> {
    /// The name shown to the user (path, or the stdin name).
    pub path: &'a str,
    pub outcome: Outcome<'a>,
}

#[derive(Debug)]
pub enum Outcome<'a> {
    Report {
        report: &'a Report,
        text: &'a [u8],
    },
    /// The input could not be read: a one-line reason.
    Unreadable(&'a str),
}

/// Totals over a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub unreadable: usize,
    /// Findings `--fix` would fix, and the more `--unsafe-fixes` would.
    pub fixable: usize,
    pub unsafe_fixable: usize,
    /// JSON files a directory walk left out as clearly not BIConnector documents
    /// ([`crate::skip`]); not counted in `files`.
    pub skipped: usize,
}

impl Summary {
    pub fn of(files: &[Checked<'_>]) -> Summary {
        let mut s = Summary::default();
        for f in files {
            s.add(f);
        }
        s
    }

    /// Counts one more file.
    pub fn add(&mut self, file: &Checked<'_>) {
        self.files += 1;
        match &file.outcome {
            Outcome::Report { report, .. } => {
                self.errors += report.errors();
                self.warnings += report.warnings();
                for d in &report.diagnostics {
                    match d.fix.as_ref().map(|f| f.applicability) {
                        Some(crate::diag::Applicability::Safe) => self.fixable += 1,
                        Some(crate::diag::Applicability::Unsafe) => self.unsafe_fixable += 1,
                        None => {}
                    }
                }
            }
            Outcome::Unreadable(_) => self.unreadable += 1,
        }
    }

    /// Adds another run's totals (a part of this one).
    pub fn extend(&mut self, other: Summary) {
        self.files += other.files;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.unreadable += other.unreadable;
        self.fixable += other.fixable;
        self.unsafe_fixable += other.unsafe_fixable;
        self.skipped += other.skipped;
    }
}

/// Each diagnostic with its lines and columns; the line index is built only for a file that
/// has any (most files of a large run are clean).
pub(crate) fn located<'a, T>(
    diagnostics: &'a [Diagnostic],
    text: &[u8],
    each: impl Fn(&'a Diagnostic, &LineIndex, &[u8]) -> T,
) -> Vec<T> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(text);
    diagnostics.iter().map(|d| each(d, &index, text)).collect()
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Whether a character must not reach a terminal as it is: C0 and C1 controls and DEL (ESC
/// starts escape sequences that can retitle or clear the terminal, BEL rings, CR overwrites),
/// and the bidirectional overrides and isolates that reorder what is shown ("Trojan source").
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            // Bidirectional overrides, isolates and marks; line and paragraph separators,
            // which some terminals take as line breaks.
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// GitHub's runner also obeys the older `##[command]` form anywhere in a line of a step's
/// output, so wherever text from the input can reach a log, the `#` before `[` is written as
/// an escape.
const LEGACY_COMMAND: &str = "##[";

/// Whether the `#` at `at` is the second of `##[`, which must not reach a log as it is.
pub(crate) fn starts_legacy_command(text: &[u8], at: usize) -> bool {
    at > 0 && text[at - 1] == b'#' && text.get(at) == Some(&b'#') && text.get(at + 1) == Some(&b'[')
}

/// JSON output for logs: `##[` inside strings written as `#\u0023[`, the same text to any
/// JSON reader, no command to a CI runner.
pub(crate) fn json_for_logs(out: String) -> String {
    if out.contains(LEGACY_COMMAND) {
        out.replace(LEGACY_COMMAND, "#\\u0023[")
    } else {
        out
    }
}

/// Text for a terminal: every hidden character (see [`is_hidden`]) written as `\u{1b}`, so
/// what a hostile key, value or file name holds is seen, never obeyed. Line breaks are shown
/// as `\n` too: the text is one line. Other text is returned as is.
///
/// A `##[` (a command to GitHub's runner, see [`LEGACY_COMMAND`]) is written `#\u{23}[`.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_hidden) && !s.contains(LEGACY_COMMAND) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        if c == '#' && starts_legacy_command(s.as_bytes(), i) {
            out.push_str("\\u{23}");
        } else {
            push_visible(&mut out, c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Appends `c`, written as an escape when it is hidden.
pub(crate) fn push_visible(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if is_hidden(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        c => out.push(c),
    }
}

/// `text` wrapped at spaces to `width` columns (counted in characters), the first line after
/// `first`, the others after `rest`; a word longer than a line (a URL) stays whole. Every line
/// ends in `\n`.
pub(crate) fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::from(first);
    let mut col = first.chars().count();
    let mut line_start = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = word.chars().count();
        if !line_start && col + 1 + len > width {
            out.push('\n');
            out.push_str(rest);
            col = rest.chars().count();
            line_start = true;
        }
        if !line_start {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += len;
        line_start = false;
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod wrap_tests {
    use super::wrap;

    #[test]
    fn words_wrap_at_the_width_in_characters_with_their_indents() {
        assert_eq!(wrap("aaa bbb ccc", 7, "", "  "), "aaa bbb\n  ccc\n");
        // A line that fits exactly stays whole; one character more moves the word on.
        assert_eq!(wrap("aaa bbb", 7, "", ""), "aaa bbb\n");
        assert_eq!(wrap("aaa bbbb", 7, "", ""), "aaa\nbbbb\n");
        // The first indent counts on the first line, the other on the rest.
        assert_eq!(
            wrap("aa bb cc dd", 8, "> ", "    "),
            "> aa bb\n    cc\n    dd\n"
        );
        // Characters, not bytes.
        assert_eq!(wrap("яяя ююю", 7, "", ""), "яяя ююю\n");
        // A word longer than a line stays whole on a line of its own.
        assert_eq!(
            wrap("https://example.com/a/long/path x", 10, "", ""),
            "https://example.com/a/long/path\nx\n"
        );
        assert_eq!(wrap("a  b", 10, "", ""), "a b\n");
        assert_eq!(wrap("", 10, "  ", "  "), "  \n");
    }
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn hidden_characters_are_written_out() {
        assert_eq!(visible("plain Отчёт"), "plain Отчёт");
        assert!(matches!(visible("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(visible("a\u{1b}]0;owned\u{7}b"), "a\\u{1b}]0;owned\\u{7}b");
        assert_eq!(
            visible("x\ny\r\tz\u{7f}\u{9b}"),
            "x\\ny\\r\\tz\\u{7f}\\u{9b}"
        );
        assert_eq!(visible("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(visible("a\u{2028}b\u{200f}"), "a\\u{2028}b\\u{200f}");
        assert_eq!(
            visible("##[add-mask]x ###[error]"),
            "#\\u{23}[add-mask]x ##\\u{23}[error]"
        );
        assert_eq!(visible("# [a] #x[b]"), "# [a] #x[b]");
    }
}
