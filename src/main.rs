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
use b24lint::render::{self, Checked};
use b24lint::spec::schema::Form;
use b24lint::{Code, Level, Levels};
use clap::Parser;
use cli::{CheckArgs, Cli, Color, Command, Format, RulesFormat};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version: b24lint's own text.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(_) => return usage_error(),
    };
    match cli.command {
        Command::Check(args) => check(*args),
        Command::Rules(args) => print(&match args.format {
            RulesFormat::Table => b24lint::docs::rules_table(),
            RulesFormat::Json => b24lint::docs::rules_json(),
        }),
        Command::Schema(args) => {
            let form = match args.form {
                cli::Input::Fields => Form::Fields,
                _ => Form::Request,
            };
            let schema = b24lint::spec::schema::connector_add(form, args.target);
            print(&(serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"))
        }
        Command::Completions(args) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(args.shell, &mut cmd, "b24lint", &mut out);
            print(&String::from_utf8_lossy(&out))
        }
        Command::Explain(args) => match Code::from_name(args.code.trim()) {
            Some(code) => print(&b24lint::docs::explain(code)),
            None => {
                say(&format!(
                    "b24lint: error: unknown code `{}`; `b24lint rules` lists them",
                    args.code
                ));
                ExitCode::from(2)
            }
        },
    }
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

/// A renderer of checked files into one output format.
type Renderer = fn(&[Checked<'_>]) -> String;

fn check(args: CheckArgs) -> ExitCode {
    let mut cli_levels = Vec::new();
    let requested = [
        (&args.allow, Level::Allow),
        (&args.warn, Level::Warn),
        (&args.deny, Level::Deny),
    ];
    for (codes, level) in requested {
        for code in codes {
            if let Err(e) = Levels::default().set(*code, level) {
                say(&format!("b24lint: error: {e}"));
                return ExitCode::from(2);
            }
            cli_levels.push((*code, level));
        }
    }
    let overrides = project::Overrides {
        settings: b24lint::config::Settings {
            method: args.method,
            target: args.target,
            input: args.input.map(Into::into),
            levels: cli_levels,
        },
        known_connectors: (!args.known_connector.is_empty()).then(|| args.known_connector.clone()),
        known_sources: (!args.known_source.is_empty()).then(|| args.known_source.clone()),
        known_datasets: (!args.known_dataset.is_empty()).then(|| args.known_dataset.clone()),
    };
    let sources = inputs::expand(&args.paths, &args.stdin_filename);
    let mut usage_errors = Vec::new();
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
        Err(lines) => {
            for line in lines {
                say(&line);
            }
            return ExitCode::from(2);
        }
    };
    let plans: Vec<project::Plan> = sources
        .iter()
        .map(|s| project.plan(&disk, s.path(), &s.name))
        .collect();
    if !project.errors().is_empty() {
        for e in project.errors() {
            say(e);
        }
        return ExitCode::from(2);
    }
    let mut done = run_all(&disk, sources, plans);
    if args.diff {
        return diff(&done, args.unsafe_fixes);
    }
    if args.fix {
        fix_in_place(&mut done, args.unsafe_fixes, &mut usage_errors);
    }
    project::across(&mut done);

    let checked: Vec<Checked<'_>> = done.iter().map(File::view).collect();
    let unreadable = done.iter().filter(|d| d.result.is_err()).count();
    let errors = done
        .iter()
        .any(|d| matches!(&d.result, Ok(c) if c.report.errors() > 0));

    // Unreadable inputs are named on stderr in every format, one line each.
    for d in &done {
        if let Err(reason) = &d.result {
            usage_errors.push(format!("{}: {reason}", d.name));
        }
    }
    let text = match args.format {
        Format::Human => human_in_parallel(
            &checked,
            render::human::Style {
                color: use_color(args.color),
                width: terminal_width(),
            },
        ),
        Format::Json => render::json::render(&checked),
        Format::Server => render::server::render(&checked),
        Format::Sarif => render::sarif::render(&checked),
        Format::Github => render::github::render(&checked),
    };
    let extra: [(&Option<std::path::PathBuf>, Renderer); 3] = [
        (&args.sarif_file, render::sarif::render),
        (&args.json_file, render::json::render),
        (&args.server_file, render::server::render),
    ];
    for (path, render) in extra {
        if let Some(path) = path {
            if let Some(what) = read_by_the_run(&done, &project, path) {
                usage_errors.push(format!(
                    "{}: is also {what}; the report is not written over it",
                    path.display(),
                ));
                continue;
            }
            if let Err(e) = std::fs::write(path, render(&checked)) {
                usage_errors.push(format!("{}: cannot write: {e}", path.display()));
            }
        }
    }
    for e in &usage_errors {
        say(&format!("b24lint: error: {e}"));
    }
    for w in project.unused_ignores() {
        say(&w);
    }
    print(&text);

    if !usage_errors.is_empty() || unreadable > 0 {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What of the run `path` is, if anything: an input (standard input too, when it is a
/// redirected file) or a configuration file.
fn read_by_the_run(done: &[File], project: &Project, path: &std::path::Path) -> Option<String> {
    for d in done {
        // In this command only standard input has no path.
        let file = d
            .path
            .as_deref()
            .unwrap_or(std::path::Path::new("/dev/stdin"));
        if write::same_file(file, path) {
            return Some(format!("an input ({})", d.name));
        }
    }
    project
        .configuration_files()
        .iter()
        .find(|c| write::same_file(c, path))
        .map(|c| format!("a configuration of the run ({})", c.display()))
}

/// `--diff`: the fixes as a unified diff per file; exit 1 if any file would change.
fn diff(done: &[File], unsafe_fixes: bool) -> ExitCode {
    let mut out = String::new();
    for d in done {
        let Ok(checked) = &d.result else {
            continue;
        };
        let Some((fixed, _)) = d.plan.fixed(checked, unsafe_fixes) else {
            continue;
        };
        // The name is one line of the header whatever it holds.
        out.push_str(&b24lint::fix::unified_diff(
            &b24lint::render::visible(&d.name),
            &String::from_utf8_lossy(&checked.text),
            &String::from_utf8_lossy(&fixed),
        ));
    }
    let changed = !out.is_empty();
    // Piped, the diff is input for `patch` and keeps the file's bytes; on a terminal it is
    // read, and what the file holds is shown, never obeyed.
    if std::io::stdout().is_terminal() {
        out = out
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
    print(&out);
    if changed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--fix`: writes each fixed file (see [`write`] for how) and re-checks it, so the report
/// shows what remains. A file that is not written keeps its report and is named on stderr.
fn fix_in_place(done: &mut [File], unsafe_fixes: bool, errors: &mut Vec<String>) {
    // A file named twice in one run (`a.json ./a.json`, a symlink beside its target) is
    // written once; its other names are checked again as it now is.
    let mut written: std::collections::HashMap<std::path::PathBuf, (Vec<u8>, Vec<u8>)> =
        Default::default();
    for d in done.iter_mut() {
        let (Some(path), Ok(checked)) = (&d.path, &d.result) else {
            continue;
        };
        let key = std::fs::canonicalize(path).ok();
        if let Some((before, after)) = key.as_ref().and_then(|k| written.get(k)) {
            if *before == checked.text {
                let after = after.clone();
                d.refix(after);
                continue;
            }
        }
        let Some((fixed, titles)) = d.plan.fixed(checked, unsafe_fixes) else {
            continue;
        };
        match write::replace_checked(path, &checked.text, &fixed) {
            Ok(()) => {
                if let Some(key) = key {
                    written.insert(key, (checked.text.clone(), fixed.clone()));
                }
                // A file with thousands of fixes gets one line of readable length.
                const LISTED: usize = 10;
                let mut listed = titles[..titles.len().min(LISTED)].join("; ");
                if titles.len() > LISTED {
                    listed.push_str(&format!("; and {} more", titles.len() - LISTED));
                }
                say(&format!(
                    "b24lint: {}: fixed {} ({listed})",
                    d.name,
                    if titles.len() == 1 {
                        "1 finding".to_string()
                    } else {
                        format!("{} findings", titles.len())
                    },
                ));
                d.refix(fixed);
            }
            Err(e) => errors.push(format!("{}: cannot write the fix: {e}", d.name)),
        }
    }
}

/// Reads and checks every input, using every core; results keep input order.
fn run_all(
    disk: &disk::Disk,
    sources: Vec<inputs::Source>,
    plans: Vec<project::Plan>,
) -> Vec<File> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(sources.len().max(1));
    // Standard input is read here, in order; files are read by the workers.
    let inputs: Vec<Result<project::Input, (String, String)>> = sources
        .into_iter()
        .map(|s| s.into_input(disk.max_file_size))
        .collect();
    let check_one = |i: usize| match &inputs[i] {
        Ok(input) => project::check_input(disk, input.clone(), plans[i].clone()),
        Err((name, reason)) => File {
            name: name.clone(),
            path: None,
            plan: plans[i].clone(),
            result: Err(reason.clone()),
        },
    };
    if threads <= 1 {
        return (0..inputs.len()).map(check_one).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<File>> = Vec::new();
    slots.resize_with(inputs.len(), || None);
    let results = std::sync::Mutex::new(slots);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= inputs.len() {
                    break;
                }
                let done = check_one(i);
                if let Ok(mut slots) = results.lock() {
                    slots[i] = Some(done);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// Human reports take longer to lay out than to check; files render independently, so the
/// slices of a run are rendered on every core and joined in input order.
fn human_in_parallel(checked: &[Checked<'_>], style: render::human::Style) -> String {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = checked.len().div_ceil(threads.max(1)).max(64);
    let parts: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = checked
            .chunks(chunk)
            .map(|slice| scope.spawn(move || render::human::render_files(slice, style)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut out = parts.concat();
    out.push_str(&render::human::summary(checked));
    out
}

fn use_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}
