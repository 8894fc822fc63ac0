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
