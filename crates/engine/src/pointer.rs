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

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::push("/fields", "a/b~c"), "/fields/a~1b~0c");
        assert_eq!(super::push("", "settings"), "/settings");
    }
}
