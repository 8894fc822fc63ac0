//! What `biconnector.source.*` checks after the generic field rules (spec §3.6): the connector
//! a new source uses, the live check of its settings, and the title, required in practice.

use super::id::{self, Kind};
use super::{Cx, Decorate, Reach, Request};
use crate::json::Value;
use crate::php;
use crate::spec::methods::Op;
use crate::spec::Code;

/// source.add: `connectorId` names a connector of the calling application.
pub fn connector(cx: &mut Cx, req: &Request<'_>, known: Option<&[i64]>) {
    if let Some(e) = req.entry("connectorId") {
        id::reference(
            cx,
            Kind::Connector,
            e.value,
            req.pointer_to("connectorId"),
            known,
        );
    }
}

/// The portal sends the settings to the connector's `urlCheck` and needs a success answer.
pub fn connection(cx: &mut Cx, op: Op) {
    let code = if op == Op::Add {
        "SOURCE_CREATE_CONNECTION_ERROR"
    } else {
        "SOURCE_UPDATE_CONNECTION_ERROR"
    };
    cx.assume(format!(
        "The connector's urlCheck endpoint accepts these settings (otherwise the answer is {code})."
    ));
}

/// An empty title is refused with error code 0; update refuses an absent one too (the
/// schema calls it optional, the code behind it does not).
pub fn title(cx: &mut Cx, req: &Request<'_>, op: Op) {
    match req.entry("title") {
        Some(e) if php::is_empty(&e.value.value) => {
            cx.report(
                Code::CODE_0_FIELDS_INCOMPLETE,
                e.value.span,
                req.pointer_to("title"),
                &[],
                Reach::Recorded,
            )
            .label("empty in PHP terms")
            .help("give the source a title; PHP counts \"\" and \"0\" as empty");
        }
        None if op == Op::Update => {
            cx.report(
                Code::CODE_0_FIELDS_INCOMPLETE,
                req.fields.opening(),
                req.pointer_to("title"),
                &[],
                Reach::Recorded,
            )
            .label("no `title` in this update")
            .help("source.update needs the title on every call: send the current title along with the change");
        }
        _ => {}
    }
}

/// Saving the settings trims every value whose code the connector declares: an array or an
/// object there is a TypeError (spec §6 C11), the first one the answer. A value under another
/// code is dropped without a word. Which codes the connector declares is not in the request:
/// `codes` when the caller states them, else the prediction assumes none of these.
pub fn settings_values(cx: &mut Cx, req: &Request<'_>, codes: Option<&[String]>) {
    // A list of settings is source-settings-shape's business.
    let Some(settings) = req
        .entry("settings")
        .filter(|e| matches!(e.value.value, Value::Object(_)))
    else {
        return;
    };
    let mut reach = Reach::Recorded;
    let pointer = req.pointer_to("settings");
    for e in settings
        .value
        .entries()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.value.is_array())
    {
        let key = e.key.to_string();
        match codes {
            Some(codes) if codes.contains(&key) => {
                cx.crash(e.value, crate::pointer::push(&pointer, &key), reach)
                    .label(format!("an array under the connector's setting `{key}`"))
                    .help("the portal trims the value of each of the connector's settings, and PHP's trim() of an array is a TypeError (HTTP 500): send the setting's value as text");
                reach = Reach::Shadowed;
            }
            Some(_) => {}
            None => cx.assume(unknown_code_assumption(&key)),
        }
    }
}

/// What a prediction takes for granted of an array setting value when the connector's codes
/// are unknown; the lints across files replace it when the run holds the connector.
pub(crate) fn unknown_code_assumption(key: &str) -> String {
    format!(
        "`{key}` is not one of the connector's setting codes (otherwise its array value makes the portal fail, HTTP 500)."
    )
}

/// A source with datasets cannot be deleted; that cannot be seen offline.
pub fn linked_datasets(cx: &mut Cx, id: i64) {
    cx.assume(format!(
        "Source {id} has no datasets (otherwise the answer is error BX_ERROR, SOURCE_DELETE_RESTRICTED)."
    ));
}

/// The database layer's limit on a source's `TITLE` and `CODE` (spec §6 C10).
const COLUMN_MAX: usize = 512;

/// Writing the row, after the connector lookup, the `urlCheck` call and the empty-title check
/// (spec §6 C10): a `title` over 512 characters is refused, and on add so is the `code` the
/// portal builds as `rest_` and the `connectorId` as sent (a zero-padded `"000…01"` still finds
/// connector 1, and makes the code that long). The title is checked before the code; the second
/// problem, if any, is shadowed by the first.
pub fn write(cx: &mut Cx, req: &Request<'_>, op: Op) {
    let mut reach = Reach::Recorded;
    if let Some(e) = req.entry("title") {
        let pointer = req.pointer_to("title");
        if let Some(d) = super::orm::too_long(cx, e.value, pointer, "TITLE", COLUMN_MAX, reach) {
            d.help(format!(
                "shorten `title` to at most {COLUMN_MAX} characters: the database refuses more"
            ));
            reach = Reach::Shadowed;
        }
    }
    if op != Op::Add {
        return;
    }
    let Some(e) = req.entry("connectorId") else {
        return;
    };
    let Some(id) = e.value.as_str() else { return };
    let len = "rest_".len() + php::mb_strlen(id);
    if len > COLUMN_MAX {
        let max = COLUMN_MAX.to_string();
        cx.report(
            Code::BX_INVALID_VALUE,
            e.value.span,
            req.pointer_to("connectorId"),
            &[("field", "CODE"), ("max", &max)],
            reach,
        )
        .label(format!("makes the source code `rest_…` {len} characters"))
        .help("send `connectorId` as the plain number: the portal stores `rest_` and the id as sent as the source's code, which may be at most 512 characters");
    }
}
