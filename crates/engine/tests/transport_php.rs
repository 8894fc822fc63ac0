//! The transport module against PHP 8.2 itself. Cases are generated here from a fixed seed:
//! JSON documents for `http_build_query(json_decode($json, true))`, whose bodies are then read
//! back by `parse_str` and by a real POST, and raw form bodies for both readers.
//! `tests/php/differential.sh` runs PHP on the same cases and commits its answers
//! (`tests/php/oracle.jsonl`); this test needs no PHP and compares case by case: the body's
//! text byte for byte, the decoded trees in a canonical form that keeps key order, integer
//! against string keys and lists against objects, and the limits PHP warned about.
//!
//! Regenerate the answers after changing the generator: `crates/engine/tests/php/differential.sh`.

use b24lint::json::{self, Node, Value};
use b24lint::php::{array_key, PhpKey};
use b24lint::span::Span;
use b24lint::transport::decode::{self, Decoded, Reader, MAX_INPUT_VARS};
use b24lint::transport::{encode, form, Segment};
use std::fmt::Write as _;
use std::path::PathBuf;

const SEED: u64 = 0x6232_346c_696e_7421;
/// Documents for `http_build_query`, raw bodies for the readers.
const DOCUMENTS: usize = 10_500;
const BODIES: usize = 2_500;
/// Every how many documents one body also goes through a real POST.
const DOCUMENT_POST_EVERY: usize = 20;
/// Bodies and canonical trees longer than these are kept in the answers as their hash
/// (`#` and FNV-1a), which keeps the answers small.
const KEEP_WIRE: usize = 500;
const KEEP_TREE: usize = 160;

// ---------------------------------------------------------------------------------------
// The generator

/// SplitMix64: small, fast, and the same sequence on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

#[derive(Debug, Clone)]
enum Case {
    /// A JSON document, sent at the top or under one name; `post`: also through a real POST.
    Document {
        doc: String,
        under: Option<String>,
        post: bool,
    },
    /// A raw body. `parse_str` reads a C string, so a raw NUL byte ends its body there: such
    /// bodies go only through the POST reader, which is binary safe.
    Body { body: Vec<u8>, parse_str: bool },
}

impl Case {
    /// What the answers' `h` names: the case's input, so a changed generator is noticed.
    fn input(&self) -> Vec<u8> {
        match self {
            Case::Document { doc, under, .. } => {
                let mut v = b"doc:".to_vec();
                v.extend(under.as_deref().unwrap_or("-").as_bytes());
                v.push(b':');
                v.extend(doc.as_bytes());
                v
            }
            Case::Body { body, .. } => {
                let mut v = b"body:".to_vec();
                v.extend(body);
                v
            }
        }
    }
}

const KEYS: &[&str] = &[
    "a",
    "b",
    "fields",
    "title",
    "x y",
    "a.b",
    "a[b]",
    "a[",
    "]",
    "[",
    "[]",
    "a]b",
    "%",
    "%41",
    "%zz",
    "+",
    "&",
    "=",
    "#",
    "?",
    "/",
    ";",
    "é",
    "日本",
    "😀",
    "",
    " ",
    "  lead",
    "tail ",
    "0",
    "1",
    "7",
    "-3",
    "07",
    "-0",
    "+5",
    "1.5",
    "1e3",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999",
    "\u{0}",
    "a\u{0}b",
    "\t",
    "\n",
    "~",
    "*",
    "'",
    "\"",
    "\\",
    "this",
    "GLOBALS",
];

const STRINGS: &[&str] = &[
    "",
    "x",
    "Sales team",
    "a&b=c",
    "100%",
    "%41",
    "+",
    " ",
    "  ",
    "a+b",
    "#frag",
    "?q",
    "é",
    "naïve café",
    "日本語",
    "😀",
    "\u{0}",
    "a\u{0}b",
    "line\nbreak",
    "tab\tx",
    "\r\n",
    "[]",
    "a[b]",
    "~*'()!",
    "\"quoted\"",
    "back\\slash",
    "1",
    "0",
    "-0",
    "1.0",
    "true",
    "null",
    "\u{7f}",
    "\u{80}",
    "\u{ffff}",
    "\u{10ffff}",
];

/// Number tokens as written in JSON.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "7",
    "42",
    "-3",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999",
    "12345678901234567890123",
    "0.1",
    "1.0",
    "-1.0",
    "1e20",
    "1E20",
    "1e+20",
    "1e21",
    "1.5e-7",
    "0.30000000000000004",
    "-0.0",
    "0.0",
    "0e0",
    "1e300",
    "-1e300",
    "1e308",
    "1.7976931348623157e308",
    "1e400",
    "-1e400",
    "1e-400",
    "-1e-400",
    "5e-324",
    "2.2250738585072014e-308",
    "1E2",
    "0.00001",
    "0.0001",
    "0.001",
    "1e14",
    "1e15",
    "123456789012345.678",
    "12345678901234.5",
    "10000000000000.5",
    "10000000000001.5",
    "0.5",
    "2.5",
    "-2.5",
    "1e-5",
    "100000000000000000000.0",
    "3.14159265358979",
    "2.718281828459045",
    "1.23456789012345e-10",
    "99999999999999.99",
    "999999999999999.9",
    "0.1e1",
    "123e-2",
];

fn json_string(rng: &mut Rng, s: &str) -> String {
    // Mostly serde's spelling; sometimes every non-ASCII character as `\u` escapes (UTF-16
    // pairs included) and `/` as `\/`, which both decoders must read the same.
    if !rng.chance(15) {
        return serde_json::to_string(s).unwrap_or_default();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{u:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A key or string value: from the pool, or made of special characters.
fn text(rng: &mut Rng, pool: &[&str]) -> String {
    if rng.chance(70) {
        return rng.pick(pool).to_string();
    }
    const PARTS: &[&str] = &[
        "a", "Z", "0", "9", "-", "_", ".", "~", " ", "+", "%", "&", "=", "[", "]", "#", "?", "/",
        "é", "ß", "Ж", "中", "😀", "\u{0}", "\t", "\"", "\\", "'", "*", "(", ")", "!", "@", "$",
        ",", ";", ":",
    ];
    let n = rng.range(1, 8);
    (0..n).map(|_| rng.pick(PARTS)).collect()
}

fn random_float(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => {
            let f = f64::from_bits(rng.next());
            if f.is_finite() {
                format!("{f:e}")
            } else {
                "1.5".to_string()
            }
        }
        1 => {
            // Digits around the 14 that PHP prints, where rounding happens.
            let digits = rng.range(12, 17);
            let mut m: String = (0..digits)
                .map(|_| char::from(b'0' + rng.below(10) as u8))
                .collect();
            if m.starts_with('0') {
                m.replace_range(0..1, "1");
            }
            let point = rng.below(digits);
            format!(
                "{}.{}e{}",
                &m[..=point],
                &m[point + 1..],
                rng.range(0, 40) as i64 - 20
            )
            .replace(".e", ".0e")
        }
        2 => {
            let f = (rng.next() % 2_000_000) as f64 / 1000.0 - 1000.0;
            format!("{f:?}")
        }
        _ => format!("{}e{}", rng.range(1, 9), rng.range(0, 60) as i64 - 30),
    }
}

fn random_int(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => (rng.below(2000) as i64 - 1000).to_string(),
        1 => (rng.next() as i64).to_string(),
        _ => rng.next().to_string(),
    }
}

fn scalar(rng: &mut Rng) -> String {
    match rng.below(12) {
        0..=3 => {
            let s = text(rng, STRINGS);
            json_string(rng, &s)
        }
        4 => random_int(rng),
        5 => random_float(rng),
        6 | 7 => rng.pick(NUMBERS).to_string(),
        8 => "true".to_string(),
        9 => "false".to_string(),
        10 => "null".to_string(),
        _ => rng.pick(&["[]", "{}"]).to_string(),
    }
}

fn value(rng: &mut Rng, depth: usize) -> String {
    if depth >= 3 || rng.chance(70) {
        return scalar(rng);
    }
    let object = rng.chance(60);
    container(rng, depth + 1, object)
}

fn container(rng: &mut Rng, depth: usize, object: bool) -> String {
    let n = rng.range(0, 4);
    let mut parts = Vec::new();
    let mut used: Vec<String> = Vec::new();
    for _ in 0..n {
        let v = value(rng, depth);
        if object {
            let key = if !used.is_empty() && rng.chance(12) {
                rng.pick(&used) // a duplicate key: the last value wins
            } else {
                text(rng, KEYS)
            };
            used.push(key.clone());
            parts.push(format!("{}:{v}", json_string(rng, &key)));
        } else {
            parts.push(v);
        }
    }
    let (open, close) = if object { ("{", "}") } else { ("[", "]") };
    let sep = if rng.chance(20) { ", " } else { "," };
    format!("{open}{}{close}", parts.join(sep))
}

/// A document nested `depth` deep, one key a level, with a scalar at the bottom.
fn deep_document(rng: &mut Rng, depth: usize) -> String {
    let mut doc = scalar(rng);
    while doc == "null" || doc == "[]" || doc == "{}" {
        doc = scalar(rng);
    }
    for _ in 0..depth {
        doc = if rng.chance(50) {
            format!("[{doc}]")
        } else {
            let key = text(rng, KEYS);
            format!("{{{}:{doc}}}", json_string(rng, &key))
        };
    }
    doc
}

/// A document of about a thousand scalars (each a variable, `null` none), near
/// `max_input_vars`.
fn wide_document(rng: &mut Rng) -> String {
    let n = rng.range(990, 1010);
    let items: Vec<String> = (0..n)
        .map(|i| match rng.below(30) {
            0 => "null".to_string(),
            1 => "[]".to_string(),
            2 => "[1,2]".to_string(),
            _ => i.to_string(),
        })
        .collect();
    if rng.chance(50) {
        format!("[{}]", items.join(","))
    } else {
        let members: Vec<String> = items
            .iter()
            .enumerate()
            .map(|(i, v)| format!("\"k{i}\":{v}"))
            .collect();
        format!("{{{}}}", members.join(","))
    }
}

fn document(rng: &mut Rng, i: usize) -> Case {
    let under = rng.chance(15).then(|| "fields".to_string());
    let kind = rng.below(100);
    let doc = match kind {
        0 => wide_document(rng),
        1 | 2 => {
            let depth = rng.range(58, 70);
            deep_document(rng, depth)
        }
        // A bare value sent under a name (`fields=5`).
        3 if under.is_some() => scalar(rng),
        _ => {
            let object = rng.chance(70);
            container(rng, 0, object)
        }
    };
    // http_build_query takes only arrays: a scalar at the top goes under a name.
    let top_scalar = !doc.starts_with('{') && !doc.starts_with('[');
    let under = if top_scalar {
        Some("fields".to_string())
    } else {
        under
    };
    Case::Document {
        doc,
        under,
        // Documents near max_input_vars always go through POST, which counts differently.
        post: i.is_multiple_of(DOCUMENT_POST_EVERY) || kind == 0,
    }
}

/// Top names of raw bodies: spaces and dots (made `_`), leading spaces (skipped), empty, NULs.
const TOP_NAMES: &[&str] = &[
    "a",
    "b",
    "fields",
    "x y",
    "a.b",
    "a b.c",
    " lead",
    "   lead",
    " ",
    "",
    "+a",
    "a+",
    "%00a",
    "a%00b",
    "%20a",
    "%2Ea",
    "a%2E",
    "é",
    "%C3%A9",
    "%FF",
    "%E6%97",
    "this",
    "GLOBALS",
    "_",
    "0",
    "7",
    "-3",
    "07",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "]",
    "a]",
    "a]b",
    "%5D",
    "%zz",
    "%4",
    "%",
    "a%26b",
    "a%3Db",
];

/// One level of a raw name after the top name.
const LEVELS: &[&str] = &[
    "[]",
    "[x]",
    "[y]",
    "[ ]",
    "[  ]",
    "[\t]",
    "[%09]",
    "[%0A]",
    "[%0B]",
    "[%0C]",
    "[%0D]",
    "[%A0]",
    "[ %09]",
    "[%09x]",
    "[+]",
    "[ x]",
    "[x ]",
    "[ x ]",
    "[.]",
    "[ .x]",
    "[a.b]",
    "[0]",
    "[1]",
    "[7]",
    "[-3]",
    "[-1]",
    "[07]",
    "[-0]",
    "[+1]",
    "[1.5]",
    "[9223372036854775807]",
    "[9223372036854775806]",
    "[-9223372036854775808]",
    "[-9223372036854775807]",
    "[9223372036854775808]",
    "[%00]",
    "[x%00y]",
    "[%5B]",
    "[%5D]",
    "[a[b]",
    "[[]",
    "[é]",
    "[%FF]",
    "%5Bx%5D",
    "%5B%5D",
    "[x",
    "[",
    "[ ",
    "[]]",
    "[x]]",
    "[x]y",
    "[x] ",
    "[x].",
    "]",
    "x",
    "[=]",
    "[%26]",
];

const VALUES: &[&str] = &[
    "",
    "1",
    "0",
    "x",
    "x+y",
    "x%20y",
    "%00",
    "a%00b",
    "%FF",
    "%C3%A9",
    "%E6%97",
    "%zz",
    "%4",
    "%",
    "%%",
    "%%41",
    "%41%",
    "+",
    "++",
    "a=b",
    "==",
    "%26",
    "%3D",
    "[]",
    "%5B%5D",
    "é",
    "\u{ff}",
    "-5",
    "9223372036854775808",
];

fn raw_name(rng: &mut Rng, names: &mut Vec<String>) -> String {
    // Names repeat within a body: a string then an array of the same name, and back.
    if !names.is_empty() && rng.chance(30) {
        let base = rng.pick(names);
        let cut = base.find('[').unwrap_or(base.len());
        return match rng.below(3) {
            0 => base,
            1 => base[..cut].to_string(),
            _ => format!("{base}{}", rng.pick(LEVELS)),
        };
    }
    let mut name = if rng.chance(85) {
        rng.pick(TOP_NAMES).to_string()
    } else {
        text(rng, TOP_NAMES)
    };
    let levels = match rng.below(10) {
        0..=2 => 0,
        3..=8 => rng.range(1, 4),
        _ => rng.range(5, 9),
    };
    for _ in 0..levels {
        name.push_str(rng.pick(LEVELS));
    }
    names.push(name.clone());
    name
}

/// A name nested around `max_input_nesting_level`.
fn deep_name(rng: &mut Rng) -> String {
    let mut name = rng.pick(&["a", "b", "deep", "x y"]).to_string();
    let depth = rng.range(60, 70);
    for _ in 0..depth {
        name.push_str(rng.pick(&["[]", "[k]", "[0]", "[ ]"]));
    }
    if rng.chance(20) {
        name.push_str(rng.pick(&["[x", "x", "]"]));
    }
    name
}

fn raw_value(rng: &mut Rng) -> String {
    if rng.chance(80) {
        rng.pick(VALUES).to_string()
    } else {
        text(rng, VALUES)
    }
}

fn raw_piece(rng: &mut Rng, names: &mut Vec<String>) -> Vec<u8> {
    let name = if rng.chance(4) {
        deep_name(rng)
    } else {
        raw_name(rng, names)
    };
    let mut piece = name.into_bytes();
    match rng.below(10) {
        0 => {} // no `=`: the value is empty
        1 => piece.push(b'='),
        _ => {
            piece.push(b'=');
            piece.extend(raw_value(rng).as_bytes());
        }
    }
    // Raw bytes as a browser would never send them.
    if rng.chance(3) {
        let at = rng.below(piece.len() + 1);
        let b = rng.pick(&[0xFF, 0xC3, 0x80, b'\t', b'\n', 0x0B, b'\r']);
        piece.insert(at, b);
    }
    piece
}

fn body(rng: &mut Rng) -> Vec<u8> {
    let wide = rng.chance(10);
    let mut names = Vec::new();
    let mut pieces: Vec<Vec<u8>> = Vec::new();
    if wide {
        // Near max_input_vars, both readers' limits met on either side: parse_str keeps 1000
        // variables, the POST reader 1001 pieces, empty ones included.
        for _ in 0..rng.range(995, 1005) {
            pieces.push(if rng.chance(3) {
                raw_piece(rng, &mut names)
            } else {
                format!("v{}={}", rng.below(2000), rng.below(10)).into_bytes()
            });
        }
    } else {
        for _ in 0..rng.range(1, 12) {
            pieces.push(raw_piece(rng, &mut names));
        }
    }
    let empties = if wide && rng.chance(40) {
        0
    } else if wide {
        rng.range(1, 8)
    } else {
        (0..4).filter(|_| rng.chance(15)).count()
    };
    for _ in 0..empties {
        let at = rng.below(pieces.len() + 1);
        pieces.insert(at, Vec::new());
    }
    let mut out = pieces.join(&b'&');
    if rng.chance(10) {
        out.push(b'&'); // makes no piece
    }
    // A raw NUL, which only the POST reader reads past.
    if !wide && rng.chance(3) {
        let at = rng.below(out.len() + 1);
        out.insert(at, 0);
    }
    // A final line ending is taken for an editor's, not the body's (form::trim_line_end).
    while matches!(out.last(), Some(b'\n' | b'\r')) {
        out.pop();
    }
    out
}

fn cases() -> Vec<Case> {
    let mut rng = Rng(SEED);
    let mut out = Vec::with_capacity(DOCUMENTS + BODIES);
    for i in 0..DOCUMENTS {
        out.push(document(&mut rng, i));
    }
    for _ in 0..BODIES {
        let body = body(&mut rng);
        let parse_str = !body.contains(&0);
        out.push(Case::Body { body, parse_str });
    }
    out
}

// ---------------------------------------------------------------------------------------
// Canonical trees

/// FNV-1a, 64 bits: PHP has it as `hash('fnv1a64', …)`.
fn fnv(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn quote(out: &mut String, s: &str) {
    out.push('"');
    for &b in s.as_bytes() {
        if (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\' {
            out.push(b as char);
        } else {
            let _ = write!(out, "\\{b:02x}");
        }
    }
    out.push('"');
}

/// The canonical form `oracle.php` writes: `[v,…]` for a list, `{k:v,…}` otherwise, integer
/// keys bare, strings quoted with every byte outside printable ASCII as `\xx`.
fn canon(node: &Node, out: &mut String) {
    match &node.value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canon(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match array_key(&m.key) {
                    PhpKey::Int(k) => {
                        let _ = write!(out, "{k}");
                    }
                    PhpKey::Str(k) => quote(out, k),
                }
                out.push(':');
                canon(&m.value, out);
            }
            out.push('}');
        }
        Value::String(s) => quote(out, s),
        other => {
            let _ = write!(out, "<not a PHP request value: {other:?}>");
        }
    }
}

/// A decoded body as the answers spell it: its tree (hashed when long), and what PHP warned
/// about.
#[derive(Debug)]
struct Reading {
    tree: String,
    too_deep: usize,
    dropped: bool,
    /// Our whole tree, for a disagreement's report.
    whole: String,
}

impl Reading {
    fn compared(&self) -> String {
        format!(
            "{} (nested too deep: {}, too many variables: {})",
            self.tree, self.too_deep, self.dropped
        )
    }
}

fn reading(decoded: &Decoded, reader: Reader, segments: &[Segment]) -> Reading {
    let mut whole = String::new();
    canon(&decoded.root, &mut whole);
    let tree = if whole.len() > KEEP_TREE {
        format!("#{}", fnv(whole.as_bytes()))
    } else {
        whole.clone()
    };
    Reading {
        tree,
        too_deep: decoded.limits.too_deep.len(),
        dropped: match reader {
            Reader::ParseStr => decoded.limits.dropped.is_some(),
            // PHP warns once the 1001st piece is counted, although that one is kept; only
            // a piece after it is lost.
            Reader::Post => {
                decoded.limits.dropped.is_some() || segments.len() == MAX_INPUT_VARS + 1
            }
        },
        whole,
    }
}

fn read(segments: &[Segment], reader: Reader) -> Reading {
    let decoded = decode::decode(segments, reader, Span::new(0, 0));
    reading(&decoded, reader, segments)
}

/// PHP's reading: `field` its tree, `field_limits` (when PHP warned) how many variables
/// were nested too deep and whether it said the input had too many variables.
fn php_reading(answer: &serde_json::Value, field: &str) -> Option<Reading> {
    let tree = answer.get(field)?.as_str()?.to_string();
    let limits = answer.get(format!("{field}_limits"));
    let (too_deep, dropped) = match limits {
        None => (0, false),
        Some(l) => (l.get(0)?.as_u64()? as usize, l.get(1)?.as_bool()?),
    };
    Some(Reading {
        whole: String::new(),
        tree,
        too_deep,
        dropped,
    })
}

// ---------------------------------------------------------------------------------------
// Writing the cases for PHP, and comparing with its answers

fn answers_path() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/php/oracle.jsonl"
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Writes the cases as JSON lines for `oracle.php`, to the file `B24LINT_PHP_CASES` names.
/// Run by `tests/php/differential.sh`.
#[test]
#[ignore = "writes the cases for tests/php/differential.sh"]
fn write_cases() {
    let path = std::env::var_os("B24LINT_PHP_CASES").expect("B24LINT_PHP_CASES: where to write");
    let mut out = String::new();
    for (id, case) in cases().iter().enumerate() {
        let line = match case {
            Case::Document { doc, under, post } => serde_json::json!({
                "id": id, "h": fnv(&case.input()), "doc": doc, "under": under, "post": post,
            }),
            Case::Body { body, parse_str } => serde_json::json!({
                "id": id, "h": fnv(&case.input()), "body": hex(body), "parse_str": parse_str,
                "post": true,
            }),
        };
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).expect("write the cases");
}

#[derive(Default)]
struct Tally {
    name: &'static str,
    cases: usize,
    agree: usize,
}

struct Tallies {
    all: Vec<Tally>,
    disagreements: Vec<String>,
}

impl Tallies {
    /// One comparison: ours and PHP's as compared; `whole`, our text when what is compared is
    /// its hash.
    fn record(
        &mut self,
        which: usize,
        id: usize,
        input: &dyn Fn() -> String,
        (ours, whole): (&str, &str),
        php: &str,
    ) {
        let t = &mut self.all[which];
        t.cases += 1;
        if ours == php {
            t.agree += 1;
        } else if self.disagreements.len() < 25 {
            let mut report = format!(
                "case {id}, {}: {}\n    ours: {}",
                t.name,
                cut(&input()),
                cut(ours)
            );
            if !ours.starts_with(whole) {
                let _ = write!(report, "\n    (ours whole: {})", cut(whole));
            }
            let _ = write!(report, "\n    PHP:  {}", cut(php));
            self.disagreements.push(report);
        }
    }

    fn reading(
        &mut self,
        which: usize,
        id: usize,
        input: &dyn Fn() -> String,
        ours: Reading,
        php: Option<Reading>,
    ) {
        let Some(php) = php else {
            self.all[which].cases += 1;
            self.disagreements.push(format!(
                "case {id}, {}: no answer from PHP",
                self.all[which].name
            ));
            return;
        };
        let compared = ours.compared();
        self.record(which, id, input, (&compared, &ours.whole), &php.compared());
    }
}

/// A body's text as the answers keep it.
fn kept(wire: &str) -> String {
    if wire.len() > KEEP_WIRE {
        format!("#{}", fnv(wire.as_bytes()))
    } else {
        wire.to_string()
    }
}

fn cut(s: &str) -> String {
    if s.len() <= 600 {
        return s.to_string();
    }
    let mut end = 600;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &s[..end], s.len())
}

const WIRE: usize = 0;
const WIRE_PARSE_STR: usize = 1;
const WIRE_SPLIT_PARSE_STR: usize = 2;
const WIRE_POST: usize = 3;
const BODY_PARSE_STR: usize = 4;
const BODY_POST: usize = 5;

#[test]
fn transport_agrees_with_php() {
    let text = std::fs::read_to_string(answers_path()).expect("tests/php/oracle.jsonl");
    let answers: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("an answer is a JSON line"))
        .collect();
    let cases = cases();
    assert_eq!(
        answers.len(),
        cases.len(),
        "the answers are for another generator: run crates/engine/tests/php/differential.sh"
    );
    let mut t = Tallies {
        all: [
            "http_build_query: wire text",
            "parse_str of http_build_query (our pieces)",
            "parse_str of PHP's wire text (form::segments)",
            "POST of http_build_query (our pieces)",
            "parse_str of a raw body",
            "POST of a raw body",
        ]
        .into_iter()
        .map(|name| Tally {
            name,
            ..Tally::default()
        })
        .collect(),
        disagreements: Vec::new(),
    };
    for (id, (case, answer)) in cases.iter().zip(&answers).enumerate() {
        assert_eq!(answer["id"].as_u64(), Some(id as u64));
        assert_eq!(
            answer["h"].as_str(),
            Some(fnv(&case.input()).as_str()),
            "case {id} is not the case PHP answered: run crates/engine/tests/php/differential.sh"
        );
        match case {
            Case::Document { doc, under, post } => {
                let input = || format!("http_build_query({doc}) under {under:?}");
                let parsed = json::parse(doc.as_bytes()).expect("a generated document is JSON");
                let body = encode::http_build_query(&parsed.root, "", under.as_deref());
                let wire = answer["wire"].as_str().unwrap_or("<no wire from PHP>");
                let ours = kept(&body.wire);
                t.record(WIRE, id, &input, (&ours, &body.wire), wire);
                let ours = read(&body.segments, Reader::ParseStr);
                t.reading(WIRE_PARSE_STR, id, &input, ours, php_reading(answer, "ps"));
                // PHP's own text split by form.rs (ours, when it is the text PHP hashed).
                let wire = if wire.starts_with('#') && kept(&body.wire) == wire {
                    &body.wire
                } else {
                    wire
                };
                let split = form::segments(wire.as_bytes());
                let ours = read(&split, Reader::ParseStr);
                t.reading(
                    WIRE_SPLIT_PARSE_STR,
                    id,
                    &input,
                    ours,
                    php_reading(answer, "ps"),
                );
                if *post {
                    let ours = read(&body.segments, Reader::Post);
                    t.reading(WIRE_POST, id, &input, ours, php_reading(answer, "post"));
                }
            }
            Case::Body { body, parse_str } => {
                let input = || format!("body {:?}", String::from_utf8_lossy(body));
                let segments = form::segments(body);
                if *parse_str {
                    let ours = read(&segments, Reader::ParseStr);
                    t.reading(BODY_PARSE_STR, id, &input, ours, php_reading(answer, "ps"));
                }
                let ours = read(&segments, Reader::Post);
                t.reading(BODY_POST, id, &input, ours, php_reading(answer, "post"));
            }
        }
    }
    let mut summary = String::new();
    for tally in &t.all {
        let _ = writeln!(
            summary,
            "{}: {}/{} agree",
            tally.name, tally.agree, tally.cases
        );
    }
    println!("{summary}");
    assert!(
        t.disagreements.is_empty(),
        "{summary}\nfirst disagreements:\n{}",
        t.disagreements.join("\n")
    );
    assert!(t.all[WIRE].cases >= 10_000, "{summary}");
    assert!(t.all[BODY_PARSE_STR].cases >= 2_000, "{summary}");
    assert!(
        t.all[WIRE_POST].cases + t.all[BODY_POST].cases >= 500,
        "{summary}"
    );
}
