//! Hostile keys, values, source bytes and file names in every output format: nothing reaches a
//! terminal or a GitHub log as a control character or a forged workflow command, the JSON
//! formats keep the exact text, and a one-line file with 100,000 findings renders in linear
//! time.

use b24lint::diag::{Applicability, Fix, Label};
use b24lint::render::{self, Checked, Outcome};
use b24lint::{Code, Diagnostic, Linter, Options, Report, Severity, Span};
use serde_json::Value;

/// A key that retitles the terminal and rings its bell, as a JSON request spells it.
const KEY_JSON: &str = r"\u001b]0;pwned\u0007";
const KEY: &str = "\u{1b}]0;pwned\u{7}";
/// A file name that would end a GitHub log line and forge an error, then clear the screen.
const PATH: &str = "dir/a\n::error::forged\u{1b}[2J.json";

/// A connector that is complete but for a hostile unknown key and a hostile setting code.
fn body() -> String {
    format!(
        "{{\"fields\": {{\n  \"title\": \"t\",\n  \"logo\": \"https://x/l.png\",\n  \"urlCheck\": \"https://x/c\",\n  \"urlData\": \"https://x/d\",\n  \"urlTableList\": \"https://x/t\",\n  \"urlTableDescription\": \"https://x/td\",\n  \"settings\": [{{\"name\": \"n\", \"code\": \"c\\u001b]0;x\\u0007\", \"type\": \"STRING\"}}],\n  \"{KEY_JSON}\": 1\n}}}}\n"
    )
}

fn check(text: &[u8]) -> Report {
    Linter::new(Options::default()).check(text)
}

fn one<'a>(path: &'a str, report: &'a Report, text: &'a [u8]) -> [Checked<'a>; 1] {
    [Checked {
        path,
        outcome: Outcome::Report { report, text },
    }]
}

fn human(files: &[Checked<'_>], color: bool) -> String {
    render::human::render(
        files,
        render::human::Style {
            color,
            width: 100,
            verbose: false,
        },
    )
}

/// Raw hostile bytes in the source: CRLF lines, an invalid byte and an ESC sequence in a string
/// (a JSON syntax error), a lone CR and a bidi override.
const RAW: &[u8] =
    b"{\"fields\": {\r\n  \"title\": \"\xff\x1b[2Jb\",\r\n  \"note\": \"x\ry\",\n  \"bidi\": \"\xe2\x80\xae evil\"\n}}\n";

/// The report of [`RAW`] with one more finding whose every text is hostile and whose labels lie
/// on the hostile bytes.
fn raw_report() -> Report {
    let mut report = check(RAW);
    let at = |needle: &[u8]| RAW.windows(needle.len()).position(|w| w == needle).unwrap();
    let esc = at(b"\x1b[2J");
    let lone_cr = at(b"x\ry");
    let bidi = at(b"\xe2\x80\xae");
    report.diagnostics.push(Diagnostic {
        code: Code::TEXT_WHITESPACE,
        severity: Severity::Warning,
        message: format!("message {KEY}"),
        // From the invalid byte through the `b` after the sequence.
        span: Span::new(esc - 1, esc + 5),
        label: Some(format!("label {KEY}")),
        pointer: String::new(),
        labels: vec![
            Label {
                span: Span::new(lone_cr, lone_cr + 3),
                text: "lone\rCR".into(),
            },
            Label {
                span: Span::new(bidi, bidi + 3),
                text: "bidi\u{202e}".into(),
            },
        ],
        help: Some("help\nline\u{9b}".into()),
        server_answer: false,
        fix: Some(Fix {
            title: format!("fix {KEY}"),
            applicability: Applicability::Unsafe,
            edits: vec![],
        }),
    });
    report
}

/// Every line of a human or GitHub output is free of control characters but for its `\n`; in
/// coloured output, ESC only starts the colour sequences (`ESC [ … m`) miette writes.
fn assert_no_control(out: &str, colour: bool) {
    let plain = if colour {
        strip_colour(out)
    } else {
        out.to_string()
    };
    for (i, line) in plain.split('\n').enumerate() {
        assert!(
            !line.chars().any(b24lint::render::is_hidden),
            "line {i} has a hidden character: {line:?}"
        );
    }
}

/// Coloured output without its colour sequences; panics on any other use of ESC.
fn strip_colour(out: &str) -> String {
    let mut plain = String::with_capacity(out.len());
    let mut rest = out;
    while let Some(at) = rest.find('\u{1b}') {
        plain.push_str(&rest[..at]);
        let seq = &rest[at + 1..];
        let end = seq
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == '['))
            .unwrap_or(seq.len());
        assert!(
            seq.starts_with('[') && seq[end..].starts_with('m'),
            "ESC outside a colour sequence: {:?}",
            &rest[at..(at + 20).min(rest.len())]
        );
        rest = &seq[end + 1..];
    }
    plain.push_str(rest);
    plain
}

#[test]
fn human_output_escapes_keys_values_and_file_names() {
    let text = body();
    let report = check(text.as_bytes());
    let files = one(PATH, &report, text.as_bytes());
    let out = human(&files, false);
    assert_eq!(out, HUMAN_TEXT);
    assert_no_control(&out, false);
}

#[test]
fn coloured_human_output_escapes_the_same_text() {
    let text = body();
    let report = check(text.as_bytes());
    let files = one(PATH, &report, text.as_bytes());
    let out = human(&files, true);
    assert_no_control(&out, true);
    assert_eq!(strip_colour(&out), HUMAN_TEXT);
    let raw = raw_report();
    let files = one(PATH, &raw, RAW);
    let out = human(&files, true);
    assert_no_control(&out, true);
    assert_eq!(strip_colour(&out), RAW_HUMAN_TEXT);
}

#[test]
fn human_snippets_escape_raw_source_bytes_and_keep_their_underlines() {
    let report = raw_report();
    let files = one(PATH, &report, RAW);
    let out = human(&files, false);
    assert_eq!(out, RAW_HUMAN_TEXT);
    assert_no_control(&out, false);
}

#[test]
fn github_annotations_escape_everything_under_the_cap() {
    let text = body();
    let report = check(text.as_bytes());
    let files = one(PATH, &report, text.as_bytes());
    let out = render::github::render(&files);
    assert_eq!(out, GITHUB_TEXT);
    assert_no_control(&out, false);
    assert!(out
        .lines()
        .all(|l| l.starts_with("::warning file=dir/a%0A%3A%3Aerror")
            || l.starts_with("::error file=dir/a%0A%3A%3Aerror")));
}

/// Past ten annotations of a level, plain lines that start with the tool's name: a file name
/// that holds `\n::add-mask::` or `\n::stop-commands::` forges nothing.
#[test]
fn github_plain_lines_past_the_cap_cannot_forge_commands() {
    let text = body();
    let report = check(text.as_bytes());
    let paths: Vec<String> = (0..11)
        .map(|i| format!("f{i}\n::add-mask::x\u{7}.json"))
        .collect();
    let mut files: Vec<Checked<'_>> = paths
        .iter()
        .map(|path| Checked {
            path,
            outcome: Outcome::Report {
                report: &report,
                text: text.as_bytes(),
            },
        })
        .collect();
    files.push(Checked {
        path: "gone\n::stop-commands::tok",
        outcome: Outcome::Unreadable("no such file\nor directory"),
    });
    let out = render::github::render(&files);
    assert_no_control(&out, false);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 24, "{out}");
    for (i, line) in lines[..20].iter().enumerate() {
        let (command, title) = if i % 2 == 0 {
            ("warning", "setting-code-chars")
        } else {
            ("error", "VALIDATION_UNKNOWN_PARAMETERS")
        };
        let file = format!("f{}%0A%3A%3Aadd-mask%3A%3Ax\\u{{7}}.json", i / 2);
        assert!(
            line.starts_with(&format!("::{command} file={file},line=")),
            "{line}"
        );
        assert!(line.contains(&format!(",title={title}::")), "{line}");
    }
    assert_eq!(
        lines[20..],
        [
            r"b24lint: f10\n::add-mask::x\u{7}.json:8:40: warning setting-code-chars: the setting code `c\u{1b}]0;x\u{7}` contains the control character U+001B (help: use ASCII letters, digits, `_` and `-`: PHP rewrites `.` and spaces in form field names, and other characters need escaping in URLs and code)",
            r"b24lint: f10\n::add-mask::x\u{7}.json:9:3: error VALIDATION_UNKNOWN_PARAMETERS: Unknown parameters: \u{1b}]0;pwned\u{7} (the portal's answer) (help: remove it; known fields: id, title, logo, description, sort, urlCheck, urlData, urlTableList, urlTableDescription, settings, dateCreate, supportMapping, sourceCode)",
            r"b24lint: gone\n::stop-commands::tok: error input-unreadable: cannot be checked: no such file\nor directory",
            "b24lint: 2 errors and 1 warning not annotated (GitHub shows 10 annotations of each level per step); they are listed above as plain lines",
        ]
    );
    // Only b24lint's own annotations start with `::`; no line starts with a space either.
    let commands = lines.iter().filter(|l| l.starts_with("::")).count();
    assert_eq!(commands, 20);
    assert!(lines.iter().all(|l| l.starts_with("::warning file=f")
        || l.starts_with("::error file=f")
        || l.starts_with("b24lint: ")));
}

/// The hostile texts as JSON spells them: exact, and parsed back to the same strings.
#[test]
fn json_keeps_hostile_texts_exactly() {
    let text = body();
    let report = check(text.as_bytes());
    let files = one(PATH, &report, text.as_bytes());
    let out = render::json::render(&files);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.contains(&r#"      "path": "dir/a\n::error::forged\u001b[2J.json","#));
    assert!(lines.contains(&r#"          "message": "Unknown parameters: \u001b]0;pwned\u0007","#));
    assert!(lines.contains(&r#"          "pointer": "/fields/\u001b]0;pwned\u0007","#));
    let doc: Value = serde_json::from_str(&out).unwrap();
    let file = &doc["files"][0];
    assert_eq!(file["path"], PATH);
    let unknown = &file["diagnostics"][1];
    assert_eq!(unknown["message"], format!("Unknown parameters: {KEY}"));
    assert_eq!(unknown["pointer"], format!("/fields/{KEY}"));
    assert_eq!(
        file["answer"]["result"]["error"]["error_description"],
        format!("Unknown parameters: {KEY}")
    );
    assert_eq!(file["diagnostics"][0]["pointer"], "/fields/settings/0/code");
}

#[test]
fn server_lines_keep_hostile_texts_exactly() {
    let text = body();
    let report = check(text.as_bytes());
    let files = one(PATH, &report, text.as_bytes());
    let out = render::server::render(&files);
    assert_eq!(out, SERVER_TEXT);
    let line: Value = serde_json::from_str(out.trim_end()).unwrap();
    assert_eq!(line["file"], PATH);
    assert_eq!(
        line["result"]["error"]["error_description"],
        format!("Unknown parameters: {KEY}")
    );
}

#[test]
fn sarif_keeps_hostile_texts_and_encodes_the_file_uri() {
    let text = body();
    let report = check(text.as_bytes());
    let files = one(PATH, &report, text.as_bytes());
    let out = render::sarif::render(&files);
    assert!(out.contains(
        "\n                \"artifactLocation\": {\n                  \"uri\": \"dir/a%0A%3A%3Aerror%3A%3Aforged%1B%5B2J.json\"\n"
    ));
    let doc: Value = serde_json::from_str(&out).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let unknown = &results[1];
    assert_eq!(
        unknown["message"]["text"],
        format!("Unknown parameters: {KEY}\nhelp: remove it; known fields: id, title, logo, description, sort, urlCheck, urlData, urlTableList, urlTableDescription, settings, dateCreate, supportMapping, sourceCode\n(the portal's answer)")
    );
    assert_eq!(
        unknown["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        format!("/fields/{KEY}")
    );
    assert_eq!(
        unknown["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "dir/a%0A%3A%3Aerror%3A%3Aforged%1B%5B2J.json"
    );
}

/// A backslash is a directory separator on Windows only; in a Linux file name it is a
/// character, and the URI must keep naming that file.
#[test]
fn sarif_uri_of_a_file_name_with_a_backslash() {
    let text = br#"{"fields": {"title": 1}}"#;
    let report = check(text);
    let files = one("./dir\\a b.json", &report, text);
    let doc: Value = serde_json::from_str(&render::sarif::render(&files)).unwrap();
    let uri = &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    let expected = if cfg!(windows) {
        "dir/a%20b.json"
    } else {
        "dir%5Ca%20b.json"
    };
    assert_eq!(uri, expected);
}

/// A minified body with 100,000 duplicate keys on its one line: 100,006 findings. Every
/// renderer finishes in time linear in the findings (no timing asserted: the shape is).
#[test]
fn one_line_with_100000_findings_in_every_format() {
    let mut text = String::from(r#"{"fields":{"title":"t""#);
    for _ in 0..100_000 {
        text.push_str(r#","a":1"#);
    }
    text.push_str("}}");
    let report = check(text.as_bytes());
    assert_eq!(report.diagnostics.len(), 100_006);
    let duplicates = report
        .diagnostics
        .iter()
        .filter(|d| d.code.name() == "duplicate-key")
        .count();
    assert_eq!(duplicates, 99_999);
    let files = one("min.json", &report, text.as_bytes());

    for colour in [false, true] {
        let out = human(&files, colour);
        assert_no_control(&out, colour);
        let out = if colour { strip_colour(&out) } else { out };
        // 500 snippets, each through a window of the one line.
        assert_eq!(out.matches("╭─[min.json:1:").count(), 500);
        assert!(out.lines().all(|l| l.chars().count() < 400));
        assert!(out.contains(
            "\nmin.json: 99506 more findings not shown here; --format json lists them all\n"
        ));
        assert!(out.ends_with(
            "min.json: 7 errors, 99999 warnings\n  answer: VALIDATION_UNKNOWN_PARAMETERS (1:24) Unknown parameters: a\n  HTTP 200 from biconnector.connector.add on cloud (app call, JSON body)\n\nChecked 1 file: 7 errors, 99999 warnings.\n"
        ), "{}", &out[out.len() - 400..]);
    }

    let github = render::github::render(&files);
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(lines.len(), 100_007);
    assert_eq!(lines.iter().filter(|l| l.starts_with("::")).count(), 17);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("b24lint: min.json:1:"))
            .count(),
        99_989
    );
    assert_eq!(
        lines.last().unwrap(),
        &"b24lint: 99989 warnings not annotated (GitHub shows 10 annotations of each level per step); they are listed above as plain lines"
    );

    // Counted and read as text: parsing 260 MB of JSON would only test serde_json.
    let json = render::json::render(&files);
    assert_eq!(json.matches("\n          \"code\": ").count(), 100_006);
    assert!(json.ends_with(JSON_TAIL), "{}", &json[json.len() - 2000..]);

    let sarif = render::sarif::render(&files);
    assert_eq!(sarif.matches("\n          \"ruleId\": ").count(), 100_006);
    assert!(
        sarif.ends_with(SARIF_TAIL),
        "{}",
        &sarif[sarif.len() - 2000..]
    );

    let server = render::server::render(&files);
    assert_eq!(
        server,
        "{\"file\":\"min.json\",\"http\":200,\"accepted\":false,\"result\":{\"error\":{\"error\":\"VALIDATION_UNKNOWN_PARAMETERS\",\"error_description\":\"Unknown parameters: a\"}}}\n"
    );
}

/// Mutated hostile bodies and names: whatever the bytes, no renderer panics, human and GitHub
/// output carry no control character, and GitHub lines start only as b24lint starts them.
#[test]
fn mutated_hostile_inputs_never_reach_a_terminal_raw() {
    let seeds: [Vec<u8>; 3] = [
        body().into_bytes(),
        RAW.to_vec(),
        b"{\"fields\":{\"a\":1,\"a\":2}}\r\n".to_vec(),
    ];
    let hostile: &[u8] = b"\x1b\x07\r\n\t\x00\x7f\xc2\x9b\xe2\x80\xae\xff\"{}[],:\\u";
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        // xorshift64: fixed, so a failure reproduces.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for case in 0..600 {
        let mut text = seeds[case % seeds.len()].clone();
        for _ in 0..(next() % 6) {
            let at = (next() as usize) % (text.len() + 1);
            let b = hostile[(next() as usize) % hostile.len()];
            match next() % 3 {
                0 => text.insert(at, b),
                1 if at < text.len() => text[at] = b,
                _ => {
                    let n = (next() % 300) as usize;
                    text.splice(at..at, std::iter::repeat_n(b'x', n));
                }
            }
        }
        let path = format!("p{case}\n::error::x\u{1b}\r.json");
        let report = check(&text);
        let files = one(&path, &report, &text);
        for colour in [false, true] {
            assert_no_control(&human(&files, colour), colour);
        }
        let github = render::github::render(&files);
        assert_no_control(&github, false);
        assert!(
            github.lines().all(|l| l.starts_with("::error file=p")
                || l.starts_with("::warning file=p")
                || l.starts_with("::notice file=p")
                || l.starts_with("b24lint: ")),
            "{github}"
        );
        let _ = render::json::render(&files);
        let _ = render::sarif::render(&files);
        let _ = render::server::render(&files);
    }
}

/// The last finding of the 100,000 (the last key, at column 600,018, its first occurrence at
/// column 24) and the summary.
const JSON_TAIL: &str = r##"          "span": {
            "start": 600017,
            "end": 600020
          },
          "start": {
            "line": 1,
            "column": 600018
          },
          "end": {
            "line": 1,
            "column": 600021
          },
          "pointer": "/fields/a",
          "label": "this value wins",
          "labels": [
            {
              "span": {
                "start": 23,
                "end": 26
              },
              "start": {
                "line": 1,
                "column": 24
              },
              "end": {
                "line": 1,
                "column": 27
              },
              "text": "first occurrence: its position is kept"
            }
          ],
          "help": "remove the extra occurrence: the portal keeps the last value at the first key's position, other JSON readers may keep the first",
          "server_answer": false,
          "fix": null
        }
      ]
    }
  ],
  "summary": {
    "files": 1,
    "errors": 7,
    "warnings": 99999,
    "unreadable": 0,
    "skipped": 0
  }
}
"##;

const SARIF_TAIL: &str = r##"                "region": {
                  "startLine": 1,
                  "startColumn": 600018,
                  "endLine": 1,
                  "endColumn": 600021
                }
              },
              "logicalLocations": [
                {
                  "fullyQualifiedName": "/fields/a",
                  "kind": "member"
                }
              ]
            }
          ],
          "relatedLocations": [
            {
              "physicalLocation": {
                "artifactLocation": {
                  "uri": "min.json"
                },
                "region": {
                  "startLine": 1,
                  "startColumn": 24,
                  "endLine": 1,
                  "endColumn": 27
                }
              },
              "id": 0,
              "message": {
                "text": "first occurrence: its position is kept"
              }
            }
          ]
        }
      ]
    }
  ]
}
"##;

/// The hostile key in the message, the answer and the header; the path everywhere it is
/// printed. (The setting code's message is escaped by the lint itself.)
const HUMAN_TEXT: &str = r##"setting-code-chars

  ⚠ the setting code `c\u{1b}]0;x\u{7}` contains the control character U+001B
   ╭─[dir/a\n::error::forged\u{1b}[2J.json:8:40]
 7 │   "urlTableDescription": "https://x/td",
 8 │   "settings": [{"name": "n", "code": "c\u001b]0;x\u0007", "type": "STRING"}],
   ·                                        ───┬──
   ·                                           ╰── awkward here
 9 │   "\u001b]0;pwned\u0007": 1
   ╰────
  help: use ASCII letters, digits, `_` and `-`: PHP rewrites `.` and spaces in form field names,
        and other characters need escaping in URLs and code

VALIDATION_UNKNOWN_PARAMETERS (the portal's answer)

  × Unknown parameters: \u{1b}]0;pwned\u{7}
    ╭─[dir/a\n::error::forged\u{1b}[2J.json:9:3]
  8 │   "settings": [{"name": "n", "code": "c\u001b]0;x\u0007", "type": "STRING"}],
  9 │   "\u001b]0;pwned\u0007": 1
    ·   ───────────┬──────────
    ·              ╰── unknown parameter
 10 │ }}
    ╰────
  help: remove it; known fields: id, title, logo, description, sort, urlCheck, urlData,
        urlTableList, urlTableDescription, settings, dateCreate, supportMapping, sourceCode

dir/a\n::error::forged\u{1b}[2J.json: 1 error, 1 warning
  answer: VALIDATION_UNKNOWN_PARAMETERS (9:3) Unknown parameters: \u{1b}]0;pwned\u{7}
  HTTP 200 from biconnector.connector.add on cloud (app call, JSON body)

Checked 1 file: 1 error, 1 warning.
"##;

/// Snippets show the source escaped; CRLF lines look as they always did; every underline
/// covers the escaped form of what it covered (the invalid byte is one U+FFFD, the ESC six
/// characters, the lone CR two, the bidi override eight).
const RAW_HUMAN_TEXT: &str = r##"json-syntax

  × raw control character U+001B inside a string; JSON requires it to be escaped
   ╭─[dir/a\n::error::forged\u{1b}[2J.json:2:14]
 1 │ {"fields": {
 2 │   "title": "�\u{1b}[2Jb",
   ·              ───┬──
   ·                 ╰── here
 3 │   "note": "x\ry",
   ╰────

VALIDATION_FIELDS_NOT_PROVIDED (the portal's answer)

  × Fields not provided.
   ╭─[dir/a\n::error::forged\u{1b}[2J.json:2:14]
 1 │ {"fields": {
 2 │   "title": "�\u{1b}[2Jb",
   ·              ───┬──
   ·                 ╰── no `fields` in this body
 3 │   "note": "x\ry",
   ╰────
  help: fix the JSON syntax error: the portal silently ignores a body its JSON decoder rejects, so
        it sees no parameters at all

text-whitespace

  ⚠ message \u{1b}]0;pwned\u{7}
   ╭─[dir/a\n::error::forged\u{1b}[2J.json:2:13]
 1 │ {"fields": {
 2 │   "title": "�\u{1b}[2Jb",
   ·             ─────┬─────
   ·                  ╰── label \u{1b}]0;pwned\u{7}
 3 │   "note": "x\ry",
   ·            ──┬─
   ·              ╰── lone\rCR
 4 │   "bidi": "\u{202e} evil"
   ·            ────┬───
   ·                ╰── bidi\u{202e}
 5 │ }}
   ╰────
  help: help\nline\u{9b}
        fix: fix \u{1b}]0;pwned\u{7} (b24lint check --fix --unsafe-fixes)

dir/a\n::error::forged\u{1b}[2J.json: 2 errors, 1 warning
  answer: VALIDATION_FIELDS_NOT_PROVIDED (2:14) Fields not provided.
  HTTP 200 from biconnector.connector.add on cloud (app call, JSON body)

Checked 1 file: 2 errors, 1 warning.
1 fixable with `--fix --unsafe-fixes`.
"##;

const GITHUB_TEXT: &str = r##"::warning file=dir/a%0A%3A%3Aerror%3A%3Aforged\u{1b}[2J.json,line=8,col=40,endLine=8,endColumn=46,title=setting-code-chars::the setting code `c\u{1b}]0;x\u{7}` contains the control character U+001B%0Ahelp: use ASCII letters, digits, `_` and `-`: PHP rewrites `.` and spaces in form field names, and other characters need escaping in URLs and code
::error file=dir/a%0A%3A%3Aerror%3A%3Aforged\u{1b}[2J.json,line=9,col=3,endLine=9,endColumn=25,title=VALIDATION_UNKNOWN_PARAMETERS::Unknown parameters: \u{1b}]0;pwned\u{7} (the portal's answer)%0Ahelp: remove it; known fields: id, title, logo, description, sort, urlCheck, urlData, urlTableList, urlTableDescription, settings, dateCreate, supportMapping, sourceCode
"##;

const SERVER_TEXT: &str = r##"{"file":"dir/a\n::error::forged\u001b[2J.json","http":200,"accepted":false,"result":{"error":{"error":"VALIDATION_UNKNOWN_PARAMETERS","error_description":"Unknown parameters: \u001b]0;pwned\u0007"}}}
"##;

/// GitHub's runner also obeys `##[command]` anywhere in a line: a key, value or file name
/// holding one reaches no format as it is, and the JSON formats still decode to the exact text.
#[test]
fn the_legacy_command_form_is_neutral_in_every_format() {
    let mut fields = String::from("{\"fields\":{");
    for i in 0..11 {
        fields.push_str(&format!("\"k{i}\":1,"));
    }
    fields.push_str("\"##[add-mask]\":1,\"title\":\"##[error]x\"}}");
    let text = fields.as_bytes();
    let report = check(text);
    let path = "##[stop-commands]tok.json";
    let files = one(path, &report, text);
    let outputs = [
        ("human", human(&files, false)),
        ("human colour", human(&files, true)),
        ("github", render::github::render(&files)),
        ("json", render::json::render(&files)),
        ("sarif", render::sarif::render(&files)),
        ("server", render::server::render(&files)),
    ];
    for (name, out) in &outputs {
        for line in out.lines() {
            // An annotation is a `::` command, which the runner takes before it looks for the
            // legacy form; its `file` property must stay the file's name.
            let annotation = *name == "github"
                && ["::error ", "::warning ", "::notice "]
                    .iter()
                    .any(|c| line.starts_with(c));
            let message = line.split_once("::").map_or(line, |(_, m)| m);
            let message = message.split_once("::").map_or(message, |(_, m)| m);
            if annotation {
                assert!(!message.contains("##["), "{name}: {line}");
            } else {
                assert!(!line.contains("##["), "{name}: {line}");
            }
        }
    }
    assert!(outputs[0].1.contains("#\\u{23}[add-mask]"));
    assert!(outputs[2]
        .1
        .lines()
        .any(|l| l.starts_with("b24lint: #\\u{23}[stop-commands]tok.json:1:")));
    let json: Value = serde_json::from_str(&outputs[3].1).unwrap();
    assert_eq!(json["files"][0]["path"], path);
    let unknown = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "VALIDATION_UNKNOWN_PARAMETERS")
        .unwrap();
    assert_eq!(
        unknown["message"],
        "Unknown parameters: k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, ##[add-mask]"
    );
    let server: Value = serde_json::from_str(outputs[5].1.trim_end()).unwrap();
    assert_eq!(server["file"], path);
    let sarif: Value = serde_json::from_str(&outputs[4].1).unwrap();
    assert!(sarif["runs"][0]["results"][0]["message"]["text"].is_string());
}
