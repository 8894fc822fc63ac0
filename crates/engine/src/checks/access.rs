//! The access checks every method runs first (spec §2.2): the permissions, which b24lint
//! cannot see and assumes, then the application context, which an incoming webhook lacks.

use super::{Cx, Decorate, Reach};
use crate::json::Node;
use crate::spec::methods::{Method, Op};
use crate::spec::{Code, Target};
use crate::Caller;

/// Where the caller shows in the file: an envelope's `url`, or the start of the body.
pub struct CallerAt<'a> {
    pub caller: Caller,
    /// The envelope's `url`, when it has one.
    pub url: Option<&'a Node>,
}

impl<'a> CallerAt<'a> {
    /// The run's caller, for a body that says nothing of where it goes.
    pub fn given(caller: Caller) -> Self {
        CallerAt { caller, url: None }
    }

    /// The caller an envelope's `url` shows: a webhook's address makes a webhook call,
    /// whatever the run says; any other leaves the run's caller.
    pub fn of(caller: Caller, url: Option<&'a Node>) -> Self {
        let webhook = url.and_then(Node::as_str).is_some_and(is_webhook_url);
        CallerAt {
            caller: if webhook { Caller::Webhook } else { caller },
            url,
        }
    }
}

/// Whether a URL's path is an incoming webhook's: `/rest/<user id>/<secret>/<method>`. An
/// application calls `/rest/<method>`, so two parts between `rest` and the method make a
/// webhook, whatever they hold (the docs write `**put_your_user_id_here**`).
pub fn is_webhook_url(url: &str) -> bool {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |i| &path[i..]);
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut parts = path.split('/').skip(1);
    parts.next() == Some("rest")
        && parts.next().is_some_and(|u| !u.is_empty())
        && parts.next().is_some_and(|s| !s.is_empty())
        && parts.next().is_some_and(|m| !m.is_empty())
}

/// The application-context check: from 25.550 a webhook is refused by every method but the
/// `*.fields` ones, which check the permissions only.
pub fn check(cx: &mut Cx, who: &CallerAt<'_>, root: &Node, method: Method) {
    if who.caller != Caller::Webhook || method.op() == Op::Fields {
        return;
    }
    if !cx.target.has(Target::V25_550) {
        cx.assume(format!(
            "On 25.300 a webhook call is not refused: it runs with no application id{}.",
            match method.op() {
                Op::Add if method.family() == crate::spec::methods::Family::Connector =>
                    ", which the database layer refuses (APP_ID)",
                Op::List => ", which the list query cannot take (HTTP 500)",
                _ => "; what that does further on is not known, and the rest is predicted as for an application",
            }
        ));
        return;
    }
    let (span, pointer) = match who.url {
        Some(url) => (url.span, "/url".to_string()),
        None => (root.opening(), String::new()),
    };
    cx.report(Code::ACCESS_DENIED, span, pointer, &[], Reach::Recorded)
        .label("an incoming webhook has no application")
        .help(format!(
            "since 25.550 {} refuses incoming webhooks (only the *.fields methods take them): call it from the installed application with its OAuth token",
            method.name()
        ));
}

/// 25.300: a list for a webhook filters by a null application id, which the query's typed
/// parameter refuses (HTTP 500) once the list parameters passed.
pub fn list_without_app(cx: &mut Cx, root: &Node) {
    let span = root.opening();
    let node = Node {
        span,
        value: crate::json::Value::Null,
    };
    cx.crash(&node, String::new(), Reach::Recorded)
        .label("no application id")
        .help("on 25.300 a webhook's list runs with no application id and fails (HTTP 500): call it from the installed application");
}

/// 25.300: a webhook's call runs with no application id: the connector's row is written
/// without APP_ID, which is required, and a list cannot be filtered by it.
pub fn no_app_id(cx: &Cx, who: &CallerAt<'_>) -> bool {
    who.caller == Caller::Webhook && !cx.target.has(Target::V25_550)
}

#[cfg(test)]
mod tests {
    use super::is_webhook_url;

    #[test]
    fn webhook_urls_carry_a_user_and_a_secret() {
        assert!(is_webhook_url(
            "https://portal.example/rest/1/secret/biconnector.connector.add"
        ));
        assert!(is_webhook_url(
            "https://portal.example/rest/17/a1b2c3/biconnector.connector.add.json"
        ));
        assert!(!is_webhook_url(
            "https://portal.example/rest/biconnector.connector.add"
        ));
        // Whatever the two parts hold: the docs write placeholders.
        assert!(is_webhook_url(
            "https://**put_your_bitrix24_address**/rest/**put_your_user_id_here**/**put_your_webhook_here**/biconnector.connector.add"
        ));
        // A query is not part of the path.
        assert!(!is_webhook_url(
            "https://portal.example/rest/biconnector.connector.add.json?auth=a/b/c"
        ));
        assert!(!is_webhook_url("https://portal.example/rest/1/secret/"));
        assert!(!is_webhook_url(
            "https://portal.example/api/1/secret/method"
        ));
    }
}
