//! The command line's view of how a request travels: `--transport`, `--caller`,
//! `--connector-codes`, their configuration keys (top level and per override), raw form bodies
//! (`.form` files, detected bodies, standard input), and the answer line that says what the
//! prediction rests on.

use std::path::Path;
use std::process::{Command, Output};

/// A connector.add body the portal accepts as JSON, with `settings: []`, which CRest drops and
/// BX24.js sends as an empty string (spec §6 C9).
const EMPTY_SETTINGS: &str = r#"{"fields": {
  "title": "Sales",
  "logo": "https://cdn.example.com/sales.png",
  "urlCheck": "https://bi.example.com/check",
  "urlData": "https://bi.example.com/data",
  "urlTableList": "https://bi.example.com/tables",
  "urlTableDescription": "https://bi.example.com/describe",
  "settings": []
}}
"#;

fn b24lint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .args(args)
        .current_dir(dir)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let at = d.path().join(name);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::fs::write(at, text).unwrap();
    }
    d
}

#[test]
fn each_transport_gives_the_portals_answer_for_empty_settings() {
    let d = dir_with(&[("c.json", EMPTY_SETTINGS)]);
    let concise = |t: &str| {
        stdout(&b24lint(
            d.path(),
            &[
                "check",
                "--isolated",
                "--format",
                "concise",
                "--transport",
                t,
                "c.json",
            ],
        ))
    };
    assert_eq!(concise("json"), "Checked 1 file: 0 errors, 0 warnings.\n");
    assert_eq!(
        concise("crest"),
        "c.json:1:12: error VALIDATION_REQUIRED_FIELD_MISSING Field \"settings\" is required. (the portal's answer)\n\
         c.json:8:3: warning transport-key-vanishes `settings: []` is not sent by CRest: the key vanishes\n\
         Checked 1 file: 1 error, 1 warning.\n"
    );
    assert_eq!(
        concise("bx24"),
        "c.json:8:3: warning transport-key-vanishes `settings: []` is sent as an empty string by BX24.js\n\
         c.json:8:15: error VALIDATION_INVALID_FIELD_TYPE Field \"settings\" must be of type array. (the portal's answer)\n\
         Checked 1 file: 1 error, 1 warning.\n"
    );
}

#[test]
fn the_answer_line_says_the_caller_and_the_transport() {
    let d = dir_with(&[("c.json", EMPTY_SETTINGS)]);
    let o = b24lint(
        d.path(),
        &["check", "--isolated", "--transport", "bx24", "c.json"],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(
            "  answer: VALIDATION_INVALID_FIELD_TYPE (8:15) Field \"settings\" must be of type array.\n  HTTP 200 from biconnector.connector.add on cloud (app call, BX24.js form body)\n"
        ),
        "{out}"
    );
    // The transport's full sentence is in the JSON report, first among the assumptions.
    let json = stdout(&b24lint(
        d.path(),
        &[
            "check",
            "--isolated",
            "--transport",
            "crest",
            "--format",
            "json",
            "c.json",
        ],
    ));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let assumptions = &v["files"][0]["assumptions"];
    assert_eq!(
        assumptions[2],
        "The body is sent form-encoded as PHP CRest sends it (http_build_query), and read back by PHP as text."
    );
}

#[test]
fn a_webhook_is_refused_except_for_the_fields_methods() {
    let d = dir_with(&[
        ("c.json", EMPTY_SETTINGS),
        (
            "schema.json",
            r#"{"method": "biconnector.connector.fields", "params": {}}"#,
        ),
    ]);
    let o = b24lint(
        d.path(),
        &[
            "check",
            "--isolated",
            "--format",
            "concise",
            "--caller",
            "webhook",
            "c.json",
            "schema.json",
        ],
    );
    assert_eq!(
        stdout(&o),
        "c.json:1:1: error ACCESS_DENIED Access denied. (the portal's answer)\nChecked 2 files: 1 error, 0 warnings.\n"
    );
    // 25.300 refused no webhook: the database layer finds no application id.
    let o = b24lint(
        d.path(),
        &[
            "check",
            "--isolated",
            "--format",
            "concise",
            "--caller",
            "webhook",
            "--target",
            "25.300",
            "c.json",
        ],
    );
    assert!(
        stdout(&o).contains("error BX_EMPTY_REQUIRED The field APP_ID is required."),
        "{}",
        stdout(&o)
    );
}

#[test]
fn an_envelope_url_with_a_webhook_path_makes_the_call_a_webhook() {
    let body = format!(
        r#"{{"method": "biconnector.connector.add", "url": "https://portal.example/rest/1/0123456789abcdef/biconnector.connector.add", "params": {}}}"#,
        EMPTY_SETTINGS.trim()
    );
    let d = dir_with(&[("hook.json", &body)]);
    let o = b24lint(d.path(), &["check", "--isolated", "hook.json"]);
    let out = stdout(&o);
    assert!(
        out.contains("  answer: ACCESS_DENIED (1:48) Access denied.\n  HTTP 200 from biconnector.connector.add on cloud (webhook call, JSON body)\n"),
        "{out}"
    );
}

#[test]
fn the_configuration_sets_transport_and_caller_per_file() {
    let d = dir_with(&[
        (
            "b24lint.toml",
            "transport = \"crest\"\n[[overrides]]\nfiles = [\"js/*.json\"]\ntransport = \"bx24\"\n[[overrides]]\nfiles = [\"hooks/*.json\"]\ncaller = \"webhook\"\n",
        ),
        ("php/c.json", EMPTY_SETTINGS),
        ("js/c.json", EMPTY_SETTINGS),
        ("hooks/c.json", EMPTY_SETTINGS),
    ]);
    let o = b24lint(d.path(), &["check", "--format", "concise", "."]);
    assert_eq!(
        stdout(&o),
        "hooks/c.json:1:1: error ACCESS_DENIED Access denied. (the portal's answer)\n\
         hooks/c.json:1:12: error VALIDATION_REQUIRED_FIELD_MISSING Field \"settings\" is required.\n\
         hooks/c.json:8:3: warning transport-key-vanishes `settings: []` is not sent by CRest: the key vanishes\n\
         js/c.json:8:3: warning transport-key-vanishes `settings: []` is sent as an empty string by BX24.js\n\
         js/c.json:8:15: error VALIDATION_INVALID_FIELD_TYPE Field \"settings\" must be of type array. (the portal's answer)\n\
         php/c.json:1:12: error VALIDATION_REQUIRED_FIELD_MISSING Field \"settings\" is required. (the portal's answer)\n\
         php/c.json:8:3: warning transport-key-vanishes `settings: []` is not sent by CRest: the key vanishes\n\
         Checked 3 files: 4 errors, 3 warnings.\n"
    );
    // The command line wins over the configuration.
    let o = b24lint(
        d.path(),
        &[
            "check",
            "--format",
            "concise",
            "--transport",
            "json",
            "php/c.json",
        ],
    );
    assert_eq!(stdout(&o), "Checked 1 file: 0 errors, 0 warnings.\n");
    let bad = dir_with(&[("b24lint.toml", "transport = \"form\"\n"), ("c.json", "{}")]);
    let o = b24lint(bad.path(), &["check", "c.json"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("unknown transport `form` (expected json, crest or bx24)"),
        "{err}"
    );
}

#[test]
fn unknown_transport_or_caller_is_a_usage_error() {
    let d = dir_with(&[("c.json", "{}")]);
    for (flag, value, says) in [
        (
            "--transport",
            "xml",
            "unknown transport `xml` (expected json, crest or bx24)",
        ),
        (
            "--caller",
            "robot",
            "unknown caller `robot` (expected app or webhook)",
        ),
    ] {
        let o = b24lint(d.path(), &["check", flag, value, "c.json"]);
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(err.contains(says), "{err}");
    }
}

/// A raw form body as copied from the browser's network tab.
const FORM: &str = "fields%5Btitle%5D=Sales&fields%5Blogo%5D=https%3A%2F%2Fcdn.example.com%2Fs.png&fields[urlCheck]=https%3A%2F%2Fbi.example.com%2Fc&fields[urlData]=https%3A%2F%2Fbi.example.com%2Fd&fields[urlTableList]=https%3A%2F%2Fbi.example.com%2Ft&fields[urlTableDescription]=https%3A%2F%2Fbi.example.com%2Ftd&fields[settings][0][name]=Key&fields[settings][0][code]=key&fields[settings][0][type]=string\n";

#[test]
fn form_bodies_are_walked_read_and_pointed_into() {
    let d = dir_with(&[("bi/network.form", FORM), ("bi/notes.txt", FORM)]);
    let files = stdout(&b24lint(d.path(), &["check", "--show-files", "."]));
    assert_eq!(files, "bi/network.form\n");
    let o = b24lint(d.path(), &["check", "--format", "concise", "."]);
    // The finding is at the value as written in the body.
    let column = FORM.rfind("=string").unwrap() + 2;
    assert_eq!(column, 381);
    assert_eq!(
        stdout(&o),
        "bi/network.form:1:381: error VALIDATION_SETTINGS_INVALID_TYPE Parameter \"type\" is not correct. (the portal's answer)\nChecked 1 file: 1 error, 0 warnings.\n"
    );
    // Named on the command line, any file that reads as a form body is one; so is stdin.
    let o = b24lint(d.path(), &["check", "--format", "concise", "bi/notes.txt"]);
    assert!(stdout(&o).starts_with("bi/notes.txt:1:381: error VALIDATION_SETTINGS_INVALID_TYPE"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .args(["check", "--format", "concise", "-"])
        .current_dir(d.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(FORM.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        stdout(&out).starts_with("<stdin>:1:381: error VALIDATION_SETTINGS_INVALID_TYPE"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_form_file_that_is_not_one_line_is_still_a_form_body() {
    // Detection wants one line; a `.form` file is a form body whatever it holds.
    let d = dir_with(&[("two.form", "fields[title]=Sales\nfields[logo]=x\n")]);
    let o = b24lint(d.path(), &["check", "--format", "concise", "two.form"]);
    let out = stdout(&o);
    assert!(!out.contains("json-syntax"), "{out}");
    assert!(out.contains("VALIDATION_REQUIRED_FIELD_MISSING"), "{out}");
}

#[test]
fn connector_codes_decide_an_array_setting_value() {
    let body =
        r#"{"fields": {"connectorId": 1, "title": "Sales", "settings": {"api_key": ["k"]}}}"#;
    let d = dir_with(&[("s.json", body)]);
    let run = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "--isolated",
            "--format",
            "concise",
            "--method",
            "biconnector.source.add",
        ];
        args.extend_from_slice(extra);
        args.push("s.json");
        stdout(&b24lint(d.path(), &args))
    };
    assert!(run(&["--connector-codes", "api_key"]).contains("error PHP_TYPE_ERROR"));
    assert!(!run(&["--connector-codes", "other"]).contains("PHP_TYPE_ERROR"));
    assert!(!run(&[]).contains("PHP_TYPE_ERROR"));
}

#[test]
fn help_teaches_the_new_options() {
    let o = b24lint(Path::new("."), &["check", "--help"]);
    let help = stdout(&o);
    for needle in [
        "--transport",
        "http_build_query",
        "--caller",
        "ACCESS_DENIED",
        "--connector-codes",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}");
    }
}

#[test]
fn show_settings_says_what_the_file_itself_decides() {
    let d = dir_with(&[
        ("body.form", FORM),
        (
            "hook.json",
            r#"{"method": "biconnector.connector.fields", "url": "https://p.example/rest/1/s/biconnector.connector.fields", "params": {}}"#,
        ),
    ]);
    let show = |file: &str| {
        let o = b24lint(
            d.path(),
            &[
                "check",
                "--isolated",
                "--transport",
                "crest",
                "--show-settings",
                file,
            ],
        );
        assert_eq!(o.status.code(), Some(0));
        stdout(&o)
            .lines()
            .filter(|l| l.starts_with("  transport") || l.starts_with("  caller"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        show("body.form"),
        "  transport         a raw form body, read as written (--transport does not apply)\n  caller            app"
    );
    assert_eq!(
        show("hook.json"),
        "  transport         crest\n  caller            webhook (the envelope's url is a webhook's; the run sets app)"
    );
}
