//! The order in which the server runs its checks, written down once (spec §2.10).

/// A step of the server's pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The body is decoded; an undecodable body is silently ignored.
    Body,
    /// The caller: the permissions (assumed), then, from 25.550, an application context,
    /// which an incoming webhook lacks (spec §2.2).
    Access,
    /// The top-level `id` must be present, numeric and positive.
    Id,
    /// `fields` must be a non-empty array.
    FieldsPresent,
    /// Keys of `fields` outside the schema, one error listing them all.
    UnknownParams,
    /// Required / read-only / type, one field at a time in schema order.
    FieldRules,
    /// The connector with the id must exist and belong to the calling application.
    ConnectorLookup,
    /// Settings items, after key conversion; the first bad item decides.
    Settings,
    /// The valid settings are JSON-encoded for storage.
    SettingsEncode,
    /// The database layer: empty required columns, then column lengths.
    Orm,
    /// A connector with sources cannot be deleted.
    LinkedSources,
    /// List `select`, `filter`, `order`, accumulated; the first error is answered.
    ListParams,
    /// The database layer reads the order directions.
    ListOrder,
    /// The REST server knows no such method on this portal version (`table.*` before 26.250).
    MethodExists,
    /// source.add: the connector named by `connectorId` must belong to the caller.
    SourceConnector,
    /// source.update/get/delete: the source named by `id` must belong to the caller.
    SourceLookup,
    /// source.add/update: the portal calls the connector's `urlCheck` with the settings.
    ConnectionCheck,
    /// source.add/update: an empty title (absent too, on update) is refused with code 0.
    SourceTitle,
    /// source.delete: a source with datasets cannot be deleted.
    LinkedDatasets,
    /// dataset.add: the name must match `^[a-z][a-z0-9_]*$`.
    DatasetName,
    /// dataset.add: the source named by `sourceId` must belong to the caller.
    DatasetSource,
    /// dataset.add: duplicate column names (code 0), a name BI Builder already uses, and an
    /// empty column list, in that order.
    DatasetPrepare,
    /// dataset.add and fields.update: the columns, accumulated.
    Columns,
    /// dataset.add: the dataset name's length, once the columns passed.
    DatasetNameLength,
    /// dataset.update/get/delete/fields.update: the dataset named by `id` must belong to the
    /// caller.
    DatasetLookup,
    /// dataset.update: columns are changed by fields.update, not update.
    InvalidMethod,
    /// fields.update: the `add`, `update` and `delete` lists, each item in turn.
    FieldsUpdateParams,
    /// fields.update: added columns against the dataset's current ones.
    ExistingColumns,
    /// dataset.delete from 26.250: the row is deleted, then the after-delete event's handlers
    /// fail on the dataset read back as null (spec §6 C8).
    DeleteEvent,
    /// source.add/update: the row is written; the database layer's lengths (spec §6 C10).
    SourceWrite,
    /// source.add/update: the settings are saved, each value under a code the connector
    /// declares trimmed (an array there is a TypeError, spec §6 C11): on add after the row,
    /// on update before it.
    SourceSettings,
    /// dataset.add and fields.update: the rows are written, the dataset's first, then each
    /// added column's; the database layer's lengths (spec §6 C10) and an array `externalCode`
    /// (C12) fail there, the first one being the answer.
    DatasetWrite,
}

impl Stage {
    /// Whether the server returns its first recorded error once this stage is done. Unknown
    /// parameters are recorded and the field loop still runs before the answer is chosen.
    pub const fn ends_on_error(self) -> bool {
        !matches!(self, Stage::UnknownParams)
    }
}

/// The stages of a method on a portal version, after the access checks that cannot be
/// predicted offline.
pub fn stages(
    method: crate::spec::methods::Method,
    target: crate::spec::Target,
) -> &'static [Stage] {
    use crate::spec::methods::{Family, Op};
    if !target.has(method.since()) {
        return &[Stage::MethodExists];
    }
    match (method.family(), method.op()) {
        (_, Op::List) => &[
            Stage::Body,
            Stage::Access,
            Stage::ListParams,
            Stage::ListOrder,
        ],
        (_, Op::Fields) => &[Stage::Body, Stage::Access],
        (Family::Connector, Op::Add) => CONNECTOR_ADD,
        (Family::Connector, Op::Update) => CONNECTOR_UPDATE,
        (Family::Connector, Op::Get) => &[
            Stage::Body,
            Stage::Access,
            Stage::Id,
            Stage::ConnectorLookup,
        ],
        (Family::Connector, Op::Delete) => &[
            Stage::Body,
            Stage::Access,
            Stage::Id,
            Stage::ConnectorLookup,
            Stage::LinkedSources,
        ],
        (Family::Source, Op::Add) => SOURCE_ADD,
        (Family::Source, Op::Update) => SOURCE_UPDATE,
        (Family::Source, Op::Get) => &[Stage::Body, Stage::Access, Stage::Id, Stage::SourceLookup],
        (Family::Source, Op::Delete) => &[
            Stage::Body,
            Stage::Access,
            Stage::Id,
            Stage::SourceLookup,
            Stage::LinkedDatasets,
        ],
        (Family::Dataset | Family::Table, Op::Add) => DATASET_ADD,
        (Family::Dataset | Family::Table, Op::Update) => DATASET_UPDATE,
        (Family::Dataset | Family::Table, Op::FieldsUpdate) => DATASET_FIELDS_UPDATE,
        // `table.delete` takes a path that fires no event; `dataset.delete` fires one from
        // 26.250 on.
        (Family::Dataset, Op::Delete) if target.has(crate::spec::Target::V26_250) => &[
            Stage::Body,
            Stage::Access,
            Stage::Id,
            Stage::DatasetLookup,
            Stage::DeleteEvent,
        ],
        (Family::Dataset | Family::Table, Op::Get | Op::Delete) => {
            &[Stage::Body, Stage::Access, Stage::Id, Stage::DatasetLookup]
        }
        // No other family has fields.update; its name does not parse.
        (Family::Connector | Family::Source, Op::FieldsUpdate) => &[Stage::MethodExists],
    }
}

/// `biconnector.source.add` (spec §3.6).
pub const SOURCE_ADD: &[Stage] = &[
    Stage::Body,
    Stage::Access,
    Stage::FieldsPresent,
    Stage::UnknownParams,
    Stage::FieldRules,
    Stage::SourceConnector,
    Stage::ConnectionCheck,
    Stage::SourceTitle,
    Stage::SourceWrite,
    Stage::SourceSettings,
];

/// `biconnector.source.update`: the source is looked up after the field rules.
pub const SOURCE_UPDATE: &[Stage] = &[
    Stage::Body,
    Stage::Access,
    Stage::Id,
    Stage::FieldsPresent,
    Stage::UnknownParams,
    Stage::FieldRules,
    Stage::SourceLookup,
    Stage::ConnectionCheck,
    Stage::SourceTitle,
    Stage::SourceSettings,
    Stage::SourceWrite,
];

/// `biconnector.dataset.add` / `biconnector.table.add` (spec §3.7).
pub const DATASET_ADD: &[Stage] = &[
    Stage::Body,
    Stage::Access,
    Stage::FieldsPresent,
    Stage::UnknownParams,
    Stage::FieldRules,
    Stage::DatasetName,
    Stage::DatasetSource,
    Stage::DatasetPrepare,
    Stage::Columns,
    Stage::DatasetNameLength,
    Stage::DatasetWrite,
];

/// `biconnector.dataset.update` / `biconnector.table.update`.
pub const DATASET_UPDATE: &[Stage] = &[
    Stage::Body,
    Stage::Access,
    Stage::Id,
    Stage::FieldsPresent,
    Stage::UnknownParams,
    Stage::FieldRules,
    Stage::DatasetLookup,
    Stage::InvalidMethod,
];

/// `biconnector.dataset.fields.update` / `biconnector.table.fields.update`.
pub const DATASET_FIELDS_UPDATE: &[Stage] = &[
    Stage::Body,
    Stage::Access,
    Stage::Id,
    Stage::FieldsUpdateParams,
    Stage::DatasetLookup,
    Stage::Columns,
    Stage::ExistingColumns,
    Stage::DatasetWrite,
];

/// `biconnector.connector.update`: the connector is looked up before the settings checks
/// (spec §3.2).
pub const CONNECTOR_UPDATE: &[Stage] = &[
    Stage::Body,
    Stage::Access,
    Stage::Id,
    Stage::FieldsPresent,
    Stage::UnknownParams,
    Stage::FieldRules,
    Stage::ConnectorLookup,
    Stage::Settings,
    Stage::SettingsEncode,
    Stage::Orm,
];

/// `biconnector.connector.add`, after the access checks that cannot be predicted offline.
pub const CONNECTOR_ADD: &[Stage] = &[
    Stage::Body,
    Stage::Access,
    Stage::FieldsPresent,
    Stage::UnknownParams,
    Stage::FieldRules,
    Stage::Settings,
    Stage::SettingsEncode,
    Stage::Orm,
];
