//! Settings items, after key conversion (spec §2.6, §2.7, C1, C2, C6).
//!
//! The server walks every item; an item's first failing rule records one error and the loop
//! goes on, so a later item can still crash the request with a TypeError (C1).

use super::items::Item;
use super::{json_string, replace, Cx, Decorate, Reach};
use crate::convert::convert_key;
use crate::diag::{Applicability, Edit, Fix};
use crate::json::{Entry, Node, Value};
use crate::php;
use crate::pointer;
use crate::spec::fields::{setting_types, SETTING_KEYS};
use crate::spec::Code;
use crate::suggest::did_you_mean;

/// The limit the server applies to `name` and `code` (longer is refused; 512 is accepted).
const MAX_LEN: usize = 512;

/// A settings item that passed every rule: its `name` and `code` values.
pub struct ValidItem<'a> {
    pointer: String,
    name: &'a Node,
    code: &'a Node,
}

/// Checks each item in the order the server walks them; returns the items that pass, which
/// the server then encodes for storage.
pub fn check<'a>(cx: &mut Cx, items: &[Item<'a>]) -> Vec<ValidItem<'a>> {
    items
        .iter()
        .filter_map(|item| check_item(cx, item))
        .collect()
}

/// The valid items are JSON-encoded for storage: an infinite number (`1e999`) as a name or
/// code cannot be encoded, and the REST server answers HTTP 400 at the root (spec C2).
pub fn check_encodable(cx: &mut Cx, valid: &[ValidItem<'_>]) {
    for item in valid {
        for (key, node) in [("name", item.name), ("code", item.code)] {
            let Value::Number(n) = &node.value else {
                continue;
            };
            if n.float.is_finite() || n.int.is_some() {
                continue;
            }
            let written = node.raw(cx.text);
            cx.report(
                Code::ERROR_ARGUMENT,
                node.span,
                pointer::push(&item.pointer, key),
                &[("description", "JSON error: Inf and NaN cannot be JSON encoded [7]")],
                Reach::Recorded,
            )
            .label(format!("decodes to {}", php::number_to_string(n)))
            .help(format!(
                "{} overflows a double and becomes INF, which the portal cannot store; write the {key} as a string",
                written
            ));
            cx.set_argument("data");
        }
    }
}

fn check_item<'a>(cx: &mut Cx, item: &Item<'a>) -> Option<ValidItem<'a>> {
    let node = item.node;
    let item_pointer = item.pointer();
    let Some(raw) = item.raw() else {
        cx.report(
            Code::VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS,
            node.span,
            item_pointer,
            &[],
            Reach::Recorded,
        )
        .label(format!("{}, not an object", super::field_rules::kind(node)))
        .help("each settings item must be an object: {\"name\": \"…\", \"code\": \"…\", \"type\": \"STRING\"}");
        return None;
    };
    let (ty, name, code) = (item.get("type"), item.get("name"), item.get("code"));
    let (ty, name, code) = (ty.as_ref(), name.as_ref(), code.as_ref());
    let set = |e: Option<&Entry<'a>>| php::isset(e.map(|e| e.value));
    if !(set(ty) && set(name) && set(code)) {
        missing(cx, node, &raw, [ty, name, code], item_pointer, item.upper());
        return None;
    }
    let (ty, name, code) = (ty?.value, name?.value, code?.value);

    // Rules run in order; after the first failure the server moves to the next item, so what
    // follows in this item is reported but not reached.
    let mut reach = Reach::Recorded;
    for (key, node, too_long) in [
        ("name", name, Code::VALIDATION_SETTINGS_NAME_TOO_LONG),
        ("code", code, Code::VALIDATION_SETTINGS_CODE_TOO_LONG),
    ] {
        let ptr = pointer::push(&item_pointer, key);
        match php::to_php_string(&node.value) {
            None => {
                crash(cx, node, ptr, key, reach);
                reach = Reach::Shadowed;
            }
            Some(text) if php::mb_strlen(&text) > MAX_LEN => {
                let len = php::mb_strlen(&text);
                cx.report(too_long, node.span, ptr, &[], reach)
                    .label(format!("{len} characters"))
                    .help(format!(
                        "shorten the {key} to at most {MAX_LEN} characters (code points; exactly {MAX_LEN} is accepted)"
                    ));
                reach = Reach::Shadowed;
            }
            Some(_) => {}
        }
    }
    let types = setting_types(cx.target);
    let ptr = pointer::push(&item_pointer, "type");
    let type_ok = match &ty.value {
        Value::Array(_) | Value::Object(_) => {
            crash(cx, ty, ptr, "type", reach);
            return None;
        }
        Value::String(s) => types.contains(&s.as_str()),
        _ => false,
    };
    if !type_ok {
        let help = type_help(cx.target, ty, types);
        let fix = ty.as_str().and_then(|s| {
            let t = types.iter().find(|t| t.eq_ignore_ascii_case(s))?;
            Some(replace(
                format!("write the type as \"{t}\""),
                ty.span,
                json_string(t),
                Applicability::Safe,
            ))
        });
        let d = cx.report(
            Code::VALIDATION_SETTINGS_INVALID_TYPE,
            ty.span,
            ptr,
            &[],
            reach,
        );
        d.label("not an accepted type").help(help);
        if let Some(fix) = fix {
            d.fix(fix);
        }
        return None;
    }
    (reach == Reach::Recorded).then_some(ValidItem {
        pointer: item_pointer,
        name,
        code,
    })
}

fn crash(cx: &mut Cx, node: &Node, ptr: String, key: &str, reach: Reach) {
    cx.crash(node, ptr, reach)
        .label(format!("{} as `{key}`", super::field_rules::kind(node)))
        .help(format!(
            "`{key}` must be a string; the server passes it to a string function and crashes (HTTP 500)"
        ));
}

fn type_help(target: crate::spec::Target, ty: &Node, types: &[&str]) -> String {
    let accepted = types
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(" or ");
    if let Value::String(s) = &ty.value {
        if s == "INT" {
            return format!(
                "\"INT\" is accepted from 26.250 on; target {target} accepts only \"STRING\""
            );
        }
        let all = setting_types(crate::spec::Target::Cloud);
        if let Some(t) = did_you_mean(s.trim(), all).filter(|t| types.contains(t)) {
            return format!("did you mean \"{t}\"? Types are exact and case-sensitive");
        }
    }
    format!("`type` must be exactly {accepted}")
}

/// Renames every key that differs from an absent `type`, `name` or `code` only by case, when
/// no key of the item already converts to the wanted one (a null `type` next to `TYPE` stays
/// for the user to sort out).
fn rename_fix(raw: &[Entry<'_>], absent: &[&str], upper: bool) -> Option<Fix> {
    let mut edits = Vec::new();
    let mut titles = Vec::new();
    for want in absent {
        let wanted = convert_key(want, upper);
        let taken = raw.iter().any(
            |e| matches!(e.key, crate::php::PhpKey::Str(o) if convert_key(o, upper) == wanted),
        );
        let candidates: Vec<_> = raw
            .iter()
            .filter_map(|e| match (e.key, e.key_span) {
                (crate::php::PhpKey::Str(k), Some(span)) if k.eq_ignore_ascii_case(want) => {
                    Some((k, span))
                }
                _ => None,
            })
            .collect();
        if let ([(k, span)], false) = (candidates.as_slice(), taken) {
            titles.push(format!("rename `{k}` to `{want}`"));
            edits.push(Edit {
                span: *span,
                replacement: json_string(want),
            });
        }
    }
    (!edits.is_empty()).then(|| Fix {
        title: titles.join(", "),
        applicability: Applicability::Safe,
        edits,
    })
}

/// Points at the most telling place for an item that lacks `type`, `name` or `code`: a key
/// that conversion turned into something else (`TYPE` → `T_YP_E`), a null value, or the brace.
fn missing(
    cx: &mut Cx,
    node: &Node,
    raw: &[Entry<'_>],
    found: [Option<&Entry<'_>>; 3],
    item_pointer: String,
    upper: bool,
) {
    let absent: Vec<&str> = SETTING_KEYS
        .iter()
        .zip(found)
        .filter(|(_, e)| !php::isset(e.map(|e| e.value)))
        .map(|(k, _)| *k)
        .collect();
    let list = absent
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let near = absent.iter().find_map(|want| {
        raw.iter().find_map(|e| match e.key {
            crate::php::PhpKey::Str(k)
                if convert_key(k, upper) != convert_key(want, upper)
                    && did_you_mean(k, &[want]).is_some() =>
            {
                Some((*want, k, e.key_span?))
            }
            _ => None,
        })
    });
    let null = SETTING_KEYS.iter().zip(found).find_map(|(k, e)| {
        e.filter(|e| matches!(e.value.value, Value::Null))
            .map(|e| (*k, e))
    });
    let is_list = matches!(node.value, Value::Array(_));
    // Renaming is safe when only the case differs and no key of the item already converts to
    // the wanted one (a null `type` plus `TYPE` stays for the user to sort out).
    let fix = rename_fix(raw, &absent, upper);
    let (span, label, help) = if let Some((want, k, span)) = near {
        let converted = convert_key(k, upper);
        (
            span,
            format!("read as `{converted}`"),
            format!(
                "the portal converts the key `{k}` to `{converted}`, so it does not count as `{want}`; write `{want}` (lower case)"
            ),
        )
    } else if let Some((k, e)) = null {
        (
            e.value.span,
            "null does not count as set".to_string(),
            format!("give `{k}` a value; missing or null: {list}"),
        )
    } else if is_list {
        (
            node.span,
            "a list, not an object".to_string(),
            "each settings item must be an object with named keys: {\"name\": \"…\", \"code\": \"…\", \"type\": \"STRING\"}".to_string(),
        )
    } else {
        (
            node.opening(),
            format!("missing {list}"),
            format!("add {list} to this settings item"),
        )
    };
    let d = cx.report(
        Code::VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS,
        span,
        item_pointer,
        &[],
        Reach::Recorded,
    );
    d.label(label).help(help);
    if let Some(fix) = fix {
        d.fix(fix);
    }
}
