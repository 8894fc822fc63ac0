//! The settings items as the server sees them after key conversion (spec §2.6, C6): merged
//! where converted keys collide, with `type`, `name` and `code` looked up by converted key.
//! Built once per request; the server checks and the settings lints both read it.

use super::Request;
use crate::convert::{convert_key, convert_php_key, merge_converted, ConvertedKey};
use crate::json::{Entry, Node};
use crate::pointer;

pub struct Item<'a> {
    /// JSON Pointer of the item (by its raw key).
    pub pointer: String,
    pub node: &'a Node,
    /// The item's own entries, when it is an array (object or list).
    pub raw: Option<Vec<Entry<'a>>>,
    keys: Vec<ConvertedKey>,
    merged: Vec<(usize, Vec<usize>)>,
    upper: bool,
}

impl<'a> Item<'a> {
    /// The entry whose converted key is the conversion of `key` (`type`, `name`, `code`).
    pub fn get(&self, key: &str) -> Option<&Entry<'a>> {
        let raw = self.raw.as_ref()?;
        // `key` is one of the lower-case ASCII names, and converted keys are entirely upper-
        // (or, before 25.550, lower-) case, so comparing ASCII case-insensitively is exact.
        debug_assert_eq!(convert_key(key, self.upper).to_ascii_lowercase(), key);
        self.merged
            .iter()
            .find(|(i, _)| {
                self.keys[*i]
                    .as_str()
                    .is_some_and(|k| k.eq_ignore_ascii_case(key))
            })
            .map(|(i, _)| &raw[*i])
    }

    pub fn value(&self, key: &str) -> Option<&'a Node> {
        self.get(key).map(|e| e.value)
    }

    pub fn upper(&self) -> bool {
        self.upper
    }
}

/// The items of `settings` in the order the server walks them; empty if `settings` is absent
/// or not an array.
pub fn settings_items<'a>(req: &Request<'a>, upper: bool) -> Vec<Item<'a>> {
    let Some(settings) = req.entry("settings") else {
        return Vec::new();
    };
    let Some(entries) = settings.value.entries() else {
        return Vec::new();
    };
    let base = req.pointer_to("settings");
    let keys: Vec<ConvertedKey> = entries
        .iter()
        .map(|e| convert_php_key(e.key, upper))
        .collect();
    merge_converted(&keys)
        .into_iter()
        .map(|(idx, _replaced)| {
            let entry = &entries[idx];
            let raw = entry.value.entries();
            let keys: Vec<ConvertedKey> = raw
                .iter()
                .flatten()
                .map(|e| convert_php_key(e.key, upper))
                .collect();
            let merged = merge_converted(&keys);
            Item {
                pointer: pointer::push(&base, &entry.key.to_string()),
                node: entry.value,
                raw,
                keys,
                merged,
                upper,
            }
        })
        .collect()
}
