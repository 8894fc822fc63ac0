//! What sending the body as a form changes (spec §2.1, §6 C9), said where the JSON has it: the
//! checks see the strings PHP read back, these lints say why.

use super::{Cx, Decorate};
use crate::spec::methods::{Method, Op};
use crate::spec::{Code, Message};
use crate::transport::{Carried, Change, Note, Transport};

/// The client's name in messages.
fn client(transport: Transport) -> &'static str {
    match transport {
        Transport::Crest => "CRest",
        Transport::Bx24 => "BX24.js",
        Transport::Json => "JSON",
    }
}

/// A `visible` of a fields.update `update` item: the portal casts it with `(bool)`.
fn cast_to_bool(method: Method, note: &Note) -> bool {
    let parts: Vec<&str> = note.pointer.rsplit('/').take(3).collect();
    method.op() == Op::FieldsUpdate && matches!(parts.as_slice(), ["visible", _, "update"])
}

/// The changes of values and keys the client made.
pub fn notes(cx: &mut Cx, carried: &Carried, transport: Transport, method: Method) {
    let who = client(transport);
    for note in &carried.notes {
        let token = std::str::from_utf8(&cx.text[note.span.start..note.span.end])
            .unwrap_or_default()
            .to_string();
        let at = note.key_span.unwrap_or(note.span);
        match &note.change {
            Change::Text(sent) if sent == "false" && cast_to_bool(method, note) => {
                cx.lint(
                    Message::TransportFalseTrue { key: &note.key },
                    note.span,
                    note.pointer.clone(),
                )
                .label("arrives as \"false\", read as true")
                .help("(bool)\"false\" is true in PHP: send the body as JSON, or send 0 (\"0\" is false)");
            }
            // (bool) reads "1", "0" and "true" as they were meant.
            Change::Text(_) if cast_to_bool(method, note) => {}
            Change::Text(sent) => {
                let is_bool = token == "true" || token == "false";
                let help = if is_bool {
                    format!(
                        "{who} cannot send a boolean: where the portal wants one (`active`, `supportMapping`) it refuses \"{sent}\", elsewhere it reads the text. Send the body as JSON to keep the boolean"
                    )
                } else {
                    format!(
                        "{who} writes numbers as {}: send the number as a string to keep its digits",
                        match transport {
                            Transport::Bx24 => "JavaScript does (a double's shortest digits)",
                            _ => "PHP does with 14 significant digits",
                        }
                    )
                };
                cx.lint(
                    Message::TransportValue {
                        value: &token,
                        sent,
                        client: who,
                    },
                    note.span,
                    note.pointer.clone(),
                )
                .label(format!("sent as \"{sent}\""))
                .help(help);
            }
            Change::Vanished => {
                let value = match token.trim_start().as_bytes().first() {
                    Some(b'[') => "[]",
                    Some(b'{') => "{}",
                    _ => "null",
                };
                cx.lint(
                    Message::TransportKeyVanishes {
                        key: &note.key,
                        value,
                        client: who,
                    },
                    at,
                    note.pointer.clone(),
                )
                .label("not in the body")
                .help(format!(
                    "a form body cannot say {value}: the portal sees no `{}` at all. Leave the key out, or send the body as JSON",
                    note.key
                ));
            }
            Change::EmptyString => {
                cx.lint(
                    Message::TransportEmptyString { key: &note.key },
                    at,
                    note.pointer.clone(),
                )
                .label("arrives as \"\"")
                .help(format!(
                    "the portal sees `{}` as an empty string, not an array. Leave the key out, or send the body as JSON",
                    note.key
                ));
            }
        }
    }
}

/// What PHP's limits took out of the body (both form transports and form bodies).
/// `auth_dropped`: CRest's `auth` token, written last, was among the dropped.
pub fn limits(cx: &mut Cx, limits: &crate::transport::Limits, auth_dropped: bool) {
    if let Some((span, dropped)) = limits.dropped {
        let auth = if auth_dropped {
            " CRest writes the app's `auth` token last, so it is dropped too and the portal cannot tell who calls."
        } else {
            ""
        };
        cx.lint(
            Message::TransportInputVars { dropped },
            span,
            String::new(),
        )
        .label("the first variable PHP drops")
        .help(format!("the portal checks the body without them; send the body as JSON, which has no such limit, or split the request.{auth}"));
        if auth_dropped {
            cx.assume("The portal answers as for the app's call although PHP dropped CRest's auth token with the variables past its limit (what it answers without one is not known).".to_string());
        }
    }
    for deep in &limits.too_deep {
        let name = &deep.name;
        cx.lint(
            Message::TransportNesting { name },
            deep.span,
            crate::pointer::push("", name),
        )
        .label("nested too deep")
        .also(deep.name_span, format!("all of `{name}` is dropped"))
            .help(format!(
                "PHP removes `{name}` with everything already read into it; send the body as JSON (511 levels) or nest less"
            ));
    }
}

/// Unknown parameters are listed in the order the portal received them; BX24.js may send
/// them in another order than the JSON has them.
pub fn key_order(cx: &mut Cx) {
    let unknown: Vec<(usize, crate::span::Span, String)> = cx
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.diag.code == Code::VALIDATION_UNKNOWN_PARAMETERS)
        .map(|(i, f)| {
            let key = f.diag.pointer.rsplit('/').next().unwrap_or_default();
            (i, f.diag.span, crate::pointer::unescape(key))
        })
        .collect();
    let Some(first) = unknown.first() else { return };
    let Some(sent) = cx.findings[first.0]
        .diag
        .message
        .strip_prefix("Unknown parameters: ")
        .map(str::to_string)
    else {
        return;
    };
    let mut written = unknown.clone();
    written.sort_by_key(|(_, span, _)| span.start);
    let written: Vec<&str> = written.iter().map(|(_, _, k)| k.as_str()).collect();
    let written = written.join(", ");
    if written == sent {
        return;
    }
    let span = first.1;
    cx.lint(
        Message::TransportKeyOrder {
            sent: &sent,
            written: &written,
        },
        span,
        cx.findings[first.0].diag.pointer.clone(),
    )
    .label("sent first")
    .help("BX24.js writes the plain values of an object before its nested ones (and integer keys first): the message names the keys as they were sent");
}

/// `fields` was in the document but not in what PHP read back (too deep, or past the limit):
/// the usual help, to wrap the definition, would mislead.
pub fn lost_fields(cx: &mut Cx, root: &crate::json::Node) {
    if root.get("fields").is_none() {
        return;
    }
    for f in &mut cx.findings {
        if f.diag.code == Code::VALIDATION_FIELDS_NOT_PROVIDED {
            f.diag.label = Some("`fields` did not arrive".to_string());
            f.diag.help = Some(
                "the document has `fields`, but PHP did not read them back from the form body: see the transport-* findings".to_string(),
            );
        }
    }
}
