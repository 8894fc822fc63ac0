//! The parsed document: every key and value keeps its byte range; duplicate keys are all kept.

use crate::php::{self, PhpKey};
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
    pub raw: String,
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
    /// JSON Pointer token of the entry that supplied the value (the last duplicate).
    pub index: usize,
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
                        index: i,
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

    /// The opening brace or bracket of an array value, or the whole value for a scalar.
    pub fn opening(&self) -> Span {
        if self.is_array() {
            Span::at(self.span.start)
        } else {
            self.span
        }
    }
}

fn merge_members(members: &[Member]) -> Vec<Entry<'_>> {
    let mut out: Vec<Entry<'_>> = Vec::with_capacity(members.len());
    // Small objects (the common case) are merged by a linear scan; large ones by a map.
    let mut by_key: Option<std::collections::HashMap<PhpKey<'_>, usize>> =
        (members.len() > 16).then(std::collections::HashMap::new);
    for (i, m) in members.iter().enumerate() {
        let key = php::array_key(&m.key);
        let existing = match &mut by_key {
            Some(map) => map.get(&key).copied(),
            None => out.iter().position(|e| e.key == key),
        };
        match existing {
            Some(pos) => {
                out[pos].value = &m.value;
                out[pos].index = i;
            }
            None => {
                if let Some(map) = &mut by_key {
                    map.insert(key, out.len());
                }
                out.push(Entry {
                    key,
                    key_span: Some(m.key_span),
                    value: &m.value,
                    index: i,
                });
            }
        }
    }
    out
}
