//! How the two form clients write a JSON document as a body: PHP's `http_build_query`
//! (CRest, PHP apps) and BX24.js's `prepareData`. Each gives the pieces of the body, as the
//! portal's reader will split them, and the body's text, as it goes over the wire.

use super::{Change, Note, Place, Segment, Var};
use crate::json::keys::PhpKey;
use crate::json::{Node, Value};
use crate::span::Span;

/// A body being written: its pieces and its text.
#[derive(Debug, Default)]
pub struct Body {
    pub segments: Vec<Segment>,
    pub wire: String,
    pub notes: Vec<Note>,
}

impl Body {
    fn piece(&mut self, segment: Segment, wire: &str) {
        if !self.segments.is_empty() {
            self.wire.push('&');
        }
        self.wire.push_str(wire);
        self.segments.push(segment);
    }
}

/// One step down the document: the key as text, where it is, and the value's JSON Pointer.
#[derive(Clone)]
struct Path {
    parts: Vec<String>,
    places: Vec<Place>,
    pointer: String,
}

impl Path {
    fn push(&self, key: String, place: Place) -> Path {
        let mut p = self.clone();
        p.pointer = crate::pointer::push(&self.pointer, &key);
        p.parts.push(key);
        p.places.push(place);
        p
    }

    fn name(&self) -> Vec<u8> {
        let mut name = String::new();
        for (i, part) in self.parts.iter().enumerate() {
            if i == 0 {
                name.push_str(part);
            } else {
                name.push('[');
                name.push_str(part);
                name.push(']');
            }
        }
        name.into_bytes()
    }

    /// The name as the client writes it: each part encoded, brackets literal or encoded.
    fn wire(&self, enc: fn(&str) -> String, open: &str, close: &str) -> String {
        let mut name = String::new();
        for (i, part) in self.parts.iter().enumerate() {
            if i == 0 {
                name.push_str(&enc(part));
            } else {
                name.push_str(open);
                name.push_str(&enc(part));
                name.push_str(close);
            }
        }
        name
    }
}

/// The entries of an object or list with the place of each key (a list element's key is the
/// element itself).
fn entries(node: &Node) -> Vec<(PhpKey<'_>, Place, &Node)> {
    node.entries()
        .unwrap_or_default()
        .into_iter()
        .map(|e| {
            let key = e.key_span.unwrap_or(e.value.span);
            (
                e.key,
                Place {
                    key,
                    node: e.value.span,
                },
                e.value,
            )
        })
        .collect()
}

/// The start of a document's walk: its own entries, or the whole of it under one name (a bare
/// definition is sent as `fields`).
fn start(root: &Node, base: &str, under: Option<&str>) -> (Vec<(String, Place, Path)>, Path) {
    let top = Path {
        parts: Vec::new(),
        places: Vec::new(),
        pointer: base.to_string(),
    };
    match under {
        Some(name) => {
            let place = Place {
                key: root.opening(),
                node: root.span,
            };
            let mut p = top.clone();
            p.parts.push(name.to_string());
            p.places.push(place);
            (vec![(name.to_string(), place, p)], top)
        }
        None => (Vec::new(), top),
    }
}

// ---------------------------------------------------------------------------------------
// PHP's http_build_query

/// PHP's `urlencode`: letters, digits and `-_.` as they are, a space as `+`, every other byte
/// as `%XX`.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `http_build_query($params)` of the array PHP decodes `node` to (`json_decode($json, true)`).
pub fn http_build_query(node: &Node, base: &str, under: Option<&str>) -> Body {
    let mut body = Body::default();
    let (wrapped, top) = start(node, base, under);
    if wrapped.is_empty() {
        php_entries(&mut body, node, &top);
    } else {
        for (_, _, path) in wrapped {
            php_value(&mut body, node, &path);
        }
    }
    body
}

fn php_entries(body: &mut Body, node: &Node, path: &Path) {
    for (key, place, value) in entries(node) {
        php_value(body, value, &path.push(key.to_string(), place));
    }
}

fn php_value(body: &mut Body, value: &Node, path: &Path) {
    let text = match &value.value {
        Value::Array(_) | Value::Object(_) => {
            if value.entries().is_some_and(|e| e.is_empty()) {
                body.notes.push(note(value, path, Change::Vanished));
            }
            return php_entries(body, value, path);
        }
        Value::Null => {
            body.notes.push(note(value, path, Change::Vanished));
            return;
        }
        Value::Bool(b) => {
            let to = if *b { "1" } else { "0" }.to_string();
            body.notes.push(note(value, path, Change::Text(to.clone())));
            to
        }
        Value::Number(n) => {
            let to = crate::php::number_to_string(n);
            if changes_number(n.int.map_or(n.float, |i| i as f64), n.int, &to) {
                body.notes.push(note(value, path, Change::Text(to.clone())));
            }
            to
        }
        Value::String(s) => s.clone(),
    };
    let wire = format!(
        "{}={}",
        path.wire(urlencode, "%5B", "%5D"),
        urlencode(&text)
    );
    body.piece(var(path, text, value.span), &wire);
}

/// Whether a number's text means another number than the JSON token did.
fn changes_number(float: f64, int: Option<i64>, text: &str) -> bool {
    match (int, text.parse::<i64>()) {
        (Some(i), Ok(t)) => i != t,
        (Some(_), Err(_)) => true,
        (None, _) => text
            .parse::<f64>()
            .map_or(!float.is_infinite(), |t| t != float),
    }
}

fn var(path: &Path, text: String, span: Span) -> Segment {
    Segment::Var(Var {
        name: path.name(),
        value: text.into_bytes(),
        levels: path.places.clone(),
        value_span: span,
        span: path.places.last().map_or(span, |p| {
            Span::new(p.key.start.min(span.start), span.end.max(p.key.end))
        }),
    })
}

fn note(value: &Node, path: &Path, change: Change) -> Note {
    Note {
        span: value.span,
        key_span: path.places.last().map(|p| p.key),
        pointer: path.pointer.clone(),
        key: path.parts.last().cloned().unwrap_or_default(),
        change,
    }
}

// ---------------------------------------------------------------------------------------
// BX24.js prepareData

/// JavaScript's `encodeURIComponent`: letters, digits and `-_.!~*'()` as they are, every
/// other character as the `%XX` of its UTF-8 bytes.
pub fn encode_uri_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A double as JavaScript's `String(n)` writes it (ECMAScript Number::toString): the
/// shortest digits that read back, plainly from 1e-7 up to 1e21, with an exponent outside.
pub fn js_number(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if f == 0.0 {
        return "0".to_string();
    }
    let (digits, n) = shortest(f.abs());
    let k = digits.len() as i64;
    let sign = if f < 0.0 { "-" } else { "" };
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let esign = if e < 0 { '-' } else { '+' };
        let (first, rest) = digits.split_at(1);
        if rest.is_empty() {
            format!("{first}e{esign}{}", e.abs())
        } else {
            format!("{first}.{rest}e{esign}{}", e.abs())
        }
    };
    format!("{sign}{body}")
}

/// The shortest digits that read back as `f` (positive and finite), and where the point goes
/// (`0.digits × 10^n`). Two spellings of that length can be equally near `f`
/// (1733936667668015.25 between …015.2 and …015.3): ECMAScript takes the one whose last digit
/// is even, Rust's `{:e}` the upper one, so such a tie is settled here from `f`'s exact value.
fn shortest(f: f64) -> (String, i64) {
    let split = |sci: &str| -> (Vec<u8>, i64) {
        let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
        let digits = mantissa.bytes().filter(u8::is_ascii_digit).collect();
        (digits, exp.parse::<i64>().unwrap_or(0) + 1)
    };
    let text = |digits: Vec<u8>| String::from_utf8(digits).unwrap_or_default();
    let (digits, n) = split(&format!("{f:e}"));
    if digits.last().is_none_or(|d| d % 2 == 0) {
        return (text(digits), n);
    }
    // A double's decimal expansion ends within 767 significant digits: 800 are all of it.
    let (exact, exact_n) = split(&format!("{f:.800e}"));
    let k = digits.len();
    let tie = exact.get(k) == Some(&b'5') && exact[k + 1..].iter().all(|&d| d == b'0');
    if !tie {
        return (text(digits), n);
    }
    // Halfway between `low` and the next number of k digits: the even one of the two.
    let (mut even, mut even_n) = (exact[..k].to_vec(), exact_n);
    if even.last().is_some_and(|d| d % 2 == 1) {
        let mut i = k;
        while i > 0 && even[i - 1] == b'9' {
            even[i - 1] = b'0';
            i -= 1;
        }
        match i {
            0 => {
                even.insert(0, b'1');
                even_n += 1;
            }
            _ => even[i - 1] += 1,
        }
    }
    while even.len() > 1 && even.last() == Some(&b'0') {
        even.pop();
    }
    let even = text(even);
    // ECMAScript takes it only if it reads back as `f` (near a power of two it may not).
    match format!("0.{even}e{even_n}").parse::<f64>() {
        Ok(back) if back == f => (even, even_n),
        _ => (text(digits), n),
    }
}

/// A JavaScript object's keys in `for…in` order: array indices (canonical integers up to
/// 2³²−2) first, ascending, then the other keys as inserted.
fn js_order(node: &Node) -> Vec<(PhpKey<'_>, Place, &Node)> {
    let mut all = entries(node);
    if matches!(node.value, Value::Object(_)) {
        let index = |k: &PhpKey| matches!(k, PhpKey::Int(i) if (0..=4_294_967_294).contains(i));
        let (mut indices, others): (Vec<_>, Vec<_>) = all.into_iter().partition(|e| index(&e.0));
        indices.sort_by_key(|e| match e.0 {
            PhpKey::Int(i) => i,
            PhpKey::Str(_) => 0,
        });
        indices.extend(others);
        all = indices;
    }
    all
}

/// The text `prepareData` builds, kept as its pieces between `&`: an empty piece is what its
/// `data += (str ? '&' : '') + str` leaves when a level has no scalar before its first nested
/// value.
#[derive(Default)]
struct Text {
    pieces: Vec<(Option<Segment>, String)>,
}

impl Text {
    fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }
}

/// BX24.js `prepareData(params)`: what `BX24.callMethod` appends after `auth=…&`.
pub fn prepare_data(node: &Node, base: &str, under: Option<&str>) -> Body {
    let mut notes = Vec::new();
    let (wrapped, top) = start(node, base, under);
    let text = if wrapped.is_empty() {
        prepare(node, &top, &mut notes)
    } else {
        // `{fields: definition}`: one nested value at the top.
        let mut data = Text::default();
        for (_, _, path) in wrapped {
            let inner = nested(node, &path, &mut notes);
            append(&mut data, inner);
        }
        data
    };
    let mut body = Body {
        notes,
        ..Body::default()
    };
    for (segment, wire) in text.pieces {
        let segment = segment.unwrap_or(Segment::Empty(node.opening()));
        body.piece(segment, &wire);
    }
    body
}

/// `data += (str ? '&' : '') + str`.
fn append(data: &mut Text, s: Text) {
    if s.is_empty() {
        return;
    }
    if data.is_empty() {
        data.pieces.push((None, String::new()));
    }
    data.pieces.extend(s.pieces);
}

fn prepare(node: &Node, path: &Path, notes: &mut Vec<Note>) -> Text {
    let mut data = Text::default();
    let mut objects = Vec::new();
    for (key, place, value) in js_order(node) {
        let path = path.push(key.to_string(), place);
        let text = match &value.value {
            Value::Null | Value::Array(_) | Value::Object(_) => {
                objects.push((path, value));
                continue;
            }
            Value::Bool(b) => {
                let to = b.to_string();
                notes.push(note(value, &path, Change::Text(to.clone())));
                to
            }
            Value::Number(n) => {
                let to = js_number(n.float);
                if changes_number(n.float, n.int, &to) {
                    notes.push(note(value, &path, Change::Text(to.clone())));
                }
                to
            }
            Value::String(s) => s.clone(),
        };
        let wire = format!(
            "{}={}",
            path.wire(encode_uri_component, "[", "]"),
            encode_uri_component(&text)
        );
        data.pieces.push((Some(var(&path, text, value.span)), wire));
    }
    for (path, value) in objects {
        let inner = nested(value, &path, notes);
        append(&mut data, inner);
    }
    data
}

/// What `prepareData` writes for a nested value: nothing for `null` and `{}`, `name=` for `[]`.
fn nested(value: &Node, path: &Path, notes: &mut Vec<Note>) -> Text {
    match &value.value {
        Value::Null => {
            notes.push(note(value, path, Change::Vanished));
            Text::default()
        }
        Value::Array(items) if items.is_empty() => {
            notes.push(note(value, path, Change::EmptyString));
            let wire = format!("{}=", path.wire(encode_uri_component, "[", "]"));
            Text {
                pieces: vec![(Some(var(path, String::new(), value.span)), wire)],
            }
        }
        _ => {
            if value.entries().is_some_and(|e| e.is_empty()) {
                notes.push(note(value, path, Change::Vanished));
            }
            prepare(value, path, notes)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tie_between_two_shortest_spellings_takes_the_even_digit() {
        // node -p 'String(1733936667668015.25)' prints 1733936667668015.2; Rust's {:e} ends in 3.
        // The doubles are exactly ….25 and ….125 (written as sums, which are exact).
        assert_eq!(
            js_number(1_733_936_667_668_015.0 + 0.25),
            "1733936667668015.2"
        );
        assert_eq!(
            js_number(-874_380_359_708_141.0 - 0.25),
            "-874380359708141.2"
        );
        assert_eq!(
            js_number(280_749_418_864_777.0 + 0.125),
            "280749418864777.12"
        );
        // No tie: the one nearest.
        assert_eq!(js_number(1733936667668015.5), "1733936667668015.5");
        assert_eq!(js_number(0.30000000000000004), "0.30000000000000004");
        assert_eq!(js_number(1e21), "1e+21");
        assert_eq!(js_number(1.5e-7), "1.5e-7");
    }

    fn doc(text: &str) -> Node {
        crate::json::parse(text.as_bytes()).unwrap().root
    }

    /// The pieces of a body as (name, value) text, an empty piece as `None`.
    fn pieces(body: &Body) -> Vec<Option<(String, String)>> {
        body.segments
            .iter()
            .map(|s| match s {
                Segment::Empty(_) => None,
                Segment::Var(v) => Some((
                    String::from_utf8(v.name.clone()).unwrap(),
                    String::from_utf8(v.value.clone()).unwrap(),
                )),
            })
            .collect()
    }

    /// The cases of spec §6 C9, as BX24.js's `prepareData` writes them.
    #[test]
    fn bx24_writes_booleans_as_words_drops_null_and_empty_objects_and_sends_empty_lists_as_text() {
        let body = prepare_data(
            &doc(
                r#"{"fields": {"settings": [], "a": true, "n": null, "o": {}, "x": {"y": 1}, "b": false, "s": "t u"}}"#,
            ),
            "",
            None,
        );
        // Plain values first, in order; then the nested ones: `[]` as `name=`, `null` and `{}`
        // as nothing. A level with no plain value before its first nested one leaves an
        // empty piece (`data += '&' + str` on an empty `data`).
        assert_eq!(
            body.wire,
            "&fields[a]=true&fields[b]=false&fields[s]=t%20u&fields[settings]=&fields[x][y]=1"
        );
        assert_eq!(pieces(&body)[0], None);
        assert_eq!(
            pieces(&body)[4],
            Some(("fields[settings]".to_string(), String::new()))
        );
        let changes: Vec<(&str, &Change)> = body
            .notes
            .iter()
            .map(|n| (n.pointer.as_str(), &n.change))
            .collect();
        assert_eq!(
            changes,
            [
                ("/fields/a", &Change::Text("true".to_string())),
                ("/fields/b", &Change::Text("false".to_string())),
                ("/fields/settings", &Change::EmptyString),
                ("/fields/n", &Change::Vanished),
                ("/fields/o", &Change::Vanished),
            ]
        );
    }

    #[test]
    fn bx24_puts_integer_keys_first_as_javascript_objects_do() {
        let body = prepare_data(
            &doc(r#"{"b": "1", "2": "x", "1": "y", "-3": "z"}"#),
            "",
            None,
        );
        assert_eq!(body.wire, "1=y&2=x&b=1&-3=z");
        // A list keeps its order.
        let body = prepare_data(&doc(r#"{"l": ["c", "a"]}"#), "", None);
        assert_eq!(body.wire, "&l[0]=c&l[1]=a");
    }

    #[test]
    fn bx24_writes_numbers_as_javascript_does() {
        let body = prepare_data(
            &doc(r#"{"i": 100, "f": 1.5, "e": 1e21, "big": 9007199254740993}"#),
            "",
            None,
        );
        assert_eq!(body.wire, "i=100&f=1.5&e=1e%2B21&big=9007199254740992");
        // Only the number whose digits changed is noted.
        let noted: Vec<&str> = body.notes.iter().map(|n| n.pointer.as_str()).collect();
        assert_eq!(noted, ["/big"]);
    }

    /// The cases of spec §6 C9, as PHP's `http_build_query` writes them.
    #[test]
    fn crest_writes_booleans_as_digits_and_drops_null_and_empty_arrays() {
        let body = http_build_query(
            &doc(
                r#"{"fields": {"settings": [], "a": true, "n": null, "o": {}, "b": false, "f": 0.30000000000000004, "s": "t u"}}"#,
            ),
            "",
            None,
        );
        assert_eq!(
            body.wire,
            "fields%5Ba%5D=1&fields%5Bb%5D=0&fields%5Bf%5D=0.3&fields%5Bs%5D=t+u"
        );
        let changes: Vec<(&str, &Change)> = body
            .notes
            .iter()
            .map(|n| (n.pointer.as_str(), &n.change))
            .collect();
        assert_eq!(
            changes,
            [
                ("/fields/settings", &Change::Vanished),
                ("/fields/a", &Change::Text("1".to_string())),
                ("/fields/n", &Change::Vanished),
                ("/fields/o", &Change::Vanished),
                ("/fields/b", &Change::Text("0".to_string())),
                ("/fields/f", &Change::Text("0.3".to_string())),
            ]
        );
    }

    #[test]
    fn a_bare_definition_is_written_under_fields() {
        let def = doc(r#"{"title": "T"}"#);
        assert_eq!(
            http_build_query(&def, "", Some("fields")).wire,
            "fields%5Btitle%5D=T"
        );
        assert_eq!(
            prepare_data(&def, "", Some("fields")).wire,
            "&fields[title]=T"
        );
    }
}
