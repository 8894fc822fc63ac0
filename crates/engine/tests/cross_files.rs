//! The lints across files: each `fixtures/cross/<code>/<scenario>/` directory is one run; its
//! `expected` file (JSON, named so that a run over the directory skips it) lists the diagnostics of that code per file (message and start), and an
//! `ok_` scenario must produce none.

use b24lint::config::Settings;
use b24lint::project::{self, File, Input, Overrides, Project, ProjectOptions};
use b24lint::{Code, Level, LineIndex};
use serde_json::{json, Value};
use std::path::Path;

#[path = "support/documents.rs"]
mod documents;
use documents::Documents;

/// The project run over named in-memory documents, cross-file lints included.
fn run_documents(names: &[String], texts: &[Vec<u8>], overrides: Overrides) -> Vec<File> {
    let options = ProjectOptions {
        overrides,
        cwd: "/project".into(),
        ..ProjectOptions::default()
    };
    let mut project = Project::new(&Documents, options).unwrap();
    let mut files: Vec<File> = names
        .iter()
        .zip(texts)
        .map(|(name, text)| {
            let input = Input::Document {
                name: name.clone(),
                path: None,
                text: text.clone(),
            };
            let plan = project.plan_for(&Documents, &input);
            project::check_input(&Documents, input, plan)
        })
        .collect();
    project::across(&mut files);
    files
}

/// The findings of each file by position, as reports list them.
fn in_display_order(mut per_file: Value) -> Value {
    for findings in per_file.as_object_mut().unwrap().values_mut() {
        let list = findings.as_array_mut().unwrap();
        list.sort_by_key(|d| (d["line"].as_u64(), d["column"].as_u64()));
    }
    per_file
}

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
    let files = run_documents(&names, &texts, Overrides::default());
    let mut out = serde_json::Map::new();
    for (i, f) in files.iter().enumerate() {
        let report = &f.result.as_ref().unwrap().report;
        for d in report.diagnostics.iter().filter(|d| d.code == code) {
            assert_eq!(d.code.origin(), b24lint::Origin::Lint);
            let at = LineIndex::new(&texts[i]).locate(&texts[i], d.span.start);
            out.entry(names[i].clone())
                .or_insert_with(|| json!([]))
                .as_array_mut()
                .unwrap()
                .push(json!({"message": d.message, "line": at.line, "column": at.column}));
        }
    }
    Value::Object(out)
}

#[test]
fn cross_file_scenarios() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("fixtures/cross");
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
            assert_eq!(got, in_display_order(expected), "{}/{name}", code.name());
        }
        assert!(triggering > 0, "{} has no triggering scenario", code.name());
    }
    assert!(scenarios >= 4);
}

#[test]
fn cross_lints_follow_levels() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .join("fixtures/cross/dataset-external-code-duplicate/same_source");
    let names: Vec<String> = ["orders.json", "orders_copy.json"]
        .iter()
        .map(|n| n.to_string())
        .collect();
    let texts: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(dir.join(n)).unwrap())
        .collect();
    let at = |level: Option<Level>| {
        let overrides = Overrides {
            settings: Settings {
                levels: level
                    .map(|l| vec![(Code::DATASET_EXTERNAL_CODE_DUPLICATE, l)])
                    .unwrap_or_default(),
                ..Settings::default()
            },
            ..Overrides::default()
        };
        let files = run_documents(&names, &texts, overrides);
        let report = files[1].result.as_ref().unwrap().report.clone();
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::DATASET_EXTERNAL_CODE_DUPLICATE)
            .map(|d| d.severity)
            .collect();
        (report.errors(), found)
    };
    let (errors, found) = at(None);
    assert_eq!(found, vec![b24lint::Severity::Warning]);
    let (allowed_errors, allowed) = at(Some(Level::Allow));
    assert!(allowed.is_empty());
    assert_eq!(allowed_errors, errors);
    let (denied_errors, denied) = at(Some(Level::Deny));
    assert_eq!(denied, vec![b24lint::Severity::Error]);
    assert_eq!(denied_errors, errors + 1);
}

#[test]
fn a_source_with_many_unknown_codes_reports_fifty() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .join("fixtures/cross/source-settings-codes/typo_and_missing");
    let connector = std::fs::read(dir.join("connector.json")).unwrap();
    let settings: Vec<String> = (0..60).map(|i| format!("\"x{i}\": \"v\"")).collect();
    let source = format!(
        "{{\"method\": \"biconnector.source.add\", \"params\": {{\"fields\": {{\"title\": \"M\", \"connectorId\": 1, \"settings\": {{\"workspace\": \"w\", \"api_key\": \"k\", {}}}}}}}}}",
        settings.join(", ")
    );
    let names = vec!["connector.json".to_string(), "source.json".to_string()];
    let files = run_documents(
        &names,
        &[connector, source.into_bytes()],
        Overrides::default(),
    );
    let found: Vec<_> = files[1]
        .result
        .as_ref()
        .unwrap()
        .report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::SOURCE_SETTINGS_CODES)
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(found.len(), 50);
    assert_eq!(
        found[0],
        "`x0` is not a setting of the connector in connector.json; the portal drops it silently"
    );
    assert_eq!(
        found[49],
        "`x49` is not a setting of the connector in connector.json; the portal drops it silently"
    );
}

/// A connector definition with `n` settings `c0`, `c1`, … .
fn connector_with(n: usize) -> Vec<u8> {
    let items: Vec<String> = (0..n)
        .map(|i| format!("{{\"name\": \"C{i}\", \"code\": \"c{i}\", \"type\": \"STRING\"}}"))
        .collect();
    format!(
        "{{\"fields\": {{\"title\": \"T\", \"logo\": \"https://a.example.com/l.png\", \"urlCheck\": \"https://a.example.com/c\", \"urlData\": \"https://a.example.com/d\", \"urlTableList\": \"https://a.example.com/l\", \"urlTableDescription\": \"https://a.example.com/td\", \"settings\": [{}]}}}}",
        items.join(", ")
    )
    .into_bytes()
}

fn source_with(settings: &str) -> Vec<u8> {
    format!("{{\"method\": \"biconnector.source.add\", \"params\": {{\"fields\": {{\"title\": \"M\", \"connectorId\": 1, \"settings\": {{{settings}}}}}}}}}").into_bytes()
}

fn source_findings(names: &[&str], texts: Vec<Vec<u8>>, source: usize) -> Vec<(String, String)> {
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let files = run_documents(&names, &texts, Overrides::default());
    files[source]
        .result
        .as_ref()
        .unwrap()
        .report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::SOURCE_SETTINGS_CODES)
        .map(|d| (d.message.clone(), d.help.clone().unwrap_or_default()))
        .collect()
}

/// The findings of a source beside one connector of `codes` settings.
fn beside_connector(codes: usize, settings: &str) -> Vec<(String, String)> {
    source_findings(
        &["c.json", "s.json"],
        vec![connector_with(codes), source_with(settings)],
        1,
    )
}

#[test]
fn a_source_is_paired_with_the_nearest_connector_upward() {
    let found = source_findings(
        &[
            "app/connector.json",
            "app/sources/source.json",
            "other/connector.json",
        ],
        vec![
            connector_with(1),
            source_with("\"c0\": \"v\", \"zz\": \"v\""),
            connector_with(2),
        ],
        1,
    );
    assert_eq!(
        found,
        [(
            "`zz` is not a setting of the connector in app/connector.json; the portal drops it silently".to_string(),
            "the connector declares: c0".to_string()
        )]
    );
}

#[test]
fn suggestions_and_lists_stay_short_for_large_connectors() {
    let unknown = |found: &[(String, String)]| {
        found
            .iter()
            .find(|(m, _)| m.starts_with("`c1x`"))
            .cloned()
            .unwrap()
    };
    let unset = |found: &[(String, String)]| {
        found
            .iter()
            .find(|(m, _)| m.starts_with("the connector"))
            .cloned()
            .unwrap()
    };
    // 201 codes: no suggestion is computed against them all, and the lists are cut.
    let found = beside_connector(201, "\"c1x\": \"v\"");
    assert_eq!(
        unknown(&found).1,
        "the connector declares: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19 and 181 more"
    );
    assert!(
        unset(&found)
            .0
            .ends_with("`c19` and 181 more that this source does not set"),
        "{found:?}"
    );
    // 200 codes: suggestions are made.
    let found = beside_connector(200, "\"c1x\": \"v\"");
    assert!(
        unknown(&found).1.starts_with("did you mean `c1`? "),
        "{found:?}"
    );
    // Twenty declared codes are listed in full.
    let found = beside_connector(20, "\"zz\": \"v\"");
    let help = &found.iter().find(|(m, _)| m.starts_with("`zz`")).unwrap().1;
    assert!(help.ends_with("declares: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19"), "{help}");
    // Twenty unset codes are listed in full, twenty-one are not.
    let found = beside_connector(20, "");
    assert!(
        unset(&found)
            .0
            .ends_with("`c19` that this source does not set"),
        "{found:?}"
    );
    let found = beside_connector(21, "");
    assert!(
        unset(&found)
            .0
            .ends_with("`c19` and 1 more that this source does not set"),
        "{found:?}"
    );
}

/// Spec §6 C11 across files: with the connector in the run, an array setting value under one of
/// its codes is the portal's HTTP 500, and the assumption the file's own check made goes; one
/// under another code is dropped, and its assumption goes too.
#[test]
fn an_array_under_a_code_of_the_runs_connector_is_the_answer() {
    let connector = br#"{"fields": {"title": "S", "logo": "https://x.example/l.png", "urlCheck": "https://x.example/c", "urlData": "https://x.example/d", "urlTableList": "https://x.example/t", "urlTableDescription": "https://x.example/td", "settings": [{"name": "Key", "code": "api_key", "type": "STRING"}]}}"#.to_vec();
    let add = br#"{"method": "biconnector.source.add", "params": {"fields": {"title": "S", "connectorId": 1, "settings": {"api_key": ["k"], "other": {"a": 1}}}}}"#.to_vec();
    let long_title = "t".repeat(513);
    let update = format!(
        r#"{{"method": "biconnector.source.update", "params": {{"id": 1, "fields": {{"title": "{long_title}", "settings": {{"api_key": ["k"]}}}}}}}}"#
    )
    .into_bytes();
    let add_long = format!(
        r#"{{"method": "biconnector.source.add", "params": {{"fields": {{"title": "{long_title}", "connectorId": 1, "settings": {{"api_key": ["k"]}}}}}}}}"#
    )
    .into_bytes();
    let names: Vec<String> = [
        "a_connector.json",
        "b_add.json",
        "c_update.json",
        "d_add_long.json",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let files = run_documents(
        &names,
        &[connector, add, update, add_long],
        Overrides::default(),
    );
    let report = |i: usize| &files[i].result.as_ref().unwrap().report;
    let assumed = |i: usize, key: &str| {
        report(i).assumptions.iter().any(|a| {
            a.starts_with(&format!(
                "`{key}` is not one of the connector's setting codes"
            ))
        })
    };
    // The add: the crash is the answer, at the array; both assumptions are gone.
    let add = report(1);
    assert_eq!(add.answer, b24lint::Answer::Crash);
    let crash = add.server_answer().expect("the crash is the answer");
    assert_eq!(crash.code, Code::PHP_TYPE_ERROR);
    assert_eq!(crash.pointer, "/params/fields/settings/api_key");
    assert_eq!(
        crash.label.as_deref(),
        Some("an array under a_connector.json's setting `api_key`")
    );
    assert_eq!(
        add.diagnostics.iter().filter(|d| d.server_answer).count(),
        1
    );
    assert!(!assumed(1, "api_key") && !assumed(1, "other"));
    // The others stay.
    assert!(add
        .assumptions
        .iter()
        .any(|a| a.starts_with("Connector 1 exists")));
    // The update saves the settings before the title's length is checked: the crash wins.
    let update = report(2);
    assert_eq!(update.answer, b24lint::Answer::Crash);
    assert_eq!(update.server_answer().unwrap().code, Code::PHP_TYPE_ERROR);
    // The add writes the row first: the title's length wins, and the settings are not saved.
    let add_long = report(3);
    assert_eq!(
        add_long.server_answer().map(|d| d.code),
        Some(Code::BX_INVALID_VALUE)
    );
    assert!(add_long
        .diagnostics
        .iter()
        .all(|d| !(d.server_answer && d.code == Code::PHP_TYPE_ERROR)));
}
