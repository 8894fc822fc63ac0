//! Applying the fixes attached to diagnostics: edits to the original bytes, nothing else.

use crate::diag::{Applicability, Report};
use crate::spec::Code;

/// The fixed text and the titles of the fixes applied, or `None` when nothing applies. A file
/// with a syntax error is never touched; overlapping edits keep the first.
pub fn apply(text: &[u8], report: &Report, unsafe_fixes: bool) -> Option<(Vec<u8>, Vec<String>)> {
    if report
        .diagnostics
        .iter()
        .any(|d| d.code == Code::JSON_SYNTAX)
    {
        return None;
    }
    let mut chosen = Vec::new();
    let mut titles = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for fix in report.diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
        if fix.applicability == Applicability::Unsafe && !unsafe_fixes {
            continue;
        }
        let overlaps = fix.edits.iter().any(|e| {
            taken
                .iter()
                .any(|&(s, end)| e.span.start < end && s < e.span.end.max(e.span.start + 1))
        });
        if overlaps || fix.edits.iter().any(|e| e.span.end > text.len()) {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| (e.span.start, e.span.end)));
        chosen.extend(fix.edits.iter());
        titles.push(fix.title.clone());
    }
    if chosen.is_empty() {
        return None;
    }
    chosen.sort_by_key(|e| e.span.start);
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    for e in chosen {
        out.extend_from_slice(&text[at..e.span.start]);
        out.extend_from_slice(e.replacement.as_bytes());
        at = e.span.end;
    }
    out.extend_from_slice(&text[at..]);
    Some((out, titles))
}

/// Fixes until nothing more applies (a fix can make another finding visible, e.g. a settings
/// key re-cased so that its type is read), so one `--fix` run leaves nothing for the next.
pub fn apply_all(
    linter: &crate::Linter,
    text: &[u8],
    report: &Report,
    unsafe_fixes: bool,
) -> Option<(Vec<u8>, Vec<String>)> {
    /// Each pass resolves at least one finding; real files settle in two or three.
    const MAX_PASSES: usize = 8;
    let (mut current, mut titles) = apply(text, report, unsafe_fixes)?;
    for _ in 1..MAX_PASSES {
        let report = linter.check(&current);
        match apply(&current, &report, unsafe_fixes) {
            Some((next, more)) => {
                current = next;
                titles.extend(more);
            }
            None => break,
        }
    }
    Some((current, titles))
}
