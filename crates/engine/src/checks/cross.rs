//! Lints across the files of one run: a source's setting codes against its connector's, and
//! dataset `externalCode`s of one source. The portal sees one request at a time and cannot
//! tell; a repository holding the definitions together can.

use super::items::settings_items;
use super::{Cx, Decorate, Envelope, Request};
use crate::diag::{Diagnostic, Family, InputShape, Op, Report};
use crate::json::{self, Node, Value};
use crate::php;
use crate::spec::Code;
use crate::Levels;

/// One checked file, as the cross-file lints read it.
pub struct Checked<'a> {
    /// The name the user knows the file by (shown in messages).
    pub name: &'a str,
    pub text: &'a [u8],
    pub report: &'a Report,
}

/// Unknown setting codes reported one by one per source at most.
const MAX_REPORTED: usize = 50;

/// The definitions the lints compare, by kind.
enum Definition<'a> {
    Connector {
        codes: Vec<String>,
    },
    /// `partial`: an update, whose settings merge into the stored ones by code.
    Source {
        settings: &'a Node,
        pointer: String,
        partial: bool,
    },
    Dataset {
        source: i64,
        code: &'a Node,
        pointer: String,
    },
}

/// New diagnostics, each with the index of the file it belongs to. Only files whose own
/// request parses are compared.
pub fn check(files: &[Checked<'_>]) -> Vec<(usize, Diagnostic)> {
    let parsed: Vec<Option<json::Parsed>> = files
        .iter()
        .map(|f| {
            relevant(f.report)
                .then(|| json::parse(f.text).ok())
                .flatten()
        })
        .collect();
    let mut defs: Vec<(usize, Definition)> = Vec::new();
    for (i, p) in parsed.iter().enumerate() {
        if let Some(p) = p {
            if let Some(d) = definition(files[i].text, &p.root, files[i].report) {
                defs.push((i, d));
            }
        }
    }
    let mut out = Vec::new();
    source_settings(files, &defs, &mut out);
    dataset_codes(files, &defs, &mut out);
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

fn definition<'a>(text: &'a [u8], root: &'a Node, report: &Report) -> Option<Definition<'a>> {
    let (fields, pointer) = fields_of(root, report)?;
    let entries = fields.entries()?;
    let req = Request {
        text,
        fields,
        entries,
        pointer,
    };
    match (report.method.family(), report.method.op()) {
        (Family::Connector, Op::Add) => {
            let items = settings_items(&req, report.target.converts_to_upper());
            let codes = items
                .iter()
                .filter_map(|i| i.value("code"))
                .filter_map(|n| php::to_php_string(&n.value))
                .collect();
            Some(Definition::Connector { codes })
        }
        (Family::Source, _) => {
            let e = req.entry("settings")?;
            Some(Definition::Source {
                settings: e.value,
                pointer: req.pointer_to("settings"),
                partial: report.method.op() == Op::Update,
            })
        }
        (Family::Dataset | Family::Table, Op::Add) => {
            let source = req.entry("sourceId")?.value;
            let code = req.entry("externalCode")?.value;
            php::is_numeric(&source.value).then(|| Definition::Dataset {
                source: php::intval(&source.value),
                code,
                pointer: req.pointer_to("externalCode"),
            })
        }
        _ => None,
    }
}

/// Source settings are values by the connector's setting codes; other codes are dropped.
fn source_settings(
    files: &[Checked<'_>],
    defs: &[(usize, Definition)],
    out: &mut Vec<(usize, Diagnostic)>,
) {
    let connectors: Vec<(usize, &Vec<String>)> = defs
        .iter()
        .filter_map(|(i, d)| match d {
            Definition::Connector { codes } => Some((*i, codes)),
            _ => None,
        })
        .collect();
    for (i, d) in defs {
        let Definition::Source {
            settings,
            pointer,
            partial,
        } = d
        else {
            continue;
        };
        let Some((ci, codes)) = connector_for(files, &connectors, *i) else {
            continue;
        };
        let connector = files[ci].name;
        let declared = codes.join(", ");
        let code_set: std::collections::HashSet<&str> = codes.iter().map(String::as_str).collect();
        let code_list: Vec<&str> = codes.iter().map(String::as_str).collect();
        let mut reported = 0;
        let Value::Object(members) = &settings.value else {
            continue; // a list is source-settings-shape's business
        };
        let levels = Levels::default();
        let mut cx = Cx::new(files[*i].report.target, &levels, files[*i].text);
        for m in members {
            if code_set.contains(m.key.as_str()) {
                continue;
            }
            reported += 1;
            if reported > MAX_REPORTED {
                continue;
            }
            // Suggestions compare with every code: only for connectors of a sensible size.
            let near = (code_list.len() <= 200)
                .then(|| crate::suggest::did_you_mean(&m.key, &code_list))
                .flatten()
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            cx.lint(
                Code::SOURCE_SETTINGS_CODES,
                m.key_span,
                crate::pointer::push(pointer, &m.key),
                &format!(
                    "`{}` is not a setting of the connector in {connector}; the portal drops it silently",
                    m.key
                ),
            )
            .label("not a setting of the connector")
            .help(format!("{near}the connector declares: {declared}"));
        }
        let sent: std::collections::HashSet<&str> =
            members.iter().map(|m| m.key.as_str()).collect();
        let unset: Vec<&str> = code_list
            .iter()
            .filter(|c| !sent.contains(**c))
            .copied()
            .collect();
        if !unset.is_empty() && !partial {
            cx.lint(
                Code::SOURCE_SETTINGS_CODES,
                settings.opening(),
                pointer.clone(),
                &format!(
                    "the connector in {connector} declares {} that this source does not set",
                    listed(&unset)
                ),
            )
            .label("settings incomplete")
            .help("give every setting of the connector a value; a missing one stays empty and the connector's endpoints receive nothing for it");
        }
        out.extend(cx.lints.into_iter().map(|(d, _)| (*i, d)));
    }
}

/// The connector definition a source is compared with: the one in the source's directory or
/// the nearest directory above that has any, else the only one of the run. Which connector a
/// source uses is a portal id no file states, so several candidates mean none; a definition the
/// portal would refuse is passed over when an accepted one is beside it.
fn connector_for<'c>(
    files: &[Checked<'_>],
    connectors: &[(usize, &'c Vec<String>)],
    source: usize,
) -> Option<(usize, &'c Vec<String>)> {
    let dir = |i: usize| {
        std::path::Path::new(files[i].name)
            .parent()
            .map(|p| p.to_path_buf())
    };
    let pick = |found: Vec<(usize, &'c Vec<String>)>| -> Option<(usize, &'c Vec<String>)> {
        let accepted: Vec<_> = found
            .iter()
            .filter(|(i, _)| files[*i].report.answer.accepted())
            .copied()
            .collect();
        match (found.as_slice(), accepted.as_slice()) {
            ([one], _) | (_, [one]) => Some(*one),
            _ => None,
        }
    };
    let mut at = dir(source);
    while let Some(d) = at {
        let here: Vec<_> = connectors
            .iter()
            .filter(|(i, _)| dir(*i).as_deref() == Some(d.as_path()))
            .copied()
            .collect();
        if !here.is_empty() {
            return pick(here);
        }
        at = d.parent().map(|p| p.to_path_buf());
    }
    pick(connectors.to_vec())
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
fn dataset_codes(
    files: &[Checked<'_>],
    defs: &[(usize, Definition)],
    out: &mut Vec<(usize, Diagnostic)>,
) {
    let datasets: Vec<(usize, i64, &Node, &String)> = defs
        .iter()
        .filter_map(|(i, d)| match d {
            Definition::Dataset {
                source,
                code,
                pointer,
            } => Some((*i, *source, *code, pointer)),
            _ => None,
        })
        .collect();
    for (n, (i, source, code, pointer)) in datasets.iter().enumerate() {
        let Some(text) = code.as_str() else { continue };
        let Some((first, ..)) = datasets[..n]
            .iter()
            .find(|(_, s, c, _)| s == source && c.as_str() == Some(text))
        else {
            continue;
        };
        let levels = Levels::default();
        let mut cx = Cx::new(files[*i].report.target, &levels, files[*i].text);
        cx.lint(
            Code::DATASET_EXTERNAL_CODE_DUPLICATE,
            code.span,
            (*pointer).clone(),
            &format!(
                "externalCode \"{text}\" of source {source} is also used by {}",
                files[*first].name
            ),
        )
        .label("already used by another dataset of this source")
        .help("each dataset of a source describes a different external table; give this one its own externalCode, or drop one of the two definitions");
        out.extend(cx.lints.into_iter().map(|(d, _)| (*i, d)));
    }
}

/// Adds cross-file diagnostics to a report at the severity `levels` gives them (an allowed
/// lint is dropped), keeping the report's display order.
pub fn merge(report: &mut Report, new: Vec<Diagnostic>, levels: &Levels) {
    for mut d in new {
        let Some(severity) = levels.severity(d.code) else {
            continue;
        };
        d.severity = severity;
        report.diagnostics.push(d);
    }
    super::sort_for_display(&mut report.diagnostics);
}
