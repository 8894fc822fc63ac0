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

/// Expands the command-line paths in order. Directories contribute their `*.json` files
/// (sorted, hidden entries and symlinked directories skipped); a missing path is kept, so that
/// reading it reports the problem in input order.
pub fn expand(paths: &[PathBuf], stdin_name: &str) -> Vec<Source> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Source {
                name: stdin_name.to_string(),
                kind: Kind::Stdin,
            });
        } else if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found, 0);
            out.extend(found.into_iter().map(|f| Source {
                name: f.display().to_string(),
                kind: Kind::File(f),
            }));
        } else {
            out.push(Source {
                name: p.display().to_string(),
                kind: Kind::File(p.clone()),
            });
        }
    }
    out
}

/// Depth guard against pathological trees; symlinked directories are never followed, so
/// loops cannot occur.
const MAX_DIR_DEPTH: usize = 64;

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > MAX_DIR_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(ft) = e.file_type() else { continue };
        let path = e.path();
        if ft.is_dir() {
            walk(&path, out, depth + 1);
        } else if path.extension().is_some_and(|x| x == "json") && !ft.is_dir() {
            out.push(path);
        }
    }
}
