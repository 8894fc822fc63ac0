//! Lints on settings items, read as the server reads them (after key conversion): duplicate
//! codes, empty names or codes, awkward code characters, non-string names or codes.

use crate::checks::items::Item;
use crate::checks::{Cx, Decorate, Request};
use crate::json::{Node, Value};
use crate::php;
use crate::pointer;
use crate::spec::Message;
use std::collections::HashMap;

pub fn check(cx: &mut Cx, req: &Request<'_>, items: &[Item<'_>]) {
    let mut seen: HashMap<String, &Node> = HashMap::new();
    for item in items {
        for key in ["name", "code"] {
            let Some(node) = item.value(key) else {
                continue;
            };
            let ptr = pointer::push(&item.pointer(), key);
            match &node.value {
                Value::String(s) if s.is_empty() => {
                    cx.lint(Message::SettingEmpty { key }, node.span, ptr)
                        .label("empty")
                        .help(if key == "name" {
                            "give the setting a name: it labels the field users fill in"
                        } else {
                            "give the setting a code: the endpoints receive its value under this key"
                        });
                }
                Value::String(s) if key == "code" => code_chars(cx, req, node, s, ptr),
                Value::Number(_) | Value::Bool(_) => {
                    let shown = php::to_php_string(&node.value).unwrap_or_default();
                    cx.lint(
                        Message::SettingNotString {
                            key,
                            kind: kind(node),
                        },
                        node.span,
                        ptr,
                    )
                    .label("not a string")
                    .help(format!(
                        "quote it (\"{shown}\"): the portal stores it as a JSON {}, which clients reading the connector may not expect",
                        kind(node)
                    ));
                }
                _ => {}
            }
        }
        duplicate_code(cx, item, &mut seen);
    }
}

fn kind(node: &Node) -> &'static str {
    match node.value {
        Value::Bool(_) => "boolean",
        _ => "number",
    }
}

fn duplicate_code<'a>(cx: &mut Cx, item: &Item<'a>, seen: &mut HashMap<String, &'a Node>) {
    let Some(node) = item.value("code") else {
        return;
    };
    let Some(code) = php::to_php_string(&node.value) else {
        return;
    };
    if matches!(node.value, Value::Null) || code.is_empty() {
        return;
    }
    match seen.get(&code) {
        Some(first) => {
            let first_span = first.span;
            cx.lint(
                Message::SettingDuplicateCode { code: &code },
                node.span,
                pointer::push(&item.pointer(), "code"),
            )
            .label("second use")
            .also(first_span, "first use")
            .help("give each setting its own code: the endpoints receive the settings as an object keyed by code, so one value is lost");
        }
        None => {
            seen.insert(code, node);
        }
    }
}

/// A code travels as a form field name and a JSON key: ASCII letters, digits, `_` and `-`
/// are safe everywhere.
fn code_chars(cx: &mut Cx, req: &Request<'_>, node: &Node, code: &str, ptr: String) {
    let Some((i, c)) = code
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
    else {
        return;
    };
    let code = &code.escape_debug().to_string();
    let message = if c.is_whitespace() {
        Message::SettingCodeWhitespace { code }
    } else if c.is_control() {
        Message::SettingCodeControl {
            code,
            codepoint: c as u32,
        }
    } else {
        Message::SettingCodePunctuation { code, letter: c }
    };
    cx.lint(
        message,
        node.substring_span(req.text, i..i + c.len_utf8()),
        ptr,
    )
    .label("awkward here")
    .help("use ASCII letters, digits, `_` and `-`: PHP rewrites `.` and spaces in form field names, and other characters need escaping in URLs and code");
}
