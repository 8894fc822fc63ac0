//! What a directory walk leaves out: JSON files that are clearly not BIConnector documents.
//!
//! An app's repository holds many JSON files that are not requests: `package.json`,
//! `tsconfig.json`, `composer.json`, lockfiles. Checked, each would be reported as a request
//! without `fields`. A walk skips them by name, and (when the input shape is `auto`) skips any
//! file whose top level is an object with none of the keys of any method's request or
//! definition. A file named on the command line is always checked: naming it says it is meant.

use crate::spec::methods::Method;

/// Patterns that leave files and directories out of directory walks (`--exclude`, `exclude`
/// in `b24lint.toml`): one without `/` matches a file or directory name at any depth, as in
/// `.gitignore`; one with `/` matches the path from where it is given (the current directory,
/// or the configuration's directory), `*` staying within a name and `**` crossing names. A
/// directory that matches leaves out everything under it.
#[derive(Debug, Clone, Default)]
pub struct Excludes {
    names: Option<globset::GlobSet>,
    paths: Option<globset::GlobSet>,
}

impl Excludes {
    /// The patterns, or the index of the first that is not a glob and why.
    pub fn new<'a>(
        patterns: impl IntoIterator<Item = &'a str>,
    ) -> Result<Excludes, (usize, String)> {
        let mut names = globset::GlobSetBuilder::new();
        let mut paths = globset::GlobSetBuilder::new();
        let (mut any_name, mut any_path) = (false, false);
        for (i, p) in patterns.into_iter().enumerate() {
            let trimmed = p.trim_end_matches('/');
            let trimmed = trimmed.strip_prefix("./").unwrap_or(trimmed);
            let glob = globset::GlobBuilder::new(trimmed)
                .literal_separator(true)
                .build()
                .map_err(|e| (i, e.kind().to_string()))?;
            if trimmed.contains('/') {
                paths.add(glob);
                any_path = true;
            } else {
                names.add(glob);
                any_name = true;
            }
        }
        let build = |b: globset::GlobSetBuilder, any: bool, at: usize| {
            any.then(|| b.build().map_err(|e| (at, e.to_string())))
                .transpose()
        };
        Ok(Excludes {
            names: build(names, any_name, 0)?,
            paths: build(paths, any_path, 0)?,
        })
    }

    /// Whether there are no patterns: nothing is left out.
    pub fn is_empty(&self) -> bool {
        self.names.is_none() && self.paths.is_none()
    }

    /// Whether a path (`/`-separated, from where the patterns were given) is left out: a name
    /// pattern matches one of its names, a path pattern the path or a directory above it.
    pub fn matches(&self, rel: &str) -> bool {
        let parts: Vec<&str> = rel
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        if let Some(names) = &self.names {
            if parts.iter().any(|p| names.is_match(p)) {
                return true;
            }
        }
        let Some(paths) = &self.paths else {
            return false;
        };
        let mut prefix = String::new();
        for p in parts {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(p);
            if paths.is_match(&prefix) {
                return true;
            }
        }
        false
    }
}

/// Why a walked file is not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Its name is that of a tool's file (`package.json`, a lockfile…).
    Name,
    /// Its top level has no key a BIConnector request or definition has.
    Content,
}

/// Whether a file of this name is another tool's: npm, TypeScript, Composer, lockfiles.
pub fn skipped_by_name(file_name: &str) -> bool {
    let name = file_name.to_ascii_lowercase();
    let Some(stem) = name.strip_suffix(".json") else {
        return false;
    };
    matches!(
        stem,
        "package" | "package-lock" | "npm-shrinkwrap" | "composer" | "bower" | "deno" | "lerna"
    ) || ["tsconfig", "jsconfig"].iter().any(|t| {
        stem == *t || stem.starts_with(&format!("{t}.")) || stem.starts_with(&format!("{t}-"))
    }) || stem.ends_with("-lock")
        || stem.ends_with(".lock")
}

/// Whether `text` is clearly not a BIConnector document: a JSON object with keys, none of
/// which marks a BIConnector request or definition. A key marks one when it is
/// - one no other JSON is likely to have ([`DISTINCTIVE`]: `fields`, `urlCheck`, `settings`,
///   `sourceId`…), or one letter from it (`urlChek`);
/// - or, with `params`, the `method` of an envelope;
///
/// and a file whose keys are all the parameters of one method (`{"id": 5}`,
/// `{"select": …, "filter": …}`) is a request too. Keys are compared ignoring case, `_` and
/// `-`. Generic keys alone (`title`, `name`, `description`, `id` with `order`) do not make a
/// locale file or a web manifest a request. Anything else (an empty object, a top level that
/// is not an object, text that is not JSON) is checked: the checks have something to say.
pub fn is_foreign(text: &[u8]) -> bool {
    let mut keys = TopLevelKeys::new(text);
    let mut seen: Vec<String> = Vec::new();
    while let Some(key) = keys.next_key() {
        let key: String = folded(key).map(char::from).collect();
        if is_distinctive(&key) {
            return false;
        }
        if seen.len() < MAX_KEYS_READ {
            seen.push(key);
        }
    }
    if !keys.ended_well() || seen.is_empty() {
        return false;
    }
    let has = |k: &str| seen.iter().any(|s| s == k);
    if has("method") && has("params") {
        return false;
    }
    let fits_a_method = Method::ALL.iter().any(|m| {
        seen.iter().all(|k| {
            m.params()
                .iter()
                .any(|p| folded(p.as_bytes()).map(char::from).eq(k.chars()))
        })
    });
    !fits_a_method
}

/// Keys read from a top level past the distinctive check; a file with more is not one
/// method's parameters anyway.
const MAX_KEYS_READ: usize = 16;

/// Keys of BIConnector requests and definitions that other JSON seldom has.
pub const DISTINCTIVE: &[&str] = &[
    "fields",
    "urlCheck",
    "urlData",
    "urlTableList",
    "urlTableDescription",
    "logo",
    "settings",
    "connectorId",
    "sourceId",
    "externalCode",
    "externalName",
    "supportMapping",
    "sourceCode",
    "dateCreate",
    "dateUpdate",
];

/// `key` (folded) is a distinctive key, or one edit from one of six letters or more.
fn is_distinctive(key: &str) -> bool {
    DISTINCTIVE.iter().any(|d| {
        let d: String = folded(d.as_bytes()).map(char::from).collect();
        d == key || (d.len() >= 6 && within_one_edit(&d, key))
    })
}

/// Whether two ASCII strings differ by at most one insertion, deletion or substitution.
fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[prefix + 1.min(short.len() - prefix)..] == long[prefix + 1.min(long.len() - prefix)..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// Why a walked file named `file_name` holding `text` is skipped, if it is. The name alone
/// decides first, so a tool's file is never read for this.
pub fn skip(file_name: &str, text: Option<&[u8]>) -> Option<Skip> {
    if skipped_by_name(file_name) {
        return Some(Skip::Name);
    }
    text.filter(|t| is_foreign(t)).map(|_| Skip::Content)
}

/// A key as compared: ASCII lower case without `_` and `-`.
fn folded(key: &[u8]) -> impl Iterator<Item = u8> + '_ {
    key.iter()
        .filter(|b| !matches!(b, b'_' | b'-'))
        .map(u8::to_ascii_lowercase)
}

/// Reads the keys of a top-level JSON object without building a tree: values are skipped by
/// counting brackets outside strings. Escapes in keys are left as written (a key that needs
/// them is no request's).
struct TopLevelKeys<'a> {
    text: &'a [u8],
    at: usize,
    state: State,
}

#[derive(PartialEq, Eq)]
enum State {
    Start,
    /// Inside the object, before a key (or its end).
    Key,
    Done,
    Broken,
}

impl<'a> TopLevelKeys<'a> {
    fn new(text: &'a [u8]) -> Self {
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        TopLevelKeys {
            text,
            at: 0,
            state: State::Start,
        }
    }

    fn ended_well(&self) -> bool {
        self.state == State::Done
    }

    fn skip_ws(&mut self) {
        while self
            .text
            .get(self.at)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    /// A string starting at `self.at` (a `"`); its contents. `None` if it does not end.
    fn string(&mut self) -> Option<&'a [u8]> {
        let start = self.at + 1;
        let mut i = start;
        while i < self.text.len() {
            match self.text[i] {
                b'\\' => i += 2,
                b'"' => {
                    self.at = i + 1;
                    return Some(&self.text[start..i]);
                }
                _ => i += 1,
            }
        }
        None
    }

    /// Skips one value; `false` if the text ends or breaks inside it.
    fn value(&mut self) -> bool {
        self.skip_ws();
        if matches!(self.peek(), None | Some(b',' | b'}' | b']')) {
            return false;
        }
        let mut depth = 0usize;
        loop {
            self.skip_ws();
            match self.peek() {
                None => return false,
                Some(b'"') => {
                    if self.string().is_none() {
                        return false;
                    }
                }
                Some(b'{' | b'[') => {
                    depth += 1;
                    self.at += 1;
                }
                Some(b'}' | b']') => {
                    if depth == 0 {
                        return false;
                    }
                    depth -= 1;
                    self.at += 1;
                }
                Some(b',' | b':') => self.at += 1,
                Some(_) => {
                    // A number or literal: up to the next delimiter.
                    while self
                        .peek()
                        .is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b'"' | b'{' | b'['))
                        && !self.peek().is_some_and(|b| b.is_ascii_whitespace())
                    {
                        self.at += 1;
                    }
                }
            }
            if depth == 0 {
                self.skip_ws();
                return matches!(self.peek(), Some(b',' | b'}'));
            }
        }
    }

    fn next_key(&mut self) -> Option<&'a [u8]> {
        loop {
            match self.state {
                State::Done | State::Broken => return None,
                State::Start => {
                    self.skip_ws();
                    if self.peek() != Some(b'{') {
                        self.state = State::Broken;
                        return None;
                    }
                    self.at += 1;
                    self.state = State::Key;
                }
                State::Key => {
                    self.skip_ws();
                    match self.peek() {
                        Some(b'}') => {
                            self.at += 1;
                            self.skip_ws();
                            self.state = if self.at == self.text.len() {
                                State::Done
                            } else {
                                State::Broken
                            };
                            return None;
                        }
                        Some(b',') => self.at += 1,
                        Some(b'"') => {
                            let Some(key) = self.string() else {
                                self.state = State::Broken;
                                return None;
                            };
                            self.skip_ws();
                            if self.peek() != Some(b':') {
                                self.state = State::Broken;
                                return None;
                            }
                            self.at += 1;
                            if !self.value() {
                                self.state = State::Broken;
                                return None;
                            }
                            return Some(key);
                        }
                        _ => {
                            self.state = State::Broken;
                            return None;
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excludes_match_names_at_any_depth_and_paths_with_their_directories() {
        let e = Excludes::new(["legacy", "*.draft.json", "bi/generated/", "./a/*.json"]).unwrap();
        for rel in [
            "legacy",
            "bi/legacy/x.json",
            "x.draft.json",
            "deep/er/x.draft.json",
            "bi/generated",
            "bi/generated/x.json",
            "./a/x.json",
            "a/x.json",
        ] {
            assert!(e.matches(rel), "{rel}");
        }
        for rel in [
            "legacy.json",
            "bi/x.json",
            "a/b/x.json",
            "generated/x.json",
            "x/bi/generated/y.json",
        ] {
            assert!(!e.matches(rel), "{rel}");
        }
        assert!(!Excludes::default().matches("anything"));
        assert!(Excludes::default().is_empty());
        assert!(Excludes::new([]).unwrap().is_empty());
        assert!(!e.is_empty());
        assert!(!Excludes::new(["a/b"]).unwrap().is_empty());
        assert_eq!(
            Excludes::new(["ok", "bi/["]).unwrap_err(),
            (1, "unclosed character class; missing ']'".to_string())
        );
    }

    #[test]
    fn tools_files_are_skipped_by_name() {
        for name in [
            "package.json",
            "Package.JSON",
            "package-lock.json",
            "npm-shrinkwrap.json",
            "composer.json",
            "tsconfig.json",
            "tsconfig.build.json",
            "tsconfig-base.json",
            "jsconfig.json",
            "bower.json",
            "deno.json",
            "lerna.json",
            "yarn-lock.json",
            "flake.lock.json",
        ] {
            assert!(skipped_by_name(name), "{name}");
        }
        for name in [
            "connector.json",
            "package.jsonc",
            "packages.json",
            "tsconfigs.json",
            "my-package.json",
            "lock.json",
            "composer",
        ] {
            assert!(!skipped_by_name(name), "{name}");
        }
    }

    #[test]
    fn a_top_level_without_biconnector_keys_is_foreign() {
        for text in [
            r#"{"compilerOptions": {"strict": true}, "include": ["src"]}"#,
            r#"{"a": [1, {"b": "}"}], "c": "x\"y", "d": -1.5e3, "e": null}"#,
            "\u{FEFF}{\"recommendations\": []}",
            // A locale file and a web manifest: generic keys only.
            r#"{"title": "Sales", "description": "Sales data", "save": "Save"}"#,
            r#"{"name": "App", "short_name": "App", "description": "x", "icons": [], "start_url": "/"}"#,
            // `id` and `order` are parameters, but of no one method.
            r#"{"id": "app.local", "order": 3}"#,
            r#"{"method": "x"}"#,
            r#"{"files": ["a"]}"#,
        ] {
            assert!(is_foreign(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn anything_that_may_be_a_request_is_checked() {
        for text in [
            r#"{"fields": {}}"#,
            r#"{"other": 1, "FIELDS": {}}"#,
            r#"{"url_check": "https://x"}"#,
            r#"{"urlChek": "https://x", "title": "T"}"#,
            r#"{"title": "T", "setings": []}"#,
            r#"{"title": "T", "logo": "x.png"}"#,
            r#"{"method": "x", "params": {}}"#,
            r#"{"select": ["id"]}"#,
            r#"{"select": ["id"], "filter": {}, "Order": {}}"#,
            r#"{"id": 5}"#,
            r#"{"id": 5, "add": []}"#,
            r#"{"externalCode": "x"}"#,
            r#"{"source_id": 1, "name": "sales"}"#,
            "{}",
            "[]",
            r#"{"a": 1"#,
            r#"{"a": 1} trailing"#,
            r#"{"a" 1}"#,
            r#"{"a": }"#,
            r#"{"a": , "b": 1}"#,
            r#"{"a": "unterminated}"#,
            "not json",
            "",
        ] {
            assert!(!is_foreign(text.as_bytes()), "{text}");
        }
    }

    #[test]
    fn one_edit_means_one_insertion_deletion_or_substitution() {
        for (a, b) in [
            ("fields", "fields"),
            ("urlcheck", "urlchek"),
            ("urlcheck", "urlchecks"),
            ("settings", "settinks"),
            ("logo", "lgo"),
        ] {
            assert!(within_one_edit(a, b), "{a} {b}");
            assert!(within_one_edit(b, a), "{b} {a}");
        }
        for (a, b) in [
            ("fields", "fiedls"),
            ("fields", "files"),
            ("urlcheck", "urlch"),
            ("ab", "ba"),
            ("abc", "xyz"),
            ("", "ab"),
        ] {
            assert!(!within_one_edit(a, b), "{a} {b}");
        }
        assert!(within_one_edit("", "a"));
    }

    #[test]
    fn skip_decides_by_name_before_content() {
        assert_eq!(skip("package.json", None), Some(Skip::Name));
        assert_eq!(skip("x.json", Some(br#"{"a": 1}"#)), Some(Skip::Content));
        assert_eq!(skip("x.json", Some(br#"{"fields": 1}"#)), None);
        assert_eq!(skip("x.json", None), None);
    }
}
