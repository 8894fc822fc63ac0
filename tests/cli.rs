//! The command as a user runs it: exit codes, inputs, formats, and bad input that must not
//! stop the other files from being checked.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn b24lint(args: &[&str]) -> Output {
    run(args, None)
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_b24lint"));
    cmd.args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("binary runs");
    let mut pipe = child.stdin.take().unwrap();
    if let Some(input) = stdin {
        pipe.write_all(input).unwrap();
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn fixture(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
        .display()
        .to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

const GOOD: &str = r#"{"fields": {"title":"T","logo":"https://x.example/logo.png","urlCheck":"https://x.example/c","urlData":"https://x.example/d","urlTableList":"https://x.example/l","urlTableDescription":"https://x.example/td","settings":[]}}"#;

#[test]
fn exit_0_for_a_clean_file() {
    let o = b24lint(&["check", &fixture("examples/connector.json")]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "Checked 1 file: 0 errors, 0 warnings.\n");
}

#[test]
fn exit_1_for_findings_with_the_server_answer_named() {
    let o = b24lint(&[
        "check",
        "--color",
        "never",
        &fixture("examples/broken.json"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("VALIDATION_UNKNOWN_PARAMETERS (the portal's answer)"),
        "{out}"
    );
    assert!(out.contains("× Unknown parameters: url_check"), "{out}");
    assert!(
        out.contains(
            "broken.json: 5 errors, 1 warning\n  answer: VALIDATION_UNKNOWN_PARAMETERS (5:5) Unknown parameters: url_check\n  HTTP 200 from biconnector.connector.add on cloud (app call, JSON body)\n"
        ),
        "{out}"
    );
    assert!(
        out.ends_with("Checked 1 file: 5 errors, 1 warning.\n3 fixable with `--fix`.\n"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "no color codes with --color never");
}

#[test]
fn warnings_alone_exit_0() {
    let d = tmp();
    let p = write(
        d.path(),
        "w.json",
        GOOD.replace("https://x.example/c", "http://x.example/c")
            .as_bytes(),
    );
    let o = b24lint(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 warning"));
}

#[test]
fn server_format_is_one_line_per_input_in_order() {
    let d = tmp();
    let a = write(d.path(), "a.json", GOOD.as_bytes());
    let b = write(d.path(), "b.json", br#"{"fields": {"title": 1}}"#);
    let c = write(d.path(), "c.json", b"{\"fields\": ");
    let o = b24lint(&[
        "check",
        "--format",
        "server",
        b.to_str().unwrap(),
        a.to_str().unwrap(),
        c.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let expected = format!(
        concat!(
            "{{\"file\":\"{}\",\"http\":200,\"accepted\":false,\"result\":{{\"error\":{{\"error\":\"VALIDATION_INVALID_FIELD_TYPE\",\"error_description\":\"Field \\\"title\\\" must be of type string.\"}}}}}}\n",
            "{{\"file\":\"{}\",\"http\":200,\"accepted\":true}}\n",
            "{{\"file\":\"{}\",\"http\":200,\"accepted\":false,\"result\":{{\"error\":{{\"error\":\"VALIDATION_FIELDS_NOT_PROVIDED\",\"error_description\":\"Fields not provided.\"}}}}}}\n",
        ),
        b.display(),
        a.display(),
        c.display()
    );
    assert_eq!(stdout(&o), expected);
}

#[test]
fn json_format_has_the_documented_shape() {
    let o = b24lint(&[
        "check",
        "--format",
        "json",
        "--target",
        "26.250",
        &fixture("examples/broken.json"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    let f = &doc["files"][0];
    assert_eq!(f["method"], "biconnector.connector.add");
    assert_eq!(
        (f["target"].as_str(), f["input"].as_str()),
        (Some("26.250"), Some("request"))
    );
    assert_eq!(
        f["answer"]["result"]["error"]["error"],
        "VALIDATION_UNKNOWN_PARAMETERS"
    );
    let answer: Vec<_> = f["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["server_answer"] == true)
        .collect();
    assert_eq!(answer.len(), 1);
    let d = answer[0];
    assert_eq!(d["code"], "VALIDATION_UNKNOWN_PARAMETERS");
    assert_eq!(d["origin"], "server");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "Unknown parameters: url_check");
    assert_eq!(d["start"], serde_json::json!({"line": 5, "column": 5}));
    assert_eq!(d["end"], serde_json::json!({"line": 5, "column": 16}));
    assert_eq!(
        d["span"]["end"].as_u64().unwrap() - d["span"]["start"].as_u64().unwrap(),
        11
    );
    assert_eq!(
        doc["summary"],
        serde_json::json!({"files": 1, "errors": 5, "warnings": 1, "unreadable": 0, "skipped": 0})
    );
}

#[test]
fn stdin_is_read_and_named() {
    let o = run(
        &[
            "check",
            "--format",
            "server",
            "-",
            "--stdin-filename",
            "req.json",
        ],
        Some(GOOD.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "{\"file\":\"req.json\",\"http\":200,\"accepted\":true}\n"
    );
}

#[test]
fn directories_are_searched_for_json_in_sorted_order() {
    let d = tmp();
    std::fs::create_dir_all(d.path().join("sub")).unwrap();
    std::fs::create_dir_all(d.path().join(".hidden")).unwrap();
    write(d.path(), "b.json", GOOD.as_bytes());
    write(&d.path().join("sub"), "a.json", b"{}");
    write(d.path(), "notes.txt", b"not json");
    write(&d.path().join(".hidden"), "x.json", b"{}");
    let o = b24lint(&["check", "--format", "server", d.path().to_str().unwrap()]);
    let lines: Vec<_> = stdout(&o).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("b.json") && lines[0].contains("\"accepted\":true"));
    assert!(lines[1].contains("sub/a.json") && lines[1].contains("VALIDATION_FIELDS_NOT_PROVIDED"));
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn an_unreadable_input_exits_2_and_the_others_are_still_checked() {
    let d = tmp();
    let good = write(d.path(), "good.json", GOOD.as_bytes());
    let missing = d.path().join("missing.json");
    let o = b24lint(&[
        "check",
        "--format",
        "server",
        missing.to_str().unwrap(),
        good.to_str().unwrap(),
        d.path().to_str().unwrap().trim_end_matches('/'),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "{{\"file\":\"{}\",\"error\":\"no such file or directory\"}}",
            missing.display()
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{{\"file\":\"{}\",\"http\":200,\"accepted\":true}}",
            good.display()
        )),
        "{out}"
    );
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(
        err.trim_end(),
        format!(
            "b24lint: error: {}: no such file or directory",
            missing.display()
        )
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_not_a_regular_file() {
    let d = tmp();
    let fifo = d.path().join("pipe.json");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(made, "mkfifo is available on the test machine");
    let good = write(d.path(), "good.json", GOOD.as_bytes());
    let o = b24lint(&["check", fifo.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("pipe.json: not a regular file"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("Checked 2 files: 0 errors, 0 warnings, 1 file not readable."),
        "{}",
        stdout(&o)
    );
}

/// Runs the command, as `nobody` when permissions do not stop the user (`root` reads any file
/// and lists any directory): a copy of the binary in `dir` (the build folder may be private),
/// run with setpriv from util-linux.
#[cfg(unix)]
fn as_nobody_if_root(dir: &Path, permissions_ignored: bool, args: &[&str]) -> Output {
    use std::os::unix::fs::PermissionsExt;
    if !permissions_ignored {
        return b24lint(args);
    }
    let bin = dir.join("b24lint");
    std::fs::copy(env!("CARGO_BIN_EXE_b24lint"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&bin)
        .args(args)
        .output()
        .expect("setpriv is installed (util-linux)")
}

#[cfg(unix)]
#[test]
fn permission_denied_is_reported_and_the_others_checked() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let secret = write(d.path(), "secret.json", GOOD.as_bytes());
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let good = write(d.path(), "good.json", GOOD.as_bytes());
    std::fs::set_permissions(&good, std::fs::Permissions::from_mode(0o644)).unwrap();
    let args = [
        "check",
        "--format",
        "server",
        secret.to_str().unwrap(),
        good.to_str().unwrap(),
    ];
    let o = as_nobody_if_root(d.path(), std::fs::read(&secret).is_ok(), &args);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).trim_end(),
        format!("b24lint: error: {}: permission denied", secret.display())
    );
    assert!(
        stdout(&o).contains("good.json\",\"http\":200,\"accepted\":true"),
        "{}",
        stdout(&o)
    );
}

#[cfg(unix)]
#[test]
fn an_unlistable_directory_is_named_as_such() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    std::fs::set_permissions(d.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let locked = d.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    write(&locked, "inside.json", GOOD.as_bytes());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let good = write(d.path(), "good.json", GOOD.as_bytes());
    std::fs::set_permissions(&good, std::fs::Permissions::from_mode(0o644)).unwrap();
    let args = [
        "check",
        "--isolated",
        "--format",
        "server",
        d.path().to_str().unwrap(),
    ];
    let o = as_nobody_if_root(d.path(), std::fs::read_dir(&locked).is_ok(), &args);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).trim_end(),
        format!(
            "b24lint: error: {}: cannot list the directory: permission denied",
            locked.display()
        )
    );
    assert!(stdout(&o).contains("good.json\",\"http\":200,\"accepted\":true"));
}

#[test]
fn invalid_utf8_is_a_located_finding() {
    let d = tmp();
    let p = write(
        d.path(),
        "bad.json",
        b"{\"fields\": {\"title\": \"ab\xFF\"}}",
    );
    let o = b24lint(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = doc["files"][0]["diagnostics"].as_array().unwrap();
    let syntax = diags.iter().find(|d| d["code"] == "json-syntax").unwrap();
    assert_eq!(
        syntax["message"],
        "invalid UTF-8 (byte 0xFF) inside a string; PHP's decoder rejects the body"
    );
    assert_eq!(
        syntax["start"],
        serde_json::json!({"line": 1, "column": 25})
    );
    // The human renderer copes with the invalid byte too.
    let o = b24lint(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("invalid UTF-8"));
}

#[test]
fn an_empty_file_is_a_finding() {
    let d = tmp();
    let p = write(d.path(), "empty.json", b"");
    let o = b24lint(&["check", "--format", "server", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("VALIDATION_FIELDS_NOT_PROVIDED"));
    let o = b24lint(&["check", "--color", "never", p.to_str().unwrap()]);
    assert!(
        stdout(&o).contains("the input is empty: there is no JSON value"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_million_nested_brackets_are_reported_not_crashed_on() {
    let d = tmp();
    let body = format!("{{\"fields\": {}", "[".repeat(1_000_000));
    let p = write(d.path(), "deep.json", body.as_bytes());
    let o = b24lint(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &doc["files"][0];
    assert_eq!(
        f["answer"]["result"]["error"]["error"],
        "VALIDATION_FIELDS_NOT_PROVIDED"
    );
    let syntax = f["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "json-syntax")
        .unwrap();
    assert_eq!(
        syntax["message"],
        "nesting deeper than 511 arrays/objects; PHP's decoder (depth 512) rejects the body"
    );
    assert_eq!(syntax["span"]["start"], 11 + 510);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["check", "--target", "24.0", "x.json"],
        vec!["check", "--method", "biconnector.source.add", "x.json"],
        vec!["frobnicate"],
    ] {
        let o = b24lint(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
    let o = b24lint(&["check", "--method", "biconnector.foo", "x.json"]);
    assert!(
        stderr(&o).contains("supported: biconnector.connector.add"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn help_teaches_exit_codes_and_targets() {
    let o = b24lint(&["check", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for needle in ["Exit status:", "26.250", "--stdin-filename", "--input"] {
        assert!(out.contains(needle), "{needle}: {out}");
    }
}

#[test]
fn no_color_is_honoured_and_always_forces_color() {
    let p = fixture("examples/broken.json");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_b24lint"));
    let o = cmd
        .args(["check", "--color", "always", &p])
        .output()
        .unwrap();
    assert!(stdout(&o).contains('\u{1b}'));
    let o = Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .args(["check", &p])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&o).contains('\u{1b}'));
    // FORCE_COLOR and CLICOLOR_FORCE colour a pipe; "0" or empty does not force; NO_COLOR wins.
    let colored = |vars: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_b24lint"));
        cmd.args(["check", &p])
            .env_remove("NO_COLOR")
            .env_remove("FORCE_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in vars {
            cmd.env(k, v);
        }
        stdout(&cmd.output().unwrap()).contains('\u{1b}')
    };
    assert!(!colored(&[]));
    assert!(colored(&[("FORCE_COLOR", "1")]));
    assert!(colored(&[("CLICOLOR_FORCE", "1")]));
    assert!(!colored(&[("FORCE_COLOR", "0")]));
    assert!(!colored(&[("FORCE_COLOR", "")]));
    assert!(!colored(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
    // --color never wins over the environment.
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_b24lint"));
    let o = cmd
        .args(["check", "--color", "never", &p])
        .env("FORCE_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&o).contains('\u{1b}'));
}

#[test]
fn input_files_are_never_modified() {
    let d = tmp();
    let p = write(d.path(), "x.json", b"{\"fields\": {\"title\": 1,}}");
    let before = std::fs::read(&p).unwrap();
    let _ = b24lint(&["check", p.to_str().unwrap()]);
    assert_eq!(std::fs::read(&p).unwrap(), before);
}

#[test]
fn the_readme_example_output_is_current() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(Path::new(root).join("README.md")).unwrap();
    let marker = "`b24lint check --target 26.250 fixtures/examples/broken.json`:\n\n```text\n";
    let start = readme.find(marker).expect("README shows an example run") + marker.len();
    let shown = &readme[start..start + readme[start..].find("\n```").unwrap() + 1];
    let o = Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .args([
            "check",
            "--target",
            "26.250",
            "fixtures/examples/broken.json",
        ])
        .current_dir(root)
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert_eq!(stdout(&o), shown, "update the example in README.md");
}

#[test]
fn completions_are_generated_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let o = b24lint(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let out = stdout(&o);
        assert!(
            out.contains("b24lint") && out.contains("target"),
            "{shell}: {out}"
        );
    }
}

#[test]
fn rules_and_explain() {
    let o = b24lint(&["rules"]);
    let out = stdout(&o);
    assert!(out.starts_with("CODE "), "{out}");
    assert!(out
        .lines()
        .any(|l| l.starts_with("VALIDATION_UNKNOWN_PARAMETERS")
            && l.contains("server")
            && l.contains("error")));
    assert!(out
        .lines()
        .any(|l| l.starts_with("url-cleartext") && l.contains("lint") && l.contains("warning")));
    // One JSON document, as `check --format json` is; JSON Lines under their own name.
    let json = b24lint(&["rules", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    let rules = doc["rules"].as_array().unwrap();
    assert_eq!(rules.len(), b24lint::spec::codes::TABLE.len());
    assert_eq!(
        rules[0],
        serde_json::json!({"code": "ACCESS_DENIED", "origin": "server", "severity": "error", "targets": "all", "summary": "the caller is an incoming webhook (predicted with --caller webhook, from 25.550) or lacks a BI Builder permission (assumed)"})
    );
    let lines = b24lint(&["rules", "--format", "jsonl"]);
    let parsed: Vec<serde_json::Value> = stdout(&lines)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(&parsed, rules);
    let o = b24lint(&["explain", "VALIDATION_UNKNOWN_PARAMETERS"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("message: Unknown parameters: {list}"), "{out}");
    assert!(out.contains("## Example"));
    let o = b24lint(&["explain", "NOPE"]);
    assert_eq!(o.status.code(), Some(2));
    // Any case names the code; a near miss gets a suggestion, for explain and the level flags.
    let exact = b24lint(&["explain", "url-invalid"]);
    let folded = b24lint(&["explain", "URL-Invalid"]);
    assert_eq!(folded.status.code(), Some(0));
    assert_eq!(folded.stdout, exact.stdout);
    let o = b24lint(&["explain", "url-invlid"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "b24lint: error: unknown code `url-invlid`; did you mean `url-invalid`? `b24lint rules` lists them\n"
    );
    let o = b24lint(&[
        "check",
        "--deny",
        "url-cleartxt",
        &fixture("examples/broken.json"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown code `url-cleartxt`; did you mean `url-cleartext`?"),
        "{}",
        stderr(&o)
    );
    let o = b24lint(&[
        "check",
        "--format",
        "json",
        "--allow",
        "URL-CLEARTEXT",
        &fixture("examples/broken.json"),
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["code"] != "url-cleartext"));
}

#[test]
fn lint_levels_from_the_command_line() {
    let p = fixture("examples/broken.json");
    let o = b24lint(&[
        "check",
        "--format",
        "json",
        "--deny",
        "url-cleartext",
        "--allow",
        "url-invalid",
        &p,
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = doc["files"][0]["diagnostics"].as_array().unwrap();
    assert!(diags.iter().all(|d| d["code"] != "url-invalid"));
    let clear = diags.iter().find(|d| d["code"] == "url-cleartext").unwrap();
    assert_eq!(clear["severity"], "error");
    // The last of --allow, --warn and --deny for a code wins, in the order written.
    let severity_of = |args: &[&str]| -> Option<serde_json::Value> {
        let o = b24lint(&[&["check", "--format", "json"], args, &[p.as_str()]].concat());
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        doc["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "url-cleartext")
            .map(|d| d["severity"].clone())
    };
    assert_eq!(
        severity_of(&["--deny", "url-cleartext", "--allow", "url-cleartext"]),
        None
    );
    assert_eq!(
        severity_of(&["--allow", "url-cleartext", "--deny", "url-cleartext"]),
        Some("error".into())
    );
    assert_eq!(
        severity_of(&[
            "--deny",
            "url-invalid,url-cleartext",
            "--warn",
            "url-cleartext"
        ]),
        Some("warning".into())
    );
    assert_eq!(
        severity_of(&[
            "--warn",
            "url-cleartext",
            "--allow",
            "url-invalid",
            "--deny",
            "url-cleartext"
        ]),
        Some("error".into())
    );
    let o = b24lint(&["check", "--warn", "VALIDATION_UNKNOWN_PARAMETERS", &p]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("it stays an error and can only be allowed"));
    // Allowing a server code hides it; the predicted answer is still the portal's.
    let o = b24lint(&[
        "check",
        "--format",
        "json",
        "--allow",
        "VALIDATION_UNKNOWN_PARAMETERS",
        &p,
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &doc["files"][0];
    assert!(f["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["code"] != "VALIDATION_UNKNOWN_PARAMETERS"));
    assert_eq!(
        f["answer"]["result"]["error"]["error"],
        "VALIDATION_UNKNOWN_PARAMETERS"
    );
}

/// Linux only: strace records every network system call of the process and its threads.
#[cfg(target_os = "linux")]
#[test]
fn no_network_system_calls() {
    let trace = tempfile::NamedTempFile::new().unwrap();
    let status = Command::new("strace")
        .args(["-f", "-e", "trace=network", "-o"])
        .arg(trace.path())
        .arg(env!("CARGO_BIN_EXE_b24lint"))
        .args([
            "check",
            "--format",
            "sarif",
            &fixture("examples"),
            &fixture("valid"),
        ])
        .stdout(Stdio::null())
        .status()
        .expect("strace is installed (Debian's strace package)");
    assert_eq!(status.code(), Some(1));
    let log = std::fs::read_to_string(trace.path()).unwrap();
    assert!(
        log.contains("+++ exited with 1 +++"),
        "strace traced the run: {log}"
    );
    let calls: Vec<&str> = log
        .lines()
        .filter(|l| !l.contains("+++") && !l.contains("---"))
        .collect();
    assert!(calls.is_empty(), "network system calls: {calls:#?}");
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .args([
            "check",
            "--color",
            "never",
            &fixture("examples/broken.json"),
            &fixture("spec"),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    use std::io::Read;
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is closed now (dropped); the rest of the output goes nowhere.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(matches!(out.status.code(), Some(1 | 2)), "{:?}", out.status);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_in_directories() {
    let d = tmp();
    std::fs::create_dir(d.path().join("a")).unwrap();
    std::os::unix::fs::symlink(d.path().join("a"), d.path().join("a/loop")).unwrap();
    std::os::unix::fs::symlink(d.path().join("gone.json"), d.path().join("a/dangling.json"))
        .unwrap();
    write(&d.path().join("a"), "good.json", GOOD.as_bytes());
    let o = b24lint(&[
        "check",
        "--format",
        "server",
        d.path().join("a").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.contains("dangling.json\",\"error\":\"no such file or directory\""),
        "{out}"
    );
    assert!(
        out.contains("good.json\",\"http\":200,\"accepted\":true"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 2, "the loop is not followed: {out}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_and_the_others_checked() {
    let d = tmp();
    let huge = d.path().join("huge.json");
    // A sparse 1 GB file: refused from its size, never read.
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let good = write(d.path(), "good.json", GOOD.as_bytes());
    let o = b24lint(&[
        "check",
        "--format",
        "server",
        huge.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim_end(),
        format!(
            "b24lint: error: {}: larger than --max-file-size (268435456 bytes)",
            huge.display()
        )
    );
    assert!(stdout(&o).contains("good.json\",\"http\":200,\"accepted\":true"));
    let o = run(
        &["check", "--max-file-size", "10", "-"],
        Some(GOOD.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("<stdin>: larger than --max-file-size (10 bytes)"));
}

#[test]
fn a_binary_file_is_a_located_finding() {
    let d = tmp();
    let bin: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let p = write(d.path(), "logo.png.json", &bin);
    let good = write(d.path(), "good.json", GOOD.as_bytes());
    let o = b24lint(&[
        "check",
        "--format",
        "json",
        p.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d0 = &doc["files"][0]["diagnostics"][0];
    assert_eq!(d0["code"], "json-syntax");
    assert_eq!(d0["start"], serde_json::json!({"line": 1, "column": 1}));
    assert_eq!(doc["files"][1]["answer"]["accepted"], true);
    // The human renderer copes with control bytes and invalid UTF-8 as well.
    let o = b24lint(&["check", "--color", "never", p.to_str().unwrap()]);
    assert!(stdout(&o).contains("json-syntax"));
}

#[test]
fn human_output_keeps_input_order_across_threads() {
    let d = tmp();
    for i in 0..150 {
        write(
            d.path(),
            &format!("f{i:03}.json"),
            br#"{"fields": {"title": 1}}"#,
        );
    }
    let o = b24lint(&["check", "--color", "never", d.path().to_str().unwrap()]);
    let out = stdout(&o);
    let order: Vec<usize> = out
        .lines()
        .filter(|l| l.ends_with(": 7 errors"))
        .map(|l| l.split("/f").last().unwrap()[..3].parse().unwrap())
        .collect();
    assert_eq!(order, (0..150).collect::<Vec<_>>());
    assert!(
        out.ends_with("Checked 150 files: 1050 errors, 0 warnings.\n"),
        "{}",
        &out[out.len() - 200..]
    );
}

#[test]
fn a_run_compares_a_source_with_its_connector() {
    let o = b24lint(&[
        "check",
        "--isolated",
        "--format",
        "json",
        &fixture("cross/source-settings-codes/typo_and_missing"),
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let source = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("source.json"))
        .unwrap();
    let codes: Vec<&str> = source["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["source-settings-codes", "source-settings-codes"]);
    // Warnings only: the run passes.
    assert_eq!(o.status.code(), Some(0));

    // A level from the command line applies to them too.
    let o = b24lint(&[
        "check",
        "--isolated",
        "--allow",
        "source-settings-codes",
        &fixture("cross/source-settings-codes/typo_and_missing"),
    ]);
    assert!(
        !stdout(&o).contains("source-settings-codes"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn known_sources_and_datasets_decide_not_found() {
    let dir = tmp();
    let f = write(dir.path(), "get.json", br#"{"id": 7}"#);
    let f = f.to_str().unwrap();
    let server = |args: &[&str]| -> String {
        let mut all = vec!["check", "--isolated", "--format", "server"];
        all.extend_from_slice(args);
        all.push(f);
        stdout(&b24lint(&all))
    };
    let out = server(&[
        "--method",
        "biconnector.source.get",
        "--known-source",
        "1,2",
    ]);
    assert!(out.contains(r#""error":"SOURCE_NOT_FOUND""#), "{out}");
    let out = server(&["--method", "biconnector.table.get", "--known-dataset", "7"]);
    assert!(out.contains(r#""accepted":true"#), "{out}");
    let out = server(&["--method", "biconnector.table.get", "--target", "25.1150"]);
    assert!(
        out.contains(r#""http":404"#) && out.contains("ERROR_METHOD_NOT_FOUND"),
        "{out}"
    );
}

#[test]
fn a_usage_error_shows_hidden_characters_of_the_arguments() {
    let o = b24lint(&[
        "check",
        "--format",
        "x\n::add-mask::secret\u{1b}]0;t\u{7}",
        "f.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: invalid value 'x\\n::add-mask::secret\\u{1b}]0;t\\u{7}' for '--format <FORMAT>'\n  [possible values: human, concise, json, server, sarif, github]\n\nFor more information, try '--help'.\n"
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn the_largest_max_file_size_reads_files_whole() {
    let o = b24lint(&[
        "check",
        "--isolated",
        "--format",
        "server",
        "--max-file-size",
        "18446744073709551615",
        &fixture("examples/broken.json"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("VALIDATION_UNKNOWN_PARAMETERS"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_diff_on_a_terminal_shows_hidden_characters_and_piped_keeps_the_bytes() {
    let d = tmp();
    let body =
        "{\"fields\": {\"title\": \"x\u{202e}y\", \"url_check\": \"https://a.example/c\"}}\n";
    let p = write(d.path(), "t.json", body.as_bytes());
    let piped = b24lint(&["check", "--isolated", "--diff", p.to_str().unwrap()]);
    assert!(stdout(&piped).contains("x\u{202e}y"));
    // `script` gives the command a terminal (util-linux).
    let cmd = format!(
        "{} check --isolated --diff {}",
        env!("CARGO_BIN_EXE_b24lint"),
        p.display()
    );
    let o = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .expect("script is installed (util-linux)");
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(shown.contains("x\\u{202e}y"), "{shown}");
    assert!(!shown.contains('\u{202e}'), "{shown}");
}

/// A run of many more files than the workers keep in flight, with a source early on that waits
/// for a connector at the end: every file appears once, in input order, in every format, and
/// the report files written beside stdout are the same documents.
#[test]
fn a_long_run_keeps_input_order_and_writes_whole_documents() {
    let dir = tmp();
    let connector = std::fs::read(fixture(
        "cross/source-settings-codes/typo_and_missing/connector.json",
    ))
    .unwrap();
    let source = std::fs::read(fixture(
        "cross/source-settings-codes/typo_and_missing/source.json",
    ))
    .unwrap();
    let broken = std::fs::read(fixture("examples/broken.json")).unwrap();
    write(dir.path(), "a000-source.json", &source);
    for i in 0..300 {
        let text = if i % 7 == 0 { &broken } else { &connector };
        write(dir.path(), &format!("b{i:03}.json"), text);
    }
    // 300 connectors sit beside the first source, so none is its connector; the source in
    // `z/` has one beside it, listed after everything else.
    std::fs::create_dir(dir.path().join("z")).unwrap();
    write(&dir.path().join("z"), "connector.json", &connector);
    write(&dir.path().join("z"), "source.json", &source);
    let root = dir.path().display().to_string();

    let server = b24lint(&["check", "--format", "server", &root]);
    assert_eq!(server.status.code(), Some(1), "{}", stderr(&server));
    let files: Vec<String> = stdout(&server)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["file"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut expected = vec![format!("{root}/a000-source.json")];
    expected.extend((0..300).map(|i| format!("{root}/b{i:03}.json")));
    expected.push(format!("{root}/z/connector.json"));
    expected.push(format!("{root}/z/source.json"));
    assert_eq!(files, expected);

    let reports = tmp();
    let sarif_file = reports.path().join("r.sarif");
    let json_file = reports.path().join("r.json");
    let server_file = reports.path().join("r.server");
    let json = b24lint(&[
        "check",
        "--format",
        "json",
        "--sarif-file",
        &sarif_file.display().to_string(),
        "--json-file",
        &json_file.display().to_string(),
        "--server-file",
        &server_file.display().to_string(),
        &root,
    ]);
    assert_eq!(json.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&json_file).unwrap(), stdout(&json));
    assert_eq!(
        std::fs::read_to_string(&server_file).unwrap(),
        stdout(&server)
    );
    let sarif = b24lint(&["check", "--format", "sarif", &root]);
    assert_eq!(
        std::fs::read_to_string(&sarif_file).unwrap(),
        stdout(&sarif)
    );

    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let listed: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(listed, expected);
    assert_eq!(doc["summary"]["files"], 303);
    // The source beside many connectors is compared with none; the one beside its connector is.
    let cross = |i: usize| {
        doc["files"][i]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "source-settings-codes")
            .count()
    };
    assert_eq!(cross(0), 0);
    assert!(cross(302) > 0);
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let findings: usize = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["diagnostics"].as_array().unwrap().len())
        .sum();
    assert_eq!(results.len(), findings);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
}

/// Standard input that cannot be read, among many files: it is named in its place and every
/// file after it is still checked.
#[test]
fn unreadable_stdin_among_many_files_keeps_its_place() {
    let dir = tmp();
    let mut args: Vec<String> = ["check", "--format", "server", "--max-file-size", "50"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for i in 0..40 {
        if i == 20 {
            args.push("-".into());
        }
        let p = write(dir.path(), &format!("f{i:02}.json"), b"{}");
        args.push(p.display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args, Some(&[b' '; 100]));
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 41);
    assert_eq!(lines[20]["file"], "<stdin>");
    assert_eq!(lines[20]["error"], "larger than --max-file-size (50 bytes)");
    for (k, line) in lines.iter().enumerate().filter(|(k, _)| *k != 20) {
        let i = if k < 20 { k } else { k - 1 };
        let name = dir.path().join(format!("f{i:02}.json"));
        assert_eq!(line["file"], name.display().to_string());
        assert!(line.get("error").is_none(), "{line}");
    }
    assert_eq!(
        stderr(&out),
        "b24lint: error: <stdin>: larger than --max-file-size (50 bytes)\n"
    );
}

/// A file that reports no size, as those under /proc do, is still read to its end.
#[cfg(target_os = "linux")]
#[test]
fn a_file_that_reports_no_size_is_read_whole() {
    let out = b24lint(&[
        "check",
        "--isolated",
        "--format",
        "json",
        "/proc/self/status",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["files"][0]["diagnostics"][0]["message"],
        "unexpected word `Name`, expected a value"
    );
}

/// Files and subdirectories come in one sorted order, each subdirectory's files in its place:
/// `a/`, `b/` (and `b/c/` inside it) between the files around them.
#[test]
fn subdirectories_are_walked_in_their_place_in_the_sorted_order() {
    let d = tmp();
    for sub in ["a", "b/c"] {
        std::fs::create_dir_all(d.path().join(sub)).unwrap();
    }
    for name in [
        "z.json",
        "b.json",
        "b/c/x.json",
        "b/a.json",
        "a/y.json",
        "0.json",
        "bb.json",
    ] {
        write(d.path(), name, b"{}");
    }
    let root = d.path().display().to_string();
    let o = b24lint(&["check", "--format", "server", &root]);
    let files: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["file"]
                .as_str()
                .unwrap()
                .strip_prefix(&format!("{root}/"))
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        files,
        [
            "0.json",
            "a/y.json",
            "b/a.json",
            "b/c/x.json",
            "b.json",
            "bb.json",
            "z.json"
        ]
    );
}

/// A body that does not parse still reports the input shape it was checked as.
#[test]
fn a_broken_bare_definition_is_reported_as_fields() {
    let d = tmp();
    let p = write(d.path(), "broken.json", b"{\"title\": ");
    let path = p.display().to_string();
    let input = |args: &[&str]| -> serde_json::Value {
        let o = b24lint(
            &[
                &["check", "--isolated", "--format", "json"],
                args,
                &[path.as_str()],
            ]
            .concat(),
        );
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        doc["files"][0]["input"].clone()
    };
    assert_eq!(input(&["--input", "fields"]), "fields");
    assert_eq!(input(&[]), "request");
    // Only an add takes a bare definition.
    let list = [
        "--input",
        "fields",
        "--method",
        "biconnector.connector.list",
    ];
    assert_eq!(input(&list), "request");
}

/// `{"method", "params"}` is an envelope only when it holds nothing else and `params` is an
/// object or a list: beside a `fields` key it is a request body like any other.
#[test]
fn an_envelope_holds_only_method_and_params() {
    let d = tmp();
    let extra = write(
        d.path(),
        "extra.json",
        br#"{"method": "biconnector.source.list", "params": {"select": ["id"]}, "fields": {"title": "T"}}"#,
    );
    let scalar = write(
        d.path(),
        "scalar.json",
        br#"{"method": "biconnector.source.list", "params": "select"}"#,
    );
    let envelope = write(
        d.path(),
        "envelope.json",
        br#"{"method": "biconnector.source.list", "params": {"select": ["id"]}}"#,
    );
    let method = |p: &Path| -> serde_json::Value {
        let o = b24lint(&[
            "check",
            "--isolated",
            "--format",
            "json",
            &p.display().to_string(),
        ]);
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        doc["files"][0]["method"].clone()
    };
    assert_eq!(method(&envelope), "biconnector.source.list");
    assert_eq!(method(&extra), "biconnector.connector.add");
    assert_eq!(method(&scalar), "biconnector.connector.add");
}

/// A label far from its finding gets a snippet of its own, headed by where that label is; a
/// long line between labels that no label touches is clipped, not printed whole.
#[test]
fn each_snippet_is_headed_by_its_own_place_and_long_context_lines_are_clipped() {
    let o = b24lint(&[
        "check",
        "--isolated",
        "--color",
        "never",
        &fixture("lints/duplicate-key/title_twice.json"),
    ]);
    let out = stdout(&o);
    let name = fixture("lints/duplicate-key/title_twice.json");
    let first = out
        .find(&format!("{name}:3:5]"))
        .expect("the first occurrence's header");
    let second = out
        .find(&format!("{name}:9:5]"))
        .expect("the finding's header");
    assert!(first < second, "{out}");

    let d = tmp();
    let logo = format!("https://cdn.example.com/{}.png", "a".repeat(420));
    let body = format!(
        "{{\n  \"fields\": {{\n    \"title\": \"W\",\n    \"logo\": \"{logo}\",\n    \"title\": \"X\"\n  }}\n}}\n"
    );
    let p = write(d.path(), "long.json", body.as_bytes());
    let o = b24lint(&[
        "check",
        "--isolated",
        "--color",
        "never",
        &p.display().to_string(),
    ]);
    let out = stdout(&o);
    let context = out
        .lines()
        .find(|l| l.contains("\"logo\": \"https://cdn.example.com/aaa"))
        .expect("the logo line is shown as context");
    assert!(context.ends_with('…'), "{context}");
    assert!(context.chars().count() < 200, "{context}");
    // No line of a snippet runs on.
    assert!(
        out.lines()
            .filter(|l| l.contains(" │ "))
            .all(|l| l.chars().count() < 200),
        "{out}"
    );
}

/// `--format concise` is one line per finding and the closing summary; `--quiet` drops the
/// summary; `--output-format` is the same option; `--exit-zero` exits 0 on error findings but
/// not on an unreadable input.
#[test]
fn concise_quiet_and_exit_zero() {
    let broken = fixture("examples/broken.json");
    let o = b24lint(&["check", "--isolated", "--format", "concise", &broken]);
    assert_eq!(o.status.code(), Some(1));
    let expected = [
        format!("{broken}:2:13: error VALIDATION_REQUIRED_FIELD_MISSING Field \"urlCheck\" is required."),
        format!("{broken}:5:5: error VALIDATION_UNKNOWN_PARAMETERS Unknown parameters: url_check (the portal's answer)"),
        format!("{broken}:7:29: warning url-cleartext `urlTableDescription` uses clear-text http://"),
        format!("{broken}:8:17: error url-invalid `urlData` has no `//` after `https:`"),
        format!("{broken}:10:54: error VALIDATION_SETTINGS_INVALID_TYPE Parameter \"type\" is not correct."),
        format!("{broken}:11:8: error VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS Settings must include \"type\", \"name\" and \"code\" fields."),
        "Checked 1 file: 5 errors, 1 warning.".to_string(),
        "3 fixable with `--fix`.".to_string(),
    ];
    assert_eq!(stdout(&o), expected.join("\n") + "\n");

    let q = b24lint(&[
        "check",
        "--isolated",
        "-q",
        "--output-format",
        "concise",
        "--exit-zero",
        &broken,
    ]);
    assert_eq!(q.status.code(), Some(0));
    assert_eq!(stdout(&q), expected[..6].join("\n") + "\n");

    let missing = b24lint(&[
        "check",
        "--isolated",
        "--exit-zero",
        &broken,
        "missing.json",
    ]);
    assert_eq!(missing.status.code(), Some(2));
}

/// `--statistics` counts findings per code and severity, most first, with the summary.
#[test]
fn statistics_count_findings_per_code() {
    let d = tmp();
    let broken = std::fs::read(fixture("examples/broken.json")).unwrap();
    write(d.path(), "a.json", &broken);
    write(d.path(), "b.json", &broken);
    let o = b24lint(&[
        "check",
        "--isolated",
        "--statistics",
        &d.path().display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "2  error    VALIDATION_UNKNOWN_PARAMETERS\n\
         2  error    VALIDATION_REQUIRED_FIELD_MISSING\n\
         2  error    VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS\n\
         2  error    VALIDATION_SETTINGS_INVALID_TYPE\n\
         2  error    url-invalid\n\
         2  warning  url-cleartext\n\
         Checked 2 files: 10 errors, 2 warnings.\n\
         6 fixable with `--fix`.\n"
    );
}

/// `--fix -` prints standard input with its fixes applied on stdout and the report of what
/// remains on stderr; with nothing to fix the text comes back as it was. `--diff -` shows the
/// fixes as a diff.
#[test]
fn fixing_standard_input_prints_the_fixed_text() {
    let body = br#"{"fields": {"title": "T", "settings": [{"name": "a", "code": "b", "type": "string"}]}}"#;
    let o = run(
        &["check", "--isolated", "--fix", "--format", "concise", "-"],
        Some(body),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        r#"{"fields": {"title": "T", "settings": [{"name": "a", "code": "b", "type": "STRING"}]}}"#
    );
    let err = stderr(&o);
    assert!(
        err.starts_with("b24lint: <stdin>: fixed 1 finding (write the type as \"STRING\")\n"),
        "{err}"
    );
    assert!(err.contains("<stdin>:1:12: error VALIDATION_REQUIRED_FIELD_MISSING Field \"logo\" is required. (the portal's answer)\n"), "{err}");
    assert!(
        !err.contains("VALIDATION_SETTINGS_INVALID_TYPE"),
        "fixed: {err}"
    );
    assert!(
        err.ends_with("Checked 1 file: 5 errors, 0 warnings.\n"),
        "{err}"
    );

    let clean = br#"{"fields": {"title": "T"}}"#;
    let o = run(&["check", "--isolated", "--fix", "-"], Some(clean));
    assert_eq!(o.stdout, clean);

    let o = run(&["check", "--isolated", "--diff", "-"], Some(body));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).starts_with("--- a/<stdin>\n+++ b/<stdin>\n"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains(
        r#"+{"fields": {"title": "T", "settings": [{"name": "a", "code": "b", "type": "STRING"}]}}"#
    ));
}

#[test]
fn an_envelope_naming_another_method_than_the_run_is_a_warning() {
    let d = tmp();
    let f = write(
        d.path(),
        "call.json",
        br#"{"method": "biconnector.connector.list", "params": {}}"#,
    );
    let f = f.to_str().unwrap();
    let o = b24lint(&[
        "check",
        "--format",
        "concise",
        "--method",
        "biconnector.source.list",
        f,
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        format!("{f}:1:12: warning envelope-method-differs the envelope names biconnector.connector.list, the run sets biconnector.source.list: biconnector.connector.list is checked\nChecked 1 file: 0 errors, 1 warning.\n")
    );
    // Set by the configuration, the same; left at the default, nothing to say.
    write(
        d.path(),
        "b24lint.toml",
        b"method = \"biconnector.dataset.list\"\n",
    );
    let o = b24lint(&["check", "--format", "concise", f]);
    assert!(
        stdout(&o).contains(": warning envelope-method-differs the envelope names biconnector.connector.list, the run sets biconnector.dataset.list: "),
        "{}",
        stdout(&o)
    );
    let o = b24lint(&["check", "--format", "concise", "--isolated", f]);
    assert_eq!(stdout(&o), "Checked 1 file: 0 errors, 0 warnings.\n");
}

/// The codes of the run itself are listed and explained like the others.
#[test]
fn run_codes_are_listed_and_explained() {
    let table = stdout(&b24lint(&["rules"]));
    for (code, summary) in [
        ("config-invalid", "a b24lint.toml (or the --config file) cannot be read or holds an error: nothing is checked and the run exits 2"),
        ("input-unreadable", "an input cannot be read (missing, not a regular file, larger than --max-file-size): it is not checked and the run exits 2"),
    ] {
        let line = table.lines().find(|l| l.starts_with(code)).unwrap();
        let words: Vec<&str> = line.split_whitespace().take(4).collect();
        assert_eq!(words, [code, "run", "error", "all"]);
        assert!(line.ends_with(summary), "{line}");
        let row = serde_json::json!({"code": code, "origin": "run", "severity": "error", "targets": "all", "summary": summary});
        let doc: serde_json::Value =
            serde_json::from_slice(&b24lint(&["rules", "--format", "json"]).stdout).unwrap();
        assert!(doc["rules"].as_array().unwrap().contains(&row), "{code}");
        let lines = stdout(&b24lint(&["rules", "--format", "jsonl"]));
        assert!(lines.lines().any(|l| serde_json::from_str::<serde_json::Value>(l).unwrap() == row));
        let o = b24lint(&["explain", &code.to_uppercase()]);
        assert_eq!(o.status.code(), Some(0));
        assert!(
            stdout(&o).starts_with(&format!("{code}\n\norigin: run · default severity: error · targets: all\nsummary: {summary}\n\n## What it means\n")),
            "{}",
            stdout(&o)
        );
    }
}

#[test]
fn method_and_target_in_any_case_and_near_misses_suggested() {
    let dir = tmp();
    let good = write(dir.path(), "good.json", GOOD.as_bytes());
    let good = good.to_str().unwrap();
    let o = b24lint(&[
        "check",
        "--isolated",
        "--method",
        "BICONNECTOR.CONNECTOR.ADD",
        "--target",
        "CLOUD",
        "--format",
        "json",
        good,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["files"][0]["method"], "biconnector.connector.add");
    assert_eq!(doc["files"][0]["target"], "cloud");
    let o = b24lint(&["check", "--method", "biconnector.conector.add", good]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: invalid value 'biconnector.conector.add' for '--method <METHOD>': unsupported method `biconnector.conector.add`; did you mean `biconnector.connector.add`?\n\nFor more information, try '--help'.\n"
    );
    assert_eq!(stdout(&o), "");
    let o = b24lint(&["check", "--target", "26.25", good]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: invalid value '26.25' for '--target <TARGET>': unknown target `26.25`; did you mean `26.250`?\n\nFor more information, try '--help'.\n"
    );
}

#[test]
fn a_pasted_php_tab_is_fixed_into_json_that_has_only_its_real_findings() {
    let dir = tmp();
    let pasted = std::fs::read(fixture("lints/pasted-literal/docs_tab_crest.json")).unwrap();
    let file = write(dir.path(), "crest.json", &pasted);
    let path = file.to_str().unwrap();
    let concise = |o: &Output| -> Vec<String> {
        stdout(o)
            .lines()
            .filter(|l| l.contains(": error ") || l.contains(": warning "))
            .map(|l| l.split_once(": ").map_or("", |x| x.1).to_string())
            .collect()
    };
    let before = b24lint(&["check", "--isolated", "--format", "concise", path]);
    assert!(concise(&before)
        .iter()
        .any(|l| l.starts_with("error pasted-literal")));
    // Safe fixes alone leave the pasted code as it is.
    let o = b24lint(&["check", "--isolated", "--fix", path]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(std::fs::read(&file).unwrap(), pasted);
    let o = b24lint(&["check", "--isolated", "--fix", "--unsafe-fixes", path]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let fixed = std::fs::read_to_string(&file).unwrap();
    let json: serde_json::Value = serde_json::from_str(&fixed).expect("the fix writes JSON");
    assert_eq!(json["fields"]["title"], "SUPER REST CONNECTOR");
    assert_eq!(json["fields"]["settings"][1]["code"], "password");
    assert_eq!(json["fields"]["sort"], 100);
    assert!(
        fixed.starts_with("{\n  \"fields\": {\n    \"title\": "),
        "{fixed}"
    );
    let after = b24lint(&["check", "--isolated", "--format", "concise", path]);
    let expected = [
        "error logo-svg the SVG logo's root `svg` element has no xmlns=\"http://www.w3.org/2000/svg\" (`xmsns` is not `xmlns`)",
        "warning url-cleartext `urlCheck` uses clear-text http://",
        "warning url-cleartext `urlTableList` uses clear-text http://",
        "warning url-cleartext `urlTableDescription` uses clear-text http://",
        "warning url-cleartext `urlData` uses clear-text http://",
    ];
    assert_eq!(concise(&after), expected);
    // The same findings as on the pasted code, less the pasted-literal one and the ignored body.
    let pasted_findings: Vec<String> = concise(&before)
        .into_iter()
        .filter(|l| !l.contains("pasted-literal") && !l.contains("VALIDATION_FIELDS_NOT_PROVIDED"))
        .collect();
    assert_eq!(pasted_findings, expected);
    assert_eq!(after.status.code(), Some(1));
}

#[test]
fn statistics_is_a_table_and_refuses_a_tools_format() {
    let f = fixture("examples/broken.json");
    let o = b24lint(&["check", "--statistics", "--format", "json", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(
        stderr(&o),
        "b24lint: error: --statistics prints a table for people and cannot be combined with --format json, server, sarif or github (they list every finding)\n"
    );
    let o = b24lint(&["check", "--statistics", "--format", "concise", &f]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn ignore_unused_is_a_code_of_its_own() {
    let o = b24lint(&["explain", "IGNORE-UNUSED"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).starts_with("ignore-unused\n\norigin: run · default severity: warning"),
        "{}",
        stdout(&o)
    );
    let o = b24lint(&[
        "check",
        "--allow",
        "ignore-unused",
        &fixture("examples/connector.json"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`ignore-unused` reports on the run, not on a request"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_report_file_that_cannot_be_written_is_named_as_inputs_are() {
    let d = tmp();
    let at = d.path().join("missing-dir/x.sarif");
    let o = b24lint(&[
        "check",
        "--sarif-file",
        at.to_str().unwrap(),
        &fixture("examples/connector.json"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "b24lint: error: {}: cannot write: no such file or directory\n",
            at.display()
        )
    );
    // The check itself still ran and printed its report.
    assert_eq!(stdout(&o), "Checked 1 file: 0 errors, 0 warnings.\n");
}
