//! Lints on dataset columns: near-misses of the keys the portal reads (`extrnalCode`, `NAME`),
//! and a type in the wrong case (`INT` for `int`). Both have fixes.

use crate::checks::items::Item;
use crate::checks::{json_string, replace, Cx, Decorate};
use crate::diag::Applicability;
use crate::json::{Node, Value};
use crate::pointer;
use crate::spec::fields::COLUMN_TYPES;
use crate::spec::Message;
use crate::suggest::{did_you_mean, same_letters};

/// The keys a column is read by, as written in requests.
const KEYS: [&str; 3] = ["name", "externalCode", "type"];

/// The same keys in the lower-case form the server's conversion compares with.
fn converted_form(key: &str) -> &'static str {
    match key {
        "externalCode" => "external_code",
        "name" => "name",
        _ => "type",
    }
}

/// The columns of dataset.add / table.add (`fields`), read after key conversion. Other keys
/// go to the column table as they are (`visible`, `description` are columns there), so only
/// near-misses of the three keys are reported.
pub fn check(cx: &mut Cx, items: &[Item<'_>]) {
    for item in items {
        let Value::Object(members) = &item.node.value else {
            continue;
        };
        let ptr = item.pointer();
        let mut claimed = Vec::new();
        for m in members {
            if converts_alike(item, &m.key) || did_you_mean(&m.key, &KEYS).is_none() {
                continue;
            }
            let taken = |k: &str| item.get(converted_form(k)).is_some();
            key_lint(
                cx,
                &m.key,
                m.key_span,
                &ptr,
                Mode::Converted,
                &taken,
                &mut claimed,
            );
        }
        type_case(cx, item.value("type"), &ptr);
    }
}

/// A key the portal finds after conversion (`Name`, `external_code`), even one overridden by
/// a later key that converts alike, is not a near-miss.
fn converts_alike(item: &Item<'_>, key: &str) -> bool {
    let converted = crate::convert::convert_key(key, item.upper());
    KEYS.iter()
        .any(|k| converted.eq_ignore_ascii_case(converted_form(k)))
}

/// How the portal reads the keys of a column.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// dataset.add: after key conversion; other keys are stored with the column.
    Converted,
    /// fields.update `add`: exactly `name`, `externalCode`, `type`; other keys are dropped.
    Exact,
}

/// The `add` items of fields.update, read by their exact keys.
pub fn check_added(cx: &mut Cx, root: &Node, base: &str) {
    let Some((_, add)) = root.get("add") else {
        return;
    };
    let Some(entries) = add.value.entries() else {
        return;
    };
    let base = pointer::push(base, "add");
    for e in entries {
        let Value::Object(members) = &e.value.value else {
            continue;
        };
        let ptr = pointer::push(&base, &e.key.to_string());
        let mut claimed = Vec::new();
        for m in members {
            if KEYS.contains(&m.key.as_str()) {
                continue;
            }
            let taken = |k: &str| e.value.get(k).is_some();
            key_lint(
                cx,
                &m.key,
                m.key_span,
                &ptr,
                Mode::Exact,
                &taken,
                &mut claimed,
            );
        }
        type_case(cx, e.value.get("type").map(|(_, m)| &m.value), &ptr);
    }
}

/// A rename is offered only to a key the column does not have yet (as the portal reads it)
/// and that no other rename in this column claims, so a fix never changes which value wins.
fn key_lint(
    cx: &mut Cx,
    key: &str,
    key_span: crate::span::Span,
    ptr: &str,
    mode: Mode,
    taken: &dyn Fn(&str) -> bool,
    claimed: &mut Vec<&'static str>,
) {
    let meant = did_you_mean(key, &KEYS);
    let fix = same_letters(key, &KEYS)
        .or_else(|| meant.filter(|_| key.len() > 4))
        .filter(|k| !taken(k) && !claimed.contains(k))
        .map(|k| {
            claimed.push(k);
            replace(
                format!("rename `{key}` to `{k}`"),
                key_span,
                json_string(k),
                Applicability::Safe,
            )
        });
    let message = match meant {
        Some(meant) => Message::ColumnKeyNearMiss { key, meant },
        None => Message::ColumnKeyUnread { key },
    };
    let help = match mode {
        Mode::Converted => "a column holds `name`, `externalCode` and `type`; the portal converts camelCase keys to snake_case before reading them, so `NAME` and `EXTERNALCODE` are not found",
        Mode::Exact => "an added column holds exactly `name`, `externalCode` and `type` (no case conversion here); other keys are dropped",
    };
    let d = cx.lint(message, key_span, pointer::push(ptr, key));
    d.label("not read").help(help);
    if let Some(fix) = fix {
        d.fix(fix);
    }
}

fn type_case(cx: &mut Cx, ty: Option<&Node>, ptr: &str) {
    let Some(node) = ty else { return };
    let Some(t) = node.as_str() else { return };
    let lower = t.to_ascii_lowercase();
    if COLUMN_TYPES.contains(&t) || !COLUMN_TYPES.contains(&lower.as_str()) {
        return;
    }
    cx.lint(
        Message::ColumnTypeCase {
            written: t,
            lower: &lower,
        },
        node.span,
        pointer::push(ptr, "type"),
    )
    .label("wrong case")
    .help("column types are exact and lower case: int, string, double, date, datetime, money, timezone")
    .fix(replace(
        format!("write \"{lower}\""),
        node.span,
        json_string(&lower),
        Applicability::Safe,
    ));
}
