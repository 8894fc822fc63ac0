//! Lints on the top-level parameters: a wrong case the portal ignores silently, keys the
//! method does not read, `start`, a `logic` that lifts the app restriction of connector.list,
//! filters source and dataset lists cannot map, settings replaced by a connector update,
//! parameters the `fields` methods ignore.

use crate::checks::items::Item;
use crate::checks::{json_string, replace, Cx, Decorate, Request};
use crate::diag::Applicability;
use crate::json::{Node, Value};
use crate::pointer;
use crate::spec::methods::{Method, Op};
use crate::spec::Message;
use crate::suggest::did_you_mean;

/// Keys the REST server consumes itself before the method sees the parameters, and the
/// editor's `$schema` hint, which no method reads.
const TRANSPORT: &[&str] = &["auth", "state", "$schema"];

pub fn check(cx: &mut Cx, root: &Node, base: &str, method: Method) {
    let Value::Object(members) = &root.value else {
        return;
    };
    let params = method.params();
    for m in members {
        let key = m.key.as_str();
        if params.contains(&key) || TRANSPORT.contains(&key) {
            continue;
        }
        let ptr = pointer::push(base, key);
        if key == "start" {
            cx.lint(Message::ParamStart {}, m.key_span, ptr)
                .label("ignored")
                .help(if method.op() == Op::List {
                    "page with \"page\": 2, 3, … (50 rows a page)"
                } else {
                    "remove it"
                });
            continue;
        }
        if method.op() == Op::Fields {
            continue; // reported once below
        }
        if let Some(meant) = params.iter().find(|p| p.eq_ignore_ascii_case(key)) {
            let fix = (root.get(meant).is_none()).then(|| {
                replace(
                    format!("rename `{key}` to `{meant}`"),
                    m.key_span,
                    json_string(meant),
                    Applicability::Safe,
                )
            });
            let d = cx.lint(Message::ParamCase { key, meant }, m.key_span, ptr);
            d.label("ignored by the portal").help(format!(
                "rename it to `{meant}`; as written, the portal acts as if it were not sent"
            ));
            if let Some(fix) = fix {
                d.fix(fix);
            }
            continue;
        }
        let help = match did_you_mean(key, params) {
            Some(p) => format!("did you mean `{p}`?"),
            None if params.is_empty() => "this method takes no parameters".to_string(),
            None => format!("{} reads only {}", method.name(), params.join(", ")),
        };
        cx.lint(
            Message::ParamUnknown {
                key,
                method: method.name(),
            },
            m.key_span,
            ptr,
        )
        .label("not read")
        .help(help);
    }
    if method.op() == Op::Fields {
        ignored_by_fields(cx, members, base, method);
    }
    if method == Method::ConnectorList {
        logic_bypass(cx, root, base);
    } else if method.op() == Op::List {
        unmapped_filter(cx, root, base, method);
    }
}

fn ignored_by_fields(cx: &mut Cx, members: &[crate::json::Member], base: &str, method: Method) {
    let sent: Vec<_> = members
        .iter()
        .filter(|m| !TRANSPORT.contains(&m.key.as_str()) && m.key != "start")
        .collect();
    let Some(first) = sent.first() else { return };
    let names = sent
        .iter()
        .map(|m| format!("`{}`", m.key))
        .collect::<Vec<_>>()
        .join(", ");
    cx.lint(
        Message::ParamsIgnored {
            method: method.name().trim_start_matches("biconnector."),
            names: &names,
        },
        first.key_span,
        pointer::push(base, &first.key),
    )
    .label("ignored")
    .help("the answer is always the full field list");
}

/// The app restriction is added beside the caller's top-level `logic`: OR joins it with the
/// caller's conditions, and a logic not in upper case makes the legacy filter code drop the
/// whole condition (spec §3.4 item 6).
fn logic_bypass(cx: &mut Cx, root: &Node, base: &str) {
    let Some((_, filter)) = root.get("filter") else {
        return;
    };
    let Some((_, logic)) = filter.value.get("logic") else {
        return;
    };
    let Value::String(s) = &logic.value.value else {
        return;
    };
    let upper = s.to_ascii_uppercase();
    if upper != "AND" && upper != "OR" {
        return; // the portal refuses it (VALIDATION_INVALID_FILTER_LOGIC)
    }
    if upper == "AND" && s == "AND" {
        return;
    }
    let why = if upper == "OR" {
        "OR joins the portal's restriction to your application's connectors with your conditions"
    } else {
        "a logic not in upper case makes the portal's filter code drop the whole condition"
    };
    cx.lint(
        Message::FilterLogicBypass { logic: s },
        logic.value.span,
        pointer::push(&pointer::push(base, "filter"), "logic"),
    )
    .label("security: other applications' connectors can be listed")
    .help(format!(
        "{why}; put OR conditions in a nested group (\"0\": {{\"logic\": \"OR\", …}}) and keep the top level \"AND\""
    ));
}

/// Source and dataset lists rename each top-level filter key onto the joined table
/// (`title` → `SOURCE.TITLE`): `logic` becomes a column that does not exist, and the keys
/// inside a numbered group are not renamed at all (spec §3.4 item 6). The database layer
/// then throws; its text is not public (OPEN-3), so this is a lint, not a predicted answer.
fn unmapped_filter(cx: &mut Cx, root: &Node, base: &str, method: Method) {
    let Some((_, filter)) = root.get("filter") else {
        return;
    };
    let Value::Object(members) = &filter.value.value else {
        return;
    };
    let ptr = pointer::push(base, "filter");
    let list = method.name().trim_start_matches("biconnector.");
    for m in members {
        let message = if m.key == "logic" {
            Message::FilterLogicUnmapped { list }
        } else if matches!(crate::php::array_key(&m.key), crate::php::PhpKey::Int(_))
            && m.value.is_array()
            && !crate::php::is_empty(&m.value.value)
        {
            Message::FilterGroupUnmapped { list }
        } else {
            continue;
        };
        cx.lint(message, m.key_span, pointer::push(&ptr, &m.key))
            .label("not mapped by the portal")
            .help("use plain top-level conditions, which are joined with AND (e.g. {\"%title\": \"sales\", \">id\": 10}); OR across fields cannot be expressed in this list");
    }
}

/// An update that sends `settings` replaces all of them.
pub fn settings_replaced(cx: &mut Cx, req: &Request<'_>, items: &[Item<'_>]) {
    let Some(e) = req.entry("settings") else {
        return;
    };
    if !e.value.is_array() {
        return;
    }
    let message = match items.len() {
        0 => Message::SettingsCleared {},
        1 => Message::SettingsReplacedByOne {},
        count => Message::SettingsReplaced { count },
    };
    cx.lint(
        message,
        e.key_span.unwrap_or(e.value.span),
        req.pointer_to("settings"),
    )
    .label("replaces, does not merge")
    .help("send every setting the connector should keep, not only the changed ones");
}
