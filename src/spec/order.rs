//! The order in which the server runs its checks, written down once (spec §2.10).

/// A step of the server's pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// The body is decoded; an undecodable body is silently ignored.
    Body,
    /// `fields` must be a non-empty array.
    FieldsPresent,
    /// Keys of `fields` outside the schema, one error listing them all.
    UnknownParams,
    /// Required / read-only / type, one field at a time in schema order.
    FieldRules,
    /// Settings items, after key conversion; the first bad item decides.
    Settings,
    /// The valid settings are JSON-encoded for storage.
    SettingsEncode,
    /// The database layer: empty required columns, then column lengths.
    Orm,
}

impl Stage {
    /// Whether the server returns its first recorded error once this stage is done. Unknown
    /// parameters are recorded and the field loop still runs before the answer is chosen.
    pub const fn ends_on_error(self) -> bool {
        !matches!(self, Stage::UnknownParams)
    }
}

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
