//! Dataset columns (spec §3.7): the checks `dataset.add` and `fields.update` run over them.
//! Every problem is recorded; the first is answered. A column that is not an object with the
//! three keys ends the loop, and a name or type the portal cannot turn into text crashes it.

use super::items::Item;
use super::{Cx, Decorate, Reach};
use crate::json::{Entry, Node, Value};
use crate::php::{self, PhpKey};
use crate::spec::fields::{COLUMN_NAME_MAX, COLUMN_TYPES};
use crate::spec::Code;

/// One column as the server reads it: the keys it looks up, present or not (`null` counts as
/// present here: the server tests `array_key_exists`).
pub struct Column<'a> {
    pub node: &'a Node,
    pub pointer: String,
    pub name: Option<Entry<'a>>,
    pub code: Option<Entry<'a>>,
    pub ty: Option<Entry<'a>>,
}

impl<'a> Column<'a> {
    /// A `fields` item of dataset.add, after key conversion.
    pub fn converted(item: &Item<'a>) -> Self {
        Column {
            node: item.node,
            pointer: item.pointer(),
            name: item.get("name"),
            code: item.get("external_code"),
            ty: item.get("type"),
        }
    }

    /// An `add` item of fields.update, read by its exact keys.
    pub fn exact(node: &'a Node, pointer: String) -> Self {
        let entries = node.entries().unwrap_or_default();
        let find = |k: &str| {
            entries
                .iter()
                .find(|e| matches!(e.key, PhpKey::Str(s) if s == k))
                .copied()
        };
        Column {
            node,
            name: find("name"),
            code: find("externalCode"),
            ty: find("type"),
            pointer,
        }
    }

    pub(crate) fn pointer_to(&self, key: &str) -> String {
        crate::pointer::push(&self.pointer, key)
    }
}

/// `^[A-Z][A-Z0-9_]*$` as PCRE matches it: `$` also matches before a final newline.
pub fn column_name_ok(name: &str) -> bool {
    pcre_dollar(
        name,
        |b| b.is_ascii_uppercase(),
        |b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_',
    )
}

/// `^[a-z][a-z0-9_]*$` as PCRE matches it.
pub fn dataset_name_ok(name: &str) -> bool {
    pcre_dollar(
        name,
        |b| b.is_ascii_lowercase(),
        |b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_',
    )
}

fn pcre_dollar(s: &str, first: impl Fn(u8) -> bool, rest: impl Fn(u8) -> bool) -> bool {
    let body = s.strip_suffix('\n').unwrap_or(s).as_bytes();
    match body.split_first() {
        Some((&f, tail)) => first(f) && tail.iter().all(|&b| rest(b)),
        None => false,
    }
}

/// The key `array_count_values` files a value under; `None` for values it skips (only
/// strings and integers are counted).
fn count_key(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(match php::array_key(s) {
            PhpKey::Int(i) => i.to_string(),
            PhpKey::Str(s) => s.to_string(),
        }),
        Value::Number(n) => n.int.map(|i| i.to_string()),
        _ => None,
    }
}

/// Values that occur more than once, in order of first occurrence, with every node holding
/// each one.
fn duplicates<'a>(values: impl Iterator<Item = &'a Node>) -> Vec<(String, Vec<&'a Node>)> {
    let mut seen: Vec<(String, Vec<&'a Node>)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    for node in values {
        let Some(key) = count_key(&node.value) else {
            continue;
        };
        match index.get(&key) {
            Some(&i) => seen[i].1.push(node),
            None => {
                index.insert(key.clone(), seen.len());
                seen.push((key, vec![node]));
            }
        }
    }
    seen.retain(|(_, nodes)| nodes.len() > 1);
    seen
}

/// Other places of duplicates underlined in one finding at most.
const MAX_PLACES: usize = 20;

/// Which duplicate checks run: dataset.add has already refused duplicate names with code 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplicates {
    CodesOnly,
    CodesAndNames,
}

/// The duplicate-name check of dataset.add, before any other column check (error code 0).
pub fn duplicate_names_code0(cx: &mut Cx, columns: &[Column<'_>]) -> bool {
    report_duplicates(
        cx,
        columns,
        |c| c.name.map(|e| e.value),
        Code::CODE_0_DUPLICATE_COLUMN_NAMES,
        "name",
    )
}

/// Reports one finding for all duplicates of a key; true when there were any.
fn report_duplicates<'a>(
    cx: &mut Cx,
    columns: &[Column<'a>],
    pick: impl Fn(&Column<'a>) -> Option<&'a Node>,
    code: Code,
    what: &str,
) -> bool {
    let dups = duplicates(columns.iter().filter_map(&pick));
    let Some((_, first)) = dups.first() else {
        return false;
    };
    let list = dups
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let at = first[1];
    let pointer = columns
        .iter()
        .find(|c| pick(c).is_some_and(|n| std::ptr::eq(n, at)))
        .map(|c| {
            c.pointer_to(if what == "name" {
                "name"
            } else {
                "externalCode"
            })
        })
        .unwrap_or_default();
    let d = cx.report(code, at.span, pointer, &[("list", &list)], Reach::Recorded);
    d.label(format!("repeats an earlier column's {what}"))
        .help(format!(
            "each column needs its own {what}; rename or remove the repeated ones"
        ));
    // Every place is underlined up to a point; a file of thousands of copies needs no more.
    let places = dups
        .iter()
        .flat_map(|(_, nodes)| nodes.iter().enumerate())
        .filter(|(_, n)| !std::ptr::eq(**n, at))
        .take(MAX_PLACES);
    for (i, n) in places {
        let text = if i == 0 {
            "first used here"
        } else {
            "repeated here"
        };
        d.also(n.span, text);
    }

    true
}

/// The column checks of `RestDatasetManager`, accumulated in the server's order.
pub fn check(cx: &mut Cx, columns: &[Column<'_>], dups: Duplicates) {
    report_duplicates(
        cx,
        columns,
        |c| c.code.map(|e| e.value),
        Code::VALIDATION_DUPLICATE_FIELD_CODE,
        "externalCode",
    );
    if dups == Duplicates::CodesAndNames {
        report_duplicates(
            cx,
            columns,
            |c| c.name.map(|e| e.value),
            Code::VALIDATION_DUPLICATE_FIELD_NAME,
            "name",
        );
    }
    // After a column without its keys the server stops; later ones are still reported, as
    // what the next request would meet.
    let mut reach = Reach::Recorded;
    for col in columns {
        let (Some(name), Some(_), Some(ty)) = (col.name, col.code, col.ty) else {
            missing_keys(cx, col, reach);
            reach = Reach::Shadowed;
            continue;
        };
        if !col.node.is_array() {
            missing_keys(cx, col, reach);
            reach = Reach::Shadowed;
            continue;
        }
        // preg_match and mb_strlen take a string: an array name is a TypeError.
        let Some(text) = php::to_php_string(&name.value.value) else {
            cx.crash(name.value, col.pointer_to("name"), reach)
                .label("an array, not a string")
                .help("a column name must be a string such as \"AMOUNT\"");
            reach = Reach::Shadowed; // the request ends here
            continue;
        };
        name_checks(cx, col, name.value, &text, reach);
        type_check(cx, col, ty.value, reach);
        if ty.value.is_array() {
            reach = Reach::Shadowed; // the TypeError ended the request
        }
    }
}

fn missing_keys(cx: &mut Cx, col: &Column<'_>, reach: Reach) {
    let absent: Vec<&str> = [
        ("name", col.name.is_none()),
        ("externalCode", col.code.is_none()),
        ("type", col.ty.is_none()),
    ]
    .iter()
    .filter(|(_, a)| *a)
    .map(|(k, _)| *k)
    .collect();
    let (label, help) = if !col.node.is_array() {
        (
            format!("{}, not an object", super::field_rules::kind(col.node)),
            "each column is an object: {\"name\": \"AMOUNT\", \"externalCode\": \"amount\", \"type\": \"double\"}".to_string(),
        )
    } else {
        (
            format!("no {}", absent.join(", no ")),
            "the portal reads the keys `name`, `externalCode` and `type` after converting them (`Name` and `external_code` work too; `NAME`, `TYPE` and `externalcode` do not)".to_string(),
        )
    };
    let span = match col.node.value {
        Value::Object(_) | Value::Array(_) => col.node.opening(),
        _ => col.node.span,
    };
    cx.report(
        Code::VALIDATION_FIELD_MISSING_REQUIRED_PARAMETERS,
        span,
        col.pointer.clone(),
        &[],
        reach,
    )
    .label(label)
    .help(help);
}

fn name_checks(cx: &mut Cx, col: &Column<'_>, node: &Node, text: &str, reach: Reach) {
    let ptr = col.pointer_to("name");
    if !column_name_ok(text) {
        let upper = text.to_ascii_uppercase();
        let help = if node.as_str().is_some() && column_name_ok(&upper) {
            format!("write it in capitals: \"{upper}\"")
        } else {
            "start with A-Z, then use only A-Z, 0-9 and _ (e.g. \"ORDER_ID\")".to_string()
        };
        cx.report(
            Code::VALIDATION_FIELD_NAME_INVALID_FORMAT,
            node.span,
            ptr.clone(),
            &[],
            reach,
        )
        .label(match node.value {
            Value::String(_) => "not ^[A-Z][A-Z0-9_]*$".to_string(),
            _ => format!("{}, not a string", super::field_rules::kind(node)),
        })
        .help(help);
    }
    let len = php::mb_strlen(text);
    if len > COLUMN_NAME_MAX {
        let past = match node.value {
            Value::String(_) => {
                Some(node.substring_span(cx.text, char_offset(text, COLUMN_NAME_MAX)..text.len()))
            }
            _ => None,
        };
        let d = cx.report(
            Code::VALIDATION_FIELD_NAME_TOO_LONG,
            node.span,
            ptr,
            &[],
            reach,
        );
        d.label(format!("{len} characters; at most {COLUMN_NAME_MAX}"))
            .help("shorten the column name");
        if let Some(past) = past {
            d.also(past, "past the limit");
        }
    }
}

/// Byte offset of the `n`th character.
fn char_offset(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

fn type_check(cx: &mut Cx, col: &Column<'_>, node: &Node, reach: Reach) {
    let ptr = col.pointer_to("type");
    if !node.is_array() && node.as_str().is_some_and(|t| COLUMN_TYPES.contains(&t)) {
        return;
    }
    if node.is_array() {
        // FieldType::tryFrom takes a string or an integer.
        cx.crash(node, ptr, reach)
            .label("an array, not a type name")
            .help(format!("use one of {}", COLUMN_TYPES.join(", ")));
        return;
    }
    let help = match node.as_str() {
        Some(t) if COLUMN_TYPES.contains(&t.to_ascii_lowercase().as_str()) => format!(
            "column types are lower case: \"{}\"",
            t.to_ascii_lowercase()
        ),
        Some(t) => match crate::suggest::did_you_mean(t, &COLUMN_TYPES) {
            Some(s) => format!("did you mean \"{s}\"? Types: {}", COLUMN_TYPES.join(", ")),
            None => format!("use one of {}", COLUMN_TYPES.join(", ")),
        },
        None => format!("a string: one of {}", COLUMN_TYPES.join(", ")),
    };
    cx.report(
        Code::VALIDATION_FIELD_INVALID_TYPE,
        node.span,
        ptr,
        &[],
        reach,
    )
    .label("not a column type")
    .help(help);
}
