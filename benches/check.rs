//! Library speed: one typical 2–3 KB connector definition, an invalid one, large bodies, a
//! table definition and a dataset with thousands of columns.
//! `cargo bench` (divan) reports time per call.

use b24lint::{Linter, Method, Options};

fn main() {
    divan::main();
}

const TYPICAL: &str = include_str!("../fixtures/valid/png_logo_data_uri.json");
const INVALID: &str = include_str!("../fixtures/examples/broken.json");
const LIST: &str = r#"{"select":["id","title","dateCreate"],"filter":{">=id":5,"%title":"Склад","0":{"logic":"OR","@id":[1,2,3]}},"order":{"id":"DESC"},"page":2}"#;

#[divan::bench]
fn typical_2kb(b: divan::Bencher) {
    let linter = Linter::new(Options::default());
    b.bench(|| linter.check(divan::black_box(TYPICAL.as_bytes())));
}

#[divan::bench]
fn invalid(b: divan::Bencher) {
    let linter = Linter::new(Options::default());
    b.bench(|| linter.check(divan::black_box(INVALID.as_bytes())));
}

#[divan::bench]
fn list_request(b: divan::Bencher) {
    let linter = Linter::new(Options {
        method: Method::ConnectorList,
        ..Options::default()
    });
    b.bench(|| linter.check(divan::black_box(LIST.as_bytes())));
}

/// A 5 MB body: the logo of the typical file blown up with base64 data.
#[divan::bench(sample_count = 20)]
fn large_5mb_logo(b: divan::Bencher) {
    let payload = "iVBORw0KGgoA".to_string() + &"AAAA".repeat(5_000_000 / 4);
    let body = format!(
        r#"{{"fields":{{"title":"T","logo":"data:image/png;base64,{payload}","urlCheck":"https://x.example/c","urlData":"https://x.example/d","urlTableList":"https://x.example/l","urlTableDescription":"https://x.example/td","settings":[]}}}}"#
    );
    let linter = Linter::new(Options::default());
    b.counter(divan::counter::BytesCount::new(body.len()))
        .bench(|| linter.check(divan::black_box(body.as_bytes())));
}

/// 20,000 settings items.
#[divan::bench(sample_count = 20)]
fn many_settings(b: divan::Bencher) {
    let items: Vec<String> = (0..20_000)
        .map(|i| format!(r#"{{"name":"Параметр {i}","code":"param_{i}","type":"STRING"}}"#))
        .collect();
    let body = format!(
        r#"{{"fields":{{"title":"T","logo":"https://x.example/l.png","urlCheck":"https://x.example/c","urlData":"https://x.example/d","urlTableList":"https://x.example/l","urlTableDescription":"https://x.example/td","settings":[{}]}}}}"#,
        items.join(",")
    );
    let linter = Linter::new(Options::default());
    b.counter(divan::counter::BytesCount::new(body.len()))
        .bench(|| linter.check(divan::black_box(body.as_bytes())));
}

const TABLE_ADD: &str = include_str!("../fixtures/examples/stock_table.json");

#[divan::bench]
fn table_add(b: divan::Bencher) {
    let linter = Linter::new(Options::default());
    b.bench(|| linter.check(divan::black_box(TABLE_ADD.as_bytes())));
}

/// A dataset with 5,000 columns, each checked by name, type and duplicate code.
#[divan::bench(sample_count = 20)]
fn many_columns(b: divan::Bencher) {
    let columns: Vec<String> = (0..5_000)
        .map(|i| format!(r#"{{"name":"COLUMN_{i}","externalCode":"column_{i}","type":"string"}}"#))
        .collect();
    let body = format!(
        r#"{{"fields":{{"sourceId":1,"name":"wide","externalName":"Wide","externalCode":"wide","fields":[{}]}}}}"#,
        columns.join(",")
    );
    let linter = Linter::new(Options {
        method: Method::DatasetAdd,
        ..Options::default()
    });
    b.counter(divan::counter::BytesCount::new(body.len()))
        .bench(|| linter.check(divan::black_box(body.as_bytes())));
}
