//! A strict JSON reader with the acceptance rules of PHP's `json_decode` (RFC 8259, UTF-8,
//! depth limit), keeping byte spans. Recursion is bounded by [`MAX_DEPTH`], so hostile nesting
//! is reported, never a stack overflow.

use super::tree::{Member, Node, Number, Value};
use crate::span::Span;

/// PHP decodes request bodies with its default depth of 512, which admits at most 511 nested
/// arrays and objects (spec §6 C3).
pub const MAX_DEPTH: usize = 511;

/// Why the text is not JSON that PHP would decode, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// A parsed document and the deepest array/object nesting seen in it.
#[derive(Debug)]
pub struct Parsed {
    pub root: Node,
    pub max_depth: usize,
    /// Where the deepest nesting is first reached (the opening brace or bracket).
    pub deepest_at: usize,
}

/// Parses `text` as PHP's `json_decode` would, or says where and why it would refuse it.
pub fn parse(text: &[u8]) -> Result<Parsed, SyntaxError> {
    if text.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(err(
            Span::new(0, 3),
            "the file starts with a byte order mark (U+FEFF); JSON does not allow it",
        ));
    }
    let mut p = Parser {
        text,
        pos: 0,
        depth: 0,
        max_depth: 0,
        deepest_at: 0,
    };
    p.skip_ws()?;
    if p.pos == text.len() {
        return Err(err(
            Span::new(0, 0),
            "the input is empty: there is no JSON value",
        ));
    }
    let root = p.value()?;
    p.skip_ws()?;
    if p.pos < text.len() {
        return Err(err(
            p.char_span(),
            &format!(
                "unexpected {} after the end of the JSON value",
                describe(text, p.pos)
            ),
        ));
    }
    Ok(Parsed {
        root,
        max_depth: p.max_depth,
        deepest_at: p.deepest_at,
    })
}

fn err(span: Span, message: &str) -> SyntaxError {
    SyntaxError {
        span,
        message: message.to_string(),
    }
}

/// A human name for the character at `pos`.
fn describe(text: &[u8], pos: usize) -> String {
    match char_at(text, pos) {
        Some(c) if c.is_control() || c.is_whitespace() => format!("character U+{:04X}", c as u32),
        Some(c) => format!("character `{c}`"),
        None => format!("byte 0x{:02X}", text[pos]),
    }
}

fn char_at(text: &[u8], pos: usize) -> Option<char> {
    let end = (pos + 4).min(text.len());
    let chunk = &text[pos..end];
    let valid = match std::str::from_utf8(chunk) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&chunk[..e.valid_up_to()]).ok()?,
    };
    valid.chars().next()
}

struct Parser<'a> {
    text: &'a [u8],
    pos: usize,
    depth: usize,
    max_depth: usize,
    deepest_at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    /// The span of the (possibly multi-byte) character at the cursor.
    fn char_span(&self) -> Span {
        let len = char_at(self.text, self.pos).map_or(1, char::len_utf8);
        Span::new(self.pos, (self.pos + len).min(self.text.len()))
    }

    fn eof(&self, what: &str) -> SyntaxError {
        err(
            Span::new(self.text.len(), self.text.len()),
            &format!("unexpected end of input {what}"),
        )
    }

    fn skip_ws(&mut self) -> Result<(), SyntaxError> {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' if matches!(self.text.get(self.pos + 1), Some(b'/' | b'*')) => {
                    return Err(err(
                        Span::new(self.pos, self.pos + 2),
                        "comments are not allowed in JSON",
                    ))
                }
                _ => break,
            }
        }
        Ok(())
    }

    /// Reads one value. Containers are handled with an explicit stack, not recursion, so the
    /// depth of the input never touches the call stack.
    fn value(&mut self) -> Result<Node, SyntaxError> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            // Read the start of a value: a scalar, or the opening of a container.
            let mut node = match self.peek() {
                Some(open @ (b'{' | b'[')) => {
                    let start = self.pos;
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(err(
                            Span::at(start),
                            &format!(
                                "nesting deeper than {MAX_DEPTH} arrays/objects; PHP's decoder (depth 512) rejects the body"
                            ),
                        ));
                    }
                    if self.depth > self.max_depth {
                        self.max_depth = self.depth;
                        self.deepest_at = start;
                    }
                    self.pos += 1;
                    self.skip_ws()?;
                    let object = open == b'{';
                    let close = if object { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        self.depth -= 1;
                        let value = if object {
                            Value::Object(Vec::new())
                        } else {
                            Value::Array(Vec::new())
                        };
                        Node {
                            span: Span::new(start, self.pos),
                            value,
                        }
                    } else {
                        let key = if object { Some(self.key()?) } else { None };
                        stack.push(Frame {
                            start,
                            object,
                            key,
                            items: Vec::new(),
                            members: Vec::new(),
                        });
                        continue;
                    }
                }
                _ => self.scalar()?,
            };
            // Attach the finished value to its container; close containers that end here.
            loop {
                let Some(top) = stack.last_mut() else {
                    return Ok(node);
                };
                match top.key.take() {
                    Some((key, key_span)) => top.members.push(Member {
                        key,
                        key_span,
                        value: node,
                    }),
                    None => top.items.push(node),
                }
                self.skip_ws()?;
                let close = if top.object { b'}' } else { b']' };
                match self.peek() {
                    Some(b',') => {
                        let comma = self.pos;
                        self.pos += 1;
                        self.skip_ws()?;
                        if matches!(self.peek(), Some(b'}' | b']')) {
                            return Err(err(
                                Span::at(comma),
                                "trailing comma: remove the `,` before the closing bracket",
                            ));
                        }
                        if top.object {
                            let key = self.key()?;
                            if let Some(top) = stack.last_mut() {
                                top.key = Some(key);
                            }
                        }
                        break;
                    }
                    Some(b) if b == close => {
                        self.pos += 1;
                        self.depth -= 1;
                        let frame = stack.pop().expect("a frame is open");
                        let value = if frame.object {
                            Value::Object(frame.members)
                        } else {
                            Value::Array(frame.items)
                        };
                        node = Node {
                            span: Span::new(frame.start, self.pos),
                            value,
                        };
                    }
                    None => {
                        return Err(self.eof(if top.object {
                            "inside an object: `}` is missing"
                        } else {
                            "inside a list: `]` is missing"
                        }))
                    }
                    Some(_) => {
                        let expected = if top.object {
                            "`,` or `}`"
                        } else {
                            "`,` or `]`"
                        };
                        return Err(err(
                            self.char_span(),
                            &format!(
                                "unexpected {}, expected {expected}",
                                describe(self.text, self.pos)
                            ),
                        ));
                    }
                }
            }
            self.skip_ws()?;
        }
    }

    fn scalar(&mut self) -> Result<Node, SyntaxError> {
        let start = self.pos;
        let Some(b) = self.peek() else {
            return Err(self.eof("where a value was expected"));
        };
        let value = match b {
            b'"' => Value::String(self.string()?),
            b'-' | b'0'..=b'9' => Value::Number(self.number()?),
            b't' => self.literal("true", Value::Bool(true))?,
            b'f' => self.literal("false", Value::Bool(false))?,
            b'n' => self.literal("null", Value::Null)?,
            b'\'' => {
                return Err(err(
                    self.char_span(),
                    "strings must be enclosed in double quotes, not single quotes",
                ))
            }
            _ => return Err(self.unexpected_word("a value")),
        };
        Ok(Node {
            span: Span::new(start, self.pos),
            value,
        })
    }

    /// An error for a bare word or stray character where a value or key was expected, naming
    /// the JavaScript-only literals that PHP refuses.
    fn unexpected_word(&self, expected: &str) -> SyntaxError {
        let rest = &self.text[self.pos..];
        let word_len = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'$')
            .count();
        if word_len > 0 {
            let word = String::from_utf8_lossy(&rest[..word_len]);
            let span = Span::new(self.pos, self.pos + word_len);
            let message = match &*word {
                "NaN" | "Infinity" => {
                    format!("`{word}` is not a JSON value; PHP's decoder rejects it")
                }
                "True" | "TRUE" | "False" | "FALSE" | "Null" | "NULL" | "None" | "undefined" => {
                    format!("`{word}` is not a JSON literal; write `true`, `false` or `null` in lower case")
                }
                _ => format!("unexpected word `{word}`, expected {expected}"),
            };
            return err(span, &message);
        }
        if rest.first() == Some(&b'+') {
            return err(self.char_span(), "a number must not start with `+`");
        }
        if rest.first() == Some(&b'.') {
            return err(self.char_span(), "a number must have a digit before `.`");
        }
        err(
            self.char_span(),
            &format!(
                "unexpected {}, expected {expected}",
                describe(self.text, self.pos)
            ),
        )
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        let end = self.pos + word.len();
        let followed_by_word = self
            .text
            .get(end)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        if self.text.get(self.pos..end) == Some(word.as_bytes()) && !followed_by_word {
            self.pos = end;
            Ok(value)
        } else {
            Err(self.unexpected_word("a value"))
        }
    }

    fn number(&mut self) -> Result<Number, SyntaxError> {
        let start = self.pos;
        let t = self.text;
        let mut i = self.pos;
        let bad = |i: usize, msg: &str| err(Span::new(start, i.max(start + 1)), msg);
        if t.get(i) == Some(&b'-') {
            i += 1;
        }
        match t.get(i) {
            Some(b'0') => {
                i += 1;
                if t.get(i).is_some_and(u8::is_ascii_digit) {
                    return Err(bad(i + 1, "a number must not have leading zeros"));
                }
            }
            Some(b'1'..=b'9') => {
                while t.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
            _ => {
                if t[i..].starts_with(b"Infinity") {
                    return Err(err(
                        Span::new(start, i + 8),
                        "`-Infinity` is not a JSON value; PHP's decoder rejects it",
                    ));
                }
                return Err(bad(i, "a `-` must be followed by digits"));
            }
        }
        let mut integral = true;
        if t.get(i) == Some(&b'.') {
            integral = false;
            i += 1;
            if !t.get(i).is_some_and(u8::is_ascii_digit) {
                return Err(bad(i, "a number must have digits after `.`"));
            }
            while t.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        if matches!(t.get(i), Some(b'e' | b'E')) {
            integral = false;
            i += 1;
            if matches!(t.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !t.get(i).is_some_and(u8::is_ascii_digit) {
                return Err(bad(i, "an exponent must have digits"));
            }
            while t.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        if t.get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
        {
            let mut j = i;
            while t
                .get(j)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
            {
                j += 1;
            }
            return Err(bad(
                j,
                "invalid number (hexadecimal, octal, separators and suffixes are not JSON)",
            ));
        }
        self.pos = i;
        // The slice holds only ASCII digits, signs, dots and exponents.
        let raw = std::str::from_utf8(&t[start..i]).unwrap_or_default();
        Ok(decode_number(raw, integral))
    }

    /// Reads a string token; the cursor is on the opening quote.
    fn string(&mut self) -> Result<String, SyntaxError> {
        let t = self.text;
        let open = self.pos;
        self.pos += 1;
        // Most strings have no escapes: find the closing quote first and copy once.
        let rest = &t[self.pos..];
        if let Some(len) = memchr::memchr2(b'"', b'\\', rest) {
            let run = &rest[..len];
            // A branch-free fold, so that the compiler vectorises the control-character test.
            let control = run.iter().fold(false, |acc, &b| acc | (b < 0x20));
            if rest[len] == b'"' && !control {
                if let Ok(s) = std::str::from_utf8(run) {
                    self.pos += len + 1;
                    return Ok(s.to_string());
                }
            }
        }
        let mut out: Vec<u8> = Vec::new();
        let mut run_start = self.pos;
        loop {
            let Some(&b) = t.get(self.pos) else {
                return Err(err(
                    Span::new(open, t.len()),
                    "unterminated string: the input ends before the closing quote",
                ));
            };
            match b {
                b'"' => {
                    out.extend_from_slice(&t[run_start..self.pos]);
                    self.pos += 1;
                    break;
                }
                b'\\' => {
                    out.extend_from_slice(&t[run_start..self.pos]);
                    self.escape(&mut out)?;
                    run_start = self.pos;
                }
                0x00..=0x1F => {
                    let hint = match b {
                        b'\n' => " (write it as \\n)",
                        b'\r' => " (write it as \\r)",
                        b'\t' => " (write it as \\t)",
                        _ => "",
                    };
                    return Err(err(
                        Span::at(self.pos),
                        &format!(
                            "raw control character U+{b:04X} inside a string; JSON requires it to be escaped{hint}"
                        ),
                    ));
                }
                _ => self.pos += 1,
            }
        }
        String::from_utf8(out).map_err(|e| {
            // Map the first invalid byte back to the text: escapes only produce valid UTF-8, so
            // the invalid byte is a raw one inside this token.
            let _ = e;
            let raw_pos =
                locate_invalid_utf8(&t[open + 1..self.pos - 1]).map_or(open, |p| open + 1 + p);
            err(
                Span::new(raw_pos, raw_pos),
                &format!(
                    "invalid UTF-8 (byte 0x{:02X}) inside a string; PHP's decoder rejects the body",
                    t[raw_pos]
                ),
            )
        })
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), SyntaxError> {
        let t = self.text;
        let at = self.pos;
        let Some(&c) = t.get(at + 1) else {
            return Err(self.eof("inside a string escape"));
        };
        let simple = match c {
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            b'/' => Some(b'/'),
            b'b' => Some(0x08),
            b'f' => Some(0x0C),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            _ => None,
        };
        if let Some(byte) = simple {
            out.push(byte);
            self.pos += 2;
            return Ok(());
        }
        if c != b'u' {
            let span = Span::new(at, at + 1 + char_at(t, at + 1).map_or(1, char::len_utf8));
            return Err(err(
                span,
                &format!(
                    "invalid escape `\\{}`; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
                    char_at(t, at + 1).unwrap_or('?')
                ),
            ));
        }
        let first = self.hex4(at)?;
        self.pos = at + 6;
        let code = match first {
            0xD800..=0xDBFF => {
                let low = (t.get(self.pos) == Some(&b'\\') && t.get(self.pos + 1) == Some(&b'u'))
                    .then(|| self.hex4(self.pos))
                    .transpose()?;
                match low {
                    Some(low @ 0xDC00..=0xDFFF) => {
                        self.pos += 6;
                        0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
                    }
                    _ => return Err(lone_surrogate(at, first)),
                }
            }
            0xDC00..=0xDFFF => return Err(lone_surrogate(at, first)),
            c => c,
        };
        let ch = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
        let mut buf = [0u8; 4];
        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        Ok(())
    }

    /// The four hex digits after the `\u` that starts at `at`.
    fn hex4(&self, at: usize) -> Result<u32, SyntaxError> {
        let digits = self.text.get(at + 2..at + 6);
        let parsed = digits
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .and_then(|d| u32::from_str_radix(std::str::from_utf8(d).ok()?, 16).ok());
        parsed.ok_or_else(|| {
            let end = (at + 6).min(self.text.len());
            err(
                Span::new(at, end),
                "a \\u escape needs exactly four hexadecimal digits",
            )
        })
    }

    /// Reads `"key"` and the `:` after it; the cursor is on the key.
    fn key(&mut self) -> Result<(String, Span), SyntaxError> {
        let key_start = self.pos;
        match self.peek() {
            Some(b'"') => {}
            None => return Err(self.eof("inside an object: `}` is missing")),
            Some(b'\'') => {
                return Err(err(
                    self.char_span(),
                    "object keys must be enclosed in double quotes, not single quotes",
                ))
            }
            Some(_) => return Err(self.unexpected_word("a double-quoted key")),
        }
        let key = self.string()?;
        let key_span = Span::new(key_start, self.pos);
        self.skip_ws()?;
        match self.peek() {
            Some(b':') => self.pos += 1,
            None => return Err(self.eof("after an object key: `:` is missing")),
            Some(_) => {
                return Err(err(
                    self.char_span(),
                    &format!("unexpected {}, expected `:`", describe(self.text, self.pos)),
                ))
            }
        }
        self.skip_ws()?;
        Ok((key, key_span))
    }
}

/// An open array or object while parsing.
struct Frame {
    start: usize,
    object: bool,
    /// The key whose value is being read (objects only).
    key: Option<(String, Span)>,
    items: Vec<Node>,
    members: Vec<Member>,
}

fn lone_surrogate(at: usize, unit: u32) -> SyntaxError {
    err(
        Span::new(at, at + 6),
        &format!("lone surrogate escape `\\u{unit:04X}`; PHP's decoder rejects the body"),
    )
}

fn locate_invalid_utf8(raw: &[u8]) -> Option<usize> {
    std::str::from_utf8(raw).err().map(|e| e.valid_up_to())
}

/// Decodes a JSON number token: integers that fit 64 bits stay integers, everything else
/// (fractions, exponents, integers beyond 64 bits) becomes a double, `1e999` becoming infinite.
pub fn decode_number(raw: &str, integral: bool) -> Number {
    let float = raw.parse::<f64>().unwrap_or(f64::NAN);
    let int = if integral {
        raw.parse::<i64>().ok()
    } else {
        None
    };
    Number { int, float }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fails(text: &str) -> SyntaxError {
        parse(text.as_bytes()).expect_err(text)
    }

    #[test]
    fn accepts_what_php_accepts() {
        for ok in [
            "{}",
            "[]",
            " {\"a\":[1,-0,0.5,1e999,true,false,null]} \n",
            "\"x\"",
            "5",
            "{\"a\":\"\\ud83d\\ude00\\u00e9\\/\"}",
        ] {
            assert!(parse(ok.as_bytes()).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_what_php_rejects() {
        let cases = [
            ("\u{feff}{}", 0),
            ("{} x", 3),
            ("{\"a\":1,}", 6),
            ("[1,]", 2),
            ("{\"a\":NaN}", 5),
            ("[Infinity]", 1),
            ("[-Infinity]", 1),
            ("// c\n{}", 0),
            ("{/* c */}", 1),
            ("[\"a\tb\"]", 3),
            ("[\"\\ud800\"]", 2),
            ("[\"\\udc00x\"]", 2),
            ("[\"\\ud800\\u0041\"]", 2),
            ("[01]", 1),
            ("[+1]", 1),
            ("[.5]", 1),
            ("[5.]", 1),
            ("[0x1A]", 1),
            ("[TRUE]", 1),
            ("{'a':1}", 1),
            ("{a:1}", 1),
            ("[\"\\x\"]", 2),
            ("", 0),
            ("   ", 0),
            ("{\"a\":", 5),
            ("[\"abc", 1),
        ];
        for (text, offset) in cases {
            let e = fails(text);
            assert_eq!(e.span.start, offset, "{text:?}: {}", e.message);
        }
    }

    #[test]
    fn invalid_utf8_is_located() {
        let e = parse(b"[\"ab\xFFc\"]").unwrap_err();
        assert_eq!(e.span.start, 4);
        assert!(e.message.contains("0xFF"), "{}", e.message);
    }

    #[test]
    fn depth_limit_is_511() {
        let ok = format!("{}{}", "[".repeat(511), "]".repeat(511));
        assert_eq!(parse(ok.as_bytes()).unwrap().max_depth, 511);
        let deep = format!("{}{}", "[".repeat(512), "]".repeat(512));
        let e = parse(deep.as_bytes()).unwrap_err();
        assert_eq!(e.span.start, 511);
    }

    #[test]
    fn a_million_brackets_do_not_overflow() {
        let deep = "[".repeat(1_000_000);
        assert!(parse(deep.as_bytes()).is_err());
    }

    #[test]
    fn spans_and_duplicates_are_kept() {
        let doc = parse(br#"{"a": 1, "b": "x", "a": [2]}"#).unwrap().root;
        let Value::Object(members) = &doc.value else {
            panic!()
        };
        assert_eq!(members.len(), 3);
        assert_eq!(members[2].key_span, Span::new(19, 22));
        assert_eq!(members[1].value.span, Span::new(14, 17));
        let entries = doc.entries().unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].key_span, Some(Span::new(1, 4)));
        assert_eq!(entries[0].value.span, Span::new(24, 27));
    }
}
