//! The worked cases of the spec (§4 items 4–60, corrections C1–C7) as fixtures: each
//! `fixtures/spec/NAME.json` body has a `NAME.expected.json` with the portal's answer and the
//! place and text of the diagnostic that is that answer.

use b24lint::{LineIndex, Linter, Options, Target};
use serde_json::Value;
use std::path::Path;

#[test]
fn spec_worked_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/spec");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/spec exists")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".expected.json"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 60,
        "only {} spec fixtures found",
        names.len()
    );
    let mut failures = Vec::new();
    for name in &names {
        let stem = name.trim_end_matches(".expected.json");
        let expected: Value =
            serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap();
        let body = std::fs::read(dir.join(format!("{stem}.json"))).unwrap();
        if let Err(e) = check_case(&body, &expected) {
            failures.push(format!("{stem}: {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

fn check_case(body: &[u8], expected: &Value) -> Result<(), String> {
    let target: Target = expected["target"]
        .as_str()
        .unwrap_or("26.250")
        .parse()
        .map_err(|e: String| e)?;
    let method = match expected["method"].as_str() {
        Some(m) => m.parse().map_err(|e: String| e)?,
        None => Default::default(),
    };
    let ids = |key: &str| -> Option<Vec<i64>> {
        expected[key]
            .as_array()
            .map(|ids| ids.iter().filter_map(serde_json::Value::as_i64).collect())
    };
    let report = Linter::new(Options {
        target,
        method,
        known_connectors: ids("known_connectors"),
        known_sources: ids("known_sources"),
        known_datasets: ids("known_datasets"),
        ..Options::default()
    })
    .check(body);
    let answer = report.answer.to_json();
    if answer != expected["answer"] {
        return Err(format!(
            "answer {answer} != expected {}",
            expected["answer"]
        ));
    }
    let marked: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.server_answer)
        .collect();
    match &expected["server_answer"] {
        Value::Null => {
            if !marked.is_empty() {
                return Err(format!(
                    "no answer diagnostic expected, got {:?}",
                    marked[0].code
                ));
            }
            if report.errors() > 0 {
                let codes: Vec<_> = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.origin() == b24lint::Origin::Server)
                    .map(|d| d.code.name())
                    .collect();
                if !codes.is_empty() {
                    return Err(format!("accepted, but server findings {codes:?}"));
                }
            }
        }
        want => {
            let [d] = marked.as_slice() else {
                return Err(format!("{} diagnostics marked as the answer", marked.len()));
            };
            let at = LineIndex::new(body).locate(body, d.span.start);
            let got = serde_json::json!({
                "code": d.code.name(),
                "message": d.message,
                "line": at.line,
                "column": at.column,
            });
            if &got != want {
                return Err(format!("answer diagnostic {got} != expected {want}"));
            }
        }
    }
    Ok(())
}
