//! Lint `url-invalid` / `url-cleartext`: the server stores any string as an endpoint, but the
//! BI Builder later calls it. An endpoint must be an absolute http(s) URL that the `url` crate
//! (as browsers and most HTTP clients) and PHP-style parsing read the same way.

use super::{Cx, Decorate, Request};
use crate::json::{Node, Value};
use crate::span::Span;
use crate::spec::fields::ENDPOINTS;
use crate::spec::Code;

pub fn check(cx: &mut Cx, req: &Request<'_>) {
    for name in ENDPOINTS {
        let Some(e) = req.entry(name) else { continue };
        let Value::String(s) = &e.value.value else {
            continue;
        };
        if s.is_empty() {
            continue; // the server itself refuses it (BX_EMPTY_REQUIRED)
        }
        let ptr = req.pointer_to(name);
        match problem(s) {
            Some(p) => {
                let span = substring_span(e.value, p.at);
                cx.lint(
                    Code::URL_INVALID,
                    span,
                    ptr,
                    &format!("`{name}` {}", p.message),
                )
                .label(p.label)
                .help(p.help);
            }
            None if s
                .get(..7)
                .is_some_and(|h| h.eq_ignore_ascii_case("http://")) =>
            {
                cx.lint(
                    Code::URL_CLEARTEXT,
                    substring_span(e.value, Some(0..4)),
                    ptr,
                    &format!("`{name}` uses clear-text http://"),
                )
                .label("not encrypted")
                .help("use https://: the portal sends the connection's settings (often credentials) to this URL");
            }
            None => {}
        }
    }
}

struct Problem {
    message: String,
    label: String,
    help: String,
    /// Byte range inside the decoded string, when the problem has a precise place.
    at: Option<std::ops::Range<usize>>,
}

fn problem(s: &str) -> Option<Problem> {
    let p = |message: String, label: &str, help: &str, at: Option<std::ops::Range<usize>>| {
        Some(Problem {
            message,
            label: label.to_string(),
            help: help.to_string(),
            at,
        })
    };
    if let Some((i, c)) = s
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || c.is_control())
    {
        let place = if i == 0 {
            "starts with"
        } else if i + c.len_utf8() == s.len() {
            "ends with"
        } else {
            "contains"
        };
        return p(
            format!("{place} whitespace or a control character (U+{:04X})", c as u32),
            "here",
            "remove it: URL parsers silently strip or re-encode it, PHP keeps it, so the two disagree on the address",
            Some(i..i + c.len_utf8()),
        );
    }
    if let Some(i) = s.find('\\') {
        return p(
            "contains a backslash".to_string(),
            "backslash",
            "write `/`: URL parsers read `\\` as `/`, PHP does not",
            Some(i..i + 1),
        );
    }
    let scheme_end = s.find(':').filter(|&i| {
        let b = s.as_bytes();
        i > 0
            && b[0].is_ascii_alphabetic()
            && b[..i]
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
    });
    let Some(scheme_end) = scheme_end else {
        return p(
            "is not an absolute URL".to_string(),
            "no scheme",
            "write the full address, e.g. https://example.com/bi/check",
            None,
        );
    };
    let scheme = s[..scheme_end].to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return p(
            format!("uses the scheme `{scheme}`, not http(s)"),
            "scheme",
            "the BI Builder calls endpoints over HTTP: use https://",
            Some(0..scheme_end),
        );
    }
    let rest = &s[scheme_end + 1..];
    let Some(after) = rest.strip_prefix("//") else {
        return p(
            format!("has no `//` after `{scheme}:`"),
            "`//` missing",
            "write scheme://host/…: URL parsers repair this, PHP's parse_url sees no host",
            Some(0..scheme_end + 1),
        );
    };
    let authority_len = after.find(['/', '?', '#']).unwrap_or(after.len());
    let authority = &after[..authority_len];
    let host_start = scheme_end + 3 + authority.rfind('@').map_or(0, |i| i + 1);
    let hostport = &s[host_start..scheme_end + 3 + authority_len];
    let raw_host = if hostport.starts_with('[') {
        hostport.find(']').map_or(hostport, |i| &hostport[..=i])
    } else {
        hostport.rsplit_once(':').map_or(hostport, |(h, _)| h)
    };
    if raw_host.is_empty() {
        return p(
            "has no host".to_string(),
            "no host",
            "write scheme://host/…",
            Some(0..s.len()),
        );
    }
    let url = match url::Url::parse(s) {
        Ok(u) => u,
        Err(e) => {
            return p(
                format!("is not a valid URL ({e})"),
                "invalid",
                "write a full address such as https://example.com/bi/check",
                None,
            )
        }
    };
    let parsed_host = url.host_str().unwrap_or_default();
    if raw_host.is_ascii() && !raw_host.eq_ignore_ascii_case(parsed_host) {
        return p(
            format!("has the host `{raw_host}`, which URL parsers read as `{parsed_host}`"),
            "ambiguous host",
            "write the host in its canonical form; PHP and the BI Builder's HTTP client would not agree on it",
            Some(host_start..host_start + raw_host.len()),
        );
    }
    None
}

/// The span of a byte range of a string value, when the token has no escapes (so decoded and
/// raw offsets agree); the whole value otherwise.
fn substring_span(node: &Node, at: Option<std::ops::Range<usize>>) -> Span {
    let Value::String(s) = &node.value else {
        return node.span;
    };
    match at {
        Some(r) if node.span.len() == s.len() + 2 && r.end <= s.len() => {
            Span::new(node.span.start + 1 + r.start, node.span.start + 1 + r.end)
        }
        _ => node.span,
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn good_urls_pass() {
        for ok in [
            "https://example.com/bi/check",
            "http://example.com",
            "https://пример.рф/x",
            "https://example.com:8443/a?b=c#d",
            "https://[2001:db8::1]/x",
            "https://user:pw@example.com/",
        ] {
            assert!(problem(ok).is_none(), "{ok}");
        }
    }

    #[test]
    fn repaired_urls_are_flagged() {
        for (bad, needle) in [
            ("https:example.com", "`//`"),
            ("https://example.com\\x", "backslash"),
            (" https://example.com", "starts with"),
            ("https://example.com ", "ends with"),
            ("https://exa\tmple.com", "contains"),
            ("https://127.1/", "127.0.0.1"),
            ("https://0x7f.0.0.1/", "127.0.0.1"),
            ("ftp://example.com", "scheme"),
            ("not a url", "whitespace"),
            ("example.com/x", "absolute"),
            ("https:///x", "no host"),
            ("https://exa mple", "contains"),
            ("https://example.com:99999/", "valid URL"),
        ] {
            let p = problem(bad).unwrap_or_else(|| panic!("{bad} passed"));
            assert!(p.message.contains(needle), "{bad}: {}", p.message);
        }
    }
}
