//! The list methods of every family: `select`, `filter`, `order` against the family's field
//! names (spec §3.4). Every problem is
//! recorded and the first is answered, except that a parameter of the wrong type ends the
//! checks at once; then the database layer reads the order directions.

use super::{Cx, Decorate, Reach};
use crate::json::{Node, Value};
use crate::php::{self, PhpKey};
use crate::pointer;
use crate::spec::fields::Entity;
use crate::spec::Code;
use crate::suggest::did_you_mean;

/// The filter operators the portal strips from a key before comparing it with a field name.
const FILTER_PREFIXES: &[char] = &['<', '>', '=', '!', '@', '%'];

/// A parameter is checked when it is set in PHP terms: present and not null.
fn set<'a>(root: &'a Node, key: &str) -> Option<&'a Node> {
    root.get(key)
        .map(|(_, m)| &m.value)
        .filter(|v| !matches!(v.value, Value::Null))
}

pub fn check(cx: &mut Cx, root: &Node, base: &str, entity: Entity) {
    let allowed: Vec<&str> = entity.fields(cx.target).map(|f| f.name).collect();
    // After a parameter of the wrong type the portal stops; what follows is still reported,
    // as problems the next request would meet.
    let mut reach = Reach::Recorded;
    let wrong_type = |cx: &mut Cx, code: Code, name: &str, node: &Node, reach: &mut Reach| {
        cx.report(code, node.span, pointer::push(base, name), &[], *reach)
            .label(format!(
                "{}, not a list or object",
                super::field_rules::kind(node)
            ))
            .help(format!("`{name}` must be a JSON list or object"));
        *reach = Reach::Shadowed;
    };

    if let Some(select) = set(root, "select") {
        match select.entries() {
            None => wrong_type(
                cx,
                Code::VALIDATION_SELECT_TYPE,
                "select",
                select,
                &mut reach,
            ),
            Some(entries) => {
                let ptr = pointer::push(base, "select");
                for e in entries {
                    let ok = matches!(&e.value.value, Value::String(s) if s == "*" || allowed.contains(&s.as_str()));
                    if ok {
                        continue;
                    }
                    let shown =
                        php::to_php_string(&e.value.value).unwrap_or_else(|| "Array".to_string());
                    let help = match e.value.as_str().and_then(|s| did_you_mean(s, &allowed)) {
                        Some(f) => {
                            format!("did you mean `{f}`? Names are exact, case-sensitive camelCase")
                        }
                        None => format!(
                            "select field names as strings: {} or \"*\"",
                            allowed.join(", ")
                        ),
                    };
                    cx.report(
                        Code::VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT,
                        e.value.span,
                        pointer::push(&ptr, &e.key.to_string()),
                        &[("name", &shown)],
                        reach,
                    )
                    .label("not a field name")
                    .help(help);
                }
            }
        }
    }

    if let Some(filter) = set(root, "filter") {
        if filter.is_array() {
            filter_group(cx, filter, &pointer::push(base, "filter"), &allowed, reach);
        } else {
            wrong_type(
                cx,
                Code::VALIDATION_FILTER_TYPE,
                "filter",
                filter,
                &mut reach,
            );
        }
    }

    if let Some(order) = set(root, "order") {
        match order.entries() {
            None => wrong_type(cx, Code::VALIDATION_ORDER_TYPE, "order", order, &mut reach),
            Some(entries) => {
                let ptr = pointer::push(base, "order");
                for e in entries {
                    if matches!(e.key, PhpKey::Str(k) if allowed.contains(&k)) {
                        continue;
                    }
                    let key = e.key.to_string();
                    let help = match e.key {
                        PhpKey::Int(_) => {
                            "`order` maps field names to directions: {\"id\": \"DESC\"}".to_string()
                        }
                        PhpKey::Str(k) => match did_you_mean(k, &allowed) {
                            Some(f) => format!(
                                "did you mean `{f}`? Names are exact, case-sensitive camelCase"
                            ),
                            None => format!("order by one of: {}", allowed.join(", ")),
                        },
                    };
                    cx.report(
                        Code::VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER,
                        e.key_span.unwrap_or(e.value.span),
                        pointer::push(&ptr, &key),
                        &[("name", &key)],
                        reach,
                    )
                    .label("not a field name")
                    .help(help);
                }
            }
        }
    }
}

/// One level of a filter, in order; groups (any key whose value is an array) are entered
/// without checking the key.
fn filter_group(cx: &mut Cx, group: &Node, ptr: &str, allowed: &[&str], reach: Reach) {
    let Some(entries) = group.entries() else {
        return;
    };
    for e in entries {
        let key = e.key.to_string();
        let here = pointer::push(ptr, &key);
        if e.key == PhpKey::Str("logic") {
            logic(cx, e.value, here, reach);
            continue;
        }
        if e.value.is_array() {
            filter_group(cx, e.value, &here, allowed, reach);
            continue;
        }
        let field = key.trim_start_matches(FILTER_PREFIXES);
        if php::is_numeric(&e.value.value) && php::is_numeric_str(field) || allowed.contains(&field)
        {
            continue;
        }
        let help = if e.key_span.is_none() {
            "a list in a filter holds values for `@field` (in) conditions; only numbers pass the portal's check there".to_string()
        } else if field == "LOGIC" {
            "write `logic` in lower case; `LOGIC` is read as a field name".to_string()
        } else {
            match did_you_mean(field, allowed) {
                Some(f) => format!("did you mean `{f}`? Names are exact, case-sensitive camelCase"),
                None => format!("filter by one of: {}", allowed.join(", ")),
            }
        };
        cx.report(
            Code::VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER,
            e.key_span.unwrap_or(e.value.span),
            here,
            &[("name", field)],
            reach,
        )
        .label("not a field name")
        .help(help);
    }
}

/// `logic` is upper-cased (ASCII) and must be AND or OR; an array crashes `strtoupper`.
fn logic(cx: &mut Cx, value: &Node, ptr: String, reach: Reach) {
    let Some(text) = php::to_php_string(&value.value) else {
        cx.crash(value, ptr, reach)
            .label(format!("{} as `logic`", super::field_rules::kind(value)))
            .help("`logic` must be the string \"AND\" or \"OR\"; the portal upper-cases it and crashes on a list or object (HTTP 500)");
        return;
    };
    let upper = text.to_ascii_uppercase();
    if upper == "AND" || upper == "OR" {
        return;
    }
    cx.report(
        Code::VALIDATION_INVALID_FILTER_LOGIC,
        value.span,
        ptr,
        &[],
        reach,
    )
    .label("not AND or OR")
    .help("write \"logic\": \"AND\" or \"logic\": \"OR\"");
}

/// The field a family's list drops from `order` before the database sees it: the settings
/// of a source and the columns of a dataset live in other tables.
fn dropped_from_order(entity: Entity) -> Option<&'static str> {
    match entity {
        Entity::Connector => None,
        Entity::Source => Some("settings"),
        Entity::Dataset => Some("fields"),
    }
}

/// The database layer reads each order direction: a string that upper-cases (ASCII) to ASC or
/// DESC, else it throws, answered at the root with HTTP 400.
pub fn order_directions(cx: &mut Cx, root: &Node, base: &str, entity: Entity) {
    let Some(entries) = set(root, "order").and_then(Node::entries) else {
        return;
    };
    let dropped = dropped_from_order(entity);
    let mut reach = Reach::Recorded;
    for e in entries {
        if matches!(e.key, PhpKey::Str(k) if Some(k) == dropped) {
            continue;
        }
        let description = match &e.value.value {
            Value::String(s) => {
                let upper = s.to_ascii_uppercase();
                if upper == "ASC" || upper == "DESC" {
                    continue;
                }
                format!("Invalid order \"{upper}\"")
            }
            _ => "Order must be a string".to_string(),
        };
        cx.report(
            Code::ERROR_ARGUMENT,
            e.value.span,
            pointer::push(&pointer::push(base, "order"), &e.key.to_string()),
            &[("description", &description)],
            reach,
        )
        .label("not ASC or DESC")
        .help("write \"ASC\" or \"DESC\"");
        cx.set_argument("");
        reach = Reach::Shadowed;
    }
}
