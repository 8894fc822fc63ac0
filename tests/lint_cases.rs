//! Each lint's fixtures: `fixtures/lints/<code>/<case>.json` must produce exactly the
//! diagnostics of that code listed in `<case>.expected.json` (message and start), and
//! `ok_<case>.json` none of that code. Definitions in `fixtures/valid/` produce nothing at all.

use b24lint::{Code, LineIndex, Linter, Options};
use serde_json::{json, Value};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn lint_fixtures() {
    let linter = Linter::new(Options::default());
    let mut failures = Vec::new();
    let mut cases = 0;
    let mut dirs: Vec<_> = std::fs::read_dir(root().join("fixtures/lints"))
        .expect("fixtures/lints exists")
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let code = Code::from_name(&name).unwrap_or_else(|| panic!("{name} is not a code"));
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        let mut triggering = 0;
        for file in files {
            let fname = file.file_name().unwrap().to_string_lossy().into_owned();
            if fname.ends_with(".expected.json") || !fname.ends_with(".json") {
                continue;
            }
            cases += 1;
            let text = std::fs::read(&file).unwrap();
            let report = linter.check(&text);
            let index = LineIndex::new(&text);
            let got: Vec<Value> = report
                .diagnostics
                .iter()
                .filter(|d| d.code == code)
                .map(|d| {
                    let at = index.locate(&text, d.span.start);
                    json!({"message": d.message, "line": at.line, "column": at.column})
                })
                .collect();
            let expected: Value = if fname.starts_with("ok_") {
                json!([])
            } else {
                triggering += 1;
                let exp = file.with_file_name(fname.replace(".json", ".expected.json"));
                serde_json::from_slice(
                    &std::fs::read(&exp)
                        .unwrap_or_else(|_| panic!("{} lacks its expected file", file.display())),
                )
                .unwrap()
            };
            if Value::Array(got.clone()) != expected {
                failures.push(format!(
                    "{name}/{fname}: got {} expected {expected}",
                    Value::Array(got)
                ));
            }
        }
        assert!(triggering > 0, "{name} has no triggering fixture");
    }
    assert!(cases >= 40, "only {cases} lint fixtures");
    assert!(
        failures.is_empty(),
        "{} lint fixtures differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_lint_code_has_fixtures() {
    for row in b24lint::spec::codes::TABLE {
        if row.origin == b24lint::Origin::Lint && row.code != Code::JSON_SYNTAX {
            // Lints across files have their scenarios in fixtures/cross.
            let dir = if row.summary.contains("across the files") {
                "fixtures/cross"
            } else {
                "fixtures/lints"
            };
            assert!(
                root().join(dir).join(row.name).is_dir(),
                "no fixtures for {}",
                row.name
            );
        }
    }
}

#[test]
fn valid_definitions_produce_nothing() {
    let linter = Linter::new(Options::default());
    let mut n = 0;
    for e in std::fs::read_dir(root().join("fixtures/valid"))
        .unwrap()
        .flatten()
    {
        let text = std::fs::read(e.path()).unwrap();
        let report = linter.check(&text);
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        assert!(found.is_empty(), "{}: {found:?}", e.path().display());
        assert!(report.answer.accepted());
        n += 1;
    }
    assert!(n >= 2);
}
