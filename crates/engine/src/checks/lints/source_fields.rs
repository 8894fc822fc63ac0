//! Lints on a source definition: `active` that is ignored, and `settings` in a shape the
//! portal cannot use (it reads values by the connector's setting codes).

use crate::checks::{Cx, Decorate, Request};
use crate::json::Value;
use crate::pointer;
use crate::spec::methods::Op;
use crate::spec::Message;

pub fn check(cx: &mut Cx, req: &Request<'_>, op: Op) {
    // An update merges the values it sends into the stored ones by code.
    let update = op == Op::Update;
    if let Some(e) = req.entry("active") {
        cx.lint(
            Message::SourceActiveIgnored {},
            e.key_span.unwrap_or(e.value.span),
            req.pointer_to("active"),
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
            let message = if update {
                Message::SourceSettingsListOnUpdate {}
            } else {
                Message::SourceSettingsListOnAdd {}
            };
            cx.lint(message, settings.value.span, ptr)
                .label("a list, not an object of values by code")
                .help(help);
        }
        Value::Object(members) => {
            for m in members {
                let code = m.key.as_str();
                let (message, help) = match &m.value.value {
                    Value::String(_) => continue,
                    Value::Null if update => (
                        Message::SourceSettingNullOnUpdate { code },
                        "send the new value as a string, or leave the setting out",
                    ),
                    Value::Null => (
                        Message::SourceSettingNullOnAdd { code },
                        "send the value as a string, or leave the setting out",
                    ),
                    Value::Array(_) => (
                        Message::SourceSettingList { code },
                        "send the value as a string",
                    ),
                    Value::Object(_) => (
                        Message::SourceSettingObject { code },
                        "send the value as a string",
                    ),
                    _ => (
                        Message::SourceSettingNotString { code },
                        "quote the value so that what is stored is what you wrote",
                    ),
                };
                cx.lint(message, m.value.span, pointer::push(&ptr, &m.key))
                    .label(super::super::field_rules::kind(&m.value))
                    .help(help);
            }
        }
        _ => {}
    }
}
