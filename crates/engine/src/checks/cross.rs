//! Lints across the files of one run: a source's setting codes against its connector's, and
//! dataset `externalCode`s of one source. The portal sees one request at a time and cannot
//! tell; a repository holding the definitions together can.

use super::items::settings_items;
use super::{Cx, Decorate, Envelope, Request};
use crate::diag::{Answer, Diagnostic, Report};
use crate::json::{Node, Value};
use crate::php;
use crate::span::Span;
use crate::spec::methods::{Family, InputShape, Op};
use crate::spec::{Code, Message, Target};
use crate::Levels;

/// What a file contributes to the lints across files, kept from its check (so no file is
/// parsed twice, and a run keeps only this of each file).
#[derive(Debug, Clone)]
pub struct Summary(Definition);

/// One checked file, as the cross-file lints read it.
pub struct Input<'a> {
    /// The name the user knows the file by (shown in messages).
    pub name: &'a str,
    pub target: Target,
    /// Whether the portal would accept the file's own request.
    pub accepted: bool,
    pub summary: &'a Summary,
}

/// Unknown setting codes reported one by one per source at most.
const MAX_REPORTED: usize = 50;

/// The definitions the lints compare, by kind.
#[derive(Debug, Clone)]
enum Definition {
    Connector {
        codes: Vec<String>,
    },
    /// A source's `settings` object: its keys with their spans, and its opening brace.
    /// `partial`: an update, whose settings merge into the stored ones by code.
    Source {
        keys: Vec<(String, Span)>,
        opening: Span,
        pointer: String,
        partial: bool,
        /// Array values the file's check could not judge (spec §6 C11): code, value span. The
        /// check assumes only when no earlier stage decided the answer, so the portal gets as
        /// far as saving the settings for each of these: it crashes there (on update before the
        /// title's length is checked).
        arrays: Vec<(String, Span)>,
    },
    /// A dataset's `sourceId` and string `externalCode`.
    Dataset {
        source: i64,
        code: String,
        span: Span,
        pointer: String,
    },
}

/// A connector definition of the run, as the sources beside it are compared with it.
#[derive(Debug, Clone)]
pub struct Connector {
    name: String,
    accepted: bool,
    codes: Vec<String>,
}

impl Summary {
    /// The connector a file defines, if it defines one.
    pub fn connector(&self, name: &str, accepted: bool) -> Option<Connector> {
        match &self.0 {
            Definition::Connector { codes } => Some(Connector {
                name: name.to_string(),
                accepted,
                codes: codes.clone(),
            }),
            _ => None,
        }
    }

    /// Whether the file's lints wait for every connector of the run (a source is compared
    /// with a connector anywhere in it).
    pub fn waits_for_connectors(&self) -> bool {
        matches!(self.0, Definition::Source { .. })
    }

    /// Whether the file's lints compare it with the files before it (a dataset with the
    /// datasets of its source).
    pub fn follows_earlier(&self) -> bool {
        matches!(self.0, Definition::Dataset { .. })
    }
}

/// The first dataset of each source and `externalCode` in run order, by the file's name.
#[derive(Debug, Default)]
pub struct Datasets(std::collections::HashMap<(i64, String), String>);

/// New diagnostics, each with the index of the file it belongs to.
pub fn check(files: &[Input<'_>]) -> Vec<(usize, Diagnostic)> {
    let mut connectors = Connectors::default();
    for f in files {
        connectors.extend(f.summary.connector(f.name, f.accepted));
    }
    let mut datasets = Datasets::default();
    let mut out = Vec::new();
    for (i, f) in files.iter().enumerate() {
        out.extend(source_settings(&connectors, f).into_iter().map(|d| (i, d)));
    }
    for (i, f) in files.iter().enumerate() {
        out.extend(dataset_codes(&mut datasets, f).into_iter().map(|d| (i, d)));
    }
    out
}

fn relevant(report: &Report) -> bool {
    matches!(
        (report.method.family(), report.method.op()),
        (_, Op::Add) | (Family::Source, Op::Update)
    )
}

/// The `fields` object of a file and its pointer.
fn fields_of<'a>(root: &'a Node, report: &Report) -> Option<(&'a Node, String)> {
    let (params, base) = match super::envelope(root) {
        Envelope::Method(_, _, p) | Envelope::Unknown(_, p) => (p, "/params"),
        Envelope::None => (root, ""),
    };
    match report.input {
        InputShape::Fields => Some((params, base.to_string())),
        InputShape::Request => params
            .get("fields")
            .map(|(_, m)| (&m.value, crate::pointer::push(base, "fields"))),
    }
}

/// What a checked file (its parsed tree and report) gives the lints across files; `None` for
/// files they do not compare.
pub(crate) fn summarize(text: &[u8], root: &Node, report: &Report) -> Option<Summary> {
    if !relevant(report) {
        return None;
    }
    let (fields, pointer) = fields_of(root, report)?;
    let entries = fields.entries()?;
    let req = Request {
        text,
        fields,
        entries,
        pointer,
    };
    let definition = match (report.method.family(), report.method.op()) {
        (Family::Connector, Op::Add) => {
            let items = settings_items(&req, report.target.converts_to_upper());
            let codes = items
                .iter()
                .filter_map(|i| i.value("code"))
                .filter_map(|n| php::to_php_string(&n.value))
                .collect();
            Definition::Connector { codes }
        }
        (Family::Source, _) => {
            let e = req.entry("settings")?;
            // A list is source-settings-shape's business.
            let Value::Object(members) = &e.value.value else {
                return None;
            };
            let update = report.method.op() == Op::Update;
            let arrays = e
                .value
                .entries()
                .unwrap_or_default()
                .into_iter()
                .filter(|e| e.value.is_array())
                .map(|e| (e.key.to_string(), e.value.span))
                .filter(|(k, _)| {
                    let assumed = super::source::unknown_code_assumption(k);
                    report.assumptions.contains(&assumed)
                })
                .collect();
            Definition::Source {
                keys: members
                    .iter()
                    .map(|m| (m.key.clone(), m.key_span))
                    .collect(),
                opening: e.value.opening(),
                pointer: req.pointer_to("settings"),
                partial: update,
                arrays,
            }
        }
        (Family::Dataset | Family::Table, Op::Add) => {
            let source = req.entry("sourceId")?.value;
            let code = req.entry("externalCode")?.value;
            if !php::is_numeric(&source.value) {
                return None;
            }
            Definition::Dataset {
                source: php::intval(&source.value),
                code: code.as_str()?.to_string(),
                span: code.span,
                pointer: req.pointer_to("externalCode"),
            }
        }
        _ => return None,
    };
    Some(Summary(definition))
}

/// Source settings are values by the connector's setting codes; other codes are dropped.
pub fn source_settings(connectors: &Connectors, f: &Input<'_>) -> Vec<Diagnostic> {
    let Definition::Source {
        keys,
        opening,
        pointer,
        partial,
        arrays,
    } = &f.summary.0
    else {
        return Vec::new();
    };
    let Some(found) = connector_for(connectors, f.name) else {
        return Vec::new();
    };
    let (connector, codes) = (found.name.as_str(), &found.codes);
    // A connector of thousands of codes gets a help line of readable length.
    let mut declared = codes
        .iter()
        .take(20)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if codes.len() > 20 {
        declared.push_str(&format!(" and {} more", codes.len() - 20));
    }
    let code_set: std::collections::HashSet<&str> = codes.iter().map(String::as_str).collect();
    let code_list: Vec<&str> = codes.iter().map(String::as_str).collect();
    let mut reported = 0;
    let levels = Levels::default();
    let mut cx = Cx::new(f.target, &levels, b"");
    for (key, key_span) in keys {
        if code_set.contains(key.as_str()) {
            continue;
        }
        reported += 1;
        if reported > MAX_REPORTED {
            continue;
        }
        // Suggestions compare with every code: only for connectors of a sensible size.
        let near = (code_list.len() <= 200)
            .then(|| crate::suggest::did_you_mean(key, &code_list))
            .flatten()
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        cx.lint(
            Message::SourceSettingUnknown {
                code: key,
                connector,
            },
            *key_span,
            crate::pointer::push(pointer, key),
        )
        .label("not a setting of the connector")
        .help(format!("{near}the connector declares: {declared}"));
    }
    let sent: std::collections::HashSet<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
    let unset: Vec<&str> = code_list
        .iter()
        .filter(|c| !sent.contains(**c))
        .copied()
        .collect();
    if !unset.is_empty() && !partial {
        cx.lint(
            Message::SourceSettingsUnset {
                connector,
                codes: &listed(&unset),
            },
            *opening,
            pointer.clone(),
        )
        .label("settings incomplete")
        .help("give every setting of the connector a value; a missing one stays empty and the connector's endpoints receive nothing for it");
    }
    // An array under a code the connector declares: what the file's check assumed away.
    let mut reach = super::Reach::Recorded;
    for (key, span) in arrays.iter().filter(|(k, _)| code_set.contains(k.as_str())) {
        let node = Node {
            span: *span,
            value: Value::Null,
        };
        cx.crash(&node, crate::pointer::push(pointer, key), reach)
            .label(format!("an array under {connector}'s setting `{key}`"))
            .help("the portal trims the value of each of the connector's settings, and PHP's trim() of an array is a TypeError (HTTP 500): send the setting's value as text");
        if reach != super::Reach::Shadowed {
            cx.findings
                .last_mut()
                .expect("just pushed")
                .diag
                .server_answer = true;
        }
        reach = super::Reach::Shadowed;
    }
    let crashes = cx.findings.into_iter().map(|f| f.diag);
    crashes
        .chain(cx.lints.into_iter().map(|(d, _)| d))
        .collect()
}

/// The connector definition a source is compared with: the one in the source's directory or
/// the nearest directory above that has any, else the only one of the run. Which connector a
/// source uses is a portal id no file states, so several candidates mean none; a definition the
/// portal would refuse is passed over when an accepted one is beside it.
fn connector_for<'c>(connectors: &'c Connectors, source: &str) -> Option<&'c Connector> {
    let mut at = dir_of(source);
    while let Some(d) = at {
        if let Some(here) = connectors.by_dir.get(&d) {
            return here.pick();
        }
        at = d.parent().map(|p| p.to_path_buf());
    }
    connectors.all.pick()
}

fn dir_of(name: &str) -> Option<std::path::PathBuf> {
    std::path::Path::new(name).parent().map(|p| p.to_path_buf())
}

/// The connectors of a run, as much of them as choosing a source's connector needs: per
/// directory and for the whole run, how many there are, how many the portal would accept, and
/// the first of each kind. A run of 100,000 connectors keeps a few of them, not all.
#[derive(Debug, Default)]
pub struct Connectors {
    by_dir: std::collections::HashMap<std::path::PathBuf, Candidates>,
    all: Candidates,
}

impl Extend<Connector> for Connectors {
    fn extend<I: IntoIterator<Item = Connector>>(&mut self, connectors: I) {
        for c in connectors {
            self.add(c);
        }
    }
}

impl Connectors {
    pub fn add(&mut self, connector: Connector) {
        if let Some(dir) = dir_of(&connector.name) {
            self.by_dir.entry(dir).or_default().add(&connector);
        }
        self.all.add(&connector);
    }
}

/// Connectors a source may belong to.
#[derive(Debug, Default)]
struct Candidates {
    count: usize,
    accepted: usize,
    first: Option<Connector>,
    first_accepted: Option<Connector>,
}

impl Candidates {
    fn add(&mut self, c: &Connector) {
        self.count += 1;
        if self.first.is_none() {
            self.first = Some(c.clone());
        }
        if c.accepted {
            self.accepted += 1;
            if self.first_accepted.is_none() {
                self.first_accepted = Some(c.clone());
            }
        }
    }

    /// The only candidate, else the only one the portal would accept, else none.
    fn pick(&self) -> Option<&Connector> {
        if self.count == 1 {
            self.first.as_ref()
        } else if self.accepted == 1 {
            self.first_accepted.as_ref()
        } else {
            None
        }
    }
}

/// Codes in backticks, the first twenty of them.
fn listed(codes: &[&str]) -> String {
    let mut out = codes
        .iter()
        .take(20)
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if codes.len() > 20 {
        out.push_str(&format!(" and {} more", codes.len() - 20));
    }
    out
}

/// Two datasets of one source with one `externalCode` register the same external table twice.
/// Files come in run order: the first of each pair is remembered, the later one is reported.
pub fn dataset_codes(first: &mut Datasets, f: &Input<'_>) -> Vec<Diagnostic> {
    let Definition::Dataset {
        source,
        code,
        span,
        pointer,
    } = &f.summary.0
    else {
        return Vec::new();
    };
    let earlier = match first.0.entry((*source, code.clone())) {
        std::collections::hash_map::Entry::Occupied(e) => e.get().clone(),
        std::collections::hash_map::Entry::Vacant(e) => {
            e.insert(f.name.to_string());
            return Vec::new();
        }
    };
    let levels = Levels::default();
    let mut cx = Cx::new(f.target, &levels, b"");
    cx.lint(
        Message::DatasetExternalCodeDuplicate {
            code,
            source: *source,
            earlier: &earlier,
        },
        *span,
        pointer.clone(),
    )
    .label("already used by another dataset of this source")
    .help("each dataset of a source describes a different external table; give this one its own externalCode, or drop one of the two definitions");
    cx.lints.into_iter().map(|(d, _)| d).collect()
}

/// Adds cross-file diagnostics to a report at the severity `levels` gives them (an allowed
/// lint is dropped), keeping the report's display order.
///
/// A crash found here (an array setting under a code of the run's connector) becomes the
/// answer. Once the connector is known, an array setting is either that crash or a code it
/// does not declare (source-settings-codes): the file's assumption about it goes.
pub fn merge(report: &mut Report, new: Vec<Diagnostic>, levels: &Levels) {
    let settled =
        |d: &&Diagnostic| d.code == Code::PHP_TYPE_ERROR || d.code == Code::SOURCE_SETTINGS_CODES;
    for d in new.iter().filter(settled) {
        let key = d.pointer.rsplit('/').next().unwrap_or_default();
        let assumed = super::source::unknown_code_assumption(&crate::pointer::unescape(key));
        report.assumptions.retain(|a| *a != assumed);
        if d.server_answer {
            for old in &mut report.diagnostics {
                old.server_answer = false;
            }
            report.answer = Answer::Crash;
        }
    }
    for mut d in new {
        let Some(severity) = levels.severity(d.code) else {
            continue;
        };
        d.severity = severity;
        report.diagnostics.push(d);
    }
    super::sort_for_display(&mut report.diagnostics);
}
