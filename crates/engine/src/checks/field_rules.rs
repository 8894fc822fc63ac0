//! The per-field loop in schema order, for every family: missing required (add), read-only,
//! immutable (update), type (spec §2.5, §3.6, §3.7).

use super::{Cx, Decorate, Reach, Request};
use crate::diag::{Applicability, Edit, Fix};
use crate::json::{Node, Value};
use crate::php::{self, PhpKey};
use crate::span::Span;
use crate::spec::fields::{Entity, Field, FieldType};
use crate::spec::Code;
use crate::suggest::did_you_mean;

/// Whether absent required fields are errors: add demands them, update does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Add,
    Update,
}

pub fn check(cx: &mut Cx, req: &Request<'_>, mode: Mode, entity: Entity) {
    for field in entity.fields(cx.target) {
        match req.entry(field.name) {
            None if mode == Mode::Add && field.required && !field.read_only => {
                missing(cx, req, field, entity)
            }
            None => {}
            Some(e) if field.read_only => {
                let span = e.key_span.unwrap_or(e.value.span);
                let fix = removal(req, field.name).map(|span| Fix {
                    title: format!("remove `{}`", field.name),
                    applicability: Applicability::Unsafe,
                    edits: vec![Edit {
                        span,
                        replacement: String::new(),
                    }],
                });
                let d = cx.report(
                    Code::VALIDATION_READ_ONLY_FIELD,
                    span,
                    req.pointer_to(field.name),
                    &[("name", field.name)],
                    Reach::Recorded,
                );
                let help = match (mode, field.name) {
                    (Mode::Update, "id") => format!(
                        "remove `id` from `fields`: the {} to change is named by the top-level `id`",
                        entity.noun()
                    ),
                    _ => format!("remove `{}`: the portal sets it", field.name),
                };
                d.label("read-only").help(help);
                if let Some(fix) = fix {
                    d.fix(fix);
                }
            }
            Some(e) if mode == Mode::Update && field.immutable => {
                let span = e.key_span.unwrap_or(e.value.span);
                let help = match (entity, field.name) {
                    (Entity::Dataset, _) => format!(
                        "remove `{}`: it is fixed when the dataset is created; to change it, add a new dataset",
                        field.name
                    ),
                    _ => format!(
                        "remove `{}`: it is fixed when the {} is created",
                        field.name,
                        entity.noun()
                    ),
                };
                cx.report(
                    Code::VALIDATION_IMMUTABLE_FIELD,
                    span,
                    req.pointer_to(field.name),
                    &[("name", field.name)],
                    Reach::Recorded,
                )
                .label("cannot be changed")
                .help(help);
            }
            Some(e) if !type_ok(field.ty, e.value) => {
                let help = type_help(field, e.value, req.text, entity);
                cx.report(
                    Code::VALIDATION_INVALID_FIELD_TYPE,
                    e.value.span,
                    req.pointer_to(field.name),
                    &[("name", field.name), ("type", field.ty.name())],
                    Reach::Recorded,
                )
                .label(format!("{}, not {}", kind(e.value), field.ty.name()))
                .help(help);
            }
            Some(_) => {}
        }
    }
}

/// The bytes to delete to remove the only member named `key` from the `fields` object, with
/// its separating comma, leaving the rest of the text as it was.
fn removal(req: &Request<'_>, key: &str) -> Option<Span> {
    let Value::Object(members) = &req.fields.value else {
        return None;
    };
    let mut named = members.iter().enumerate().filter(|(_, m)| m.key == key);
    let (i, m) = named.next()?;
    if named.next().is_some() {
        return None; // repeated: which one to keep is the user's call
    }
    Some(if let Some(next) = members.get(i + 1) {
        Span::new(m.key_span.start, next.key_span.start)
    } else if i > 0 {
        Span::new(members[i - 1].value.span.end, m.value.span.end)
    } else {
        Span::new(m.key_span.start, m.value.span.end)
    })
}

/// Whether a value passes the server's type rule as received (no casting).
pub fn type_ok(ty: FieldType, node: &Node) -> bool {
    match ty {
        FieldType::Integer => php::is_numeric(&node.value),
        FieldType::String => matches!(node.value, Value::String(_)),
        FieldType::Array => node.is_array(),
        FieldType::Boolean => matches!(node.value, Value::Bool(_)),
        FieldType::Datetime => true,
    }
}

fn missing(cx: &mut Cx, req: &Request<'_>, field: &Field, entity: Entity) {
    // A key that was probably meant as this field: same letters in another case or spelling.
    let near = req.entries.iter().find_map(|e| match e.key {
        PhpKey::Str(k)
            if entity.field(cx.target, k).is_none() && did_you_mean(k, &[field.name]).is_some() =>
        {
            Some((k, e.key_span?))
        }
        _ => None,
    });
    let example = match (entity, field.ty) {
        (Entity::Connector, FieldType::Array) => {
            "[{\"name\": \"…\", \"code\": \"…\", \"type\": \"STRING\"}]"
        }
        (Entity::Source, FieldType::Array) => "{\"<setting code>\": \"<value>\"}",
        (Entity::Dataset, FieldType::Array) => {
            "[{\"name\": \"ID\", \"externalCode\": \"id\", \"type\": \"int\"}]"
        }
        (_, FieldType::Integer) => "<id>",
        _ => "\"…\"",
    };
    let d = cx.report(
        Code::VALIDATION_REQUIRED_FIELD_MISSING,
        req.fields.opening(),
        req.pointer_to(field.name),
        &[("name", field.name)],
        Reach::Recorded,
    );
    d.label(format!("`{}` is missing from this object", field.name));
    match near {
        Some((k, span)) => {
            d.help(format!(
                "rename `{k}` to `{}`: field names are exact, case-sensitive camelCase",
                field.name
            ))
            .also(span, format!("did you mean `{}`?", field.name));
        }
        None => {
            d.help(format!("add \"{}\": {example}", field.name));
        }
    }
}

/// A short name of what a value is, for labels.
pub fn kind(node: &Node) -> &'static str {
    match &node.value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.int.is_some() => "an integer",
        Value::Number(_) => "a number",
        Value::String(s) if s.trim().is_empty() => "a blank string",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn type_help(field: &Field, node: &Node, text: &[u8], entity: Entity) -> String {
    let name = field.name;
    match (field.ty, &node.value) {
        (FieldType::String, Value::Null) if !field.required => {
            format!("null is not a string: send a string or leave `{name}` out")
        }
        (FieldType::String, Value::Number(_)) => {
            format!("quote it: \"{}\"", node.raw(text))
        }
        (FieldType::String, _) => format!("`{name}` must be a JSON string"),
        (FieldType::Integer, Value::String(_)) => format!(
            "`{name}` must be a number or a numeric string such as \"100\"; this text is not numeric in PHP"
        ),
        (FieldType::Integer, _) => format!("`{name}` must be a number, e.g. 100"),
        (FieldType::Array, _) => match entity {
            Entity::Connector => format!(
                "`{name}` must be a list of {{\"name\", \"code\", \"type\"}} objects (an empty list is accepted)"
            ),
            Entity::Source => format!(
                "`{name}` must be an object of setting values by code: {{\"login\": \"…\"}}"
            ),
            Entity::Dataset => format!(
                "`{name}` must be a list of {{\"name\", \"externalCode\", \"type\"}} columns"
            ),
        },
        (FieldType::Boolean, _) => {
            format!("`{name}` must be the JSON literal true or false (not \"Y\", 1 or \"true\")")
        }
        (FieldType::Datetime, _) => String::new(),
    }
}
