//! A JavaScript object or PHP array pasted where the JSON body belongs ([`crate::literal`]).
//!
//! The portal cannot decode such a body, so it ignores it and runs the method without
//! parameters: that is the predicted answer, as for any other syntax error. What the user meant
//! is the JSON the literal stands for; it is checked as if it had been sent, and its findings
//! are reported at the source tokens they come from, none of them the answer.

use super::{body, finish, replace, run_method, sort_for_display, Cx, Decorate};
use crate::diag::{Applicability, Report};
use crate::json::{self, Node, SyntaxError, Value};
use crate::literal::{Converted, Lang, Outcome};
use crate::span::Span;
use crate::spec::order::Stage;
use crate::spec::{Code, Message, Origin};
use crate::Options;

/// What a text that is not JSON is, when it reads as pasted code.
pub(crate) fn recognise(text: &[u8], options: &Options) -> Outcome {
    crate::literal::convert(text, options.method.name())
}

/// The form client a pasted call's callee names: BX24.js's `BX24.callMethod`, PHP CRest's
/// `CRest::call`. Other clients (the SDKs) are left to `--transport`.
fn sent_by(callee: &str) -> Option<crate::Transport> {
    match callee {
        "BX24.callMethod" => Some(crate::Transport::Bx24),
        "CRest::call" => Some(crate::Transport::Crest),
        _ => None,
    }
}

fn language(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Js => ("JavaScript", "a JavaScript object literal"),
        Lang::Php => ("PHP", "a PHP array"),
    }
}

/// The report for a pasted literal, or `None` when its JSON cannot be checked either (too
/// deep once wrapped in an envelope): the text is then reported as a syntax error.
pub(crate) fn check(
    text: &[u8],
    c: &Converted,
    e: &SyntaxError,
    options: &Options,
) -> Option<Report> {
    json::parse(c.json.as_bytes()).ok()?;
    // The call says how its client sends the parameters, unless the run says otherwise.
    let client = c.call.as_ref().and_then(|call| sent_by(&call.callee));
    let client = client.filter(|_| options.transport == crate::Transport::Json);
    let inner = match client {
        Some(transport) => super::check(
            c.json.as_bytes(),
            &Options {
                transport,
                ..options.clone()
            },
        ),
        None => super::check(c.json.as_bytes(), options),
    };
    let mut cx = Cx::new(options.target, &options.levels, text);
    cx.stage = Stage::Body;
    let (name, what) = language(c.lang);
    let message = match (&c.call, c.lang) {
        (None, Lang::Js) => Message::PastedJsObject {},
        (None, Lang::Php) => Message::PastedPhpArray {},
        (Some(call), Lang::Js) => Message::PastedJsCall {
            callee: &call.callee,
        },
        (Some(call), Lang::Php) => Message::PastedPhpCall {
            callee: &call.callee,
        },
    };
    let holds = if c.envelope {
        "the call's method and parameters as a {\"method\", \"params\"} envelope"
    } else if c.call.is_some() {
        "the call's parameters as the JSON body"
    } else {
        "the same value in JSON"
    };
    let d = cx
        .lint(message, c.literal, String::new())
        .label(format!("{what}, not JSON"))
        .help(format!(
            "{name} code is not a request body: the portal decodes the body as JSON (double-quoted keys and strings, no comments, no trailing commas) and ignores it otherwise; the fix writes {holds}, and the other findings are that JSON's"
        ))
        .fix(replace(
            format!("replace the pasted {name} with its JSON"),
            Span::new(0, text.len()),
            c.json.clone(),
            Applicability::Unsafe,
        ));
    if let Some(call) = &c.call {
        d.also(call.head, "the REST call: its parameters are what is sent");
    }
    if c.literal.start <= e.span.start && e.span.end <= c.literal.end {
        d.also(e.span, format!("not JSON: {}", e.message));
    }
    // The portal's own run: the body is ignored, so the method sees no parameters.
    let method = inner.method;
    let shape = inner.input;
    let empty = Node {
        span: Span::new(c.literal.start, c.literal.start),
        value: Value::Object(Vec::new()),
    };
    let before = cx.findings.len();
    let who = super::access::CallerAt::given(options.caller);
    let answer = run_method(
        &mut cx, text, &empty, "", method, shape, options, None, &who,
    );
    let name_span = c
        .call
        .as_ref()
        .and_then(|call| call.method.as_ref())
        .map(|m| m.1);
    for f in &mut cx.findings[before..] {
        if f.diag.code == Code::ERROR_METHOD_NOT_FOUND {
            if let Some(span) = name_span {
                f.diag.span = span;
            }
        } else {
            f.diag.help = Some(format!(
                "send the JSON the pasted-literal fix writes: {}",
                body::IGNORED
            ));
        }
    }
    let carriage = crate::diag::Carriage::Sent(options.transport);
    let mut report = finish(cx, method, options, shape, answer, who.caller, carriage);
    for mut d in inner.diagnostics {
        // The method's absence does not depend on the body: the portal's run reports it.
        if d.code == Code::ERROR_METHOD_NOT_FOUND {
            continue;
        }
        d.span = c.map_span(d.span);
        for l in &mut d.labels {
            l.span = c.map_span(l.span);
        }
        // Its fixes edit the JSON, which exists once the pasted-literal fix is applied.
        d.fix = None;
        if d.origin() == Origin::Server && d.server_answer {
            d.server_answer = false;
            let note = match client {
                Some(crate::Transport::Bx24) => {
                    "the portal's answer when BX24.js sends these parameters"
                }
                Some(crate::Transport::Crest) => {
                    "the portal's answer when CRest sends these parameters"
                }
                _ => "the portal's answer once the body is sent as JSON",
            };
            d.help = Some(match d.help.take() {
                Some(h) => format!("{h}; {note}"),
                None => note.to_string(),
            });
        }
        report.diagnostics.push(d);
    }
    sort_for_display(&mut report.diagnostics);
    Some(report)
}

/// Adds to a syntax error that the text is evidently code, and why it does not convert.
pub(crate) fn broken_hint(
    cx: &mut Cx,
    lang: Lang,
    callee: Option<&str>,
    problem: &str,
    span: Span,
) {
    let (name, what) = language(lang);
    let what = match callee {
        Some(callee) => format!("{name} code calling {callee}"),
        None => format!("{what} pasted from code"),
    };
    if let Some((d, _)) = cx
        .lints
        .iter_mut()
        .find(|(d, _)| d.code == Code::JSON_SYNTAX)
    {
        d.also(span, format!("not {name} either: {problem}"));
        d.help(format!(
            "this looks like {what}, but the body must be JSON, and b24lint cannot convert it: {problem}"
        ));
    }
}
