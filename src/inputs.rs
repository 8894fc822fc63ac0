//! Turning command-line paths into inputs: files, `*.json` under directories, standard input.

use b24lint::project::Input;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One input to check.
pub struct Source {
    pub name: String,
    kind: Kind,
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
                    }
                }
                GIVEN => path_of(name),
                dir => self.dirs[dir as usize].join(path_of(name)),
            };
            Source {
                name: path.display().to_string(),
                kind: Kind::File(path),
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

/// Expands the command-line paths in order. Directories contribute their `*.json` files
/// (sorted, hidden entries and symlinked directories skipped); a missing path is kept, so that
/// reading it reports the problem in input order.
pub fn expand(paths: &[PathBuf], stdin_name: &str) -> Sources {
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
            walk(p, &mut out, 0);
        } else {
            out.push_given(p);
        }
    }
    out
}

/// Depth guard against pathological trees; symlinked directories are never followed, so
/// loops cannot occur.
const MAX_DIR_DEPTH: usize = 64;

fn walk(dir: &Path, out: &mut Sources, depth: usize) {
    if depth > MAX_DIR_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push_given(dir);
        return;
    };
    let Ok(at) = u32::try_from(out.dirs.len()) else {
        return;
    };
    // The directory's names go straight into the shared buffer, its files straight into the
    // list, sorted where they stand; subdirectories are walked in their place in that order.
    let first = out.entries.len();
    let mut dirs: Vec<Entry> = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name();
        let name = Path::new(&name);
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(ft) = e.file_type() else { continue };
        let is_json = name.extension().is_some_and(|x| x == "json");
        if !ft.is_dir() && !is_json {
            continue;
        }
        let Some((start, end)) = out.name(bytes_of(name)) else {
            continue;
        };
        let entry = Entry {
            dir: at,
            start,
            end,
        };
        if ft.is_dir() {
            dirs.push(entry);
        } else {
            out.entries.push(entry);
        }
    }
    out.dirs.push(dir.to_path_buf());
    let names = &out.names;
    let of = |e: &Entry| &names[e.start as usize..e.end as usize];
    out.entries[first..].sort_by(|a, b| of(a).cmp(of(b)));
    if dirs.is_empty() {
        return;
    }
    dirs.sort_by(|a, b| of(a).cmp(of(b)));
    let mut files = out.entries.split_off(first).into_iter().peekable();
    for d in dirs {
        let name = out.names[d.start as usize..d.end as usize].to_vec();
        while let Some(f) = files.next_if(|f| out.names[f.start as usize..f.end as usize] < *name) {
            out.entries.push(f);
        }
        walk(&dir.join(path_of(&name)), out, depth + 1);
    }
    out.entries.extend(files);
}
