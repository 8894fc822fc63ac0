//! The body must be JSON that PHP decodes; otherwise the portal ignores it (spec §2.1, C3, C4).

use super::{Cx, Decorate, Reach};
use crate::json::{SyntaxError, MAX_DEPTH};
use crate::spec::{Code, Message};

pub const IGNORED: &str =
    "the portal silently ignores a body its JSON decoder rejects, so it sees no parameters at all";

/// A syntax error, as what it is; the answer it causes comes from running the method without
/// parameters.
pub fn syntax_error(cx: &mut Cx, e: &SyntaxError) {
    cx.lint(
        Message::JsonSyntax {
            problem: &e.message,
        },
        e.span,
        String::new(),
    )
    .label("here");
}

/// A bare definition is sent inside `{"fields": …}`, one level deeper than the file.
pub fn wrapped_depth(cx: &mut Cx, parsed: &crate::json::Parsed) {
    if parsed.max_depth < MAX_DEPTH {
        return;
    }
    let span = crate::span::Span::at(parsed.deepest_at);
    cx.lint(
        Message::JsonTooDeepWrapped { depth: MAX_DEPTH },
        span,
        String::new(),
    )
    .label("too deep once wrapped in {\"fields\": …}");
    cx.report(
        Code::VALIDATION_FIELDS_NOT_PROVIDED,
        span,
        String::new(),
        &[],
        Reach::Recorded,
    )
    .help(format!("reduce the nesting: {IGNORED}"));
}
