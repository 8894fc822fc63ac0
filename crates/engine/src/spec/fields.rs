//! The field schemas of connectors (spec §2.5), sources (§3.6) and datasets (§3.7), the
//! connector's database columns (§2.8) and the column rules of datasets.

use super::target::Target;

/// The type a field is checked against in the per-field loop; `name()` is the word used in
/// `Field "…" must be of type <type>.`
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Integer,
    String,
    Array,
    Boolean,
    /// Never checked: only the read-only `dateCreate` has it.
    Datetime,
}

impl FieldType {
    pub const fn name(self) -> &'static str {
        match self {
            FieldType::Integer => "integer",
            FieldType::String => "string",
            FieldType::Array => "array",
            FieldType::Boolean => "boolean",
            FieldType::Datetime => "datetime",
        }
    }
}

/// One row of a REST schema, in the order the server walks it.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
    pub read_only: bool,
    /// Refused by update (`Field "…" is immutable.`); add accepts it.
    pub immutable: bool,
    /// First portal version that knows the field.
    pub since: Target,
    /// True when the field is known only from the docs, not from public server code.
    pub inferred: bool,
    /// One line for editors and generated docs.
    pub doc: &'static str,
}

const fn field(
    name: &'static str,
    ty: FieldType,
    required: bool,
    read_only: bool,
    doc: &'static str,
) -> Field {
    Field {
        name,
        ty,
        required,
        read_only,
        immutable: false,
        since: Target::V25_300,
        inferred: false,
        doc,
    }
}

/// A field update refuses (`sourceId`, `name`, … of datasets; `connectorId` of sources).
const fn immutable(name: &'static str, ty: FieldType, doc: &'static str) -> Field {
    Field {
        immutable: true,
        ..field(name, ty, true, false, doc)
    }
}

/// A field the portal sets; sending it is refused.
const fn read_only(name: &'static str, ty: FieldType) -> Field {
    field(name, ty, true, true, "Set by the portal; read-only.")
}

/// The entity a method family validates, each with its own schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Connector,
    Source,
    /// Datasets and tables: `biconnector.dataset.*` and `biconnector.table.*` share one class.
    Dataset,
}

impl Entity {
    /// The whole schema, in the order the server walks it.
    pub const fn schema(self) -> &'static [Field] {
        match self {
            Entity::Connector => CONNECTOR,
            Entity::Source => SOURCE,
            Entity::Dataset => DATASET,
        }
    }

    /// The fields a portal version knows, in schema order.
    pub fn fields(self, target: Target) -> impl Iterator<Item = &'static Field> {
        self.schema().iter().filter(move |f| target.has(f.since))
    }

    pub fn field(self, target: Target, name: &str) -> Option<&'static Field> {
        self.fields(target).find(|f| f.name == name)
    }

    /// The word for one of them in help texts.
    pub const fn noun(self) -> &'static str {
        match self {
            Entity::Connector => "connector",
            Entity::Source => "source",
            Entity::Dataset => "dataset",
        }
    }
}

/// `biconnector.connector.*` fields in schema order.
pub static CONNECTOR: &[Field] = &[
    field(
        "id",
        FieldType::Integer,
        true,
        true,
        "Assigned by the portal; read-only.",
    ),
    field(
        "title",
        FieldType::String,
        true,
        false,
        "Connector name shown in BI Builder (at most 512 characters, not empty).",
    ),
    field(
        "logo",
        FieldType::String,
        true,
        false,
        "Logo: an https:// image URL or a data:image/…;base64,… URI (not empty).",
    ),
    field(
        "description",
        FieldType::String,
        false,
        false,
        "Connector description.",
    ),
    field(
        "sort",
        FieldType::Integer,
        false,
        false,
        "Sort order; a number or numeric string, stored as a 32-bit integer (default 100).",
    ),
    field(
        "urlCheck",
        FieldType::String,
        true,
        false,
        "Endpoint the portal calls to check a connection (at most 2048 characters).",
    ),
    field(
        "urlData",
        FieldType::String,
        true,
        false,
        "Endpoint that returns a table's data (at most 2048 characters).",
    ),
    field(
        "urlTableList",
        FieldType::String,
        true,
        false,
        "Endpoint that lists the tables (at most 2048 characters).",
    ),
    field(
        "urlTableDescription",
        FieldType::String,
        true,
        false,
        "Endpoint that describes a table's columns (at most 2048 characters).",
    ),
    field(
        "settings",
        FieldType::Array,
        true,
        false,
        "Connection parameters users fill in: a list of {name, code, type}; may be empty.",
    ),
    field(
        "dateCreate",
        FieldType::Datetime,
        true,
        true,
        "Set by the portal; read-only.",
    ),
    Field {
        since: Target::V25_1150,
        ..field(
            "supportMapping",
            FieldType::Boolean,
            false,
            false,
            "Whether the connector supports field mapping (JSON true/false; from 25.1150).",
        )
    },
    Field {
        since: Target::Cloud,
        inferred: true,
        ..field(
            "sourceCode",
            FieldType::String,
            false,
            false,
            "Source code (at most 64 characters); documented, not in public server code.",
        )
    },
];

/// `biconnector.source.*` fields in schema order (spec §3.6).
pub static SOURCE: &[Field] = &[
    read_only("id", FieldType::Integer),
    field(
        "title",
        FieldType::String,
        true,
        false,
        "Source (connection) name; must not be empty, on update too.",
    ),
    read_only("type", FieldType::String),
    read_only("code", FieldType::String),
    field(
        "description",
        FieldType::String,
        false,
        false,
        "Source description.",
    ),
    field(
        "active",
        FieldType::Boolean,
        false,
        false,
        "Checked to be true/false, then ignored: a source is always created active.",
    ),
    read_only("dateCreate", FieldType::Datetime),
    read_only("dateUpdate", FieldType::Datetime),
    read_only("createdById", FieldType::Integer),
    read_only("updatedById", FieldType::Integer),
    immutable(
        "connectorId",
        FieldType::Integer,
        "The connector this source connects with; set on add, immutable afterwards.",
    ),
    field(
        "settings",
        FieldType::Array,
        true,
        false,
        "Setting values by the connector's setting codes: {\"code\": \"value\", …}.",
    ),
];

/// `biconnector.dataset.*` / `biconnector.table.*` fields in schema order (spec §3.7).
pub static DATASET: &[Field] = &[
    read_only("id", FieldType::Integer),
    immutable(
        "sourceId",
        FieldType::Integer,
        "The source the table belongs to; immutable.",
    ),
    immutable(
        "name",
        FieldType::String,
        "Table name in BI Builder: a-z first, then a-z, 0-9, _ (at most 230); immutable.",
    ),
    read_only("type", FieldType::String),
    field(
        "description",
        FieldType::String,
        false,
        false,
        "Table description; the only field update changes.",
    ),
    immutable(
        "externalName",
        FieldType::String,
        "The table's name in the external system; immutable.",
    ),
    immutable(
        "externalCode",
        FieldType::String,
        "The table's code in the external system, sent to urlData; immutable.",
    ),
    read_only("externalId", FieldType::Integer),
    read_only("dateCreate", FieldType::Datetime),
    read_only("dateUpdate", FieldType::Datetime),
    read_only("createdById", FieldType::Integer),
    read_only("updatedById", FieldType::Integer),
    field(
        "fields",
        FieldType::Array,
        true,
        false,
        "Columns: a list of {name, externalCode, type}; change them with fields.update.",
    ),
];

/// Column `type` values of a dataset (exact, lower case).
pub const COLUMN_TYPES: [&str; 7] = [
    "int", "string", "double", "date", "datetime", "money", "timezone",
];

/// Longest dataset name, in characters.
pub const DATASET_NAME_MAX: usize = 230;

/// Longest column name, in characters.
pub const COLUMN_NAME_MAX: usize = 32;

/// The fields a portal version knows, in schema order.
pub fn connector_fields(target: Target) -> impl Iterator<Item = &'static Field> {
    CONNECTOR.iter().filter(move |f| target.has(f.since))
}

/// The four endpoint URL fields.
pub const ENDPOINTS: [&str; 4] = ["urlCheck", "urlData", "urlTableList", "urlTableDescription"];

/// A database column checked by the ORM, in the table's map order.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The ORM name, which is also the title printed in BX_* messages (spec OPEN-1).
    pub name: &'static str,
    /// The request field that fills it.
    pub field: &'static str,
    /// Whether an empty string is refused with BX_EMPTY_REQUIRED.
    pub required: bool,
    /// Maximum length in code points, if the column has a length validator.
    pub max_len: Option<usize>,
    pub since: Target,
}

const fn column(
    name: &'static str,
    field: &'static str,
    required: bool,
    max_len: Option<usize>,
) -> Column {
    Column {
        name,
        field,
        required,
        max_len,
        since: Target::V25_300,
    }
}

/// Columns of `b_biconnector_external_source_rest_connector` that a request can fill, in map
/// order (DATE_CREATE, APP_ID, SORT and SETTINGS are never empty when they reach the ORM).
pub static CONNECTOR_COLUMNS: &[Column] = &[
    column("TITLE", "title", true, Some(512)),
    column("LOGO", "logo", true, None),
    column("URL_CHECK", "urlCheck", true, Some(2048)),
    column("URL_DATA", "urlData", true, Some(2048)),
    column("URL_TABLE_LIST", "urlTableList", true, Some(2048)),
    column(
        "URL_TABLE_DESCRIPTION",
        "urlTableDescription",
        true,
        Some(2048),
    ),
    Column {
        since: Target::Cloud,
        ..column("SOURCE_CODE", "sourceCode", false, Some(64))
    },
];

pub fn connector_column(target: Target, field: &str) -> Option<&'static Column> {
    CONNECTOR_COLUMNS
        .iter()
        .find(|c| c.field == field && target.has(c.since))
}

/// Settings item `type` values a version accepts (case-sensitive, no trimming).
pub fn setting_types(target: Target) -> &'static [&'static str] {
    if target.has(Target::V26_250) {
        &["STRING", "INT"]
    } else {
        &["STRING"]
    }
}

/// Settings item keys, as the server reads them after key conversion.
pub const SETTING_KEYS: [&str; 3] = ["type", "name", "code"];
