//! `--fix` edits: each safe fix, the unsafe one, idempotence, and files that must stay as
//! they are.

use b24lint::{Linter, Options};
use std::process::Command;

fn fixed(text: &str, unsafe_fixes: bool) -> Option<String> {
    let linter = Linter::new(Options::default());
    let report = linter.check(text.as_bytes());
    b24lint::fix::apply_all(&linter, text.as_bytes(), &report, unsafe_fixes)
        .map(|(t, _)| String::from_utf8(t).unwrap())
}

/// Applies fixes until nothing changes; asserts a second pass finds nothing.
fn fix_once(text: &str, unsafe_fixes: bool) -> String {
    let once = fixed(text, unsafe_fixes).expect("a fix applies");
    assert_eq!(
        fixed(&once, unsafe_fixes),
        None,
        "a second --fix changes nothing"
    );
    once
}

const BODY: &str = r#"{
  "fields": {
    "title": "Warehouse",
    "logo": "https://cdn.example.com/logo.png",
    "url_check": "https://bi.example.com/check",
    "urlData": "https://bi.example.com/data",
    "URLTABLELIST": "https://bi.example.com/tables",
    "urlTableDescription": "https://bi.example.com/describe",
    "settings": [
      {"NAME": "API key", "Code": "api_key", "TYPE": "string"},
      {"name": "Region", "code": "region", "type": "String"}
    ]
  }
}
"#;

#[test]
fn safe_fixes_recase_keys_and_types_and_nothing_else() {
    let out = fix_once(BODY, false);
    // The first item's type is read only once its key is re-cased; one run settles both.
    let expected = BODY
        .replace("\"url_check\"", "\"urlCheck\"")
        .replace("\"URLTABLELIST\"", "\"urlTableList\"")
        .replace("\"NAME\"", "\"name\"")
        .replace("\"TYPE\": \"string\"", "\"type\": \"STRING\"")
        .replace("\"type\": \"String\"", "\"type\": \"STRING\"");
    assert_eq!(out, expected);
    let report = Linter::new(Options::default()).check(out.as_bytes());
    assert!(report.answer.accepted(), "{:?}", report.diagnostics);
}

#[test]
fn a_key_is_not_renamed_onto_an_existing_one() {
    let body = r#"{"fields": {"title": "A", "TITLE": "B"}}"#;
    let report = Linter::new(Options::default()).check(body.as_bytes());
    assert!(report.diagnostics.iter().all(|d| d.fix.is_none()));
    // Two keys that would both become `urlCheck`: only the first is renamed.
    let body =
        r#"{"fields": {"url_check": "https://a.example/c", "URLCHECK": "https://b.example/c"}}"#;
    let out = fixed(body, false).unwrap();
    assert_eq!(
        out,
        r#"{"fields": {"urlCheck": "https://a.example/c", "URLCHECK": "https://b.example/c"}}"#
    );
}

#[test]
fn read_only_keys_are_removed_only_with_unsafe_fixes() {
    let body = "{\n  \"fields\": {\n    \"id\": 5,\n    \"title\": \"T\",\n    \"dateCreate\": \"2024-01-01\"\n  }\n}\n";
    assert_eq!(fixed(body, false), None);
    let out = fix_once(body, true);
    assert_eq!(out, "{\n  \"fields\": {\n    \"title\": \"T\"\n  }\n}\n");
}

#[test]
fn files_with_syntax_errors_are_never_touched() {
    let body = r#"{"fields": {"url_check": "x",}}"#;
    assert_eq!(fixed(body, true), None);
}

#[test]
fn cli_fix_writes_and_diff_only_prints() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.json");
    std::fs::write(&path, BODY).unwrap();
    let bin = env!("CARGO_BIN_EXE_b24lint");
    let o = Command::new(bin)
        .args(["check", "--diff", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let diff = String::from_utf8(o.stdout).unwrap();
    assert!(diff.contains("-    \"url_check\": \"https://bi.example.com/check\",\n+    \"urlCheck\": \"https://bi.example.com/check\",\n"), "{diff}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        BODY,
        "--diff does not write"
    );

    let o = Command::new(bin)
        .args([
            "check",
            "--fix",
            "--format",
            "server",
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after, fixed(BODY, false).unwrap());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("c.json: fixed 5 findings"), "{err}");
    // The report describes the file as it is now: accepted.
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("\"accepted\":true"));
}

#[test]
fn column_keys_and_types_are_fixed() {
    let body = r#"{"method": "biconnector.table.add", "params": {"fields": {"sourceId": 1, "name": "stock", "externalName": "Stock", "externalCode": "stock", "fields": [
  {"NAME": "ID", "extrnalCode": "id", "type": "INT"},
  {"name": "QTY", "externalCode": "qty", "Type": "Double"}
]}}}"#;
    let out = fix_once(body, false);
    assert_eq!(
        out,
        r#"{"method": "biconnector.table.add", "params": {"fields": {"sourceId": 1, "name": "stock", "externalName": "Stock", "externalCode": "stock", "fields": [
  {"name": "ID", "externalCode": "id", "type": "int"},
  {"name": "QTY", "externalCode": "qty", "Type": "double"}
]}}}"#
    );
    let report = Linter::new(Options::default()).check(out.as_bytes());
    assert!(report.answer.accepted(), "{:?}", report.diagnostics);
}

#[test]
fn a_column_key_is_not_renamed_onto_one_the_portal_already_reads() {
    // `Name` is read (converted to NAME); renaming `NAME` to `name` would override it.
    let body = r#"{"method": "biconnector.table.add", "params": {"fields": {"sourceId": 1, "name": "t", "externalName": "T", "externalCode": "t", "fields": [{"Name": "A", "NAME": "b", "externalCode": "a", "type": "int"}]}}}"#;
    assert_eq!(fixed(body, false), None);
    assert_eq!(fixed(body, true), None);
}
