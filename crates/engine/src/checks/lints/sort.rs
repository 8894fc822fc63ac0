//! `sort-coerced`: the server accepts any numeric `sort` but stores PHP's `intval` of it,
//! clamped to a signed 32-bit column (spec §2.8 item 4).

use crate::checks::{Cx, Decorate, Request};
use crate::json::Value;
use crate::php;
use crate::spec::Message;

pub fn check(cx: &mut Cx, req: &Request<'_>) {
    let Some(e) = req.entry("sort") else { return };
    let node = e.value;
    let Some(stored) = php::stored_int32(&node.value) else {
        return; // not numeric: the server refuses it
    };
    let unchanged = match &node.value {
        Value::Number(n) => n.int == Some(stored) || (n.int.is_none() && n.float == stored as f64),
        Value::String(s) => *s == stored.to_string(),
        _ => true,
    };
    if unchanged {
        return;
    }
    let sent = match &node.value {
        Value::String(s) => format!("\"{}\"", s.escape_debug()),
        Value::Number(_) => node.raw(req.text).to_string(),
        _ => String::new(),
    };
    cx.lint(
        Message::SortCoerced {
            written: &sent,
            stored,
        },
        node.span,
        req.pointer_to("sort"),
    )
    .label(format!("stored as {stored}"))
    .help(format!(
        "write the integer the portal keeps: \"sort\": {stored}"
    ));
}
