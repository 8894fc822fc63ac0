//! What the portal POSTs to each endpoint, for a connector definition and a source's settings
//! (spec §2.1, §2.4, §3.2, §4.2, §5.2, §6.1, §6.2): the request line, the header lines and the
//! form body PHP's `http_build_query` writes, so that a developer can replay the calls against
//! their own server.

use super::Endpoint;
use crate::json::{Node, Value};
use serde_json::{Map, Value as Json};

/// What the caller says about the calls to write.
#[derive(Debug, Clone, Default)]
pub struct Ask {
    /// The text typed in the table picker (`searchString`); empty by default.
    pub search: String,
    /// The table's externalCode (`table`); the table calls are left out without one.
    pub table: Option<String>,
    /// The field NAMEs the BI engine selects; the BI data call is left out without them.
    pub select: Vec<String>,
    /// The BI engine's `limit`: `0` when it sets none.
    pub limit: u64,
    /// Column externalCode → field NAME, for `mapFields` (the table's stored columns).
    pub map_fields: Vec<(String, String)>,
}

/// One call the portal makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalRequest {
    pub endpoint: Endpoint,
    /// When the portal makes it, in a few words.
    pub when: &'static str,
    pub url: String,
    /// `POST /path?query HTTP/1.1`.
    pub request_line: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl PortalRequest {
    /// The request as it goes over the wire (header lines, a blank line, the body).
    pub fn http(&self) -> String {
        let mut out = format!("{}\r\n", self.request_line);
        for (k, v) in &self.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str("\r\n");
        out.push_str(&self.body);
        out
    }

    /// A `curl` command that sends the same request.
    pub fn curl(&self) -> String {
        let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
        let mut out = String::from("curl -X POST");
        for (k, v) in &self.headers {
            // curl writes Host and Content-Length itself.
            if k != "Host" && k != "Content-Length" {
                out.push_str(&format!(" -H {}", quote(&format!("{k}: {v}"))));
            }
        }
        out.push_str(&format!(
            " --data-raw {} {}",
            quote(&self.body),
            quote(&self.url)
        ));
        out
    }
}

/// The settings the portal sends as `connection`, either as the app gave them to
/// `source.add` (every key, values as they are: spec §2.4) or as the source stores them
/// (declared codes only, each value trimmed).
fn connection(settings: Option<&Node>, declared: &[String], stored: bool) -> Map<String, Json> {
    let mut out = Map::new();
    let Some(entries) = settings.and_then(Node::entries) else {
        return out;
    };
    for e in entries {
        let key = e.key.to_string();
        if stored && !declared.contains(&key) {
            continue;
        }
        let value = match &e.value.value {
            Value::String(s) if stored => Json::String(s.trim().to_string()),
            _ => to_json(e.value),
        };
        out.insert(key, value);
    }
    out
}

/// The value as `serde_json` holds it, keyed as PHP keys it (a repeated key's last value).
fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => match n.int {
            Some(i) => Json::from(i),
            None => serde_json::Number::from_f64(n.float).map_or(Json::Null, Json::Number),
        },
        Value::String(s) => Json::String(s.clone()),
        Value::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Object(_) => Json::Object(
            node.entries()
                .unwrap_or_default()
                .into_iter()
                .map(|e| (e.key.to_string(), to_json(e.value)))
                .collect(),
        ),
    }
}

/// The form body `http_build_query` writes for these parameters, in their order.
fn form(params: &Map<String, Json>) -> String {
    let text = Json::Object(params.clone()).to_string();
    match crate::json::parse(text.as_bytes()) {
        Ok(parsed) => crate::transport::encode::http_build_query(&parsed.root, "", None).wire,
        Err(_) => String::new(),
    }
}

/// The request line and header lines of a POST of `body` to `url` (spec §2.1: no
/// User-Agent, no authorisation, `Connection: close`, `Accept: */*`, `Accept-Language: en`).
fn request(
    endpoint: Endpoint,
    when: &'static str,
    url: &str,
    body: String,
) -> Result<PortalRequest, String> {
    let parsed = url::Url::parse(url).map_err(|e| {
        format!(
            "`{}` is not a URL the portal can call: {e}",
            endpoint.field()
        )
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "`{}` is not an http or https URL: the portal calls no other",
            endpoint.field()
        ));
    }
    let host = match (parsed.host_str(), parsed.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        (None, _) => return Err(format!("`{}` has no host", endpoint.field())),
    };
    let target = match parsed.query() {
        Some(q) => format!("{}?{q}", parsed.path()),
        None => parsed.path().to_string(),
    };
    let headers = vec![
        ("Host".to_string(), host),
        ("Connection".to_string(), "close".to_string()),
        ("Accept".to_string(), "*/*".to_string()),
        ("Accept-Language".to_string(), "en".to_string()),
        (
            "Content-Type".to_string(),
            "application/x-www-form-urlencoded".to_string(),
        ),
        ("Content-Length".to_string(), body.len().to_string()),
    ];
    Ok(PortalRequest {
        endpoint,
        when,
        url: url.to_string(),
        request_line: format!("POST {target} HTTP/1.1"),
        headers,
        body,
    })
}

/// The connector's URLs and declared setting codes, from a definition (a connector.add body,
/// an envelope of one, or the bare `fields`).
pub struct Connector {
    pub urls: Vec<(Endpoint, Option<String>)>,
    pub codes: Vec<String>,
}

impl Connector {
    pub fn read(root: &Node) -> Result<Connector, String> {
        let fields = fields_of(root);
        if !matches!(fields.value, Value::Object(_)) {
            return Err("the connector definition is not an object".to_string());
        }
        let urls = Endpoint::ALL
            .into_iter()
            .map(|e| {
                let url = fields.get(e.field()).and_then(|(_, m)| m.value.as_str());
                (e, url.map(str::to_string))
            })
            .collect();
        let codes = fields
            .get("settings")
            .and_then(|(_, m)| m.value.entries())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|e| {
                e.value
                    .get("code")
                    .and_then(|(_, m)| crate::php::to_php_string(&m.value.value))
            })
            .collect();
        Ok(Connector { urls, codes })
    }

    fn url(&self, endpoint: Endpoint) -> Option<&str> {
        self.urls
            .iter()
            .find(|(e, _)| *e == endpoint)
            .and_then(|(_, u)| u.as_deref())
    }
}

/// A source's `settings` object, from a source.add body, an envelope of one, its bare `fields`,
/// or the settings object itself.
pub fn source_settings(root: &Node) -> &Node {
    let fields = fields_of(root);
    fields.get("settings").map_or(fields, |(_, m)| &m.value)
}

/// A definition's `fields`: of an envelope's parameters, of a request body, or the bare
/// definition itself (envelopes as the checks read them).
fn fields_of(root: &Node) -> &Node {
    use crate::checks::Envelope;
    let params = match crate::checks::envelope(root) {
        Envelope::Method(_, _, params) | Envelope::Unknown(_, params) => params,
        Envelope::None => root,
    };
    params.get("fields").map_or(params, |(_, m)| &m.value)
}

/// The keys of a source's settings the connector does not declare: `urlCheck` gets them at
/// `source.add`, the stored source drops them (spec §2.4).
pub fn undeclared(connector: &Connector, settings: &Node) -> Vec<String> {
    settings
        .entries()
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.key.to_string())
        .filter(|k| !connector.codes.contains(k))
        .collect()
}

/// One call before it is written: the endpoint, when it is made, its parameters in order.
type Call = (Endpoint, &'static str, Vec<(&'static str, Json)>);

/// Every call the portal makes for this connector and these settings, in the order a source
/// and a table come about: the check at `source.add`, the table list, the description, the
/// preview, then the BI engine's data request when `ask.select` names fields. A call whose URL
/// the connector lacks is left out; a URL the portal cannot call is an error.
pub fn portal_requests(
    connector: &Connector,
    settings: Option<&Node>,
    ask: &Ask,
) -> Result<Vec<PortalRequest>, String> {
    let given = Json::Object(connection(settings, &connector.codes, false));
    let stored = Json::Object(connection(settings, &connector.codes, true));
    let text = |s: &str| Json::String(s.to_string());
    let map_fields = |only: Option<&[String]>| {
        let mut m = Map::new();
        for (code, name) in &ask.map_fields {
            if only.is_none_or(|names| names.contains(name)) {
                m.insert(code.clone(), text(name));
            }
        }
        Json::Object(m)
    };
    // Each call's parameters in the order the portal builds them; `http_build_query` leaves
    // out what is empty (a connector without settings sends no `connection`).
    let mut calls: Vec<Call> = vec![
        (
            Endpoint::UrlCheck,
            "biconnector.source.add checks the settings as given",
            vec![("connection", given)],
        ),
        (
            Endpoint::UrlTableList,
            "the table picker searches",
            vec![
                ("searchString", text(&ask.search)),
                ("connection", stored.clone()),
            ],
        ),
    ];
    if let Some(table) = &ask.table {
        calls.push((
            Endpoint::UrlTableDescription,
            "a table is created or synchronized",
            vec![("table", text(table)), ("connection", stored.clone())],
        ));
        calls.push((
            Endpoint::UrlData,
            "the preview, or \"Synchronize with source\", reads 20 rows",
            vec![
                ("limit", Json::from(20)),
                ("connection", stored.clone()),
                ("table", text(table)),
                ("mapFields", map_fields(None)),
            ],
        ));
        if !ask.select.is_empty() {
            let select = ask.select.iter().map(|s| text(s)).collect();
            calls.push((
                Endpoint::UrlData,
                "BI Builder loads the table's data",
                vec![
                    ("select", Json::Array(select)),
                    ("limit", Json::from(ask.limit)),
                    ("connection", stored.clone()),
                    ("table", text(table)),
                    ("mapFields", map_fields(Some(&ask.select))),
                ],
            ));
        }
    }
    let mut out = Vec::new();
    for (endpoint, when, params) in calls {
        let Some(url) = connector.url(endpoint) else {
            continue;
        };
        let params: Map<String, Json> = params
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        out.push(request(endpoint, when, url, form(&params))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Node {
        crate::json::parse(text.as_bytes()).unwrap().root
    }

    const CONNECTOR: &str = r#"{"fields": {"title": "S", "logo": "x",
        "urlCheck": "https://app.example/bi?action=check",
        "urlTableList": "https://app.example/bi/tables",
        "urlTableDescription": "https://app.example:8443/bi/describe",
        "urlData": "https://app.example/bi/data",
        "settings": [{"name": "Login", "code": "login", "type": "STRING"},
                     {"name": "Password", "code": "password", "type": "STRING"}]}}"#;

    fn calls(settings: &str, ask: &Ask) -> Vec<PortalRequest> {
        let connector = Connector::read(&doc(CONNECTOR)).unwrap();
        let settings = doc(settings);
        portal_requests(&connector, Some(source_settings(&settings)), ask).unwrap()
    }

    /// Spec §3.2's example, and §2.4: `source.add` sends the settings as given (an undeclared
    /// key, a value with its spaces), later calls what the source stores (declared, trimmed).
    #[test]
    fn the_check_gets_the_settings_as_given_the_others_as_stored() {
        let all = calls(
            r#"{"fields": {"settings": {"login": " u ", "password": "p", "debug": "1"}}}"#,
            &Ask::default(),
        );
        assert_eq!(all.len(), 2, "no table named: no table calls");
        let settings = doc(r#"{"login": "u", "debug": "1"}"#);
        let connector = Connector::read(&doc(CONNECTOR)).unwrap();
        assert_eq!(undeclared(&connector, &settings), ["debug"]);
        assert_eq!(
            all[0].body,
            "connection%5Blogin%5D=+u+&connection%5Bpassword%5D=p&connection%5Bdebug%5D=1"
        );
        assert_eq!(all[0].request_line, "POST /bi?action=check HTTP/1.1");
        assert_eq!(
            all[1].body,
            "searchString=&connection%5Blogin%5D=u&connection%5Bpassword%5D=p"
        );
    }

    /// §5.2, §6.1, §6.2: the parameters in the portal's order; `mapFields` limited to `select`
    /// for the BI engine; `limit` 0 when the engine sets none.
    #[test]
    fn the_table_calls_in_the_portals_order() {
        let ask = Ask {
            search: "sal".to_string(),
            table: Some("sales".to_string()),
            select: vec!["DEAL_ID".to_string()],
            limit: 0,
            map_fields: vec![
                ("deal_id".to_string(), "DEAL_ID".to_string()),
                ("amount".to_string(), "AMOUNT".to_string()),
            ],
        };
        let all = calls(r#"{"login": "u", "password": "p"}"#, &ask);
        let bodies: Vec<&str> = all.iter().map(|r| r.body.as_str()).collect();
        assert_eq!(
            bodies,
            [
                "connection%5Blogin%5D=u&connection%5Bpassword%5D=p",
                "searchString=sal&connection%5Blogin%5D=u&connection%5Bpassword%5D=p",
                "table=sales&connection%5Blogin%5D=u&connection%5Bpassword%5D=p",
                "limit=20&connection%5Blogin%5D=u&connection%5Bpassword%5D=p&table=sales&mapFields%5Bdeal_id%5D=DEAL_ID&mapFields%5Bamount%5D=AMOUNT",
                "select%5B0%5D=DEAL_ID&limit=0&connection%5Blogin%5D=u&connection%5Bpassword%5D=p&table=sales&mapFields%5Bdeal_id%5D=DEAL_ID",
            ]
        );
        let describe = &all[2];
        assert_eq!(describe.endpoint, Endpoint::UrlTableDescription);
        assert_eq!(
            describe.http(),
            "POST /bi/describe HTTP/1.1\r\nHost: app.example:8443\r\nConnection: close\r\nAccept: */*\r\nAccept-Language: en\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 62\r\n\r\ntable=sales&connection%5Blogin%5D=u&connection%5Bpassword%5D=p"
        );
        assert_eq!(
            describe.curl(),
            "curl -X POST -H 'Connection: close' -H 'Accept: */*' -H 'Accept-Language: en' -H 'Content-Type: application/x-www-form-urlencoded' --data-raw 'table=sales&connection%5Blogin%5D=u&connection%5Bpassword%5D=p' 'https://app.example:8443/bi/describe'"
        );
    }

    /// §2.2: a connector without settings sends no `connection` at all; the check's body is
    /// empty.
    #[test]
    fn no_settings_no_connection() {
        let connector = Connector::read(&doc(
            r#"{"urlCheck": "https://a.example/c", "urlTableList": "https://a.example/t", "settings": []}"#,
        ))
        .unwrap();
        let all = portal_requests(&connector, None, &Ask::default()).unwrap();
        assert_eq!(all[0].body, "");
        assert_eq!(
            all[0].headers.last().unwrap(),
            &("Content-Length".to_string(), "0".to_string())
        );
        assert_eq!(all[1].body, "searchString=");
    }

    /// A definition as an envelope, a request body or bare `fields`; settings likewise, or the
    /// settings object itself.
    #[test]
    fn definitions_and_settings_are_read_in_every_shape() {
        let bare = r#"{"urlCheck": "https://a.example/c", "settings": [{"code": "k"}]}"#;
        for connector in [
            bare.to_string(),
            format!(r#"{{"fields": {bare}}}"#),
            format!(r#"{{"method": "biconnector.connector.add", "params": {{"fields": {bare}}}}}"#),
        ] {
            let c = Connector::read(&doc(&connector)).unwrap();
            assert_eq!(c.codes, ["k"], "{connector}");
            assert_eq!(c.url(Endpoint::UrlCheck), Some("https://a.example/c"));
        }
        let settings = r#"{"k": "v"}"#;
        for source in [
            settings.to_string(),
            format!(r#"{{"settings": {settings}}}"#),
            format!(r#"{{"fields": {{"settings": {settings}}}}}"#),
            format!(
                r#"{{"method": "biconnector.source.add", "params": {{"fields": {{"settings": {settings}}}}}}}"#
            ),
        ] {
            let root = doc(&source);
            let got = source_settings(&root);
            assert_eq!(
                got.get("k").map(|(_, m)| m.value.as_str()),
                Some(Some("v")),
                "{source}"
            );
        }
        assert!(Connector::read(&doc("[1]")).is_err());
    }

    #[test]
    fn a_url_the_portal_cannot_call_is_named() {
        let connector =
            Connector::read(&doc(r#"{"urlCheck": "/relative/check", "settings": []}"#)).unwrap();
        let err = portal_requests(&connector, None, &Ask::default()).unwrap_err();
        assert_eq!(
            err,
            "`urlCheck` is not a URL the portal can call: relative URL without a base"
        );
        let connector =
            Connector::read(&doc(r#"{"urlCheck": "ftp://a.example/c", "settings": []}"#)).unwrap();
        assert_eq!(
            portal_requests(&connector, None, &Ask::default()).unwrap_err(),
            "`urlCheck` is not an http or https URL: the portal calls no other"
        );
    }
}
