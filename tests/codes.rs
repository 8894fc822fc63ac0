//! Tidy checks over the code table: every code is documented in the README and reported by
//! exactly one kind of check; no check reports a code the table lacks.

use b24lint::spec::codes::TABLE;
use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn check_sources() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/checks");
    let mut all = String::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        all.push_str(&std::fs::read_to_string(e.path()).unwrap());
    }
    all
}

#[test]
fn every_code_is_in_the_readme_table() {
    let readme = read("README.md");
    for row in TABLE {
        assert!(
            readme.contains(&format!(
                "| `{}` | {} |",
                row.name,
                serde_json::to_value(row.origin).unwrap().as_str().unwrap()
            )),
            "README's code table lacks {}",
            row.name
        );
    }
}

#[test]
fn every_code_but_access_denied_is_reported_by_a_check() {
    let sources = check_sources();
    for row in TABLE {
        let used = sources.contains(&format!("Code::{:?}", row.code));
        if row.name == "ACCESS_DENIED" {
            assert!(!used, "ACCESS_DENIED cannot be predicted offline");
        } else {
            assert!(used, "no check reports {}", row.name);
        }
    }
}
