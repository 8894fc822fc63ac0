//! `--format json`: one versioned document for tools (schema in the README; names are fixed).

use super::{Checked, Outcome, Summary};
use crate::diag::{Diagnostic, Report};
use crate::span::{LineIndex, Span};
use serde_json::{json, Value};

/// Bumped only when a key changes meaning or disappears; new keys may appear in any version.
pub const VERSION: u32 = 1;

pub fn render(files: &[Checked<'_>]) -> String {
    let summary = Summary::of(files);
    let files: Vec<Value> = files.iter().map(file).collect();
    let doc = json!({
        "version": VERSION,
        "files": files,
        "summary": {
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "unreadable": summary.unreadable,
        },
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

fn file(f: &Checked<'_>) -> Value {
    match &f.outcome {
        Outcome::Unreadable(reason) => json!({"path": f.path, "error": reason}),
        Outcome::Report { report, text } => report_json(f.path, report, text),
    }
}

/// The per-file object of the JSON format.
pub fn report_json(path: &str, report: &Report, text: &[u8]) -> Value {
    let index = LineIndex::new(text);
    let diagnostics: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| diagnostic(d, &index, text))
        .collect();
    json!({
        "path": path,
        "method": report.method.name(),
        "target": report.target.name(),
        "input": report.input.name(),
        "answer": report.answer.to_json(),
        "assumptions": report.assumptions,
        "diagnostics": diagnostics,
    })
}

fn position(span: Span, index: &LineIndex, text: &[u8]) -> (Value, Value, Value) {
    let start = index.locate(text, span.start);
    let end = index.locate(text, span.end);
    (
        json!({"start": span.start, "end": span.end}),
        json!({"line": start.line, "column": start.column}),
        json!({"line": end.line, "column": end.column}),
    )
}

fn diagnostic(d: &Diagnostic, index: &LineIndex, text: &[u8]) -> Value {
    let (span, start, end) = position(d.span, index, text);
    let labels: Vec<Value> = d
        .labels
        .iter()
        .map(|l| {
            let (span, start, end) = position(l.span, index, text);
            json!({"span": span, "start": start, "end": end, "text": l.text})
        })
        .collect();
    json!({
        "code": d.code.name(),
        "origin": d.origin(),
        "severity": d.severity,
        "message": d.message,
        "span": span,
        "start": start,
        "end": end,
        "pointer": d.pointer,
        "label": d.label,
        "labels": labels,
        "help": d.help,
        "server_answer": d.server_answer,
        "fix": d.fix.as_ref().map(|f| json!({
            "title": f.title,
            "applicability": f.applicability.name(),
            "edits": f.edits.iter().map(|e| json!({
                "span": {"start": e.span.start, "end": e.span.end},
                "replacement": e.replacement,
            })).collect::<Vec<_>>(),
        })),
    })
}
