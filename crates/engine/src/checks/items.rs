//! The settings items as the server sees them after key conversion (spec §2.6, C6): merged
//! where converted keys collide, with `type`, `name` and `code` looked up by converted key.
//! Built once per request; the server checks and the settings lints both read it. An item
//! holds only references, so thousands of items cost little beyond the parsed text.

use super::Request;
use crate::convert::{convert_key, convert_php_key, ConvertedKey};
use crate::json::{Entry, Node, Value};
use crate::php::PhpKey;
use std::rc::Rc;

pub struct Item<'a> {
    /// JSON Pointer of `settings`, shared by all items.
    base: Rc<str>,
    /// The item's raw key in `settings` (its position in a list).
    key: PhpKey<'a>,
    pub node: &'a Node,
    upper: bool,
}

impl<'a> Item<'a> {
    /// JSON Pointer of the item (by its raw key).
    pub fn pointer(&self) -> String {
        crate::pointer::push(&self.base, &self.key.to_string())
    }

    /// The item's own entries, when it is an array (object or list).
    pub fn raw(&self) -> Option<Vec<Entry<'a>>> {
        self.node.entries()
    }

    /// The effective entry whose converted key is the conversion of `key` (`type`, `name`,
    /// `code`, `external_code`): the last member that converts to it, as PHP's array
    /// assignments leave it.
    pub fn get(&self, key: &str) -> Option<Entry<'a>> {
        let Value::Object(members) = &self.node.value else {
            return None; // a list item has integer keys only
        };
        let upper = self.upper;
        let (first, member) = members
            .iter()
            .enumerate()
            .rev()
            .find(|(_, m)| converts_to(&m.key, key, upper))?;
        // The position is that of the first key converting alike.
        let first_span = members[..first]
            .iter()
            .find(|m| converts_to(&m.key, key, upper))
            .map_or(member.key_span, |m| m.key_span);
        Some(Entry {
            key: PhpKey::Str(&member.key),
            key_span: Some(first_span),
            value: &member.value,
        })
    }

    pub fn value(&self, key: &str) -> Option<&'a Node> {
        self.get(key).map(|e| e.value)
    }

    pub fn upper(&self) -> bool {
        self.upper
    }
}

/// Whether the server's conversion of `raw` equals that of the lower-case ASCII name `want`
/// (`type`, `external_code`).
fn converts_to(raw: &str, want: &str, upper: bool) -> bool {
    // Called for every member of every item, several times: the cheap tests come first.
    if !want.as_bytes().contains(&b'_') && raw.is_ascii() {
        // Conversion inserts `_` before any capital after the first character; `want` has no
        // `_`, so only keys with no capital after the first one can match.
        return raw.len() == want.len()
            && !raw.bytes().skip(1).any(|b| b.is_ascii_uppercase())
            && raw.eq_ignore_ascii_case(want);
    }
    convert_key(raw, upper).eq_ignore_ascii_case(want)
}

/// The items of `settings` in the order the server walks them; empty if `settings` is absent
/// or not an array.
pub fn settings_items<'a>(req: &Request<'a>, upper: bool) -> Vec<Item<'a>> {
    items_of(req, "settings", upper)
}

/// The items of the array field `field` (connector `settings`, dataset `fields`) after the
/// server's recursive key conversion.
pub fn items_of<'a>(req: &Request<'a>, field: &str, upper: bool) -> Vec<Item<'a>> {
    let Some(list) = req.entry(field) else {
        return Vec::new();
    };
    let Some(entries) = list.value.entries() else {
        return Vec::new();
    };
    let base: Rc<str> = Rc::from(req.pointer_to(field));
    let keys: Vec<ConvertedKey> = entries
        .iter()
        .map(|e| convert_php_key(e.key, upper))
        .collect();
    // C6: keys of an object-form `settings` merge after conversion, as PHP assigns them.
    crate::php::merge_assignments(&keys)
        .into_iter()
        .map(|(_, idx)| Item {
            base: base.clone(),
            key: entries[idx].key,
            node: entries[idx].value,
            upper,
        })
        .collect()
}
