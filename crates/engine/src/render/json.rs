//! `--format json`: one versioned document for tools (schema in the README; names are fixed).

use super::{Checked, Outcome, Summary};
use crate::diag::{Diagnostic, Report};
use crate::span::{LineIndex, Span};
use crate::spec::{Origin, Severity};
use serde::Serialize;
use serde_json::Value;

/// Bumped only when a key changes meaning or disappears; new keys may appear in any version.
pub const VERSION: u32 = 1;

pub fn render(files: &[Checked<'_>]) -> String {
    super::output::render(super::output::Format::Json, files)
}

// The document is written as its files complete: the opening, each file's object where it
// sits in `files`, then the summary. The pieces join into exactly what serializing the whole
// document at once gives.

/// The document before its first file.
pub(crate) fn opening() -> String {
    format!("{{\n  \"version\": {VERSION},\n  \"files\": [")
}

/// One file's object, laid out where it sits in the `files` array.
pub(crate) fn part(f: &Checked<'_>) -> String {
    // Serialized straight from borrowed structs: a report with 100,000 findings costs its
    // output's size, not a tree of maps per finding.
    super::output::nested(&file(f), 2)
}

/// What goes before a file's object in the `files` array.
pub(crate) fn separator(first: bool) -> &'static str {
    if first {
        "\n    "
    } else {
        ",\n    "
    }
}

/// The document after its last file.
pub(crate) fn closing(any_file: bool, summary: &Summary) -> String {
    let summary = SummaryJson {
        files: summary.files,
        errors: summary.errors,
        warnings: summary.warnings,
        unreadable: summary.unreadable,
        skipped: summary.skipped,
    };
    format!(
        "{}],\n  \"summary\": {}\n}}\n",
        if any_file { "\n  " } else { "" },
        super::output::nested(&summary, 1)
    )
}

/// The document of a run whose configuration is broken: no file was checked, and
/// `configuration_errors` (a key only this document has) lists every problem.
pub(crate) fn configuration(problems: &[crate::config::Problem]) -> String {
    let errors: Vec<ConfigErrorJson<'_>> = problems
        .iter()
        .map(|p| {
            let (span, start, end) = match p.at {
                Some(at) => (
                    Some(SpanJson {
                        start: at.span.start,
                        end: at.span.end,
                    }),
                    Some(LineColJson {
                        line: at.start.line,
                        column: at.start.column,
                    }),
                    Some(LineColJson {
                        line: at.end.line,
                        column: at.end.column,
                    }),
                ),
                None => (None, None, None),
            };
            ConfigErrorJson {
                code: p.code().name(),
                path: &p.path,
                message: &p.message,
                span,
                start,
                end,
            }
        })
        .collect();
    let doc = ConfigurationJson {
        version: VERSION,
        files: [],
        configuration_errors: errors,
        summary: SummaryJson {
            files: 0,
            errors: 0,
            warnings: 0,
            unreadable: 0,
            skipped: 0,
        },
    };
    super::json_for_logs(serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n")
}

#[derive(Serialize)]
struct ConfigurationJson<'a> {
    version: u32,
    files: [(); 0],
    configuration_errors: Vec<ConfigErrorJson<'a>>,
    summary: SummaryJson,
}

/// One problem of a configuration file; `span`, `start` and `end` are null when the file could
/// not be read.
#[derive(Serialize)]
struct ConfigErrorJson<'a> {
    code: &'static str,
    path: &'a str,
    message: &'a str,
    span: Option<SpanJson>,
    start: Option<LineColJson>,
    end: Option<LineColJson>,
}

#[derive(Serialize)]
struct SummaryJson {
    files: usize,
    errors: usize,
    warnings: usize,
    unreadable: usize,
    /// JSON files a directory walk left out: clearly not BIConnector documents.
    skipped: usize,
}

#[derive(Serialize)]
#[serde(untagged)]
enum FileJson<'a> {
    Unreadable { path: &'a str, error: &'a str },
    Report(ReportJson<'a>),
}

fn file<'a>(f: &Checked<'a>) -> FileJson<'a> {
    match &f.outcome {
        Outcome::Unreadable(reason) => FileJson::Unreadable {
            path: f.path,
            error: reason,
        },
        Outcome::Report { report, text } => FileJson::Report(report_of(f.path, report, text)),
    }
}

/// The per-file object of the JSON format.
#[derive(Serialize)]
pub struct ReportJson<'a> {
    path: &'a str,
    method: &'static str,
    target: &'static str,
    input: &'static str,
    answer: Value,
    assumptions: &'a [String],
    diagnostics: Vec<DiagnosticJson<'a>>,
}

/// The per-file object of the JSON format, as a value.
pub fn report_json(path: &str, report: &Report, text: &[u8]) -> Value {
    serde_json::to_value(report_of(path, report, text)).unwrap_or_default()
}

fn report_of<'a>(path: &'a str, report: &'a Report, text: &[u8]) -> ReportJson<'a> {
    ReportJson {
        path,
        method: report.method.name(),
        target: report.target.name(),
        input: report.input.name(),
        answer: report.answer.to_json(),
        assumptions: &report.assumptions,
        diagnostics: super::located(&report.diagnostics, text, diagnostic),
    }
}

#[derive(Serialize)]
struct SpanJson {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct LineColJson {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct LabelJson<'a> {
    span: SpanJson,
    start: LineColJson,
    end: LineColJson,
    text: &'a str,
}

#[derive(Serialize)]
struct EditJson<'a> {
    span: SpanJson,
    replacement: &'a str,
}

#[derive(Serialize)]
struct FixJson<'a> {
    title: &'a str,
    applicability: &'static str,
    edits: Vec<EditJson<'a>>,
}

#[derive(Serialize)]
struct DiagnosticJson<'a> {
    code: &'static str,
    origin: Origin,
    severity: Severity,
    message: &'a str,
    span: SpanJson,
    start: LineColJson,
    end: LineColJson,
    pointer: &'a str,
    label: Option<&'a str>,
    labels: Vec<LabelJson<'a>>,
    help: Option<&'a str>,
    server_answer: bool,
    fix: Option<FixJson<'a>>,
}

fn position(span: Span, index: &LineIndex, text: &[u8]) -> (SpanJson, LineColJson, LineColJson) {
    let start = index.locate(text, span.start);
    let end = index.locate(text, span.end);
    (
        SpanJson {
            start: span.start,
            end: span.end,
        },
        LineColJson {
            line: start.line,
            column: start.column,
        },
        LineColJson {
            line: end.line,
            column: end.column,
        },
    )
}

fn diagnostic<'a>(d: &'a Diagnostic, index: &LineIndex, text: &[u8]) -> DiagnosticJson<'a> {
    let (span, start, end) = position(d.span, index, text);
    DiagnosticJson {
        code: d.code.name(),
        origin: d.origin(),
        severity: d.severity,
        message: &d.message,
        span,
        start,
        end,
        pointer: &d.pointer,
        label: d.label.as_deref(),
        labels: d
            .labels
            .iter()
            .map(|l| {
                let (span, start, end) = position(l.span, index, text);
                LabelJson {
                    span,
                    start,
                    end,
                    text: &l.text,
                }
            })
            .collect(),
        help: d.help.as_deref(),
        server_answer: d.server_answer,
        fix: d.fix.as_ref().map(|f| FixJson {
            title: &f.title,
            applicability: f.applicability.name(),
            edits: f
                .edits
                .iter()
                .map(|e| EditJson {
                    span: SpanJson {
                        start: e.span.start,
                        end: e.span.end,
                    },
                    replacement: &e.replacement,
                })
                .collect(),
        }),
    }
}
