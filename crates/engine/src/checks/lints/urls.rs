//! Lints on URLs (the four endpoints, and a logo given as a URL). The server stores any string;
//! the BI Builder later calls these addresses from the portal.
//!
//! - `url-invalid`: not an absolute http(s) URL that the `url` crate (as browsers and most
//!   HTTP clients) and PHP-style parsing read the same way;
//! - `url-cleartext`: `http://`;
//! - `url-credentials`: `user:password@` in the URL;
//! - `url-private-host`: a host a cloud portal cannot reach.

use crate::checks::{Cx, Decorate, Request};
use crate::json::{Node, Value};
use crate::spec::fields::ENDPOINTS;
use crate::spec::Message;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub fn check_endpoints(cx: &mut Cx, req: &Request<'_>) {
    for name in ENDPOINTS {
        let Some(e) = req.entry(name) else { continue };
        check_url(cx, req, name, e.value);
    }
}

/// All URL lints for one string value; `name` is the field it belongs to.
pub fn check_url(cx: &mut Cx, req: &Request<'_>, name: &str, node: &Node) {
    let Value::String(s) = &node.value else {
        return;
    };
    if s.is_empty() {
        return; // the server itself refuses it (BX_EMPTY_REQUIRED)
    }
    // Most URLs are fine: their pointer is made only for a finding.
    let ptr = || req.pointer_to(name);
    let url = match parse(s) {
        Err(p) => {
            let span = match p.at.clone() {
                Some(r) => node.substring_span(req.text, r),
                None => node.span,
            };
            cx.lint(p.message(name), span, ptr())
                .label(p.label)
                .help(p.help);
            return;
        }
        Ok(url) => url,
    };
    if url.scheme() == "http" {
        cx.lint(
            Message::UrlCleartext { field: name },
            node.substring_span(req.text, 0..4),
            ptr(),
        )
        .label("not encrypted")
        .help(if name == "logo" {
            "use https://: a portal served over HTTPS blocks or warns about images loaded over http"
        } else {
            "use https://: the portal sends the connection's settings (often credentials) to this URL"
        });
    }
    if !url.username().is_empty() || url.password().is_some() {
        let start = s.find("//").map_or(0, |i| i + 2);
        let end = start + s[start..].find('@').unwrap_or(0);
        cx.lint(
            Message::UrlCredentials { field: name },
            node.substring_span(req.text, start..end),
            ptr(),
        )
        .label("user:password")
        .help("remove them: the definition is stored and shown to every administrator; pass secrets as connection settings instead");
    }
    if let Some(unreachable) = private_host(&url) {
        let span = raw_host_range(s).map_or(node.span, |r| node.substring_span(req.text, r));
        let field = name;
        let message = match &unreachable {
            Unreachable::Localhost(host) => Message::UrlLocalhost { field, host },
            Unreachable::LocalName(suffix) => Message::UrlLocalName { field, suffix },
            Unreachable::Address(kind, address) => Message::UrlPrivateAddress {
                field,
                kind,
                address,
            },
        };
        cx.lint(message, span, ptr())
            .label("not reachable from the internet")
            .help("use a public address; a local host only works with an on-premise portal in the same network");
    }
}

/// Where the host is written in `scheme://[userinfo@]host[:port]…`.
fn raw_host_range(s: &str) -> Option<std::ops::Range<usize>> {
    let start = s.find("//")? + 2;
    let end = start + s[start..].find(['/', '?', '#']).unwrap_or(s.len() - start);
    let host_start = start + s[start..end].rfind('@').map_or(0, |i| i + 1);
    let hostport = &s[host_start..end];
    let host_len = if hostport.starts_with('[') {
        hostport.find(']').map_or(hostport.len(), |i| i + 1)
    } else {
        hostport.rfind(':').unwrap_or(hostport.len())
    };
    Some(host_start..host_start + host_len)
}

/// A host a cloud portal cannot reach.
enum Unreachable {
    /// `localhost` or a name under it, lower-cased.
    Localhost(String),
    /// A name under a suffix of local networks (`.local`, `.lan`, …).
    LocalName(&'static str),
    /// A loopback, private, link-local… address, by the kind of address it is.
    Address(&'static str, IpAddr),
}

/// Why a host is unreachable from the cloud, if it is.
fn private_host(url: &url::Url) -> Option<Unreachable> {
    match url.host()? {
        url::Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            if d == "localhost" || d.ends_with(".localhost") {
                return Some(Unreachable::Localhost(d));
            }
            [".local", ".internal", ".lan", ".home.arpa"]
                .into_iter()
                .find(|suffix| d.ends_with(suffix))
                .map(Unreachable::LocalName)
        }
        url::Host::Ipv4(ip) => ipv4_kind(ip).map(|k| Unreachable::Address(k, IpAddr::V4(ip))),
        url::Host::Ipv6(ip) => ipv6_kind(ip).map(|k| Unreachable::Address(k, IpAddr::V6(ip))),
    }
}

fn ipv4_kind(ip: Ipv4Addr) -> Option<&'static str> {
    if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_private() {
        Some("private")
    } else if ip.is_link_local() {
        Some("link-local")
    } else if ip.is_unspecified() {
        Some("unspecified")
    } else if ip.octets()[0] == 100 && (ip.octets()[1] & 0xC0) == 64 {
        Some("carrier-grade NAT")
    } else {
        None
    }
}

fn ipv6_kind(ip: Ipv6Addr) -> Option<&'static str> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return ipv4_kind(v4);
    }
    let first = ip.segments()[0];
    if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_unspecified() {
        Some("unspecified")
    } else if first & 0xFE00 == 0xFC00 {
        Some("unique-local")
    } else if first & 0xFFC0 == 0xFE80 {
        Some("link-local")
    } else {
        None
    }
}

/// Whether an address literal is one a cloud portal cannot reach.
#[cfg(test)]
fn is_private_ip(ip: std::net::IpAddr) -> bool {
    match ip {
        std::net::IpAddr::V4(v4) => ipv4_kind(v4).is_some(),
        std::net::IpAddr::V6(v6) => ipv6_kind(v6).is_some(),
    }
}

pub struct Problem {
    invalid: Invalid,
    label: String,
    help: String,
    /// Byte range inside the decoded string, when the problem has a precise place.
    at: Option<std::ops::Range<usize>>,
}

/// What is wrong with a URL, with the parts of it the message quotes.
enum Invalid {
    StartsWithControl(char),
    EndsWithControl(char),
    ContainsControl(char),
    Backslash,
    NotAbsolute,
    Scheme(String),
    NoSlashes(String),
    NoHost,
    Unparsable(url::ParseError),
    AmbiguousHost { written: String, read: String },
}

impl Problem {
    /// The message for the URL of the field `field`.
    fn message<'p>(&'p self, field: &'p str) -> Message<'p> {
        match &self.invalid {
            Invalid::StartsWithControl(c) => Message::UrlStartsWithControl {
                field,
                codepoint: *c as u32,
            },
            Invalid::EndsWithControl(c) => Message::UrlEndsWithControl {
                field,
                codepoint: *c as u32,
            },
            Invalid::ContainsControl(c) => Message::UrlContainsControl {
                field,
                codepoint: *c as u32,
            },
            Invalid::Backslash => Message::UrlBackslash { field },
            Invalid::NotAbsolute => Message::UrlNotAbsolute { field },
            Invalid::Scheme(scheme) => Message::UrlScheme { field, scheme },
            Invalid::NoSlashes(scheme) => Message::UrlNoSlashes { field, scheme },
            Invalid::NoHost => Message::UrlNoHost { field },
            Invalid::Unparsable(error) => Message::UrlUnparsable { field, error },
            Invalid::AmbiguousHost { written, read } => Message::UrlAmbiguousHost {
                field,
                written,
                read,
            },
        }
    }
}

/// Parses an absolute http(s) URL, or says what is wrong with it.
pub fn parse(s: &str) -> Result<url::Url, Problem> {
    let p = |invalid: Invalid, label: &str, help: &str, at: Option<std::ops::Range<usize>>| {
        Err(Problem {
            invalid,
            label: label.to_string(),
            help: help.to_string(),
            at,
        })
    };
    if let Some((i, c)) = s
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || c.is_control())
    {
        let invalid = if i == 0 {
            Invalid::StartsWithControl(c)
        } else if i + c.len_utf8() == s.len() {
            Invalid::EndsWithControl(c)
        } else {
            Invalid::ContainsControl(c)
        };
        return p(
            invalid,
            "here",
            "remove it: URL parsers silently strip or re-encode it, PHP keeps it, so the two disagree on the address",
            Some(i..i + c.len_utf8()),
        );
    }
    if let Some(i) = s.find('\\') {
        return p(
            Invalid::Backslash,
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
            Invalid::NotAbsolute,
            "no scheme",
            "write the full address, e.g. https://example.com/bi/check",
            None,
        );
    };
    let scheme = s[..scheme_end].to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return p(
            Invalid::Scheme(scheme),
            "scheme",
            "the BI Builder calls endpoints over HTTP: use https://",
            Some(0..scheme_end),
        );
    }
    let rest = &s[scheme_end + 1..];
    let Some(after) = rest.strip_prefix("//") else {
        return p(
            Invalid::NoSlashes(scheme),
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
            Invalid::NoHost,
            "no host",
            "write scheme://host/…",
            Some(0..s.len()),
        );
    }
    let url = match url::Url::parse(s) {
        Ok(u) => u,
        Err(e) => {
            return p(
                Invalid::Unparsable(e),
                "invalid",
                "write a full address such as https://example.com/bi/check",
                None,
            )
        }
    };
    let parsed_host = url.host_str().unwrap_or_default();
    // An IPv6 literal is the same address however it is written; compare the addresses.
    let same_ipv6 = match (
        raw_host.strip_prefix('[').and_then(|h| h.strip_suffix(']')),
        url.host(),
    ) {
        (Some(raw), Some(url::Host::Ipv6(parsed))) => raw.parse::<Ipv6Addr>().ok() == Some(parsed),
        _ => false,
    };
    if raw_host.is_ascii() && !same_ipv6 && !raw_host.eq_ignore_ascii_case(parsed_host) {
        return p(
            Invalid::AmbiguousHost {
                written: raw_host.to_string(),
                read: parsed_host.to_string(),
            },
            "ambiguous host",
            "write the host in its canonical form; PHP and the BI Builder's HTTP client would not agree on it",
            Some(host_start..host_start + raw_host.len()),
        );
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn problem(s: &str) -> Option<super::Problem> {
        parse(s).err()
    }

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
    fn private_addresses() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "100.64.0.1",
        ] {
            assert!(super::is_private_ip(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "172.32.0.1", "2001:db8::1", "100.128.0.1"] {
            assert!(!super::is_private_ip(ip.parse().unwrap()), "{ip}");
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
            let message = p.message("url").text();
            assert!(message.contains(needle), "{bad}: {message}");
        }
    }
}
