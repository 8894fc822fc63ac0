//! What a fixture's expected file says it is checked with, read once for every fixture test:
//! `target`, `method`, `transport`, `caller`, the known ids and `connector_codes`, as the
//! command line or `b24lint.toml` would set them.

use b24lint::{Options, Target};
use serde_json::Value;

/// The options of a case; `target` when the file names none (the spec's cases are written
/// for 26.250, the lints' for the default).
pub fn options(expected: &Value, target: Target) -> Result<Options, String> {
    let word = |key: &str| expected.get(key).and_then(Value::as_str);
    let ids = |key: &str| {
        expected
            .get(key)
            .and_then(Value::as_array)
            .map(|ids| ids.iter().filter_map(Value::as_i64).collect())
    };
    let mut options = Options {
        target: word("target").map_or(Ok(target), str::parse)?,
        known_connectors: ids("known_connectors"),
        known_sources: ids("known_sources"),
        known_datasets: ids("known_datasets"),
        connector_codes: expected
            .get("connector_codes")
            .and_then(Value::as_array)
            .map(|codes| {
                codes
                    .iter()
                    .filter_map(|c| c.as_str().map(str::to_string))
                    .collect()
            }),
        ..Options::default()
    };
    if let Some(method) = word("method") {
        options.method = method.parse()?;
        options.method_given = true;
    }
    if let Some(t) = word("transport") {
        options.transport = t.parse()?;
    }
    if let Some(c) = word("caller") {
        options.caller = c.parse()?;
    }
    Ok(options)
}
