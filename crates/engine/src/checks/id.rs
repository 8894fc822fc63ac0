//! The top-level `id` of update, get, delete and fields.update (spec §3.1), the ids inside
//! `fields` that name another entity, and what the portal then looks up.

use super::{Cx, Decorate, Reach};
use crate::json::{Node, Value};
use crate::php;
use crate::pointer;
use crate::spec::methods::Family;
use crate::spec::Code;

/// A valid id: the integer the portal uses, and where it was written.
pub struct Id<'a> {
    pub value: i64,
    pub node: &'a Node,
}

/// `id` must be present (null counts as present), numeric in PHP terms, and positive after
/// PHP's integer conversion.
pub fn check<'a>(cx: &mut Cx, root: &'a Node, base: &str, family: Family) -> Option<Id<'a>> {
    let word = family.word();
    let Some((_, member)) = root.get("id") else {
        cx.report(
            Code::VALIDATION_ID_NOT_PROVIDED,
            root.opening(),
            pointer::push(base, "id"),
            &[],
            Reach::Recorded,
        )
        .label("no `id` in this request")
        .help(format!(
            "add \"id\": <{word} id>, the number biconnector.{word}.add returned"
        ));
        return None;
    };
    let node = &member.value;
    let numeric = php::is_numeric(&node.value);
    let value = php::intval(&node.value);
    if numeric && value > 0 {
        return Some(Id { value, node });
    }
    let (label, help) = match &node.value {
        Value::Number(n) if n.int.is_none() && n.float.abs() >= 9.2e18 => (
            format!("converts to {value}"),
            "a number this large wraps around when the portal converts it to an integer; write the id as a plain integer".to_string(),
        ),
        Value::String(s) if numeric => (
            format!("converts to {value}"),
            format!("\"{}\" is numeric but its integer value is {value}; ids start at 1", s.escape_debug()),
        ),
        Value::Number(_) => (
            format!("converts to {value}"),
            format!("the integer value is {value}; ids start at 1"),
        ),
        _ => (
            format!("{}, not a positive integer", super::field_rules::kind(node)),
            format!("write the {word} id as a number, e.g. \"id\": 5"),
        ),
    };
    cx.report(
        Code::VALIDATION_INVALID_ID_FORMAT,
        node.span,
        pointer::push(base, "id"),
        &[],
        Reach::Recorded,
    )
    .label(label)
    .help(help);
    None
}

/// What an id names, and the answer when the caller has no such thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Connector,
    Source,
    Dataset,
}

impl Kind {
    fn code(self) -> Code {
        match self {
            Kind::Connector => Code::CONNECTOR_NOT_FOUND,
            Kind::Source => Code::SOURCE_NOT_FOUND,
            Kind::Dataset => Code::DATASET_NOT_FOUND,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Connector => "connector",
            Kind::Source => "source",
            Kind::Dataset => "dataset",
        }
    }

    fn flag(self) -> &'static str {
        match self {
            Kind::Connector => "--known-connector",
            Kind::Source => "--known-source",
            Kind::Dataset => "--known-dataset",
        }
    }

    /// The ids stated to exist, if any were.
    pub fn known(self, options: &crate::Options) -> Option<&[i64]> {
        match self {
            Kind::Connector => options.known_connectors.as_deref(),
            Kind::Source => options.known_sources.as_deref(),
            Kind::Dataset => options.known_datasets.as_deref(),
        }
    }
}

/// fields.update hands the raw `id` to a function taking an integer: a number beyond 64 bits
/// is a TypeError before anything is looked up. True when that happens.
pub fn crashes_as_int_param(cx: &mut Cx, id: &Id<'_>, pointer: String) -> bool {
    if php::fits_int_param(&id.node.value) {
        return false;
    }
    cx.crash(id.node, pointer, Reach::Recorded)
        .label("too large for an integer parameter")
        .help("the portal passes this id on as a 64-bit integer and fails (HTTP 500); write the dataset id the portal returned");
    true
}

/// The portal loads the entity; a missing one, or one of another application, is not found.
pub fn lookup(
    cx: &mut Cx,
    kind: Kind,
    value: i64,
    node: &Node,
    pointer: String,
    known: Option<&[i64]>,
) {
    let noun = kind.noun();
    if value <= 0 {
        // No row has an id below 1: not found, whatever the portal holds.
        cx.report(kind.code(), node.span, pointer, &[], Reach::Recorded)
            .label(format!("{noun} {value}"))
            .help(format!(
                "the portal converts this to the integer {value}, and {noun} ids start at 1"
            ));
        return;
    }
    if !php::fits_int_param(&node.value) {
        // Beyond 64 bits no row can match, whatever the conversion made of it (spec §3.1).
        cx.report(kind.code(), node.span, pointer, &[], Reach::Recorded)
            .label("too large for an id")
            .help(format!(
                "this number does not fit in a 64-bit integer, so no {noun} has it; write the id the portal returned"
            ));
        return;
    }
    match known {
        Some(known) if !known.contains(&value) => {
            let list = known
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            cx.report(kind.code(), node.span, pointer, &[], Reach::Recorded)
                .label(format!("{noun} {value}"))
                .help(format!(
                    "{value} is not among the {noun}s stated to exist ({list}); the portal answers this for ids that do not exist or belong to another application"
                ));
        }
        Some(_) => {}
        None => {
            let mut s = String::from(noun);
            if let Some(first) = s.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            cx.assume(format!(
                "{s} {value} exists and belongs to the calling application (state which ones do with {}).",
                kind.flag()
            ))
        }
    }
}

/// An id inside `fields` (`connectorId` of source.add, `sourceId` of dataset.add): the integer
/// PHP makes of it names the entity to look up.
pub fn reference(cx: &mut Cx, kind: Kind, node: &Node, pointer: String, known: Option<&[i64]>) {
    let value = php::intval(&node.value);
    lookup(cx, kind, value, node, pointer, known);
}

/// Deleting a connector that still has sources is refused; that cannot be seen offline.
pub fn linked_sources(cx: &mut Cx, id: &Id<'_>) {
    cx.assume(format!(
        "Connector {} has no sources linked to it (otherwise the answer is CONNECTOR_DELETE_RESTRICTED).",
        id.value
    ));
}
