//! What became of every file: events loaded, duplicates merged, records skipped, and the
//! first problem in words that name the file and the place. Appears once loading ends.

use provlens_core::{FileReport, Log};
use yew::prelude::*;

use crate::display::{count, plural};
use crate::shared::Shared;

/// Props of [`LoadReport`].
#[derive(Properties, PartialEq)]
pub struct LoadReportProps {
    /// The log loaded so far.
    pub log: Shared<Log>,
}

/// The files strip: totals, then one chip per file.
#[component]
pub fn LoadReport(props: &LoadReportProps) -> Html {
    let log = &props.log;
    let files = log.files.len();
    let duplicates = log.duplicates();
    let skipped = log.skipped();
    let mut totals = vec![
        plural(files as u64, "file", "files"),
        plural(log.events.len() as u64, "event loaded", "events loaded"),
    ];
    if duplicates > 0 {
        totals.push(plural(duplicates, "duplicate merged", "duplicates merged"));
    }
    if skipped > 0 {
        totals.push(plural(skipped, "record skipped", "records skipped"));
    }
    html! {
        <section class="load-report" data-testid="load-report" aria-label="Files loaded"
            data-events={log.events.len().to_string()} data-skipped={skipped.to_string()}>
            <span class="load-totals num">{totals.join(" · ")}</span>
            <ul class="file-list">
                { for log.files.iter().map(file_chip) }
            </ul>
        </section>
    }
}

/// One file: name, format, counts; its first problem spelled out when it has one.
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
    } else if error.is_some() {
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
    let more = report.errors.len().saturating_sub(1);
    html! {
        <li class={classes!("file-report", state)} data-testid="file-report" data-file={report.name.clone()}
            data-format={report.format.id()} data-events={events.to_string()} data-skipped={report.skipped.to_string()}
            data-error={hook_error} title={report.format.label()}>
            <span class="file-glyph" aria-hidden="true">{glyph}</span>
            <span class="file-name">{&report.name}</span>
            <span class="file-meta num">{meta.join(" · ")}</span>
            if let Some(error) = error {
                <p class="file-error">
                    {error}
                    if more > 0 {
                        <span class="muted">{format!(" (and {} more)", count(more as u64))}</span>
                    }
                </p>
            }
        </li>
    }
}
