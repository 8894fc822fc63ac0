//! An allowed lint is not run at all, and allowing one code takes away exactly its findings:
//! over every fixture, for every lint code.

use b24lint::{Code, Level, Levels, Linter, Options, Origin};
use std::path::Path;

fn fixtures() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json")
                && !p.to_string_lossy().ends_with(".expected.json")
            {
                out.push(std::fs::read(p).unwrap());
            }
        }
    }
    out
}

/// `text` checked with one code set to `level`.
fn check_at(text: &[u8], code: Code, level: Level) -> b24lint::Report {
    let mut levels = Levels::default();
    levels.set(code, level).unwrap();
    Linter::new(Options {
        levels,
        ..Options::default()
    })
    .check(text)
}

#[test]
fn allowing_a_lint_removes_exactly_its_findings() {
    let texts = fixtures();
    assert!(texts.len() > 500);
    let lints: Vec<Code> = b24lint::spec::codes::TABLE
        .iter()
        .filter(|row| row.origin == Origin::Lint && row.code != Code::JSON_SYNTAX)
        .map(|row| row.code)
        .collect();
    let mut removed = 0;
    for text in &texts {
        let all = Linter::new(Options::default()).check(text);
        for &code in &lints {
            let fewer = check_at(text, code, Level::Allow);
            let expected: Vec<_> = all
                .diagnostics
                .iter()
                .filter(|d| d.code != code)
                .cloned()
                .collect();
            removed += all.diagnostics.len() - expected.len();
            assert_eq!(fewer.diagnostics, expected, "allowing {code}");
            assert_eq!(fewer.answer, all.answer);
        }
    }
    assert!(removed > 100, "the fixtures trigger lints: {removed}");
}

/// `deny` makes a lint an error and `warn` a warning, finding by finding, and nothing else
/// changes: not the findings of other codes, not the portal's answer.
#[test]
fn deny_and_warn_set_exactly_their_codes_severity() {
    let texts = fixtures();
    let lints: Vec<Code> = b24lint::spec::codes::TABLE
        .iter()
        .filter(|row| row.origin == Origin::Lint)
        .map(|row| row.code)
        .collect();
    let mut changed = 0;
    for text in texts.iter().step_by(3) {
        let all = Linter::new(Options::default()).check(text);
        for &code in &lints {
            for (level, severity) in [
                (Level::Deny, b24lint::Severity::Error),
                (Level::Warn, b24lint::Severity::Warning),
            ] {
                let set = check_at(text, code, level);
                let expected: Vec<_> = all
                    .diagnostics
                    .iter()
                    .cloned()
                    .map(|mut d| {
                        if d.code == code {
                            changed += usize::from(d.severity != severity);
                            d.severity = severity;
                        }
                        d
                    })
                    .collect();
                assert_eq!(set.diagnostics, expected, "{level:?} {code}");
                assert_eq!(set.answer, all.answer);
            }
        }
    }
    assert!(changed > 50, "the fixtures change severities: {changed}");
}
