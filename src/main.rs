//! The `b24lint` command: reads inputs, hands them to the library, prints a renderer's output
//! and exits 0 (no error finding), 1 (error findings) or 2 (usage error or unreadable input).

mod cli;
mod inputs;

use b24lint::render::{self, Checked, Outcome};
use b24lint::{Linter, Options, Report};
use clap::Parser;
use cli::{CheckArgs, Cli, Color, Command, Format};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
    }
}

/// A checked input: its display name and either the report with its text or why it failed.
struct Done {
    name: String,
    result: Result<(Report, Vec<u8>), String>,
}

fn check(args: CheckArgs) -> ExitCode {
    let linter = Linter::new(Options {
        method: args.method,
        target: args.target,
        input: args.input.into(),
    });
    let (sources, mut usage_errors) = inputs::expand(&args.paths, &args.stdin_filename);
    let done = run_all(&linter, sources);

    let checked: Vec<Checked<'_>> = done
        .iter()
        .map(|d| Checked {
            path: &d.name,
            outcome: match &d.result {
                Ok((report, text)) => Outcome::Report { report, text },
                Err(reason) => Outcome::Unreadable(reason),
            },
        })
        .collect();
    let unreadable = done.iter().filter(|d| d.result.is_err()).count();
    let errors = done
        .iter()
        .any(|d| matches!(&d.result, Ok((r, _)) if r.errors() > 0));

    // Unreadable inputs are named on stderr in every format, one line each.
    for d in &done {
        if let Err(reason) = &d.result {
            usage_errors.push(format!("{}: {reason}", d.name));
        }
    }
    let text = match args.format {
        Format::Human => render::human::render(
            &checked,
            render::human::Style {
                color: use_color(args.color),
                width: terminal_width(),
            },
        ),
        Format::Json => render::json::render(&checked),
        Format::Server => render::server::render(&checked),
    };
    let mut stderr = std::io::stderr().lock();
    for e in &usage_errors {
        let _ = writeln!(stderr, "b24lint: error: {e}");
    }
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`b24lint check … | head -1`) is not an error worth reporting.
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());

    if !usage_errors.is_empty() || unreadable > 0 {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads and checks every input, using every core; results keep input order.
fn run_all(linter: &Linter, sources: Vec<inputs::Source>) -> Vec<Done> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(sources.len().max(1));
    let check_one = |s: &inputs::Source| Done {
        name: s.name.clone(),
        result: s.read().map(|text| (linter.check(&text), text)),
    };
    if threads <= 1 {
        return sources.iter().map(check_one).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<Done>> = Vec::new();
    slots.resize_with(sources.len(), || None);
    let results = std::sync::Mutex::new(slots);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(source) = sources.get(i) else { break };
                let done = check_one(source);
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
