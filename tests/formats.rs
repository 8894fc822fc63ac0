//! SARIF and GitHub annotations on fixtures: schema validity, columns on a Cyrillic line,
//! file-level problems, the annotation cap, and several formats in one run.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

struct Inputs {
    _dir: tempfile::TempDir,
    cyrillic: PathBuf,
    syntax: PathBuf,
    missing: PathBuf,
}

/// A Cyrillic line with a finding after the Cyrillic text, a syntax error, a missing file.
fn inputs() -> Inputs {
    let dir = tempfile::tempdir().unwrap();
    let cyrillic = dir.path().join("склад.json");
    std::fs::write(
        &cyrillic,
        "{\"fields\": {\n  \"title\": \"Склад\", \"sort\": \"много\",\n  \"logo\": \"https://cdn.example.com/l.png\"}}\n",
    )
    .unwrap();
    let syntax = dir.path().join("broken syntax.json");
    std::fs::write(&syntax, "{\"fields\": {\"title\": \"x\",}}").unwrap();
    let missing = dir.path().join("missing.json");
    Inputs {
        _dir: dir,
        cyrillic,
        syntax,
        missing,
    }
}

fn sarif_schema() -> jsonschema::Validator {
    let schema: Value = serde_json::from_slice(
        &std::fs::read(root().join("tests/sarif/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn no_empty_objects(v: &Value, at: &str) {
    match v {
        Value::Object(m) => {
            assert!(!m.is_empty(), "empty object at {at}");
            for (k, v) in m {
                no_empty_objects(v, &format!("{at}/{k}"));
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                no_empty_objects(v, &format!("{at}/{i}"));
            }
        }
        _ => {}
    }
}

#[test]
fn sarif_validates_and_locates_everything() {
    let i = inputs();
    let o = run(&[
        "check",
        "--format",
        "sarif",
        "fixtures/examples/broken.json",
        "fixtures/examples/connector.json",
        i.cyrillic.to_str().unwrap(),
        i.syntax.to_str().unwrap(),
        i.missing.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let validator = sarif_schema();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    no_empty_objects(&doc, "");

    let run0 = &doc["runs"][0];
    assert_eq!(doc["runs"].as_array().unwrap().len(), 1);
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    assert_eq!(run0["tool"]["driver"]["name"], "b24lint");
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let mut unique = rules.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), rules.len(), "duplicate rules: {rules:?}");
    let results = run0["results"].as_array().unwrap();
    for r in results {
        let rule = r["ruleId"].as_str().unwrap();
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize], rule);
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1, "{r}");
        assert!(region["startColumn"].as_u64().unwrap() >= 1, "{r}");
    }
    // Column in characters on the Cyrillic line: `"много"` starts at character 29.
    let sort = results
        .iter()
        .find(|r| r["ruleId"] == "VALIDATION_INVALID_FIELD_TYPE")
        .unwrap();
    let loc = &sort["locations"][0]["physicalLocation"];
    assert!(loc["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("%D1%81%D0%BA%D0%BB%D0%B0%D0%B4.json"));
    assert_eq!(loc["region"]["startLine"], 2);
    assert_eq!(loc["region"]["startColumn"], 29);
    assert_eq!(loc["region"]["endColumn"], 36);
    // File-level problems still have a location.
    let syntax = results
        .iter()
        .find(|r| r["ruleId"] == "json-syntax")
        .unwrap();
    assert!(
        syntax["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("broken%20syntax.json")
    );
    let unreadable = results
        .iter()
        .find(|r| r["ruleId"] == "input-unreadable")
        .unwrap();
    assert_eq!(
        unreadable["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
    // Its rule is described from the code table, as every other rule is.
    let rule = &doc["runs"][0]["tool"]["driver"]["rules"]
        [unreadable["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], "input-unreadable");
    assert_eq!(
        rule["shortDescription"]["text"],
        "an input cannot be read (missing, not a regular file, larger than --max-file-size): it is not checked and the run exits 2"
    );
    assert_eq!(rule["properties"], serde_json::json!({"origin": "run"}));
}

#[test]
fn github_annotations_escape_and_locate() {
    let i = inputs();
    let o = run(&[
        "check",
        "--format",
        "github",
        i.cyrillic.to_str().unwrap(),
        i.missing.to_str().unwrap(),
    ]);
    let out = String::from_utf8(o.stdout).unwrap();
    let line = out
        .lines()
        .find(|l| l.contains("VALIDATION_INVALID_FIELD_TYPE"))
        .unwrap();
    assert!(line.starts_with("::error file="), "{line}");
    assert!(line.contains(",line=2,col=29,endLine=2,endColumn=36,title=VALIDATION_INVALID_FIELD_TYPE::Field \"sort\" must be of type integer."), "{line}");
    assert!(!line.contains('\n'));
    assert!(line.contains("%0Ahelp: "), "{line}");
    let unreadable = out.lines().find(|l| l.contains("missing.json")).unwrap();
    assert!(
        unreadable.starts_with("::error file=")
            && unreadable
                .contains("title=input-unreadable::cannot be checked: no such file or directory"),
        "{unreadable}"
    );
}

#[test]
fn github_shows_ten_annotations_per_level_then_plain_lines() {
    let dir = tempfile::tempdir().unwrap();
    let keys: Vec<String> = (0..12).map(|i| format!("\"k{i}\": 1")).collect();
    let p = dir.path().join("many.json");
    std::fs::write(&p, format!("{{\"fields\": {{{}}}}}", keys.join(", "))).unwrap();
    let o = run(&["check", "--format", "github", p.to_str().unwrap()]);
    let out = String::from_utf8(o.stdout).unwrap();
    let annotations = out.lines().filter(|l| l.starts_with("::error ")).count();
    assert_eq!(annotations, 10, "{out}");
    let plain = out.lines().filter(|l| l.contains(": error ")).count();
    assert!(plain >= 9, "{out}");
    let last = out.lines().last().unwrap();
    assert_eq!(
        last,
        format!("b24lint: {plain} errors not annotated (GitHub shows 10 annotations of each level per step); they are listed above as plain lines")
    );
}

#[test]
fn one_run_prints_for_people_and_writes_sarif_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("out.sarif");
    let json = dir.path().join("out.json");
    let o = run(&[
        "check",
        "--color",
        "never",
        "--sarif-file",
        sarif.to_str().unwrap(),
        "--json-file",
        json.to_str().unwrap(),
        "fixtures/examples/broken.json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("× Unknown parameters: url_check"));
    let doc: Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    assert!(sarif_schema().is_valid(&doc));
    let doc: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(doc["summary"]["errors"], 5);
}

/// A broken configuration: nothing is checked, and the SARIF document says so twice, as the
/// invocation's configuration notifications (the SARIF way) and as results at their place in
/// b24lint.toml (what code scanning shows).
#[test]
fn sarif_reports_a_broken_configuration_as_notifications_and_results() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("b24lint.toml"),
        "# Склад\ntargt = \"26.250\"\n[rules]\nurl-cleartext = \"loud\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.json"), "{}").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .args(["check", "--format", "sarif", "a.json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let validator = sarif_schema();
    assert!(validator.is_valid(&doc), "{:?}", validator.validate(&doc));
    no_empty_objects(&doc, "");
    let location = |line: u64, start: u64, end: u64| {
        serde_json::json!({"physicalLocation": {
            "artifactLocation": {"uri": "b24lint.toml"},
            "region": {"startLine": line, "startColumn": start, "endLine": line, "endColumn": end}
        }})
    };
    let key = "unknown key `targt`; did you mean `target`?";
    let level = "unknown level `loud`; expected \"off\", \"warning\" or \"error\"";
    let summary = "a b24lint.toml (or the --config file) cannot be read or holds an error: nothing is checked and the run exits 2";
    let notification = |text: &str, at: Value| {
        serde_json::json!({
            "descriptor": {"id": "config-invalid", "index": 0},
            "level": "error",
            "message": {"text": text},
            "locations": [at]
        })
    };
    let result = |text: &str, at: Value| {
        serde_json::json!({
            "ruleId": "config-invalid",
            "ruleIndex": 0,
            "level": "error",
            "message": {"text": text},
            "locations": [at]
        })
    };
    let expected = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "b24lint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": [{
                    "id": "config-invalid",
                    "shortDescription": {"text": summary},
                    "help": {
                        "text": format!("{summary}\n\nRun `b24lint explain config-invalid` for the full page."),
                        "markdown": include_str!("../crates/engine/src/spec/explain/config-invalid.md"),
                    },
                    "defaultConfiguration": {"level": "error"},
                    "properties": {"origin": "run"}
                }],
                "notifications": [{
                    "id": "config-invalid",
                    "shortDescription": {"text": summary},
                    "defaultConfiguration": {"level": "error"}
                }]
            }},
            "invocations": [{
                "executionSuccessful": false,
                "toolConfigurationNotifications": [
                    notification(key, location(2, 1, 6)),
                    notification(level, location(4, 17, 23)),
                ]
            }],
            "columnKind": "unicodeCodePoints",
            "results": [
                result(key, location(2, 1, 6)),
                result(level, location(4, 17, 23)),
            ]
        }]
    });
    assert_eq!(doc, expected);
}
