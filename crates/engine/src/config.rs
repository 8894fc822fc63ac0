//! `b24lint.toml`: per-repository settings. Parsing and matching only; finding the file on
//! disk is the command's job.
//!
//! ```toml
//! target = "26.250"            # portal version
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
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// The file name looked up from each checked file upward.
pub const FILE_NAME: &str = "b24lint.toml";

/// A problem in the configuration file, with its place in the TOML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub span: Span,
    pub message: String,
}

/// A parsed configuration.
#[derive(Debug)]
pub struct Config {
    base: Settings,
    overrides: Vec<Override>,
    ignores: Vec<Ignore>,
}

/// Settings that override what a file is checked with: from the configuration's top level,
/// an `[[overrides]]` entry, or the command line. Levels must be valid for their code.
#[derive(Debug, Default, Clone)]
pub struct Settings {
    pub target: Option<Target>,
    pub input: Option<InputMode>,
    pub method: Option<Method>,
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
    fn matches(&self, rel_path: &str, d: &Diagnostic) -> bool {
        self.files.as_ref().is_none_or(|g| g.is_match(rel_path))
            && (self.codes.is_empty() || self.codes.contains(&d.code))
            && self.pointer.as_ref().is_none_or(|p| {
                d.pointer == *p || d.pointer.starts_with(&format!("{p}/")) || p.is_empty()
            })
    }
}

type RawRules = BTreeMap<Spanned<String>, Spanned<String>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    target: Option<Spanned<String>>,
    input: Option<Spanned<String>>,
    method: Option<Spanned<String>>,
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    #[serde(default)]
    ignore: Vec<Spanned<RawIgnore>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    files: Spanned<Vec<Spanned<String>>>,
    target: Option<Spanned<String>>,
    input: Option<Spanned<String>>,
    method: Option<Spanned<String>>,
    #[serde(default)]
    rules: RawRules,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    files: Option<Spanned<Vec<Spanned<String>>>>,
    pointer: Option<Spanned<String>>,
    codes: Option<Vec<Spanned<String>>>,
    reason: Option<Spanned<String>>,
}

fn span_of<T>(s: &Spanned<T>) -> Span {
    let r = s.span();
    Span::new(r.start, r.end)
}

fn error(span: Span, message: impl Into<String>) -> ConfigError {
    ConfigError {
        span,
        message: message.into(),
    }
}

impl Config {
    /// Parses the text of a `b24lint.toml`; every problem found is returned at once.
    pub fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let span = e
                .span()
                .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
            vec![error(span, e.message().trim_end().to_string())]
        })?;
        let mut errors = Vec::new();
        let base = settings(raw.target, raw.input, raw.method, raw.rules, &mut errors);
        let mut overrides = Vec::new();
        for o in raw.overrides {
            let files = globs(&o.files, &mut errors);
            let settings = settings(o.target, o.input, o.method, o.rules, &mut errors);
            if let Some(files) = files {
                overrides.push(Override { files, settings });
            }
        }
        let mut ignores = Vec::new();
        for entry in raw.ignore {
            let span = span_of(&entry);
            let i = entry.into_inner();
            let Some(reason) = i.reason.filter(|r| !r.get_ref().trim().is_empty()) else {
                errors.push(error(
                    span,
                    "an [[ignore]] needs a `reason`: say why the finding does not apply",
                ));
                continue;
            };
            let files = i.files.as_ref().and_then(|f| globs(f, &mut errors));
            let mut codes = Vec::new();
            for c in i.codes.unwrap_or_default() {
                match Code::lookup(c.get_ref()) {
                    Ok(code) => codes.push(code),
                    Err(why) => errors.push(error(span_of(&c), why)),
                }
            }
            let pointer = match i.pointer {
                Some(p) if !(p.get_ref().is_empty() || p.get_ref().starts_with('/')) => {
                    errors.push(error(
                        span_of(&p),
                        "a JSON Pointer is empty or starts with `/`, e.g. \"/fields/logo\"",
                    ));
                    None
                }
                p => p.map(Spanned::into_inner),
            };
            ignores.push(Ignore {
                files,
                pointer,
                codes,
                reason: reason.into_inner(),
                span,
            });
        }
        if errors.is_empty() {
            Ok(Config {
                base,
                overrides,
                ignores,
            })
        } else {
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

    pub fn ignores(&self) -> &[Ignore] {
        &self.ignores
    }

    /// The index of the first `[[ignore]]` that drops this finding, if any.
    pub fn ignored_by(&self, rel_path: &str, d: &Diagnostic) -> Option<usize> {
        self.ignores.iter().position(|i| i.matches(rel_path, d))
    }
}

fn settings(
    target: Option<Spanned<String>>,
    input: Option<Spanned<String>>,
    method: Option<Spanned<String>>,
    rules: RawRules,
    errors: &mut Vec<ConfigError>,
) -> Settings {
    let mut s = Settings::default();
    if let Some(t) = target {
        match t.get_ref().parse::<Target>() {
            Ok(v) => s.target = Some(v),
            Err(e) => errors.push(error(span_of(&t), e)),
        }
    }
    if let Some(i) = input {
        match i.get_ref().parse::<InputMode>() {
            Ok(v) => s.input = Some(v),
            Err(e) => errors.push(error(span_of(&i), e)),
        }
    }
    if let Some(m) = method {
        match m.get_ref().parse::<Method>() {
            Ok(v) => s.method = Some(v),
            Err(e) => errors.push(error(span_of(&m), e)),
        }
    }
    for (code, level) in rules {
        let c = match Code::lookup(code.get_ref()) {
            Ok(c) => c,
            Err(why) => {
                errors.push(error(span_of(&code), why));
                continue;
            }
        };
        let l = match level.get_ref().as_str() {
            "off" => Level::Allow,
            "warning" => Level::Warn,
            "error" => Level::Deny,
            other => {
                errors.push(error(
                    span_of(&level),
                    format!("unknown level `{other}`; expected \"off\", \"warning\" or \"error\""),
                ));
                continue;
            }
        };
        if c.origin() == Origin::Server && l != Level::Allow {
            errors.push(error(span_of(&level), format!("`{c}` is the portal's own answer: it stays an error and can only be turned \"off\"")));
            continue;
        }
        s.levels.push((c, l));
    }
    s
}

fn globs(
    files: &Spanned<Vec<Spanned<String>>>,
    errors: &mut Vec<ConfigError>,
) -> Option<globset::GlobSet> {
    let mut b = globset::GlobSetBuilder::new();
    let mut ok = true;
    for g in files.get_ref() {
        match globset::GlobBuilder::new(g.get_ref())
            .literal_separator(true)
            .build()
        {
            Ok(glob) => {
                b.add(glob);
            }
            Err(e) => {
                errors.push(error(span_of(g), format!("invalid glob: {}", e.kind())));
                ok = false;
            }
        }
    }
    if files.get_ref().is_empty() {
        errors.push(error(span_of(files), "`files` lists no globs"));
        return None;
    }
    ok.then(|| b.build().ok()).flatten()
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
