//! What became of every file: events loaded, duplicates merged, records skipped, and the
//! first problem in words that name the file and the place. Appears once loading ends.
//!
//! Every file is one compact chip, so a batch of files fits a line or two whatever went
//! wrong; the problems are listed beneath, open when there is one, folded behind a count when
//! there are several, so broken files never push the good ones out of sight.

use provlens_core::session::Overview;
use provlens_core::FileReport;
use yew::prelude::*;

use super::values::{plain, text};

use crate::display::{count, plural};
use crate::shared::Shared;

/// Props of [`LoadReport`].
#[derive(Properties, PartialEq)]
pub struct LoadReportProps {
    /// The log loaded so far: its files and numbers.
    pub overview: Shared<Overview>,
}

/// The files strip: totals, one chip per file, then the problems.
#[component]
pub fn LoadReport(props: &LoadReportProps) -> Html {
    let log = &props.overview;
    let files = log.files.len();
    let duplicates = log.summary.duplicates;
    let skipped = log.summary.skipped;
    let events = log.summary.events;
    let mut totals = vec![
        plural(files as u64, "file", "files"),
        plural(events, "event loaded", "events loaded"),
    ];
    if duplicates > 0 {
        totals.push(plural(duplicates, "duplicate merged", "duplicates merged"));
    }
    if skipped > 0 {
        totals.push(plural(skipped, "record skipped", "records skipped"));
    }
    let troubled: Vec<&FileReport> = log
        .files
        .iter()
        .filter(|f| f.first_error().is_some())
        .collect();
    let failed = troubled.iter().filter(|f| f.failed()).count();
    html! {
        <section class="load-report" data-testid="load-report" aria-label="Files loaded"
            data-events={events.to_string()} data-skipped={skipped.to_string()}>
            <div class="load-line">
                <span class="load-totals num">{totals.join(" · ")}</span>
                <ul class="file-list">
                    { for log.files.iter().map(file_chip) }
                </ul>
            </div>
            if !troubled.is_empty() {
                <details class={classes!("load-problems", (failed > 0).then_some("has-failed"))} open={troubled.len() == 1}>
                    <summary>
                        <span class="problems-glyph" aria-hidden="true">{if failed > 0 { "✗" } else { "⚠" }}</span>
                        {problems_summary(troubled.len(), failed)}
                        <span class="problems-toggle muted">{" — what went wrong"}</span>
                    </summary>
                    <ul class="problem-list">
                        { for troubled.iter().map(|f| problem(f)) }
                    </ul>
                </details>
            }
        </section>
    }
}

/// "1 file could not be read", "4 files had problems (2 could not be read)".
fn problems_summary(troubled: usize, failed: usize) -> String {
    match (troubled, failed) {
        (1, 1) => "1 file could not be read".to_string(),
        (1, _) => "1 file had a problem".to_string(),
        (n, 0) => format!("{} files had problems", count(n as u64)),
        (n, f) if f == n => format!("{} files could not be read", count(n as u64)),
        (n, f) => format!(
            "{} files had problems ({} could not be read)",
            count(n as u64),
            count(f as u64)
        ),
    }
}

/// One file's first problem, spelled out (the message names the file and the place).
fn problem(report: &FileReport) -> Html {
    let Some(error) = report.first_error() else {
        return html! {};
    };
    let more = report.errors.len().saturating_sub(1);
    let (state, glyph) = if report.failed() {
        ("failed", "✗")
    } else {
        ("warn", "⚠")
    };
    html! {
        <li class={classes!("problem", state)}>
            <span class="file-glyph" aria-hidden="true">{glyph}</span>
            <span class="file-error">
                {text(&error.to_string())}
                if more > 0 {
                    <span class="muted">{format!(" (and {} more)", count(more as u64))}</span>
                }
            </span>
        </li>
    }
}

/// One file: glyph, name, counts, what it waits for from the other files of its download;
/// the format and the first problem in its tooltip.
fn file_chip(report: &FileReport) -> Html {
    let events = report.events.saturating_sub(report.duplicates);
    // The hook carries the first problem only when the file failed or lost records; any
    // other note (junk between records) is still shown.
    let error = report.first_error().map(ToString::to_string);
    let hook_error = error
        .clone()
        .filter(|_| report.failed() || report.skipped > 0);
    let (state, glyph) = if report.failed() {
        ("failed", "✗")
    } else if error.is_some() || report.missing.is_some() {
        ("warn", "⚠")
    } else {
        ("ok", "✓")
    };
    let mut meta = vec![plural(events, "event", "events")];
    if report.duplicates > 0 {
        meta.push(plural(
            report.duplicates,
            "duplicate merged",
            "duplicates merged",
        ));
    }
    if report.jobs > 0 {
        meta.push(plural(report.jobs, "job status", "job statuses"));
    }
    // Steps and properties of a CSV download: joined, or waiting for their events (the
    // sentence says which file to drop).
    if report.parts > 0 && report.missing.is_none() {
        meta.push(plural(
            report.parts,
            "row joined to its event",
            "rows joined to their events",
        ));
    }
    if report.skipped > report.set_aside {
        meta.push(plural(
            report.skipped - report.set_aside,
            "skipped",
            "skipped",
        ));
    }
    if report.set_aside > 0 {
        meta.push(plural(
            report.set_aside,
            "set aside (other logs)",
            "set aside (other logs)",
        ));
    }
    // The chip's tooltip: the format, and the problem (spelled out in the list below).
    let title = match &error {
        Some(error) => format!("{}\n{}", report.format.label(), plain(error)),
        None => report.format.label().to_string(),
    };
    html! {
        <li class={classes!("file-report", state)} data-testid="file-report" data-file={report.name.clone()}
            data-format={report.format.id()} data-events={events.to_string()} data-skipped={report.skipped.to_string()}
            data-error={hook_error} {title}>
            <span class="file-glyph" aria-hidden="true">{glyph}</span>
            <span class="file-name">{text(&report.name)}</span>
            <span class="file-meta num">{meta.join(" · ")}</span>
            if let Some(missing) = &report.missing {
                <span class="file-missing">{text(missing)}</span>
            }
        </li>
    }
}
