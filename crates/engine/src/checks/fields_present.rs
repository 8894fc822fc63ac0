//! `fields` must be a non-empty PHP array (spec §2.3).

use super::{Cx, Decorate, Reach, Request};
use crate::json::{Node, Value};
use crate::php;
use crate::spec::fields::Entity;
use crate::spec::methods::InputShape;
use crate::spec::Code;

/// Returns the request view when `fields` passes; reports VALIDATION_FIELDS_NOT_PROVIDED and
/// returns `None` otherwise (nothing after this step can run).
pub fn check<'a>(
    cx: &mut Cx,
    text: &'a [u8],
    root: &'a Node,
    shape: InputShape,
    base: &str,
    entity: Entity,
) -> Option<Request<'a>> {
    let noun = entity.noun();
    let (fields, pointer) = match shape {
        InputShape::Fields => (Some(root), base.to_string()),
        InputShape::Request => (
            root.get("fields").map(|(_, m)| &m.value),
            crate::pointer::push(base, "fields"),
        ),
    };
    let Some(fields) = fields else {
        missing(cx, root, base, noun);
        return None;
    };
    if fields.is_array() && !php::is_empty(&fields.value) {
        let entries = fields.entries().unwrap_or_default();
        return Some(Request {
            text,
            fields,
            entries,
            pointer,
        });
    }
    let (label, help) = match &fields.value {
        Value::Array(_) | Value::Object(_) if entity == Entity::Connector => (
            "empty",
            "`fields` must hold the connector definition: title, logo, the four URLs and settings".to_string(),
        ),
        Value::Array(_) | Value::Object(_) => (
            "empty",
            format!("`fields` must hold the {noun} definition"),
        ),
        Value::Null => ("null", format!("`fields` must be an object holding the {noun} definition")),
        _ if php::is_empty(&fields.value) => (
            "empty in PHP terms",
            format!("PHP treats \"\", \"0\", 0 and false as empty; `fields` must be an object holding the {noun} definition"),
        ),
        _ => (
            "not an object",
            format!("`fields` must be an object holding the {noun} definition, not a scalar"),
        ),
    };
    cx.report(
        Code::VALIDATION_FIELDS_NOT_PROVIDED,
        fields.span,
        pointer,
        &[],
        Reach::Recorded,
    )
    .label(label)
    .help(help);
    None
}

fn missing(cx: &mut Cx, root: &Node, base: &str, noun: &str) {
    let near = match &root.value {
        Value::Object(members) => members
            .iter()
            .find(|m| m.key != "fields" && m.key.trim().eq_ignore_ascii_case("fields")),
        _ => None,
    };
    let help = match (&root.value, near) {
        (_, Some(m)) => format!(
            "the portal reads only the exact key `fields`; `{}` is ignored — rename it",
            m.key
        ),
        (Value::Object(_), None) => format!("the body has no `fields`: wrap the {noun} definition as {{\"fields\": {{…}}}}, or check a bare definition with --input fields"),
        _ => "the body must be a JSON object with a `fields` object; a list or a scalar body carries no `fields`".to_string(),
    };
    let d = cx.report(
        Code::VALIDATION_FIELDS_NOT_PROVIDED,
        root.opening(),
        crate::pointer::push(base, "fields"),
        &[],
        Reach::Recorded,
    );
    d.label("no `fields` in this body").help(help);
    if let Some(m) = near {
        d.also(m.key_span, "did you mean `fields`?");
    }
}
