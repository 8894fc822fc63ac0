//! `--format human`: miette's graphical reports, one per finding, then a line per file with the
//! portal's predicted answer and a closing summary.
//!
//! miette counts columns in bytes and prints whole lines; the header here carries our own
//! `path:line:column` (columns in characters), and a finding on a very long line (a minified
//! file, a base64 logo) is shown through a window around it.
//!
//! Nothing from the input reaches the terminal as it is. The path, messages, labels, help, fix
//! titles and the predicted answer go through [`super::visible`]; the source shown in snippets
//! is escaped the same way except for what miette lays out itself (`\n`, `\t`, and `\r` right
//! before `\n`), so a raw ESC in a broken file or a lone CR cannot retitle, clear or overwrite
//! the terminal. Escaping makes the shown text longer than the bytes it stands for, so every
//! label is moved onto the escaped text and underlines the same characters as before.
//!
//! Each finding costs what it shows: miette gets only the lines around its labels (found through
//! the file's [`LineIndex`]), never the text before them, so thousands of findings in one file
//! render in time linear in their number.

use super::{is_hidden, plural, push_visible, visible, wrap, Checked, Outcome, Summary};
use crate::diag::{Answer, Applicability, Diagnostic, Report};
use crate::span::{LineIndex, Span};
use crate::spec::Severity;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::ops::Range;

/// What of a source line fits beside miette's gutter (` 123 │ `: the widest line number, a
/// space each side and the bar) at a width: lines longer than this are shown through a window
/// around the finding, and context lines are cut to it, so a snippet never wraps in the
/// terminal.
fn line_room(width: usize, lines: usize) -> usize {
    let gutter = lines.max(1).to_string().len() + 4;
    width.saturating_sub(gutter + MARGIN).max(MIN_ROOM)
}
/// Room kept for the `…` of a cut line.
const MARGIN: usize = 1;
/// A window narrower than this shows too little of a line to read the finding.
const MIN_ROOM: usize = 30;
/// Labels of one finding at most this many lines apart are shown with every line between them
/// (as miette shows them when it joins their contexts); labels farther apart are shown as
/// separate snippets, so a finding never drags thousands of lines along.
const NEAR: usize = 50;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Terminal width for wrapping.
    pub width: usize,
    /// A line for each file without findings too.
    pub verbose: bool,
}

pub fn render(files: &[Checked<'_>], style: Style) -> String {
    super::output::render(super::output::Format::Human(style), files)
}

/// Lays out files' reports in one style. Files lay out independently, so each thread of a run
/// keeps one and the parts are joined in input order.
pub struct Layout {
    handler: GraphicalReportHandler,
    style: Style,
}

impl Layout {
    pub fn new(style: Style) -> Layout {
        let theme = if style.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(style.width)
            .with_context_lines(1)
            .without_primary_span_start()
            .with_links(false);
        Layout { handler, style }
    }

    /// One file's reports and its answer line; nothing for a file that could not be read (the
    /// command names it on stderr, in every format).
    pub fn file(&self, f: &Checked<'_>) -> String {
        let mut out = String::new();
        if let Outcome::Report { report, text } = &f.outcome {
            file(&mut out, &self.handler, self.style, f.path, report, text);
        }
        out
    }
}

/// Findings drawn per file, the portal's answer aside.
const MAX_RENDERED: usize = 500;

/// The closing line of a run.
pub(crate) fn closing(s: &Summary) -> String {
    summary_line(s) + "\n"
}

fn file(
    out: &mut String,
    handler: &GraphicalReportHandler,
    style: Style,
    path: &str,
    report: &Report,
    text: &[u8],
) {
    let clean = report.diagnostics.is_empty() && report.answer.accepted();
    if clean && !style.verbose {
        return; // clean files stay quiet; the summary counts them
    }
    let index = LineIndex::new(text);
    let path = visible(path);
    if clean {
        let line = wrap(
            &format!("{path}: no findings; {}", answer_context(report)),
            style.width,
            "",
            "    ",
        );
        // The path starts the line, so wrapping leaves it whole there.
        out.push_str(&line.replacen(&*path, &paint(style, &path, BOLD), 1));
        assumptions(out, style, report);
        return;
    }
    let room = line_room(style.width, index.lines());
    let groups = groups(&report.diagnostics, |d| {
        index
            .line_range(index.line_of(d.span.start.min(text.len())))
            .len()
            <= room
    });
    let mut rendered = 0;
    for group in &groups {
        // Past a few hundred snippets nobody reads on; the answer is always shown.
        if rendered >= MAX_RENDERED && !group[0].server_answer {
            continue;
        }
        rendered += 1;
        let shown = Shown::new(&path, group, &index, text, style);
        // Rendering into a String cannot fail except through a broken Display impl.
        let _ = handler.render_report(out, &shown);
        out.push('\n');
    }
    if groups.len() > rendered {
        let hidden: usize = groups[rendered..].iter().map(Vec::len).sum();
        out.push_str(&format!(
            "{path}: {} more findings not shown here; --format json lists them all\n\n",
            hidden
        ));
    }
    answer_block(out, style, &path, report, &index, text);
}

/// The findings of a file as they are drawn: each on its own, except that findings of one
/// code and severity (not the portal's answer) are drawn as one block with a label each, at
/// the place of the first. Four `url-cleartext` findings are one block, not four. A finding on
/// a line too long to show whole (`fits` is false) keeps its own window, and a block holds at
/// most [`GROUP_MAX`] findings.
fn groups(diagnostics: &[Diagnostic], fits: impl Fn(&Diagnostic) -> bool) -> Vec<Vec<&Diagnostic>> {
    let mut out: Vec<Vec<&Diagnostic>> = Vec::new();
    let mut open: std::collections::BTreeMap<(crate::Code, Severity), usize> = Default::default();
    for d in diagnostics {
        let key = (d.code, d.severity);
        let joins = !d.server_answer && fits(d);
        match open.get(&key) {
            Some(&i) if joins && out[i].len() < GROUP_MAX => out[i].push(d),
            _ => {
                if joins {
                    open.insert(key, out.len());
                }
                out.push(vec![d]);
            }
        }
    }
    out
}

/// Findings drawn in one block at most: past this a block's header would be a page long.
const GROUP_MAX: usize = 20;
/// Distinct messages listed in a block's header; the rest are counted.
const MESSAGES_LISTED: usize = 5;

/// SGR parameters of the human report's own emphasis.
const BOLD: &str = "1";
const ANSWER_ERROR: &str = "1;31";
const ANSWER_ACCEPTED: &str = "1;32";
/// The `(the portal's answer)` mark beside a code: not the red every error code has.
const ANSWER_MARK: &str = "1;36";

/// `text` in an SGR style when colours are on. Only our own words and already escaped text
/// pass through here, so the escape is the only one that reaches the terminal.
fn paint(style: Style, text: &str, sgr: &str) -> String {
    if style.color {
        format!("\x1b[{sgr}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// The close of a file's block: its counts, the portal's answer on a short line of its own
/// (coloured: red for an error, green when accepted), then what the answer is for and what it
/// takes for granted, each wrapped to the width.
fn answer_block(
    out: &mut String,
    style: Style,
    path: &str,
    report: &Report,
    index: &LineIndex,
    text: &[u8],
) {
    let counts = match (report.errors(), report.warnings()) {
        (0, 0) => "no findings".to_string(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    };
    out.push_str(&format!("{}: {counts}\n", paint(style, path, BOLD)));
    let at = report.server_answer().map(|d| {
        let at = index.locate(text, d.span.start);
        format!(" ({}:{})", at.line, at.column)
    });
    // The answer quotes the portal's message, which may quote a hostile key.
    let (head, sgr, rest) = match &report.answer {
        Answer::Accepted => ("accepted".to_string(), ANSWER_ACCEPTED, String::new()),
        Answer::Error { code, message } => {
            let wire = match code.wire() {
                serde_json::Value::String(w) if w == code.name() => String::new(),
                w => format!(" (error {w})"),
            };
            let rest = format!("{wire}{} {}", at.unwrap_or_default(), visible(message));
            (code.name().to_string(), ANSWER_ERROR, rest)
        }
        Answer::Root {
            error, description, ..
        } => (
            visible(error).into_owned(),
            ANSWER_ERROR,
            format!("{} {}", at.unwrap_or_default(), visible(description)),
        ),
        Answer::Crash => (
            "crash".to_string(),
            ANSWER_ERROR,
            ": a PHP TypeError, no JSON body".to_string(),
        ),
    };
    let line = wrap(&format!("answer: {head}{rest}"), style.width, "  ", "    ");
    // The head is one word, so wrapping leaves it whole on the first line.
    out.push_str(&line.replacen(&head, &paint(style, &head, sgr), 1));
    out.push_str(&wrap(&answer_context(report), style.width, "  ", "    "));
    assumptions(out, style, report);
    out.push('\n');
}

/// What the prediction takes for granted about this file, a wrapped line each. Every report
/// begins with the caller, the permissions and the transport: the answer's line says the
/// first and the last briefly, `--format json` lists all three; shown here are the file's own.
fn assumptions(out: &mut String, style: Style, report: &Report) {
    for a in report
        .assumptions
        .iter()
        .skip(crate::checks::FIRST_ASSUMPTIONS)
    {
        out.push_str(&wrap(
            &format!("assuming: {}", visible(a)),
            style.width,
            "  ",
            "    ",
        ));
    }
}

/// What the answer is for: `HTTP 200 from biconnector.connector.add on 26.250 (app call, JSON
/// body)`. A method the
/// envelope names but the portal lacks never reaches a method: the REST server answers.
fn answer_context(report: &Report) -> String {
    let unknown_method = report
        .server_answer()
        .is_some_and(|d| d.code == crate::Code::ERROR_METHOD_NOT_FOUND && d.pointer == "/method");
    if unknown_method {
        return format!(
            "HTTP {} from the REST server on {}: the envelope's method does not exist",
            report.answer.http(),
            visible(&report.target.to_string()),
        );
    }
    format!(
        "HTTP {} from {} on {} ({})",
        report.answer.http(),
        visible(report.method.name()),
        visible(&report.target.to_string()),
        report.via.words(),
    )
}

fn summary_line(s: &Summary) -> String {
    let mut parts = vec![plural(s.errors, "error"), plural(s.warnings, "warning")];
    if s.unreadable > 0 {
        parts.push(format!("{} not readable", plural(s.unreadable, "file")));
    }
    let mut line = format!("Checked {}: {}.", plural(s.files, "file"), parts.join(", "));
    match (s.fixable, s.unsafe_fixable) {
        (0, 0) => {}
        (0, u) => line.push_str(&format!("\n{u} fixable with `--fix --unsafe-fixes`.")),
        (f, 0) => line.push_str(&format!("\n{f} fixable with `--fix`.")),
        (f, u) => line.push_str(&format!(
            "\n{f} fixable with `--fix` ({u} more with `--fix --unsafe-fixes`)."
        )),
    }
    if s.skipped > 0 {
        line.push_str(&format!(
            "\n{} skipped: not BIConnector requests.",
            plural(s.skipped, "JSON file")
        ));
    }
    line
}

/// One block prepared for miette: a finding, or several of one code (see [`groups`]), with
/// escaped texts, header name with character columns, and the escaped source around its
/// labels.
struct Shown {
    severity: Severity,
    message: String,
    code: String,
    help: Option<String>,
    source: Snippet,
    labels: Vec<LabeledSpan>,
}

impl Shown {
    /// `path` is already escaped; `group` is not empty.
    fn new(
        path: &str,
        group: &[&Diagnostic],
        index: &LineIndex,
        text: &[u8],
        style: Style,
    ) -> Self {
        let d = group[0];
        let at = index.locate(text, d.span.start);
        let name = format!("{path}:{}:{}", at.line, at.column);
        let code = if d.server_answer {
            let mark = "(the portal's answer)";
            if style.color {
                // miette paints the code in the severity's colour; the mark gets its own, so
                // the answer stands out among the other errors.
                format!("{}\x1b[0m \x1b[{ANSWER_MARK}m{mark}", d.code)
            } else {
                format!("{} {mark}", d.code)
            }
        } else {
            d.code.to_string()
        };
        // Each finding's primary span, then its secondary ones, in the order they are
        // labelled; the first finding's primary span is the block's. Labels of a group at one
        // place are one label, the first's text with a count of the others: miette would fan
        // them out over the characters after it, under the wrong text (each missing field at
        // one `{`). A secondary label said there already (each duplicate pointing at the first
        // occurrence) is not counted again.
        let mut places: Vec<(Span, Vec<Option<&str>>)> = Vec::new();
        for d in group {
            let primary = std::iter::once((drawn(d.span, text), d.label.as_deref(), true));
            let secondary = d
                .labels
                .iter()
                .map(|l| (l.span, Some(l.text.as_str()), false));
            for (span, label, is_primary) in primary.chain(secondary) {
                match places.iter_mut().find(|(s, _)| *s == span) {
                    Some((_, texts)) if !is_primary && texts.contains(&label) => {}
                    Some((_, texts)) => texts.push(label),
                    None => places.push((span, vec![label])),
                }
            }
        }
        let spans: Vec<Span> = places.iter().map(|(s, _)| *s).collect();
        let label_texts: Vec<Option<String>> = places
            .iter()
            .map(|(_, texts)| {
                let more = texts.len() - 1;
                texts[0].map(|t| match more {
                    0 => t.to_string(),
                    n => format!("{t} (+{n} more here)"),
                })
            })
            .collect();
        let parts = parts(
            text,
            index,
            d.span.start,
            &spans,
            line_room(style.width, index.lines()),
        );
        let mut source = Placed::new(name, text, &parts);
        let mut labels = Vec::new();
        for (i, (span, label)) in spans.iter().zip(label_texts).enumerate() {
            if let Some(s) = source.place(*span) {
                // A label far from the finding gets a snippet of its own, headed by where that
                // label is.
                let at = index.locate(text, span.start);
                let head = format!("{path}:{}:{}", at.line, at.column);
                if i == 0 {
                    source.snippet.primary = Some((s.offset(), s.offset() + s.len()));
                }
                source.snippet.heads.push((s.offset(), head));
                let label = label.map(|t| visible(&t).into_owned());
                labels.push(if i == 0 {
                    LabeledSpan::new_primary_with_span(label, s)
                } else {
                    LabeledSpan::new_with_span(label, s)
                });
            }
        }
        // Each part is escaped on its own: the line breaks between messages, helps and fixes
        // are ours. A group says each distinct thing once.
        let mut messages: Vec<String> = Vec::new();
        let mut helps: Vec<String> = Vec::new();
        for d in group {
            let message = visible(&d.message).into_owned();
            if !messages.contains(&message) {
                messages.push(message);
            }
            if let Some(h) = &d.help {
                let h = visible(h).into_owned();
                if !helps.contains(&h) {
                    helps.push(h);
                }
            }
        }
        for d in group {
            let Some(f) = &d.fix else { continue };
            let title = visible(&f.title);
            let fix = match f.applicability {
                Applicability::Safe => format!("fix: {title} (b24lint check --fix)"),
                Applicability::Unsafe => {
                    format!("fix: {title} (b24lint check --fix --unsafe-fixes)")
                }
            };
            if !helps.contains(&fix) {
                helps.push(fix);
            }
        }
        if messages.len() > MESSAGES_LISTED {
            let more = messages.len() - MESSAGES_LISTED;
            messages.truncate(MESSAGES_LISTED);
            messages.push(format!("… and {more} more like these"));
        }
        Shown {
            severity: d.severity,
            message: messages.join("\n"),
            code,
            help: (!helps.is_empty()).then(|| helps.join("\n")),
            source: source.snippet,
            labels,
        }
    }
}

/// Whether a byte continues a UTF-8 character.
fn continues(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Length of the first shown unit of `bytes` (not empty): a character, or an invalid sequence
/// that the lossy conversion turns into one U+FFFD.
fn first_unit_len(bytes: &[u8]) -> usize {
    // A character is at most four bytes: decoding more would only cost time.
    let head = &bytes[..bytes.len().min(4)];
    match head.utf8_chunks().next() {
        Some(chunk) => match chunk.valid().chars().next() {
            Some(c) => c.len_utf8(),
            None => chunk.invalid().len().max(1),
        },
        None => 1,
    }
}

/// The unit holding byte `at` (`at < text.len()`): it starts at most three bytes earlier.
fn unit_at(text: &[u8], at: usize) -> Span {
    for from in at.saturating_sub(3)..at {
        let len = first_unit_len(&text[from..]);
        if from + len > at {
            return Span::new(from, from + len);
        }
    }
    Span::new(at, at + first_unit_len(&text[at..]))
}

/// miette draws nothing for an empty span; show the character at (or, at the end of the
/// text, before) the position instead.
fn drawn(span: Span, text: &[u8]) -> Span {
    if !span.is_empty() || text.is_empty() {
        return span;
    }
    let at = span.start.min(text.len());
    unit_at(text, if at < text.len() { at } else { at - 1 })
}

/// `i` moved back to the start of the character it falls in, but not before `floor`. An invalid
/// run of continuation bytes stops the walk after three bytes, so it stays constant-time.
fn char_floor(text: &[u8], mut i: usize, floor: usize) -> usize {
    let mut steps = 0;
    while i > floor && i < text.len() && continues(text[i]) && steps < 3 {
        i -= 1;
        steps += 1;
    }
    i
}

/// A run of the raw text that is shown: whole lines, or a window into one very long line.
#[derive(Debug, Clone)]
struct Part {
    range: Range<usize>,
    /// 0-based line of its first byte.
    first_line: usize,
    /// The ends of long lines no label touches, shown as `…`: a context line of a minified
    /// logo would otherwise run across the terminal hundreds of times.
    elided: Vec<Range<usize>>,
}

/// What is shown for a finding at byte `at` whose labels cover `spans`.
fn parts(text: &[u8], index: &LineIndex, at: usize, spans: &[Span], room: usize) -> Vec<Part> {
    let at = at.min(text.len());
    let line = index.line_of(at);
    let full = index.line_range(line);
    if full.len() > room {
        // The CR of a CRLF ending is part of the line break, never of a window.
        let mut end = full.end;
        if end > full.start && end < text.len() && text[end - 1] == b'\r' {
            end -= 1;
        }
        let start = char_floor(text, at, full.start);
        // A third of the window before the finding, so what leads up to it shows too.
        let from = char_floor(
            text,
            start.saturating_sub(room / 3).max(full.start),
            full.start,
        );
        let to = char_floor(text, (from + room).min(end).max(from), from);
        // What is cut on either side is shown as `…`, so a window never passes for the line.
        let mut elided = Vec::new();
        if from > full.start {
            elided.push(full.start..from);
        }
        if to < end {
            elided.push(to..end);
        }
        return vec![Part {
            range: full.start..end,
            first_line: line,
            elided,
        }];
    }
    // Every label's lines with one line of context each side (and one more after: miette reads
    // two lines past a span that ends in a line break), joined when they are near each other.
    let last = index.lines() - 1;
    let mut runs: Vec<(usize, usize)> = spans
        .iter()
        .map(|s| {
            let first = index.line_of(s.start);
            let end = if s.end > s.start {
                index.line_of(s.end - 1)
            } else {
                first
            };
            (first.saturating_sub(1), (end.max(first) + 2).min(last))
        })
        .collect();
    runs.sort_unstable();
    let mut joined: Vec<(usize, usize)> = Vec::with_capacity(runs.len());
    for (a, b) in runs {
        match joined.last_mut() {
            Some(run) if a <= run.1 + NEAR => run.1 = run.1.max(b),
            _ => joined.push((a, b)),
        }
    }
    joined
        .into_iter()
        .map(|(a, b)| Part {
            // Through the last line's `\n`, as miette would read it from the whole text.
            range: index.line_range(a).start..(index.line_range(b).end + 1).min(text.len()),
            first_line: a,
            elided: (a..=b)
                .filter_map(|l| elided(text, index.line_range(l), spans, room))
                .collect(),
        })
        .collect()
}

/// The end of a long line that no label touches, past the first `room` bytes (at a
/// character's start), up to its line break.
fn elided(text: &[u8], line: Range<usize>, spans: &[Span], room: usize) -> Option<Range<usize>> {
    // A line a label starts or ends on keeps its text; one a multi-line label only passes
    // through (a whole pasted array, say) is cut like any other.
    let inside = |at: usize| line.start <= at && at <= line.end;
    if line.len() <= room || spans.iter().any(|s| inside(s.start) || inside(s.end)) {
        return None;
    }
    let mut end = line.end;
    if end > line.start && text[end - 1] == b'\r' {
        end -= 1;
    }
    let from = char_floor(text, line.start + room, line.start);
    (from < end).then_some(from..end)
}

/// A unit of the raw text shown with another length: an escaped character, or an invalid
/// UTF-8 sequence shown as U+FFFD.
#[derive(Debug, Clone)]
struct Changed {
    raw: Range<usize>,
    shown: Range<usize>,
}

/// One part as miette reads it.
#[derive(Debug, Clone)]
struct Group {
    /// Range in the snippet text.
    shown: Range<usize>,
    first_line: usize,
}

/// The escaped snippet for one finding and where its raw bytes went.
struct Placed {
    snippet: Snippet,
    parts: Vec<Part>,
    /// Every changed unit of every part, in text order.
    changed: Vec<Changed>,
}

impl Placed {
    /// Escapes the parts of `text` into one snippet text, in order.
    fn new(name: String, text: &[u8], parts: &[Part]) -> Placed {
        let mut shown = String::new();
        let mut groups = Vec::with_capacity(parts.len());
        let mut changed = Vec::new();
        for part in parts {
            let start = shown.len();
            let mut from = part.range.start;
            for gap in &part.elided {
                escape_into(&mut shown, text, from..gap.start, &mut changed);
                let at = shown.len();
                shown.push('…');
                changed.push(Changed {
                    raw: gap.clone(),
                    shown: at..shown.len(),
                });
                from = gap.end;
            }
            escape_into(&mut shown, text, from..part.range.end, &mut changed);
            groups.push(Group {
                shown: start..shown.len(),
                first_line: part.first_line,
            });
        }
        Placed {
            snippet: Snippet {
                name,
                text: shown,
                groups,
                primary: None,
                heads: Vec::new(),
            },
            parts: parts.to_vec(),
            changed,
        }
    }
}

/// Appends `text[range]` as shown: hidden characters escaped, except the line breaks and tabs
/// miette lays out itself; invalid UTF-8 as U+FFFD, as the lossy conversion does.
fn escape_into(out: &mut String, text: &[u8], range: Range<usize>, changed: &mut Vec<Changed>) {
    let mut raw = range.start;
    for chunk in text[range.clone()].utf8_chunks() {
        for c in chunk.valid().chars() {
            let len = c.len_utf8();
            let kept = match c {
                '\n' | '\t' => true,
                // CRLF is one line break to miette; a lone CR would move the cursor back.
                '\r' => raw + 1 < range.end && text[raw + 1] == b'\n',
                '#' if super::starts_legacy_command(text, raw) => false,
                c => !is_hidden(c),
            };
            if kept {
                out.push(c);
            } else {
                let at = out.len();
                if c == '#' {
                    out.push_str("\\u{23}");
                } else {
                    push_visible(out, c);
                }
                changed.push(Changed {
                    raw: raw..raw + len,
                    shown: at..out.len(),
                });
            }
            raw += len;
        }
        let bad = chunk.invalid().len();
        if bad > 0 {
            let at = out.len();
            out.push(char::REPLACEMENT_CHARACTER);
            changed.push(Changed {
                raw: raw..raw + bad,
                shown: at..out.len(),
            });
            raw += bad;
        }
    }
}

impl Placed {
    /// A raw span as a span of the snippet text covering the same characters, clipped to the
    /// part it lies in; `None` if it lies in none (beside a long line's window).
    fn place(&self, span: Span) -> Option<SourceSpan> {
        // Parts are far apart and hold their labels whole, so the first that overlaps is it.
        let (i, clipped) = self
            .parts
            .iter()
            .enumerate()
            .find_map(|(i, p)| clip(&p.range, span).map(|s| (i, s)))?;
        let start = self.shown(i, clipped.start, false);
        let end = self.shown(i, clipped.end, true).max(start);
        Some(SourceSpan::new(start.into(), end - start))
    }

    /// Where raw offset `raw` (inside part `i`) lands in the snippet text. An offset inside a
    /// changed unit moves to its start, or for an end to its end, so the unit is underlined
    /// whole.
    fn shown(&self, i: usize, raw: usize, end: bool) -> usize {
        let (part, group) = (&self.parts[i], &self.snippet.groups[i]);
        // The first changed unit that ends after `raw`.
        let k = self.changed.partition_point(|c| c.raw.end <= raw);
        if let Some(c) = self.changed.get(k) {
            if c.raw.start < raw && raw < c.raw.end {
                return if end { c.shown.end } else { c.shown.start };
            }
        }
        // Shown text runs byte for byte from the last changed unit before `raw` in this part,
        // or from the part's start.
        let (raw_base, shown_base) = match k.checked_sub(1).map(|k| &self.changed[k]) {
            Some(c) if c.raw.start >= part.range.start => (c.raw.end, c.shown.end),
            _ => (part.range.start, group.shown.start),
        };
        shown_base + (raw - raw_base)
    }
}

/// A span clipped to a range; `None` if it lies outside.
fn clip(range: &Range<usize>, span: Span) -> Option<Span> {
    let start = span.start.clamp(range.start, range.end);
    let end = span.end.clamp(range.start, range.end).max(start);
    if span.start > range.end || span.end < range.start || (start == end && !span.is_empty()) {
        return None;
    }
    Some(Span::new(start, end))
}

/// Escaped source text for miette: the shown parts one after another, each with the line
/// numbers of where it comes from.
struct Snippet {
    name: String,
    text: String,
    groups: Vec<Group>,
    /// Where the primary label is in `text`.
    primary: Option<(usize, usize)>,
    /// Where each label starts in `text`, and its `path:line:column`.
    heads: Vec<(usize, String)>,
}

impl Snippet {
    /// The header of the snippet miette lays out from `at`: the finding's position when its
    /// primary label is in it, else that of the label the snippet starts with.
    fn head(&self, at: usize, len: usize) -> &str {
        let primary_here = self
            .primary
            .is_none_or(|(start, end)| at <= start && end <= at + len);
        match self.heads.iter().find(|(start, _)| *start == at) {
            Some((_, head)) if !primary_here => head,
            _ => &self.name,
        }
    }
}

impl SourceCode for Snippet {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let at = span.offset();
        let i = self
            .groups
            .partition_point(|g| g.shown.end <= at)
            .min(self.groups.len().saturating_sub(1));
        let group = self.groups.get(i).ok_or(MietteError::OutOfBounds)?;
        // A span across two parts would need the lines between them, which are not here:
        // miette then shows the labels as separate snippets.
        if at < group.shown.start || at + span.len() > group.shown.end {
            return Err(MietteError::OutOfBounds);
        }
        let local = SourceSpan::new((at - group.shown.start).into(), span.len());
        let inner = self.text[group.shown.clone()].read_span(&local, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.head(at, span.len()).to_string(),
            inner.data(),
            SourceSpan::new(
                (inner.span().offset() + group.shown.start).into(),
                inner.span().len(),
            ),
            inner.line() + group.first_line,
            inner.column(),
            // miette reads this as counted from the start of the file when it decides whether
            // two labels share a snippet: so it was when the whole text was handed over.
            inner.line_count() + group.first_line,
        )))
    }
}

impl fmt::Debug for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shown").field("code", &self.code).finish()
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown {}

impl miette::Diagnostic for Shown {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Linter, Method, Options, Target};

    fn rendered(text: &str, options: Options, width: usize, verbose: bool) -> String {
        let report = Linter::new(options).check(text.as_bytes());
        let files = [Checked {
            path: "f.json",
            outcome: Outcome::Report {
                report: &report,
                text: text.as_bytes(),
            },
        }];
        render(
            &files,
            Style {
                color: false,
                width,
                verbose,
            },
        )
    }

    fn with(method: Method, target: Target) -> Options {
        Options {
            method,
            target,
            ..Options::default()
        }
    }

    #[test]
    fn the_answer_block_names_the_wire_code_when_it_is_not_the_name() {
        let text = r#"{"fields": {"sourceId": 1, "name": "sales", "externalName": "S", "externalCode": "s", "fields": [{"name": "A", "externalCode": "a", "type": "int"}, {"name": "A", "externalCode": "b", "type": "int"}]}}"#;
        let out = rendered(text, with(Method::DatasetAdd, Target::Cloud), 200, false);
        assert!(
            out.contains("\n  answer: CODE_0_DUPLICATE_COLUMN_NAMES (error 0) (1:"),
            "{out}"
        );
        let out = rendered(r#"{"fields": {}}"#, Options::default(), 200, false);
        assert!(
            out.contains("\n  answer: VALIDATION_FIELDS_NOT_PROVIDED (1:12) Fields not provided.\n  HTTP 200 from biconnector.connector.add on cloud (app call, JSON body)\n"),
            "{out}"
        );
    }

    #[test]
    fn the_rest_server_answers_a_method_that_does_not_exist() {
        let out = rendered(
            r#"{"method": "biconnector.connector.ad", "params": {}}"#,
            Options::default(),
            200,
            false,
        );
        assert!(out.contains("\n  HTTP 404 from the REST server on cloud: the envelope's method does not exist\n"), "{out}");
        // A method the portal version lacks is still that method's answer.
        let out = rendered(
            r#"{}"#,
            with(Method::TableList, Target::V25_550),
            200,
            false,
        );
        assert!(
            out.contains(
                "\n  HTTP 404 from biconnector.table.list on 25.550 (app call, JSON body)\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn a_file_s_own_assumptions_are_said_clean_or_not() {
        let update = with(Method::ConnectorUpdate, Target::Cloud);
        let out = rendered(
            r#"{"id": 7, "fields": {"title": "T"}}"#,
            update.clone(),
            80,
            true,
        );
        assert_eq!(
            out,
            "f.json: no findings; HTTP 200 from biconnector.connector.update on cloud (app\n    call, JSON body)\n  assuming: Connector 7 exists and belongs to the calling application (state\n    which ones do with --known-connector).\nChecked 1 file: 0 errors, 0 warnings.\n"
        );
        let out = rendered(
            r#"{"id": 7, "fields": {"title": "T", "urlCheck": "http://x/c"}}"#,
            update,
            200,
            false,
        );
        assert!(out.contains("\n  assuming: Connector 7 exists"), "{out}");
        // The assumptions every prediction makes are not repeated for each file.
        assert!(!out.contains("installed application"), "{out}");
        let quiet = rendered(
            r#"{"id": 7, "fields": {"title": "T"}}"#,
            with(Method::ConnectorUpdate, Target::Cloud),
            80,
            false,
        );
        assert_eq!(quiet, "Checked 1 file: 0 errors, 0 warnings.\n");
    }

    #[test]
    fn findings_of_one_code_are_grouped_but_never_with_the_answer() {
        // Five required fields missing: the answer is the first; the other four are one block.
        let out = rendered(
            r#"{"fields": {"title": "T", "logo": "https://x/l.png"}}"#,
            Options::default(),
            200,
            false,
        );
        assert_eq!(
            out.matches("VALIDATION_REQUIRED_FIELD_MISSING").count(),
            3,
            "{out}"
        );
        assert!(out.contains("VALIDATION_REQUIRED_FIELD_MISSING (the portal's answer)\n\n  × Field \"urlCheck\" is required.\n"), "{out}");
        assert!(out.contains("\n  × Field \"urlData\" is required.\n  │ Field \"urlTableList\" is required.\n  │ Field \"urlTableDescription\" is required.\n  │ Field \"settings\" is required.\n"), "{out}");
        // The four point at one `{`: one label there, not four fanned over what follows.
        assert!(
            out.contains("\n   ·            ┬\n   ·            ╰── `urlData` is missing from this object (+3 more here)\n"),
            "{out}"
        );
    }

    #[test]
    fn a_block_holds_twenty_findings_at_most() {
        let mut text = String::from("{\"fields\": {\n");
        for _ in 0..25 {
            text.push_str("  \"title\": \"T\",\n");
        }
        text.push_str("  \"title\": \"T\"\n}}");
        let out = rendered(&text, Options::default(), 200, false);
        let blocks: Vec<&str> = out.split("\nduplicate-key\n").skip(1).collect();
        assert_eq!(blocks.len(), 2, "{out}");
        // Twenty duplicates, and their one shared first occurrence labelled once.
        assert_eq!(blocks[0].matches("╰── ").count(), 21, "{out}");
        assert_eq!(blocks[0].matches("first occurrence").count(), 1, "{out}");
        // One message, said once for the block.
        assert_eq!(
            blocks[0].matches("appears more than once").count(),
            1,
            "{out}"
        );
    }

    #[test]
    fn a_block_lists_five_distinct_messages_and_counts_the_rest() {
        // Seven top-level keys the method does not read: seven distinct messages.
        let mut text = String::from("{\n");
        for i in 0..7 {
            text.push_str(&format!("  \"extra{i}\": 1,\n"));
        }
        text.push_str("  \"fields\": {}\n}");
        let out = rendered(&text, Options::default(), 200, false);
        assert!(
            out.contains("  ⚠ `extra0` is not a parameter of biconnector.connector.add\n  │ `extra1` is not a parameter of biconnector.connector.add\n  │ `extra2` is not a parameter of biconnector.connector.add\n  │ `extra3` is not a parameter of biconnector.connector.add\n  │ `extra4` is not a parameter of biconnector.connector.add\n  │ … and 2 more like these\n"),
            "{out}"
        );
        assert_eq!(out.matches("╰── not read").count(), 7, "{out}");
    }

    #[test]
    fn a_finding_on_a_line_too_long_to_show_keeps_its_own_window() {
        let pad = "x".repeat(300);
        let text = format!(
            "{{\"fields\": {{\"urlCheck\": \"http://a/{pad}\", \"urlData\": \"http://b/{pad}\"}}}}"
        );
        let out = rendered(&text, Options::default(), 100, false);
        assert_eq!(out.matches("url-cleartext").count(), 2, "{out}");
    }

    #[test]
    fn the_room_beside_the_gutter_grows_with_the_line_numbers() {
        assert_eq!(line_room(80, 9), 80 - (1 + 4) - 1);
        assert_eq!(line_room(80, 10), 80 - (2 + 4) - 1);
        assert_eq!(line_room(80, 12_345), 80 - (5 + 4) - 1);
        assert_eq!(line_room(20, 10), MIN_ROOM);
    }

    #[test]
    fn a_long_context_line_is_cut_at_the_room_unless_a_label_starts_or_ends_on_it() {
        let long = "x".repeat(300);
        let text = format!("{{\n  \"a\": 1,\r\n  \"{long}\": 2,\r\n  \"b\": 3\n}}");
        let text = text.as_bytes();
        let index = LineIndex::new(text);
        let (l1, l2, l3) = (
            index.line_range(1),
            index.line_range(2),
            index.line_range(3),
        );
        let room = 60;
        // Labels on the lines around it: the long line is context, cut after `room` bytes and
        // before its CR.
        let around = [
            Span::new(l1.start + 2, l1.start + 5),
            Span::new(l3.start + 2, l3.start + 5),
        ];
        let p = parts(text, &index, around[0].start, &around, room);
        assert_eq!(p.len(), 1);
        let cut: Vec<Range<usize>> = std::iter::once(l2.start + room..l2.end - 1).collect();
        assert_eq!(p[0].elided, cut);
        // A label that starts (or ends) on it keeps it whole.
        let on_it = [Span::new(l2.start + 2, l2.start + 5)];
        let p = parts(text, &index, around[0].start, &[around[0], on_it[0]], room);
        assert!(p[0].elided.is_empty());
        let ends_on_it = [Span::new(l1.start, l2.start + 3)];
        assert!(parts(text, &index, l1.start, &ends_on_it, room)[0]
            .elided
            .is_empty());
        // A label that only passes through it (from the line before to the line after) does not.
        let through = [Span::new(l1.start + 2, l3.start + 3)];
        let p = parts(text, &index, l1.start + 2, &through, room);
        assert_eq!(p[0].elided, cut);
        // A line of the room is not cut; one byte more is (the CR is the line break's).
        assert_eq!(elided(text, l2.clone(), &[], l2.len()), None);
        assert_eq!(elided(text, l2.clone(), &[], l2.len() - 1), None);
        // Without a CR the line's last byte is its own.
        let lf = text
            .iter()
            .filter(|b| **b != b'\r')
            .copied()
            .collect::<Vec<u8>>();
        let lf_index = LineIndex::new(&lf);
        let lf2 = lf_index.line_range(2);
        assert_eq!(
            elided(&lf, lf2.clone(), &[], lf2.len() - 1),
            Some(lf2.end - 1..lf2.end)
        );
        assert_eq!(
            elided(text, l2.clone(), &[], l2.len() - 2),
            Some(l2.end - 2..l2.end - 1)
        );
    }

    #[test]
    fn a_long_line_is_shown_through_a_window_marked_where_it_is_cut() {
        let line = format!("{{\"k\": \"{}\"}}", "a".repeat(300));
        let text = format!("{line}\r\n}}");
        let text = text.as_bytes();
        let index = LineIndex::new(text);
        let end = line.len(); // without the CR: it is part of the line break
        let cut = |at: usize| {
            let p = parts(text, &index, at, &[Span::new(at, at + 1)], 60);
            assert_eq!(p.len(), 1);
            (p[0].range.clone(), p[0].elided.clone())
        };
        // A third of the window before the finding, the rest after it.
        assert_eq!(cut(150), (0..end, vec![0..130, 190..end]));
        // Near either end, nothing is cut there.
        assert_eq!(cut(5), (0..end, std::iter::once(60..end).collect()));
        assert_eq!(
            cut(end - 2),
            (0..end, std::iter::once(0..end - 22).collect())
        );
        // A line of exactly the room is shown whole.
        let exact = format!("{{\"k\": \"{}\"}}", "a".repeat(60 - 9));
        let exact = format!("{exact}\n}}");
        let exact = exact.as_bytes();
        let index = LineIndex::new(exact);
        assert_eq!(index.line_range(0).len(), 60);
        let p = parts(exact, &index, 20, &[Span::new(20, 21)], 60);
        // Shown whole, with the line after it: no window.
        assert!(p[0].elided.is_empty());
        assert_eq!(p[0].range, 0..exact.len());
        // Without a CR, the whole line is the window's line.
        let lf = format!("{line}\n}}");
        let lf = lf.as_bytes();
        let index = LineIndex::new(lf);
        let p = parts(lf, &index, 150, &[Span::new(150, 151)], 60);
        assert_eq!(p[0].range, 0..line.len());
        assert_eq!(p[0].elided, [0..130, 190..line.len()]);
    }

    /// The units of a text (characters, invalid sequences) as byte ranges, in order.
    fn units(text: &[u8]) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut at = 0;
        for chunk in text.utf8_chunks() {
            for c in chunk.valid().chars() {
                out.push(at..at + c.len_utf8());
                at += c.len_utf8();
            }
            if !chunk.invalid().is_empty() {
                out.push(at..at + chunk.invalid().len());
                at += chunk.invalid().len();
            }
        }
        out
    }

    /// How one unit is shown, worked out on its own.
    fn shown_unit(text: &[u8], unit: &Range<usize>) -> String {
        match std::str::from_utf8(&text[unit.clone()]) {
            Err(_) => "\u{FFFD}".to_string(),
            Ok("\r") if text.get(unit.end) == Some(&b'\n') => "\r".to_string(),
            Ok(s @ ("\n" | "\t")) => s.to_string(),
            Ok(s) => visible(s).into_owned(),
        }
    }

    #[test]
    fn every_span_lands_on_the_escaped_form_of_its_characters() {
        let text: &[u8] =
            b"{\"a\": \"\x1b[2J\xff\xe2\x82 \xd0\xaf\",\r\n \"\xe2\x80\xae\": \"x\ry\t\x9b\"\n}\x7f";
        let index = LineIndex::new(text);
        let parts = parts(text, &index, 0, &[Span::new(0, text.len())], 100);
        assert_eq!(parts.len(), 1);
        let placed = Placed::new(String::new(), text, &parts);
        let units = units(text);
        let expected: String = units.iter().map(|u| shown_unit(text, u)).collect();
        assert_eq!(placed.snippet.text, expected);
        let bounds: Vec<usize> = std::iter::once(0)
            .chain(units.iter().map(|u| u.end))
            .collect();
        for (i, &start) in bounds.iter().enumerate() {
            for &end in &bounds[i..] {
                let s = placed.place(Span::new(start, end)).unwrap();
                let shown = &placed.snippet.text[s.offset()..s.offset() + s.len()];
                let want: String = units
                    .iter()
                    .filter(|u| u.start >= start && u.end <= end)
                    .map(|u| shown_unit(text, u))
                    .collect();
                assert_eq!(shown, want, "span {start}..{end}");
            }
        }
        // An offset inside an escaped or invalid unit takes the whole unit.
        let invalid = text.iter().position(|b| *b == 0xe2).unwrap();
        let s = placed.place(Span::new(invalid + 1, invalid + 2)).unwrap();
        assert_eq!(
            &placed.snippet.text[s.offset()..s.offset() + s.len()],
            "\u{FFFD}"
        );
    }

    #[test]
    fn far_labels_are_separate_parts_with_their_own_line_numbers() {
        let mut text = String::from("{\n");
        for i in 0..200 {
            text.push_str(&format!("  \"k{i}\": 1,\n"));
        }
        text.push('}');
        let text = text.as_bytes();
        let index = LineIndex::new(text);
        let near = Span::new(4, 6);
        let far = Span::new(
            index.line_range(150).start + 2,
            index.line_range(150).start + 4,
        );
        let parts = parts(text, &index, far.start, &[far, near], 100);
        let lines: Vec<(usize, usize)> = parts
            .iter()
            .map(|p| (p.first_line, index.line_of(p.range.end - 1)))
            .collect();
        // One line before each label, two after; nothing between.
        assert_eq!(lines, [(0, 3), (149, 152)]);
        let placed = Placed::new("x".into(), text, &parts);
        let s = placed.place(far).unwrap();
        let contents = placed.snippet.read_span(&s, 1, 1).unwrap();
        assert_eq!(contents.line(), 149);
        assert!(std::str::from_utf8(contents.data())
            .unwrap()
            .starts_with("  \"k148\": 1,\n  \"k149\""));
        // A span across both parts would need the lines between: miette then draws two snippets.
        let across = SourceSpan::new(0.into(), placed.snippet.text.len());
        assert!(placed.snippet.read_span(&across, 1, 1).is_err());
    }
}
