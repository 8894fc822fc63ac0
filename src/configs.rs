//! Finding each input's `b24lint.toml` (the nearest one upward from the file, as ruff does),
//! and turning it plus the command line into what the input is checked with.

use b24lint::config::{Config, Settings, FILE_NAME};
use b24lint::{LineIndex, Linter, Options, Report};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What the command line sets explicitly; it wins over any configuration.
pub struct CliOverrides {
    pub settings: Settings,
    pub known_connectors: Option<Vec<i64>>,
    pub known_sources: Option<Vec<i64>>,
    pub known_datasets: Option<Vec<i64>>,
}

/// A configuration file read from disk.
pub struct Loaded {
    path: PathBuf,
    dir: PathBuf,
    text: String,
    /// Built once: every error and unused ignore is located through it.
    index: LineIndex,
    config: Config,
    /// Which `[[ignore]]` entries dropped something.
    used: Mutex<Vec<bool>>,
}

impl Loaded {
    fn at(&self, offset: usize) -> String {
        let at = self.index.locate(self.text.as_bytes(), offset);
        format!("{}:{}:{}", self.path.display(), at.line, at.column)
    }
}

/// How one input is checked.
#[derive(Clone)]
pub struct Plan {
    options: Options,
    config: Option<Arc<Loaded>>,
    /// The input's path relative to its configuration's directory, `/`-separated.
    rel: String,
}

impl Plan {
    pub fn linter(&self) -> Linter {
        Linter::new(self.options.clone())
    }

    /// Checks a text and drops what the configuration's `[[ignore]]` entries cover.
    pub fn check(&self, text: &[u8]) -> Report {
        let mut report = self.linter().check(text);
        self.drop_ignored(&mut report);
        report
    }

    /// Adds what the cross-file lints found, at this input's levels and minus its ignores.
    pub fn add_cross(&self, report: &mut Report, found: Vec<b24lint::Diagnostic>) {
        b24lint::cross::merge(report, found, &self.options.levels);
        self.drop_ignored(report);
    }

    fn drop_ignored(&self, report: &mut Report) {
        if let Some(loaded) = &self.config {
            let mut hits = Vec::new();
            report
                .diagnostics
                .retain(|d| match loaded.config.ignored_by(&self.rel, d) {
                    Some(i) => {
                        hits.push(i);
                        false
                    }
                    None => true,
                });
            if let Ok(mut used) = loaded.used.lock() {
                for i in hits {
                    used[i] = true;
                }
            }
        }
    }
}

pub struct Finder {
    explicit: Option<Arc<Loaded>>,
    isolated: bool,
    by_dir: HashMap<PathBuf, Option<Arc<Loaded>>>,
    loaded: Vec<Arc<Loaded>>,
    /// Problems in configuration files, one `path:line:column: error: …` line each.
    pub errors: Vec<String>,
}

impl Finder {
    /// `--config PATH` is read now; a problem with it ends the run.
    pub fn new(explicit: Option<&Path>, isolated: bool) -> Result<Finder, String> {
        let mut f = Finder {
            explicit: None,
            isolated,
            by_dir: HashMap::new(),
            loaded: Vec::new(),
            errors: Vec::new(),
        };
        if let Some(path) = explicit {
            let text = read(path).map_err(|e| {
                format!(
                    "b24lint: error: {}: cannot read the configuration: {e}",
                    path.display()
                )
            })?;
            let dir = absolute(path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            f.explicit = f.load(path.to_path_buf(), dir, text);
            if !f.errors.is_empty() {
                return Err(f.errors.join("\n"));
            }
        }
        Ok(f)
    }

    fn load(&mut self, path: PathBuf, dir: PathBuf, text: String) -> Option<Arc<Loaded>> {
        match Config::parse(&text) {
            Ok(config) => {
                let n = config.ignores().len();
                let loaded = Arc::new(Loaded {
                    path,
                    dir,
                    index: LineIndex::new(text.as_bytes()),
                    text,
                    config,
                    used: Mutex::new(vec![false; n]),
                });
                self.loaded.push(loaded.clone());
                Some(loaded)
            }
            Err(errors) => {
                let stub = Loaded {
                    path,
                    dir,
                    index: LineIndex::new(text.as_bytes()),
                    text,
                    config: Config::parse("").expect("an empty configuration is valid"),
                    used: Mutex::new(Vec::new()),
                };
                for e in errors {
                    self.errors
                        .push(format!("{}: error: {}", stub.at(e.span.start), e.message));
                }
                None
            }
        }
    }

    /// The nearest configuration at or above `dir`.
    fn nearest(&mut self, dir: &Path) -> Option<Arc<Loaded>> {
        if let Some(found) = self.by_dir.get(dir) {
            return found.clone();
        }
        let candidate = dir.join(FILE_NAME);
        // Anything by that name is meant as the configuration: one that cannot be read (a
        // directory, a FIFO, a symlink loop, a dangling link) is an error, not a skip.
        let present = std::fs::symlink_metadata(&candidate).is_ok();
        let found = if present {
            match read(&candidate) {
                Ok(text) => self.load(relative_display(&candidate), dir.to_path_buf(), text),
                Err(e) => {
                    self.errors.push(format!(
                        "b24lint: error: {}: cannot read the configuration: {e}",
                        relative_display(&candidate).display()
                    ));
                    None
                }
            }
        } else {
            match dir.parent() {
                Some(parent) => self.nearest(parent),
                None => None,
            }
        };
        self.by_dir.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// What an input at `path` (or standard input, named `name`) is checked with.
    pub fn plan(&mut self, path: Option<&Path>, name: &str, cli: &CliOverrides) -> Plan {
        let file = absolute(path.unwrap_or(Path::new(name)));
        let config = if self.isolated {
            None
        } else if let Some(explicit) = &self.explicit {
            Some(explicit.clone())
        } else {
            let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
            self.nearest(&dir)
        };
        let rel = config
            .as_ref()
            .and_then(|c| file.strip_prefix(&c.dir).ok())
            .map(|r| {
                r.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_else(|| name.to_string());
        let mut options = match &config {
            Some(c) => c.config.options_for(&rel, &Options::default()),
            None => Options::default(),
        };
        cli.settings.apply(&mut options);
        if cli.known_connectors.is_some() {
            options.known_connectors = cli.known_connectors.clone();
        }
        if cli.known_sources.is_some() {
            options.known_sources = cli.known_sources.clone();
        }
        if cli.known_datasets.is_some() {
            options.known_datasets = cli.known_datasets.clone();
        }
        Plan {
            options,
            config,
            rel,
        }
    }

    /// `path:line:column: warning: …` for every `[[ignore]]` that dropped nothing.
    pub fn unused_ignores(&self) -> Vec<String> {
        let mut out = Vec::new();
        for loaded in &self.loaded {
            let used = loaded.used.lock().map(|u| u.clone()).unwrap_or_default();
            for (ignore, used) in loaded.config.ignores().iter().zip(used) {
                if !used {
                    out.push(format!(
                        "{}: warning: ignore-unused: this [[ignore]] matched nothing (reason: {})",
                        loaded.at(ignore.span.start),
                        ignore.reason
                    ));
                }
            }
        }
        out
    }
}

/// The largest configuration read: far beyond any real one, small enough that `/dev/zero` or
/// a planted giant file cannot exhaust memory.
pub const MAX_CONFIG_BYTES: u64 = 16 << 20;

/// Reads a configuration file: a regular file (symlinks followed) of at most
/// [`MAX_CONFIG_BYTES`], in UTF-8. A FIFO is refused before it is opened, so it cannot block.
fn read(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| crate::inputs::reason(&e))?;
    if meta.is_dir() {
        return Err("is a directory".to_string());
    }
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    let too_big = || format!("larger than {MAX_CONFIG_BYTES} bytes");
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(too_big());
    }
    let file = std::fs::File::open(path).map_err(|e| crate::inputs::reason(&e))?;
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| crate::inputs::reason(&e))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_big());
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("not valid UTF-8 (byte {})", e.utf8_error().valid_up_to()))
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// A path as the user would write it: relative to the working directory when inside it.
fn relative_display(p: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| p.to_path_buf())
}
