//! Renderers: each turns checked files into text in one output format. They never re-check or
//! re-parse; they only read reports.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod server;

use crate::diag::Report;

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
}

impl Summary {
    pub fn of(files: &[Checked<'_>]) -> Summary {
        let mut s = Summary {
            files: files.len(),
            ..Summary::default()
        };
        for f in files {
            match &f.outcome {
                Outcome::Report { report, .. } => {
                    s.errors += report.errors();
                    s.warnings += report.warnings();
                }
                Outcome::Unreadable(_) => s.unreadable += 1,
            }
        }
        s
    }
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
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text for a terminal: every hidden character (see [`is_hidden`]) written as `\u{1b}`, so
/// what a hostile key, value or file name holds is seen, never obeyed. Line breaks are shown
/// as `\n` too: the text is one line. Other text is returned as is.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_visible(&mut out, c);
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
    }
}
