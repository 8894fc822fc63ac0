//! The human layout from the library alone: the same inputs as the command's snapshots
//! (`tests/snapshots/human-*.txt` at the workspace root), rendered without the command, must
//! give the same text. The command adds nothing of its own to a report, and a change to the
//! layout shows here first.

use b24lint::render::{self, Checked, Outcome};
use b24lint::{Linter, Options, Report};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// The snapshot's inputs in the order a walk of their directory takes them.
fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "broken.json",
            std::fs::read(root().join("fixtures/examples/broken.json")).unwrap(),
        ),
        (
            "cleartext.json",
            std::fs::read(root().join("fixtures/layout/cleartext.json")).unwrap(),
        ),
        (
            "logo.json",
            std::fs::read(root().join("fixtures/lints/logo-svg/docs_example_xmsns_typo.json"))
                .unwrap(),
        ),
    ]
}

fn layout(width: usize) -> String {
    let inputs = inputs();
    let linter = Linter::new(Options::default());
    let reports: Vec<Report> = inputs.iter().map(|(_, t)| linter.check(t)).collect();
    let files: Vec<Checked<'_>> = inputs
        .iter()
        .zip(&reports)
        .map(|((name, text), report)| Checked {
            path: name,
            outcome: Outcome::Report { report, text },
        })
        .collect();
    render::human::render(
        &files,
        render::human::Style {
            color: false,
            width,
            verbose: false,
        },
    )
}

#[test]
fn the_library_lays_out_what_the_command_prints() {
    for width in [80, 120] {
        let want =
            std::fs::read_to_string(root().join(format!("tests/snapshots/human-{width}.txt")))
                .unwrap();
        let got = layout(width);
        assert!(got == want, "at {width}:\n{got}");
    }
}
