//! What a text is checked with: the method, the portal version, the input shape, the lint
//! levels and what is known of the portal's state.

use crate::spec::methods::{InputMode, Method};
use crate::spec::{Code, Origin, Severity, Target};
pub use crate::transport::Transport;

/// What to check a text as.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub method: Method,
    /// Whether `method` was set for the input (by the command line or a configuration) rather
    /// left at its default: an envelope that names another is then worth a warning, since one
    /// of the two is not what its author meant.
    pub method_given: bool,
    pub target: Target,
    pub input: InputMode,
    /// Severity overrides for lint codes (server codes keep theirs).
    pub levels: Levels,
    /// Connector ids that exist and belong to the calling application. `None`: every id is
    /// assumed to (and the report says so); otherwise any other id is `CONNECTOR_NOT_FOUND`.
    pub known_connectors: Option<Vec<i64>>,
    /// Source ids that exist, are REST sources and belong to the calling application; like
    /// `known_connectors`, for `SOURCE_NOT_FOUND`.
    pub known_sources: Option<Vec<i64>>,
    /// Dataset ids that exist and belong to the calling application, for `DATASET_NOT_FOUND`.
    pub known_datasets: Option<Vec<i64>>,
    /// How the body is sent: JSON, or form-encoded by CRest or BX24.js.
    pub transport: Transport,
    /// Who calls: an installed application, or an incoming webhook. An envelope's `url` with a
    /// `/rest/<user>/<secret>/` path says webhook whatever this says.
    pub caller: Caller,
    /// The codes of the connector's settings, when the caller states them (C11: an array
    /// value under one of them crashes source.add/update). A connector definition in the same
    /// run is used when there is one.
    pub connector_codes: Option<Vec<String>>,
    /// The text is a raw form body (a `.form` file) whatever it looks like; otherwise one is
    /// recognised when it is no JSON and reads as `name=value&…` on one line.
    pub form_body: bool,
}

/// Who makes the call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Caller {
    /// An installed application with an OAuth token.
    #[default]
    App,
    /// An incoming webhook (`https://portal/rest/<user>/<secret>/<method>`).
    Webhook,
}

impl Caller {
    pub const ALL: [Caller; 2] = [Caller::App, Caller::Webhook];

    pub const fn name(self) -> &'static str {
        match self {
            Caller::App => "app",
            Caller::Webhook => "webhook",
        }
    }
}

impl std::fmt::Display for Caller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Caller {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Caller::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown caller `{s}` (expected app or webhook)"))
    }
}

/// What to do with a lint code: report it at a severity, or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Allow,
    Warn,
    Deny,
}

/// Per-code overrides of the default severities; later entries win.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Levels(Vec<(Code, Level)>);

impl Levels {
    /// Sets the level of a code. Codes of the run itself (an unreadable input, a broken
    /// configuration) have no level. Server codes are the portal's answers: they stay errors and
    /// can only be allowed (hidden; the predicted answer does not change).
    pub fn set(&mut self, code: Code, level: Level) -> Result<(), String> {
        if let Some(why) = run_code(code) {
            return Err(why);
        }
        if code.origin() == Origin::Server && level != Level::Allow {
            return Err(format!(
                "`{code}` is the portal's own answer: it stays an error and can only be allowed"
            ));
        }
        self.0.push((code, level));
        Ok(())
    }

    /// The codes set, each once with the level that wins (the last one set), in the order
    /// they were first set.
    pub fn effective(&self) -> impl Iterator<Item = (Code, Level)> + '_ {
        self.0
            .iter()
            .enumerate()
            .filter(|(i, (code, _))| !self.0[..*i].iter().any(|(c, _)| c == code))
            .map(|(_, (code, _))| {
                let last = self.0.iter().rev().find(|(c, _)| c == code);
                (*code, last.map_or(Level::Warn, |(_, l)| *l))
            })
    }

    /// The severity a code is reported at, or `None` when it is allowed (not reported).
    pub fn severity(&self, code: Code) -> Option<Severity> {
        match self
            .0
            .iter()
            .rev()
            .find(|(c, _)| *c == code)
            .map(|(_, l)| *l)
        {
            None => Some(code.info().severity),
            Some(Level::Allow) => None,
            Some(Level::Warn) => Some(Severity::Warning),
            Some(Level::Deny) => Some(Severity::Error),
        }
    }
}

/// Why no level can be set for a code that reports on the run itself rather than on a request
/// (see [`Origin::Run`]); `None` for the others.
pub(crate) fn run_code(code: Code) -> Option<String> {
    (code.origin() == Origin::Run).then(|| {
        format!(
            "`{code}` reports on the run, not on a request: no level can be set for it (see `b24lint explain {code}`)"
        )
    })
}
