//! The project run as a front-end without a disk uses it (an editor, a package): files and
//! configurations in memory, unsaved buffers over files, the nearest configuration, ignores
//! and levels applied once, unused ignores reported.

use b24lint::project::{self, ConfigFile, FileSystem, Input, Project, ProjectOptions};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Files by absolute path.
struct Memory(HashMap<PathBuf, String>);

impl FileSystem for Memory {
    fn config(&self, path: &Path) -> ConfigFile {
        match self.0.get(path) {
            Some(text) => ConfigFile::Text(text.clone()),
            None => ConfigFile::Absent,
        }
    }

    fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        self.0
            .get(path)
            .map(|t| t.clone().into_bytes())
            .ok_or_else(|| "no such file or directory".to_string())
    }
}

const CLEARTEXT: &str = r#"{"fields": {"title":"T","logo":"https://x.example/l.png","urlCheck":"http://x.example/c","urlData":"https://x.example/d","urlTableList":"https://x.example/l","urlTableDescription":"https://x.example/td","settings":[]}}"#;

fn memory() -> Memory {
    let mut files = HashMap::new();
    files.insert(
        "/app/b24lint.toml".into(),
        "[rules]\nurl-cleartext = \"error\"\n\n[[ignore]]\nfiles = [\"legacy/*.json\"]\ncodes = [\"url-cleartext\"]\nreason = \"old demo\"\n\n[[ignore]]\nfiles = [\"nowhere.json\"]\nreason = \"stale\"\n\n[[ignore]]\nfiles = [\"new/*.json\"]\ncodes = [\"logo-svg\"]\nreason = \"no svg here\"\n"
            .to_string(),
    );
    files.insert("/app/legacy/b24lint.toml".into(), String::new());
    files.insert("/app/new/a.json".into(), CLEARTEXT.to_string());
    files.insert("/app/legacy/old.json".into(), CLEARTEXT.to_string());
    Memory(files)
}

fn codes(f: &project::File) -> Vec<(&'static str, &'static str)> {
    f.result
        .as_ref()
        .unwrap()
        .report
        .diagnostics
        .iter()
        .map(|d| (d.code.name(), d.severity.name()))
        .collect()
}

#[test]
fn files_and_buffers_use_their_nearest_configuration() {
    let fs = memory();
    let options = ProjectOptions {
        cwd: "/app".into(),
        ..ProjectOptions::default()
    };
    let mut p = Project::new(&fs, options).unwrap();
    let inputs = [
        Input::File {
            name: "new/a.json".into(),
            path: "/app/new/a.json".into(),
        },
        // An unsaved buffer of a file in legacy/: the empty configuration there is nearest,
        // so neither the rule nor the ignore of /app applies.
        Input::Document {
            name: "legacy/old.json".into(),
            path: Some("legacy/old.json".into()),
            text: CLEARTEXT.replace("http://", "https://").into_bytes(),
        },
    ];
    let files: Vec<project::File> = inputs
        .into_iter()
        .map(|input| {
            let plan = p.plan_for(&fs, &input);
            project::check_input(&fs, input, plan)
        })
        .collect();
    assert_eq!(codes(&files[0]), vec![("url-cleartext", "error")]);
    assert_eq!(codes(&files[1]), vec![]);
    assert!(p.errors().is_empty());
    assert_eq!(
        p.unused_ignores(),
        // Only an entry whose files were checked can have matched nothing: legacy/old.json
        // has a nearer configuration, and nowhere.json is not in the run.
        vec![
            "b24lint.toml:13:1: warning: ignore-unused: this [[ignore]] matched nothing (reason: no svg here)",
        ]
    );
}

#[test]
fn an_unreadable_configuration_is_named() {
    struct Broken;
    impl FileSystem for Broken {
        fn config(&self, path: &Path) -> ConfigFile {
            if path == Path::new("/app/b24lint.toml") {
                ConfigFile::Unreadable("is a directory".into())
            } else {
                ConfigFile::Absent
            }
        }
        fn read(&self, _: &Path) -> Result<Vec<u8>, String> {
            Ok(CLEARTEXT.as_bytes().to_vec())
        }
    }
    let options = ProjectOptions {
        cwd: "/app".into(),
        ..ProjectOptions::default()
    };
    let mut p = Project::new(&Broken, options).unwrap();
    let _ = p.plan(&Broken, Some(Path::new("x/a.json")), "x/a.json");
    let lines: Vec<String> = p.errors().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        ["b24lint: error: b24lint.toml: cannot read the configuration: is a directory"]
    );
    let explicit = ProjectOptions {
        config: Some("/app/b24lint.toml".into()),
        cwd: "/app".into(),
        ..ProjectOptions::default()
    };
    let problems = Project::new(&Broken, explicit).err().unwrap();
    assert_eq!(
        problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["b24lint: error: /app/b24lint.toml: cannot read the configuration: is a directory"]
    );
    assert_eq!(problems[0].file, Path::new("/app/b24lint.toml"));
    assert_eq!(problems[0].at, None);
}
