//! The human report as a terminal shows it, at 80 and 120 columns with colour off, and the
//! concise format: whole-output snapshots in `tests/snapshots/` (`B24LINT_BLESS=1` rewrites
//! them, never under `CI=true`; review the diff before committing it). Beside the snapshots,
//! what must hold at every width: source lines and prose fit the width, and the answer is a
//! short line of its own.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A directory holding the example definition, one with four clear-text URLs (drawn as one
/// block) and one with a long base64 logo line (drawn through a window).
fn inputs() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("fixtures/examples/broken.json"),
        d.path().join("broken.json"),
    )
    .unwrap();
    std::fs::copy(
        root().join("fixtures/lints/logo-svg/docs_example_xmsns_typo.json"),
        d.path().join("logo.json"),
    )
    .unwrap();
    std::fs::copy(
        root().join("fixtures/layout/cleartext.json"),
        d.path().join("cleartext.json"),
    )
    .unwrap();
    d
}

fn run(dir: &Path, columns: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env("COLUMNS", columns)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap()
}

fn snapshot(name: &str, got: &str) {
    let path: PathBuf = root().join("tests/snapshots").join(name);
    if std::env::var_os("B24LINT_BLESS").is_some() && std::env::var_os("CI").is_none() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing (B24LINT_BLESS=1 writes it)", path.display()));
    assert!(
        want == got,
        "{} differs (B24LINT_BLESS=1 rewrites it):\n{}",
        path.display(),
        first_difference(&want, got)
    );
}

fn first_difference(want: &str, got: &str) -> String {
    for (i, (w, g)) in want.lines().zip(got.lines()).enumerate() {
        if w != g {
            return format!("line {}:\nwant: {w}\ngot:  {g}", i + 1);
        }
    }
    format!(
        "{} lines wanted, {} got",
        want.lines().count(),
        got.lines().count()
    )
}

/// Lines of the report that must fit: source lines of snippets and every prose line. A
/// label's text is placed by miette under its span and may run past the width.
fn must_fit(line: &str) -> bool {
    !line.contains("╰──")
}

#[test]
fn the_human_report_at_80_and_120_columns() {
    let d = inputs();
    for columns in ["80", "120"] {
        let o = run(d.path(), columns, &["--color", "never", "."]);
        assert_eq!(o.status.code(), Some(1));
        let out = String::from_utf8(o.stdout).unwrap();
        snapshot(&format!("human-{columns}.txt"), &out);
        let width: usize = columns.parse().unwrap();
        for line in out.lines().filter(|l| must_fit(l)) {
            assert!(line.chars().count() <= width, "wider than {width}: {line}");
        }
        assert!(!out.contains('\x1b'), "colour off");
    }
}

#[test]
fn the_answer_is_a_short_line_of_its_own_with_what_it_rests_on() {
    let d = inputs();
    let o = run(d.path(), "80", &["--color", "never", "broken.json"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.ends_with(
            "broken.json: 5 errors, 1 warning
  answer: VALIDATION_UNKNOWN_PARAMETERS (5:5) Unknown parameters: url_check
  HTTP 200 from biconnector.connector.add on cloud (app call, JSON body)

Checked 1 file: 5 errors, 1 warning.
3 fixable with `--fix`.
"
        ),
        "{out}"
    );
    // What the prediction takes for granted about this file is said under the answer.
    std::fs::write(
        d.path().join("update.json"),
        r#"{"id": 7, "fields": {"title": "Sales"}}"#,
    )
    .unwrap();
    let o = run(
        d.path(),
        "80",
        &[
            "--color",
            "never",
            "--method",
            "biconnector.connector.update",
            "-v",
            "update.json",
        ],
    );
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        "update.json: no findings; HTTP 200 from biconnector.connector.update on cloud
    (app call, JSON body)
  assuming: Connector 7 exists and belongs to the calling application (state
    which ones do with --known-connector).
Checked 1 file: 0 errors, 0 warnings.
"
    );
}

#[test]
fn colour_marks_the_answer_apart_from_the_other_codes() {
    let d = inputs();
    let o = run(d.path(), "100", &["--color", "always", "broken.json"]);
    let out = String::from_utf8(o.stdout).unwrap();
    // The heading's mark in bold cyan, the answer's code in bold red, the file's name bold.
    assert!(
        out.contains("VALIDATION_UNKNOWN_PARAMETERS\x1b[0m \x1b[1;36m(the portal's answer)"),
        "{out:?}"
    );
    assert!(
        out.contains("\x1b[1mbroken.json\x1b[0m: 5 errors, 1 warning\n  answer: \x1b[1;31mVALIDATION_UNKNOWN_PARAMETERS\x1b[0m (5:5) Unknown parameters: url_check\n"),
        "{out:?}"
    );
    let o = run(d.path(), "100", &["--color", "always", "cleartext.json"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("  answer: \x1b[1;32maccepted\x1b[0m\n"),
        "{out:?}"
    );
}

#[test]
fn a_clean_file_prints_a_line_only_when_verbose() {
    let d = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("fixtures/examples/connector.json"),
        d.path().join("connector.json"),
    )
    .unwrap();
    let quiet = run(d.path(), "80", &["--color", "never", "."]);
    assert_eq!(
        String::from_utf8(quiet.stdout).unwrap(),
        "Checked 1 file: 0 errors, 0 warnings.\n"
    );
    let verbose = run(d.path(), "80", &["--color", "never", "--verbose", "."]);
    assert_eq!(
        String::from_utf8(verbose.stdout).unwrap(),
        "connector.json: no findings; HTTP 200 from biconnector.connector.add on cloud\n    (app call, JSON body)\nChecked 1 file: 0 errors, 0 warnings.\n"
    );
}

#[test]
fn findings_of_one_code_are_one_block_with_a_label_each() {
    let d = inputs();
    let o = run(d.path(), "100", &["--color", "never", "cleartext.json"]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.matches("url-cleartext").count(), 1, "{out}");
    assert_eq!(out.matches("╰── not encrypted").count(), 4, "{out}");
    assert!(
        out.starts_with(
            "url-cleartext

  ⚠ `urlCheck` uses clear-text http://
  │ `urlTableList` uses clear-text http://
  │ `urlTableDescription` uses clear-text http://
  │ `urlData` uses clear-text http://
   ╭─[cleartext.json:5:18]
"
        ),
        "{out}"
    );
    // Every finding is still its own in the other formats.
    let o = run(d.path(), "100", &["--format", "concise", "cleartext.json"]);
    assert_eq!(
        String::from_utf8(o.stdout)
            .unwrap()
            .matches("url-cleartext")
            .count(),
        4
    );
}

#[test]
fn the_concise_format() {
    let d = inputs();
    let o = run(d.path(), "80", &["--format", "concise", "."]);
    assert_eq!(o.status.code(), Some(1));
    snapshot("concise.txt", &String::from_utf8(o.stdout).unwrap());
}

#[test]
fn help_fits_the_terminal() {
    for columns in ["60", "80", "120"] {
        for args in [&["--help"][..], &["check", "--help"], &["rules", "--help"]] {
            let o = Command::new(env!("CARGO_BIN_EXE_b24lint"))
                .args(args)
                .env("COLUMNS", columns)
                .output()
                .unwrap();
            assert_eq!(o.status.code(), Some(0));
            let out = String::from_utf8(o.stdout).unwrap();
            let width: usize = columns.parse().unwrap();
            for line in out.lines() {
                assert!(
                    line.chars().count() <= width,
                    "{args:?} at {columns}: {line}"
                );
            }
        }
    }
    let o = Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .args(["check", "--help"])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    // The exit status section keeps its hanging indents at 80 columns.
    assert!(String::from_utf8(o.stdout).unwrap().contains(
        "  2  a usage error; an input that could not be read (the other inputs are\n     still checked); or a b24lint.toml that cannot be used (nothing is\n     checked; every output reports config-invalid)\n"
    ));
}

#[test]
fn rules_and_explain_fit_a_known_width_and_stay_whole_lines_in_a_pipe() {
    // The table's columns take 77: it is laid out for 80 and wider.
    for columns in ["80", "120", "200"] {
        for args in [
            &["rules"][..],
            &["explain", "VALIDATION_SETTINGS_INVALID_TYPE"],
        ] {
            let o = Command::new(env!("CARGO_BIN_EXE_b24lint"))
                .args(args)
                .env("COLUMNS", columns)
                .output()
                .unwrap();
            let out = String::from_utf8(o.stdout).unwrap();
            let width: usize = columns.parse().unwrap();
            let mut in_code = false;
            for line in out.lines() {
                if line.starts_with("```") {
                    in_code = !in_code;
                }
                // Code blocks and table rows are the page's own layout.
                if !in_code && !line.starts_with('|') {
                    assert!(
                        line.chars().count() <= width,
                        "{args:?} at {columns}: {line}"
                    );
                }
            }
        }
    }
    let piped = Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .arg("rules")
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    let out = String::from_utf8(piped.stdout).unwrap();
    assert!(out.lines().any(|l| l.starts_with("url-cleartext ")
        && l.ends_with(
            "an endpoint or logo URL uses http://, so settings values travel unencrypted"
        )));
    let narrow = Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .arg("rules")
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert!(String::from_utf8(narrow.stdout).unwrap().contains(
        "\nurl-cleartext                                    lint    warning   all\n    an endpoint or logo URL uses http://, so settings values travel unencrypted\n"
    ));
}
