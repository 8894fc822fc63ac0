//! A run written as it goes (`b24lint::stream`) writes exactly what the whole run rendered at
//! once writes, in every format, whatever the order of connectors, sources and datasets: a
//! source before its connector, datasets with one `externalCode` apart, a file that cannot be
//! read among them.

use b24lint::project::{self, File, Input, Project, ProjectOptions};
use b24lint::render::output::{Format, Parts};
use b24lint::render::{self, human::Style};
use b24lint::stream::{Ready, Stream};
use std::path::{Path, PathBuf};

#[path = "support/documents.rs"]
mod documents;
use documents::Documents;

const FORMATS: [Format; 8] = [
    Format::Human(Style {
        color: false,
        width: 80,
        verbose: false,
    }),
    Format::Human(Style {
        color: true,
        width: 120,
        verbose: false,
    }),
    Format::Json,
    Format::Server,
    Format::Sarif,
    Format::Github,
    Format::Concise,
    Format::Statistics,
];

/// Every file under `fixtures/cross` and `fixtures/examples`, named by its path there, and
/// one input that cannot be read.
fn inputs() -> Vec<Input> {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("fixtures");
    let mut found = Vec::new();
    for top in ["cross", "examples"] {
        collect(&root, &root.join(top), &mut found);
    }
    found.sort();
    let mut inputs: Vec<Input> = found
        .into_iter()
        .map(|(name, text)| Input::Document {
            name,
            path: None,
            text,
        })
        .collect();
    inputs.insert(
        3,
        Input::File {
            name: "missing.json".into(),
            path: PathBuf::from("missing.json"),
        },
    );
    inputs
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let path = e.path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_some_and(|x| x == "json") {
            let name = path.strip_prefix(root).unwrap().display().to_string();
            out.push((name, std::fs::read(&path).unwrap()));
        }
    }
}

fn checked(inputs: &[Input]) -> Vec<File> {
    let mut project = Project::new(&Documents, ProjectOptions::default()).unwrap();
    inputs
        .iter()
        .map(|input| {
            let plan = project.plan_for(&Documents, input);
            project::check_input(&Documents, input.clone(), plan)
        })
        .collect()
}

/// The whole run at once: every file checked, the lints across files, then each format.
fn at_once(inputs: &[Input]) -> Vec<String> {
    let mut files = checked(inputs);
    project::across(&mut files);
    let views: Vec<_> = files.iter().map(File::view).collect();
    FORMATS
        .iter()
        .map(|f| render::output::render(*f, &views))
        .collect()
}

/// The run streamed: files made ready one by one (as workers do), pushed in order, the text
/// of each push appended at once.
fn streamed(inputs: &[Input]) -> Vec<String> {
    let parts = Parts::new(&FORMATS);
    let (mut stream, opening) = Stream::new(&FORMATS);
    let mut body = opening;
    for file in checked(inputs) {
        let ready = Ready::new(&parts, file);
        for (b, text) in body.iter_mut().zip(stream.push(ready)) {
            b.push_str(&text);
        }
    }
    let (rest, _) = stream.finish();
    body.into_iter()
        .zip(rest)
        .map(|(b, (text, ending))| ending.head + &b + &text + &ending.tail)
        .collect()
}

fn assert_same(inputs: &[Input], what: &str) {
    let (whole, stream) = (at_once(inputs), streamed(inputs));
    for ((f, a), b) in FORMATS.iter().zip(&whole).zip(&stream) {
        assert!(
            a == b,
            "{what}: {f:?} differs\n--- at once\n{a}\n--- streamed\n{b}"
        );
    }
}

#[test]
fn streamed_output_is_the_whole_run_in_input_order() {
    let inputs = inputs();
    assert!(inputs.len() > 15);
    assert_same(&inputs, "sorted");
}

#[test]
fn a_source_before_its_connector_waits_for_it() {
    let mut inputs = inputs();
    inputs.reverse();
    assert_same(&inputs, "reversed");
    // Sources first, then everything else.
    let (mut sources, rest): (Vec<Input>, Vec<Input>) = inputs
        .into_iter()
        .partition(|i| i.name().ends_with("source.json"));
    assert!(sources.len() >= 4);
    sources.extend(rest);
    assert_same(&sources, "sources first");
}

#[test]
fn every_rotation_streams_the_same() {
    let inputs = inputs();
    for k in 0..inputs.len() {
        let mut rotated = inputs.clone();
        rotated.rotate_left(k);
        assert_same(&rotated, &format!("rotated by {k}"));
    }
}

#[test]
fn the_lints_across_files_find_something_here() {
    // The comparison above means something only if the run has findings across files.
    let mut files = checked(&inputs());
    project::across(&mut files);
    let codes: Vec<&str> = files
        .iter()
        .filter_map(|f| f.result.as_ref().ok())
        .flat_map(|c| c.report.diagnostics.iter().map(|d| d.code.name()))
        .collect();
    assert!(codes.contains(&"source-settings-codes"));
    assert!(codes.contains(&"dataset-external-code-duplicate"));
}

#[test]
fn an_empty_run_is_an_empty_document() {
    assert_same(&[], "empty");
    let out = streamed(&[]);
    assert_eq!(out[0], "Checked 0 files: 0 errors, 0 warnings.\n");
    assert_eq!(
        out[2],
        "{\n  \"version\": 1,\n  \"files\": [],\n  \"summary\": {\n    \"files\": 0,\n    \"errors\": 0,\n    \"warnings\": 0,\n    \"unreadable\": 0,\n    \"skipped\": 0\n  }\n}\n"
    );
    assert_eq!(out[3], "");
    assert_eq!(out[5], "");
}

#[test]
fn each_format_module_renders_as_the_output_writer_does() {
    let mut files = checked(&inputs());
    project::across(&mut files);
    let views: Vec<_> = files.iter().map(File::view).collect();
    let style = Style {
        color: false,
        width: 80,
        verbose: false,
    };
    let whole = |f: Format| render::output::render(f, &views);
    assert_eq!(
        render::human::render(&views, style),
        whole(Format::Human(style))
    );
    assert_eq!(render::json::render(&views), whole(Format::Json));
    assert_eq!(render::server::render(&views), whole(Format::Server));
    assert_eq!(render::sarif::render(&views), whole(Format::Sarif));
    assert_eq!(render::github::render(&views), whole(Format::Github));
    assert_eq!(render::concise::render(&views), whole(Format::Concise));
    assert_eq!(
        render::statistics::render(&views),
        whole(Format::Statistics)
    );
    let concise = render::concise::render(&views);
    assert!(concise.lines().count() > 3, "{concise}");
    assert!(
        concise.contains(": warning source-settings-codes "),
        "{concise}"
    );
}
