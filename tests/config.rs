//! `b24lint.toml`: discovery (nearest upward), `--config`, `--isolated`, rules, overrides,
//! ignores (and the unused ones), and errors located in the TOML file.

use std::path::Path;
use std::process::{Command, Output};

const SUPPORT_MAPPING: &str = r#"{"fields": {"title":"T","logo":"https://x.example/l.png","urlCheck":"http://x.example/c","urlData":"https://x.example/d","urlTableList":"https://x.example/l","urlTableDescription":"https://x.example/td","settings":[],"supportMapping":true}}"#;

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn server_lines(o: &Output) -> Vec<String> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_nearest_configuration_upward_wins() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "b24lint.toml", "target = \"25.550\"\n");
    write(d.path(), "old/a.json", SUPPORT_MAPPING);
    write(d.path(), "new/b24lint.toml", "target = \"26.250\"\n");
    write(d.path(), "new/deep/b.json", SUPPORT_MAPPING);
    let o = run(
        d.path(),
        &[
            "check",
            "--format",
            "server",
            "old/a.json",
            "new/deep/b.json",
        ],
    );
    let lines = server_lines(&o);
    assert!(
        lines[0].contains("Unknown parameters: supportMapping"),
        "{lines:?}"
    );
    assert!(lines[1].contains("\"accepted\":true"), "{lines:?}");
    // --isolated ignores both; --config uses one for all; the command line wins over both.
    let o = run(
        d.path(),
        &["check", "--isolated", "--format", "server", "old/a.json"],
    );
    assert!(server_lines(&o)[0].contains("\"accepted\":true"));
    let o = run(
        d.path(),
        &[
            "check",
            "--config",
            "b24lint.toml",
            "--format",
            "server",
            "new/deep/b.json",
        ],
    );
    assert!(server_lines(&o)[0].contains("supportMapping"));
    let o = run(
        d.path(),
        &[
            "check",
            "--target",
            "26.250",
            "--format",
            "server",
            "old/a.json",
        ],
    );
    assert!(server_lines(&o)[0].contains("\"accepted\":true"));
}

#[test]
fn rules_and_overrides_set_levels_per_file() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "b24lint.toml",
        "[rules]\nurl-cleartext = \"error\"\n\n[[overrides]]\nfiles = [\"legacy/*.json\"]\n[overrides.rules]\nurl-cleartext = \"off\"\n",
    );
    write(d.path(), "a.json", SUPPORT_MAPPING);
    write(d.path(), "legacy/a.json", SUPPORT_MAPPING);
    let o = run(
        d.path(),
        &["check", "--format", "json", "a.json", "legacy/a.json"],
    );
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes = |i: usize| -> Vec<(String, String)> {
        doc["files"][i]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        codes(0),
        vec![("url-cleartext".to_string(), "error".to_string())]
    );
    assert!(codes(1).is_empty());
}

#[test]
fn ignores_drop_matching_findings_and_unused_ones_are_reported() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "b24lint.toml",
        "[[ignore]]\nfiles = [\"examples/*.json\"]\npointer = \"/fields/urlCheck\"\ncodes = [\"url-cleartext\"]\nreason = \"local demo server\"\n\n[[ignore]]\ncodes = [\"logo-svg\"]\nreason = \"nothing here has an SVG\"\n",
    );
    write(d.path(), "examples/a.json", SUPPORT_MAPPING);
    write(d.path(), "b.json", SUPPORT_MAPPING);
    let o = run(
        d.path(),
        &["check", "--format", "server", "examples/a.json", "b.json"],
    );
    assert_eq!(o.status.code(), Some(0));
    let o = run(
        d.path(),
        &["check", "--format", "json", "examples/a.json", "b.json"],
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(doc["files"][1]["diagnostics"][0]["code"], "url-cleartext");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.trim_end(),
        "b24lint.toml:7:1: warning: ignore-unused: this [[ignore]] matched nothing (reason: nothing here has an SVG)"
    );
}

#[test]
fn errors_in_the_configuration_are_located_and_exit_2() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "b24lint.toml",
        "target = \"26.250\"\n[rules]\nurl-cleartext = \"loud\"\n",
    );
    write(d.path(), "a.json", SUPPORT_MAPPING);
    let o = run(d.path(), &["check", "a.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr).trim_end(),
        "b24lint.toml:3:17: error: unknown level `loud`; expected \"off\", \"warning\" or \"error\""
    );
    write(d.path(), "b24lint.toml", "target = \n");
    let o = run(d.path(), &["check", "a.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).starts_with("b24lint.toml:1:"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A code in the configuration may be written in any case; a near miss is located and gets a
/// suggestion.
#[test]
fn codes_in_the_configuration_are_matched_in_any_case_and_misspellings_suggested() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "b24lint.toml",
        "[rules]\nURL-CLEARTEXT = \"error\"\n",
    );
    write(
        d.path(),
        "a.json",
        r#"{"fields": {"title": "T", "logo": "http://cdn.example.com/l.png"}}"#,
    );
    let o = run(d.path(), &["check", "--format", "json", "a.json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let clear = doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "url-cleartext")
        .cloned()
        .unwrap();
    assert_eq!(clear["severity"], "error");
    write(
        d.path(),
        "b24lint.toml",
        "[rules]\nurl-cleartxt = \"off\"\n",
    );
    let o = run(d.path(), &["check", "a.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr).trim_end(),
        "b24lint.toml:2:1: error: unknown code `url-cleartxt`; did you mean `url-cleartext`? `b24lint rules` lists them"
    );
}

/// Runs with a bounded wait: a configuration read that blocks (a FIFO) must not hang the run.
fn run_bounded(dir: &Path, args: &[&str]) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (send, receive) = std::sync::mpsc::channel();
    // The output is drained while waiting, so a long report cannot fill the pipe and block.
    std::thread::spawn(move || send.send(child.wait_with_output().unwrap()));
    match receive.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(output) => output,
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("b24lint {args:?} did not finish within 60 s");
        }
    }
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

#[test]
fn a_configuration_that_is_not_a_regular_file_is_refused_by_name() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.json", SUPPORT_MAPPING);
    mkfifo(&d.path().join("fifo.toml"));
    for (config, why) in [
        ("fifo.toml", "not a regular file"),
        ("/dev/zero", "not a regular file"),
        ("missing.toml", "no such file or directory"),
        (".", "is a directory"),
    ] {
        let o = run_bounded(d.path(), &["check", "--config", config, "a.json"]);
        assert_eq!(o.status.code(), Some(2), "{config}");
        assert_eq!(
            String::from_utf8_lossy(&o.stderr),
            format!("b24lint: error: {config}: cannot read the configuration: {why}\n")
        );
        assert!(o.stdout.is_empty(), "{config}");
    }
    // A giant file is refused before it is read whole.
    let big = d.path().join("big.toml");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(64 << 20)
        .unwrap();
    let o = run_bounded(d.path(), &["check", "--config", "big.toml", "a.json"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "b24lint: error: big.toml: cannot read the configuration: larger than 16777216 bytes\n"
    );
    // Exactly at the limit is read: a comment padded to 16 MiB.
    let mut at_limit = "# ".to_string();
    at_limit.push_str(&"x".repeat((16 << 20) - 3));
    at_limit.push('\n');
    assert_eq!(at_limit.len(), 16 << 20);
    std::fs::write(d.path().join("limit.toml"), at_limit).unwrap();
    let o = run_bounded(d.path(), &["check", "--config", "limit.toml", "a.json"]);
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn a_discovered_configuration_that_cannot_be_read_is_an_error_not_a_skip() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "dir/sub/b24lint.toml/keep", "");
    write(d.path(), "dir/sub/a.json", SUPPORT_MAPPING);
    write(d.path(), "fifo/a.json", SUPPORT_MAPPING);
    mkfifo(&d.path().join("fifo/b24lint.toml"));
    write(d.path(), "loop/a.json", SUPPORT_MAPPING);
    std::os::unix::fs::symlink("b24lint.toml", d.path().join("loop/b24lint.toml")).unwrap();
    write(d.path(), "dangling/a.json", SUPPORT_MAPPING);
    std::os::unix::fs::symlink("nowhere.toml", d.path().join("dangling/b24lint.toml")).unwrap();
    for (dir, why) in [
        ("dir/sub", "is a directory"),
        ("fifo", "not a regular file"),
        ("loop", "Too many levels of symbolic links (os error 40)"),
        ("dangling", "no such file or directory"),
    ] {
        let input = format!("{dir}/a.json");
        let o = run_bounded(d.path(), &["check", &input]);
        assert_eq!(o.status.code(), Some(2), "{dir}");
        assert_eq!(
            String::from_utf8_lossy(&o.stderr),
            format!("b24lint: error: {dir}/b24lint.toml: cannot read the configuration: {why}\n")
        );
    }
}

#[test]
fn many_unused_ignores_are_each_located() {
    // Each warning used to index the whole file again: 20,000 ignores took half a minute.
    let d = tempfile::tempdir().unwrap();
    let mut toml = String::new();
    for i in 0..20_000 {
        toml.push_str(&format!(
            "[[ignore]]\nfiles = [\"a.json\"]\npointer = \"/fields/none{i}\"\nreason = \"r{i}\"\n"
        ));
    }
    write(d.path(), "b24lint.toml", &toml);
    write(d.path(), "a.json", SUPPORT_MAPPING);
    let o = run_bounded(d.path(), &["check", "--format", "server", "a.json"]);
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 20_000);
    assert_eq!(
        lines[0],
        "b24lint.toml:1:1: warning: ignore-unused: this [[ignore]] matched nothing (reason: r0)"
    );
    assert_eq!(
        lines[19_999],
        "b24lint.toml:79997:1: warning: ignore-unused: this [[ignore]] matched nothing (reason: r19999)"
    );
}

/// Two typos: a key and a method name.
const TWO_TYPOS: &str = "targt = \"26.250\"\nmethod = \"biconnector.conector.add\"\n";

const TWO_TYPOS_LINES: &str = "b24lint.toml:1:1: error: unknown key `targt`; did you mean `target`?\n\
b24lint.toml:2:10: error: unsupported method `biconnector.conector.add`; did you mean `biconnector.connector.add`?\n";

#[test]
fn a_configuration_reports_all_its_errors_at_once() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "b24lint.toml", TWO_TYPOS);
    write(d.path(), "a.json", SUPPORT_MAPPING);
    for format in ["human", "concise"] {
        let o = run(d.path(), &["check", "--format", format, "a.json"]);
        assert_eq!(o.status.code(), Some(2), "{format}");
        assert_eq!(
            String::from_utf8_lossy(&o.stderr),
            TWO_TYPOS_LINES,
            "{format}"
        );
        assert_eq!(String::from_utf8_lossy(&o.stdout), "", "{format}");
    }
    // Keys and values in another case are the same keys and values.
    write(
        d.path(),
        "b24lint.toml",
        "Target = \"25.550\"\nMETHOD = \"BICONNECTOR.CONNECTOR.ADD\"\n[Rules]\nURL-CLEARTEXT = \"Error\"\n",
    );
    let o = run(d.path(), &["check", "--format", "server", "a.json"]);
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
    assert!(
        server_lines(&o)[0].contains("Unknown parameters: supportMapping"),
        "{:?}",
        server_lines(&o)
    );
}

#[test]
fn a_broken_configuration_is_a_github_annotation_at_its_place() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "b24lint.toml", TWO_TYPOS);
    write(d.path(), "a.json", SUPPORT_MAPPING);
    let o = run(d.path(), &["check", "--format", "github", "a.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "::error file=b24lint.toml,line=1,col=1,endLine=1,endColumn=6,title=config-invalid::unknown key `targt`; did you mean `target`?\n\
::error file=b24lint.toml,line=2,col=10,endLine=2,endColumn=36,title=config-invalid::unsupported method `biconnector.conector.add`; did you mean `biconnector.connector.add`?\n"
    );
    assert_eq!(String::from_utf8_lossy(&o.stderr), TWO_TYPOS_LINES);
    // A configuration that cannot be read has no line to point at.
    std::fs::remove_file(d.path().join("b24lint.toml")).unwrap();
    std::fs::create_dir(d.path().join("b24lint.toml")).unwrap();
    let o = run(d.path(), &["check", "--format", "github", "a.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "::error file=b24lint.toml,title=config-invalid::cannot read the configuration: is a directory\n"
    );
}

#[test]
fn a_broken_configuration_is_in_the_json_document() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "b24lint.toml", TWO_TYPOS);
    write(d.path(), "a.json", SUPPORT_MAPPING);
    let o = run(d.path(), &["check", "--format", "json", "a.json"]);
    assert_eq!(o.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        doc,
        serde_json::json!({
            "version": 1,
            "files": [],
            "configuration_errors": [
                {
                    "code": "config-invalid",
                    "path": "b24lint.toml",
                    "message": "unknown key `targt`; did you mean `target`?",
                    "span": {"start": 0, "end": 5},
                    "start": {"line": 1, "column": 1},
                    "end": {"line": 1, "column": 6}
                },
                {
                    "code": "config-invalid",
                    "path": "b24lint.toml",
                    "message": "unsupported method `biconnector.conector.add`; did you mean `biconnector.connector.add`?",
                    "span": {"start": 26, "end": 52},
                    "start": {"line": 2, "column": 10},
                    "end": {"line": 2, "column": 36}
                }
            ],
            "summary": {"files": 0, "errors": 0, "warnings": 0, "unreadable": 0, "skipped": 0}
        })
    );
    // An unreadable --config: no place in it.
    let o = run(
        d.path(),
        &[
            "check",
            "--format",
            "json",
            "--config",
            "gone.toml",
            "a.json",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        doc["configuration_errors"],
        serde_json::json!([{
            "code": "config-invalid",
            "path": "gone.toml",
            "message": "cannot read the configuration: no such file or directory",
            "span": null,
            "start": null,
            "end": null
        }])
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "b24lint: error: gone.toml: cannot read the configuration: no such file or directory\n"
    );
}

#[test]
fn every_report_file_is_written_when_the_configuration_is_broken() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "b24lint.toml", TWO_TYPOS);
    write(d.path(), "a.json", SUPPORT_MAPPING);
    // Stale reports of an earlier run must not survive.
    for stale in ["out.sarif", "out.json", "out.txt"] {
        write(d.path(), stale, "stale");
    }
    let o = run(
        d.path(),
        &[
            "check",
            "--sarif-file",
            "out.sarif",
            "--json-file",
            "out.json",
            "--server-file",
            "out.txt",
            "a.json",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&o.stderr), TWO_TYPOS_LINES);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "");
    let read = |name: &str| std::fs::read_to_string(d.path().join(name)).unwrap();
    let sarif: serde_json::Value = serde_json::from_str(&read("out.sarif")).unwrap();
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    assert_eq!(
        sarif["runs"][0]["results"][1]["locations"][0]["physicalLocation"],
        serde_json::json!({
            "artifactLocation": {"uri": "b24lint.toml"},
            "region": {"startLine": 2, "startColumn": 10, "endLine": 2, "endColumn": 36}
        })
    );
    let json: serde_json::Value = serde_json::from_str(&read("out.json")).unwrap();
    assert_eq!(json["configuration_errors"].as_array().unwrap().len(), 2);
    assert_eq!(
        read("out.txt"),
        "{\"file\":\"b24lint.toml\",\"code\":\"config-invalid\",\"line\":1,\"column\":1,\"error\":\"unknown key `targt`; did you mean `target`?\"}\n\
{\"file\":\"b24lint.toml\",\"code\":\"config-invalid\",\"line\":2,\"column\":10,\"error\":\"unsupported method `biconnector.conector.add`; did you mean `biconnector.connector.add`?\"}\n"
    );
    // --format sarif writes the same document to stdout.
    let o = run(
        d.path(),
        &[
            "check",
            "--format",
            "sarif",
            "--sarif-file",
            "out.sarif",
            "a.json",
        ],
    );
    assert_eq!(o.stdout, read("out.sarif").as_bytes());
    // The broken configuration itself is never written over.
    let o = run(
        d.path(),
        &["check", "--json-file", "b24lint.toml", "a.json"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!("{TWO_TYPOS_LINES}b24lint: error: b24lint.toml: is also a configuration of the run (b24lint.toml); the report is not written over it\n")
    );
    assert_eq!(read("b24lint.toml"), TWO_TYPOS);
    // Nor an input.
    let o = run(d.path(), &["check", "--sarif-file", "a.json", "a.json"]);
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .ends_with("b24lint: error: a.json: is also an input (a.json); the report is not written over it\n"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(read("a.json"), SUPPORT_MAPPING);
}

#[test]
fn run_codes_cannot_be_given_a_level() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.json", SUPPORT_MAPPING);
    for flag in ["--allow", "--warn", "--deny"] {
        let o = run(d.path(), &["check", flag, "input-unreadable", "a.json"]);
        assert_eq!(o.status.code(), Some(2), "{flag}");
        assert_eq!(
            String::from_utf8_lossy(&o.stderr),
            "b24lint: error: `input-unreadable` reports on the run, not on a request: no level can be set for it (see `b24lint explain input-unreadable`)\n",
            "{flag}"
        );
    }
    write(
        d.path(),
        "b24lint.toml",
        "[rules]\nConfig-Invalid = \"off\"\n",
    );
    let o = run(d.path(), &["check", "a.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "b24lint.toml:2:1: error: `config-invalid` reports on the run, not on a request: no level can be set for it (see `b24lint explain config-invalid`)\n"
    );
}
