//! `b24lint requests`: what the portal POSTs to a connector's endpoints, printed to replay
//! (endpoint-protocol §2.1, §2.4, §3.2, §4.2, §5.2, §6.1, §6.2).

use std::path::Path;
use std::process::{Command, Output};

const CONNECTOR: &str = r#"{"fields": {
  "title": "Warehouse",
  "logo": "https://cdn.example.com/w.png",
  "urlCheck": "https://bi.example.com/check?token=s3cret",
  "urlTableList": "https://bi.example.com/tables",
  "urlTableDescription": "https://bi.example.com/describe",
  "urlData": "https://bi.example.com/data",
  "settings": [{"name": "Login", "code": "login", "type": "STRING"}]
}}"#;

const SOURCE: &str = r#"{"method": "biconnector.source.add", "params": {"fields": {
  "title": "Main", "connectorId": 1, "settings": {"login": " admin ", "debug": "1"}
}}}"#;

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_b24lint"))
        .arg("requests")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn files() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("connector.json"), CONNECTOR).unwrap();
    std::fs::write(d.path().join("source.json"), SOURCE).unwrap();
    d
}

#[test]
fn the_check_and_the_table_list_as_the_portal_sends_them() {
    let d = files();
    let o = run(
        d.path(),
        &[
            "connector.json",
            "--source",
            "source.json",
            "--search",
            "sal es",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        "# urlCheck: biconnector.source.add checks the settings as given
POST /check?token=s3cret HTTP/1.1
Host: bi.example.com
Connection: close
Accept: */*
Accept-Language: en
Content-Type: application/x-www-form-urlencoded
Content-Length: 53

connection%5Blogin%5D=+admin+&connection%5Bdebug%5D=1

# urlTableList: the table picker searches
POST /tables HTTP/1.1
Host: bi.example.com
Connection: close
Accept: */*
Accept-Language: en
Content-Type: application/x-www-form-urlencoded
Content-Length: 47

searchString=sal+es&connection%5Blogin%5D=admin
"
    );
    // The undeclared setting reaches urlCheck only; the user is told.
    assert_eq!(
        String::from_utf8(o.stderr).unwrap(),
        "b24lint: note: `debug` is not a setting of the connector: urlCheck gets it at biconnector.source.add, the source does not keep it\n"
    );
}

#[test]
fn the_table_calls_as_curl_and_json() {
    let d = files();
    let args = [
        "connector.json",
        "--source",
        "source.json",
        "--table",
        "sales",
        "--select",
        "DEAL_ID",
        "--map",
        "deal_id=DEAL_ID,amount=AMOUNT",
    ];
    let curl = run(d.path(), &[&args[..], &["--format", "curl"]].concat());
    let out = String::from_utf8(curl.stdout).unwrap();
    let last = out.lines().rev().find(|l| l.starts_with("curl")).unwrap();
    assert_eq!(
        last,
        "curl -X POST -H 'Connection: close' -H 'Accept: */*' -H 'Accept-Language: en' -H 'Content-Type: application/x-www-form-urlencoded' --data-raw 'select%5B0%5D=DEAL_ID&limit=0&connection%5Blogin%5D=admin&table=sales&mapFields%5Bdeal_id%5D=DEAL_ID' 'https://bi.example.com/data'"
    );
    let json = run(d.path(), &[&args[..], &["--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let endpoints: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["endpoint"].as_str().unwrap())
        .collect();
    assert_eq!(
        endpoints,
        [
            "urlCheck",
            "urlTableList",
            "urlTableDescription",
            "urlData",
            "urlData"
        ]
    );
    assert_eq!(
        v[3]["body"],
        "limit=20&connection%5Blogin%5D=admin&table=sales&mapFields%5Bdeal_id%5D=DEAL_ID&mapFields%5Bamount%5D=AMOUNT"
    );
}

#[test]
fn bad_inputs_are_named_and_exit_2() {
    let d = files();
    std::fs::write(d.path().join("broken.json"), "{").unwrap();
    std::fs::write(
        d.path().join("relative.json"),
        r#"{"urlCheck": "/check", "settings": []}"#,
    )
    .unwrap();
    for (args, says) in [
        (vec!["missing.json"], "b24lint: error: missing.json: cannot be read:"),
        (vec!["broken.json"], "b24lint: error: broken.json: not JSON:"),
        (
            vec!["relative.json"],
            "b24lint: error: relative.json: `urlCheck` is not a URL the portal can call: relative URL without a base",
        ),
        (
            vec!["connector.json", "--map", "deal_id"],
            "`deal_id` is not CODE=NAME",
        ),
    ] {
        let o = run(d.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(err.contains(says), "{args:?}: {err}");
    }
}
