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
mod literal;
/// Lints across the files of one run (a source against its connector, datasets of one source).
pub use checks::cross;
pub mod config;
pub mod convert;
pub mod diag;
pub mod docs;
pub mod endpoint;
pub mod fix;
pub mod json;
mod options;
pub mod php;
pub mod pointer;
pub mod project;
pub mod render;
pub mod skip;
pub mod span;
pub mod spec;
pub mod stream;
mod suggest;
pub mod transport;

pub use diag::{Answer, Diagnostic, Label, Report};
pub use options::{Caller, Level, Levels, Options, Transport};
pub use span::{LineCol, LineIndex, Span};
pub use spec::methods::{InputMode, InputShape, Method};
pub use spec::{Code, Origin, Severity, Target};

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
