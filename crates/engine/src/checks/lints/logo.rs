//! Lints on `logo`: an http(s) image URL or a `data:` URI whose bytes browsers render.
//! The portal stores any non-empty string and shows it as an `<img>` source.

use super::urls;
use crate::checks::{Cx, Decorate, Request};
use crate::json::{Node, Value};
use crate::span::Span;
use crate::spec::Message;
use base64::Engine;

/// The TEXT column that stores the logo holds 65,535 bytes (spec OPEN-2).
const TEXT_COLUMN: usize = 65_535;

pub fn check(cx: &mut Cx, req: &Request<'_>) {
    let Some(e) = req.entry("logo") else { return };
    let node = e.value;
    let Value::String(s) = &node.value else {
        return;
    };
    if s.is_empty() {
        return; // BX_EMPTY_REQUIRED
    }
    let ptr = req.pointer_to("logo");
    if s.len() > TEXT_COLUMN {
        cx.lint(
            Message::LogoTooLong { len: s.len() },
            node.span,
            ptr.clone(),
        )
        .label("too long")
        .help("use a smaller image or an https:// URL; depending on the database mode the portal rejects or truncates it");
    }
    let lower_prefix = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    if lower_prefix.starts_with("data:") {
        data_uri(cx, req, node, s, ptr);
    } else if lower_prefix.starts_with("http:") || lower_prefix.starts_with("https:") {
        urls::check_url(cx, req, "logo", node);
    } else {
        let help = if looks_like_base64(s) {
            "this looks like bare base64: prefix it with its type, e.g. data:image/png;base64,…"
        } else {
            "give an absolute https:// URL of the image, or a data:image/…;base64,… URI"
        };
        cx.lint(Message::LogoNotImage {}, node.span, ptr)
            .label("not an image address")
            .help(help);
    }
}

fn looks_like_base64(s: &str) -> bool {
    s.len() >= 16
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\n' | b'\r'))
}

/// The raster formats browsers render, by the magic numbers of their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
}

impl Format {
    fn from_subtype(subtype: &str) -> Option<Format> {
        Some(match subtype {
            "png" => Format::Png,
            "jpeg" => Format::Jpeg,
            "gif" => Format::Gif,
            "webp" => Format::Webp,
            "svg+xml" => Format::Svg,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::Gif => "GIF",
            Format::Webp => "WebP",
            Format::Svg => "SVG",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
            Format::Gif => "image/gif",
            Format::Webp => "image/webp",
            Format::Svg => "image/svg+xml",
        }
    }

    fn sniff(bytes: &[u8]) -> Option<Format> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Format::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Format::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(Format::Gif)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Format::Webp)
        } else if looks_like_markup(bytes) {
            Some(Format::Svg)
        } else {
            None
        }
    }
}

/// Text that starts (after a BOM and whitespace) with `<`: XML, SVG or HTML.
fn looks_like_markup(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    b.iter()
        .find(|c| !c.is_ascii_whitespace())
        .is_some_and(|c| *c == b'<')
}

/// `data:[<mediatype>][;params][;base64],<data>` (RFC 2397, as browsers read it).
fn data_uri(cx: &mut Cx, req: &Request<'_>, node: &Node, s: &str, ptr: String) {
    let sub = |r: std::ops::Range<usize>| node.substring_span(req.text, r);
    let Some(comma) = s.find(',') else {
        cx.lint(Message::LogoDataUriNoComma {}, node.span, ptr)
            .label("no `,`")
            .help("write data:image/png;base64,<data>");
        return;
    };
    let meta = &s[5..comma];
    let mut parts = meta.split(';');
    let media = parts.next().unwrap_or_default().trim();
    let params: Vec<&str> = parts.collect();
    let base64 = params
        .last()
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("base64"));
    let media_lower = media.to_ascii_lowercase();
    let media_span = sub(5..5 + meta.find(';').unwrap_or(meta.len()));
    let Some(subtype) = media_lower.strip_prefix("image/") else {
        let (message, span) = if media.is_empty() {
            (Message::LogoDataUriNoMediaType {}, sub(0..5))
        } else {
            (Message::LogoDataUriNotImage { media }, media_span)
        };
        cx.lint(message, span, ptr).label("not image/…").help(
            "declare the image's type, e.g. data:image/png;base64,… or data:image/svg+xml;base64,…",
        );
        return;
    };
    let declared = Format::from_subtype(subtype);
    if declared.is_none() {
        let help = if subtype == "jpg" || subtype == "pjpeg" {
            "the registered type is image/jpeg".to_string()
        } else {
            "PNG, JPEG, GIF, WebP and SVG render everywhere; convert the image to one of them"
                .to_string()
        };
        cx.lint(Message::LogoUncommonType { media }, media_span, ptr.clone())
            .label("uncommon type")
            .help(help);
    }
    let payload_start = comma + 1;
    let payload = &s[payload_start..];
    let bytes = if base64 {
        match decode_base64(payload) {
            Ok(b) => b,
            Err((at, invalid)) => {
                let span = match at {
                    Some(i) => sub(payload_start + i..payload_start + i + 1),
                    None => sub(payload_start..s.len()),
                };
                let escaped;
                let message = match &invalid {
                    Base64Error::TooMuchPadding => Message::LogoBase64TooMuchPadding {},
                    Base64Error::AfterPadding => Message::LogoBase64AfterPadding {},
                    Base64Error::UrlSafe(letter) => Message::LogoBase64UrlSafe { letter: *letter },
                    Base64Error::Foreign(c) => {
                        escaped = c.escape_default().to_string();
                        Message::LogoBase64Foreign { escaped: &escaped }
                    }
                    Base64Error::Empty => Message::LogoBase64Empty {},
                    Base64Error::Length => Message::LogoBase64Length {},
                    Base64Error::Undecodable(error) => Message::LogoBase64Undecodable { error },
                };
                cx.lint(message, span, ptr).label("invalid base64").help(
                    "re-encode the image with standard base64 (A–Z, a–z, 0–9, +, /, = padding)",
                );
                return;
            }
        }
    } else {
        percent_decode(payload)
    };
    let Some(declared) = declared else { return };
    let payload_span = sub(payload_start..s.len());
    content(cx, payload_span, ptr, declared, &bytes);
}

/// Why browsers refuse a base64 payload.
#[derive(Debug)]
enum Base64Error {
    TooMuchPadding,
    AfterPadding,
    /// A character of the URL-safe alphabet (`-`, `_`).
    UrlSafe(char),
    /// A character of no base64 alphabet.
    Foreign(char),
    Empty,
    Length,
    Undecodable(base64::DecodeError),
}

/// A data: URI body as browsers decode it: percent-decoded first, then WHATWG
/// forgiving-base64 (ASCII whitespace ignored, padding optional but only at the end). Returns
/// the offending offset in `payload` on failure.
fn decode_base64(payload: &str) -> Result<Vec<u8>, (Option<usize>, Base64Error)> {
    // The common case, canonical base64, goes straight to the decoder (which validates it);
    // anything else takes the character-by-character path below, which locates problems.
    if !payload.is_empty() && payload.len().is_multiple_of(4) {
        if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(payload) {
            return Ok(bytes);
        }
    }
    let mut clean = Vec::with_capacity(payload.len());
    let mut padding = 0;
    let bytes = payload.as_bytes();
    let mut i = 0;
    while i < payload.len() {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        let (c, width) = match bytes[i] {
            b if b.is_ascii() && b != b'%' => (char::from(b), 1),
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(h), Some(l)) => (char::from((h * 16 + l) as u8), 3),
                _ => ('%', 1),
            },
            _ => {
                let c = payload[i..].chars().next().unwrap_or('\0');
                (c, c.len_utf8())
            }
        };
        let at = i;
        i += width;
        match c {
            ' ' | '\t' | '\n' | '\r' | '\x0C' => continue,
            '=' => {
                padding += 1;
                if padding > 2 {
                    return Err((Some(at), Base64Error::TooMuchPadding));
                }
            }
            'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' if padding == 0 => clean.push(c as u8),
            'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' => {
                return Err((Some(at), Base64Error::AfterPadding))
            }
            '-' | '_' => return Err((Some(at), Base64Error::UrlSafe(c))),
            c => return Err((Some(at), Base64Error::Foreign(c))),
        }
    }
    if clean.is_empty() {
        return Err((None, Base64Error::Empty));
    }
    if clean.len() % 4 == 1 || (padding > 0 && (clean.len() + padding) % 4 != 0) {
        return Err((None, Base64Error::Length));
    }
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireNone)
            .with_decode_allow_trailing_bits(true),
    );
    engine
        .decode(&clean)
        .map_err(|e| (None, Base64Error::Undecodable(e)))
}

fn percent_decode(payload: &str) -> Vec<u8> {
    let b = payload.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn content(cx: &mut Cx, span: Span, ptr: String, declared: Format, bytes: &[u8]) {
    let sniffed = Format::sniff(bytes);
    match (declared, sniffed) {
        (d, Some(f)) if d == f => {
            if f == Format::Svg {
                svg(cx, span, ptr, bytes);
            }
        }
        // Markup declared as a raster type, or a raster image declared as SVG: browsers pick
        // the renderer by the declared type for SVG, so nothing is shown.
        (d, Some(f)) if d == Format::Svg || f == Format::Svg => {
            let message = if f == Format::Svg {
                Message::LogoMarkupAsRaster { declared: d.mime() }
            } else {
                Message::LogoRasterAsSvg { held: f.name() }
            };
            cx.lint(message, span, ptr)
                .label("wrong kind of image")
                .help(format!(
                    "declare {}: browsers render SVG only as image/svg+xml, and raster data never as SVG",
                    f.mime()
                ));
        }
        (d, Some(f)) => {
            cx.lint(
                Message::LogoMimeMismatch {
                    held: f.name(),
                    declared: d.mime(),
                },
                span,
                ptr,
            )
            .label(format!("{} data", f.name()))
            .help(format!("declare {}", f.mime()));
        }
        (d, None) => {
            let start: String = bytes
                .iter()
                .take(8)
                .map(|b| format!("{b:02X}"))
                .collect::<Vec<_>>()
                .join(" ");
            cx.lint(Message::LogoNotDeclaredKind { format: d.name() }, span, ptr)
                .label(if bytes.is_empty() {
                    "no data".to_string()
                } else {
                    format!("starts with {start}")
                })
                .help(format!(
                    "encode the image file itself; {} data starts with {}",
                    d.name(),
                    match d {
                        Format::Png => "89 50 4E 47",
                        Format::Jpeg => "FF D8 FF",
                        Format::Gif => "GIF8",
                        Format::Webp => "RIFF….WEBP",
                        Format::Svg => "<svg or <?xml",
                    }
                ));
        }
    }
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Whether the XML declaration names an encoding other than UTF-8/UTF-16.
fn declares_single_byte_encoding(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(200)];
    let head: String = head.iter().map(|b| char::from(*b)).collect();
    let Some(decl) = head
        .strip_prefix("<?xml")
        .and_then(|d| d.split("?>").next())
    else {
        return false;
    };
    let Some(at) = decl.find("encoding") else {
        return false;
    };
    let value: String = decl[at + 8..]
        .trim_start_matches([' ', '=', '"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect::<String>()
        .to_ascii_lowercase();
    !value.is_empty() && !value.starts_with("utf")
}

fn svg(cx: &mut Cx, span: Span, ptr: String, bytes: &[u8]) {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let decoded;
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        // A single-byte encoding declared in the XML declaration is fine for browsers; read
        // each byte as one character, which keeps the markup's structure for the check.
        Err(_) if declares_single_byte_encoding(bytes) => {
            decoded = bytes.iter().map(|b| char::from(*b)).collect::<String>();
            &decoded
        }
        Err(_) => {
            cx.lint(Message::LogoSvgNotUtf8 {}, span, ptr)
                .label("not UTF-8")
                .help("save the SVG as UTF-8, or declare its encoding in <?xml … encoding=\"…\"?>");
            return;
        }
    };
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = match roxmltree::Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(e) => {
            cx.lint(Message::LogoSvgMalformed { error: &e }, span, ptr)
                .label("broken SVG")
                .help("fix the SVG markup; browsers render nothing for malformed SVG");
            return;
        }
    };
    let root = doc.root_element();
    let name = root.tag_name().name();
    let ns = root.tag_name().namespace();
    if name == "svg" && ns == Some(SVG_NS) {
        return;
    }
    let (message, help) = if name != "svg" {
        (
            Message::LogoSvgRoot { root: name },
            "the document must be an <svg> element".to_string(),
        )
    } else if ns.is_none() {
        let typo = root
            .attributes()
            .find(|a| a.name() != "xmlns" && a.value() == SVG_NS);
        (
            match typo {
                Some(a) => Message::LogoSvgNamespaceTypo {
                    attribute: a.name(),
                },
                None => Message::LogoSvgNoNamespace {},
            },
            format!(
                "add xmlns=\"{SVG_NS}\" to the <svg> element: browsers do not render a standalone SVG image without it"
            ),
        )
    } else {
        (
            Message::LogoSvgNamespace {
                namespace: ns.unwrap_or_default(),
            },
            format!("use xmlns=\"{SVG_NS}\""),
        )
    };
    cx.lint(message, span, ptr)
        .label("not an SVG image")
        .help(help);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgiving_base64() {
        assert_eq!(decode_base64("aGk=").unwrap(), b"hi");
        assert_eq!(decode_base64("aGk").unwrap(), b"hi");
        assert_eq!(decode_base64("aG\nk=").unwrap(), b"hi");
        assert_eq!(decode_base64("aG-k").unwrap_err().0, Some(2));
        assert_eq!(decode_base64("aGk=a").unwrap_err().0, Some(4));
        assert_eq!(decode_base64("aGk*").unwrap_err().0, Some(3));
        // Browsers percent-decode the body first.
        assert_eq!(decode_base64("aG%6B%3D").unwrap(), b"hi");
        assert_eq!(decode_base64("aG%2Ak").unwrap_err().0, Some(2));
        assert!(decode_base64("aGkab").is_err());
        assert!(decode_base64("").is_err());
    }

    #[test]
    fn sniffing() {
        assert_eq!(Format::sniff(b"\x89PNG\r\n\x1a\n...."), Some(Format::Png));
        assert_eq!(Format::sniff(b"\xFF\xD8\xFF\xE0"), Some(Format::Jpeg));
        assert_eq!(Format::sniff(b"GIF89a"), Some(Format::Gif));
        assert_eq!(Format::sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(Format::Webp));
        assert_eq!(Format::sniff(b"\xEF\xBB\xBF <svg/>"), Some(Format::Svg));
        assert_eq!(Format::sniff(b"hello"), None);
    }
}
