//! Outputs written as a run goes: each file's share of an output (a [`Part`]) is made on the
//! thread that checked it, then a [`Writer`] takes the parts in input order and gives the text
//! to write at once, so a run holds a window of files, never all of them.
//!
//! Every format's whole-run `render` is these pieces joined, so there is one way to lay out
//! each format and a streamed run writes exactly what a whole one would.

use super::{
    concise, github, human, json, json_for_logs, sarif, server, statistics, Checked, Summary,
};
use serde::Serialize;

/// An output format, with what it needs to lay a file out.
#[derive(Debug, Clone, Copy)]
pub enum Format {
    Human(human::Style),
    Json,
    Server,
    Sarif,
    Github,
    /// One line per finding.
    Concise,
    /// A count per code instead of the findings.
    Statistics,
}

/// One file's share of one output.
pub struct Part(Kind);

enum Kind {
    Text(String),
    Sarif(Vec<sarif::Pending>),
    Github(Vec<github::Line>),
    Codes(Vec<(crate::spec::Code, crate::spec::Severity)>),
}

/// Makes the parts of files for some formats. Each thread keeps its own: laying out human
/// reports needs a handler that is not free to build.
pub struct Parts {
    formats: Vec<Maker>,
}

enum Maker {
    Human(Box<human::Layout>),
    Json,
    Server,
    Sarif,
    Github,
    Concise,
    Statistics,
}

impl Parts {
    pub fn new(formats: &[Format]) -> Parts {
        let formats = formats
            .iter()
            .map(|f| match f {
                Format::Human(style) => Maker::Human(Box::new(human::Layout::new(*style))),
                Format::Json => Maker::Json,
                Format::Server => Maker::Server,
                Format::Sarif => Maker::Sarif,
                Format::Github => Maker::Github,
                Format::Concise => Maker::Concise,
                Format::Statistics => Maker::Statistics,
            })
            .collect();
        Parts { formats }
    }

    /// A file's part of each format, in the order the formats were given.
    pub fn make(&self, file: &Checked<'_>) -> Vec<Part> {
        self.formats
            .iter()
            .map(|m| {
                Part(match m {
                    Maker::Human(layout) => Kind::Text(layout.file(file)),
                    Maker::Json => Kind::Text(json::part(file)),
                    Maker::Server => Kind::Text(server::part(file)),
                    Maker::Sarif => Kind::Sarif(sarif::part(file)),
                    Maker::Github => Kind::Github(github::part(file)),
                    Maker::Concise => Kind::Text(concise::part(file)),
                    Maker::Statistics => Kind::Codes(statistics::part(file)),
                })
            })
            .collect()
    }
}

/// Writes one output from parts given in input order.
pub struct Writer {
    state: State,
}

enum State {
    Human,
    Json {
        files: usize,
    },
    Server,
    /// SARIF lists its rules before its results: the document is written at the end.
    Sarif(sarif::Collected),
    Github(github::Quota),
    Concise,
    Statistics(statistics::Counts),
}

impl Writer {
    pub fn new(format: Format) -> Writer {
        let state = match format {
            Format::Human(_) => State::Human,
            Format::Json => State::Json { files: 0 },
            Format::Server => State::Server,
            Format::Sarif => State::Sarif(sarif::Collected::default()),
            Format::Github => State::Github(github::Quota::default()),
            Format::Concise => State::Concise,
            Format::Statistics => State::Statistics(statistics::Counts::default()),
        };
        Writer { state }
    }

    /// What comes before the first file.
    pub fn begin(&mut self) -> String {
        match &self.state {
            State::Json { .. } => json::opening(),
            _ => String::new(),
        }
    }

    /// The text a file adds, to write now. A part of another format is ignored.
    pub fn push(&mut self, part: Part) -> String {
        match (&mut self.state, part.0) {
            (State::Human, Kind::Text(text)) => text,
            (State::Json { files }, Kind::Text(text)) => {
                *files += 1;
                json_for_logs(json::separator(*files == 1).to_string() + &text)
            }
            (State::Server, Kind::Text(text)) => json_for_logs(text),
            (State::Sarif(collected), Kind::Sarif(part)) => json_for_logs(collected.push(part)),
            (State::Github(quota), Kind::Github(part)) => quota.push(part),
            (State::Concise, Kind::Text(text)) => text,
            (State::Statistics(counts), Kind::Codes(part)) => {
                counts.push(part);
                String::new()
            }
            _ => String::new(),
        }
    }

    /// Whether the output's opening is known only at the end (SARIF lists the rules of all
    /// results before them): what `push` gave is then written after [`Ending::head`].
    pub fn head_comes_last(&self) -> bool {
        matches!(self.state, State::Sarif(_))
    }

    /// What comes once the last file is in.
    pub fn finish(self, summary: &Summary) -> Ending {
        let tail = |tail: String| Ending {
            head: String::new(),
            tail,
        };
        match self.state {
            State::Human => tail(human::closing(summary)),
            State::Json { files } => tail(json_for_logs(json::closing(files > 0, summary))),
            State::Server => tail(String::new()),
            State::Sarif(collected) => {
                let (head, tail) = collected.finish();
                Ending {
                    head: json_for_logs(head),
                    tail: json_for_logs(tail),
                }
            }
            State::Github(quota) => tail(quota.finish()),
            State::Concise => tail(human::closing(summary)),
            State::Statistics(counts) => tail(counts.table() + &human::closing(summary)),
        }
    }
}

/// The end of an output: `head` goes before everything [`Writer::push`] gave (empty but for
/// SARIF, see [`Writer::head_comes_last`]), `tail` after it.
#[derive(Debug, Default)]
pub struct Ending {
    pub head: String,
    pub tail: String,
}

/// The whole output of a run that checked nothing because a configuration is broken: the
/// document of each format with the problems in it (each at its place in the configuration
/// file), so CI shows them where it shows findings. Human, concise and statistics give
/// nothing: their reader sees the problems' lines on stderr.
pub fn configuration(format: Format, problems: &[crate::config::Problem]) -> String {
    match format {
        Format::Json => json::configuration(problems),
        Format::Sarif => sarif::configuration(problems),
        Format::Github => github::configuration(problems),
        Format::Server => server::configuration(problems),
        Format::Human(_) | Format::Concise | Format::Statistics => String::new(),
    }
}

/// A whole output at once, from every file of a run.
pub fn render(format: Format, files: &[Checked<'_>]) -> String {
    let parts = Parts::new(&[format]);
    let mut writer = Writer::new(format);
    let mut body = writer.begin();
    for f in files {
        for part in parts.make(f) {
            body.push_str(&writer.push(part));
        }
    }
    let ending = writer.finish(&Summary::of(files));
    ending.head + &body + &ending.tail
}

/// A value pretty-printed as it is when nested `depth` levels deep in a pretty-printed
/// document (what `serde_json::to_string_pretty` of the whole document puts there), so each
/// file's part is laid out once, where it is made.
pub(crate) fn nested<T: Serialize + ?Sized>(value: &T, depth: usize) -> String {
    let mut out = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Nested::at(depth));
    if value.serialize(&mut ser).is_err() {
        return String::new();
    }
    // serde_json writes UTF-8 only.
    String::from_utf8(out).unwrap_or_default()
}

/// serde_json's pretty layout (two spaces a level) starting `depth` levels in.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Nested {
    fn at(depth: usize) -> Nested {
        Nested {
            level: depth,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        for _ in 0..self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, c: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(c)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, c: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(c)
    }

    fn item<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::nested;
    use serde_json::json;

    /// Each part is laid out exactly as the whole document would lay it out there.
    #[test]
    fn a_nested_value_is_laid_out_as_inside_the_document() {
        let part = json!({"a": [1, {"b": []}, {}], "c": {"d": "x\ny"}, "e": [[]]});
        for depth in 0..4 {
            let mut doc = part.clone();
            for _ in 0..depth {
                doc = json!([doc]);
            }
            let whole = serde_json::to_string_pretty(&doc).unwrap();
            let pad = "  ".repeat(depth);
            let inner = nested(&part, depth);
            let rebuilt = if depth == 0 {
                inner
            } else {
                let open = (0..depth)
                    .map(|i| format!("{}[\n", "  ".repeat(i)))
                    .collect::<String>();
                let close = (0..depth)
                    .rev()
                    .map(|i| format!("\n{}]", "  ".repeat(i)))
                    .collect::<String>();
                format!("{open}{pad}{inner}{close}")
            };
            assert_eq!(rebuilt, whole, "depth {depth}");
        }
        assert_eq!(nested(&json!([]), 3), "[]");
        assert_eq!(nested(&json!("s"), 2), "\"s\"");
    }
}
