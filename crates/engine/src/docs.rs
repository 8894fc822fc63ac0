//! `b24lint rules` and `b24lint explain`: views of the code table and the explanation that
//! sits beside each code (`src/spec/explain/<code>.md`).

use crate::spec::codes::{CodeInfo, TABLE};
use crate::spec::{Code, Origin};
use serde_json::json;

/// Portal versions a code applies to. Every code exists in every supported version; what
/// differs between versions is which requests trigger it (see `explain`).
const TARGETS: &str = "all";

/// One row per code: code, origin, default severity, targets, summary.
pub fn rules_table(width: Option<usize>) -> String {
    let code_width = TABLE.iter().map(|r| r.name.len()).max().unwrap_or(4);
    let row_of = |name: &str, origin: &str, severity: &str, targets: &str| {
        format!("{name:<code_width$}  {origin:<6}  {severity:<8}  {targets:<7}  ")
    };
    let head = row_of("CODE", "ORIGIN", "SEVERITY", "TARGETS");
    let column = head.chars().count();
    let mut out = String::new();
    match width {
        // Piped without COLUMNS, a row is one line, for grep.
        None => {
            out.push_str(&format!("{head}SUMMARY\n"));
            for row in TABLE {
                let start = row_of(row.name, origin(row), row.severity.name(), TARGETS);
                out.push_str(&format!("{start}{}\n", row.summary));
            }
        }
        // Wide enough: the summaries wrapped in their column.
        Some(w) if w >= column + MIN_SUMMARY => {
            let indent = " ".repeat(column);
            out.push_str(&format!("{head}SUMMARY\n"));
            for row in TABLE {
                let start = row_of(row.name, origin(row), row.severity.name(), TARGETS);
                let wrapped = crate::render::wrap(row.summary, w, &indent, &indent);
                out.push_str(&start);
                out.push_str(&wrapped[indent.len()..]);
            }
        }
        // Narrower: each summary under its row, indented.
        Some(w) => {
            let indent = "    ";
            out.push_str(&format!("{}\n{indent}SUMMARY\n", head.trim_end()));
            for row in TABLE {
                let start = row_of(row.name, origin(row), row.severity.name(), TARGETS);
                out.push_str(start.trim_end());
                out.push('\n');
                out.push_str(&crate::render::wrap(row.summary, w, indent, indent));
            }
        }
    }
    out
}

/// The narrowest summary column worth keeping beside the codes.
const MIN_SUMMARY: usize = 30;

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
pub fn explain(code: Code, width: Option<usize>) -> String {
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
    match width {
        Some(w) => out.push_str(&rewrap(row.explanation.trim_end(), w)),
        None => {
            out.push_str(row.explanation.trim_end());
            out.push('\n');
        }
    }
    out
}

/// A page's prose wrapped to `width`: paragraphs and list items (with a hanging indent); code
/// blocks, headings and table rows as they are.
fn rewrap(page: &str, width: usize) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in page.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        let keep = in_code
            || line.trim_start().starts_with("```")
            || line.is_empty()
            || line.starts_with('#')
            || line.starts_with('|')
            || line.chars().count() <= width;
        if keep {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let marker = ["- ", "* "]
            .iter()
            .find(|m| line[lead..].starts_with(*m))
            .map_or(0, |m| m.len());
        let first = &line[..lead];
        let rest = " ".repeat(lead + marker);
        out.push_str(&crate::render::wrap(&line[lead..], width, first, &rest));
    }
    out
}
