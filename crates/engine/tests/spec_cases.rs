//! The worked cases of the spec (§4, corrections C1–C7) as fixtures, one test each: every
//! `fixtures/spec/NAME.json` body has a `NAME.expected.json` with the portal's answer, the
//! place and text of the diagnostic that is that answer, every diagnostic b24lint reports for
//! it as `--format json` shows them, and the assumptions the prediction rests on.

use b24lint::{LineIndex, Linter, Target};
use libtest_mimic::Trial;
use serde_json::Value;
use std::path::Path;

mod support;

/// One test per fixture, named after it.
fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("fixtures/spec");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures/spec exists")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".expected.json").map(str::to_string))
        .collect();
    names.sort();
    assert!(
        names.len() >= 300,
        "only {} spec fixtures found",
        names.len()
    );
    let mut trials: Vec<Trial> = names
        .into_iter()
        .map(|stem| {
            let dir = dir.clone();
            Trial::test(stem.clone(), move || {
                let path = dir.join(format!("{stem}.expected.json"));
                let mut expected: Value =
                    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                // A raw form body is kept as `.form`.
                let form = dir.join(format!("{stem}.form"));
                let body = std::fs::read(&form)
                    .or_else(|_| std::fs::read(dir.join(format!("{stem}.json"))))
                    .unwrap();
                check_case(&body, &path, &mut expected).map_err(Into::into)
            })
        })
        .collect();
    trials.push(Trial::test(
        "every_predicted_server_code_has_a_fixture",
        move || every_server_code_has_a_fixture().map_err(Into::into),
    ));
    libtest_mimic::run(&args, trials).exit();
}

/// Every server code b24lint can give as the answer is the answer of at least one fixture.
fn every_server_code_has_a_fixture() -> Result<(), String> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("fixtures/spec");
    let mut answered = std::collections::HashSet::new();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        if !e.file_name().to_string_lossy().ends_with(".expected.json") {
            continue;
        }
        let v: Value = serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap();
        if let Some(code) = v["server_answer"]["code"].as_str() {
            answered.insert(code.to_string());
        }
    }
    let missing: Vec<&str> = b24lint::spec::codes::TABLE
        .iter()
        // The portal's state decides these; the code table says "never predicted" and the
        // report states an assumption instead.
        .filter(|row| {
            row.origin == b24lint::Origin::Server && !row.summary.contains("never predicted")
        })
        .map(|row| row.name)
        .filter(|name| !answered.contains(*name))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "server codes with no fixture answering them: {missing:?}"
        ))
    }
}

fn check_case(body: &[u8], path: &Path, expected: &mut Value) -> Result<(), String> {
    let report = Linter::new(support::case::options(expected, Target::V26_250)?).check(body);
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
    support::compare(
        path,
        expected,
        "diagnostics",
        support::diagnostics("case.json", &report, body),
    )?;
    // What the prediction takes for granted is part of it.
    support::compare(
        path,
        expected,
        "assumptions",
        serde_json::json!(report.assumptions),
    )
}
