//! The lints across files: each `fixtures/cross/<code>/<scenario>/` directory is one run; its
//! `expected` file (JSON, named so that a run over the directory skips it) lists the diagnostics of that code per file (message and start), and an
//! `ok_` scenario must produce none.

use b24lint::cross::{self, Checked};
use b24lint::{Code, LineIndex, Linter, Options};
use serde_json::{json, Value};
use std::path::Path;

fn run(dir: &Path, code: Code) -> Value {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && n != "expected")
        .collect();
    names.sort();
    let texts: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(dir.join(n)).unwrap())
        .collect();
    let linter = Linter::new(Options::default());
    let reports: Vec<_> = texts.iter().map(|t| linter.check(t)).collect();
    let files: Vec<Checked<'_>> = names
        .iter()
        .zip(&texts)
        .zip(&reports)
        .map(|((name, text), report)| Checked { name, text, report })
        .collect();
    let mut out = serde_json::Map::new();
    for (i, d) in cross::check(&files) {
        assert_eq!(d.code.origin(), b24lint::Origin::Lint);
        if d.code != code {
            continue;
        }
        let at = LineIndex::new(&texts[i]).locate(&texts[i], d.span.start);
        out.entry(names[i].clone())
            .or_insert_with(|| json!([]))
            .as_array_mut()
            .unwrap()
            .push(json!({"message": d.message, "line": at.line, "column": at.column}));
    }
    Value::Object(out)
}

#[test]
fn cross_file_scenarios() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cross");
    let mut scenarios = 0;
    for code_dir in std::fs::read_dir(&root).unwrap().flatten() {
        let code = Code::from_name(&code_dir.file_name().to_string_lossy()).unwrap();
        let mut triggering = 0;
        for scenario in std::fs::read_dir(code_dir.path()).unwrap().flatten() {
            scenarios += 1;
            let name = scenario.file_name().to_string_lossy().into_owned();
            let got = run(&scenario.path(), code);
            let expected: Value = if name.starts_with("ok_") {
                json!({})
            } else {
                triggering += 1;
                serde_json::from_slice(&std::fs::read(scenario.path().join("expected")).unwrap())
                    .unwrap()
            };
            assert_eq!(got, expected, "{}/{name}", code.name());
        }
        assert!(triggering > 0, "{} has no triggering scenario", code.name());
    }
    assert!(scenarios >= 4);
}

#[test]
fn cross_lints_follow_levels() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/cross/dataset-external-code-duplicate/same_source");
    let texts: Vec<Vec<u8>> = ["orders.json", "orders_copy.json"]
        .iter()
        .map(|n| std::fs::read(dir.join(n)).unwrap())
        .collect();
    let linter = Linter::new(Options::default());
    let reports: Vec<_> = texts.iter().map(|t| linter.check(t)).collect();
    let files: Vec<Checked<'_>> = ["orders.json", "orders_copy.json"]
        .iter()
        .zip(&texts)
        .zip(&reports)
        .map(|((name, text), report)| Checked { name, text, report })
        .collect();
    let found: Vec<_> = cross::check(&files).into_iter().map(|(_, d)| d).collect();
    assert_eq!(found.len(), 1);

    let mut allowed = b24lint::Levels::default();
    allowed
        .set(Code::DATASET_EXTERNAL_CODE_DUPLICATE, b24lint::Level::Allow)
        .unwrap();
    let mut report = reports[1].clone();
    cross::merge(&mut report, found.clone(), &allowed);
    assert_eq!(report.diagnostics.len(), reports[1].diagnostics.len());

    let mut denied = b24lint::Levels::default();
    denied
        .set(Code::DATASET_EXTERNAL_CODE_DUPLICATE, b24lint::Level::Deny)
        .unwrap();
    let mut report = reports[1].clone();
    cross::merge(&mut report, found, &denied);
    assert_eq!(report.errors(), reports[1].errors() + 1);
}
