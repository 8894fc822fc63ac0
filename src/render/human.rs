//! `--format human`: miette's graphical reports, one per finding, then a line per file with the
//! portal's predicted answer and a closing summary.
//!
//! miette counts columns in bytes and prints whole lines; the header here carries our own
//! `path:line:column` (columns in characters), and a finding on a very long line (a minified
//! file, a base64 logo) is shown through a window around it.

use super::{plural, Checked, Outcome, Summary};
use crate::diag::{Applicability, Diagnostic, Report};
use crate::span::{LineIndex, Span};
use crate::spec::Severity;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;

/// Lines longer than this are shown through a window around the finding.
const LONG_LINE: usize = 200;
/// How much of a long line is shown before the finding's start.
const WINDOW_BEFORE: usize = 50;
/// How much of a long line is shown at most.
const WINDOW_LEN: usize = 160;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Terminal width for wrapping.
    pub width: usize,
}

pub fn render(files: &[Checked<'_>], style: Style) -> String {
    let mut out = render_files(files, style);
    out.push_str(&summary(files));
    out
}

/// The reports of some files, without the closing summary: files render independently, so a
/// caller may render slices of a run in parallel and join them in order.
pub fn render_files(files: &[Checked<'_>], style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_context_lines(1)
        .without_primary_span_start()
        .with_links(false);
    let mut out = String::new();
    for f in files {
        match &f.outcome {
            // Named on stderr by the command, in every format.
            Outcome::Unreadable(_) => {}
            Outcome::Report { report, text } => file(&mut out, &handler, f.path, report, text),
        }
    }
    out
}

/// Findings drawn per file, the portal's answer aside.
const MAX_RENDERED: usize = 500;

/// The closing line of a run.
pub fn summary(files: &[Checked<'_>]) -> String {
    summary_line(&Summary::of(files)) + "\n"
}

fn file(
    out: &mut String,
    handler: &GraphicalReportHandler,
    path: &str,
    report: &Report,
    text: &[u8],
) {
    let index = LineIndex::new(text);
    let display = String::from_utf8_lossy(text);
    let mut rendered = 0;
    for d in &report.diagnostics {
        // Past a few hundred snippets nobody reads on; the answer is always shown.
        if rendered >= MAX_RENDERED && !d.server_answer {
            continue;
        }
        rendered += 1;
        let shown = Shown::new(path, d, &display, &index, text);
        // Rendering into a String cannot fail except through a broken Display impl.
        let _ = handler.render_report(out, &shown);
        out.push('\n');
    }
    if report.diagnostics.len() > rendered {
        out.push_str(&format!(
            "{path}: {} more findings not shown here; --format json lists them all\n\n",
            report.diagnostics.len() - rendered
        ));
    }
    if report.diagnostics.is_empty() && report.answer.accepted() {
        return; // clean files stay quiet; the summary counts them
    }
    let counts = match (report.errors(), report.warnings()) {
        (0, 0) => "no findings".to_string(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    };
    let answer = match report.server_answer() {
        Some(d) => {
            let at = index.locate(text, d.span.start);
            format!(
                "{} (at {path}:{}:{})",
                report.answer.describe(),
                at.line,
                at.column
            )
        }
        None => report.answer.describe(),
    };
    out.push_str(&format!(
        "{path}: {counts}; {} {} would answer: {answer}\n\n",
        report.method.name(),
        report.target,
    ));
}

fn summary_line(s: &Summary) -> String {
    let mut parts = vec![plural(s.errors, "error"), plural(s.warnings, "warning")];
    if s.unreadable > 0 {
        parts.push(format!("{} not readable", plural(s.unreadable, "file")));
    }
    format!("Checked {}: {}.", plural(s.files, "file"), parts.join(", "))
}

/// One finding prepared for miette: header name with character columns, and the (possibly
/// windowed) source it points into.
struct Shown<'a> {
    d: &'a Diagnostic,
    code: String,
    help: Option<String>,
    source: Snippet<'a>,
    labels: Vec<LabeledSpan>,
}

impl<'a> Shown<'a> {
    fn new(
        path: &str,
        d: &'a Diagnostic,
        display: &'a str,
        index: &LineIndex,
        text: &[u8],
    ) -> Self {
        let at = index.locate(text, d.span.start);
        let name = format!("{path}:{}:{}", at.line, at.column);
        let code = if d.server_answer {
            format!("{} (the portal's answer)", d.code)
        } else {
            d.code.to_string()
        };
        let window = window(display, d.span);
        let mut labels = Vec::new();
        let mut add = |span: Span, text: Option<&str>, primary: bool| {
            if let Some(local) = window.clip(span) {
                let s = SourceSpan::new(local.start.into(), local.len());
                let text = text.map(str::to_string);
                labels.push(if primary {
                    LabeledSpan::new_primary_with_span(text, s)
                } else {
                    LabeledSpan::new_with_span(text, s)
                });
            }
        };
        add(visible(d.span, display), d.label.as_deref(), true);
        for l in &d.labels {
            add(l.span, Some(&l.text), false);
        }
        let fix = d.fix.as_ref().map(|f| match f.applicability {
            Applicability::Safe => format!("fix: {} (b24lint check --fix)", f.title),
            Applicability::Unsafe => {
                format!("fix: {} (b24lint check --fix --unsafe-fixes)", f.title)
            }
        });
        let help = match (&d.help, fix) {
            (Some(h), Some(f)) => Some(format!("{h}\n{f}")),
            (h, f) => h.clone().or(f),
        };
        Shown {
            d,
            code,
            help,
            source: Snippet {
                name,
                text: &display[window.start..window.end],
                first_line: index.locate(text, window.start).line - 1,
            },
            labels,
        }
    }
}

/// miette draws nothing for an empty span; show the character at (or, at the end of the
/// text, before) the position instead.
fn visible(span: Span, display: &str) -> Span {
    if !span.is_empty() || display.is_empty() {
        return span;
    }
    let mut at = span.start.min(display.len());
    while !display.is_char_boundary(at) {
        at -= 1;
    }
    match display[at..].chars().next() {
        Some(c) => Span::new(at, at + c.len_utf8()),
        None => {
            let c = display[..at].chars().next_back().map_or(0, char::len_utf8);
            Span::new(at - c, at)
        }
    }
}

/// The part of the text shown for one finding.
struct Window {
    start: usize,
    end: usize,
}

impl Window {
    /// A span relative to the window, clipped to it; `None` if it lies outside.
    fn clip(&self, span: Span) -> Option<Span> {
        let start = span.start.clamp(self.start, self.end);
        let end = span.end.clamp(self.start, self.end);
        if span.start > self.end || span.end < self.start || (start == end && !span.is_empty()) {
            return None;
        }
        Some(Span::new(start - self.start, end - self.start))
    }
}

fn window(display: &str, span: Span) -> Window {
    let mut start = span.start.min(display.len());
    // Offsets come from the raw bytes; after an invalid UTF-8 byte the lossy display text is
    // longer, so stay on a character boundary whatever happens.
    while !display.is_char_boundary(start) {
        start -= 1;
    }
    let line_start = display[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = display[start..]
        .find('\n')
        .map_or(display.len(), |i| start + i);
    if line_end - line_start <= LONG_LINE {
        return Window {
            start: 0,
            end: display.len(),
        };
    }
    let floor = |mut i: usize| {
        while !display.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let from = floor(start.saturating_sub(WINDOW_BEFORE).max(line_start));
    let to = floor((from + WINDOW_LEN).min(line_end));
    Window {
        start: from,
        end: to,
    }
}

/// Source text for miette whose line numbers continue from `first_line`.
struct Snippet<'a> {
    name: String,
    text: &'a str,
    first_line: usize,
}

impl SourceCode for Snippet<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shown").field("code", &self.code).finish()
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}
