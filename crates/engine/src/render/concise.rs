//! `--format concise`: one line per finding, `path:line:column: severity CODE message`, as
//! ruff's and actionlint's default output; then the closing summary. Text from the input is
//! shown as in the human format (hidden characters written out), so a line stays one line.

use super::{visible, Checked, Outcome};
use crate::span::LineIndex;

pub fn render(files: &[Checked<'_>]) -> String {
    super::output::render(super::output::Format::Concise, files)
}

/// One file's lines; none for a file that could not be read (the command names it on stderr).
pub(crate) fn part(f: &Checked<'_>) -> String {
    let Outcome::Report { report, text } = &f.outcome else {
        return String::new();
    };
    if report.diagnostics.is_empty() {
        return String::new();
    }
    let index = LineIndex::new(text);
    let path = visible(f.path);
    let mut out = String::new();
    for d in &report.diagnostics {
        let at = index.locate(text, d.span.start);
        let answer = if d.server_answer {
            " (the portal's answer)"
        } else {
            ""
        };
        out.push_str(&format!(
            "{path}:{}:{}: {} {} {}{answer}\n",
            at.line,
            at.column,
            d.severity.name(),
            d.code,
            visible(&d.message),
        ));
    }
    out
}
