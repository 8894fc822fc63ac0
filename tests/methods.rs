//! The connector family beyond add: id checks, the lookup with known connectors, list
//! parameters, the envelope form and the lints on top-level parameters.

use b24lint::{Code, Linter, Method, Options, Report, Target};
use serde_json::json;

fn check(method: Method, body: &str, known: Option<Vec<i64>>) -> Report {
    Linter::new(Options {
        method,
        target: Target::V26_250,
        known_connectors: known,
        ..Options::default()
    })
    .check(body.as_bytes())
}

fn error(code: &str, message: &str) -> serde_json::Value {
    json!({"http": 200, "accepted": false, "result": {"error": {"error": code, "error_description": message}}})
}

const INVALID_ID: (&str, &str) = (
    "VALIDATION_INVALID_ID_FORMAT",
    "ID has to be a positive integer.",
);
const NOT_FOUND: (&str, &str) = ("CONNECTOR_NOT_FOUND", "Connector was not found.");

#[test]
fn ids_as_php_reads_them() {
    let known = Some(vec![1]);
    for (id, expected) in [
        ("1", None),
        ("\"1\"", None),
        ("\" 1\"", None),
        ("1.9", None),
        ("\"00001\"", None),
        ("\"1e3\"", Some(NOT_FOUND)),
        ("0", Some(INVALID_ID)),
        ("-1", Some(INVALID_ID)),
        ("\"-1\"", Some(INVALID_ID)),
        ("0.5", Some(INVALID_ID)),
        ("\"0.9\"", Some(INVALID_ID)),
        ("null", Some(INVALID_ID)),
        ("true", Some(INVALID_ID)),
        ("[]", Some(INVALID_ID)),
        ("\"abc\"", Some(INVALID_ID)),
        ("\"\"", Some(INVALID_ID)),
        ("\"1e999\"", Some(INVALID_ID)),
        // A 20-digit literal decodes to the float 2^64, whose integer conversion wraps to 0.
        ("18446744073709551617", Some(INVALID_ID)),
        // The same digits as a string saturate to the largest integer: valid, not found.
        ("\"18446744073709551617\"", Some(NOT_FOUND)),
        ("2", Some(NOT_FOUND)),
    ] {
        let r = check(
            Method::ConnectorGet,
            &format!("{{\"id\": {id}}}"),
            known.clone(),
        );
        let want = match expected {
            None => json!({"http": 200, "accepted": true}),
            Some((c, m)) => error(c, m),
        };
        assert_eq!(r.answer.to_json(), want, "id {id}");
    }
    let r = check(Method::ConnectorDelete, "{}", None);
    assert_eq!(
        r.answer.to_json(),
        error("VALIDATION_ID_NOT_PROVIDED", "ID is missing.")
    );
}

#[test]
fn update_looks_up_before_the_settings_and_has_no_required_fields() {
    let bad_settings = r#"{"title":"x","settings":[{"name":"n","code":"c","type":"bad"}]}"#;
    let own = check(
        Method::ConnectorUpdate,
        &format!(r#"{{"id":1,"fields":{bad_settings}}}"#),
        Some(vec![1]),
    );
    assert_eq!(
        own.answer.to_json(),
        error(
            "VALIDATION_SETTINGS_INVALID_TYPE",
            "Parameter \"type\" is not correct."
        )
    );
    let other = check(
        Method::ConnectorUpdate,
        &format!(r#"{{"id":2,"fields":{bad_settings}}}"#),
        Some(vec![1]),
    );
    assert_eq!(other.answer.to_json(), error(NOT_FOUND.0, NOT_FOUND.1));
    // The settings problem is still reported, just not as the answer.
    assert!(other
        .diagnostics
        .iter()
        .any(|d| d.code == Code::VALIDATION_SETTINGS_INVALID_TYPE && !d.server_answer));
    // Without --known-connector the lookup is assumed to succeed, and the report says so.
    let assumed = check(
        Method::ConnectorUpdate,
        r#"{"id":7,"fields":{"title":"x"}}"#,
        None,
    );
    assert!(assumed.answer.accepted());
    assert!(assumed
        .assumptions
        .iter()
        .any(|a| a.starts_with("Connector 7 exists")));
    // Read-only and empty title on update.
    let r = check(
        Method::ConnectorUpdate,
        r#"{"id":1,"fields":{"id":1}}"#,
        Some(vec![1]),
    );
    assert_eq!(
        r.answer.to_json(),
        error("VALIDATION_READ_ONLY_FIELD", "Field \"id\" is read only.")
    );
    let r = check(
        Method::ConnectorUpdate,
        r#"{"id":1,"fields":{"title":""}}"#,
        Some(vec![1]),
    );
    assert_eq!(
        r.answer.to_json(),
        error("BX_EMPTY_REQUIRED", "The field TITLE is required.")
    );
    let r = check(Method::ConnectorUpdate, r#"{"id":1}"#, Some(vec![1]));
    assert_eq!(
        r.answer.to_json(),
        error("VALIDATION_FIELDS_NOT_PROVIDED", "Fields not provided.")
    );
}

#[test]
fn list_select_filter_order() {
    let list = |body: &str| check(Method::ConnectorList, body, None).answer.to_json();
    assert_eq!(
        list(r#"{"select":"*"}"#),
        error(
            "VALIDATION_SELECT_TYPE",
            "Parameter \"select\" must be array."
        )
    );
    for (value, shown) in [
        ("\"ID\"", "ID"),
        ("5", "5"),
        ("true", "1"),
        ("false", ""),
        ("null", ""),
        ("[1]", "Array"),
        ("1.5", "1.5"),
    ] {
        assert_eq!(
            list(&format!(r#"{{"select":["id",{value}]}}"#)),
            error(
                "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT",
                &format!("Field \"{shown}\" is not allowed in the \"select\".")
            ),
            "{value}"
        );
    }
    assert_eq!(
        list(r#"{"select":["bad"],"filter":"x"}"#),
        error(
            "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT",
            "Field \"bad\" is not allowed in the \"select\"."
        )
    );
    assert_eq!(
        list(r#"{"filter":{">=foo":1}}"#),
        error(
            "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER",
            "Field \"foo\" is not allowed in the \"filter\"."
        )
    );
    assert_eq!(
        list(r#"{"filter":{"LOGIC":"AND"}}"#),
        error(
            "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER",
            "Field \"LOGIC\" is not allowed in the \"filter\"."
        )
    );
    assert_eq!(
        list(r#"{"filter":{"logic":"XOR"}}"#),
        error(
            "VALIDATION_INVALID_FILTER_LOGIC",
            "Field \"logic\" must be either \"AND\" or \"OR\"."
        )
    );
    assert_eq!(
        list(r#"{"filter":{"@title":["a","b"]}}"#),
        error(
            "VALIDATION_FIELD_NOT_ALLOWED_IN_FILTER",
            "Field \"0\" is not allowed in the \"filter\"."
        )
    );
    assert_eq!(
        list(r#"{"filter":{"logic":[]}}"#),
        json!({"http": 500, "accepted": false})
    );
    for ok in [
        r#"{"filter":{"@id":[1,2]}}"#,
        r#"{"filter":{"logic":"and","%title":"a"}}"#,
        r#"{"filter":{"5":7,"0":{"=<>!@%title":"x"}}}"#,
        r#"{"select":["*","id"],"order":{"id":"desc"},"page":"abc"}"#,
        r#"{"select":null,"filter":null,"order":null}"#,
    ] {
        assert_eq!(list(ok), json!({"http": 200, "accepted": true}), "{ok}");
    }
    assert_eq!(
        list(r#"{"order":"id"}"#),
        error(
            "VALIDATION_ORDER_TYPE",
            "Parameter \"order\" must be array."
        )
    );
    assert_eq!(
        list(r#"{"order":["id"]}"#),
        error(
            "VALIDATION_FIELD_NOT_ALLOWED_IN_ORDER",
            "Field \"0\" is not allowed in the \"order\"."
        )
    );
    let root = |d: &str| json!({"http": 400, "accepted": false, "root": {"error": "ERROR_ARGUMENT", "error_description": d, "argument": ""}});
    assert_eq!(
        list(r#"{"order":{"id":"up"}}"#),
        root("Invalid order \"UP\"")
    );
    assert_eq!(
        list(r#"{"order":{"id":"ascé"}}"#),
        root("Invalid order \"ASCé\"")
    );
    assert_eq!(
        list(r#"{"order":{"id":1}}"#),
        root("Order must be a string")
    );
    // supportMapping is a field only from 25.1150.
    let old = Linter::new(Options {
        method: Method::ConnectorList,
        target: Target::V25_550,
        ..Options::default()
    })
    .check(br#"{"select":["supportMapping"]}"#);
    assert_eq!(
        old.answer.to_json()["result"]["error"]["error"],
        "VALIDATION_FIELD_NOT_ALLOWED_IN_SELECT"
    );
}

#[test]
fn an_undecodable_body_is_ignored_per_method() {
    let r = check(Method::ConnectorUpdate, "{\"id\": 1,", None);
    assert_eq!(
        r.answer.to_json(),
        error("VALIDATION_ID_NOT_PROVIDED", "ID is missing.")
    );
    assert!(r.diagnostics.iter().any(|d| d.code == Code::JSON_SYNTAX));
    let r = check(Method::ConnectorList, "{\"order\": {\"id\": \"up\"},", None);
    assert!(r.answer.accepted());
    assert_eq!(r.errors(), 1);
}

#[test]
fn the_envelope_names_the_method() {
    let body = r#"{"method": "BIConnector.Connector.Get", "params": {"id": 0}}"#;
    let r = check(Method::ConnectorAdd, body, None);
    assert_eq!(r.method, Method::ConnectorGet);
    assert_eq!(r.answer.to_json(), error(INVALID_ID.0, INVALID_ID.1));
    let d = r.server_answer().unwrap();
    assert_eq!(d.pointer, "/params/id");
    assert_eq!(&body[d.span.start..d.span.end], "0");
    let r = check(
        Method::ConnectorAdd,
        r#"{"method": "biconnector.connector.frob", "params": {}}"#,
        None,
    );
    assert!(r
        .diagnostics
        .iter()
        .any(|d| d.code == Code::ENVELOPE_METHOD));
}

#[test]
fn lints_on_top_level_parameters() {
    let codes = |m: Method, body: &str| -> Vec<(Code, String)> {
        check(m, body, None)
            .diagnostics
            .iter()
            .filter(|d| d.code.origin() == b24lint::Origin::Lint)
            .map(|d| (d.code, d.message.clone()))
            .collect()
    };
    assert_eq!(
        codes(
            Method::ConnectorList,
            r#"{"SELECT":["id"],"start":50,"foo":1,"auth":"x"}"#
        ),
        vec![
            (
                Code::PARAM_CASE,
                "`SELECT` is not read: parameter names are lower-case (`select`)".to_string()
            ),
            (
                Code::PARAM_START,
                "`start` is removed by the REST server and never reaches BIConnector".to_string()
            ),
            (
                Code::PARAM_UNKNOWN,
                "`foo` is not a parameter of biconnector.connector.list".to_string()
            ),
        ]
    );
    for (logic, flagged) in [("OR", true), ("or", true), ("and", true), ("AND", false)] {
        let found = codes(
            Method::ConnectorList,
            &format!(r#"{{"filter":{{"logic":"{logic}","id":1}}}}"#),
        );
        assert_eq!(
            found.iter().any(|(c, _)| *c == Code::FILTER_LOGIC_BYPASS),
            flagged,
            "{logic}"
        );
    }
    // A nested OR group keeps the restriction.
    assert!(codes(
        Method::ConnectorList,
        r#"{"filter":{"0":{"logic":"OR","id":1,"title":"x"}}}"#
    )
    .is_empty());
    assert_eq!(
        codes(
            Method::ConnectorUpdate,
            r#"{"id":1,"fields":{"settings":[{"name":"n","code":"c","type":"STRING"}]}}"#
        ),
        vec![(
            Code::SETTINGS_REPLACED,
            "this update replaces all settings of the connector with 1 setting".to_string()
        )]
    );
    assert_eq!(
        codes(Method::ConnectorFields, r#"{"select":["id"]}"#),
        vec![(
            Code::PARAMS_IGNORED,
            "connector.fields takes no parameters; `select` ignored".to_string()
        )]
    );
    let r = check(Method::ConnectorFields, r#"{"select":["id"]}"#, None);
    assert!(r.answer.accepted());
}

#[test]
fn assumptions_are_only_those_the_answer_rests_on() {
    let with = |method: Method, body: &str| {
        Linter::new(Options {
            method,
            target: Target::V26_250,
            ..Options::default()
        })
        .check(body.as_bytes())
    };
    // The dataset name is refused before BI Builder's table names are consulted.
    let r = with(
        Method::DatasetAdd,
        r#"{"fields":{"sourceId":1,"name":"Sales","externalName":"S","externalCode":"s","fields":[{"name":"A","externalCode":"a","type":"int"}]}}"#,
    );
    assert!(!r.answer.accepted());
    assert!(!r
        .assumptions
        .iter()
        .any(|a| a.contains("BI Builder has no table")));
    // With a valid name the answer rests on the source and the table name.
    let r = with(
        Method::DatasetAdd,
        r#"{"fields":{"sourceId":1,"name":"sales","externalName":"S","externalCode":"s","fields":[{"name":"A","externalCode":"a","type":"int"}]}}"#,
    );
    assert!(r.answer.accepted());
    assert!(r
        .assumptions
        .iter()
        .any(|a| a.starts_with("Source 1 exists")));
    assert!(r
        .assumptions
        .iter()
        .any(|a| a.contains("BI Builder has no table named \"sales\"")));
    // connectorId 0 is never found: no lookup or urlCheck is assumed.
    let r = with(
        Method::SourceAdd,
        r#"{"fields":{"title":"T","connectorId":0,"settings":{}}}"#,
    );
    assert_eq!(r.server_answer().unwrap().code, Code::CONNECTOR_NOT_FOUND);
    assert!(!r.assumptions.iter().any(|a| a.contains("urlCheck")));
}

#[test]
fn auto_input_keeps_a_fields_object_a_request() {
    let linter = Linter::new(Options {
        method: Method::DatasetAdd,
        target: Target::V26_250,
        ..Options::default()
    });
    // A top-level key that is also a dataset field name does not make the body a definition.
    let request = r#"{"fields":{"sourceId":1,"name":"sales","externalName":"S","externalCode":"s","fields":[{"name":"A","externalCode":"a","type":"int"}]},"description":"x"}"#;
    let r = linter.check(request.as_bytes());
    assert_eq!(r.input, b24lint::InputShape::Request);
    assert!(r.answer.accepted(), "{:?}", r.diagnostics);
    // A bare dataset definition: its `fields` is the column list.
    let bare = r#"{"sourceId":1,"name":"sales","externalName":"S","externalCode":"s","fields":[{"name":"A","externalCode":"a","type":"int"}]}"#;
    let r = linter.check(bare.as_bytes());
    assert_eq!(r.input, b24lint::InputShape::Fields);
    assert!(r.answer.accepted(), "{:?}", r.diagnostics);
}
