//! Command-line arguments (clap derive). Everything here is parsing; `main` does the work.

use b24lint::{Caller, Code, InputMode, Method, Target, Transport};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Kept within 78 columns, with its own hanging indents: clap re-wraps only lines longer
/// than the terminal, and a re-wrapped line would lose its indent.
const AFTER_HELP: &str = "\
Exit status:
  0  no error-severity finding (warnings may have been printed)
  1  at least one error-severity finding (a file that is not JSON counts)
  2  a usage error; an input that could not be read (the other inputs are
     still checked); or a b24lint.toml that cannot be used (nothing is
     checked; every output reports config-invalid)

Examples:
  b24lint check
  b24lint check connector.json
  b24lint check --target 26.250 --format server definitions/
  curl-body | b24lint check - --stdin-filename request.json";

/// Offline, server-exact linter for Bitrix24 BIConnector REST requests.
///
/// b24lint runs the checks the portal runs on `biconnector.connector.*`, `biconnector.source.*`,
/// `biconnector.dataset.*` and `biconnector.table.*` requests, in the same order and with the
/// same error codes and messages, reports every problem with its place in the file, and
/// predicts the one answer the portal would give.
#[derive(Debug, Parser)]
#[command(name = "b24lint", version, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check request bodies, or connector, source and dataset definitions.
    #[command(after_help = AFTER_HELP)]
    Check(Box<CheckArgs>),
    /// List every code: origin, default severity, targets and what it means.
    Rules(RulesArgs),
    /// Explain one code: what it means, when the portal returns it, an example and the fix.
    Explain(ExplainArgs),
    /// Print the JSON Schema of a connector definition file, for editors.
    Schema(SchemaArgs),
    /// Print the requests the portal sends a connector's four endpoints, to replay them
    /// against your own server.
    #[command(after_help = REQUESTS_HELP)]
    Requests(RequestsArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The file shape: a request body ({"fields": {…}}) or a bare definition.
    #[arg(long, value_enum, default_value_t = Input::Request)]
    pub form: Input,

    /// Portal version the schema describes.
    #[arg(long, default_value = "cloud", value_parser = parse_target)]
    pub target: Target,
}

const REQUESTS_HELP: &str = "\
Each request is what the portal POSTs (form-encoded by PHP's http_build_query,
no User-Agent, no authorisation header): the check when biconnector.source.add
creates a source, the table picker's search, and with --table the description,
the 20-row preview and, with --select, BI Builder's data request.

Examples:
  b24lint requests connector.json --source source.json
  b24lint requests connector.json --source source.json --table sales \\
      --select DEAL_ID,AMOUNT --map deal_id=DEAL_ID,amount=AMOUNT --format curl";

#[derive(Debug, clap::Args)]
pub struct RequestsArgs {
    /// The connector definition: a biconnector.connector.add body, an envelope of one, or
    /// its bare `fields`.
    #[arg(value_name = "CONNECTOR")]
    pub connector: PathBuf,

    /// The source's settings: a biconnector.source.add body, an envelope of one, its bare
    /// `fields`, or the settings object itself. Without it, `connection` is not sent.
    #[arg(long, value_name = "FILE")]
    pub source: Option<PathBuf>,

    /// The table's externalCode (`table`), for the description and data requests.
    #[arg(long, value_name = "CODE")]
    pub table: Option<String>,

    /// What the user typed in the table picker (`searchString`).
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub search: String,

    /// Field NAMEs BI Builder selects (comma-separated or repeated): adds its data request.
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    pub select: Vec<String>,

    /// BI Builder's `limit`; it sends 0 when it sets none.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub limit: u64,

    /// The table's columns as CODE=NAME (column externalCode, field NAME), for `mapFields`.
    #[arg(long, value_name = "CODE=NAME", value_delimiter = ',', value_parser = parse_map)]
    pub map: Vec<(String, String)>,

    /// How to print each request: the HTTP text, a curl command, or JSON.
    #[arg(long, value_enum, default_value_t = RequestsFormat::Http)]
    pub format: RequestsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RequestsFormat {
    Http,
    Curl,
    Json,
}

fn parse_map(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((code, name)) if !code.is_empty() && !name.is_empty() => {
            Ok((code.to_string(), name.to_string()))
        }
        _ => Err(format!("`{s}` is not CODE=NAME")),
    }
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Output format: a table for people, json (one document: {"version": 1, "rules": […]}) or
    /// jsonl (one object per line) for tools.
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A code as printed, e.g. VALIDATION_UNKNOWN_PARAMETERS or url-invalid.
    #[arg(value_name = "CODE")]
    pub code: String,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files to check; directories are searched for `*.json` (honouring .gitignore, .ignore
    /// and git's global excludes, skipping hidden entries, node_modules, vendor, other tools'
    /// files such as package.json and tsconfig.json, and JSON whose top level has no key of a
    /// BIConnector request); `-` reads standard input. A file named here is always checked.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Leave out of directory walks what matches this glob (repeatable): a pattern without `/`
    /// matches a file or directory name at any depth, one with `/` the path from the current
    /// directory (`*` within a name, `**` across names).
    #[arg(long, value_name = "GLOB", help_heading = "Inputs")]
    pub exclude: Vec<String>,

    /// Print the files that would be checked, one per line, and check nothing.
    #[arg(long, conflicts_with_all = ["show_settings", "fix", "diff"], help_heading = "Inputs")]
    pub show_files: bool,

    /// Print the settings one file is checked with (configuration file, method, target, input
    /// shape, levels, known ids), and check nothing.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["fix", "diff"], help_heading = "Checking")]
    pub show_settings: Option<PathBuf>,

    /// Also print a line for each file without findings (human format).
    #[arg(long, short = 'v', conflicts_with = "quiet", help_heading = "Output")]
    pub verbose: bool,

    /// REST method the requests are sent to: biconnector.connector.* (add, update, get,
    /// delete, list, fields), biconnector.source.* (the same six), biconnector.dataset.* and
    /// biconnector.table.* (those six plus fields.update) [default: biconnector.connector.add].
    /// A file of the form {"method": "…", "params": {…}} names its own, which is checked (a
    /// warning, envelope-method-differs, says so when the two differ).
    #[arg(long, value_parser = parse_method, help_heading = "Checking")]
    pub method: Option<Method>,

    /// Portal version whose answers to predict: 25.300, 25.550, 25.1150, 26.250 (newest public
    /// server code) or cloud (26.250 plus the documented `sourceCode`) [default: cloud].
    #[arg(long, value_parser = parse_target, help_heading = "Checking")]
    pub target: Option<Target>,

    /// What a file holds: a request body (`{"fields": {…}}`), a bare definition of an add
    /// method (the `fields` object: a connector, source or dataset), or auto: a definition if
    /// the top level has a field name of the method's schema (for connector.add, only when
    /// there is no `fields`), a request otherwise [default: auto].
    #[arg(long, value_enum, help_heading = "Checking")]
    pub input: Option<Input>,

    /// How the app sends the body: json (Content-Type: application/json), crest (PHP CRest or
    /// any PHP code posting an array: http_build_query) or bx24 (BX24.callMethod in the app's
    /// page). The two form transports send every value as text, drop null, [] and {} (BX24.js
    /// sends [] as ""), and may reorder keys; the portal's answer is predicted for what PHP
    /// reads back, and transport-* warnings say what changed [default: json]. A file holding a
    /// raw form body (fields[title]=…&…) is read as one whatever this says.
    #[arg(long, value_parser = parse_transport, help_heading = "Checking")]
    pub transport: Option<Transport>,

    /// Who calls: app (an installed application with an OAuth token) or webhook (an incoming
    /// webhook, https://portal/rest/<user>/<secret>/…). From 25.550 the portal answers
    /// ACCESS_DENIED to a webhook for every BIConnector method but the *.fields ones. An
    /// envelope's "url" with a /rest/<user>/<secret>/ path says webhook [default: app].
    #[arg(long, value_parser = parse_caller, help_heading = "Checking")]
    pub caller: Option<Caller>,

    /// The setting codes of the connector the sources are added to (comma-separated or
    /// repeated). source.add/update then predict HTTP 500 for an array or object value under
    /// one of them (the portal trims each) and nothing for one under another code (dropped).
    /// Without it, a connector definition checked in the same run is used; else the report
    /// says what it assumes.
    #[arg(
        long,
        value_name = "CODE",
        value_delimiter = ',',
        help_heading = "Checking"
    )]
    pub connector_codes: Vec<String>,

    /// Connector ids that exist and belong to the calling application (comma-separated or
    /// repeated). Without it, update/get/delete assume the connector exists and say so; with
    /// it, any other id is predicted as CONNECTOR_NOT_FOUND.
    #[arg(
        long,
        value_name = "ID",
        value_delimiter = ',',
        help_heading = "Checking"
    )]
    pub known_connector: Vec<i64>,

    /// Source ids that exist and belong to the calling application, as --known-connector
    /// does for connectors: source.update/get/delete and dataset.add (`sourceId`) then
    /// predict SOURCE_NOT_FOUND for any other id.
    #[arg(
        long,
        value_name = "ID",
        value_delimiter = ',',
        help_heading = "Checking"
    )]
    pub known_source: Vec<i64>,

    /// Dataset ids that exist and belong to the calling application: dataset.* and table.*
    /// update/fields.update/get/delete then predict DATASET_NOT_FOUND for any other id.
    #[arg(
        long,
        value_name = "ID",
        value_delimiter = ',',
        help_heading = "Checking"
    )]
    pub known_dataset: Vec<i64>,

    /// Use this configuration file for every input instead of the nearest b24lint.toml.
    #[arg(
        long,
        value_name = "PATH",
        conflicts_with = "isolated",
        help_heading = "Checking"
    )]
    pub config: Option<PathBuf>,

    /// Ignore every b24lint.toml.
    #[arg(long, help_heading = "Checking")]
    pub isolated: bool,

    /// Refuse inputs larger than this many bytes (the portal's own limits are far lower).
    #[arg(long, value_name = "BYTES", default_value_t = 256 * 1024 * 1024, help_heading = "Inputs")]
    pub max_file_size: u64,

    /// Output format: human (annotated snippets), concise (one line per finding:
    /// path:line:column: severity CODE message), json (one document for tools), server (one
    /// line per input: the response the portal would send), sarif (SARIF 2.1.0 for code
    /// scanning), github (GitHub Actions annotations).
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = Format::Human, help_heading = "Output")]
    pub format: Format,

    /// Print how many findings of each code there are instead of the findings.
    #[arg(long, conflicts_with = "diff", help_heading = "Output")]
    pub statistics: bool,

    /// Print the findings and nothing else: no closing summary (human and concise formats).
    #[arg(
        long,
        short = 'q',
        conflicts_with = "statistics",
        help_heading = "Output"
    )]
    pub quiet: bool,

    /// Exit 0 even when there are error findings (an unreadable input or a usage error still
    /// exits 2).
    #[arg(long, help_heading = "Output")]
    pub exit_zero: bool,

    /// Also write SARIF 2.1.0 to this file (in the same run as --format).
    #[arg(long, value_name = "PATH", help_heading = "Output")]
    pub sarif_file: Option<PathBuf>,

    /// Also write the JSON document to this file.
    #[arg(long, value_name = "PATH", help_heading = "Output")]
    pub json_file: Option<PathBuf>,

    /// Also write the server-format lines to this file.
    #[arg(long, value_name = "PATH", help_heading = "Output")]
    pub server_file: Option<PathBuf>,

    /// Colors in human output; `auto` colors a terminal unless NO_COLOR is set, and a pipe too when FORCE_COLOR or CLICOLOR_FORCE is.
    #[arg(long, value_enum, default_value_t = Color::Auto, help_heading = "Output")]
    pub color: Color,

    /// Name to report for standard input (`-`).
    #[arg(
        long,
        value_name = "NAME",
        default_value = "<stdin>",
        help_heading = "Inputs"
    )]
    pub stdin_filename: String,

    /// Report these lint codes as warnings (comma-separated or repeated).
    #[arg(long, value_name = "CODE", value_delimiter = ',', value_parser = parse_code, help_heading = "Rules")]
    pub warn: Vec<Code>,

    /// Report these lint codes as errors (exit status 1).
    #[arg(long, value_name = "CODE", value_delimiter = ',', value_parser = parse_code, help_heading = "Rules")]
    pub deny: Vec<Code>,

    /// Do not report these lint codes.
    #[arg(long, value_name = "CODE", value_delimiter = ',', value_parser = parse_code, help_heading = "Rules")]
    pub allow: Vec<Code>,

    /// Apply safe fixes in place (re-casing near-miss keys, setting types and column types,
    /// renaming misspelt column keys), then report what remains. A file with a JSON syntax
    /// error is never touched.
    #[arg(long, conflicts_with = "diff", help_heading = "Fixes")]
    pub fix: bool,

    /// Print the fixes as a unified diff instead of applying them; exit 1 if there are any.
    #[arg(long, help_heading = "Fixes")]
    pub diff: bool,

    /// With --fix or --diff, also apply fixes that change what is sent: removing read-only
    /// fields such as `id` and `dateCreate`, and writing a pasted JavaScript object or PHP array
    /// (or a whole docs-tab call) as the JSON body it stands for.
    #[arg(long, help_heading = "Fixes")]
    pub unsafe_fixes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Input {
    Auto,
    Request,
    Fields,
}

impl From<Input> for InputMode {
    fn from(i: Input) -> Self {
        match i {
            Input::Auto => InputMode::Auto,
            Input::Request => InputMode::Request,
            Input::Fields => InputMode::Fields,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Concise,
    Json,
    Server,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

fn parse_method(s: &str) -> Result<Method, String> {
    s.parse()
}

fn parse_target(s: &str) -> Result<Target, String> {
    s.parse()
}

fn parse_transport(s: &str) -> Result<Transport, String> {
    s.parse()
}

fn parse_caller(s: &str) -> Result<Caller, String> {
    s.parse()
}

fn parse_code(s: &str) -> Result<Code, String> {
    Code::lookup(s)
}
