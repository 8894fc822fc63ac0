//! Bad input never panics: arbitrary bytes and mutated real requests always give a report, and
//! every renderer copes with it, for every method.

use b24lint::render::{self, Checked, Outcome};
use b24lint::{Linter, Method, Options};
use proptest::prelude::*;

fn all_renderers(text: &[u8], method: Method) {
    let report = Linter::new(Options {
        method,
        ..Options::default()
    })
    .check(text);
    assert!(
        report
            .diagnostics
            .iter()
            .filter(|d| d.server_answer)
            .count()
            <= 1
    );
    for d in &report.diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.start <= text.len() + 1,
            "{d:?}"
        );
    }
    let files = [Checked {
        path: "x.json",
        outcome: Outcome::Report {
            report: &report,
            text,
        },
    }];
    let style = render::human::Style {
        color: false,
        width: 80,
        verbose: false,
    };
    let _ = render::human::render(&files, style);
    let _ = render::json::render(&files);
    let _ = render::server::render(&files);
    let _ = render::sarif::render(&files);
    let _ = render::github::render(&files);
    let _ = b24lint::fix::apply(text, &report, true);
}

const SEEDS: &[&str] = &[
    r#"{"fields":{"title":"Склад","logo":"data:image/svg+xml;base64,PHN2Zy8+","urlCheck":"https://x/c","urlData":"http://127.1/d","urlTableList":"https:x","urlTableDescription":"https://x/td","settings":[{"NAME":"n","code":"c c","type":"string"},{"name":[],"code":1e999,"type":"INT"}],"sort":"1.9","id":1}}"#,
    r#"{"method":"biconnector.connector.list","params":{"select":["id",5,[1]],"filter":{"logic":"or","@title":["a"],"0":{">=id":1}},"order":{"id":"up"},"start":5}}"#,
    r#"{"id":"1e3","fields":{"settings":{"a":{"name":"n"},"A":{"name":"x","code":"y","type":"STRING"}},"title":""}}"#,
    "BX24.callMethod('biconnector.connector.add', { fields: { title: 'it\\'s', logo: `data:image/svg+xml;base64,PHN2Zy8+`, sort: 0x10, settings: [{ name: \"\\u00e9\\uD83D\\uDE00\", code: 'c', type: 'STRING', },], }, }, (r) => r);",
    "<?php $r = CRest::call('biconnector.source.update', ['id' => 1, 'fields' => array('title' => \"T\\x41\\101\\u{e9}\", 'settings' => ['a' => TRUE, 5 => NULL, 'b'],),]); // done",
];

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        all_renderers(&bytes, Method::ConnectorAdd);
    }

    #[test]
    fn mutated_requests(seed in 0..SEEDS.len(), edits in proptest::collection::vec((any::<usize>(), any::<u8>(), 0u8..3), 1..8), method in 0..Method::ALL.len()) {
        let mut bytes = SEEDS[seed].as_bytes().to_vec();
        for (at, byte, op) in edits {
            let at = at % (bytes.len() + 1);
            match op {
                0 => bytes.insert(at, byte),
                1 if at < bytes.len() => { bytes.remove(at); }
                _ if at < bytes.len() => bytes[at] = byte,
                _ => {}
            }
        }
        all_renderers(&bytes, Method::ALL[method]);
    }

    #[test]
    fn literal_shaped_text(text in "[é😀\\[\\]{}()'\"`:,=>$\\\\ux0-9a-zA-Z_ .;/*#\n-]{0,200}") {
        all_renderers(text.as_bytes(), Method::ConnectorAdd);
        all_renderers(format!("BX24.callMethod('biconnector.connector.add', {text}").as_bytes(), Method::ConnectorAdd);
        all_renderers(format!("CRest::call('biconnector.source.add', [{text}").as_bytes(), Method::ConnectorAdd);
    }

    #[test]
    fn json_shaped_text(text in "[\\[\\]{}\":,0-9a-zA-Z_ \\\\u.eE+-]{0,200}") {
        for method in Method::ALL {
            all_renderers(text.as_bytes(), method);
        }
    }
}
