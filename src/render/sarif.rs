//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. One run;
//! one rule per code that occurs; columns in Unicode code points.

use super::{Checked, Outcome};
use crate::diag::Diagnostic;
use crate::span::{LineIndex, Span};
use crate::spec::codes::CodeInfo;
use crate::spec::Severity;
use serde_json::{json, Map, Value};

/// A file that could not be read still gets a result, under this rule.
const UNREADABLE: &str = "input-unreadable";

pub fn render(files: &[Checked<'_>]) -> String {
    let mut rules: Vec<Value> = Vec::new();
    let mut rule_ids: Vec<String> = Vec::new();
    let mut rule_index = |id: &str, make: &dyn Fn() -> Value| -> usize {
        if let Some(i) = rule_ids.iter().position(|r| r == id) {
            return i;
        }
        rule_ids.push(id.to_string());
        rules.push(make());
        rule_ids.len() - 1
    };
    let mut results = Vec::new();
    for f in files {
        match &f.outcome {
            Outcome::Unreadable(reason) => {
                let i = rule_index(UNREADABLE, &|| {
                    json!({
                        "id": UNREADABLE,
                        "shortDescription": {"text": "the input could not be read"},
                        "defaultConfiguration": {"level": "error"},
                    })
                });
                results.push(json!({
                    "ruleId": UNREADABLE,
                    "ruleIndex": i,
                    "level": "error",
                    "message": {"text": format!("{}: {reason}", f.path)},
                    "locations": [location(f.path, json!({"startLine": 1, "startColumn": 1}))],
                }));
            }
            Outcome::Report { report, text } => {
                let index = LineIndex::new(text);
                for d in &report.diagnostics {
                    let i = rule_index(d.code.name(), &|| rule(d.code.info()));
                    results.push(result(f.path, d, i, &index, text));
                }
            }
        }
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "b24lint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(row: &CodeInfo) -> Value {
    let mut properties = Map::new();
    properties.insert("origin".into(), json!(row.code.origin()));
    if row.code.origin() == crate::spec::Origin::Server && !row.template.starts_with('{') {
        properties.insert("message".into(), json!(row.template));
    }
    json!({
        "id": row.name,
        "shortDescription": {"text": row.summary},
        "help": {
            "text": format!("{}\n\nRun `b24lint explain {}` for the full page.", row.summary, row.name),
            "markdown": row.explanation,
        },
        "defaultConfiguration": {"level": level(row.severity)},
        "properties": properties,
    })
}

fn location(path: &str, region: Value) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri(path)},
            "region": region,
        }
    })
}

/// A relative URI reference for a path: forward slashes, and the characters that are not
/// allowed in a URI percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn region(span: Span, index: &LineIndex, text: &[u8]) -> Value {
    let start = index.locate(text, span.start);
    let end = index.locate(text, span.end);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

fn result(path: &str, d: &Diagnostic, rule_index: usize, index: &LineIndex, text: &[u8]) -> Value {
    let mut text_msg = d.message.clone();
    if let Some(help) = &d.help {
        text_msg.push_str(&format!("\nhelp: {help}"));
    }
    if d.server_answer {
        text_msg.push_str("\n(the portal's answer)");
    }
    let mut r = json!({
        "ruleId": d.code.name(),
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": {"text": text_msg},
        "locations": [location(path, region(d.span, index, text))],
    });
    if !d.pointer.is_empty() {
        r["locations"][0]["logicalLocations"] = json!([{
            "fullyQualifiedName": d.pointer,
            "kind": "member",
        }]);
    }
    if !d.labels.is_empty() {
        r["relatedLocations"] = Value::Array(
            d.labels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let mut loc = location(path, region(l.span, index, text));
                    loc["id"] = json!(i);
                    loc["message"] = json!({"text": l.text});
                    loc
                })
                .collect(),
        );
    }
    r
}
