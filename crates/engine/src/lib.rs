//! b24lint: offline, server-exact validation of Bitrix24 BIConnector REST requests.
//!
//! The portal checks a BIConnector request (`biconnector.connector.*`, `biconnector.source.*`,
//! `biconnector.dataset.*`, `biconnector.table.*`) and answers with one error at a time.
//! b24lint runs the same checks in the same order, with the same codes and messages, reports
//! every problem with its byte span, and predicts the one answer the portal would give.
//!
//! The library does no I/O and keeps no global state.
//!
//! ```
//! use b24lint::{Linter, Options, Target};
//!
//! let linter = Linter::new(Options { target: Target::V26_250, ..Options::default() });
//! let body = br#"{"fields": {"title": "Sales", "logo": "https://cdn.example.com/sales.png"}}"#;
//! let report = linter.check(body);
//!
//! // The portal would answer with the first missing required field in schema order.
//! assert_eq!(report.answer.http(), 200);
//! let answer = report.server_answer().unwrap();
//! assert_eq!(answer.code.name(), "VALIDATION_REQUIRED_FIELD_MISSING");
//! assert_eq!(answer.message, "Field \"urlCheck\" is required.");
//! // …and every problem is reported, not only that one.
//! assert_eq!(report.errors(), 5);
//! ```

mod checks;
/// Lints across the files of one run (a source against its connector, datasets of one source).
pub use checks::cross;
pub mod config;
pub mod convert;
pub mod diag;
pub mod docs;
pub mod fix;
pub mod json;
pub mod php;
pub mod pointer;
pub mod project;
pub mod render;
pub mod span;
pub mod spec;
mod suggest;

pub use diag::{Answer, Diagnostic, InputMode, InputShape, Label, Method, Report};
pub use span::{LineCol, LineIndex, Span};
pub use spec::{Code, Origin, Severity, Target};

/// What to check a text as.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub method: Method,
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
    /// Sets the level of a code. Server codes are the portal's answers: they stay errors and
    /// can only be allowed (hidden; the predicted answer does not change).
    pub fn set(&mut self, code: Code, level: Level) -> Result<(), String> {
        if code.origin() == Origin::Server && level != Level::Allow {
            return Err(format!(
                "`{code}` is the portal's own answer: it stays an error and can only be allowed"
            ));
        }
        self.0.push((code, level));
        Ok(())
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

/// A checker for one method, portal version and input shape; reusable across texts.
#[derive(Debug, Clone, Default)]
pub struct Linter {
    options: Options,
}

impl Linter {
    pub fn new(options: Options) -> Self {
        Linter { options }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Checks one request body (or bare connector definition, or `{"method", "params"}`
    /// envelope) given as raw bytes.
    pub fn check(&self, text: &[u8]) -> Report {
        checks::check(text, &self.options)
    }
}
