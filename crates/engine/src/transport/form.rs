//! A form body as users copy it from a log or the browser's network tab
//! (`fields[title]=Sales&fields[settings][0][name]=…`): its pieces with their places in the
//! text, percent-encoding undone as PHP's `urldecode` does (`+` is a space, a `%` without two
//! hex digits stays).

use super::{Place, Segment, Var};
use crate::span::Span;

/// Whether `text` reads as a form body rather than as broken JSON: one line of `name=value`
/// pieces whose first name starts like a parameter name.
pub fn looks_like(text: &[u8]) -> bool {
    let text = trim_line_end(text);
    // BX24.js's `prepareData` may start with empty pieces (`&&fields[title]=…`).
    let start = text.iter().take_while(|&&b| b == b'&').count();
    let text = &text[start..];
    let Some(&first) = text.first() else {
        return false;
    };
    let starts = first.is_ascii_alphabetic() || first == b'_' || first == b'%';
    let one_line = !text.iter().any(|&b| b == b'\n' || b == b'\r');
    let first_piece = text.split(|&b| b == b'&').next().unwrap_or_default();
    let name_ok = first_piece
        .iter()
        .position(|&b| b == b'=')
        .is_some_and(|eq| {
            !first_piece[..eq]
                .iter()
                .any(|&b| b.is_ascii_whitespace() || b"{}\"'<>:,".contains(&b))
        });
    starts && one_line && name_ok
}

/// The text without one final line ending (editors add one; the body had none).
pub fn trim_line_end(text: &[u8]) -> &[u8] {
    let text = text.strip_suffix(b"\n").unwrap_or(text);
    text.strip_suffix(b"\r").unwrap_or(text)
}

/// PHP's `php_url_decode` of `raw`, which starts at `offset` in the text, with the text
/// offset of each decoded byte (and one past the end).
fn url_decode(raw: &[u8], offset: usize) -> (Vec<u8>, Vec<usize>) {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let (mut out, mut at) = (
        Vec::with_capacity(raw.len()),
        Vec::with_capacity(raw.len() + 1),
    );
    let mut i = 0;
    while i < raw.len() {
        at.push(offset + i);
        match raw[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' if i + 2 < raw.len() => match (hex(raw[i + 1]), hex(raw[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                }
                _ => {
                    out.push(b'%');
                    i += 1;
                }
            },
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    at.push(offset + raw.len());
    (out, at)
}

/// The pieces of a body as PHP's POST reader splits it: at every `&`, with no piece after a
/// final `&`.
pub fn segments(text: &[u8]) -> Vec<Segment> {
    let body = trim_line_end(text);
    let mut out = Vec::new();
    let mut start = 0;
    while start < body.len() {
        let end = body[start..]
            .iter()
            .position(|&b| b == b'&')
            .map_or(body.len(), |p| start + p);
        out.push(piece(body, start, end));
        start = end + 1;
    }
    out
}

fn piece(body: &[u8], start: usize, end: usize) -> Segment {
    let raw = &body[start..end];
    if raw.is_empty() {
        return Segment::Empty(Span::new(start, end));
    }
    let eq = raw.iter().position(|&b| b == b'=');
    let key_end = eq.map_or(end, |e| start + e);
    let (name, at) = url_decode(&body[start..key_end], start);
    let (value, value_span) = match eq {
        Some(e) => {
            let from = start + e + 1;
            (url_decode(&body[from..end], from).0, Span::new(from, end))
        }
        None => (Vec::new(), Span::new(end, end)),
    };
    Segment::Var(Var {
        levels: levels(&name, &at),
        name,
        value,
        value_span,
        span: Span::new(start, end),
    })
}

/// The place of each level of a name: the top name, then each bracketed key (brackets
/// included), mapped back to the text.
fn levels(name: &[u8], at: &[usize]) -> Vec<Place> {
    // `at` has one offset past the last byte, so `to` may be the name's length.
    let span = |from: usize, to: usize| Span::new(at[from], at[to]);
    let first = name.iter().position(|&b| b == b'[').unwrap_or(name.len());
    let mut out = vec![span(0, first)];
    let mut i = first;
    while i < name.len() && name[i] == b'[' {
        let close = name[i..].iter().position(|&b| b == b']').map(|c| i + c);
        let Some(close) = close else { break };
        out.push(span(i, close + 1));
        i = close + 1;
    }
    out.into_iter().map(|s| Place { key: s, node: s }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(s: &Segment) -> &Var {
        match s {
            Segment::Var(v) => v,
            Segment::Empty(_) => panic!("empty piece"),
        }
    }

    #[test]
    fn pieces_keep_their_places_through_percent_encoding() {
        let text = b"fields%5Btitle%5D=Sales+team&&fields[sort]=%zz1\n";
        let segs = segments(text);
        assert_eq!(segs.len(), 3);
        let title = var(&segs[0]);
        assert_eq!(title.name, b"fields[title]");
        assert_eq!(title.value, b"Sales team");
        assert_eq!(
            &text[title.value_span.start..title.value_span.end],
            b"Sales+team"
        );
        let l = &title.levels;
        assert_eq!(&text[l[0].key.start..l[0].key.end], b"fields");
        assert_eq!(&text[l[1].key.start..l[1].key.end], b"%5Btitle%5D");
        assert!(matches!(segs[1], Segment::Empty(s) if s == Span::new(29, 29)));
        assert_eq!(var(&segs[2]).value, b"%zz1");
    }

    #[test]
    fn each_level_of_a_name_has_its_place() {
        let text = b"a=1&fields[settings][0]%5Bname%5D=x";
        let segs = segments(text);
        let shown: Vec<&[u8]> = var(&segs[1])
            .levels
            .iter()
            .map(|p| &text[p.key.start..p.key.end])
            .collect();
        let want: [&[u8]; 4] = [b"fields", b"[settings]", b"[0]", b"%5Bname%5D"];
        assert_eq!(shown, want);
        // An unterminated bracket is no level of its own.
        let segs = segments(b"a[b][c=1");
        assert_eq!(var(&segs[0]).levels.len(), 2);
    }

    #[test]
    fn a_final_ampersand_makes_no_piece() {
        assert_eq!(segments(b"a=1&").len(), 1);
        assert_eq!(segments(b"&a=1").len(), 2);
        assert!(segments(b"").is_empty());
    }

    #[test]
    fn form_bodies_are_told_from_json() {
        assert!(looks_like(b"fields[title]=Sales&fields[sort]=1\n"));
        assert!(looks_like(b"fields%5Btitle%5D=x"));
        assert!(!looks_like(b"{\"fields\": 1}"));
        assert!(!looks_like(b"title: x"));
        assert!(!looks_like(b"a=1\nb=2"));
        assert!(!looks_like(b"no equals sign"));
        // A name starts with a letter, `_` or a percent escape; it holds no blank, brace,
        // quote or colon (JSON or YAML gone wrong).
        assert!(looks_like(b"_a=1"));
        assert!(looks_like(b"%66ields[title]=x"));
        assert!(!looks_like(b"1=x"));
        assert!(!looks_like(b"[a]=x"));
        assert!(!looks_like(b"a b=1"));
        assert!(!looks_like(b"a{b=1"));
        assert!(!looks_like(b"a:b=1"));
        assert!(!looks_like(b"\"a\"=1"));
        assert!(!looks_like(b"a=1\rb=2"));
        // What `prepareData` returns, before BX24.js puts `auth=…&` in front.
        assert!(looks_like(b"&&fields[title]=Sales"));
        assert!(!looks_like(b"&&&"));
    }
}
