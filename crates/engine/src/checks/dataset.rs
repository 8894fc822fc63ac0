//! What `biconnector.dataset.*` and `biconnector.table.*` check beyond the generic field rules
//! (spec §3.7): the dataset name, its source, the columns, and the parameters of fields.update.

use super::columns::{self, Column};
use super::id::{self, Kind};
use super::items::Item;
use super::{Cx, Decorate, Reach, Request};
use crate::json::{Node, Value};
use crate::php;
use crate::pointer;
use crate::spec::fields::DATASET_NAME_MAX;
use crate::spec::Code;

/// dataset.add: the name must match `^[a-z][a-z0-9_]*$` (checked before the source).
pub fn name(cx: &mut Cx, req: &Request<'_>) {
    let Some(e) = req.entry("name") else { return };
    let Some(name) = e.value.as_str() else { return };
    if columns::dataset_name_ok(name) {
        return;
    }
    let lower = name.to_ascii_lowercase().replace(['-', ' ', '.'], "_");
    let help = if columns::dataset_name_ok(&lower) {
        format!("use \"{lower}\": a-z first, then only a-z, 0-9 and _")
    } else {
        "start with a-z, then use only a-z, 0-9 and _ (e.g. \"sales_2024\")".to_string()
    };
    cx.report(
        Code::VALIDATION_DATASET_NAME_INVALID,
        e.value.span,
        req.pointer_to("name"),
        &[],
        Reach::Recorded,
    )
    .label("not ^[a-z][a-z0-9_]*$")
    .help(help);
}

/// dataset.add: `sourceId` names a REST source of the calling application.
pub fn source(cx: &mut Cx, req: &Request<'_>, known: Option<&[i64]>) {
    // A non-numeric id was refused by the type check; the portal never gets here with it.
    if let Some(e) = req
        .entry("sourceId")
        .filter(|e| php::is_numeric(&e.value.value))
    {
        id::reference(cx, Kind::Source, e.value, req.pointer_to("sourceId"), known);
    }
}

/// The columns of dataset.add as the server reads them after key conversion.
pub fn columns_of<'a>(items: &[Item<'a>]) -> Vec<Column<'a>> {
    items.iter().map(Column::converted).collect()
}

/// dataset.add before the column checks: duplicate names (error code 0), a name BI Builder
/// already has (not visible offline), an empty column list.
pub fn prepare(cx: &mut Cx, req: &Request<'_>, columns: &[Column<'_>]) {
    if columns::duplicate_names_code0(cx, columns) {
        return;
    }
    if let Some(name) = req.entry("name").and_then(|e| e.value.as_str()) {
        cx.assume(format!(
            "BI Builder has no table named \"{name}\" yet (otherwise the answer is error 0, CODE_0_DATASET_EXISTS)."
        ));
    }
    if let Some(e) = req.entry("fields") {
        if php::is_empty(&e.value.value) {
            cx.report(
                Code::FIELDS_EMPTY,
                e.value.span,
                req.pointer_to("fields"),
                &[],
                Reach::Recorded,
            )
            .label("no columns")
            .help("a dataset needs at least one column: [{\"name\": \"ID\", \"externalCode\": \"id\", \"type\": \"int\"}]");
        }
    }
}

/// dataset.add: after the columns, the name length.
pub fn name_length(cx: &mut Cx, req: &Request<'_>) {
    let Some(e) = req.entry("name") else { return };
    let Some(name) = e.value.as_str() else { return };
    let len = php::mb_strlen(name);
    if len <= DATASET_NAME_MAX {
        return;
    }
    let cut = name
        .char_indices()
        .nth(DATASET_NAME_MAX)
        .map_or(name.len(), |(i, _)| i);
    let past = e.value.substring_span(cx.text, cut..name.len());
    cx.report(
        Code::VALIDATION_DATASET_NAME_TOO_LONG,
        e.value.span,
        req.pointer_to("name"),
        &[],
        Reach::Recorded,
    )
    .label(format!("{len} characters; at most {DATASET_NAME_MAX}"))
    .help("shorten the dataset name")
    .also(past, "past the limit");
}

/// dataset.update: columns change only through fields.update.
pub fn invalid_method(cx: &mut Cx, req: &Request<'_>, family: &str) {
    let Some(e) = req.entry("fields") else { return };
    if matches!(e.value.value, Value::Null) {
        return; // `isset` is false
    }
    cx.report(
        Code::INVALID_METHOD,
        e.key_span.unwrap_or(e.value.span),
        req.pointer_to("fields"),
        &[],
        Reach::Recorded,
    )
    .label("columns cannot be changed here")
    .help(format!(
        "remove `fields` and send the column changes to biconnector.{family}.fields.update as `add`, `update` and `delete`"
    ));
}

/// The three lists of fields.update, as the server walks them: the first bad item of the
/// first list that has one is the answer; lists that are not arrays are skipped.
pub fn fields_update_params<'a>(
    cx: &mut Cx,
    root: &'a Node,
    base: &str,
    family: &str,
) -> Vec<Column<'a>> {
    let mut reach = Reach::Recorded;
    let mut added = Vec::new();
    let list = |key: &str| {
        root.get(key)
            .map(|(_, m)| &m.value)
            .filter(|n| n.is_array())
            .and_then(|n| n.entries())
    };
    if let Some(items) = list("add") {
        let ptr = pointer::push(base, "add");
        for e in items {
            let item_ptr = pointer::push(&ptr, &e.key.to_string());
            let set = |k: &str| php::isset(exact(e.value, k));
            if set("name") && set("externalCode") && set("type") {
                added.push(Column::exact(e.value, item_ptr));
                continue;
            }
            missing(
                cx,
                e.value,
                item_ptr,
                Code::VALIDATION_FIELD_ADD_MISSING_REQUIRED_FIELDS,
                &["name", "externalCode", "type"],
                reach,
            );
            reach = Reach::Shadowed;
        }
    }
    if let Some(items) = list("update") {
        let ptr = pointer::push(base, "update");
        for e in items {
            let set = |k: &str| php::isset(exact(e.value, k));
            if set("id") && set("visible") {
                continue;
            }
            missing(
                cx,
                e.value,
                pointer::push(&ptr, &e.key.to_string()),
                Code::VALIDATION_FIELD_UPDATE_MISSING_REQUIRED_FIELDS,
                &["id", "visible"],
                reach,
            );
            reach = Reach::Shadowed;
        }
    }
    if let Some(items) = list("delete") {
        let ptr = pointer::push(base, "delete");
        for e in items {
            if php::is_numeric(&e.value.value) && php::intval(&e.value.value) >= 1 {
                continue;
            }
            cx.report(
                Code::VALIDATION_FIELD_DELETE_INVALID_ID,
                e.value.span,
                pointer::push(&ptr, &e.key.to_string()),
                &[],
                reach,
            )
            .label(format!(
                "{}, not a column id",
                super::field_rules::kind(e.value)
            ))
            .help(format!("list the ids of the columns to remove, as biconnector.{family}.get shows them (1 or more)"));
            reach = Reach::Shadowed;
        }
    }
    added
}

/// The member `key` of an object, by its exact name (PHP's `$item['key']`: the last of
/// repeated keys).
fn exact<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    node.get(key).map(|(_, m)| &m.value)
}

fn missing(cx: &mut Cx, node: &Node, pointer: String, code: Code, keys: &[&str], reach: Reach) {
    let unset: Vec<String> = keys
        .iter()
        .filter_map(|k| match exact(node, k) {
            None => Some(format!("no `{k}`")),
            Some(v) if matches!(v.value, Value::Null) => Some(format!("`{k}` is null")),
            Some(_) => None,
        })
        .collect();
    let (span, label) = if node.is_array() {
        (node.opening(), unset.join(", "))
    } else {
        (
            node.span,
            format!("{}, not an object", super::field_rules::kind(node)),
        )
    };
    cx.report(code, span, pointer, &[], reach)
        .label(label)
        .help(format!(
            "each item needs {} set (not null), with exactly these camelCase keys",
            keys.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
}

/// fields.update: what the dataset already holds decides the last checks.
pub fn existing_columns(cx: &mut Cx, added: &[Column<'_>], id: i64) {
    if !added.is_empty() {
        cx.assume(format!(
            "Dataset {id} has no column with an added column's name or externalCode (otherwise VALIDATION_DUPLICATE_EXIST_CODE / _NAME)."
        ));
    }
    cx.assume(
        "No BI Builder handler refuses the changed columns (otherwise DATASET_UPDATE_ERROR)."
            .to_string(),
    );
}

/// `biconnector.dataset.delete` of a dataset that was found, from 26.250 (spec §6 C8): the row
/// is deleted first, then the after-delete event passes the dataset read back by id (now null)
/// to handlers that cannot take it. Their `Error` is caught nowhere: HTTP 500, with the dataset
/// gone. A lookup that answered already (`DATASET_NOT_FOUND`) comes first.
pub fn delete_event(cx: &mut Cx, id: &super::id::Id<'_>, base: &str) {
    if cx.answered {
        return;
    }
    cx.crash(id.node, crate::pointer::push(base, "id"), Reach::Recorded)
        .label("deleted, then the portal fails")
        .help(
            "from 26.250 dataset.delete deletes the row and then fires its after-delete event with \
             the dataset read back as null; the handlers fail on it and the portal answers HTTP \
             500 although the dataset is gone. biconnector.table.delete fires no event",
        );
}

/// The database layer's limit on a dataset's `externalName` and `externalCode` and on a
/// column's `externalCode` (spec §6 C10).
const EXTERNAL_MAX: usize = 512;

/// Writing the rows, once every check passed (spec §6 C10, C12): the dataset's row (dataset.add;
/// fields.update writes no dataset row) with its `externalName` and `externalCode`, then each
/// added column's row with its `externalCode`. A value longer than 512 characters is refused
/// with `BX_INVALID_VALUE`; an array or object column `externalCode` fails the write with a PHP
/// error (HTTP 500); numbers, booleans and `null` are stored. The first problem in that order
/// is the answer; the rows after it are never written, so what they hold is shadowed.
pub fn write(cx: &mut Cx, req: Option<&Request<'_>>, columns: &[Column<'_>]) {
    let mut reach = Reach::Recorded;
    for (field, column) in [
        ("externalName", "EXTERNAL_NAME"),
        ("externalCode", "EXTERNAL_CODE"),
    ] {
        let Some(e) = req.and_then(|r| r.entry(field)) else {
            continue;
        };
        let pointer = req.map(|r| r.pointer_to(field)).unwrap_or_default();
        if let Some(d) = super::orm::too_long(cx, e.value, pointer, column, EXTERNAL_MAX, reach) {
            d.help(format!(
                "shorten `{field}` to at most {EXTERNAL_MAX} characters: the database refuses more"
            ));
            reach = Reach::Shadowed;
        }
    }
    for c in columns {
        let Some(code) = &c.code else { continue };
        // The key as written: a converted key (`EXTERNAL_CODE`) still points at itself.
        let key = match code.key {
            php::PhpKey::Str(k) => k.to_string(),
            php::PhpKey::Int(i) => i.to_string(),
        };
        let pointer = c.pointer_to(&key);
        if code.value.is_array() {
            cx.crash(code.value, pointer, reach)
                .label("not a text")
                .help("`externalCode` passes every check as an array, then the database write fails on it (HTTP 500): write it as a string");
            reach = Reach::Shadowed;
        } else if let Some(d) = super::orm::too_long(
            cx,
            code.value,
            pointer,
            "EXTERNAL_CODE",
            EXTERNAL_MAX,
            reach,
        ) {
            d.help(format!(
                "shorten the column's `externalCode` to at most {EXTERNAL_MAX} characters: the database refuses more"
            ));
            reach = Reach::Shadowed;
        }
    }
}
