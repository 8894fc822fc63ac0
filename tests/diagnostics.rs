//! Behaviour of individual checks: full message, span, help and the predicted answer.

use b24lint::render::{self, Checked, Outcome};
use b24lint::{Code, Diagnostic, InputMode, LineIndex, Linter, Options, Report, Target};
use serde_json::json;

fn check_with(body: &str, target: Target, input: InputMode) -> Report {
    Linter::new(Options {
        target,
        input,
        ..Options::default()
    })
    .check(body.as_bytes())
}

fn check(body: &str) -> Report {
    check_with(body, Target::V26_250, InputMode::Auto)
}

/// The base payload of spec §4 with `extra` members spliced in first.
fn base(extra: &str) -> String {
    format!(
        r#"{{"fields": {{{extra}"title":"T","logo":"https://x/logo.png","urlCheck":"https://x/c","urlData":"https://x/d","urlTableList":"https://x/l","urlTableDescription":"https://x/td","settings":[{{"name":"Login","code":"login","type":"STRING"}}]}}}}"#
    )
}

fn of(report: &Report, code: Code) -> Vec<&Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect()
}

fn text_at<'a>(body: &'a str, d: &Diagnostic) -> &'a str {
    &body[d.span.start..d.span.end]
}

fn answer(report: &Report) -> serde_json::Value {
    report.answer.to_json()
}

fn error(code: &str, message: &str) -> serde_json::Value {
    json!({"http": 200, "accepted": false, "result": {"error": {"error": code, "error_description": message}}})
}

#[test]
fn base_payload_is_accepted_without_findings() {
    let body = base("");
    let r = check(&body);
    assert_eq!(answer(&r), json!({"http": 200, "accepted": true}));
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn every_unknown_key_is_reported_with_the_shared_message() {
    let body = base(r#""foo":1,"url_check":"x","":2,"#);
    let r = check(&body);
    let unknown = of(&r, Code::VALIDATION_UNKNOWN_PARAMETERS);
    assert_eq!(unknown.len(), 3);
    for d in &unknown {
        assert_eq!(d.message, "Unknown parameters: foo, url_check, ");
    }
    assert_eq!(text_at(&body, unknown[0]), r#""foo""#);
    assert_eq!(text_at(&body, unknown[1]), r#""url_check""#);
    assert_eq!(text_at(&body, unknown[2]), r#""""#);
    assert!(unknown[0].server_answer && !unknown[1].server_answer && !unknown[2].server_answer);
    assert_eq!(
        unknown[1].help.as_deref(),
        Some("did you mean `urlCheck`? Field names are exact, case-sensitive camelCase")
    );
    assert_eq!(unknown[1].pointer, "/fields/url_check");
    assert_eq!(
        answer(&r),
        error(
            "VALIDATION_UNKNOWN_PARAMETERS",
            "Unknown parameters: foo, url_check, "
        )
    );
}

#[test]
fn near_miss_keys_get_did_you_mean() {
    for (key, meant) in [
        ("TITLE", "title"),
        ("urlcheck", "urlCheck"),
        ("url_check", "urlCheck"),
    ] {
        let body = base(&format!(r#""{key}":"x","#));
        let r = check(&body);
        let d = of(&r, Code::VALIDATION_UNKNOWN_PARAMETERS)[0];
        assert!(
            d.help
                .as_deref()
                .unwrap()
                .starts_with(&format!("did you mean `{meant}`?")),
            "{key}: {:?}",
            d.help
        );
    }
}

#[test]
fn a_missing_field_points_at_the_brace_and_names_the_key() {
    let body = r#"{"fields": {"title":"T","logo":"https://x/logo.png","urlCheck":"https://x/c","urlTableList":"https://x/l","settings":[]}}"#;
    let r = check(body);
    let missing = of(&r, Code::VALIDATION_REQUIRED_FIELD_MISSING);
    let messages: Vec<_> = missing.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "Field \"urlData\" is required.",
            "Field \"urlTableDescription\" is required."
        ]
    );
    assert_eq!(text_at(body, missing[0]), "{");
    assert_eq!(missing[0].span.start, 11);
    assert_eq!(missing[0].help.as_deref(), Some("add \"urlData\": \"…\""));
    assert_eq!(missing[0].pointer, "/fields/urlData");
    // Schema order decides, not the docs' order (spec §5.1 item 3).
    assert_eq!(
        answer(&r),
        error(
            "VALIDATION_REQUIRED_FIELD_MISSING",
            "Field \"urlData\" is required."
        )
    );
}

#[test]
fn a_misspelt_required_field_is_labelled_at_the_misspelling() {
    let body = base("").replace("\"logo\"", "\"Logo\"");
    let r = check(&body);
    let d = of(&r, Code::VALIDATION_REQUIRED_FIELD_MISSING)[0];
    assert_eq!(d.message, "Field \"logo\" is required.");
    assert_eq!(d.labels.len(), 1);
    assert_eq!(
        text_at(
            &body,
            &Diagnostic {
                span: d.labels[0].span,
                ..d.clone()
            }
        ),
        "\"Logo\""
    );
}

#[test]
fn read_only_points_at_the_key_and_type_at_the_value() {
    let body = base(r#""id":5,"sort":"abc","#);
    let r = check(&body);
    let ro = of(&r, Code::VALIDATION_READ_ONLY_FIELD)[0];
    assert_eq!(
        (ro.message.as_str(), text_at(&body, ro)),
        ("Field \"id\" is read only.", "\"id\"")
    );
    let ty = of(&r, Code::VALIDATION_INVALID_FIELD_TYPE)[0];
    assert_eq!(
        (ty.message.as_str(), text_at(&body, ty)),
        ("Field \"sort\" must be of type integer.", "\"abc\"")
    );
    assert!(ro.server_answer);
}

#[test]
fn settings_keys_in_capitals_are_explained() {
    let body = base("").replace(
        r#"{"name":"Login","code":"login","type":"STRING"}"#,
        r#"{"NAME":"n","CODE":"c","TYPE":"STRING"}"#,
    );
    let r = check(&body);
    let d = of(&r, Code::VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS)[0];
    assert_eq!(
        d.message,
        "Settings must include \"type\", \"name\" and \"code\" fields."
    );
    assert_eq!(text_at(&body, d), "\"TYPE\"");
    assert_eq!(
        d.help.as_deref(),
        Some("the portal converts the key `TYPE` to `T_YP_E`, so it does not count as `type`; write `type` (lower case)")
    );
    assert_eq!(d.pointer, "/fields/settings/0");
}

#[test]
fn setting_type_in_wrong_case_suggests_the_enum_value() {
    let body = base("").replace("\"STRING\"", "\"string\"");
    let r = check(&body);
    let d = of(&r, Code::VALIDATION_SETTINGS_INVALID_TYPE)[0];
    assert_eq!(text_at(&body, d), "\"string\"");
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean \"STRING\"? Types are exact and case-sensitive")
    );
    assert_eq!(
        answer(&r),
        error(
            "VALIDATION_SETTINGS_INVALID_TYPE",
            "Parameter \"type\" is not correct."
        )
    );
}

#[test]
fn c1_a_later_array_item_crashes_the_request() {
    let body = base("").replace(
        r#"[{"name":"Login","code":"login","type":"STRING"}]"#,
        r#"[{"name":"n","code":"c","type":"bad"},{"name":[],"code":"c","type":"STRING"}]"#,
    );
    let r = check(&body);
    assert_eq!(answer(&r), json!({"http": 500, "accepted": false}));
    let crash = of(&r, Code::PHP_TYPE_ERROR)[0];
    assert!(crash.server_answer);
    assert_eq!(text_at(&body, crash), "[]");
    let bad = of(&r, Code::VALIDATION_SETTINGS_INVALID_TYPE)[0];
    assert!(!bad.server_answer);
}

#[test]
fn a_crash_after_an_earlier_rule_of_the_same_item_is_not_reached() {
    // name too long: the server moves on before it looks at the array type.
    let long = "a".repeat(513);
    let body = base("").replace(
        r#"{"name":"Login","code":"login","type":"STRING"}"#,
        &format!(r#"{{"name":"{long}","code":"c","type":["STRING"]}}"#),
    );
    let r = check(&body);
    assert_eq!(
        answer(&r),
        error(
            "VALIDATION_SETTINGS_NAME_TOO_LONG",
            "Parameter \"name\" must be less than 512 characters."
        )
    );
    assert_eq!(of(&r, Code::PHP_TYPE_ERROR).len(), 1);
}

#[test]
fn c2_infinite_setting_name_is_a_root_level_400() {
    let body = base("").replace(r#""name":"Login""#, r#""name":1e999"#);
    let r = check(&body);
    assert_eq!(
        answer(&r),
        json!({"http": 400, "accepted": false, "root": {"error": "ERROR_ARGUMENT", "error_description": "JSON error: Inf and NaN cannot be JSON encoded [7]", "argument": "data"}})
    );
    let d = of(&r, Code::ERROR_ARGUMENT)[0];
    assert_eq!(text_at(&body, d), "1e999");
    // sort: 1e999 is clamped, not an error.
    assert!(check(&base(r#""sort":1e999,"#)).answer.accepted());
}

#[test]
fn c2_comes_before_the_orm_stage() {
    let body = base("")
        .replace(r#""name":"Login""#, r#""name":1e999"#)
        .replace(r#""title":"T""#, r#""title":"""#);
    assert_eq!(check(&body).answer.http(), 400);
}

#[test]
fn c3_depth_limit_and_the_fields_wrapper() {
    let nest = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    // 511 levels in a request body: decodable, then judged normally.
    let ok = format!(r#"{{"fields": {{"x": {}}}}}"#, nest(509));
    let r = check(&ok);
    assert_eq!(
        answer(&r),
        error("VALIDATION_UNKNOWN_PARAMETERS", "Unknown parameters: x")
    );
    // 512 levels: the body is ignored.
    let deep = format!(r#"{{"fields": {{"x": {}}}}}"#, nest(510));
    let r = check(&deep);
    assert_eq!(
        answer(&r),
        error("VALIDATION_FIELDS_NOT_PROVIDED", "Fields not provided.")
    );
    let syntax = of(&r, Code::JSON_SYNTAX)[0];
    assert_eq!(
        syntax.span.start,
        deep.find(&"[".repeat(510)).unwrap() + 509
    );
    // A bare definition is one level shallower than what is sent.
    let bare = format!(r#"{{"title": {}}}"#, nest(510));
    let r = check_with(&bare, Target::V26_250, InputMode::Fields);
    assert_eq!(
        answer(&r),
        error("VALIDATION_FIELDS_NOT_PROVIDED", "Fields not provided.")
    );
}

#[test]
fn c4_invalid_json_is_a_finding_and_an_ignored_body() {
    for body in [
        "\u{feff}{\"fields\":{}}",
        "{\"fields\":{\"title\":\"\\ud800\"}}",
        "{\"fields\":{},}",
        "// c\n{}",
        "{\"fields\":{\"sort\":NaN}}",
        "{\"fields\":{\"title\":\"a\tb\"}}",
        "{\"fields\":{}} x",
        "",
    ] {
        let r = check(body);
        assert_eq!(
            answer(&r),
            error("VALIDATION_FIELDS_NOT_PROVIDED", "Fields not provided."),
            "{body:?}"
        );
        assert_eq!(of(&r, Code::JSON_SYNTAX).len(), 1, "{body:?}");
        assert!(of(&r, Code::VALIDATION_FIELDS_NOT_PROVIDED)[0].server_answer);
    }
}

#[test]
fn c6_object_form_settings_merge_after_conversion() {
    let valid = r#"{"name":"n","code":"c","type":"STRING"}"#;
    let body = base("").replace(
        r#"[{"name":"Login","code":"login","type":"STRING"}]"#,
        &format!(r#"{{"a":{{"name":"n"}},"A":{valid}}}"#),
    );
    assert!(check(&body).answer.accepted());
    let body = base("").replace(
        r#"[{"name":"Login","code":"login","type":"STRING"}]"#,
        &format!(r#"{{"ab":{{"name":"n"}},"aB":{valid}}}"#),
    );
    assert_eq!(
        check(&body).answer.to_json()["result"]["error"]["error"],
        "VALIDATION_SETTINGS_MISSING_REQUIRED_FIELDS"
    );
}

#[test]
fn duplicate_keys_keep_the_first_position_and_the_last_value() {
    let body = base(r#""title":5,"#);
    assert!(check(&body).answer.accepted());
    let body = base("").replace(r#""title":"T""#, r#""title":"T","title":7"#);
    assert_eq!(
        answer(&check(&body)),
        error(
            "VALIDATION_INVALID_FIELD_TYPE",
            "Field \"title\" must be of type string."
        )
    );
}

#[test]
fn orm_lengths_follow_request_order() {
    let long_url = format!("https://x/{}", "a".repeat(2040));
    let long_title = "t".repeat(513);
    let body = format!(
        r#"{{"fields": {{"urlCheck":"{long_url}","title":"{long_title}","logo":"L","urlData":"https://x/d","urlTableList":"https://x/l","urlTableDescription":"https://x/td","settings":[]}}}}"#
    );
    let r = check(&body);
    assert_eq!(
        answer(&r),
        error(
            "BX_INVALID_VALUE",
            "The length of \"URL_CHECK\" should not exceed 2048 characters."
        )
    );
    assert_eq!(of(&r, Code::BX_INVALID_VALUE).len(), 2);
}

#[test]
fn targets_differ_as_the_spec_says() {
    let body = base(r#""supportMapping":true,"#);
    let old = check_with(&body, Target::V25_550, InputMode::Auto);
    let d = of(&old, Code::VALIDATION_UNKNOWN_PARAMETERS)[0];
    assert_eq!(
        d.help.as_deref(),
        Some("`supportMapping` is accepted from 25.1150 on; target 25.550 does not know it")
    );
    assert!(check_with(&body, Target::V25_1150, InputMode::Auto)
        .answer
        .accepted());

    let int = base("").replace("\"STRING\"", "\"INT\"");
    assert!(check(&int).answer.accepted());
    let r = check_with(&int, Target::V25_1150, InputMode::Auto);
    assert_eq!(
        answer(&r),
        error(
            "VALIDATION_SETTINGS_INVALID_TYPE",
            "Parameter \"type\" is not correct."
        )
    );

    let code = base(&format!(r#""sourceCode":"{}","#, "s".repeat(65)));
    assert_eq!(
        answer(&check(&code)),
        error(
            "VALIDATION_UNKNOWN_PARAMETERS",
            "Unknown parameters: sourceCode"
        )
    );
    assert_eq!(
        answer(&check_with(&code, Target::Cloud, InputMode::Auto)),
        error(
            "BX_INVALID_VALUE",
            "The length of \"SOURCE_CODE\" should not exceed 64 characters."
        )
    );
    let short = base(r#""sourceCode":"mysql","#);
    assert!(check_with(&short, Target::Cloud, InputMode::Auto)
        .answer
        .accepted());

    // 25.300 converts keys to lower snake_case: `Name` still counts, `NAME` does not.
    let capital = base("").replace(r#""name":"Login""#, r#""Name":"Login""#);
    assert!(check_with(&capital, Target::V25_300, InputMode::Auto)
        .answer
        .accepted());
}

#[test]
fn input_shapes() {
    let bare = r#"{"title":"T","logo":"https://x/logo.png","urlCheck":"https://x/c","urlData":"https://x/d","urlTableList":"https://x/l","urlTableDescription":"https://x/td","settings":[]}"#;
    let r = check(bare);
    assert_eq!(r.input.name(), "fields");
    assert!(r.answer.accepted());
    let r = check_with(bare, Target::V26_250, InputMode::Request);
    let d = r.server_answer().unwrap();
    assert_eq!(
        (d.code, d.span.start),
        (Code::VALIDATION_FIELDS_NOT_PROVIDED, 0)
    );
    let r = check(r#"{"FIELDS": {"title": "T"}}"#);
    let d = r.server_answer().unwrap();
    assert_eq!(
        d.help.as_deref(),
        Some("the portal reads only the exact key `fields`; `FIELDS` is ignored — rename it")
    );
}

#[test]
fn url_lints_do_not_change_the_answer() {
    let body = base("").replace("https://x/c", "http://127.1/c");
    let r = check(&body);
    assert!(r.answer.accepted());
    let d = of(&r, Code::URL_INVALID)[0];
    assert_eq!(
        d.message,
        "`urlCheck` has the host `127.1`, which URL parsers read as `127.0.0.1`"
    );
    assert_eq!(text_at(&body, d), "127.1");
    let body = base("").replace("https://x/c", "http://x.example/c");
    let r = check(&body);
    let d = of(&r, Code::URL_CLEARTEXT)[0];
    assert_eq!(
        (d.message.as_str(), text_at(&body, d)),
        ("`urlCheck` uses clear-text http://", "http")
    );
    assert_eq!(r.errors(), 0);
    assert_eq!(r.warnings(), 1);
}

fn human(report: &Report, body: &str) -> String {
    render::human::render(
        &[Checked {
            path: "x.json",
            outcome: Outcome::Report {
                report,
                text: body.as_bytes(),
            },
        }],
        render::human::Style {
            color: false,
            width: 100,
            verbose: false,
        },
    )
}

#[test]
fn human_output_counts_columns_in_characters() {
    let body = "{\"fields\": {\n  \"title\": \"Отчёт\", \"sort\": \"x\",\n  \"logo\": \"L\"}}";
    let r = check(body);
    let d = of(&r, Code::VALIDATION_INVALID_FIELD_TYPE)[0];
    let at = LineIndex::new(body.as_bytes()).locate(body.as_bytes(), d.span.start);
    assert_eq!((at.line, at.column), (2, 29));
    let out = human(&r, body);
    assert!(out.contains("╭─[x.json:2:29]"), "{out}");
    assert!(
        out.contains("Field \"sort\" must be of type integer."),
        "{out}"
    );
}

#[test]
fn human_output_windows_very_long_lines() {
    let logo = format!("data:image/png;base64,{}", "A".repeat(5000));
    let body = base("")
        .replace("https://x/logo.png", &logo)
        .replace(r#""title":"T""#, r#""title":"""#);
    assert!(body.len() > 5000 && !body.contains('\n'), "one long line");
    let r = check(&body);
    let out = human(&r, &body);
    assert!(out.contains("The field TITLE is required."), "{out}");
    assert!(out.contains("logo-content"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() < 400), "{out}");
}

#[test]
fn a_hostile_number_of_unknown_keys_stays_linear() {
    let keys: Vec<String> = (0..2_000).map(|i| format!(r#""u{i}":1"#)).collect();
    let body = format!(r#"{{"fields":{{{}}}}}"#, keys.join(","));
    let r = check(&body);
    let unknown = of(&r, Code::VALIDATION_UNKNOWN_PARAMETERS);
    assert_eq!(unknown.len(), 50);
    let list: Vec<String> = (0..2_000).map(|i| format!("u{i}")).collect();
    assert_eq!(
        unknown[0].message,
        format!("Unknown parameters: {}", list.join(", "))
    );
    assert!(unknown[49]
        .help
        .as_deref()
        .unwrap()
        .ends_with("(1950 more unknown keys are in the message but not reported one by one)"));
}

#[test]
fn a_column_name_that_capitals_cannot_mend_gets_the_general_help() {
    let body = r#"{"method": "biconnector.dataset.add", "params": {"fields": {"sourceId": 1, "name": "t", "externalName": "T", "externalCode": "t", "fields": [{"name": "1st", "externalCode": "a", "type": "int"}, {"name": "Order", "externalCode": "b", "type": "int"}]}}}"#;
    let report = check(body);
    let found = of(&report, Code::VALIDATION_FIELD_NAME_INVALID_FORMAT);
    let helps: Vec<_> = found.iter().map(|d| d.help.as_deref().unwrap()).collect();
    assert_eq!(
        helps,
        [
            "start with A-Z, then use only A-Z, 0-9 and _ (e.g. \"ORDER_ID\")",
            "write it in capitals: \"ORDER\"",
        ]
    );
}

#[test]
fn a_missing_column_list_gets_a_column_as_its_example() {
    let body = r#"{"method": "biconnector.dataset.add", "params": {"fields": {"sourceId": 1, "name": "t", "externalName": "T", "externalCode": "t"}}}"#;
    let report = check(body);
    let d = of(&report, Code::VALIDATION_REQUIRED_FIELD_MISSING)[0];
    assert_eq!(d.message, "Field \"fields\" is required.");
    assert_eq!(
        d.help.as_deref(),
        Some(r#"add "fields": [{"name": "ID", "externalCode": "id", "type": "int"}]"#)
    );
}

#[test]
fn empty_fields_name_what_the_definition_holds() {
    let helps = |method: &str| {
        let body = format!(r#"{{"method": "{method}", "params": {{"fields": {{}}}}}}"#);
        let report = check(&body);
        let d = of(&report, Code::VALIDATION_FIELDS_NOT_PROVIDED)[0];
        (d.label.clone().unwrap(), d.help.clone().unwrap())
    };
    assert_eq!(
        helps("biconnector.connector.add"),
        (
            "empty".to_string(),
            "`fields` must hold the connector definition: title, logo, the four URLs and settings"
                .to_string()
        )
    );
    assert_eq!(
        helps("biconnector.source.add"),
        (
            "empty".to_string(),
            "`fields` must hold the source definition".to_string()
        )
    );
}

#[test]
fn an_id_string_that_converts_to_zero_says_so() {
    let body = r#"{"method": "biconnector.connector.get", "params": {"id": "0.5"}}"#;
    let report = check(body);
    let d = of(&report, Code::VALIDATION_INVALID_ID_FORMAT)[0];
    assert_eq!(d.label.as_deref(), Some("converts to 0"));
    assert_eq!(
        d.help.as_deref(),
        Some("\"0.5\" is numeric but its integer value is 0; ids start at 1")
    );
    let body = r#"{"method": "biconnector.connector.get", "params": {"id": "abc"}}"#;
    let report = check(body);
    let d = of(&report, Code::VALIDATION_INVALID_ID_FORMAT)[0];
    assert_eq!(d.label.as_deref(), Some("a string, not a positive integer"));
}

#[test]
fn an_unknown_id_is_an_assumption_that_names_its_flag() {
    for (family, flag) in [
        ("connector", "--known-connector"),
        ("source", "--known-source"),
        ("dataset", "--known-dataset"),
    ] {
        let body = format!(r#"{{"method": "biconnector.{family}.get", "params": {{"id": 5}}}}"#);
        let report = check(&body);
        let mut noun = family.to_string();
        noun[..1].make_ascii_uppercase();
        assert_eq!(
            report.assumptions.last().map(String::as_str),
            Some(
                format!(
                    "{noun} 5 exists and belongs to the calling application (state which ones do with {flag})."
                )
                .as_str()
            ),
            "{family}"
        );
    }
}

#[test]
fn a_settings_key_is_shown_converted_as_the_target_converts_it() {
    let body = r#"{"fields": {"title":"T","logo":"https://x.example/l.png","urlCheck":"https://x.example/c","urlData":"https://x.example/d","urlTableList":"https://x.example/l","urlTableDescription":"https://x.example/td","settings":[{"NAME":"a","code":"b","type":"STRING"}]}}"#;
    for (target, converted) in [(Target::V25_300, "n_am_e"), (Target::V26_250, "N_AM_E")] {
        let report = check_with(body, target, InputMode::Auto);
        let helps: Vec<_> = report
            .diagnostics
            .iter()
            .filter_map(|d| d.help.as_deref())
            .collect();
        assert!(
            helps.contains(&format!("the portal converts the key `NAME` to `{converted}`, so it does not count as `name`; write `name` (lower case)").as_str()),
            "{target}: {helps:?}"
        );
    }
}

#[test]
fn an_empty_optional_column_is_not_an_empty_required_one() {
    // `sourceCode` is a column of its own (cloud), but an optional one.
    let body = base(r#""description":"","sourceCode":"","#);
    let report = check_with(&body, Target::Cloud, InputMode::Auto);
    assert!(report.answer.accepted(), "{:?}", report.diagnostics);
    assert!(of(&report, Code::BX_EMPTY_REQUIRED).is_empty());
    let body = r#"{"fields": {"title":"","logo":"https://x/logo.png","urlCheck":"https://x/c","urlData":"https://x/d","urlTableList":"https://x/l","urlTableDescription":"https://x/td","settings":[]}}"#;
    let report = check(body);
    assert_eq!(of(&report, Code::BX_EMPTY_REQUIRED).len(), 1);
}
