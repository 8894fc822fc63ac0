//! The parsed document: every key and value keeps its byte range; duplicate keys are all kept.

use super::keys::{self, PhpKey};
use crate::span::Span;

/// A value with the byte range of its token (strings include their quotes).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Node>),
    /// Members in document order, duplicates included.
    Object(Vec<Member>),
}

/// A JSON number as PHP decodes it: an integer when it is written without fraction or exponent
/// and fits 64 bits, a float otherwise (so `1e999` is infinite).
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub int: Option<i64>,
    pub float: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

/// One entry of an object or list as PHP sees it after decoding into an array: the key, the span
/// of its first occurrence, and the value of its last occurrence.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub key: PhpKey<'a>,
    /// Span of the key's first occurrence; `None` for list elements.
    pub key_span: Option<Span>,
    pub value: &'a Node,
}

impl Node {
    /// True for JSON objects and lists: both decode to PHP arrays.
    pub fn is_array(&self) -> bool {
        matches!(self.value, Value::Array(_) | Value::Object(_))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The entries of an object or list in PHP array order: a repeated key keeps its first
    /// position and takes its last value. `None` for scalars.
    pub fn entries(&self) -> Option<Vec<Entry<'_>>> {
        match &self.value {
            Value::Array(items) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, value)| Entry {
                        key: PhpKey::Int(i as i64),
                        key_span: None,
                        value,
                    })
                    .collect(),
            ),
            Value::Object(members) => Some(merge_members(members)),
            _ => None,
        }
    }

    /// The effective value of `key` in an object (last occurrence wins), with its member index.
    pub fn get(&self, key: &str) -> Option<(usize, &Member)> {
        match &self.value {
            Value::Object(members) => members.iter().enumerate().rev().find(|(_, m)| m.key == key),
            _ => None,
        }
    }

    /// The span in `text` of a byte range of this string's decoded value, mapped back through
    /// escapes (so a finding can point at one character of a long string). The whole value for
    /// non-strings.
    pub fn substring_span(&self, text: &[u8], range: std::ops::Range<usize>) -> Span {
        let Value::String(decoded) = &self.value else {
            return self.span;
        };
        if self.span.len() < 2 {
            return self.span;
        }
        let base = self.span.start + 1;
        // Without escapes the token is the value between quotes.
        if self.span.len() == decoded.len() + 2 {
            let end = range.end.min(decoded.len());
            return Span::new(base + range.start.min(end), base + end);
        }
        let raw = &text[base..self.span.end - 1];
        let (mut i, mut decoded) = (0, 0);
        let mut start = None;
        loop {
            if start.is_none() && decoded >= range.start {
                start = Some(i);
            }
            if decoded >= range.end || i >= raw.len() {
                break;
            }
            let (raw_len, decoded_len) = escape_lengths(raw, i);
            i += raw_len;
            decoded += decoded_len;
        }
        let start = start.unwrap_or(i);
        Span::new(base + start, base + i.max(start))
    }

    /// The token as written in `text` (a number's digits, a string with its quotes).
    pub fn raw<'t>(&self, text: &'t [u8]) -> &'t str {
        text.get(self.span.start..self.span.end)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }

    /// The opening brace or bracket of an array value, or the whole value for a scalar.
    pub fn opening(&self) -> Span {
        if self.is_array() && !self.span.is_empty() {
            Span::at(self.span.start)
        } else {
            self.span
        }
    }
}

fn merge_members(members: &[Member]) -> Vec<Entry<'_>> {
    let keys: Vec<PhpKey<'_>> = members.iter().map(|m| keys::array_key(&m.key)).collect();
    keys::merge_assignments(&keys)
        .into_iter()
        .map(|(first, last)| Entry {
            key: keys[first],
            key_span: Some(members[first].key_span),
            value: &members[last].value,
        })
        .collect()
}

/// Raw and decoded byte lengths of the (escaped or plain) unit at `i` of a string token's
/// content. The token is known to be valid JSON.
fn escape_lengths(raw: &[u8], i: usize) -> (usize, usize) {
    if raw[i] != b'\\' {
        return (1, 1);
    }
    if raw.get(i + 1) != Some(&b'u') {
        return (2, 1);
    }
    let hex = |at: usize| {
        raw.get(at..at + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    let unit = hex(i + 2);
    if (0xD800..0xDC00).contains(&unit) && raw.get(i + 6..i + 8) == Some(b"\\u") {
        return (12, 4);
    }
    let len = char::from_u32(unit).map_or(3, char::len_utf8);
    (6, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substrings_map_through_escapes() {
        let text = br#"["a\n\u00e9b\ud83d\ude00c"]"#;
        let doc = crate::json::parse(text).unwrap().root;
        let Value::Array(items) = &doc.value else {
            panic!()
        };
        let s = &items[0];
        // decoded: a \n é(2 bytes) b 😀(4 bytes) c
        let at = |r: std::ops::Range<usize>| {
            let sp = s.substring_span(text, r);
            std::str::from_utf8(&text[sp.start..sp.end])
                .unwrap()
                .to_string()
        };
        assert_eq!(at(0..1), "a");
        assert_eq!(at(1..2), "\\n");
        assert_eq!(at(2..4), "\\u00e9");
        assert_eq!(at(4..5), "b");
        assert_eq!(at(5..9), "\\ud83d\\ude00");
        assert_eq!(at(9..10), "c");
    }
}
