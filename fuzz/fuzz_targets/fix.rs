//! Any bytes, checked and fixed as `--fix` does: fixing names what it did, keeps valid JSON
//! valid, always comes to an end, and, when it ends within `apply_all`'s pass cap, leaves
//! nothing for a second `--fix` run.
//!
//! Input layout (missing bytes take the first choice):
//! - byte 0: the method, `Method::ALL[b % len]`;
//! - byte 1: bit 0 `--unsafe-fixes`; `(b >> 1) % 3` the input mode: auto, request, fields;
//! - the rest: the text checked and fixed.
//!
//! Why "within the pass cap": `apply_all` stops after 8 passes, and a pass can resolve as
//! little as one finding (e.g. only the first 50 unknown `fields` keys are reported, so with
//! 49 unknown keys ahead of 9 mis-cased field names each pass re-cases one of them). Such a
//! text needs a second run; the target checks that the passes come to an end instead.
#![no_main]

use b24lint::{InputMode, InputShape, Linter, Method, Options};
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;

/// `b24lint::fix::apply_all`'s pass cap (a larger cap keeps every assertion true).
const MAX_PASSES: usize = 8;
/// Passes after which a text that is still being fixed counts as never settling.
const SETTLE_BOUND: usize = 256;

fuzz_target!(|data: &[u8]| {
    let (method, data) = match data.split_first() {
        Some((m, rest)) => (Method::ALL[*m as usize % Method::ALL.len()], rest),
        None => (Method::ConnectorAdd, data),
    };
    let (flags, text) = match data.split_first() {
        Some((f, rest)) => (*f, rest),
        None => (0, data),
    };
    let unsafe_fixes = flags & 1 != 0;
    let input = match (flags >> 1) % 3 {
        0 => InputMode::Auto,
        1 => InputMode::Request,
        _ => InputMode::Fields,
    };
    let linter = Linter::new(Options {
        method,
        input,
        ..Options::default()
    });
    let report = linter.check(text);
    let Some((fixed, titles)) = b24lint::fix::apply_all(&linter, text, &report, unsafe_fixes)
    else {
        return;
    };
    assert!(!titles.is_empty(), "fixes applied without a title");
    if b24lint::json::parse(text).is_ok() {
        assert!(
            b24lint::json::parse(&fixed).is_ok(),
            "fixing made valid JSON invalid: {:?}",
            String::from_utf8_lossy(&fixed)
        );
    }

    // The same passes, one at a time and without the cap, in the shape the first check saw
    // (as `apply_all` keeps it): they must settle, and never come back to a text.
    let pinned = Linter::new(Options {
        input: match report.input {
            InputShape::Request => InputMode::Request,
            InputShape::Fields => InputMode::Fields,
        },
        ..linter.options().clone()
    });
    let mut current = text.to_vec();
    let mut pass_report = report;
    let mut seen = HashSet::from([text.to_vec()]);
    // The text after each pass from the cap on: where a capped `apply_all` may stop.
    let mut after_cap = Vec::new();
    let mut passes = 0;
    while let Some((next, _)) = b24lint::fix::apply(&current, &pass_report, unsafe_fixes) {
        passes += 1;
        assert!(
            seen.insert(next.clone()),
            "fixes cycle: pass {passes} gives an earlier text again: {:?}",
            String::from_utf8_lossy(&next)
        );
        assert!(
            passes <= SETTLE_BOUND,
            "fixes do not settle in {SETTLE_BOUND} passes"
        );
        current = next;
        if passes >= MAX_PASSES {
            after_cap.push(current.clone());
        }
        pass_report = pinned.check(&current);
    }
    if passes > MAX_PASSES {
        assert!(
            after_cap.contains(&fixed),
            "apply_all's text is none of the texts after {MAX_PASSES} or more passes of apply"
        );
        return;
    }
    assert!(
        current == fixed,
        "apply_all's text differs from {passes} passes of apply:\napply_all: {:?}\napply:     {:?}",
        String::from_utf8_lossy(&fixed),
        String::from_utf8_lossy(&current)
    );

    // Settled within the cap: a second `--fix` run (the shape inferred afresh, as the command
    // does) has nothing left to do.
    let again = linter.check(&fixed);
    if let Some((twice, more)) = b24lint::fix::apply_all(&linter, &fixed, &again, unsafe_fixes) {
        panic!(
            "fixed text still has fixes {more:?}:\nfixed: {:?}\nthen:  {:?}",
            String::from_utf8_lossy(&fixed),
            String::from_utf8_lossy(&twice)
        );
    }
});
