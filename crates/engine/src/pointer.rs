//! JSON Pointers (RFC 6901) naming where a finding sits in the checked document.

/// Appends one reference token to a pointer, escaping `~` and `/`.
pub fn push(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// One reference token as the key it names: `~1` is `/`, `~0` is `~` (in that order, so
/// `~01` is `~1`).
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::push("/fields", "a/b~c"), "/fields/a~1b~0c");
        assert_eq!(super::push("", "settings"), "/settings");
    }

    #[test]
    fn unescapes_what_push_escaped() {
        for key in ["a/b~c", "~01", "~1", "plain", ""] {
            let pointer = super::push("", key);
            assert_eq!(super::unescape(&pointer[1..]), key);
        }
    }
}
