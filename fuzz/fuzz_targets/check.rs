//! Any bytes, checked as any method and rendered in one of the output formats under a possibly
//! hostile file name: nothing may panic, overflow or hang.
//!
//! Input layout (missing bytes take the first choice):
//! - byte 0: the method, `Method::ALL[b % len]`;
//! - byte 1: the renderer, `b % 6`: human without color, human with color, json, sarif,
//!   github, server; for human the terminal width is `40 + (b / 6) * 5` (the command never
//!   uses less than 40 columns);
//! - byte 2: the file name: `b & 7` bytes follow (none: `f.json`), read as lossy UTF-8 so
//!   control characters, newlines and escapes reach the renderers; bit 3 appends `.json`;
//! - the rest: the text checked.
#![no_main]

use b24lint::render::{self, Checked, Outcome};
use b24lint::{Linter, Method, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (method, data) = match data.split_first() {
        Some((m, rest)) => (Method::ALL[*m as usize % Method::ALL.len()], rest),
        None => (Method::ConnectorAdd, data),
    };
    let (renderer, data) = match data.split_first() {
        Some((r, rest)) => (*r, rest),
        None => (0, data),
    };
    let (path, text) = match data.split_first() {
        Some((p, rest)) => {
            let len = usize::from(p & 7).min(rest.len());
            let (name, text) = rest.split_at(len);
            let mut path = if len == 0 {
                "f.json".to_owned()
            } else {
                String::from_utf8_lossy(name).into_owned()
            };
            if p & 8 != 0 {
                path.push_str(".json");
            }
            (path, text)
        }
        None => ("f.json".to_owned(), data),
    };
    let linter = Linter::new(Options {
        method,
        ..Options::default()
    });
    let report = linter.check(text);
    let files = [Checked {
        path: &path,
        outcome: Outcome::Report {
            report: &report,
            text,
        },
    }];
    let human = |color| render::human::Style {
        color,
        width: 40 + usize::from(renderer / 6) * 5,
    };
    let _ = match renderer % 6 {
        0 => render::human::render(&files, human(false)),
        1 => render::human::render(&files, human(true)),
        2 => render::json::render(&files),
        3 => render::sarif::render(&files),
        4 => render::github::render(&files),
        _ => render::server::render(&files),
    };
});
