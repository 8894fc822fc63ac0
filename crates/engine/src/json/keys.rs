//! How PHP keys the array a JSON object decodes to: integer-like keys become integers, and a
//! repeated key keeps its first position and takes its last value. The document model needs
//! this, so it lives here; `php` re-exports it with the rest of PHP's semantics.

/// A PHP array key: JSON object keys that are canonical decimal integers become integer keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhpKey<'a> {
    Int(i64),
    Str(&'a str),
}

impl std::fmt::Display for PhpKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PhpKey::Int(i) => write!(f, "{i}"),
            PhpKey::Str(s) => f.write_str(s),
        }
    }
}

/// How PHP stores `key` in an array: `"7"` and `"-3"` become integers, `"07"`, `"-0"`, `"1.0"`
/// and integers beyond 64 bits stay strings.
pub fn array_key(key: &str) -> PhpKey<'_> {
    let digits = key.strip_prefix('-').unwrap_or(key);
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" && !key.starts_with('-') || !digits.starts_with('0'));
    match canonical.then(|| key.parse::<i64>().ok()).flatten() {
        Some(i) => PhpKey::Int(i),
        None => PhpKey::Str(key),
    }
}

/// PHP array assignment over a sequence of keys: a repeated key keeps the position of its
/// first occurrence and takes the value of its last. Returns, per surviving position, the
/// indices of the first and of the last occurrence.
pub fn merge_assignments<K: Eq + std::hash::Hash>(keys: &[K]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(keys.len());
    // Objects have a handful of keys: a linear scan beats hashing; long ones get a map.
    let mut slot_of: Option<std::collections::HashMap<&K, usize>> =
        (keys.len() > 16).then(|| std::collections::HashMap::with_capacity(keys.len()));
    for (i, key) in keys.iter().enumerate() {
        let slot = match &slot_of {
            Some(map) => map.get(key).copied(),
            None => out.iter().position(|(first, _)| keys[*first] == *key),
        };
        match slot {
            Some(slot) => out[slot].1 = i,
            None => {
                if let Some(map) = &mut slot_of {
                    map.insert(key, out.len());
                }
                out.push((i, i));
            }
        }
    }
    out
}
