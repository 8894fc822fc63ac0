//! `b24lint.toml`: per-repository settings. Parsing and matching only; finding the file on
//! disk is the command's job.
//!
//! ```toml
//! target = "26.250"            # portal version
//! exclude = ["legacy"]         # left out of directory walks (see skip::Excludes)
//! input = "auto"               # request | fields | auto
//! method = "biconnector.connector.add"
//!
//! [rules]                      # lint codes: off | warning | error; server codes: off
//! url-cleartext = "error"
//!
//! [[overrides]]                # for matching files, change any of the above
//! files = ["legacy/**/*.json"]
//! target = "25.550"
//!
//! [[ignore]]                   # drop findings; reported when it matches nothing
//! files = ["examples/*.json"]
//! pointer = "/fields/logo"
//! codes = ["logo-svg"]
//! reason = "placeholder logo"
//! ```

use crate::diag::Diagnostic;
use crate::span::Span;
use crate::spec::methods::{InputMode, Method};
use crate::spec::{Code, Origin, Target};
use crate::{Level, Options};
use toml_edit::{Item, TableLike};

/// The file name looked up from each checked file upward.
pub const FILE_NAME: &str = "b24lint.toml";

/// A problem in the configuration file, with its place in the TOML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub span: Span,
    pub message: String,
}

/// A configuration file the run cannot use, or one problem in it, as every output reports it
/// (under [`Code::CONFIG_INVALID`]): with a broken configuration nothing is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as shown in messages: as given to `--config`, or relative to the run's
    /// directory when inside it.
    pub path: String,
    /// Where the file is, from the run's directory.
    pub file: std::path::PathBuf,
    /// Where in the file; `None` when the file could not be read at all.
    pub at: Option<Place>,
    /// What is wrong; for a file that could not be read, `cannot read the configuration: …`.
    pub message: String,
}

/// A place in a configuration file: bytes, and 1-based lines and columns (in characters, as
/// every format counts them); `end` is just past the last character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub span: Span,
    pub start: crate::LineCol,
    pub end: crate::LineCol,
}

impl Problem {
    pub fn code(&self) -> Code {
        Code::CONFIG_INVALID
    }
}

/// The line shown on stderr: `path:line:column: error: message`, or
/// `b24lint: error: path: cannot read the configuration: why`.
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.at {
            Some(at) => write!(
                f,
                "{}:{}:{}: error: {}",
                self.path, at.start.line, at.start.column, self.message
            ),
            None => write!(f, "b24lint: error: {}: {}", self.path, self.message),
        }
    }
}

/// A parsed configuration.
#[derive(Debug)]
pub struct Config {
    base: Settings,
    overrides: Vec<Override>,
    ignores: Vec<Ignore>,
    /// `exclude`: what walks leave out, from the configuration's directory.
    exclude: crate::skip::Excludes,
}

/// Settings that override what a file is checked with: from the configuration's top level,
/// an `[[overrides]]` entry, or the command line. Levels must be valid for their code.
#[derive(Debug, Default, Clone)]
pub struct Settings {
    pub target: Option<Target>,
    pub input: Option<InputMode>,
    pub method: Option<Method>,
    pub transport: Option<crate::Transport>,
    pub caller: Option<crate::Caller>,
    /// The setting codes of the connector the sources are added to (`connector-codes`).
    pub connector_codes: Option<Vec<String>>,
    pub levels: Vec<(Code, Level)>,
}

impl Settings {
    /// Applies what is set, leaving the rest of `o` as it is.
    pub fn apply(&self, o: &mut Options) {
        if let Some(t) = self.target {
            o.target = t;
        }
        if let Some(i) = self.input {
            o.input = i;
        }
        if let Some(m) = self.method {
            o.method = m;
            o.method_given = true;
        }
        if let Some(t) = self.transport {
            o.transport = t;
        }
        if let Some(c) = self.caller {
            o.caller = c;
        }
        if let Some(codes) = &self.connector_codes {
            o.connector_codes = Some(codes.clone());
        }
        for (code, level) in &self.levels {
            // Checked when the settings were built.
            let _ = o.levels.set(*code, *level);
        }
    }
}

#[derive(Debug)]
struct Override {
    files: globset::GlobSet,
    settings: Settings,
}

/// One `[[ignore]]` entry.
#[derive(Debug)]
pub struct Ignore {
    files: Option<globset::GlobSet>,
    pointer: Option<String>,
    codes: Vec<Code>,
    pub reason: String,
    /// The entry's place in the TOML text (for "matched nothing").
    pub span: Span,
}

impl Ignore {
    /// Whether the entry's `files` (every file, when absent) cover a file at `rel_path`.
    pub fn covers(&self, rel_path: &str) -> bool {
        self.files.as_ref().is_none_or(|g| g.is_match(rel_path))
    }

    fn matches(&self, rel_path: &str, d: &Diagnostic) -> bool {
        self.covers(rel_path)
            && (self.codes.is_empty() || self.codes.contains(&d.code))
            && self.pointer.as_ref().is_none_or(|p| {
                d.pointer == *p || d.pointer.starts_with(&format!("{p}/")) || p.is_empty()
            })
    }
}

/// The keys of each table, as written in the file (any case is accepted where it names one).
/// The settings of a file can be set at the top level and per override, the same keys.
const SETTING_KEYS: &[&str] = &[
    "target",
    "input",
    "method",
    "transport",
    "caller",
    "connector-codes",
    "rules",
];
const TOP_ONLY_KEYS: &[&str] = &["exclude", "overrides", "ignore"];
const OVERRIDE_ONLY_KEYS: &[&str] = &["files"];
const IGNORE_KEYS: &[&str] = &["files", "pointer", "codes", "reason"];

/// The words a `[rules]` value may be.
const LEVELS: &[&str] = &["off", "warning", "error"];

fn span_of(r: Option<std::ops::Range<usize>>, or: Span) -> Span {
    r.map_or(or, |r| Span::new(r.start, r.end))
}

fn error(span: Span, message: impl Into<String>) -> ConfigError {
    ConfigError {
        span,
        message: message.into(),
    }
}

/// A table (`[rules]`, an `[[overrides]]` entry) or an inline one (`rules = {…}`), with the
/// place that names it.
struct Table<'a> {
    entries: &'a dyn TableLike,
    span: Span,
}

/// Walks the parsed document, collecting every problem instead of stopping at the first.
struct Walk<'t> {
    text: &'t str,
    errors: Vec<ConfigError>,
}

impl Walk<'_> {
    /// The header of a `[[name]]` table (its span covers the whole table), so a problem of
    /// the entry points at one line.
    fn header(&self, span: Span) -> Span {
        let rest = self.text.get(span.start..span.end).unwrap_or_default();
        let line = rest.split('\n').next().unwrap_or_default();
        let end = line.find("]]").map_or(line.trim_end().len(), |i| i + 2);
        Span::new(span.start, span.start + end)
    }

    /// A table's entries under the names in `allowed` (exactly, or in another case), each with
    /// its key's place; unknown and repeated keys are errors. `within` names the table in
    /// messages (empty at the top level).
    fn entries<'a>(
        &mut self,
        table: &Table<'a>,
        allowed: &[&'static str],
        within: &str,
    ) -> Vec<(&'static str, Span, &'a Item)> {
        let mut out: Vec<(&'static str, Span, &'a Item)> = Vec::new();
        for (name, item) in table.entries.iter() {
            let key_span = span_of(
                table
                    .entries
                    .get_key_value(name)
                    .and_then(|(k, _)| k.span()),
                table.span,
            );
            let resolved = allowed.iter().find(|a| **a == name).copied().or_else(|| {
                let folded: Vec<&'static str> = allowed
                    .iter()
                    .filter(|a| a.eq_ignore_ascii_case(name))
                    .copied()
                    .collect();
                (folded.len() == 1).then(|| folded[0])
            });
            let Some(key) = resolved else {
                let place = if within.is_empty() {
                    String::new()
                } else {
                    format!(" in {within}")
                };
                let hint = match crate::suggest::did_you_mean(name, allowed) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("expected {}", listed(allowed)),
                };
                self.errors.push(error(
                    key_span,
                    format!("unknown key `{name}`{place}; {hint}"),
                ));
                continue;
            };
            if out.iter().any(|(k, _, _)| *k == key) {
                self.errors.push(error(
                    key_span,
                    format!("`{name}` sets `{key}` a second time"),
                ));
                continue;
            }
            out.push((key, key_span, item));
        }
        out
    }

    /// A string value, or an error at it.
    fn string<'a>(&mut self, key: &str, at: Span, item: &'a Item) -> Option<(&'a str, Span)> {
        let span = span_of(item.span(), at);
        match item.as_str() {
            Some(s) => Some((s, span)),
            None => {
                self.errors
                    .push(error(span, format!("`{key}` must be a string")));
                None
            }
        }
    }

    /// A value parsed by `T::from_str` (whose error says what is expected), or an error at it.
    fn parsed<T: std::str::FromStr<Err = String>>(
        &mut self,
        key: &str,
        at: Span,
        item: &Item,
    ) -> Option<T> {
        let (text, span) = self.string(key, at, item)?;
        match text.parse::<T>() {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(error(span, e));
                None
            }
        }
    }

    /// A list of strings (`files`, `codes`), each with its place.
    fn strings<'a>(
        &mut self,
        key: &str,
        at: Span,
        item: &'a Item,
        example: &str,
    ) -> Option<(Vec<(&'a str, Span)>, Span)> {
        let span = span_of(item.span(), at);
        let Some(array) = item.as_array() else {
            self.errors.push(error(
                span,
                format!("`{key}` must be a list of strings, e.g. {key} = {example}"),
            ));
            return None;
        };
        let mut out = Vec::new();
        for v in array.iter() {
            let at = span_of(v.span(), span);
            match v.as_str() {
                Some(s) => out.push((s, at)),
                None => self
                    .errors
                    .push(error(at, format!("`{key}` must list strings only"))),
            }
        }
        Some((out, span))
    }

    /// A table, or an error at it.
    fn table<'a>(&mut self, key: &str, at: Span, item: &'a Item) -> Option<Table<'a>> {
        let span = span_of(item.span(), at);
        match item.as_table_like() {
            Some(entries) => Some(Table { entries, span }),
            None => {
                self.errors.push(error(
                    span,
                    format!("`{key}` must be a table, e.g. [{key}]"),
                ));
                None
            }
        }
    }

    /// An array of tables (`[[overrides]]`, or `overrides = [{…}]`), each with its place.
    fn tables<'a>(&mut self, key: &str, at: Span, item: &'a Item) -> Vec<Table<'a>> {
        let span = span_of(item.span(), at);
        if let Some(list) = item.as_array_of_tables() {
            return list
                .iter()
                .map(|t| Table {
                    entries: t,
                    span: self.header(span_of(t.span(), span)),
                })
                .collect();
        }
        let inline: Option<Vec<Table<'a>>> = item.as_array().and_then(|a| {
            a.iter()
                .map(|v| {
                    v.as_inline_table().map(|t| Table {
                        entries: t,
                        span: span_of(v.span(), span),
                    })
                })
                .collect()
        });
        inline.unwrap_or_else(|| {
            self.errors.push(error(
                span,
                format!("`{key}` must be a list of tables, each written [[{key}]]"),
            ));
            Vec::new()
        })
    }

    /// `target`, `input`, `method`, `transport`, `caller`, `connector-codes` and `rules` (of the
    /// top level or an override).
    fn setting(&mut self, s: &mut Settings, key: &str, at: Span, item: &Item) {
        match key {
            "target" => s.target = self.parsed(key, at, item),
            "input" => s.input = self.parsed(key, at, item),
            "method" => s.method = self.parsed(key, at, item),
            "transport" => s.transport = self.parsed(key, at, item),
            "caller" => s.caller = self.parsed(key, at, item),
            "connector-codes" => {
                s.connector_codes = self
                    .strings(key, at, item, "[\"api_key\", \"warehouse\"]")
                    .map(|(codes, _)| codes.into_iter().map(|(c, _)| c.to_string()).collect())
            }
            "rules" => {
                if let Some(rules) = self.table(key, at, item) {
                    self.rules(s, &rules);
                }
            }
            _ => {}
        }
    }

    fn rules(&mut self, s: &mut Settings, rules: &Table<'_>) {
        for (name, item) in rules.entries.iter() {
            let key_span = span_of(
                rules
                    .entries
                    .get_key_value(name)
                    .and_then(|(k, _)| k.span()),
                rules.span,
            );
            let code = match Code::lookup(name) {
                Ok(c) => Some(c),
                Err(why) => {
                    self.errors.push(error(key_span, why));
                    None
                }
            };
            let Some((level, span)) = self.string("a level", key_span, item) else {
                continue;
            };
            let Some(level) = self.level(level, span) else {
                continue;
            };
            let Some(code) = code else { continue };
            if let Some(why) = crate::options::run_code(code) {
                self.errors.push(error(key_span, why));
                continue;
            }
            if code.origin() == Origin::Server && level != Level::Allow {
                self.errors.push(error(span, format!("`{code}` is the portal's own answer: it stays an error and can only be turned \"off\"")));
                continue;
            }
            s.levels.push((code, level));
        }
    }

    fn level(&mut self, text: &str, span: Span) -> Option<Level> {
        let word = LEVELS
            .iter()
            .find(|l| l.eq_ignore_ascii_case(text.trim()))
            .copied();
        match word {
            Some("off") => Some(Level::Allow),
            Some("warning") => Some(Level::Warn),
            Some("error") => Some(Level::Deny),
            _ => {
                let hint = match crate::suggest::did_you_mean(text, LEVELS) {
                    Some(near) => format!("did you mean \"{near}\"?"),
                    None => "expected \"off\", \"warning\" or \"error\"".to_string(),
                };
                self.errors
                    .push(error(span, format!("unknown level `{text}`; {hint}")));
                None
            }
        }
    }

    fn globs(&mut self, at: Span, item: &Item) -> Option<globset::GlobSet> {
        let (files, span) = self.strings("files", at, item, "[\"legacy/*.json\"]")?;
        if files.is_empty() {
            self.errors.push(error(span, "`files` lists no globs"));
            return None;
        }
        let mut b = globset::GlobSetBuilder::new();
        let mut ok = true;
        for (g, at) in files {
            match globset::GlobBuilder::new(g).literal_separator(true).build() {
                Ok(glob) => {
                    b.add(glob);
                }
                Err(e) => {
                    self.errors
                        .push(error(at, format!("invalid glob: {}", e.kind())));
                    ok = false;
                }
            }
        }
        ok.then(|| b.build().ok()).flatten()
    }

    /// `exclude = ["legacy", "bi/generated/**"]`; each pattern that is not a glob is an error
    /// at it.
    fn excludes(&mut self, at: Span, item: &Item) -> crate::skip::Excludes {
        let Some((patterns, _)) = self.strings("exclude", at, item, "[\"legacy\"]") else {
            return Default::default();
        };
        let mut good = Vec::new();
        for (p, at) in &patterns {
            match crate::skip::Excludes::new([*p]) {
                Ok(_) => good.push(*p),
                Err((_, why)) => self.errors.push(error(*at, format!("invalid glob: {why}"))),
            }
        }
        crate::skip::Excludes::new(good).unwrap_or_default()
    }

    fn override_entry(&mut self, t: &Table<'_>) -> Option<Override> {
        let mut settings = Settings::default();
        let mut files = None;
        let mut has_files = false;
        for (key, at, item) in self.entries(
            t,
            &[OVERRIDE_ONLY_KEYS, SETTING_KEYS].concat(),
            "[[overrides]]",
        ) {
            if key == "files" {
                has_files = true;
                files = self.globs(at, item);
            } else {
                self.setting(&mut settings, key, at, item);
            }
        }
        if !has_files {
            self.errors.push(error(
                t.span,
                "an [[overrides]] needs `files`: the globs of the files it applies to",
            ));
        }
        Some(Override {
            files: files?,
            settings,
        })
    }

    fn ignore_entry(&mut self, t: &Table<'_>) -> Option<Ignore> {
        let (mut files, mut pointer, mut codes, mut reason) = (None, None, Vec::new(), None);
        let mut ok = true;
        for (key, at, item) in self.entries(t, IGNORE_KEYS, "[[ignore]]") {
            match key {
                "files" => {
                    files = self.globs(at, item);
                    ok &= files.is_some();
                }
                "pointer" => match self.string(key, at, item) {
                    Some((p, _)) if p.is_empty() || p.starts_with('/') => {
                        pointer = Some(p.to_string())
                    }
                    Some((_, span)) => {
                        self.errors.push(error(
                            span,
                            "a JSON Pointer is empty or starts with `/`, e.g. \"/fields/logo\"",
                        ));
                    }
                    None => {}
                },
                "codes" => {
                    let Some((list, _)) = self.strings(key, at, item, "[\"logo-svg\"]") else {
                        continue;
                    };
                    for (c, at) in list {
                        match Code::lookup(c) {
                            Ok(code) => match crate::options::run_code(code) {
                                Some(why) => self.errors.push(error(at, why)),
                                None => codes.push(code),
                            },
                            Err(why) => self.errors.push(error(at, why)),
                        }
                    }
                }
                "reason" => reason = self.string(key, at, item).map(|(r, _)| r),
                _ => {}
            }
        }
        let Some(reason) = reason.filter(|r| !r.trim().is_empty()) else {
            self.errors.push(error(
                t.span,
                "an [[ignore]] needs a `reason`: say why the finding does not apply",
            ));
            return None;
        };
        ok.then(|| Ignore {
            files,
            pointer,
            codes,
            reason: reason.to_string(),
            span: t.span,
        })
    }
}

/// `a`, `b` or `c`.
fn listed(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

impl Config {
    /// Parses the text of a `b24lint.toml`; every problem found is returned at once, in the
    /// order of the text (a syntax error stops the parse: it is the only one then).
    pub fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
        let doc = toml_edit::ImDocument::parse(text).map_err(|e| {
            let span = span_of(e.span(), Span::new(0, 0));
            vec![error(span, e.message().trim_end().to_string())]
        })?;
        let mut walk = Walk {
            text,
            errors: Vec::new(),
        };
        let root = Table {
            entries: doc.as_table(),
            span: Span::new(0, 0),
        };
        let mut base = Settings::default();
        let mut overrides = Vec::new();
        let mut ignores = Vec::new();
        let mut exclude = crate::skip::Excludes::default();
        for (key, at, item) in walk.entries(&root, &[SETTING_KEYS, TOP_ONLY_KEYS].concat(), "") {
            match key {
                "exclude" => exclude = walk.excludes(at, item),
                "overrides" => {
                    for t in walk.tables(key, at, item) {
                        overrides.extend(walk.override_entry(&t));
                    }
                }
                "ignore" => {
                    for t in walk.tables(key, at, item) {
                        ignores.extend(walk.ignore_entry(&t));
                    }
                }
                _ => walk.setting(&mut base, key, at, item),
            }
        }
        let mut errors = walk.errors;
        if errors.is_empty() {
            Ok(Config {
                base,
                overrides,
                ignores,
                exclude,
            })
        } else {
            errors.sort_by_key(|e| e.span.start);
            Err(errors)
        }
    }

    /// The options for a file at `rel_path` (relative to the configuration's directory, with
    /// `/` separators), starting from `defaults`; overrides apply in file order.
    pub fn options_for(&self, rel_path: &str, defaults: &Options) -> Options {
        let mut o = defaults.clone();
        self.base.apply(&mut o);
        for ov in self
            .overrides
            .iter()
            .filter(|ov| ov.files.is_match(rel_path))
        {
            ov.settings.apply(&mut o);
        }
        o
    }

    /// Whether walks leave out the file or directory at `rel_path` (relative to the
    /// configuration's directory, `/`-separated).
    pub fn excludes(&self, rel_path: &str) -> bool {
        self.exclude.matches(rel_path)
    }

    pub fn ignores(&self) -> &[Ignore] {
        &self.ignores
    }

    /// The index of the first `[[ignore]]` that drops this finding, if any.
    pub fn ignored_by(&self, rel_path: &str, d: &Diagnostic) -> Option<usize> {
        self.ignores.iter().position(|i| i.matches(rel_path, d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_point_into_the_toml() {
        let text = "target = \"26.25\"\n[rules]\nurl-cleartext = \"loud\"\nVALIDATION_UNKNOWN_PARAMETERS = \"warning\"\nnope = \"off\"\n";
        let errs = Config::parse(text).unwrap_err();
        let at: Vec<(&str, &str)> = errs
            .iter()
            .map(|e| (&text[e.span.start..e.span.end], e.message.as_str()))
            .collect();
        assert_eq!(at.len(), 4, "{at:?}");
        assert_eq!(at[0].0, "\"26.25\"");
        assert!(at
            .iter()
            .any(|(t, m)| *t == "\"loud\"" && m.starts_with("unknown level")));
        assert!(at
            .iter()
            .any(|(t, m)| *t == "\"warning\"" && m.contains("only be turned \"off\"")));
        assert!(at.iter().any(|(t, _)| *t == "nope"));
    }

    #[test]
    fn syntax_and_unknown_keys() {
        let e = Config::parse("target = \n").unwrap_err();
        assert_eq!(e.len(), 1);
        let e = Config::parse("tagret = \"cloud\"\n").unwrap_err();
        assert!(e[0].message.contains("tagret"), "{:?}", e);
        let e = Config::parse("[[ignore]]\ncodes = [\"logo-svg\"]\n").unwrap_err();
        assert!(e[0].message.contains("reason"));
    }

    /// Each problem as (the text it points at, its message), in file order.
    fn problems(text: &str) -> Vec<(&str, String)> {
        Config::parse(text)
            .unwrap_err()
            .into_iter()
            .map(|e| (&text[e.span.start..e.span.end], e.message))
            .collect()
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let text =
            "targt = \"26.250\"\nmethod = \"biconnector.conector.add\"\ninput = \"fields\"\n";
        assert_eq!(
            problems(text),
            [
                ("targt", "unknown key `targt`; did you mean `target`?".to_string()),
                (
                    "\"biconnector.conector.add\"",
                    "unsupported method `biconnector.conector.add`; did you mean `biconnector.connector.add`?".to_string()
                ),
            ]
        );
        let text = "frobnicate = 1\n[rules]\nurl-cleartext = \"Warnin\"\nurl-invlid = \"loud\"\ninput-unreadable = \"off\"\n[[overrides]]\nfils = [\"a/*.json\"]\nTarget = 25\n[[ignore]]\ncodes = [\"config-invalid\", \"logo-sv\"]\npointer = \"fields\"\n";
        assert_eq!(
            problems(text),
            [
                ("frobnicate", "unknown key `frobnicate`; expected `target`, `input`, `method`, `transport`, `caller`, `connector-codes`, `rules`, `exclude`, `overrides` or `ignore`".to_string()),
                ("\"Warnin\"", "unknown level `Warnin`; did you mean \"warning\"?".to_string()),
                ("url-invlid", "unknown code `url-invlid`; did you mean `url-invalid`? `b24lint rules` lists them".to_string()),
                ("\"loud\"", "unknown level `loud`; expected \"off\", \"warning\" or \"error\"".to_string()),
                ("input-unreadable", "`input-unreadable` reports on the run, not on a request: no level can be set for it (see `b24lint explain input-unreadable`)".to_string()),
                ("[[overrides]]", "an [[overrides]] needs `files`: the globs of the files it applies to".to_string()),
                ("fils", "unknown key `fils` in [[overrides]]; did you mean `files`?".to_string()),
                ("25", "`target` must be a string".to_string()),
                ("[[ignore]]", "an [[ignore]] needs a `reason`: say why the finding does not apply".to_string()),
                ("\"config-invalid\"", "`config-invalid` reports on the run, not on a request: no level can be set for it (see `b24lint explain config-invalid`)".to_string()),
                ("\"logo-sv\"", "unknown code `logo-sv`; did you mean `logo-svg`? `b24lint rules` lists them".to_string()),
                ("\"fields\"", "a JSON Pointer is empty or starts with `/`, e.g. \"/fields/logo\"".to_string()),
            ]
        );
    }

    #[test]
    fn keys_and_values_in_any_case() {
        let c = Config::parse("Target = \"CLOUD\"\nINPUT = \"Fields\"\nMethod = \"BICONNECTOR.SOURCE.ADD\"\n[Rules]\nURL-CLEARTEXT = \"Error\"\n[[Overrides]]\nFiles = [\"old/*.json\"]\ntarget = \"25.550\"\n").unwrap();
        let o = c.options_for("a.json", &Options::default());
        assert_eq!(o.target, Target::Cloud);
        assert_eq!(o.input, InputMode::Fields);
        assert_eq!(o.method, Method::SourceAdd);
        assert_eq!(
            o.levels.severity(Code::URL_CLEARTEXT),
            Some(crate::Severity::Error)
        );
        assert_eq!(
            c.options_for("old/a.json", &Options::default()).target,
            Target::V25_550
        );
        // The same key twice in two spellings is one key set twice.
        assert_eq!(
            problems("target = \"cloud\"\nTarget = \"26.250\"\n"),
            [("Target", "`Target` sets `target` a second time".to_string())]
        );
        assert_eq!(
            problems("target = \"26.25\"\ninput = \"feilds\"\n"),
            [
                (
                    "\"26.25\"",
                    "unknown target `26.25`; did you mean `26.250`?".to_string()
                ),
                (
                    "\"feilds\"",
                    "unknown input shape `feilds`; did you mean `fields`?".to_string()
                ),
            ]
        );
    }

    #[test]
    fn inline_tables_and_wrong_shapes() {
        let c = Config::parse("rules = { url-cleartext = \"off\" }\noverrides = [{ files = [\"a/*.json\"], target = \"25.550\" }]\n").unwrap();
        let d = Options::default();
        assert_eq!(
            c.options_for("x.json", &d)
                .levels
                .severity(Code::URL_CLEARTEXT),
            None
        );
        assert_eq!(c.options_for("a/x.json", &d).target, Target::V25_550);
        assert_eq!(
            problems(
                "rules = \"off\"\noverrides = 3\n[[ignore]]\nfiles = \"a.json\"\nreason = \"r\"\n"
            ),
            [
                (
                    "\"off\"",
                    "`rules` must be a table, e.g. [rules]".to_string()
                ),
                (
                    "3",
                    "`overrides` must be a list of tables, each written [[overrides]]".to_string()
                ),
                (
                    "\"a.json\"",
                    "`files` must be a list of strings, e.g. files = [\"legacy/*.json\"]"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn overrides_apply_to_matching_files() {
        let c = Config::parse("target = \"26.250\"\n[[overrides]]\nfiles = [\"legacy/*.json\"]\ntarget = \"25.550\"\n[overrides.rules]\nurl-cleartext = \"off\"\n").unwrap();
        let d = Options::default();
        assert_eq!(c.options_for("a.json", &d).target, Target::V26_250);
        let o = c.options_for("legacy/a.json", &d);
        assert_eq!(o.target, Target::V25_550);
        assert_eq!(o.levels.severity(Code::URL_CLEARTEXT), None);
        assert_eq!(c.options_for("legacy/x/a.json", &d).target, Target::V26_250);
    }
}
