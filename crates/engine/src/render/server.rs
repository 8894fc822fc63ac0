//! `--format server`: one JSON line per input, the response the portal would send.

use super::{Checked, Outcome};
use serde_json::{json, Map, Value};

pub fn render(files: &[Checked<'_>]) -> String {
    super::output::render(super::output::Format::Server, files)
}

/// One file's line.
pub(crate) fn part(f: &Checked<'_>) -> String {
    let mut line = Map::new();
    line.insert("file".into(), json!(f.path));
    match &f.outcome {
        Outcome::Report { report, .. } => {
            if let Value::Object(answer) = report.answer.to_json() {
                line.extend(answer);
            }
        }
        Outcome::Unreadable(reason) => {
            line.insert("error".into(), json!(reason));
        }
    }
    let mut out = Value::Object(line).to_string();
    out.push('\n');
    out
}

/// The lines of a run whose configuration is broken: no request was checked, so no answer is
/// predicted; one line per problem says so, in the shape of an input that could not be read.
pub(crate) fn configuration(problems: &[crate::config::Problem]) -> String {
    let mut out = String::new();
    for p in problems {
        let mut line = Map::new();
        line.insert("file".into(), json!(p.path));
        line.insert("code".into(), json!(p.code().name()));
        if let Some(at) = p.at {
            line.insert("line".into(), json!(at.start.line));
            line.insert("column".into(), json!(at.start.column));
        }
        line.insert("error".into(), json!(p.message));
        out.push_str(&Value::Object(line).to_string());
        out.push('\n');
    }
    super::json_for_logs(out)
}
