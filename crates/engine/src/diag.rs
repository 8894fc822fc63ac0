//! What a check produces: diagnostics, the predicted answer of the portal, and the report that
//! holds both for one input.

use crate::span::Span;
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

/// The family of a REST method: which entity it works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `biconnector.connector.*`
    Connector,
    /// `biconnector.source.*`: connections made with a connector.
    Source,
    /// `biconnector.dataset.*`: tables of a source (the older names).
    Dataset,
    /// `biconnector.table.*`: the same class as `dataset.*`, registered from 26.250.
    Table,
}

impl Family {
    /// The word in the family's method names (`biconnector.<word>.add`).
    pub const fn word(self) -> &'static str {
        match self {
            Family::Connector => "connector",
            Family::Source => "source",
            Family::Dataset => "dataset",
            Family::Table => "table",
        }
    }

    /// The entity whose schema the family validates against.
    pub const fn entity(self) -> crate::spec::fields::Entity {
        use crate::spec::fields::Entity;
        match self {
            Family::Connector => Entity::Connector,
            Family::Source => Entity::Source,
            Family::Dataset | Family::Table => Entity::Dataset,
        }
    }
}

/// What a method does with its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Update,
    /// `dataset.fields.update` / `table.fields.update`: columns added, shown or hidden, removed.
    FieldsUpdate,
    Get,
    Delete,
    List,
    Fields,
}

/// The REST method a request is checked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    #[default]
    ConnectorAdd,
    ConnectorUpdate,
    ConnectorGet,
    ConnectorDelete,
    ConnectorList,
    ConnectorFields,
    SourceAdd,
    SourceUpdate,
    SourceGet,
    SourceDelete,
    SourceList,
    SourceFields,
    DatasetAdd,
    DatasetUpdate,
    DatasetFieldsUpdate,
    DatasetGet,
    DatasetDelete,
    DatasetList,
    DatasetFields,
    TableAdd,
    TableUpdate,
    TableFieldsUpdate,
    TableGet,
    TableDelete,
    TableList,
    TableFields,
}

impl Method {
    pub const ALL: [Method; 26] = [
        Method::ConnectorAdd,
        Method::ConnectorUpdate,
        Method::ConnectorGet,
        Method::ConnectorDelete,
        Method::ConnectorList,
        Method::ConnectorFields,
        Method::SourceAdd,
        Method::SourceUpdate,
        Method::SourceGet,
        Method::SourceDelete,
        Method::SourceList,
        Method::SourceFields,
        Method::DatasetAdd,
        Method::DatasetUpdate,
        Method::DatasetFieldsUpdate,
        Method::DatasetGet,
        Method::DatasetDelete,
        Method::DatasetList,
        Method::DatasetFields,
        Method::TableAdd,
        Method::TableUpdate,
        Method::TableFieldsUpdate,
        Method::TableGet,
        Method::TableDelete,
        Method::TableList,
        Method::TableFields,
    ];

    /// The method and its place in the family, written down once.
    const fn parts(self) -> (&'static str, Family, Op) {
        match self {
            Method::ConnectorAdd => ("biconnector.connector.add", Family::Connector, Op::Add),
            Method::ConnectorUpdate => (
                "biconnector.connector.update",
                Family::Connector,
                Op::Update,
            ),
            Method::ConnectorGet => ("biconnector.connector.get", Family::Connector, Op::Get),
            Method::ConnectorDelete => (
                "biconnector.connector.delete",
                Family::Connector,
                Op::Delete,
            ),
            Method::ConnectorList => ("biconnector.connector.list", Family::Connector, Op::List),
            Method::ConnectorFields => (
                "biconnector.connector.fields",
                Family::Connector,
                Op::Fields,
            ),
            Method::SourceAdd => ("biconnector.source.add", Family::Source, Op::Add),
            Method::SourceUpdate => ("biconnector.source.update", Family::Source, Op::Update),
            Method::SourceGet => ("biconnector.source.get", Family::Source, Op::Get),
            Method::SourceDelete => ("biconnector.source.delete", Family::Source, Op::Delete),
            Method::SourceList => ("biconnector.source.list", Family::Source, Op::List),
            Method::SourceFields => ("biconnector.source.fields", Family::Source, Op::Fields),
            Method::DatasetAdd => ("biconnector.dataset.add", Family::Dataset, Op::Add),
            Method::DatasetUpdate => ("biconnector.dataset.update", Family::Dataset, Op::Update),
            Method::DatasetFieldsUpdate => (
                "biconnector.dataset.fields.update",
                Family::Dataset,
                Op::FieldsUpdate,
            ),
            Method::DatasetGet => ("biconnector.dataset.get", Family::Dataset, Op::Get),
            Method::DatasetDelete => ("biconnector.dataset.delete", Family::Dataset, Op::Delete),
            Method::DatasetList => ("biconnector.dataset.list", Family::Dataset, Op::List),
            Method::DatasetFields => ("biconnector.dataset.fields", Family::Dataset, Op::Fields),
            Method::TableAdd => ("biconnector.table.add", Family::Table, Op::Add),
            Method::TableUpdate => ("biconnector.table.update", Family::Table, Op::Update),
            Method::TableFieldsUpdate => (
                "biconnector.table.fields.update",
                Family::Table,
                Op::FieldsUpdate,
            ),
            Method::TableGet => ("biconnector.table.get", Family::Table, Op::Get),
            Method::TableDelete => ("biconnector.table.delete", Family::Table, Op::Delete),
            Method::TableList => ("biconnector.table.list", Family::Table, Op::List),
            Method::TableFields => ("biconnector.table.fields", Family::Table, Op::Fields),
        }
    }

    pub const fn name(self) -> &'static str {
        self.parts().0
    }

    pub const fn family(self) -> Family {
        self.parts().1
    }

    pub const fn op(self) -> Op {
        self.parts().2
    }

    pub const fn entity(self) -> crate::spec::fields::Entity {
        self.family().entity()
    }

    /// The first portal version that registers the method.
    pub const fn since(self) -> Target {
        match self.family() {
            Family::Table => Target::V26_250,
            _ => Target::V25_300,
        }
    }

    /// The top-level parameters the method reads.
    pub const fn params(self) -> &'static [&'static str] {
        match self.op() {
            Op::Add => &["fields"],
            Op::Update => &["id", "fields"],
            Op::FieldsUpdate => &["id", "add", "update", "delete"],
            Op::Get | Op::Delete => &["id"],
            Op::List => &["select", "filter", "order", "page"],
            Op::Fields => &[],
        }
    }
}

impl std::str::FromStr for Method {
    type Err = String;

    /// Method names are case-insensitive, as the REST server lower-cases them; a `.json`
    /// suffix is accepted.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        let lower = lower.strip_suffix(".json").unwrap_or(&lower);
        Method::ALL
            .into_iter()
            .find(|m| m.name() == lower)
            .ok_or_else(|| {
                let names: Vec<_> = Method::ALL.iter().map(|m| m.name()).collect();
                format!("unsupported method `{s}`; supported: {}", names.join(", "))
            })
    }
}

/// What the file holds: a whole request body, or only the definition of an add method
/// (`fields`: a connector, source or dataset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputMode {
    /// A request body if the top-level object has a `fields` object (for connector.add, any
    /// `fields`), a definition if it has a field name of the method's schema, a request body
    /// otherwise.
    #[default]
    Auto,
    Request,
    Fields,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputShape {
    Request,
    Fields,
}

impl InputShape {
    pub const fn name(self) -> &'static str {
        match self {
            InputShape::Request => "request",
            InputShape::Fields => "fields",
        }
    }
}

impl std::str::FromStr for InputMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(InputMode::Auto),
            "request" => Ok(InputMode::Request),
            "fields" => Ok(InputMode::Fields),
            _ => Err(format!(
                "unknown input shape `{s}`; expected request, fields or auto"
            )),
        }
    }
}

/// Everything b24lint says about one input.
#[derive(Debug, Clone)]
pub struct Report {
    pub method: Method,
    pub target: Target,
    pub input: InputShape,
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
