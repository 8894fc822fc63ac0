//! Fixes never change which value the portal reads: no rename onto a key that is there or
//! claimed by another fix, none of a repeated key, one input shape for the whole fix loop,
//! and a property over generated requests.

use b24lint::json::{Node, Value};
use b24lint::{InputMode, Linter, Method, Options};
use proptest::prelude::*;

fn linter(method: Method, input: InputMode) -> Linter {
    Linter::new(Options {
        method,
        input,
        ..Options::default()
    })
}

fn fixed_with(l: &Linter, text: &str, unsafe_fixes: bool) -> Option<String> {
    let report = l.check(text.as_bytes());
    b24lint::fix::apply_all(l, text.as_bytes(), &report, unsafe_fixes)
        .map(|(t, _)| String::from_utf8(t).unwrap())
}

#[test]
fn two_spellings_of_a_top_level_parameter_are_not_both_renamed() {
    // Both `ID` and `Id` mean `id`; renaming both would send `id` twice, and the portal
    // would read only the second. The first is renamed, the second is left for a person.
    let update = linter(Method::ConnectorUpdate, InputMode::Auto);
    assert_eq!(
        fixed_with(
            &update,
            r#"{"ID": 5, "Id": 6, "fields": {"title": "x"}}"#,
            true
        )
        .unwrap(),
        r#"{"id": 5, "Id": 6, "fields": {"title": "x"}}"#
    );
    assert_eq!(
        fixed_with(
            &update,
            r#"{"id": 5, "FIELDS": {"title": "a"}, "Fields": {"title": "b"}}"#,
            true
        )
        .unwrap(),
        r#"{"id": 5, "fields": {"title": "a"}, "Fields": {"title": "b"}}"#
    );
    let list = linter(Method::ConnectorList, InputMode::Auto);
    assert_eq!(
        fixed_with(&list, r#"{"SELECT": ["id"], "Select": ["title"]}"#, false).unwrap(),
        r#"{"select": ["id"], "Select": ["title"]}"#
    );
}

#[test]
fn a_parameter_already_sent_is_not_renamed_onto() {
    let update = linter(Method::ConnectorUpdate, InputMode::Auto);
    let body = r#"{"id": 5, "ID": 6, "fields": {"title": "x"}}"#;
    assert_eq!(fixed_with(&update, body, true), None);
    let report = update.check(body.as_bytes());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code.name() == "param-case")
        .unwrap();
    assert_eq!(d.fix, None);
    assert_eq!(
        d.help.as_deref(),
        Some("rename it to `id`; as written, the portal acts as if it were not sent")
    );
}

#[test]
fn a_repeated_key_is_not_renamed() {
    // The portal reads the last `url_check`; renaming the first would send "a", renaming the
    // last would bring the dropped first one back as an unknown key.
    let add = linter(Method::ConnectorAdd, InputMode::Auto);
    let body = r#"{"fields": {"url_check": "https://a.example/c", "title": "t", "url_check": "https://b.example/c"}}"#;
    assert_eq!(fixed_with(&add, body, true), None);
    let report = add.check(body.as_bytes());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code.name() == "VALIDATION_UNKNOWN_PARAMETERS")
        .unwrap();
    assert_eq!(d.fix, None);
    assert!(
        d.help.as_deref().unwrap().ends_with(
            "; not fixed automatically: `url_check` is repeated: remove the copies the portal drops (all but the last), then fix"
        ),
        "{:?}",
        d.help
    );
    let top = r#"{"FIELDS": {"title": "a"}, "FIELDS": {"title": "b"}}"#;
    assert_eq!(fixed_with(&add, top, true), None);
}

#[test]
fn the_input_shape_holds_for_the_whole_fix_loop() {
    // Checked as a bare definition (it has `id`), `FIELDS` is an unknown field. Once the
    // unsafe fix removes `id`, the text alone would read as a request, and a second pass
    // would rename `FIELDS` to `fields`: a different request. The shape stays a definition.
    let add = linter(Method::ConnectorAdd, InputMode::Auto);
    let body = r#"{"id": 1, "FIELDS": {"title": "x"}}"#;
    assert_eq!(
        add.check(body.as_bytes()).input,
        b24lint::InputShape::Fields
    );
    assert_eq!(
        fixed_with(&add, body, true).unwrap(),
        r#"{"FIELDS": {"title": "x"}}"#
    );
}

/// The portal's view of one object: each key with the index of its last occurrence (the one
/// whose value is read).
fn last_occurrences(members: &[b24lint::json::Member]) -> Vec<(String, usize)> {
    let mut view: Vec<(String, usize)> = Vec::new();
    for (i, m) in members.iter().enumerate() {
        match view.iter_mut().find(|(k, _)| *k == m.key) {
            Some(entry) => entry.1 = i,
            None => view.push((m.key.clone(), i)),
        }
    }
    view
}

/// Compares what the portal reads from two trees whose objects have the same members in the
/// same order (safe fixes only rename keys and re-case values). Every key the portal read
/// before is read from the same member after, under its old name or a name a fix gave it,
/// and no two keys merged. Returns a description of the first difference.
fn same_view(before: &Node, after: &Node, titles: &[String], at: &str) -> Result<(), String> {
    match (&before.value, &after.value) {
        (Value::Object(a), Value::Object(b)) => {
            if a.len() != b.len() {
                return Err(format!("{at}: member count changed"));
            }
            let (va, vb) = (last_occurrences(a), last_occurrences(b));
            if va.len() != vb.len() {
                return Err(format!(
                    "{at}: {} keys read before, {} after",
                    va.len(),
                    vb.len()
                ));
            }
            for (key, i) in &va {
                let new = &b[*i].key;
                if !vb.iter().any(|(k, j)| k == new && j == i) {
                    return Err(format!("{at}: the value of `{key}` is no longer read"));
                }
                if new != key
                    && !titles
                        .iter()
                        .any(|t| t.contains(&format!("`{key}` to `{new}`")))
                {
                    return Err(format!(
                        "{at}: `{key}` became `{new}` with no fix saying so"
                    ));
                }
            }
            for (x, y) in a.iter().zip(b) {
                same_view(&x.value, &y.value, titles, &format!("{at}/{}", x.key))?;
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                same_view(x, y, titles, &format!("{at}/{i}"))?;
            }
            Ok(())
        }
        // Value fixes only re-case types.
        (Value::String(x), Value::String(y)) if x.eq_ignore_ascii_case(y) => Ok(()),
        (x, y) if x == y => Ok(()),
        _ => Err(format!("{at}: the value changed")),
    }
}

/// Keys that fixes re-case or rename, in several spellings, so that collisions are likely.
const KEYS: &[&str] = &[
    "id",
    "ID",
    "Id",
    "fields",
    "FIELDS",
    "Fields",
    "title",
    "Title",
    "TITLE",
    "url_check",
    "urlCheck",
    "URLCHECK",
    "urlData",
    "url_data",
    "logo",
    "LOGO",
    "settings",
    "Settings",
    "select",
    "SELECT",
    "filter",
    "Filter",
    "name",
    "NAME",
    "Name",
    "code",
    "Code",
    "type",
    "TYPE",
    "Type",
    "externalCode",
    "extrnalCode",
    "external_code",
    "sourceId",
    "source_id",
];

fn value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("1".to_string()),
        Just("\"a\"".to_string()),
        Just("\"STRING\"".to_string()),
        Just("\"Int\"".to_string()),
        Just("null".to_string()),
        Just("[]".to_string()),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|m| {
                let members: Vec<String> = m.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(KEYS), value()), 0..6).prop_map(|m| {
        let members: Vec<String> = m.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        format!("{{{}}}", members.join(","))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    /// After the safe fixes, the portal reads the same values, under the names the fixes give.
    #[test]
    fn safe_fixes_keep_what_the_portal_reads(
        body in document(),
        method in prop::sample::select(&Method::ALL[..]),
        input in prop::sample::select(&[InputMode::Auto, InputMode::Request, InputMode::Fields][..]),
    ) {
        let l = linter(method, input);
        let report = l.check(body.as_bytes());
        if let Some((fixed, titles)) = b24lint::fix::apply_all(&l, body.as_bytes(), &report, false) {
            let before = b24lint::json::parse(body.as_bytes()).unwrap();
            let after = b24lint::json::parse(&fixed).expect("a fixed file stays valid JSON");
            if let Err(e) = same_view(&before.root, &after.root, &titles, "") {
                return Err(TestCaseError::fail(format!(
                    "{e}\nbefore: {body}\nafter:  {}\nfixes: {titles:?}",
                    String::from_utf8_lossy(&fixed)
                )));
            }
        }
    }
}
