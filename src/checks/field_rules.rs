//! The per-field loop in schema order: missing required, read-only, type (spec §2.5).

use super::{Cx, Decorate, Reach, Request};
use crate::json::{Node, Value};
use crate::php::{self, PhpKey};
use crate::spec::fields::{connector_fields, Field, FieldType};
use crate::spec::Code;
use crate::suggest::did_you_mean;

pub fn check(cx: &mut Cx, req: &Request<'_>) {
    for field in connector_fields(cx.target) {
        match req.entry(field.name) {
            None if field.required && !field.read_only => missing(cx, req, field),
            None => {}
            Some(e) if field.read_only => {
                let span = e.key_span.unwrap_or(e.value.span);
                cx.report(
                    Code::VALIDATION_READ_ONLY_FIELD,
                    span,
                    req.pointer_to(field.name),
                    &[("name", field.name)],
                    Reach::Recorded,
                )
                .label("read-only")
                .help(format!(
                    "remove `{}`: the portal assigns it when the connector is created",
                    field.name
                ));
            }
            Some(e) if !type_ok(field.ty, e.value) => {
                cx.report(
                    Code::VALIDATION_INVALID_FIELD_TYPE,
                    e.value.span,
                    req.pointer_to(field.name),
                    &[("name", field.name), ("type", field.ty.name())],
                    Reach::Recorded,
                )
                .label(format!("{}, not {}", kind(e.value), field.ty.name()))
                .help(type_help(field, e.value));
            }
            Some(_) => {}
        }
    }
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

fn missing(cx: &mut Cx, req: &Request<'_>, field: &Field) {
    // A key that was probably meant as this field: same letters in another case or spelling.
    let near = req.entries.iter().find_map(|e| match e.key {
        PhpKey::Str(k)
            if crate::spec::fields::connector_field(cx.target, k).is_none()
                && did_you_mean(k, &[field.name]).is_some() =>
        {
            Some((k, e.key_span?))
        }
        _ => None,
    });
    let example = match field.ty {
        FieldType::Array => "[{\"name\": \"…\", \"code\": \"…\", \"type\": \"STRING\"}]",
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

fn type_help(field: &Field, node: &Node) -> String {
    let name = field.name;
    match (field.ty, &node.value) {
        (FieldType::String, Value::Null) if !field.required => {
            format!("null is not a string: send a string or leave `{name}` out")
        }
        (FieldType::String, Value::Number(n)) => {
            format!("quote it: \"{}\"", n.raw)
        }
        (FieldType::String, _) => format!("`{name}` must be a JSON string"),
        (FieldType::Integer, Value::String(_)) => format!(
            "`{name}` must be a number or a numeric string such as \"100\"; this text is not numeric in PHP"
        ),
        (FieldType::Integer, _) => format!("`{name}` must be a number, e.g. 100"),
        (FieldType::Array, _) => format!(
            "`{name}` must be a list of {{\"name\", \"code\", \"type\"}} objects (an empty list is accepted)"
        ),
        (FieldType::Boolean, _) => {
            format!("`{name}` must be the JSON literal true or false (not \"Y\", 1 or \"true\")")
        }
        (FieldType::Datetime, _) => String::new(),
    }
}
