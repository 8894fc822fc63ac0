//! `--statistics`: how many findings of each code and severity the run has, most first, then
//! the closing summary; no findings are shown.

use super::{Checked, Outcome};
use crate::spec::{Code, Severity};
use std::collections::BTreeMap;

pub fn render(files: &[Checked<'_>]) -> String {
    super::output::render(super::output::Format::Statistics, files)
}

/// One file's codes.
pub(crate) fn part(f: &Checked<'_>) -> Vec<(Code, Severity)> {
    match &f.outcome {
        Outcome::Report { report, .. } => report
            .diagnostics
            .iter()
            .map(|d| (d.code, d.severity))
            .collect(),
        Outcome::Unreadable(_) => Vec::new(),
    }
}

/// The counts so far.
#[derive(Default)]
pub(crate) struct Counts(BTreeMap<(Code, Severity), usize>);

impl Counts {
    pub(crate) fn push(&mut self, part: Vec<(Code, Severity)>) {
        for key in part {
            *self.0.entry(key).or_default() += 1;
        }
    }

    /// One line per code and severity: the count, the severity, the code.
    pub(crate) fn table(&self) -> String {
        let mut rows: Vec<(&(Code, Severity), &usize)> = self.0.iter().collect();
        // Most first; equal counts by severity (errors first), then in code table order.
        rows.sort_by(|(a, m), (b, n)| n.cmp(m).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
        let width = rows.first().map_or(1, |(_, n)| n.to_string().len());
        rows.iter()
            .map(|((code, severity), n)| format!("{n:>width$}  {:<7}  {code}\n", severity.name()))
            .collect()
    }
}
