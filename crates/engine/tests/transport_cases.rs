//! The spec's cases under each transport. A document the form clients can write without loss
//! (text, and non-empty objects and lists, no key PHP would read as brackets) must get the
//! same answer sent form-encoded as sent as JSON; every case's answer under each transport is
//! pinned in `fixtures/transports/answers.txt` (`B24LINT_BLESS=1` rewrites it), so a change
//! shows as a diff a reviewer can read.

use b24lint::json::{self, Node, Value};
use b24lint::{Answer, Linter, Options, Target, Transport};
use std::path::Path;

#[path = "support/case.rs"]
mod case;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// The spec's JSON cases that run as an application's JSON call, with what they are checked
/// with.
fn cases() -> Vec<(String, Vec<u8>, Options)> {
    let dir = root().join("fixtures/spec");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".expected.json").map(str::to_string))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for stem in names {
        let expected: serde_json::Value = serde_json::from_slice(
            &std::fs::read(dir.join(format!("{stem}.expected.json"))).unwrap(),
        )
        .unwrap();
        if ["transport", "caller"]
            .iter()
            .any(|k| expected.get(*k).is_some())
        {
            continue;
        }
        let Ok(body) = std::fs::read(dir.join(format!("{stem}.json"))) else {
            continue; // a raw form body
        };
        let options = case::options(&expected, Target::V26_250).unwrap();
        out.push((stem, body, options));
    }
    out
}

/// Whether a form client writes `node` (at `depth`, `top` for the parameters' own keys)
/// without changing what PHP reads: only text and non-empty arrays, no key PHP would parse
/// (brackets, an empty key, which is `[]`, one blank, NUL), no top-level key PHP renames
/// (spaces, dots, leading blanks); for BX24.js, also no reordering.
fn lossless(node: &Node, depth: usize, top: bool, bx24: bool, leaves: &mut usize) -> bool {
    if depth > 60 {
        return false;
    }
    match &node.value {
        Value::String(_) => {
            *leaves += 1;
            true
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
        Value::Array(items) => {
            !items.is_empty()
                && items
                    .iter()
                    .all(|i| lossless(i, depth + 1, false, bx24, leaves))
        }
        Value::Object(members) => {
            let key_ok = |k: &str| {
                // PHP parses it (`[]` appends, one blank between brackets too, a NUL ends it).
                let parsed = k.is_empty()
                    || k.contains(['[', ']', '\0'])
                    || (k.len() == 1 && k.bytes().all(|b| b.is_ascii_whitespace()));
                // PHP renames a top-level name.
                let renamed = top && (k.contains([' ', '.']) || k.starts_with(char::is_whitespace));
                // JavaScript moves integer keys first.
                let moved = bx24 && k.bytes().all(|b| b.is_ascii_digit());
                !(parsed || renamed || moved)
            };
            // BX24.js writes an object's plain values before its nested ones.
            let in_order = !bx24
                || members
                    .iter()
                    .skip_while(|m| !m.value.is_array())
                    .all(|m| m.value.is_array());
            !members.is_empty()
                && in_order
                && members
                    .iter()
                    .all(|m| key_ok(&m.key) && lossless(&m.value, depth + 1, false, bx24, leaves))
        }
    }
}

fn answer(options: &Options, transport: Transport, body: &[u8]) -> String {
    let report = Linter::new(Options {
        transport,
        ..options.clone()
    })
    .check(body);
    let at = report
        .server_answer()
        .map(|d| format!(" @{}", d.span.start))
        .unwrap_or_default();
    let said = match &report.answer {
        Answer::Accepted => "accepted".to_string(),
        Answer::Error { code, message } => format!("{code} {message}"),
        Answer::Root {
            http,
            error,
            description,
            ..
        } => format!("HTTP {http} {error} {description}"),
        Answer::Crash => "HTTP 500".to_string(),
    };
    format!("{said}{at}")
}

#[test]
fn lossless_documents_get_the_json_answer_on_every_transport() {
    let mut compared = [0, 0];
    let mut differ = Vec::new();
    for (stem, body, options) in cases() {
        let Ok(parsed) = json::parse(&body) else {
            continue;
        };
        let json_answer = answer(&options, Transport::Json, &body);
        for (i, transport) in [Transport::Crest, Transport::Bx24].into_iter().enumerate() {
            let mut leaves = 0;
            let Value::Object(_) = &parsed.root.value else {
                continue;
            };
            if !lossless(
                &parsed.root,
                0,
                true,
                transport == Transport::Bx24,
                &mut leaves,
            ) || leaves > 990
            {
                continue;
            }
            compared[i] += 1;
            let got = answer(&options, transport, &body);
            if got != json_answer {
                differ.push(format!(
                    "{stem} ({transport}): {got}, as JSON {json_answer}"
                ));
            }
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    eprintln!(
        "compared with JSON: {} under crest, {} under bx24",
        compared[0], compared[1]
    );
    // Enough of the spec's cases qualify for the comparison to mean something.
    assert!(
        compared[0] >= 100 && compared[1] >= 100,
        "compared {compared:?}"
    );
}

#[test]
fn every_case_on_every_transport_is_pinned() {
    let mut table = String::from("# case: as JSON | with CRest | with BX24.js (the answer, @ the byte its finding starts at)\n");
    for (stem, body, options) in cases() {
        let answers: Vec<String> = Transport::ALL
            .into_iter()
            .map(|t| answer(&options, t, &body))
            .collect();
        table.push_str(&format!("{stem}: {}\n", answers.join(" | ")));
    }
    let path = root().join("fixtures/transports/answers.txt");
    let bless = std::env::var_os("B24LINT_BLESS").is_some() && std::env::var_os("CI").is_none();
    if bless {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &table).unwrap();
    }
    let pinned = std::fs::read_to_string(&path).unwrap_or_default();
    if pinned != table {
        let first = pinned
            .lines()
            .zip(table.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("pinned: {a}\nnow:    {b}"))
            .unwrap_or_else(|| "the number of cases differs".to_string());
        panic!(
            "{} differs (B24LINT_BLESS=1 rewrites it):\n{first}",
            path.display()
        );
    }
}
