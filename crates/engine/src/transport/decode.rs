//! How PHP turns a form body into arrays: the POST reader's count of variables, then
//! `php_register_variable_ex` for each name (brackets, `[]`, integer-like keys, the nesting
//! limit), as in PHP 8.2's `main/php_variables.c`. Names are C strings there: a NUL byte ends
//! one.

use super::{Place, Segment, Var};
use crate::json::keys::{array_key, PhpKey};
use crate::json::{Member, Node, Value};
use crate::span::Span;

/// PHP's default `max_input_vars`.
pub const MAX_INPUT_VARS: usize = 1000;
/// PHP's default `max_input_nesting_level`.
pub const MAX_INPUT_NESTING: usize = 64;

/// Which of PHP's two readers of form text: the one that fills `$_POST` from a request body
/// (what the portal uses), or `parse_str`. They differ only at `max_input_vars`: the POST
/// reader counts empty pieces (`a=1&&b=2`) and stops after the 1001st, `parse_str` skips
/// empty pieces and keeps 1000.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Post,
    ParseStr,
}

/// What PHP made of a form body, and what it threw away.
#[derive(Debug)]
pub struct Decoded {
    pub root: Node,
    /// What the limits took out: the variables past `max_input_vars`, and those nested deeper
    /// than `max_input_nesting_level` (each removed the whole top-level variable it belongs
    /// to, as it stood then).
    pub limits: super::Limits,
}

/// A variable nested deeper than `max_input_nesting_level`.
#[derive(Debug, Clone)]
pub struct TooDeep {
    /// The variable itself.
    pub span: Span,
    /// The top-level parameter PHP removed for it, and where its name is.
    pub name: String,
    pub name_span: Span,
}

/// An array as PHP builds it: entries in insertion order and the next free integer key.
#[derive(Debug)]
struct Arr {
    entries: Vec<(Key, Place, Slot)>,
    /// `None` while no integer key was stored (PHP's `ZEND_LONG_MIN`).
    next_free: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    Int(i64),
    Str(Vec<u8>),
}

#[derive(Debug)]
enum Slot {
    Leaf(Vec<u8>, Span),
    Arr(Arr),
}

impl Arr {
    fn new() -> Self {
        Arr {
            entries: Vec::new(),
            next_free: None,
        }
    }

    fn position(&self, key: &Key) -> Option<usize> {
        self.entries.iter().position(|(k, _, _)| k == key)
    }

    fn note_int(&mut self, key: &Key) {
        if let Key::Int(h) = key {
            if self.next_free.is_none_or(|n| *h >= n) {
                self.next_free = Some(h.saturating_add(1));
            }
        }
    }

    /// `zend_hash_next_index_insert`: fails when the next key is taken (after `i64::MAX`).
    fn push(&mut self, place: Place, slot: Slot) -> Option<usize> {
        let key = Key::Int(self.next_free.unwrap_or(0));
        if self.position(&key).is_some() {
            return None;
        }
        self.note_int(&key);
        self.entries.push((key, place, slot));
        Some(self.entries.len() - 1)
    }

    /// `zend_symtable_update`: a key already there keeps its position and takes the value.
    fn update(&mut self, key: Key, place: Place, slot: Slot) -> usize {
        match self.position(&key) {
            Some(i) => {
                self.entries[i].2 = slot;
                i
            }
            None => {
                self.note_int(&key);
                self.entries.push((key, place, slot));
                self.entries.len() - 1
            }
        }
    }

    /// The array under `key`, made (or made out of a string) when needed.
    fn child(&mut self, key: Option<Key>, place: Place) -> Option<&mut Arr> {
        let i = match key {
            None => self.push(place, Slot::Arr(Arr::new()))?,
            Some(key) => match self.position(&key) {
                Some(i) => {
                    if !matches!(self.entries[i].2, Slot::Arr(_)) {
                        self.entries[i].2 = Slot::Arr(Arr::new());
                    }
                    i
                }
                None => self.update(key, place, Slot::Arr(Arr::new())),
            },
        };
        match &mut self.entries[i].2 {
            Slot::Arr(a) => Some(a),
            Slot::Leaf(..) => None,
        }
    }

    fn remove(&mut self, key: &Key) {
        if let Some(i) = self.position(key) {
            self.entries.remove(i);
        }
    }
}

/// C's `isspace` in the "C" locale PHP runs in.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// A symbol-table key: canonical decimal integers become integer keys.
fn key_of(bytes: &[u8]) -> Key {
    match std::str::from_utf8(bytes).map(array_key) {
        Ok(PhpKey::Int(i)) => Key::Int(i),
        _ => Key::Str(bytes.to_vec()),
    }
}

/// Reads the pieces of a body in order, as `reader` does.
pub fn decode(segments: &[Segment], reader: Reader, root_span: Span) -> Decoded {
    let mut root = Arr::new();
    let mut dropped = None;
    let mut too_deep = Vec::new();
    let mut count = 0;
    for (i, segment) in segments.iter().enumerate() {
        if reader == Reader::ParseStr {
            if matches!(segment, Segment::Empty(_)) {
                continue;
            }
            count += 1;
            if count > MAX_INPUT_VARS {
                dropped = Some((segment.span(), rest_count(&segments[i..])));
                break;
            }
        }
        if let Segment::Var(var) = segment {
            if let Some(name) = register(&mut root, var) {
                too_deep.push(TooDeep {
                    span: var.span,
                    name,
                    name_span: var.levels.first().map_or(var.span, |p| p.key),
                });
            }
        }
        if reader == Reader::Post {
            count += 1;
            if count > MAX_INPUT_VARS {
                if let Some(next) = segments.get(i + 1) {
                    dropped = Some((next.span(), rest_count(&segments[i + 1..])));
                }
                break;
            }
        }
    }
    Decoded {
        root: to_node(root, root_span),
        limits: super::Limits { dropped, too_deep },
    }
}

/// How many variables (not empty pieces) a dropped tail holds.
fn rest_count(rest: &[Segment]) -> usize {
    rest.iter().filter(|s| matches!(s, Segment::Var(_))).count()
}

/// `php_register_variable_ex` for one variable. Returns the top-level name it removed when the
/// name is nested too deep.
fn register(root: &mut Arr, var: &Var) -> Option<String> {
    // A C string: a NUL ends the name. Leading spaces are skipped.
    let end = var
        .name
        .iter()
        .position(|&b| b == 0)
        .unwrap_or(var.name.len());
    let mut name = var.name[..end].to_vec();
    let skip = name.iter().take_while(|&&b| b == b' ').count();
    name.drain(..skip);
    let mut p = 0;
    let mut is_array = false;
    while p < name.len() {
        match name[p] {
            b' ' | b'.' => name[p] = b'_',
            b'[' => {
                is_array = true;
                break;
            }
            _ => {}
        }
        p += 1;
    }
    let var_len = p;
    if var_len == 0 {
        return None;
    }
    let place = |level: usize| -> Place {
        var.levels
            .get(level)
            .or(var.levels.last())
            .copied()
            .unwrap_or(Place {
                key: var.value_span,
                node: var.value_span,
            })
    };
    let leaf = || Slot::Leaf(var.value.clone(), var.value_span);
    let top = name[..var_len].to_vec();
    if !is_array {
        root.update(key_of(&top), place(0), leaf());
        return None;
    }
    // `index`: the key the next array or the value goes under (`None` for `[]`).
    let mut index: Option<Vec<u8>> = Some(top.clone());
    let mut cur: &mut Arr = root;
    let mut ip = p; // at a '['
    let mut level = 0;
    let mut nest = 0;
    let mut too_deep = false;
    loop {
        nest += 1;
        if nest > MAX_INPUT_NESTING {
            too_deep = true;
            break;
        }
        ip += 1;
        let index_s = ip;
        // PHP steps over one whitespace byte (C's `isspace`) before it looks for the `]`, so
        // `[ ]` and `[\n]` append as `[]` does; a longer key keeps its space (`[ x]`).
        let space = usize::from(name.get(ip).is_some_and(|&b| is_c_space(b)));
        let new_index = if name.get(ip + space) == Some(&b']') {
            ip += space;
            None
        } else {
            match name[ip..].iter().position(|&b| b == b']') {
                Some(close) => {
                    ip += close;
                    Some(name[index_s..ip].to_vec())
                }
                None => {
                    // Not an index. At the first bracket the name runs on, with ' ', '.' and
                    // '[' made '_'; deeper, the rest is ignored.
                    if level == 0 {
                        let mut whole = top.clone();
                        whole.push(b'_');
                        whole.extend(name[index_s..].iter().map(|&b| match b {
                            b' ' | b'.' | b'[' => b'_',
                            b => b,
                        }));
                        index = Some(whole);
                    }
                    break;
                }
            }
        };
        let Some(next) = cur.child(index.as_deref().map(key_of), place(level)) else {
            return None; // no next integer key: PHP drops the value
        };
        cur = next;
        level += 1;
        index = new_index;
        ip += 1;
        if name.get(ip) != Some(&b'[') {
            break;
        }
    }
    if too_deep {
        // PHP removes the whole top-level variable, whatever it held before.
        root.remove(&key_of(&top));
        return Some(String::from_utf8_lossy(&top).into_owned());
    }
    match index {
        None => {
            cur.push(place(level), leaf());
        }
        Some(index) => {
            cur.update(key_of(&index), place(level), leaf());
        }
    }
    None
}

/// A decoded array as the checks read documents: an object, or a list when its keys are
/// 0, 1, 2, … in order (PHP cannot tell the two apart; the checks' lints can).
fn to_node(arr: Arr, span: Span) -> Node {
    let is_list = !arr.entries.is_empty()
        && arr
            .entries
            .iter()
            .enumerate()
            .all(|(i, (k, _, _))| *k == Key::Int(i as i64));
    let value = |slot: Slot, place: Place| match slot {
        Slot::Leaf(bytes, span) => Node {
            span,
            value: Value::String(String::from_utf8_lossy(&bytes).into_owned()),
        },
        Slot::Arr(a) => to_node(a, place.node),
    };
    let value = if is_list {
        Value::Array(
            arr.entries
                .into_iter()
                .map(|(_, place, slot)| value(slot, place))
                .collect(),
        )
    } else {
        Value::Object(
            arr.entries
                .into_iter()
                .map(|(key, place, slot)| Member {
                    key: match key {
                        Key::Int(i) => i.to_string(),
                        Key::Str(s) => String::from_utf8_lossy(&s).into_owned(),
                    },
                    key_span: place.key,
                    value: value(slot, place),
                })
                .collect(),
        )
    };
    Node { span, value }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::form;

    #[test]
    fn one_space_between_brackets_appends() {
        // PHP 8.2 reads a[0], a[1], a[" x"], a["  "], b[0] and c["\xA0"].
        let decoded = decode(
            &form::segments(b"a[ ]=1&a[%09]=2&a[ x]=3&a[  ]=5&b[%0A]=4&c[%A0]=6"),
            Reader::Post,
            Span::new(0, 0),
        );
        let Value::Object(top) = &decoded.root.value else {
            panic!("an object: {:?}", decoded.root);
        };
        let keys = |node: &Node| match &node.value {
            Value::Object(m) => m.iter().map(|m| m.key.clone()).collect::<Vec<_>>(),
            Value::Array(items) => (0..items.len()).map(|i| i.to_string()).collect(),
            _ => Vec::new(),
        };
        assert_eq!(keys(&top[0].value), ["0", "1", " x", "  "]);
        assert!(matches!(top[1].value.value, Value::Array(_)));
        // A non-breaking space is no C whitespace.
        assert_eq!(keys(&top[2].value), ["\u{FFFD}"]);
    }
}
