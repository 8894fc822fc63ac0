//! Lints on dataset columns: keys the portal does not read (`extrnalCode`, `NAME`), and a
//! type in the wrong case (`INT` for `int`). Both have fixes.

use crate::checks::items::Item;
use crate::checks::{json_string, replace, Cx, Decorate};
use crate::diag::Applicability;
use crate::json::{Node, Value};
use crate::pointer;
use crate::spec::fields::COLUMN_TYPES;
use crate::spec::Code;
use crate::suggest::{did_you_mean, same_letters};

const KEYS: [&str; 3] = ["name", "externalCode", "type"];

/// The columns of dataset.add / table.add (`fields`), read after key conversion.
pub fn check(cx: &mut Cx, items: &[Item<'_>]) {
    for item in items {
        let Value::Object(members) = &item.node.value else {
            continue;
        };
        let ptr = item.pointer();
        for m in members {
            if converts_alike(item, &m.key) {
                continue;
            }
            key_lint(cx, item.node, &m.key, m.key_span, &ptr, true);
        }
        type_case(cx, item.value("type"), &ptr);
    }
}

/// A key the portal finds after conversion (`Name`, `external_code`), even one overridden by
/// a later key that converts alike, is not "unknown".
fn converts_alike(item: &Item<'_>, key: &str) -> bool {
    let upper = item.upper();
    let converted = crate::convert::convert_key(key, upper);
    ["name", "external_code", "type"]
        .iter()
        .any(|k| converted.eq_ignore_ascii_case(k))
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
        for m in members {
            if KEYS.contains(&m.key.as_str()) {
                continue;
            }
            key_lint(cx, e.value, &m.key, m.key_span, &ptr, false);
        }
        type_case(cx, e.value.get("type").map(|(_, m)| &m.value), &ptr);
    }
}

fn key_lint(
    cx: &mut Cx,
    item: &Node,
    key: &str,
    key_span: crate::span::Span,
    ptr: &str,
    converted: bool,
) {
    let meant = did_you_mean(key, &KEYS);
    let taken = |k: &str| item.get(k).is_some();
    let fix = same_letters(key, &KEYS)
        .or_else(|| meant.filter(|_| key.len() > 4))
        .filter(|k| !taken(k))
        .map(|k| {
            replace(
                format!("rename `{key}` to `{k}`"),
                key_span,
                json_string(k),
                Applicability::Safe,
            )
        });
    let detail = match meant {
        Some(k) => format!("column key `{key}` is not read; did you mean `{k}`?"),
        None => format!("column key `{key}` is not read by the portal"),
    };
    let help = if converted {
        "a column holds `name`, `externalCode` and `type`; the portal converts keys (camelCase to UPPER_SNAKE), so `NAME` and `EXTERNALCODE` are not found"
    } else {
        "an added column holds exactly `name`, `externalCode` and `type` (no case conversion here)"
    };
    let d = cx.lint(Code::COLUMN_KEY, key_span, pointer::push(ptr, key), &detail);
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
        Code::COLUMN_TYPE_CASE,
        node.span,
        pointer::push(ptr, "type"),
        &format!("column type \"{t}\" must be written in lower case: \"{lower}\""),
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
