//! `--format github`: GitHub Actions workflow commands, one annotation per finding. GitHub
//! shows at most ten annotations of each level per step; the rest are printed as plain lines
//! with one line saying how many were not annotated.

use super::{plural, Checked, Outcome};
use crate::span::LineIndex;
use crate::spec::Severity;

/// Annotations of one level GitHub shows per step.
const SHOWN_PER_LEVEL: usize = 10;

pub fn render(files: &[Checked<'_>]) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings, mut notices) = (0usize, 0usize, 0usize);
    let mut overflow = [0usize; 3];
    let mut emit = |out: &mut String,
                    level: Severity,
                    file: &str,
                    pos: Option<[usize; 4]>,
                    title: &str,
                    message: &str| {
        let (count, slot, command) = match level {
            Severity::Error => (&mut errors, 0, "error"),
            Severity::Warning => (&mut warnings, 1, "warning"),
            Severity::Info => (&mut notices, 2, "notice"),
        };
        *count += 1;
        if *count > SHOWN_PER_LEVEL {
            overflow[slot] += 1;
            let at = pos.map_or(String::new(), |[l, c, _, _]| format!(":{l}:{c}"));
            out.push_str(&format!("{file}{at}: {command} {title}: {message}\n"));
            return;
        }
        let mut props = format!("file={}", property(file));
        if let Some([line, col, end_line, end_col]) = pos {
            props.push_str(&format!(
                ",line={line},col={col},endLine={end_line},endColumn={end_col}"
            ));
        }
        props.push_str(&format!(",title={}", property(title)));
        out.push_str(&format!("::{command} {props}::{}\n", data(message)));
    };
    for f in files {
        match &f.outcome {
            Outcome::Unreadable(reason) => {
                emit(
                    &mut out,
                    Severity::Error,
                    f.path,
                    None,
                    "input-unreadable",
                    &format!("cannot be checked: {reason}"),
                );
            }
            Outcome::Report { report, text } => {
                let index = LineIndex::new(text);
                for d in &report.diagnostics {
                    let s = index.locate(text, d.span.start);
                    let e = index.locate(text, d.span.end);
                    let mut message = d.message.clone();
                    if d.server_answer {
                        message.push_str(" (the portal's answer)");
                    }
                    if let Some(help) = &d.help {
                        message.push_str(&format!("\nhelp: {help}"));
                    }
                    emit(
                        &mut out,
                        d.severity,
                        f.path,
                        Some([s.line, s.column, e.line, e.column]),
                        d.code.name(),
                        &message,
                    );
                }
            }
        }
    }
    let hidden: Vec<String> = overflow
        .iter()
        .zip(["error", "warning", "notice"])
        .filter(|(n, _)| **n > 0)
        .map(|(n, w)| plural(*n, w))
        .collect();
    if !hidden.is_empty() {
        out.push_str(&format!(
            "b24lint: {} not annotated (GitHub shows {SHOWN_PER_LEVEL} annotations of each level per step); they are listed above as plain lines\n",
            hidden.join(" and ")
        ));
    }
    out
}

/// The message part of a workflow command: `%`, CR and LF escaped.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
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
    }
}
