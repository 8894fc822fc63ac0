//! What the fixture tests share: every diagnostic of a report as `--format json` shows it, and
//! comparing that with the `diagnostics` an expected file holds.
//!
//! `B24LINT_BLESS=1 cargo test --test spec_cases --test lint_cases` writes the current
//! diagnostics into the expected files (never under `CI=true`); review the diff before
//! committing it.

pub mod case;

use b24lint::Report;
use serde_json::Value;
use std::path::Path;

/// Every diagnostic, with every field users see: code, severity, message, span, start and
/// end, pointer, label, secondary labels, help, fix and whether it is the portal's answer.
pub fn diagnostics(name: &str, report: &Report, text: &[u8]) -> Value {
    b24lint::render::json::report_json(name, report, text)["diagnostics"].clone()
}

fn blessing() -> bool {
    std::env::var_os("B24LINT_BLESS").is_some() && std::env::var_os("CI").is_none()
}

/// Compares `got` with `expected[key]`; when blessing, writes it there instead.
pub fn compare(
    expected_path: &Path,
    expected: &mut Value,
    key: &str,
    got: Value,
) -> Result<(), String> {
    if expected.get(key) == Some(&got) {
        return Ok(());
    }
    if blessing() {
        expected[key] = got;
        let mut text = serde_json::to_string_pretty(expected).unwrap();
        text.push('\n');
        std::fs::write(expected_path, text).unwrap();
        return Ok(());
    }
    let want = expected.get(key).cloned().unwrap_or(Value::Null);
    let (w, g) = (
        want.as_array().cloned().unwrap_or_default(),
        got.as_array().cloned().unwrap_or_default(),
    );
    let first = (0..w.len().max(g.len()))
        .find(|i| w.get(*i) != g.get(*i))
        .unwrap_or(0);
    Err(format!(
        "`{key}` differs from {} (B24LINT_BLESS=1 rewrites it): {} expected, {} got; first difference at #{first}:\nexpected: {}\ngot:      {}",
        expected_path.display(),
        w.len(),
        g.len(),
        w.get(first).map_or("(none)".to_string(), Value::to_string),
        g.get(first).map_or("(none)".to_string(), Value::to_string),
    ))
}
