//! A run written as it goes. Files are checked and laid out on any thread ([`Ready::new`]),
//! then given to a [`Stream`] in input order, which adds what the lints across files find
//! and returns the text of each output to write at once. A front-end keeps a bounded window
//! of files in flight; no text or report outlives its turn, except as below.
//!
//! What the lints across files need decides when a file can be written:
//! - a connector is written at once; its setting codes are kept;
//! - a dataset is compared with the datasets before it, so it is written in its turn;
//! - a source is compared with a connector that may come later in the run, so it waits, whole,
//!   until the run ends, and the files after it wait as laid-out text (their output, not their
//!   input), to keep the order.

use crate::cross::{self, Connector, Connectors, Datasets};
use crate::project::File;
use crate::render::output::{Ending, Format, Part, Parts, Writer};
use crate::render::{Checked, Summary};

/// A checked file made ready for its turn, on the thread that checked it.
pub enum Ready {
    /// Laid out already: the lints across files add nothing to it.
    Parts {
        parts: Vec<Part>,
        counts: Summary,
        connector: Option<Connector>,
    },
    /// Laid out in its turn, once the lints across files have seen it.
    Whole(Box<File>),
}

impl Ready {
    /// Lays `file` out with `parts` (made for the stream's formats, in their order) unless
    /// the lints across files may add to its report.
    pub fn new(parts: &Parts, file: File) -> Ready {
        let summary = file.result.as_ref().ok().and_then(|c| c.summary());
        if summary.is_some_and(|s| s.waits_for_connectors() || s.follows_earlier()) {
            return Ready::Whole(Box::new(file));
        }
        let connector = summary.and_then(|s| {
            let accepted = file.result.as_ref().ok()?.report.answer.accepted();
            s.connector(&file.name, accepted)
        });
        let view = file.view();
        let mut counts = Summary::default();
        counts.add(&view);
        Ready::Parts {
            parts: parts.make(&view),
            counts,
            connector,
        }
    }
}

/// The outputs of one run, written in input order.
pub struct Stream {
    parts: Parts,
    writers: Vec<Writer>,
    summary: Summary,
    connectors: Connectors,
    datasets: Datasets,
    /// Everything from the first source on, once there is one.
    waiting: Vec<Waiting>,
}

enum Waiting {
    Parts(Vec<Part>),
    Source(Box<File>),
}

impl Stream {
    /// A stream of the outputs `formats`; each call returns one text per format, in this
    /// order, to write at once (the first ones open the documents).
    pub fn new(formats: &[Format]) -> (Stream, Vec<String>) {
        let mut writers: Vec<Writer> = formats.iter().map(|f| Writer::new(*f)).collect();
        let opening = writers.iter_mut().map(Writer::begin).collect();
        let stream = Stream {
            parts: Parts::new(formats),
            writers,
            summary: Summary::default(),
            connectors: Connectors::default(),
            datasets: Datasets::default(),
            waiting: Vec::new(),
        };
        (stream, opening)
    }

    /// Makes a file ready on the stream's own thread (after a fix, say).
    pub fn ready(&self, file: File) -> Ready {
        Ready::new(&self.parts, file)
    }

    /// The next file in input order.
    pub fn push(&mut self, ready: Ready) -> Vec<String> {
        let parts = match ready {
            Ready::Parts {
                parts,
                counts,
                connector,
            } => {
                self.summary.extend(counts);
                self.connectors.extend(connector);
                parts
            }
            Ready::Whole(mut file) => {
                let found = match cross_input(&file) {
                    Some(input) if input.summary.waits_for_connectors() => {
                        self.waiting.push(Waiting::Source(file));
                        return self.nothing();
                    }
                    Some(input) => cross::dataset_codes(&mut self.datasets, &input),
                    None => Vec::new(),
                };
                file.add_cross(found);
                self.lay_out(&file)
            }
        };
        if !self.waiting.is_empty() {
            self.waiting.push(Waiting::Parts(parts));
            return self.nothing();
        }
        self.write(parts)
    }

    /// A file a directory walk left out ([`crate::skip`]): counted in the summary, and
    /// nothing is written for it.
    pub fn skip(&mut self) {
        self.summary.skipped += 1;
    }

    /// Whether an output's opening is known only at the end (see
    /// [`Writer::head_comes_last`]).
    pub fn head_comes_last(&self, output: usize) -> bool {
        self.writers
            .get(output)
            .is_some_and(Writer::head_comes_last)
    }

    /// What is left to write of each output, and the run's totals. The rest of the output
    /// goes where the other texts went; the ending's head before all of them when
    /// [`Stream::head_comes_last`], its tail after.
    pub fn finish(mut self) -> (Vec<(String, Ending)>, Summary) {
        let mut out = self.nothing();
        for waiting in std::mem::take(&mut self.waiting) {
            let parts = match waiting {
                Waiting::Parts(parts) => parts,
                Waiting::Source(mut file) => {
                    let found = cross_input(&file)
                        .map(|input| cross::source_settings(&self.connectors, &input))
                        .unwrap_or_default();
                    file.add_cross(found);
                    self.lay_out(&file)
                }
            };
            for (o, text) in out.iter_mut().zip(self.write(parts)) {
                o.push_str(&text);
            }
        }
        let summary = self.summary;
        let endings = self.writers.into_iter().map(|w| w.finish(&summary));
        (out.into_iter().zip(endings).collect(), summary)
    }

    fn lay_out(&mut self, file: &File) -> Vec<Part> {
        let view: Checked<'_> = file.view();
        self.summary.add(&view);
        self.parts.make(&view)
    }

    fn write(&mut self, parts: Vec<Part>) -> Vec<String> {
        self.writers
            .iter_mut()
            .zip(parts)
            .map(|(w, p)| w.push(p))
            .collect()
    }

    fn nothing(&self) -> Vec<String> {
        vec![String::new(); self.writers.len()]
    }
}

/// A checked file as the lints across files read it.
fn cross_input(file: &File) -> Option<cross::Input<'_>> {
    let checked = file.result.as_ref().ok()?;
    Some(cross::Input {
        name: &file.name,
        target: checked.report.target,
        accepted: checked.report.answer.accepted(),
        summary: checked.summary()?,
    })
}
