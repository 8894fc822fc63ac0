//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. One run;
//! one rule per code that occurs; columns in Unicode code points.

use super::{Checked, Outcome};
use crate::config::Problem;
use crate::diag::Diagnostic;
use crate::span::{LineIndex, Span};
use crate::spec::codes::CodeInfo;
use crate::spec::{Code, Severity};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// A file that could not be read still gets a result, under this rule.
const UNREADABLE: Code = Code::INPUT_UNREADABLE;

pub fn render(files: &[Checked<'_>]) -> String {
    super::output::render(super::output::Format::Sarif, files)
}

// The document lists its rules before its results, numbered as they first occur, so results
// are laid out as files complete and numbered in input order; the document is written once
// the last file is in.

/// One result laid out where it sits in `results`, around its rule's index.
pub(crate) struct Pending {
    /// The rule: a code of the table (input-unreadable and config-invalid too), described
    /// from its row.
    rule: Code,
    before: String,
    after: String,
}

/// Stands for the rule's index while a result is laid out; no run has that many rules.
const UNNUMBERED: usize = usize::MAX;

/// Results are nested four levels deep: document, `runs`, the run, `results`.
const RESULT_DEPTH: usize = 4;

fn pending(rule: Code, result: &SarifResult<'_>) -> Pending {
    let text = super::output::nested(result, RESULT_DEPTH);
    // `ruleIndex` follows `ruleId`, a code's name: its first occurrence is the key.
    let key = format!("\"ruleIndex\": {UNNUMBERED}");
    let at = text.find(&key).unwrap_or(text.len());
    let after = text.get(at + key.len()..).unwrap_or_default().to_string();
    let mut before = text;
    before.truncate(at);
    before.push_str("\"ruleIndex\": ");
    Pending {
        rule,
        before,
        after,
    }
}

/// One file's results.
pub(crate) fn part(f: &Checked<'_>) -> Vec<Pending> {
    // One URI per file, shared by its results.
    let uri = uri(f.path);
    match &f.outcome {
        Outcome::Unreadable(reason) => {
            let result = SarifResult {
                rule_id: UNREADABLE.name(),
                rule_index: UNNUMBERED,
                level: "error",
                message: Message {
                    text: format!("{}: {reason}", f.path).into(),
                },
                locations: [Location {
                    physical_location: physical(&uri, Region::start()),
                    logical_locations: None,
                }],
                related_locations: Vec::new(),
            };
            vec![pending(UNREADABLE, &result)]
        }
        Outcome::Report { report, text } => {
            super::located(&report.diagnostics, text, |d, index, text| {
                pending(d.code, &result(&uri, d, UNNUMBERED, index, text))
            })
        }
    }
}

/// The rules of the results so far, numbered as they first occur.
#[derive(Default)]
pub(crate) struct Collected {
    rules: Vec<Value>,
    ids: Vec<&'static str>,
    results: usize,
    /// Configuration problems: when there are any, the run's invocation failed.
    notifications: Vec<Value>,
}

impl Collected {
    /// The results of a file, numbered, as they go in the `results` list.
    pub(crate) fn push(&mut self, part: Vec<Pending>) -> String {
        let mut out = String::new();
        for p in part {
            let id = p.rule.name();
            let i = match self.ids.iter().position(|r| *r == id) {
                Some(i) => i,
                None => {
                    self.ids.push(id);
                    self.rules.push(rule(p.rule.info()));
                    self.ids.len() - 1
                }
            };
            if self.results > 0 {
                out.push(',');
            }
            self.results += 1;
            out.push_str("\n        ");
            out.push_str(&p.before);
            out.push_str(&i.to_string());
            out.push_str(&p.after);
        }
        out
    }

    /// The document around its results: what goes before them (the rules among it) and
    /// after them.
    pub(crate) fn finish(self) -> (String, String) {
        let doc = Document {
            schema: "https://json.schemastore.org/sarif-2.1.0.json",
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: "b24lint",
                        version: env!("CARGO_PKG_VERSION"),
                        semantic_version: env!("CARGO_PKG_VERSION"),
                        rules: self.rules,
                        notifications: if self.notifications.is_empty() {
                            Vec::new()
                        } else {
                            vec![notification_descriptor()]
                        },
                    },
                },
                invocations: if self.notifications.is_empty() {
                    Vec::new()
                } else {
                    vec![json!({
                        "executionSuccessful": false,
                        "toolConfigurationNotifications": self.notifications,
                    })]
                },
                column_kind: "unicodeCodePoints",
                results: Vec::new(),
            }],
        };
        // Keys come out in declaration order, the order the document has always had; the
        // results, the run's last key, go where the empty list is.
        let mut head = serde_json::to_string_pretty(&doc).unwrap_or_default();
        const EMPTY: &str = "\"results\": [";
        let Some(at) = head.rfind(EMPTY).map(|at| at + EMPTY.len()) else {
            head.push('\n');
            return (head, String::new());
        };
        let mut tail = head.split_off(at);
        if self.results > 0 {
            // `]` and what follows, after the last result on a line of its own.
            tail.insert_str(0, "\n      ");
        }
        tail.push('\n');
        (head, tail)
    }
}

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    /// Only when the run could not check anything: a broken configuration.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    invocations: Vec<Value>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    /// One per code that occurs: few, so built as values.
    rules: Vec<Value>,
    /// What the invocation's notifications refer to (`config-invalid`), when there are any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notifications: Vec<Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Message<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct Message<'a> {
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: Physical,
    #[serde(skip_serializing_if = "Option::is_none")]
    logical_locations: Option<[Logical<'a>; 1]>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical {
    artifact_location: Artifact,
    region: Region,
}

#[derive(Serialize)]
struct Artifact {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

impl Region {
    /// The start of a file, for a file that could not be read.
    fn start() -> Region {
        Region {
            start_line: 1,
            start_column: 1,
            end_line: None,
            end_column: None,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Logical<'a> {
    fully_qualified_name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Related<'a> {
    physical_location: Physical,
    id: usize,
    message: Message<'a>,
}

/// The document of a run whose configuration is broken, so nothing was checked. Each problem
/// is a tool configuration notification of the invocation, which fails; SARIF readers such as
/// a CI's own step read those. GitHub code scanning shows only results, and detailed tool
/// status only for its own tools, so each problem is also a result of rule `config-invalid`
/// at its place in the configuration file: that is what shows on the pull request and in the
/// alerts list (and closes once the file is fixed).
pub(crate) fn configuration(problems: &[Problem]) -> String {
    let mut collected = Collected::default();
    let mut body = String::new();
    for p in problems {
        let uri = uri(&p.path);
        let region = p.at.map_or_else(Region::start, |at| Region {
            start_line: at.start.line,
            start_column: at.start.column,
            end_line: Some(at.end.line),
            end_column: Some(at.end.column),
        });
        let result = SarifResult {
            rule_id: p.code().name(),
            rule_index: UNNUMBERED,
            level: "error",
            message: Message {
                text: p.message.as_str().into(),
            },
            locations: [Location {
                physical_location: physical(&uri, region),
                logical_locations: None,
            }],
            related_locations: Vec::new(),
        };
        let notification = json!({
            "descriptor": {"id": p.code().name(), "index": 0},
            "level": "error",
            "message": {"text": p.message},
            "locations": [{"physicalLocation": &result.locations[0].physical_location}],
        });
        collected.notifications.push(notification);
        body.push_str(&collected.push(vec![pending(p.code(), &result)]));
    }
    let (head, tail) = collected.finish();
    super::json_for_logs(head + &body + &tail)
}

/// The notification `config-invalid` in the driver's `notifications`.
fn notification_descriptor() -> Value {
    let row = Code::CONFIG_INVALID.info();
    json!({
        "id": row.name,
        "shortDescription": {"text": row.summary},
        "defaultConfiguration": {"level": "error"},
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(row: &CodeInfo) -> Value {
    let mut properties = Map::new();
    properties.insert("origin".into(), json!(row.code.origin()));
    if row.code.origin() == crate::spec::Origin::Server && !row.template.starts_with('{') {
        properties.insert("message".into(), json!(row.template));
    }
    json!({
        "id": row.name,
        "shortDescription": {"text": row.summary},
        "help": {
            "text": format!("{}\n\nRun `b24lint explain {}` for the full page.", row.summary, row.name),
            "markdown": row.explanation,
        },
        "defaultConfiguration": {"level": level(row.severity)},
        "properties": properties,
    })
}

fn physical(uri: &str, region: Region) -> Physical {
    Physical {
        artifact_location: Artifact {
            uri: uri.to_string(),
        },
        region,
    }
}

/// A relative URI reference for a path: forward slashes, and every byte but the unreserved
/// characters (RFC 3986) and `/` percent-encoded, so spaces, `%`, `#`, `?`, `:` and control
/// characters cannot change what the reference means.
///
/// A backslash separates directories only on Windows; elsewhere it is an ordinary character of
/// a file name and is encoded (`%5C`) like any other, or the URI would name another file.
fn uri(path: &str) -> String {
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn region(span: Span, index: &LineIndex, text: &[u8]) -> Region {
    let start = index.locate(text, span.start);
    let end = index.locate(text, span.end);
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: Some(end.line),
        end_column: Some(end.column),
    }
}

fn result<'a>(
    uri: &str,
    d: &'a Diagnostic,
    rule_index: usize,
    index: &LineIndex,
    text: &[u8],
) -> SarifResult<'a> {
    let mut text_msg = d.message.clone();
    if let Some(help) = &d.help {
        text_msg.push_str(&format!("\nhelp: {help}"));
    }
    if d.server_answer {
        text_msg.push_str("\n(the portal's answer)");
    }
    SarifResult {
        rule_id: d.code.name(),
        rule_index,
        level: level(d.severity),
        message: Message {
            text: text_msg.into(),
        },
        locations: [Location {
            physical_location: physical(uri, region(d.span, index, text)),
            logical_locations: (!d.pointer.is_empty()).then(|| {
                [Logical {
                    fully_qualified_name: &d.pointer,
                    kind: "member",
                }]
            }),
        }],
        related_locations: d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| Related {
                physical_location: physical(uri, region(l.span, index, text)),
                id: i,
                message: Message {
                    text: l.text.as_str().into(),
                },
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_encode_what_a_path_holds() {
        assert_eq!(uri("./dir/broken syntax.json"), "dir/broken%20syntax.json");
        assert_eq!(uri("a%b#c?d:e.json"), "a%25b%23c%3Fd%3Ae.json");
        assert_eq!(uri("склад.json"), "%D1%81%D0%BA%D0%BB%D0%B0%D0%B4.json");
        let backslash = if cfg!(windows) {
            "dir/a.json"
        } else {
            "dir%5Ca.json"
        };
        assert_eq!(uri("dir\\a.json"), backslash);
    }
}
