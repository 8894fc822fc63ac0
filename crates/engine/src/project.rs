//! The run of many inputs, as every front-end does it: each input's `b24lint.toml` (the
//! nearest one upward from the file, as ruff does), the command line's settings over it, the
//! check, the fixes until they settle, the lints across the files, then levels and ignores,
//! each applied once, and the ignores that matched nothing.
//!
//! The engine does no I/O: configuration files are read through [`FileSystem`], which the
//! command implements on the disk and an editor can implement over its open buffers.

use crate::checks::cross::{self, Summary};
use crate::config::{Config, Place, Problem, Settings, FILE_NAME};
use crate::render::{Checked as View, Outcome};
use crate::{Diagnostic, LineIndex, Linter, Options, Report};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What is found where a configuration file may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigFile {
    /// Nothing by that name: the search goes on upward.
    Absent,
    Text(String),
    /// Something is there but cannot be read as a configuration (a directory, a FIFO, a loop,
    /// too large, not UTF-8): a one-line reason. It is an error, never skipped.
    Unreadable(String),
}

/// Where the project run reads inputs and configuration files from. `Sync`, so a front-end
/// may check inputs on several threads.
pub trait FileSystem: Sync {
    fn config(&self, path: &Path) -> ConfigFile;
    /// The bytes of an input file, or why it cannot be read (one line, as shown to the user).
    fn read(&self, path: &Path) -> Result<Vec<u8>, String>;
}

/// One input of a run: a file, or a document already in memory (standard input, an editor's
/// unsaved buffer) under a name and, when it stands for a file, that file's path (its
/// configuration is found from there, and an unsaved buffer counts over the file on disk).
#[derive(Debug, Clone)]
pub enum Input {
    File {
        name: String,
        path: PathBuf,
    },
    Document {
        name: String,
        path: Option<PathBuf>,
        text: Vec<u8>,
    },
}

impl Input {
    pub fn name(&self) -> &str {
        match self {
            Input::File { name, .. } | Input::Document { name, .. } => name,
        }
    }

    /// The file the input is, or stands for.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::File { path, .. } => Some(path),
            Input::Document { path, .. } => path.as_deref(),
        }
    }
}

/// Reads (a file) and checks one input with its plan.
pub fn check_input(fs: &dyn FileSystem, input: Input, plan: Plan) -> File {
    let (name, path, text) = match input {
        Input::File { name, path } => {
            let text = fs.read(&path);
            (name, Some(path), text)
        }
        Input::Document { name, path, text } => (name, path, Ok(text)),
    };
    File {
        name,
        path,
        result: text.map(|t| plan.check(t)),
        plan,
    }
}

/// What the command line (or a caller) sets explicitly; it wins over any configuration.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub settings: Settings,
    pub known_connectors: Option<Vec<i64>>,
    pub known_sources: Option<Vec<i64>>,
    pub known_datasets: Option<Vec<i64>>,
}

/// A configuration file that was read.
struct Loaded {
    /// As shown in messages.
    path: PathBuf,
    /// Where it is, from the run's directory.
    file: PathBuf,
    dir: PathBuf,
    text: String,
    /// Built once: every error and unused ignore is located through it.
    index: LineIndex,
    config: Config,
    /// Which `[[ignore]]` entries dropped something.
    used: Mutex<Vec<IgnoreUse>>,
}

impl Loaded {
    fn at(&self, offset: usize) -> String {
        let at = self.index.locate(self.text.as_bytes(), offset);
        format!("{}:{}:{}", self.path.display(), at.line, at.column)
    }

    fn place(&self, span: crate::Span) -> Place {
        let text = self.text.as_bytes();
        Place {
            span,
            start: self.index.locate(text, span.start),
            end: self.index.locate(text, span.end),
        }
    }
}

/// What one `[[ignore]]` did in a run.
#[derive(Debug, Clone, Copy, Default)]
struct IgnoreUse {
    /// A file its `files` cover was checked.
    reached: bool,
    /// It dropped a finding.
    dropped: bool,
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

    /// The options the input is checked with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Whether the configuration's `exclude` leaves the input out of directory walks (a file
    /// named on the command line is checked all the same: the front-end decides).
    pub fn excluded(&self) -> bool {
        self.config
            .as_ref()
            .is_some_and(|c| c.config.excludes(&self.rel))
    }

    /// The configuration file the input is checked with, as shown in messages.
    pub fn configuration(&self) -> Option<&Path> {
        self.config.as_ref().map(|c| c.path.as_path())
    }

    /// What `--show-settings` prints for the input named `name`, checked as `report`: every
    /// setting it is checked with and where the configuration came from, one `key  value` line
    /// each. The method and shape are those the check used: an envelope names its own method,
    /// and `auto` reads the file as a request or a definition.
    pub fn describe(&self, name: &str, report: &Report) -> String {
        let o = &self.options;
        let method = if report.method == o.method {
            o.method.name().to_string()
        } else {
            format!(
                "{} (the file's envelope names it; the run sets {})",
                report.method.name(),
                o.method.name()
            )
        };
        let input = if o.input == crate::InputMode::Auto {
            format!(
                "auto (read as {})",
                match report.input {
                    crate::InputShape::Request => "a request",
                    crate::InputShape::Fields => "a definition",
                }
            )
        } else {
            o.input.name().to_string()
        };
        let known = |ids: &Option<Vec<i64>>| match ids {
            None => "any id (each is assumed to exist and belong to the application)".to_string(),
            Some(ids) if ids.is_empty() => "none".to_string(),
            Some(ids) => ids
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        };
        let levels: Vec<String> = o
            .levels
            .effective()
            .map(|(code, level)| {
                let level = match level {
                    crate::Level::Allow => "off",
                    crate::Level::Warn => "warning",
                    crate::Level::Deny => "error",
                };
                format!("{code} = {level}")
            })
            .collect();
        let rows = [
            (
                "configuration",
                self.configuration().map_or_else(
                    || "none (built-in defaults)".to_string(),
                    |p| p.display().to_string(),
                ),
            ),
            ("method", method),
            ("target", o.target.to_string()),
            ("input", input),
            (
                "transport",
                match report.via.carriage {
                    crate::diag::Carriage::Form => {
                        "a raw form body, read as written (--transport does not apply)".to_string()
                    }
                    crate::diag::Carriage::Sent(t) => t.to_string(),
                },
            ),
            (
                "caller",
                if report.via.caller == o.caller {
                    o.caller.to_string()
                } else {
                    format!(
                        "{} (the envelope's url is a webhook's; the run sets {})",
                        report.via.caller, o.caller
                    )
                },
            ),
            (
                "connector codes",
                o.connector_codes.as_ref().map_or_else(
                    || "from a connector in the run, else assumed".to_string(),
                    |c| c.join(", "),
                ),
            ),
            (
                "levels",
                if levels.is_empty() {
                    "the defaults of `b24lint rules`".to_string()
                } else {
                    levels.join(", ")
                },
            ),
            ("known connectors", known(&o.known_connectors)),
            ("known sources", known(&o.known_sources)),
            ("known datasets", known(&o.known_datasets)),
        ];
        let mut out = format!("{}\n", crate::render::visible(name));
        for (key, value) in rows {
            out.push_str(&format!("  {key:<18}{}\n", crate::render::visible(&value)));
        }
        out
    }

    /// Checks a text and drops what the configuration's `[[ignore]]` entries cover; keeps what
    /// the lints across files need of it.
    pub fn check(&self, text: Vec<u8>) -> Checked {
        let (mut report, summary) = crate::checks::check_with_summary(&text, &self.options);
        self.drop_ignored(&mut report.diagnostics);
        Checked {
            text,
            report,
            summary,
        }
    }

    /// The text with every fix applied until nothing more applies, and the fixes' titles;
    /// `None` when nothing applies.
    pub fn fixed(&self, checked: &Checked, unsafe_fixes: bool) -> Option<(Vec<u8>, Vec<String>)> {
        crate::fix::apply_all(&self.linter(), &checked.text, &checked.report, unsafe_fixes)
    }

    /// Adds what the cross-file lints found: levels and ignores applied to these alone.
    fn add_cross(&self, report: &mut Report, mut found: Vec<Diagnostic>) {
        self.drop_ignored(&mut found);
        cross::merge(report, found, &self.options.levels);
    }

    fn drop_ignored(&self, diagnostics: &mut Vec<Diagnostic>) {
        if let Some(loaded) = &self.config {
            let mut hits = Vec::new();
            diagnostics.retain(|d| match loaded.config.ignored_by(&self.rel, d) {
                Some(i) => {
                    hits.push(i);
                    false
                }
                None => true,
            });
            if let Ok(mut used) = loaded.used.lock() {
                for (i, ignore) in loaded.config.ignores().iter().enumerate() {
                    if ignore.covers(&self.rel) {
                        used[i].reached = true;
                    }
                }
                for i in hits {
                    used[i].dropped = true;
                }
            }
        }
    }
}

/// How a run finds its configuration.
#[derive(Debug, Clone, Default)]
pub struct ProjectOptions {
    /// One configuration for every input (`--config`), instead of the nearest one.
    pub config: Option<PathBuf>,
    /// No configuration at all (`--isolated`).
    pub isolated: bool,
    pub overrides: Overrides,
    /// The directory relative paths start from, and configuration paths are shown relative to.
    pub cwd: PathBuf,
}

/// One run over many inputs: it finds and keeps their configurations and remembers which
/// ignores matched.
pub struct Project {
    explicit: Option<Arc<Loaded>>,
    isolated: bool,
    overrides: Overrides,
    cwd: PathBuf,
    by_dir: HashMap<PathBuf, Option<Arc<Loaded>>>,
    loaded: Vec<Arc<Loaded>>,
    /// Configuration files that cannot be used, and problems in them.
    errors: Vec<Problem>,
}

impl Project {
    /// An explicit configuration is read now; a problem with it ends the run (every problem
    /// is returned).
    pub fn new(fs: &dyn FileSystem, options: ProjectOptions) -> Result<Project, Vec<Problem>> {
        let mut f = Project {
            explicit: None,
            isolated: options.isolated,
            overrides: options.overrides,
            cwd: options.cwd,
            by_dir: HashMap::new(),
            loaded: Vec::new(),
            errors: Vec::new(),
        };
        if let Some(path) = &options.config {
            let unreadable = |why: &str| {
                vec![Problem {
                    path: path.display().to_string(),
                    file: f.absolute(path),
                    at: None,
                    message: format!("cannot read the configuration: {why}"),
                }]
            };
            let text = match fs.config(path) {
                ConfigFile::Text(text) => text,
                ConfigFile::Absent => return Err(unreadable("no such file or directory")),
                ConfigFile::Unreadable(why) => return Err(unreadable(&why)),
            };
            let dir = f
                .absolute(path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            f.explicit = f.load(path.to_path_buf(), dir, text);
            if !f.errors.is_empty() {
                return Err(std::mem::take(&mut f.errors));
            }
        }
        Ok(f)
    }

    /// The configuration files the run has read (so a front-end never writes over one).
    pub fn configuration_files(&self) -> Vec<PathBuf> {
        self.loaded.iter().map(|l| l.file.clone()).collect()
    }

    /// Problems found in configuration files so far (each one's `Display` is its line).
    pub fn errors(&self) -> &[Problem] {
        &self.errors
    }

    fn load(&mut self, path: PathBuf, dir: PathBuf, text: String) -> Option<Arc<Loaded>> {
        let file = self.absolute(&path);
        match Config::parse(&text) {
            Ok(config) => {
                let n = config.ignores().len();
                let loaded = Arc::new(Loaded {
                    path,
                    file,
                    dir,
                    index: LineIndex::new(text.as_bytes()),
                    text,
                    config,
                    used: Mutex::new(vec![IgnoreUse::default(); n]),
                });
                self.loaded.push(loaded.clone());
                Some(loaded)
            }
            Err(errors) => {
                let stub = Loaded {
                    path,
                    file,
                    dir,
                    index: LineIndex::new(text.as_bytes()),
                    text,
                    config: Config::parse("").expect("an empty configuration is valid"),
                    used: Mutex::new(Vec::new()),
                };
                for e in errors {
                    self.errors.push(Problem {
                        path: stub.path.display().to_string(),
                        file: stub.file.clone(),
                        at: Some(stub.place(e.span)),
                        message: e.message,
                    });
                }
                None
            }
        }
    }

    /// The nearest configuration at or above `dir`.
    fn nearest(&mut self, fs: &dyn FileSystem, dir: &Path) -> Option<Arc<Loaded>> {
        if let Some(found) = self.by_dir.get(dir) {
            return found.clone();
        }
        let candidate = dir.join(FILE_NAME);
        // Anything by that name is meant as the configuration: one that cannot be read (a
        // directory, a FIFO, a symlink loop, a dangling link) is an error, not a skip.
        let found = match fs.config(&candidate) {
            ConfigFile::Text(text) => {
                let shown = self.relative_display(&candidate);
                self.load(shown, dir.to_path_buf(), text)
            }
            ConfigFile::Unreadable(e) => {
                self.errors.push(Problem {
                    path: self.relative_display(&candidate).display().to_string(),
                    file: candidate.clone(),
                    at: None,
                    message: format!("cannot read the configuration: {e}"),
                });
                None
            }
            ConfigFile::Absent => match dir.parent() {
                Some(parent) => self.nearest(fs, parent),
                None => None,
            },
        };
        self.by_dir.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// Finds and reads the configuration of an input at `path` (named `name`) without
    /// planning its check: a front-end that streams its output calls this for every input
    /// first, so a broken configuration stops the run before anything is written.
    pub fn discover(&mut self, fs: &dyn FileSystem, path: Option<&Path>, name: &str) {
        let file = self.absolute(path.unwrap_or(Path::new(name)));
        self.config_of(fs, &file);
    }

    /// The configuration a file at `file` (absolute) is checked with.
    fn config_of(&mut self, fs: &dyn FileSystem, file: &Path) -> Option<Arc<Loaded>> {
        if self.isolated {
            return None;
        }
        if let Some(explicit) = &self.explicit {
            return Some(explicit.clone());
        }
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        self.nearest(fs, &dir)
    }

    /// What an input is checked with.
    pub fn plan_for(&mut self, fs: &dyn FileSystem, input: &Input) -> Plan {
        self.plan(fs, input.path(), input.name())
    }

    /// What an input at `path` (or a document without one, named `name`: standard input, an
    /// editor's buffer) is checked with.
    pub fn plan(&mut self, fs: &dyn FileSystem, path: Option<&Path>, name: &str) -> Plan {
        let file = self.absolute(path.unwrap_or(Path::new(name)));
        let config = self.config_of(fs, &file);
        let cli = &self.overrides;
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
        options.form_body = name.ends_with(".form");
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
                // An entry whose files were not in this run (a pre-commit run passes only the
                // changed files) has nothing to say about them.
                if used.reached && !used.dropped {
                    out.push(format!(
                        "{}: warning: {}: this [[ignore]] matched nothing (reason: {})",
                        loaded.at(ignore.span.start),
                        crate::Code::IGNORE_UNUSED,
                        ignore.reason
                    ));
                }
            }
        }
        out
    }
}

impl Project {
    /// `p` from the run's directory, with `.` dropped (as `std::path::absolute` does on Unix,
    /// without asking the system for the working directory once per input).
    fn absolute(&self, p: &Path) -> PathBuf {
        let joined = if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.cwd.join(p)
        };
        joined
            .components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect()
    }

    /// A path as the user would write it: relative to the run's directory when inside it.
    fn relative_display(&self, p: &Path) -> PathBuf {
        p.strip_prefix(&self.cwd)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

/// An input after its check: its text, report and what the lints across files need of it.
pub struct Checked {
    pub text: Vec<u8>,
    pub report: Report,
    summary: Option<Summary>,
}

impl Checked {
    /// What the lints across files keep of the input, if they compare it at all.
    pub(crate) fn summary(&self) -> Option<&Summary> {
        self.summary.as_ref()
    }
}

/// One input of a run: its name, its file (none for standard input or an unsaved buffer), how
/// it is checked, and the outcome.
pub struct File {
    pub name: String,
    pub path: Option<PathBuf>,
    pub plan: Plan,
    /// The check, or why the input could not be read (one line).
    pub result: Result<Checked, String>,
}

impl File {
    /// The input as the renderers read it.
    pub fn view(&self) -> View<'_> {
        View {
            path: &self.name,
            outcome: match &self.result {
                Ok(c) => Outcome::Report {
                    report: &c.report,
                    text: &c.text,
                },
                Err(reason) => Outcome::Unreadable(reason),
            },
        }
    }

    /// Adds what the lints across files found in this input.
    pub(crate) fn add_cross(&mut self, found: Vec<Diagnostic>) {
        if found.is_empty() {
            return;
        }
        if let Ok(checked) = &mut self.result {
            self.plan.add_cross(&mut checked.report, found);
        }
    }

    /// Replaces the text with its fixed version and checks it again.
    pub fn refix(&mut self, fixed: Vec<u8>) {
        self.result = Ok(self.plan.check(fixed));
    }
}

/// The lints that compare the files of a run with each other, from what each check kept (no
/// file is parsed again); their findings get each file's levels and ignores.
pub fn across(files: &mut [File]) {
    let found = {
        let inputs: Vec<(usize, cross::Input<'_>)> = files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let checked = f.result.as_ref().ok()?;
                Some((
                    i,
                    cross::Input {
                        name: &f.name,
                        target: checked.report.target,
                        accepted: checked.report.answer.accepted(),
                        summary: checked.summary.as_ref()?,
                    },
                ))
            })
            .collect();
        let (index, inputs): (Vec<usize>, Vec<_>) = inputs.into_iter().unzip();
        cross::check(&inputs)
            .into_iter()
            .map(|(k, d)| (index[k], d))
            .collect::<Vec<_>>()
    };
    let mut by_file: std::collections::BTreeMap<usize, Vec<Diagnostic>> = Default::default();
    for (i, d) in found {
        by_file.entry(i).or_default().push(d);
    }
    for (i, diags) in by_file {
        files[i].add_cross(diags);
    }
}
