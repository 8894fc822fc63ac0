//! Applying the fixes attached to diagnostics: edits to the original bytes, nothing else.

use crate::diag::{Applicability, Diagnostic, Report};
use crate::json::{Member, Node, Value};
use crate::spec::methods::{InputMode, InputShape};
use crate::spec::Code;
use std::collections::HashMap;

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
    // Accepted edits by start. They never overlap one another, so the one with the greatest
    // start before an edit's end is the only one that can overlap it: each fix costs a
    // lookup, however many came before.
    let mut taken: std::collections::BTreeMap<usize, usize> = Default::default();
    let overlaps = |taken: &std::collections::BTreeMap<usize, usize>, start: usize, end: usize| {
        // An empty edit (an insertion) still claims the byte at its place.
        taken
            .range(..end.max(start + 1))
            .next_back()
            .is_some_and(|(_, &taken_end)| start < taken_end)
    };
    for fix in report.diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
        if fix.applicability == Applicability::Unsafe && !unsafe_fixes {
            continue;
        }
        let clash = fix
            .edits
            .iter()
            .any(|e| overlaps(&taken, e.span.start, e.span.end));
        if clash || fix.edits.iter().any(|e| e.span.end > text.len()) {
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
    // The shape the file was checked as holds for every pass: a fix that removes a key must
    // not turn a request body into a bare definition half-way through.
    let mut options = linter.options().clone();
    options.input = match report.input {
        InputShape::Request => InputMode::Request,
        InputShape::Fields => InputMode::Fields,
    };
    let linter = crate::Linter::new(options);
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

/// Keeps a key rename only where it cannot change which value the portal reads: it must not
/// land on a key the object already has or that an earlier fix renames a key to (two keys
/// would merge and one value would be lost), and the renamed key must not be repeated (the
/// portal reads the last occurrence; renaming one of them brings a dropped value back).
/// Other fixes are kept. Runs over the diagnostics in the order [`apply`] takes them.
pub(crate) fn keep_faithful_renames(root: &Node, diagnostics: &mut [Diagnostic]) {
    if diagnostics.iter().all(|d| d.fix.is_none()) {
        return;
    }
    // Every object member by the start of its key.
    let mut objects: Vec<&[Member]> = Vec::new();
    let mut by_key: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Object(members) => {
                for (i, m) in members.iter().enumerate() {
                    by_key.insert(m.key_span.start, (objects.len(), i));
                    stack.push(&m.value);
                }
                objects.push(members);
            }
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    // How often each key occurs, per object, built when a rename in it is first looked at.
    let mut counts: HashMap<usize, HashMap<&str, usize>> = HashMap::new();
    let mut claimed: HashMap<usize, Vec<String>> = HashMap::new();
    for d in diagnostics.iter_mut() {
        let Some(fix) = &d.fix else { continue };
        let mut claims: Vec<(usize, String)> = Vec::new();
        let mut refused = None;
        for e in &fix.edits {
            let Some(&(o, i)) = by_key.get(&e.span.start) else {
                continue;
            };
            let member = &objects[o][i];
            let Ok(new) = serde_json::from_str::<String>(&e.replacement) else {
                continue;
            };
            if member.key_span != e.span || new == member.key {
                continue;
            }
            let count = counts.entry(o).or_insert_with(|| {
                let mut c = HashMap::new();
                for m in objects[o] {
                    *c.entry(m.key.as_str()).or_insert(0) += 1;
                }
                c
            });
            let taken = |name: &str| {
                claimed.get(&o).is_some_and(|c| c.iter().any(|k| k == name))
                    || claims.iter().any(|(co, k)| *co == o && k == name)
            };
            if count.get(member.key.as_str()).copied().unwrap_or(0) > 1 {
                refused = Some(format!(
                    "`{}` is repeated: remove the copies the portal drops (all but the last), then fix",
                    member.key
                ));
                break;
            }
            if count.contains_key(new.as_str()) {
                refused = Some(format!(
                    "the object already has `{new}`: keep one of the two by hand"
                ));
                break;
            }
            if taken(&new) {
                refused = Some(format!(
                    "another key of this object is renamed to `{new}` too: keep one of them by hand"
                ));
                break;
            }
            claims.push((o, new));
        }
        match refused {
            None => {
                for (o, name) in claims {
                    claimed.entry(o).or_default().push(name);
                }
            }
            Some(why) => {
                d.fix = None;
                let note = format!("not fixed automatically: {why}");
                d.help = Some(match d.help.take() {
                    Some(h) => format!("{h}; {note}"),
                    None => note,
                });
            }
        }
    }
}

/// Lines that each keep their `\n`; only `\n` ends a line, as `patch` reads a file, so a
/// CR-only file is one line and CRLF lines keep their CR.
fn lines_of(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// A unified diff (`--- a/NAME`, `+++ b/NAME`, hunks with three lines of context) that `patch`
/// and `git apply` accept for any line ending; empty when the texts are equal.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    use similar::{group_diff_ops, Algorithm, DiffTag};
    let (a, b) = (lines_of(old), lines_of(new));
    let ops = similar::capture_diff_slices(Algorithm::Myers, &a, &b);
    let groups = group_diff_ops(ops, 3);
    if groups.is_empty() {
        return String::new();
    }
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    let push = |out: &mut String, sign: char, line: &str| {
        out.push(sign);
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    };
    for group in groups {
        let (first, last) = (&group[0], &group[group.len() - 1]);
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            hunk_range(&old_range),
            hunk_range(&new_range)
        ));
        for op in &group {
            match op.tag() {
                DiffTag::Equal => a[op.old_range()]
                    .iter()
                    .for_each(|l| push(&mut out, ' ', l)),
                DiffTag::Delete => a[op.old_range()]
                    .iter()
                    .for_each(|l| push(&mut out, '-', l)),
                DiffTag::Insert => b[op.new_range()]
                    .iter()
                    .for_each(|l| push(&mut out, '+', l)),
                DiffTag::Replace => {
                    a[op.old_range()]
                        .iter()
                        .for_each(|l| push(&mut out, '-', l));
                    b[op.new_range()]
                        .iter()
                        .for_each(|l| push(&mut out, '+', l));
                }
            }
        }
    }
    out
}

/// `start,count` of a hunk, 1-based; an empty range names the line before it, as diff does.
fn hunk_range(r: &std::ops::Range<usize>) -> String {
    match r.len() {
        0 => format!("{},0", r.start),
        1 => format!("{}", r.start + 1),
        n => format!("{},{n}", r.start + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Edit, Fix};
    use crate::span::Span;
    use crate::spec::{Code, Severity};

    /// A finding whose fix makes the given edits, each `(span start, span end, replacement)`.
    fn finding(edits: &[(usize, usize, &str)]) -> Diagnostic {
        Diagnostic {
            code: Code::PARAM_CASE,
            severity: Severity::Error,
            message: String::new(),
            span: Span::new(0, 0),
            label: None,
            pointer: String::new(),
            labels: Vec::new(),
            help: None,
            server_answer: false,
            fix: Some(Fix {
                title: "t".to_string(),
                applicability: Applicability::Safe,
                edits: edits
                    .iter()
                    .map(|&(start, end, r)| Edit {
                        span: Span::new(start, end),
                        replacement: r.to_string(),
                    })
                    .collect(),
            }),
        }
    }

    fn kept(text: &str, edits: &[(usize, usize, &str)]) -> bool {
        let root = crate::json::parse(text.as_bytes()).unwrap().root;
        let mut d = [finding(edits)];
        keep_faithful_renames(&root, &mut d);
        d[0].fix.is_some()
    }

    fn at(text: &str, token: &str) -> (usize, usize) {
        let start = text.find(token).unwrap();
        (start, start + token.len())
    }

    /// The edits `apply` keeps, found the slow way: each against every one kept before.
    fn kept_naively(edits: &[(usize, usize)]) -> Vec<(usize, usize)> {
        let mut kept: Vec<(usize, usize)> = Vec::new();
        for &(start, end) in edits {
            if !kept
                .iter()
                .any(|&(s, e)| start < e && s < end.max(start + 1))
            {
                kept.push((start, end));
            }
        }
        kept
    }

    #[test]
    fn overlap_lookup_agrees_with_comparing_every_pair() {
        let text = vec![b'a'; 64];
        let mut seed = 0x2545_f491_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        for _ in 0..2000 {
            let edits: Vec<(usize, usize)> = (0..1 + next(12))
                .map(|_| {
                    let start = next(60);
                    (start, start + next(4))
                })
                .collect();
            let report = Report {
                method: Default::default(),
                target: Default::default(),
                input: InputShape::Request,
                via: Default::default(),
                diagnostics: edits
                    .iter()
                    .map(|&(s, e)| finding(&[(s, e, "X")]))
                    .collect(),
                answer: crate::diag::Answer::Accepted,
                assumptions: Vec::new(),
            };
            let (got, _) = apply(&text, &report, false).unwrap();
            let mut kept = kept_naively(&edits);
            kept.sort();
            let mut want = Vec::new();
            let mut at = 0;
            for (s, e) in kept {
                want.extend_from_slice(&text[at..s]);
                want.push(b'X');
                at = e;
            }
            want.extend_from_slice(&text[at..]);
            assert_eq!(got, want, "{edits:?}");
        }
    }

    #[test]
    fn objects_inside_lists_are_guarded_too() {
        let text = r#"[{"extrnalCode": "a", "extrnalCode": "b"}]"#;
        let (s, e) = at(text, "\"extrnalCode\"");
        assert!(!kept(text, &[(s, e, "\"externalCode\"")]));
        let single = r#"[{"extrnalCode": "a"}]"#;
        let (s, e) = at(single, "\"extrnalCode\"");
        assert!(kept(single, &[(s, e, "\"externalCode\"")]));
    }

    #[test]
    fn only_an_edit_of_exactly_a_key_is_a_rename() {
        // An edit that starts at a repeated key but covers more is not a rename of it.
        let text = r#"{"a": 1, "a": 2}"#;
        let (s, _) = at(text, "\"a\"");
        assert!(kept(text, &[(s, s + 8, "\"x\"")]));
        // Writing a key as it is renames nothing.
        let single = r#"{"a": 1, "b": 2}"#;
        let (s, e) = at(single, "\"a\"");
        assert!(kept(single, &[(s, e, "\"a\"")]));
    }

    #[test]
    fn two_edits_of_one_fix_may_not_claim_the_same_name() {
        let text = r#"{"NAME": 1, "Name": 2}"#;
        let (s1, e1) = at(text, "\"NAME\"");
        let (s2, e2) = at(text, "\"Name\"");
        assert!(!kept(text, &[(s1, e1, "\"name\""), (s2, e2, "\"name\"")]));
        assert!(kept(text, &[(s1, e1, "\"name\""), (s2, e2, "\"title\"")]));
    }

    #[test]
    fn a_later_fix_may_not_claim_a_name_an_earlier_one_took() {
        let text = r#"{"NAME": 1, "Name": 2}"#;
        let root = crate::json::parse(text.as_bytes()).unwrap().root;
        let (s1, e1) = at(text, "\"NAME\"");
        let (s2, e2) = at(text, "\"Name\"");
        let mut d = [
            finding(&[(s1, e1, "\"name\"")]),
            finding(&[(s2, e2, "\"name\"")]),
        ];
        keep_faithful_renames(&root, &mut d);
        assert!(d[0].fix.is_some());
        assert!(d[1].fix.is_none());
        assert_eq!(
            d[1].help.as_deref(),
            Some("not fixed automatically: another key of this object is renamed to `name` too: keep one of them by hand")
        );
    }
}
