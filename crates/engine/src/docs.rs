//! `b24lint rules` and `b24lint explain`: views of the code table and the explanation that
//! sits beside each code (`src/spec/explain/<code>.md`).

use crate::spec::codes::{CodeInfo, TABLE};
use crate::spec::{Code, Origin};
use serde_json::json;

/// Portal versions a code applies to. Every code exists in every supported version; what
/// differs between versions is which requests trigger it (see `explain`).
const TARGETS: &str = "all";

/// One row per code: code, origin, default severity, targets, summary.
pub fn rules_table() -> String {
    let width = TABLE.iter().map(|r| r.name.len()).max().unwrap_or(4);
    let mut out = format!(
        "{:<width$}  {:<6}  {:<8}  {:<7}  {}\n",
        "CODE", "ORIGIN", "SEVERITY", "TARGETS", "SUMMARY"
    );
    for row in TABLE {
        out.push_str(&format!(
            "{:<width$}  {:<6}  {:<8}  {:<7}  {}\n",
            row.name,
            origin(row),
            row.severity.name(),
            TARGETS,
            row.summary
        ));
    }
    out
}

/// The same rows as JSON lines, for tools.
/// Every code as one JSON document: `{"version": 1, "rules": [{code, origin, severity,
/// targets, summary}, …]}`, as `check --format json` is one document.
pub fn rules_json() -> String {
    let doc = json!({"version": 1, "rules": TABLE.iter().map(rule).collect::<Vec<_>>()});
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// Every code as JSON Lines: one object per line, for line-oriented tools.
pub fn rules_jsonl() -> String {
    TABLE
        .iter()
        .map(|row| rule(row).to_string() + "\n")
        .collect()
}

fn rule(row: &CodeInfo) -> serde_json::Value {
    json!({
        "code": row.name,
        "origin": origin(row),
        "severity": row.severity.name(),
        "targets": TARGETS,
        "summary": row.summary,
    })
}

fn origin(row: &CodeInfo) -> &'static str {
    match row.origin {
        Origin::Server => "server",
        Origin::Lint => "lint",
        Origin::Run => "run",
    }
}

/// The full explanation of a code: header facts from the table, then its page.
pub fn explain(code: Code) -> String {
    let row = code.info();
    let mut out = format!("{}\n\n", row.name);
    out.push_str(&format!(
        "origin: {} · default severity: {} · targets: {TARGETS}\n",
        origin(row),
        row.severity.name()
    ));
    if row.origin == Origin::Server && !row.template.starts_with('{') {
        out.push_str(&format!("message: {}\n", row.template));
    }
    out.push_str(&format!("summary: {}\n\n", row.summary));
    out.push_str(row.explanation.trim_end());
    out.push('\n');
    out
}
