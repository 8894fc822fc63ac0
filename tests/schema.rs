//! The committed JSON Schema matches the field table, and agrees with the checker on the
//! example definitions.

use b24lint::spec::schema::connector_add_fields;
use b24lint::Target;
use serde_json::Value;
use std::path::Path;

const SCHEMA: &str = "schemas/biconnector.connector.add.fields.schema.json";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn generated() -> String {
    serde_json::to_string_pretty(&connector_add_fields(Target::Cloud)).unwrap() + "\n"
}

#[test]
fn committed_schema_is_up_to_date() {
    let path = root().join(SCHEMA);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated() && std::env::var_os("B24LINT_BLESS").is_some() {
        std::fs::write(&path, generated()).unwrap();
        return;
    }
    assert!(
        committed == generated(),
        "{SCHEMA} is stale: run `B24LINT_BLESS=1 cargo test --test schema` and commit it"
    );
}

fn fields_of(doc: &Value) -> &Value {
    doc.get("fields").unwrap_or(doc)
}

#[test]
fn valid_definitions_satisfy_the_schema_and_broken_ones_do_not() {
    let schema: Value = serde_json::from_str(&generated()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let dir = root().join("fixtures/valid");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let doc: Value = serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(fields_of(&doc))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", e.path().display());
        n += 1;
    }
    assert!(n >= 2);
    let broken: Value = serde_json::from_slice(
        &std::fs::read(root().join("fixtures/examples/broken.json")).unwrap(),
    )
    .unwrap();
    assert!(!validator.is_valid(fields_of(&broken)));
    for bad in [
        r#"{"title":"","logo":"L","urlCheck":"u","urlData":"u","urlTableList":"u","urlTableDescription":"u","settings":[]}"#,
        r#"{"id":1,"title":"T","logo":"L","urlCheck":"u","urlData":"u","urlTableList":"u","urlTableDescription":"u","settings":[]}"#,
        r#"{"title":"T","logo":"L","urlCheck":"u","urlData":"u","urlTableList":"u","urlTableDescription":"u","settings":[{"name":"n","code":"c","type":"string"}]}"#,
        r#"{"title":"T","logo":"L","urlCheck":"u","urlData":"u","urlTableList":"u","urlTableDescription":"u","settings":[],"sort":"abc"}"#,
    ] {
        let doc: Value = serde_json::from_str(bad).unwrap();
        assert!(!validator.is_valid(&doc), "{bad}");
    }
}
