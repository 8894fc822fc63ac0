//! THE code table: every code b24lint can report, its origin, default severity, message
//! template and one-line summary. Server messages are byte for byte what the portal sends
//! (spec §2); `{placeholders}` are filled from a finding's arguments.
//!
//! A lint says different things in different places, so its messages are a second table,
//! [`LINT_MESSAGES`]: the rows of its code, each a [`Message`] with named, typed arguments.
//! Those templates are checked against their arguments when the crate is built (a missing or
//! an unused one does not compile), which a run-time fill cannot do; a lint's row in the code
//! table therefore has an empty template, and [`Code::message`] is for server codes only.

use serde::Serialize;
use std::fmt;

/// Who defines a code: the portal (its answer, reproduced), b24lint (a lint of our own), or
/// the run itself (an input or a configuration b24lint could not use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Server,
    Lint,
    /// Not a finding in a request: no check reports it and no level can be set for it (the
    /// run exits 2 whatever `--allow`, `--warn`, `--deny` or `[rules]` say).
    Run,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One row of the table.
#[derive(Debug)]
pub struct CodeInfo {
    pub code: Code,
    pub name: &'static str,
    pub origin: Origin,
    pub severity: Severity,
    pub template: &'static str,
    pub summary: &'static str,
    /// The page `b24lint explain` prints: `src/spec/explain/<name>.md`.
    pub explanation: &'static str,
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $origin:ident, $severity:ident, $template:literal, $summary:literal;)*) => {
        /// A stable diagnostic code. Server codes are spelled exactly as the portal spells them.
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant,)* }

        /// Every code, in table order.
        pub static TABLE: &[CodeInfo] = &[
            $(CodeInfo {
                code: Code::$variant,
                name: $name,
                origin: Origin::$origin,
                severity: Severity::$severity,
                template: $template,
                summary: $summary,
                explanation: include_str!(concat!("explain/", $name, ".md")),
            },)*
        ];
    };
}

codes! {
    // --- answers of the portal (spec §2.10 order) ---
    ACCESS_DENIED = "ACCESS_DENIED", Server, Error,
        "Access denied.",
        "the caller is an incoming webhook (predicted with --caller webhook, from 25.550) or lacks a BI Builder permission (assumed)";
    VALIDATION_FIELDS_NOT_PROVIDED = "VALIDATION_FIELDS_NOT_PROVIDED", Server, Error,
        "Fields not provided.",
        "`fields` is absent, empty, not an array, or the body is not JSON the portal can decode";
    VALIDATION_UNKNOWN_PARAMETERS = "VALIDATION_UNKNOWN_PARAMETERS", Server, Error,
        "Unknown parameters: {list}",
        "`fields` has keys outside the method's schema (exact, case-sensitive camelCase names)";
    VALIDATION_REQUIRED_FIELD_MISSING = "VALIDATION_REQUIRED_FIELD_MISSING", Server, Error,
        "Field \"{name}\" is required.",
        "a required field is absent (add methods only)";
    VALIDATION_READ_ONLY_FIELD = "VALIDATION_READ_ONLY_FIELD", Server, Error,
        "Field \"{name}\" is read only.",
        "a field the portal sets was sent (`id`, `dateCreate`, a dataset's `type`, …)";
    VALIDATION_INVALID_FIELD_TYPE = "VALIDATION_INVALID_FIELD_TYPE", Server, Error,
        "Field \"{name}\" must be of type {type}.",
        "a field's value has the wrong PHP type (string, integer-like, array, boolean)";
    VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS = "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS", Server, Error,
        "Settings must include \"type\", \"name\" and \"code\" fields.",
        "a settings item lacks `type`, `name` or `code` (after key conversion), or one is null";
    VALIDATION_SETTINGS_NAME_TOO_LONG = "VALIDATION_SETTINGS_NAME_TOO_LONG", Server, Error,
        "Parameter \"name\" must be less than 512 characters.",
        "a settings item's `name` is longer than 512 characters (512 itself is accepted)";
    VALIDATION_SETTINGS_CODE_TOO_LONG = "VALIDATION_SETTINGS_CODE_TOO_LONG", Server, Error,
        "Parameter \"code\" must be less than 512 characters.",
        "a settings item's `code` is longer than 512 characters (512 itself is accepted)";
    VALIDATION_SETTINGS_INVALID_TYPE = "VALIDATION_SETTINGS_INVALID_TYPE", Server, Error,
        "Parameter \"type\" is not correct.",
        "a settings item's `type` is not exactly `STRING` (or `INT` from 26.250)";
    VALIDATION_ID_NOT_PROVIDED = "VALIDATION_ID_NOT_PROVIDED", Server, Error,
        "ID is missing.",
        "update, get, delete or fields.update without a top-level `id`";
    VALIDATION_INVALID_ID_FORMAT = "VALIDATION_INVALID_ID_FORMAT", Server, Error,
        "ID has to be a positive integer.",
        "`id` is not numeric in PHP terms, or its integer value is not positive";
    CONNECTOR_NOT_FOUND = "CONNECTOR_NOT_FOUND", Server, Error,
        "Connector was not found.",
        "no connector with this id (or `connectorId` of source.add) was created by the calling application (predicted with --known-connector)";
    CONNECTOR_DELETE_RESTRICTED = "CONNECTOR_DELETE_RESTRICTED", Server, Error,
        "Connector cannot be removed. Remove the connections related to the connector first.",
        "the connector still has sources (connections); never predicted offline";
    VALIDATION_SELECT_TYPE = "VALIDATION_SELECT_TYPE", Server, Error,
        "Parameter \"select\" must be array.",
        "list `select` is not a list or object";
    VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT = "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT", Server, Error,
        "Field \"{name}\" is not allowed in the \"select\".",
        "a list `select` value is not exactly a field name or `*`";
    VALIDATION_FILTER_TYPE = "VALIDATION_FILTER_TYPE", Server, Error,
        "Parameter \"filter\" must be array.",
        "list `filter` is not an object or list";
    VALIDATION_INVALID_FILTER_LOGIC = "VALIDATION_INVALID_FILTER_LOGIC", Server, Error,
        "Field \"logic\" must be either \"AND\" or \"OR\".",
        "a filter `logic` value is neither AND nor OR (in any case)";
    VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER = "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER", Server, Error,
        "Field \"{name}\" is not allowed in the \"filter\".",
        "a filter key, without its operator prefix, is not exactly a field name";
    VALIDATION_ORDER_TYPE = "VALIDATION_ORDER_TYPE", Server, Error,
        "Parameter \"order\" must be array.",
        "list `order` is not an object";
    VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER = "VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER", Server, Error,
        "Field \"{name}\" is not allowed in the \"order\".",
        "an `order` key is not exactly a field name";
    PHP_TYPE_ERROR = "PHP_TYPE_ERROR", Server, Error,
        "The portal fails with a PHP TypeError on this value and answers HTTP 500 without a JSON body.",
        "an array or object where the portal expects a scalar (setting name/code/type, filter logic), or dataset.delete of a found dataset from 26.250, crashes the request (HTTP 500)";
    ERROR_ARGUMENT = "ERROR_ARGUMENT", Server, Error,
        "{description}",
        "the portal throws an ArgumentException (unstorable setting, bad order direction) and answers HTTP 400 at the root";
    BX_EMPTY_REQUIRED = "BX_EMPTY_REQUIRED", Server, Error,
        "The field {field} is required.",
        "the database layer refuses an empty string in a required column (title, logo, URLs)";
    BX_INVALID_VALUE = "BX_INVALID_VALUE", Server, Error,
        "The length of \"{field}\" should not exceed {max} characters.",
        "the database layer refuses a value longer than its column (title 512, URLs 2048)";
    VALIDATION_IMMUTABLE_FIELD = "VALIDATION_IMMUTABLE_FIELD", Server, Error,
        "Field \"{name}\" is immutable.",
        "an update sends a field fixed at creation (`connectorId` of a source; `sourceId`, `name`, `externalName`, `externalCode` of a dataset)";
    ERROR_METHOD_NOT_FOUND = "ERROR_METHOD_NOT_FOUND", Server, Error,
        "Method not found!",
        "the REST server has no such method (`biconnector.table.*` before 26.250, or a misspelt one an envelope names); HTTP 404 at the root";
    SOURCE_NOT_FOUND = "SOURCE_NOT_FOUND", Server, Error,
        "Source was not found.",
        "no REST source with this id belongs to the calling application (predicted with --known-source)";
    SOURCE_CREATE_CONNECTION_ERROR = "SOURCE_CREATE_CONNECTION_ERROR", Server, Error,
        "Cannot create connection.",
        "the connector's urlCheck endpoint refused the settings on source.add; never predicted offline";
    SOURCE_UPDATE_CONNECTION_ERROR = "SOURCE_UPDATE_CONNECTION_ERROR", Server, Error,
        "Cannot update connection.",
        "the connector's urlCheck endpoint refused the settings on source.update; never predicted offline";
    CODE_0_FIELDS_INCOMPLETE = "CODE_0_FIELDS_INCOMPLETE", Server, Error,
        "All the fields are required.",
        "error code 0: a source's title is empty (add), or absent or empty (update)";
    SOURCE_DELETE_RESTRICTED = "SOURCE_DELETE_RESTRICTED", Server, Error,
        "Cannot delete source. Delete all related datasets first.",
        "error code BX_ERROR: the source still has datasets; never predicted offline (text unverified, spec OPEN-4)";
    VALIDATION_DATASET_NAME_INVALID = "VALIDATION_DATASET_NAME_INVALID", Server, Error,
        "Dataset name has to start with a lowercase Latin character. Possible entry includes lowercase Latin characters (a-z), numbers (0-9) and underscores.",
        "a dataset `name` does not match ^[a-z][a-z0-9_]*$";
    CODE_0_DUPLICATE_COLUMN_NAMES = "CODE_0_DUPLICATE_COLUMN_NAMES", Server, Error,
        "Duplicate column names: {list}",
        "error code 0: two columns of dataset.add share a `name`";
    CODE_0_DATASET_EXISTS = "CODE_0_DATASET_EXISTS", Server, Error,
        "Dataset with this name already exists.",
        "error code 0: BI Builder already has a table with this name; never predicted offline (text unverified, spec OPEN-4)";
    FIELDS_EMPTY = "FIELDS_EMPTY", Server, Error,
        "$fields is empty",
        "dataset.add with an empty column list (`fields: []`)";
    VALIDATION_DUPLICATE_FIELD_CODE = "VALIDATION_DUPLICATE_FIELD_CODE", Server, Error,
        "Duplicate values found in the \"code\" parameter: {list}",
        "two columns share an `externalCode`";
    VALIDATION_DUPLICATE_FIELD_NAME = "VALIDATION_DUPLICATE_FIELD_NAME", Server, Error,
        "Duplicate values found in the \"name\" parameter: {list}",
        "two added columns of fields.update share a `name`";
    VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS = "VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS", Server, Error,
        "Field must include the required parameters: \"name\", \"externalCode\" and \"type\".",
        "a column is not an object with `name`, `externalCode` and `type` keys (after key conversion)";
    VALIDATION_FIELD_NAME_INVALID_FORMAT = "VALIDATION_FIELD_NAME_INVALID_FORMAT", Server, Error,
        "Field \"name\" has to start with an uppercase Latin character. Possible entry includes uppercase Latin characters (A-Z), numbers (0-9) and underscores.",
        "a column `name` does not match ^[A-Z][A-Z0-9_]*$";
    VALIDATION_FIELD_NAME_TOO_LONG = "VALIDATION_FIELD_NAME_TOO_LONG", Server, Error,
        "Field \"name\" must not exceed 32 characters.",
        "a column `name` is longer than 32 characters";
    VALIDATION_FIELD_INVALID_TYPE = "VALIDATION_FIELD_INVALID_TYPE", Server, Error,
        "Invalid field type.",
        "a column `type` is not exactly one of int, string, double, date, datetime, money, timezone";
    VALIDATION_DATASET_NAME_TOO_LONG = "VALIDATION_DATASET_NAME_TOO_LONG", Server, Error,
        "Dataset name must not exceed 230 characters.",
        "a dataset `name` is longer than 230 characters";
    DATASET_NOT_FOUND = "DATASET_NOT_FOUND", Server, Error,
        "Dataset was not found.",
        "no REST dataset with this id belongs to the calling application (predicted with --known-dataset)";
    INVALID_METHOD = "INVALID_METHOD", Server, Error,
        "Use the method \"biconnector.dataset.fields.update\" to update the dataset fields.\"",
        "dataset.update (or table.update) sends `fields`; columns change through fields.update";
    VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS = "VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS", Server, Error,
        "Field to be added must include the required parameters: \"name\", \"externalCode\" and \"type\".",
        "an `add` item of fields.update lacks a non-null `name`, `externalCode` or `type` (exact keys)";
    VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS = "VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS", Server, Error,
        "Field to be updated must include the required parameters: \"id\" and \"visible\".",
        "an `update` item of fields.update lacks a non-null `id` or `visible`";
    VALIDATION_FIELD_DELETE_INVALID_ID = "VALIDATION_FIELD_DELETE_INVALID_ID", Server, Error,
        "ID to be deleted must be a positive integer.",
        "a `delete` item of fields.update is not numeric or below 1";
    VALIDATION_DUPLICATE_EXIST_CODE = "VALIDATION_DUPLICATE_EXIST_CODE", Server, Error,
        "The following \"externalCode\" values already exist in the current fields: {list}",
        "an added column's `externalCode` is already a column of the dataset; never predicted offline";
    VALIDATION_DUPLICATE_EXIST_NAME = "VALIDATION_DUPLICATE_EXIST_NAME", Server, Error,
        "The following \"name\" values already exist in the current fields: {list}",
        "an added column's `name` is already a column of the dataset; never predicted offline";
    DATASET_UPDATE_ERROR = "DATASET_UPDATE_ERROR", Server, Error,
        "Error updating dataset.",
        "a BI Builder handler refused the changed columns after fields.update; never predicted offline";
    // --- b24lint's own lints ---
    JSON_SYNTAX = "json-syntax", Lint, Error,
        "",
        "the file is not JSON that PHP's json_decode accepts; the portal then ignores the whole body";
    PASTED_LITERAL = "pasted-literal", Lint, Error,
        "",
        "the body is a JavaScript object or a PHP array pasted from code (alone, assigned, or passed to a REST call), not JSON; the portal ignores it";
    URL_INVALID = "url-invalid", Lint, Error,
        "",
        "an endpoint URL is not an absolute http(s) URL that every parser reads the same way";
    URL_CLEARTEXT = "url-cleartext", Lint, Warning,
        "",
        "an endpoint or logo URL uses http://, so settings values travel unencrypted";
    URL_PRIVATE_HOST = "url-private-host", Lint, Warning,
        "",
        "a URL's host is local or private (localhost, loopback, private, link-local, .local/.internal/.lan): a cloud portal cannot reach it";
    URL_CREDENTIALS = "url-credentials", Lint, Error,
        "",
        "a URL carries user:password@ credentials, which end up stored in the connector definition";
    LOGO_NOT_IMAGE = "logo-not-image", Lint, Error,
        "",
        "`logo` is neither an http(s) image URL nor a data: URI; the portal stores it and shows a broken image";
    LOGO_DATA_URI = "logo-data-uri", Lint, Error,
        "",
        "a data: URI logo is malformed or does not declare an image type";
    LOGO_BASE64 = "logo-base64", Lint, Error,
        "",
        "a data: URI logo's base64 payload is invalid (alphabet or padding)";
    LOGO_CONTENT = "logo-content", Lint, Error,
        "",
        "a data: URI logo's bytes are not an image of the declared kind, so browsers do not render it";
    LOGO_MIME_MISMATCH = "logo-mime-mismatch", Lint, Warning,
        "",
        "a data: URI logo holds one raster format but declares another (browsers sniff it, other clients may not)";
    LOGO_SVG = "logo-svg", Lint, Error,
        "",
        "an SVG logo is not well-formed XML with an `svg` root in the SVG namespace; browsers show nothing";
    LOGO_UNCOMMON_TYPE = "logo-uncommon-type", Lint, Warning,
        "",
        "a data: URI logo declares an image type outside PNG, JPEG, GIF, WebP and SVG";
    LOGO_TOO_LONG = "logo-too-long", Lint, Warning,
        "",
        "`logo` is longer than 65,535 bytes, the size of the TEXT column that stores it";
    SETTING_DUPLICATE_CODE = "setting-duplicate-code", Lint, Error,
        "",
        "two settings share a `code`: the endpoints receive one value for both";
    SETTING_EMPTY = "setting-empty", Lint, Warning,
        "",
        "a setting's `name` or `code` is empty; the portal accepts it, the form and the endpoints cannot use it";
    SETTING_CODE_CHARS = "setting-code-chars", Lint, Warning,
        "",
        "a setting `code` has whitespace, control or punctuation characters awkward as a form field or JSON key";
    SETTING_NOT_STRING = "setting-not-string", Lint, Warning,
        "",
        "a setting's `name` or `code` is a number or boolean; the portal stores it as such, not as text";
    SORT_COERCED = "sort-coerced", Lint, Warning,
        "",
        "`sort` is accepted but stored as a different integer (truncated, converted or clamped to 32 bits)";
    DUPLICATE_KEY = "duplicate-key", Lint, Warning,
        "",
        "an object has the same key twice; the portal keeps the last value at the first position";
    PARAM_CASE = "param-case", Lint, Error,
        "",
        "a top-level parameter in the wrong case (`FIELDS`, `SELECT`, `ID`): the portal ignores it silently";
    PARAM_UNKNOWN = "param-unknown", Lint, Warning,
        "",
        "a top-level parameter the method does not read";
    PARAM_START = "param-start", Lint, Warning,
        "",
        "`start` is removed by the REST server; BIConnector lists page with `page`";
    FILTER_LOGIC_BYPASS = "filter-logic-bypass", Lint, Warning,
        "",
        "a top-level filter `logic` of OR (or not in upper case) in connector.list lifts the restriction to the calling app";
    FILTER_UNMAPPED = "filter-unmapped", Lint, Error,
        "",
        "a source/dataset/table list filter with a top-level `logic` or a numbered group, which the portal does not map onto its tables: a database error";
    SETTINGS_REPLACED = "settings-replaced", Lint, Info,
        "",
        "an update that sends `settings` replaces all of the connector's settings";
    PARAMS_IGNORED = "params-ignored", Lint, Info,
        "",
        "connector.fields takes no parameters; the ones sent are ignored";
    ENVELOPE_METHOD = "envelope-method", Lint, Error,
        "",
        "a {\"method\", \"params\"} envelope names a method b24lint does not know";
    ENVELOPE_METHOD_DIFFERS = "envelope-method-differs", Lint, Warning,
        "",
        "an envelope names another method than --method or b24lint.toml sets (the envelope's is checked)";
    TRANSPORT_VALUE = "transport-value", Lint, Warning,
        "",
        "a form transport (--transport crest or bx24) sends a boolean or number as other text: `false` as \"0\" or \"false\"";
    TRANSPORT_FALSE_TRUE = "transport-false-true", Lint, Error,
        "",
        "BX24.js sends `visible: false` as \"false\", which the portal casts to true: the column is shown";
    TRANSPORT_KEY_VANISHES = "transport-key-vanishes", Lint, Warning,
        "",
        "a form transport drops a key whose value is null, [] or {} (BX24.js sends [] as an empty string)";
    TRANSPORT_KEY_ORDER = "transport-key-order", Lint, Warning,
        "",
        "BX24.js sends scalar keys before nested ones, so the portal lists unknown parameters in another order";
    TRANSPORT_INPUT_VARS = "transport-input-vars", Lint, Error,
        "",
        "a form body has more variables than PHP reads (max_input_vars = 1000): the rest are dropped";
    TRANSPORT_NESTING = "transport-nesting", Lint, Error,
        "",
        "a form variable nested deeper than PHP's max_input_nesting_level (64) removes its whole top-level parameter";
    TEXT_WHITESPACE = "text-whitespace", Lint, Warning,
        "",
        "`title` or `description` is blank or has leading/trailing whitespace";
    COLUMN_KEY = "column-key", Lint, Error,
        "",
        "a dataset column key is a near-miss of `name`, `externalCode` or `type` the portal does not read (`extrnalCode`, `NAME`)";
    COLUMN_TYPE_CASE = "column-type-case", Lint, Error,
        "",
        "a column `type` is a known type in the wrong case (`INT` for `int`)";
    SOURCE_ACTIVE_IGNORED = "source-active-ignored", Lint, Info,
        "",
        "a source's `active` is checked to be true/false and then ignored";
    SOURCE_SETTINGS_SHAPE = "source-settings-shape", Lint, Error,
        "",
        "source `settings` is not an object of setting values by code, so the portal finds none";
    SOURCE_SETTING_VALUE = "source-setting-value", Lint, Warning,
        "",
        "a source setting value is not a string (null is dropped; an array crashes the portal)";
    SOURCE_SETTINGS_CODES = "source-settings-codes", Lint, Warning,
        "",
        "a source's setting codes differ from its connector's (checked across the files of one run)";
    DATASET_EXTERNAL_CODE_DUPLICATE = "dataset-external-code-duplicate", Lint, Warning,
        "",
        "two dataset definitions of one source share an `externalCode` (checked across the files of one run)";
    // --- the run itself: what b24lint could not use, not findings in a request ---
    CONFIG_INVALID = "config-invalid", Run, Error,
        "",
        "a b24lint.toml (or the --config file) cannot be read or holds an error: nothing is checked and the run exits 2";
    INPUT_UNREADABLE = "input-unreadable", Run, Error,
        "",
        "an input cannot be read (missing, not a regular file, larger than --max-file-size): it is not checked and the run exits 2";
    IGNORE_UNUSED = "ignore-unused", Run, Warning,
        "",
        "an [[ignore]] of b24lint.toml whose files were checked dropped no finding: it is stale or mistyped";
}

macro_rules! lint_messages {
    ($($variant:ident { $($field:ident: $type:ty),* $(,)? } = $code:ident, $template:literal;)*) => {
        /// One message of a lint, with the values its template names.
        #[derive(Clone, Copy)]
        pub enum Message<'a> {
            $($variant { $($field: $type),* },)*
        }

        impl Message<'_> {
            /// The lint code the message belongs to.
            pub fn code(&self) -> Code {
                match self {
                    $(Message::$variant { .. } => Code::$code,)*
                }
            }

            /// The template as written in the table (a literal brace is doubled).
            pub fn template(&self) -> &'static str {
                match self {
                    $(Message::$variant { .. } => $template,)*
                }
            }

            /// The message as reported. Each template is a `format!` string of its own, so a
            /// placeholder without an argument, or an argument the template does not use, is a
            /// compile error.
            pub fn text(&self) -> String {
                match self {
                    $(Message::$variant { $($field),* } => format!($template $(, $field = $field)*),)*
                }
            }
        }

        /// Every lint message as (code, template), in table order.
        pub static LINT_MESSAGES: &[(Code, &str)] = &[$((Code::$code, $template),)*];
    };
}

lint_messages! {
    // The parser's own wording (json::parse) says what is wrong with the syntax.
    JsonSyntax { problem: &'a str } = JSON_SYNTAX,
        "{problem}";
    JsonTooDeepWrapped { depth: usize } = JSON_SYNTAX,
        "nesting of {depth} arrays/objects plus the request's `fields` wrapper exceeds PHP's decoding depth (512)";
    PastedJsObject {} = PASTED_LITERAL,
        "the body is a JavaScript object literal, not JSON";
    PastedPhpArray {} = PASTED_LITERAL,
        "the body is a PHP array, not JSON";
    PastedJsCall { callee: &'a str } = PASTED_LITERAL,
        "the body is JavaScript code calling {callee}, not JSON";
    PastedPhpCall { callee: &'a str } = PASTED_LITERAL,
        "the body is PHP code calling {callee}, not JSON";
    UrlStartsWithControl { field: &'a str, codepoint: u32 } = URL_INVALID,
        "`{field}` starts with whitespace or a control character (U+{codepoint:04X})";
    UrlEndsWithControl { field: &'a str, codepoint: u32 } = URL_INVALID,
        "`{field}` ends with whitespace or a control character (U+{codepoint:04X})";
    UrlContainsControl { field: &'a str, codepoint: u32 } = URL_INVALID,
        "`{field}` contains whitespace or a control character (U+{codepoint:04X})";
    UrlBackslash { field: &'a str } = URL_INVALID,
        "`{field}` contains a backslash";
    UrlNotAbsolute { field: &'a str } = URL_INVALID,
        "`{field}` is not an absolute URL";
    UrlScheme { field: &'a str, scheme: &'a str } = URL_INVALID,
        "`{field}` uses the scheme `{scheme}`, not http(s)";
    UrlNoSlashes { field: &'a str, scheme: &'a str } = URL_INVALID,
        "`{field}` has no `//` after `{scheme}:`";
    UrlNoHost { field: &'a str } = URL_INVALID,
        "`{field}` has no host";
    UrlUnparsable { field: &'a str, error: &'a dyn fmt::Display } = URL_INVALID,
        "`{field}` is not a valid URL ({error})";
    UrlAmbiguousHost { field: &'a str, written: &'a str, read: &'a str } = URL_INVALID,
        "`{field}` has the host `{written}`, which URL parsers read as `{read}`";
    UrlCleartext { field: &'a str } = URL_CLEARTEXT,
        "`{field}` uses clear-text http://";
    UrlLocalhost { field: &'a str, host: &'a str } = URL_PRIVATE_HOST,
        "`{field}` points at `{host}`, which a cloud portal cannot reach";
    UrlLocalName { field: &'a str, suffix: &'a str } = URL_PRIVATE_HOST,
        "`{field}` points at a `{suffix}` name, which a cloud portal cannot reach";
    UrlPrivateAddress { field: &'a str, kind: &'a str, address: &'a dyn fmt::Display } = URL_PRIVATE_HOST,
        "`{field}` points at a {kind} address ({address}), which a cloud portal cannot reach";
    UrlCredentials { field: &'a str } = URL_CREDENTIALS,
        "`{field}` has credentials in the URL";
    LogoNotImage {} = LOGO_NOT_IMAGE,
        "`logo` is neither an http(s) URL nor a data: URI";
    LogoDataUriNoComma {} = LOGO_DATA_URI,
        "the data: URI has no `,` before its data";
    LogoDataUriNoMediaType {} = LOGO_DATA_URI,
        "the data: URI declares no media type (text/plain), not an image type";
    LogoDataUriNotImage { media: &'a str } = LOGO_DATA_URI,
        "the data: URI declares {media}, not an image type";
    LogoBase64TooMuchPadding {} = LOGO_BASE64,
        "the logo's base64 data has more than two `=` padding characters";
    LogoBase64AfterPadding {} = LOGO_BASE64,
        "the logo's base64 data continues after `=` padding";
    LogoBase64UrlSafe { letter: char } = LOGO_BASE64,
        "the logo's base64 data uses `{letter}` from the URL-safe alphabet, which browsers reject here";
    LogoBase64Foreign { escaped: &'a str } = LOGO_BASE64,
        "the logo's base64 data has `{escaped}`, which is not a base64 character";
    LogoBase64Empty {} = LOGO_BASE64,
        "the logo's base64 data is empty";
    LogoBase64Length {} = LOGO_BASE64,
        "the logo's base64 data has a wrong length or padding";
    LogoBase64Undecodable { error: &'a dyn fmt::Display } = LOGO_BASE64,
        "the logo's base64 data does not decode ({error})";
    LogoMarkupAsRaster { declared: &'a str } = LOGO_CONTENT,
        "the logo holds SVG/XML text but declares {declared}";
    LogoRasterAsSvg { held: &'a str } = LOGO_CONTENT,
        "the logo holds {held} but declares image/svg+xml";
    LogoNotDeclaredKind { format: &'a str } = LOGO_CONTENT,
        "the logo's data is not a {format} image";
    LogoMimeMismatch { held: &'a str, declared: &'a str } = LOGO_MIME_MISMATCH,
        "the logo holds {held} data but declares {declared}";
    LogoSvgNotUtf8 {} = LOGO_SVG,
        "the SVG logo is not UTF-8 text";
    LogoSvgMalformed { error: &'a dyn fmt::Display } = LOGO_SVG,
        "the SVG logo is not well-formed XML: {error}";
    LogoSvgRoot { root: &'a str } = LOGO_SVG,
        "the SVG logo's root element is `{root}`, not `svg`";
    LogoSvgNoNamespace {} = LOGO_SVG,
        "the SVG logo's root `svg` element has no xmlns=\"http://www.w3.org/2000/svg\"";
    LogoSvgNamespaceTypo { attribute: &'a str } = LOGO_SVG,
        "the SVG logo's root `svg` element has no xmlns=\"http://www.w3.org/2000/svg\" (`{attribute}` is not `xmlns`)";
    LogoSvgNamespace { namespace: &'a str } = LOGO_SVG,
        "the SVG logo's root `svg` element is in the namespace `{namespace}`";
    LogoUncommonType { media: &'a str } = LOGO_UNCOMMON_TYPE,
        "the data: URI declares `{media}`, not a common web image type";
    LogoTooLong { len: usize } = LOGO_TOO_LONG,
        "`logo` is {len} bytes, more than the 65,535 its TEXT column holds";
    SettingDuplicateCode { code: &'a str } = SETTING_DUPLICATE_CODE,
        "the setting code `{code}` is used twice";
    SettingEmpty { key: &'a str } = SETTING_EMPTY,
        "this setting's `{key}` is empty";
    SettingCodeWhitespace { code: &'a str } = SETTING_CODE_CHARS,
        "the setting code `{code}` contains whitespace";
    SettingCodeControl { code: &'a str, codepoint: u32 } = SETTING_CODE_CHARS,
        "the setting code `{code}` contains the control character U+{codepoint:04X}";
    SettingCodePunctuation { code: &'a str, letter: char } = SETTING_CODE_CHARS,
        "the setting code `{code}` contains `{letter}`";
    SettingNotString { key: &'a str, kind: &'a str } = SETTING_NOT_STRING,
        "this setting's `{key}` is a {kind}, not a string";
    SortCoerced { written: &'a str, stored: i64 } = SORT_COERCED,
        "`sort` {written} is stored as {stored}";
    DuplicateKey { key: &'a str } = DUPLICATE_KEY,
        "the key `{key}` appears more than once in this object";
    ParamCase { key: &'a str, meant: &'a str } = PARAM_CASE,
        "`{key}` is not read: parameter names are lower-case (`{meant}`)";
    ParamUnknown { key: &'a str, method: &'a str } = PARAM_UNKNOWN,
        "`{key}` is not a parameter of {method}";
    ParamStart {} = PARAM_START,
        "`start` is removed by the REST server and never reaches BIConnector";
    FilterLogicBypass { logic: &'a str } = FILTER_LOGIC_BYPASS,
        "top-level filter logic \"{logic}\" lifts the restriction to the calling application";
    FilterLogicUnmapped { list: &'a str } = FILTER_UNMAPPED,
        "{list} turns a top-level `logic` into a column name, and the portal fails in its database layer";
    FilterGroupUnmapped { list: &'a str } = FILTER_UNMAPPED,
        "{list} does not map the field names inside a numbered filter group onto its tables, and the portal fails in its database layer";
    SettingsCleared {} = SETTINGS_REPLACED,
        "this update clears all settings of the connector";
    SettingsReplacedByOne {} = SETTINGS_REPLACED,
        "this update replaces all settings of the connector with 1 setting";
    SettingsReplaced { count: usize } = SETTINGS_REPLACED,
        "this update replaces all settings of the connector with {count} settings";
    ParamsIgnored { method: &'a str, names: &'a str } = PARAMS_IGNORED,
        "{method} takes no parameters; {names} ignored";
    EnvelopeMethod { method: &'a str } = ENVELOPE_METHOD,
        "b24lint does not know the method {method}";
    EnvelopeMethodDiffers { named: &'a str, given: &'a str } = ENVELOPE_METHOD_DIFFERS,
        "the envelope names {named}, the run sets {given}: {named} is checked";
    TransportValue { value: &'a str, sent: &'a str, client: &'a str } = TRANSPORT_VALUE,
        "`{value}` is sent as \"{sent}\" by {client}: the portal reads text";
    TransportFalseTrue { key: &'a str } = TRANSPORT_FALSE_TRUE,
        "`{key}: false` is sent as \"false\" by BX24.js, which the portal casts to true: the column stays visible";
    TransportKeyVanishes { key: &'a str, value: &'a str, client: &'a str } = TRANSPORT_KEY_VANISHES,
        "`{key}: {value}` is not sent by {client}: the key vanishes";
    TransportEmptyString { key: &'a str } = TRANSPORT_KEY_VANISHES,
        "`{key}: []` is sent as an empty string by BX24.js";
    TransportKeyOrder { sent: &'a str, written: &'a str } = TRANSPORT_KEY_ORDER,
        "BX24.js sends these keys as {sent}, not {written}: the portal lists them in that order";
    TransportInputVars { dropped: usize } = TRANSPORT_INPUT_VARS,
        "PHP reads 1001 variables of a form body at most (max_input_vars = 1000): {dropped} from here on are dropped";
    TransportNesting { name: &'a str } = TRANSPORT_NESTING,
        "nested deeper than 64 levels (max_input_nesting_level): PHP drops all of `{name}`";
    TextBlank { field: &'a str } = TEXT_WHITESPACE,
        "`{field}` is blank";
    TextLeadingWhitespace { field: &'a str } = TEXT_WHITESPACE,
        "`{field}` starts with whitespace";
    TextTrailingWhitespace { field: &'a str } = TEXT_WHITESPACE,
        "`{field}` ends with whitespace";
    ColumnKeyNearMiss { key: &'a str, meant: &'a str } = COLUMN_KEY,
        "column key `{key}` is not read; did you mean `{meant}`?";
    ColumnKeyUnread { key: &'a str } = COLUMN_KEY,
        "column key `{key}` is not read by the portal";
    ColumnTypeCase { written: &'a str, lower: &'a str } = COLUMN_TYPE_CASE,
        "column type \"{written}\" must be written in lower case: \"{lower}\"";
    SourceActiveIgnored {} = SOURCE_ACTIVE_IGNORED,
        "`active` is checked to be true or false, then ignored";
    SourceSettingsListOnAdd {} = SOURCE_SETTINGS_SHAPE,
        "`settings` is a list: the portal looks setting values up by code, so none is found and every setting stays empty";
    SourceSettingsListOnUpdate {} = SOURCE_SETTINGS_SHAPE,
        "`settings` is a list: the portal looks setting values up by code, so none is found and no setting changes";
    SourceSettingNullOnAdd { code: &'a str } = SOURCE_SETTING_VALUE,
        "setting `{code}` is null: the portal drops it, so the setting keeps no value";
    SourceSettingNullOnUpdate { code: &'a str } = SOURCE_SETTING_VALUE,
        "setting `{code}` is null: the portal drops it, so its stored value does not change";
    SourceSettingList { code: &'a str } = SOURCE_SETTING_VALUE,
        "setting `{code}` is a list: if it is one of the connector's settings the portal fails on it (HTTP 500)";
    SourceSettingObject { code: &'a str } = SOURCE_SETTING_VALUE,
        "setting `{code}` is an object: if it is one of the connector's settings the portal fails on it (HTTP 500)";
    SourceSettingNotString { code: &'a str } = SOURCE_SETTING_VALUE,
        "setting `{code}` is not a string: the portal stores it as text";
    SourceSettingUnknown { code: &'a str, connector: &'a str } = SOURCE_SETTINGS_CODES,
        "`{code}` is not a setting of the connector in {connector}; the portal drops it silently";
    SourceSettingsUnset { connector: &'a str, codes: &'a str } = SOURCE_SETTINGS_CODES,
        "the connector in {connector} declares {codes} that this source does not set";
    DatasetExternalCodeDuplicate { code: &'a str, source: i64, earlier: &'a str } = DATASET_EXTERNAL_CODE_DUPLICATE,
        "externalCode \"{code}\" of source {source} is also used by {earlier}";
}

impl Code {
    pub fn info(self) -> &'static CodeInfo {
        &TABLE[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn origin(self) -> Origin {
        self.info().origin
    }

    /// The `error` value the portal sends: the code's name, or the integer 0 for errors the
    /// server creates without a code.
    pub fn wire(self) -> serde_json::Value {
        match self {
            Code::CODE_0_FIELDS_INCOMPLETE
            | Code::CODE_0_DUPLICATE_COLUMN_NAMES
            | Code::CODE_0_DATASET_EXISTS => serde_json::Value::from(0),
            Code::SOURCE_DELETE_RESTRICTED => serde_json::Value::from("BX_ERROR"),
            code => serde_json::Value::from(code.name()),
        }
    }

    /// A code as a user may type it: exactly, or in any case when that names one code; else
    /// why not, with the nearest name when there is one.
    pub fn lookup(name: &str) -> Result<Code, String> {
        let name = name.trim();
        if let Some(code) = Code::from_name(name) {
            return Ok(code);
        }
        let folded: Vec<Code> = TABLE
            .iter()
            .filter(|row| row.name.eq_ignore_ascii_case(name))
            .map(|row| row.code)
            .collect();
        if let [code] = folded.as_slice() {
            return Ok(*code);
        }
        let names: Vec<&str> = TABLE.iter().map(|row| row.name).collect();
        let near = crate::suggest::did_you_mean(name, &names)
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        Err(format!(
            "unknown code `{name}`; {near}`b24lint rules` lists them"
        ))
    }

    pub fn from_name(name: &str) -> Option<Code> {
        TABLE
            .iter()
            .find(|row| row.name == name)
            .map(|row| row.code)
    }

    /// Fills a server code's message template. Every placeholder in a template must have an
    /// argument; a missing one is a programming error caught by the table tests. A lint's
    /// messages are [`Message`]s.
    pub fn message(self, args: &[(&str, &str)]) -> String {
        debug_assert_eq!(
            self.origin(),
            Origin::Server,
            "{self} is a lint: its messages are LINT_MESSAGES rows"
        );
        let mut out = String::with_capacity(self.info().template.len() + 16);
        let mut rest = self.info().template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
            let key = &rest[open + 1..close];
            let value = args.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
            debug_assert!(
                value.is_some(),
                "missing argument {key} for {}",
                self.name()
            );
            out.push_str(value.unwrap_or_default());
            rest = rest.get(close + 1..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_indexed_by_variant() {
        for (i, row) in TABLE.iter().enumerate() {
            assert_eq!(row.code as usize, i, "{}", row.name);
            assert_eq!(Code::from_name(row.name), Some(row.code));
        }
    }

    #[test]
    fn server_messages_are_byte_exact() {
        type Case = (Code, &'static [(&'static str, &'static str)], &'static str);
        let cases: &[Case] = &[
            (
                Code::VALIDATION_FIELDS_NOT_PROVIDED,
                &[],
                "Fields not provided.",
            ),
            (
                Code::VALIDATION_UNKNOWN_PARAMETERS,
                &[("list", "foo, bar")],
                "Unknown parameters: foo, bar",
            ),
            (
                Code::VALIDATION_UNKNOWN_PARAMETERS,
                &[("list", "")],
                "Unknown parameters: ",
            ),
            (
                Code::VALIDATION_REQUIRED_FIELD_MISSING,
                &[("name", "logo")],
                "Field \"logo\" is required.",
            ),
            (
                Code::VALIDATION_READ_ONLY_FIELD,
                &[("name", "id")],
                "Field \"id\" is read only.",
            ),
            (
                Code::VALIDATION_INVALID_FIELD_TYPE,
                &[("name", "sort"), ("type", "integer")],
                "Field \"sort\" must be of type integer.",
            ),
            (
                Code::VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS,
                &[],
                "Settings must include \"type\", \"name\" and \"code\" fields.",
            ),
            (
                Code::VALIDATION_SETTINGS_NAME_TOO_LONG,
                &[],
                "Parameter \"name\" must be less than 512 characters.",
            ),
            (
                Code::VALIDATION_SETTINGS_CODE_TOO_LONG,
                &[],
                "Parameter \"code\" must be less than 512 characters.",
            ),
            (
                Code::VALIDATION_SETTINGS_INVALID_TYPE,
                &[],
                "Parameter \"type\" is not correct.",
            ),
            (
                Code::BX_EMPTY_REQUIRED,
                &[("field", "TITLE")],
                "The field TITLE is required.",
            ),
            (
                Code::BX_INVALID_VALUE,
                &[("field", "URL_CHECK"), ("max", "2048")],
                "The length of \"URL_CHECK\" should not exceed 2048 characters.",
            ),
            (Code::ACCESS_DENIED, &[], "Access denied."),
        ];
        for (code, args, expected) in cases {
            assert_eq!(code.message(args), *expected);
        }
    }

    #[test]
    fn every_lint_has_messages_and_no_server_code_has_one() {
        for row in TABLE {
            let rows = LINT_MESSAGES.iter().filter(|(c, _)| *c == row.code).count();
            match row.origin {
                Origin::Lint => {
                    assert!(rows > 0, "{} has no LINT_MESSAGES row", row.name);
                    assert_eq!(row.template, "", "{}", row.name);
                }
                Origin::Server | Origin::Run => {
                    assert_eq!(rows, 0, "{} is not a lint", row.name)
                }
            }
        }
    }

    #[test]
    fn lint_messages_are_byte_exact() {
        let address: std::net::IpAddr = "10.0.0.1".parse().unwrap();
        let cases = [
            (
                Message::SettingNotString {
                    key: "code",
                    kind: "number",
                },
                "this setting's `code` is a number, not a string",
            ),
            (
                Message::LogoTooLong { len: 70_000 },
                "`logo` is 70000 bytes, more than the 65,535 its TEXT column holds",
            ),
            (
                Message::UrlStartsWithControl {
                    field: "urlCheck",
                    codepoint: 0x9,
                },
                "`urlCheck` starts with whitespace or a control character (U+0009)",
            ),
            (
                Message::UrlPrivateAddress {
                    field: "urlData",
                    kind: "private",
                    address: &address,
                },
                "`urlData` points at a private address (10.0.0.1), which a cloud portal cannot reach",
            ),
            (
                Message::ColumnTypeCase {
                    written: "INT",
                    lower: "int",
                },
                "column type \"INT\" must be written in lower case: \"int\"",
            ),
            (
                Message::SettingsCleared {},
                "this update clears all settings of the connector",
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(message.text(), expected);
            assert_eq!(message.code().origin(), Origin::Lint);
            assert!(LINT_MESSAGES.contains(&(message.code(), message.template())));
        }
    }
}
