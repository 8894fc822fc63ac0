//! Turning command-line paths into inputs: files, `*.json` and `*.form` under directories,
//! standard input.

use b24lint::project::Input;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One input to check.
pub struct Source {
    pub name: String,
    kind: Kind,
    /// Found by walking a directory, not named on the command line.
    pub walked: bool,
}

enum Kind {
    File(PathBuf),
    Stdin,
}

impl Source {
    /// The file behind this input, if it is one (not standard input).
    pub fn path(&self) -> Option<&Path> {
        match &self.kind {
            Kind::File(p) => Some(p),
            Kind::Stdin => None,
        }
    }

    /// The input for the project run; standard input is read now, refusing more than `max`
    /// bytes (a failure is a one-line reason).
    pub fn into_input(self, max: u64) -> Result<Input, (String, String)> {
        match self.kind {
            Kind::File(path) => Ok(Input::File {
                name: self.name,
                path,
            }),
            Kind::Stdin => {
                let mut buf = Vec::new();
                let read = std::io::stdin()
                    .lock()
                    .take(max.saturating_add(1))
                    .read_to_end(&mut buf);
                match read {
                    Err(e) => Err((
                        self.name,
                        format!("cannot read standard input: {}", reason(&e)),
                    )),
                    Ok(_) if buf.len() as u64 > max => Err((
                        self.name,
                        format!("larger than --max-file-size ({max} bytes)"),
                    )),
                    Ok(_) => Ok(Input::Document {
                        name: self.name,
                        path: None,
                        text: buf,
                    }),
                }
            }
        }
    }
}

/// A one-line reason for an I/O error, without the OS's error number.
pub fn reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or directory".to_string(),
        PermissionDenied => "permission denied".to_string(),
        IsADirectory => "is a directory".to_string(),
        InvalidData => "not readable as bytes".to_string(),
        _ => e.to_string(),
    }
}

/// The inputs of a run, in order, in a few flat buffers: a directory's path is kept once and
/// each of its files as a name in one shared buffer, so a run over 100,000 files keeps a few
/// megabytes of names, not a `String` and a `PathBuf` per file.
#[derive(Default)]
pub struct Sources {
    /// Directories the files were listed from.
    dirs: Vec<PathBuf>,
    /// Names (or whole paths given on the command line), one after another.
    names: Vec<u8>,
    entries: Vec<Entry>,
    stdin_name: String,
    /// Files a walk left out by their name: other tools' files (`package.json`…).
    pub skipped_by_name: usize,
}

/// One input: `names[start..end]` in `dirs[dir]`, a path as given, or standard input.
#[derive(Clone, Copy)]
struct Entry {
    dir: u32,
    start: u32,
    end: u32,
}

/// `Entry::dir` of a path given on the command line.
const GIVEN: u32 = u32::MAX - 1;
/// `Entry::dir` of standard input.
const STDIN: u32 = u32::MAX;

impl Sources {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether standard input is one of the inputs.
    pub fn has_stdin(&self) -> bool {
        self.entries.iter().any(|e| e.dir == STDIN)
    }

    /// The inputs, made one at a time.
    pub fn iter(&self) -> impl Iterator<Item = Source> + '_ {
        self.entries.iter().map(|e| {
            let name = &self.names[e.start as usize..e.end as usize];
            let path = match e.dir {
                STDIN => {
                    return Source {
                        name: self.stdin_name.clone(),
                        kind: Kind::Stdin,
                        walked: false,
                    }
                }
                GIVEN => path_of(name),
                dir => self.dirs[dir as usize].join(path_of(name)),
            };
            Source {
                name: path.display().to_string(),
                kind: Kind::File(path),
                walked: e.dir != GIVEN,
            }
        })
    }

    /// Adds `bytes` to the names; where they are.
    fn name(&mut self, bytes: &[u8]) -> Option<(u32, u32)> {
        let start = u32::try_from(self.names.len()).ok()?;
        self.names.extend_from_slice(bytes);
        let end = u32::try_from(self.names.len()).ok()?;
        Some((start, end))
    }

    fn push_given(&mut self, path: &Path) {
        if let Some((start, end)) = self.name(bytes_of(path)) {
            self.entries.push(Entry {
                dir: GIVEN,
                start,
                end,
            });
        }
    }
}

#[cfg(unix)]
fn bytes_of(path: &Path) -> &[u8] {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes()
}

#[cfg(unix)]
fn path_of(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

// Elsewhere a path is kept as text; a name that is not Unicode is shown lossily anyway.
#[cfg(not(unix))]
fn bytes_of(path: &Path) -> &[u8] {
    path.to_str().unwrap_or_default().as_bytes()
}

#[cfg(not(unix))]
fn path_of(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// Expands the command-line paths in order. Directories contribute their `*.json` and `*.form` files,
/// sorted, through the walk git users expect (see [`walk`]); a missing path is kept, so that
/// reading it reports the problem in input order. A path named on the command line is always
/// an input, whatever `excludes` and the skip rules say: naming it says it is meant.
pub fn expand(paths: &[PathBuf], stdin_name: &str, excludes: &Excludes) -> Sources {
    let mut out = Sources {
        stdin_name: stdin_name.to_string(),
        ..Sources::default()
    };
    for p in paths {
        if p.as_os_str() == "-" {
            out.entries.push(Entry {
                dir: STDIN,
                start: 0,
                end: 0,
            });
        } else if p.is_dir() {
            walk(p, &mut out, excludes);
        } else {
            out.push_given(p);
        }
    }
    out
}

/// Depth guard against pathological trees; symlinked directories are never followed, so
/// loops cannot occur.
const MAX_DIR_DEPTH: usize = 64;

/// Directories a walk never enters: other tools' downloads, thousands of JSON files that are
/// not requests, even where no `.gitignore` says so. Named on the command line, they are
/// walked.
const NEVER_WALKED: [&str; 2] = ["node_modules", "vendor"];

/// `--exclude` patterns, given from the current directory (see [`b24lint::skip::Excludes`]).
#[derive(Default, Clone)]
pub struct Excludes {
    patterns: b24lint::skip::Excludes,
    cwd: PathBuf,
}

impl Excludes {
    /// The patterns, or the first that is not a glob (as a usage error's text).
    pub fn new(patterns: &[String]) -> Result<Excludes, String> {
        let parsed = b24lint::skip::Excludes::new(patterns.iter().map(String::as_str))
            .map_err(|(i, why)| format!("--exclude `{}` is not a glob: {why}", patterns[i]))?;
        Ok(Excludes {
            patterns: parsed,
            cwd: std::env::current_dir().unwrap_or_default(),
        })
    }

    /// Whether a walked entry at `path` is left out.
    fn excludes(&self, path: &Path) -> bool {
        // Called for every entry of a walk: without patterns, no path is spelt out.
        if self.patterns.is_empty() {
            return false;
        }
        let rel = if path.is_absolute() {
            path.strip_prefix(&self.cwd).unwrap_or(path)
        } else {
            path
        };
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        self.patterns.matches(&rel.join("/"))
    }
}

/// Lists the `*.json` and `*.form` files under `dir` with the `ignore` crate's walk, as git and ripgrep
/// see a tree: `.gitignore` (inside a git repository), `.ignore`, `.git/info/exclude` and
/// git's global excludes are honoured; hidden entries, symlinked directories, [`NEVER_WALKED`]
/// and `excludes` are skipped; files of other tools are counted as skipped by name
/// ([`b24lint::skip::skipped_by_name`]). A directory that cannot be read is kept as an input, so
/// reading it names the problem.
fn walk(dir: &Path, out: &mut Sources, excludes: &Excludes) {
    let mut walker = ignore::WalkBuilder::new(dir);
    walker
        .hidden(true)
        .follow_links(false)
        .max_depth(Some(MAX_DIR_DEPTH));
    let excludes = excludes.clone();
    walker.filter_entry(move |e| {
        // The root was named on the command line: it is walked whatever its name.
        e.depth() == 0
            || !(excludes.excludes(e.path())
                || e.file_type().is_some_and(|t| t.is_dir())
                    && NEVER_WALKED.iter().any(|n| e.file_name() == *n))
    });
    let mut current: Option<(PathBuf, u32)> = None;
    let first = out.entries.len();
    let mut failed = Vec::new();
    for entry in walker.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                // An unreadable directory (or one that vanished) is an input that fails.
                failed.extend(error_path(&e));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let path = entry.path();
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        let name = entry.file_name();
        // `.form`: a raw form body (`fields[title]=…&…`), as copied from a log.
        if is_dir
            || Path::new(name)
                .extension()
                .is_none_or(|x| x != "json" && x != "form")
        {
            continue;
        }
        if b24lint::skip::skipped_by_name(&name.to_string_lossy()) {
            out.skipped_by_name += 1;
            continue;
        }
        let parent = path.parent().unwrap_or(Path::new(""));
        // `b24lint check` (or `check .`) names files as ruff does: `bi/a.json`, not
        // `./bi/a.json`.
        let parent = if dir == Path::new(".") {
            parent.strip_prefix(".").unwrap_or(parent)
        } else {
            parent
        };
        let dir_index = match &current {
            Some((p, i)) if p == parent => *i,
            _ => {
                let Ok(i) = u32::try_from(out.dirs.len()) else {
                    break;
                };
                out.dirs.push(parent.to_path_buf());
                current = Some((parent.to_path_buf(), i));
                i
            }
        };
        if let Some((start, end)) = out.name(bytes_of(Path::new(name))) {
            out.entries.push(Entry {
                dir: dir_index,
                start,
                end,
            });
        }
    }
    // The walk streams entries in the directory's own order; sorting them here, as paths
    // compared name by name, gives the order of a walk sorted at each level without holding a
    // large directory's entries twice (the walk's sorting collects them first).
    let (dirs, names) = (&out.dirs, &out.names);
    let key = |e: &Entry| {
        dirs[e.dir as usize]
            .components()
            .map(|c| bytes_of(Path::new(c.as_os_str())))
            .chain(std::iter::once(&names[e.start as usize..e.end as usize]))
    };
    out.entries[first..].sort_by(|a, b| key(a).cmp(key(b)));
    for path in failed {
        out.push_given(&path);
    }
}

/// The path an error of the walk is about, if it names one.
fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}
