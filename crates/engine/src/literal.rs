//! Code pasted where a JSON body belongs: a JavaScript object literal or a PHP array, alone,
//! assigned to a variable, or passed to a REST call (`BX24.callMethod(…)`, `CRest::call(…)`).
//! [`convert`] recognises it and writes the JSON it stands for, with a map from every byte
//! range of that JSON back to the source tokens it was written from, so findings on the JSON
//! can point into the pasted text.
//!
//! A small tokenizer reads both languages; the parser then follows the one the text is in.
//! Nesting is bounded by [`MAX_DEPTH`], as in the JSON parser.

use crate::json::MAX_DEPTH;
use crate::span::Span;

/// The language of a pasted literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    Js,
    Php,
}

/// The REST call the literal is an argument of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Call {
    /// The callee as written without spaces and comments (`BX24.callMethod`, `CRest::call`).
    pub callee: String,
    /// From the callee's first token to the method name's closing quote.
    pub head: Span,
    /// The method name when it is a plain string, with its token.
    pub method: Option<(String, Span)>,
}

/// A recognised literal and its JSON equivalent.
#[derive(Debug)]
pub(crate) struct Converted {
    pub lang: Lang,
    pub call: Option<Call>,
    /// The literal that holds the parameters, in the source.
    pub literal: Span,
    /// The pretty-printed JSON document, ending with a line end.
    pub json: String,
    /// Whether `json` is an envelope `{"method": …, "params": …}`.
    pub envelope: bool,
    map: Map,
}

/// What a text that is not JSON turned out to be.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Nothing that reads as pasted code.
    NotLiteral,
    /// Evidently JavaScript or PHP, but it does not read as a literal either.
    Broken {
        lang: Lang,
        /// The REST call the literal is passed to, by its callee.
        callee: Option<String>,
        problem: String,
        span: Span,
    },
    Literal(Box<Converted>),
}

impl Converted {
    /// The span in the source of a span of [`Converted::json`].
    pub fn map_span(&self, span: Span) -> Span {
        self.map.span(span)
    }
}

/// Recognises pasted code in `text` and converts it. A call naming a method other than
/// `default_method` becomes an envelope, so that the JSON keeps the method it was written for.
pub(crate) fn convert(text: &[u8], default_method: &str) -> Outcome {
    let Ok(src) = std::str::from_utf8(text) else {
        return Outcome::NotLiteral;
    };
    let (toks, stop) = tokenize(src);
    let lang = guess_lang(&toks, src);
    let whole = whole_text(src, &toks, stop.as_ref(), lang);
    if let Some(outcome) = whole {
        return outcome;
    }
    if let Some(outcome) = find_call(src, &toks, stop.as_ref(), default_method) {
        return outcome;
    }
    // A value that starts the text but neither ends it nor is an argument.
    let mut p = Parser::new(src, &toks, lang, stop.as_ref());
    p.skip_prefix();
    match p.value() {
        Err(fail) if p.evidence => Outcome::Broken {
            lang,
            callee: None,
            problem: fail.problem,
            span: fail.span,
        },
        Ok(_) if p.evidence && p.i == toks.len() && stop.is_some() => {
            let stop = stop.expect("checked");
            Outcome::Broken {
                lang,
                callee: None,
                problem: stop.problem.to_string(),
                span: stop.span,
            }
        }
        Ok(_) if p.evidence && p.i < toks.len() => Outcome::Broken {
            lang,
            callee: None,
            problem: format!("unexpected {} after the literal", describe(src, &toks[p.i])),
            span: toks[p.i].span,
        },
        _ => Outcome::NotLiteral,
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A quoted string; the byte is its quote.
    Str(u8),
    Ident,
    Num,
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Kind,
    span: Span,
}

/// Why tokenizing stopped early, and where.
#[derive(Debug, Clone)]
struct Stop {
    span: Span,
    problem: &'static str,
}

/// The tokens of `src`, comments skipped, up to the first thing no token can be made of.
fn tokenize(src: &str) -> (Vec<Tok>, Option<Stop>) {
    let t = src.as_bytes();
    let mut toks = Vec::new();
    let mut i = 0;
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80;
    while i < t.len() {
        let b = t[i];
        let start = i;
        let kind = match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0C => {
                i += 1;
                continue;
            }
            // A byte order mark, and the no-break spaces a web page's code sample often has.
            0xC2 if t.get(i + 1) == Some(&0xA0) => {
                i += 2;
                continue;
            }
            0xEF if t.get(i + 1..i + 3) == Some(&[0xBB, 0xBF][..]) => {
                i += 3;
                continue;
            }
            b'/' if t.get(i + 1) == Some(&b'/') => {
                while i < t.len() && t[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'#' if t.get(i + 1) != Some(&b'[') => {
                while i < t.len() && t[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if t.get(i + 1) == Some(&b'*') => {
                match src[i + 2..].find("*/") {
                    Some(end) => i += 2 + end + 2,
                    None => {
                        let stop = Stop {
                            span: Span::new(i, i + 2),
                            problem: "a `/*` comment is not closed",
                        };
                        return (toks, Some(stop));
                    }
                }
                continue;
            }
            b'\'' | b'"' | b'`' => {
                i += 1;
                loop {
                    match t.get(i) {
                        None => {
                            let stop = Stop {
                                span: Span::at(start),
                                problem: "a string is not closed",
                            };
                            return (toks, Some(stop));
                        }
                        Some(b'\\') => i += 2,
                        Some(&c) if c == b => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                Kind::Str(b)
            }
            b'0'..=b'9' => {
                number_end(t, &mut i);
                Kind::Num
            }
            b'.' if t.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                number_end(t, &mut i);
                Kind::Num
            }
            _ if ident(b) => {
                while i < t.len() && ident(t[i]) {
                    i += 1;
                }
                Kind::Ident
            }
            _ => {
                let rest = &t[i..];
                let len = if rest.len() >= 5 && rest[..5].eq_ignore_ascii_case(b"<?php") {
                    5
                } else if rest.starts_with(b"?->") || rest.starts_with(b"...") {
                    3
                } else if [&b"=>"[..], b"::", b"->", b"?>"]
                    .iter()
                    .any(|p| rest.starts_with(p))
                {
                    2
                } else {
                    src[i..].chars().next().map_or(1, char::len_utf8)
                };
                i += len;
                Kind::Punct
            }
        };
        toks.push(Tok {
            kind,
            span: Span::new(start, i.min(t.len())),
        });
    }
    (toks, None)
}

/// Moves `i` past a number token: digits, letters, `_`, `.`, and a sign after an exponent.
fn number_end(t: &[u8], i: &mut usize) {
    let hex = t.get(*i) == Some(&b'0') && matches!(t.get(*i + 1), Some(b'x' | b'X'));
    while let Some(&b) = t.get(*i) {
        let sign = matches!(b, b'+' | b'-') && !hex && matches!(t.get(*i - 1), Some(b'e' | b'E'));
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || sign {
            *i += 1;
        } else {
            break;
        }
    }
}

fn tok_text<'s>(src: &'s str, tok: &Tok) -> &'s str {
    &src[tok.span.start..tok.span.end]
}

fn describe(src: &str, tok: &Tok) -> String {
    format!("`{}`", tok_text(src, tok))
}

/// PHP when the text has PHP's own syntax (`=>`, `array(`, `<?php`, `::`, `->`, `$name =`);
/// JavaScript otherwise.
fn guess_lang(toks: &[Tok], src: &str) -> Lang {
    for (k, tok) in toks.iter().enumerate() {
        let s = tok_text(src, tok);
        let next = toks.get(k + 1).map(|t| tok_text(src, t));
        let php = match tok.kind {
            Kind::Punct => {
                matches!(s, "=>" | "::" | "->" | "?->") || s.eq_ignore_ascii_case("<?php")
            }
            Kind::Ident => {
                (s.eq_ignore_ascii_case("array") && next == Some("("))
                    || (s.starts_with('$') && next == Some("=") && k == 0)
            }
            _ => false,
        };
        if php {
            return Lang::Php;
        }
    }
    Lang::Js
}

// ---------------------------------------------------------------------------------------------
// Recognition

/// The whole text is one literal, maybe assigned (`const params = {…};`, `$params = […];`).
fn whole_text(src: &str, toks: &[Tok], stop: Option<&Stop>, lang: Lang) -> Option<Outcome> {
    let mut p = Parser::new(src, toks, lang, stop);
    p.skip_prefix();
    if !p.at_container() {
        return None;
    }
    let value = match p.value() {
        Ok(v) => v,
        Err(_) => return None,
    };
    if p.peek_is(";") {
        p.i += 1;
    }
    if p.peek_is("?>") {
        p.i += 1;
    }
    if p.i < toks.len() || stop.is_some() || !p.evidence {
        return None;
    }
    let literal = value.span();
    let (json, map) = write(src, &value, None);
    Some(Outcome::Literal(Box::new(Converted {
        lang,
        call: None,
        literal,
        json,
        envelope: false,
        map,
    })))
}

/// The names a REST call goes by in the SDKs: `BX24.callMethod`, `$b24.callMethod`,
/// `CRest::call`, `$b24Service->core->call`.
const CALLEES: &[&str] = &["callMethod", "call"];

/// The first REST call with a method name and a literal argument: `….callMethod('m', {…}`.
fn find_call(
    src: &str,
    toks: &[Tok],
    stop: Option<&Stop>,
    default_method: &str,
) -> Option<Outcome> {
    let text_at = |j: usize| toks.get(j).map(|t| tok_text(src, t));
    for k in 0..toks.len() {
        let tok = toks[k];
        let name = tok_text(src, &tok);
        if tok.kind != Kind::Ident || !CALLEES.contains(&name) && name != "make" {
            continue;
        }
        // TypeScript type arguments between the callee and its `(`: `make<Result>(`.
        let mut paren = k + 1;
        if text_at(paren) == Some("<") {
            let mut depth = 0usize;
            while let Some(t) = text_at(paren) {
                match t {
                    "<" => depth += 1,
                    ">" => depth -= 1,
                    _ => {}
                }
                paren += 1;
                if depth == 0 || paren > k + 64 {
                    break;
                }
            }
        }
        if text_at(paren) != Some("(") {
            continue;
        }
        let k_args = paren + 1;
        // The callee chain: `a.b.c`, `A::b`, `$a->b->c`.
        let mut first = k;
        let mut lang = Lang::Js;
        while first >= 2
            && matches!(text_at(first - 1), Some("." | "::" | "->" | "?->"))
            && toks[first - 2].kind == Kind::Ident
        {
            if text_at(first - 1) != Some(".") {
                lang = Lang::Php;
            }
            first -= 2;
        }
        if first == k {
            continue;
        }
        let callee: String = (first..=k).filter_map(text_at).collect();
        let mut p = Parser::new(src, toks, lang, stop);
        let positional = toks.get(k_args).filter(|t| matches!(t.kind, Kind::Str(_)));
        let (call, value) = match positional {
            // `….callMethod('method', {…}`
            Some(name)
                if CALLEES.contains(&tok_text(src, &tok)) && text_at(k_args + 1) == Some(",") =>
            {
                p.i = k_args + 2;
                let method = p.string(name).ok().map(|s| (s.text(), name.span));
                let call = Call {
                    callee,
                    head: Span::new(toks[first].span.start, name.span.end),
                    method,
                };
                (call, p.value())
            }
            // `….call.make({method: 'method', params: {…}, …}`
            None if lang == Lang::Js && text_at(k_args) == Some("{") => {
                p.i = k_args + 1;
                let Some((method, params)) = p.method_and_params() else {
                    continue;
                };
                let call = Call {
                    callee,
                    head: Span::new(toks[first].span.start, method.1.end),
                    method: Some(method),
                };
                (call, params)
            }
            _ => continue,
        };
        let broken = |problem: String, span: Span| {
            Some(Outcome::Broken {
                lang,
                callee: Some(call.callee.clone()),
                problem,
                span,
            })
        };
        let value = match value {
            Ok(v) if matches!(v, Lit::List { .. } | Lit::Object { .. }) => v,
            Ok(v) => {
                return broken(
                    format!(
                        "the parameters of {} are not an object or array",
                        call.callee
                    ),
                    v.span(),
                )
            }
            Err(fail) => return broken(fail.problem, fail.span),
        };
        if !matches!(text_at(p.i), Some("," | ")" | "}")) {
            let span = toks.get(p.i).map_or(Span::at(src.len()), |t| t.span);
            return broken(
                format!(
                    "expected `,` or `)` after the parameters of {}",
                    call.callee
                ),
                span,
            );
        }
        let envelope = call
            .method
            .as_ref()
            .filter(|(m, _)| m != default_method)
            .map(|(m, span)| (m.as_str(), *span, call.head));
        let (json, map) = write(src, &value, envelope);
        let literal = value.span();
        return Some(Outcome::Literal(Box::new(Converted {
            lang,
            literal,
            json,
            envelope: envelope.is_some(),
            map,
            call: Some(call),
        })));
    }
    None
}

// ---------------------------------------------------------------------------------------------
// The literal

/// One character of a decoded string and the source bytes it was written as.
#[derive(Debug, Clone, Copy)]
struct Unit {
    ch: char,
    src: Span,
    /// The source bytes are the character itself (not an escape).
    raw: bool,
}

#[derive(Debug)]
struct Str {
    /// The opening and closing quotes; empty spans for an unquoted key.
    open: Span,
    close: Span,
    units: Vec<Unit>,
}

impl Str {
    fn text(&self) -> String {
        self.units.iter().map(|u| u.ch).collect()
    }
}

#[derive(Debug)]
enum Lit {
    Str(Str),
    /// A number as JSON writes it, and whether that is the source text.
    Num {
        span: Span,
        json: String,
        verbatim: bool,
    },
    Word {
        span: Span,
        json: &'static str,
    },
    List {
        open: Span,
        close: Span,
        items: Vec<Lit>,
    },
    Object {
        open: Span,
        close: Span,
        members: Vec<(Str, Lit)>,
    },
}

impl Lit {
    fn span(&self) -> Span {
        match self {
            Lit::Str(s) => Span::new(s.open.start, s.close.end),
            Lit::Num { span, .. } | Lit::Word { span, .. } => *span,
            Lit::List { open, close, .. } | Lit::Object { open, close, .. } => {
                Span::new(open.start, close.end)
            }
        }
    }
}

#[derive(Debug)]
struct Fail {
    span: Span,
    problem: String,
}

fn fail<T>(span: Span, problem: impl Into<String>) -> Result<T, Fail> {
    Err(Fail {
        span,
        problem: problem.into(),
    })
}

struct Parser<'a> {
    src: &'a str,
    toks: &'a [Tok],
    i: usize,
    lang: Lang,
    stop: Option<&'a Stop>,
    /// Something JSON does not have was read (a single-quoted string, an unquoted key, `=>`…).
    evidence: bool,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, toks: &'a [Tok], lang: Lang, stop: Option<&'a Stop>) -> Self {
        Parser {
            src,
            toks,
            i: 0,
            lang,
            stop,
            evidence: false,
        }
    }

    fn text(&self, j: usize) -> Option<&'a str> {
        self.toks.get(j).map(|t| tok_text(self.src, t))
    }

    fn peek_is(&self, s: &str) -> bool {
        self.text(self.i) == Some(s)
    }

    fn at_container(&self) -> bool {
        match self.text(self.i) {
            Some("{") => self.lang == Lang::Js,
            Some("[") => true,
            Some(w) => {
                self.lang == Lang::Php
                    && w.eq_ignore_ascii_case("array")
                    && self.text(self.i + 1) == Some("(")
            }
            None => false,
        }
    }

    /// Skips `<?php`, and an assignment or `return` before the literal; any of them is
    /// evidence that the text is code.
    fn skip_prefix(&mut self) {
        if self
            .text(self.i)
            .is_some_and(|s| s.eq_ignore_ascii_case("<?php"))
        {
            self.i += 1;
            self.evidence = true;
        }
        let word = self.text(self.i).unwrap_or_default();
        let ident = |j: usize| self.toks.get(j).is_some_and(|t| t.kind == Kind::Ident);
        match self.lang {
            Lang::Js
                if matches!(word, "const" | "let" | "var")
                    && ident(self.i + 1)
                    && self.text(self.i + 2) == Some("=") =>
            {
                self.i += 3;
                self.evidence = true;
            }
            Lang::Php if word.starts_with('$') && self.text(self.i + 1) == Some("=") => {
                self.i += 2;
                self.evidence = true;
            }
            _ if word == "return" => {
                self.i += 1;
                self.evidence = true;
            }
            _ => {}
        }
    }

    /// The end of the tokens: where tokenizing stopped, or the end of the text.
    fn end_fail<T>(&self, what: &str) -> Result<T, Fail> {
        match self.stop {
            Some(stop) => fail(stop.span, stop.problem),
            None => fail(
                Span::new(self.src.len(), self.src.len()),
                format!("the text ends {what}"),
            ),
        }
    }

    /// The members of a call's object argument, the cursor after its `{`: the `method` string
    /// and the `params` value (read as a literal; other members, such as a request id computed
    /// by the code, are skipped). `None` unless both are there.
    #[allow(clippy::type_complexity)]
    fn method_and_params(&mut self) -> Option<((String, Span), Result<Lit, Fail>)> {
        let mut method = None;
        let mut params = None;
        let mut after_params = 0;
        loop {
            let key = *self.toks.get(self.i)?;
            let name = match key.kind {
                Kind::Ident => tok_text(self.src, &key).to_string(),
                Kind::Str(_) => self.string(&key).ok()?.text(),
                _ => return None,
            };
            if self.text(self.i + 1) != Some(":") {
                return None;
            }
            self.i += 2;
            match name.as_str() {
                "method" => {
                    let tok = *self
                        .toks
                        .get(self.i)
                        .filter(|t| matches!(t.kind, Kind::Str(_)))?;
                    self.i += 1;
                    method = Some((self.string(&tok).ok()?.text(), tok.span));
                }
                "params" => {
                    let start = self.i;
                    let value = self.value();
                    if value.is_err() {
                        // Read on, for the method name.
                        self.i = start;
                        self.skip_expression()?;
                    }
                    after_params = self.i;
                    params = Some(value);
                }
                _ => self.skip_expression()?,
            }
            match self.text(self.i) {
                Some(",") => {
                    self.i += 1;
                    if self.peek_is("}") {
                        break;
                    }
                }
                Some("}") => break,
                _ => return None,
            }
        }
        let params = params?;
        if params.is_ok() {
            // The end of the parameters, for the check of what follows them.
            self.i = after_params;
        }
        Some((method?, params))
    }

    /// Moves past one expression: to the `,` or closing bracket that ends it at its level.
    fn skip_expression(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.text(self.i)? {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" if depth == 0 => return Some(()),
                ")" | "]" | "}" => depth -= 1,
                "," if depth == 0 => return Some(()),
                _ => {}
            }
            self.i += 1;
        }
    }

    /// Reads one value. Containers are kept on an explicit stack, not in recursion, so the
    /// depth of the input never touches the call stack.
    fn value(&mut self) -> Result<Lit, Fail> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            let mut done = match self.start(stack.len())? {
                Start::Scalar(lit) => lit,
                Start::Open(frame) => {
                    stack.push(frame);
                    match self.next_element(&mut stack)? {
                        Some(closed) => closed,
                        None => continue,
                    }
                }
            };
            // Attach the finished value to its container; close the containers that end here.
            loop {
                let Some(top) = stack.last_mut() else {
                    return Ok(done);
                };
                match top {
                    Frame::Object { members, key, .. } => {
                        let key = key.take().expect("a member's key is read before its value");
                        members.push((key, done));
                    }
                    Frame::List { items, .. } => items.push(done),
                    Frame::Php { elements, key, .. } => {
                        if key.is_none() && self.peek_is("=>") {
                            self.evidence = true;
                            let arrow = self.toks[self.i];
                            self.i += 1;
                            *key = Some(php_key(self.src, done, arrow)?);
                            break;
                        }
                        elements.push((key.take(), done));
                    }
                }
                let close = top.close();
                match self.text(self.i) {
                    Some(",") => {
                        self.i += 1;
                        match self.next_element(&mut stack)? {
                            Some(closed) => done = closed,
                            None => break,
                        }
                    }
                    Some(s) if s == close => done = self.close(&mut stack),
                    Some(_) => {
                        let t = self.toks[self.i];
                        return fail(
                            t.span,
                            format!(
                                "expected `,` or `{close}`, found {}",
                                describe(self.src, &t)
                            ),
                        );
                    }
                    None => {
                        return self
                            .end_fail(&format!("inside {}: `{close}` is missing", top.noun()))
                    }
                }
            }
        }
    }

    /// Right after an opening or a comma: the container closed here, or `None` once the
    /// cursor is on the next element's value (an object's key and `:` read).
    fn next_element(&mut self, stack: &mut Vec<Frame>) -> Result<Option<Lit>, Fail> {
        let top = stack.last_mut().expect("a container is open");
        let close = top.close();
        if self.peek_is(close) {
            return Ok(Some(self.close(stack)));
        }
        let Some(&tok) = self.toks.get(self.i) else {
            return self.end_fail(&format!("inside {}: `{close}` is missing", top.noun()));
        };
        match top {
            Frame::Object { key, .. } => {
                let read = match tok.kind {
                    Kind::Str(_) => {
                        self.i += 1;
                        self.string(&tok)?
                    }
                    Kind::Ident => {
                        self.i += 1;
                        self.evidence = true;
                        bare_key(self.src, tok.span)
                    }
                    Kind::Num
                        if tok_text(self.src, &tok).bytes().all(|b| b.is_ascii_digit())
                            && (tok.span.len() == 1
                                || !tok_text(self.src, &tok).starts_with('0')) =>
                    {
                        self.i += 1;
                        self.evidence = true;
                        bare_key(self.src, tok.span)
                    }
                    _ => {
                        return fail(
                            tok.span,
                            format!("expected a key, found {}", describe(self.src, &tok)),
                        )
                    }
                };
                match self.text(self.i) {
                    Some(":") => self.i += 1,
                    Some(_) => {
                        let t = self.toks[self.i];
                        return fail(
                            t.span,
                            format!(
                                "expected `:` after the key, found {}",
                                describe(self.src, &t)
                            ),
                        );
                    }
                    None => return self.end_fail("after a key: `:` is missing"),
                }
                *key = Some(read);
            }
            Frame::List { .. } if tok_text(self.src, &tok) == "," => {
                return fail(tok.span, "an empty slot in an array has no JSON equivalent");
            }
            _ => {}
        }
        Ok(None)
    }

    /// Pops the top container; the cursor is on its closing token.
    fn close(&mut self, stack: &mut Vec<Frame>) -> Lit {
        let close = self.toks[self.i].span;
        self.i += 1;
        match stack.pop().expect("a container is open") {
            Frame::Object { open, members, .. } => Lit::Object {
                open,
                close,
                members,
            },
            Frame::List { open, items } => Lit::List { open, close, items },
            Frame::Php { open, elements, .. } => php_value(open, close, elements),
        }
    }

    /// The start of a value: a whole scalar, or a container just opened.
    fn start(&mut self, depth: usize) -> Result<Start, Fail> {
        let Some(&tok) = self.toks.get(self.i) else {
            return self.end_fail("where a value was expected");
        };
        let s = tok_text(self.src, &tok);
        let php_array = self.lang == Lang::Php
            && s.eq_ignore_ascii_case("array")
            && self.text(self.i + 1) == Some("(");
        if (matches!(s, "{" | "[") || php_array) && depth >= MAX_DEPTH {
            return fail(
                tok.span,
                format!("nesting deeper than {MAX_DEPTH} arrays/objects"),
            );
        }
        let scalar = match (tok.kind, self.lang) {
            (Kind::Str(_), _) => {
                self.i += 1;
                Lit::Str(self.string(&tok)?)
            }
            (Kind::Num, _) => self.number(None)?,
            (Kind::Punct, _) if s == "-" || s == "+" => {
                if self.toks.get(self.i + 1).map(|t| t.kind) != Some(Kind::Num) {
                    return fail(
                        tok.span,
                        format!("expected a value, found {}", describe(self.src, &tok)),
                    );
                }
                self.i += 1;
                self.number(Some(tok))?
            }
            (Kind::Punct, Lang::Js) if s == "{" => {
                self.i += 1;
                return Ok(Start::Open(Frame::Object {
                    open: tok.span,
                    members: Vec::new(),
                    key: None,
                }));
            }
            (Kind::Punct, Lang::Js) if s == "[" => {
                self.i += 1;
                return Ok(Start::Open(Frame::List {
                    open: tok.span,
                    items: Vec::new(),
                }));
            }
            (Kind::Punct, Lang::Php) if s == "[" => {
                self.i += 1;
                return Ok(Start::Open(Frame::Php {
                    open: tok.span,
                    close_with: "]",
                    elements: Vec::new(),
                    key: None,
                }));
            }
            (Kind::Ident, Lang::Php) if php_array => {
                self.evidence = true;
                let paren = self.toks[self.i + 1].span;
                self.i += 2;
                return Ok(Start::Open(Frame::Php {
                    open: Span::new(tok.span.start, paren.end),
                    close_with: ")",
                    elements: Vec::new(),
                    key: None,
                }));
            }
            (Kind::Ident, _) => {
                let word = match self.lang {
                    Lang::Js => ["true", "false", "null"].into_iter().find(|w| *w == s),
                    Lang::Php => ["true", "false", "null"]
                        .into_iter()
                        .find(|w| w.eq_ignore_ascii_case(s)),
                };
                match word {
                    Some(json) => {
                        if json != s {
                            self.evidence = true;
                        }
                        self.i += 1;
                        Lit::Word {
                            span: tok.span,
                            json,
                        }
                    }
                    None => return fail(tok.span, format!("`{s}` has no JSON equivalent")),
                }
            }
            _ => {
                return fail(
                    tok.span,
                    format!("expected a value, found {}", describe(self.src, &tok)),
                )
            }
        };
        Ok(Start::Scalar(scalar))
    }

    fn number(&mut self, sign: Option<Tok>) -> Result<Lit, Fail> {
        let tok = self.toks[self.i];
        self.i += 1;
        let raw = tok_text(self.src, &tok);
        let span = Span::new(sign.map_or(tok.span.start, |s| s.span.start), tok.span.end);
        let minus = sign.is_some_and(|s| tok_text(self.src, &s) == "-");
        let adjacent = sign.is_none_or(|s| s.span.end == tok.span.start);
        let Some(mut json) = json_number(raw) else {
            return fail(
                tok.span,
                format!("the number `{raw}` has no JSON equivalent"),
            );
        };
        let verbatim = json == raw && adjacent && sign.is_none_or(|_| minus);
        if minus {
            json.insert(0, '-');
        }
        Ok(Lit::Num {
            span,
            json,
            verbatim,
        })
    }

    /// Decodes the string token `tok` by the rules of the language and its quote.
    fn string(&mut self, tok: &Tok) -> Result<Str, Fail> {
        let Kind::Str(quote) = tok.kind else {
            return fail(tok.span, "expected a string");
        };
        if quote != b'"' {
            self.evidence = true;
        }
        let start = tok.span.start + 1;
        let end = tok.span.end - 1;
        let body = &self.src[start..end];
        let units = match (self.lang, quote) {
            (Lang::Js, _) => js_units(body, start, quote)?,
            (Lang::Php, b'\'') => php_single_units(body, start),
            (Lang::Php, b'"') => php_double_units(body, start)?,
            (Lang::Php, _) => {
                return fail(tok.span, "a backtick string runs a shell command in PHP")
            }
        };
        Ok(Str {
            open: Span::at(tok.span.start),
            close: Span::at(end),
            units,
        })
    }
}

/// An open container while parsing.
enum Frame {
    Object {
        open: Span,
        members: Vec<(Str, Lit)>,
        /// The key whose value is being read.
        key: Option<Str>,
    },
    List {
        open: Span,
        items: Vec<Lit>,
    },
    Php {
        open: Span,
        close_with: &'static str,
        elements: Vec<(Option<Str>, Lit)>,
        key: Option<Str>,
    },
}

impl Frame {
    fn close(&self) -> &'static str {
        match self {
            Frame::Object { .. } => "}",
            Frame::List { .. } => "]",
            Frame::Php { close_with, .. } => close_with,
        }
    }

    fn noun(&self) -> &'static str {
        match self {
            Frame::Object { .. } => "an object",
            _ => "an array",
        }
    }
}

enum Start {
    Scalar(Lit),
    Open(Frame),
}

/// The key before a PHP `=>`: a string, or an integer written as a plain JSON integer.
fn php_key(src: &str, key: Lit, arrow: Tok) -> Result<Str, Fail> {
    match key {
        Lit::Str(s) => Ok(s),
        Lit::Num {
            span,
            json,
            verbatim: true,
        } if !json.contains(['.', 'e', 'E']) => Ok(bare_key(src, span)),
        other => fail(
            other.span().min(arrow.span),
            "only string and integer keys have a JSON equivalent",
        ),
    }
}

/// An unquoted key (or an integer key) as a string of its raw characters.
fn bare_key(src: &str, span: Span) -> Str {
    let units = src[span.start..span.end]
        .char_indices()
        .map(|(i, ch)| Unit {
            ch,
            src: Span::new(span.start + i, span.start + i + ch.len_utf8()),
            raw: true,
        })
        .collect();
    Str {
        open: Span::new(span.start, span.start),
        close: Span::new(span.end, span.end),
        units,
    }
}

/// A PHP array as JSON: a list when its keys are 0, 1, 2… in order (as `json_encode` writes
/// it), an object otherwise, implicit keys numbered as PHP numbers them.
fn php_value(open: Span, close: Span, elements: Vec<(Option<Str>, Lit)>) -> Lit {
    use crate::json::keys::{array_key, PhpKey};
    let mut next: i64 = 0;
    let mut keys: Vec<PhpKey<'_>> = Vec::new();
    let texts: Vec<Option<String>> = elements
        .iter()
        .map(|(k, _)| k.as_ref().map(|k| k.units.iter().map(|u| u.ch).collect()))
        .collect();
    let mut implicit = Vec::new();
    for text in &texts {
        let key = match text {
            Some(t) => array_key(t),
            None => PhpKey::Int(next),
        };
        if let PhpKey::Int(i) = key {
            next = next.max(i.saturating_add(1));
        }
        implicit.push(key);
        keys.push(key);
    }
    let list = keys
        .iter()
        .enumerate()
        .all(|(i, k)| *k == PhpKey::Int(i as i64));
    if list {
        return Lit::List {
            open,
            close,
            items: elements.into_iter().map(|(_, v)| v).collect(),
        };
    }
    let names: Vec<String> = implicit.iter().map(|k| k.to_string()).collect();
    let members = elements
        .into_iter()
        .zip(names)
        .map(|((key, value), name)| {
            let key = key.unwrap_or_else(|| {
                let at = value.span().start;
                Str {
                    open: Span::new(at, at),
                    close: Span::new(at, at),
                    units: name
                        .chars()
                        .map(|ch| Unit {
                            ch,
                            src: Span::new(at, at),
                            raw: false,
                        })
                        .collect(),
                }
            });
            (key, value)
        })
        .collect();
    Lit::Object {
        open,
        close,
        members,
    }
}

/// A JavaScript or PHP number token as a JSON number: as written when it is one; hexadecimal,
/// octal and binary integers in decimal; `_` separators dropped; `.5` and `5.` completed.
fn json_number(raw: &str) -> Option<String> {
    let plain: String = raw.chars().filter(|c| *c != '_').collect();
    if plain.ends_with('.') || plain.starts_with('.') || plain.contains("._") {
        // `5.` and `.5` are doubles.
        let digits = plain.trim_start_matches('.').trim_end_matches('.');
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || raw.contains('_') {
            return None;
        }
        return Some(if plain.starts_with('.') {
            format!("0.{digits}")
        } else {
            format!(
                "{}.0",
                digits
                    .trim_start_matches('0')
                    .to_string()
                    .max("0".to_string())
            )
        });
    }
    if raw.starts_with('_') || raw.ends_with('_') || raw.contains("__") {
        return None;
    }
    let radix = |prefix: &[&str], radix: u32| -> Option<Option<String>> {
        let rest = prefix.iter().find_map(|p| plain.strip_prefix(p))?;
        Some(u64::from_str_radix(rest, radix).ok().map(|v| v.to_string()))
    };
    if let Some(v) = radix(&["0x", "0X"], 16)
        .or_else(|| radix(&["0b", "0B"], 2))
        .or_else(|| radix(&["0o", "0O"], 8))
    {
        return v;
    }
    if plain.len() > 1 && plain.starts_with('0') && plain.bytes().all(|b| b.is_ascii_digit()) {
        // A leading zero means octal in both languages.
        return u64::from_str_radix(&plain[1..], 8)
            .ok()
            .map(|v| v.to_string());
    }
    valid_json_number(&plain).then_some(plain)
}

fn valid_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if b.first() == Some(&b'0') {
        i = 1;
    } else if !digits(&mut i) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// A character written as itself at `at`.
fn raw_unit(ch: char, at: usize) -> Unit {
    Unit {
        ch,
        src: Span::new(at, at + ch.len_utf8()),
        raw: true,
    }
}

fn escaped(ch: char, start: usize, end: usize) -> Unit {
    Unit {
        ch,
        src: Span::new(start, end),
        raw: false,
    }
}

/// JavaScript string contents (between the quotes, which start at `base - 1`).
fn js_units(body: &str, base: usize, quote: u8) -> Result<Vec<Unit>, Fail> {
    let b = body.as_bytes();
    let mut units = Vec::with_capacity(body.len());
    let mut i = 0;
    // A high surrogate escape waiting for its low half: its value and where it started.
    let mut high: Option<(u32, usize)> = None;
    while i < b.len() {
        let at = base + i;
        let c = body[i..].chars().next().unwrap_or('\u{FFFD}');
        if let Some((_, h_at)) = high {
            if c != '\\' || b.get(i + 1) != Some(&b'u') {
                return fail(
                    Span::new(h_at, at),
                    "a lone surrogate escape cannot be sent as UTF-8",
                );
            }
        }
        if c == '$' && quote == b'`' && b.get(i + 1) == Some(&b'{') {
            return fail(
                Span::new(at, at + 2),
                "`${…}` in a template string is computed when the code runs",
            );
        }
        if c == '\r' || c == '\n' {
            if quote != b'`' {
                return fail(
                    Span::new(at, at + 1),
                    "a quoted JavaScript string cannot span lines",
                );
            }
            // A template string reads CR LF and CR as LF.
            let len = if c == '\r' && b.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            units.push(Unit {
                ch: '\n',
                src: Span::new(at, at + len),
                raw: c == '\n',
            });
            i += len;
            continue;
        }
        if c != '\\' {
            units.push(raw_unit(c, at));
            i += c.len_utf8();
            continue;
        }
        let Some(e) = body[i + 1..].chars().next() else {
            return fail(Span::new(at, at + 1), "a string ends inside an escape");
        };
        let mut end = i + 1 + e.len_utf8();
        let ch = match e {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'b' => '\u{8}',
            'f' => '\u{C}',
            'v' => '\u{B}',
            '0' if !b.get(i + 2).is_some_and(u8::is_ascii_digit) => '\0',
            '0'..='9' => {
                return fail(
                    Span::new(at, base + end),
                    "an octal escape is not allowed in modern JavaScript",
                )
            }
            '\r' | '\n' | '\u{2028}' | '\u{2029}' => {
                // A line continuation adds nothing.
                if e == '\r' && b.get(end) == Some(&b'\n') {
                    end += 1;
                }
                i = end;
                continue;
            }
            'x' => {
                let v = body
                    .get(i + 2..i + 4)
                    .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                    .and_then(|h| u32::from_str_radix(h, 16).ok());
                let Some(v) = v else {
                    return fail(
                        Span::new(at, base + (i + 4).min(b.len())),
                        "`\\x` needs two hexadecimal digits",
                    );
                };
                end = i + 4;
                char::from_u32(v).unwrap_or('\u{FFFD}')
            }
            'u' => {
                let (v, len) = if b.get(i + 2) == Some(&b'{') {
                    let close = body[i + 3..].find('}').map(|c| i + 3 + c);
                    let v = close
                        .and_then(|c| body.get(i + 3..c))
                        .filter(|h| {
                            !h.is_empty()
                                && h.len() <= 6
                                && h.bytes().all(|b| b.is_ascii_hexdigit())
                        })
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .filter(|v| *v <= 0x10FFFF);
                    match (v, close) {
                        (Some(v), Some(c)) => (v, c + 1 - i),
                        _ => {
                            return fail(
                                Span::new(at, at + 2),
                                "a `\\u{…}` escape needs a code point in hexadecimal",
                            )
                        }
                    }
                } else {
                    let v = body
                        .get(i + 2..i + 6)
                        .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                        .and_then(|h| u32::from_str_radix(h, 16).ok());
                    match v {
                        Some(v) => (v, 6),
                        None => {
                            return fail(
                                Span::new(at, base + (i + 6).min(b.len())),
                                "a `\\u` escape needs four hexadecimal digits",
                            )
                        }
                    }
                };
                end = i + len;
                match (v, high.take()) {
                    (0xDC00..=0xDFFF, Some((h, h_at))) => {
                        let code = 0x10000 + ((h - 0xD800) << 10) + (v - 0xDC00);
                        units.push(escaped(
                            char::from_u32(code).unwrap_or('\u{FFFD}'),
                            h_at,
                            base + end,
                        ));
                        i = end;
                        continue;
                    }
                    (0xD800..=0xDBFF, None) => {
                        high = Some((v, at));
                        i = end;
                        continue;
                    }
                    (_, Some((_, h_at))) => {
                        return fail(
                            Span::new(h_at, at),
                            "a lone surrogate escape cannot be sent as UTF-8",
                        )
                    }
                    (0xD800..=0xDFFF, None) => {
                        return fail(
                            Span::new(at, base + end),
                            "a lone surrogate escape cannot be sent as UTF-8",
                        )
                    }
                    (v, None) => char::from_u32(v).unwrap_or('\u{FFFD}'),
                }
            }
            other => other,
        };
        units.push(escaped(ch, at, base + end));
        i = end;
    }
    if let Some((_, h_at)) = high {
        return fail(
            Span::new(h_at, base + b.len()),
            "a lone surrogate escape cannot be sent as UTF-8",
        );
    }
    Ok(units)
}

/// PHP single-quoted contents: only `\\` and `\'` are escapes.
fn php_single_units(body: &str, base: usize) -> Vec<Unit> {
    let mut units = Vec::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(&(_, e @ ('\\' | '\'')))) => {
                chars.next();
                units.push(escaped(e, base + i, base + i + 2));
            }
            _ => units.push(raw_unit(c, base + i)),
        }
    }
    units
}

/// PHP double-quoted contents: `\n \t \r \v \e \f \\ \$ \"`, octal, `\x` and `\u{…}` escapes;
/// a variable interpolated into the string has no fixed value.
fn php_double_units(body: &str, base: usize) -> Result<Vec<Unit>, Fail> {
    let b = body.as_bytes();
    let mut units = Vec::with_capacity(body.len());
    // Bytes from `\x` and octal escapes that have not made a whole UTF-8 character yet.
    let mut pending: Vec<u8> = Vec::new();
    let mut pending_at = 0;
    let mut i = 0;
    while i < b.len() {
        let at = base + i;
        let byte_escape = |j: usize| -> Option<(u8, usize)> {
            if b[j] != b'\\' {
                return None;
            }
            match b.get(j + 1)? {
                b'0'..=b'7' => {
                    let n = b[j + 1..]
                        .iter()
                        .take(3)
                        .take_while(|c| (b'0'..=b'7').contains(c))
                        .count();
                    let v = u32::from_str_radix(&body[j + 1..j + 1 + n], 8).ok()?;
                    Some(((v & 0xFF) as u8, 1 + n))
                }
                b'x' => {
                    let n = b[j + 2..]
                        .iter()
                        .take(2)
                        .take_while(|c| c.is_ascii_hexdigit())
                        .count();
                    if n == 0 {
                        return None;
                    }
                    Some((u8::from_str_radix(&body[j + 2..j + 2 + n], 16).ok()?, 2 + n))
                }
                _ => None,
            }
        };
        if let Some((byte, len)) = byte_escape(i) {
            if pending.is_empty() {
                pending_at = at;
            }
            pending.push(byte);
            i += len;
            match std::str::from_utf8(&pending) {
                Ok(s) => {
                    let ch = s.chars().next().unwrap_or('\u{FFFD}');
                    units.push(escaped(ch, pending_at, base + i));
                    pending.clear();
                }
                Err(e) if e.error_len().is_some() => {
                    return fail(
                        Span::new(pending_at, base + i),
                        "these escapes do not make UTF-8 text",
                    );
                }
                Err(_) if pending.len() >= 4 => {
                    return fail(
                        Span::new(pending_at, base + i),
                        "these escapes do not make UTF-8 text",
                    );
                }
                Err(_) => {}
            }
            continue;
        }
        if !pending.is_empty() {
            return fail(
                Span::new(pending_at, at),
                "these escapes do not make UTF-8 text",
            );
        }
        let c = body[i..].chars().next().unwrap_or('\u{FFFD}');
        if c == '$'
            && b.get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == b'_' || *n == b'{' || *n >= 0x80)
            || c == '{' && b.get(i + 1) == Some(&b'$')
        {
            return fail(
                Span::new(at, at + 2),
                "the string interpolates a variable, whose value is known only when the code runs",
            );
        }
        if c != '\\' {
            units.push(raw_unit(c, at));
            i += c.len_utf8();
            continue;
        }
        let e = b.get(i + 1).copied();
        let simple = match e {
            Some(b'n') => Some('\n'),
            Some(b't') => Some('\t'),
            Some(b'r') => Some('\r'),
            Some(b'v') => Some('\u{B}'),
            Some(b'e') => Some('\u{1B}'),
            Some(b'f') => Some('\u{C}'),
            Some(b'\\') => Some('\\'),
            Some(b'$') => Some('$'),
            Some(b'"') => Some('"'),
            _ => None,
        };
        if let Some(ch) = simple {
            units.push(escaped(ch, at, at + 2));
            i += 2;
            continue;
        }
        if e == Some(b'u') && b.get(i + 2) == Some(&b'{') {
            let close = body[i + 3..].find('}').map(|c| i + 3 + c);
            let v = close
                .and_then(|c| body.get(i + 3..c))
                .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32);
            match (v, close) {
                (Some(ch), Some(c)) => {
                    units.push(escaped(ch, at, base + c + 1));
                    i = c + 1;
                    continue;
                }
                _ => {
                    return fail(
                        Span::new(at, at + 2),
                        "a `\\u{…}` escape needs a code point in hexadecimal",
                    )
                }
            }
        }
        // Any other backslash is kept as it is.
        units.push(raw_unit('\\', at));
        i += 1;
    }
    if !pending.is_empty() {
        return fail(
            Span::new(pending_at, base + b.len()),
            "these escapes do not make UTF-8 text",
        );
    }
    Ok(units)
}

// ---------------------------------------------------------------------------------------------
// Writing the JSON, and the map back

/// A range of the JSON and the source range it was written from. In a verbatim piece the
/// bytes are the same on both sides; otherwise the piece maps as a whole.
#[derive(Debug, Clone, Copy)]
struct Piece {
    json: usize,
    json_end: usize,
    src: Span,
    verbatim: bool,
}

#[derive(Debug, Default)]
struct Map {
    pieces: Vec<Piece>,
}

impl Map {
    /// The piece holding JSON byte `at`, or the index where one would go.
    fn find(&self, at: usize) -> Result<usize, usize> {
        let i = self.pieces.partition_point(|p| p.json <= at);
        match i.checked_sub(1) {
            Some(j) if at < self.pieces[j].json_end => Ok(j),
            _ => Err(i),
        }
    }

    fn start(&self, at: usize) -> usize {
        match self.find(at) {
            Ok(j) => {
                let p = self.pieces[j];
                if p.verbatim {
                    p.src.start + (at - p.json)
                } else {
                    p.src.start
                }
            }
            Err(i) => match self.pieces.get(i) {
                Some(p) => p.src.start,
                None => self.pieces.last().map_or(0, |p| p.src.end),
            },
        }
    }

    fn end(&self, at: usize) -> usize {
        match self.find(at - 1) {
            Ok(j) => {
                let p = self.pieces[j];
                if p.verbatim {
                    p.src.start + (at - p.json)
                } else {
                    p.src.end
                }
            }
            Err(i) => match i.checked_sub(1).map(|j| self.pieces[j]) {
                Some(p) => p.src.end,
                None => self.pieces.first().map_or(0, |p| p.src.start),
            },
        }
    }

    fn span(&self, span: Span) -> Span {
        let start = self.start(span.start);
        if span.is_empty() {
            return Span::new(start, start);
        }
        Span::new(start, self.end(span.end).max(start))
    }
}

struct Writer<'s> {
    src: &'s str,
    out: String,
    map: Map,
    nl: &'static str,
}

impl Writer<'_> {
    fn piece(&mut self, text: &str, src: Span, verbatim: bool) {
        let json = self.out.len();
        self.out.push_str(text);
        let json_end = self.out.len();
        if let Some(last) = self.map.pieces.last_mut() {
            if verbatim && last.verbatim && last.json_end == json && last.src.end == src.start {
                last.json_end = json_end;
                last.src.end = src.end;
                return;
            }
        }
        self.map.pieces.push(Piece {
            json,
            json_end,
            src,
            verbatim,
        });
    }

    fn line(&mut self, indent: usize) {
        self.out.push_str(self.nl);
        for _ in 0..indent {
            self.out.push_str("  ");
        }
    }

    fn string(&mut self, s: &Str) {
        self.piece("\"", s.open, false);
        for u in &s.units {
            let mut buf = [0u8; 4];
            let plain = u.ch.encode_utf8(&mut buf);
            let escape = match u.ch {
                '"' => Some("\\\"".to_string()),
                '\\' => Some("\\\\".to_string()),
                '\n' => Some("\\n".to_string()),
                '\r' => Some("\\r".to_string()),
                '\t' => Some("\\t".to_string()),
                '\u{8}' => Some("\\b".to_string()),
                '\u{C}' => Some("\\f".to_string()),
                c if (c as u32) < 0x20 => Some(format!("\\u{:04x}", c as u32)),
                _ => None,
            };
            match escape {
                Some(e) => self.piece(&e, u.src, false),
                None => {
                    let plain = plain.to_string();
                    let verbatim =
                        u.raw && self.src.get(u.src.start..u.src.end) == Some(plain.as_str());
                    self.piece(&plain, u.src, verbatim);
                }
            }
        }
        self.piece("\"", s.close, false);
    }

    /// Writes a value; containers with an explicit stack, so no recursion either way.
    fn value(&mut self, root: &Lit, indent: usize) {
        enum Step<'l> {
            Value(&'l Lit, usize),
            Key(&'l Str),
            Text(&'static str),
            Line(usize),
            Close(Span, &'static str),
        }
        let mut todo = vec![Step::Value(root, indent)];
        while let Some(step) = todo.pop() {
            match step {
                Step::Text(t) => self.out.push_str(t),
                Step::Line(n) => self.line(n),
                Step::Key(k) => {
                    self.string(k);
                    self.out.push_str(": ");
                }
                Step::Close(span, t) => self.piece(t, span, false),
                Step::Value(v, indent) => match v {
                    Lit::Str(s) => self.string(s),
                    Lit::Num {
                        span,
                        json,
                        verbatim,
                    } => self.piece(json, *span, *verbatim),
                    Lit::Word { span, json } => {
                        let verbatim = self.src.get(span.start..span.end) == Some(json);
                        self.piece(json, *span, verbatim)
                    }
                    Lit::List { open, close, items } => {
                        self.piece("[", *open, false);
                        if items.is_empty() {
                            todo.push(Step::Close(*close, "]"));
                            continue;
                        }
                        todo.push(Step::Close(*close, "]"));
                        todo.push(Step::Line(indent));
                        for (n, item) in items.iter().enumerate().rev() {
                            todo.push(Step::Value(item, indent + 1));
                            todo.push(Step::Line(indent + 1));
                            if n > 0 {
                                todo.push(Step::Text(","));
                            }
                        }
                    }
                    Lit::Object {
                        open,
                        close,
                        members,
                    } => {
                        self.piece("{", *open, false);
                        todo.push(Step::Close(*close, "}"));
                        if members.is_empty() {
                            continue;
                        }
                        todo.push(Step::Line(indent));
                        for (n, (key, value)) in members.iter().enumerate().rev() {
                            todo.push(Step::Value(value, indent + 1));
                            todo.push(Step::Key(key));
                            todo.push(Step::Line(indent + 1));
                            if n > 0 {
                                todo.push(Step::Text(","));
                            }
                        }
                    }
                },
            }
        }
    }
}

/// The JSON text of `value` (wrapped in an envelope naming `method` when given: the name, its
/// token, and the call's head for the envelope's own braces and keys) and its map.
fn write(src: &str, value: &Lit, envelope: Option<(&str, Span, Span)>) -> (String, Map) {
    let nl = if src.contains("\r\n") { "\r\n" } else { "\n" };
    let mut w = Writer {
        src,
        out: String::with_capacity(src.len() + src.len() / 4),
        map: Map::default(),
        nl,
    };
    match envelope {
        Some((method, name, head)) => {
            w.piece("{", head, false);
            w.line(1);
            w.piece("\"method\"", head, false);
            w.out.push_str(": ");
            let quoted = serde_json::to_string(method).unwrap_or_default();
            w.piece(&quoted, name, false);
            w.out.push(',');
            w.line(1);
            w.piece("\"params\"", head, false);
            w.out.push_str(": ");
            w.value(value, 1);
            w.line(0);
            w.piece("}", head, false);
        }
        None => w.value(value, 0),
    }
    w.out.push_str(nl);
    (w.out, w.map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(text: &str) -> Converted {
        match convert(text.as_bytes(), "biconnector.connector.add") {
            Outcome::Literal(c) => *c,
            other => panic!("{text:?}: {other:?}"),
        }
    }

    fn json(text: &str) -> String {
        let c = literal(text);
        assert!(crate::json::parse(c.json.as_bytes()).is_ok(), "{}", c.json);
        c.json
    }

    fn broken(text: &str) -> (Lang, String, String) {
        match convert(text.as_bytes(), "biconnector.connector.add") {
            Outcome::Broken {
                lang,
                problem,
                span,
                ..
            } => (lang, problem, text[span.start..span.end].to_string()),
            other => panic!("{text:?}: {other:?}"),
        }
    }

    /// The source text a JSON range maps to.
    fn source_of(text: &str, c: &Converted, json_part: &str) -> String {
        let at = c.json.find(json_part).expect(json_part);
        let span = c.map_span(Span::new(at, at + json_part.len()));
        text[span.start..span.end].to_string()
    }

    #[test]
    fn js_object_with_comments_and_trailing_commas() {
        let text = "// params\n{ fields: { title: 'Sales', /* x */ sort: 100, }, }\n";
        assert_eq!(
            json(text),
            "{\n  \"fields\": {\n    \"title\": \"Sales\",\n    \"sort\": 100\n  }\n}\n"
        );
    }

    #[test]
    fn js_escapes() {
        let text = r#"{a: 'it\'s "q" \\ \n\t\u00e9\u{1F600}\x41\0 \/ \d', b: "\uD83D\uDE00", c: `x
y`}"#;
        assert_eq!(
            json(text),
            "{\n  \"a\": \"it's \\\"q\\\" \\\\ \\n\\té😀A\\u0000 / d\",\n  \"b\": \"😀\",\n  \"c\": \"x\\ny\"\n}\n"
        );
    }

    #[test]
    fn php_single_and_double_quotes() {
        let text = r#"['a' => 'it\'s \\ \n $x', "b" => "tab\t \$x \x41\101 \u{e9} \q \"", 'c' => TRUE, 'd' => Null]"#;
        assert_eq!(
            json(text),
            "{\n  \"a\": \"it's \\\\ \\\\n $x\",\n  \"b\": \"tab\\t $x AA é \\\\q \\\"\",\n  \"c\": true,\n  \"d\": null\n}\n"
        );
    }

    #[test]
    fn php_arrays_lists_and_keys() {
        let text =
            "array('x', 'y', array(1 => 'a', 2 => 'b'), [0 => 'z'], ['k' => [], 5 => 1, 'n'],)";
        assert_eq!(
            json(text),
            "[\n  \"x\",\n  \"y\",\n  {\n    \"1\": \"a\",\n    \"2\": \"b\"\n  },\n  [\n    \"z\"\n  ],\n  {\n    \"k\": [],\n    \"5\": 1,\n    \"6\": \"n\"\n  }\n]\n"
        );
    }

    #[test]
    fn numbers() {
        let text =
            "{a: 1.50, b: -0x1A, c: .5, d: 5., e: 1_000, f: 1e-3, g: 0o17, h: 017, i: +3, j: -0}";
        assert_eq!(
            json(text),
            "{\n  \"a\": 1.50,\n  \"b\": -26,\n  \"c\": 0.5,\n  \"d\": 5.0,\n  \"e\": 1000,\n  \"f\": 1e-3,\n  \"g\": 15,\n  \"h\": 15,\n  \"i\": 3,\n  \"j\": -0\n}\n"
        );
    }

    #[test]
    fn crlf_and_non_ascii() {
        let text = "{\r\n  title: 'Склад №1',\r\n  'ключ': \"日本\",\r\n}\r\n";
        assert_eq!(
            json(text),
            "{\r\n  \"title\": \"Склад №1\",\r\n  \"ключ\": \"日本\"\r\n}\r\n"
        );
    }

    #[test]
    fn no_break_spaces_and_a_byte_order_mark_separate_tokens() {
        assert_eq!(json("\u{feff}{a:\u{a0}'x'}"), "{\n  \"a\": \"x\"\n}\n");
        // Inside a string they are text.
        assert_eq!(json("{a: '\u{a0}'}"), "{\n  \"a\": \"\u{a0}\"\n}\n");
    }

    #[test]
    fn calls_and_assignments() {
        let js = "BX24.callMethod(\n  'biconnector.connector.add',\n  { fields: { title: 'A' } },\n  (result) => { console.log(result) },\n);\n";
        let c = literal(js);
        assert_eq!(c.call.as_ref().unwrap().callee, "BX24.callMethod");
        assert!(!c.envelope);
        assert_eq!(c.json, "{\n  \"fields\": {\n    \"title\": \"A\"\n  }\n}\n");
        let php = "<?php\nrequire_once('crest.php');\n$result = CRest::call('biconnector.source.add', ['fields' => ['title' => 'A']]);\nprint_r($result);\n";
        let c = literal(php);
        assert_eq!(c.lang, Lang::Php);
        assert_eq!(c.call.as_ref().unwrap().callee, "CRest::call");
        assert_eq!(
            c.json,
            "{\n  \"method\": \"biconnector.source.add\",\n  \"params\": {\n    \"fields\": {\n      \"title\": \"A\"\n    }\n  }\n}\n"
        );
        assert_eq!(
            source_of(php, &c, "\"biconnector.source.add\""),
            "'biconnector.source.add'"
        );
        assert_eq!(json("const params = {a: 1};"), "{\n  \"a\": 1\n}\n");
        assert_eq!(
            json("<?php $params = array('a' => 1);"),
            "{\n  \"a\": 1\n}\n"
        );
        let sdk = "$b24Service\n  ->core\n  ->call('biconnector.connector.add', ['a' => 1]);";
        assert_eq!(literal(sdk).call.unwrap().callee, "$b24Service->core->call");
    }

    #[test]
    fn an_sdk_call_with_method_and_params_members() {
        let text = "await $b24.actions.v2.call.make<R>({\n  method: 'biconnector.source.get',\n  params: { id: 7 },\n  requestId: Text.uuid(1, [2]),\n})";
        let c = literal(text);
        let call = c.call.as_ref().unwrap();
        assert_eq!(call.callee, "$b24.actions.v2.call.make");
        assert_eq!(
            &text[call.head.start..call.head.end],
            "$b24.actions.v2.call.make<R>({\n  method: 'biconnector.source.get'"
        );
        assert_eq!(
            c.json,
            "{\n  \"method\": \"biconnector.source.get\",\n  \"params\": {\n    \"id\": 7\n  }\n}\n"
        );
        let text = "$b24.actions.v2.call.make({ params: { fields: { title: f() } }, method: 'm' })";
        assert_eq!(broken(text).1, "`f` has no JSON equivalent");
        // Without both members it is no REST call.
        let text = "$b24.actions.v2.call.make({ params: { a: 1 } })";
        assert!(matches!(convert(text.as_bytes(), "m"), Outcome::NotLiteral));
    }

    #[test]
    fn spans_map_back_to_the_source_tokens() {
        let text = "{fields: {title: 'it\\'s', logo: \"a\\\"b\", sort: 0x10}}";
        let c = literal(text);
        assert_eq!(source_of(text, &c, "\"fields\""), "fields");
        assert_eq!(source_of(text, &c, "\"it's\""), "'it\\'s'");
        assert_eq!(source_of(text, &c, "it's"), "it\\'s");
        assert_eq!(source_of(text, &c, "s\""), "s");
        assert_eq!(source_of(text, &c, "'s\""), "\\'s'");
        assert_eq!(source_of(text, &c, "\\\"b"), "\\\"b");
        assert_eq!(source_of(text, &c, "16"), "0x10");
        let open = c.json.find("{\n    ").unwrap();
        let close = c.json.rfind("  }").unwrap() + 3;
        let inner = c.map_span(Span::new(open, close));
        assert_eq!(&text[inner.start..inner.end], &text[9..text.len() - 1]);
    }

    #[test]
    fn json_like_text_is_not_a_literal() {
        for text in [
            "{\"fields\":{",
            "{\"fields\":{},}",
            "// c\n{}",
            "{\"a\": NaN}",
            "[1, 2,]",
            "hello",
            "",
        ] {
            assert!(
                matches!(convert(text.as_bytes(), "x"), Outcome::NotLiteral),
                "{text:?}"
            );
        }
    }

    #[test]
    fn broken_literals_say_why() {
        assert_eq!(
            broken("{fields: {title: undefined}}"),
            (
                Lang::Js,
                "`undefined` has no JSON equivalent".into(),
                "undefined".into()
            )
        );
        assert_eq!(
            broken("['a' => \"x $name\"]").1,
            "the string interpolates a variable, whose value is known only when the code runs"
        );
        assert_eq!(broken("{a: `${x}`}").2, "${");
        assert_eq!(
            broken("{a: 'x'").1,
            "the text ends inside an object: `}` is missing"
        );
        assert_eq!(broken("{a: 'x}").1, "a string is not closed");
        assert_eq!(broken("{a: '\\uD800'}").2, "\\uD800");
        assert_eq!(broken("BX24.callMethod('m', {a: [1,,2]})").2, ",");
    }

    #[test]
    fn absurd_nesting_is_refused_without_overflow() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let text = format!("{{a: {deep}}}");
        let (_, problem, _) = broken(&text);
        assert_eq!(
            problem,
            format!("nesting deeper than {MAX_DEPTH} arrays/objects")
        );
        let ok = format!("{{a: {}{}}}", "[".repeat(510), "]".repeat(510));
        assert!(crate::json::parse(json(&ok).as_bytes()).is_ok());
    }
}
