//! Any bytes, checked as every method, rendered in every format, with fixes applied: nothing
//! may panic, overflow or hang.
#![no_main]

use b24lint::render::{self, Checked, Outcome};
use b24lint::{Linter, Method, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the method, so one corpus covers them all.
    let (method, text) = match data.split_first() {
        Some((m, rest)) => (Method::ALL[*m as usize % Method::ALL.len()], rest),
        None => (Method::ConnectorAdd, data),
    };
    let linter = Linter::new(Options {
        method,
        ..Options::default()
    });
    let report = linter.check(text);
    let files = [Checked {
        path: "f.json",
        outcome: Outcome::Report {
            report: &report,
            text,
        },
    }];
    let _ = render::human::render(
        &files,
        render::human::Style {
            color: false,
            width: 80,
        },
    );
    let _ = render::json::render(&files);
    let _ = render::sarif::render(&files);
    let _ = render::github::render(&files);
    let _ = render::server::render(&files);
    let _ = b24lint::fix::apply_all(&linter, text, &report, true);
});
