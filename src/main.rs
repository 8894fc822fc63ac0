//! The `b24lint` command: reads inputs, hands them to the library, prints a renderer's output
//! and exits 0 (no error finding), 1 (error findings) or 2 (usage error or unreadable input).

mod cli;
mod disk;
mod inputs;
mod write;

// Checking is allocation-heavy (a tree per file, dropped at once); mimalloc's thread-local
// heaps suit that better than the system allocator on both cores.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use b24lint::project::{self, File, Project, ProjectOptions};
use b24lint::render::{self, output::Parts};
use b24lint::spec::schema::Form;
use b24lint::stream::{Ready, Stream};
use b24lint::{Code, Level, Levels};
use clap::Parser;
use cli::{CheckArgs, Cli, Color, Command, Format, RulesFormat};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let parsed = <Cli as clap::CommandFactory>::command()
        .try_get_matches()
        .and_then(|m| Ok((<Cli as clap::FromArgMatches>::from_arg_matches(&m)?, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) if !e.use_stderr() => {
            // --help and --version: b24lint's own text.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(_) => return usage_error(),
    };
    match cli.command {
        Command::Check(args) => {
            let order = matches
                .subcommand_matches("check")
                .map(levels_in_order)
                .unwrap_or_default();
            check(*args, order)
        }
        Command::Rules(args) => print(&match args.format {
            RulesFormat::Table => b24lint::docs::rules_table(known_width(false)),
            RulesFormat::Json => b24lint::docs::rules_json(),
            RulesFormat::Jsonl => b24lint::docs::rules_jsonl(),
        }),
        Command::Schema(args) => {
            let form = match args.form {
                cli::Input::Fields => Form::Fields,
                _ => Form::Request,
            };
            let schema = b24lint::spec::schema::connector_add(form, args.target);
            print(&(serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"))
        }
        Command::Requests(args) => requests(&args),
        Command::Completions(args) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(args.shell, &mut cmd, "b24lint", &mut out);
            print(&String::from_utf8_lossy(&out))
        }
        Command::Explain(args) => match Code::lookup(&args.code) {
            Ok(code) => print(&b24lint::docs::explain(code, known_width(false))),
            Err(why) => {
                say(&format!("b24lint: error: {why}"));
                ExitCode::from(2)
            }
        },
    }
}

/// `b24lint requests`: reads the two files, asks the engine, prints each request.
fn requests(args: &cli::RequestsArgs) -> ExitCode {
    use b24lint::endpoint::requests::{self, Ask, Connector};
    let read = |path: &std::path::Path| -> Result<b24lint::json::Node, String> {
        let text =
            std::fs::read(path).map_err(|e| format!("{}: cannot be read: {e}", path.display()))?;
        b24lint::json::parse(&text)
            .map(|p| p.root)
            .map_err(|e| format!("{}: not JSON: {}", path.display(), e.message))
    };
    let result = (|| {
        let connector = Connector::read(&read(&args.connector)?)
            .map_err(|e| format!("{}: {e}", args.connector.display()))?;
        let source = args.source.as_deref().map(read).transpose()?;
        let ask = Ask {
            search: args.search.clone(),
            table: args.table.clone(),
            select: args.select.clone(),
            limit: args.limit,
            map_fields: args.map.clone(),
        };
        let settings = source.as_ref().map(requests::source_settings);
        for code in settings
            .map(|s| requests::undeclared(&connector, s))
            .unwrap_or_default()
        {
            say(&format!(
                "b24lint: note: `{code}` is not a setting of the connector: urlCheck gets it at biconnector.source.add, the source does not keep it"
            ));
        }
        requests::portal_requests(&connector, settings, &ask)
            .map_err(|e| format!("{}: {e}", args.connector.display()))
    })();
    let calls = match result {
        Ok(calls) => calls,
        Err(e) => {
            say(&format!("b24lint: error: {e}"));
            return ExitCode::from(2);
        }
    };
    let text = match args.format {
        cli::RequestsFormat::Json => {
            let list: Vec<serde_json::Value> = calls
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "endpoint": r.endpoint.field(),
                        "when": r.when,
                        "url": r.url,
                        "request_line": r.request_line,
                        "headers": r.headers.iter().map(|(k, v)| serde_json::json!([k, v])).collect::<Vec<_>>(),
                        "body": r.body,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
        }
        format => calls
            .iter()
            .map(|r| {
                let shown = match format {
                    cli::RequestsFormat::Curl => r.curl(),
                    _ => r.http().replace("\r\n", "\n"),
                };
                // Each line shown safely; the request's own line breaks stay.
                let shown: Vec<String> = shown
                    .lines()
                    .map(|l| b24lint::render::visible(l).into_owned())
                    .collect();
                format!(
                    "# {}: {}\n{}\n",
                    r.endpoint.field(),
                    r.when,
                    shown.join("\n")
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
    };
    print(&text)
}

/// A command line clap refuses: the error is made again from the arguments with their hidden
/// characters written out, so a crafted argument cannot reach the terminal or a CI log raw
/// (clap quotes the offending value).
fn usage_error() -> ExitCode {
    let shown: Vec<String> = std::env::args_os()
        .map(|a| b24lint::render::visible(&a.to_string_lossy()).into_owned())
        .collect();
    let text = match Cli::try_parse_from(&shown) {
        Err(e) => e.render().to_string(),
        Ok(_) => "error: the command line could not be read; see `b24lint --help`\n".to_string(),
    };
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    ExitCode::from(2)
}

/// Writes to standard output; a closed pipe (`b24lint … | head -1`) is not an error.
fn print(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    ExitCode::SUCCESS
}

/// One line on standard error, with what a file or key holds shown, never obeyed by the
/// terminal. A closed or broken stderr is ignored: the run goes on and its other output and
/// exit code stay (`eprintln!` would panic on EPIPE).
fn say(line: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{}", b24lint::render::visible(line));
}

/// `--allow`, `--warn` and `--deny` in the order they were written: the last one for a code
/// wins, as ruff orders rule selections.
fn levels_in_order(m: &clap::ArgMatches) -> Vec<(Code, Level)> {
    let mut found: Vec<(usize, Code, Level)> = Vec::new();
    for (id, level) in [
        ("allow", Level::Allow),
        ("warn", Level::Warn),
        ("deny", Level::Deny),
    ] {
        let (Some(codes), Some(at)) = (m.get_many::<Code>(id), m.indices_of(id)) else {
            continue;
        };
        found.extend(at.zip(codes).map(|(i, c)| (i, *c, level)));
    }
    found.sort_by_key(|(i, _, _)| *i);
    found.into_iter().map(|(_, c, l)| (c, l)).collect()
}

fn check(args: CheckArgs, requested: Vec<(Code, Level)>) -> ExitCode {
    let mut cli_levels = Vec::new();
    for (code, level) in requested {
        if let Err(e) = Levels::default().set(code, level) {
            say(&format!("b24lint: error: {e}"));
            return ExitCode::from(2);
        }
        cli_levels.push((code, level));
    }
    let overrides = project::Overrides {
        settings: b24lint::config::Settings {
            method: args.method,
            target: args.target,
            input: args.input.map(Into::into),
            transport: args.transport,
            caller: args.caller,
            connector_codes: (!args.connector_codes.is_empty())
                .then(|| args.connector_codes.clone()),
            levels: cli_levels,
        },
        known_connectors: (!args.known_connector.is_empty()).then(|| args.known_connector.clone()),
        known_sources: (!args.known_source.is_empty()).then(|| args.known_source.clone()),
        known_datasets: (!args.known_dataset.is_empty()).then(|| args.known_dataset.clone()),
    };
    // A count per code is a table for people; tools count the findings of --format json.
    if args.statistics && !matches!(args.format, Format::Human | Format::Concise) {
        say("b24lint: error: --statistics prints a table for people and cannot be combined with --format json, server, sarif or github (they list every finding)");
        return ExitCode::from(2);
    }
    let excludes = match inputs::Excludes::new(&args.exclude) {
        Ok(e) => e,
        Err(e) => {
            say(&format!("b24lint: error: {e}"));
            return ExitCode::from(2);
        }
    };
    let sources = inputs::expand(&args.paths, &args.stdin_filename, &excludes);
    let options = ProjectOptions {
        config: args.config.clone(),
        isolated: args.isolated,
        overrides,
        cwd: std::env::current_dir().unwrap_or_default(),
    };
    let disk = disk::Disk {
        max_file_size: args.max_file_size,
    };
    let mut project = match Project::new(&disk, options) {
        Ok(p) => p,
        Err(problems) => return broken_configuration(&args, &sources, None, &problems),
    };
    // Every configuration is read before the first input is checked: a broken one stops the
    // run before any input is checked.
    for s in sources.iter() {
        project.discover(&disk, s.path(), &s.name);
    }
    if !project.errors().is_empty() {
        return broken_configuration(&args, &sources, Some(&project), project.errors());
    }
    if let Some(path) = &args.show_settings {
        // The file is checked, so that the method and shape shown are those its check uses.
        let name = path.display().to_string();
        let plan = project.plan(&disk, Some(path), &name);
        return match project::FileSystem::read(&disk, path) {
            Ok(text) => print(&plan.describe(&name, &plan.check(text).report)),
            Err(why) => {
                say(&format!("b24lint: error: {name}: {why}"));
                ExitCode::from(2)
            }
        };
    }
    if args.show_files {
        return show_files(&disk, &mut project, &sources);
    }
    if args.diff {
        return diff(&disk, &mut project, &sources, args.unsafe_fixes);
    }

    // The output on stdout, then the report files; a report file that is also read by the
    // run is refused before anything is written.
    // `--fix -` prints the fixed text on stdout, as ruff and Biome do: the report goes to
    // stderr then.
    let fixing_stdin = args.fix && sources.has_stdin();
    let mut formats = vec![match args.format {
        _ if args.statistics => render::output::Format::Statistics,
        Format::Human => render::output::Format::Human(render::human::Style {
            color: use_color(args.color, fixing_stdin),
            width: terminal_width(fixing_stdin),
            verbose: args.verbose,
        }),
        Format::Concise => render::output::Format::Concise,
        Format::Json => render::output::Format::Json,
        Format::Server => render::output::Format::Server,
        Format::Sarif => render::output::Format::Sarif,
        Format::Github => render::output::Format::Github,
    }];
    let mut outputs = vec![if fixing_stdin {
        Output::stderr()
    } else {
        Output::stdout()
    }];
    let mut report_errors = Vec::new();
    for (path, format) in report_files(&args) {
        let Some(path) = path else { continue };
        if let Some(what) = read_by_the_run(&sources, Some(&project), path) {
            report_errors.push(format!(
                "{}: is also {what}; the report is not written over it",
                path.display(),
            ));
            continue;
        }
        match std::fs::File::create(path) {
            Ok(file) => {
                formats.push(format);
                outputs.push(Output::file(path, file));
            }
            Err(e) => report_errors.push(format!(
                "{}: cannot write: {}",
                path.display(),
                inputs::reason(&e)
            )),
        }
    }

    let (mut stream, opening) = Stream::new(&formats);
    let mut outputs: Vec<Output> = outputs
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            if stream.head_comes_last(i) {
                o.head_last()
            } else {
                o
            }
        })
        .collect();
    for (out, text) in outputs.iter_mut().zip(opening) {
        out.write(&text);
    }
    let mut fix_errors = Vec::new();
    let mut unreadable = Vec::new();
    let mut written = Written::default();
    let mode = if args.fix { Mode::Check } else { Mode::Lay };
    for _ in 0..sources.skipped_by_name {
        stream.skip();
    }
    run(&disk, &mut project, &sources, &formats, mode, |done| {
        if let Some(line) = done.unreadable {
            unreadable.push(line);
        }
        let ready = match done.work {
            Work::Skipped => return stream.skip(),
            Work::Excluded => return,
            Work::Ready(ready) => ready,
            Work::File(mut file) => {
                if file.path.is_none() {
                    fix_stdin(&mut file, args.unsafe_fixes);
                } else {
                    fix_in_place(&mut file, args.unsafe_fixes, &mut written, &mut fix_errors);
                }
                stream.ready(*file)
            }
        };
        for (out, text) in outputs.iter_mut().zip(stream.push(ready)) {
            out.write(&text);
        }
    });
    let (rest, summary) = stream.finish();
    // --quiet: the findings and nothing else on stdout.
    let quiet = args.quiet && matches!(args.format, Format::Human | Format::Concise);
    for (i, (out, (text, mut ending))) in outputs.iter_mut().zip(rest).enumerate() {
        if i == 0 && quiet {
            ending.tail.clear();
        }
        out.write(&text);
        out.end(ending);
    }
    for out in outputs.iter_mut().skip(1) {
        if let Some(e) = out.close() {
            report_errors.push(e);
        }
    }

    for e in fix_errors.iter().chain(&unreadable).chain(&report_errors) {
        say(&format!("b24lint: error: {e}"));
    }
    for w in project.unused_ignores() {
        say(&w);
    }
    let _ = outputs[0].close();

    let failed = !fix_errors.is_empty() || !report_errors.is_empty() || summary.unreadable > 0;
    if failed {
        ExitCode::from(2)
    } else if summary.errors > 0 && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Where one output goes. Writing stops at the first failure: a closed pipe on stdout
/// (`b24lint … | head -1`) is not an error and the run goes on; a report file that cannot be
/// written is named on stderr.
struct Output {
    to: Box<dyn Write>,
    path: Option<std::path::PathBuf>,
    /// Where the body waits when the output's head is known only at the end (SARIF): an
    /// unnamed temporary file, so a large run does not hold its report in memory.
    body: Option<Body>,
    failed: Option<std::io::Error>,
}

enum Body {
    File(std::io::BufWriter<std::fs::File>),
    /// No temporary file could be made.
    Memory(Vec<u8>),
}

impl Output {
    fn stdout() -> Output {
        Output {
            to: Box::new(std::io::BufWriter::with_capacity(
                1 << 16,
                std::io::stdout().lock(),
            )),
            path: None,
            body: None,
            failed: None,
        }
    }

    fn stderr() -> Output {
        Output {
            to: Box::new(std::io::LineWriter::new(std::io::stderr())),
            path: None,
            body: None,
            failed: None,
        }
    }

    fn file(path: &std::path::Path, file: std::fs::File) -> Output {
        Output {
            to: Box::new(std::io::BufWriter::with_capacity(1 << 16, file)),
            path: Some(path.to_path_buf()),
            body: None,
            failed: None,
        }
    }

    /// The body is kept aside until [`Output::end`] has written the head.
    fn head_last(mut self) -> Output {
        self.body = Some(match tempfile::tempfile() {
            Ok(f) => Body::File(std::io::BufWriter::with_capacity(1 << 16, f)),
            Err(_) => Body::Memory(Vec::new()),
        });
        self
    }

    fn write(&mut self, text: &str) {
        if self.failed.is_some() || text.is_empty() {
            return;
        }
        let written = match &mut self.body {
            Some(Body::File(f)) => f.write_all(text.as_bytes()),
            Some(Body::Memory(m)) => m.write_all(text.as_bytes()),
            None => self.to.write_all(text.as_bytes()),
        };
        if let Err(e) = written {
            self.failed = Some(e);
        }
    }

    /// Writes the ending: the head, then the body kept aside, if any, then the tail.
    fn end(&mut self, ending: render::output::Ending) {
        if self.failed.is_some() {
            return;
        }
        let mut result = self.to.write_all(ending.head.as_bytes());
        match self.body.take() {
            Some(Body::File(f)) => {
                result = result.and_then(|()| {
                    let mut f = f.into_inner().map_err(|e| e.into_error())?;
                    std::io::Seek::rewind(&mut f)?;
                    std::io::copy(&mut f, &mut self.to).map(drop)
                });
            }
            Some(Body::Memory(m)) => result = result.and_then(|()| self.to.write_all(&m)),
            None => {}
        }
        result = result.and_then(|()| self.to.write_all(ending.tail.as_bytes()));
        if let Err(e) = result {
            self.failed = Some(e);
        }
    }

    /// Flushes; for a report file, why it could not be written, if it could not.
    fn close(&mut self) -> Option<String> {
        if self.failed.is_none() {
            if let Err(e) = self.to.flush() {
                self.failed = Some(e);
            }
        }
        let (path, e) = (self.path.as_ref()?, self.failed.as_ref()?);
        Some(format!(
            "{}: cannot write: {}",
            path.display(),
            inputs::reason(e)
        ))
    }
}

/// The report files asked for beside the output (`--sarif-file`, `--json-file`,
/// `--server-file`), each with its format.
fn report_files(args: &CheckArgs) -> [(&Option<std::path::PathBuf>, render::output::Format); 3] {
    use render::output::Format as Out;
    [
        (&args.sarif_file, Out::Sarif),
        (&args.json_file, Out::Json),
        (&args.server_file, Out::Server),
    ]
}

/// A configuration that cannot be used: nothing is checked and the run exits 2, but stdout
/// (json, sarif, github, server) and every report file carry their format's document with the
/// problems in it, so CI shows them where it shows findings; their lines go to stderr too.
fn broken_configuration(
    args: &CheckArgs,
    sources: &inputs::Sources,
    project: Option<&Project>,
    problems: &[b24lint::config::Problem],
) -> ExitCode {
    use render::output::{configuration, Format as Out};
    for p in problems {
        say(&p.to_string());
    }
    let on_stdout = match args.format {
        _ if args.statistics || (args.fix && sources.has_stdin()) => None,
        Format::Json => Some(Out::Json),
        Format::Server => Some(Out::Server),
        Format::Sarif => Some(Out::Sarif),
        Format::Github => Some(Out::Github),
        Format::Human | Format::Concise => None,
    };
    if let Some(format) = on_stdout {
        print(&configuration(format, problems));
    }
    for (path, format) in report_files(args) {
        let Some(path) = path else { continue };
        let broken = problems
            .iter()
            .find(|p| write::same_file(&p.file, path))
            .map(|p| format!("a configuration of the run ({})", p.path));
        if let Some(what) = read_by_the_run(sources, project, path).or(broken) {
            say(&format!(
                "b24lint: error: {}: is also {what}; the report is not written over it",
                path.display()
            ));
            continue;
        }
        if let Err(e) = std::fs::write(path, configuration(format, problems)) {
            say(&format!(
                "b24lint: error: {}: cannot write: {}",
                path.display(),
                inputs::reason(&e)
            ));
        }
    }
    ExitCode::from(2)
}

/// What of the run `path` is, if anything: an input (standard input too, when it is a
/// redirected file) or a configuration file.
fn read_by_the_run(
    sources: &inputs::Sources,
    project: Option<&Project>,
    path: &std::path::Path,
) -> Option<String> {
    for s in sources.iter() {
        // In this command only standard input has no path.
        let file = s.path().unwrap_or(std::path::Path::new("/dev/stdin"));
        if write::same_file(file, path) {
            return Some(format!("an input ({})", s.name));
        }
    }
    project?
        .configuration_files()
        .iter()
        .find(|c| write::same_file(c, path))
        .map(|c| format!("a configuration of the run ({})", c.display()))
}

/// `--diff`: the fixes as a unified diff per file; exit 1 if any file would change.
fn diff(
    disk: &disk::Disk,
    project: &mut Project,
    sources: &inputs::Sources,
    unsafe_fixes: bool,
) -> ExitCode {
    let mut out = Output::stdout();
    // Piped, the diff is input for `patch` and keeps the file's bytes; on a terminal it is
    // read, and what the file holds is shown, never obeyed.
    let terminal = std::io::stdout().is_terminal();
    let mut changed = false;
    run(disk, project, sources, &[], Mode::Check, |done| {
        let Work::File(d) = done.work else { return };
        let Ok(checked) = &d.result else { return };
        let Some((fixed, _)) = d.plan.fixed(checked, unsafe_fixes) else {
            return;
        };
        // The name is one line of the header whatever it holds.
        let mut text = b24lint::fix::unified_diff(
            &b24lint::render::visible(&d.name),
            &String::from_utf8_lossy(&checked.text),
            &String::from_utf8_lossy(&fixed),
        );
        changed |= !text.is_empty();
        if terminal {
            text = text
                .split_inclusive('\n')
                .map(|line| {
                    let (text, end) = match line.strip_suffix('\n') {
                        Some(text) => (text, "\n"),
                        None => (line, ""),
                    };
                    format!("{}{end}", b24lint::render::visible(text))
                })
                .collect();
        }
        out.write(&text);
    });
    let _ = out.close();
    if changed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The files `--fix` has written, by their real path: a file named twice in one run
/// (`a.json ./a.json`, a symlink beside its target) is written once, and its other names are
/// checked again as it now is.
type Written = std::collections::HashMap<std::path::PathBuf, (Vec<u8>, Vec<u8>)>;

/// `--fix -`: standard input's text with its fixes applied (as it came when none applies)
/// goes to stdout; the report, on stderr, shows what remains.
fn fix_stdin(d: &mut File, unsafe_fixes: bool) {
    let Ok(checked) = &d.result else {
        return;
    };
    let fixed = d.plan.fixed(checked, unsafe_fixes);
    let text = fixed.as_ref().map_or(&checked.text, |(t, _)| t);
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text).and_then(|()| stdout.flush());
    if let Some((text, titles)) = fixed {
        say(&format!("b24lint: {}: {}", d.name, fixed_summary(&titles)));
        d.refix(text);
    }
}

/// `fixed 2 findings (…; …)`, of readable length whatever the number of fixes.
fn fixed_summary(titles: &[String]) -> String {
    const LISTED: usize = 10;
    let mut listed = titles[..titles.len().min(LISTED)].join("; ");
    if titles.len() > LISTED {
        listed.push_str(&format!("; and {} more", titles.len() - LISTED));
    }
    let count = if titles.len() == 1 {
        "1 finding".to_string()
    } else {
        format!("{} findings", titles.len())
    };
    format!("fixed {count} ({listed})")
}

/// `--fix`: writes the fixed file (see [`write`] for how) and checks it again, so the report
/// shows what remains. A file that is not written keeps its report and is named on stderr.
fn fix_in_place(d: &mut File, unsafe_fixes: bool, written: &mut Written, errors: &mut Vec<String>) {
    let (Some(path), Ok(checked)) = (&d.path, &d.result) else {
        return;
    };
    let key = std::fs::canonicalize(path).ok();
    if let Some((before, after)) = key.as_ref().and_then(|k| written.get(k)) {
        if *before == checked.text {
            let after = after.clone();
            d.refix(after);
            return;
        }
    }
    let Some((fixed, titles)) = d.plan.fixed(checked, unsafe_fixes) else {
        return;
    };
    match write::replace_checked(path, &checked.text, &fixed) {
        Ok(()) => {
            if let Some(key) = key {
                written.insert(key, (checked.text.clone(), fixed.clone()));
            }
            say(&format!("b24lint: {}: {}", d.name, fixed_summary(&titles)));
            d.refix(fixed);
        }
        Err(e) => errors.push(format!("{}: cannot write the fix: {e}", d.name)),
    }
}

/// What the workers do with a checked file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Lay it out for the run's outputs.
    Lay,
    /// Hand it back whole (to fix it, or to diff it, in input order).
    Check,
}

/// A checked input, back from a worker.
struct Done {
    /// `name: reason` when the input could not be read.
    unreadable: Option<String>,
    work: Work,
}

enum Work {
    Ready(Ready),
    File(Box<File>),
    /// Found by a directory walk and clearly not a BIConnector document ([`b24lint::skip`]).
    Skipped,
    /// Found by a directory walk and left out by the configuration's `exclude`.
    Excluded,
}

/// Inputs go to the workers in batches of up to this many, so that handing work over (a lock
/// and a wake-up) costs little beside checking it.
const BATCH: usize = 16;

/// Batches in flight per worker: enough to keep every core busy while the output is written in
/// input order, few enough that memory does not grow with the number of inputs.
const IN_FLIGHT_PER_WORKER: usize = 4;

/// Inputs handed to a worker: each with its index in the run, its plan, and whether a
/// directory walk found it.
type Batch = Vec<(usize, project::Input, project::Plan, bool)>;

/// Reads and checks every input on every core, and hands each to `each` in input order
/// through a bounded reorder window. Plans are made here, in order, as inputs enter the
/// window; standard input is read here too.
fn run(
    disk: &disk::Disk,
    project: &mut Project,
    sources: &inputs::Sources,
    formats: &[render::output::Format],
    mode: Mode,
    mut each: impl FnMut(Done),
) {
    use std::sync::mpsc;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(sources.len().max(1));
    // Small runs are shared out finely, so that every worker gets some.
    let batch = (sources.len() / (workers * IN_FLIGHT_PER_WORKER)).clamp(1, BATCH);
    let window = workers * IN_FLIGHT_PER_WORKER * batch;
    let (jobs, queue) = mpsc::sync_channel::<Batch>(workers * IN_FLIGHT_PER_WORKER);
    let queue = std::sync::Mutex::new(queue);
    let (results, finished) = mpsc::channel::<Vec<(usize, Done)>>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let results = results.clone();
            let queue = &queue;
            scope.spawn(move || {
                let parts = Parts::new(formats);
                loop {
                    let job = match queue.lock() {
                        Ok(q) => q.recv(),
                        Err(_) => break,
                    };
                    let Ok(job) = job else { break };
                    let checked = job
                        .into_iter()
                        .map(|(i, input, plan, walked)| {
                            (i, check_one(disk, input, plan, walked, &parts, mode))
                        })
                        .collect();
                    if results.send(checked).is_err() {
                        break;
                    }
                }
            });
        }
        drop(results);
        let mut jobs = Some(jobs);
        let mut inputs = sources.iter().enumerate();
        let (mut sent, mut next) = (0, 0);
        let mut early: std::collections::BTreeMap<usize, Done> = Default::default();
        loop {
            while sent - next + batch <= window {
                let Some(sender) = &jobs else { break };
                let mut job = Batch::with_capacity(batch);
                let mut taken = 0;
                for (i, source) in inputs.by_ref().take(batch) {
                    taken += 1;
                    let plan = project.plan(disk, source.path(), &source.name);
                    sent += 1;
                    let walked = source.walked;
                    // The configuration's `exclude` leaves walked files out, as --exclude does.
                    if walked && plan.excluded() {
                        let work = Work::Excluded;
                        early.insert(
                            i,
                            Done {
                                unreadable: None,
                                work,
                            },
                        );
                        continue;
                    }
                    match source.into_input(disk.max_file_size) {
                        Ok(input) => job.push((i, input, plan, walked)),
                        // Standard input that could not be read: nothing for a worker to do.
                        Err((name, reason)) => {
                            let file = File {
                                name,
                                path: None,
                                plan,
                                result: Err(reason),
                            };
                            early.insert(i, done(file, &Parts::new(formats), mode));
                        }
                    }
                }
                let last = taken < batch;
                if !job.is_empty() && sender.send(job).is_err() {
                    jobs = None;
                }
                if last {
                    jobs = None; // the workers stop once the queue is empty
                }
            }
            while let Some(d) = early.remove(&next) {
                each(d);
                next += 1;
            }
            if next == sent {
                if jobs.is_none() {
                    break;
                }
                continue; // all caught up: more inputs enter the window
            }
            match finished.recv() {
                Ok(checked) => early.extend(checked),
                Err(_) => break, // every worker is gone: nothing more will come
            }
        }
    });
}

/// Checks and lays out one input. A bug that panics on one input must not hang the run or
/// lose the other files: that input is named as not checked (exit code 2), after the panic
/// message.
fn check_one(
    disk: &disk::Disk,
    input: project::Input,
    plan: project::Plan,
    walked: bool,
    parts: &Parts,
    mode: Mode,
) -> Done {
    let input = match walked_input(disk, input, &plan, walked) {
        Walked::Check(input) => input,
        Walked::Unreadable(file) => return done(*file, parts, mode),
        Walked::Skip => {
            return Done {
                unreadable: None,
                work: Work::Skipped,
            }
        }
    };
    let (name, path, kept) = (
        input.name().to_string(),
        input.path().map(std::path::Path::to_path_buf),
        plan.clone(),
    );
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        done(project::check_input(disk, input, plan), parts, mode)
    }));
    checked.unwrap_or_else(|_| {
        let file = File {
            name,
            path,
            plan: kept,
            result: Err(
                "b24lint failed on this input (a bug: please report it with the file)".into(),
            ),
        };
        done(file, parts, mode)
    })
}

/// What becomes of an input before it is checked.
enum Walked {
    Check(project::Input),
    /// Found by a walk and clearly not a BIConnector document.
    Skip,
    /// Read for the skip and found unreadable: reported as it is, not read again.
    Unreadable(Box<File>),
}

/// A walked file is read here, so that one that is clearly not a BIConnector document is
/// skipped. Only under `--input auto`: a shape set on purpose says every file is meant.
fn walked_input(
    disk: &disk::Disk,
    input: project::Input,
    plan: &project::Plan,
    walked: bool,
) -> Walked {
    let project::Input::File { name, path } = input else {
        return Walked::Check(input);
    };
    if !walked || plan.options().input != b24lint::InputMode::Auto {
        return Walked::Check(project::Input::File { name, path });
    }
    match project::FileSystem::read(disk, &path) {
        Ok(text) if b24lint::skip::is_foreign(&text) => Walked::Skip,
        Ok(text) => Walked::Check(project::Input::Document {
            name,
            path: Some(path),
            text,
        }),
        Err(reason) => Walked::Unreadable(Box::new(File {
            name,
            path: Some(path),
            plan: plan.clone(),
            result: Err(reason),
        })),
    }
}

/// `--show-files`: the inputs that would be checked, in order, one per line; a named path
/// that does not exist is named on stderr instead (exit 2), as a check would.
fn show_files(disk: &disk::Disk, project: &mut Project, sources: &inputs::Sources) -> ExitCode {
    let mut out = String::new();
    let mut missing = false;
    for source in sources.iter() {
        let plan = project.plan(disk, source.path(), &source.name);
        let walked = source.walked;
        let name = source.name.clone();
        let shown = match source.path() {
            Some(_) if walked && plan.excluded() => false,
            Some(path) if !walked && std::fs::symlink_metadata(path).is_err() => {
                say(&format!(
                    "b24lint: error: {name}: no such file or directory"
                ));
                missing = true;
                false
            }
            Some(path) => {
                let input = project::Input::File {
                    name: name.clone(),
                    path: path.to_path_buf(),
                };
                !matches!(walked_input(disk, input, &plan, walked), Walked::Skip)
            }
            None => true,
        };
        if shown {
            out.push_str(&b24lint::render::visible(&name));
            out.push('\n');
        }
    }
    print(&out);
    if missing {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn done(file: File, parts: &Parts, mode: Mode) -> Done {
    let unreadable = file
        .result
        .as_ref()
        .err()
        .map(|reason| format!("{}: {reason}", file.name));
    let work = match mode {
        Mode::Lay => Work::Ready(Ready::new(parts, file)),
        Mode::Check => Work::File(Box::new(file)),
    };
    Done { unreadable, work }
}

/// Whether the human output is coloured; `on_stderr` when the report goes to stderr.
fn use_color(choice: Color, on_stderr: bool) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        // NO_COLOR (no-color.org) wins; FORCE_COLOR and CLICOLOR_FORCE (force-color.org,
        // bixense.com/clicolors) colour a pipe too, as CI logs that show colour want.
        Color::Auto => {
            let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
            let forced =
                |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
            if set("NO_COLOR") {
                false
            } else {
                let terminal = if on_stderr {
                    std::io::stderr().is_terminal()
                } else {
                    std::io::stdout().is_terminal()
                };
                forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") || terminal
            }
        }
    }
}

/// The width of the output, when there is one to respect: `COLUMNS` when set (as terminals
/// and CI set it), else the terminal's that the output goes to; never below 40, where no
/// snippet fits.
fn known_width(on_stderr: bool) -> Option<usize> {
    let from_terminal = || {
        let size = if on_stderr {
            terminal_size::terminal_size_of(std::io::stderr())
        } else {
            terminal_size::terminal_size_of(std::io::stdout())
        };
        size.map(|(w, _)| usize::from(w.0))
    };
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .or_else(from_terminal)
        .map(|w| w.max(40))
}

/// The width the human report is laid out to: [`known_width`], else 100. (`rules` and
/// `explain` piped without `COLUMNS` keep their lines whole for grep instead.)
fn terminal_width(on_stderr: bool) -> usize {
    known_width(on_stderr).unwrap_or(100)
}
