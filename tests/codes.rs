//! Tidy checks over the code table: every code is documented (README table, explanation page
//! whose example triggers it and whose fix does not) and reported by some check.

use b24lint::spec::codes::TABLE;
use b24lint::{Caller, Code, Linter, Options, Target, Transport};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sources_under(dir: &Path, out: &mut String) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            sources_under(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push_str(&std::fs::read_to_string(p).unwrap());
        }
    }
}

#[test]
fn every_code_is_in_the_readme_table() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for row in TABLE {
        let origin = serde_json::to_value(row.origin).unwrap();
        let severity = row.severity.name();
        let line = format!(
            "| `{}` | {} | {severity} |",
            row.name,
            origin.as_str().unwrap()
        );
        assert!(readme.contains(&line), "README's code table lacks `{line}`");
    }
}

/// Answers that depend on the portal's state beyond the request: documented, never predicted.
/// (Codes of the run itself, `Origin::Run`, are reported by the project run, never by a check.)
const NOT_PREDICTABLE: &[Code] = &[
    Code::CONNECTOR_DELETE_RESTRICTED,
    Code::SOURCE_CREATE_CONNECTION_ERROR,
    Code::SOURCE_UPDATE_CONNECTION_ERROR,
    Code::SOURCE_DELETE_RESTRICTED,
    Code::CODE_0_DATASET_EXISTS,
    Code::VALIDATION_DUPLICATE_EXIST_CODE,
    Code::VALIDATION_DUPLICATE_EXIST_NAME,
    Code::DATASET_UPDATE_ERROR,
];

/// Pages whose examples are checked at another target than the default, as they say.
const TARGET_OF_PAGE: &[(Code, Target)] = &[(Code::ERROR_METHOD_NOT_FOUND, Target::V25_1150)];

/// Pages whose examples are checked with a method set for the run (`--method`), as they say.
const METHOD_OF_PAGE: &[(Code, &str)] = &[
    (Code::ENVELOPE_METHOD_DIFFERS, "biconnector.source.add"),
    (
        Code::TRANSPORT_FALSE_TRUE,
        "biconnector.dataset.fields.update",
    ),
];

/// Pages whose examples are checked with a transport (`--transport`), as they say.
const TRANSPORT_OF_PAGE: &[(Code, Transport)] = &[
    (Code::TRANSPORT_VALUE, Transport::Crest),
    (Code::TRANSPORT_FALSE_TRUE, Transport::Bx24),
    (Code::TRANSPORT_KEY_VANISHES, Transport::Crest),
    (Code::TRANSPORT_KEY_ORDER, Transport::Bx24),
    (Code::TRANSPORT_INPUT_VARS, Transport::Crest),
    (Code::TRANSPORT_NESTING, Transport::Crest),
];

/// Pages whose examples are checked with a caller (`--caller`), as they say.
const CALLER_OF_PAGE: &[(Code, Caller)] = &[(Code::ACCESS_DENIED, Caller::Webhook)];

/// Lints that compare files with each other: their pages show two files, and
/// `tests/cross_files.rs` checks them.
const CROSS_FILE: &[Code] = &[
    Code::SOURCE_SETTINGS_CODES,
    Code::DATASET_EXTERNAL_CODE_DUPLICATE,
];

#[test]
fn every_code_but_the_unpredictable_ones_is_reported_by_a_check() {
    let mut sources = String::new();
    sources_under(&root().join("crates/engine/src/checks"), &mut sources);
    for row in TABLE {
        let used = sources.contains(&format!("Code::{:?}", row.code));
        if NOT_PREDICTABLE.contains(&row.code) || row.origin == b24lint::Origin::Run {
            assert!(!used, "{} cannot be predicted offline", row.name);
        } else {
            assert!(used, "no check reports {}", row.name);
        }
    }
}

/// The two ```json blocks of a page: the example and the fix.
fn examples(page: &str) -> Vec<&str> {
    page.split("```json\n")
        .skip(1)
        .map(|b| &b[..b.find("\n```").unwrap()])
        .collect()
}

#[test]
fn every_explanation_has_its_sections_and_working_examples() {
    // Examples of update/get/delete assume connector, source and dataset 1 exist and belong
    // to the caller.
    let linter_at = |target: Target, method: Option<&str>, transport: Transport, caller: Caller| {
        Linter::new(Options {
            target,
            transport,
            caller,
            method: method.map_or(Default::default(), |m| m.parse().unwrap()),
            method_given: method.is_some(),
            known_connectors: Some(vec![1]),
            known_sources: Some(vec![1]),
            known_datasets: Some(vec![1]),
            ..Options::default()
        })
    };
    for row in TABLE {
        let page = row.explanation;
        let mut at = 0;
        for heading in [
            "## What it means",
            "## When the portal returns it",
            "## Example",
            "## Fix",
            "## Versions",
        ] {
            let found = page[at..].find(heading);
            assert!(
                found.is_some(),
                "{}: `{heading}` missing or out of order",
                row.name
            );
            at += found.unwrap();
        }
        if CROSS_FILE.contains(&row.code) {
            continue; // several files per example; see tests/cross_files.rs
        }
        if row.origin == b24lint::Origin::Run {
            // A run that could not use its configuration or an input: the command's tests
            // (tests/config.rs, tests/cli.rs) show them.
            assert!(
                !page.contains("```json"),
                "{}: no request shows it",
                row.name
            );
            continue;
        }
        let blocks = examples(page);
        assert_eq!(blocks.len(), 2, "{}: an example and a fix", row.name);
        let target = match TARGET_OF_PAGE.iter().find(|(c, _)| *c == row.code) {
            Some((_, t)) => {
                assert!(
                    page.contains(&format!("--target {t}")),
                    "{}: the page must say it is checked at {t}",
                    row.name
                );
                *t
            }
            None => Target::default(),
        };
        let method = METHOD_OF_PAGE
            .iter()
            .find(|(c, _)| *c == row.code)
            .map(|(_, m)| {
                assert!(
                    page.contains(&format!("--method {m}")),
                    "{}: the page must say it is checked with --method {m}",
                    row.name
                );
                *m
            });
        let transport = TRANSPORT_OF_PAGE
            .iter()
            .find(|(c, _)| *c == row.code)
            .map_or(Transport::Json, |(_, t)| {
                assert!(
                    page.contains(&format!("--transport {t}")),
                    "{}: the page must say it is checked with --transport {t}",
                    row.name
                );
                *t
            });
        let caller =
            CALLER_OF_PAGE
                .iter()
                .find(|(c, _)| *c == row.code)
                .map_or(Caller::App, |(_, c)| {
                    assert!(
                        page.contains(&format!("--caller {c}")),
                        "{}: the page must say it is checked with --caller {c}",
                        row.name
                    );
                    *c
                });
        let linter = linter_at(target, method, transport, caller);
        let codes = |body: &str| -> Vec<Code> {
            linter
                .check(body.as_bytes())
                .diagnostics
                .iter()
                .map(|d| d.code)
                .collect()
        };
        if !NOT_PREDICTABLE.contains(&row.code) {
            assert!(
                codes(blocks[0]).contains(&row.code),
                "{}: the example does not trigger it",
                row.name
            );
        }
        let fixed = codes(blocks[1]);
        assert!(
            !fixed.contains(&row.code),
            "{}: the fix still triggers it",
            row.name
        );
    }
}

/// Whether `message` is `template` with its `{placeholders}` filled in.
fn fills(template: &str, message: &str) -> bool {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        pieces.push(&rest[..open]);
        rest = &rest[open + close + 1..];
    }
    pieces.push(rest);
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    if pieces.len() == 1 {
        return message == first;
    }
    if !message.starts_with(first) || !message[first.len()..].ends_with(last) {
        return false;
    }
    let mut at = first.len();
    let end = message.len() - last.len();
    for piece in &pieces[1..pieces.len() - 1] {
        match message[at..end].find(piece) {
            Some(i) => at += i + piece.len(),
            None => return false,
        }
    }
    true
}

fn fixture_messages(dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            fixture_messages(&p, out);
            continue;
        }
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.ends_with(".expected.json") || name == "expected") {
            continue;
        }
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Object(m) => {
                    if let Some(serde_json::Value::String(s)) = m.get("message") {
                        out.push(s.clone());
                    }
                    stack.extend(m.into_iter().map(|(_, v)| v));
                }
                serde_json::Value::Array(a) => stack.extend(a),
                _ => {}
            }
        }
    }
}

/// Messages no input can produce: the decoder's own refusal after b24lint has checked the
/// alphabet, the padding and the length (kept so that a decoder change is reported, not
/// swallowed).
const UNREACHABLE: &[&str] = &["the logo's base64 data does not decode ({error})"];

/// Every lint message of the code table is the message of at least one fixture's finding, so
/// each wording users can see is pinned somewhere.
#[test]
fn every_lint_message_is_pinned_by_a_fixture() {
    let mut messages = Vec::new();
    fixture_messages(&root().join("fixtures"), &mut messages);
    let unpinned: Vec<String> = b24lint::spec::codes::LINT_MESSAGES
        .iter()
        .filter(|(_, template)| !UNREACHABLE.contains(template))
        .filter(|(_, template)| !messages.iter().any(|m| fills(template, m)))
        .map(|(code, template)| format!("{code}: {template}"))
        .collect();
    assert!(unpinned.is_empty(), "no fixture shows {unpinned:#?}");
}

#[test]
fn a_template_is_filled_in_order() {
    assert!(fills(
        "`{key}` is a {kind}, not a string",
        "`a` is a number, not a string"
    ));
    assert!(!fills(
        "`{key}` is a {kind}, not a string",
        "`a` is a number"
    ));
    assert!(fills("plain", "plain"));
    assert!(!fills("plain", "plain!"));
    assert!(fills("{problem}", "anything"));
}
