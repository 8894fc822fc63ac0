//! `--fix` and the report files in a hostile working tree: planted temporary files,
//! symlinks, hard links, read-only files, other owners, a report file that is also an input,
//! a closed stderr. Files are changed only where the README says they are.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A complete connector but for one misspelt key, which the safe fix renames.
const FIXABLE: &str = r#"{"fields": {"title": "T", "logo": "https://a.example.com/l.png", "url_check": "https://a.example.com/c", "urlData": "https://a.example.com/d", "urlTableList": "https://a.example.com/l", "urlTableDescription": "https://a.example.com/td", "settings": []}}
"#;
const FIXED: &str = r#"{"fields": {"title": "T", "logo": "https://a.example.com/l.png", "urlCheck": "https://a.example.com/c", "urlData": "https://a.example.com/d", "urlTableList": "https://a.example.com/l", "urlTableDescription": "https://a.example.com/td", "settings": []}}
"#;

fn b24lint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_planted_link_at_the_old_temporary_name_is_not_written_through() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "c.json", FIXABLE);
    let victim = write(d.path(), "victim.txt", "precious\n");
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o600)).unwrap();
    let planted = d.path().join(".c.json.b24lint-fix");
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let o = b24lint(&["check", "--isolated", "--fix", s(&input)]);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert_eq!(
        std::fs::metadata(&victim).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(std::fs::read_link(&planted).unwrap(), victim);
    assert_eq!(std::fs::read_to_string(&input).unwrap(), FIXED);
    assert!(!std::fs::symlink_metadata(&input).unwrap().is_symlink());
    assert!(
        stderr(&o).contains("c.json: fixed 1 finding (rename `url_check` to `urlCheck`)"),
        "{}",
        stderr(&o)
    );
    // Only the planted link, the victim and the input: no temporary file is left behind.
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 3);
}

#[test]
fn a_symlinked_input_is_fixed_through_the_link() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("real")).unwrap();
    let target = write(&d.path().join("real"), "c.json", FIXABLE);
    let link = d.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = b24lint(&["check", "--isolated", "--fix", s(&link)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(std::fs::read_link(&link).unwrap(), target);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), FIXED);
}

#[test]
fn a_hard_linked_file_is_not_fixed() {
    let d = tempfile::tempdir().unwrap();
    let a = write(d.path(), "a.json", FIXABLE);
    let b = d.path().join("b.json");
    std::fs::hard_link(&a, &b).unwrap();
    let o = b24lint(&["check", "--isolated", "--fix", "--format", "server", s(&a)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "b24lint: error: {}: cannot write the fix: the file has 2 hard links; replacing it would leave the others unfixed, so it is not fixed\n",
            a.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), FIXABLE);
    assert_eq!(std::fs::metadata(&a).unwrap().nlink(), 2);
}

#[test]
fn a_read_only_file_is_not_fixed() {
    let d = tempfile::tempdir().unwrap();
    let a = write(d.path(), "a.json", FIXABLE);
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = b24lint(&["check", "--isolated", "--fix", "--format", "server", s(&a)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "b24lint: error: {}: cannot write the fix: the file is read-only; not fixed\n",
            a.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), FIXABLE);
    // The report is still printed: the file keeps its findings.
    assert!(String::from_utf8_lossy(&o.stdout).contains("VALIDATION_UNKNOWN_PARAMETERS"));
}

#[test]
fn permissions_owner_and_group_are_kept() {
    let d = tempfile::tempdir().unwrap();
    let a = write(d.path(), "a.json", FIXABLE);
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
    // Only root can give a file away; elsewhere the owner is the user and stays so.
    let root = std::fs::metadata(d.path()).unwrap().uid() == 0;
    if root {
        std::os::unix::fs::chown(&a, Some(65534), Some(65534)).unwrap();
    }
    let before = std::fs::metadata(&a).unwrap();
    let o = b24lint(&["check", "--isolated", "--fix", s(&a)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::metadata(&a).unwrap();
    assert_eq!(std::fs::read_to_string(&a).unwrap(), FIXED);
    assert_eq!(after.permissions().mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    if root {
        assert_eq!((after.uid(), after.gid()), (65534, 65534));
    }
}

#[test]
fn a_report_file_that_is_an_input_is_not_written() {
    let d = tempfile::tempdir().unwrap();
    let a = write(d.path(), "a.json", FIXABLE);
    let same = d.path().join(".").join("a.json");
    for flag in ["--json-file", "--sarif-file", "--server-file"] {
        let o = b24lint(&["check", "--isolated", s(&a), flag, s(&same)]);
        assert_eq!(o.status.code(), Some(2), "{flag}");
        assert_eq!(
            stderr(&o),
            format!(
                "b24lint: error: {}: is also an input ({}); the report is not written over it\n",
                same.display(),
                a.display()
            ),
            "{flag}"
        );
        assert_eq!(std::fs::read_to_string(&a).unwrap(), FIXABLE, "{flag}");
    }
    // Another file is written as asked.
    let report = d.path().join("report.json");
    let o = b24lint(&["check", "--isolated", s(&a), "--json-file", s(&report)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(std::fs::read_to_string(&report)
        .unwrap()
        .contains("\"version\""));
}

#[test]
fn a_closed_stderr_loses_no_fix_and_no_output() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..200 {
        write(d.path(), &format!("c{i:03}.json"), FIXABLE);
    }
    // A pipe whose reader is gone: every write to stderr fails with EPIPE.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let o = Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .args([
            "check",
            "--isolated",
            "--fix",
            "--format",
            "server",
            s(d.path()),
        ])
        .stdin(Stdio::null())
        .stderr(writer)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.matches("\"accepted\":true").count(), 200, "{out}");
    for i in 0..200 {
        let text = std::fs::read_to_string(d.path().join(format!("c{i:03}.json"))).unwrap();
        assert_eq!(text, FIXED, "c{i:03}.json");
    }
}

#[test]
fn no_report_is_written_over_standard_input_or_a_configuration() {
    let d = tempfile::tempdir().unwrap();
    let a = write(d.path(), "a.json", FIXABLE);
    let config = write(d.path(), "b24lint.toml", "target = \"26.250\"\n");
    // Standard input redirected from the file the report would go to.
    let o = Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .args(["check", "-", "--json-file", s(&a)])
        .stdin(std::fs::File::open(&a).unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "b24lint: error: {}: is also an input (<stdin>); the report is not written over it\n",
            a.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), FIXABLE);
    let o = b24lint(&["check", s(&a), "--sarif-file", s(&config)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "b24lint: error: {}: is also a configuration of the run ({}); the report is not written over it\n",
            config.display(),
            config.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "target = \"26.250\"\n"
    );
}

#[test]
fn a_file_with_the_longest_possible_name_is_fixed() {
    let d = tempfile::tempdir().unwrap();
    let name = format!("{}.json", "a".repeat(250));
    let a = write(d.path(), &name, FIXABLE);
    let o = b24lint(&["check", "--isolated", "--fix", s(&a)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&a).unwrap(), FIXED);
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
}

#[test]
fn set_id_bits_survive_a_change_of_owner() {
    let d = tempfile::tempdir().unwrap();
    let a = write(d.path(), "a.json", FIXABLE);
    let root = std::fs::metadata(d.path()).unwrap().uid() == 0;
    if root {
        // Giving the new file its owner clears these bits; they must be set again after.
        std::os::unix::fs::chown(&a, Some(65534), Some(65534)).unwrap();
    }
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o6755)).unwrap();
    let o = b24lint(&["check", "--isolated", "--fix", s(&a)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&a).unwrap(), FIXED);
    assert_eq!(
        std::fs::metadata(&a).unwrap().permissions().mode() & 0o7777,
        0o6755
    );
}

#[test]
fn a_file_named_twice_is_fixed_once_and_both_names_report_the_result() {
    let d = tempfile::tempdir().unwrap();
    let a = write(d.path(), "a.json", FIXABLE);
    std::os::unix::fs::symlink("a.json", d.path().join("b.json")).unwrap();
    let twice = d.path().join(".").join("a.json");
    let o = b24lint(&[
        "check",
        "--isolated",
        "--fix",
        "--format",
        "server",
        s(&a),
        s(&twice),
        s(&d.path().join("b.json")),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&a).unwrap(), FIXED);
    assert_eq!(
        stderr(&o),
        format!(
            "b24lint: {}: fixed 1 finding (rename `url_check` to `urlCheck`)\n",
            a.display()
        )
    );
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.matches("\"accepted\":true").count(), 3, "{out}");
}

#[test]
fn thousands_of_fixes_get_one_short_stderr_line() {
    let d = tempfile::tempdir().unwrap();
    let settings: Vec<String> = (0..5000)
        .map(|i| format!("{{\"name\": \"n{i}\", \"code\": \"c{i}\", \"type\": \"string\"}}"))
        .collect();
    let body = FIXED.replace(
        "\"settings\": []",
        &format!("\"settings\": [{}]", settings.join(", ")),
    );
    let a = write(d.path(), "a.json", &body);
    let o = b24lint(&["check", "--isolated", "--fix", "--format", "server", s(&a)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1);
    assert!(
        err.ends_with("; and 4990 more)\n"),
        "{}",
        &err[err.len().saturating_sub(200)..]
    );
    assert!(err.len() < 1000);
    assert_eq!(
        std::fs::read_to_string(&a).unwrap(),
        body.replace("\"type\": \"string\"", "\"type\": \"STRING\"")
    );
}
