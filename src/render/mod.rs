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
