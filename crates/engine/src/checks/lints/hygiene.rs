//! JSON hygiene: duplicate keys anywhere in the document, and titles or descriptions with
//! stray whitespace.

use crate::checks::{Cx, Decorate, Request};
use crate::json::{Node, Value};
use crate::php::{self, PhpKey};
use crate::pointer;
use crate::spec::Message;
use std::collections::HashMap;

/// Titles and descriptions of any family.
pub fn text(cx: &mut Cx, req: &Request<'_>) {
    for name in ["title", "description"] {
        let Some(e) = req.entry(name) else { continue };
        let Value::String(s) = &e.value.value else {
            continue;
        };
        // An empty title is the server's BX_EMPTY_REQUIRED; an empty description is a clear
        // "none".
        if s.is_empty() {
            continue;
        }
        let trimmed = s.trim();
        let (message, label) = if trimmed.is_empty() {
            (Message::TextBlank { field: name }, "only whitespace")
        } else if trimmed.len() == s.len() {
            continue;
        } else if s.starts_with(char::is_whitespace) {
            (
                Message::TextLeadingWhitespace { field: name },
                "leading whitespace",
            )
        } else {
            (
                Message::TextTrailingWhitespace { field: name },
                "trailing whitespace",
            )
        };
        cx.lint(message, e.value.span, req.pointer_to(name))
            .label(label)
            .help(if trimmed.is_empty() {
                format!("write a real {name}: the portal shows it as is")
            } else {
                format!("trim it to \"{}\"", trimmed.escape_debug())
            });
    }
}

/// Every repeated key, in every object of the document. The portal keeps the first position
/// and the last value.
pub fn duplicate_keys(cx: &mut Cx, root: &Node) {
    let mut stack: Vec<(&Node, String)> = vec![(root, String::new())];
    while let Some((node, ptr)) = stack.pop() {
        match &node.value {
            Value::Object(members) => {
                let keys: Vec<PhpKey<'_>> =
                    members.iter().map(|m| php::array_key(&m.key)).collect();
                // Most objects are small: compare pairwise; large ones go through a map.
                let first_of = |i: usize| -> usize {
                    keys[..i].iter().position(|k| *k == keys[i]).unwrap_or(i)
                };
                // First and last occurrence of each key.
                let map: Option<HashMap<PhpKey<'_>, (usize, usize)>> =
                    (keys.len() > 16).then(|| {
                        let mut m = HashMap::with_capacity(keys.len());
                        for (i, k) in keys.iter().enumerate() {
                            m.entry(*k).or_insert((i, i)).1 = i;
                        }
                        m
                    });
                for (i, m) in members.iter().enumerate() {
                    let (f, winner) = match &map {
                        Some(map) => {
                            let (first, last) = map[&keys[i]];
                            (first, last == i)
                        }
                        None => (first_of(i), !keys[i + 1..].contains(&keys[i])),
                    };
                    if f != i {
                        cx.lint(
                            Message::DuplicateKey {
                                key: &m.key.escape_debug().to_string(),
                            },
                            m.key_span,
                            pointer::push(&ptr, &m.key),
                        )
                        .label(if winner { "this value wins" } else { "this value is lost" })
                        .also(members[f].key_span, "first occurrence: its position is kept")
                        .help("remove the extra occurrence: the portal keeps the last value at the first key's position, other JSON readers may keep the first");
                    }
                    if m.value.is_array() {
                        stack.push((&m.value, pointer::push(&ptr, &m.key)));
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate().filter(|(_, n)| n.is_array()) {
                    stack.push((item, pointer::push(&ptr, &i.to_string())));
                }
            }
            _ => {}
        }
    }
}
