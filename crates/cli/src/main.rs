//! `provlens`: the provlens core on the command line.
//!
//! ```text
//! provlens summary [--json] FILE...
//! provlens timeline [--json] --identity TEXT FILE...
//! provlens generate [--format F] --records N [--seed S] [--users U] [--gzip] [--utf16]
//!                   [--lean] --out FILE
//! ```
//! `generate`'s formats are listed in `generate.rs`. A hidden `provlens bench [--runs N]
//! [--queries] FILE...` times the loader on each file for `make bench` (see `bench.rs`).
//! Files are read in 1 MiB chunks through the same incremental loader the page uses. The
//! exit status is 1 when no file could be read, 2 on a usage error.

mod bench;
mod generate;

use std::fs::File;
use std::io::{self, Read, Write};
use std::process::ExitCode;

use provlens_core::summary::Summary;
use provlens_core::timeline::{self, Timeline, Verdict};
use provlens_core::Log;
use serde_json::json;

const USAGE: &str = "usage:
  provlens summary [--json] FILE...
  provlens timeline [--json] --identity TEXT FILE...
  provlens generate [--format F] --records N [--seed S] [--users U] [--gzip] [--utf16] [--lean] --out FILE
    F: portal (default), graph, jsonl, portal-csv (--out is a prefix), audit-graph, audit-portal,
       audit-csv, eventhub, storage, la-rows, la-tables, sync-job";

/// What the command line asked for.
struct Args {
    command: String,
    json: bool,
    identity: Option<String>,
    files: Vec<String>,
    /// `generate`'s options, by name.
    options: Vec<(String, String)>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let command = args.next().ok_or("no command given")?;
    let mut parsed = Args {
        command,
        json: false,
        identity: None,
        files: Vec::new(),
        options: Vec::new(),
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => parsed.json = true,
            "--identity" => parsed.identity = Some(args.next().ok_or("--identity needs a value")?),
            "-h" | "--help" => return Err(String::new()),
            "--format" | "--records" | "--seed" | "--users" | "--out" | "--runs" => {
                let value = args.next().ok_or(format!("{a} needs a value"))?;
                parsed.options.push((a[2..].to_string(), value));
            }
            "--gzip" | "--utf16" | "--lean" | "--queries" => {
                parsed.options.push((a[2..].to_string(), String::new()))
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            _ => parsed.files.push(a),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(why) => {
            if !why.is_empty() {
                eprintln!("provlens: {why}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match args.command.as_str() {
        "summary" | "timeline" if args.files.is_empty() => {
            Err(Failure::Usage("no files given".into()))
        }
        // The summary is printed even when nothing could be read: its per-file reports
        // say why. The exit status still tells.
        "summary" => load(&args.files).and_then(|log| {
            summary(&log, args.json)?;
            let read = !nothing_read(&log);
            // The process ends here: the OS takes the memory back at once, while freeing
            // every event's strings one by one took a tenth of the run.
            std::mem::forget(log);
            if read {
                Ok(())
            } else {
                Err(Failure::NothingRead)
            }
        }),
        "timeline" => match &args.identity {
            Some(text) => load(&args.files).and_then(|log| {
                if nothing_read(&log) {
                    return Err(Failure::NothingRead);
                }
                timeline(&log, text, args.json)
            }),
            None => Err(Failure::Usage("timeline needs --identity TEXT".into())),
        },
        "generate" => generate(&args.options),
        "bench" => bench(&args),
        other => Err(Failure::Usage(format!("unknown command {other}"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(why)) => {
            eprintln!("provlens: {why}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::NothingRead) => ExitCode::from(1),
        Err(Failure::Io(e)) => {
            eprintln!("provlens: {e}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    Usage(String),
    NothingRead,
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

/// Loads every file; problems go to stderr, each naming its file and place.
fn load(paths: &[String]) -> Result<Log, Failure> {
    let mut log = Log::new();
    let mut chunk = vec![0u8; 1 << 20];
    for path in paths {
        let name = std::path::Path::new(path)
            .file_name()
            .map_or(path.as_str(), |n| n.to_str().unwrap_or(path));
        let mut loader = log.loader(name);
        match File::open(path) {
            Ok(mut f) => loop {
                match f.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => loader.push(&chunk[..n]),
                    Err(e) => {
                        eprintln!("provlens: {path}: cannot read: {e}");
                        break;
                    }
                }
            },
            Err(e) => {
                eprintln!("provlens: {path}: cannot open: {e}");
                continue;
            }
        }
        log.add(loader.finish());
        // Once added: the log tells of duplicates that differ from the event kept.
        let Some(report) = log.files.last() else {
            continue;
        };
        for e in &report.errors {
            eprintln!("provlens: {e}");
        }
        if report.skipped > report.errors.len() as u64 {
            eprintln!(
                "provlens: {name}: {} records skipped in all",
                report.skipped
            );
        }
        if report.differing > 0 {
            eprintln!(
                "provlens: {name}: {} of its {} duplicates differed from the event kept",
                report.differing, report.duplicates
            );
        }
    }
    // What a CSV download's files still lack is known once all are added.
    for f in &log.files {
        if let Some(missing) = &f.missing {
            eprintln!("provlens: {}: {missing}", f.name);
        }
    }
    Ok(log)
}

/// True when no file gave anything: no event, job status or CSV part.
fn nothing_read(log: &Log) -> bool {
    log.files.iter().all(|f| f.failed())
}

fn summary(log: &Log, as_json: bool) -> Result<(), Failure> {
    let s = Summary::of(log);
    let mut out = io::stdout().lock();
    if as_json {
        let files: Vec<_> = log
            .files
            .iter()
            .map(|f| {
                json!({
                    "name": f.name, "format": f.format,
                    // A steps or properties file's duplicates are steps or properties.
                    "events": f.events.saturating_sub(f.duplicates),
                    "duplicates": f.duplicates, "differing": f.differing, "parts": f.parts,
                    "skipped": f.skipped,
                    "first_error": f.first_error().map(ToString::to_string),
                    "missing": f.missing,
                })
            })
            .collect();
        let mut value = serde_json::to_value(&s).map_err(io::Error::other)?;
        value["files"] = json!(files);
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&value).map_err(io::Error::other)?
        )?;
        return Ok(());
    }
    writeln!(out, "{:<22}{}", "events", s.events)?;
    writeln!(out, "{:<22}{}", "identities", s.identities)?;
    for (status, n) in &s.by_status {
        writeln!(out, "  {status:<20}{n}")?;
    }
    for (action, n) in &s.by_action {
        writeln!(out, "  {action:<20}{n}")?;
    }
    writeln!(out, "{:<22}{}", "duplicates", s.duplicates)?;
    writeln!(out, "{:<22}{}", "skipped", s.skipped)?;
    let time =
        |t: Option<provlens_core::Timestamp>| t.map_or_else(|| "-".to_string(), |t| t.to_string());
    writeln!(out, "{:<22}{}", "first", time(s.first))?;
    writeln!(out, "{:<22}{}", "last", time(s.last))?;
    writeln!(
        out,
        "\n{:<40} {:<26} {:>8} {:>8} {:>8}",
        "file", "format", "events", "dupes", "skipped"
    )?;
    for f in &log.files {
        writeln!(
            out,
            "{:<40} {:<26} {:>8} {:>8} {:>8}",
            f.name,
            f.format.id(),
            f.events.saturating_sub(f.duplicates),
            f.duplicates,
            f.skipped
        )?;
    }
    Ok(())
}

fn timeline(log: &Log, text: &str, as_json: bool) -> Result<(), Failure> {
    let found = timeline::find_identity(log, text).and_then(|key| timeline::timeline(log, &key));
    let mut out = io::stdout().lock();
    match (found, as_json) {
        (Some(t), true) => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&timeline_json(&t)).map_err(io::Error::other)?
        )?,
        (None, true) => {
            let v = json!({ "identity": null, "search": text, "changes": [], "verdict": verdict_json(&Verdict::not_found(text)) });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).map_err(io::Error::other)?
            )?;
        }
        (Some(t), false) => print_timeline(&mut out, &t)?,
        (None, false) => {
            let v = Verdict::not_found(text);
            writeln!(
                out,
                "NOT FOUND  {}\nNext: {}",
                v.reason,
                v.next_step.unwrap_or_default()
            )?;
        }
    }
    Ok(())
}

/// Writes a generated log file (for tests, benchmarks and the demo); with `--format
/// portal-csv`, `--out` is a prefix of the three files' names.
fn generate(options: &[(String, String)]) -> Result<(), Failure> {
    let get = |name: &str| {
        options
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let number = |name: &str, default: u64| -> Result<u64, Failure> {
        get(name).map_or(Ok(default), |v| {
            v.parse()
                .map_err(|_| Failure::Usage(format!("--{name} wants a number, not {v}")))
        })
    };
    let format = match get("format") {
        None => generate::GenFormat::PortalJson,
        Some(name) => generate::GenFormat::parse(name).ok_or_else(|| {
            let names: Vec<&str> = generate::GenFormat::ALL.iter().map(|f| f.name()).collect();
            Failure::Usage(format!("unknown --format {name} ({})", names.join(", ")))
        })?,
    };
    let records = number("records", 1000)?;
    let opts = generate::GenerateOptions {
        format,
        records,
        seed: number("seed", 1)?,
        users: number("users", (records / 6).max(1))?,
        gzip: get("gzip").is_some(),
        utf16: get("utf16").is_some(),
        lean: get("lean").is_some(),
    };
    let out = get("out").ok_or_else(|| Failure::Usage("generate needs --out FILE".into()))?;
    let gz = if opts.gzip && format.files().len() > 1 {
        ".gz"
    } else {
        ""
    };
    let names: Vec<String> = format
        .files()
        .iter()
        .map(|suffix| format!("{out}{suffix}{gz}"))
        .collect();
    let mut files = names
        .iter()
        .map(|name| Ok(io::BufWriter::with_capacity(1 << 20, File::create(name)?)))
        .collect::<io::Result<Vec<_>>>()?;
    let mut outs: Vec<&mut dyn Write> = files.iter_mut().map(|f| f as &mut dyn Write).collect();
    let written = generate::generate(&mut outs, &opts)?;
    for mut file in files {
        file.flush()?;
    }
    eprintln!("provlens: wrote {written} records to {}", names.join(", "));
    Ok(())
}

/// Times loading the files (hidden: for `make bench`).
fn bench(args: &Args) -> Result<(), Failure> {
    if args.files.is_empty() {
        return Err(Failure::Usage("no files given".into()));
    }
    let runs = match args.options.iter().rev().find(|(k, _)| k == "runs") {
        Some((_, n)) => n
            .parse()
            .map_err(|_| Failure::Usage(format!("--runs wants a number, not {n}")))?,
        None => 3,
    };
    bench::bench(&args.files, runs)?;
    if args.options.iter().any(|(k, _)| k == "queries") {
        bench::queries(&args.files)?;
    }
    Ok(())
}

fn verdict_json(v: &Verdict) -> serde_json::Value {
    json!({ "verdict": v.kind.as_str(), "reason": v.reason, "next_step": v.next_step, "error_code": v.error_code, "since": v.since })
}

fn timeline_json(t: &Timeline) -> serde_json::Value {
    let changes: Vec<_> = t
        .changes
        .iter()
        .map(|c| {
            let steps: Vec<_> = c
                .steps
                .iter()
                .map(|s| json!({ "kind": s.kind, "status": s.status, "name": s.name, "description": s.description }))
                .collect();
            json!({
                "time": c.time, "action": c.action, "status": c.status, "error_code": c.error_code,
                "cycle_id": c.cycle_id, "change_id": c.change_id, "steps": steps,
            })
        })
        .collect();
    let apps: Vec<_> = t
        .apps
        .iter()
        .map(|a| json!({ "app": a.app, "job_id": a.job_id, "verdict": verdict_json(&a.verdict) }))
        .collect();
    json!({
        "identity": t.identity, "label": t.label, "changes": changes,
        "apps": apps, "verdict": verdict_json(&t.verdict),
    })
}

fn print_timeline(out: &mut impl Write, t: &Timeline) -> io::Result<()> {
    writeln!(out, "{}  ({})", t.label, t.identity)?;
    writeln!(
        out,
        "{}  {}",
        t.verdict.kind.label().to_uppercase(),
        t.verdict.reason
    )?;
    if let Some(next) = &t.verdict.next_step {
        writeln!(out, "Next: {next}")?;
    }
    if t.apps.len() > 1 {
        for a in &t.apps {
            writeln!(out, "  {:<28} {}", a.app, a.verdict.kind.label())?;
        }
    }
    for c in &t.changes {
        let time = c.time.map_or_else(|| "-".to_string(), |t| t.to_string());
        let code = c.error_code.as_deref().unwrap_or("");
        writeln!(
            out,
            "\n{time}  {:<12} {:<8} {code}",
            c.action.label(),
            c.status.label()
        )?;
        for s in &c.steps {
            writeln!(
                out,
                "    {:<11} {:<8} {}",
                s.kind.label(),
                s.status.label(),
                s.description
            )?;
        }
    }
    Ok(())
}
