//! The order in which the server runs its checks, written down once (spec §2.10).

/// A step of the server's pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// The body is decoded; an undecodable body is silently ignored.
    Body,
    /// The top-level `id` must be present, numeric and positive.
    Id,
    /// `fields` must be a non-empty array.
    FieldsPresent,
    /// Keys of `fields` outside the schema, one error listing them all.
    UnknownParams,
    /// Required / read-only / type, one field at a time in schema order.
    FieldRules,
    /// The connector with the id must exist and belong to the calling application.
    Lookup,
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
}

impl Stage {
    /// Whether the server returns its first recorded error once this stage is done. Unknown
    /// parameters are recorded and the field loop still runs before the answer is chosen.
    pub const fn ends_on_error(self) -> bool {
        !matches!(self, Stage::UnknownParams)
    }
}

/// The stages of a method, after the access checks that cannot be predicted offline.
pub fn stages(method: crate::diag::Method) -> &'static [Stage] {
    use crate::diag::Method;
    match method {
        Method::ConnectorAdd => CONNECTOR_ADD,
        Method::ConnectorUpdate => CONNECTOR_UPDATE,
        Method::ConnectorGet => &[Stage::Body, Stage::Id, Stage::Lookup],
        Method::ConnectorDelete => &[Stage::Body, Stage::Id, Stage::Lookup, Stage::LinkedSources],
        Method::ConnectorList => &[Stage::Body, Stage::ListParams, Stage::ListOrder],
        Method::ConnectorFields => &[Stage::Body],
    }
}

/// `biconnector.connector.update`: the connector is looked up before the settings checks
/// (spec §3.2).
pub const CONNECTOR_UPDATE: &[Stage] = &[
    Stage::Body,
    Stage::Id,
    Stage::FieldsPresent,
    Stage::UnknownParams,
    Stage::FieldRules,
    Stage::Lookup,
    Stage::Settings,
    Stage::SettingsEncode,
    Stage::Orm,
];

/// `biconnector.connector.add`, after the access checks that cannot be predicted offline.
pub const CONNECTOR_ADD: &[Stage] = &[
    Stage::Body,
    Stage::FieldsPresent,
    Stage::UnknownParams,
    Stage::FieldRules,
    Stage::Settings,
    Stage::SettingsEncode,
    Stage::Orm,
];
