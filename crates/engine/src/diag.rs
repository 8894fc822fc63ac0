//! What a check produces: diagnostics, the predicted answer of the portal, and the report that
//! holds both for one input.

use crate::span::Span;
use crate::spec::methods::{InputShape, Method};
use crate::spec::{Code, Origin, Severity, Target};
use serde_json::json;

/// A secondary underline with its own text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// One finding: a server answer the portal would give, or a lint of b24lint's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// For server codes, the portal's `error_description` byte for byte.
    pub message: String,
    /// The offending key or value (or, for something missing, the brace of the object that
    /// should hold it).
    pub span: Span,
    /// Text under the primary span.
    pub label: Option<String>,
    /// JSON Pointer of the offending location in the checked document.
    pub pointer: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// True for exactly one diagnostic when the portal would answer with an error: that one.
    pub server_answer: bool,
    /// An edit that resolves the finding, when one is unambiguous.
    pub fix: Option<Fix>,
}

/// A change to the checked text that resolves a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, for people (`rename `url_check` to `urlCheck``).
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// Whether a fix keeps the request's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// Only makes the request say what it evidently meant (re-casing a key or a value).
    Safe,
    /// Changes what is sent (removing a key); applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    pub const fn name(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the bytes of `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Diagnostic {
    pub fn origin(&self) -> Origin {
        self.code.origin()
    }
}

/// The response the portal would send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// HTTP 200 with `{"result":{"id":…}}`.
    Accepted,
    /// HTTP 200 with `{"result":{"error":{"error":CODE,"error_description":MESSAGE}}}`.
    Error { code: Code, message: String },
    /// An exception caught by the REST server: the error sits at the root of the body.
    Root {
        http: u16,
        error: String,
        description: String,
        argument: Option<String>,
    },
    /// A PHP `Error` (TypeError) nobody catches: HTTP 500 with a non-JSON body.
    Crash,
}

impl Answer {
    pub fn http(&self) -> u16 {
        match self {
            Answer::Accepted | Answer::Error { .. } => 200,
            Answer::Root { http, .. } => *http,
            Answer::Crash => 500,
        }
    }

    pub fn accepted(&self) -> bool {
        matches!(self, Answer::Accepted)
    }

    /// The answer as one object of the `server` output format (without `file`).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Answer::Accepted => json!({"http": 200, "accepted": true}),
            Answer::Error { code, message } => json!({
                "http": 200,
                "accepted": false,
                "result": {"error": {"error": code.wire(), "error_description": message}},
            }),
            Answer::Root {
                http,
                error,
                description,
                argument,
            } => {
                let mut root = serde_json::Map::new();
                root.insert("error".into(), json!(error));
                root.insert("error_description".into(), json!(description));
                if let Some(argument) = argument {
                    root.insert("argument".into(), json!(argument));
                }
                json!({"http": http, "accepted": false, "root": root})
            }
            Answer::Crash => json!({"http": 500, "accepted": false}),
        }
    }

    /// One line for people: `HTTP 200 VALIDATION_…: message`.
    pub fn describe(&self) -> String {
        match self {
            Answer::Accepted => "HTTP 200, accepted".to_string(),
            Answer::Error { code, message } => match code.wire() {
                serde_json::Value::String(wire) if wire == code.name() => {
                    format!("HTTP 200 {code}: {message}")
                }
                wire => format!("HTTP 200 error {wire} ({code}): {message}"),
            },
            Answer::Root {
                http,
                error,
                description,
                ..
            } => format!("HTTP {http} {error}: {description}"),
            Answer::Crash => "HTTP 500 (PHP TypeError, no JSON body)".to_string(),
        }
    }
}

/// How the body reaches the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Carriage {
    /// The document, sent as JSON or by a form client.
    Sent(crate::Transport),
    /// A raw form body, checked as written.
    #[default]
    Form,
}

/// How the request is taken to be made: who calls, and how its body travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Via {
    pub caller: crate::Caller,
    pub carriage: Carriage,
}

impl Via {
    /// A few words for a report's answer line: `app call, JSON body`.
    pub fn words(&self) -> String {
        let caller = match self.caller {
            crate::Caller::App => "app call",
            crate::Caller::Webhook => "webhook call",
        };
        let body = match self.carriage {
            Carriage::Sent(crate::Transport::Json) => "JSON body",
            Carriage::Sent(crate::Transport::Crest) => "CRest form body",
            Carriage::Sent(crate::Transport::Bx24) => "BX24.js form body",
            Carriage::Form => "form body as written",
        };
        format!("{caller}, {body}")
    }
}

/// Everything b24lint says about one input.
#[derive(Debug, Clone)]
pub struct Report {
    pub method: Method,
    pub target: Target,
    pub input: InputShape,
    /// Who calls and how the body travels; the first assumptions say the same in full.
    pub via: Via,
    /// In source order (by span), then by code.
    pub diagnostics: Vec<Diagnostic>,
    pub answer: Answer,
    /// What the prediction takes for granted because it cannot be seen offline.
    pub assumptions: Vec<String>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The diagnostic the portal would answer with, if it answers with an error.
    pub fn server_answer(&self) -> Option<&Diagnostic> {
        self.diagnostics.iter().find(|d| d.server_answer)
    }
}
