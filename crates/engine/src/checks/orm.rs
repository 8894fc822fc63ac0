//! The database layer: empty required columns in map order, then column lengths in the order
//! the values were set, which is request order (spec §2.8).

use super::{Cx, Decorate, Reach, Request};
use crate::json::Value;
use crate::php::{self, PhpKey};
use crate::spec::fields::{connector_column, CONNECTOR_COLUMNS};
use crate::spec::Code;

/// `no_app_id`: a 25.300 webhook call, whose row has no APP_ID (required; after TITLE and LOGO in map
/// order).
pub fn check(cx: &mut Cx, req: &Request<'_>, no_app_id: bool) {
    let target = cx.target;
    for column in CONNECTOR_COLUMNS
        .iter()
        .filter(|c| target.has(c.since) && c.required)
    {
        if no_app_id && column.name == "URL_CHECK" {
            app_id_missing(cx, req);
        }
        let Some(e) = req.entry(column.field) else {
            continue;
        };
        if !matches!(&e.value.value, Value::String(s) if s.is_empty()) {
            continue;
        }
        cx.report(
            Code::BX_EMPTY_REQUIRED,
            e.value.span,
            req.pointer_to(column.field),
            &[("field", column.name)],
            Reach::Recorded,
        )
        .label("empty")
        .help(format!(
            "`{}` passes the type check as a string, but the database refuses an empty one",
            column.field
        ));
    }
    for e in &req.entries {
        let PhpKey::Str(key) = e.key else { continue };
        let Some(column) = connector_column(target, key) else {
            continue;
        };
        let Some(max) = column.max_len else { continue };
        let pointer = req.pointer_to(key);
        let Some(d) = too_long(cx, e.value, pointer, column.name, max, Reach::Recorded) else {
            continue;
        };
        let inferred = if column.since == crate::spec::Target::Cloud {
            " (limit inferred from the docs and the SOURCE_CODE column; no public server code has it)"
        } else {
            ""
        };
        d.help(format!(
            "shorten `{key}` to at most {max} characters{inferred}"
        ));
    }
}

fn app_id_missing(cx: &mut Cx, req: &Request<'_>) {
    cx.report(
        Code::BX_EMPTY_REQUIRED,
        req.fields.opening(),
        req.pointer.clone(),
        &[("field", "APP_ID")],
        Reach::Recorded,
    )
    .label("written with no application id")
    .help("on 25.300 a webhook call is not refused, but the connector it adds has no application: call it from the installed application");
}

/// A text the database layer measures against its column's limit (spec §2.8, §6 C10): when it
/// holds more than `max` characters, `BX_INVALID_VALUE` with the column's name, labelled with
/// its length. The caller adds its help.
pub(crate) fn too_long<'c>(
    cx: &'c mut Cx,
    value: &crate::json::Node,
    pointer: String,
    column: &str,
    max: usize,
    reach: Reach,
) -> Option<&'c mut crate::Diagnostic> {
    let len = php::mb_strlen(value.as_str()?);
    if len <= max {
        return None;
    }
    let max = max.to_string();
    let d = cx.report(
        Code::BX_INVALID_VALUE,
        value.span,
        pointer,
        &[("field", column), ("max", &max)],
        reach,
    );
    Some(d.label(format!("{len} characters")))
}
