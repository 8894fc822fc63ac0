//! How a request travels to the portal. As JSON, the body is the document. The two form
//! clients, CRest (PHP's `http_build_query`) and BX24.js (`prepareData`), send it as
//! `fields[title]=…&fields[settings][0][name]=…`, which PHP reads back as a tree of strings:
//! booleans become text, empty arrays and `null` vanish, key order can change. The checks then
//! run on that tree, whose values keep the spans of the JSON they came from, and the changes
//! themselves are reported ([`Note`]).

pub mod decode;
pub mod encode;
pub mod form;

use crate::json::Node;
use crate::span::Span;

/// How the body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Transport {
    /// `Content-Type: application/json`: the body is the document.
    #[default]
    Json,
    /// PHP CRest (and any PHP app posting arrays): `http_build_query`.
    Crest,
    /// BX24.js in the app's page (`BX24.callMethod`): its `prepareData`.
    Bx24,
}

impl Transport {
    pub const ALL: [Transport; 3] = [Transport::Json, Transport::Crest, Transport::Bx24];

    pub const fn name(self) -> &'static str {
        match self {
            Transport::Json => "json",
            Transport::Crest => "crest",
            Transport::Bx24 => "bx24",
        }
    }

    /// How the report says it.
    pub const fn describe(self) -> &'static str {
        match self {
            Transport::Json => "The body is sent as JSON (Content-Type: application/json).",
            Transport::Crest => {
                "The body is sent form-encoded as PHP CRest sends it (http_build_query), and read back by PHP as text."
            }
            Transport::Bx24 => {
                "The body is sent form-encoded as BX24.js sends it (BX24.callMethod), and read back by PHP as text."
            }
        }
    }
}

impl std::fmt::Display for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Transport {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Transport::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown transport `{s}` (expected json, crest or bx24)"))
    }
}

/// Where the array made for one level of a variable's name comes from: its key and its
/// value in the checked text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub key: Span,
    pub node: Span,
}

/// One variable of a form body, its name and value url-decoded.
#[derive(Debug, Clone)]
pub struct Var {
    pub name: Vec<u8>,
    pub value: Vec<u8>,
    /// Per level of the name (the top name, then each bracket), where it is in the text.
    pub levels: Vec<Place>,
    pub value_span: Span,
    /// Where the whole variable shows: its innermost key with the value in a document
    /// (`"type": "STRING"`), the whole piece in a form body.
    pub span: Span,
}

/// A piece of a body between `&`s.
#[derive(Debug, Clone)]
pub enum Segment {
    /// An empty piece (`a=1&&b=2`): no variable, but PHP's POST reader counts it.
    Empty(Span),
    Var(Var),
}

impl Segment {
    /// Where the piece shows.
    pub fn span(&self) -> Span {
        match self {
            Segment::Empty(span) => *span,
            Segment::Var(v) => v.span,
        }
    }
}

/// What a form client did to one JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `null`, `[]` or `{}`: the key is not sent at all.
    Vanished,
    /// A boolean or number sent as this text.
    Text(String),
    /// BX24.js sends `[]` as the key with an empty string.
    EmptyString,
}

/// A value the transport changed, where it is and what became of it.
#[derive(Debug, Clone)]
pub struct Note {
    pub span: Span,
    pub key_span: Option<Span>,
    pub pointer: String,
    /// The value's own key (its index in a list).
    pub key: String,
    pub change: Change,
}

/// What PHP's limits took out of a body.
#[derive(Debug, Default)]
pub struct Limits {
    /// The first variable past `max_input_vars`, and how many were dropped with it.
    pub dropped: Option<(Span, usize)>,
    /// Variables nested deeper than `max_input_nesting_level`.
    pub too_deep: Vec<decode::TooDeep>,
}

/// The parameters as the portal reads them after the trip, and what the trip did.
#[derive(Debug)]
pub struct Carried {
    pub root: Node,
    pub notes: Vec<Note>,
    pub limits: Limits,
    /// The body's text as the client sends it (without the auth parameter).
    pub wire: String,
    /// Whether PHP's limit dropped the client's own `auth` parameter (CRest writes it last):
    /// the portal then cannot tell who calls.
    pub auth_dropped: bool,
}

/// Sends `root` (the parameters; a bare definition goes `under` its name, `fields`) through a
/// form client and reads it back as the portal does. `auth`: whether the client adds its
/// `auth` parameter (an application call), which counts towards PHP's limit: BX24.js writes
/// it first, CRest last.
pub fn carry(
    root: &Node,
    base: &str,
    under: Option<&str>,
    transport: Transport,
    auth: bool,
) -> Option<Carried> {
    let body = match transport {
        Transport::Json => return None,
        Transport::Crest => encode::http_build_query(root, base, under),
        Transport::Bx24 => encode::prepare_data(root, base, under),
    };
    let token = Segment::Var(Var {
        name: b"auth".to_vec(),
        value: b"token".to_vec(),
        levels: vec![Place {
            key: root.opening(),
            node: root.opening(),
        }],
        value_span: root.opening(),
        span: root.opening(),
    });
    let mut segments = body.segments;
    if auth {
        match transport {
            Transport::Bx24 => segments.insert(0, token),
            _ => segments.push(token),
        }
    }
    let decode::Decoded {
        root: mut read,
        mut limits,
    } = decode::decode(&segments, decode::Reader::Post, root.span);
    let auth_dropped = auth && transport == Transport::Crest && limits.dropped.is_some();
    if let Some((_, count)) = &mut limits.dropped {
        // The count is of the app's variables.
        *count -= usize::from(auth_dropped);
    }
    if auth {
        // The REST server takes `auth` out of the parameters (spec §2.1), the client's token
        // and any the document had alike; no check reads it.
        if let crate::json::Value::Object(members) = &mut read.value {
            members.retain(|m| m.key != "auth");
        }
    }
    let root = match under {
        Some(name) => read
            .get(name)
            .map(|(_, m)| m.value.clone())
            .unwrap_or(Node {
                span: root.span,
                value: crate::json::Value::Object(Vec::new()),
            }),
        None => read,
    };
    Some(Carried {
        root,
        notes: body.notes,
        limits,
        wire: body.wire,
        auth_dropped,
    })
}

#[cfg(test)]
mod tests {
    use super::Transport;
    use crate::Caller;

    #[test]
    fn names_read_back_in_any_case() {
        for t in Transport::ALL {
            assert_eq!(t.to_string(), t.name());
            assert_eq!(t.name().to_uppercase().parse::<Transport>(), Ok(t));
        }
        for c in Caller::ALL {
            assert_eq!(c.to_string(), c.name());
            assert_eq!(format!(" {} ", c.name()).parse::<Caller>(), Ok(c));
        }
        assert_eq!(
            "form".parse::<Transport>(),
            Err("unknown transport `form` (expected json, crest or bx24)".to_string())
        );
    }
}
