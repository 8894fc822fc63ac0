//! The committed JSON Schemas match the field table, and agree with the checker: what the
//! engine accepts validates, what it rejects for shape reasons does not.

use b24lint::spec::schema::{connector_add, Form};
use b24lint::{Code, Linter, Options, Target};
use serde_json::Value;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn generated(form: Form) -> String {
    serde_json::to_string_pretty(&connector_add(form, Target::Cloud)).unwrap() + "\n"
}

#[test]
fn committed_schemas_are_up_to_date() {
    for form in [Form::Request, Form::Fields] {
        let path = root().join(form.file());
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != generated(form) && std::env::var_os("B24LINT_BLESS").is_some() {
            std::fs::write(&path, generated(form)).unwrap();
            continue;
        }
        assert!(
            committed == generated(form),
            "{} is stale: run `B24LINT_BLESS=1 cargo test --test schema` and commit it",
            form.file()
        );
    }
}

#[test]
fn the_schema_command_prints_the_committed_schema() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .args(["schema", "--form", "fields"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        generated(Form::Fields)
    );
}

fn validator(form: Form, target: Target) -> jsonschema::Validator {
    jsonschema::validator_for(&connector_add(form, target)).expect("schema compiles")
}

/// Answers that a schema can express: a wrong shape, not the order of checks.
const SHAPE: &[Code] = &[
    Code::VALIDATION_FIELDS_NOT_PROVIDED,
    Code::VALIDATION_UNKNOWN_PARAMETERS,
    Code::VALIDATION_REQUIRED_FIELD_MISSING,
    Code::VALIDATION_READ_ONLY_FIELD,
    Code::VALIDATION_INVALID_FIELD_TYPE,
    Code::VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS,
    Code::VALIDATION_SETTINGS_NAME_TOO_LONG,
    Code::VALIDATION_SETTINGS_CODE_TOO_LONG,
    Code::VALIDATION_SETTINGS_INVALID_TYPE,
    Code::BX_EMPTY_REQUIRED,
    Code::BX_INVALID_VALUE,
];

/// Accepted by the portal, but not expressible in a schema: an invalid settings item that
/// vanishes because its key merges with a later one after conversion (spec C6).
const INEXPRESSIBLE: &[&str] = &[
    "c6_settings_object_case_merge_accepted",
    "c6_settings_object_snake_merge_accepted",
];

#[test]
fn the_schema_agrees_with_the_engine_on_the_spec_cases() {
    let dir = root().join("fixtures/spec");
    let mut checked = (0, 0);
    let mut disagreements = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".expected.json"))
        .collect();
    names.sort();
    for name in names {
        let stem = name.trim_end_matches(".expected.json");
        let expected: Value =
            serde_json::from_slice(&std::fs::read(dir.join(&name)).unwrap()).unwrap();
        let target: Target = expected["target"]
            .as_str()
            .unwrap_or("26.250")
            .parse()
            .unwrap();
        // The schema describes a JSON body from an application: a raw form body, another
        // transport or a webhook's call is the engine's business alone.
        if ["transport", "caller"]
            .iter()
            .any(|k| expected.get(*k).is_some())
        {
            continue;
        }
        let Ok(body) = std::fs::read(dir.join(format!("{stem}.json"))) else {
            continue;
        };
        // serde_json cannot hold what PHP decodes to INF, and invalid JSON has no instance.
        let Ok(doc) = serde_json::from_slice::<Value>(&body) else {
            continue;
        };
        // An envelope (`{"method", "url", "params"}`) is b24lint's file, not a request body.
        if doc.get("method").is_some() && doc.get("params").is_some() {
            continue;
        }
        let report = Linter::new(Options {
            target,
            ..Options::default()
        })
        .check(&body);
        let valid = validator(Form::Request, target).is_valid(&doc);
        let accepted = report.answer.accepted();
        let shape = report
            .server_answer()
            .is_some_and(|d| SHAPE.contains(&d.code));
        if accepted && !INEXPRESSIBLE.contains(&stem) {
            checked.0 += 1;
            if !valid {
                disagreements.push(format!(
                    "{stem}: accepted by the engine, invalid for the schema"
                ));
            }
        } else if shape {
            checked.1 += 1;
            if valid {
                disagreements.push(format!(
                    "{stem}: rejected for its shape, valid for the schema"
                ));
            }
        }
    }
    assert!(checked.0 >= 20 && checked.1 >= 40, "{checked:?}");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn valid_definitions_satisfy_their_form() {
    for e in std::fs::read_dir(root().join("fixtures/valid"))
        .unwrap()
        .flatten()
    {
        let doc: Value = serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap();
        if doc.get("method").is_some() && doc.get("params").is_some() {
            continue; // an envelope of another method; the schemas describe connector.add
        }
        let form = if doc.get("fields").is_some() {
            Form::Request
        } else {
            Form::Fields
        };
        let v = validator(form, Target::Cloud);
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", e.path().display());
    }
}
