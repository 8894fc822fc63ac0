//! The method catalogue: every REST method b24lint checks, as family × operation, with its
//! name, parameters, entity and the portal version it appeared in; and the shapes an input
//! can have (a whole request, or only the definition of an add method).

use crate::spec::Target;

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
    /// The family a method name (lower case) belongs to by its prefix
    /// (`biconnector.connector.ad` → connector), whether or not the method exists.
    pub fn of_name(name: &str) -> Option<Family> {
        [
            Family::Connector,
            Family::Source,
            Family::Dataset,
            Family::Table,
        ]
        .into_iter()
        .find(|f| {
            name.strip_prefix("biconnector.")
                .and_then(|rest| rest.strip_prefix(f.word()))
                .is_some_and(|rest| rest.starts_with('.'))
        })
    }

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
                match crate::suggest::did_you_mean(lower, &names) {
                    Some(near) => format!("unsupported method `{s}`; did you mean `{near}`?"),
                    None => format!("unsupported method `{s}`; supported: {}", names.join(", ")),
                }
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

impl InputMode {
    /// As written in `--input` and `b24lint.toml`.
    pub const fn name(self) -> &'static str {
        match self {
            InputMode::Auto => "auto",
            InputMode::Request => "request",
            InputMode::Fields => "fields",
        }
    }
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

    /// In any case; a near miss gets a suggestion.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const NAMES: [&str; 3] = ["request", "fields", "auto"];
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(InputMode::Auto),
            "request" => Ok(InputMode::Request),
            "fields" => Ok(InputMode::Fields),
            _ => Err(match crate::suggest::did_you_mean(s, &NAMES) {
                Some(near) => format!("unknown input shape `{s}`; did you mean `{near}`?"),
                None => format!("unknown input shape `{s}`; expected request, fields or auto"),
            }),
        }
    }
}
