//! The portal's request-key converter (`Converter` with KEYS | TO_SNAKE [| TO_UPPER]), spec §2.6.
//!
//! It decides which settings item keys count as `type`, `name` and `code`, and which keys of an
//! object-form `settings` merge (spec §6 C6).

use crate::php::PhpKey;

/// Converts one string key the way the server does: insert `_` before every ASCII capital that
/// follows a non-newline byte (left to right, each match consuming two bytes), lower-case, then
/// (from 25.550) upper-case.
pub fn convert_key(key: &str, upper: bool) -> String {
    let bytes = key.as_bytes();
    // ASCII keys (nearly all) need no Unicode case mapping: one pass, one allocation.
    if key.is_ascii() {
        let mut out = String::with_capacity(bytes.len() + 4);
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if i + 1 < bytes.len() && b != b'\n' && bytes[i + 1].is_ascii_uppercase() {
                out.push(recase(b, upper));
                out.push('_');
                out.push(recase(bytes[i + 1], upper));
                i += 2;
            } else {
                out.push(recase(b, upper));
                i += 1;
            }
        }
        return out;
    }
    let mut snake = Vec::with_capacity(bytes.len() + 4);
    let mut i = 0;
    while i < bytes.len() {
        if i + 1 < bytes.len() && bytes[i] != b'\n' && bytes[i + 1].is_ascii_uppercase() {
            snake.extend_from_slice(&[bytes[i], b'_', bytes[i + 1]]);
            i += 2;
        } else {
            snake.push(bytes[i]);
            i += 1;
        }
    }
    // Only ASCII `_` was inserted, between whole characters, so the text is still UTF-8.
    let snake = String::from_utf8(snake).unwrap_or_default();
    // Character by character: PHP 8.2's mb_strtolower has no final-sigma rule (`Σ` → `σ`
    // everywhere), unlike `str::to_lowercase`.
    let mut lower = String::with_capacity(snake.len());
    for c in snake.chars() {
        match php_caseless(c) {
            true => lower.push(c),
            false => lower.extend(c.to_lowercase()),
        }
    }
    if !upper {
        return lower;
    }
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        match php_caseless(c) {
            true => out.push(c),
            false => out.extend(c.to_uppercase()),
        }
    }
    out
}

/// Letters that gained case mappings after the Unicode tables of PHP 8.2's mbstring: the
/// server leaves them as they are; Rust's newer tables would map them.
const NEWER_CASE_MAPPINGS: &[std::ops::RangeInclusive<u32>] = &[
    0x19B..=0x19B,
    0x264..=0x264,
    0x1C89..=0x1C8A,
    0xA7CB..=0xA7CF,
    0xA7D2..=0xA7D5,
    0xA7DA..=0xA7DC,
    0x10D50..=0x10D65,
    0x10D70..=0x10D85,
    0x16EA0..=0x16EB8,
    0x16EBB..=0x16ED3,
];

fn php_caseless(c: char) -> bool {
    let cp = c as u32;
    cp >= 0x19B && NEWER_CASE_MAPPINGS.iter().any(|r| r.contains(&cp))
}

fn recase(b: u8, upper: bool) -> char {
    char::from(if upper {
        b.to_ascii_uppercase()
    } else {
        b.to_ascii_lowercase()
    })
}

/// A converted array key: integer keys are kept as they are.
pub fn convert_php_key(key: PhpKey<'_>, upper: bool) -> ConvertedKey {
    match key {
        PhpKey::Int(i) => ConvertedKey::Int(i),
        PhpKey::Str(s) => ConvertedKey::Str(convert_key(s, upper)),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConvertedKey {
    Int(i64),
    Str(String),
}

impl ConvertedKey {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ConvertedKey::Str(s) => Some(s),
            ConvertedKey::Int(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples() {
        let cases = [
            ("urlTableList", "URL_TABLE_LIST"),
            ("UrlCheck", "URL_CHECK"),
            ("url_check", "URL_CHECK"),
            ("type", "TYPE"),
            ("Type", "TYPE"),
            ("TYPE", "T_YP_E"),
            ("NAME", "N_AM_E"),
            ("CODE", "C_OD_E"),
            ("tYpe", "T_YPE"),
            ("ID", "I_D"),
            ("URL_CHECK", "U_RL__CH_EC_K"),
            ("URLCheck", "U_RL_CHECK"),
            ("a1B", "A1_B"),
            ("\nA", "\nA"),
            ("éA", "É_A"),
        ];
        for (key, expected) in cases {
            assert_eq!(convert_key(key, true), expected, "{key}");
        }
        assert_eq!(convert_key("TYPE", false), "t_yp_e");
        assert_eq!(convert_key("Name", false), "name");
        assert_eq!(convert_key("aΣ", false), "aσ");
        // Case mappings newer than PHP 8.2's tables are not applied.
        assert_eq!(convert_key("a\u{1C89}", true), "A\u{1C89}");
        assert_eq!(convert_key("\u{A7CB}", false), "\u{A7CB}");
        assert_eq!(convert_key("ß", true), "SS");
    }
}
