//! Each lint's fixtures, one test each: `fixtures/lints/<code>/<case>.json` must produce
//! exactly the diagnostics of that code listed in `findings` of `<case>.expected.json`
//! (message and start), and `ok_<case>.json` none of that code; each expected file also holds
//! every diagnostic of its fixture as `--format json` shows them. Definitions in
//! `fixtures/valid/` produce nothing at all.

use b24lint::{Code, LineIndex, Linter, Options};
use libtest_mimic::Trial;
use serde_json::{json, Value};
use std::path::Path;

/// The workspace root, where the fixtures are.
fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

mod support;

/// One test per fixture (`<code>/<case>`), plus the tidy checks.
fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let mut dirs: Vec<_> = std::fs::read_dir(root().join("fixtures/lints"))
        .expect("fixtures/lints exists")
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    let mut trials = Vec::new();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let code = Code::from_name(&name).unwrap_or_else(|| panic!("{name} is not a code"));
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let f = p.file_name().unwrap().to_string_lossy();
                // A `.form` file holds a raw form body.
                (f.ends_with(".json") || f.ends_with(".form")) && !f.ends_with(".expected.json")
            })
            .collect();
        files.sort();
        let triggering = files
            .iter()
            .filter(|f| !f.file_name().unwrap().to_string_lossy().starts_with("ok_"))
            .count();
        let label = name.clone();
        trials.push(Trial::test(
            format!("{name}/has_a_triggering_fixture"),
            move || {
                if triggering == 0 {
                    return Err(format!("{label} has no triggering fixture").into());
                }
                Ok(())
            },
        ));
        for file in files {
            let case = file.file_stem().unwrap().to_string_lossy().into_owned();
            trials.push(Trial::test(format!("{name}/{case}"), move || {
                lint_case(code, &file).map_err(Into::into)
            }));
        }
    }
    trials.push(Trial::test("every_lint_code_has_fixtures", || {
        every_lint_code_has_fixtures();
        Ok(())
    }));
    trials.push(Trial::test("valid_definitions_produce_nothing", || {
        valid_definitions_produce_nothing();
        Ok(())
    }));
    libtest_mimic::run(&args, trials).exit();
}

/// A triggering fixture gives exactly the findings of its code listed in `findings` (message
/// and start) of its expected file; an `ok_` one gives none of its code. Every fixture's
/// expected file also holds every diagnostic of the file.
fn lint_case(code: Code, file: &Path) -> Result<(), String> {
    let fname = file.file_name().unwrap().to_string_lossy().into_owned();
    let stem = fname.trim_end_matches(".json").trim_end_matches(".form");
    let exp_path = file.with_file_name(format!("{stem}.expected.json"));
    let mut expected: Value = match std::fs::read(&exp_path) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap(),
        Err(_) => json!({}),
    };
    // A case may be checked with a method, a transport, a caller or a target set for it, as
    // `--method`, `--transport`, `--caller` or `--target` would set them.
    let options = support::case::options(&expected, b24lint::Target::default())?;
    let linter = Linter::new(options);
    let text = std::fs::read(file).unwrap();
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
    let findings = if fname.starts_with("ok_") {
        json!([])
    } else {
        expected
            .get("findings")
            .cloned()
            .ok_or_else(|| format!("{} lacks `findings`", exp_path.display()))?
    };
    if Value::Array(got.clone()) != findings {
        return Err(format!("got {} expected {findings}", Value::Array(got)));
    }
    support::compare(
        &exp_path,
        &mut expected,
        "diagnostics",
        support::diagnostics("case.json", &report, &text),
    )
}

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
