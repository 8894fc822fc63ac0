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

/// `--diff` applied with `patch` gives exactly what `--fix` writes, whatever the line endings.
#[test]
fn diffs_apply_with_patch_for_every_line_ending() {
    let lf = "{\n  \"fields\": {\n    \"title\": \"T\",\n    \"url_check\": \"https://a.example/c\"\n  }\n}\n";
    let cases = [
        ("lf.json", lf.to_string()),
        ("crlf.json", lf.replace('\n', "\r\n")),
        ("cr.json", lf.replace('\n', "\r")),
        ("no-final-newline.json", lf.trim_end().to_string()),
        (
            "mixed.json",
            lf.replacen('\n', "\r\n", 2).replacen('\n', "\r", 1),
        ),
        ("one-line.json", lf.replace('\n', "")),
    ];
    let bin = env!("CARGO_BIN_EXE_b24lint");
    for (name, text) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        let o = Command::new(bin)
            .current_dir(dir.path())
            .args(["check", "--isolated", "--diff", name])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{name}");
        let diff = o.stdout;
        assert!(diff.starts_with(format!("--- a/{name}\n+++ b/{name}\n@@ ").as_bytes()));
        let patched = dir.path().join("patched.json");
        std::fs::write(&patched, &text).unwrap();
        let mut patch = Command::new("patch")
            .args(["--quiet", "--batch", "--binary"])
            .arg(&patched)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("patch is installed (Debian's patch package)");
        std::io::Write::write_all(&mut patch.stdin.take().unwrap(), &diff).unwrap();
        assert!(
            patch.wait().unwrap().success(),
            "{name}: {}",
            String::from_utf8_lossy(&diff)
        );
        let expected = fixed(&text, false).unwrap();
        assert_eq!(
            std::fs::read_to_string(&patched).unwrap(),
            expected,
            "{name}"
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            text,
            "--diff does not write"
        );
    }
}

#[test]
fn a_diff_marks_a_missing_final_newline_on_both_sides() {
    let diff = b24lint::fix::unified_diff("x.json", "a\nb", "a\nc");
    assert_eq!(
        diff,
        "--- a/x.json\n+++ b/x.json\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
    );
    assert_eq!(b24lint::fix::unified_diff("x.json", "same", "same"), "");
    let far = (1..=20).map(|i| format!("{i}\n")).collect::<String>();
    let changed = (1..=20)
        .map(|i| match i {
            2 => "two\n".to_string(),
            18 => "eighteen\n".to_string(),
            i => format!("{i}\n"),
        })
        .collect::<String>();
    assert_eq!(
        b24lint::fix::unified_diff("x.json", &far, &changed),
        "--- a/x.json\n+++ b/x.json\n@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n"
    );
    assert_eq!(
        b24lint::fix::unified_diff("x.json", "a\n", "a\nb\n"),
        "--- a/x.json\n+++ b/x.json\n@@ -1 +1,2 @@\n a\n+b\n"
    );
}

#[test]
fn renames_past_the_unknown_key_cap_settle_in_one_run() {
    // 49 unknown keys, then nine mis-cased fields: only the first 50 unknown keys are reported
    // one by one, but every rename is offered, so one run fixes all nine.
    let mut body = String::from("{\"fields\":{");
    for c in ('a'..='z').chain('A'..='W') {
        body.push_str(&format!("\"{c}\":0,"));
    }
    body.push_str("\"TITLE\":0,\"LOGO\":0,\"SORT\":0,\"URLDATA\":0,\"URLCHECK\":0,\"SETTINGS\":0,\"DESCRIPTION\":0,\"URLTABLELIST\":0,\"URLTABLEDESCRIPTION\":0}}");
    let out = fix_once(&body, false);
    for name in [
        "title",
        "logo",
        "sort",
        "urlData",
        "urlCheck",
        "settings",
        "description",
        "urlTableList",
        "urlTableDescription",
    ] {
        assert!(out.contains(&format!("\"{name}\":0")), "{name}: {out}");
    }
    let report = Linter::new(Options::default()).check(out.as_bytes());
    let unknown = report
        .diagnostics
        .iter()
        .filter(|d| d.code.name() == "VALIDATION_UNKNOWN_PARAMETERS")
        .count();
    assert_eq!(unknown, 49);
}
