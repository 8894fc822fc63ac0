//! Which files a directory walk checks: `.gitignore`, `.ignore` and git's global excludes,
//! `--exclude`, the default path, other tools' files and JSON that is clearly not a request,
//! `--show-files` and `--show-settings`. Each run is hermetic: HOME and XDG_CONFIG_HOME point
//! into the test's directory, so the developer's own git excludes do not change the answer.

use std::path::Path;
use std::process::{Command, Output};

const REQUEST: &str = r#"{"fields": {"title": "T"}}"#;

/// A temporary app repository: `.git`, a `.gitignore`, npm and Composer files, a
/// `node_modules` and a `vendor` tree, and BIConnector requests among other JSON.
fn app() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let repo = d.path().join("repo");
    let git = Command::new("git")
        .args(["init", "-q"])
        .arg(&repo)
        .env("HOME", d.path())
        .status();
    if !git.is_ok_and(|s| s.success()) {
        // What the walk looks for is the `.git` directory, not the git command.
        std::fs::create_dir_all(repo.join(".git")).unwrap();
    }
    for (name, text) in [
        (".gitignore", "dist/\n*.generated.json\n"),
        (".ignore", "scratch/\n"),
        ("package.json", r#"{"name": "app", "version": "1.0.0"}"#),
        ("package-lock.json", r#"{"lockfileVersion": 3}"#),
        ("tsconfig.json", r#"{"compilerOptions": {"strict": true}}"#),
        ("tsconfig.build.json", r#"{"extends": "./tsconfig.json"}"#),
        ("composer.json", r#"{"require": {"php": ">=8.1"}}"#),
        (".vscode/settings.json", r#"{"editor.tabSize": 2}"#),
        ("node_modules/dep/data.json", REQUEST),
        ("vendor/lib/request.json", REQUEST),
        ("dist/built.json", REQUEST),
        ("scratch/draft.json", REQUEST),
        ("bi/connector.json", REQUEST),
        ("bi/source.generated.json", REQUEST),
        ("bi/locale/ru.json", r#"{"greeting": "Привет"}"#),
        ("bi/empty.json", "{}"),
        ("bi/broken.json", r#"{"fields": "#),
        ("bi/legacy/old.json", REQUEST),
        ("bi/global-excluded.json", REQUEST),
        ("git/ignore", "global-excluded.json\n"),
    ] {
        let at = if name == "git/ignore" {
            d.path().join(name)
        } else {
            repo.join(name)
        };
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::fs::write(at, text).unwrap();
    }
    d
}

fn b24lint(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .args(args)
        .current_dir(home.join("repo"))
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .env_remove("GIT_DIR")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_walk_checks_what_git_tracks_and_skips_other_tools_files() {
    let d = app();
    let o = b24lint(d.path(), &["check", "--show-files"]);
    assert_eq!(o.status.code(), Some(0));
    // Not dist/ (.gitignore), scratch/ (.ignore), *.generated.json (.gitignore),
    // global-excluded.json (git's global excludes), .vscode (hidden), node_modules, vendor,
    // package*.json, tsconfig*.json, composer.json (other tools'), locale/ru.json (no key of a
    // request). The empty object and the broken file may be requests: they are checked.
    assert_eq!(
        stdout(&o),
        "bi/broken.json\nbi/connector.json\nbi/empty.json\nbi/legacy/old.json\n"
    );
}

#[test]
fn the_summary_counts_what_the_walk_skipped() {
    let d = app();
    let o = b24lint(d.path(), &["check", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    // package.json, package-lock.json, tsconfig.json, tsconfig.build.json, composer.json by
    // name; bi/locale/ru.json by content.
    assert!(
        out.ends_with(
            "Checked 4 files: 15 errors, 0 warnings.\n6 JSON files skipped: not BIConnector requests.\n"
        ),
        "{out}"
    );
    assert!(!out.contains("package.json"), "{out}");
    assert!(!out.contains("node_modules"), "{out}");
    let json = b24lint(d.path(), &["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        doc["summary"],
        serde_json::json!({"files": 4, "errors": 15, "warnings": 0, "unreadable": 0, "skipped": 6})
    );
}

#[test]
fn the_default_path_is_the_current_directory() {
    let d = app();
    let default = b24lint(d.path(), &["check", "--format", "concise"]);
    let dot = b24lint(d.path(), &["check", "--format", "concise", "."]);
    assert_eq!(stdout(&default), stdout(&dot));
    assert!(
        stdout(&default).starts_with("bi/broken.json:1:12: error json-syntax unexpected end of input where a value was expected\n"),
        "{}",
        stdout(&default)
    );
}

#[test]
fn a_file_named_on_the_command_line_is_always_checked() {
    let d = app();
    let o = b24lint(
        d.path(),
        &[
            "check",
            "--show-files",
            "package.json",
            "dist/built.json",
            "bi/locale/ru.json",
            "node_modules",
        ],
    );
    // A named directory is walked whatever its name; its files follow the walk's rules.
    assert_eq!(
        stdout(&o),
        "package.json\ndist/built.json\nbi/locale/ru.json\nnode_modules/dep/data.json\n"
    );
}

#[test]
fn exclude_leaves_out_names_at_any_depth_and_paths_from_the_current_directory() {
    let d = app();
    let by_name = b24lint(d.path(), &["check", "--show-files", "--exclude", "legacy"]);
    assert_eq!(
        stdout(&by_name),
        "bi/broken.json\nbi/connector.json\nbi/empty.json\n"
    );
    let by_path = b24lint(
        d.path(),
        &[
            "check",
            "--show-files",
            "--exclude",
            "bi/*.json",
            "--exclude",
            "./bi/legacy/",
        ],
    );
    // `*` stays within one name: bi/legacy/old.json is left out by the second pattern only.
    assert_eq!(stdout(&by_path), "");
    let star = b24lint(
        d.path(),
        &["check", "--show-files", "--exclude", "bi/*.json"],
    );
    assert_eq!(stdout(&star), "bi/legacy/old.json\n");
    let glob = b24lint(
        d.path(),
        &["check", "--show-files", "--exclude", "e*y.json"],
    );
    assert_eq!(
        stdout(&glob),
        "bi/broken.json\nbi/connector.json\nbi/legacy/old.json\n"
    );
}

#[test]
fn a_bad_exclude_pattern_is_a_usage_error() {
    let d = app();
    let o = b24lint(d.path(), &["check", "--exclude", "bi/[", "bi"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "b24lint: error: --exclude `bi/[` is not a glob: unclosed character class; missing ']'\n"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn an_input_shape_set_on_purpose_checks_every_walked_json_file() {
    let d = app();
    let o = b24lint(
        d.path(),
        &["check", "--show-files", "--input", "request", "bi"],
    );
    assert_eq!(
        stdout(&o),
        "bi/broken.json\nbi/connector.json\nbi/empty.json\nbi/legacy/old.json\nbi/locale/ru.json\n"
    );
}

#[test]
fn show_settings_prints_what_one_file_is_checked_with() {
    let d = app();
    std::fs::write(
        d.path().join("repo/bi/b24lint.toml"),
        "target = \"25.550\"\ntransport = \"bx24\"\n[rules]\nurl-cleartext = \"error\"\nlogo-svg = \"off\"\n",
    )
    .unwrap();
    let o = b24lint(
        d.path(),
        &[
            "check",
            "--show-settings",
            "bi/connector.json",
            "--caller",
            "webhook",
            "--known-connector",
            "3,7",
            "--warn",
            "url-cleartext",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "bi/connector.json
  configuration     bi/b24lint.toml
  method            biconnector.connector.add
  target            25.550
  input             auto (read as a request)
  transport         bx24
  caller            webhook
  connector codes   from a connector in the run, else assumed
  levels            url-cleartext = warning, logo-svg = off
  known connectors  3, 7
  known sources     any id (each is assumed to exist and belong to the application)
  known datasets    any id (each is assumed to exist and belong to the application)
"
    );
    let isolated = b24lint(
        d.path(),
        &[
            "check",
            "--isolated",
            "--show-settings",
            "bi/connector.json",
        ],
    );
    assert!(
        stdout(&isolated).contains("\n  configuration     none (built-in defaults)\n"),
        "{}",
        stdout(&isolated)
    );
}

#[test]
fn walked_files_come_in_name_order_level_by_level() {
    let d = tempfile::tempdir().unwrap();
    let repo = d.path().join("repo");
    for name in [
        "c.json",
        "b.json",
        "b/z.json",
        "b/a/y.json",
        "a.json",
        "B.json",
        "b/x.json",
        "ab/w.json",
    ] {
        let at = repo.join(name);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::fs::write(at, REQUEST).unwrap();
    }
    let o = b24lint(d.path(), &["check", "--show-files"]);
    // Byte order at each level, a directory in its name's place among the files.
    assert_eq!(
        stdout(&o),
        "B.json\na.json\nab/w.json\nb/a/y.json\nb/x.json\nb/z.json\nb.json\nc.json\n"
    );
}

#[test]
fn the_configuration_excludes_from_its_own_directory() {
    let d = app();
    std::fs::write(
        d.path().join("repo/bi/b24lint.toml"),
        "exclude = [\"legacy/\", \"empty.json\"]\n",
    )
    .unwrap();
    let o = b24lint(d.path(), &["check", "--show-files"]);
    assert_eq!(stdout(&o), "bi/broken.json\nbi/connector.json\n");
    // Excluded files are left out silently, as .gitignore'd ones are: not counted as skipped.
    let o = b24lint(d.path(), &["check", "--format", "concise", "-q"]);
    assert!(
        !stdout(&o).contains("legacy") && !stdout(&o).contains("empty.json"),
        "{}",
        stdout(&o)
    );
    // Named on the command line, it is checked.
    let o = b24lint(d.path(), &["check", "--show-files", "bi/legacy/old.json"]);
    assert_eq!(stdout(&o), "bi/legacy/old.json\n");
    // A bad pattern is an error at its place, like every configuration error.
    std::fs::write(
        d.path().join("repo/bi/b24lint.toml"),
        "exclude = [\"ok\", \"[x\"]\n",
    )
    .unwrap();
    let o = b24lint(d.path(), &["check", "bi"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "bi/b24lint.toml:1:18: error: invalid glob: unclosed character class; missing ']'\n"
    );
}

#[test]
fn show_settings_says_the_method_and_shape_the_check_uses() {
    let d = app();
    std::fs::write(
        d.path().join("repo/bi/call.json"),
        r#"{"method": "biconnector.connector.update", "params": {"id": 1, "fields": {}}}"#,
    )
    .unwrap();
    std::fs::write(d.path().join("repo/bi/bare.json"), r#"{"title": "T"}"#).unwrap();
    let line = |file: &str, key: &str| {
        let o = b24lint(d.path(), &["check", "--show-settings", file]);
        assert_eq!(o.status.code(), Some(0));
        stdout(&o)
            .lines()
            .find(|l| l.starts_with(&format!("  {key} ")))
            .unwrap()
            .to_string()
    };
    assert_eq!(
        line("bi/call.json", "method"),
        "  method            biconnector.connector.update (the file's envelope names it; the run sets biconnector.connector.add)"
    );
    assert_eq!(
        line("bi/bare.json", "input"),
        "  input             auto (read as a definition)"
    );
    let o = b24lint(d.path(), &["check", "--show-settings", "bi/nope.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "b24lint: error: bi/nope.json: no such file or directory\n"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn show_files_names_a_missing_path_as_the_check_would() {
    let d = app();
    let o = b24lint(
        d.path(),
        &["check", "--show-files", "nope.json", "bi/empty.json"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "bi/empty.json\n");
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "b24lint: error: nope.json: no such file or directory\n"
    );
}
