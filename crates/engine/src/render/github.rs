//! `--format github`: GitHub Actions workflow commands, one annotation per finding. GitHub
//! shows at most ten annotations of each level per step; the rest are printed as plain lines
//! with one line saying how many were not annotated.
//!
//! The runner reads every line of the log that starts with `::` as a workflow command
//! (`::add-mask::`, `::stop-commands::`, `::error …`), so every line printed here is one line
//! composed by b24lint, and nothing from the input (a file name, a key or a value quoted in a
//! message) can end it or start the next:
//!
//! - Annotations keep the form `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=CODE::M`.
//!   The file property is escaped as the runner decodes it (`%` `%25`, CR `%0D`, LF `%0A`, `:`
//!   `%3A`, `,` `%2C`), so a file with a line break in its name is still the file annotated;
//!   its other hidden characters (see [`super::is_hidden`]) are written `\u{1b}` as in the
//!   human format. In the message, text from the input is written as in the human format (a
//!   line break in a key shows as `\n`) and `%` as `%25`; the one line break b24lint adds,
//!   before `help:`, is `%0A`, which GitHub shows as a new line of the annotation.
//! - Plain lines are `b24lint: FILE:LINE:COL: error CODE: message (help: …)`: they start with
//!   the tool's name, as the closing count does, never with `::` or a space, whatever the file
//!   is called; FILE, CODE, message and help are written as in the human format (hidden
//!   characters as `\u{1b}`, `\n`, `\r`, `\t`), since nobody decodes `%0A` in a plain line.
//! - The runner also obeys the older form `##[command]` anywhere in a line that is not a `::`
//!   command. Messages and plain lines write it `#\u{23}[`. An annotation's `file` property
//!   keeps it: the line is a `::` command, which the runner takes before it looks for the old
//!   form, and the property must stay the file's name.

use super::{is_hidden, plural, push_visible, visible, Checked, Outcome};
use crate::spec::Severity;

/// Annotations of one level GitHub shows per step.
const SHOWN_PER_LEVEL: usize = 10;

pub fn render(files: &[Checked<'_>]) -> String {
    super::output::render(super::output::Format::Github, files)
}

/// One finding, as an annotation and as the plain line it becomes once GitHub's quota for its
/// level is used up (which depends on the files before it, so both are made).
pub(crate) struct Line {
    level: Severity,
    annotation: String,
    plain: String,
}

/// `message` and `help` are as the report has them: escaped here, for the line they end up on.
fn line(
    level: Severity,
    file: &str,
    pos: Option<[usize; 4]>,
    title: &str,
    message: &str,
    help: Option<&str>,
) -> Line {
    let command = command(level);
    let at = pos.map_or(String::new(), |[l, c, _, _]| format!(":{l}:{c}"));
    let plain_help = help.map_or(String::new(), |h| format!(" (help: {})", visible(h)));
    let plain = format!(
        "b24lint: {}{at}: {command} {}: {}{plain_help}\n",
        visible(file),
        visible(title),
        visible(message)
    );
    let mut props = format!("file={}", property(&breaks_kept(file)));
    if let Some([line, col, end_line, end_col]) = pos {
        props.push_str(&format!(
            ",line={line},col={col},endLine={end_line},endColumn={end_col}"
        ));
    }
    props.push_str(&format!(",title={}", property(&visible(title))));
    let mut text = data(&visible(message));
    if let Some(help) = help {
        text.push_str(&format!("%0Ahelp: {}", data(&visible(help))));
    }
    Line {
        level,
        annotation: format!("::{command} {props}::{text}\n"),
        plain,
    }
}

fn command(level: Severity) -> &'static str {
    match level {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// One file's findings.
pub(crate) fn part(f: &Checked<'_>) -> Vec<Line> {
    match &f.outcome {
        Outcome::Unreadable(reason) => vec![line(
            Severity::Error,
            f.path,
            None,
            crate::spec::Code::INPUT_UNREADABLE.name(),
            &format!("cannot be checked: {reason}"),
            None,
        )],
        Outcome::Report { report, text } => {
            super::located(&report.diagnostics, text, |d, index, text| {
                let s = index.locate(text, d.span.start);
                let e = index.locate(text, d.span.end);
                let mut message = d.message.clone();
                if d.server_answer {
                    message.push_str(" (the portal's answer)");
                }
                line(
                    d.severity,
                    f.path,
                    Some([s.line, s.column, e.line, e.column]),
                    d.code.name(),
                    &message,
                    d.help.as_deref(),
                )
            })
        }
    }
}

/// The annotations of a run whose configuration is broken (nothing was checked): one error
/// per problem at its place in the configuration file, titled `config-invalid`.
pub(crate) fn configuration(problems: &[crate::config::Problem]) -> String {
    let lines = problems
        .iter()
        .map(|p| {
            line(
                Severity::Error,
                &p.path,
                p.at.map(|at| [at.start.line, at.start.column, at.end.line, at.end.column]),
                p.code().name(),
                &p.message,
                None,
            )
        })
        .collect();
    let mut quota = Quota::default();
    let out = quota.push(lines);
    out + &quota.finish()
}

/// Annotations made so far of each level, and the findings past the quota.
#[derive(Default)]
pub(crate) struct Quota {
    shown: [usize; 3],
    overflow: [usize; 3],
}

impl Quota {
    pub(crate) fn push(&mut self, part: Vec<Line>) -> String {
        let mut out = String::new();
        for l in part {
            let slot = match l.level {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            };
            if self.shown[slot] < SHOWN_PER_LEVEL {
                self.shown[slot] += 1;
                out.push_str(&l.annotation);
            } else {
                self.overflow[slot] += 1;
                out.push_str(&l.plain);
            }
        }
        out
    }

    /// The closing line, when some findings were not annotated.
    pub(crate) fn finish(&self) -> String {
        let hidden: Vec<String> = self
            .overflow
            .iter()
            .zip(["error", "warning", "notice"])
            .filter(|(n, _)| **n > 0)
            .map(|(n, w)| plural(*n, w))
            .collect();
        if hidden.is_empty() {
            return String::new();
        }
        format!(
            "b24lint: {} not annotated (GitHub shows {SHOWN_PER_LEVEL} annotations of each level per step); they are listed above as plain lines\n",
            hidden.join(" and ")
        )
    }
}

/// The message part of a workflow command: `%`, CR and LF escaped.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A file name for the `file` property: its line breaks stay for [`property`] to escape (the
/// runner decodes them back into the name), its other hidden characters are written out.
fn breaks_kept(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\r' | '\n' => out.push(c),
            c if is_hidden(c) => push_visible(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// A property value: as data, plus `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping() {
        assert_eq!(super::data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(super::property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(
            super::property(&super::breaks_kept("a\nb\u{1b}c\t")),
            "a%0Ab\\u{1b}c\\t"
        );
    }
}
