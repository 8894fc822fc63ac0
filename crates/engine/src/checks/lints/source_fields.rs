//! Lints on a source definition: `active` that is ignored, and `settings` in a shape the
//! portal cannot use (it reads values by the connector's setting codes).

use crate::checks::{Cx, Decorate, Request};
use crate::json::Value;
use crate::pointer;
use crate::spec::methods::Op;
use crate::spec::Code;

pub fn check(cx: &mut Cx, req: &Request<'_>, op: Op) {
    // An update merges the values it sends into the stored ones by code.
    let update = op == Op::Update;
    if let Some(e) = req.entry("active") {
        cx.lint(
            Code::SOURCE_ACTIVE_IGNORED,
            e.key_span.unwrap_or(e.value.span),
            req.pointer_to("active"),
            "`active` is checked to be true or false, then ignored",
        )
        .label("no effect")
        .help("the portal always creates sources active and never changes that through REST; remove `active`");
    }
    let Some(settings) = req.entry("settings") else {
        return;
    };
    let ptr = req.pointer_to("settings");
    match &settings.value.value {
        Value::Array(items) if !items.is_empty() => {
            let pairs = items.iter().all(|i| i.get("code").is_some());
            let help = if pairs {
                "write the values by code: {\"login\": \"…\", \"token\": \"…\"}, not a list of {code, value} items"
            } else {
                "write the values by the connector's setting codes: {\"login\": \"…\", \"token\": \"…\"}"
            };
            let detail = if update {
                "`settings` is a list: the portal looks setting values up by code, so none is found and no setting changes"
            } else {
                "`settings` is a list: the portal looks setting values up by code, so none is found and every setting stays empty"
            };
            cx.lint(
                Code::SOURCE_SETTINGS_SHAPE,
                settings.value.span,
                ptr,
                detail,
            )
            .label("a list, not an object of values by code")
            .help(help);
        }
        Value::Object(members) => {
            for m in members {
                let (detail, help) = match &m.value.value {
                    Value::String(_) => continue,
                    Value::Null if update => (
                        format!("setting `{}` is null: the portal drops it, so its stored value does not change", m.key),
                        "send the new value as a string, or leave the setting out",
                    ),
                    Value::Null => (
                        format!("setting `{}` is null: the portal drops it, so the setting keeps no value", m.key),
                        "send the value as a string, or leave the setting out",
                    ),
                    Value::Array(_) => (
                        format!("setting `{}` is a list: if it is one of the connector's settings the portal fails on it (HTTP 500)", m.key),
                        "send the value as a string",
                    ),
                    Value::Object(_) => (
                        format!("setting `{}` is an object: if it is one of the connector's settings the portal fails on it (HTTP 500)", m.key),
                        "send the value as a string",
                    ),
                    _ => (
                        format!("setting `{}` is not a string: the portal stores it as text", m.key),
                        "quote the value so that what is stored is what you wrote",
                    ),
                };
                cx.lint(
                    Code::SOURCE_SETTING_VALUE,
                    m.value.span,
                    pointer::push(&ptr, &m.key),
                    &detail,
                )
                .label(super::super::field_rules::kind(&m.value))
                .help(help);
            }
        }
        _ => {}
    }
}
